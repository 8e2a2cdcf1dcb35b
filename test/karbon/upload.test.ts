import type { INodeParameters } from 'n8n-workflow';

import { patternBytes, serialiseRun, sha256 } from '../harness/assertions';
import { BINARY_MODES, runNode, type BinaryMode } from '../harness/engine.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import { karbonSandbox, KARBON_CREDENTIALS, KARBON_ERRORS, KARBON_UNKNOWN_CREDENTIALS } from '../sandboxes/karbon.cjs';

/** @covers nodes/shared/upload/preflight.ts: a bad item stops the whole run. */
const sandbox = karbonSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const pdf = (name = 'proposal.pdf', bytes = patternBytes(2048)) => ({ bytes, fileName: name, mimeType: 'application/pdf' });

function upload(
	parameters: INodeParameters,
	items: FixtureItem[],
	extra: { binaryMode?: BinaryMode; continueOnFail?: boolean; credentials?: Record<string, string> } = {},
) {
	return runNode({
		type: 'karbonFiles',
		parameters: { resource: 'file', operation: 'upload', linkTo: 'workItem', recordKey: 'RXq4mD62PXg', ...parameters },
		credentials: { karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: sandbox.baseUrl, ...extra.credentials } },
		items,
		binaryMode: extra.binaryMode,
		continueOnFail: extra.continueOnFail,
	});
}

const uploads = () => sandbox.requests.filter((request) => request.path === '/v3/Files');

