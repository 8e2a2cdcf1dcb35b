import { e2eLog, ensureN8n, N8nInstance, packPackages, setupOwner } from '../e2e/n8n.cjs';
import { createSandboxes, demoCredentials } from '../e2e/scenarios.cjs';
import { HIGHLEVEL_NO_LOCATION_SCOPE_TOKEN } from '../sandboxes/highlevel.cjs';
import { HUBSPOT_NO_FILES_SCOPE_TOKEN } from '../sandboxes/hubspot.cjs';
import { KARBON_CREDENTIALS } from '../sandboxes/karbon.cjs';
import { KINTONE_LOGIN, KINTONE_TOKENS } from '../sandboxes/kintone.cjs';

/**
 * The credential test as a user meets it: the editor's "Test" button, i.e. n8n's
 * POST /rest/credentials/test in a real n8n with the four packages, against the sandboxes.
 * A right credential passes; each usual mistake gets a message that says what to check,
 * not n8n's bare "Unauthorized".
 */
const sandboxes = createSandboxes();
const n8n = new N8nInstance();
let url = '';
let cookie = '';

beforeAll(async () => {
	await ensureN8n(e2eLog);
	await Promise.all(sandboxes.all.map(async (sandbox) => await sandbox.start()));
	await n8n.installPackages(Object.values(await packPackages()));
	// Saved credentials, as the editor tests them: by id, with the data in the form.
	await n8n.importCredentials(demoCredentials(sandboxes));
	({ url } = await n8n.start());
	cookie = (await setupOwner(url)).map((header) => header.split(';')[0]).join('; ');
}, 10 * 60_000);

afterAll(async () => {
	await n8n.stop();
	await Promise.all(sandboxes.all.map(async (sandbox) => await sandbox.stop()));
});

async function testCredential(id: string, type: string, data: Record<string, unknown>): Promise<{ status: string; message: string }> {
	const response = await fetch(`${url}/rest/credentials/test`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ credentials: { id, name: `test ${type}`, type, data } }),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`credentials/test: ${response.status} ${text}`);
	try {
		return (JSON.parse(text) as { data: { status: string; message: string } }).data;
	} catch {
		throw new Error(`credentials/test answered what is not JSON: ${text.slice(0, 500)}`);
	}
}

const demo = (id: string) => demoCredentials(sandboxes).find((credential) => credential.id === id)!;

test.each(['karbonDemo', 'hubSpotDemo', 'kintoneDemo', 'highLevelDemo'])('%s: the right credential passes', async (id) => {
	const { type, data } = demo(id);
	expect(await testCredential(id, type, data)).toMatchObject({ status: 'OK' });
});

test.each<[string, string, () => Record<string, unknown>, RegExp]>([
	['Karbon, the two keys swapped', 'karbonDemo', () => ({ accessToken: KARBON_CREDENTIALS.accessKeySecret, accessKeySecret: KARBON_CREDENTIALS.accessToken }), /^Karbon did not accept these keys \(HTTP 401\)\. Access Token is the GUID .* and Access Key the JWT starting with eyJ: check that they are not swapped/],
	['HubSpot, a wrong token', 'hubSpotDemo', () => ({ privateAppToken: 'pat-na1-00000000-dead-4bad-8bad-000000000000' }), /^HubSpot did not accept the token \(HTTP 401\): copy the private app's access token/],
	['HighLevel, a wrong token', 'highLevelDemo', () => ({ privateIntegrationToken: 'pit-00000000-0000-0000-0000-000000000000' }), /^HighLevel did not accept the Private Integration Token \(HTTP 401\)/],
	['HubSpot, a token without the files scope', 'hubSpotDemo', () => ({ privateAppToken: HUBSPOT_NO_FILES_SCOPE_TOKEN }), /^HubSpot accepted the token but refused the call \(HTTP 403\): give the private app the "files" scope/],
	['HighLevel, a token without the locations scope', 'highLevelDemo', () => ({ privateIntegrationToken: HIGHLEVEL_NO_LOCATION_SCOPE_TOKEN }), /HighLevel answers a missing scope the same way: the token needs locations\.readonly/],
	['HighLevel, a wrong Location ID', 'highLevelDemo', () => ({ locationId: 'otherLocation00000001' }), /^HighLevel refused the Location ID for this token \(HTTP 400\)/],
	['Kintone, a wrong password', 'kintoneDemo', () => ({ authType: 'password', ...KINTONE_LOGIN, password: 'wrong-password-2026' }), /^Kintone did not accept the login name and password or the API token \(HTTP 401\)/],
	['Kintone, a token of another app', 'kintoneDemo', () => ({ authType: 'apiToken', apiToken: KINTONE_TOKENS.app20, testAppId: '12' }), /^Kintone accepted the credential but refused the call \(HTTP 403\): an API token must belong to the app/],
	['Kintone, a domain typed as a URL', 'kintoneDemo', () => ({ domain: 'https://example.kintone.com/k/12/', baseUrlOverride: '' }), /^Domain: "https:\/\/example\.kintone\.com\/k\/12\/" has a scheme; enter only the host name/],
])('%s: the test says what to check', async (_case, id, change, message) => {
	const { type, data } = demo(id);
	const result = await testCredential(id, type, { ...data, ...change() });

	expect(result.status).toBe('Error');
	expect(result.message).toMatch(message);
	e2eLog(`credential test, ${_case}: ${result.message}`);
});
