import { searchCustomObjectTypes, searchFiles, searchFolders } from '../../nodes/HubSpotFiles/methods/listSearch';
import { fakePickerContext, type FakeAnswers } from './fakeContext';

// HubSpot's pickers on plain values: the searches asked for, and each entry's name.

const hubSpot = (answers: FakeAnswers, parameters: Record<string, unknown> = {}, baseUrl = '') =>
	fakePickerContext(parameters, { accessToken: 'test-token', baseUrl }, answers);

describe('folders and files, searched by name, named by their path', () => {
	test('the search, sorted by path, 100 a page, the next page as the token', async () => {
		const { ctx, asked } = hubSpot({
			'/files/v3/folders/search?limit=100&sort=path&name=Invoices': {
				results: [
					{ id: '11', name: 'Invoices', path: '/Invoices' },
					{ id: '12', name: 'Invoices 2026' },
					{ id: '13' },
				],
				paging: { next: { after: 'MTAw' } },
			},
		});
		expect(await searchFolders.call(ctx, '  Invoices ')).toEqual({
			results: [
				{ name: '/Invoices', value: '11' },
				{ name: 'Invoices 2026', value: '12' },
				{ name: '13', value: '13' },
			],
			paginationToken: 'MTAw',
		});
		expect(asked).toEqual(['https://api.hubapi.com/files/v3/folders/search?limit=100&sort=path&name=Invoices']);
	});

	test('a next page, no name typed, a last page without a token', async () => {
		const { ctx, asked } = hubSpot(
			{ '/files/v3/files/search?limit=100&sort=path&after=MTAw': { results: [{ id: '7', name: 'scan', extension: 'pdf' }, { id: '8', name: 'README' }] } },
			{},
			'https://proxy.example/hubspot/',
		);
		expect(await searchFiles.call(ctx, '   ', 'MTAw')).toEqual({
			results: [
				{ name: 'scan.pdf', value: '7' },
				{ name: 'README', value: '8' },
			],
			paginationToken: undefined,
		});
		expect(asked).toEqual(['https://proxy.example/hubspot/files/v3/files/search?limit=100&sort=path&after=MTAw']);
	});

	test('an empty answer is no entries', async () => {
		const { ctx } = hubSpot({ '/files/v3/files/search?limit=100&sort=path': {} });
		expect(await searchFiles.call(ctx)).toEqual({ results: [], paginationToken: undefined });
	});
});

describe('custom object types, by label', () => {
	const schemas = {
		'/crm-object-schemas/v3/schemas': {
			results: [
				{ objectTypeId: '2-101', name: 'cars', labels: { singular: 'Car', plural: 'Cars' } },
				{ objectTypeId: '2-102', name: 'boats', labels: {} },
				{ objectTypeId: '2-103' },
			],
		},
	};

	test('every type, named "Label (objectTypeId)"', async () => {
		const { ctx, asked } = hubSpot(schemas);
		expect(await searchCustomObjectTypes.call(ctx)).toEqual({
			results: [
				{ name: 'Car (2-101)', value: '2-101' },
				{ name: 'boats (2-102)', value: '2-102' },
				{ name: '2-103 (2-103)', value: '2-103' },
			],
		});
		expect(asked).toEqual(['https://api.hubapi.com/crm-object-schemas/v3/schemas']);
	});

	test('filtered here, case-insensitively, on the name shown (its id too)', async () => {
		expect((await searchCustomObjectTypes.call(hubSpot(schemas).ctx, ' CAR ')).results).toEqual([{ name: 'Car (2-101)', value: '2-101' }]);
		expect((await searchCustomObjectTypes.call(hubSpot(schemas).ctx, '2-10')).results.map((result) => result.value)).toEqual(['2-101', '2-102', '2-103']);
		expect((await searchCustomObjectTypes.call(hubSpot({ '/crm-object-schemas/v3/schemas': {} }).ctx, 'x')).results).toEqual([]);
	});
});
