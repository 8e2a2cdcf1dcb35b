import type { ICredentialType, IDataObject, INodeType } from 'n8n-workflow';

import { patternBytes, serialiseRun, sha256 } from '../harness/assertions';
import { registerTestNode, runNode } from '../harness/engine.cjs';
import { refusedOnceThenForwardedTo } from '../harness/refusedOnce.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import { Sandbox, type ReceivedRequest, type Reply } from '../sandboxes/sandbox.cjs';
import { binaryInputFields, uploadOptionsCollection } from '../../nodes/shared/upload/descriptions';
import { eachFileToEachTarget, followUpRequest, uploadRouting, type UploadOperation } from '../../nodes/shared/upload/uploadOperation';

// The upload core on its own: a node of a made-up provider, "Acme", built from the core's
// sources, run by n8n-core's RoutingNode against Acme's sandbox. Each test holds one rule of
// the core (what is sent, what is retried, what the output and the error say) that every
// provider's node relies on; the providers' own tests hold what each provider adds.

const CREDENTIAL_VALUE = 'acme-key-7f3a9c1e55d24b08';

/** Acme stores a file per POST /files and answers its record (its id made of its name); PATCH /records/7/attachments links them. */
const sandbox = new Sandbox((request: ReceivedRequest): Reply => {
	if (request.method === 'POST' && request.path === '/files') {
		const forced = sandbox.takeForcedReply(request);
		if (forced) return forced;
		const [file] = request.files;
		if (file?.fileName === 'many.pdf') return { status: 201, body: [{ id: 'F-a' }, { id: 'F-b' }] };
		if (file?.fileName === 'plain.pdf') return { status: 201, body: 'stored' };
		if (file?.fileName === 'long.pdf') return { status: 201, body: 'abcdefghij'.repeat(25) };
		return { status: 201, body: { id: `F-${file?.fileName}`, name: file?.fileName, size: file?.size } };
	}
	if (request.method === 'POST' && request.path === '/files/from-url') {
		return sandbox.takeForcedReply(request) ?? { status: 201, body: { id: 'F-fetched', from: request.fields } };
	}
	if (request.method === 'GET' && request.path.startsWith('/files/')) return { status: 200, body: { link: `https://files.acme.example${request.path}` } };
	if (request.method === 'PATCH' && request.path === '/records/7/attachments') return { status: 200, body: { record: 7, attached: (request.json as IDataObject).ids } };
	return { status: 404, body: { message: 'No such route' } };
});
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const acmeCredential: ICredentialType = {
	name: 'acmeFilesApi',
	displayName: 'Acme Files API',
	properties: [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'https://api.acme.example' },
	],
	authenticate: { type: 'generic', properties: { headers: { 'X-Api-Key': '={{$credentials.apiKey}}' } } },
};

/** Acme's upload: every file to the folder parameter, one file per request. */
function acmeUpload(extra: Partial<UploadOperation>): UploadOperation {
	return {
		provider: 'Acme',
		api: { credentials: [{ authentication: 'apiKey', type: 'acmeFilesApi' }], baseUrlOf: (credentials) => String(credentials.baseUrl) },
		policy: { provider: 'Acme', maxBytes: 100_000 },
		defaultConcurrency: 2,
		plan: (ctx, files) => {
			const folder = String(ctx.getNodeParameter('folder', ''));
			return eachFileToEachTarget([{ fields: { folder }, describe: { folder } }], files, 'file');
		},
		...extra,
	};
}

function acmeNode(name: string, upload: UploadOperation): INodeType {
	return {
		description: {
			displayName: 'Acme Files',
			name,
			group: ['output'],
			version: 1,
			description: 'Uploads files to Acme',
			defaults: { name: 'Acme Files' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'acmeFilesApi', required: true }],
			requestDefaults: { baseURL: 'https://api.acme.example', headers: { Accept: 'application/json', 'Content-Type': 'application/json' } },
			properties: [
				{
					displayName: 'Operation',
					name: 'operation',
					type: 'options',
					noDataExpression: true,
					default: 'upload',
					options: [{ name: 'Upload', value: 'upload', action: 'Upload files', routing: uploadRouting(upload, { method: 'POST', url: '/files' }) }],
				},
				...binaryInputFields,
				{ displayName: 'Folder', name: 'folder', type: 'string', default: '' },
				{ displayName: 'Tag', name: 'tag', type: 'string', default: '', routing: { send: { type: 'query', property: 'tag' } } },
				{ displayName: 'File URL', name: 'fileUrl', type: 'string', default: '' },
				uploadOptionsCollection(2),
			],
		},
	};
}

