import { hubSpotSandbox, HUBSPOT_TOKEN } from '../sandboxes/hubspot.cjs';

/** The sandbox refuses what HubSpot refuses; requests built by hand, without the node. */
const sandbox = hubSpotSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

async function upload(fields: Array<[string, string]>, withFile = true, token = HUBSPOT_TOKEN, path = '/files/v3/files') {
	const body = new FormData();
	if (withFile) body.append('file', new File([Buffer.from('%PDF')], 'a.pdf', { type: 'application/pdf' }));
	for (const [name, value] of fields) body.append(name, value);
	const response = await fetch(`${sandbox.baseUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body });
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const PRIVATE = JSON.stringify({ access: 'PRIVATE' });

describe('HubSpot sandbox', () => {
	test.each<[string, Array<[string, string]>, boolean, RegExp]>([
		['both folder fields', [['folderId', '1000'], ['folderPath', '/x'], ['options', PRIVATE]], true, /Exactly one of folderId or folderPath/],
		['neither folder field', [['options', PRIVATE]], true, /Exactly one of folderId or folderPath/],
		['no options', [['folderId', '1000']], true, /options is required/],
		['options that are not JSON', [['folderId', '1000'], ['options', '{access:PRIVATE}']], true, /not valid JSON/],
		['a wrong access', [['folderId', '1000'], ['options', '{"access":"SECRET"}']], true, /Invalid access: SECRET/],
		['an unknown option', [['folderId', '1000'], ['options', '{"access":"PRIVATE","color":"red"}']], true, /Unrecognized field\(s\): color/],
		['no file', [['folderId', '1000'], ['options', PRIVATE]], false, /file is required/],
	])('400 for %s, in HubSpot\'s error shape', async (_case, fields, withFile, message) => {
		const answer = await upload(fields, withFile);
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({ status: 'error', message: expect.stringMatching(message), category: 'VALIDATION_ERROR', correlationId: expect.any(String) });
	});

	test('the legacy endpoint takes only the three classic access levels', async () => {
		const answer = await upload([['folderId', '1000'], ['options', '{"access":"HIDDEN_PRIVATE"}']], true, HUBSPOT_TOKEN, '/filemanager/api/v3/files/upload');
		expect(answer).toMatchObject({ status: 400, body: { message: 'Invalid access: HIDDEN_PRIVATE' } });
	});

	test('401 without the bearer token', async () => {
		const answer = await upload([['folderId', '1000'], ['options', PRIVATE]], true, 'wrong');
		expect(answer).toMatchObject({ status: 401, body: { category: 'INVALID_AUTHENTICATION' } });
	});

	test('RETURN_EXISTING returns the stored file, REJECT refuses the duplicate', async () => {
		const first = await upload([['folderId', '1000'], ['options', PRIVATE]]);
		const again = await upload([['folderId', '1000'], ['options', '{"access":"PRIVATE","duplicateValidationStrategy":"RETURN_EXISTING"}']]);
		const rejected = await upload([['folderId', '1000'], ['options', '{"access":"PRIVATE","duplicateValidationStrategy":"REJECT"}']]);
		expect(again.body.id).toBe(first.body.id);
		expect(rejected.status).toBe(409);
	});
});
