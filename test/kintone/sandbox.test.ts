import { kintoneSandbox, KINTONE_APP, KINTONE_GUEST_APP, KINTONE_TOKENS } from '../sandboxes/kintone.cjs';

/** The sandbox behaves as Kintone's pages say; requests built by hand, without the node. */
const sandbox = kintoneSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const headers = { 'X-Cybozu-API-Token': KINTONE_TOKENS.app12 };
const call = async (method: string, path: string, body?: object | FormData) => {
	const response = await fetch(`${sandbox.baseUrl}${path}`, {
		method,
		headers: body instanceof FormData || !body ? headers : { ...headers, 'Content-Type': 'application/json' },
		body: body instanceof FormData ? body : body && JSON.stringify(body),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const upload = async (...names: string[]) => {
	const form = new FormData();
	for (const name of names) form.append('file', new File([Buffer.from('x')], name, { type: 'text/plain' }));
	return await call('POST', '/k/v1/file.json', form);
};

describe('Kintone sandbox', () => {
	test('one file per upload', async () => {
		expect((await upload('a.txt')).body.fileKey).toEqual(expect.any(String));
		expect(await upload('a.txt', 'b.txt')).toMatchObject({ status: 400, body: { code: 'CB_VA01' } });
	});

	test('a fileKey is single-use, and a stale revision is a 409 GAIA_CO02', async () => {
		const { fileKey } = (await upload('a.txt')).body;
		const put = (revision: number) => call('PUT', '/k/v1/record.json', { app: KINTONE_APP, id: 6, revision, record: { Contracts: { value: [{ fileKey }] } } });
		expect(await put(3)).toMatchObject({ status: 200, body: { revision: '4' } });
		expect(await put(3)).toMatchObject({ status: 409, body: { code: 'GAIA_CO02' } });
		const reuse = await call('PUT', '/k/v1/record.json', { app: KINTONE_APP, id: 6, record: { Attachments: { value: [{ fileKey }] } } });
		expect(reuse).toMatchObject({ status: 400, body: { code: 'GAIA_FN11' } });
	});

	test('an attachment list replaces the one before', async () => {
		const { fileKey } = (await upload('only.txt')).body;
		await call('PUT', '/k/v1/record.json', { app: KINTONE_APP, id: 6, record: { Attachments: { value: [{ fileKey }] } } });
		expect((sandbox.record(KINTONE_APP, '6')?.fields.Attachments.value as Array<{ name: string }>).map((f) => f.name)).toEqual(['only.txt']);
	});

	test('adding a record ignores a field code the app does not have (as Kintone documents); an update refuses it', async () => {
		const added = await call('POST', '/k/v1/record.json', { app: KINTONE_APP, record: { Title: { value: 'Globex' }, Titel: { value: 'typo' } } });
		expect(added).toMatchObject({ status: 200, body: { id: '101', revision: '1' } });
		expect(Object.keys(sandbox.record(KINTONE_APP, '101')?.fields ?? {})).toEqual(['Title']);
		expect(sandbox.ignoredFieldCodes).toEqual(['Titel']);
		const updated = await call('PUT', '/k/v1/record.json', { app: KINTONE_APP, id: 101, record: { Titel: { value: 'typo' } } });
		expect(updated).toMatchObject({ status: 400, body: { code: 'CB_VA01', message: 'Field "Titel" does not exist.' } });
	});

	test('API tokens cannot list apps; a guest app needs the guest path; an unknown record is 404', async () => {
		expect(await call('GET', '/k/v1/apps.json')).toMatchObject({ status: 403, body: { code: 'GAIA_NO01' } });
		expect((await call('GET', `/k/v1/app/form/fields.json?app=${KINTONE_GUEST_APP}`)).status).toBe(403);
		expect(await call('GET', `/k/v1/record.json?app=${KINTONE_APP}&id=404`)).toMatchObject({ status: 404, body: { code: 'GAIA_RE01' } });
	});
});
