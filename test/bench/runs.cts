import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { N8nInstance, N8N_HOME, PACKAGE_ROOT, parseRunOutput } from '../e2e/n8n.cjs';

/** What the benchmarks share: running a workflow with `n8n execute` and measuring it. */
const N8N_BIN = path.join(N8N_HOME, 'node_modules', 'n8n', 'bin', 'n8n');

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** How often executeMeasured reads the n8n process's RSS. */
export const RSS_SAMPLE_MS = 20;

export interface Measure {
	seconds: number;
	peakRssMb: number;
	/** Peak RSS while the measured node ran, minus the RSS just before it started. */
	nodeGrowthMb: number;
	/** The node's own run, in epoch ms (n8n's startTime and executionTime). */
	nodeSpan: { startMs: number; endMs: number };
}

/** "+12 MB", "-8 MB": a difference of two RSS figures. */
export const signedMb = (mb: number) => `${mb < 0 ? '-' : '+'}${Math.abs(mb).toFixed(0)} MB`;

/**
 * The RSS samples' growth within the node's own run (n8n's startTime and executionTime, in
 * epoch ms): what the node itself needed, whatever earlier nodes left behind in the process.
 */
function growthDuring(samples: Array<[number, number]>, startMs: number, endMs: number): number {
	const before = samples.filter(([at]) => at <= startMs).at(-1) ?? samples[0];
	if (!before) return 0;
	const during = samples.filter(([at]) => at >= startMs && at <= endMs).map(([, kb]) => kb);
	return (Math.max(before[1], ...during) - before[1]) / 1024;
}

/** `n8n execute`, polling the process's RSS; the node's own time from the run data. */
export async function executeMeasured(n8n: N8nInstance, workflowId: string, nodeName: string, extraEnv: Record<string, string> = {}): Promise<Measure> {
	const env = { ...(await n8n.baseEnv()), ...extraEnv };
	const out = path.join(n8n.root, `bench-${process.hrtime.bigint()}.out`);
	const fd = openSync(out, 'w');
	const child = spawn(process.execPath, [N8N_BIN, 'execute', `--id=${workflowId}`, '--rawOutput'], { env, cwd: n8n.root, stdio: ['ignore', fd, 'ignore'] });
	const samples: Array<[number, number]> = [];
	const poll = setInterval(() => {
		try {
			const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
			samples.push([Date.now(), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)]);
		} catch {
			// exited
		}
	}, RSS_SAMPLE_MS);
	await new Promise((resolve) => child.once('exit', resolve));
	clearInterval(poll);
	closeSync(fd);
	const text = readFileSync(out, 'utf8');
	const result = parseRunOutput<{ data: { resultData: { runData: Record<string, Array<{ startTime: number; executionTime: number; error?: unknown }>> } } }>(text);
	const nodeRun = result.data.resultData.runData[nodeName]?.[0];
	if (!nodeRun || nodeRun.error) throw new Error(`${workflowId}: ${nodeName} failed: ${JSON.stringify(nodeRun?.error ?? 'no run')}`);
	const nodeSpan = { startMs: nodeRun.startTime, endMs: nodeRun.startTime + nodeRun.executionTime };
	const nodeGrowthMb = growthDuring(samples, nodeSpan.startMs, nodeSpan.endMs);
	const peakKb = samples.reduce((peak, [, kb]) => Math.max(peak, kb), 0);
	return { seconds: nodeRun.executionTime / 1000, peakRssMb: peakKb / 1024, nodeGrowthMb, nodeSpan };
}

export function workflow(id: string, filesGlob: string, node: Record<string, unknown> | undefined) {
	const nodes: Array<Record<string, unknown>> = [
		{ id: 't', name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'r', name: 'Read', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1, position: [200, 0], parameters: { operation: 'read', fileSelector: filesGlob, options: {} } },
	];
	const connections: Record<string, unknown> = { Trigger: { main: [[{ node: 'Read', type: 'main', index: 0 }]] } };
	if (node) {
		nodes.push({ id: 'u', name: 'Upload', position: [400, 0], ...node });
		connections.Read = { main: [[{ node: 'Upload', type: 'main', index: 0 }]] };
	}
	return { id, name: id, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

const REPORT = path.join(PACKAGE_ROOT, 'docs', 'benchmarks.md');
const SYNC_SECTION = '## Nightly sync under real-world latency and rate limits';

/**
 * docs/benchmarks.md holds both benchmarks' reports, npm run bench's first and npm run
 * bench:sync's from its heading on: each rewrites its own part and keeps the other's.
 */
export function writeReport(part: 'bench' | 'sync', text: string): void {
	const current = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
	const at = current.indexOf(SYNC_SECTION);
	const bench = (at < 0 ? current : current.slice(0, at)).trimEnd();
	const sync = at < 0 ? '' : current.slice(at).trimEnd();
	const [first, second] = part === 'bench' ? [text.trimEnd(), sync] : [bench, text.trimEnd()];
	writeFileSync(REPORT, `${[first, second].filter(Boolean).join('\n\n')}\n`);
}
