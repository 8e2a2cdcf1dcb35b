import type { IDataObject, IExecutePaginationFunctions } from 'n8n-workflow';

import { searchRecords } from '../../nodes/KarbonFiles/methods/listSearch';
import { KARBON_RECORD_KINDS, recordDisplayName, recordKeyFromUrl } from '../../nodes/KarbonFiles/shared/records';
import { fakeItemContext, fakePickerContext, type FakeAnswers } from './fakeContext';
import { refusalOf, rejectionOf } from './refusal';

// Karbon's record kinds as the picker and the pasted address use them, on plain values: the
// paths asked for, written out as Karbon's API reads them. test/karbon/recordPicker.test.ts
// runs the same picker against the sandbox.

const KARBON = 'https://api.karbonhq.com';

function pickerContext(linkTo: string, answers: FakeAnswers) {
	const picker = fakePickerContext({ linkTo }, { accessToken: 'token-1234567', apiKey: 'key-1234567', baseUrl: '' }, answers);
	// Every path is asked of Karbon's own host; the paths below are written without it.
	const asked = () => picker.asked.map((url) => (url.startsWith(KARBON) ? url.slice(KARBON.length) : `another host: ${url}`));
	return { ctx: picker.ctx, asked };
}

const page = (records: IDataObject[], nextLink?: string) => ({ value: records, ...(nextLink && { '@odata.nextLink': nextLink }) });

