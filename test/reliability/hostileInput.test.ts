import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { patternBytes } from '../harness/assertions';
import { BINARY_MODES, runNode, type BinaryMode } from '../harness/engine.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import { highLevelSandbox, HIGHLEVEL_CONTACT_ID, HIGHLEVEL_CREDENTIALS, HIGHLEVEL_FIELDS } from '../sandboxes/highlevel.cjs';
import { hubSpotSandbox, HUBSPOT_TOKEN } from '../sandboxes/hubspot.cjs';
import { karbonSandbox, KARBON_CREDENTIALS } from '../sandboxes/karbon.cjs';
import { kintoneSandbox, KINTONE_TOKENS } from '../sandboxes/kintone.cjs';
import { type Sandbox, useSandboxes } from '../sandboxes/sandbox.cjs';

/**
 * Hostile and broken input, table-driven through the real engine. Every case ends either in
 * a correct request or in a clear error naming the item — never a TypeError, never a crash —
 * and a refused input sends nothing.
 */
const sandboxes = { karbon: karbonSandbox(), hubSpot: hubSpotSandbox(), kintone: kintoneSandbox(), highLevel: highLevelSandbox() };
useSandboxes(...(Object.values(sandboxes) as Sandbox[]));

const [PASSPORT, CONTRACTS, , DOCUMENTS] = HIGHLEVEL_FIELDS.map((field) => field.id);

interface NodeSetup {
	type: string;
	sandbox: () => Sandbox;
	credentials: () => Record<string, IDataObject>;
	parameters: INodeParameters;
}

const NODES: Record<string, NodeSetup> = {
	karbon: {
		type: 'karbonFiles',
		sandbox: () => sandboxes.karbon,
		credentials: () => ({ karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: sandboxes.karbon.baseUrl } }),
		parameters: { resource: 'file', operation: 'upload', linkTo: 'contact', recordKey: 'C1' },
	},
	hubSpot: {
		type: 'hubSpotFiles',
		sandbox: () => sandboxes.hubSpot,
		credentials: () => ({ hubSpotFilesApi: { privateAppToken: HUBSPOT_TOKEN, baseUrl: sandboxes.hubSpot.baseUrl } }),
		parameters: { resource: 'file', operation: 'upload', folder: { __rl: true, mode: 'id', value: '1000' } },
	},
	kintone: {
		type: 'kintoneFiles',
		sandbox: () => sandboxes.kintone,
		credentials: () => ({ kintoneFilesApi: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: KINTONE_TOKENS.app12, baseUrlOverride: sandboxes.kintone.baseUrl } }),
		parameters: { resource: 'file', operation: 'upload' },
	},
	highLevel: {
		type: 'highLevelFiles',
		sandbox: () => sandboxes.highLevel,
		credentials: () => ({ highLevelFilesApi: { ...HIGHLEVEL_CREDENTIALS, baseUrl: sandboxes.highLevel.baseUrl } }),
		parameters: { resource: 'contact', operation: 'uploadFilesToCustomFields', contactId: HIGHLEVEL_CONTACT_ID, customField: { __rl: true, mode: 'id', value: DOCUMENTS } },
	},
};

interface Case {
	name: string;
	node: keyof typeof NODES;
	parameters?: INodeParameters;
	items?: FixtureItem[];
	credentials?: IDataObject;
	binaryMode?: BinaryMode;
	/** `refused`: an error naming the item and no request; `sent`: requests arrived. */
	expect: 'refused' | 'sent';
	check?: (sandbox: Sandbox) => void;
}

const pdf = (fileName = 'doc.pdf', mimeType = 'application/pdf', bytes = patternBytes(300)) => ({ bytes, fileName, mimeType });
const one = (file = pdf()): FixtureItem[] => [{ files: { data: file } }];
const cases: Case[] = [];
const nodeNames = Object.keys(NODES) as Array<keyof typeof NODES>;

