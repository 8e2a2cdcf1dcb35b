import { highLevelSandbox, HIGHLEVEL_CONTACT_ID, HIGHLEVEL_CREDENTIALS, HIGHLEVEL_FIELDS, HIGHLEVEL_LOCATION_ID } from '../sandboxes/highlevel.cjs';

/** The sandbox refuses what HighLevel's page says it refuses; requests built by hand. */
const sandbox = highLevelSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());

const [PASSPORT, , NOTES, DOCUMENTS] = HIGHLEVEL_FIELDS.map((field) => field.id);
const headers = { Authorization: `Bearer ${HIGHLEVEL_CREDENTIALS.privateIntegrationToken}`, Version: '2021-07-28' };
const query = `contactId=${HIGHLEVEL_CONTACT_ID}&locationId=${HIGHLEVEL_LOCATION_ID}`;
const file = (name: string) => new File([Buffer.from('data')], name, { type: 'application/pdf' });

async function post(parts: Array<[string, File]>, search = query, requestHeaders: Record<string, string> = headers) {
	const body = new FormData();
	for (const [name, value] of parts) body.append(name, value);
	const response = await fetch(`${sandbox.baseUrl}/forms/upload-custom-files?${search}`, { method: 'POST', headers: requestHeaders, body });
	return { status: response.status, body: (await response.json()) as unknown };
}

describe('HighLevel sandbox', () => {
	test('200 with the updated contact for valid parts', async () => {
		const answer = await post([[`${DOCUMENTS}_1`, file('a.pdf')], [`${DOCUMENTS}_2`, file('b.pdf')]]);
		expect(answer.status).toBe(200);
		const { contact } = answer.body as { contact: { customFields: Array<{ value: object }> } };
		expect(Object.keys(contact.customFields[0].value)).toEqual(['1', '2']);
	});

	test.each<[string, Array<[string, File]>, string, number, unknown]>([
		['a missing contactId', [[`${DOCUMENTS}_1`, file('a.pdf')]], `locationId=${HIGHLEVEL_LOCATION_ID}`, 422, ['contactId should not be empty']],
		['an unknown field', [['nope_1', file('a.pdf')]], query, 422, ['nope_1: no file upload custom field nope']],
		['a text field', [[`${NOTES}_1`, file('a.pdf')]], query, 422, [`${NOTES}_1: no file upload custom field ${NOTES}`]],
		['a part name without id', [[DOCUMENTS, file('a.pdf')]], query, 422, [`${DOCUMENTS}: no file upload custom field (missing)`]],
		['a refused type', [[`${DOCUMENTS}_1`, file('run.exe')]], query, 422, ['run.exe: file type is not allowed']],
		['two files for a one-file field', [[`${PASSPORT}_1`, file('a.pdf')], [`${PASSPORT}_2`, file('b.pdf')]], query, 422, ['Passport accepts at most 1 file(s)']],
	])('refuses %s', async (_case, parts, search, status, message) => {
		expect(await post(parts, search)).toEqual({ status, body: { statusCode: status, message, error: 'Unprocessable Entity' } });
	});

	test('401 without a known token, 400 without the Version header', async () => {
		expect((await post([[`${DOCUMENTS}_1`, file('a.pdf')]], query, { Version: '2021-07-28' })).body).toEqual({
			statusCode: 401,
			message: 'Invalid token: access token is invalid',
			error: 'Unauthorized',
		});
		expect((await post([[`${DOCUMENTS}_1`, file('a.pdf')]], query, { Authorization: headers.Authorization })).status).toBe(400);
	});
});

describe('HighLevel sandbox › media library (CONTRACTS-more.md)', () => {
	async function media(fields: Array<[string, string | File]>) {
		const body = new FormData();
		for (const [name, value] of fields) body.append(name, value);
		const response = await fetch(`${sandbox.baseUrl}/medias/upload-file`, { method: 'POST', headers, body });
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	}

	test('a file with a name and a folder: 200 with fileId and url; the folder is recorded as asked, the file lands in the root', async () => {
		const answer = await media([['file', file('brochure.pdf')], ['name', 'Brochure'], ['parentId', '6620f1c2a9b7e83d4c5f0a11']]);
		expect(answer.status).toBe(200);
		expect(Object.keys(answer.body).sort()).toEqual(['fileId', 'url']);
		expect(sandbox.media.at(-1)).toMatchObject({ name: 'Brochure', requestedParentId: '6620f1c2a9b7e83d4c5f0a11', parentId: null });
	});

	test('a locationId field is refused: the location comes from the token', async () => {
		expect(await media([['file', file('brochure.pdf')], ['locationId', HIGHLEVEL_LOCATION_ID]])).toEqual({
			status: 422,
			body: { statusCode: 422, message: ['property locationId should not exist'], error: 'Unprocessable Entity' },
		});
	});

	test('hosted without fileUrl, and a file together with hosted, are refused', async () => {
		expect((await media([['hosted', 'true']])).status).toBe(400);
		expect((await media([['hosted', 'true'], ['fileUrl', 'https://example.com/a.pdf'], ['file', file('a.pdf')]])).status).toBe(400);
	});
});
