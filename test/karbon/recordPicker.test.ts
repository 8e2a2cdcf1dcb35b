import type { INodeParameters } from 'n8n-workflow';

import { patternBytes } from '../harness/assertions';
import { runListSearch, runNode } from '../harness/engine.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import { karbonSandbox, KARBON_CREDENTIALS, KARBON_UNKNOWN_CREDENTIALS } from '../sandboxes/karbon.cjs';

/**
 * Version 1.1's Record: picked from Karbon's lists by name, by key or by a pasted address,
 * and read from Karbon before the upload, against the sandbox's lists (CONTRACTS-more.md).
 *
 * @covers nodes/shared/upload/preflight.ts: a read refused late still stops every item.
 */
const sandbox = karbonSandbox();
const partnerSandbox = karbonSandbox({ integrationPartner: true });
const eqOnlySandbox = karbonSandbox({ organizationsEqOnly: true });
const all = [sandbox, partnerSandbox, eqOnlySandbox];
beforeAll(async () => void (await Promise.all(all.map(async (each) => await each.start()))));
afterAll(async () => void (await Promise.all(all.map(async (each) => await each.stop()))));
beforeEach(() => all.forEach((each) => each.reset()));

const pdf = { bytes: patternBytes(1500), fileName: 'engagement.pdf', mimeType: 'application/pdf' };

function search(linkTo: string, filter?: string, paginationToken?: string, on = sandbox) {
	return runListSearch({
		type: 'karbonFiles',
		method: 'searchRecords',
		parameters: { resource: 'file', operation: 'upload', linkTo },
		credentials: { karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: on.baseUrl } },
		filter,
		paginationToken,
		typeVersion: 1.1,
	});
}

function upload(parameters: INodeParameters, items: FixtureItem[] = [{ files: { data: pdf } }], extra: { continueOnFail?: boolean; credentials?: Record<string, string> } = {}) {
	return runNode({
		type: 'karbonFiles',
		typeVersion: 1.1,
		parameters: { resource: 'file', operation: 'upload', linkTo: 'contact', ...parameters },
		credentials: { karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: sandbox.baseUrl, ...extra.credentials } },
		items,
		continueOnFail: extra.continueOnFail,
	});
}

const picked = (mode: string, value: string) => ({ __rl: true, mode, value });
const uploads = () => sandbox.requests.filter((request) => request.path === '/v3/Files');
const reads = () => sandbox.requests.filter((request) => request.method === 'GET').map((request) => `${request.path}?${request.query.toString()}`);

