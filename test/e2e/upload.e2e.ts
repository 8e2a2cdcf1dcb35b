import { sha256 } from '../harness/assertions';
import { e2eLog, ensureN8n, N8nInstance, packPackages, parseRunOutput, PROVIDER_PACKAGES, type PackedPackage } from '../e2e/n8n.cjs';
import { arrivedFiles, createSandboxes, demoCredentials, demoScenarios, DEMO_FILES, expectedFiles, providerUploads } from '../e2e/scenarios.cjs';
import { exampleWorkflow } from '../e2e/workflows.cjs';
import { KINTONE_APP } from '../sandboxes/kintone.cjs';

/**
 * The packed packages installed into a real n8n as its community-package installer does,
 * credentials and example workflows imported with n8n's CLI, each executed headless with
 * `n8n execute`, and what each sandbox received checked: bytes, name, type, fields. Each
 * package alone in a fresh user folder, and all four with n8n's SSRF protection on. All four
 * side by side, in each n8n line and binary data mode: lines.e2e.ts.
 */
const PROVIDERS = ['Karbon', 'HubSpot', 'Kintone', 'HighLevel'] as const;
const sandboxes = createSandboxes();
let packed: Record<string, PackedPackage>;

beforeAll(async () => {
	await ensureN8n(e2eLog);
	await Promise.all(sandboxes.all.map(async (sandbox) => await sandbox.start()));
	packed = await packPackages();
}, 30 * 60_000);

afterAll(async () => await Promise.all(sandboxes.all.map(async (sandbox) => await sandbox.stop())));

/** An n8n with the demo files, the providers' packages and their demo credentials; stopped at the end. */
function prepareInstance(n8n: N8nInstance, providers: readonly string[] = PROVIDERS): void {
	beforeAll(async () => {
		n8n.addFiles(DEMO_FILES);
		await n8n.installPackages(providers.map((provider) => packed[PROVIDER_PACKAGES[provider]]));
		const credentialIds = providerUploads(sandboxes).filter((upload) => providers.includes(upload.provider)).map((upload) => upload.credentialId);
		await n8n.importCredentials(demoCredentials(sandboxes).filter((credential) => credentialIds.includes(credential.id)));
	}, 5 * 60_000);

	afterAll(async () => await n8n.stop());
	beforeEach(() => sandboxes.all.forEach((sandbox) => sandbox.reset()));
}

