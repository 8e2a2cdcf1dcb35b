import type { IExecutePaginationFunctions } from 'n8n-workflow';

import { hubSpotUploadTarget, normaliseFile, resendReturningExisting } from '../../nodes/HubSpotFiles/resources/file/upload';
import type { PlannedRequest } from '../../nodes/shared/upload/uploadOperation';
import { fakeItemContext } from './fakeContext';
import { refusalOf } from './refusal';

// HubSpot's upload rules on plain values: the form fields sent, the resend after an unknown
// outcome, the legacy answer made to look like v3's.

const target = (parameters: Record<string, unknown>) => hubSpotUploadTarget(fakeItemContext(1, parameters) as IExecutePaginationFunctions);
const refusal = (parameters: Record<string, unknown>) => refusalOf(() => target(parameters));

describe('the form fields', () => {
	test('a folder by ID, the options as JSON, a file name and charset hunch only when given', () => {
		expect(target({ folder: { mode: 'list', value: ' 123 ' } })).toEqual({ fields: { folderId: '123', options: '{"access":"PRIVATE"}' }, describe: {} });
		expect(target({ folder: { mode: 'path', value: '/invoices/2026' }, access: 'PUBLIC_INDEXABLE', options: { fileName: ' q4.pdf ', charsetHunch: ' utf-8 ' } })).toEqual({
			fields: { folderPath: '/invoices/2026', options: '{"access":"PUBLIC_INDEXABLE"}', fileName: 'q4.pdf', charsetHunch: 'utf-8' },
			describe: {},
		});
		expect(target({ folder: { mode: 'id', value: '7' }, options: { fileName: '  ', charsetHunch: '' } }).fields).toEqual({ folderId: '7', options: '{"access":"PRIVATE"}' });
	});

	test.each([
		[{ folder: { mode: 'path', value: 'invoices' } }, 'Folder: the path "invoices" does not start with / [item 1]', 'Enter the folder path from the root, e.g. /invoices/2026. A missing folder is created by HubSpot.'],
		[{ folder: { mode: 'id', value: '12a' } }, 'Folder: "12a" is not a HubSpot folder ID [item 1]', 'Pick the folder from the list, enter its numeric ID, or switch to "By Path" and enter a path such as /invoices.'],
		[{ folder: { mode: 'id', value: 'a12' } }, 'Folder: "a12" is not a HubSpot folder ID [item 1]', 'Pick the folder from the list, enter its numeric ID, or switch to "By Path" and enter a path such as /invoices.'],
		[{ folder: { mode: 'list', value: '' } }, 'Folder: no folder is chosen [item 1]', 'Pick the folder from the list, enter its numeric ID, or switch to "By Path" and enter a path such as /invoices.'],
		[{}, 'Folder: no folder is chosen [item 1]', 'Pick the folder from the list, enter its numeric ID, or switch to "By Path" and enter a path such as /invoices.'],
	])('%j is refused', (parameters, message, description) => {
		expect(refusal(parameters)).toEqual({ message, description });
	});
});

describe('the resend after an unknown outcome', () => {
	const planned = (options: object): PlannedRequest => ({ fields: { folderId: '7', options: JSON.stringify(options) }, parts: [], describe: { binaryField: 'data' } });

	test('asks HubSpot to return the file it may have stored, in the same folder unless the scope says otherwise', () => {
		expect(resendReturningExisting(planned({ access: 'PRIVATE' }))).toEqual({
			fields: { folderId: '7', options: '{"access":"PRIVATE","duplicateValidationStrategy":"RETURN_EXISTING","duplicateValidationScope":"EXACT_FOLDER"}' },
			parts: [],
			describe: { binaryField: 'data' },
		});
		expect(resendReturningExisting(planned({ access: 'PRIVATE', duplicateValidationStrategy: 'NONE', duplicateValidationScope: 'ENTIRE_PORTAL', overwrite: false }))?.fields.options).toBe(
			'{"access":"PRIVATE","duplicateValidationStrategy":"RETURN_EXISTING","duplicateValidationScope":"ENTIRE_PORTAL","overwrite":false}',
		);
	});

	test('not sent again when the user overwrites or rejects duplicates', () => {
		expect(resendReturningExisting(planned({ access: 'PRIVATE', overwrite: true }))).toBeUndefined();
		expect(resendReturningExisting(planned({ access: 'PRIVATE', duplicateValidationStrategy: 'REJECT' }))).toBeUndefined();
	});

	test('a request without options gets them', () => {
		expect(resendReturningExisting({ fields: {}, parts: [], describe: {} })?.fields.options).toBe('{"duplicateValidationStrategy":"RETURN_EXISTING","duplicateValidationScope":"EXACT_FOLDER"}');
	});
});

describe('the legacy file manager\'s answer, as v3 writes a File', () => {
	test('snake_case made v3\'s names, times as ISO text, the access asked for when the answer has none', () => {
		expect(
			normaliseFile(
				{
					objects: [
						{ id: 42, name: 'q4', full_path: '/invoices/q4.pdf', path: 'ignored', size: 1234, default_hosting_url: 'https://f.example/q4.pdf', url: 'ignored', extension: 'pdf', type: 'DOCUMENT', folder_id: 7, created: 1767225600000, updated: 1767312000000, hidden: false, is_indexable: false },
					],
				},
				'PRIVATE',
			),
		).toEqual({
			id: '42',
			name: 'q4',
			path: '/invoices/q4.pdf',
			size: 1234,
			url: 'https://f.example/q4.pdf',
			access: 'PRIVATE',
			extension: 'pdf',
			type: 'DOCUMENT',
			parentFolderId: '7',
			createdAt: '2026-01-01T00:00:00.000Z',
			updatedAt: '2026-01-02T00:00:00.000Z',
			archived: false,
		});
	});

	test('the answer\'s own access wins; the fallbacks for path and URL; no folder, no times', () => {
		expect(normaliseFile({ objects: [{ id: 'a', path: '/x.pdf', url: 'https://f.example/x', access: 'PUBLIC_INDEXABLE', folder_id: null, created: 0, archived: true }] }, 'PRIVATE')).toEqual({
			id: 'a',
			name: undefined,
			path: '/x.pdf',
			size: undefined,
			url: 'https://f.example/x',
			access: 'PUBLIC_INDEXABLE',
			extension: undefined,
			type: undefined,
			parentFolderId: undefined,
			createdAt: undefined,
			updatedAt: undefined,
			archived: true,
		});
		expect(normaliseFile({ objects: [{ id: 'b', friendly_url: 'https://f.example/b' }] })).toMatchObject({ url: 'https://f.example/b', parentFolderId: undefined });
		expect(normaliseFile({ objects: [{ id: 'c', folder_id: 0, created: '1767225600000' }] })).toMatchObject({ parentFolderId: '0', createdAt: undefined });
	});

	test('a v3 answer is kept as it is', () => {
		const v3 = { id: '42', name: 'q4', access: 'PRIVATE' };
		expect(normaliseFile(v3, 'PUBLIC_INDEXABLE')).toBe(v3);
		expect(normaliseFile({ objects: [] })).toEqual({ objects: [] });
	});
});
