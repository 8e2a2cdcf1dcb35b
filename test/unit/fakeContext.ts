import type { IExecuteSingleFunctions, ILoadOptionsFunctions, INode } from 'n8n-workflow';

/** A stand-in `this` for calling one hook directly, as n8n's own hook tests do. */
export function fakeItemContext(itemIndex = 0, parameters: Record<string, unknown> = {}): IExecuteSingleFunctions {
	const node = { id: 'n', name: 'Upload', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
	return {
		getNode: () => node,
		getItemIndex: () => itemIndex,
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
	} as unknown as IExecuteSingleFunctions;
}

/** An answer per request path (with its query, as sent), or an HTTP status to fail with. */
export type FakeAnswers = Record<string, unknown>;

/**
 * A stand-in `this` for a picker (listSearch) in the editor: the node's parameters and one
 * credential, requests answered from `answers` by path (unknown paths: 404), every path
 * asked for kept in `asked` with the query n8n's request helper would append, and each
 * request's headers in `headers`.
 */
export function fakePickerContext(parameters: Record<string, unknown>, credential: Record<string, unknown>, answers: FakeAnswers) {
	const asked: string[] = [];
	const headers: Array<Record<string, string> | undefined> = [];
	const node = { id: 'n', name: 'Picker', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
	const ctx = {
		getNode: () => node,
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getCredentials: async () => credential,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: { baseURL?: string; url: string; qs?: Record<string, unknown>; headers?: Record<string, string> }) => {
				const query = new URLSearchParams(Object.entries(options.qs ?? {}).map(([key, value]): [string, string] => [key, String(value)])).toString();
				const path = query ? `${options.url}?${query}` : options.url;
				asked.push(`${options.baseURL ?? ''}${path}`);
				headers.push(options.headers);
				const answer = path in answers ? answers[path] : 404;
				if (typeof answer === 'number') {
					throw Object.assign(new Error(`Request failed with status code ${answer}`), { response: { status: answer, headers: {}, data: {} } });
				}
				return answer;
			},
		},
	};
	return { ctx: ctx as unknown as ILoadOptionsFunctions, asked, headers };
}
