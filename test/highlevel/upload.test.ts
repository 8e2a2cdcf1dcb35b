import type { INodeParameters } from 'n8n-workflow';

import { HighLevelFilesOAuth2Api } from '../../credentials/HighLevelFilesOAuth2Api.credentials';
import { patternBytes, serialiseRun, sha256 } from '../harness/assertions';
import { BINARY_MODES, runCredentialTest, runListSearch, runNode, type BinaryMode } from '../harness/engine.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import {
	highLevelSandbox,
	HIGHLEVEL_CONTACT_ID,
	HIGHLEVEL_CREDENTIALS,
	HIGHLEVEL_ERRORS,
	HIGHLEVEL_FIELDS,
	HIGHLEVEL_LOCATION_ID,
	HIGHLEVEL_OAUTH_TOKEN,
} from '../sandboxes/highlevel.cjs';

const sandbox = highLevelSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const [PASSPORT, CONTRACTS, NOTES, DOCUMENTS] = HIGHLEVEL_FIELDS.map((field) => field.id);
const pdf = (name = 'scan.pdf', bytes = patternBytes(1500)) => ({ bytes, fileName: name, mimeType: 'application/pdf' });
const credentials = () => ({ highLevelFilesApi: { ...HIGHLEVEL_CREDENTIALS, baseUrl: sandbox.baseUrl } });

function upload(parameters: INodeParameters, items: FixtureItem[], extra: { binaryMode?: BinaryMode; continueOnFail?: boolean } = {}) {
	return runNode({
		type: 'highLevelFiles',
		parameters: {
			resource: 'contact',
			operation: 'uploadFilesToCustomFields',
			contactId: HIGHLEVEL_CONTACT_ID,
			customField: { __rl: true, mode: 'list', value: DOCUMENTS },
			...parameters,
		},
		credentials: credentials(),
		items,
		...extra,
	});
}

const uploads = () => sandbox.requests.filter((request) => request.path === '/forms/upload-custom-files');
const PART = (fieldId: string) => new RegExp(`^${fieldId}_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`);