/** A resend after an unknown outcome that Acme makes safe by asking for the stored copy. */
const resendAsReturnExisting: UploadOperation['resendAfterUnknownOutcome'] = (request) => ({ ...request, qs: { duplicates: 'returnExisting' } });

const ACME_NODES = {
	acmeFiles: acmeUpload({}),
	// Acme fetches a file from a URL itself when one is given: nothing is read from the item, the request goes to its own path.
	acmeFilesFromUrl: acmeUpload({
		readsBinary: (ctx) => ctx.getNodeParameter('fileUrl', '') === '',
		urlOf: (ctx) => (ctx.getNodeParameter('fileUrl', '') === '' ? '/files' : '/files/from-url'),
		plan: (ctx, files) => {
			const fileUrl = String(ctx.getNodeParameter('fileUrl', ''));
			if (fileUrl) return [{ fields: { url: fileUrl }, parts: [], describe: { fileUrl } }];
			return eachFileToEachTarget([{ fields: {}, describe: {} }], files, 'file');
		},
	}),
	acmeFilesResending: acmeUpload({ resendAfterUnknownOutcome: resendAsReturnExisting }),
	// Safe to repeat once only: a request already resent is not.
	acmeFilesResendingOnce: acmeUpload({ resendAfterUnknownOutcome: (request) => (request.qs ? undefined : resendAsReturnExisting(request)) }),
	acmeFilesShaping: acmeUpload({ toOutput: (answer) => ({ fileId: answer.id }) }),
	acmeFilesAttaching: acmeUpload({}),
};
// Its uploads, then their links (a read) and one attachment call (a write) for the item.
ACME_NODES.acmeFilesAttaching.afterUploads = async function (ctx, uploaded, routed) {
	const ids = uploaded.map(({ json }) => String(json.id));
	const links = [];
	for (const id of ids) {
		links.push(await followUpRequest(ctx, ACME_NODES.acmeFilesAttaching, routed, { method: 'GET', url: `/files/${id}` }, { what: `the link of ${id}`, leaves: `File ${id} is stored.` }));
	}
	const record = await followUpRequest(ctx, ACME_NODES.acmeFilesAttaching, routed, { method: 'PATCH', url: '/records/7/attachments', body: { ids } }, {
		what: 'the attachment to record 7',
		leaves: `Files ${ids.join(', ')} are stored but not attached.`,
	});
	return [{ json: { record, links } as IDataObject, pairedItem: uploaded[0]?.pairedItem }];
};

beforeAll(async () => {
	for (const [name, upload] of Object.entries(ACME_NODES)) await registerTestNode(acmeNode(name, upload), [acmeCredential]);
});

const pdf = (fileName: string, bytes = patternBytes(1500)) => ({ bytes, fileName, mimeType: 'application/pdf' });

function run(items: FixtureItem[], parameters: IDataObject = {}, extra: { type?: keyof typeof ACME_NODES; continueOnFail?: boolean | 'errorOutput'; baseUrl?: string } = {}) {
	return runNode({
		type: extra.type ?? 'acmeFiles',
		parameters: { operation: 'upload', inputDataFieldName: 'data', folder: 'invoices', ...parameters },
		credentials: { acmeFilesApi: { apiKey: CREDENTIAL_VALUE, baseUrl: `${extra.baseUrl ?? sandbox.baseUrl}/` } },
		items,
		continueOnFail: extra.continueOnFail,
	});
}

const uploads = () => sandbox.requests.filter((request) => request.path === '/files');
/** The time between one request's arrival and the next's, in ms: the node's wait before each resend. */
const waitsBetween = (requests: ReceivedRequest[]) => requests.slice(1).map((request, i) => request.receivedAt - requests[i].receivedAt);

