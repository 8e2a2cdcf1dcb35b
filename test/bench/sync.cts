import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';

import { patternBytes, sha256 } from '../harness/assertions';
import { e2eLog, ensureN8n, N8nInstance, packPackages, parseRunOutput } from '../e2e/n8n.cjs';
import { highLevelRateLimit, highLevelSandbox, HIGHLEVEL_CONTACT_ID, HIGHLEVEL_CREDENTIALS, HIGHLEVEL_FIELDS, HIGHLEVEL_LOCATION_ID } from '../sandboxes/highlevel.cjs';
import { hubSpotRateLimit, hubSpotSandbox, HUBSPOT_TOKEN } from '../sandboxes/hubspot.cjs';
import { karbonRateLimit, karbonSandbox, KARBON_CREDENTIALS } from '../sandboxes/karbon.cjs';
import { kintoneSandbox, KINTONE_APP, KINTONE_TOKENS } from '../sandboxes/kintone.cjs';
import type { Latency, Sandbox } from '../sandboxes/sandbox.cjs';
import { CLOCK_HOOK, CPU_CATEGORIES, cpuTimeByCategory, ownTimeInMainProfile } from './cpuProfile.cjs';
import { executeMeasured, median, writeReport } from './runs.cjs';

/**
 * npm run bench:sync: a nightly sync under real-world conditions. The sandboxes answer after
 * a fixed delay, read each body at a set bandwidth, and enforce each provider's published
 * limit the way that provider answers; the windows are shortened by one factor (SCALE) for
 * every contestant, to keep a run short. In one real n8n, alternating, ROUNDS rounds: our
 * node, n8n's HTTP Request node with its defaults, the HTTP Request node as a careful user
 * sets it (Batching to the limit, Retry On Fail), and the bound (requests ÷ limit + one round
 * trip). What arrived is counted at the sandbox: files delivered, lost, sent twice, 429s.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SCALE = Number(process.env.BENCH_SCALE ?? 2);
const FILES = Number(process.env.BENCH_FILES ?? 300);
const FILE_BYTES = 200 * 1024;
const LATENCY: Latency = { delayMs: 80, bytesPerSecond: 50e6 / 8 };

/** One request's round trip: the delay, and the file's time on the wire. */
const ROUND_TRIP_S = (LATENCY.delayMs + (FILE_BYTES / LATENCY.bytesPerSecond) * 1000) / 1000;

interface Provider {
	name: string;
	sandbox: Sandbox;
	/** The limit as the sandbox enforces it (scaled): requests per window, or in flight at once. */
	limit: { requests: number; windowMs: number } | { concurrent: number };
	ourNode: Record<string, unknown>;
	httpNode(batching: boolean): Record<string, unknown>;
	/** Requests per file. */
	requestsPerFile: number;
	/** Reads each run makes before its uploads: Karbon 1.1 reads the record, HighLevel the location's fields. */
	lookupsPerRun: number;
	/** Our node with an option changed, as a further contestant. */
	ourNodeTuned?: { label: string; options: Record<string, unknown> };
	/** Where no window paces the requests: the same upload by a plain Node script, no n8n (the machine's floor). */
	plainClient?: { url: string; headers: Record<string, string>; part: string; inFlight: number };
}

/** The contestant that runs no n8n (plainClient.cts). */
const PLAIN_CLIENT = 'a plain Node script, no n8n (fetch + FormData, 100 at once)';

const documents = HIGHLEVEL_FIELDS.find((field) => field.name === 'Documents')!.id;

