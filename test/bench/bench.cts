import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { patternBytes } from '../harness/assertions';
import { runStreamProbe, type FullGcs } from '../harness/streamProbe.cjs';
import { e2eLog, ensureN8n, N8nInstance, packPackages } from '../e2e/n8n.cjs';
import { CountingSink } from './countingSink.cjs';
import { CLOCK_HOOK, CPU_CATEGORIES, cpuTimeByCategory, ownTimeInMainProfile, topFunctions } from './cpuProfile.cjs';
import { GC_HOOK, gcCell, gcDuring, type GcTotals } from './gcTrace.cjs';
import { executeMeasured, median, RSS_SAMPLE_MS, signedMb, workflow, writeReport, type Measure } from './runs.cjs';
import { hubSpotSandbox, HUBSPOT_TOKEN } from '../sandboxes/hubspot.cjs';
import { karbonSandbox, KARBON_CREDENTIALS } from '../sandboxes/karbon.cjs';
import { kintoneSandbox, KINTONE_TOKENS } from '../sandboxes/kintone.cjs';
import type { Sandbox } from '../sandboxes/sandbox.cjs';

/**
 * npm run bench: curl, n8n's HTTP Request node and this package's nodes, uploading the same
 * files to the same local sinks from the same real n8n, alternating, several rounds. Figures
 * are medians and ratios from this one run; docs/benchmarks.md gets the report.
 */
const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** curl's wall time for Karbon's upload of one file to a sink (the counting sink ignores its headers and fields). */
async function curlSeconds(file: string, baseUrl: string): Promise<number> {
	const started = process.hrtime.bigint();
	await run('curl', ['-s', '-o', '/dev/null', '-F', `file=@${file};type=application/pdf`, '-F', 'workitem_keys=RXq4mD62PXg', '-H', `Authorization: Bearer ${KARBON_CREDENTIALS.accessToken}`, '-H', `AccessKey: ${KARBON_CREDENTIALS.accessKeySecret}`, `${baseUrl}/v3/Files`]);
	return Number(process.hrtime.bigint() - started) / 1e9;
}
const SIZES = [
	{ label: '1 MB', bytes: 1024 * 1024 },
	{ label: '50 MB', bytes: 50 * 1024 * 1024 },
	{ label: '200 MB', bytes: 200 * 1024 * 1024 },
];