describe('upload core › what is sent', () => {
	test('one item with two binaries: two multipart requests, each with the fields, the file and the credential', async () => {
		const [first, second] = [patternBytes(1500, 3), patternBytes(900, 4)];
		const result = await run([{ files: { attachment_0: pdf('a.pdf', first), attachment_1: { bytes: second, fileName: 'b.txt', mimeType: 'text/plain' } } }], {
			uploadAllBinaryFields: true,
		});

		expect(result.error).toBeUndefined();
		expect(uploads().map(({ fields, files, headers }) => ({ fields, files: files.map(({ part, fileName, mimeType, size, sha256: hash }) => ({ part, fileName, mimeType, size, hash })), key: headers['x-api-key'], accept: headers.accept }))).toEqual([
			{ fields: [['folder', 'invoices']], files: [{ part: 'file', fileName: 'a.pdf', mimeType: 'application/pdf', size: 1500, hash: sha256(first) }], key: CREDENTIAL_VALUE, accept: 'application/json' },
			{ fields: [['folder', 'invoices']], files: [{ part: 'file', fileName: 'b.txt', mimeType: 'text/plain', size: 900, hash: sha256(second) }], key: CREDENTIAL_VALUE, accept: 'application/json' },
		]);
		expect(uploads().every((request) => String(request.headers['content-type']).startsWith('multipart/form-data; boundary='))).toBe(true);
		expect(result.output.map(({ json, pairedItem, binary }) => ({ json, pairedItem, binary }))).toEqual([
			{ json: { id: 'F-a.pdf', name: 'a.pdf', size: 1500, folder: 'invoices', binaryField: 'attachment_0' }, pairedItem: { item: 0 }, binary: undefined },
			{ json: { id: 'F-b.txt', name: 'b.txt', size: 900, folder: 'invoices', binaryField: 'attachment_1' }, pairedItem: { item: 0 }, binary: undefined },
		]);
	});

	test('each output item pairs with its own input item', async () => {
		const result = await run([{ files: { data: pdf('a.pdf') } }, { files: { data: pdf('b.pdf') } }, { files: { data: pdf('c.pdf') } }]);

		expect(result.output.map(({ json, pairedItem }) => [json.name, pairedItem])).toEqual([
			['a.pdf', { item: 0 }],
			['b.pdf', { item: 1 }],
			['c.pdf', { item: 2 }],
		]);
	});

	test('an answer that is a list gives one output item per element', async () => {
		const result = await run([{ files: { data: pdf('many.pdf') } }]);

		expect(result.output.map(({ json }) => json)).toEqual([
			{ id: 'F-a', folder: 'invoices', binaryField: 'data' },
			{ id: 'F-b', folder: 'invoices', binaryField: 'data' },
		]);
	});

	test('the operation may shape the answer; what the request was for is added to it', async () => {
		const result = await run([{ files: { data: pdf('a.pdf') } }], {}, { type: 'acmeFilesShaping' });

		expect(result.output.map(({ json }) => json)).toEqual([{ fileId: 'F-a.pdf', folder: 'invoices', binaryField: 'data' }]);
	});

	test('Pass Through Binary keeps each uploaded file on its output item, under its own field', async () => {
		const bytes = patternBytes(700, 9);
		const result = await run([{ files: { attachment_0: pdf('a.pdf', bytes), attachment_1: pdf('b.pdf') } }], { uploadAllBinaryFields: true, options: { passThroughBinary: true } });

		expect(result.output.map(({ binary }) => Object.keys(binary ?? {}))).toEqual([['attachment_0'], ['attachment_1']]);
		expect(result.output[0].binary?.attachment_0).toMatchObject({ fileName: 'a.pdf', mimeType: 'application/pdf' });
	});

	test('an answer that is not a JSON object fails the item, saying what was uploaded', async () => {
		const result = await run([{ files: { attachment_0: pdf('a.pdf'), attachment_1: pdf('plain.pdf') } }], { uploadAllBinaryFields: true });

		expect(result.error?.message).toBe('Acme answered the upload of "plain.pdf" with something other than the JSON its API documents');
		expect(result.error?.description).toBe(
			'Not retried: Acme may have stored the file before the failure; check before running again. Already uploaded for this item before the failure (not undone): {"id":"F-a.pdf","name":"a.pdf","size":1500,"folder":"invoices","binaryField":"attachment_0"}',
		);
	});

	test('such an answer is kept in the error cut to 200 characters', async () => {
		const result = await run([{ files: { data: pdf('long.pdf') } }]);

		expect(result.error?.message).toBe('Acme answered the upload of "long.pdf" with something other than the JSON its API documents');
		expect((result.error as { errorResponse?: unknown } | undefined)?.errorResponse).toEqual({
			answer: 'abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij',
		});
	});
});

