import { NodeApiError, type INode } from 'n8n-workflow';

import { providerError, readProviderFailure } from '../../nodes/shared/upload/errors';
import { fakeItemContext } from './fakeContext';

const node = { id: 'n', name: 'Upload', type: 't', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

/** The shape of what n8n's request helper throws: a NodeApiError around the HTTP error. */
function requestFailure(status: number, data: unknown, headers: Record<string, string> = {}) {
	const httpError = Object.assign(new Error(`Request failed with status code ${status}`), {
		isAxiosError: true,
		response: { status, data, headers },
		config: { headers: { Authorization: 'Bearer secret-token' } },
	});
	return new NodeApiError(node, httpError as never);
}

describe('readProviderFailure', () => {
	test.each([
		[{ statusCode: '429', message: 'Rate limit is exceeded.' }, 'Rate limit is exceeded.'],
		[{ Message: 'Authorization has been denied' }, 'Authorization has been denied'],
		[{ statusCode: 422, message: ['name is required', 'file too big'], error: 'Unprocessable' }, 'name is required; file too big'],
		[{ status: 'error', message: 'Folder not found', category: 'OBJECT_NOT_FOUND' }, 'Folder not found'],
		[{ id: 'x', code: 'GAIA_CO02', message: 'The revision is outdated.' }, 'The revision is outdated.'],
		['plain text body', 'plain text body'],
	])('takes the provider\'s words from %j', (body, message) => {
		expect(readProviderFailure(requestFailure(400, body)).providerMessage).toBe(message);
	});

	test('keeps the status and Retry-After', () => {
		expect(readProviderFailure(requestFailure(429, {}, { 'retry-after': '10' }))).toMatchObject({
			status: 429,
			retryAfterSeconds: 10,
		});
	});

	test('a connection failure has no status and says what happened', () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
		expect(readProviderFailure(new NodeApiError(node, refused as never))).toEqual({
			status: undefined,
			providerMessage: 'ECONNREFUSED',
			retryAfterSeconds: undefined,
			code: 'ECONNREFUSED',
		});
	});

	test('the error built from it carries no request header, so no credential', () => {
		const error = providerError(fakeItemContext(2), 'Acme', 'the upload of "a.pdf"', readProviderFailure(requestFailure(401, { message: 'bad token' })));
		expect(error.message).toBe('Acme refused the upload of "a.pdf" (HTTP 401): bad token');
		expect(JSON.stringify({ ...error, cause: error.cause })).not.toContain('secret-token');
		expect(error.context).toMatchObject({ itemIndex: 2 });
	});
});

describe('readProviderFailure on what n8n 1.x throws', () => {
	// n8n 1.x's NodeApiError resets `cause` (a class field over the native one): the HTTP error
	// is gone, its status (or network code) stays in httpCode and a JSON body in context.data.
	const asIn1x = (error: NodeApiError) => Object.assign(error, { cause: undefined });

	test('the provider\'s words and the status come from what n8n kept; Retry-After is lost with the headers', () => {
		expect(readProviderFailure(asIn1x(requestFailure(429, { statusCode: '429', message: 'Rate limit is exceeded.' }, { 'retry-after': '10' })))).toEqual({
			status: 429,
			providerMessage: 'Rate limit is exceeded.',
			retryAfterSeconds: undefined,
			responseBody: { statusCode: '429', message: 'Rate limit is exceeded.' },
		});
	});

	test('a refused connection keeps its network code, so that it is retried', () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
		expect(readProviderFailure(asIn1x(new NodeApiError(node, refused as never)))).toEqual({
			status: undefined,
			providerMessage: 'ECONNREFUSED',
			retryAfterSeconds: undefined,
			code: 'ECONNREFUSED',
		});
	});
});

describe('a request n8n refused to send', () => {
	/** n8n's network layer may bring its own copy of n8n-workflow: a UserError of another copy. */
	class UserError extends Error {
		constructor(
			message: string,
			readonly description?: string,
		) {
			super(message);
		}
	}

	test('the domain allow-list: n8n\'s UserError inside the request helper\'s NodeApiError', () => {
		const refused = new UserError('Domain not allowed: This credential is restricted from accessing api.example.com.');
		expect(readProviderFailure(new NodeApiError(node, refused as never))).toMatchObject({
			status: undefined,
			providerMessage: refused.message,
			refusedByN8n: { description: undefined },
		});
	});

	test('the SSRF guard: n8n\'s UserError inside the socket error, its description kept', () => {
		const blocked = new UserError('The request was blocked because it resolves to a restricted IP address', 'Ask your n8n administrator to allowlist the hostname.');
		const socketError = Object.assign(new Error(blocked.message), { isAxiosError: true, cause: blocked });
		const failure = readProviderFailure(new NodeApiError(node, socketError as never));
		expect(failure.refusedByN8n).toEqual({ description: blocked.description });

		const error = providerError(fakeItemContext(2), 'Karbon', 'the upload of "a.pdf"', failure);
		expect(error.message).toBe(`n8n did not send the upload of "a.pdf" to Karbon: ${blocked.message}`);
		expect(error.description).toBe('Ask your n8n administrator to allowlist the hostname. Nothing was sent to Karbon.');
	});

	test('an answer or a socket error is not a refusal', () => {
		expect(readProviderFailure(requestFailure(403, { message: 'Forbidden' })).refusedByN8n).toBeUndefined();
		const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', isAxiosError: true });
		expect(readProviderFailure(new NodeApiError(node, reset as never)).refusedByN8n).toBeUndefined();
	});
});