describe('searchRecords: what Karbon is asked for each kind', () => {
	test.each([
		['contact', 'Priya', '/v3/Contacts?%24filter=contains%28FullName%2C+%27Priya%27%29&%24orderby=FullName&%24top=100'],
		['organization', 'Acme', '/v3/Organizations?%24filter=contains%28FullName%2C+%27Acme%27%29&%24orderby=FullName&%24top=100'],
		['workItem', 'Tax', '/v3/WorkItems?%24filter=contains%28Title%2C+%27Tax%27%29&%24orderby=StartDate+desc&%24top=100'],
		['clientGroup', 'Smith', '/v3/ClientGroups?%24orderby=FullName&%24top=100'],
		['integrationTask', 'Sync', '/v3/IntegrationTasks'],
		['contact', '  ', '/v3/Contacts?%24orderby=FullName&%24top=100'],
	])('%s, searched for %j: %s', async (linkTo, term, path) => {
		const { ctx, asked } = pickerContext(linkTo, { [path]: page([]) });
		await searchRecords.call(ctx, term);
		expect(asked()).toEqual([path]);
	});

	test('a quote is not sent (Karbon takes none in a filter): the longest part without one, the whole term matched here', async () => {
		const path = '/v3/Contacts?%24filter=contains%28FullName%2C+%27Brien+Smith%27%29&%24orderby=FullName&%24top=100';
		const { ctx, asked } = pickerContext('contact', {
			[path]: page([
				{ ContactKey: 'K1', FullName: "Pat O'Brien Smith", EmailAddress: 'pat@example.com' },
				{ ContactKey: 'K2', FullName: 'Jo Brien Smith' },
			]),
		});
		expect(await searchRecords.call(ctx, "O'Brien Smith")).toEqual({
			results: [{ name: "Pat O'Brien Smith (pat@example.com)", value: 'K1' }],
			paginationToken: undefined,
		});
		expect(asked()).toEqual([path]);
	});

	test('searched by Karbon: one page per call, the next one as the token (to Karbon\'s path, not its host)', async () => {
		const first = '/v3/Contacts?%24filter=contains%28FullName%2C+%27a%27%29&%24orderby=FullName&%24top=100';
		const second = '/v3/Contacts?%24filter=contains%28FullName%2C+%27a%27%29&%24orderby=FullName&%24top=100&%24skip=100';
		const { ctx, asked } = pickerContext('contact', {
			[first]: page([{ ContactKey: 'K1', FullName: 'Ana' }], `https://api.karbonhq.com${second}`),
			[second]: page([{ ContactKey: 'K2', FullName: 'Bea', EmailAddress: ' ' }], 'https://elsewhere.example/other?x=1'),
		});
		const one = await searchRecords.call(ctx, 'a');
		expect(one).toEqual({ results: [{ name: 'Ana', value: 'K1' }], paginationToken: second });
		expect(await searchRecords.call(ctx, 'a', one.paginationToken)).toEqual({ results: [{ name: 'Bea', value: 'K2' }], paginationToken: undefined });
		expect(asked()).toEqual([first, second]);
	});

	test('read page by page and filtered here: up to five pages a call, the next as the token', async () => {
		const answers: FakeAnswers = {};
		const path = (skip: number) => `/v3/ClientGroups?%24orderby=FullName&%24top=100${skip ? `&%24skip=${skip}` : ''}`;
		for (let index = 0; index < 7; index++) {
			answers[path(index * 100)] = page([{ ClientGroupKey: `G${index}`, FullName: index === 2 ? 'Smith Family' : `Group ${index}` }], `https://api.karbonhq.com${path(index * 100 + 100)}`);
		}
		const { ctx, asked } = pickerContext('clientGroup', answers);
		expect(await searchRecords.call(ctx, 'smith')).toEqual({ results: [{ name: 'Smith Family', value: 'G2' }], paginationToken: path(500) });
		expect(asked()).toEqual([path(0), path(100), path(200), path(300), path(400)]);
	});

	test('page by page stops once 20 are found', async () => {
		const records = Array.from({ length: 25 }, (_, index) => ({ ClientGroupKey: `G${index}`, FullName: `Family ${index}` }));
		const first = '/v3/ClientGroups?%24orderby=FullName&%24top=100';
		const next = '/v3/ClientGroups?%24orderby=FullName&%24top=100&%24skip=100';
		const { ctx, asked } = pickerContext('clientGroup', { [first]: page(records, `https://api.karbonhq.com${next}`) });
		const found = await searchRecords.call(ctx, 'family');
		expect(found.results.length).toBe(25);
		expect(found.paginationToken).toBe(next);
		expect(asked()).toEqual([first]);
	});

	test('a filter Karbon refuses (400): read page by page instead', async () => {
		const filtered = '/v3/Organizations?%24filter=contains%28FullName%2C+%27acme%27%29&%24orderby=FullName&%24top=100';
		const plain = '/v3/Organizations?%24orderby=FullName&%24top=100';
		const { ctx, asked } = pickerContext('organization', {
			[filtered]: 400,
			[plain]: page([{ OrganizationKey: 'O1', FullName: 'Acme Ltd', EmailAddress: 'hi@acme.example' }, { OrganizationKey: 'O2', FullName: 'Other' }]),
		});
		expect(await searchRecords.call(ctx, 'acme')).toEqual({ results: [{ name: 'Acme Ltd (hi@acme.example)', value: 'O1' }], paginationToken: undefined });
		expect(asked()).toEqual([filtered, plain]);
	});

	test('integration tasks refused to a non-partner say what to do; other failures pass as they are', async () => {
		for (const status of [401, 403]) {
			const { ctx } = pickerContext('integrationTask', { '/v3/IntegrationTasks': status });
			expect(await rejectionOf(searchRecords.call(ctx, ''))).toEqual({
				message: 'Karbon lets only approved integration partners list integration tasks',
				description: 'Choose "By Key" and enter the task\'s key.',
			});
		}
		const { ctx } = pickerContext('integrationTask', { '/v3/IntegrationTasks': 500 });
		await expect(searchRecords.call(ctx, '')).rejects.toThrow('Request failed with status code 500');
		const contacts = pickerContext('contact', { '/v3/Contacts?%24orderby=FullName&%24top=100': 403 });
		await expect(searchRecords.call(contacts.ctx, '')).rejects.toThrow('Request failed with status code 403');
		const noFilter = pickerContext('clientGroup', { '/v3/ClientGroups?%24orderby=FullName&%24top=100': 400 });
		await expect(searchRecords.call(noFilter.ctx, '')).rejects.toThrow('Request failed with status code 400');
	});
});

