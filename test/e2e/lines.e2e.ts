import { e2eLog, ensureN8n, N8N_LINES, N8nInstance, packPackages, parseRunOutput, type N8nLine, type PackedPackage } from '../e2e/n8n.cjs';
import { arrivedFiles, createSandboxes, demoCredentials, demoScenarios, DEMO_FILES, expectedFiles, providerUploads } from '../e2e/scenarios.cjs';
import { exampleWorkflow } from '../e2e/workflows.cjs';
import { patternBytes } from '../harness/assertions';
import { KARBON_ERRORS } from '../sandboxes/karbon.cjs';

/**
 * The four packages side by side in each n8n line the README names, installed as community
 * packages: n8n 2.41.1 and 1.123.81. In each, every package's example workflow runs in the
 * filesystem binary mode and in the line's default (2.x: filesystem; 1.x: in memory, which
 * n8n calls "default"), and hostile input is refused before anything is sent.
 */
const LINES: N8nLine[] = ['1.x', '2.x'];
const PROVIDERS = ['Karbon', 'HubSpot', 'Kintone', 'HighLevel'] as const;
const sandboxes = createSandboxes();
let packed: PackedPackage[];
const started = Date.now();

beforeAll(async () => {
	for (const line of LINES) await ensureN8n(e2eLog, line);
	await Promise.all(sandboxes.all.map(async (sandbox) => await sandbox.start()));
	packed = Object.values(await packPackages());
}, 40 * 60_000);

