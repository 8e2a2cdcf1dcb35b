import type { IExecuteSingleFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/** A provider's published request rate: at most `requests` in any `intervalMs` (a rolling window). */
export interface RateLimit {
	requests: number;
	intervalMs: number;
}

/** What a provider's answer says of the account's quota (e.g. HubSpot's X-HubSpot-RateLimit-* headers). */
export interface Quota {
	max?: number;
	remaining?: number;
	intervalMs?: number;
}

/**
 * RoutingNode starts every item's request at once: 300 items are 300 simultaneous uploads.
 * One limiter per provider, credential and cap keeps the uploads in flight at or under the
 * node's cap, across all runs of this n8n process that use the same account (two overlapping
 * nightly syncs share it). It lives in module scope, so it holds per process: in queue mode
 * each worker applies the cap on its own, and an account sees at most cap × workers.
 */
class Limiter {
	private running = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(private readonly cap: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.running >= this.cap) await new Promise<void>((resolve) => this.waiting.push(resolve));
		this.running++;
		try {
			return await task();
		} finally {
			this.running--;
			this.waiting.shift()?.();
		}
	}
}

/**
 * Paces an account's requests to its rate limit instead of reacting to 429s: a request starts
 * only while fewer than the limit were started in the last interval (the rolling window HubSpot
 * and HighLevel count in; for a fixed window it is the safe side). Requests are let through in
 * the order they asked, and each waits at most one interval plus any pause a 429 or an empty
 * quota imposed, so none is held back for ever. Shared, like the limiter, by every run of this
 * process on the account.
 */
export class Pacer {
	/** When the requests of the current window were let through, oldest first. */
	private readonly started: number[] = [];

	private queue: Promise<void> = Promise.resolve();

	private pausedUntil = 0;

	/** Wakes the request waiting for a slot, when a new limit may free one sooner. */
	private wake?: () => void;

	/** The provider's answers name the account's limit (its plan may allow more or less than the published one). */
	private reported?: RateLimit;