describe('recordDisplayName', () => {
	test.each([
		['contact', { ContactKey: 'K1', FullName: ' Priya Sharma ', EmailAddress: ' priya@sharma.example ' }, 'Priya Sharma (priya@sharma.example)'],
		['contact', { ContactKey: 'K1', FullName: '', EmailAddress: 'priya@sharma.example' }, 'K1 (priya@sharma.example)'],
		['clientGroup', { ClientGroupKey: 'G1', FullName: 'Smith Family', EmailAddress: 'x@y.z' }, 'Smith Family'],
		['workItem', { WorkItemKey: 'W1', Title: 'Tax return 2026', ClientName: 'Acme Ltd' }, 'Tax return 2026 (Acme Ltd)'],
		['integrationTask', { TaskKey: 'T1', TaskName: 'Sync', TaskStatus: 'Open' }, 'Sync (Open)'],
		['organization', { OrganizationKey: 'O1', FullName: 'Acme' }, 'Acme'],
	])('a %s', (kind, record, name) => {
		expect(recordDisplayName(KARBON_RECORD_KINDS[kind as keyof typeof KARBON_RECORD_KINDS], record)).toBe(name);
	});
});

describe('recordKeyFromUrl: the key a pasted Karbon address names', () => {
	const ctx = fakeItemContext(4) as IExecutePaginationFunctions;

	test.each([
		['https://app2.karbonhq.com/4mTp2XwQk9Lz#/contacts/RXq4mD62PXg', 'contact', 'RXq4mD62PXg'],
		['  https://app2.karbonhq.com/#/organizations/ORG123  ', 'organization', 'ORG123'],
		['https://app2.karbonhq.com/4mTp2XwQk9Lz#/client-groups/CG9', 'clientGroup', 'CG9'],
		['https://app2.karbonhq.com/4mTp2XwQk9Lz#/work/W77/file-management-documents', 'workItem', 'W77'],
		['https://app.karbonhq.com/work/W78?tab=files', 'workItem', 'W78'],
		['HTTPS://APP2.KARBONHQ.COM/#/CONTACTS/Kx1', 'contact', 'Kx1'],
	])('%s → %s %s', (url, linkType, key) => {
		expect(recordKeyFromUrl(ctx, url, linkType as never)).toBe(key);
	});

	test('an address of another kind, or none, is refused with what to do', () => {
		expect(() => recordKeyFromUrl(ctx, 'https://app2.karbonhq.com/#/work/W77', 'contact')).toThrow(
			'Record Key: the address is that of a work item, but Link To is "contact" [item 4]',
		);
		const refusal = (url: string, linkType: string) => refusalOf(() => recordKeyFromUrl(ctx, url, linkType as never));
		expect(refusal(' https://evil.example/#/contacts/K1 ', 'clientGroup')).toEqual({
			message: 'Record Key: "https://evil.example/#/contacts/K1" is not the address of a Karbon record [item 4]',
			description: 'Paste the address from the browser while the client group is open in Karbon, e.g. https://app2.karbonhq.com/4mTp2XwQk9Lz#/client-groups/RXq4mD62PXg, or choose "By Key".',
		});
		expect(refusal('https://app2.karbonhq.com/#/tasks/T1', 'integrationTask')).toEqual({
			message: 'Record Key: "https://app2.karbonhq.com/#/tasks/T1" is not the address of a Karbon record [item 4]',
			description: 'Karbon shows integration tasks at no known address: choose "By Key" and enter the task\'s key.',
		});
		expect(refusal('https://app2.karbonhq.com.evil.example/#/contacts/K1', 'contact')?.message).toBe(
			'Record Key: "https://app2.karbonhq.com.evil.example/#/contacts/K1" is not the address of a Karbon record [item 4]',
		);
		expect(refusal('https://app2.karbonhq.com/#/contacts/K1 x', 'contact')?.message).toBe(
			'Record Key: "https://app2.karbonhq.com/#/contacts/K1 x" is not the address of a Karbon record [item 4]',
		);
	});
});