describe.each(BINARY_MODES)('Karbon Files › Upload, binary data %s', (binaryMode) => {
	test.each([
		['contact', 'contact_keys'],
		['organization', 'organization_keys'],
		['clientGroup', 'client_group_keys'],
		['workItem', 'workitem_keys'],
		['integrationTask', 'integration_task_key'],
	])('Link To %s sends exactly the %s field', async (linkTo, field) => {
		const run = await upload({ linkTo, recordKey: '4ndR3w9kLp2' }, [{ files: { data: pdf() } }], { binaryMode });

		expect(run.error).toBeUndefined();
		const [request] = uploads();
		expect(request.fields).toEqual([[field, '4ndR3w9kLp2']]);
		expect(run.output[0].json).toMatchObject({ linkType: linkTo, linkKey: '4ndR3w9kLp2', Name: 'proposal.pdf' });
	});

	test('the bytes, filename and MIME type arrive as the binary has them, with both auth headers', async () => {
		const bytes = patternBytes(300_000, 7);
		const run = await upload({}, [{ files: { data: { bytes, fileName: 'Q4 report.pdf', mimeType: 'application/pdf' } } }], {
			binaryMode,
		});

		expect(run.error).toBeUndefined();
		const [request] = uploads();
		expect(request.headers.authorization).toBe(`Bearer ${KARBON_CREDENTIALS.accessToken}`);
		expect(request.headers.accesskey).toBe(KARBON_CREDENTIALS.accessKeySecret);
		// The node's own Accept, not the request layer's default list.
		expect(request.headers.accept).toBe('application/json');
		expect(request.files).toHaveLength(1);
		expect(request.files[0]).toMatchObject({
			part: 'file',
			fileName: 'Q4 report.pdf',
			mimeType: 'application/pdf',
			size: bytes.length,
			sha256: sha256(bytes),
		});
		expect(run.output).toEqual([
			{
				json: {
					Id: expect.stringMatching(/^KF\d+$/),
					Name: 'Q4 report.pdf',
					MimeType: 'application/pdf',
					Size: String(bytes.length),
					linkType: 'workItem',
					linkKey: 'RXq4mD62PXg',
					binaryField: 'data',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('File Name and MIME Type options override the binary\'s own', async () => {
		const bytes = patternBytes(1000);
		await upload({ options: { fileName: 'q4-summary.pdf', mimeType: 'application/pdf' } }, [
			{ files: { data: { bytes, fileName: 'report.bin', mimeType: 'application/octet-stream' } } },
		], { binaryMode });

		expect(uploads()[0].files[0]).toMatchObject({ fileName: 'q4-summary.pdf', mimeType: 'application/pdf', sha256: sha256(bytes) });
	});

	test('a binary without a MIME type is sent as application/octet-stream, never an empty type', async () => {
		await upload({}, [{ files: { data: { bytes: patternBytes(64), fileName: 'blob.dat', mimeType: '' } } }], { binaryMode });

		expect(uploads()[0].files[0]).toMatchObject({ fileName: 'blob.dat', mimeType: 'application/octet-stream' });
	});

	test('non-ASCII filenames arrive as UTF-8, quotes as browsers send them', async () => {
		await upload({ uploadAllBinaryFields: true }, [
			{
				files: {
					japanese: { bytes: patternBytes(10), fileName: '見積書 2026.pdf', mimeType: 'application/pdf' },
					accents: { bytes: patternBytes(11), fileName: 'Überweisung – Müller.pdf', mimeType: 'application/pdf' },
					quoted: { bytes: patternBytes(12), fileName: 'Offer "final".pdf', mimeType: 'application/pdf' },
				},
			},
		], { binaryMode });

		const names = uploads().map((request) => request.files[0].fileName);
		// The platform FormData escapes a double quote as %22, as every browser does.
		expect(names).toEqual(['見積書 2026.pdf', 'Überweisung – Müller.pdf', 'Offer %22final%22.pdf']);
	});

	test('two items give two uploads, each output paired with its item', async () => {
		const first = patternBytes(500, 1);
		const second = patternBytes(700, 2);
		const run = await upload({ recordKey: '={{ $json.key }}' }, [
			{ json: { key: 'AAA111' }, files: { data: pdf('a.pdf', first) } },
			{ json: { key: 'BBB222' }, files: { data: pdf('b.pdf', second) } },
		], { binaryMode });

		const byKey = Object.fromEntries(uploads().map((request) => [request.fields[0][1], request.files[0].sha256]));
		expect(byKey).toEqual({ AAA111: sha256(first), BBB222: sha256(second) });
		expect(run.output.map(({ json, pairedItem }) => [json.linkKey, json.Name, pairedItem])).toEqual([
			['AAA111', 'a.pdf', { item: 0 }],
			['BBB222', 'b.pdf', { item: 1 }],
		]);
	});

	test('all binary fields of an email item: one upload per attachment, all paired with the item', async () => {
		const attachments = [patternBytes(100, 3), patternBytes(200, 4), patternBytes(300, 5)];
		const run = await upload({ uploadAllBinaryFields: true }, [
			{
				json: { subject: 'Documents' },
				files: Object.fromEntries(attachments.map((bytes, i) => [`attachment_${i}`, pdf(`doc${i}.pdf`, bytes)])),
			},
		], { binaryMode });

		expect(uploads().map((request) => request.files[0].sha256).sort()).toEqual(attachments.map(sha256).sort());
		expect(run.output.map(({ json, pairedItem }) => [json.binaryField, json.Name, pairedItem])).toEqual([
			['attachment_0', 'doc0.pdf', { item: 0 }],
			['attachment_1', 'doc1.pdf', { item: 0 }],
			['attachment_2', 'doc2.pdf', { item: 0 }],
		]);
	});
});

describe('Karbon Files › Upload, several fields and records', () => {
	test('a comma-separated Input Binary Field uploads just the named fields', async () => {
		const run = await upload({ inputDataFieldName: 'attachment_0, attachment_2' }, [
			{ files: { attachment_0: pdf('a.pdf'), attachment_1: pdf('b.pdf'), attachment_2: pdf('c.pdf') } },
		]);

		expect(run.error).toBeUndefined();
		expect(uploads().map((request) => request.files[0].fileName)).toEqual(['a.pdf', 'c.pdf']);
	});

	test('Upload Once per Record uploads the file to each key, one output item each', async () => {
		const bytes = patternBytes(4096, 9);
		const run = await upload({ linkTo: 'contact', recordKey: 'C1, C2 ,C3', uploadOncePerRecord: true }, [
			{ files: { data: pdf('engagement.pdf', bytes) } },
		]);

		expect(uploads().map((request) => request.fields)).toEqual([
			[['contact_keys', 'C1']],
			[['contact_keys', 'C2']],
			[['contact_keys', 'C3']],
		]);
		expect(uploads().every((request) => request.files[0].sha256 === sha256(bytes))).toBe(true);
		expect(run.output.map(({ json, pairedItem }) => [json.linkKey, pairedItem])).toEqual([
			['C1', { item: 0 }],
			['C2', { item: 0 }],
			['C3', { item: 0 }],
		]);
		expect(new Set(run.output.map(({ json }) => json.Id)).size).toBe(3);
	});

	test('Pass Through Binary keeps the uploaded file on the output item', async () => {
		const run = await upload({ uploadAllBinaryFields: true, options: { passThroughBinary: true } }, [
			{ files: { attachment_0: pdf('a.pdf'), attachment_1: pdf('b.pdf') } },
		]);

		expect(run.output.map(({ binary }) => Object.keys(binary ?? {}))).toEqual([['attachment_0'], ['attachment_1']]);
		expect(run.output[1].binary?.attachment_1).toMatchObject({ fileName: 'b.pdf', mimeType: 'application/pdf' });
	});

	test('toggles from expressions that give text: "false" uploads only the named field, "true" passes the binary through', async () => {
		const run = await upload({ uploadAllBinaryFields: '={{ $json.all }}', inputDataFieldName: 'attachment_1', options: { passThroughBinary: '={{ $json.keep }}' } }, [
			{ json: { all: 'false', keep: 'true' }, files: { attachment_0: pdf('a.pdf'), attachment_1: pdf('b.pdf') } },
		]);

		expect(run.error).toBeUndefined();
		expect(uploads().map((request) => request.files[0].fileName)).toEqual(['b.pdf']);
		expect(Object.keys(run.output[0].binary ?? {})).toEqual(['attachment_1']);
	});

	test('Upload All Binary Fields from an expression that gives neither true nor false is refused, nothing sent', async () => {
		const run = await upload({ uploadAllBinaryFields: '={{ $json.all }}' }, [{ json: { all: 'every' }, files: { data: pdf() } }]);

		expect(run.error?.message).toBe("Invalid input for 'Upload All Binary Fields' [item 0]");
		expect(sandbox.requests).toEqual([]);
	});

	test('without Pass Through Binary the output carries no binary', async () => {
		const run = await upload({}, [{ files: { data: pdf() } }]);
		expect(run.output[0].binary).toBeUndefined();
	});
});

describe('Karbon Files › refused before sending', () => {
	test.each<[string, INodeParameters, FixtureItem[], RegExp, RegExp]>([
		[
			'a missing binary field',
			{ inputDataFieldName: 'attachment' },
			[{ files: { data: pdf() } }],
			/Input Binary Field: the item has no binary field "attachment" \[item 0\]/,
			/binary fields: data/,
		],
		[
			'an item without any binary',
			{ uploadAllBinaryFields: true },
			[{ json: { note: 'no files' } }],
			/Upload All Binary Fields: the item carries no binary data \[item 0\]/,
			/previous node outputs a file/,
		],
		[
			'an empty record key',
			{ recordKey: '   ' },
			[{ files: { data: pdf() } }],
			/Record Key: the key is empty \[item 0\]/,
			/Enter the Karbon key of the workItem/,
		],
		[
			'a record key whose expression gives nothing',
			{ recordKey: '={{ $json.workItemKey }}' },
			[{ files: { data: pdf() } }],
			/^Record Key: the key is empty \[item 0\]$/,
			/Enter the Karbon key of the workItem/,
		],
		[
			'several keys in one record key',
			{ recordKey: 'K1,K2' },
			[{ files: { data: pdf() } }],
			/Record Key: "K1,K2" holds 2 keys, but one upload links to one record \[item 0\]/,
			/Upload Once per Record/,
		],
		[
			'keys separated by whitespace',
			{ recordKey: 'K1 K2' },
			[{ files: { data: pdf() } }],
			/holds 2 keys/,
			/Upload Once per Record/,
		],
		[
			'an executable, by extension',
			{},
			[{ files: { data: { bytes: patternBytes(100), fileName: 'setup.exe', mimeType: 'application/octet-stream' } } }],
			/Karbon does not accept binary field "data" \(setup.exe\)/,
			/\.zip archive/,
		],
		[
			'raw HTML by extension (.html), whatever its MIME type says (octet-stream)',
			{},
			[{ files: { data: { bytes: patternBytes(100), fileName: 'page.html', mimeType: 'application/octet-stream' } } }],
			/Karbon does not accept binary field "data" \(page\.html\)/,
			/\.zip archive/,
		],
		[
			'raw HTML by extension (.htm), whatever its MIME type says (text/plain)',
			{},
			[{ files: { data: { bytes: patternBytes(100), fileName: 'page.htm', mimeType: 'text/plain' } } }],
			/Karbon does not accept binary field "data" \(page\.htm\)/,
			/\.zip archive/,
		],
		[
			'raw HTML, by MIME type',
			{},
			[{ files: { data: { bytes: patternBytes(100), fileName: 'page', mimeType: 'text/html; charset=utf-8' } } }],
			/Karbon does not accept binary field "data" \(page\) of type text\/html/,
			/\.zip archive/,
		],
		[
			'a script renamed by the File Name option',
			{ options: { fileName: 'run.ps1' } },
			[{ files: { data: pdf() } }],
			/Karbon does not accept binary field "data" \(run.ps1\)/,
			/\.zip archive/,
		],
		[
			'an empty file',
			{},
			[{ files: { data: { bytes: Buffer.alloc(0), fileName: 'empty.pdf', mimeType: 'application/pdf' } } }],
			/binary field "data" \(empty.pdf\) is empty \(0 bytes\) \[item 0\]/,
			/failed download/,
		],
		[
			'one File Name for several files',
			{ uploadAllBinaryFields: true, options: { fileName: 'same.pdf' } },
			[{ files: { a: pdf('a.pdf'), b: pdf('b.pdf') } }],
			/File Name: one name cannot be given to 2 files \(a, b\)/,
			/Remove the File Name option/,
		],
		// Read as NaN, such a cap let no upload start (the run hung) and such a wait never ended.
		[
			'a Max Concurrent Uploads that is not a number',
			{ options: { maxConcurrentUploads: '={{ "four" }}' } },
			[{ files: { data: pdf() } }],
			/^Options → Max Concurrent Uploads: "four" is not a number \[item 0\]$/,
			/^Enter a number, or an expression that gives one\.$/,
		],
		[
			'a Max Rate-Limit Wait that is not a number',
			{ options: { maxRateLimitWait: '={{ "long" }}' } },
			[{ files: { data: pdf() } }],
			/^Options → Max Rate-Limit Wait \(Seconds\): "long" is not a number \[item 0\]$/,
			/^Enter a number, or an expression that gives one\.$/,
		],
		[
			'a Max Requests per Minute that is not a number',
			{ options: { maxRequestsPerMinute: '={{ "many" }}' } },
			[{ files: { data: pdf() } }],
			/^Options → Max Requests per Minute: "many" is not a number \[item 0\]$/,
			/^Enter a number, or an expression that gives one\.$/,
		],
	])('%s', async (_case, parameters, items, message, fix) => {
		const run = await upload(parameters, items);

		// The node throws a NodeOperationError; RoutingNode re-wraps any rejection that is not
		// a NodeApiError, keeping message, description and item index.
		expect(run.error?.message).toMatch(message);
		expect(run.error?.context).toMatchObject({ itemIndex: 0 });
		expect(run.error?.description).toMatch(fix);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('a bad second item stops the whole run: no item uploads, the error names item 1', async () => {
		const run = await upload({ recordKey: '={{ $json.key }}' }, [
			{ json: { key: 'GOOD1' }, files: { data: pdf() } },
			{ json: { key: '' }, files: { data: pdf() } },
			{ json: { key: 'GOOD3' }, files: { data: pdf() } },
		]);

		expect(run.error?.message).toBe(
			'Nothing was uploaded: item 1 was refused — Record Key: the key is empty [item 1]',
		);
		expect(run.error?.description).toMatch(/Continue On Fail/);
		expect(sandbox.requests).toHaveLength(0);
	});
});

describe('Karbon Files › provider errors', () => {
	test('401 names Karbon\'s message and the credential, and leaks no secret', async () => {
		const run = await upload({}, [{ files: { data: pdf() } }], { credentials: KARBON_UNKNOWN_CREDENTIALS });

		expect(run.error?.message).toBe(
			'Karbon refused the upload of "proposal.pdf" (HTTP 401): Missing or invalid bearer token',
		);
		expect(run.error?.description).toMatch(/Check the Karbon credential/);
		const recorded = serialiseRun(run);
		expect(recorded).not.toContain(KARBON_UNKNOWN_CREDENTIALS.accessToken);
		expect(recorded).not.toContain(KARBON_UNKNOWN_CREDENTIALS.accessKeySecret);
	});

	test('429 beyond the allowed wait keeps Karbon\'s message and its Retry-After', async () => {
		sandbox.forceReplies(KARBON_ERRORS.rateLimited);
		const run = await upload({ options: { maxRateLimitWait: 5 } }, [{ files: { data: pdf() } }]);

		expect(run.error?.message).toBe(
			'Karbon refused the upload of "proposal.pdf" (HTTP 429): Rate limit is exceeded. Try again in 10 seconds.',
		);
		expect(run.error?.description).toMatch(/asks to wait 10 s.*Gave up after 1 attempts and 0 s of waiting \(Options → Max Rate-Limit Wait is 5 s\)/);
		expect(uploads()).toHaveLength(1);
	});

	test('a 429 within the allowed wait is waited out and the same file sent again, once', async () => {
		sandbox.forceReplies({ ...KARBON_ERRORS.rateLimited, headers: { 'Retry-After': '1' } });
		const bytes = patternBytes(70_000, 5);
		const run = await upload({}, [{ files: { data: pdf('retry.pdf', bytes) } }]);

		expect(run.error).toBeUndefined();
		expect(uploads().map((request) => [request.status, request.files[0].sha256])).toEqual([
			[429, sha256(bytes)],
			[201, sha256(bytes)],
		]);
		expect(run.output).toHaveLength(1);
	});

	test('500 (an unsafe type Karbon knows and the node does not) surfaces Karbon\'s message', async () => {
		sandbox.forceReplies(KARBON_ERRORS.unsupportedType);
		const run = await upload({}, [{ files: { data: pdf() } }]);

		expect(run.error?.message).toBe(
			'Karbon refused the upload of "proposal.pdf" (HTTP 500): An error has occurred. Unsupported file type.',
		);
	});

	test('a failure after some uploads of an item names the uploads that did happen', async () => {
		// The first upload passes the sandbox's rules, the second is answered with a 500.
		sandbox.replyEvery(2, KARBON_ERRORS.serverError);
		const run = await upload({ linkTo: 'contact', recordKey: 'C1,C2', uploadOncePerRecord: true }, [{ files: { data: pdf() } }]);

		expect(sandbox.requests.filter((request) => request.status === 201)).toHaveLength(1);
		expect(run.error?.message).toMatch(/\(HTTP 500\)/);
		expect(run.error?.description).toMatch(/Already uploaded for this item before the failure \(not undone\): .*"linkKey":"C1"/);
	});

	test('Continue On Fail: the bad item carries its error, the others still upload', async () => {
		const run = await upload({ recordKey: '={{ $json.key }}' }, [
			{ json: { key: 'GOOD1' }, files: { data: pdf('one.pdf') } },
			{ json: { key: '' }, files: { data: pdf('two.pdf') } },
			{ json: { key: 'GOOD3' }, files: { data: pdf('three.pdf') } },
		], { continueOnFail: true });

		expect(run.error).toBeUndefined();
		expect(uploads().map((request) => request.files[0].fileName).sort()).toEqual(['one.pdf', 'three.pdf']);
		expect(run.output.map(({ json, pairedItem }) => [json.Name ?? json.error, pairedItem])).toEqual([
			['one.pdf', { item: 0 }],
			['Record Key: the key is empty [item 1]', { item: 1 }],
			['three.pdf', { item: 2 }],
		]);
	});

	test('Continue On Fail with a provider error keeps the error on that item only', async () => {
		sandbox.forceReplies(KARBON_ERRORS.serverError);
		const run = await upload({}, [{ files: { data: pdf('first.pdf') } }], { continueOnFail: true });

		expect(run.output).toEqual([
			{
				json: {
					error: 'Karbon refused the upload of "first.pdf" (HTTP 500): An error has occurred.',
					message: 'Not retried: Karbon may have stored the file before the failure; check before running again. Nothing was uploaded for this item.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});