describe('upload core › the request', () => {
	test('the routed query goes on every request, also beside the query a resend adds', async () => {
		sandbox.forceReplies({ status: 502, body: { message: 'Bad gateway' } });
		const result = await run([{ files: { data: pdf('a.pdf') } }], { tag: 'q4' }, { type: 'acmeFilesResending' });

		expect(result.error).toBeUndefined();
		expect(uploads().map(({ query }) => query.toString())).toEqual(['tag=q4', 'tag=q4&duplicates=returnExisting']);
	});

	test('an operation that reads no binary sends to its own path, and its error names the file by its address', async () => {
		const fetched = await run([{ json: { note: 'no binary on this item' } }], { fileUrl: 'https://example.com/q4.pdf' }, { type: 'acmeFilesFromUrl' });
		expect(fetched.error).toBeUndefined();
		expect(fetched.output.map(({ json }) => json)).toEqual([{ id: 'F-fetched', from: [['url', 'https://example.com/q4.pdf']], fileUrl: 'https://example.com/q4.pdf' }]);

		sandbox.forceReplies({ status: 400, body: { message: 'Cannot fetch' } });
		const refused = await run([{ json: {} }], { fileUrl: 'https://example.com/gone.pdf' }, { type: 'acmeFilesFromUrl' });
		expect(refused.error?.message).toBe('Acme refused the upload of "https://example.com/gone.pdf" (HTTP 400): Cannot fetch');
	});

	test('at most two uploads of an account in flight by default; Max Concurrent Uploads sets another cap', async () => {
		sandbox.delayMatching(() => true, 150);
		const items = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ files: { data: pdf(`${name}.pdf`) } }));

		await run(items);
		expect(sandbox.maxInFlight).toBe(2);

		sandbox.reset();
		sandbox.delayMatching(() => true, 150);
		await run(items, { options: { maxConcurrentUploads: 4 } });
		expect(sandbox.maxInFlight).toBe(4);
	});
});

describe('upload core › what is refused before anything is sent', () => {
	test('an item without the binary field: the field and the fix named, nothing sent', async () => {
		const result = await run([{ files: { data: pdf('a.pdf') } }, { json: { subject: 'no attachment' } }]);

		expect(result.error?.message).toMatch(/binary field "data"/);
		expect(sandbox.requests).toEqual([]);
	});

	test('a file over the provider\'s limit: refused, nothing sent', async () => {
		const result = await run([{ files: { data: pdf('big.pdf', patternBytes(100_001)) } }]);

		expect(result.error?.message).toMatch(/big\.pdf/);
		expect(sandbox.requests).toEqual([]);
	});
});

