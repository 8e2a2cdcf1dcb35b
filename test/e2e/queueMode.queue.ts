import { patternBytes, sha256 } from '../harness/assertions';
import { e2eLog, ensureN8n, freePort, N8nInstance, packPackages, setupOwner } from '../e2e/n8n.cjs';
import { arrivedFiles, createSandboxes, demoCredentials, DEMO_FILES, expectedFiles, providerUploads } from '../e2e/scenarios.cjs';
import { ensureQueueServices, Postgres, processOwningConnection, Redis } from '../e2e/services.cjs';
import { nightlySyncWorkflow, webhookWorkflow } from '../e2e/workflows.cjs';

/**
 * n8n's distributed setup: PostgreSQL and Redis, one main that takes the webhooks and
 * enqueues the executions, two workers that run them, binary data in the database (the
 * queue-mode default). The packed package is installed into each process's own user folder.
 */
const WORKERS = ['worker-1', 'worker-2'];
/** Below the six nightly batches, so both workers must take some. */
const WORKER_CONCURRENCY = 3;
/** The nodes' default caps on uploads in flight (per worker, per account; Kintone's, fewer while its domain is busy). */
const CAPS: Record<string, number> = { Karbon: 2, HubSpot: 10, Kintone: 80, HighLevel: 10 };
/** 60 files: six batches of ten, spread over the four providers. */
const BATCHES = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];
const PER_BATCH: Record<string, number> = { Karbon: 3, HubSpot: 3, Kintone: 2, HighLevel: 2 };

const sandboxes = createSandboxes();
const uploads = providerUploads(sandboxes);
let postgres: Postgres;
let redis: Redis;
let main: N8nInstance;
let workers: N8nInstance[] = [];
let url = '';
let apiKey = '';
const timings: Record<string, number> = {};

const syncFiles = BATCHES.flatMap((batch, b) =>
	Object.entries(PER_BATCH).flatMap(([provider, count]) =>
		Array.from({ length: count }, (_, i) => ({ batch, provider, name: `${batch}-${provider.toLowerCase()}-${i + 1}.pdf`, bytes: patternBytes(150_000 + 9_000 * i + 1_000 * b, 100 + b * 10 + i) })),
	),
);

async function timed<T>(label: string, task: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await task();
	} finally {
		timings[label] = (Date.now() - started) / 1000;
	}
}

async function api<T>(pathAndQuery: string): Promise<T> {
	const response = await fetch(`${url}/api/v1${pathAndQuery}`, { headers: { 'X-N8N-API-KEY': apiKey } });
	if (!response.ok) throw new Error(`GET ${pathAndQuery}: ${response.status} ${await response.text()}`);
	return (await response.json()) as T;
}

interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
}

/** The executions n8n recorded, each with the worker whose log says it ran it. */
async function executionsWithWorkers() {
	const { data } = await api<{ data: ExecutionSummary[] }>('/executions?limit=250');
	return data.map((execution) => ({
		...execution,
		ranOn: WORKERS.filter((_, index) => workers[index].readLog().includes(`Worker started execution ${execution.id} `)),
	}));
}