async function main() {
	await ensureN8n(e2eLog);
	const sinks = { karbon: karbonSandbox(), hubSpot: hubSpotSandbox(), kintone: kintoneSandbox() };
	await Promise.all(Object.values(sinks).map(async (sink: Sandbox) => await sink.start()));
	const counting = new CountingSink();
	await counting.start();
	const n8n = new N8nInstance({ N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' });
	try {
		const credentials = [
			{ id: 'benchKarbon', name: 'Karbon sink', type: 'karbonFilesApi', data: { ...KARBON_CREDENTIALS, baseUrl: sinks.karbon.baseUrl } },
			{ id: 'benchHubSpot', name: 'HubSpot sink', type: 'hubSpotFilesApi', data: { privateAppToken: HUBSPOT_TOKEN, baseUrl: sinks.hubSpot.baseUrl } },
			{ id: 'benchKintone', name: 'Kintone sink', type: 'kintoneFilesApi', data: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: KINTONE_TOKENS.app12, baseUrlOverride: sinks.kintone.baseUrl } },
			{ id: 'benchCounting', name: 'Counting sink', type: 'karbonFilesApi', data: { ...KARBON_CREDENTIALS, baseUrl: counting.baseUrl } },
		];
		const packed = await packPackages();
		const packages = ['n8n-nodes-karbon-files', 'n8n-nodes-hubspot-files', 'n8n-nodes-kintone-files'].map((name) => packed[name]);
		await n8n.installPackages(packages);
		await n8n.importCredentials(credentials);
		const dir = (name: string) => path.join(n8n.files, name);
		const fileFor = (label: string) => dir(`bench-${label.replace(' ', '')}.pdf`);
		for (const size of [{ label: '1 KB', bytes: 1024 }, ...SIZES]) writeFileSync(fileFor(size.label), patternBytes(size.bytes, 3));

		// The sinks have no rate limit: the nodes are not held to the providers' published ones
		// (npm run bench:sync measures the pacing, against sandboxes that enforce them).
		const unpaced = { maxRequestsPerMinute: 1_000_000 };
		const karbonNode = { type: 'n8n-nodes-karbon-files.karbonFiles', typeVersion: 1, parameters: { resource: 'file', operation: 'upload', linkTo: 'workItem', recordKey: 'RXq4mD62PXg', options: unpaced }, credentials: { karbonFilesApi: { id: 'benchKarbon', name: 'Karbon sink' } } };
		const hubSpotNode = { type: 'n8n-nodes-hubspot-files.hubSpotFiles', typeVersion: 1, parameters: { resource: 'file', operation: 'upload', folder: { __rl: true, mode: 'id', value: '1000' }, options: unpaced }, credentials: { hubSpotFilesApi: { id: 'benchHubSpot', name: 'HubSpot sink' } } };
		const kintoneNode = { type: 'n8n-nodes-kintone-files.kintoneFiles', typeVersion: 1, parameters: { resource: 'file', operation: 'upload' }, credentials: { kintoneFilesApi: { id: 'benchKintone', name: 'Kintone sink' } } };
		const httpNode = (baseUrl: string) => ({
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${baseUrl}/v3/Files`,
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${KARBON_CREDENTIALS.accessToken}` }, { name: 'AccessKey', value: KARBON_CREDENTIALS.accessKeySecret }] },
				sendBody: true,
				contentType: 'multipart-form-data',
				bodyParameters: { parameters: [{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' }, { name: 'workitem_keys', value: 'RXq4mD62PXg' }] },
				options: {},
			},
		});

		const HTTP_REQUEST = 'HTTP Request node';
		const KARBON = 'Karbon Files';
		const contestants = [
			{ name: HTTP_REQUEST, node: httpNode(sinks.karbon.baseUrl) },
			{ name: KARBON, node: karbonNode },
			{ name: 'HubSpot Files (v3)', node: hubSpotNode },
			{ name: 'Kintone Files', node: kintoneNode },
		];
		const results: Record<string, Record<string, { seconds: number[]; rss: number[]; nodeGrowth: number[] }>> = {};
		const baselines: Record<string, number[]> = {};
		const curlTimes: Record<string, number[]> = {};
		const readOnly: Record<string, number[]> = {};
		let id = 0;
		const workflowFor = async (glob: string, node?: Record<string, unknown>, instance = n8n) => {
			const wf = workflow(`bench${String(id++).padStart(6, '0')}`, glob, node);
			await instance.importWorkflow(wf);
			return wf.id;
		};

		// 200 MB to a sink that only counts bytes: the sender's own cost, which the parsing
		// sandboxes hide (they take about as long as the sender). Then one CPU profile of the
		// node's 200 MB run and one of its 1 KB run: the difference is what the 200 MB cost.
		const countingLines: string[] = [];
		{
			const big = fileFor('200 MB');
			const countingKarbon = { ...karbonNode, credentials: { karbonFilesApi: { id: 'benchCounting', name: 'Counting sink' } } };
			const countingContestants = [
				{ name: HTTP_REQUEST, node: httpNode(counting.baseUrl) },
				{ name: KARBON, node: countingKarbon },
			];
			const countingIds = await Promise.all(countingContestants.map(async (contestant) => await workflowFor(big, contestant.node)));
			const smallKarbonId = await workflowFor(fileFor('1 KB'), countingKarbon);
			const times: Record<string, number[]> = { curl: [] };
			const growth: Record<string, number[]> = {};
			// Each round's collections, recorded by perf_hooks (no profiler slowing the round).
			const collections: Record<string, GcTotals[]> = {};
			const gcHook = path.join(n8n.root, 'gc-trace.cjs');
			writeFileSync(gcHook, GC_HOOK);
			for (let round = 0; round < ROUNDS; round++) {
				e2eLog(`200 MB to the counting sink, round ${round + 1}/${ROUNDS}`);
				times.curl.push(await curlSeconds(big, counting.baseUrl));
				for (const [index, contestant] of countingContestants.entries()) {
					const traceDir = path.join(n8n.root, `gc-${index}-${round}`);
					mkdirSync(traceDir, { recursive: true });
					const measured = await executeMeasured(n8n, countingIds[index], 'Upload', { NODE_OPTIONS: `--require ${gcHook}`, GC_TRACE_DIR: traceDir });
					(times[contestant.name] ??= []).push(measured.seconds);
					(growth[contestant.name] ??= []).push(measured.nodeGrowthMb);
					(collections[contestant.name] ??= []).push(gcDuring(traceDir, measured.nodeSpan));
				}
			}
			const wrong = counting.requests.filter(({ bytes, contentLength }) => bytes < 200 * 1024 * 1024 || bytes !== contentLength);
			if (wrong.length) throw new Error(`The counting sink got ${wrong.length} incomplete bodies: ${JSON.stringify(wrong)}`);
			counting.reset();
			const profileDir = (name: string) => {
				const dirName = path.join(n8n.root, `cpu-${name}`);
				mkdirSync(dirName, { recursive: true });
				return dirName;
			};
			const clockHook = path.join(n8n.root, 'cpu-clock.cjs');
			writeFileSync(clockHook, CLOCK_HOOK);
			// The node's own run only: Read Files, before it, copies the 200 MB into n8n's store.
			const profiled = async (workflowId: string, name: string) => {
				const dirName = profileDir(name);
				const measured = await executeMeasured(n8n, workflowId, 'Upload', { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dirName} --require ${clockHook}`, CPU_CLOCK_DIR: dirName });
				const ownTime = ownTimeInMainProfile(dirName, measured.nodeSpan);
				if (process.env.BENCH_ONLY === 'counting') for (const [fn, ms] of topFunctions(ownTime, 25)) e2eLog(`  ${name}: ${ms.toFixed(0)} ms ${fn}`);
				return { measured, byCategory: cpuTimeByCategory(ownTime) };
			};
			const bigProfile = await profiled(countingIds[1], 'big');
			const smallProfile = await profiled(smallKarbonId, 'small');
			const curl = median(times.curl);
			countingLines.push('## 200 MB to a sink that only counts bytes', '', `The same 200 MB file to a sink on 127.0.0.1 that only counts the body's bytes (and refuses a body whose length is not its Content-Length), ${ROUNDS} rounds alternating, medians. The provider sandboxes above parse and hash every body, which takes about as long as sending it; this sink shows the sender's own cost.`, '');
			countingLines.push('| sender | time, each round | median | / curl | growth during the node\'s own run |', '|---|---|---|---|---|');
			countingLines.push(`| curl (wall) | ${times.curl.map((t) => t.toFixed(2)).join(' / ')} s | ${curl.toFixed(2)} s | 1.00 | |`);
			for (const { name } of countingContestants) {
				const seconds = median(times[name]);
				countingLines.push(`| ${name} | ${times[name].map((t) => t.toFixed(2)).join(' / ')} s | ${seconds.toFixed(2)} s | ${(seconds / curl).toFixed(2)} | ${growth[name].map(signedMb).join(' / ')} |`);
			}
			countingLines.push('', "V8's collections that started during the node's own run, each round (recorded by perf_hooks, no profiler on): their count and their time on the main thread.", '');
			countingLines.push(`| sender | ${times.curl.map((_, round) => `round ${round + 1}`).join(' | ')} |`, `|---|${times.curl.map(() => '---|').join('')}`);
			for (const { name } of countingContestants) countingLines.push(`| ${name} | ${collections[name].map((totals, round) => `${times[name][round].toFixed(2)} s: ${gcCell(totals)}`).join(' | ')} |`);
			countingLines.push('', `### Where the node's time goes (V8 CPU profile, \`--cpu-prof\`)`, '', `Own time per category in the \`n8n execute\` process while the Karbon node ran (its start and run time from n8n's run data), in its 200 MB run (${bigProfile.measured.seconds.toFixed(2)} s with the profiler on) and its 1 KB run (${smallProfile.measured.seconds.toFixed(2)} s); the difference is what the 200 MB cost. Idle is the main thread waiting (for the disk, the socket or a timer).`, '');
			countingLines.push('| category | 200 MB run | 1 KB run | difference |', '|---|---|---|---|');
			for (const category of CPU_CATEGORIES) {
				const big200 = bigProfile.byCategory[category];
				const small1 = smallProfile.byCategory[category];
				countingLines.push(`| ${category} | ${big200.toFixed(0)} ms | ${small1.toFixed(0)} ms | ${big200 - small1 >= 0 ? '+' : '−'}${Math.abs(big200 - small1).toFixed(0)} ms |`);
			}
			const karbonCounting = median(times[KARBON]);
			const gcShare = (bigProfile.byCategory['garbage collection'] - smallProfile.byCategory['garbage collection']) / (bigProfile.measured.seconds * 1000);
			countingLines.push(
				'',
				`Reading the file (the store's native reads) and writing the socket are work curl does too. Garbage collection took ${(bigProfile.byCategory['garbage collection'] - smallProfile.byCategory['garbage collection']).toFixed(0)} ms of the 200 MB run (${Math.round(gcShare * 100)} %). Every chunk n8n's binary store reads is a new buffer outside V8's heap, freed only by a collection. Sending allocates little else, so until 2026-12-04 no young collection ran and the dead buffers piled up to V8's external-memory limit (about 64 MB), which started full collections, each marking every live object of n8n's heap: that day, just before the change, the node sent this file in 0.69 s (median of 3; 4.55 × curl), 136 ms of its profiled run collecting garbage. StoredBinaryFile now leaves about 1.6 MB of short-lived objects per MiB it sends, so that young collections free the buffers first (\`test/reliability/nodeVersions.test.ts\` counts no full collection started by memory outside the heap). Larger reads do not help: on 2026-12-02 the node was rebuilt with reads of 128 KB, 256 KB, 512 KB and 1 MB and sent this file in 0.64–0.88 s with each (3.6–3.8 × curl), while the growth rose to +30 to +54 MB at 1 MB. The node keeps 128 KB reads. Its time is ${(karbonCounting / median(times[HTTP_REQUEST])).toFixed(2)} × the HTTP Request node's, with a fraction of its memory.`,
				'',
			);
			if (process.env.BENCH_ONLY === 'counting') {
				console.log(countingLines.join('\n'));
				return;
			}
		}

		let ids200: string[] = [];
		for (const size of SIZES) {
			const file = fileFor(size.label);
			const ids = await Promise.all(contestants.map(async (contestant) => await workflowFor(file, contestant.node)));
			const baselineIds = await Promise.all(contestants.map(async (contestant) => await workflowFor(fileFor('1 KB'), contestant.node)));
			const readId = await workflowFor(file);
			if (size.label === '200 MB') ids200 = ids;
			for (let round = 0; round < ROUNDS; round++) {
				e2eLog(`${size.label}, round ${round + 1}/${ROUNDS}`);
				(curlTimes[size.label] ??= []).push(await curlSeconds(file, sinks.karbon.baseUrl));
				for (const [index, contestant] of contestants.entries()) {
					const measured = await executeMeasured(n8n, ids[index], 'Upload');
					const slot = ((results[size.label] ??= {})[contestant.name] ??= { seconds: [], rss: [], nodeGrowth: [] });
					slot.seconds.push(measured.seconds);
					slot.rss.push(measured.peakRssMb);
					slot.nodeGrowth.push(measured.nodeGrowthMb);
					if (size.label === '200 MB') (baselines[contestant.name] ??= []).push((await executeMeasured(n8n, baselineIds[index], 'Upload')).peakRssMb);
				}
				if (size.label === '200 MB') {
					const read = await executeMeasured(n8n, readId, 'Read');
					(readOnly[size.label] ??= []).push(read.peakRssMb);
				}
				Object.values(sinks).forEach((sink: Sandbox) => sink.reset());
			}
		}

		// Where the 200 MB time goes: the node's streaming method (the built StoredBinaryFile in
		// the platform FormData, sent by n8n-core's axios, 128 KB reads) outside n8n, to the
		// same sink: once in a bare Node process, once with a heap the size n8n's holds while
		// it runs the node (measured here with a --require hook in one Karbon run).
		const heapFile = path.join(n8n.root, 'heap-at-exit.json');
		const heapHook = path.join(n8n.root, 'heap-at-exit.cjs');
		writeFileSync(heapHook, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(heapFile)}, JSON.stringify(process.memoryUsage())));`);
		await executeMeasured(n8n, ids200[contestants.findIndex(({ name }) => name === KARBON)], 'Upload', { NODE_OPTIONS: `--require ${heapHook}` });
		const n8nHeapMb = Math.round((JSON.parse(readFileSync(heapFile, 'utf8')) as { heapUsed: number }).heapUsed / 1048576);
		const target = { url: `${sinks.karbon.baseUrl}/v3/Files`, part: 'file', headers: { Authorization: `Bearer ${KARBON_CREDENTIALS.accessToken}`, AccessKey: KARBON_CREDENTIALS.accessKeySecret }, fields: { workitem_keys: 'RXq4mD62PXg' } };
		const methodRuns: Record<string, number[]> = { bare: [], n8nHeap: [] };
		const methodGcs: Record<string, FullGcs[]> = { bare: [], n8nHeap: [] };
		const probeHeapMb: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			e2eLog(`200 MB, the streaming method outside n8n, round ${round + 1}/${ROUNDS}`);
			for (const [key, heapMb] of [['bare', 0], ['n8nHeap', n8nHeapMb]] as const) {
				const probe = await runStreamProbe(process.execPath, 200 * 1024 * 1024, { target, heapMb, chunkBytes: 128 * 1024, traceGc: true });
				methodRuns[key].push(probe.sendSeconds);
				if (probe.fullGcs) methodGcs[key].push(probe.fullGcs);
				if (heapMb) probeHeapMb.push(probe.heapMb);
				sinks.karbon.reset();
			}
		}

		// Many small files: 200 × 20 KB, per node, against the HTTP Request node.
		for (let i = 0; i < 200; i++) writeFileSync(dir(`small-${String(i).padStart(3, '0')}.pdf`), patternBytes(20 * 1024, i + 100));
		const smallIds = await Promise.all(contestants.map(async (contestant) => await workflowFor(`${n8n.files}/small-*.pdf`, contestant.node)));
		const smallRuns: Record<string, { seconds: number[]; peak: number }> = {};
		for (let round = 0; round < ROUNDS; round++) {
			e2eLog(`200 × 20 KB, round ${round + 1}/${ROUNDS}`);
			for (const [index, contestant] of contestants.entries()) {
				const sink = contestant.name.startsWith('HubSpot') ? sinks.hubSpot : contestant.name.startsWith('Kintone') ? sinks.kintone : sinks.karbon;
				sink.reset();
				const measured = await executeMeasured(n8n, smallIds[index], 'Upload');
				const slot = (smallRuns[contestant.name] ??= { seconds: [], peak: 0 });
				slot.seconds.push(measured.seconds);
				slot.peak = Math.max(slot.peak, sink.maxInFlight);
			}
		}
		const small = contestants.map(({ name }) => ({ name, itemsPerSecond: 200 / median(smallRuns[name].seconds), peak: smallRuns[name].peak }));

		// Database binary mode (queue mode's default): the same 200 MB file, peak RSS.
		const READ_ALONE = 'Read Files alone';
		const databaseRuns: Record<string, Measure[]> = {};
		const dbN8n = new N8nInstance({ N8N_DEFAULT_BINARY_DATA_MODE: 'database' });
		try {
			await dbN8n.installPackages(packages);
			await dbN8n.importCredentials(credentials);
			const big = dbN8n.addFiles([{ name: 'bench-200MB.pdf', bytes: patternBytes(200 * 1024 * 1024, 3) }]).replace('*', 'bench-200MB.pdf');
			const dbContestants = [{ name: READ_ALONE, node: undefined }, ...contestants.filter(({ name }) => name === HTTP_REQUEST || name === KARBON)];
			const dbIds = await Promise.all(dbContestants.map(async (contestant) => await workflowFor(big, contestant.node, dbN8n)));
			for (let round = 0; round < ROUNDS; round++) {
				e2eLog(`200 MB, database binary mode, round ${round + 1}/${ROUNDS}`);
				for (const [index, contestant] of dbContestants.entries()) {
					const measured = await executeMeasured(dbN8n, dbIds[index], contestant.node ? 'Upload' : 'Read');
					(databaseRuns[contestant.name] ??= []).push(measured);
				}
			}
		} finally {
			await dbN8n.stop();
		}

		// The report.
		const lines: string[] = [];
		const curl200 = median(curlTimes['200 MB']);
		const http = (label: string) => median(results[label][HTTP_REQUEST].seconds);
		lines.push('# Benchmarks', '', `Run by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}, n8n 2.41.1, filesystem binary mode, ${ROUNDS} round(s) alternating curl → HTTP Request node → our nodes, medians. Sinks are the local provider sandboxes on 127.0.0.1 (they parse and hash every multipart body).`, '');
		lines.push('## Single files: time', '', '| size | curl (wall) | HTTP Request node | Karbon Files | HubSpot Files | Kintone Files | Karbon / curl | Karbon / HTTP Request |', '|---|---|---|---|---|---|---|---|');
		for (const size of SIZES) {
			const row = results[size.label];
			const karbon = median(row[KARBON].seconds);
			lines.push(`| ${size.label} | ${median(curlTimes[size.label]).toFixed(2)} s | ${http(size.label).toFixed(2)} s | ${karbon.toFixed(2)} s | ${median(row['HubSpot Files (v3)'].seconds).toFixed(2)} s | ${median(row['Kintone Files'].seconds).toFixed(2)} s | ${(karbon / median(curlTimes[size.label])).toFixed(2)} | ${(karbon / http(size.label)).toFixed(2)} |`);
		}
		lines.push('', 'Node times are the node\'s own execution time from n8n\'s run data; curl\'s is its wall time.', '');
		lines.push('## 200 MB: peak RSS of the `n8n execute` process', '', '| contestant | peak RSS | minus its 1 KB run | minus Read Files alone | growth during the node\'s own run |', '|---|---|---|---|---|');
		const read200 = median(readOnly['200 MB']);
		for (const contestant of contestants) {
			const row = results['200 MB'][contestant.name];
			const peak = median(row.rss);
			lines.push(`| ${contestant.name} | ${peak.toFixed(0)} MB | ${signedMb(peak - median(baselines[contestant.name]))} | ${signedMb(peak - read200)} | ${signedMb(median(row.nodeGrowth))} |`);
		}
		const karbon200 = median(results['200 MB'][KARBON].seconds);
		lines.push('', `Read Files alone (200 MB): ${read200.toFixed(0)} MB. Karbon Files / curl at 200 MB: ${(karbon200 / curl200).toFixed(2)}. The last column is the peak RSS while the upload node ran (its start and run time from n8n's run data, RSS sampled every ${RSS_SAMPLE_MS} ms) minus the RSS just before it started; a figure below zero in the other columns is a peak under Read Files' own.`, '');
		const bare = median(methodRuns.bare);
		const withHeap = median(methodRuns.n8nHeap);
		lines.push('## 200 MB: where the time goes', '', 'The same streaming method outside n8n (the built `StoredBinaryFile` in the platform `FormData`, sent by n8n-core\'s axios with 128 KB reads) to the same sink, in a bare Node process and in one that first fills its heap to the size n8n\'s has while it runs the node. The full collections are counted from V8\'s own trace (`--trace-gc`, `--trace-incremental-marking`) between two collections the probe forces before and after the send.', '', '| sender | time | / curl | V8 full collections during the send | of them started by memory outside V8\'s heap | their main-thread time |', '|---|---|---|---|---|---|');
		const gcCells = (runs: FullGcs[]) =>
			`${median(runs.map(({ count }) => count))} | ${median(runs.map(({ startedByExternalMemory }) => startedByExternalMemory))} | ${median(runs.map(({ milliseconds }) => milliseconds)).toFixed(0)} ms`;
		lines.push(`| curl | ${curl200.toFixed(2)} s | 1.00 | | | |`);
		lines.push(`| the method, bare Node process | ${bare.toFixed(2)} s | ${(bare / curl200).toFixed(2)} | ${gcCells(methodGcs.bare)} |`);
		lines.push(`| the method, heap filled to ${median(probeHeapMb).toFixed(0)} MB (n8n's: ${n8nHeapMb} MB in a Karbon run) | ${withHeap.toFixed(2)} s | ${(withHeap / curl200).toFixed(2)} | ${gcCells(methodGcs.n8nHeap)} |`);
		lines.push(`| Karbon Files in n8n | ${karbon200.toFixed(2)} s | ${(karbon200 / curl200).toFixed(2)} | | | |`);
		lines.push('', 'The two probe rows and the node send the same way; what differs is the heap around the sender. Each 128 KB read is a new buffer outside V8\'s heap, freed only by a collection. In a bare process V8 collects often, by its own allocation limits, and each collection marks a small heap. With a heap of n8n\'s size those limits are far off: without the short-lived objects StoredBinaryFile leaves per MiB sent (since 2026-12-04), the read buffers piled up outside the heap until V8\'s "external memory pressure" (about every 64 MB) started full collections, each marking every live object of the process; young collections now free the buffers first. Reusing read buffers is no way out: the request layer does not say when the socket is done with a chunk, and reusing one too early would corrupt the upload silently.', '');
		lines.push(...countingLines);
		lines.push('## 200 MB in database binary mode: peak RSS of the `n8n execute` process', '', '| contestant | peak RSS, each round | median minus Read Files alone | growth vs HTTP Request | growth during the node\'s own run, each round | median vs HTTP Request |', '|---|---|---|---|---|---|');
		const dbValues = (name: string, figure: 'peakRssMb' | 'nodeGrowthMb') => databaseRuns[name].map((measured) => measured[figure]);
		const dbPeak = (name: string) => median(dbValues(name, 'peakRssMb'));
		const dbNodeGrowth = (name: string) => median(dbValues(name, 'nodeGrowthMb'));
		const dbRead = dbPeak(READ_ALONE);
		// Below zero: the upload never rose above Read Files' own peak (storing the file into the database).
		const dbGrowth = (name: string) => Math.max(0, dbPeak(name) - dbRead);
		// No ratio to a growth under 1 MB: the HTTP Request node stayed under Read Files' peak too.
		const ratioOrDash = (ours: number, theirs: number) => (theirs < 1 ? '–' : (ours / theirs).toFixed(2));
		const eachRound = (values: number[]) => values.map((mb) => mb.toFixed(0)).join(' / ') + ' MB';
		for (const name of Object.keys(databaseRuns)) {
			if (name === READ_ALONE) continue;
			lines.push(`| ${name} | ${eachRound(dbValues(name, 'peakRssMb'))} | +${dbGrowth(name).toFixed(0)} MB | ${ratioOrDash(dbGrowth(name), dbGrowth(HTTP_REQUEST))} | ${eachRound(dbValues(name, 'nodeGrowthMb'))} | ${ratioOrDash(dbNodeGrowth(name), dbNodeGrowth(HTTP_REQUEST))} |`);
		}
		lines.push('', `Read Files alone (200 MB, database mode): ${eachRound(dbValues(READ_ALONE, 'peakRssMb'))}, its peak while writing the file into the database. +0 MB means the upload stayed under Read Files' own peak; whether it does depends on when V8 frees what the write left behind, so that column swings between runs. The growth during the node's own run (RSS sampled every ${RSS_SAMPLE_MS} ms between the node's start and end in n8n's run data, minus the RSS just before it started) does not: it is what the node needed, here about twice the file for both contestants alike, since n8n's database store reads a stored file out of the database whole before any node can send it.`, '');
		lines.push(`## 200 × 20 KB items (${ROUNDS} rounds, medians)`, '', '| contestant | items/s | peak in flight at the sink | items/s vs HTTP Request |', '|---|---|---|---|');
		const httpSmall = small.find((entry) => entry.name === HTTP_REQUEST)!.itemsPerSecond;
		for (const entry of small) lines.push(`| ${entry.name} | ${entry.itemsPerSecond.toFixed(0)} | ${entry.peak} | ${(entry.itemsPerSecond / httpSmall).toFixed(2)} |`);
		writeReport('bench', lines.join('\n'));
		console.log(lines.join('\n'));
	} finally {
		await n8n.stop();
		await Promise.all(Object.values(sinks).map(async (sink: Sandbox) => await sink.stop()));
		await counting.stop();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
