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
