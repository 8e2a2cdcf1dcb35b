import { karbonSandbox, KARBON_CREDENTIALS } from '../sandboxes/karbon.cjs';

/**
 * The sandbox must refuse what Karbon's page says Karbon refuses, or the node tests would
 * prove nothing. These requests are built by hand, without the node.
 */
const sandbox = karbonSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());

const auth = { Authorization: `Bearer ${KARBON_CREDENTIALS.accessToken}`, AccessKey: KARBON_CREDENTIALS.accessKeySecret };
const pdf = () => new File([Buffer.from('%PDF-1.7 test')], 'proposal.pdf', { type: 'application/pdf' });

async function post(form: FormData | string, headers: Record<string, string> = auth) {
	const response = await fetch(`${sandbox.baseUrl}/v3/Files`, { method: 'POST', headers, body: form });
	return { status: response.status, body: await response.json() };
}

function form(entries: Array<[string, string | File]>) {
	const body = new FormData();
	for (const [name, value] of entries) body.append(name, value);
	return body;
}

describe('Karbon sandbox', () => {
	test('201 with the documented body for a valid upload', async () => {
		expect(await post(form([['file', pdf()], ['workitem_keys', 'RXq4mD62PXg']]))).toEqual({
			status: 201,
			body: {
				'@odata.context': 'https://api.karbonhq.com/v3/$metadata#Files/$entity',
				Id: expect.any(String),
				Name: 'proposal.pdf',
				MimeType: 'application/pdf',
				Size: '13',
			},
		});
	});

	test.each<[string, FormData | string, string]>([
		['no file part', form([['workitem_keys', 'K1']]), 'No file was included'],
		['a file part without filename', (() => {
			const body = new FormData();
			body.append('file', new Blob([Buffer.from('x')]), '');
			body.append('contact_keys', 'K1');
			return body;
		})(), 'No file was included'],
		['a JSON body', JSON.stringify({ contact_keys: 'K1' }), 'No file was included'],
		['no link field', form([['file', pdf()]]), 'No entity keys were provided'],
		['an empty link field', form([['file', pdf()], ['contact_keys', ' ']]), 'No entity keys were provided'],
		['two link fields', form([['file', pdf()], ['contact_keys', 'A'], ['workitem_keys', 'B']]), 'Cannot link to more than one entity'],
		['two keys in one field', form([['file', pdf()], ['contact_keys', 'A,B']]), 'Cannot link to more than one entity'],
		['the same field twice', form([['file', pdf()], ['contact_keys', 'A'], ['contact_keys', 'B']]), 'Cannot link to more than one entity'],
	])('400 for %s', async (_case, body, message) => {
		expect(await post(body)).toEqual({ status: 400, body: { statusCode: '400', message } });
	});

	test.each([
		['no headers', {}],
		['the bearer token only', { Authorization: auth.Authorization }],
		['token and key swapped', { Authorization: `Bearer ${auth.AccessKey}`, AccessKey: KARBON_CREDENTIALS.accessToken }],
	])('401 with %s', async (_case, headers) => {
		expect((await post(form([['file', pdf()], ['contact_keys', 'A']]), headers)).status).toBe(401);
	});

	test('500 for an executable', async () => {
		const exe = new File([Buffer.from('MZ')], 'setup.exe', { type: 'application/x-msdownload' });
		expect((await post(form([['file', exe], ['contact_keys', 'A']]))).status).toBe(500);
	});
});

