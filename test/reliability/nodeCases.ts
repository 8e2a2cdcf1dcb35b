import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { patternBytes } from '../harness/assertions';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import { HIGHLEVEL_CONTACT_ID, HIGHLEVEL_CREDENTIALS, HIGHLEVEL_FIELDS, highLevelSandbox } from '../sandboxes/highlevel.cjs';
import { HUBSPOT_TOKEN, hubSpotSandbox } from '../sandboxes/hubspot.cjs';
import { KARBON_CREDENTIALS, karbonSandbox } from '../sandboxes/karbon.cjs';
import { KINTONE_APP, KINTONE_TOKENS, kintoneSandbox } from '../sandboxes/kintone.cjs';

/**
 * One operation of each node that makes every kind of request the node makes (upload,
 * then a note or a record read and update), with the four sandboxes it talks to. Test files
 * that use it start and stop the sandboxes with `useSandboxes()`.
 */
export const sandboxes = { karbon: karbonSandbox(), hubSpot: hubSpotSandbox(), kintone: kintoneSandbox(), highLevel: highLevelSandbox() };

export function useSandboxes(): void {
	beforeAll(async () => void (await Promise.all(Object.values(sandboxes).map(async (sandbox) => await sandbox.start()))));
	afterAll(async () => void (await Promise.all(Object.values(sandboxes).map(async (sandbox) => await sandbox.stop()))));
	beforeEach(() => Object.values(sandboxes).forEach((sandbox) => sandbox.reset()));
}

const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });

export interface NodeCase {
	type: string;
	parameters: INodeParameters;
	/** Credential type → data, pointed at the sandbox; `extra` is merged into the data. */
	credentials: (extra?: ICredentialDataDecryptedObject) => Record<string, ICredentialDataDecryptedObject>;
	sandbox: { requests: Array<{ path: string; headers: Record<string, unknown> }>; reset(): void };
	/** The path of the upload request: one per item here. */
	uploadPath: string;
	/** The header that proves the request was authenticated. */
	authHeader: string;
}

export const nodeCases: Record<string, NodeCase> = {
	'Karbon Files › Upload': {
		type: 'karbonFiles',
		parameters: { resource: 'file', operation: 'upload', linkTo: 'workItem', recordKey: 'RXq4mD62PXg' },
		credentials: (extra) => ({ karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: sandboxes.karbon.baseUrl, ...extra } }),
		sandbox: sandboxes.karbon,
		uploadPath: '/v3/Files',
		authHeader: 'accesskey',
	},
	'HubSpot Files › Upload and Attach (upload, then a note)': {
		type: 'hubSpotFiles',
		parameters: { resource: 'file', operation: 'uploadAndAttach', folder: rl('1000'), recordType: 'contact', recordId: '51' },
		credentials: (extra) => ({ hubSpotFilesApi: { privateAppToken: HUBSPOT_TOKEN, baseUrl: sandboxes.hubSpot.baseUrl, ...extra } }),
		sandbox: sandboxes.hubSpot,
		uploadPath: '/files/v3/files',
		authHeader: 'authorization',
	},
	'Kintone Files › Upload and Attach (upload, read the record, update it)': {
		type: 'kintoneFiles',
		parameters: { resource: 'file', operation: 'uploadAndAttach', app: rl(KINTONE_APP), recordBy: 'id', recordId: '6', attachmentField: rl('Attachments') },
		credentials: (extra) => ({
			kintoneFilesApi: {
				domain: 'example.kintone.com',
				authType: 'apiToken',
				apiToken: KINTONE_TOKENS.app12,
				baseUrlOverride: sandboxes.kintone.baseUrl,
				...extra,
			},
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
		credentials: (extra) => ({ highLevelFilesApi: { ...HIGHLEVEL_CREDENTIALS, baseUrl: sandboxes.highLevel.baseUrl, ...extra } }),
		sandbox: sandboxes.highLevel,
		uploadPath: '/forms/upload-custom-files',
		authHeader: 'authorization',
	},
};

/** `count` items, each with one 3,000-byte PDF in `data`. */
export const pdfItems = (count: number): FixtureItem[] =>
	Array.from({ length: count }, (_, index) => ({
		files: { data: { bytes: patternBytes(3000, index + 1), fileName: `file-${index}.pdf`, mimeType: 'application/pdf' } },
	}));
