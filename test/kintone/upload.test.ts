import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { kintoneDomainProblem } from '../../nodes/KintoneFiles/shared/domain';
import { patternBytes, serialiseRun, sha256 } from '../harness/assertions';
import { runCredentialTest, runListSearch, runNode } from '../harness/engine.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import {
	kintoneSandbox,
	KINTONE_APP,
	KINTONE_BASIC,
	KINTONE_ERRORS,
	KINTONE_GUEST_APP,
	KINTONE_GUEST_SPACE,
	KINTONE_LOGIN,
	KINTONE_TOKENS,
} from '../sandboxes/kintone.cjs';

const sandbox = kintoneSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const pdf = (name = 'invoice.pdf', bytes = patternBytes(900)) => ({ bytes, fileName: name, mimeType: 'application/pdf' });
const tokenCredential = (extra: IDataObject = {}) => ({
	kintoneFilesApi: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: `${KINTONE_TOKENS.app12},${KINTONE_TOKENS.app20}`, baseUrlOverride: sandbox.baseUrl, ...extra },
});
const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });

function run(parameters: INodeParameters, items: FixtureItem[] = [{ files: { data: pdf() } }], extra: { credential?: IDataObject; continueOnFail?: boolean } = {}) {
	return runNode({
		type: 'kintoneFiles',
		parameters: { resource: 'file', operation: 'upload', ...parameters },
		credentials: tokenCredential(extra.credential),
		items,
		continueOnFail: extra.continueOnFail,
	});
}

const attach = (parameters: INodeParameters = {}, items?: FixtureItem[], extra = {}) =>
	run({ operation: 'uploadAndAttach', app: rl(KINTONE_APP), recordBy: 'id', recordId: '6', attachmentField: rl('Attachments'), ...parameters }, items, extra);

const attachedNames = (app = KINTONE_APP, id = '6', field = 'Attachments') =>
	((sandbox.record(app, id)?.fields[field]?.value as Array<{ name: string }>) ?? []).map((file) => file.name);

