import { searchFileUploadFields, searchMediaFolders } from '../../nodes/HighLevelFiles/methods/listSearch';
import { locationIdOf } from '../../nodes/HighLevelFiles/shared/transport';
import { fakePickerContext, type FakeAnswers } from './fakeContext';

// HighLevel's pickers on plain values: the location asked about, the fields and folders listed.

const highLevel = (answers: FakeAnswers, parameters: Record<string, unknown> = {}, credential: Record<string, unknown> = { locationId: 'loc-cred' }) =>
	fakePickerContext(parameters, { accessToken: 'test-token', ...credential }, answers);

const FIELDS = {
	customFields: [
		{ id: 'f1', name: 'Contract', dataType: 'FILE_UPLOAD', isMultiFileAllowed: true, maxFileLimit: 3 },
		{ id: 'f2', name: 'Photo', dataType: 'FILE_UPLOAD' },
		{ id: 'f3', name: 'Scans', dataType: 'FILE_UPLOAD', isMultiFileAllowed: true },
		{ id: 'f4', name: 'Contract notes', dataType: 'TEXT' },
	],
};

test.each([
	[' loc-node ', { locationId: 'loc-cred' }, 'loc-node'],
	['', { locationId: 'loc-cred', oauthTokenData: { locationId: 'loc-token' } }, 'loc-cred'],
	['', { oauthTokenData: { locationId: 'loc-token' } }, 'loc-token'],
	[undefined, {}, ''],
])('locationIdOf(%j, %j) is %j', (nodeLocationId, credentials, locationId) => {
	expect(locationIdOf(nodeLocationId, credentials)).toBe(locationId);
});

describe('the contact\'s FILE_UPLOAD fields', () => {
	test('of the credential\'s location, each with how many files it takes, with the Version header', async () => {
		const { ctx, asked, headers } = highLevel({ '/locations/loc-cred/customFields?model=contact': FIELDS });
		expect(await searchFileUploadFields.call(ctx)).toEqual({
			results: [
				{ name: 'Contract (up to 3 files)', value: 'f1' },
				{ name: 'Photo (one file)', value: 'f2' },
				{ name: 'Scans (several files)', value: 'f3' },
			],
		});
		expect(asked).toEqual(['https://services.leadconnectorhq.com/locations/loc-cred/customFields?model=contact']);
		expect(headers).toEqual([{ Accept: 'application/json', Version: '2021-07-28' }]);
	});

	test('of the node\'s location, filtered by name', async () => {
		const { ctx, asked } = highLevel({ '/locations/loc%2F2/customFields?model=contact': FIELDS }, { locationId: 'loc/2' });
		expect(await searchFileUploadFields.call(ctx, ' CON ')).toEqual({ results: [{ name: 'Contract (up to 3 files)', value: 'f1' }] });
		expect(asked).toEqual(['https://services.leadconnectorhq.com/locations/loc%2F2/customFields?model=contact']);
	});

	test('with OAuth2, of the token\'s location', async () => {
		const { ctx, asked } = highLevel({ '/locations/loc-token/customFields?model=contact': {} }, { authentication: 'oAuth2' }, { oauthTokenData: { locationId: 'loc-token' } });
		expect(await searchFileUploadFields.call(ctx)).toEqual({ results: [] });
		expect(asked).toEqual(['https://services.leadconnectorhq.com/locations/loc-token/customFields?model=contact']);
	});
});

describe('the media library\'s folders', () => {
	const folderPath = (offset: number, query = '') =>
		`/medias/files?altType=location&altId=loc-cred&type=folder&sortBy=createdAt&sortOrder=asc&offset=${offset}&limit=100${query}`;

	test('a full page of 100 gives the next offset as the token', async () => {
		const files = Array.from({ length: 100 }, (_, index) => ({ _id: `d${index}`, name: `Folder ${index}` }));
		const { ctx, asked } = highLevel({ [folderPath(0, '&query=Invoices')]: { files } });
		const found = await searchMediaFolders.call(ctx, ' Invoices ');
		expect(found.results.slice(0, 2)).toEqual([
			{ name: 'Folder 0', value: 'd0' },
			{ name: 'Folder 1', value: 'd1' },
		]);
		expect(found.paginationToken).toBe('100');
		expect(asked).toEqual([`https://services.leadconnectorhq.com${folderPath(0, '&query=Invoices')}`]);
	});

	test('a shorter page is the last; a folder named by its id when it has no name, one without an id left out', async () => {
		const { ctx } = highLevel({ [folderPath(100)]: { files: [{ _id: 'd1', name: 'Scans' }, { id: 'd2' }, { name: 'no id' }, { _id: 'd3', id: 'ignored', name: '' }] } });
		expect(await searchMediaFolders.call(ctx, '', '100')).toEqual({
			results: [
				{ name: 'Scans', value: 'd1' },
				{ name: 'd2', value: 'd2' },
				{ name: 'd3', value: 'd3' },
			],
			paginationToken: undefined,
		});
	});

	test('a search of only spaces is no search, and the node\'s Location ID wins over the credential\'s', async () => {
		const { ctx, asked } = highLevel(
			{ '/medias/files?altType=location&altId=loc-node&type=folder&sortBy=createdAt&sortOrder=asc&offset=0&limit=100': { files: [{ _id: 'd1', name: 'Scans' }] } },
			{ locationId: 'loc-node' },
		);
		expect((await searchMediaFolders.call(ctx, '   ')).results).toEqual([{ name: 'Scans', value: 'd1' }]);
		expect(asked).toEqual([
			'https://services.leadconnectorhq.com/medias/files?altType=location&altId=loc-node&type=folder&sortBy=createdAt&sortOrder=asc&offset=0&limit=100',
		]);
	});

	test('an answer without files is none', async () => {
		expect(await searchMediaFolders.call(highLevel({ [folderPath(0)]: {} }).ctx)).toEqual({ results: [], paginationToken: undefined });
	});
});
