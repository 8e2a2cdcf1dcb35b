import type { IExecuteSingleFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';

import {
	allowedDomainsFor,
	apiRequest,
	baseUrlFrom,
	credentialTypeOf,
	oncePerRun,
	requestWithCredential,
	runCredential,
	type ProviderApi,
	type RunCredential,
} from '../../nodes/shared/transport';

// The shared transport's rules with a stand-in context: which credential, read how often,
// sent how. n8n's own domain rule (getCredentialAllowedDomains) is the installed one.

const api: ProviderApi = {
	credentials: [
		{ authentication: 'apiKey', type: 'acmeFilesApi' },
		{ authentication: 'oAuth2', type: 'acmeFilesOAuth2Api' },
	],
	baseUrlOf: (credentials) => String(credentials.baseUrl),
	headers: { Version: '2021-07-28' },
};

interface Sent {
	type: string;
	options: IHttpRequestOptions;
	credentialsDecrypted: unknown;
}

/** A node's context: in a run (getExecuteData of `run`) or in the editor (none), counting credential reads. */
function context({ run, parameters = {}, answer }: { run?: object; parameters?: Record<string, unknown>; answer?: (options: IHttpRequestOptions) => Promise<unknown> }) {
	const reads: string[] = [];
	const sent: Sent[] = [];
	const node = {
		id: 'n',
		name: 'Upload',
		type: 'test',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { acmeFilesApi: { id: 'cred-1', name: 'Acme account' } },
	} as INode;
	const ctx: Record<string, unknown> = {
		getNode: () => node,
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getCredentials: async (type: string) => {
			reads.push(type);
			return { baseUrl: 'https://api.acme.example/v3///', apiKey: `key-of-${type}` };
		},
		helpers: {
			httpRequestWithAuthentication: async (type: string, options: IHttpRequestOptions, additional: { credentialsDecrypted: unknown }) => {
				sent.push({ type, options, credentialsDecrypted: additional.credentialsDecrypted });
				return await (answer ?? (async () => ({ ok: true })))(options);
			},
		},
	};
	if (run) ctx.getExecuteData = () => run;
	return { ctx: ctx as unknown as IExecuteSingleFunctions, reads, sent };
}

describe('which credential', () => {
	test.each([
		[{ authentication: 'oAuth2' }, 'acmeFilesOAuth2Api'],
		[{ authentication: 'apiKey' }, 'acmeFilesApi'],
		[{}, 'acmeFilesApi'],
		[{ authentication: 'retired' }, 'acmeFilesApi'],
	])('authentication %j uses %j', (parameters, type) => {
		expect(credentialTypeOf(context({ parameters }).ctx, api)).toBe(type);
	});

	test('the API root without trailing slashes', () => {
		expect(baseUrlFrom(api, { baseUrl: 'https://api.acme.example/v3///' })).toBe('https://api.acme.example/v3');
		expect(baseUrlFrom(api, { baseUrl: 'https://api.acme.example' })).toBe('https://api.acme.example');
	});
});

describe('runCredential: read once per node run', () => {
	test('shared by the run\'s items, its id and name from the node', async () => {
		const run = {};
		const { ctx, reads } = context({ run });
		const [first, second] = await Promise.all([runCredential(ctx, api), runCredential(ctx, api)]);
		expect(first).toBe(second);
		expect(first).toEqual({
			id: 'cred-1',
			name: 'Acme account',
			type: 'acmeFilesApi',
			data: { baseUrl: 'https://api.acme.example/v3///', apiKey: 'key-of-acmeFilesApi' },
		});
		expect(reads).toEqual(['acmeFilesApi']);
	});

	test('another run, or another credential type in the same run, reads again', async () => {
		const run = {};
		const { ctx, reads } = context({ run });
		await runCredential(ctx, api);
		const oauth = { ...ctx, getNodeParameter: () => 'oAuth2' } as unknown as IExecuteSingleFunctions;
		const oauthCredential = await runCredential(oauth, api);
		expect(oauthCredential).toMatchObject({ id: '', name: '', type: 'acmeFilesOAuth2Api' });
		const nextRun = { ...ctx, getExecuteData: () => ({}) } as unknown as IExecuteSingleFunctions;
		await runCredential(nextRun, api);
		expect(reads).toEqual(['acmeFilesApi', 'acmeFilesOAuth2Api', 'acmeFilesApi']);
	});

	test('in the editor (a picker) each call reads afresh', async () => {
		const { ctx, reads } = context({});
		await runCredential(ctx, api);
		await runCredential(ctx, api);
		expect(reads).toEqual(['acmeFilesApi', 'acmeFilesApi']);
	});
});

describe('oncePerRun', () => {
	test('one read per key and run, shared by the items', async () => {
		const run = {};
		const { ctx } = context({ run });
		const calls: string[] = [];
		const read = (key: string) => async () => {
			calls.push(key);
			return `value of ${key}`;
		};
		expect(await Promise.all([oncePerRun(ctx, 'fields', read('fields')), oncePerRun(ctx, 'fields', read('fields')), oncePerRun(ctx, 'folders', read('folders'))])).toEqual([
			'value of fields',
			'value of fields',
			'value of folders',
		]);
		expect(calls).toEqual(['fields', 'folders']);
		await oncePerRun(context({ run: {} }).ctx, 'fields', read('fields'));
		expect(calls).toEqual(['fields', 'folders', 'fields']);
	});

	test('a failed read is not kept: the next item asks again', async () => {
		const { ctx } = context({ run: {} });
		let attempt = 0;
		const read = async () => {
			attempt++;
			if (attempt === 1) throw new Error('502 from the provider');
			return 'fields';
		};
		await expect(oncePerRun(ctx, 'fields', read)).rejects.toThrow('502 from the provider');
		expect(await oncePerRun(ctx, 'fields', read)).toBe('fields');
		expect(await oncePerRun(ctx, 'fields', read)).toBe('fields');
		expect(attempt).toBe(2);
	});

	test('in the editor each call reads', async () => {
		const { ctx } = context({});
		let calls = 0;
		const read = async () => ++calls;
		expect([await oncePerRun(ctx, 'k', read), await oncePerRun(ctx, 'k', read)]).toEqual([1, 2]);
	});
});

describe('allowedDomainsFor: n8n\'s domain rule for the credential\'s own root', () => {
	const credential = (data: Record<string, unknown>): RunCredential => ({ id: '1', name: 'c', type: 'acmeFilesApi', data: data as never });

	test('no list from RoutingNode: no restriction', () => {
		const { ctx } = context({});
		expect(allowedDomainsFor(ctx, credential({ allowedHttpRequestDomains: 'domains', allowedDomains: 'x.example.com' }), 'https://acme.kintone.com', undefined)).toBeUndefined();
	});

	test('a restricted credential: its own root allowed, the list restricting every other host', () => {
		const { ctx } = context({});
		const restricted = credential({ allowedHttpRequestDomains: 'domains', allowedDomains: 'api.example.com' });
		expect(allowedDomainsFor(ctx, restricted, 'https://acme.kintone.com', 'api.example.com')).toBe('acme.kintone.com, api.example.com');
		expect(allowedDomainsFor(ctx, restricted, 'https://api.example.com', 'api.example.com')).toBe('api.example.com');
	});

	// The rule as each n8n line exports it, recording how it was called.
	const calls: unknown[][] = [];
	const positionalRule = (credentialData: unknown, nodeEndpointUrl: unknown) => {
		calls.push([credentialData, nodeEndpointUrl]);
		return 'from the positional rule';
	};
	const optionsRule = (options: unknown) => {
		calls.push([options]);
		return 'from the options rule';
	};
	beforeEach(() => {
		calls.length = 0;
	});

	test('n8n 1.x\'s rule (credentialData, nodeEndpointUrl) is called with the two, not with an options object', () => {
		const { ctx } = context({});
		const data = { allowedHttpRequestDomains: 'domains', allowedDomains: 'api.example.com' };
		expect(allowedDomainsFor(ctx, credential(data), 'https://acme.kintone.com', 'api.example.com', positionalRule as never)).toBe('from the positional rule');
		expect(calls).toEqual([[{ allowedHttpRequestDomains: 'domains', allowedDomains: 'api.example.com' }, 'https://acme.kintone.com']]);
	});

	test('a positional rule with a credential without data gets an empty object', () => {
		const { ctx } = context({});
		allowedDomainsFor(ctx, { id: '1', name: 'c', type: 'acmeFilesApi' } as RunCredential, 'https://acme.kintone.com', 'x.example.com', positionalRule as never);
		expect(calls).toEqual([[{}, 'https://acme.kintone.com']]);
	});

	test('the later rule ({ node, credentialData, credentialOwnedSurface, nodeEndpointUrl }) is called with one object', () => {
		const { ctx } = context({});
		const data = { allowedHttpRequestDomains: 'domains', allowedDomains: 'api.example.com' };
		expect(allowedDomainsFor(ctx, credential(data), 'https://acme.kintone.com', 'api.example.com', optionsRule as never)).toBe('from the options rule');
		expect(calls).toEqual([
			[{ node: ctx.getNode(), credentialData: { allowedHttpRequestDomains: 'domains', allowedDomains: 'api.example.com' }, credentialOwnedSurface: true, nodeEndpointUrl: 'https://acme.kintone.com' }],
		]);
	});

	test('an n8n without the rule: RoutingNode\'s list as it is', () => {
		const { ctx } = context({});
		// (undefined would stand for the installed rule: the parameter's default)
		expect(allowedDomainsFor(ctx, credential({}), 'https://acme.kintone.com', 'api.example.com', null as never)).toBe('api.example.com');
		expect(allowedDomainsFor(ctx, credential({}), 'https://acme.kintone.com', 'api.example.com', 'not a function' as never)).toBe('api.example.com');
	});

	test('no list from RoutingNode: the rule is not asked', () => {
		const { ctx } = context({});
		expect(allowedDomainsFor(ctx, credential({}), 'https://acme.kintone.com', undefined, positionalRule as never)).toBeUndefined();
		expect(calls).toEqual([]);
	});
});

describe('requestWithCredential and apiRequest', () => {
	test('sent through n8n\'s authenticated helper with the credential already read', async () => {
		const { ctx, sent } = context({ run: {} });
		const credential = await runCredential(ctx, api);
		expect(await requestWithCredential(ctx, credential, { url: 'https://api.acme.example/x' })).toEqual({ ok: true });
		expect(sent).toEqual([{ type: 'acmeFilesApi', options: { url: 'https://api.acme.example/x' }, credentialsDecrypted: credential }]);
	});

	test('its error passed on as it is, redacted, its cause kept for the retry rules', async () => {
		const echoed = new Error('echo: x-api-key: key-of-acmeFilesApi', {
			cause: Object.assign(new Error('400 key-of-acmeFilesApi'), { response: { status: 400, headers: {}, data: 'key-of-acmeFilesApi' } }),
		});
		const { ctx } = context({ run: {}, answer: async () => await Promise.reject(echoed) });
		const credential = await runCredential(ctx, api);
		const thrown = await requestWithCredential(ctx, credential, { url: '/x' }).catch((error: unknown) => error);
		expect(thrown).toBe(echoed);
		expect(echoed.message).toBe('echo: x-api-key: ***');
		expect(echoed.cause).toBeInstanceOf(Error);
		expect((echoed.cause as { response: unknown }).response).toEqual({ status: 400, statusText: undefined, headers: {}, data: '***' });
	});

	test('apiRequest: JSON to the credential\'s root with the API\'s headers; a body only when given', async () => {
		const { ctx, sent } = context({ run: {} });
		await apiRequest(ctx, api, 'GET', '/Contacts', { $top: 1 });
		await apiRequest(ctx, api, 'POST', '/Notes', undefined, { text: 'hi' });
		expect(sent.map((request) => request.options)).toEqual([
			{ method: 'GET', baseURL: 'https://api.acme.example/v3', url: '/Contacts', qs: { $top: 1 }, headers: { Accept: 'application/json', Version: '2021-07-28' }, json: true },
			{ method: 'POST', baseURL: 'https://api.acme.example/v3', url: '/Notes', qs: {}, body: { text: 'hi' }, headers: { Accept: 'application/json', Version: '2021-07-28' }, json: true },
		]);
		expect(Object.keys(sent[0].options)).not.toContain('body');
	});

	test('apiRequest without API headers sends Accept alone', async () => {
		const { ctx, sent } = context({ run: {} });
		await apiRequest(ctx, { ...api, headers: undefined }, 'GET', '/Contacts');
		expect(sent[0].options.headers).toEqual({ Accept: 'application/json' });
	});
});
