import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { patternBytes, serialiseRun } from '../harness/assertions';
import { runNode } from '../harness/engine.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import { highLevelSandbox, HIGHLEVEL_CONTACT_ID, HIGHLEVEL_CREDENTIALS, HIGHLEVEL_FIELDS } from '../sandboxes/highlevel.cjs';
import { hubSpotSandbox, HUBSPOT_TOKEN } from '../sandboxes/hubspot.cjs';
import { karbonSandbox, KARBON_CREDENTIALS } from '../sandboxes/karbon.cjs';
import { kintoneSandbox, KINTONE_BASIC, KINTONE_LOGIN, KINTONE_TOKENS } from '../sandboxes/kintone.cjs';
import { type Fault, type ReceivedRequest, type Sandbox, useSandboxes } from '../sandboxes/sandbox.cjs';

const [karbon, hubSpot, kintone, highLevel] = useSandboxes(karbonSandbox(), hubSpotSandbox(), kintoneSandbox(), highLevelSandbox());

const items = (count: number): FixtureItem[] =>
	Array.from({ length: count }, (_, i) => ({ files: { data: { bytes: patternBytes(100_000, i + 1), fileName: `doc-${i}.pdf`, mimeType: 'application/pdf' } } }));

/** A provider that echoes the request's headers (credentials included) in its error body. */
const echoHeaders = (request: ReceivedRequest) => ({ status: 400, body: { message: `Bad request. You sent: ${JSON.stringify(request.headers)}` } });

describe('secrets never appear in output, errors or error bodies', () => {
	const kintoneCredentials = { domain: 'example.kintone.com', authType: 'password', ...KINTONE_LOGIN, basicAuth: true, ...KINTONE_BASIC, baseUrlOverride: '' };
	test.each<[string, Sandbox, string, () => ICredentialDataDecryptedObject, INodeParameters, string[]]>([
		['Karbon', karbon, 'karbonFiles', () => ({ karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: karbon.baseUrl } }), { resource: 'file', operation: 'upload', linkTo: 'contact', recordKey: 'C1' }, Object.values(KARBON_CREDENTIALS)],
		['HubSpot', hubSpot, 'hubSpotFiles', () => ({ hubSpotFilesApi: { privateAppToken: HUBSPOT_TOKEN, baseUrl: hubSpot.baseUrl } }), { resource: 'file', operation: 'upload', folder: { __rl: true, mode: 'id', value: '1000' } }, [HUBSPOT_TOKEN]],
		[
			'Kintone (login + Basic)',
			kintone,
			'kintoneFiles',
			() => ({ kintoneFilesApi: { ...kintoneCredentials, baseUrlOverride: kintone.baseUrl } }),
			{ resource: 'file', operation: 'upload' },
			[KINTONE_LOGIN.password, KINTONE_BASIC.basicAuthPassword, Buffer.from(`${KINTONE_LOGIN.username}:${KINTONE_LOGIN.password}`).toString('base64'), Buffer.from(`${KINTONE_BASIC.basicAuthUser}:${KINTONE_BASIC.basicAuthPassword}`).toString('base64')],
		],
		[
			'HighLevel',
			highLevel,
			'highLevelFiles',
			() => ({ highLevelFilesApi: { ...HIGHLEVEL_CREDENTIALS, baseUrl: highLevel.baseUrl } }),
			{ resource: 'contact', operation: 'uploadFilesToCustomFields', contactId: HIGHLEVEL_CONTACT_ID, customField: { __rl: true, mode: 'id', value: HIGHLEVEL_FIELDS[3].id } },
			[HIGHLEVEL_CREDENTIALS.privateIntegrationToken],
		],
	])('%s: an error body echoing the request headers is redacted', async (_provider, sandbox, type, credentials, parameters, secrets) => {
		sandbox.forceReplies(echoHeaders);
		for (const continueOnFail of [false, true]) {
			const run = await runNode({ type, parameters, credentials: credentials() as Record<string, ICredentialDataDecryptedObject>, items: items(1), continueOnFail });
			const recorded = serialiseRun(run);
			expect(recorded).toContain('You sent:');
			expect(recorded).toContain('***');
			for (const secret of secrets) expect(recorded).not.toContain(secret);
			sandbox.forceReplies(echoHeaders);
		}
	});
});

