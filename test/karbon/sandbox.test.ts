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
