import { HighLevelFilesApi } from '../../credentials/HighLevelFilesApi.credentials';
import { HubSpotFilesApi } from '../../credentials/HubSpotFilesApi.credentials';
import { KarbonFilesApi } from '../../credentials/KarbonFilesApi.credentials';
import { KintoneFilesApi } from '../../credentials/KintoneFilesApi.credentials';

// The headers each credential adds to a request, written out (Base64 computed by hand: see the
// comments). The wire tests show the same headers arriving at each sandbox.

const request = { url: '/x', headers: { Accept: 'application/json' } };
/** Base64 of "alice:pa55word!" and of "gate:gatepass", worked out by hand. */
const ALICE_BASE64 = 'YWxpY2U6cGE1NXdvcmQh';
const GATE_BASE64 = 'Z2F0ZTpnYXRlcGFzcw==';

test('Karbon: the bearer GUID and the AccessKey JWT, the request\'s own headers kept', async () => {
	expect(await new KarbonFilesApi().authenticate({ accessToken: 'guid-1', accessKeySecret: 'eyJ.key' }, request)).toEqual({
		url: '/x',
		headers: { Accept: 'application/json', Authorization: 'Bearer guid-1', AccessKey: 'eyJ.key' },
	});
});

test('HubSpot: the private app token as a bearer', async () => {
	expect(await new HubSpotFilesApi().authenticate({ privateAppToken: 'pat-1' }, request)).toEqual({
		url: '/x',
		headers: { Accept: 'application/json', Authorization: 'Bearer pat-1' },
	});
});

test('HighLevel: the Private Integration token and the API version', async () => {
	expect(await new HighLevelFilesApi().authenticate({ privateIntegrationToken: 'pit-1' }, request)).toEqual({
		url: '/x',
		headers: { Accept: 'application/json', Authorization: 'Bearer pit-1', Version: '2021-07-28' },
	});
});

describe('Kintone', () => {
	const kintone = new KintoneFilesApi();

	test('API tokens: the list without spaces or empty entries', async () => {
		expect(await kintone.authenticate({ domain: 'acme.kintone.com', authType: 'apiToken', apiToken: ' tokA , tokB,, ' }, request)).toEqual({
			url: '/x',
			headers: { Accept: 'application/json', 'X-Cybozu-API-Token': 'tokA,tokB' },
		});
		expect(await kintone.authenticate({ domain: 'acme.kintone.com', authType: 'apiToken' }, { url: '/x' })).toEqual({ url: '/x', headers: { 'X-Cybozu-API-Token': '' } });
	});

	test('a login: Base64 of login:password, with the domain\'s Basic user', async () => {
		expect(
			await kintone.authenticate(
				{ domain: 'acme.kintone.com', authType: 'password', username: 'alice', password: 'pa55word!', basicAuth: true, basicAuthUser: 'gate', basicAuthPassword: 'gatepass' },
				request,
			),
		).toEqual({
			url: '/x',
			headers: { Accept: 'application/json', 'X-Cybozu-Authorization': ALICE_BASE64, Authorization: `Basic ${GATE_BASE64}` },
		});
	});

	test('a login without a password, and Basic without its fields (":" is Og==)', async () => {
		expect(await kintone.authenticate({ domain: 'acme.kintone.com', authType: 'password', basicAuth: true }, { url: '/x' })).toEqual({
			url: '/x',
			headers: { 'X-Cybozu-Authorization': 'Og==', Authorization: 'Basic Og==' },
		});
	});

	test('a domain that is not Kintone\'s is refused before any header is set; the test server\'s override is not checked', async () => {
		await expect(kintone.authenticate({ domain: 'evil.example.com', authType: 'apiToken', apiToken: 'tokA' }, request)).rejects.toThrow(
			/^Domain: .+\. Fix the Domain of the Kintone credential\.$/,
		);
		expect(await kintone.authenticate({ domain: 'evil.example.com', baseUrlOverride: 'http://127.0.0.1:9', authType: 'apiToken', apiToken: 'tokA' }, { url: '/x' })).toEqual({
			url: '/x',
			headers: { 'X-Cybozu-API-Token': 'tokA' },
		});
	});
});
