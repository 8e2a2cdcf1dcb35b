import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { patternBytes, serialiseRun, sha256 } from '../harness/assertions';
import { runCredentialTest, runListSearch, runNode } from '../harness/engine.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import { hubSpotSandbox, hubSpotError, HUBSPOT_ERRORS, HUBSPOT_TOKEN, HUBSPOT_UNKNOWN_TOKEN } from '../sandboxes/hubspot.cjs';

const sandbox = hubSpotSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const pdf = (name = 'contract.pdf', bytes = patternBytes(1200)) => ({ bytes, fileName: name, mimeType: 'application/pdf' });
const credentials = (token = HUBSPOT_TOKEN) => ({ hubSpotFilesApi: { privateAppToken: token, baseUrl: sandbox.baseUrl } });

function run(parameters: INodeParameters, items: FixtureItem[] = [{ files: { data: pdf() } }], extra: { continueOnFail?: boolean; token?: string } = {}) {
	return runNode({
		type: 'hubSpotFiles',
		parameters: { resource: 'file', operation: 'upload', folder: { __rl: true, mode: 'id', value: '1000' }, ...parameters },
		credentials: credentials(extra.token),
		items,
		continueOnFail: extra.continueOnFail,
	});
}

const uploads = () => sandbox.requests.filter((request) => request.files.length > 0 || request.path.includes('/files'));
const sentFields = (index = 0) => Object.fromEntries(uploads()[index].fields);
const sentOptions = (index = 0) => JSON.parse(sentFields(index).options) as IDataObject;

