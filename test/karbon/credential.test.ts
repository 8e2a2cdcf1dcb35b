import { runCredentialTest } from '../harness/engine.cjs';
import { karbonSandbox, KARBON_CREDENTIALS, KARBON_UNKNOWN_CREDENTIALS } from '../sandboxes/karbon.cjs';

const sandbox = karbonSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

describe('Karbon Files API credential', () => {
	test('its test calls GET /v3/TenantSettings with the bearer token and the AccessKey', async () => {
		const run = await runCredentialTest('karbonFilesApi', { ...KARBON_CREDENTIALS, baseUrl: `${sandbox.baseUrl}/` });

		expect(run.error).toBeUndefined();
		expect(sandbox.requests).toHaveLength(1);
		const [request] = sandbox.requests;
		expect([request.method, request.path, request.status]).toEqual(['GET', '/v3/TenantSettings', 200]);
		expect(request.headers.authorization).toBe(`Bearer ${KARBON_CREDENTIALS.accessToken}`);
		expect(request.headers.accesskey).toBe(KARBON_CREDENTIALS.accessKeySecret);
	});

	test('its test fails on credentials Karbon does not know', async () => {
		const run = await runCredentialTest('karbonFilesApi', { ...KARBON_UNKNOWN_CREDENTIALS, baseUrl: sandbox.baseUrl });

		expect(run.error?.message).toMatch(/Authorization failed|401/);
		expect(sandbox.requests[0].status).toBe(401);
	});

	test('swapping token and key is refused, as Karbon does', async () => {
		const run = await runCredentialTest('karbonFilesApi', {
			accessToken: KARBON_CREDENTIALS.accessKeySecret,
			accessKeySecret: KARBON_CREDENTIALS.accessToken,
			baseUrl: sandbox.baseUrl,
		});

		expect(run.error).toBeDefined();
		expect(sandbox.requests[0].status).toBe(401);
	});
});
