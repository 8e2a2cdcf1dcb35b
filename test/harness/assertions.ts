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

/** Everything the run recorded, as text: to prove a secret appears nowhere in it. */
export function serialiseRun(run: NodeRun): string {
	const error = run.error as (Error & Record<string, unknown>) | undefined;
	return JSON.stringify({
		data: run.run.data,
		output: run.output,
		error: error && { ...error, message: error.message, description: error.description, stack: error.stack },
	});
}
