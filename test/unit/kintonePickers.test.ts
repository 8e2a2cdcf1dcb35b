import { searchApps, searchAttachmentFields } from '../../nodes/KintoneFiles/methods/listSearch';
import { getRecordFields } from '../../nodes/KintoneFiles/methods/resourceMapping';
import { fakePickerContext, type FakeAnswers } from './fakeContext';
import { rejectionOf } from './refusal';

// Kintone's pickers and record mapper on plain values: the paths on the account's own domain,
// and what each lists.

const LOGIN = { authType: 'password', domain: ' acme.kintone.com ', username: 'alice', password: 'pa55word!' };
const kintone = (answers: FakeAnswers, parameters: Record<string, unknown> = {}, credential: Record<string, unknown> = LOGIN) =>
	fakePickerContext(parameters, credential, answers);

describe('apps, by name', () => {
	test('a login lists them on its domain, 100 a page, the next offset as the token', async () => {
		const apps = Array.from({ length: 100 }, (_, index) => ({ appId: String(index + 1), name: `App ${index + 1}` }));
		const { ctx, asked } = kintone({ '/k/v1/apps.json?limit=100&offset=0&name=Sales': { apps } });
		const found = await searchApps.call(ctx, ' Sales ');
		expect(found.results[0]).toEqual({ name: 'App 1 (1)', value: '1' });
		expect(found.paginationToken).toBe('100');
		expect(asked).toEqual(['https://acme.kintone.com/k/v1/apps.json?limit=100&offset=0&name=Sales']);
	});

	test('in a guest space, from a later page; a short page is the last', async () => {
		const { ctx, asked } = kintone(
			{ '/k/guest/7/v1/apps.json?limit=100&offset=100': { apps: [{ appId: '12', name: 'Contracts' }] } },
			{ options: { guestSpaceId: ' 7 ' } },
			{ ...LOGIN, baseUrlOverride: 'http://127.0.0.1:9' },
		);
		expect(await searchApps.call(ctx, '  ', '100')).toEqual({ results: [{ name: 'Contracts (12)', value: '12' }], paginationToken: undefined });
		expect(asked).toEqual(['http://127.0.0.1:9/k/guest/7/v1/apps.json?limit=100&offset=100']);
	});

	test('an API token cannot list apps: refused with what to do, nothing asked', async () => {
		const { ctx, asked } = kintone({}, {}, { authType: 'apiToken', domain: 'acme.kintone.com', apiToken: 'token-123456' });
		expect(await rejectionOf(searchApps.call(ctx))).toEqual({
			message: 'API tokens cannot list apps: choose "By ID" and enter the app\'s number',
			description: 'The app ID is the number in the app\'s address, e.g. 12 in https://example.kintone.com/k/12/. Only a credential with a login name and password can list apps.',
		});
		expect(asked).toEqual([]);
	});
});

const FORM = {
	properties: {
		Doc: { type: 'FILE', code: 'Doc', label: 'Doc' },
		Signed: { type: 'FILE', code: 'Signed', label: 'Signed copy', required: true },
		Table: {
			type: 'SUBTABLE',
			code: 'Table',
			label: 'Agreements',
			fields: { Scan: { type: 'FILE', code: 'Scan', label: 'Scan' }, Note: { type: 'SINGLE_LINE_TEXT', code: 'Note', label: 'Note' } },
		},
		Empty: { type: 'SUBTABLE', code: 'Empty', label: 'Empty table' },
		Title: { type: 'SINGLE_LINE_TEXT', code: 'Title', label: 'Title', required: true },
		Body: { type: 'MULTI_LINE_TEXT', code: 'Body', label: 'Body text' },
		Rich: { type: 'RICH_TEXT', code: 'Rich', label: 'Rich' },
		Site: { type: 'LINK', code: 'Site', label: 'Site' },
		Amount: { type: 'NUMBER', code: 'Amount', label: 'Amount', required: false },
		Due: { type: 'DATE', code: 'Due', label: 'Due' },
		Sent: { type: 'DATETIME', code: 'Sent', label: 'Sent' },
		At: { type: 'TIME', code: 'At', label: 'At' },
		Stage: { type: 'DROP_DOWN', code: 'Stage', label: 'Stage', options: { Won: { label: 'Won', index: '10' }, Lead: { label: 'Lead', index: '2' }, Lost: { label: 'Lost', index: '9' } } },
		Pick: { type: 'RADIO_BUTTON', code: 'Pick', label: 'Pick', options: { B: { label: 'B', index: '1' }, A: { label: 'A', index: '0' } } },
		Tags: { type: 'CHECK_BOX', code: 'Tags', label: 'Tags', options: { X: { label: 'X', index: '0' } } },
		Many: { type: 'MULTI_SELECT', code: 'Many', label: 'Many' },
		Number: { type: 'RECORD_NUMBER', code: 'Number', label: 'Record number' },
		Owner: { type: 'USER_SELECT', code: 'Owner', label: 'Owner' },
		Total: { type: 'CALC', code: 'Total', label: 'Total' },
	},
};

