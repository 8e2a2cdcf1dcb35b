import type { INodeParameters } from 'n8n-workflow';

import { patternBytes } from '../harness/assertions';
import { runNode, runResourceMapping } from '../harness/engine.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import { kintoneSandbox, KINTONE_APP, KINTONE_TOKENS } from '../sandboxes/kintone.cjs';

/**
 * Upload and Create Record's resource mapper: the app's fields listed and typed from its
 * form, the values converted to what Kintone takes for each type. The sandbox refuses a value
 * of the wrong shape as Kintone does (a number as a numeric string, a date as YYYY-MM-DD, …).
 */
const sandbox = kintoneSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const credentials = () => ({ kintoneFilesApi: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: KINTONE_TOKENS.app12, baseUrlOverride: sandbox.baseUrl } });
const app = { __rl: true, mode: 'id', value: KINTONE_APP };
const pdf = { bytes: patternBytes(800), fileName: 'order.pdf', mimeType: 'application/pdf' };

const schemaField = (id: string, type: string) => ({ id, displayName: id, required: false, defaultMatch: false, display: true, type });
const SCHEMA = [
	schemaField('Title', 'string'),
	schemaField('Amount', 'number'),
	schemaField('SignedOn', 'dateTime'),
	schemaField('ReceivedAt', 'dateTime'),
	{ ...schemaField('Status', 'options'), options: [{ name: 'Open', value: 'Open' }, { name: 'Signed', value: 'Signed' }] },
	schemaField('Tags', 'array'),
];

function create(mapper: INodeParameters, items: FixtureItem[] = [{ files: { data: pdf } }]) {
	return runNode({
		type: 'kintoneFiles',
		parameters: { resource: 'file', operation: 'uploadAndCreate', app, attachmentField: { __rl: true, mode: 'fieldCode', value: 'Attachments' }, fieldsInput: 'mapper', recordMapper: { schema: SCHEMA, matchingColumns: [], ...mapper } },
		credentials: credentials(),
		items,
	});
}

const created = (recordId: unknown) => sandbox.record(KINTONE_APP, String(recordId))!.fields;
const uploadsSent = () => sandbox.requests.filter((request) => request.path.endsWith('file.json'));