describe('upload core › retries', () => {
	test('a 429 is sent again after its Retry-After, and the file is stored once', async () => {
		sandbox.forceReplies({ status: 429, headers: { 'Retry-After': '0' }, body: { message: 'Slow down' } });
		const result = await run([{ files: { data: pdf('a.pdf') } }]);

		expect(result.error).toBeUndefined();
		expect(uploads().map(({ status }) => status)).toEqual([429, 201]);
		expect(result.output.map(({ json }) => json.name)).toEqual(['a.pdf']);
	});

	test('a 429 whose wait is over Max Rate-Limit Wait fails at once, saying so', async () => {
		sandbox.forceReplies({ status: 429, headers: { 'Retry-After': '3' }, body: { message: 'Slow down' } });
		const result = await run([{ files: { data: pdf('a.pdf') } }], { options: { maxRateLimitWait: 2 } });

		expect(uploads()).toHaveLength(1);
		expect(result.error?.message).toBe('Acme refused the upload of "a.pdf" (HTTP 429): Slow down');
		expect(result.error?.description).toBe(
			'Acme asks to wait 3 s before the next request. Gave up after 1 attempts and 0 s of waiting (Options → Max Rate-Limit Wait is 2 s). Nothing was uploaded for this item.',
		);
	});

	test('without Max Rate-Limit Wait, a file waits up to 120 s in all', async () => {
		sandbox.forceReplies({ status: 429, headers: { 'Retry-After': '121' }, body: { message: 'Slow down' } });
		const result = await run([{ files: { data: pdf('a.pdf') } }]);

		expect(uploads()).toHaveLength(1);
		expect(result.error?.description).toBe(
			'Acme asks to wait 121 s before the next request. Gave up after 1 attempts and 0 s of waiting (Options → Max Rate-Limit Wait is 120 s). Nothing was uploaded for this item.',
		);
	});

	test('a 429 without Retry-After is sent again after a short backoff', async () => {
		sandbox.forceReplies({ status: 429, body: { message: 'Slow down' } });
		const result = await run([{ files: { data: pdf('a.pdf') } }]);

		expect(result.error).toBeUndefined();
		expect(uploads().map(({ status }) => status)).toEqual([429, 201]);
		// The first backoff is 0.5 s ± 50 %.
		const [refused, stored] = uploads();
		expect(stored.receivedAt - refused.receivedAt).toBeGreaterThanOrEqual(240);
	});

	test('waits add up: two waits of 1 s fit into 2 s, a third does not', async () => {
		const slowDown = { status: 429, headers: { 'Retry-After': '1' }, body: { message: 'Slow down' } };
		sandbox.forceReplies(slowDown, slowDown, slowDown);
		const result = await run([{ files: { data: pdf('a.pdf') } }], { options: { maxRateLimitWait: 2 } });

		expect(uploads()).toHaveLength(3);
		expect(result.error?.description).toBe(
			'Acme asks to wait 1 s before the next request. Gave up after 3 attempts and 2 s of waiting (Options → Max Rate-Limit Wait is 2 s). Nothing was uploaded for this item.',
		);
	});

	test('a 5xx is not sent again: the file may be stored', async () => {
		sandbox.forceReplies({ status: 503, body: { message: 'Try later' } });
		const result = await run([{ files: { data: pdf('a.pdf') } }]);

		expect(uploads()).toHaveLength(1);
		expect(result.error?.message).toBe('Acme refused the upload of "a.pdf" (HTTP 503): Try later');
		expect(result.error?.description).toBe('Not retried: Acme may have stored the file before the failure; check before running again. Nothing was uploaded for this item.');
	});

	test('a 4xx is not sent again and says nothing of a stored file', async () => {
		sandbox.forceReplies({ status: 400, body: { message: 'Folder unknown' } });
		const result = await run([{ files: { data: pdf('a.pdf') } }]);

		expect(uploads()).toHaveLength(1);
		expect(result.error?.message).toBe('Acme refused the upload of "a.pdf" (HTTP 400): Folder unknown');
		expect(result.error?.description).toBe('Nothing was uploaded for this item.');
	});

	test('where the operation makes it safe, a 5xx is sent again as the operation says, twice at most', async () => {
		const failed = { status: 502, body: { message: 'Bad gateway' } };
		sandbox.forceReplies(failed, failed, failed);
		const result = await run([{ files: { data: pdf('a.pdf') } }], {}, { type: 'acmeFilesResending' });

		expect(uploads().map(({ query }) => query.get('duplicates'))).toEqual([null, 'returnExisting', 'returnExisting']);
		expect(result.error?.description).toBe('Sent 3 times, each safe to repeat, and failed each time. Nothing was uploaded for this item.');
		// The backoff, at least 0.5 s·2ⁿ⁻¹ less half its jitter: 0.25 s before the first resend, 0.5 s before the second.
		const [firstWait, secondWait] = waitsBetween(uploads());
		expect(firstWait).toBeGreaterThanOrEqual(240);
		expect(secondWait).toBeGreaterThanOrEqual(490);
	});

	test('an operation may decline a further resend: the error counts the sends made', async () => {
		const failed = { status: 502, body: { message: 'Bad gateway' } };
		sandbox.forceReplies(failed, failed, failed);
		const result = await run([{ files: { data: pdf('a.pdf') } }], {}, { type: 'acmeFilesResendingOnce' });

		expect(uploads().map(({ query }) => query.get('duplicates'))).toEqual([null, 'returnExisting']);
		expect(result.error?.description).toBe('Sent 2 times, each safe to repeat, and failed each time. Nothing was uploaded for this item.');
	});

	test('a 4xx is not sent again even where the operation makes a resend safe', async () => {
		sandbox.forceReplies({ status: 400, body: { message: 'Folder unknown' } });
		const result = await run([{ files: { data: pdf('a.pdf') } }], {}, { type: 'acmeFilesResending' });

		expect(uploads()).toHaveLength(1);
		expect(result.error?.description).toBe('Nothing was uploaded for this item.');
	});

	test('a connection refused is sent again as it was (nothing was stored), not as a resend after an unknown outcome', async () => {
		const address = await refusedOnceThenForwardedTo(sandbox.baseUrl);
		try {
			const result = await run([{ files: { data: pdf('a.pdf') } }], { tag: 'q4' }, { type: 'acmeFilesResending', baseUrl: address.baseUrl });

			expect(address.refused()).toBe(1);
			expect(result.error).toBeUndefined();
			expect(uploads().map(({ query, files }) => [query.toString(), files[0].fileName])).toEqual([['tag=q4', 'a.pdf']]);
		} finally {
			await address.close();
		}
	});

	test('a safe resend that succeeds gives the item its output', async () => {
		sandbox.forceReplies({ status: 500, body: { message: 'Oops' } });
		const result = await run([{ files: { data: pdf('a.pdf') } }], {}, { type: 'acmeFilesResending' });

		expect(result.error).toBeUndefined();
		expect(uploads().map(({ status }) => status)).toEqual([500, 201]);
		expect(result.output.map(({ json }) => json)).toEqual([{ id: 'F-a.pdf', name: 'a.pdf', size: 1500, folder: 'invoices', binaryField: 'data' }]);
	});
});

