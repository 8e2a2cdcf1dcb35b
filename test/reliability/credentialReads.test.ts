import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { patternBytes } from '../harness/assertions';
import { runNode } from '../harness/engine.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import { HIGHLEVEL_CONTACT_ID, HIGHLEVEL_CREDENTIALS, HIGHLEVEL_FIELDS, highLevelSandbox } from '../sandboxes/highlevel.cjs';
import { HUBSPOT_TOKEN, hubSpotSandbox } from '../sandboxes/hubspot.cjs';
import { KARBON_CREDENTIALS, karbonSandbox } from '../sandboxes/karbon.cjs';
import { KINTONE_APP, KINTONE_TOKENS, kintoneSandbox } from '../sandboxes/kintone.cjs';

/**
 * In n8n every credential read is a database query plus a decryption. RoutingNode's own
 * send reads the credential again for each request; with 200 small files that was a fifth
 * of the node's time. The nodes read it once per run, however many items and requests.
 */
const sandboxes = { karbon: karbonSandbox(), hubSpot: hubSpotSandbox(), kintone: kintoneSandbox(), highLevel: highLevelSandbox() };
beforeAll(async () => void (await Promise.all(Object.values(sandboxes).map(async (sandbox) => await sandbox.start()))));
afterAll(async () => void (await Promise.all(Object.values(sandboxes).map(async (sandbox) => await sandbox.stop()))));
beforeEach(() => Object.values(sandboxes).forEach((sandbox) => sandbox.reset()));

const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });

interface Case {
	type: string;
	parameters: INodeParameters;
	credentials: () => Record<string, ICredentialDataDecryptedObject>;
	sandbox: { requests: Array<{ path: string; headers: Record<string, unknown> }>; reset(): void };
	/** The path of the upload request: one per item here. */
	uploadPath: string;
	/** The header that proves the request was authenticated. */
	authHeader: string;
}

const cases: Record<string, Case> = {
	'Karbon Files › Upload': {
		type: 'karbonFiles',
		parameters: { resource: 'file', operation: 'upload', linkTo: 'workItem', recordKey: 'RXq4mD62PXg' },
		credentials: () => ({ karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: sandboxes.karbon.baseUrl } }),
		sandbox: sandboxes.karbon,
		uploadPath: '/v3/Files',
		authHeader: 'accesskey',
	},
	'HubSpot Files › Upload and Attach (upload, then a note)': {
		type: 'hubSpotFiles',
		parameters: { resource: 'file', operation: 'uploadAndAttach', folder: rl('1000'), recordType: 'contact', recordId: '51' },
		credentials: () => ({ hubSpotFilesApi: { privateAppToken: HUBSPOT_TOKEN, baseUrl: sandboxes.hubSpot.baseUrl } }),
		sandbox: sandboxes.hubSpot,
		uploadPath: '/files/v3/files',
		authHeader: 'authorization',
	},
	'Kintone Files › Upload and Attach (upload, read the record, update it)': {
		type: 'kintoneFiles',
		parameters: { resource: 'file', operation: 'uploadAndAttach', app: rl(KINTONE_APP), recordBy: 'id', recordId: '6', attachmentField: rl('Attachments') },
		credentials: () => ({
			kintoneFilesApi: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: KINTONE_TOKENS.app12, baseUrlOverride: sandboxes.kintone.baseUrl },
		}),
		sandbox: sandboxes.kintone,
		uploadPath: '/k/v1/file.json',
		authHeader: 'x-cybozu-api-token',
	},
	'HighLevel Files › Upload Files to Custom Fields': {
		type: 'highLevelFiles',
		parameters: {
			resource: 'contact',
			operation: 'uploadFilesToCustomFields',
			contactId: HIGHLEVEL_CONTACT_ID,
			customField: rl(HIGHLEVEL_FIELDS[3].id, 'list'),
		},
		credentials: () => ({ highLevelFilesApi: { ...HIGHLEVEL_CREDENTIALS, baseUrl: sandboxes.highLevel.baseUrl } }),
		sandbox: sandboxes.highLevel,
		uploadPath: '/forms/upload-custom-files',
		authHeader: 'authorization',
	},
};

const items = (count: number): FixtureItem[] =>
	Array.from({ length: count }, (_, index) => ({
		files: { data: { bytes: patternBytes(3000, index + 1), fileName: `file-${index}.pdf`, mimeType: 'application/pdf' } },
	}));

describe.each(Object.entries(cases))('%s', (_, { type, parameters, credentials, sandbox, uploadPath, authHeader }) => {
	test('reads its credential as often for 12 items as for 1, and authenticates every request', async () => {
		const reads: number[] = [];
		for (const count of [1, 12]) {
			sandbox.reset();
			const run = await runNode({ type, parameters, credentials: credentials(), items: items(count) });

			expect(run.error).toBeUndefined();
			expect(run.output).toHaveLength(count);
			expect(sandbox.requests.filter((request) => request.path === uploadPath)).toHaveLength(count);
			for (const request of sandbox.requests) expect(request.headers[authHeader]).toEqual(expect.any(String));
			reads.push(run.credentialReads);
		}
		// RoutingNode reads it once to prepare the run, the node once for its requests.
		expect(reads).toEqual([2, 2]);
	});
});