afterAll(async () => {
	await Promise.all(sandboxes.all.map(async (sandbox) => await sandbox.stop()));
	e2eLog(`n8n lines: ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
});
beforeEach(() => sandboxes.all.forEach((sandbox) => sandbox.reset()));

/** Files the refusals read: each breaks one rule that the node checks before sending. */
const HOSTILE_FILES = [
	{ name: 'hostile/setup.exe', bytes: patternBytes(2048, 21) },
	{ name: 'hostile/empty.pdf', bytes: Buffer.alloc(0) },
];

/** Per provider: a parameter or a file that must be refused, and the words of the refusal. */
const REFUSALS = [
	{ provider: 'Karbon', name: 'an executable', file: 'hostile/setup.exe', parameters: {}, message: /^Input Binary Field: Karbon does not accept binary field "data" \(setup\.exe\)/ },
	{ provider: 'HubSpot', name: 'an empty file', file: 'hostile/empty.pdf', parameters: {}, message: /^Input Binary Field: binary field "data" \(empty\.pdf\) is empty \(0 bytes\)/ },
	{ provider: 'HubSpot', name: 'options JSON with a wrong value', file: 'invoice-2026-001.pdf', parameters: { optionsInput: 'json', optionsJson: '{ "access": "PRIVATE", "duplicateValidationStrategy": "SKIP" }' }, message: /duplicateValidationStrategy "SKIP" is not one of NONE, REJECT, RETURN_EXISTING/ },
	{ provider: 'Kintone', name: 'an empty file', file: 'hostile/empty.pdf', parameters: {}, message: /^Input Binary Field: binary field "data" \(empty\.pdf\) is empty \(0 bytes\)/ },
	{ provider: 'HighLevel', name: 'an executable', file: 'hostile/setup.exe', parameters: {}, message: /^Input Binary Field: HighLevel does not accept binary field "data" \(setup\.exe\)/ },
] as const;

describe.each(LINES)('real n8n %s with all four packages', (line) => {
	// 2.x's default is filesystem, 1.x's in memory ("default"): both modes on both lines.
	const binaryModes = ['filesystem', 'default'];

	describe.each(binaryModes)(`n8n ${N8N_LINES[line].version}, binary data mode %s`, (binaryMode) => {
		const n8n = new N8nInstance({ N8N_DEFAULT_BINARY_DATA_MODE: binaryMode }, undefined, line);
		const suffix = `${line[0]}${binaryMode[0]}`;
		let lineStarted = 0;

		beforeAll(async () => {
			lineStarted = Date.now();
			n8n.addFiles([...DEMO_FILES, ...HOSTILE_FILES]);
			await n8n.installPackages(packed);
			const karbon = demoCredentials(sandboxes).find((credential) => credential.id === 'karbonDemo')!;
			// n8n's per-credential domain allow-list (2.x, and 1.x since its backport): restricted
			// to another domain, the credential still reaches its own Base URL.
			const restricted = { ...karbon, id: 'karbonRestricted', name: 'Karbon, specific domains', data: { ...karbon.data, allowedHttpRequestDomains: 'domains', allowedDomains: 'example.com' } };
			await n8n.importCredentials([...demoCredentials(sandboxes), restricted]);
		}, 5 * 60_000);
		afterAll(async () => {
			await n8n.stop();
			e2eLog(`n8n ${N8N_LINES[line].version} (${binaryMode}): ${((Date.now() - lineStarted) / 1000).toFixed(0)} s`);
		});

		/** What each example promises beyond the bytes: Karbon linked, one HubSpot note per item, Kintone kept the old files. */
		const PROMISES: Record<(typeof PROVIDERS)[number], () => void> = {
			Karbon: () => expect(sandboxes.karbon.requests.map((request) => `${request.method} ${request.path} ${JSON.stringify(request.fields)}`)).toEqual(['GET /v3/WorkItems/RXq4mD62PXg []', 'POST /v3/Files [["workitem_keys","RXq4mD62PXg"]]', 'POST /v3/Files [["workitem_keys","RXq4mD62PXg"]]']),
			HubSpot: () => expect(sandboxes.hubSpot.notes.map((note) => note.properties.hs_note_body)).toEqual(['From the demo', 'From the demo']),
			Kintone: () => {
				const names = (sandboxes.kintone.record('12', '6')?.fields.Attachments.value as Array<{ name: string }>).map((file) => file.name);
				expect(names.slice(0, 2)).toEqual(['old-1.pdf', 'old-2.pdf']);
				expect(names.slice(2).sort()).toEqual(DEMO_FILES.map((file) => file.name).sort());
			},
			HighLevel: () => {
				for (const request of sandboxes.highLevel.requests.filter((r) => r.files.length)) expect(request.files[0].part).toMatch(/^fldDocuments000000004_[0-9a-f-]{36}$/);
			},
		};

		test.each(PROVIDERS)('%s: the example workflow runs, every byte arrives, and it leaves what it promises', async (provider) => {
			const scenario = demoScenarios(sandboxes, `${n8n.files}/*.pdf`, suffix).find((candidate) => candidate.provider === provider)!;
			const output = await n8n.runWorkflow(scenario.workflow);

			expect(arrivedFiles(scenario.received())).toEqual(expectedFiles());
			expect(output).toHaveLength(DEMO_FILES.length);
			PROMISES[provider]();
			e2eLog(`${provider} (n8n ${N8N_LINES[line].version}, ${binaryMode}): ${scenario.summary(output)}`);
		});

		test('the newer operations run too: HubSpot Replace File with a signed link, HighLevel Upload to Media Library', async () => {
			sandboxes.hubSpot.files.push({ id: '100000', name: 'price-list', extension: 'pdf', folderId: '1000', path: '/invoices/price-list.pdf', size: 10, access: 'PRIVATE' });
			const replaced = await n8n.runWorkflow(
				exampleWorkflow({ example: 'hubspot-files-replace-price-list.json', credentialId: 'hubSpotDemo', id: `replace${suffix}`, filesGlob: `${n8n.files}/invoice-*.pdf`, parameters: { fileToReplace: { __rl: true, mode: 'id', value: '100000' } } }),
			);
			expect(replaced).toEqual([expect.objectContaining({ id: '100000', replacedFileId: '100000', signedUrl: expect.objectContaining({ expiresAt: '2026-11-29T06:00:00.000Z' }) })]);
			expect(sandboxes.hubSpot.files).toEqual([expect.objectContaining({ id: '100000', size: DEMO_FILES[0].bytes.length })]);

			const media = await n8n.runWorkflow(
				exampleWorkflow({ example: 'highlevel-files-media-library.json', credentialId: 'highLevelDemo', id: `media${suffix}`, filesGlob: `${n8n.files}/*.pdf`, parameters: { mediaFolder: { __rl: true, mode: 'id', value: '6620f1c2a9b7e83d4c5f0a11' } } }),
			);
			expect(media).toHaveLength(DEMO_FILES.length);
			expect(sandboxes.highLevel.media.map(({ name, sha256: hash }) => ({ fileName: name, hash })).sort((a, b) => a.fileName.localeCompare(b.fileName))).toEqual(
				expectedFiles().map(({ fileName, hash }) => ({ fileName, hash })),
			);
		});

		test('a Karbon credential restricted to Specific Domains still uploads to its own Base URL', async () => {
			const karbon = providerUploads(sandboxes).find((candidate) => candidate.provider === 'Karbon')!;
			const workflow = exampleWorkflow({ ...karbon, credentialId: 'karbonRestricted', id: `restricted${suffix}`, filesGlob: `${n8n.files}/invoice-*.pdf` });
			const output = await n8n.runWorkflow(workflow);

			expect(output.map((json) => json.linkKey)).toEqual(['RXq4mD62PXg']);
			expect(sandboxes.karbon.requests.flatMap((request) => request.files.map((file) => file.fileName))).toEqual(['invoice-2026-001.pdf']);
		});

		test('with On Error → Continue (using error output), a failed upload goes to the error output with all its error says', async () => {
			const karbon = providerUploads(sandboxes).find((candidate) => candidate.provider === 'Karbon')!;
			sandboxes.karbon.answerMatching((request) => request.files[0]?.fileName === 'invoice-2026-001.pdf', KARBON_ERRORS.serverError);
			const workflow = exampleWorkflow({ ...karbon, onError: 'continueErrorOutput', id: `errorOutput${suffix}`, filesGlob: `${n8n.files}/*.pdf` });
			// Runs to the end (exit code 0): the failure is routed, not raised.
			const [uploaded, failed] = await n8n.runWorkflowOutputs(workflow);

			expect(uploaded.map((item) => item.json.linkKey)).toEqual(['RXq4mD62PXg']);
			expect(failed.map((item) => ({ error: item.json.error, message: item.json.message }))).toEqual([
				{
					error: 'Karbon refused the upload of "invoice-2026-001.pdf" (HTTP 500): An error has occurred.',
					message: 'Not retried: Karbon may have stored the file before the failure; check before running again. Nothing was uploaded for this item.',
				},
			]);
		});

		test.each(REFUSALS.map((refusal, index) => [`${refusal.provider}, ${refusal.name}`, refusal, index] as const))(
			'%s: refused before anything is sent',
			async (_name, refusal, index) => {
				const upload = providerUploads(sandboxes).find((candidate) => candidate.provider === refusal.provider)!;
				const workflow = exampleWorkflow({ ...upload, parameters: { ...upload.parameters, ...refusal.parameters }, id: `refuse${suffix}${index}`, filesGlob: `${n8n.files}/${refusal.file}` });
				const result = await n8n.importAndExecute(workflow);
				const { error } = parseRunOutput<{ data: { resultData: { error?: { message: string } } } }>(result.stdout).data.resultData;

				expect(result.code).not.toBe(0);
				expect(error?.message).toMatch(refusal.message);
				expect(upload.sandbox.requests.filter((request) => request.files.length)).toEqual([]);
			},
		);
	});
});