describe('Kintone Files › Upload', () => {
	test('one file per request; each output carries fileKey, fileName, mimeType, size', async () => {
		const first = patternBytes(1000, 1);
		const second = patternBytes(2000, 2);
		const result = await run({ uploadAllBinaryFields: true }, [{ files: { a: pdf('a.pdf', first), b: { bytes: second, fileName: 'b.txt', mimeType: 'text/plain' } } }]);

		expect(result.error).toBeUndefined();
		const uploads = sandbox.requests.filter((request) => request.path === '/k/v1/file.json');
		expect(uploads.map((request) => request.files.length)).toEqual([1, 1]);
		expect(uploads.map((request) => [request.files[0].part, request.files[0].sha256])).toEqual([
			['file', sha256(first)],
			['file', sha256(second)],
		]);
		expect(uploads[0].headers['x-cybozu-api-token']).toBe(`${KINTONE_TOKENS.app12},${KINTONE_TOKENS.app20}`);
		expect(result.output.map(({ json, pairedItem }) => [json, pairedItem])).toEqual([
			[{ fileKey: expect.stringMatching(/^[0-9a-f-]{36}$/), fileName: 'a.pdf', mimeType: 'application/pdf', size: 1000, binaryField: 'a' }, { item: 0 }],
			[{ fileKey: expect.stringMatching(/^[0-9a-f-]{36}$/), fileName: 'b.txt', mimeType: 'text/plain', size: 2000, binaryField: 'b' }, { item: 0 }],
		]);
	});

	test('filenames in any script arrive byte-exact in UTF-8', async () => {
		const names = ['請求書_2026年11月.pdf', 'Résumé – Zoë.pdf', 'invoice 🧾.pdf'];
		await run({ uploadAllBinaryFields: true }, [{ files: Object.fromEntries(names.map((name, i) => [`f${i}`, pdf(name)])) }]);
		expect(sandbox.requests.map((request) => request.files[0].fileName)).toEqual(names);
		expect([...sandbox.pending.values()].map((file) => Buffer.from(file.name, 'utf8').toString('hex'))).toEqual(names.map((name) => Buffer.from(name, 'utf8').toString('hex')));
	});

	test.each<[string, IDataObject, Record<string, string | undefined>]>([
		['one API token', { apiToken: KINTONE_TOKENS.app12 }, { 'x-cybozu-api-token': KINTONE_TOKENS.app12, authorization: undefined }],
		['a login', { authType: 'password', ...KINTONE_LOGIN }, { 'x-cybozu-authorization': Buffer.from(`${KINTONE_LOGIN.username}:${KINTONE_LOGIN.password}`).toString('base64'), 'x-cybozu-api-token': undefined }],
		['a token plus Basic authentication', { basicAuth: true, ...KINTONE_BASIC }, { authorization: `Basic ${Buffer.from(`${KINTONE_BASIC.basicAuthUser}:${KINTONE_BASIC.basicAuthPassword}`).toString('base64')}` }],
		['a login plus Basic authentication', { authType: 'password', ...KINTONE_LOGIN, basicAuth: true, ...KINTONE_BASIC }, { authorization: expect.stringMatching(/^Basic /) as unknown as string }],
	])('authenticates with %s', async (_case, credential, headers) => {
		sandbox.requireBasic = Boolean(credential.basicAuth);
		const result = await run({}, undefined, { credential });
		expect(result.error).toBeUndefined();
		expect(sandbox.requests[0].headers).toMatchObject(Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)));
		for (const [name, value] of Object.entries(headers)) if (value === undefined) expect(sandbox.requests[0].headers[name]).toBeUndefined();
	});

	test('without the Basic authentication the domain requires, the message says so', async () => {
		sandbox.requireBasic = true;
		const result = await run({});
		expect(result.error?.message).toBe('Kintone refused the upload of "invoice.pdf" (HTTP 401): Basic authentication is required.');
	});

	test.each([
		['https://example.kintone.com', /has a scheme/],
		['example.kintone.com/k/12', /contains a path/],
		['example.kintone.com:8443', /contains a port/],
		['user@example.kintone.com', /contains user info/],
		['192.168.1.10', /is an IP address/],
		['[::1]', /is an IP address/],
		['example.com', /is not a Kintone host/],
		['kintone.com.attacker.example', /is not a Kintone host/],
	])('a bad domain %s is refused before sending', async (domain, message) => {
		const result = await run({}, undefined, { credential: { domain, baseUrlOverride: '' } });
		expect(result.error?.message).toMatch(message);
		expect(result.error?.message).toMatch(/^Credential → Domain: /);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('real Kintone hosts pass the domain check', () => {
		for (const domain of ['example.cybozu.com', 'example.kintone.com', 'example.s.cybozu.com', 'example.cybozu.cn', 'my-company.kintone.com']) {
			expect(kintoneDomainProblem(domain)).toBeUndefined();
		}
	});

	test.each([
		['   ', 'the domain is empty'],
		['-evil.kintone.com', '"-evil.kintone.com" is not a Kintone host; it must end in .cybozu.com, .kintone.com, .cybozu.cn or .s.cybozu.com, e.g. example.kintone.com'],
		['host1.2.3.4', '"host1.2.3.4" is not a Kintone host; it must end in .cybozu.com, .kintone.com, .cybozu.cn or .s.cybozu.com, e.g. example.kintone.com'],
		['10.0.0.1.example.com', '"10.0.0.1.example.com" is not a Kintone host; it must end in .cybozu.com, .kintone.com, .cybozu.cn or .s.cybozu.com, e.g. example.kintone.com'],
		['127.0.0.1:8080', '"127.0.0.1:8080" is an IP address; Kintone is reached by its host name'],
		['example.kintone.com/a://b', '"example.kintone.com/a://b" contains a path; enter only the host name, e.g. example.cybozu.com'],
	])('the domain check names what is wrong with %j', (domain, problem) => {
		expect(kintoneDomainProblem(domain)).toBe(problem);
	});

	test('a one-letter subdomain and spaces around the host pass the domain check', () => {
		expect(kintoneDomainProblem('a.kintone.com')).toBeUndefined();
		expect(kintoneDomainProblem('  example.cybozu.com  ')).toBeUndefined();
	});

	test('ten API tokens are refused before sending', async () => {
		const result = await run({}, undefined, { credential: { apiToken: Array.from({ length: 10 }, (_, i) => `t${i}`).join(',') } });
		expect(result.error?.message).toMatch(/10 API tokens are given, Kintone takes at most 9/);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('nine API tokens pass; none, or only commas and spaces, is refused with the fix; nothing is sent', async () => {
		const nine = await run({}, undefined, { credential: { apiToken: Array.from({ length: 9 }, (_, i) => `t${i}`).join(',') } });
		// Sent, and refused by Kintone itself, not by the node's count.
		expect(nine.error?.message).toBe('Kintone refused the upload of "invoice.pdf" (HTTP 401): The API token is invalid.');
		// n8n-core sends a request refused with 401 once more after its pre-authentication step; an upload refused so stores nothing.
		expect(new Set(sandbox.requests.map((request) => `${request.method} ${request.path} ${request.status}`))).toEqual(new Set(['POST /k/v1/file.json 401']));
		sandbox.reset();
		for (const apiToken of ['', ' , ,']) {
			const result = await run({}, undefined, { credential: { apiToken } });
			expect(result.error?.message).toBe('Credential → API Token(s): no API token is given [item 0]');
			expect(result.error?.description).toBe('Enter one token per app the workflow touches, separated by commas (at most 9), or use a login name and password.');
		}
		expect(sandbox.requests).toHaveLength(0);
	});

	test('a guest space ID that is not a number is refused before sending; spaces around one are dropped', async () => {
		const refused = await run({ options: { guestSpaceId: 'guest-7' } });
		expect(refused.error?.message).toBe('Guest Space ID: "guest-7" is not a space ID [item 0]');
		expect(refused.error?.description).toBe('Enter the number from the guest space URL (…/k/guest/7/…), or leave it empty.');
		expect((await run({ options: { guestSpaceId: '7b' } })).error?.message).toBe('Guest Space ID: "7b" is not a space ID [item 0]');
		expect(sandbox.requests).toHaveLength(0);

		const spaced = await attach({ app: rl(KINTONE_GUEST_APP), recordId: '1', attachmentField: rl('Files'), options: { guestSpaceId: ` ${KINTONE_GUEST_SPACE} ` } });
		expect(spaced.error).toBeUndefined();
		expect(attachedNames(KINTONE_GUEST_APP, '1', 'Files')).toEqual(['invoice.pdf']);
	});

	test('the guest space ID switches the path to /k/guest/{id}/v1/', async () => {
		const result = await attach({ app: rl(KINTONE_GUEST_APP), recordId: '1', attachmentField: rl('Files'), options: { guestSpaceId: KINTONE_GUEST_SPACE } });
		expect(result.error).toBeUndefined();
		expect(new Set(sandbox.requests.map((request) => request.path.replace(/v1\/.*/, 'v1/')))).toEqual(new Set([`/k/guest/${KINTONE_GUEST_SPACE}/v1/`]));
		expect(attachedNames(KINTONE_GUEST_APP, '1', 'Files')).toEqual(['invoice.pdf']);
	});

	test('401, 429 and 404 surface Kintone\'s message', async () => {
		const unauthorized = await run({}, undefined, { credential: { authType: 'password', username: 'x', password: 'wrong-password-value' } });
		expect(unauthorized.error?.message).toBe('Kintone refused the upload of "invoice.pdf" (HTTP 401): Password authentication failed.');
		expect(serialiseRun(unauthorized)).not.toContain('wrong-password-value');

		sandbox.forceReplies(KINTONE_ERRORS.concurrencyLimit);
		const limited = await run({ options: { maxRateLimitWait: 0 } });
		expect(limited.error?.message).toBe('Kintone refused the upload of "invoice.pdf" (HTTP 429): The number of concurrent requests to the domain exceeds the limit.');

		sandbox.reset();
		const missing = await attach({ recordId: '999' });
		expect(missing.error?.message).toMatch(/Record: Kintone could not find the record \(HTTP 404\): The specified record \(ID: 999\) is not found\. \[item 0\]/);
		expect(missing.error?.description).toMatch(/Nothing was uploaded/);
		expect(sandbox.requests.filter((request) => request.path.endsWith('file.json'))).toHaveLength(0);
	});

	test('a record read that fails for another reason than a missing record says so, not "could not find"; nothing is uploaded', async () => {
		sandbox.answerMatching((request) => request.path.endsWith('/record.json') && request.method === 'GET', { status: 500, body: { code: 'GAIA_IN01', id: 'x1', message: 'An unexpected error has occurred.' } });
		const failed = await attach({ recordId: '5' });
		expect(failed.error?.message).toBe('Kintone refused the read of record 5 of app 12 (HTTP 500): An unexpected error has occurred.');
		expect(failed.error?.description).toBe('Nothing was uploaded.');

		sandbox.reset();
		sandbox.dropMatching((request) => request.path.endsWith('/record.json') && request.method === 'GET');
		const unanswered = await attach({ recordId: '5' });
		expect(unanswered.error?.message).toBe('Kintone refused the read of record 5 of app 12 (no answer): ECONNRESET');
		expect(unanswered.error?.description).toBe('Nothing was uploaded.');
		expect(sandbox.requests.filter((request) => request.path.endsWith('file.json'))).toHaveLength(0);

		sandbox.reset();
		sandbox.answerMatching((request) => request.path.endsWith('/records.json') && request.method === 'GET', { status: 500, body: { code: 'GAIA_IN01', id: 'x2', message: 'An unexpected error has occurred.' } });
		const searched = await attach({ recordBy: 'updateKey', updateKeyField: 'CustomerCode', updateKeyValue: 'C-1042' });
		expect(searched.error?.message).toBe('Kintone refused the search for the record of app 12 (HTTP 500): An unexpected error has occurred.');
		expect(searched.error?.description).toBe('Nothing was uploaded.');
		expect(sandbox.requests.filter((request) => request.path.endsWith('file.json'))).toHaveLength(0);
	});
});

describe('Kintone Files › Upload and Attach to Record', () => {
	test('Append keeps the files already there and adds the new ones, with the record\'s revision', async () => {
		const all = await attach({ uploadAllBinaryFields: true }, [{ files: { a: pdf('new-1.pdf'), b: pdf('new-2.pdf') } }]);

		expect(all.error).toBeUndefined();
		expect(attachedNames()).toEqual(['old-1.pdf', 'old-2.pdf', 'new-1.pdf', 'new-2.pdf']);
		const put = sandbox.requests.find((request) => request.method === 'PUT')!;
		expect((put.json as IDataObject).revision).toBe('3');
		expect(all.output).toEqual([
			{
				json: expect.objectContaining({ app: '12', recordId: '6', revision: '4', attachmentField: 'Attachments', mode: 'append', keptFiles: 2, files: [expect.objectContaining({ fileName: 'new-1.pdf' }), expect.objectContaining({ fileName: 'new-2.pdf' })] }),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('Replace drops the files that were there', async () => {
		const result = await attach({ attachMode: 'replace' });
		expect(result.error).toBeUndefined();
		expect(attachedNames()).toEqual(['invoice.pdf']);
		const put = sandbox.requests.find((request) => request.method === 'PUT')!;
		expect((put.json as IDataObject).revision).toBeUndefined();
	});

	test.each([
		['a quote that would end the string and add a clause', 'x" or $id = "6'],
		['an escaped quote', 'x\\" or $id = \\"6'],
		['a trailing backslash that would escape the closing quote', 'C-1042\\'],
	])('an Update Key value with %s stays one value: no other record is picked, nothing is uploaded', async (_case, value) => {
		const result = await attach({ recordBy: 'updateKey', updateKeyField: 'CustomerCode', updateKeyValue: value });

		expect(result.error?.message).toMatch(/Update Key: no record has CustomerCode = "/);
		expect(sandbox.requests.filter((request) => request.path.endsWith('file.json'))).toHaveLength(0);
		expect(sandbox.requests.filter((request) => request.method === 'PUT')).toHaveLength(0);
		expect(attachedNames()).toEqual(['old-1.pdf', 'old-2.pdf']);
	});

	test.each<[string, INodeParameters, number]>([
		['by ID, Append', { attachMode: 'append' }, 2],
		['by ID, Replace', { attachMode: 'replace' }, 0],
		['by update key, Append', { attachMode: 'append', recordBy: 'updateKey', updateKeyField: 'CustomerCode', updateKeyValue: 'C-1042' }, 2],
		['by update key, Replace', { attachMode: 'replace', recordBy: 'updateKey', updateKeyField: 'CustomerCode', updateKeyValue: 'C-1042' }, 0],
	])('the output has the same shape however the record is found and attached (%s)', async (_case, parameters, keptFiles) => {
		const result = await attach(parameters);

		expect(result.error).toBeUndefined();
		const json = result.output[0].json;
		expect(Object.keys(json).sort()).toEqual(['app', 'attachmentField', 'attempts', 'files', 'keptFiles', 'mode', 'recordId', 'revision', 'updateKey']);
		expect(json).toMatchObject({ app: '12', recordId: '6', revision: '4', attachmentField: 'Attachments', mode: parameters.attachMode, keptFiles, attempts: 1 });
		expect(json.updateKey).toEqual(parameters.recordBy === 'updateKey' ? { field: 'CustomerCode', value: 'C-1042' } : null);
	});

	test('finds the record by update key', async () => {
		const result = await attach({ recordBy: 'updateKey', updateKeyField: 'CustomerCode', updateKeyValue: 'C-1042' });
		expect(result.error).toBeUndefined();
		expect(attachedNames()).toEqual(['old-1.pdf', 'old-2.pdf', 'invoice.pdf']);
		expect(result.output[0].json).toMatchObject({ recordId: '6', updateKey: { field: 'CustomerCode', value: 'C-1042' } });
	});

	test.each<[string, INodeParameters, RegExp]>([
		['a field that is not an Attachment field', { attachmentField: rl('Title') }, /"Title" is a SINGLE_LINE_TEXT field, not an Attachment \(FILE\) field/],
		['a field that does not exist', { attachmentField: rl('Photos') }, /app 12 has no field with the code "Photos"/],
		['a record ID that is not a number', { recordId: '={{ "six" }}' }, /Record ID: "six" is not a record ID/],
		['a record ID whose expression gives nothing', { recordId: '={{ $json.recordId }}' }, /^Record ID: the record ID is empty \[item 0\]$/],
		['an update key value whose expression gives nothing', { recordBy: 'updateKey', updateKeyField: 'CustomerCode', updateKeyValue: '={{ $json.customerCode }}' }, /^Update Key: the field code and the value are both needed \[item 0\]$/],
		['an update key no record has', { recordBy: 'updateKey', updateKeyField: 'CustomerCode', updateKeyValue: 'C-0000' }, /no record has CustomerCode = "C-0000"/],
	])('%s is refused before any upload', async (_case, parameters, message) => {
		const result = await attach(parameters);
		expect(result.error?.message).toMatch(message);
		expect(sandbox.requests.filter((request) => request.path.endsWith('file.json'))).toHaveLength(0);
	});

	const updateKeyFix = 'Enter the code of a text or number field with "Prohibit duplicate values" on (field codes are case-sensitive). The app\'s: CustomerCode.';
	test.each([
		['a code the app does not have', 'customerCode', 'Update Key Field Code: app 12 has no field with the code "customerCode" [item 0]'],
		['a code that would add a clause to the search', 'CustomerCode = "C-0000" or $id', 'Update Key Field Code: app 12 has no field with the code "CustomerCode = "C-0000" or $id" [item 0]'],
		['a field that is not text or a number', 'SignedOn', 'Update Key Field Code: "SignedOn" is a DATE field, not a text or number field [item 0]'],
		['a text field without "Prohibit duplicate values"', 'Title', 'Update Key Field Code: "Title" does not have "Prohibit duplicate values" on, so it cannot tell one record [item 0]'],
	])('an Update Key field with %s is refused from the app\'s form: no search, nothing uploaded', async (_case, updateKeyField, message) => {
		const result = await attach({ recordBy: 'updateKey', updateKeyField, updateKeyValue: 'C-1042' });
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toBe(updateKeyFix);
		expect(sandbox.requests.map((request) => request.path)).toEqual(['/k/v1/app/form/fields.json']);
	});

	test('5 items attaching to the same record in one run all end up attached (conflicts retried)', async () => {
		const items = Array.from({ length: 5 }, (_, i) => ({ files: { data: pdf(`concurrent-${i}.pdf`, patternBytes(500, i + 1)) } }));
		const result = await attach({}, items);

		expect(result.error).toBeUndefined();
		expect(attachedNames().sort()).toEqual(['concurrent-0.pdf', 'concurrent-1.pdf', 'concurrent-2.pdf', 'concurrent-3.pdf', 'concurrent-4.pdf', 'old-1.pdf', 'old-2.pdf']);
		const conflicts = sandbox.requests.filter((request) => request.status === 409);
		expect(conflicts.length).toBeGreaterThan(0);
		expect(result.output.map(({ pairedItem }) => pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(Math.max(...result.output.map(({ json }) => Number(json.attempts)))).toBeGreaterThan(1);
	});
});

describe('Kintone Files › record reads and writes go through the uploads\' limiter', () => {
	const recordCalls = () => sandbox.requests.filter((request) => request.path === '/k/v1/record.json');

	test('they count against the cap: 6 items onto one record with the cap at 2, never more than 2 requests in flight', async () => {
		// Answers that take a while, so that whatever is not capped overlaps.
		sandbox.latency = { delayMs: 30, bytesPerSecond: 50_000_000 };
		const items = Array.from({ length: 6 }, (_, i) => ({ files: { data: pdf(`capped-${i}.pdf`, patternBytes(300, i + 1)) } }));
		const result = await attach({ options: { maxConcurrentUploads: 2 } }, items).finally(() => {
			sandbox.latency = undefined;
		});

		expect(result.error).toBeUndefined();
		expect(attachedNames().sort()).toEqual(['capped-0.pdf', 'capped-1.pdf', 'capped-2.pdf', 'capped-3.pdf', 'capped-4.pdf', 'capped-5.pdf', 'old-1.pdf', 'old-2.pdf']);
		expect(sandbox.maxInFlight).toBe(2);
	});

	test('a 429 on the record update is waited out: the files are attached, the update sent twice', async () => {
		let refused = 0;
		sandbox.answerMatching((request) => request.method === 'PUT' && refused++ === 0, KINTONE_ERRORS.concurrencyLimit);
		const result = await attach();

		expect(result.error).toBeUndefined();
		expect(recordCalls().filter((request) => request.method === 'PUT').map((request) => request.status)).toEqual([429, 200]);
		expect(attachedNames()).toEqual(['old-1.pdf', 'old-2.pdf', 'invoice.pdf']);
		expect(result.output[0].json).toMatchObject({ recordId: '6', revision: '4', keptFiles: 2, attempts: 1 });
	});

	test('a 429 on the record read before the upload is waited out, and the file uploaded once', async () => {
		let refused = 0;
		sandbox.answerMatching((request) => request.method === 'GET' && request.path === '/k/v1/record.json' && refused++ === 0, KINTONE_ERRORS.concurrencyLimit);
		const result = await attach();

		expect(result.error).toBeUndefined();
		expect(recordCalls().filter((request) => request.method === 'GET').map((request) => request.status)).toEqual([429, 200, 200]);
		expect(sandbox.requests.filter((request) => request.path === '/k/v1/file.json')).toHaveLength(1);
		expect(attachedNames()).toEqual(['old-1.pdf', 'old-2.pdf', 'invoice.pdf']);
	});

	test('a record read that meets a 502 is read again; a record write that meets one is not', async () => {
		let failedReads = 0;
		sandbox.answerMatching((request) => request.method === 'GET' && request.path === '/k/v1/record.json' && failedReads++ === 0, { status: 502, body: { code: 'GAIA_XX02', id: 'x', message: 'Bad gateway.' } });
		sandbox.answerMatching((request) => request.method === 'PUT', { status: 502, body: { code: 'GAIA_XX02', id: 'x', message: 'Bad gateway.' } });
		const result = await attach();

		expect(recordCalls().map((request) => `${request.method} ${request.status}`)).toEqual(['GET 502', 'GET 200', 'GET 200', 'PUT 502']);
		expect(result.error?.message).toBe('Kintone refused attaching the files to the record of app 12 (HTTP 502): Bad gateway.');
		expect(attachedNames()).toEqual(['old-1.pdf', 'old-2.pdf']);
	});
});

describe('Kintone Files › a failure after the upload names the files that were uploaded', () => {
	const fileKeysSent = () => sandbox.requests.filter((request) => request.path === '/k/v1/file.json' && request.status === 200).length;

	test('attaching fails: the error says the files WERE uploaded and lists their fileKeys', async () => {
		sandbox.answerMatching((request) => request.method === 'PUT', { status: 520, body: { code: 'GAIA_XX01', id: 'x', message: 'An unexpected error occurred.' } });
		const result = await attach({ uploadAllBinaryFields: true }, [{ files: { a: pdf('new-1.pdf'), b: pdf('new-2.pdf') } }]);

		expect(fileKeysSent()).toBe(2);
		expect(result.error?.message).toMatch(/^Kintone refused attaching the files to the record of app 12 \(HTTP 520\): An unexpected error occurred\./);
		expect(result.error?.description).toMatch(/The files WERE uploaded but are not attached: fileKeys [0-9a-f-]{36}, [0-9a-f-]{36} \(Kintone deletes them after 3 days unless a record uses them\)\./);
		expect(attachedNames()).toEqual(['old-1.pdf', 'old-2.pdf']);
	});

	test('creating the record fails: the error says the files WERE uploaded and lists their fileKeys', async () => {
		sandbox.answerMatching((request) => request.method === 'POST' && request.path === '/k/v1/record.json', { status: 400, body: { code: 'CB_VA01', id: 'x', message: 'Missing or invalid input.' } });
		const result = await run({ operation: 'uploadAndCreate', app: rl(KINTONE_APP), attachmentField: rl('Contracts'), fieldsInput: 'json', recordJson: '{"Title": {"value": "Initech"}}' });

		expect(fileKeysSent()).toBe(1);
		expect(result.error?.message).toMatch(/^Kintone refused creating the record in app 12 \(HTTP 400\): Missing or invalid input\./);
		expect(result.error?.description).toMatch(/The files WERE uploaded but no record uses them: fileKeys [0-9a-f-]{36} \(Kintone deletes them after 3 days\)\./);
	});
});

describe('Kintone Files › Upload and Create Record', () => {
	test('creates a record with the files and key/value fields', async () => {
		const result = await run({
			operation: 'uploadAndCreate',
			app: rl(KINTONE_APP),
			attachmentField: rl('Contracts'),
			fieldsInput: 'keyValue',
			recordFields: { field: [{ code: 'Title', value: 'Globex' }] },
		});
		expect(result.error).toBeUndefined();
		const created = sandbox.record(KINTONE_APP, '101');
		expect(created?.fields.Title.value).toBe('Globex');
		expect(attachedNames(KINTONE_APP, '101', 'Contracts')).toEqual(['invoice.pdf']);
		expect(result.output[0].json).toMatchObject({ app: '12', recordId: '101', attachmentField: 'Contracts' });
	});

	test.each([
		['Upload and Attach to Record', { operation: 'uploadAndAttach', app: rl(KINTONE_APP), recordId: '6', attachmentField: rl('Attachments') }],
		['Upload and Create Record', { operation: 'uploadAndCreate', app: rl(KINTONE_APP), attachmentField: rl('Contracts'), fieldsInput: 'keyValue', recordFields: { field: [{ code: 'Title', value: 'Globex' }] } }],
	])('%s: Pass Through Binary keeps every uploaded file on the one output item, under its own field', async (_operation, parameters) => {
		const files = { files: { attachment_0: pdf('a.pdf'), attachment_1: pdf('b.pdf', patternBytes(300, 2)) } };
		const result = await run({ ...parameters, uploadAllBinaryFields: true, options: { passThroughBinary: true } }, [files]);
		expect(result.error).toBeUndefined();
		expect(result.output).toHaveLength(1);
		expect(Object.keys(result.output[0].binary ?? {})).toEqual(['attachment_0', 'attachment_1']);
		expect(result.output[0].binary?.attachment_1).toMatchObject({ fileName: 'b.pdf', mimeType: 'application/pdf' });
		expect(result.output[0].pairedItem).toEqual({ item: 0 });

		const without = await run({ ...parameters, uploadAllBinaryFields: true }, [files]);
		expect(without.error).toBeUndefined();
		expect(without.output[0].binary).toBeUndefined();
	});

	test.each([
		[
			'a key/value field code the app does not have',
			{ fieldsInput: 'keyValue', recordFields: { field: [{ code: 'Title', value: 'Globex' }, { code: 'title', value: 'Globex' }] } },
			'Record Fields: app 12 has no field with the code "title" [item 0]',
			'Field codes are case-sensitive. The app\'s fields are: Title, CustomerCode, Amount, SignedOn, ReceivedAt, Status, Tags, RecordNo, Attachments, Contracts, Agreements.',
		],
		[
			'a JSON field code the app does not have',
			{ fieldsInput: 'json', recordJson: '{"Title": {"value": "Initech"}, "Amout": {"value": "12"}}' },
			'Record Fields (JSON): app 12 has no field with the code "Amout" [item 0]',
			'Field codes are case-sensitive. The app\'s fields are: Title, CustomerCode, Amount, SignedOn, ReceivedAt, Status, Tags, RecordNo, Attachments, Contracts, Agreements.',
		],
		[
			'a table\'s field given outside its table',
			{ fieldsInput: 'json', recordJson: '{"AgreementNo": {"value": "A-7"}}' },
			'Record Fields (JSON): app 12 has no field with the code "AgreementNo" [item 0]',
			'"AgreementNo" is a field of table Agreements: give it inside the table\'s rows, e.g. {"Agreements": {"value": [{"value": {"AgreementNo": {"value": "…"}}}]}}.',
		],
	])('refuses %s before any upload: Kintone would add the record without its value', async (_case, parameters, message, description) => {
		const result = await run({ operation: 'uploadAndCreate', app: rl(KINTONE_APP), attachmentField: rl('Contracts'), ...parameters });
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toBe(description);
		expect(sandbox.requests.filter((request) => request.path !== '/k/v1/app/form/fields.json')).toEqual([]);
		expect(sandbox.ignoredFieldCodes).toEqual([]);
	});

	test('creates a record from checked JSON fields', async () => {
		const result = await run({ operation: 'uploadAndCreate', app: rl(KINTONE_APP), attachmentField: rl('Contracts'), fieldsInput: 'json', recordJson: '{"Title": {"value": "Initech"}}' });
		expect(result.error).toBeUndefined();
		expect(sandbox.record(KINTONE_APP, '101')?.fields.Title.value).toBe('Initech');
	});

	test.each([
		['{"Title": "Initech"}', /field "Title" has no "value"/],
		['{Title}', /not valid JSON/],
		['{"Contracts": {"value": []}}', /"Contracts" is the Attachment Field/],
	])('refuses fields JSON %s before any upload', async (recordJson, message) => {
		const result = await run({ operation: 'uploadAndCreate', app: rl(KINTONE_APP), attachmentField: rl('Contracts'), fieldsInput: 'json', recordJson });
		expect(result.error?.message).toMatch(message);
		expect(sandbox.requests.filter((request) => request.path.endsWith('file.json'))).toHaveLength(0);
	});
});

describe('Kintone Files › pickers and credential test', () => {
	test('the Attachment Field picker lists only FILE fields, a label equal to its field code once', async () => {
		const fields = await runListSearch({ type: 'kintoneFiles', method: 'searchAttachmentFields', parameters: { app: rl(KINTONE_APP) }, credentials: tokenCredential() });
		expect(fields.results).toEqual([
			{ name: 'Attachments', value: 'Attachments' },
			{ name: 'Signed contracts (Contracts)', value: 'Contracts' },
			{ name: 'Agreements › Signed copy (SignedCopy)', value: 'SignedCopy' },
		]);
	});

	test('the Attachment Field picker before an app is chosen says so, and asks Kintone nothing', async () => {
		const failure = await runListSearch({ type: 'kintoneFiles', method: 'searchAttachmentFields', parameters: { app: rl('', 'list') }, credentials: tokenCredential() }).then(
			() => undefined,
			(error: Error & { description?: string }) => error,
		);
		expect([failure?.message, failure?.description]).toEqual(['Choose the App first', 'The Attachment fields are listed from the app\'s form.']);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('the App picker with API tokens says to use By ID, and asks Kintone nothing', async () => {
		const failure = await runListSearch({ type: 'kintoneFiles', method: 'searchApps', parameters: {}, credentials: tokenCredential() }).then(
			() => undefined,
			(error: Error & { description?: string }) => error,
		);
		expect(failure?.message).toBe('API tokens cannot list apps: choose "By ID" and enter the app\'s number');
		expect(failure?.description).toBe('The app ID is the number in the app\'s address, e.g. 12 in https://example.kintone.com/k/12/. Only a credential with a login name and password can list apps.');
		expect(sandbox.requests).toHaveLength(0);
	});

	test.each([
		['https://example.kintone.com', 'Domain: "https://example.kintone.com" has a scheme; enter only the host name, e.g. example.kintone.com (https is always used). Fix the Domain of the Kintone credential.'],
		['example.kintone.com/k/12', 'Domain: "example.kintone.com/k/12" contains a path; enter only the host name, e.g. example.cybozu.com. Fix the Domain of the Kintone credential.'],
		['example.kintone.com:8443', 'Domain: "example.kintone.com:8443" contains a port; Kintone is always reached on https\'s port. Fix the Domain of the Kintone credential.'],
	])('the credential test refuses the domain %s with the run-time message, and sends nothing', async (domain, message) => {
		const result = await runCredentialTest('kintoneFilesApi', { domain, authType: 'apiToken', apiToken: 'token-a', testAppId: KINTONE_APP });
		expect(result.error?.message).toBe(message);
		expect(sandbox.requests).toHaveLength(0);
	});

	test('the credential test reads an app\'s form with tokens, and lists apps with a login (no app ID needed)', async () => {
		const token = await runCredentialTest('kintoneFilesApi', { ...tokenCredential().kintoneFilesApi, testAppId: KINTONE_APP });
		expect(token.error).toBeUndefined();
		const login = await runCredentialTest('kintoneFilesApi', { domain: 'example.kintone.com', authType: 'password', ...KINTONE_LOGIN, baseUrlOverride: sandbox.baseUrl });
		expect(login.error).toBeUndefined();
		expect(sandbox.requests.map((request) => [request.path, request.query.get('app') ?? request.query.get('limit'), request.status])).toEqual([
			['/k/v1/app/form/fields.json', KINTONE_APP, 200],
			['/k/v1/apps.json', '1', 200],
		]);
	});

	test('the credential test reads the app ID without the spaces a paste leaves around it', async () => {
		const token = await runCredentialTest('kintoneFilesApi', { ...tokenCredential().kintoneFilesApi, testAppId: ` ${KINTONE_APP} ` });
		expect(token.error).toBeUndefined();
		expect(sandbox.requests.map((request) => [request.path, request.query.get('app'), request.status])).toEqual([['/k/v1/app/form/fields.json', '12', 200]]);
	});
});
