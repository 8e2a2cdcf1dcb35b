import { NodeApiError, NodeOperationError, type IExecuteSingleFunctions, type INode } from 'n8n-workflow';

import {
	asNodeError,
	credentialSecrets,
	inputError,
	providerError,
	readProviderFailure,
	redactCredentials,
	redactError,
	secretsOf,
} from '../../nodes/shared/upload/errors';
import { fakeItemContext } from './fakeContext';

// The rules of errors.ts one by one, on plain values: what counts as a secret, where it is
// replaced, and which of the provider's words an error keeps. The wire tests hold the same
// promises end to end (test/reliability/secretsInStoredRuns.test.ts); these say which rule broke.

/** A node with these credentials, whose getCredentials answers from `data` (a type left out throws, as n8n does). */
function contextWithCredentials(data: Record<string, Record<string, unknown>>, types = Object.keys(data)): IExecuteSingleFunctions {
	const node = { id: 'n', name: 'Upload', type: 'test', typeVersion: 1, position: [0, 0], parameters: {}, credentials: {} } as INode;
	for (const type of types) node.credentials![type] = { id: type, name: type };
	return {
		getNode: () => node,
		getItemIndex: () => 0,
		getCredentials: async (type: string) => {
			if (!(type in data)) throw new Error(`Node does not have any credentials set for "${type}"`);
			return data[type];
		},
	} as unknown as IExecuteSingleFunctions;
}

describe('secretsOf: every secret of a credential as it could travel', () => {
	test('a password, and the Base64 login:password pair that Kintone\'s login header and Basic carry', () => {
		expect(secretsOf({ domain: 'acme.cybozu.com', authType: 'password', username: 'alice', password: 'pa55word!' })).toEqual([
			'YWxpY2U6cGE1NXdvcmQh',
			'pa55word!',
		]);
	});

	test('a password without a login still gives its pair (":password")', () => {
		expect(secretsOf({ password: 'lonely-pass' })).toEqual(['OmxvbmVseS1wYXNz', 'lonely-pass']);
	});

	test('the gateway\'s Basic user and password', () => {
		expect(secretsOf({ basicAuth: true, basicAuthUser: 'gate', basicAuthPassword: 'gatepass' })).toEqual(['Z2F0ZTpnYXRlcGFzcw==', 'gatepass']);
	});

	test('a comma-separated token list: the list as typed and each token alone (the list is sent without the spaces)', () => {
		expect(secretsOf({ apiToken: 'tokenAAAAAA, tokenBBBBBB' })).toEqual(['tokenAAAAAA, tokenBBBBBB', 'tokenAAAAAA', 'tokenBBBBBB']);
	});

	test('values are trimmed; six characters count, five do not (too common to replace in a message)', () => {
		expect(secretsOf({ apiKey: ' abc123 ' })).toEqual(['abc123']);
		expect(secretsOf({ apiKey: 'abc12' })).toEqual([]);
		expect(secretsOf({ apiToken: 'abc12,defghi' })).toEqual(['abc12,defghi', 'defghi']);
		expect(secretsOf({ apiToken: 'longtoken1,   abcd' })).toEqual(['longtoken1,   abcd', 'longtoken1']);
	});

	test('OAuth2: the client secret and the tokens, nested in oauthTokenData; the client id and the URLs are not secret', () => {
		expect(
			secretsOf({
				grantType: 'authorizationCode',
				authUrl: 'https://app.example.com/oauth/authorize',
				accessTokenUrl: 'https://api.example.com/oauth/token',
				clientId: 'client-id-1',
				clientSecret: 'client-secret-1',
				scope: 'files crm.objects.contacts.read',
				authQueryParameters: 'prompt=consent',
				authentication: 'header',
				oauthTokenData: { access_token: 'access-token-1', refresh_token: 'refresh-token-1', token_type: 'bearer', expires_in: 3600 },
			}),
		).toEqual(['client-secret-1', 'refresh-token-1', 'access-token-1']);
	});

	test('no field that a message may usefully show is taken for a secret', () => {
		const shown = {
			baseUrl: 'https://api.karbonhq.com',
			baseUrlOverride: 'https://sandbox.example.com',
			domain: 'acme.kintone.com',
			authType: 'apiToken',
			locationId: 'location-123',
			testAppId: 'app-4711',
			username: 'alice-login',
			basicAuth: 'basic-on',
			basicAuthUser: 'gateway-user',
			grantType: 'clientCredentials',
			authUrl: 'https://auth.example.com',
			accessTokenUrl: 'https://token.example.com',
			scope: 'files.read',
			authQueryParameters: 'audience=api',
			authentication: 'body-auth',
			clientId: 'client-abc',
			allowedHttpRequestDomains: 'domains',
			allowedDomains: 'api.example.com',
			tokenType: 'not-a-field-we-know',
		};
		expect(secretsOf(shown)).toEqual(['not-a-field-we-know']);
	});

	test('a secret with a quote or a backslash, also as JSON text writes it', () => {
		expect(secretsOf({ apiKey: 'quo"te\\back' })).toEqual(['quo\\"te\\\\back', 'quo"te\\back']);
	});
});