// Binaries missing, empty, nameless, over a limit — on every node, in both binary forms.
for (const node of nodeNames) {
	for (const binaryMode of BINARY_MODES) {
		const base = { node, binaryMode, expect: 'refused' as const };
		cases.push(
			{ ...base, name: 'binary field missing', parameters: { inputDataFieldName: 'nope' } },
			{ ...base, name: 'binary field named by an expression that resolves to nothing', parameters: { inputDataFieldName: '={{ $json.missing }}' } },
			{ ...base, name: 'binary field name only spaces', parameters: { inputDataFieldName: '={{ "   " }}' } },
			{ ...base, name: 'item without binary data', items: [{ json: { a: 1 } }] },
			{ ...base, name: 'zero-byte file', items: one(pdf('empty.pdf', 'application/pdf', Buffer.alloc(0))) },
			{ ...base, name: 'one File Name for two files', parameters: { uploadAllBinaryFields: true, options: { fileName: 'x.pdf' } }, items: [{ files: { a: pdf(), b: pdf() } }] },
			{ ...base, name: 'MIME Type option with a header injection', parameters: { options: { mimeType: 'application/pdf\r\nX-Injected: 1' } } },
			{ ...base, name: 'MIME Type option that is a bare word', parameters: { options: { mimeType: 'pdf' } } },
		);
	}
}

// Hostile filenames: sent, but stored under a safe name, with no header injected. Each with
// the name that must arrive, written out (a double quote travels as %22, as browsers send it).
const HOSTILE_NAMES: Array<[string, string]> = [
	['line\r\nbreak.pdf', 'linebreak.pdf'],
	['Content-Type: text/html\r\n\r\n.pdf', 'html.pdf'], // the part before the slash is taken for a folder
	['quote"d.pdf', 'quote%22d.pdf'],
	["single'quote.pdf", "single'quote.pdf"],
	['../../etc/passwd.pdf', 'passwd.pdf'],
	['..\\..\\windows\\win.ini.pdf', 'win.ini.pdf'],
	['nul\u0000byte.pdf', 'nulbyte.pdf'],
	[`${'a'.repeat(1000)}.pdf`, `${'a'.repeat(251)}.pdf`],
	['emoji 📄✅.pdf', 'emoji 📄✅.pdf'],
	['   padded   .pdf', 'padded   .pdf'],
	['del\u007fchar.pdf', 'delchar.pdf'],
	// Every direction mark, each of which can make "…exe" look like "…pdf".
	['lrm\u200Emark.pdf', 'lrmmark.pdf'],
	['rtl \u200Fmark.pdf', 'rtl mark.pdf'],
	['lre\u202Aembed.pdf', 'lreembed.pdf'],
	['rle\u202Bembed.pdf', 'rleembed.pdf'],
	['pdf\u202Cpop.pdf', 'pdfpop.pdf'],
	['lro\u202Doverride.pdf', 'lrooverride.pdf'],
	['invoice\u202Efdp.pdf', 'invoicefdp.pdf'],
	['lri\u2066isolate.pdf', 'lriisolate.pdf'],
	['rli\u2067isolate.pdf', 'rliisolate.pdf'],
	['fsi\u2068isolate.pdf', 'fsiisolate.pdf'],
	['pdi\u2069isolate.pdf', 'pdiisolate.pdf'],
];
for (const node of nodeNames) {
	for (const [name, arrives] of HOSTILE_NAMES) {
		cases.push({
			name: `filename ${JSON.stringify(name.slice(0, 40))}`,
			node,
			items: one(pdf(name)),
			expect: 'sent',
			check: (sandbox) => {
				const arrived = sandbox.requests.flatMap((request) => request.files.map((file) => file.fileName));
				expect(arrived).toEqual([arrives]);
				for (const request of sandbox.requests) expect(request.headers['x-injected']).toBeUndefined();
			},
		});
	}
}

// The same names once more with the binary inline (base64 in the item).
for (const [name, arrives] of HOSTILE_NAMES) {
	cases.push({ name: `filename ${JSON.stringify(name.slice(0, 40))}`, node: 'karbon', binaryMode: 'inline', items: one(pdf(name)), expect: 'sent', check: (s) => expect(s.requests[0].files[0].fileName).toBe(arrives) });
}