describe('Karbon Files 1.1 › Record › From List', () => {
	test('contacts are searched by Karbon with contains on FullName, named with their email address', async () => {
		const found = await search('contact', 'sharma');

		expect(found).toEqual({
			results: [
				{ name: 'Anna Sharma-Lee (anna@lee.example)', value: 'F2hJ6kLp4Qw' },
				{ name: 'Priya Sharma (priya@sharma.example)', value: 'C7pQ2mLk9Zx' },
			],
			paginationToken: undefined,
		});
		expect(reads()).toEqual(["/v3/Contacts?%24filter=contains%28FullName%2C+%27sharma%27%29&%24orderby=FullName&%24top=100"]);
	});

	test('a name with a quote sends the longest stretch without one and matches the whole name here', async () => {
		const found = await search('contact', "O'Brien");

		expect(found.results).toEqual([{ name: "Tom O'Brien (tom@obrien.example)", value: 'D8rS3nMl0Ay' }]);
		expect(sandbox.requests[0].query.get('$filter')).toBe("contains(FullName, 'Brien')");
		expect(sandbox.requests[0].status).toBe(200);
	});

	test("without a search, pages of 100 follow Karbon's next link on the credential's own root", async () => {
		const first = await search('contact');
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('/v3/Contacts?%24orderby=FullName&%24top=100&%24skip=100');

		const second = await search('contact', undefined, first.paginationToken);
		expect(second.results).toHaveLength(43);
		expect(second.results[42]).toEqual({ name: "Tom O'Brien (tom@obrien.example)", value: 'D8rS3nMl0Ay' });
		expect(second.paginationToken).toBeUndefined();
		expect(sandbox.requests.map((request) => request.status)).toEqual([200, 200]);
	});

	test('organizations by name', async () => {
		expect((await search('organization', 'ACME')).results).toEqual([{ name: 'Acme Accounting (hello@acme.example)', value: 'O9kL3jH7gFd' }]);
	});

	test('organizations where Karbon refuses contains (as its spec has it): read page by page and filtered here', async () => {
		const found = await search('organization', 'acme', undefined, eqOnlySandbox);

		expect(found.results).toEqual([{ name: 'Acme Accounting (hello@acme.example)', value: 'O9kL3jH7gFd' }]);
		expect(eqOnlySandbox.requests.map((request) => [request.query.get('$filter'), request.status])).toEqual([
			["contains(FullName, 'acme')", 400],
			[null, 200],
		]);
	});

	test('work items are searched by Title, newest start first, named with their client', async () => {
		expect((await search('workItem', 'Payroll')).results).toEqual([{ name: 'Payroll setup (Acme Accounting)', value: 'W8mK2jL4hGf' }]);
		expect(sandbox.requests[0].query.get('$orderby')).toBe('StartDate desc');
		expect(sandbox.requests[0].query.get('$filter')).toBe("contains(Title, 'Payroll')");
	});

	test('client groups, which Karbon cannot search by part of a name, are read page by page and filtered here', async () => {
		const found = await search('clientGroup', 'sharma');

		expect(found).toEqual({ results: [{ name: 'Sharma Family', value: 'G5tY7uI9oPa' }], paginationToken: undefined });
		expect(reads()).toEqual(['/v3/ClientGroups?%24orderby=FullName&%24top=100', '/v3/ClientGroups?%24orderby=FullName&%24top=100&%24skip=100']);
	});

	test('integration tasks: listed for an approved partner, without $top, which the list does not take', async () => {
		const found = await search('integrationTask', 'bank', undefined, partnerSandbox);

		expect(found.results).toEqual([{ name: 'Collect bank statements (Open)', value: 'T6pO4iU2yTr' }]);
		expect(partnerSandbox.requests.map((request) => request.path + '?' + request.query.toString())).toEqual(['/v3/IntegrationTasks?']);
	});

	test('a quote with spaces around it: the longest stretch is sent without them', async () => {
		const found = await search('contact', "O' Brien");

		expect(sandbox.requests[0].query.get('$filter')).toBe("contains(FullName, 'Brien')");
		// The whole term, space included, is matched here: Tom O'Brien is not "O' Brien".
		expect(found.results).toEqual([]);
	});

	test('a search with spaces around it is the search, on both sides', async () => {
		expect((await search('organization', '  acme  ')).results).toEqual([{ name: 'Acme Accounting (hello@acme.example)', value: 'O9kL3jH7gFd' }]);
		expect(sandbox.requests[0].query.get('$filter')).toBe("contains(FullName, 'acme')");
	});

	test('a next page of a search filtered here reads on, page by page, as its first did', async () => {
		// The first page holds no Sharma: the search goes on to the second within one call.
		const found = await search('clientGroup', 'sharma', '/v3/ClientGroups?%24orderby=FullName&%24top=100');

		expect(found).toEqual({ results: [{ name: 'Sharma Family', value: 'G5tY7uI9oPa' }], paginationToken: undefined });
		expect(reads()).toEqual(['/v3/ClientGroups?%24orderby=FullName&%24top=100', '/v3/ClientGroups?%24orderby=FullName&%24top=100&%24skip=100']);
	});

	test('integration tasks without partner approval: the picker says to enter the key', async () => {
		await expect(search('integrationTask')).rejects.toThrow('Karbon lets only approved integration partners list integration tasks');
	});
});

