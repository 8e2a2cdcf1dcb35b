import { e2eLog, ensureN8n, N8nInstance, packPackage, parseRunOutput } from '../e2e/n8n.cjs';
import { arrivedFiles, createSandboxes, demoCredentials, demoScenarios, DEMO_FILES, expectedFiles } from '../e2e/scenarios.cjs';

/**
 * The packed package installed into a real n8n as its community-package installer does,
 * credentials and example workflows imported with n8n's CLI, each executed headless with
 * `n8n execute`, and what each sandbox received checked: bytes, name, type, fields.
 */
const sandboxes = createSandboxes();
let tarball: string;

beforeAll(async () => {
	await ensureN8n(e2eLog);
	await Promise.all(sandboxes.all.map(async (sandbox) => await sandbox.start()));
	tarball = await packPackage();
}, 30 * 60_000);

afterAll(async () => await Promise.all(sandboxes.all.map(async (sandbox) => await sandbox.stop())));

/** An n8n with the demo files, the package and the demo credentials; stopped at the end. */
function prepareInstance(n8n: N8nInstance): void {
	beforeAll(async () => {
		n8n.addFiles(DEMO_FILES);
		await n8n.installPackage(tarball);
		await n8n.importCredentials(demoCredentials(sandboxes));
	}, 5 * 60_000);

	afterAll(async () => await n8n.stop());
	beforeEach(() => sandboxes.all.forEach((sandbox) => sandbox.reset()));
}

/** Binary data modes: n8n 2.x's default (filesystem), and in memory (base64 in the item). */
describe.each(['filesystem', 'default'])('real n8n, binary data mode %s', (binaryMode) => {
	const n8n = new N8nInstance({ N8N_DEFAULT_BINARY_DATA_MODE: binaryMode });
	const scenarios = () => demoScenarios(sandboxes, `${n8n.files}/*`, binaryMode);

	prepareInstance(n8n);

	test.each(['Karbon', 'HubSpot', 'Kintone', 'HighLevel'])('%s: the example workflow runs and every byte arrives', async (provider) => {
		const scenario = scenarios().find((candidate) => candidate.provider === provider)!;
		const output = await n8n.runWorkflow(scenario.workflow);

		expect(arrivedFiles(scenario.received())).toEqual(expectedFiles());
		expect(output).toHaveLength(DEMO_FILES.length);
		e2eLog(`${provider} (${binaryMode}): ${scenario.summary(output)}`);
	});

	test('the files Karbon received are linked as the example says; HubSpot wrote one note per item; Kintone kept the old files', async () => {
		const all = scenarios();
		for (const scenario of all) await n8n.runWorkflow(scenario.workflow);

		expect(sandboxes.karbon.requests.map((request) => request.fields)).toEqual([[['workitem_keys', 'RXq4mD62PXg']], [['workitem_keys', 'RXq4mD62PXg']]]);
		expect(sandboxes.hubSpot.notes.map((note) => note.properties.hs_note_body)).toEqual(['From the demo', 'From the demo']);
		const names = (sandboxes.kintone.record('12', '6')?.fields.Attachments.value as Array<{ name: string }>).map((file) => file.name);
		expect(names.slice(0, 2)).toEqual(['old-1.pdf', 'old-2.pdf']);
		expect(names.slice(2).sort()).toEqual(DEMO_FILES.map((file) => file.name).sort());
		for (const request of sandboxes.highLevel.requests.filter((r) => r.files.length)) expect(request.files[0].part).toMatch(/^fldDocuments000000004_[0-9a-f-]{36}$/);
	});
});

/**
 * n8n's SSRF guard on: the sandboxes listen on 127.0.0.1, an address it refuses. The error
 * says n8n did not send the file, in n8n's words, and nothing reached the provider; HubSpot's
 * upload, which is sent again after an unknown outcome, is not sent again.
 */
describe('real n8n with SSRF protection on', () => {
	const n8n = new N8nInstance({ N8N_SSRF_PROTECTION_ENABLED: 'true' });

	prepareInstance(n8n);

	test.each(['Karbon', 'HubSpot'])('%s: n8n refuses the upload, and the error says that nothing was sent', async (provider) => {
		const scenario = demoScenarios(sandboxes, `${n8n.files}/*`, 'ssrf').find((candidate) => candidate.provider === provider)!;
		const result = await n8n.importAndExecute(scenario.workflow);
		const { error } = parseRunOutput<{ data: { resultData: { error?: { message: string; description?: string } } } }>(result.stdout).data.resultData;

		expect(result.code).not.toBe(0);
		expect(error?.message).toMatch(new RegExp(`^n8n did not send the upload of "[^"]+" to ${provider}: The request was blocked`));
		expect(error?.description).toMatch(new RegExp(`administrator to allowlist the hostname.* Nothing was sent to ${provider}\\. Nothing was uploaded for this item\\.$`));
		expect(scenario.sandbox.requests).toEqual([]);
		e2eLog(`${provider} (SSRF protection on): ${error?.message}`);
	});
});