describe.each(PROVIDERS)('real n8n with %s\'s package installed alone', (provider) => {
	const n8n = new N8nInstance({ N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' });
	prepareInstance(n8n, [provider]);

	test('the package is the only one installed, and its example workflow runs', async () => {
		const scenario = demoScenarios(sandboxes, `${n8n.files}/*`, 'alone').find((candidate) => candidate.provider === provider)!;
		const output = await n8n.runWorkflow(scenario.workflow);

		expect(n8n.installedPackages()).toEqual([PROVIDER_PACKAGES[provider]]);
		expect(arrivedFiles(scenario.received())).toEqual(expectedFiles());
		expect(output).toHaveLength(DEMO_FILES.length);
		e2eLog(`${provider} alone: ${scenario.summary(output)}`);
	});

	if (provider === 'HubSpot') {
		test('its Replace File example replaces the price list in place and returns a signed link', async () => {
			sandboxes.hubSpot.files.push({ id: '100000', name: 'price-list', extension: 'pdf', folderId: '1000', path: '/invoices/price-list.pdf', size: 10, access: 'PRIVATE' });
			const workflow = exampleWorkflow({
				example: 'hubspot-files-replace-price-list.json',
				credentialId: 'hubSpotDemo',
				id: 'hubSpotReplaceAlone',
				filesGlob: `${n8n.files}/invoice-*.pdf`,
				parameters: { fileToReplace: { __rl: true, mode: 'id', value: '100000' } },
			});
			const output = await n8n.runWorkflow(workflow);

			const puts = sandboxes.hubSpot.requests.filter((request) => request.method === 'PUT');
			expect(puts.map((request) => [request.path, request.files[0].fileName, request.files[0].sha256, Object.fromEntries(request.fields).options])).toEqual([
				['/files/v3/files/100000', 'invoice-2026-001.pdf', sha256(DEMO_FILES[0].bytes), '{"access":"PRIVATE"}'],
			]);
			expect(sandboxes.hubSpot.files).toEqual([expect.objectContaining({ id: '100000', size: DEMO_FILES[0].bytes.length })]);
			expect(output).toEqual([
				expect.objectContaining({
					id: '100000',
					replacedFileId: '100000',
					signedUrl: { url: 'https://files.sandbox.hubspot.test/signed/100000/price-list.pdf?Expires=604800&Signature=sandbox', expiresAt: '2026-11-29T06:00:00.000Z' },
				}),
			]);
			e2eLog(`HubSpot alone: file 100000 replaced in place (${String(output[0].size)} bytes), signed link until ${String((output[0].signedUrl as { expiresAt: string }).expiresAt)}`);
		});
	}

	if (provider === 'HubSpot') {
		test('its email example attaches to a custom object\'s record, with the association type read from HubSpot', async () => {
			const workflow = exampleWorkflow({
				example: 'hubspot-files-gmail-to-contact.json',
				credentialId: 'hubSpotDemo',
				id: 'hubSpotCustomAlone',
				filesGlob: `${n8n.files}/invoice-*.pdf`,
				parameters: { recordType: 'customObject', customObjectType: { __rl: true, mode: 'list', value: '2-3456789', cachedResultName: 'Car (2-3456789)' }, recordId: '9001' },
			});
			const output = await n8n.runWorkflow(workflow);

			expect(sandboxes.hubSpot.requests.filter((request) => request.path.startsWith('/crm/v4/')).map((request) => request.path)).toEqual(['/crm/v4/associations/notes/2-3456789/labels']);
			expect(sandboxes.hubSpot.notes.map((note) => note.associations)).toEqual([[{ to: { id: '9001' }, types: [{ associationCategory: 'USER_DEFINED', associationTypeId: 75 }] }]]);
			expect(output).toEqual([expect.objectContaining({ attachedTo: { recordType: 'customObject', objectTypeId: '2-3456789', recordId: '9001' } })]);
			e2eLog(`HubSpot alone: note ${String((output[0].note as { id: string }).id)} carries the file to car 9001 (association type 75, read from HubSpot)`);
		});
	}

	if (provider === 'HighLevel') {
		test('its media library example puts each file into the library, asking for the folder', async () => {
			const workflow = exampleWorkflow({
				example: 'highlevel-files-media-library.json',
				credentialId: 'highLevelDemo',
				id: 'highLevelMediaAlone',
				filesGlob: `${n8n.files}/*`,
				parameters: { mediaFolder: { __rl: true, mode: 'id', value: '6620f1c2a9b7e83d4c5f0a11' } },
			});
			const output = await n8n.runWorkflow(workflow);

			const media = sandboxes.highLevel.media;
			expect(media.map(({ name, sha256: hash, requestedParentId }) => ({ name, hash, requestedParentId })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
				expectedFiles().map(({ fileName, hash }) => ({ name: fileName, hash, requestedParentId: '6620f1c2a9b7e83d4c5f0a11' })),
			);
			expect(output.map((json) => Object.keys(json).sort())).toEqual([
				['binaryField', 'fileId', 'fileName', 'folderId', 'size', 'url'],
				['binaryField', 'fileId', 'fileName', 'folderId', 'size', 'url'],
			]);
			e2eLog(`HighLevel alone: ${media.length} files in the media library (${output.map((json) => String(json.fileId)).join(', ')})`);
		});
	}

	if (provider === 'Kintone') {
		test('its table-row example adds a signed agreement to the row of its agreement number, keeping every other row', async () => {
			const workflow = exampleWorkflow({
				example: 'kintone-files-signed-agreement-to-table-row.json',
				credentialId: 'kintoneDemo',
				id: 'kintoneTableRowAlone',
				filesGlob: `${n8n.files}/invoice-*.pdf`,
				parameters: { updateKeyValue: 'C-1042', rowMatchValue: 'A-2' },
			});
			const output = await n8n.runWorkflow(workflow);

			const rows = sandboxes.kintone.record(KINTONE_APP, '6')!.fields.Agreements.value as Array<{ id: string; value: Record<string, { value: unknown }> }>;
			expect(rows.map((row) => [row.id, row.value.AgreementNo.value, (row.value.SignedCopy.value as Array<{ name: string }>).map((file) => file.name)])).toEqual([
				['48290', 'A-1', ['a1-signed.pdf']],
				['48291', 'A-2', ['invoice-2026-001.pdf']],
			]);
			expect(output).toEqual([expect.objectContaining({ recordId: '6', table: 'Agreements', rowId: '48291', newRow: false, keptFiles: 0 })]);
			e2eLog(`Kintone alone: ${String(output[0].attachmentField)} of row ${String(output[0].rowId)} (table ${String(output[0].table)}) holds the signed copy; row 48290 kept its file`);
		});
	}

	if (provider === 'Kintone') {
		test('Upload and Create Record with Map Each Field: typed values reach Kintone in its formats', async () => {
			const schema = ['Title', 'Amount', 'SignedOn'].map((id) => ({ id, displayName: id, required: false, defaultMatch: false, display: true, type: id === 'Amount' ? 'number' : id === 'SignedOn' ? 'dateTime' : 'string' }));
			const workflow = exampleWorkflow({
				example: 'kintone-files-email-to-record.json',
				credentialId: 'kintoneDemo',
				id: 'kintoneMapperAlone',
				filesGlob: `${n8n.files}/invoice-*.pdf`,
				parameters: {
					operation: 'uploadAndCreate',
					fieldsInput: 'mapper',
					recordMapper: { mappingMode: 'defineBelow', value: { Title: 'Globex', Amount: 980, SignedOn: '2026-11-30T00:00:00.000+01:00' }, matchingColumns: [], schema },
				},
				drop: ['recordBy', 'updateKeyField', 'updateKeyValue', 'attachMode'],
			});
			const output = await n8n.runWorkflow(workflow);

			const fields = sandboxes.kintone.record(KINTONE_APP, String(output[0].recordId))!.fields;
			expect([fields.Title.value, fields.Amount.value, fields.SignedOn.value, (fields.Attachments.value as Array<{ name: string }>).map((file) => file.name)]).toEqual(['Globex', '980', '2026-11-30', ['invoice-2026-001.pdf']]);
			e2eLog(`Kintone alone: record ${String(output[0].recordId)} created with mapped Title, Amount "980", SignedOn 2026-11-30 and the invoice`);
		});
	}

	if (provider === 'Karbon') {
		test('its second example, an email\'s attachments onto every contact named, runs too', async () => {
			const karbon = providerUploads(sandboxes).find((upload) => upload.provider === 'Karbon')!;
			const workflow = exampleWorkflow({
				example: 'karbon-files-email-to-contacts.json',
				credentialId: karbon.credentialId,
				id: 'karbonEmailAlone',
				filesGlob: `${n8n.files}/invoice-*.pdf`,
				parameters: { recordKeys: 'C7pQ2mLk9Zx, D8rS3nMl0Ay' },
			});
			const output = await n8n.runWorkflow(workflow);
			const karbonUploads = () => sandboxes.karbon.requests.filter((request) => request.path === '/v3/Files');

			// Each key is read from Karbon before anything is uploaded.
			expect(sandboxes.karbon.requests.filter((request) => request.method === 'GET').map((request) => request.path)).toEqual(['/v3/Contacts/C7pQ2mLk9Zx', '/v3/Contacts/D8rS3nMl0Ay']);
			// Two uploads may be in flight at once: compare them in key order.
			const requests = karbonUploads().map((request) => ({ fields: request.fields, files: request.files.map((file) => [file.fileName, file.mimeType]) }));
			expect(requests.sort((a, b) => String(a.fields).localeCompare(String(b.fields)))).toEqual([
				{ fields: [['contact_keys', 'C7pQ2mLk9Zx']], files: [['invoice-2026-001.pdf', 'application/pdf']] },
				{ fields: [['contact_keys', 'D8rS3nMl0Ay']], files: [['invoice-2026-001.pdf', 'application/pdf']] },
			]);
			const invoice = sha256(DEMO_FILES[0].bytes);
			expect(karbonUploads().flatMap((request) => request.files).map((file) => file.sha256)).toEqual([invoice, invoice]);
			expect(output.map((json) => json.linkKey)).toEqual(['C7pQ2mLk9Zx', 'D8rS3nMl0Ay']);
		});
	}
});

/**
 * n8n's SSRF guard on: the sandboxes listen on 127.0.0.1, an address it refuses. The error
 * says n8n did not send the file, in n8n's words, and nothing reached the provider; HubSpot's
 * upload, which is sent again after an unknown outcome, is not sent again.
 */
describe('real n8n with SSRF protection on', () => {
	const n8n = new N8nInstance({ N8N_SSRF_PROTECTION_ENABLED: 'true' });

	prepareInstance(n8n, ['Karbon', 'HubSpot']);

	// Karbon 1.1 reads the record before the upload: that read is the first request n8n refuses.
	test.each([
		['Karbon', 'the look-up of work item RXq4mD62PXg', 'Nothing was uploaded.'],
		['HubSpot', 'the upload of "[^"]+"', 'Nothing was uploaded for this item.'],
	])('%s: n8n refuses the first request, and the error says that nothing was sent', async (provider, what, leaves) => {
		const scenario = demoScenarios(sandboxes, `${n8n.files}/*`, 'ssrf').find((candidate) => candidate.provider === provider)!;
		const result = await n8n.importAndExecute(scenario.workflow);
		const { error } = parseRunOutput<{ data: { resultData: { error?: { message: string; description?: string } } } }>(result.stdout).data.resultData;

		expect(result.code).not.toBe(0);
		expect(error?.message).toMatch(new RegExp(`^n8n did not send ${what} to ${provider}: The request was blocked`));
		expect(error?.description).toMatch(new RegExp(`administrator to allowlist the hostname.* Nothing was sent to ${provider}\\. ${leaves.replace(/\./g, '\\.')}$`));
		expect(scenario.sandbox.requests).toEqual([]);
		e2eLog(`${provider} (SSRF protection on): ${error?.message}`);
	});
});
