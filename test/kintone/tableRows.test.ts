import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { patternBytes } from '../harness/assertions';
import { runListSearch, runNode } from '../harness/engine.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import { kintoneSandbox, KINTONE_APP, KINTONE_TOKENS } from '../sandboxes/kintone.cjs';

/**
 * Attachment fields inside a table (SUBTABLE). Kintone replaces a table with the rows a
 * request sends, so the sandbox deletes every row left out and keeps only the fields a row
 * sends: the node must send the whole table back for nothing to be lost.
 */
const sandbox = kintoneSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const pdf = (name: string, seed = 1) => ({ bytes: patternBytes(700, seed), fileName: name, mimeType: 'application/pdf' });
const credentials = () => ({ kintoneFilesApi: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: KINTONE_TOKENS.app12, baseUrlOverride: sandbox.baseUrl } });
const rl = (value: string, mode = 'list') => ({ __rl: true, mode, value });

function attach(parameters: INodeParameters, items: FixtureItem[] = [{ files: { data: pdf('signed-a2.pdf') } }]) {
	return runNode({
		type: 'kintoneFiles',
		parameters: { resource: 'file', operation: 'uploadAndAttach', app: rl(KINTONE_APP, 'id'), recordBy: 'id', recordId: '6', attachmentField: rl('SignedCopy'), ...parameters },
		credentials: credentials(),
		items,
	});
}

/** The table as the sandbox now holds it: each row's id, agreement number and file names. */
function table() {
	const rows = sandbox.record(KINTONE_APP, '6')!.fields.Agreements.value as Array<{ id: string; value: Record<string, { value: unknown }> }>;
	return rows.map((row) => ({
		id: row.id,
		agreementNo: row.value.AgreementNo?.value,
		files: ((row.value.SignedCopy?.value as Array<{ name: string }>) ?? []).map((file) => file.name),
	}));
}

const uploadsSent = () => sandbox.requests.filter((request) => request.path.endsWith('file.json'));
const puts = () => sandbox.requests.filter((request) => request.method === 'PUT').map((request) => request.json as IDataObject);

