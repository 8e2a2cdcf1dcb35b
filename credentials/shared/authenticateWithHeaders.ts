import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

/**
 * An authenticate function adding the headers a credential computes. A function, not a
 * generic block: n8n evaluates a generic block's expressions on every request, in its
 * isolated VM (about 1 ms each, see docs/benchmarks.md).
 */
export function authenticateWithHeaders(headersOf: (credentials: ICredentialDataDecryptedObject) => Record<string, string>) {
	return async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...requestOptions.headers, ...headersOf(credentials) },
	});
}