describe('upload core › a failure part-way', () => {
	test('the uploads already done are named in the error; with Continue On Fail they are output next to it, and the next item still goes', async () => {
		sandbox.answerMatching((request) => request.files[0]?.fileName === 'b.pdf', { status: 400, body: { message: 'Name taken' } });
		const items: FixtureItem[] = [{ files: { attachment_0: pdf('a.pdf'), attachment_1: pdf('b.pdf') } }, { files: { attachment_0: pdf('c.pdf') } }];

		const stopped = await run(items, { uploadAllBinaryFields: true });
		expect(stopped.error?.description).toBe(
			'Already uploaded for this item before the failure (not undone): {"id":"F-a.pdf","name":"a.pdf","size":1500,"folder":"invoices","binaryField":"attachment_0"}',
		);

		sandbox.requests.length = 0;
		const continued = await run(items, { uploadAllBinaryFields: true }, { continueOnFail: true });
		expect(continued.error).toBeUndefined();
		expect(continued.output.map(({ json, pairedItem }) => [json.name ?? json.error, pairedItem])).toEqual([
			['a.pdf', { item: 0 }],
			['Acme refused the upload of "b.pdf" (HTTP 400): Name taken', { item: 0 }],
			['c.pdf', { item: 1 }],
		]);
		// What the error says in full, as the user sees it in the output.
		expect(continued.output[1].json).toEqual({
			error: 'Acme refused the upload of "b.pdf" (HTTP 400): Name taken',
			message: 'Already uploaded for this item before the failure (not undone): {"id":"F-a.pdf","name":"a.pdf","size":1500,"folder":"invoices","binaryField":"attachment_0"}',
		});
		// Items go concurrently, so their requests may arrive in either order.
		expect(uploads().map(({ files }) => files[0].fileName).sort()).toEqual(['a.pdf', 'b.pdf', 'c.pdf']);
	});

	test('two uploads done before the third fails: both named in the error, in order', async () => {
		sandbox.answerMatching((request) => request.files[0]?.fileName === 'c.pdf', { status: 400, body: { message: 'Name taken' } });
		const result = await run([{ files: { attachment_0: pdf('a.pdf'), attachment_1: pdf('b.pdf'), attachment_2: pdf('c.pdf') } }], { uploadAllBinaryFields: true });

		expect(result.error?.description).toBe(
			'Already uploaded for this item before the failure (not undone): {"id":"F-a.pdf","name":"a.pdf","size":1500,"folder":"invoices","binaryField":"attachment_0"}; {"id":"F-b.pdf","name":"b.pdf","size":1500,"folder":"invoices","binaryField":"attachment_1"}',
		);
	});

	test('with Continue On Fail, an item refused before sending gives its error item and the other items still upload', async () => {
		const result = await run([{ json: { subject: 'no attachment' } }, { files: { data: pdf('b.pdf') } }], {}, { continueOnFail: true });

		expect(result.error).toBeUndefined();
		expect(result.output.map(({ json, pairedItem }) => [json.name ?? json.error, pairedItem])).toEqual([
			[expect.stringMatching(/binary field "data"/), { item: 0 }],
			['b.pdf', { item: 1 }],
		]);
		expect(uploads().map(({ files }) => files[0].fileName)).toEqual(['b.pdf']);
	});

	test('with On Error → Continue (using error output), the failed upload goes to the error output, with all it says', async () => {
		sandbox.answerMatching((request) => request.files[0]?.fileName === 'b.pdf', { status: 503, body: { message: 'Try later' } });
		const result = await run([{ files: { data: pdf('a.pdf') } }, { json: { invoice: 'INV-2' }, files: { data: pdf('b.pdf') } }], {}, { continueOnFail: 'errorOutput' });

		expect(result.output.map(({ json, pairedItem }) => [json.name, pairedItem])).toEqual([['a.pdf', { item: 0 }]]);
		expect(result.errorOutput.map(({ json, pairedItem }) => ({ json, pairedItem }))).toEqual([
			{
				// n8n adds the input item's JSON to an error output item.
				json: {
					invoice: 'INV-2',
					error: 'Acme refused the upload of "b.pdf" (HTTP 503): Try later',
					message: 'Not retried: Acme may have stored the file before the failure; check before running again. Nothing was uploaded for this item.',
				},
				pairedItem: { item: 1 },
			},
		]);
	});

	test('a provider error that echoes the API key is stored without it', async () => {
		// (A 403: on a 401 n8n's request helper itself sends the request once more.)
		sandbox.forceReplies((request) => ({ status: 403, body: { message: `Key ${String(request.headers['x-api-key'])} may not write here` } }));
		const result = await run([{ files: { data: pdf('a.pdf') } }]);

		expect(result.error?.message).toBe('Acme refused the upload of "a.pdf" (HTTP 403): Key *** may not write here');
		expect(serialiseRun(result)).not.toContain(CREDENTIAL_VALUE);
	});
});