function httpRequestNode(url: string, headers: Record<string, string>, fields: Record<string, string>, part: string, batching: { size: number; intervalMs: number } | undefined) {
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		...(batching && { retryOnFail: true, maxTries: 5, waitBetweenTries: 5000 }),
		parameters: {
			method: 'POST',
			url,
			sendHeaders: true,
			headerParameters: { parameters: Object.entries(headers).map(([name, value]) => ({ name, value })) },
			sendBody: true,
			contentType: 'multipart-form-data',
			bodyParameters: { parameters: [{ parameterType: 'formBinaryData', name: part, inputDataFieldName: 'data' }, ...Object.entries(fields).map(([name, value]) => ({ name, value }))] },
			options: batching ? { batching: { batch: { batchSize: batching.size, batchInterval: batching.intervalMs } } } : {},
		},
	};
}

function readAndUpload(id: string, filesGlob: string, upload: Record<string, unknown>) {
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 't', name: 'Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'r', name: 'Read', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1, position: [200, 0], parameters: { operation: 'read', fileSelector: filesGlob, options: {} } },
			{ id: 'u', name: 'Upload', position: [400, 0], ...upload },
		],
		connections: { Trigger: { main: [[{ node: 'Read', type: 'main', index: 0 }]] }, Read: { main: [[{ node: 'Upload', type: 'main', index: 0 }]] } },
	};
}

interface Outcome {
	seconds: number;
	delivered: number;
	lost: number;
	duplicates: number;
	rateLimited: number;
	peakInFlight: number;
	failed: boolean;
}

/** What arrived at the sandbox, counted against the files sent. */
function outcomeAt(sandbox: Sandbox, expected: string[], seconds: number, failed: boolean): Outcome {
	const stored = sandbox.requests.filter((request) => request.files.length > 0 && request.status !== undefined && request.status < 300).map((request) => request.files[0].sha256);
	const distinct = new Set(stored);
	return {
		seconds,
		delivered: expected.filter((hash) => distinct.has(hash)).length,
		lost: expected.filter((hash) => !distinct.has(hash)).length,
		duplicates: stored.length - distinct.size,
		rateLimited: sandbox.rateLimited,
		peakInFlight: sandbox.maxInFlight,
		failed,
	};
}

/** Runs the workflow once; the caller has reset the sandbox and set its limits. */
async function runOnce(n8n: N8nInstance, workflowId: string, sandbox: Sandbox, expected: string[]): Promise<Outcome> {
	const result = await n8n.execute(workflowId);
	const run = parseRunOutput<{ data: { resultData: { runData: Record<string, Array<{ startTime: number; executionTime: number; error?: unknown }>> } } }>(result.stdout);
	const upload = run.data.resultData.runData.Upload?.[0];
	return outcomeAt(sandbox, expected, (upload?.executionTime ?? 0) / 1000, Boolean(upload?.error) || result.code !== 0);
}

/** The plain Node script once, on the same files; the caller has reset the sandbox. */
async function runPlainClient(client: NonNullable<Provider['plainClient']>, folder: string, sandbox: Sandbox, expected: string[]): Promise<Outcome> {
	const child = spawn(process.execPath, [path.join(__dirname, 'plainClient.cjs'), client.url, JSON.stringify(client.headers), client.part, String(client.inFlight), folder, 'sync-'], { stdio: ['ignore', 'pipe', 'inherit'] });
	let stdout = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	const code = await new Promise<number>((resolve) => child.once('exit', (exitCode) => resolve(exitCode ?? 1)));
	const { seconds, failed } = JSON.parse(stdout) as { seconds: number; failed: number };
	return outcomeAt(sandbox, expected, seconds, code !== 0 || failed > 0);
}