describe('faults: a clear error per item; Continue On Fail keeps the others going; nothing reported that was not stored', () => {
	const credentials = () => ({ karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: karbon.baseUrl } });
	const parameters: INodeParameters = { resource: 'file', operation: 'upload', linkTo: 'contact', recordKey: 'C1', requestOptions: { timeout: 1500 } };

	test.each<[Fault, RegExp]>([
		['reset', /Karbon refused the upload of "doc-\d\.pdf" \(no answer\): (ECONNRESET|EPIPE|socket hang up)/],
		['stall', /Karbon refused the upload of "doc-\d\.pdf" \(no answer\): (ECONNABORTED|ETIMEDOUT|timeout)/i],
		['closeEarly', /Karbon refused the upload of "doc-\d\.pdf" \(no answer\): (ECONNRESET|socket hang up)/],
		['invalidJson', /Karbon answered the upload of "doc-\d\.pdf" with something other than the JSON its API documents/],
		['html502', /Karbon refused the upload of "doc-\d\.pdf" \(HTTP 502\): an HTML page: "502 Bad Gateway"/],
	])('%s on one of 3 items', async (fault, message) => {
		karbon.injectFaults(fault);
		const run = await runNode({ type: 'karbonFiles', parameters, credentials: credentials(), items: items(3), continueOnFail: true });

		expect(run.error).toBeUndefined();
		const pairedIndex = (item: (typeof run.output)[number]) => (item.pairedItem as { item: number }).item;
		const failedItem = run.output.find((item) => item.json.error);
		expect(failedItem?.json.error).toMatch(message);
		expect(failedItem?.json.message).toMatch(/Not retried: Karbon may have stored the file/);
		// The other two items uploaded; the faulted one is not reported as uploaded.
		const uploaded = run.output.filter((item) => item.json.Id);
		expect(uploaded).toHaveLength(2);
		expect(new Set(uploaded.map(pairedIndex))).toEqual(new Set([0, 1, 2].filter((i) => i !== pairedIndex(failedItem!))));
	});
});

describe('unknown outcomes: sent again only where that cannot duplicate', () => {
	const kintoneCredentials = () => ({ kintoneFilesApi: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: KINTONE_TOKENS.app12, baseUrlOverride: kintone.baseUrl } });
	const hubSpotRun = (fileOptions: INodeParameters = {}) =>
		runNode({
			type: 'hubSpotFiles',
			parameters: { resource: 'file', operation: 'upload', folder: { __rl: true, mode: 'id', value: '1000' }, fileOptions },
			credentials: { hubSpotFilesApi: { privateAppToken: HUBSPOT_TOKEN, baseUrl: hubSpot.baseUrl } },
			items: items(1),
		});

	test('Kintone: a reset mid-body is sent again (a spare fileKey only expires) and the item succeeds', async () => {
		kintone.injectFaults('reset');
		const run = await runNode({ type: 'kintoneFiles', parameters: { resource: 'file', operation: 'upload' }, credentials: kintoneCredentials(), items: items(1) });

		expect(run.error).toBeUndefined();
		expect(kintone.requests).toHaveLength(2);
		expect(run.output).toHaveLength(1);
		expect(run.output[0].json.fileKey).toEqual(expect.any(String));
	});

	test('HubSpot: the file is stored but the answer lost; sent again with RETURN_EXISTING, it comes back once, no copy', async () => {
		hubSpot.injectFaults('lostAnswer');
		const run = await hubSpotRun();

		expect(run.error).toBeUndefined();
		expect(hubSpot.files).toHaveLength(1);
		const uploads = hubSpot.requests.filter((request) => request.files.length);
		expect(uploads.map((request) => JSON.parse(Object.fromEntries(request.fields).options))).toEqual([
			{ access: 'PRIVATE' },
			{ access: 'PRIVATE', duplicateValidationStrategy: 'RETURN_EXISTING', duplicateValidationScope: 'EXACT_FOLDER' },
		]);
		expect(run.output[0].json.id).toBe(hubSpot.files[0].id);
	});

	test('HubSpot with Overwrite on is not sent again after an unknown outcome', async () => {
		hubSpot.injectFaults('lostAnswer');
		const run = await hubSpotRun({ overwrite: true });

		expect(hubSpot.requests).toHaveLength(1);
		expect(run.error?.description).toMatch(/Not retried: HubSpot may have stored the file/);
	});

	test.each(['lostAnswer', 'html502'] as const)('HubSpot with Reject duplicates is not sent again after an unknown outcome (%s), not even as RETURN_EXISTING', async (fault) => {
		hubSpot.injectFaults(fault);
		const run = await hubSpotRun({ duplicateValidationStrategy: 'REJECT' });

		expect(hubSpot.requests).toHaveLength(1);
		expect(JSON.parse(Object.fromEntries(hubSpot.requests[0].fields).options)).toEqual({ access: 'PRIVATE', duplicateValidationStrategy: 'REJECT' });
		expect(run.error?.description).toMatch(/Not retried: HubSpot may have stored the file/);
	});

	test('Karbon: stored, answer lost, not sent again — the error says it may be stored', async () => {
		karbon.injectFaults('lostAnswer');
		const run = await runNode({ type: 'karbonFiles', parameters: { resource: 'file', operation: 'upload', linkTo: 'contact', recordKey: 'C1' }, credentials: { karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: karbon.baseUrl } }, items: items(1) });

		expect(karbon.requests).toHaveLength(1);
		expect(karbon.requests[0].status).toBe(201);
		expect(run.error?.description).toMatch(/Not retried: Karbon may have stored the file before the failure; check before running again/);
	});
});
