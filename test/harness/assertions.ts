import { createHash } from 'node:crypto';

import type { NodeRun } from '../harness/engine.cjs';

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Deterministic bytes that are not all the same, so a shifted or truncated copy shows. */
export function patternBytes(length: number, seed = 1): Buffer {
	const bytes = Buffer.alloc(length);
	let state = seed;
	for (let i = 0; i < length; i++) {
		state = (state * 1103515245 + 12345) & 0x7fffffff;
		bytes[i] = state >> 16;
	}
	return bytes;
}

/**
 * Everything n8n keeps of a run, as text: to prove a secret appears nowhere in it. The whole
 * run data as n8n stores the execution (JSON, each error through its own toJSON, which keeps
 * `context` and `cause`), the output items, and the error the run stopped with as n8n logs
 * it: its stack and every cause in its chain, with all their own properties.
 */
export function serialiseRun(run: NodeRun): string {
	const seen = new WeakSet<object>();
	const expandErrors = (_key: string, value: unknown) => {
		if (!value || typeof value !== 'object') return value;
		if (seen.has(value)) return '[seen]';
		seen.add(value);
		if (!(value instanceof Error)) return value;
		const own = Object.fromEntries(Object.getOwnPropertyNames(value).map((name) => [name, (value as unknown as Record<string, unknown>)[name]]));
		return { ...own, toJSON: (value as { toJSON?: () => unknown }).toJSON?.call(value) };
	};
	return [JSON.stringify({ run: run.run, output: run.output }), JSON.stringify({ thrown: run.error }, expandErrors)].join('\n');
}