// MIME types with parameters pass as given; a broken type from the binary falls back.
for (const node of ['karbon', 'hubSpot', 'kintone'] as const) {
	cases.push(
		{ name: 'MIME type with parameters', node, items: one(pdf('a.txt', 'text/plain; charset=utf-8')), expect: 'sent', check: (s) => expect(s.requests[0].files[0].mimeType).toBe('text/plain') },
		{ name: 'binary MIME type with a header injection falls back to octet-stream', node, items: one(pdf('a.bin', 'text/plain\r\nX-Injected: 1')), expect: 'sent', check: (s) => expect(s.requests[0].files[0].mimeType).toBe('application/octet-stream') },
	);
}
cases.push({ name: 'binary MIME type that is not one is refused by the allow-list', node: 'highLevel', items: one(pdf('a.pdf', 'pdf\r\nX: 1')), expect: 'refused' });

// Keys: empty, whitespace, several, very long.
for (const recordKey of ['', '   ', '\t', 'A,B', 'A B', 'A;B', 'A\nB', ' , ']) {
	cases.push({ name: `Karbon record key ${JSON.stringify(recordKey)}`, node: 'karbon', parameters: { recordKey: `={{ ${JSON.stringify(recordKey)} }}` }, expect: 'refused' });
}
cases.push({ name: 'Karbon record key 5,000 characters long', node: 'karbon', parameters: { recordKey: 'K'.repeat(5000) }, expect: 'sent', check: (s) => expect(s.requests[0].fields).toEqual([['contact_keys', 'K'.repeat(5000)]]) });
for (const contactId of ['', '   ']) cases.push({ name: `HighLevel contact id ${JSON.stringify(contactId)}`, node: 'highLevel', parameters: { contactId: `={{ ${JSON.stringify(contactId)} }}` }, expect: 'refused' });
for (const recordId of ['', ' ', 'abc', '1 2', '-1', '1e3']) {
	cases.push({ name: `Kintone record id ${JSON.stringify(recordId)}`, node: 'kintone', parameters: { operation: 'uploadAndAttach', app: { __rl: true, mode: 'id', value: '12' }, attachmentField: { __rl: true, mode: 'id', value: 'Attachments' }, recordId: `={{ ${JSON.stringify(recordId)} }}` }, expect: 'refused' });
}
for (const recordId of ['', '  ']) cases.push({ name: `HubSpot record id ${JSON.stringify(recordId)}`, node: 'hubSpot', parameters: { operation: 'uploadAndAttach', recordType: 'contact', recordId: `={{ ${JSON.stringify(recordId)} }}` }, expect: 'refused' });

// Options JSON, hostile or broken.
const deep = `{"access":"PRIVATE","ttl":${'{"a":'.repeat(500)}1${'}'.repeat(500)}}`;
const OPTIONS_JSON = [
	'', '{', '}', 'null', '[]', '1', '"PRIVATE"', 'true', '{access: PRIVATE}', "{'access':'PRIVATE'}",
	'{"__proto__":{"access":"PRIVATE"}}', '{"access":"PRIVATE","__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"x":1}}}',
	deep, `{"access":"PRIVATE","pad":"${'x'.repeat(1_000_000)}"}`, '{"access":"PRIVATE","ttl":"P13M"}', '{"access":["PRIVATE"]}',
	'{"access":"private"}', '{"access":"PRIVATE","overwrite":"true"}', '{"access":"PRIVATE","duplicateValidationScope":"WORLD"}',
];
for (const optionsJson of OPTIONS_JSON) {
	cases.push({ name: `HubSpot options JSON ${JSON.stringify(optionsJson.slice(0, 40))}`, node: 'hubSpot', parameters: { optionsInput: 'json', optionsJson }, expect: 'refused' });
}
cases.push({ name: 'HubSpot options JSON valid after all that', node: 'hubSpot', parameters: { optionsInput: 'json', optionsJson: '{"access":"PRIVATE","ttl":"P1Y"}' }, expect: 'sent', check: () => expect(({} as IDataObject).polluted).toBeUndefined() });

