import { HighLevelFilesApi } from '../../credentials/HighLevelFilesApi.credentials';
import { HubSpotFilesApi } from '../../credentials/HubSpotFilesApi.credentials';
import { KarbonFilesApi } from '../../credentials/KarbonFilesApi.credentials';
import { HighLevelFiles } from '../../nodes/HighLevelFiles/HighLevelFiles.node';
import { HubSpotFiles } from '../../nodes/HubSpotFiles/HubSpotFiles.node';
import { KarbonFiles } from '../../nodes/KarbonFiles/KarbonFiles.node';
import { KintoneFiles } from '../../nodes/KintoneFiles/KintoneFiles.node';

/**
 * n8n 2.x evaluates every expression in an isolated VM, about 1 ms each. RoutingNode
 * evaluates requestDefaults twice per item, a generic authenticate block once per request:
 * on many small files that was most of a node's time (docs/benchmarks.md). These stay
 * plain; the upload core applies the credential's Base URL or domain, credentials authenticate
 * in code.
 */
const expressions = (value: unknown): string[] =>
	typeof value === 'string' ? (value.startsWith('=') ? [value] : []) : value && typeof value === 'object' ? Object.values(value).flatMap(expressions) : [];

test.each([
	['Karbon Files', new KarbonFiles(), 'https://api.karbonhq.com'],
	['HubSpot Files', new HubSpotFiles(), 'https://api.hubapi.com'],
	['HighLevel Files', new HighLevelFiles(), 'https://services.leadconnectorhq.com'],
	// Each account has its own host, from the credential's Domain.
	['Kintone Files', new KintoneFiles(), 'https://kintone.com'],
])('%s: requestDefaults hold no expression and name the provider\'s public host', (_, node, host) => {
	expect(expressions(node.description.requestDefaults)).toEqual([]);
	expect(node.description.requestDefaults?.baseURL).toBe(host);
});

test.each([
	['karbonFilesApi', new KarbonFilesApi(), { accessToken: 'token-1', accessKeySecret: 'key-1' }, { Authorization: 'Bearer token-1', AccessKey: 'key-1' }],
	['hubSpotFilesApi', new HubSpotFilesApi(), { privateAppToken: 'pat-1' }, { Authorization: 'Bearer pat-1' }],
	['highLevelFilesApi', new HighLevelFilesApi(), { privateIntegrationToken: 'pit-1' }, { Authorization: 'Bearer pit-1', Version: '2021-07-28' }],
])('%s authenticates in code, keeping the request\'s own headers', async (_, credential, data, headers) => {
	expect(typeof credential.authenticate).toBe('function');
	const authenticate = credential.authenticate as (c: object, r: object) => Promise<{ headers: object }>;
	const signed = await authenticate(data, { url: '/x', headers: { Accept: 'application/json' } });
	expect(signed.headers).toEqual({ Accept: 'application/json', ...headers });
});