beforeAll(async () => {
	await ensureN8n(e2eLog);
	const postgresBin = await ensureQueueServices(e2eLog);
	postgres = new Postgres(postgresBin);
	redis = new Redis();
	await timed('postgres and redis started', async () => await Promise.all([postgres.start(), redis.start()]));
	await Promise.all(sandboxes.all.map(async (sandbox) => await sandbox.start()));
	const packages = Object.values(await packPackages());

	const queueEnv = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
	};
	main = new N8nInstance(queueEnv);
	workers = await Promise.all(
		WORKERS.map(async () => new N8nInstance({ ...queueEnv, N8N_RESTRICT_FILE_ACCESS_TO: main.files, N8N_WORKER_SERVER_ADDRESS: '127.0.0.1', QUEUE_HEALTH_CHECK_PORT: String(await freePort()) })),
	);
	// All four packages on main and on every worker: the workers are what runs the nodes.
	for (const instance of [main, ...workers]) await instance.installPackages(packages);

	main.addFiles(syncFiles.map((file) => ({ name: `sync/${file.batch}/${file.provider.toLowerCase()}/${file.name}`, bytes: file.bytes })));

	// Credentials and published workflows go in through the CLI before main starts.
	await timed('credentials and workflows imported', async () => {
		await main.importCredentials(demoCredentials(sandboxes));
		const workflows = [
			...uploads.map((upload) => webhookWorkflow({ ...upload, id: `queue${upload.provider}`, path: `queue-${upload.provider.toLowerCase()}` })),
			nightlySyncWorkflow({ id: 'queueNightlySync', path: 'nightly-sync', folder: `${main.files}/sync`, uploads }),
		];
		await main.importWorkflow(workflows);
		await Promise.all(
			workflows.map(async ({ id }) => {
				const published = await main.cli(['publish:workflow', `--id=${id}`]);
				if (published.code !== 0) throw new Error(`publish:workflow ${id} failed: ${published.stderr}${published.stdout}`);
			}),
		);
	});
	url = (await timed('main ready', async () => await main.start())).url;
	await timed('workers ready', async () => await Promise.all(workers.map(async (worker) => await worker.start('worker', [`--concurrency=${WORKER_CONCURRENCY}`]))));

	// Each sandbox tells the workers' connections apart.
	const pids = Object.fromEntries(WORKERS.map((name, index) => [name, workers[index].pid]));
	for (const sandbox of sandboxes.all) sandbox.identifyClient((port, sandboxPort) => processOwningConnection(port, sandboxPort, pids));

	const cookie = (await setupOwner(url)).map((header) => header.split(';')[0]).join('; ');
	const created = await fetch(`${url}/rest/api-keys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ label: 'queue e2e', scopes: ['execution:read', 'execution:list'], expiresAt: null }),
	});
	if (!created.ok) throw new Error(`creating an API key failed: ${created.status} ${await created.text()}`);
	apiKey = ((await created.json()) as { data: { rawApiKey: string } }).data.rawApiKey;
	e2eLog(`queue mode up: ${JSON.stringify(timings)}`);
}, 40 * 60_000);

afterAll(async () => {
	// Everything that was started is stopped, also when a step above failed.
	await Promise.allSettled(workers.map(async (worker) => await worker.stop()));
	await main?.stop();
	await Promise.allSettled([postgres?.stop(), redis?.stop(), ...sandboxes.all.map(async (sandbox) => await sandbox.stop())]);
	e2eLog(`queue mode timings (s): ${JSON.stringify(timings)}`);
}, 2 * 60_000);

beforeEach(() => sandboxes.all.forEach((sandbox) => sandbox.reset()));

describe('queue mode: main, two workers, PostgreSQL, Redis, binary data in the database', () => {
	test('each node\'s webhook workflow: the attachments posted to main are uploaded by a worker, byte-exact', async () => {
		const answers = await timed('four webhook workflows', async () =>
			await Promise.all(
				uploads.map(async (upload) => {
					const form = new FormData();
					for (const file of DEMO_FILES) form.append('file', new Blob([file.bytes], { type: 'application/pdf' }), file.name);
					const response = await fetch(`${url}/webhook/queue-${upload.provider.toLowerCase()}`, { method: 'POST', body: form });
					return { upload, status: response.status, output: (await response.json()) as Array<Record<string, unknown>> };
				}),
			),
		);

		for (const { upload, status, output } of answers) {
			expect({ provider: upload.provider, status }).toEqual({ provider: upload.provider, status: 200 });
			expect(arrivedFiles(upload.received())).toEqual(expectedFiles());
			e2eLog(`${upload.provider} (queue): ${upload.summary(output)}`);
		}
		// The uploads came from the workers, never from main.
		const senders = new Set(sandboxes.all.flatMap((sandbox) => sandbox.requests.filter((request) => request.files.length).map((request) => request.client)));
		expect([...senders].every((sender) => WORKERS.includes(String(sender)))).toBe(true);
	});

	test('the nightly sync: 60 files in six batch calls at once, each file arrives exactly once, no worker over a node\'s cap', async () => {
		const statuses = await timed('nightly sync of 60 files', async () =>
			await Promise.all(
				BATCHES.map(async (batch) => {
					const response = await fetch(`${url}/webhook/nightly-sync`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ batch }) });
					await response.text();
					return response.status;
				}),
			),
		);
		expect(statuses).toEqual(BATCHES.map(() => 200));

		for (const upload of uploads) {
			const expected = syncFiles.filter((file) => file.provider === upload.provider).map((file) => ({ fileName: file.name, hash: sha256(file.bytes), mimeType: 'application/pdf' }));
			// Exactly once: as many file parts as files, each name with its own bytes.
			expect(arrivedFiles(upload.received())).toEqual(expected.sort((a, b) => a.fileName.localeCompare(b.fileName)));

			const peaks = Object.fromEntries(upload.sandbox.maxUploadsInFlightBy);
			e2eLog(`${upload.provider}: peak uploads in flight per worker ${JSON.stringify(peaks)} (cap ${CAPS[upload.provider]})`);
			expect(Object.keys(peaks).every((sender) => WORKERS.includes(sender))).toBe(true);
			for (const peak of Object.values(peaks)) expect(peak).toBeLessThanOrEqual(CAPS[upload.provider]);
		}
		// Appends from both workers at once: Kintone's record kept its old files and got all twelve.
		const names = (sandboxes.kintone.record('12', '6')?.fields.Attachments.value as Array<{ name: string }>).map((file) => file.name);
		expect(names.filter((name) => name.startsWith('old-'))).toEqual(['old-1.pdf', 'old-2.pdf']);
		expect(names.filter((name) => name.startsWith('b')).sort()).toEqual(syncFiles.filter((file) => file.provider === 'Kintone').map((file) => file.name).sort());
	});

	test('the executions were run by the workers, one worker each, with binary data in database mode', async () => {
		const executions = await executionsWithWorkers();
		const lines = executions.map((execution) => `execution ${execution.id} (${execution.workflowId}, ${execution.status}) ran on ${execution.ranOn.join(', ') || 'no worker'}`);
		e2eLog(lines.join('\n'));

		expect(executions).toHaveLength(uploads.length + BATCHES.length);
		for (const execution of executions) {
			expect({ id: execution.id, status: execution.status, ranOn: execution.ranOn.length }).toEqual({ id: execution.id, status: 'success', ranOn: 1 });
		}
		expect(new Set(executions.flatMap((execution) => execution.ranOn))).toEqual(new Set(WORKERS));

		// The files the webhook received (on main) and the ones Read Files read (on a worker) sit in PostgreSQL.
		const webhookRun = executions.find((execution) => execution.workflowId === 'queueKarbon')!;
		const { data } = await api<{ data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ binary?: Record<string, { id?: string }> }>> } }>> } } }>(
			`/executions/${webhookRun.id}?includeData=true`,
		);
		const received = data.resultData.runData.Webhook[0].data.main[0][0].binary ?? {};
		expect(Object.keys(received)).toEqual(['attachment_0', 'attachment_1']);
		for (const binary of Object.values(received)) expect(binary.id).toMatch(/^database:/);
		const [[stored]] = await postgres.query('select count(*) from binary_data');
		expect(Number(stored)).toBeGreaterThanOrEqual(DEMO_FILES.length * uploads.length + syncFiles.length);
	});
});