	constructor(
		private readonly published: RateLimit,
		/** The user's own cap, never exceeded even when the provider reports more. */
		private readonly cap?: RateLimit,
		private readonly now: () => number = Date.now,
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {}

	/** The account's limit: what the provider reports, else the user's own, else the published one; never above the user's. */
	get limit(): RateLimit {
		const base = this.reported ?? this.cap ?? this.published;
		if (!this.cap || this.cap.requests / this.cap.intervalMs >= base.requests / base.intervalMs) return base;
		return { requests: Math.max(1, Math.floor((this.cap.requests * base.intervalMs) / this.cap.intervalMs)), intervalMs: base.intervalMs };
	}

	/**
	 * The limit spread evenly over windows of about two seconds (4 every 2 s for 120 a minute):
	 * at most r/k in every window of T/k keeps at most r in every window of T, without the
	 * burst a whole minute's quota would allow at once.
	 */
	get pace(): RateLimit {
		const { requests, intervalMs } = this.limit;
		const parts = Math.max(1, Math.min(requests, Math.floor(intervalMs / 2000)));
		return { requests: Math.max(1, Math.floor(requests / parts)), intervalMs: intervalMs / parts };
	}

	/** Resolves when the caller may send; the send is counted from then. */
	async admit(): Promise<void> {
		const turn = this.queue.then(async () => await this.waitForSlot());
		this.queue = turn;
		await turn;
	}

	private async waitForSlot(): Promise<void> {
		for (;;) {
			const { requests, intervalMs } = this.pace;
			// A request is counted by the provider when it arrives, a little after it was let
			// through here: a slot is reused only once the old one is surely out of the window.
			// A twentieth of the window (at least 100 ms) covers requests that reach the provider
			// unevenly, e.g. ten let through at once but sent one after another.
			const margin = Math.min(500, Math.max(100, intervalMs * 0.05));
			const now = this.now();
			while (this.started.length > 0 && this.started[0] + intervalMs + margin <= now) this.started.shift();
			const windowFull = this.started.length >= requests;
			const until = Math.max(this.pausedUntil, windowFull ? this.started[this.started.length - requests] + intervalMs + margin : 0);
			if (until <= now) {
				this.started.push(now);
				return;
			}
			await Promise.race([this.wait(until - now), new Promise<void>((resolve) => (this.wake = resolve))]);
			this.wake = undefined;
		}
	}

	/** Learns from an answer: the limit the provider reports, and an empty quota (someone else used it). */
	learn(quota: Quota): void {
		if (quota.max && quota.max > 0 && quota.intervalMs && quota.intervalMs > 0) {
			const changed = this.reported?.requests !== quota.max || this.reported?.intervalMs !== quota.intervalMs;
			this.reported = { requests: quota.max, intervalMs: quota.intervalMs };
			// A request waiting under the old limit may go now.
			if (changed) this.wake?.();
		}
		if (quota.remaining !== undefined && quota.remaining <= 0) {
			const { requests, intervalMs } = this.pace;
			// Our own requests explain it at full pace (the provider counts arrivals, a little after
			// our starts), and waitForSlot already waits for that. Well under the pace, other
			// clients of the account used the quota: wait one window for it to refill.
			if (this.started.filter((at) => at > this.now() - intervalMs).length < requests / 2) this.pause(intervalMs / 1000);
		}
	}

	/** Holds every request of the account, e.g. for the wait a 429 asks. */
	pause(seconds: number): void {
		if (Number.isFinite(seconds) && seconds > 0) this.pausedUntil = Math.max(this.pausedUntil, this.now() + seconds * 1000);
	}
}

/** What an upload or a follow-up call of one account goes through: its cap on requests in flight, and its pace. */
export interface AccountThrottle {
	run<T>(task: () => Promise<T>): Promise<T>;
	pacer?: Pacer;
}

const limiters = new Map<string, Limiter>();
const pacers = new Map<string, Pacer>();

/** Credentials are named by type and id, never by their contents. */
function accountOf(ctx: IExecuteSingleFunctions): string {
	return Object.entries(ctx.getNode().credentials ?? {})
		.map(([type, credential]) => `${type}:${credential.id ?? credential.name}`)
		.join(',');
}

export function accountThrottle(
	ctx: IExecuteSingleFunctions,
	provider: string,
	cap: number,
	pace?: { published: RateLimit; cap?: RateLimit },
): AccountThrottle {
	const slots = Math.max(1, Math.floor(cap));
	const account = accountOf(ctx);
	const limiterKey = `${provider}|${account}|${slots}`;
	let limiter = limiters.get(limiterKey);
	if (!limiter) {
		limiter = new Limiter(slots);
		limiters.set(limiterKey, limiter);
	}
	if (!pace) return { run: async (task) => await limiter.run(task) };
	const pacerKey = `${provider}|${account}|${pace.cap ? `${pace.cap.requests}/${pace.cap.intervalMs}` : 'published'}`;
	let pacer = pacers.get(pacerKey);
	if (!pacer) {
		pacer = new Pacer(pace.published, pace.cap);
		pacers.set(pacerKey, pacer);
	}
	const paced = pacer;
	return {
		pacer: paced,
		// The slot first, then the pace: a request is counted when it really starts.
		run: async (task) =>
			await limiter.run(async () => {
				await paced.admit();
				return await task();
			}),
	};
}

/** Reads a quota from headers named `<prefix>max`, `<prefix>remaining` and `<prefix>interval-milliseconds`. */
export function quotaFromHeaders(prefix: string): (headers: Record<string, unknown>) => Quota {
	return (headers) => {
		const read = (name: string) => {
			const header = headers[`${prefix}${name}`];
			// An empty header says nothing: Number('') and Number(null) are 0, "no request left".
			if (typeof header !== 'number' && (typeof header !== 'string' || header.trim() === '')) return undefined;
			const value = Number(header);
			return Number.isFinite(value) ? value : undefined;
		};
		return { max: read('max'), remaining: read('remaining'), intervalMs: read('interval-milliseconds') };
	};
}
