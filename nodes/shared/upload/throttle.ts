import type { IExecuteSingleFunctions } from 'n8n-workflow';

/**
 * RoutingNode starts every item's request at once: 300 items are 300 simultaneous uploads.
 * A limiter per node run (keyed by the run's execute data, which all its items share) keeps
 * the uploads in flight at or under the node's cap. It holds per n8n process: in queue mode,
 * each worker running the node applies its own cap.
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

const limiters = new WeakMap<object, Limiter>();

export function uploadLimiter(ctx: IExecuteSingleFunctions, cap: number): Limiter {
	const key = ctx.getExecuteData();
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new Limiter(Math.max(1, Math.floor(cap)));
		limiters.set(key, limiter);
	}
	return limiter;
}