describe('Karbon Files 1.1 › Record, read from Karbon before the upload', () => {
	test('a record from the list: read once, uploaded to, and named in the output', async () => {
		const run = await upload({ recordKey: picked('list', 'C7pQ2mLk9Zx') });

		expect(run.error).toBeUndefined();
		expect(reads()).toEqual(['/v3/Contacts/C7pQ2mLk9Zx?']);
		expect(uploads().map((request) => request.fields)).toEqual([[['contact_keys', 'C7pQ2mLk9Zx']]]);
		expect(run.output[0].json).toMatchObject({ linkType: 'contact', linkKey: 'C7pQ2mLk9Zx', linkName: 'Priya Sharma', Name: 'engagement.pdf' });
	});

	test('an unknown key names the kind of record looked for, and nothing is uploaded', async () => {
		const run = await upload({ linkTo: 'workItem', recordKey: picked('key', 'NOPE1234567') });

		expect(run.error?.message).toBe('Record Key: Karbon has no work item with the key "NOPE1234567", or this API application may not see it [item 0]');
		expect(run.error?.description).toContain('Nothing was uploaded.');
		expect(reads()).toEqual(['/v3/WorkItems/NOPE1234567?']);
		expect(uploads()).toEqual([]);
	});

	test.each([
		['organization', 'Record Key: Karbon has no organization with the key "NOPE1234567", or this API application may not see it [item 0]'],
		['integrationTask', 'Record Key: Karbon has no integration task with the key "NOPE1234567", or this API application may not see it [item 0]'],
	])('an unknown key of Link To %s names that kind of record', async (linkTo, message) => {
		const run = await upload({ linkTo, recordKey: picked('key', 'NOPE1234567') }, undefined, { credentials: { baseUrl: partnerSandbox.baseUrl } });

		expect(run.error?.message).toBe(message);
		expect(partnerSandbox.requests.filter((request) => request.path === '/v3/Files')).toEqual([]);
	});

	test('an address of only spaces is no address: the key is empty, nothing sent', async () => {
		const run = await upload({ recordKey: picked('url', '={{ $json.url }}') }, [{ json: { url: '   ' }, files: { data: pdf } }]);

		expect(run.error?.message).toBe('Record Key: the key is empty [item 0]');
		expect(sandbox.requests).toEqual([]);
	});

	test('a record read refused late still stops the item that already passed its checks', async () => {
		// Item 1's read is answered 300 ms late, long after item 0 was read and checked: item 0
		// must wait for it rather than upload, then send nothing.
		sandbox.delayMatching((request) => request.path === '/v3/Contacts/NOPE1234567', 300);
		const run = await upload({ recordKey: picked('key', '={{ $json.key }}') }, [
			{ json: { key: 'C7pQ2mLk9Zx' }, files: { data: pdf } },
			{ json: { key: 'NOPE1234567' }, files: { data: pdf } },
		]);

		expect(run.error?.message).toBe(
			'Nothing was uploaded: item 1 was refused — Record Key: Karbon has no contact with the key "NOPE1234567", or this API application may not see it [item 1]',
		);
		expect(reads().sort()).toEqual(['/v3/Contacts/C7pQ2mLk9Zx?', '/v3/Contacts/NOPE1234567?']);
		expect(uploads()).toEqual([]);
	});

	test('a key with spaces around it is the key', async () => {
		const run = await upload({ linkTo: 'organization', recordKey: picked('key', '  O4mN8bVc2Xz ') });

		expect(run.error).toBeUndefined();
		expect(uploads()[0].fields).toEqual([['organization_keys', 'O4mN8bVc2Xz']]);
	});

	test.each([
		['https://app2.karbonhq.com/4mTp2XwQk9Lz#/work/W3nB5vC7xZq/file-management-documents', 'workItem', 'workitem_keys', 'W3nB5vC7xZq'],
		['https://app2.karbonhq.com/#/client-groups/G5tY7uI9oPa', 'clientGroup', 'client_group_keys', 'G5tY7uI9oPa'],
		['https://app.karbonhq.com/work/W8mK2jL4hGf', 'workItem', 'workitem_keys', 'W8mK2jL4hGf'],
		[' https://app2.karbonhq.com/4mTp2XwQk9Lz#/contacts/F2hJ6kLp4Qw ', 'contact', 'contact_keys', 'F2hJ6kLp4Qw'],
		['https://app2.karbonhq.com/4mTp2XwQk9Lz/#/organizations/O9kL3jH7gFd', 'organization', 'organization_keys', 'O9kL3jH7gFd'],
	])('a pasted address %s gives the key', async (url, linkTo, field, key) => {
		const run = await upload({ linkTo, recordKey: picked('url', url) });

		expect(run.error).toBeUndefined();
		expect(uploads().map((request) => request.fields)).toEqual([[[field, key]]]);
	});

	test('the address of another kind of record than Link To is refused before anything is sent', async () => {
		const run = await upload({ linkTo: 'workItem', recordKey: picked('url', 'https://app2.karbonhq.com/4mTp2XwQk9Lz#/contacts/C7pQ2mLk9Zx') });

		expect(run.error?.message).toBe('Record Key: the address is that of a contact, but Link To is "work item" [item 0]');
		expect(run.error?.description).toBe('Set Link To to the kind of record the address shows, or paste the address of a work item.');
		expect(sandbox.requests).toEqual([]);
	});

	test.each([
		'https://evil.example/#/contacts/C7pQ2mLk9Zx',
		'http://app2.karbonhq.com/#/contacts/C7pQ2mLk9Zx',
		'https://app2.karbonhq.com/#/settings/users',
		'C7pQ2mLk9Zx',
	])('%s typed in By URL: n8n itself refuses to run the node, nothing sent', async (url) => {
		await expect(upload({ recordKey: picked('url', url) })).rejects.toThrow(
			"The 'Upload' node has issues:\n- Paste the address of a contact, organization, client group or work item open in Karbon",
		);
		expect(sandbox.requests).toEqual([]);
	});

	test.each([
		'https://evil.example/#/contacts/C7pQ2mLk9Zx',
		'https://app2.karbonhq.com/#/settings/users',
	])('%s from an expression is refused by the node, nothing sent', async (url) => {
		const run = await upload({ recordKey: picked('url', '={{ $json.url }}') }, [{ json: { url }, files: { data: pdf } }]);

		expect(run.error?.message).toBe(`Record Key: "${url}" is not the address of a Karbon record [item 0]`);
		expect(sandbox.requests).toEqual([]);
	});

	test('Upload Once per Record: every key is read first; one unknown key and nothing is uploaded', async () => {
		const run = await upload({ uploadOncePerRecord: true, recordKeys: 'C7pQ2mLk9Zx, ZZunknown99, F2hJ6kLp4Qw' });

		expect(run.error?.message).toBe('Record Key: Karbon has no contact with the key "ZZunknown99", or this API application may not see it [item 0]');
		expect(uploads()).toEqual([]);
	});

	test('Upload Once per Record: keys whose expression gives nothing are no keys, and nothing is sent', async () => {
		const run = await upload({ uploadOncePerRecord: true, recordKeys: '={{ $json.contactKeys }}' });

		expect(run.error?.message).toBe('Record Key: the key is empty [item 0]');
		expect(sandbox.requests).toEqual([]);
	});

	test('Upload Once per Record: one upload per key, each named; a key shared by items is read once per run', async () => {
		const run = await upload({ uploadOncePerRecord: true, recordKeys: 'C7pQ2mLk9Zx; F2hJ6kLp4Qw' }, [{ files: { data: pdf } }, { files: { data: pdf } }]);

		expect(run.error).toBeUndefined();
		expect(reads()).toEqual(['/v3/Contacts/C7pQ2mLk9Zx?', '/v3/Contacts/F2hJ6kLp4Qw?']);
		expect(uploads()).toHaveLength(4);
		expect(run.output.map(({ json, pairedItem }) => [json.linkName, pairedItem])).toEqual([
			['Priya Sharma', { item: 0 }],
			['Anna Sharma-Lee', { item: 0 }],
			['Priya Sharma', { item: 1 }],
			['Anna Sharma-Lee', { item: 1 }],
		]);
	});

	// An expression in a toggle gives text when it reads a field ("true" from a sheet or a form).
	test('Upload Once per Record from an expression that gives the text "true": one upload per key in Record Keys', async () => {
		const run = await upload({ uploadOncePerRecord: '={{ $json.once }}', recordKeys: 'C7pQ2mLk9Zx; F2hJ6kLp4Qw', recordKey: picked('list', 'D8rS3nMl0Ay') }, [
			{ json: { once: 'true' }, files: { data: pdf } },
		]);

		expect(run.error).toBeUndefined();
		expect(uploads().map((request) => request.fields)).toEqual([[['contact_keys', 'C7pQ2mLk9Zx']], [['contact_keys', 'F2hJ6kLp4Qw']]]);
	});

	test('Upload Once per Record from an expression that gives the text "false": one upload to the picked record', async () => {
		const run = await upload({ uploadOncePerRecord: '={{ $json.once }}', recordKeys: 'C7pQ2mLk9Zx; F2hJ6kLp4Qw', recordKey: picked('list', 'D8rS3nMl0Ay') }, [
			{ json: { once: 'false' }, files: { data: pdf } },
		]);

		expect(run.error).toBeUndefined();
		expect(uploads().map((request) => request.fields)).toEqual([[['contact_keys', 'D8rS3nMl0Ay']]]);
	});

	test('Upload Once per Record from an expression that gives neither true nor false is refused, nothing sent', async () => {
		const run = await upload({ uploadOncePerRecord: '={{ $json.once }}', recordKeys: 'C7pQ2mLk9Zx', recordKey: picked('list', 'D8rS3nMl0Ay') }, [
			{ json: { once: 'perhaps' }, files: { data: pdf } },
		]);

		expect(run.error?.message).toBe("Invalid input for 'Upload Once per Record' [item 0]");
		expect(sandbox.requests).toEqual([]);
	});

	test('with Continue On Fail, an item with an unknown key fails alone', async () => {
		const run = await upload({ recordKey: picked('key', '={{ $json.key }}') }, [
			{ json: { key: 'C7pQ2mLk9Zx' }, files: { data: pdf } },
			{ json: { key: 'GONE0000000' }, files: { data: pdf } },
		], { continueOnFail: true });

		expect(run.output.map(({ json }) => json.linkKey ?? json.error)).toEqual([
			'C7pQ2mLk9Zx',
			'Record Key: Karbon has no contact with the key "GONE0000000", or this API application may not see it [item 1]',
		]);
		expect(uploads().map((request) => request.fields)).toEqual([[['contact_keys', 'C7pQ2mLk9Zx']]]);
	});

	test('a plain text key, as an AI agent or an older export gives it, is read and used', async () => {
		const run = await upload({ linkTo: 'clientGroup', recordKey: 'G1qW3eR5tYu' });

		expect(run.error).toBeUndefined();
		expect(run.output[0].json).toMatchObject({ linkKey: 'G1qW3eR5tYu', linkName: 'Patel Group' });
	});

	test('a credential Karbon refuses fails the read, with the provider\'s answer, and nothing is uploaded', async () => {
		const run = await upload({ recordKey: picked('list', 'C7pQ2mLk9Zx') }, undefined, { credentials: KARBON_UNKNOWN_CREDENTIALS });

		expect(run.error?.message).toBe('Karbon refused the look-up of contact C7pQ2mLk9Zx (HTTP 401): Missing or invalid bearer token');
		expect(run.error?.description).toContain('Nothing was uploaded.');
		expect(uploads()).toEqual([]);
	});

	test('version 1 workflows keep their plain Record Key and send no read', async () => {
		const run = await runNode({
			type: 'karbonFiles',
			typeVersion: 1,
			parameters: { resource: 'file', operation: 'upload', linkTo: 'workItem', recordKey: 'RXq4mD62PXg' },
			credentials: { karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: sandbox.baseUrl } },
			items: [{ files: { data: pdf } }],
		});

		expect(run.error).toBeUndefined();
		expect(sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v3/Files']);
		expect(run.output[0].json.linkName).toBeUndefined();
	});
});
