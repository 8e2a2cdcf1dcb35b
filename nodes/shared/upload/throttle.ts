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

/** A provider's concurrency limit as its answers report it, the load of its other clients included. */
export interface SharedLoad {
	/** Requests the provider runs at once for the whole account (a Kintone domain: 100). */
	limit: number;
	/** Requests it was running when it answered, this one and every other client's included. */
	running: number;
}

/** How long an answer's report of the provider's load counts (Limiter.share). */
const LOAD_MEMORY_MS = 1000;

/**
 * RoutingNode starts every item's request at once: 300 items are 300 simultaneous uploads.
 * One limiter per provider, credential and cap keeps the uploads in flight at or under the
 * node's cap, across all runs of this n8n process that use the same account (two overlapping
 * nightly syncs share it). It lives in module scope, so it holds per process: in queue mode
 * each worker applies the cap on its own, and an account sees at most cap × workers.
 *
 * Where the provider reports its own load (see share), the slots follow the room it has left.
 * Requests get their slots in the order they asked: a slot freed or added goes to the oldest
 * waiting one, so none is held back for ever.
 */
export class Limiter {
	private running = 0;

	/** Slots open now: the cap, or fewer while the provider's load says so. */
	private open: number;

	private readonly waiting: Array<() => void> = [];

	/** The other clients' requests each recent answer implied, and when it came. */
	private readonly othersSeen: Array<{ at: number; others: number }> = [];

	/** Slots before the provider has reported its load (see share). */
	private readonly first: number;

	constructor(
		private readonly cap: number,
		/** Slots before the provider has reported its load (see share); the cap when it never does. */
		start = cap,
		private readonly now: () => number = Date.now,
	) {
		this.first = Math.min(cap, start);
		this.open = this.first;
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		// A run after a quiet spell (the next night's) knows nothing of the load now.
		const lastReport = this.othersSeen.at(-1)?.at;
		if (this.running === 0 && lastReport !== undefined && lastReport <= this.now() - LOAD_MEMORY_MS) {
			this.othersSeen.length = 0;
			this.open = this.first;
		}
		// Taken here, or by admitWaiting for a waiting request, so a newcomer never jumps the queue.
		if (this.running < this.open && this.waiting.length === 0) this.running++;
		else await new Promise<void>((resolve) => this.waiting.push(resolve));
		try {
			return await task();
		} finally {
			this.running--;
			this.admitWaiting();
		}
	}

	private admitWaiting(): void {
		while (this.waiting.length > 0 && this.running < this.open) {
			this.running++;
			this.waiting.shift()!();
		}
	}

	/**
	 * Follows the provider's load from an answer: its other clients run `running` less ours,
	 * and `reserve` of its limit stays free for them; at least one slot stays open, so a run
	 * always moves on. Answers cross on the way: one counted before the provider had our latest
	 * requests reports fewer than run now, so the busiest of the last second's answers counts.
	 * No load reported: nothing to share, the cap holds.
	 */
	share(load: SharedLoad | undefined, reserve: number): void {
		if (!load) {
			this.othersSeen.length = 0;
			this.open = this.cap;
		} else {
			const now = this.now();
			while (this.othersSeen.length > 0 && this.othersSeen[0].at <= now - LOAD_MEMORY_MS) this.othersSeen.shift();
			this.othersSeen.push({ at: now, others: Math.max(0, load.running - this.running) });
			const others = Math.max(...this.othersSeen.map((seen) => seen.others));
			this.open = Math.max(1, Math.min(this.cap, load.limit - reserve - others));
		}
		this.admitWaiting();
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
	/** Opens or closes slots by the load an answer reports (Limiter.share). */
	share(load: SharedLoad | undefined, reserve: number): void;
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
	/** Slots open before the provider reports its load (for a provider whose answers do). */
	startSlots?: number,
): AccountThrottle {
	const slots = Math.max(1, Math.floor(cap));
	const account = accountOf(ctx);
	const limiterKey = `${provider}|${account}|${slots}`;
	let limiter = limiters.get(limiterKey);
	if (!limiter) {
		limiter = new Limiter(slots, startSlots);
		limiters.set(limiterKey, limiter);
	}
	const share = (load: SharedLoad | undefined, reserve: number) => limiter.share(load, reserve);
	if (!pace) return { run: async (task) => await limiter.run(task), share };
	const pacerKey = `${provider}|${account}|${pace.cap ? `${pace.cap.requests}/${pace.cap.intervalMs}` : 'published'}`;
	let pacer = pacers.get(pacerKey);
	if (!pacer) {
		pacer = new Pacer(pace.published, pace.cap);
		pacers.set(pacerKey, pacer);
	}
	const paced = pacer;
	return {
		pacer: paced,
		share,
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