describe('attachment fields', () => {
	test('each FILE field, those in a table after the table\'s name, a label equal to its code once', async () => {
		const { ctx, asked } = kintone({ '/k/v1/app/form/fields.json?app=12': FORM }, { app: '12' });
		expect(await searchAttachmentFields.call(ctx)).toEqual({
			results: [
				{ name: 'Doc', value: 'Doc' },
				{ name: 'Signed copy (Signed)', value: 'Signed' },
				{ name: 'Agreements › Scan', value: 'Scan' },
			],
		});
		expect(asked).toEqual(['https://acme.kintone.com/k/v1/app/form/fields.json?app=12']);
	});

	test('filtered by the name shown, the table\'s too', async () => {
		const { ctx } = kintone({ '/k/v1/app/form/fields.json?app=12': FORM }, { app: '12' });
		expect((await searchAttachmentFields.call(ctx, ' AGREE ')).results).toEqual([{ name: 'Agreements › Scan', value: 'Scan' }]);
	});
});

describe('the new record\'s fields, for the mapper', () => {
	test('every field a value can be given, typed, choices in Kintone\'s order', async () => {
		const { ctx } = kintone({ '/k/v1/app/form/fields.json?app=12': FORM }, { app: ' 12 ' });
		const field = (id: string, displayName: string, type: string, required = false) => ({ id, displayName, required, defaultMatch: false, display: true, type });
		expect(await getRecordFields.call(ctx)).toEqual({
			fields: [
				field('Title', 'Title', 'string', true),
				field('Body', 'Body text (Body)', 'string'),
				field('Rich', 'Rich', 'string'),
				field('Site', 'Site', 'string'),
				field('Amount', 'Amount', 'number'),
				field('Due', 'Due', 'dateTime'),
				field('Sent', 'Sent', 'dateTime'),
				field('At', 'At', 'time'),
				{ ...field('Stage', 'Stage', 'options'), options: [{ name: 'Lead', value: 'Lead' }, { name: 'Lost', value: 'Lost' }, { name: 'Won', value: 'Won' }] },
				{ ...field('Pick', 'Pick', 'options'), options: [{ name: 'A', value: 'A' }, { name: 'B', value: 'B' }] },
				field('Tags', 'Tags', 'array'),
				field('Many', 'Many', 'array'),
			],
			emptyFieldsNotice: 'App 12 has no field the mapper can fill. Use "Field Code and Value Pairs" or "JSON".',
		});
	});

	test('no app chosen: the mapper says to choose one, and asks Kintone nothing', async () => {
		const { ctx, asked } = kintone({}, { app: ' ' });
		expect(await getRecordFields.call(ctx)).toEqual({ fields: [], emptyFieldsNotice: 'Choose the App first: its fields are listed here.' });
		expect(asked).toEqual([]);
	});

	test('an app that is no number is refused by both pickers, and Kintone is asked nothing', async () => {
		const { ctx, asked } = kintone({}, { app: 'k/12' });
		const refusal = { message: 'App: "k/12" is not an app ID', description: 'Pick the app from the list, or enter its number (the 12 in …/k/12/).' };
		expect(await rejectionOf(getRecordFields.call(ctx))).toEqual(refusal);
		expect(await rejectionOf(searchAttachmentFields.call(ctx))).toEqual(refusal);
		expect(asked).toEqual([]);
	});

	test('the Attachment Field picker without an app says to choose one first', async () => {
		const { ctx, asked } = kintone({});
		expect(await rejectionOf(searchAttachmentFields.call(ctx))).toEqual({ message: 'Choose the App first', description: 'The Attachment fields are listed from the app\'s form.' });
		expect(asked).toEqual([]);
	});

	test('an app ID with spaces around it is read without them', async () => {
		const { ctx, asked } = kintone({ '/k/v1/app/form/fields.json?app=12': { properties: {} } }, { app: ' 12 ' });
		expect(await searchAttachmentFields.call(ctx)).toEqual({ results: [] });
		expect(asked).toEqual(['https://acme.kintone.com/k/v1/app/form/fields.json?app=12']);
	});
});