describe.each(BINARY_MODES)('HighLevel Files › Upload Files to Custom Fields, binary data %s', (binaryMode) => {
	test('one file: the part is named <customFieldId>_<uuid>, with the query, auth and Version header', async () => {
		const bytes = patternBytes(200_000, 3);
		const run = await upload({}, [{ files: { data: pdf('passport.pdf', bytes) } }], { binaryMode });

		expect(run.error).toBeUndefined();
		const [request] = uploads();
		expect(Object.fromEntries(request.query)).toEqual({ contactId: HIGHLEVEL_CONTACT_ID, locationId: HIGHLEVEL_LOCATION_ID });
		expect(request.headers.authorization).toBe(`Bearer ${HIGHLEVEL_CREDENTIALS.privateIntegrationToken}`);
		expect(request.headers.version).toBe('2021-07-28');
		expect(request.headers.accept).toBe('application/json');
		expect(request.files).toHaveLength(1);
		expect(request.files[0]).toMatchObject({ fileName: 'passport.pdf', mimeType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) });
		expect(request.files[0].part).toMatch(PART(DOCUMENTS));
		expect(run.output).toEqual([
			{
				json: {
					contact: expect.objectContaining({ id: HIGHLEVEL_CONTACT_ID }),
					uploadedFiles: [{ binaryField: 'data', fileName: 'passport.pdf', customFieldId: DOCUMENTS }],
					fieldsChecked: true,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('three files of one item go in ONE request, each part with its own id', async () => {
		const files = { attachment_0: pdf('a.pdf', patternBytes(10, 1)), attachment_1: pdf('b.pdf', patternBytes(20, 2)), attachment_2: pdf('c.pdf', patternBytes(30, 3)) };
		const run = await upload({ uploadAllBinaryFields: true }, [{ files }], { binaryMode });

		expect(run.error).toBeUndefined();
		expect(uploads()).toHaveLength(1);
		const parts = uploads()[0].files;
		expect(parts.map((part) => part.fileName)).toEqual(['a.pdf', 'b.pdf', 'c.pdf']);
		expect(parts.map((part) => part.sha256)).toEqual(Object.values(files).map((file) => sha256(file.bytes)));
		for (const part of parts) expect(part.part).toMatch(PART(DOCUMENTS));
		expect(new Set(parts.map((part) => part.part)).size).toBe(3);
		expect(run.output).toHaveLength(1);
	});
});

describe('HighLevel Files › mappings, limits and refusals', () => {
	test('Binary Field Mappings send passport and contract to two fields in one request', async () => {
		const run = await upload(
			{
				uploadAllBinaryFields: true,
				fieldMappings: { mappings: [{ binaryField: 'passport', customFieldId: PASSPORT }, { binaryField: 'contract', customFieldId: CONTRACTS }] },
			},
			[{ files: { passport: pdf('passport.pdf'), contract: pdf('contract.pdf') } }],
		);

		expect(run.error).toBeUndefined();
		const parts = uploads()[0].files;
		expect(parts.find((part) => part.fileName === 'passport.pdf')?.part).toMatch(PART(PASSPORT));
		expect(parts.find((part) => part.fileName === 'contract.pdf')?.part).toMatch(PART(CONTRACTS));
		expect(run.output[0].json.uploadedFiles).toEqual([
			{ binaryField: 'passport', fileName: 'passport.pdf', customFieldId: PASSPORT },
			{ binaryField: 'contract', fileName: 'contract.pdf', customFieldId: CONTRACTS },
		]);
	});

	test('a mapping picked from the list (a picker value) and one by ID both reach their fields', async () => {
		const run = await upload(
			{
				uploadAllBinaryFields: true,
				fieldMappings: {
					mappings: [
						{ binaryField: 'passport', customFieldId: { __rl: true, mode: 'list', value: PASSPORT, cachedResultName: 'Passport' } },
						{ binaryField: 'contract', customFieldId: { __rl: true, mode: 'id', value: CONTRACTS } },
					],
				},
			},
			[{ files: { passport: pdf('passport.pdf'), contract: pdf('contract.pdf') } }],
		);

		expect(run.error).toBeUndefined();
		const parts = uploads()[0].files;
		expect(parts.find((part) => part.fileName === 'passport.pdf')?.part).toMatch(PART(PASSPORT));
		expect(parts.find((part) => part.fileName === 'contract.pdf')?.part).toMatch(PART(CONTRACTS));
	});

	test('a mapping that names no field is refused, not sent to the main field', async () => {
		const run = await upload(
			{ customField: { __rl: true, mode: 'id', value: DOCUMENTS }, fieldMappings: { mappings: [{ binaryField: 'data', customFieldId: { __rl: true, mode: 'list', value: '' } }] } },
			[{ files: { data: pdf() } }],
		);
		expect(run.error?.message).toBe('Binary Field Mappings → Custom Field: the mapping of binary field "data" names no custom field [item 0]');
		expect(uploads()).toHaveLength(0);
	});

	test('a location without file upload fields: the refusal says there are none', async () => {
		sandbox.answerMatching((request) => request.path.endsWith('/customFields'), { status: 200, body: { customFields: [HIGHLEVEL_FIELDS[2]] } });
		const run = await upload({ customField: { __rl: true, mode: 'id', value: PASSPORT } }, [{ files: { data: pdf() } }]);

		expect(run.error?.description).toBe("Pick one from the list, or enter a field's ID (not its name or key). The location's file upload fields are: none.");
		expect(uploads()).toHaveLength(0);
	});

	test('a mapping with spaces around its binary field and around a plain field ID (saved before the picker) still reaches its field', async () => {
		const run = await upload(
			{ uploadAllBinaryFields: true, fieldMappings: { mappings: [{ binaryField: ' passport ', customFieldId: ` ${PASSPORT}\n` }] } },
			[{ files: { passport: pdf('passport.pdf') } }],
		);

		expect(run.error).toBeUndefined();
		expect(uploads()[0].files.map((part) => part.part)).toEqual([expect.stringMatching(PART(PASSPORT))]);
	});

	test('a mapping saved with no field at all (null) is refused with the fix, not a crash', async () => {
		const run = await upload({ fieldMappings: { mappings: [{ binaryField: 'data', customFieldId: null }] } }, [{ files: { data: pdf() } }]);

		expect(run.error?.message).toBe('Binary Field Mappings → Custom Field: the mapping of binary field "data" names no custom field [item 0]');
		expect(run.error?.description).toBe('Pick the file upload field for this binary field in its mapping, or remove the mapping.');
		expect(uploads()).toHaveLength(0);
	});

	test('the credential\'s location is used unless the node names another', async () => {
		await upload({ locationId: 'otherLocation00000001' }, [{ files: { data: pdf() } }]);
		const lookups = sandbox.requests.filter((request) => request.path.startsWith('/locations/'));
		expect(lookups.map((request) => request.path)).toEqual(['/locations/otherLocation00000001/customFields']);
		expect(uploads()[0].query.get('locationId')).toBe('otherLocation00000001');
	});

	test('the custom fields are looked up once per location of the run: two items of one location, one of another', async () => {
		const run = await upload({ locationId: '={{ $json.location }}' }, [
			{ json: { location: HIGHLEVEL_LOCATION_ID }, files: { data: pdf('a.pdf') } },
			{ json: { location: 'otherLocation00000001' }, files: { data: pdf('b.pdf') } },
			{ json: { location: HIGHLEVEL_LOCATION_ID }, files: { data: pdf('c.pdf') } },
		], { continueOnFail: true });

		const lookups = sandbox.requests.filter((request) => request.path.endsWith('/customFields')).map((request) => request.path);
		expect(lookups.sort()).toEqual(['/locations/otherLocation00000001/customFields', `/locations/${HIGHLEVEL_LOCATION_ID}/customFields`]);
		// The sandbox, as HighLevel, takes uploads for the token's own location only.
		expect(uploads().map((request) => request.query.get('locationId')).sort()).toEqual(['otherLocation00000001', HIGHLEVEL_LOCATION_ID, HIGHLEVEL_LOCATION_ID]);
		expect(run.output.map((item) => item.json.error ?? (item.json.uploadedFiles as Array<{ fileName: string }>)[0].fileName)).toEqual([
			'a.pdf',
			'HighLevel refused the upload of "b.pdf" (HTTP 400): The token does not have access to this location',
			'c.pdf',
		]);
	});

	test('a contact ID and a location ID pasted with spaces go out trimmed', async () => {
		await upload({ contactId: `  ${HIGHLEVEL_CONTACT_ID}\n`, locationId: ' otherLocation00000001 ' }, [{ files: { data: pdf() } }]);
		expect(Object.fromEntries(uploads()[0].query)).toEqual({ contactId: HIGHLEVEL_CONTACT_ID, locationId: 'otherLocation00000001' });
	});

	test.each<[string, INodeParameters, FixtureItem[], RegExp, RegExp]>([
		[
			'a file of 50,000,001 bytes, one over the limit',
			{},
			[{ files: { data: { bytes: Buffer.alloc(50_000_001, 1), fileName: 'video.mp4', mimeType: 'video/mp4' } } }],
			/Input Binary Field: binary field "data" \(video\.mp4\) is 50 MB \(50,000,001 bytes\), over HighLevel's limit of 50 MB \(50,000,000 bytes\) \[item 0\]/,
			/Compress or split/,
		],
		[
			'an executable (extension and type)',
			{},
			[{ files: { data: { bytes: patternBytes(10), fileName: 'setup.exe', mimeType: 'application/x-msdownload' } } }],
			/HighLevel does not accept binary field "data" \(setup.exe\)/,
			/Allowed types: PDF, DOCX, DOC, JPG, JPEG, PNG, GIF, CSV, XLSX, XLS, MP4, MPEG, ZIP, RAR, TXT, SVG/,
		],
		[
			'an allowed extension with a refused MIME type',
			{},
			[{ files: { data: { bytes: patternBytes(10), fileName: 'page.pdf', mimeType: 'text/html' } } }],
			/\(page.pdf\) of type text\/html/,
			/set the MIME Type option/,
		],
		[
			'an allowed MIME type with a refused extension',
			{},
			[{ files: { data: { bytes: patternBytes(10), fileName: 'photo.heic', mimeType: 'image/jpeg' } } }],
			/\(photo.heic\)/,
			/\.zip archive/,
		],
		[
			'a type that was not detected',
			{},
			[{ files: { data: { bytes: patternBytes(10), fileName: 'report.pdf', mimeType: '' } } }],
			/of type application\/octet-stream/,
			/set the MIME Type option/,
		],
		[
			'two files for a one-file field',
			{ uploadAllBinaryFields: true, customField: { __rl: true, mode: 'id', value: PASSPORT } },
			[{ files: { front: pdf('front.pdf'), back: pdf('back.pdf') } }],
			/^Custom Field: "Passport" takes one file, but 2 are going to it \(front.pdf, back.pdf\) \[item 0\]$/,
			/^Send fewer files per item, or map some binary fields to another field in "Binary Field Mappings"\.$/,
		],
		[
			'six files for a field of at most five',
			{ uploadAllBinaryFields: true, customField: { __rl: true, mode: 'id', value: CONTRACTS } },
			[{ files: Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((name) => [name, pdf(`${name}.pdf`)])) }],
			/^Custom Field: "Contracts" takes at most 5 files, but 6 are going to it \(a.pdf, b.pdf, c.pdf, d.pdf, e.pdf, f.pdf\) \[item 0\]$/,
			/Binary Field Mappings/,
		],
		[
			'a field that is not a file upload field',
			{ customField: { __rl: true, mode: 'id', value: NOTES } },
			[{ files: { data: pdf() } }],
			/^Custom Field: "fldNotes0000000000003" is not a file upload field of the contacts of location quXmPY59n1zgGBabY1bZ \[item 0\]$/,
			/Passport \(fldPassport0000000001\), Contracts/,
		],
		[
			'a field key from an expression instead of an id',
			{ customField: { __rl: true, mode: 'id', value: '={{ "contact.passport" }}' } },
			[{ files: { data: pdf() } }],
			/"contact.passport" is not a file upload field of the contacts of location quXmPY59n1zgGBabY1bZ \[item 0\]/,
			/or enter a field's ID \(not its name or key\)\. The location's file upload fields are: Passport \(fldPassport0000000001\), Contracts \(fldContracts000000002\), Documents \(fldDocuments000000004\), Signed copy \(fld_Signed\.Copy_0005\)\.$/,
		],
		[
			'no custom field at all',
			{ customField: { __rl: true, mode: 'list', value: '' } },
			[{ files: { data: pdf() } }],
			/Custom Field: no custom field is chosen for binary field "data" \[item 0\]/,
			/Binary Field Mappings/,
		],
		[
			'an empty contact id',
			{ contactId: ' ' },
			[{ files: { data: pdf() } }],
			/Contact ID: the contact ID is empty \[item 0\]/,
			/Enter the ID of the contact/,
		],
		[
			'a contact id whose expression gives nothing',
			{ contactId: '={{ $json.contactId }}' },
			[{ files: { data: pdf() } }],
			/^Contact ID: the contact ID is empty \[item 0\]$/,
			/Enter the ID of the contact/,
		],
	])('refuses %s before any upload', async (_case, parameters, items, message, fix) => {
		const run = await upload(parameters, items);

		expect(run.error?.message).toMatch(message);
		expect(run.error?.description).toMatch(fix);
		expect(uploads()).toHaveLength(0);
	});

	test('a file of exactly 50,000,000 bytes, the limit, is sent and arrives whole', async () => {
		const bytes = patternBytes(50_000_000, 9);
		const run = await upload({}, [{ files: { data: { bytes, fileName: 'limit.mp4', mimeType: 'video/mp4' } } }], { binaryMode: 'filesystem' });

		expect(run.error).toBeUndefined();
		expect(uploads()[0].files.map((file) => [file.fileName, file.size, file.sha256])).toEqual([['limit.mp4', 50_000_000, sha256(bytes)]]);
	}, 60_000);

	test('a field name typed into the ID mode is refused by n8n itself, before the run starts', async () => {
		await expect(upload({ customField: { __rl: true, mode: 'id', value: 'Signed copy' } }, [{ files: { data: pdf() } }])).rejects.toThrow(
			/A custom field ID has no spaces: enter the ID, not the field's name/,
		);
		expect(sandbox.requests).toHaveLength(0);
	});

	test.each(['id', 'list'])('an ID of another shape that the location\'s list gives is accepted (%s mode) and the file lands in that field', async (mode) => {
		const run = await upload({ customField: { __rl: true, mode, value: 'fld_Signed.Copy_0005' } }, [{ files: { data: pdf('signed.pdf') } }]);

		expect(run.error).toBeUndefined();
		expect(uploads()).toHaveLength(1);
		expect(uploads()[0].files.map((file) => [file.fileName, file.part.replace(/_[0-9a-f-]{36}$/, '_<uuid>')])).toEqual([['signed.pdf', 'fld_Signed.Copy_0005_<uuid>']]);
		expect(run.output[0].json.uploadedFiles).toEqual([{ binaryField: 'data', fileName: 'signed.pdf', customFieldId: 'fld_Signed.Copy_0005' }]);
	});

	test('401 and 422 surface HighLevel\'s message, the 422 list joined readably', async () => {
		sandbox.forceReplies(HIGHLEVEL_ERRORS.unprocessable('contactId must be a valid id', 'file is corrupt'));
		const unprocessable = await upload({}, [{ files: { data: pdf() } }]);
		expect(unprocessable.error?.message).toBe(
			'HighLevel refused the upload of "scan.pdf" (HTTP 422): contactId must be a valid id; file is corrupt',
		);

		// Two files in one request: the error names both.
		sandbox.forceReplies(HIGHLEVEL_ERRORS.unprocessable('file is corrupt'));
		const both = await upload({ uploadAllBinaryFields: true }, [{ files: { passport: pdf('passport.pdf'), contract: pdf('contract.pdf') } }]);
		expect(both.error?.message).toBe('HighLevel refused the upload of "passport.pdf", "contract.pdf" (HTTP 422): file is corrupt');

		const unauthorized = await runNode({
			type: 'highLevelFiles',
			parameters: { resource: 'contact', operation: 'uploadFilesToCustomFields', contactId: HIGHLEVEL_CONTACT_ID, customField: { __rl: true, mode: 'id', value: DOCUMENTS } },
			credentials: { highLevelFilesApi: { privateIntegrationToken: 'pit-not-known-to-the-sandbox', locationId: HIGHLEVEL_LOCATION_ID, baseUrl: sandbox.baseUrl } },
			items: [{ files: { data: pdf() } }],
		});
		expect(unauthorized.error?.message).toBe(
			'HighLevel refused the upload of "scan.pdf" (HTTP 401): Invalid token: access token is invalid',
		);
		expect(serialiseRun(unauthorized)).not.toContain('pit-not-known-to-the-sandbox');
	});
});

describe('HighLevel Files › picker and credentials', () => {
	test('the Custom Field picker lists only FILE_UPLOAD fields, with their limits, filtered by name', async () => {
		const all = await runListSearch({
			type: 'highLevelFiles',
			method: 'searchFileUploadFields',
			parameters: { authentication: 'accessToken', locationId: '' },
			credentials: credentials(),
		});
		expect(all.results).toEqual([
			{ name: 'Passport (one file)', value: PASSPORT },
			{ name: 'Contracts (up to 5 files)', value: CONTRACTS },
			{ name: 'Documents (up to 10 files)', value: DOCUMENTS },
			{ name: 'Signed copy (one file)', value: 'fld_Signed.Copy_0005' },
		]);
		const filtered = await runListSearch({
			type: 'highLevelFiles',
			method: 'searchFileUploadFields',
			parameters: { authentication: 'accessToken', locationId: '' },
			credentials: credentials(),
			filter: 'contr',
		});
		expect(filtered.results.map((result) => result.value)).toEqual([CONTRACTS]);
		expect(sandbox.requests[0].path).toBe(`/locations/${HIGHLEVEL_LOCATION_ID}/customFields`);
	});

	test('the Private Integration credential test calls GET /locations/{locationId} with Version', async () => {
		const run = await runCredentialTest('highLevelFilesApi', { ...HIGHLEVEL_CREDENTIALS, baseUrl: sandbox.baseUrl });
		expect(run.error).toBeUndefined();
		expect(sandbox.requests.map((request) => [request.path, request.headers.version, request.status])).toEqual([
			[`/locations/${HIGHLEVEL_LOCATION_ID}`, '2021-07-28', 200],
		]);
	});

	test('the OAuth2 credential extends oAuth2Api with HighLevel\'s URLs and scopes', () => {
		const credential = new HighLevelFilesOAuth2Api();
		const defaults = Object.fromEntries(credential.properties.map((property) => [property.name, property.default]));
		expect(credential.extends).toEqual(['oAuth2Api']);
		expect(defaults).toMatchObject({
			grantType: 'authorizationCode',
			authUrl: 'https://marketplace.gohighlevel.com/v2/oauth/chooselocation',
			accessTokenUrl: 'https://services.leadconnectorhq.com/oauth/token',
			scope: 'forms.write locations.readonly locations/customFields.readonly medias.write medias.readonly',
			baseUrl: 'https://services.leadconnectorhq.com',
		});
		// The White-Label authorize host, as a choice.
		const authUrl = credential.properties.find((property) => property.name === 'authUrl')!;
		expect((authUrl.options as Array<{ name: string; value: string }>).map(({ name, value }) => [name, value])).toEqual([
			['Standard', 'https://marketplace.gohighlevel.com/v2/oauth/chooselocation'],
			['White-Label', 'https://marketplace.leadconnectorhq.com/v2/oauth/chooselocation'],
		]);
	});

	const oAuth2Credentials = () => ({
		highLevelFilesOAuth2Api: {
			clientId: 'client',
			clientSecret: 'secret',
			baseUrl: sandbox.baseUrl,
			oauthTokenData: { access_token: HIGHLEVEL_OAUTH_TOKEN, token_type: 'Bearer', locationId: HIGHLEVEL_LOCATION_ID },
		},
	});

	const oAuth2Upload = () =>
		runNode({
			type: 'highLevelFiles',
			parameters: { authentication: 'oAuth2', resource: 'contact', operation: 'uploadFilesToCustomFields', contactId: HIGHLEVEL_CONTACT_ID, customField: { __rl: true, mode: 'id', value: CONTRACTS } },
			credentials: oAuth2Credentials(),
			items: [{ files: { data: pdf('contract.pdf') } }],
		});

	test('with OAuth2, every call sends the Version header: the picker, the field lookup and the upload', async () => {
		await runListSearch({ type: 'highLevelFiles', method: 'searchFileUploadFields', parameters: { authentication: 'oAuth2' }, credentials: oAuth2Credentials() });
		const run = await oAuth2Upload();

		expect(run.error).toBeUndefined();
		expect(sandbox.requests.map((request) => [request.method, request.path, request.headers.version, request.status])).toEqual([
			['GET', `/locations/${HIGHLEVEL_LOCATION_ID}/customFields`, '2021-07-28', 200],
			['GET', `/locations/${HIGHLEVEL_LOCATION_ID}/customFields`, '2021-07-28', 200],
			['POST', '/forms/upload-custom-files', '2021-07-28', 200],
		]);
		expect(run.output[0].json.fieldsChecked).toBe(true);
	});

	test('a field lookup HighLevel refuses is not hidden: the upload goes, and the output says the fields were not checked and why', async () => {
		sandbox.answerMatching((request) => request.path.endsWith('/customFields'), { status: 403, body: { statusCode: 403, message: 'The token is not authorized for this scope.' } });
		const run = await oAuth2Upload();

		expect(run.error).toBeUndefined();
		expect(uploads()).toHaveLength(1);
		expect(run.output[0].json).toMatchObject({
			fieldsChecked: false,
			fieldsNotCheckedBecause: `HighLevel did not return the custom fields of location ${HIGHLEVEL_LOCATION_ID} (HTTP 403: The token is not authorized for this scope.). The credential may lack the locations/customFields.readonly scope.`,
		});
	});

	test('with OAuth2, a field lookup answered 401 that n8n cannot refresh says n8n\'s words, not "no answer"', async () => {
		sandbox.answerMatching((request) => request.path.endsWith('/customFields'), { status: 401, body: { statusCode: 401, message: 'Invalid JWT' } });
		const run = await oAuth2Upload();

		expect(run.output[0].json.fieldsNotCheckedBecause).toBe(
			`HighLevel did not return the custom fields of location ${HIGHLEVEL_LOCATION_ID} (OAuth access token expired and no refresh token is available. Please reconnect the credentials.).`,
		);
	});

	test.each([
		[401, 'Invalid JWT', '(HTTP 401: Invalid JWT). The credential may lack the locations/customFields.readonly scope.'],
		[500, 'Internal server error', '(HTTP 500: Internal server error).'],
	])('a field lookup refused with HTTP %i (private token): the scope is named only for 401 and 403', async (status, message, reason) => {
		sandbox.answerMatching((request) => request.path.endsWith('/customFields'), { status, body: { statusCode: status, message } });
		const run = await upload({ customField: { __rl: true, mode: 'id', value: CONTRACTS } }, [{ files: { data: pdf('contract.pdf') } }]);

		expect(uploads()).toHaveLength(1);
		expect(run.output[0].json.fieldsNotCheckedBecause).toBe(`HighLevel did not return the custom fields of location ${HIGHLEVEL_LOCATION_ID} ${reason}`);
	});

	test('a field lookup that gets no answer is asked again twice, then the upload goes and the output says "no answer"', async () => {
		sandbox.dropMatching((request) => request.path.endsWith('/customFields'));
		const run = await upload({ customField: { __rl: true, mode: 'id', value: CONTRACTS } }, [{ files: { data: pdf('contract.pdf') } }]);

		expect(sandbox.requests.map((request) => [request.method, request.path])).toEqual([
			['GET', `/locations/${HIGHLEVEL_LOCATION_ID}/customFields`],
			['GET', `/locations/${HIGHLEVEL_LOCATION_ID}/customFields`],
			['GET', `/locations/${HIGHLEVEL_LOCATION_ID}/customFields`],
			['POST', '/forms/upload-custom-files'],
		]);
		expect(run.output[0].json.fieldsNotCheckedBecause).toBe(`HighLevel did not return the custom fields of location ${HIGHLEVEL_LOCATION_ID} (no answer: ECONNRESET).`);
	});

	test('no location known, neither in the node nor in the OAuth2 token: refused with the fix, nothing sent', async () => {
		const run = await runNode({
			type: 'highLevelFiles',
			parameters: { authentication: 'oAuth2', resource: 'contact', operation: 'uploadFilesToCustomFields', contactId: HIGHLEVEL_CONTACT_ID, customField: { __rl: true, mode: 'id', value: CONTRACTS } },
			credentials: {
				highLevelFilesOAuth2Api: { clientId: 'client', clientSecret: 'secret', baseUrl: sandbox.baseUrl, oauthTokenData: { access_token: HIGHLEVEL_OAUTH_TOKEN, token_type: 'Bearer' } },
			},
			items: [{ files: { data: pdf('contract.pdf') } }],
		});

		expect(run.error?.message).toBe('Location ID: no location ID is known [item 0]');
		expect(run.error?.description).toBe('Enter the sub-account\'s Location ID in the node, or in the credential.');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('an upload with the OAuth2 credential sends its token and the token\'s location', async () => {
		const run = await runNode({
			type: 'highLevelFiles',
			parameters: {
				authentication: 'oAuth2',
				resource: 'contact',
				operation: 'uploadFilesToCustomFields',
				contactId: HIGHLEVEL_CONTACT_ID,
				customField: { __rl: true, mode: 'id', value: CONTRACTS },
			},
			credentials: {
				highLevelFilesOAuth2Api: {
					clientId: 'client',
					clientSecret: 'secret',
					baseUrl: sandbox.baseUrl,
					oauthTokenData: { access_token: HIGHLEVEL_OAUTH_TOKEN, token_type: 'Bearer', locationId: HIGHLEVEL_LOCATION_ID },
				},
			},
			items: [{ files: { data: pdf('contract.pdf') } }],
		});

		expect(run.error).toBeUndefined();
		expect(uploads()[0].headers.authorization).toBe(`Bearer ${HIGHLEVEL_OAUTH_TOKEN}`);
		expect(uploads()[0].query.get('locationId')).toBe(HIGHLEVEL_LOCATION_ID);
		expect(uploads()[0].files[0].part).toMatch(PART(CONTRACTS));
	});
});
