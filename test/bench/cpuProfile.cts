import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** V8's .cpuprofile (`node --cpu-prof`), the parts read here. */
interface CpuProfile {
	nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
	/** Microseconds on the monotonic clock (the one process.hrtime reads). */
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

/**
 * A --require hook for the profiled process: it notes the wall clock and the monotonic
 * clock at one moment, so that a span n8n reports in epoch milliseconds (a node's
 * startTime and executionTime) can be found among the profile's samples.
 */
export const CLOCK_HOOK = `require('node:fs').writeFileSync(require('node:path').join(process.env.CPU_CLOCK_DIR, 'clock-' + process.pid + '.json'), JSON.stringify({ epochMs: Date.now(), monotonicUs: Number(process.hrtime.bigint() / 1000n) }));`;

export interface EpochSpan {
	startMs: number;
	endMs: number;
}

/** Where a sample's own time is counted: by the script it ran in. */
export const CPU_CATEGORIES = [
	'garbage collection',
	'our node (package code)',
	'request layer (axios, follow-redirects)',
	'Node streams',
	'Node file system',
	'Node network and HTTP',
	'n8n-core and n8n',
	'other Node internals',
	'other (native, program)',
	'idle',
] as const;
export type CpuCategory = (typeof CPU_CATEGORIES)[number];

function categoryOf({ functionName, url }: { functionName: string; url: string }): CpuCategory {
	if (functionName === '(garbage collector)') return 'garbage collection';
	if (functionName === '(idle)') return 'idle';
	// Native bindings have no script: the file store's reads, the socket's writes.
	if (url === '' && functionName === 'read') return 'Node file system';
	if (url === '' && /^write(Buffer|v|Utf8String|Latin1String)$/.test(functionName)) return 'Node network and HTTP';
	if (/n8n-nodes-(karbon|hubspot|kintone|highlevel)-files/.test(url)) return 'our node (package code)';
	if (/node_modules\/(axios|follow-redirects|proxy-from-env)\//.test(url)) return 'request layer (axios, follow-redirects)';
	if (/^node:internal\/(streams|webstreams)\/|^node:stream/.test(url)) return 'Node streams';
	if (/^node:(internal\/)?fs/.test(url)) return 'Node file system';
	if (/^node:(internal\/)?(net|http|_http|https|dns|tls|stream_base_commons)/.test(url)) return 'Node network and HTTP';
	if (/node_modules\/(n8n|n8n-core|@n8n)[/-]/.test(url)) return 'n8n-core and n8n';
	if (url.startsWith('node:')) return 'other Node internals';
	return 'other (native, program)';
}

/** A frame's own time (ms) in one profile, within one span: what both summaries below read. */
export type OwnTime = Map<{ functionName: string; url: string }, number>;

/** Milliseconds of own time per category. */
export function cpuTimeByCategory(ownTime: OwnTime): Record<CpuCategory, number> {
	const totals = Object.fromEntries(CPU_CATEGORIES.map((category) => [category, 0])) as Record<CpuCategory, number>;
	for (const [frame, ms] of ownTime) totals[categoryOf(frame)] += ms;
	return totals;
}

/** The functions with the most own time (ms), for a look at one category. */
export function topFunctions(ownTime: OwnTime, count: number): Array<[string, number]> {
	const byName = new Map<string, number>();
	for (const [{ functionName, url }, ms] of ownTime) {
		const name = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '')}`;
		byName.set(name, (byName.get(name) ?? 0) + ms);
	}
	return [...byName].sort((a, b) => b[1] - a[1]).slice(0, count);
}

/**
 * The own time of each frame of the main process's profile in a --cpu-prof-dir, within
 * `span` (epoch ms): the clock file the hook wrote for that process maps it onto the samples.
 * n8n may start helpers (a task runner) that write profiles of their own; the one with the
 * most samples is `n8n execute` itself.
 */
export function ownTimeInMainProfile(dir: string, span: EpochSpan): OwnTime {
	const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
	if (files.length === 0) throw new Error(`No .cpuprofile in ${dir}`);
	const [{ file, profile }] = files
		.map((name) => ({ file: name, profile: JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as CpuProfile }))
		.sort((a, b) => b.profile.samples.length - a.profile.samples.length);
	const pid = /\.(\d+)\.\d+\.\d+\.cpuprofile$/.exec(file)?.[1];
	const clock = JSON.parse(readFileSync(path.join(dir, `clock-${pid}.json`), 'utf8')) as { epochMs: number; monotonicUs: number };
	const toMonotonicUs = (epochMs: number) => clock.monotonicUs + (epochMs - clock.epochMs) * 1000;
	const [from, to] = [toMonotonicUs(span.startMs), toMonotonicUs(span.endMs)];
	const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
	const ownTime: OwnTime = new Map();
	let at = profile.startTime;
	profile.samples.forEach((id, index) => {
		const delta = profile.timeDeltas[index] ?? 0;
		at += delta;
		const frame = byId.get(id);
		if (frame && at >= from && at <= to) ownTime.set(frame, (ownTime.get(frame) ?? 0) + delta / 1000);
	});
	return ownTime;
}
