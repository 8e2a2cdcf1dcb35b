import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { EpochSpan } from './cpuProfile.cjs';

/**
 * V8's collections in an `n8n execute` process, recorded by a `--require` hook through
 * perf_hooks (each collection's kind, start and duration), so that each round of a benchmark
 * can say how much of the node's own time went to collecting garbage, without a profiler
 * slowing the round down. Each Node process the hook loads into writes `gc-<pid>.json` to
 * GC_TRACE_DIR when it exits.
 */
export const GC_HOOK = `const { PerformanceObserver, performance } = require('node:perf_hooks');
const seen = [];
new PerformanceObserver((list) => {
	for (const entry of list.getEntries()) seen.push([performance.timeOrigin + entry.startTime, entry.duration, entry.detail ? entry.detail.kind : entry.kind]);
}).observe({ entryTypes: ['gc'] });
process.on('exit', () => require('node:fs').writeFileSync(require('node:path').join(process.env.GC_TRACE_DIR, 'gc-' + process.pid + '.json'), JSON.stringify(seen)));`;

/** perf_hooks' kinds (NODE_PERFORMANCE_GC_*) reported: young (scavenge), full (mark-compact), incremental marking steps. */
const KIND_NAMES: Record<number, keyof GcTotals> = { 1: 'young', 4: 'full', 8: 'incremental' };

export interface GcTotals {
	young: { count: number; ms: number };
	full: { count: number; ms: number };
	incremental: { count: number; ms: number };
}

/** The collections that started within the span, in the process that had the most of them (n8n's main one). */
export function gcDuring(dir: string, span: EpochSpan): GcTotals {
	const traces = readdirSync(dir)
		.filter((name) => /^gc-\d+\.json$/.test(name))
		.map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Array<[number, number, number]>)
		.map((entries) => entries.filter(([startMs]) => startMs >= span.startMs && startMs <= span.endMs))
		.sort((a, b) => b.length - a.length);
	const totals: GcTotals = { young: { count: 0, ms: 0 }, full: { count: 0, ms: 0 }, incremental: { count: 0, ms: 0 } };
	for (const [, ms, kind] of traces[0] ?? []) {
		const name = KIND_NAMES[kind];
		if (!name) continue;
		totals[name].count++;
		totals[name].ms += ms;
	}
	return totals;
}

/** "12 young 31 ms, 1 full 40 ms": a round's collections in a table cell. */
export function gcCell({ young, full, incremental }: GcTotals): string {
	const parts = [`${young.count} young ${young.ms.toFixed(0)} ms`, `${full.count} full ${full.ms.toFixed(0)} ms`];
	if (incremental.count) parts.push(`${incremental.count} incremental ${incremental.ms.toFixed(0)} ms`);
	return parts.join(', ');
}