describe('credentialSecrets: the secrets of every credential the node has', () => {
	test('merged, longest first, a credential of an unused authentication method skipped', async () => {
		const ctx = contextWithCredentials(
			{ kintoneFilesApi: { username: 'alice', password: 'pa55word!' }, otherFilesApi: { apiToken: 'tok-1234567890' } },
			['kintoneFilesApi', 'unusedFilesOAuth2Api', 'otherFilesApi'],
		);
		expect(await credentialSecrets(ctx)).toEqual(['YWxpY2U6cGE1NXdvcmQh', 'tok-1234567890', 'pa55word!']);
	});

	test('a node without credentials has none', async () => {
		expect(await credentialSecrets(fakeItemContext())).toEqual([]);
	});

	test('redactCredentials replaces them in the error the node hands on', async () => {
		const ctx = contextWithCredentials({ kintoneFilesApi: { apiToken: 'tok-1234567890' } });
		const error = new NodeOperationError(ctx.getNode(), 'the proxy echoed X-Cybozu-API-Token: tok-1234567890');
		await redactCredentials(ctx, error);
		expect(error.message).toBe('the proxy echoed X-Cybozu-API-Token: ***');
	});
});

describe('redactError: every place n8n stores of an error', () => {
	const secrets = ['tokenAAAAAA, tokenBBBBBB', 'tokenAAAAAA', 'tokenBBBBBB', 'cGFzc3dvcmQ='];

	/** What an HTTP client throws when a gateway echoes the request, wrapped as n8n wraps it. */
	function echoedFailure() {
		const httpError = Object.assign(new Error('echo: authorization: Basic cGFzc3dvcmQ='), {
			response: {
				status: 400,
				statusText: 'Bad Request',
				headers: { 'x-echo-token': 'tokenAAAAAA,tokenBBBBBB' },
				data: { request: { headers: { authorization: 'Basic cGFzc3dvcmQ=' } } },
				request: { socket: 'raw tokenAAAAAA' },
			},
			config: {
				method: 'post',
				url: 'https://acme.kintone.com/k/v1/file.json',
				baseURL: 'https://acme.kintone.com',
				headers: { 'X-Cybozu-API-Token': 'tokenAAAAAA,tokenBBBBBB' },
				data: 'the body tokenBBBBBB',
			},
			request: { _header: 'POST /k/v1/file.json\r\nX-Cybozu-API-Token: tokenAAAAAA,tokenBBBBBB' },
			cause: { raw: 'token tokenBBBBBB' },
		});
		const outer = Object.assign(new Error('failed: tokenAAAAAA, tokenBBBBBB', { cause: httpError }), {
			description: 'sent tokenBBBBBB',
			messages: ['one tokenAAAAAA', 'two'],
			errorResponse: { echoed: 'tokenAAAAAA' },
			context: { data: { h: 'Basic cGFzc3dvcmQ=' } },
		});
		return { outer, httpError };
	}

	test('the message, stack, description, messages, errorResponse and context of every level, the raw cause let go', () => {
		const { outer } = echoedFailure();
		redactError(outer, secrets);
		expect(outer.message).toBe('failed: ***');
		expect(outer.stack!.startsWith('Error: failed: ***\n')).toBe(true);
		expect(outer.description).toBe('sent ***');
		expect(outer.messages).toEqual(['one ***', 'two']);
		expect(outer.errorResponse).toEqual({ echoed: '***' });
		expect(outer.context).toEqual({ data: { h: 'Basic ***' } });
		expect(outer.cause).toEqual({ name: 'Error', message: 'echo: authorization: Basic ***' });
		expect(outer.cause).not.toBeInstanceOf(Error);
	});

	test('with keepCause the cause stays, redacted: its answer keeps status, headers and body; the request sent is let go', () => {
		const { outer, httpError } = echoedFailure();
		redactError(outer, secrets, { keepCause: true });
		expect(outer.cause).toBe(httpError);
		expect(httpError.message).toBe('echo: authorization: Basic ***');
		expect(httpError.stack!.includes('cGFzc3dvcmQ=')).toBe(false);
		expect(httpError.response).toEqual({
			status: 400,
			statusText: 'Bad Request',
			headers: { 'x-echo-token': '***,***' },
			data: { request: { headers: { authorization: 'Basic ***' } } },
		});
		expect(httpError.config).toEqual({
			method: 'post',
			url: 'https://acme.kintone.com/k/v1/file.json',
			baseURL: 'https://acme.kintone.com',
			headers: { 'X-Cybozu-API-Token': '***,***' },
		});
		expect(httpError.request).toBeUndefined();
		expect(httpError.cause).toEqual({ raw: 'token ***' });
	});

	test('a cause that is no Error is redacted as a value, also on the first level', () => {
		const error = new Error('x', { cause: { sent: 'tokenAAAAAA' } });
		redactError(error, secrets);
		expect(error.cause).toEqual({ sent: '***' });
	});

	test('every level of causes is redacted, however deep (eight levels were the most before)', () => {
		let error = new Error('level 12 tokenAAAAAA');
		for (let level = 11; level >= 1; level--) error = new Error(`level ${level} tokenAAAAAA`, { cause: error });
		redactError(error, secrets, { keepCause: true });
		const messages: string[] = [];
		for (let level: unknown = error; level instanceof Error; level = level.cause) messages.push(level.message);
		expect(messages).toEqual(Array.from({ length: 12 }, (_, index) => `level ${index + 1} ***`));
	});

	test('a chain of causes that loops back is followed once', () => {
		const first = new Error('first tokenAAAAAA');
		const second = new Error('second tokenBBBBBB', { cause: first });
		first.cause = second;
		redactError(first, secrets, { keepCause: true });
		expect([first.message, second.message]).toEqual(['first ***', 'second ***']);
	});

	test('a secret inside a number (a PIN-like password in an id) is replaced too; what no longer parses stays as text', () => {
		const error = Object.assign(new Error('x'), {
			context: { id: 1234567, note: 'plain' },
			errorResponse: { id: 42 },
			response: { status: 400, headers: {}, data: 1234567 },
		});
		redactError(error, ['123456']);
		expect(error.context).toBe('{"id":***7,"note":"plain"}');
		expect(error.errorResponse).toEqual({ id: 42 });
		expect(error.response).toEqual({ status: 400, statusText: undefined, headers: {}, data: '***7' });
	});

	test('a number without a secret in it stays a number', () => {
		const error = Object.assign(new Error('x'), { response: { status: 400, headers: {}, data: 42 }, cause: 7 });
		redactError(error, ['123456']);
		expect(error.response).toEqual({ status: 400, statusText: undefined, headers: {}, data: 42 });
		expect(error.cause).toBe(7);
	});

	test('an answer or request that is text, not an object, is redacted as text', () => {
		const error = Object.assign(new Error('x'), { response: 'echo tokenAAAAAA', config: 'sent tokenBBBBBB' });
		redactError(error, secrets);
		expect([error.response, error.config]).toEqual(['echo ***', 'sent ***']);
	});

	test('an error inside a value becomes its name and message; a cycle is dropped', () => {
		const looped: Record<string, unknown> = { header: 'tokenBBBBBB' };
		looped.self = looped;
		const error = Object.assign(new Error('x'), { context: { failure: new TypeError('has tokenAAAAAA'), looped } });
		redactError(error, secrets);
		expect(error.context).toEqual({ failure: { name: 'TypeError', message: 'has ***' }, looped: { header: '***' } });
	});

	test('a value without a secret is left as it is, not copied', () => {
		const context = { itemIndex: 2, failure: new TypeError('plain') };
		const errorResponse = { status: 500 };
		const error = Object.assign(new Error('x'), { context, errorResponse });
		redactError(error, secrets);
		expect(error.context).toBe(context);
		expect(error.errorResponse).toBe(errorResponse);
	});

	test('an error without a stack, description or answer gains no field', () => {
		const bare = new Error('bare tokenAAAAAA');
		bare.stack = undefined;
		redactError(bare, secrets);
		expect(bare.message).toBe('bare ***');
		expect(bare.stack).toBeUndefined();
		expect(Object.keys(bare)).toEqual([]);
	});

	test('with no secret at all nothing is touched, not even the request sent', () => {
		const { outer, httpError } = echoedFailure();
		redactError(outer, []);
		expect(outer.cause).toBe(httpError);
		expect(httpError.request).toEqual({ _header: 'POST /k/v1/file.json\r\nX-Cybozu-API-Token: tokenAAAAAA,tokenBBBBBB' });
		expect(outer.message).toBe('failed: tokenAAAAAA, tokenBBBBBB');
	});
});

