import type { IExecuteSingleFunctions } from 'n8n-workflow';

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

const limiters = new Map<string, Limiter>();

export function uploadLimiter(ctx: IExecuteSingleFunctions, provider: string, cap: number): Limiter {
	const slots = Math.max(1, Math.floor(cap));
	// Credentials are named by type and id, never by their contents.
	const account = Object.entries(ctx.getNode().credentials ?? {})
		.map(([type, credential]) => `${type}:${credential.id ?? credential.name}`)
		.join(',');
	const key = `${provider}|${account}|${slots}`;
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new Limiter(slots);
		limiters.set(key, limiter);
	}
	return limiter;
}