async function main() {
	await ensureN8n(e2eLog);
	const sandboxes = { karbon: karbonSandbox(), hubSpot: hubSpotSandbox(), kintone: kintoneSandbox(), highLevel: highLevelSandbox() };
	await Promise.all(Object.values(sandboxes).map(async (sandbox: Sandbox) => await sandbox.start()));
	for (const sandbox of Object.values(sandboxes) as Sandbox[]) sandbox.latency = LATENCY;
	const enforce = () => {
		sandboxes.karbon.limitRate(karbonRateLimit(120, 60_000 / SCALE));
		sandboxes.hubSpot.limitRate(hubSpotRateLimit(100, 10_000 / SCALE));
		sandboxes.highLevel.limitRate(highLevelRateLimit(100, 10_000 / SCALE));
		// The domain's 100 at once, reported on every answer (its reset does it too).
		sandboxes.kintone.limitDomain();
	};
	const n8n = new N8nInstance({ N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' });
	try {
		const packed = await packPackages();
		await n8n.installPackages(Object.values(packed));
		await n8n.importCredentials([
			{ id: 'syncKarbon', name: 'Karbon', type: 'karbonFilesApi', data: { ...KARBON_CREDENTIALS, baseUrl: sandboxes.karbon.baseUrl } },
			{ id: 'syncHubSpot', name: 'HubSpot', type: 'hubSpotFilesApi', data: { privateAppToken: HUBSPOT_TOKEN, baseUrl: sandboxes.hubSpot.baseUrl } },
			{ id: 'syncKintone', name: 'Kintone', type: 'kintoneFilesApi', data: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: KINTONE_TOKENS.app12, baseUrlOverride: sandboxes.kintone.baseUrl } },
			{ id: 'syncHighLevel', name: 'HighLevel', type: 'highLevelFilesApi', data: { ...HIGHLEVEL_CREDENTIALS, baseUrl: sandboxes.highLevel.baseUrl } },
		]);
		const contents = Array.from({ length: FILES }, (_, i) => patternBytes(FILE_BYTES, i + 1));
		n8n.addFiles(contents.map((bytes, i) => ({ name: `sync-${String(i).padStart(3, '0')}.pdf`, bytes })));
		const expected = contents.map((bytes) => sha256(bytes));
		const glob = `${n8n.files}/sync-*.pdf`;

		const allProviders: Provider[] = [
			{
				name: 'Karbon',
				sandbox: sandboxes.karbon,
				limit: { requests: 120, windowMs: 60_000 / SCALE },
				requestsPerFile: 1,
				lookupsPerRun: 1,
				// Karbon reports no quota: the node is told the scaled limit, as a user whose account has that limit would.
				ourNode: { type: 'n8n-nodes-karbon-files.karbonFiles', typeVersion: 1.1, parameters: { resource: 'file', operation: 'upload', linkTo: 'workItem', recordKey: { __rl: true, mode: 'key', value: 'RXq4mD62PXg' }, options: { maxRequestsPerMinute: 120 * SCALE } }, credentials: { karbonFilesApi: { id: 'syncKarbon', name: 'Karbon' } } },
				httpNode: (batching) => httpRequestNode(`${sandboxes.karbon.baseUrl}/v3/Files`, { Authorization: `Bearer ${KARBON_CREDENTIALS.accessToken}`, AccessKey: KARBON_CREDENTIALS.accessKeySecret }, { workitem_keys: 'RXq4mD62PXg' }, 'file', batching ? { size: 120, intervalMs: 60_000 / SCALE } : undefined),
			},
			{
				name: 'HubSpot',
				sandbox: sandboxes.hubSpot,
				limit: { requests: 100, windowMs: 10_000 / SCALE },
				requestsPerFile: 1,
				lookupsPerRun: 0,
				ourNode: { type: 'n8n-nodes-hubspot-files.hubSpotFiles', typeVersion: 1, parameters: { resource: 'file', operation: 'upload', folder: { __rl: true, mode: 'id', value: '1000' } }, credentials: { hubSpotFilesApi: { id: 'syncHubSpot', name: 'HubSpot' } } },
				httpNode: (batching) => httpRequestNode(`${sandboxes.hubSpot.baseUrl}/files/v3/files`, { Authorization: `Bearer ${HUBSPOT_TOKEN}` }, { folderId: '1000', options: '{"access":"PRIVATE"}' }, 'file', batching ? { size: 100, intervalMs: 10_000 / SCALE } : undefined),
			},
			{
				name: 'Kintone',
				sandbox: sandboxes.kintone,
				limit: { concurrent: 100 },
				requestsPerFile: 1,
				lookupsPerRun: 0,
				// By default the node fills the domain's room less 20 (80 when idle); a fixed 20, as before it read the domain's load:
				ourNodeTuned: { label: 'our node, Max Concurrent Uploads 20', options: { maxConcurrentUploads: 20 } },
				ourNode: { type: 'n8n-nodes-kintone-files.kintoneFiles', typeVersion: 1, parameters: { resource: 'file', operation: 'upload' }, credentials: { kintoneFilesApi: { id: 'syncKintone', name: 'Kintone' } } },
				plainClient: { url: `${sandboxes.kintone.baseUrl}/k/v1/file.json`, headers: { 'X-Cybozu-API-Token': KINTONE_TOKENS.app12 }, part: 'file', inFlight: 100 },
				httpNode: (batching) => httpRequestNode(`${sandboxes.kintone.baseUrl}/k/v1/file.json`, { 'X-Cybozu-API-Token': KINTONE_TOKENS.app12 }, {}, 'file', batching ? { size: 100, intervalMs: 0 } : undefined),
			},
			{
				name: 'HighLevel',
				sandbox: sandboxes.highLevel,
				limit: { requests: 100, windowMs: 10_000 / SCALE },
				requestsPerFile: 1,
				lookupsPerRun: 1,
				ourNode: { type: 'n8n-nodes-highlevel-files.highLevelFiles', typeVersion: 1, parameters: { resource: 'contact', operation: 'uploadFilesToCustomFields', contactId: HIGHLEVEL_CONTACT_ID, customField: { __rl: true, mode: 'id', value: documents } }, credentials: { highLevelFilesApi: { id: 'syncHighLevel', name: 'HighLevel' } } },
				httpNode: (batching) =>
					httpRequestNode(`${sandboxes.highLevel.baseUrl}/forms/upload-custom-files?contactId=${HIGHLEVEL_CONTACT_ID}&locationId=${HIGHLEVEL_LOCATION_ID}`, { Authorization: `Bearer ${HIGHLEVEL_CREDENTIALS.privateIntegrationToken}`, Version: '2021-07-28' }, {}, `${documents}_1`, batching ? { size: 100, intervalMs: 10_000 / SCALE } : undefined),
			},
		];
		// BENCH_PROVIDERS=Kintone,HubSpot: only those (a trial run: the report is printed, not written).
		const only = process.env.BENCH_PROVIDERS?.split(',').map((name) => name.trim());
		const providers = allProviders.filter(({ name }) => !only || only.includes(name));
		const kintone = allProviders.find(({ name }) => name === 'Kintone')!;
		const tuned = ({ ourNode, ourNodeTuned }: Provider) => {
			if (!ourNodeTuned) return {};
			const parameters = ourNode.parameters as Record<string, unknown>;
			return { [ourNodeTuned.label]: { ...ourNode, parameters: { ...parameters, options: { ...(parameters.options as object), ...ourNodeTuned.options } } } };
		};
		/** Per provider, its contestants' workflow ids, in the order they run and are reported. */
		const ids: Record<string, Record<string, string>> = {};
		const contestantsOf = (provider: Provider) => Object.keys(ids[provider.name]);
		for (const provider of providers) {
			const nodes: Record<string, Record<string, unknown>> = { 'our node': provider.ourNode, ...tuned(provider), 'HTTP Request, defaults': provider.httpNode(false), 'HTTP Request, Batching + Retry On Fail': provider.httpNode(true) };
			for (const [contestant, node] of Object.entries(nodes)) {
				const id = `sync${provider.name}${contestant.replace(/\W/g, '')}`.slice(0, 30);
				await n8n.importWorkflow(readAndUpload(id, glob, node));
				(ids[provider.name] ??= {})[contestant] = id;
			}
			if (provider.plainClient) ids[provider.name][PLAIN_CLIENT] = '';
		}
		const outcomes: Record<string, Record<string, Outcome[]>> = {};
		for (let round = 0; round < ROUNDS; round++) {
			for (const provider of providers) {
				for (const contestant of contestantsOf(provider)) {
					e2eLog(`${provider.name}, ${contestant}, round ${round + 1}/${ROUNDS}`);
					provider.sandbox.reset();
					enforce();
					const outcome = contestant === PLAIN_CLIENT ? await runPlainClient(provider.plainClient!, n8n.files, provider.sandbox, expected) : await runOnce(n8n, ids[provider.name][contestant], provider.sandbox, expected);
					((outcomes[provider.name] ??= {})[contestant] ??= []).push(outcome);
					e2eLog(`  ${outcome.seconds.toFixed(1)} s, ${outcome.delivered} delivered, ${outcome.lost} lost, ${outcome.duplicates} twice, ${outcome.rateLimited} × 429`);
				}
			}
		}

		// Where the time goes when no window paces: one more Kintone run of two contestants under
		// V8's profiler (not counted above; the profiler slows a run).
		const profiled: Array<{ contestant: string; seconds: number; byCategory: Record<(typeof CPU_CATEGORIES)[number], number> }> = [];
		if (providers.includes(kintone)) {
			for (const contestant of ['our node', 'HTTP Request, defaults']) {
				e2eLog(`Kintone, ${contestant}, under the CPU profiler`);
				kintone.sandbox.reset();
				enforce();
				const dir = mkdtempSync(path.join(n8n.root, 'cpu-sync-'));
				const clockHook = path.join(dir, 'clock-hook.js');
				writeFileSync(clockHook, CLOCK_HOOK);
				const measured = await executeMeasured(n8n, ids.Kintone[contestant], 'Upload', { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --require ${clockHook}`, CPU_CLOCK_DIR: dir });
				profiled.push({ contestant, seconds: measured.seconds, byCategory: cpuTimeByCategory(ownTimeInMainProfile(dir, measured.nodeSpan)) });
			}
		}

		// Kintone, Upload and Attach: 30 files onto 10 records, 3 each, in one run.
		const RECORDS = 10;
		const attachFiles = 30;
		// Files of their own: Read Files escapes brackets, so a glob cannot pick the first 30 of the sync files.
		n8n.addFiles(contents.slice(0, attachFiles).map((bytes, i) => ({ name: `attach-${String(i).padStart(2, '0')}.pdf`, bytes })));
		const attachWorkflow = readAndUpload('syncKintoneAttach', `${n8n.files}/attach-*.pdf`, {
			...kintone.ourNode,
			parameters: { resource: 'file', operation: 'uploadAndAttach', app: { __rl: true, mode: 'id', value: KINTONE_APP }, recordBy: 'id', recordId: `={{ String($itemIndex % ${RECORDS} + 1) }}`, attachmentField: { __rl: true, mode: 'fieldCode', value: 'Attachments' }, attachMode: 'append' },
		});
		await n8n.importWorkflow(attachWorkflow);
		const attachRuns: Array<Outcome & { attached: number }> = [];
		for (let round = 0; round < ROUNDS; round++) {
			e2eLog(`Kintone, Upload and Attach onto ${RECORDS} records, round ${round + 1}/${ROUNDS}`);
			sandboxes.kintone.reset();
			enforce();
			sandboxes.kintone.records.set(KINTONE_APP, Array.from({ length: RECORDS }, (_, i) => ({ id: String(i + 1), revision: 1, fields: { Attachments: { type: 'FILE', value: [] } } })));
			const outcome = await runOnce(n8n, attachWorkflow.id, sandboxes.kintone, expected.slice(0, attachFiles));
			const attached = (sandboxes.kintone.records.get(KINTONE_APP) ?? []).reduce((sum, record) => sum + (record.fields.Attachments.value as unknown[]).length, 0);
			attachRuns.push({ ...outcome, attached });
			e2eLog(`  ${outcome.seconds.toFixed(1)} s, ${attached} attached, ${outcome.rateLimited} × 429`);
		}

		// An email burst: 20 emails, 3 attachments each, as 20 webhook executions at once.
		const EMAILS = 20;
		const ATTACHMENTS = 3;
		for (const provider of providers) {
			const workflow = {
				id: `burst${provider.name}`,
				name: `burst ${provider.name}`,
				active: false,
				settings: { executionOrder: 'v1' },
				nodes: [
					{ id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: `burst-${provider.name.toLowerCase()}`, parameters: { httpMethod: 'POST', path: `burst-${provider.name.toLowerCase()}`, responseMode: 'lastNode', responseData: 'allEntries', options: { binaryPropertyName: 'attachment_' } } },
					{ id: 'u', name: 'Upload', position: [220, 0], ...provider.ourNode, parameters: { ...(provider.ourNode.parameters as object), uploadAllBinaryFields: true } },
				],
				connections: { Webhook: { main: [[{ node: 'Upload', type: 'main', index: 0 }]] } },
			};
			await n8n.importWorkflow(workflow);
			const published = await n8n.cli(['publish:workflow', `--id=${workflow.id}`]);
			if (published.code !== 0) throw new Error(`publish:workflow ${workflow.id} failed: ${published.stderr}${published.stdout}`);
		}
		const { url } = await n8n.start();
		// The first burst only once n8n serves every burst webhook: asked with GET, a registered
		// POST webhook answers "Did you mean to make a POST request?".
		for (const provider of providers) {
			const webhook = `${url}/webhook/burst-${provider.name.toLowerCase()}`;
			for (let tries = 0; !(await (await fetch(webhook)).text()).includes('make a POST request'); tries++) {
				if (tries >= 60) throw new Error(`${webhook} is not registered after 30 s`);
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		}
		const burstRuns: Record<string, Outcome[]> = {};
		for (let round = 0; round < ROUNDS; round++) {
			for (const provider of providers) {
				e2eLog(`${provider.name}, email burst (${EMAILS} × ${ATTACHMENTS}), round ${round + 1}/${ROUNDS}`);
				provider.sandbox.reset();
				enforce();
				const started = Date.now();
				const statuses = await Promise.all(
					Array.from({ length: EMAILS }, async (_, email) => {
						const form = new FormData();
						for (let a = 0; a < ATTACHMENTS; a++) form.append('file', new Blob([contents[email * ATTACHMENTS + a]], { type: 'application/pdf' }), `mail-${email}-${a}.pdf`);
						const response = await fetch(`${url}/webhook/burst-${provider.name.toLowerCase()}`, { method: 'POST', body: form });
						const answer = await response.text();
						if (response.status !== 200) e2eLog(`  email ${email}: webhook answered ${response.status}: ${answer.slice(0, 300)}`);
						return response.status;
					}),
				);
				const seconds = (Date.now() - started) / 1000;
				const stored = provider.sandbox.requests.filter((request) => request.files.length > 0 && request.status !== undefined && request.status < 300).flatMap((request) => request.files.map((file) => file.sha256));
				const distinct = new Set(stored);
				const wanted = expected.slice(0, EMAILS * ATTACHMENTS);
				(burstRuns[provider.name] ??= []).push({
					seconds,
					delivered: wanted.filter((hash) => distinct.has(hash)).length,
					lost: wanted.filter((hash) => !distinct.has(hash)).length,
					duplicates: stored.length - distinct.size,
					rateLimited: provider.sandbox.rateLimited,
					peakInFlight: provider.sandbox.maxInFlight,
					failed: statuses.some((status) => status !== 200),
				});
				e2eLog(`  ${seconds.toFixed(1)} s, ${distinct.size} delivered, ${provider.sandbox.rateLimited} × 429`);
			}
		}
		await n8n.stopServer();

		const bound = (provider: Provider, requests = FILES * provider.requestsPerFile + provider.lookupsPerRun) => {
			return 'concurrent' in provider.limit
				? Math.ceil(requests / provider.limit.concurrent) * ROUND_TRIP_S + ROUND_TRIP_S
				: (requests / provider.limit.requests) * (provider.limit.windowMs / 1000) + ROUND_TRIP_S;
		};
		const lines: string[] = [];
		lines.push(
			'## Nightly sync under real-world latency and rate limits (`npm run bench:sync`)',
			'',
			`Run on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores, Node ${process.version}, n8n 2.41.1, filesystem binary mode; ${FILES} files of ${FILE_BYTES / 1024} KB in one run, ${ROUNDS} rounds alternating the contestants, medians (the worst round for lost, duplicates and 429s). The sandboxes answer ${LATENCY.delayMs} ms after a request is read and read each body at ${(LATENCY.bytesPerSecond * 8) / 1e6} Mbit/s; a round trip for one file is ${ROUND_TRIP_S.toFixed(3)} s. Each provider's published window is **shortened by a factor of ${SCALE}** for every contestant alike: Karbon 120 per ${60 / SCALE} s, HubSpot and HighLevel 100 per ${10 / SCALE} s, answered as each provider answers (Retry-After; policy TEN_SECONDLY_ROLLING and X-HubSpot-RateLimit-*; X-RateLimit-*); Kintone's 100 concurrent requests per domain is not a window and is not scaled.`,
			'',
			'The bound is the number of requests divided by the limit, plus one round trip (for Kintone: rounds of 100 in flight); it counts the reads a run makes before its uploads (Karbon 1.1 reads the record, HighLevel the location\'s fields). "Lost" files never arrived; "twice" counts files stored more than once.',
			'',
			'| provider | contestant | wall time | / bound | delivered | lost | twice | 429s | peak in flight |',
			'|---|---|---|---|---|---|---|---|---|',
		);
		for (const provider of providers) {
			lines.push(`| ${provider.name} | the bound | ${bound(provider).toFixed(1)} s | 1.00 | | | | | |`);
			for (const contestant of contestantsOf(provider)) {
				const runs = outcomes[provider.name][contestant];
				const seconds = median(runs.map((outcome) => outcome.seconds));
				const worst = (figure: keyof Outcome) => Math.max(...runs.map((outcome) => Number(outcome[figure])));
				const failed = runs.filter((outcome) => outcome.failed).length;
				lines.push(
					`| ${provider.name} | ${contestant}${failed ? ` (node failed in ${failed}/${runs.length})` : ''} | ${seconds.toFixed(1)} s | ${(seconds / bound(provider)).toFixed(2)} | ${median(runs.map((outcome) => outcome.delivered))} | ${worst('lost')} | ${worst('duplicates')} | ${worst('rateLimited')} | ${worst('peakInFlight')} |`,
				);
			}
		}
		const row = (label: string, contestant: string, runs: Outcome[], limitBound: number) => {
			const seconds = median(runs.map((outcome) => outcome.seconds));
			const worst = (figure: keyof Outcome) => Math.max(...runs.map((outcome) => Number(outcome[figure])));
			return `| ${label} | ${contestant} | ${seconds.toFixed(1)} s | ${(seconds / limitBound).toFixed(2)} | ${median(runs.map((outcome) => outcome.delivered))} | ${worst('lost')} | ${worst('duplicates')} | ${worst('rateLimited')} | ${worst('peakInFlight')} |`;
		};
		lines.push('', `### Email burst: ${EMAILS} emails with ${ATTACHMENTS} attachments each, ${EMAILS} webhook executions at once`, '', 'Our nodes only: the HTTP Request node sends one request per item, so it cannot upload an email\'s three attachments to providers that take one file per request without further nodes. The executions share the account\'s pace and cap in the n8n process. Wall time from the first webhook call to the last answer (a webhook answers when its run is done).', '', '| provider | contestant | wall time | / bound | delivered | lost | twice | 429s | peak in flight |', '|---|---|---|---|---|---|---|---|---|');
		for (const provider of providers) {
			// HighLevel takes an item's files in one request; the others one file per request.
			const requests = (provider.name === 'HighLevel' ? EMAILS : EMAILS * ATTACHMENTS) + EMAILS * provider.lookupsPerRun;
			lines.push(`| ${provider.name} | the bound (${requests} requests) | ${bound(provider, requests).toFixed(1)} s | 1.00 | | | | | |`);
			lines.push(row(provider.name, 'our node', burstRuns[provider.name], bound(provider, requests)));
		}
		const attachRequests = attachFiles * 4;
		lines.push('', `### Kintone: Upload and Attach onto ${RECORDS} records, ${attachFiles / RECORDS} files each, one run`, '', `Each item uploads its file, reads its record and writes its Attachment field with the revision it read; three items per record conflict (409) and read again. About ${attachRequests} requests; the bound is their rounds of 100 in flight.`, '', '| workload | contestant | wall time | / bound | delivered | lost | twice | 429s | peak in flight |', '|---|---|---|---|---|---|---|---|---|');
		lines.push(`| Kintone attach | the bound | ${bound(kintone, attachRequests).toFixed(1)} s | 1.00 | | | | | |`);
		lines.push(row('Kintone attach', `our node (files attached, worst round: ${Math.min(...attachRuns.map((run) => run.attached))} of ${attachFiles})`, attachRuns, bound(kintone, attachRequests)));
		if (profiled.length) {
			lines.push('', '### Kintone: where the time goes', '', `The plain Node script (no n8n) reads the same ${FILES} files from disk and posts them with the platform's fetch and FormData, 100 at once, from a process of its own as \`n8n execute\` is: what this machine and sandbox allow. One more run of two contestants under V8's profiler (\`--cpu-prof\`, slower than the rounds above): own time per category in the \`n8n execute\` process while the upload node ran. Idle is the main thread waiting (for the disk, the sockets or a timer).`, '', `| category | ${profiled.map(({ contestant, seconds }) => `${contestant} (${seconds.toFixed(2)} s)`).join(' | ')} |`, `|---|${profiled.map(() => '---|').join('')}`);
			for (const category of CPU_CATEGORIES) lines.push(`| ${category} | ${profiled.map(({ byCategory }) => `${byCategory[category].toFixed(0)} ms`).join(' | ')} |`);
		}
		lines.push(
			'',
			'Kintone\'s bound assumes all 100 of the domain\'s concurrent requests. Our node reads the domain\'s load from every answer (X-ConcurrencyLimit-Limit and -Running) and fills the room left, less 20 kept free for the company\'s other clients: 80 in flight on an idle domain (its default cap), after 20 sent before the first answer. The HTTP Request node starts every item at once. In the email burst, a burst smaller than one window may beat the bound, which spreads requests evenly over the windows.',
			'',
			'Our Karbon node is given the scaled limit through *Max Requests per Minute* (`120 × ' + SCALE + '`): Karbon sends no quota headers, so with its defaults the node paces to the published 120 a minute, which here would be ' + SCALE + ' times slower than the scaled sandbox allows. HubSpot and HighLevel run with their defaults: the nodes read the scaled limit from the providers\' headers. The careful HTTP Request node is set by hand to each provider\'s scaled limit (batch size = the window\'s requests, batch interval = the window), with Retry On Fail (5 tries, 5 s apart).',
			'',
		);
		if (!only) writeReport('sync', lines.join('\n'));
		console.log(lines.join('\n'));
	} finally {
		await n8n.stop();
		await Promise.all(Object.values(sandboxes).map(async (sandbox: Sandbox) => await sandbox.stop()));
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