describe('Kintone Files › Upload and Create Record › Map Each Field', () => {
	test('the mapper lists the fields a record can be given, typed, choices in the app\'s order', async () => {
		const { fields } = await runResourceMapping({ type: 'kintoneFiles', method: 'getRecordFields', parameters: { app }, credentials: credentials() });

		expect(fields).toEqual([
			{ id: 'Title', displayName: 'Title', required: false, defaultMatch: false, display: true, type: 'string' },
			{ id: 'CustomerCode', displayName: 'Customer code (CustomerCode)', required: false, defaultMatch: false, display: true, type: 'string' },
			{ id: 'Amount', displayName: 'Amount', required: false, defaultMatch: false, display: true, type: 'number' },
			{ id: 'SignedOn', displayName: 'Signed on (SignedOn)', required: false, defaultMatch: false, display: true, type: 'dateTime' },
			{ id: 'ReceivedAt', displayName: 'Received at (ReceivedAt)', required: false, defaultMatch: false, display: true, type: 'dateTime' },
			{ id: 'Status', displayName: 'Status', required: false, defaultMatch: false, display: true, type: 'options', options: [{ name: 'Open', value: 'Open' }, { name: 'Signed', value: 'Signed' }] },
			{ id: 'Tags', displayName: 'Tags', required: false, defaultMatch: false, display: true, type: 'array' },
		]);
	});

	test('each value reaches Kintone in the form its field type takes', async () => {
		const run = await create({
			mappingMode: 'defineBelow',
			value: { Title: 'Globex', Amount: 1200.5, SignedOn: '2026-11-30T00:00:00.000+01:00', ReceivedAt: '2026-11-30T09:15:00.000+01:00', Status: 'Signed', Tags: ['Urgent', 'Legal'] },
		});

		expect(run.error).toBeUndefined();
		const fields = created(run.output[0].json.recordId);
		expect(Object.fromEntries(['Title', 'Amount', 'SignedOn', 'ReceivedAt', 'Status', 'Tags'].map((code) => [code, fields[code].value]))).toEqual({
			Title: 'Globex',
			Amount: '1200.5',
			SignedOn: '2026-11-30',
			ReceivedAt: '2026-11-30T08:15:00Z',
			Status: 'Signed',
			Tags: ['Urgent', 'Legal'],
		});
		expect((fields.Attachments.value as Array<{ name: string }>).map((file) => file.name)).toEqual(['order.pdf']);
	});

	test('an empty value is left out, so that Kintone applies the field\'s default', async () => {
		const run = await create({ mappingMode: 'defineBelow', value: { Title: 'Initech', Amount: null, CustomerCode: '' } });

		expect(run.error).toBeUndefined();
		const request = sandbox.requests.find((candidate) => candidate.method === 'POST' && candidate.path.endsWith('record.json'))!;
		expect(Object.keys((request.json as { record: object }).record).sort()).toEqual(['Attachments', 'Title']);
	});

	test('Map Automatically takes the input item\'s fields of the same codes', async () => {
		const run = await create({ mappingMode: 'autoMapInputData', value: null }, [{ json: { Title: 'Umbrella', Amount: 7, unrelated: 'x' }, files: { data: pdf } }]);

		expect(run.error).toBeUndefined();
		const request = sandbox.requests.find((candidate) => candidate.method === 'POST' && candidate.path.endsWith('record.json'))!;
		expect((request.json as { record: object }).record).toEqual({ Title: { value: 'Umbrella' }, Amount: { value: '7' }, Attachments: { value: [{ fileKey: expect.any(String) }] } });
	});

	test('mapped automatically, a drop-down value of the field\'s choices and check box choices as a comma-separated text reach Kintone', async () => {
		const run = await create({ mappingMode: 'autoMapInputData', value: null }, [{ json: { Title: 'Globex', Status: ' Open ', Tags: 'Legal, Urgent' }, files: { data: pdf } }]);

		expect(run.error).toBeUndefined();
		const fields = created(run.output[0].json.recordId);
		expect([fields.Status.value, fields.Tags.value]).toEqual(['Open', ['Legal', 'Urgent']]);
	});

	test('a typed value of the wrong type: n8n itself refuses to run the node, nothing is sent', async () => {
		await expect(create({ mappingMode: 'defineBelow', value: { Title: 'Globex', Amount: 'lots' } })).rejects.toThrow("'Amount' expects a number but we got 'lots'");
		expect(sandbox.requests).toEqual([]);
	});

	test.each([
		['a number that is not one', { Amount: 'lots' }, 'Record Fields → Amount: "lots" is not a number [item 0]'],
		['a date that is not one', { SignedOn: 'yesterday' }, 'Record Fields → Signed on: "yesterday" is not a date (YYYY-MM-DD) [item 0]'],
		['a date and time that is not one', { ReceivedAt: 'soon' }, 'Record Fields → Received at: "soon" is not a date and time [item 0]'],
		['a drop-down value that is not one of its choices', { Status: 'Closed' }, 'Record Fields → Status: "Closed" is not one of the field\'s choices (Signed, Open) [item 0]'],
		['a check box choice in the wrong case', { Tags: ['Legal', 'urgent'] }, 'Record Fields → Tags: "urgent" is not one of the field\'s choices (Urgent, Legal) [item 0]'],
		['a check box choice in a comma-separated text', { Tags: 'Urgent, Later' }, 'Record Fields → Tags: "Later" is not one of the field\'s choices (Urgent, Legal) [item 0]'],
	])('mapped automatically from the input, %s is refused before anything is uploaded', async (_case, json, message) => {
		const run = await create({ mappingMode: 'autoMapInputData', value: null }, [{ json: { Title: 'Globex', ...json }, files: { data: pdf } }]);

		expect(run.error?.message).toBe(message);
		expect(uploadsSent()).toEqual([]);
	});

	test.each([
		['a field the app no longer has', { Discount: 5 }, 'Record Fields: app 12 has no field "Discount" [item 0]'],
		['the Attachment Field itself', { Attachments: 'x' }, 'Record Fields: "Attachments" is the Attachment Field [item 0]'],
	])('%s is refused before anything is uploaded', async (_case, value, message) => {
		const run = await create({ mappingMode: 'defineBelow', value: { Title: 'Globex', ...value } });

		expect(run.error?.message).toBe(message);
		expect(uploadsSent()).toEqual([]);
	});
});
