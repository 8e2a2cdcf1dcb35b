import { patternBytes, sha256 } from '../harness/assertions';
import { e2eLog, ensureN8n, N8nInstance, packPackage } from '../e2e/n8n.cjs';
import { exampleWorkflow } from '../e2e/workflows.cjs';
import { highLevelSandbox, HIGHLEVEL_CONTACT_ID, HIGHLEVEL_CREDENTIALS, HIGHLEVEL_FIELDS } from '../sandboxes/highlevel.cjs';
import { hubSpotSandbox, HUBSPOT_TOKEN } from '../sandboxes/hubspot.cjs';
import { karbonSandbox, KARBON_CREDENTIALS } from '../sandboxes/karbon.cjs';
import { kintoneSandbox, KINTONE_APP, KINTONE_TOKENS } from '../sandboxes/kintone.cjs';

/**
 * The packed package installed into a real n8n as its community-package installer does,
 * credentials and example workflows imported with n8n's CLI, each executed headless with
 * `n8n execute`, and what each sandbox received checked: bytes, name, type, fields.
 */
const karbon = karbonSandbox();
const hubSpot = hubSpotSandbox();
const kintone = kintoneSandbox();
const highLevel = highLevelSandbox();
const sandboxes = [karbon, hubSpot, kintone, highLevel];

const FILES = [
	{ name: 'invoice-2026-001.pdf', bytes: patternBytes(180_000, 11) },
	{ name: 'Angebot Müller – 見積.pdf', bytes: patternBytes(2_500_000, 12) },
];

let tarball: string;

beforeAll(async () => {
	await ensureN8n(e2eLog);
	await Promise.all(sandboxes.map(async (sandbox) => await sandbox.start()));
	tarball = await packPackage();
}, 30 * 60_000);

afterAll(async () => await Promise.all(sandboxes.map(async (sandbox) => await sandbox.stop())));