describe('readProviderFailure: which of the provider\'s words are kept', () => {
	/** What an HTTP client throws for an answer. */
	function answered(status: number, data: unknown, headers: Record<string, string> = {}) {
		return { message: `Request failed with status code ${status}`, response: { status, data, headers } };
	}

	test.each([
		['<html><head><title> 502 Bad Gateway </title></head><body>nginx</body></html>', 'an HTML page: "502 Bad Gateway"'],
		['<HTML><TITLE>Oops</TITLE></HTML>', 'an HTML page: "Oops"'],
		['<html><body><h1>Forbidden</h1></body></html>', 'an HTML page: "Forbidden"'],
		['<html><body>nope</body></html>', 'an HTML page'],
		['  plain words  ', 'plain words'],
		['   ', 'Request failed with status code 500'],
		[{ error: { message: 'nested words' } }, 'nested words'],
		[{ error_description: 'invalid_grant' }, 'invalid_grant'],
		[{ title: 'Title first', detail: 'then detail' }, 'Title first'],
		[{ detail: 'only detail' }, 'only detail'],
		[{ message: '', error: 'empty message skipped' }, 'empty message skipped'],
		[{ message: '  ' }, 'Request failed with status code 500'],
		[{ message: '  ', error: 'blank message skipped' }, 'blank message skipped'],
		[{ message: [], error: 'empty list skipped' }, 'empty list skipped'],
		[{ message: [1, 'two'] }, '1; two'],
		[{ message: { code: 5 }, error: 'no words inside' }, 'no words inside'],
		[{ message: '<p>' }, 'an HTML page'],
		[42, 'Request failed with status code 500'],
		[null, 'Request failed with status code 500'],
	])('%j gives %j', (body, message) => {
		expect(readProviderFailure(answered(500, body)).providerMessage).toBe(message);
	});

	test('a long text is cut at 500 characters', () => {
		expect(readProviderFailure(answered(500, 'a'.repeat(500))).providerMessage).toBe('a'.repeat(500));
		expect(readProviderFailure(answered(500, 'b'.repeat(501))).providerMessage).toBe(`${'b'.repeat(500)}…`);
	});

	test('the answer\'s status, headers and body are kept for the providers\' rate-limit rules', () => {
		expect(readProviderFailure({ cause: answered(429, { policyName: 'SECONDLY' }, { 'retry-after': '0' }) })).toEqual({
			status: 429,
			providerMessage: 'Request failed with status code 429',
			retryAfterSeconds: 0,
			responseHeaders: { 'retry-after': '0' },
			responseBody: { policyName: 'SECONDLY' },
		});
	});

	test.each([
		['10', 10],
		[' 7 ', 7],
		['1.5', 1.5],
		['1.25', 1.25],
	])('Retry-After %j asks to wait %j s', (value, seconds) => {
		expect(readProviderFailure(answered(429, {}, { 'retry-after': value })).retryAfterSeconds).toBe(seconds);
	});

	// "" was read as a wait of 0 s (Number('') is 0): retried at once instead of after the backoff.
	test.each([['-1'], ['soon'], [''], ['10abc'], ['1x5'], ['Wed, 21 Oct 2026 07:28:00 GMT']])('Retry-After %j is no wait', (value) => {
		expect(readProviderFailure(answered(429, {}, { 'retry-after': value })).retryAfterSeconds).toBeUndefined();
	});

	test.each([
		['504', 504],
		['0', undefined],
		['abc', undefined],
		['502.5', undefined],
	])('without an answer, the status comes from httpCode %j', (httpCode, status) => {
		expect(readProviderFailure({ httpCode, message: 'Gateway timeout' })).toEqual({
			status,
			providerMessage: 'Gateway timeout',
			retryAfterSeconds: undefined,
		});
	});

	test('no error at all', () => {
		expect(readProviderFailure(undefined)).toEqual({ status: undefined, providerMessage: 'No answer from the server', retryAfterSeconds: undefined });
	});

	test('a network code is kept only when no answer came, and only as text', () => {
		expect(readProviderFailure({ cause: { code: 'ETIMEDOUT', message: 'timeout of 30000ms exceeded' } })).toEqual({
			status: undefined,
			providerMessage: 'ETIMEDOUT',
			retryAfterSeconds: undefined,
			code: 'ETIMEDOUT',
		});
		expect(readProviderFailure({ cause: { code: 5, message: 'odd' } })).toEqual({ status: undefined, providerMessage: '5', retryAfterSeconds: undefined });
		expect(readProviderFailure({ cause: { code: 'ECONNRESET', ...answered(502, 'Bad gateway') } })).not.toHaveProperty('code');
	});

	test('an error of ours keeps the provider\'s words it already read', () => {
		const ours = { context: { providerMessage: 'own words' }, cause: answered(409, { message: 'other words' }) };
		expect(readProviderFailure(ours).providerMessage).toBe('own words');
		const notText = { context: { providerMessage: 5 }, cause: answered(409, { message: 'other words' }) };
		expect(readProviderFailure(notText).providerMessage).toBe('other words');
	});

	describe('n8n refused to send it', () => {
		class UserError extends Error {
			description: unknown;
		}
		class DomainRestrictionError extends UserError {}

		test('a subclass of n8n\'s UserError, a description that is no text left out', () => {
			const refused = Object.assign(new DomainRestrictionError('Domain not allowed'), { description: 42 });
			expect(readProviderFailure(new Error('wrapped', { cause: refused })).refusedByN8n).toEqual({ description: undefined });
		});

		test('not when an answer came, even with a UserError in the chain', () => {
			const error = Object.assign(new Error('x'), { ...answered(403, { message: 'Forbidden' }), cause: new UserError('later') });
			expect(readProviderFailure(error).refusedByN8n).toBeUndefined();
		});

		test('found within eight levels of causes, not deeper', () => {
			const wrapped = (depth: number) => {
				let error: Error = new UserError('Domain not allowed');
				for (let level = 1; level < depth; level++) error = new Error(`level ${level}`, { cause: error });
				return error;
			};
			expect(readProviderFailure(wrapped(8)).refusedByN8n).toEqual({ description: undefined });
			expect(readProviderFailure(wrapped(9)).refusedByN8n).toBeUndefined();
		});
	});
});