describe('Karbon sandbox › record lists and reads (CONTRACTS-more.md)', () => {
	const partner = karbonSandbox({ integrationPartner: true });
	beforeAll(async () => void (await partner.start()));
	afterAll(async () => await partner.stop());

	async function get(path: string, query: Record<string, string> = {}, base = sandbox.baseUrl) {
		const response = await fetch(`${base}${path}?${new URLSearchParams(query).toString()}`, { headers: auth });
		return { status: response.status, body: (await response.json()) as Record<string, any> };
	}

	test('contains on a contact name ignores case, as Karbon says for FullName', async () => {
		const { status, body } = await get('/v3/Contacts', { $filter: "contains(FullName, 'sharma')", $orderby: 'FullName' });
		expect(status).toBe(200);
		expect(body['@odata.count']).toBe(2);
		expect(body.value.map((record: { FullName: string }) => record.FullName)).toEqual(['Anna Sharma-Lee', 'Priya Sharma']);
	});

	test('a work item title search is case-sensitive (not confirmed otherwise)', async () => {
		expect((await get('/v3/WorkItems', { $filter: "contains(Title, 'payroll')" })).body.value).toEqual([]);
		expect((await get('/v3/WorkItems', { $filter: "contains(Title, 'Payroll')" })).body.value).toHaveLength(1);
	});

	test('client groups take eq only: contains on FullName is a 400 with code 4002', async () => {
		expect(await get('/v3/ClientGroups', { $filter: "contains(FullName, 'Sharma')" })).toEqual({
			status: 400,
			body: { error: { code: '4002', message: "Could not find a property named 'FullName' on type 'KarbonService.ClientGroupSummaryDTO'." } },
		});
		expect((await get('/v3/ClientGroups', { $filter: "FullName eq 'Sharma Family'" })).body.value).toHaveLength(1);
	});

	test('a quote inside a literal is refused, doubled or not', async () => {
		expect((await get('/v3/Contacts', { $filter: "contains(FullName, 'O''Brien')" })).status).toBe(400);
		expect((await get('/v3/Contacts', { $filter: "contains(FullName, 'O'Brien')" })).status).toBe(400);
	});

	test('$top over 100 is a 400; 100 per page, the next page linked on Karbon\'s own host', async () => {
		expect((await get('/v3/Contacts', { $top: '101' })).body.error.code).toBe('4002');
		const first = await get('/v3/Contacts', { $orderby: 'FullName' });
		expect(first.body.value).toHaveLength(100);
		expect(first.body['@odata.count']).toBe(143);
		expect(first.body['@odata.nextLink']).toBe('https://api.karbonhq.com/v3/Contacts?%24orderby=FullName&%24skip=100');
		const second = await get('/v3/Contacts', { $orderby: 'FullName', $skip: '100' });
		expect(second.body.value).toHaveLength(43);
		expect(second.body['@odata.nextLink']).toBeUndefined();
		expect((await get('/v3/Contacts', { $skip: '100' })).status).toBe(400);
	});

	test('an unsupported $orderby and an unknown query option are 400s', async () => {
		expect((await get('/v3/WorkItems', { $orderby: 'Title' })).status).toBe(400);
		expect((await get('/v3/Contacts', { $search: 'x' })).status).toBe(400);
	});

	test('a single read by key, and 404 with code 4004 naming the entity for an unknown or hidden key', async () => {
		expect(await get('/v3/Organizations/O4mN8bVc2Xz')).toMatchObject({ status: 200, body: { OrganizationKey: 'O4mN8bVc2Xz', FullName: 'Sharma Holdings Ltd' } });
		expect(await get('/v3/WorkItems/NOPE1234567')).toEqual({ status: 404, body: { error: { code: '4004', message: 'No WorkItem found for provided key' } } });
		expect((await get('/v3/Contacts/H1dd3nC0nt4')).status).toBe(404);
	});

	test('integration tasks: 403 unless the application is an approved partner; no $top', async () => {
		expect((await get('/v3/IntegrationTasks')).status).toBe(403);
		const listed = await get('/v3/IntegrationTasks', {}, partner.baseUrl);
		expect(listed.body.value).toEqual([expect.objectContaining({ TaskKey: 'T6pO4iU2yTr', TaskName: 'Collect bank statements' })]);
		expect((await get('/v3/IntegrationTasks', { $top: '10' }, partner.baseUrl)).status).toBe(400);
	});
});