describe('HubSpot Files › Upload (Files v3)', () => {
	test('sends the file, the folder ID and the options JSON; answers the File object', async () => {
		const bytes = patternBytes(250_000, 4);
		const result = await run({}, [{ files: { data: pdf('offer.pdf', bytes) } }]);

		expect(result.error).toBeUndefined();
		const [request] = uploads();
		expect([request.method, request.path]).toEqual(['POST', '/files/v3/files']);
		expect(request.headers.authorization).toBe(`Bearer ${HUBSPOT_TOKEN}`);
		expect(request.headers.accept).toBe('application/json');
		expect(request.files[0]).toMatchObject({ part: 'file', fileName: 'offer.pdf', mimeType: 'application/pdf', sha256: sha256(bytes) });
		expect(request.fields).toEqual([
			['folderId', '1000'],
			['options', JSON.stringify({ access: 'PRIVATE' })],
		]);
		expect(result.output).toEqual([
			{
				json: expect.objectContaining({ id: '100000', name: 'offer', extension: 'pdf', path: '/invoices/offer.pdf', size: bytes.length, access: 'PRIVATE', binaryField: 'data' }),
				pairedItem: { item: 0 },
			},
		]);
	});

	test.each<[string, INodeParameters['folder'], Record<string, string>]>([
		['From List (the picked folder id)', { __rl: true, mode: 'list', value: '1002', cachedResultName: '/contracts' }, { folderId: '1002' }],
		['By ID', { __rl: true, mode: 'id', value: '1001' }, { folderId: '1001' }],
		['By Path', { __rl: true, mode: 'path', value: '/clients/acme' }, { folderPath: '/clients/acme' }],
		['By Path, the root', { __rl: true, mode: 'path', value: '/' }, { folderPath: '/' }],
	])('folder %s sends exactly one of folderId / folderPath', async (_case, folder, expected) => {
		const result = await run({ folder });

		expect(result.error).toBeUndefined();
		const fields = sentFields();
		expect(Object.keys(fields).filter((name) => name.startsWith('folder'))).toEqual(Object.keys(expected));
		expect(fields).toMatchObject(expected);
	});

	test('every option field reaches the wire as the JSON HubSpot parses', async () => {
		await run({
			access: 'HIDDEN_SENSITIVE',
			fileOptions: { ttl: 'P3M', overwrite: true, duplicateValidationStrategy: 'RETURN_EXISTING', duplicateValidationScope: 'ENTIRE_PORTAL' },
			options: { fileName: 'Signed contract.pdf', charsetHunch: 'utf-8' },
		});

		expect(sentOptions()).toEqual({
			access: 'HIDDEN_SENSITIVE',
			ttl: 'P3M',
			overwrite: true,
			duplicateValidationStrategy: 'RETURN_EXISTING',
			duplicateValidationScope: 'ENTIRE_PORTAL',
		});
		expect(sentFields()).toMatchObject({ fileName: 'Signed contract.pdf', charsetHunch: 'utf-8' });
		expect(uploads()[0].files[0].fileName).toBe('Signed contract.pdf');
	});

	test('raw JSON options are sent as given once checked', async () => {
		await run({ optionsInput: 'json', optionsJson: '{ "access": "PUBLIC_NOT_INDEXABLE", "ttl": "P1Y", "overwrite": false }' });
		expect(sentOptions()).toEqual({ access: 'PUBLIC_NOT_INDEXABLE', ttl: 'P1Y', overwrite: false });
	});

	test.each(['P3M', 'P1Y', 'P52W', 'P12M', 'P30D', 'P1M2W'])('TTL %s passes', async (ttl) => {
		const result = await run({ fileOptions: { ttl } });
		expect(result.error).toBeUndefined();
		expect(sentOptions().ttl).toBe(ttl);
	});

	test.each<[string, RegExp]>([
		['P13M', /^File Options → TTL: "P13M" is longer than HubSpot's maximum of one year/],
		['P2Y', /^File Options → TTL: "P2Y" is longer than HubSpot's maximum of one year/],
		['P53W', /longer than HubSpot's maximum/],
		['3 months', /"3 months" is not an ISO-8601 period such as P3M/],
		['P', /not an ISO-8601 period/],
		['P0D', /a period of zero/],
		['PT12H', /not an ISO-8601 period/],
	])('TTL %s is refused before sending, with the rule', async (ttl, message) => {
		const result = await run({ fileOptions: { ttl } });
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(/Allowed keys and values — access \(required\)/);
		expect(sandbox.requests).toHaveLength(0);
	});

	test.each<[string, string, RegExp, RegExp]>([
		['invalid JSON', '{ access: PRIVATE }', /Options \(JSON\): the text is not valid JSON/, /e.g. \{"access": "PRIVATE", "ttl": "P3M"\}/],
		['a missing access', '{ "ttl": "P3M" }', /^Options \(JSON\): "access" is required/, /access \(required\): PRIVATE, PUBLIC_INDEXABLE/],
		['a wrong enum value', '{ "access": "PRIVATE", "duplicateValidationStrategy": "SKIP" }', /duplicateValidationStrategy "SKIP" is not one of NONE, REJECT, RETURN_EXISTING/, /duplicateValidationScope: ENTIRE_PORTAL, EXACT_FOLDER/],
		['an unknown key', '{ "access": "PRIVATE", "folderId": "1" }', /unknown option "folderId"/, /Allowed keys and values/],
		['an array', '[]', /not a JSON object/, /Allowed keys/],
		['a TTL over a year', '{ "access": "PRIVATE", "ttl": "P2Y" }', /^Options \(JSON\): TTL "P2Y" is longer than HubSpot's maximum of one year/, /Allowed keys/],
		['overwrite as text', '{ "access": "PRIVATE", "overwrite": "yes" }', /overwrite must be true or false/, /Allowed keys/],
	])('raw JSON with %s is refused before sending', async (_case, optionsJson, message, fix) => {
		const result = await run({ optionsInput: 'json', optionsJson });
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toMatch(fix);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('a folder path from an expression that does not start with / is refused before sending', async () => {
		const result = await run({ folder: { __rl: true, mode: 'path', value: '={{ "invoices" }}' } });
		expect(result.error?.message).toMatch(/Folder: the path "invoices" does not start with \/ \[item 0\]/);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('a typed folder path without / is refused by n8n itself', async () => {
		await expect(run({ folder: { __rl: true, mode: 'path', value: 'invoices' } })).rejects.toThrow(/A folder path starts with \//);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('several attachments upload one by one, each output paired with the item', async () => {
		const result = await run({ uploadAllBinaryFields: true }, [{ files: { attachment_0: pdf('a.pdf'), attachment_1: pdf('b.pdf') } }]);
		expect(uploads()).toHaveLength(2);
		expect(result.output.map(({ json, pairedItem }) => [json.name, pairedItem])).toEqual([
			['a', { item: 0 }],
			['b', { item: 0 }],
		]);
	});
});

describe('HubSpot Files › legacy file manager', () => {
	test('posts to /filemanager/api/v3/files/upload with the same fields and answers the same File shape', async () => {
		const result = await run({ endpoint: 'legacyFileManager', access: 'PUBLIC_INDEXABLE', folder: { __rl: true, mode: 'path', value: '/invoices' } });

		expect(result.error).toBeUndefined();
		expect(uploads()[0].path).toBe('/filemanager/api/v3/files/upload');
		expect(uploads()[0].fields).toEqual([
			['folderPath', '/invoices'],
			['options', JSON.stringify({ access: 'PUBLIC_INDEXABLE' })],
		]);
		expect(result.output[0].json).toMatchObject({
			id: '100000',
			name: 'contract',
			extension: 'pdf',
			path: '/invoices/contract.pdf',
			size: 1200,
			url: 'https://files.sandbox.hubspot.test/invoices/contract.pdf',
			type: 'DOCUMENT',
			parentFolderId: '1000',
			createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
		});
	});

	test.each([
		['PRIVATE', 'PRIVATE'],
		['PUBLIC_NOT_INDEXABLE', 'PUBLIC_NOT_INDEXABLE'],
		['PUBLIC_INDEXABLE', 'PUBLIC_INDEXABLE'],
	])('an answer without access: the output says the access asked for (%s), not one read from hidden / is_indexable', async (asked, reported) => {
		const result = await run({ endpoint: 'legacyFileManager', access: asked, folder: { __rl: true, mode: 'id', value: '1000' } });

		expect(result.error).toBeUndefined();
		expect(result.output[0].json.access).toBe(reported);
	});

	test('refuses the newer access levels the legacy endpoint does not know', async () => {
		const result = await run({ endpoint: 'legacyFileManager', optionsInput: 'json', optionsJson: '{"access": "HIDDEN_PRIVATE"}' });
		expect(result.error?.message).toMatch(/access "HIDDEN_PRIVATE" is not allowed \(the legacy file manager takes only the three classic values\)/);
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('HubSpot Files › Return Signed URL', () => {
	const signedUrlRequests = () => sandbox.requests.filter((request) => request.path.endsWith('/signed-url'));

	test('off by default: no signed link is asked for', async () => {
		const result = await run({});
		expect(result.error).toBeUndefined();
		expect(signedUrlRequests()).toHaveLength(0);
		expect(result.output[0].json.signedUrl).toBeUndefined();
	});

	test('asks for each uploaded file\'s link, for an hour unless told otherwise, and puts it in the output', async () => {
		const result = await run({ uploadAllBinaryFields: true, options: { returnSignedUrl: true } }, [{ files: { a: pdf('a.pdf'), b: pdf('b.pdf', patternBytes(900, 2)) } }]);

		expect(result.error).toBeUndefined();
		expect(signedUrlRequests().map((request) => [request.method, request.path, request.query.get('expirationSeconds'), request.headers.authorization])).toEqual([
			['GET', '/files/v3/files/100000/signed-url', '3600', `Bearer ${HUBSPOT_TOKEN}`],
			['GET', '/files/v3/files/100001/signed-url', '3600', `Bearer ${HUBSPOT_TOKEN}`],
		]);
		expect(result.output.map(({ json, pairedItem }) => [json.id, json.signedUrl, pairedItem])).toEqual([
			['100000', { url: 'https://files.sandbox.hubspot.test/signed/100000/a.pdf?Expires=3600&Signature=sandbox', expiresAt: '2026-11-22T07:00:00.000Z' }, { item: 0 }],
			['100001', { url: 'https://files.sandbox.hubspot.test/signed/100001/b.pdf?Expires=3600&Signature=sandbox', expiresAt: '2026-11-22T07:00:00.000Z' }, { item: 0 }],
		]);
	});

	test('an expiry that is not a number is refused before the upload, not after it', async () => {
		const result = await run({ options: { returnSignedUrl: true, signedUrlExpirySeconds: '={{ "soon" }}' } });
		expect(result.error?.message).toBe('Options → Signed URL Expiry (Seconds): "soon" is not a number [item 0]');
		expect(sandbox.requests).toHaveLength(0);
		expect(sandbox.files).toHaveLength(0);
	});

	test('toggles from expressions that give the text "true" (Return Signed URL, Overwrite) are read as on', async () => {
		const result = await run({ fileOptions: { overwrite: '={{ "true" }}' }, options: { returnSignedUrl: '={{ "TRUE" }}' } });

		expect(result.error).toBeUndefined();
		expect(sentOptions()).toMatchObject({ overwrite: true });
		expect(signedUrlRequests()).toHaveLength(1);
	});

	test('the expiry option is sent as given', async () => {
		const result = await run({ options: { returnSignedUrl: true, signedUrlExpirySeconds: 600 } });
		expect(result.error).toBeUndefined();
		expect(signedUrlRequests().map((request) => request.query.get('expirationSeconds'))).toEqual(['600']);
		expect((result.output[0].json.signedUrl as IDataObject).expiresAt).toBe('2026-11-22T06:10:00.000Z');
	});

	test('a read that failed with a 500 is asked again; the file is uploaded once', async () => {
		let failed = false;
		sandbox.answerMatching((request) => request.path.endsWith('/signed-url') && !failed && (failed = true), HUBSPOT_ERRORS.serverError);
		const result = await run({ options: { returnSignedUrl: true } });

		expect(result.error).toBeUndefined();
		expect(signedUrlRequests()).toHaveLength(2);
		expect(sandbox.files).toHaveLength(1);
		expect((result.output[0].json.signedUrl as IDataObject).url).toBe('https://files.sandbox.hubspot.test/signed/100000/contract.pdf?Expires=3600&Signature=sandbox');
	});

	test('a link HubSpot refuses fails the item with the uploaded file ids, not a second upload', async () => {
		sandbox.answerMatching((request) => request.path.endsWith('/signed-url'), HUBSPOT_ERRORS.missingFilesScope);
		const result = await run({ options: { returnSignedUrl: true } });

		expect(result.error?.message).toMatch(/^HubSpot refused the signed URL of file 100000 \(HTTP 403\)/);
		expect(result.error?.description).toContain('The files WERE uploaded (file ids 100000); only the signed link is missing.');
		expect(sandbox.files).toHaveLength(1);
		expect(signedUrlRequests()).toHaveLength(1);
	});

	test('with several files, the refusal lists every uploaded file id', async () => {
		sandbox.answerMatching((request) => request.path.endsWith('/signed-url'), HUBSPOT_ERRORS.missingFilesScope);
		const result = await run({ operation: 'uploadAndAttach', recordType: 'contact', recordId: '51', uploadAllBinaryFields: true, options: { returnSignedUrl: true } }, [
			{ files: { attachment_0: pdf('a.pdf'), attachment_1: pdf('b.pdf') } },
		]);

		expect(result.error?.description).toContain('The files WERE uploaded (file ids 100000, 100001); only the signed link is missing.');
		expect(sandbox.notes).toEqual([]);
	});

	test('Upload and Attach to Record: the note carries the files, each with its link', async () => {
		const result = await run({ operation: 'uploadAndAttach', recordType: 'contact', recordId: '51', options: { returnSignedUrl: true } });

		expect(result.error).toBeUndefined();
		expect(sandbox.notes[0].properties.hs_attachment_ids).toBe('100000');
		expect((result.output[0].json.files as IDataObject[])[0].signedUrl).toEqual({
			url: 'https://files.sandbox.hubspot.test/signed/100000/contract.pdf?Expires=3600&Signature=sandbox',
			expiresAt: '2026-11-22T07:00:00.000Z',
		});
	});
});

describe('HubSpot Files › Replace File', () => {
	const priceList = () => sandbox.files.push({ id: '100000', name: 'price-list', extension: 'pdf', folderId: '1000', path: '/invoices/price-list.pdf', size: 10, access: 'PRIVATE' });
	const replace = (fileToReplace: INodeParameters['fileToReplace'], parameters: INodeParameters = {}, items?: FixtureItem[]) =>
		run({ operation: 'replace', fileToReplace, ...parameters }, items);
	const puts = () => sandbox.requests.filter((request) => request.method === 'PUT');
	beforeEach(priceList);

	test('By ID: the new content goes to PUT /files/v3/files/{id}, the file keeps its id, name and folder', async () => {
		const bytes = patternBytes(4096, 9);
		const result = await replace({ __rl: true, mode: 'id', value: '100000' }, {}, [{ files: { data: pdf('price-list-december.pdf', bytes) } }]);

		expect(result.error).toBeUndefined();
		const [request] = puts();
		expect([request.path, request.headers.authorization]).toEqual(['/files/v3/files/100000', `Bearer ${HUBSPOT_TOKEN}`]);
		expect(request.files).toEqual([expect.objectContaining({ part: 'file', fileName: 'price-list-december.pdf', mimeType: 'application/pdf', sha256: sha256(bytes) })]);
		expect(request.fields).toEqual([['options', '{"access":"PRIVATE"}']]);
		expect(sandbox.files).toEqual([expect.objectContaining({ id: '100000', name: 'price-list', path: '/invoices/price-list.pdf', size: 4096, sha256: sha256(bytes) })]);
		expect(result.output).toEqual([
			{ json: expect.objectContaining({ id: '100000', name: 'price-list', size: 4096, access: 'PRIVATE', replacedFileId: '100000', binaryField: 'data' }), pairedItem: { item: 0 } },
		]);
	});

	test('By URL: the file id is taken from the file manager\'s address; the access chosen is sent', async () => {
		const result = await replace({ __rl: true, mode: 'url', value: 'https://app.hubspot.com/files/4567890/?folderId=1000&showDetails=100000' }, { replaceAccess: 'PUBLIC_NOT_INDEXABLE' });
		expect(result.error).toBeUndefined();
		expect(puts().map((request) => [request.path, Object.fromEntries(request.fields).options])).toEqual([['/files/v3/files/100000', '{"access":"PUBLIC_NOT_INDEXABLE"}']]);
	});

	test('From List: the picker searches the files by name', async () => {
		sandbox.files.push({ id: '100001', name: 'terms', extension: 'pdf', folderId: '1000', path: '/invoices/terms.pdf', size: 10, access: 'PRIVATE' });
		const found = await runListSearch({ type: 'hubSpotFiles', method: 'searchFiles', parameters: { authentication: 'privateAppToken', operation: 'replace' }, credentials: credentials(), filter: 'price' });
		expect(found.results).toEqual([{ name: '/invoices/price-list.pdf', value: '100000' }]);
		expect(sandbox.requests.map((request) => [request.path, request.query.get('name')])).toEqual([['/files/v3/files/search', 'price']]);
	});

	test.each<[string, INodeParameters['fileToReplace'], RegExp]>([
		['a file ID that is not a number', { __rl: true, mode: 'id', value: '={{ "price-list.pdf" }}' }, /^File to Replace: "price-list\.pdf" is not a HubSpot file ID \[item 0\]$/],
		// An empty pick is refused by n8n itself (required); an expression can still be empty.
		['no file', { __rl: true, mode: 'id', value: '={{ "" }}' }, /^File to Replace: no file is chosen \[item 0\]$/],
	])('%s is refused before anything is sent', async (_case, fileToReplace, message) => {
		const result = await replace(fileToReplace);
		expect(result.error?.message).toMatch(message);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('a file ID is digits only, spaces around it dropped; the refusal says how to give one', async () => {
		const before = await replace({ __rl: true, mode: 'id', value: '={{ "a100000" }}' });
		expect(before.error?.message).toBe('File to Replace: "a100000" is not a HubSpot file ID [item 0]');
		expect(before.error?.description).toBe("Pick the file from the list, enter its numeric ID, or paste its address from HubSpot's file manager (…showDetails=123456789…).");
		const after = await replace({ __rl: true, mode: 'id', value: '={{ "100000a" }}' });
		expect(after.error?.message).toBe('File to Replace: "100000a" is not a HubSpot file ID [item 0]');
		expect(sandbox.requests).toHaveLength(0);

		const spaced = await replace({ __rl: true, mode: 'id', value: '={{ " 100000 " }}' });
		expect(spaced.error).toBeUndefined();
		expect(puts().map((request) => request.path)).toEqual(['/files/v3/files/100000']);
	});

	test('a file ID from an expression that gives nothing is no file chosen', async () => {
		const result = await replace({ __rl: true, mode: 'id', value: '={{ $json.fileId }}' });
		expect(result.error?.message).toBe('File to Replace: no file is chosen [item 0]');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('an access from an expression is checked like the upload\'s: nothing, or a value HubSpot does not know, is refused before sending', async () => {
		const nothing = await replace({ __rl: true, mode: 'id', value: '100000' }, { replaceAccess: '={{ $json.access }}' });
		expect(nothing.error?.message).toBe('Access: "access" is required [item 0]');
		const unknown = await replace({ __rl: true, mode: 'id', value: '100000' }, { replaceAccess: '={{ "PUBLIC" }}' });
		expect(unknown.error?.message).toBe('Access: access "PUBLIC" is not allowed [item 0]');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('the charset hunch is sent with the new content, trimmed', async () => {
		const result = await replace({ __rl: true, mode: 'id', value: '100000' }, { options: { charsetHunch: ' windows-1252 ' } });
		expect(result.error).toBeUndefined();
		expect(puts().map((request) => Object.fromEntries(request.fields))).toEqual([{ options: '{"access":"PRIVATE"}', charsetHunch: 'windows-1252' }]);
	});

	test('two binaries for one file are refused before anything is sent', async () => {
		const result = await replace({ __rl: true, mode: 'id', value: '100000' }, { uploadAllBinaryFields: true }, [{ files: { a: pdf('a.pdf'), b: pdf('b.pdf') } }]);
		expect(result.error?.message).toBe('Input Binary Field: 2 files are selected, but one file replaces one file [item 0]');
		expect(result.error?.description).toBe('Choose the one binary field that holds the new content.');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('an unknown file is HubSpot\'s 404, named; a 500 is sent again (replacing twice leaves the same file)', async () => {
		const unknown = await replace({ __rl: true, mode: 'id', value: '999' });
		expect(unknown.error?.message).toMatch(/^HubSpot refused the upload of "contract\.pdf" \(HTTP 404\): File 999 not found/);

		sandbox.reset();
		priceList();
		sandbox.forceReplies(HUBSPOT_ERRORS.serverError);
		const retried = await replace({ __rl: true, mode: 'id', value: '100000' });
		expect(retried.error).toBeUndefined();
		expect(puts()).toHaveLength(2);
		expect(sandbox.files).toHaveLength(1);
	});

	test('with Return Signed URL, the replaced file comes with its link', async () => {
		const result = await replace({ __rl: true, mode: 'id', value: '100000' }, { options: { returnSignedUrl: true, signedUrlExpirySeconds: 60 } });
		expect(result.error).toBeUndefined();
		expect(result.output[0].json.signedUrl).toEqual({ url: 'https://files.sandbox.hubspot.test/signed/100000/price-list.pdf?Expires=60&Signature=sandbox', expiresAt: '2026-11-22T06:01:00.000Z' });
	});
});

describe('HubSpot Files › Upload and Attach to Record', () => {
	test.each([
		['contact', '51', 202],
		['company', '61', 190],
		['deal', '71', 214],
		['ticket', '81', 228],
	])('attaches to a %s with association type %d', async (recordType, recordId, associationTypeId) => {
		const result = await run({ operation: 'uploadAndAttach', recordType, recordId, noteBody: 'Signed contract' });

		expect(result.error).toBeUndefined();
		expect(sandbox.notes).toHaveLength(1);
		expect(sandbox.notes[0].properties).toMatchObject({ hs_attachment_ids: '100000', hs_note_body: 'Signed contract', hs_timestamp: expect.any(String) });
		expect(sandbox.notes[0].associations).toEqual([
			{ to: { id: recordId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }] },
		]);
		expect(result.output).toEqual([
			{
				json: {
					files: [expect.objectContaining({ id: '100000', name: 'contract' })],
					note: expect.objectContaining({ id: '700' }),
					attachedTo: { recordType, recordId },
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('several binaries of one item become one note carrying all their file ids', async () => {
		const result = await run({ operation: 'uploadAndAttach', recordType: 'contact', recordId: '51', uploadAllBinaryFields: true }, [
			{ files: { attachment_0: pdf('a.pdf'), attachment_1: pdf('b.pdf'), attachment_2: pdf('c.pdf') } },
		]);

		expect(result.error).toBeUndefined();
		expect(sandbox.notes).toHaveLength(1);
		expect(sandbox.notes[0].properties.hs_attachment_ids).toBe('100000;100001;100002');
		expect(result.output).toHaveLength(1);
		expect((result.output[0].json.files as IDataObject[]).map((file) => file.name)).toEqual(['a', 'b', 'c']);
	});

	test('a note failing after the upload says so and names the uploaded file ids', async () => {
		sandbox.failNextNote = hubSpotError(403, 'This app hasn\'t been granted all required scopes to make this call.', 'MISSING_SCOPES');
		const result = await run({ operation: 'uploadAndAttach', recordType: 'deal', recordId: '71', uploadAllBinaryFields: true }, [
			{ files: { attachment_0: pdf('a.pdf'), attachment_1: pdf('b.pdf') } },
		]);

		expect(result.error?.message).toBe(
			"HubSpot refused the note attaching the files to deal 71 (HTTP 403): This app hasn't been granted all required scopes to make this call.",
		);
		expect(result.error?.description).toMatch(/The files WERE uploaded and are not attached \(not undone\): file ids 100000, 100001/);
		expect(sandbox.files).toHaveLength(2);
	});

	test('a 429 on the note is waited out by HubSpot\'s policy and the note is created once; a 500 on it is not resent', async () => {
		sandbox.failNextNote = HUBSPOT_ERRORS.rateLimited;
		const started = Date.now();
		const result = await run({ operation: 'uploadAndAttach', recordType: 'contact', recordId: '51' });

		expect(result.error).toBeUndefined();
		// SECONDLY: one second.
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(sandbox.requests.filter((request) => request.path === '/crm/v3/objects/notes')).toHaveLength(2);
		expect(sandbox.notes).toHaveLength(1);
	});

	test('with Continue On Fail, the uploaded files stay in the output beside the note error', async () => {
		sandbox.failNextNote = HUBSPOT_ERRORS.serverError;
		const result = await run({ operation: 'uploadAndAttach', recordType: 'contact', recordId: '51' }, undefined, { continueOnFail: true });

		expect(result.output.map(({ json, pairedItem }) => [json.id ?? json.error, pairedItem])).toEqual([
			['100000', { item: 0 }],
			[expect.stringMatching(/HubSpot refused the note .* \(HTTP 500\)/), { item: 0 }],
		]);
		// A write that may have been stored is not sent again.
		expect(sandbox.requests.filter((request) => request.path === '/crm/v3/objects/notes')).toHaveLength(1);
	});

	test('an empty record ID is refused before any upload', async () => {
		// A typed empty value is refused by n8n itself (required); an expression can still be empty.
		const result = await run({ operation: 'uploadAndAttach', recordType: 'contact', recordId: '={{ $json.contactId ?? "" }}' });
		expect(result.error?.message).toMatch(/Record ID: the record ID is empty \[item 0\]/);
		expect(result.error?.description).toBe('Enter the ID of the contact, company, deal, ticket or custom object record to attach the files to.');
		const spaces = await run({ operation: 'uploadAndAttach', recordType: 'contact', recordId: '={{ "  " }}' });
		expect(spaces.error?.message).toBe('Record ID: the record ID is empty [item 0]');
		const nothing = await run({ operation: 'uploadAndAttach', recordType: 'contact', recordId: '={{ $json.contactId }}' });
		expect(nothing.error?.message).toBe('Record ID: the record ID is empty [item 0]');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('a record ID with spaces around it and a blank note body: the note goes to the trimmed ID, with no body', async () => {
		const result = await run({ operation: 'uploadAndAttach', recordType: 'deal', recordId: '={{ " 71 " }}', noteBody: '  ' });
		expect(result.error).toBeUndefined();
		expect(sandbox.notes.map(({ properties }) => Object.keys(properties).sort())).toEqual([['hs_attachment_ids', 'hs_timestamp']]);
		expect(sandbox.notes[0].associations).toEqual([{ to: { id: '71' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] }]);
		expect(result.output[0].json.attachedTo).toEqual({ recordType: 'deal', recordId: '71' });
	});

	test('a note body from an expression that gives nothing sends no body', async () => {
		const result = await run({ operation: 'uploadAndAttach', recordType: 'contact', recordId: '51', noteBody: '={{ $json.note }}' });
		expect(result.error).toBeUndefined();
		expect(Object.keys(sandbox.notes[0].properties).sort()).toEqual(['hs_attachment_ids', 'hs_timestamp']);
	});

	test('Pass Through Binary keeps every uploaded file on the one output item, under its own field', async () => {
		const result = await run({ operation: 'uploadAndAttach', recordType: 'contact', recordId: '51', uploadAllBinaryFields: true, options: { passThroughBinary: true } }, [
			{ files: { attachment_0: pdf('a.pdf'), attachment_1: pdf('b.pdf') } },
		]);
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		expect(Object.keys(result.output[0].binary ?? {})).toEqual(['attachment_0', 'attachment_1']);
		expect(result.output[0].binary?.attachment_1).toMatchObject({ fileName: 'b.pdf', mimeType: 'application/pdf' });

		const without = await run({ operation: 'uploadAndAttach', recordType: 'contact', recordId: '51' });
		expect(without.output[0].binary).toBeUndefined();
	});
});

describe('HubSpot Files › errors, picker, credential', () => {
	test('401 and 429 surface HubSpot\'s message, and no secret', async () => {
		const unauthorized = await run({}, undefined, { token: HUBSPOT_UNKNOWN_TOKEN });
		expect(unauthorized.error?.message).toBe(
			'HubSpot refused the upload of "contract.pdf" (HTTP 401): Authentication credentials not found. This API supports OAuth 2.0 authentication.',
		);
		expect(serialiseRun(unauthorized)).not.toContain(HUBSPOT_UNKNOWN_TOKEN);

		sandbox.forceReplies(HUBSPOT_ERRORS.rateLimited);
		const limited = await run({ options: { maxRateLimitWait: 0 } });
		expect(limited.error?.message).toBe('HubSpot refused the upload of "contract.pdf" (HTTP 429): You have reached your secondly limit.');
	});

	test('the folder picker searches by name and pages through the results', async () => {
		const search = (filter?: string, paginationToken?: string) =>
			runListSearch({ type: 'hubSpotFiles', method: 'searchFolders', parameters: { authentication: 'privateAppToken' }, credentials: credentials(), filter, paginationToken });

		const invoices = await search('invoice');
		expect(invoices.results).toEqual([{ name: '/invoices', value: '1000' }]);

		const first = await search();
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('100');
		const second = await search(undefined, first.paginationToken as string);
		expect(second.results).toHaveLength(23);
		expect(second.paginationToken).toBeUndefined();
	});

	test('the credential test calls GET /files/v3/folders/search?limit=1', async () => {
		const result = await runCredentialTest('hubSpotFilesApi', { privateAppToken: HUBSPOT_TOKEN, baseUrl: sandbox.baseUrl });
		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map((request) => [request.path, request.query.get('limit'), request.status])).toEqual([
			['/files/v3/folders/search', '1', 200],
		]);
	});
});