describe('Kintone Files › an Attachment field inside a table', () => {
	test('the picker lists it after its table, as "Agreements › Signed copy"', async () => {
		const fields = await runListSearch({ type: 'kintoneFiles', method: 'searchAttachmentFields', parameters: { app: rl(KINTONE_APP, 'id') }, credentials: credentials() });

		expect(fields.results).toEqual([
			{ name: 'Attachments', value: 'Attachments' },
			{ name: 'Signed contracts (Contracts)', value: 'Contracts' },
			{ name: 'Agreements › Signed copy (SignedCopy)', value: 'SignedCopy' },
		]);
	});

	test('New Row: the files go into a row added at the end; every other row and file is kept', async () => {
		const run = await attach({ tableRow: 'newRow' });

		expect(run.error).toBeUndefined();
		expect(table()).toEqual([
			{ id: '48290', agreementNo: 'A-1', files: ['a1-signed.pdf'] },
			{ id: '48291', agreementNo: 'A-2', files: [] },
			{ id: '50000', agreementNo: undefined, files: ['signed-a2.pdf'] },
		]);
		expect(puts()).toHaveLength(1);
		expect(puts()[0].revision).toBe('3');
		expect(run.output[0].json).toMatchObject({ app: KINTONE_APP, recordId: '6', attachmentField: 'SignedCopy', table: 'Agreements', rowId: null, newRow: true, keptFiles: 0 });
	});

	test('Row by ID, Append: the row keeps its files and fields and gets the new ones', async () => {
		const run = await attach({ tableRow: 'rowId', rowId: '48290' }, [{ files: { data: pdf('a1-countersigned.pdf', 2) } }]);

		expect(run.error).toBeUndefined();
		expect(table()).toEqual([
			{ id: '48290', agreementNo: 'A-1', files: ['a1-signed.pdf', 'a1-countersigned.pdf'] },
			{ id: '48291', agreementNo: 'A-2', files: [] },
		]);
		expect(run.output[0].json).toMatchObject({ table: 'Agreements', rowId: '48290', newRow: false, mode: 'append', keptFiles: 1 });
	});

	test('Row Where a Field Has a Value: the one row with AgreementNo = A-2', async () => {
		const run = await attach({ tableRow: 'rowMatch', rowMatchField: 'AgreementNo', rowMatchValue: 'A-2' });

		expect(run.error).toBeUndefined();
		expect(table()).toEqual([
			{ id: '48290', agreementNo: 'A-1', files: ['a1-signed.pdf'] },
			{ id: '48291', agreementNo: 'A-2', files: ['signed-a2.pdf'] },
		]);
	});

	test('Replace: only the target row loses its files; the other rows keep theirs, revision-safe', async () => {
		const run = await attach({ tableRow: 'rowId', rowId: '48290', attachMode: 'replace' }, [{ files: { data: pdf('a1-final.pdf', 3) } }]);

		expect(run.error).toBeUndefined();
		expect(table()).toEqual([
			{ id: '48290', agreementNo: 'A-1', files: ['a1-final.pdf'] },
			{ id: '48291', agreementNo: 'A-2', files: [] },
		]);
		expect(puts()[0].revision).toBe('3');
	});

	test('several items onto rows of one record in one run: each row gets its file, none is lost (conflicts retried)', async () => {
		const items = [0, 1, 2].map((seed) => ({ json: { no: seed % 2 ? 'A-2' : 'A-1' }, files: { data: pdf(`batch-${seed}.pdf`, seed + 5) } }));
		const run = await attach({ tableRow: 'rowMatch', rowMatchField: 'AgreementNo', rowMatchValue: '={{ $json.no }}' }, items);

		expect(run.error).toBeUndefined();
		const [first, second] = table();
		expect(first.files.sort()).toEqual(['a1-signed.pdf', 'batch-0.pdf', 'batch-2.pdf']);
		expect(second.files).toEqual(['batch-1.pdf']);
		expect(sandbox.requests.filter((request) => request.status === 409).length).toBeGreaterThan(0);
		expect(run.output.map(({ pairedItem }) => pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('a row field the table does not have names the table\'s fields, and only the form was read', async () => {
		const run = await attach({ tableRow: 'rowMatch', rowMatchField: 'Agreement No', rowMatchValue: 'A-2' });

		expect(run.error?.message).toBe('Row Field Code: table Agreements has no field with the code "Agreement No" [item 0]');
		expect(run.error?.description).toBe('Field codes are case-sensitive. The table\'s fields are: AgreementNo, SignedCopy.');
		expect(sandbox.requests.map((request) => request.path)).toEqual(['/k/v1/app/form/fields.json']);
	});

	test.each([
		['a row id the table does not have', { tableRow: 'rowId', rowId: '99999' }, 'Table Row: no row of table Agreements has id 99999 [item 0]'],
		['a value no row has', { tableRow: 'rowMatch', rowMatchField: 'AgreementNo', rowMatchValue: 'A-9' }, 'Table Row: no row of table Agreements has AgreementNo = "A-9" [item 0]'],
		['a row field the table does not have', { tableRow: 'rowMatch', rowMatchField: 'agreementNo', rowMatchValue: 'A-2' }, 'Row Field Code: table Agreements has no field with the code "agreementNo" [item 0]'],
		['a row id that is not a number', { tableRow: 'rowId', rowId: 'first' }, 'Row ID: "first" is not a row ID [item 0]'],
		['a row field without a value', { tableRow: 'rowMatch', rowMatchField: 'AgreementNo', rowMatchValue: '={{ "" }}' }, 'Row Field: the field code and the value are both needed [item 0]'],
		['a row value whose expression gives nothing', { tableRow: 'rowMatch', rowMatchField: 'AgreementNo', rowMatchValue: '={{ $json.agreementNo }}' }, 'Row Field: the field code and the value are both needed [item 0]'],
		['a row ID whose expression gives nothing', { tableRow: 'rowId', rowId: '={{ $json.rowId }}' }, 'Row ID: the row ID is empty [item 0]'],
		['a table row for a field outside a table', { attachmentField: rl('Attachments'), tableRow: 'rowId', rowId: '48290' }, 'Table Row: "Attachments" is not inside a table [item 0]'],
	])('%s is refused before anything is uploaded', async (_case, parameters, message) => {
		const run = await attach(parameters);

		expect(run.error?.message).toBe(message);
		expect(uploadsSent()).toEqual([]);
		expect(table()).toEqual([
			{ id: '48290', agreementNo: 'A-1', files: ['a1-signed.pdf'] },
			{ id: '48291', agreementNo: 'A-2', files: [] },
		]);
	});

	test('two rows with the value: refused, naming the rows', async () => {
		sandbox.record(KINTONE_APP, '6')!.fields.Agreements.value = [
			{ id: '1', value: { AgreementNo: { type: 'SINGLE_LINE_TEXT', value: 'A-1' }, SignedCopy: { type: 'FILE', value: [] } } },
			{ id: '2', value: { AgreementNo: { type: 'SINGLE_LINE_TEXT', value: 'A-1' }, SignedCopy: { type: 'FILE', value: [] } } },
		];
		const run = await attach({ tableRow: 'rowMatch', rowMatchField: 'AgreementNo', rowMatchValue: 'A-1' });

		expect(run.error?.message).toBe('Table Row: 2 rows of table Agreements have AgreementNo = "A-1" [item 0]');
		expect(run.error?.description).toBe('The table\'s rows: 1, 2. Check the value, or choose "New Row".');
		expect(uploadsSent()).toEqual([]);
	});

	test('Upload and Create Record puts the files into the first row of the new record\'s table', async () => {
		const run = await runNode({
			type: 'kintoneFiles',
			parameters: { resource: 'file', operation: 'uploadAndCreate', app: rl(KINTONE_APP, 'id'), attachmentField: rl('SignedCopy', 'fieldCode'), recordFields: { field: [{ code: 'Title', value: 'Globex' }] } },
			credentials: credentials(),
			items: [{ files: { data: pdf('globex-signed.pdf') } }],
		});

		expect(run.error).toBeUndefined();
		const created = sandbox.record(KINTONE_APP, String(run.output[0].json.recordId))!;
		expect(created.fields.Title.value).toBe('Globex');
		expect((created.fields.Agreements.value as Array<{ value: { SignedCopy: { value: Array<{ name: string }> } } }>).map((row) => row.value.SignedCopy.value.map((file) => file.name))).toEqual([['globex-signed.pdf']]);
		expect(run.output[0].json).toMatchObject({ attachmentField: 'SignedCopy', table: 'Agreements' });
	});
});