// TTLs.
for (const ttl of ['P13M', 'P2Y', 'P400D', 'P53W', 'P1Y1D', 'P12M1D', 'P367D', 'PT1H', '-P1M', 'P1.5Y', 'P', 'p3m', '3 months', 'P3M ', 'P0D', '1Y']) {
	cases.push({ name: `TTL ${JSON.stringify(ttl)}`, node: 'hubSpot', parameters: { fileOptions: { ttl } }, expect: ttl === 'P3M ' ? 'sent' : 'refused' });
}

// Kintone domains and tokens.
for (const domain of ['evil.com/x', 'example.kintone.com/k/1', 'http://example.kintone.com', 'https://example.kintone.com', '127.0.0.1', '[::1]', 'user@example.kintone.com', 'example.kintone.com:444', 'example.kintone.com.evil.com', 'kintone.com', '', 'exa mple.kintone.com', 'example.kintone.com\r\nX: 1']) {
	cases.push({ name: `Kintone domain ${JSON.stringify(domain)}`, node: 'kintone', credentials: { domain, baseUrlOverride: '' }, expect: 'refused' });
}
for (const count of [10, 20]) cases.push({ name: `${count} Kintone tokens`, node: 'kintone', credentials: { apiToken: Array.from({ length: count }, (_, i) => `t${i}`).join(',') }, expect: 'refused' });
cases.push({ name: 'no Kintone token', node: 'kintone', credentials: { apiToken: ' , ' }, expect: 'refused' });
cases.push({ name: 'Kintone guest space that is not a number', node: 'kintone', parameters: { options: { guestSpaceId: '7/../../x' } }, expect: 'refused' });

// HighLevel field limits.
const many = (count: number): FixtureItem[] => [{ files: Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}`, pdf(`f${i}.pdf`)])) }];
cases.push(
	{ name: 'HighLevel 2 files into a one-file field', node: 'highLevel', parameters: { uploadAllBinaryFields: true, customField: { __rl: true, mode: 'id', value: PASSPORT } }, items: many(2), expect: 'refused' },
	{ name: 'HighLevel 6 files into a 5-file field', node: 'highLevel', parameters: { uploadAllBinaryFields: true, customField: { __rl: true, mode: 'id', value: CONTRACTS } }, items: many(6), expect: 'refused' },
	{ name: 'HighLevel 11 files into a 10-file field', node: 'highLevel', parameters: { uploadAllBinaryFields: true }, items: many(11), expect: 'refused' },
	{ name: 'HighLevel 10 files into a 10-file field', node: 'highLevel', parameters: { uploadAllBinaryFields: true }, items: many(10), expect: 'sent', check: (s) => expect(s.requests.filter((r) => r.files.length)[0].files).toHaveLength(10) },
	{ name: 'HighLevel file of 50,000,001 bytes', node: 'highLevel', items: one(pdf('big.pdf', 'application/pdf', Buffer.alloc(50_000_001))), expect: 'refused' },
);

test('the table has at least 200 cases', () => expect(cases.length).toBeGreaterThanOrEqual(200));

test.each(cases.map((testCase) => [`${testCase.node}: ${testCase.name}${testCase.binaryMode ? ` (${testCase.binaryMode})` : ''}`, testCase] as const))('%s', async (_name, testCase) => {
	const setup = NODES[testCase.node];
	const sandbox = setup.sandbox();
	const credentials = setup.credentials();
	const [credentialType] = Object.keys(credentials);
	const run = await runNode({
		type: setup.type,
		parameters: { ...setup.parameters, ...testCase.parameters },
		credentials: { [credentialType]: { ...credentials[credentialType], ...testCase.credentials } as ICredentialDataDecryptedObject },
		items: testCase.items ?? one(),
		binaryMode: testCase.binaryMode,
	}).catch((error: Error) => ({ error, output: [] }));

	const uploads = sandbox.requests.filter((request) => request.files.length > 0);
	if (testCase.expect === 'refused') {
		expect(run.error).toBeDefined();
		expect(run.error?.message).not.toMatch(/TypeError|Cannot read|undefined is not|is not a function/);
		expect(run.error?.message).toMatch(/\[item \d+\]|has issues|is not a|starts with/);
		expect(uploads).toHaveLength(0);
	} else {
		expect(run.error).toBeUndefined();
		expect(uploads.length).toBeGreaterThan(0);
		testCase.check?.(sandbox);
	}
});
