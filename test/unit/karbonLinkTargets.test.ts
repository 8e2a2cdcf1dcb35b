import type { IExecutePaginationFunctions } from 'n8n-workflow';

import { karbonLinkTargets } from '../../nodes/KarbonFiles/resources/file/upload';
import { fakeItemContext } from './fakeContext';
import { refusalOf } from './refusal';

const ctx = (uploadOncePerRecord = false) =>
	fakeItemContext(1, { uploadOncePerRecord }) as IExecutePaginationFunctions;

describe('karbonLinkTargets', () => {
	test('one key gives one target on the documented field', () => {
		expect(karbonLinkTargets(ctx(), { workitem_keys: ' RXq4mD62PXg ' })).toEqual([
			{ fields: { workitem_keys: 'RXq4mD62PXg' }, describe: { linkType: 'workItem', linkKey: 'RXq4mD62PXg' } },
		]);
	});

	test('Upload Once per Record splits on commas and whitespace and drops repeats', () => {
		expect(karbonLinkTargets(ctx(true), { contact_keys: 'A1, B2\nA1 C3' }).map((t) => t.fields)).toEqual([
			{ contact_keys: 'A1' },
			{ contact_keys: 'B2' },
			{ contact_keys: 'C3' },
		]);
	});

	test('refuses several keys without it, an empty key, and zero or two link fields', () => {
		expect(() => karbonLinkTargets(ctx(), { contact_keys: 'A1,B2' })).toThrow('holds 2 keys');
		expect(() => karbonLinkTargets(ctx(), { contact_keys: '' })).toThrow('Record Key: the key is empty [item 1]');
		expect(() => karbonLinkTargets(ctx(), {})).toThrow('exactly one record type must be chosen, got 0');
		expect(() => karbonLinkTargets(ctx(), { contact_keys: 'A', workitem_keys: 'B' })).toThrow('got 2');
	});

	test('names the field and the fix in each refusal', () => {
		expect(refusalOf(() => karbonLinkTargets(ctx(), {}))).toEqual({
			message: 'Link To: exactly one record type must be chosen, got 0 [item 1]',
			description: 'Choose the one kind of record the file belongs to in "Link To".',
		});
		expect(refusalOf(() => karbonLinkTargets(ctx(), { contact_keys: ' K1, K2 ' }))).toEqual({
			message: 'Record Key: "K1, K2" holds 2 keys, but one upload links to one record [item 1]',
			description:
				'Karbon links each upload to exactly one record. Enter a single key, or turn on "Upload Once per Record" to upload the file once for each key.',
		});
	});

	test('a field of the body that is no link field is not counted as a record type', () => {
		expect(karbonLinkTargets(ctx(), { contact_keys: 'A1', FileName: 'x.pdf' }).map((t) => t.fields)).toEqual([{ contact_keys: 'A1' }]);
	});
});