/** Binary data modes: n8n 2.x's default (filesystem), and in memory (base64 in the item). */
describe.each(['filesystem', 'default'])('real n8n, binary data mode %s', (binaryMode) => {
	const n8n = new N8nInstance({ N8N_DEFAULT_BINARY_DATA_MODE: binaryMode });
	let glob = () => '';

	beforeAll(async () => {
		const files = n8n.addFiles(FILES);
		glob = () => files;
		await n8n.installPackage(tarball);
		await n8n.importCredentials([
			{ id: 'karbonE2E', name: 'Karbon sandbox', type: 'karbonFilesApi', data: { ...KARBON_CREDENTIALS, baseUrl: karbon.baseUrl } },
			{ id: 'hubSpotE2E', name: 'HubSpot sandbox', type: 'hubSpotFilesApi', data: { privateAppToken: HUBSPOT_TOKEN, baseUrl: hubSpot.baseUrl } },
			{ id: 'kintoneE2E', name: 'Kintone sandbox', type: 'kintoneFilesApi', data: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: KINTONE_TOKENS.app12, baseUrlOverride: kintone.baseUrl } },
			{ id: 'highLevelE2E', name: 'HighLevel sandbox', type: 'highLevelFilesApi', data: { ...HIGHLEVEL_CREDENTIALS, baseUrl: highLevel.baseUrl } },
		]);
	}, 5 * 60_000);

	afterAll(async () => await n8n.stop());
	beforeEach(() => sandboxes.forEach((sandbox) => sandbox.reset()));

	async function execute(workflow: ReturnType<typeof exampleWorkflow>) {
		const { uploadNodeName, ...importable } = workflow;
		await n8n.importWorkflow(importable);
		const result = await n8n.execute(workflow.id);
		if (result.code !== 0) throw new Error(`n8n execute failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
		const start = result.stdout.search(/^\{$/m);
		if (start < 0) throw new Error(`n8n execute printed no run data:\n${result.stdout}\n${result.stderr}`);
		const data = JSON.parse(result.stdout.slice(start)) as { data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } } };
		return data.data.resultData.runData[uploadNodeName][0].data.main[0].map((item) => item.json);
	}

	const expectFilesArrived = (received: Array<{ fileName: string; sha256: string; mimeType: string }>) =>
		expect(received.map(({ fileName, sha256: hash, mimeType }) => ({ fileName, hash, mimeType })).sort((a, b) => a.fileName.localeCompare(b.fileName))).toEqual(
			FILES.map((file) => ({ fileName: file.name, hash: sha256(file.bytes), mimeType: 'application/pdf' })).sort((a, b) => a.fileName.localeCompare(b.fileName)),
		);

	test('Karbon Files: invoices from disk → a work item', async () => {
		const output = await execute(exampleWorkflow({ example: 'karbon-files-upload.json', id: `karbonE2E${binaryMode}`.slice(0, 21), filesGlob: glob(), credentialId: 'karbonE2E' }));

		expectFilesArrived(karbon.requests.map((request) => request.files[0]));
		expect(karbon.requests.map((request) => request.fields)).toEqual([[['workitem_keys', 'RXq4mD62PXg']], [['workitem_keys', 'RXq4mD62PXg']]]);
		expect(output.map((json) => [json.linkType, json.linkKey])).toEqual([
			['workItem', 'RXq4mD62PXg'],
			['workItem', 'RXq4mD62PXg'],
		]);
	});

	test('HubSpot Files: upload and attach to a contact through one note per item', async () => {
		const output = await execute(
			exampleWorkflow({ example: 'hubspot-files-gmail-to-contact.json', id: `hubSpotE2E${binaryMode}`.slice(0, 21), filesGlob: glob(), credentialId: 'hubSpotE2E', parameters: { recordId: '51', noteBody: 'From e2e' } }),
		);

		expectFilesArrived(hubSpot.requests.filter((request) => request.files.length).map((request) => request.files[0]));
		expect(hubSpot.notes.map((note) => note.properties.hs_note_body)).toEqual(['From e2e', 'From e2e']);
		expect(output.map((json) => (json.attachedTo as { recordId: string }).recordId)).toEqual(['51', '51']);
	});

	test('Kintone Files: append to the record found by update key', async () => {
		const output = await execute(
			exampleWorkflow({ example: 'kintone-files-email-to-record.json', id: `kintoneE2E${binaryMode}`.slice(0, 21), filesGlob: glob(), credentialId: 'kintoneE2E', parameters: { app: { __rl: true, mode: 'id', value: KINTONE_APP }, updateKeyField: 'CustomerCode', updateKeyValue: 'C-1042' } }),
		);

		expectFilesArrived(kintone.requests.filter((request) => request.files.length).map((request) => request.files[0]));
		const names = (kintone.record(KINTONE_APP, '6')?.fields.Attachments.value as Array<{ name: string }>).map((file) => file.name);
		expect(names.slice(0, 2)).toEqual(['old-1.pdf', 'old-2.pdf']);
		expect(names.slice(2).sort()).toEqual(FILES.map((file) => file.name).sort());
		expect(output.every((json) => json.mode === 'append')).toBe(true);
	});

	test('HighLevel Files: the files into a contact\'s file upload field', async () => {
		const documents = HIGHLEVEL_FIELDS.find((field) => field.name === 'Documents')!.id;
		const output = await execute(
			exampleWorkflow({
				example: 'highlevel-files-form-uploads.json',
				id: `highLevelE2E${binaryMode}`.slice(0, 21),
				filesGlob: glob(),
				credentialId: 'highLevelE2E',
				parameters: { contactId: HIGHLEVEL_CONTACT_ID, customField: { __rl: true, mode: 'id', value: documents } },
				drop: ['fieldMappings'],
			}),
		);

		const uploads = highLevel.requests.filter((request) => request.files.length);
		expectFilesArrived(uploads.map((request) => request.files[0]));
		for (const request of uploads) expect(request.files[0].part).toMatch(new RegExp(`^${documents}_[0-9a-f-]{36}$`));
		expect(output).toHaveLength(2);
	});
});