describe('providerError: the error a refused request becomes', () => {
	test('a refused credential, a wait asked for and the caller\'s hint, in that order', () => {
		const error = providerError(fakeItemContext(1), 'Acme', 'the upload of "a.pdf"', { status: 403, providerMessage: 'Forbidden', retryAfterSeconds: 0 }, 'Try again later.');
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Acme refused the upload of "a.pdf" (HTTP 403): Forbidden');
		expect(error.description).toBe('Check the Acme credential: the provider did not accept it. Acme asks to wait 0 s before the next request. Try again later.');
		expect(error.httpCode).toBe('403');
		expect(error.errorResponse).toEqual({ status: 403, message: 'Forbidden' });
		expect(error.context).toMatchObject({ itemIndex: 1, providerMessage: 'Forbidden' });
	});

	test('401 names the credential too', () => {
		expect(providerError(fakeItemContext(), 'Acme', 'the upload', { status: 401, providerMessage: 'bad token' }).description).toBe(
			'Check the Acme credential: the provider did not accept it.',
		);
	});

	test('no answer: the code in its own words, not NodeApiError\'s', () => {
		const error = providerError(fakeItemContext(), 'Acme', 'the upload', { providerMessage: 'ECONNREFUSED', code: 'ECONNREFUSED' });
		expect(error.message).toBe('Acme refused the upload (no answer): ECONNREFUSED');
		expect(error.errorResponse).toEqual({ status: null, message: 'ECONNREFUSED' });
	});

	test('n8n\'s refusal: nothing was sent', () => {
		const error = providerError(fakeItemContext(), 'Acme', 'the upload', { providerMessage: 'Domain not allowed', refusedByN8n: {} });
		expect(error.message).toBe('n8n did not send the upload to Acme: Domain not allowed');
		expect(error.description).toBe('Nothing was sent to Acme.');
	});

	test('a 500 without a wait or hint has no description of ours', () => {
		const error = providerError(fakeItemContext(), 'Acme', 'the upload', { status: 500, providerMessage: 'oops' });
		expect(error.message).toBe('Acme refused the upload (HTTP 500): oops');
		expect(error.description ?? '').not.toContain('Acme');
	});
});

describe('inputError and asNodeError', () => {
	test('a refused input names the parameter, the item and the fix', () => {
		const error = inputError(fakeItemContext(3), 'Folder Path', 'must start with "/"', 'Write it as /Invoices/2026.');
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Folder Path: must start with "/" [item 3]');
		expect(error.description).toBe('Write it as /Invoices/2026.');
		expect(error.context).toMatchObject({ itemIndex: 3 });
	});

	test('n8n\'s errors pass as they are; anything else is wrapped with the item', () => {
		const ctx = fakeItemContext(1);
		const operationError = new NodeOperationError(ctx.getNode(), 'x');
		const apiError = new NodeApiError(ctx.getNode(), { message: 'y' });
		expect(asNodeError(ctx, operationError)).toBe(operationError);
		expect(asNodeError(ctx, apiError)).toBe(apiError);
		const wrapped = asNodeError(ctx, new TypeError('stream broke'));
		expect(wrapped).toBeInstanceOf(NodeOperationError);
		expect(wrapped.message).toBe('stream broke');
		expect(wrapped.context).toMatchObject({ itemIndex: 1 });
	});
});