describe('upload core › calls after the uploads', () => {
	test('the uploads, then a read per file and one write, all with the credential; the item\'s output is what the operation returns', async () => {
		const result = await run([{ files: { attachment_0: pdf('a.pdf'), attachment_1: pdf('b.pdf') } }], { uploadAllBinaryFields: true }, { type: 'acmeFilesAttaching' });

		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map(({ method, path, headers }) => [method, path, headers['x-api-key'], headers['content-type']])).toEqual([
			['POST', '/files', CREDENTIAL_VALUE, expect.stringMatching(/^multipart\/form-data/)],
			['POST', '/files', CREDENTIAL_VALUE, expect.stringMatching(/^multipart\/form-data/)],
			['GET', '/files/F-a.pdf', CREDENTIAL_VALUE, undefined],
			['GET', '/files/F-b.pdf', CREDENTIAL_VALUE, undefined],
			['PATCH', '/records/7/attachments', CREDENTIAL_VALUE, 'application/json'],
		]);
		expect(result.output.map(({ json, pairedItem }) => ({ json, pairedItem }))).toEqual([
			{ json: { record: { record: 7, attached: ['F-a.pdf', 'F-b.pdf'] }, links: [{ link: 'https://files.acme.example/files/F-a.pdf' }, { link: 'https://files.acme.example/files/F-b.pdf' }] }, pairedItem: { item: 0 } },
		]);
	});

	test('a read that fails with a 5xx is asked again, twice at most', async () => {
		const failed = { status: 500, body: { message: 'Oops' } };
		sandbox.answerMatching((request) => request.method === 'GET', failed);
		const result = await run([{ files: { data: pdf('a.pdf') } }], {}, { type: 'acmeFilesAttaching' });

		expect(sandbox.requests.map(({ method, path }) => `${method} ${path}`)).toEqual(['POST /files', 'GET /files/F-a.pdf', 'GET /files/F-a.pdf', 'GET /files/F-a.pdf']);
		expect(result.error?.message).toBe('Acme refused the link of F-a.pdf (HTTP 500): Oops');
		expect(result.error?.description).toBe('File F-a.pdf is stored.');
		// The backoff, at least 0.25 s before the first resend and 0.5 s before the second.
		const [, firstWait, secondWait] = waitsBetween(sandbox.requests);
		expect(firstWait).toBeGreaterThanOrEqual(240);
		expect(secondWait).toBeGreaterThanOrEqual(490);
	});

	test('a read that is refused (a 4xx) is not asked again', async () => {
		sandbox.answerMatching((request) => request.method === 'GET', { status: 404, body: { message: 'No such file' } });
		const result = await run([{ files: { data: pdf('a.pdf') } }], {}, { type: 'acmeFilesAttaching' });

		expect(sandbox.requests.map(({ method, path }) => `${method} ${path}`)).toEqual(['POST /files', 'GET /files/F-a.pdf']);
		expect(result.error?.message).toBe('Acme refused the link of F-a.pdf (HTTP 404): No such file');
	});

	test('a write that fails with a 5xx is not sent again, and the error says what it leaves', async () => {
		sandbox.answerMatching((request) => request.path === '/records/7/attachments', { status: 500, body: { message: 'Oops' } });
		const result = await run([{ files: { data: pdf('a.pdf') } }], {}, { type: 'acmeFilesAttaching' });

		expect(sandbox.requests.map(({ method, path }) => `${method} ${path}`)).toEqual(['POST /files', 'GET /files/F-a.pdf', 'PATCH /records/7/attachments']);
		expect(result.error?.message).toBe('Acme refused the attachment to record 7 (HTTP 500): Oops');
		expect(result.error?.description).toBe('Files F-a.pdf are stored but not attached.');
	});

	test('a follow-up call\'s waits add up: two waits of 1 s fit into Max Rate-Limit Wait 2 s, a third does not', async () => {
		sandbox.answerMatching((request) => request.method === 'GET' && sandbox.requests.filter(({ method }) => method === 'GET').length <= 3, {
			status: 429,
			headers: { 'Retry-After': '1' },
			body: { message: 'Slow down' },
		});
		const result = await run([{ files: { data: pdf('a.pdf') } }], { options: { maxRateLimitWait: 2 } }, { type: 'acmeFilesAttaching' });

		expect(sandbox.requests.map(({ method, status }) => `${method} ${status}`)).toEqual(['POST 201', 'GET 429', 'GET 429', 'GET 429']);
		// Each wait is the Retry-After's second.
		const [, firstWait, secondWait] = waitsBetween(sandbox.requests);
		expect(firstWait).toBeGreaterThanOrEqual(990);
		expect(secondWait).toBeGreaterThanOrEqual(990);
		expect(result.error?.message).toBe('Acme refused the link of F-a.pdf (HTTP 429): Slow down');
		expect(result.error?.description).toBe('Acme asks to wait 1 s before the next request. File F-a.pdf is stored.');
	});

	test('a follow-up call after a 429 waits its Retry-After and goes again', async () => {
		sandbox.answerMatching((request) => request.method === 'GET' && sandbox.requests.filter(({ method }) => method === 'GET').length === 1, {
			status: 429,
			headers: { 'Retry-After': '0' },
			body: { message: 'Slow down' },
		});
		const result = await run([{ files: { data: pdf('a.pdf') } }], {}, { type: 'acmeFilesAttaching' });

		expect(result.error).toBeUndefined();
		expect(sandbox.requests.map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
			'POST /files 201',
			'GET /files/F-a.pdf 429',
			'GET /files/F-a.pdf 200',
			'PATCH /records/7/attachments 200',
		]);
	});
});
