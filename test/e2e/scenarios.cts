import { patternBytes, sha256 } from '../harness/assertions';
import { exampleWorkflow } from '../e2e/workflows.cjs';
import { highLevelSandbox, HIGHLEVEL_CONTACT_ID, HIGHLEVEL_CREDENTIALS, HIGHLEVEL_FIELDS, type HighLevelSandbox } from '../sandboxes/highlevel.cjs';
import { hubSpotSandbox, HUBSPOT_TOKEN, type HubSpotSandbox } from '../sandboxes/hubspot.cjs';
import { karbonSandbox, KARBON_CREDENTIALS } from '../sandboxes/karbon.cjs';
import { kintoneSandbox, KINTONE_APP, KINTONE_TOKENS, type KintoneSandbox } from '../sandboxes/kintone.cjs';
import type { ReceivedFile, Sandbox } from '../sandboxes/sandbox.cjs';

/**
 * What the end-to-end suite and `npm run demo` share: the sandboxes, credentials pointing at
 * them, and per provider its example workflow adjusted to the sandbox, plus what arrived.
 */
export const DEMO_FILES = [
	{ name: 'invoice-2026-001.pdf', bytes: patternBytes(180_000, 11) },
	{ name: 'Angebot Müller – 見積.pdf', bytes: patternBytes(2_500_000, 12) },
];

export const expectedFiles = () =>
	DEMO_FILES.map((file) => ({ fileName: file.name, hash: sha256(file.bytes), mimeType: 'application/pdf' })).sort((a, b) => a.fileName.localeCompare(b.fileName));

export const arrivedFiles = (files: ReceivedFile[]) =>
	files.map(({ fileName, sha256: hash, mimeType }) => ({ fileName, hash, mimeType })).sort((a, b) => a.fileName.localeCompare(b.fileName));

export interface DemoSandboxes {
	karbon: Sandbox;
	hubSpot: HubSpotSandbox;
	kintone: KintoneSandbox;
	highLevel: HighLevelSandbox;
	all: Sandbox[];
}

export function createSandboxes(): DemoSandboxes {
	const karbon = karbonSandbox();
	const hubSpot = hubSpotSandbox();
	const kintone = kintoneSandbox();
	const highLevel = highLevelSandbox();
	return { karbon, hubSpot, kintone, highLevel, all: [karbon, hubSpot, kintone, highLevel] };
}

export function demoCredentials(sandboxes: DemoSandboxes) {
	return [
		{ id: 'karbonDemo', name: 'Karbon sandbox', type: 'karbonFilesApi', data: { ...KARBON_CREDENTIALS, baseUrl: sandboxes.karbon.baseUrl } },
		{ id: 'hubSpotDemo', name: 'HubSpot sandbox', type: 'hubSpotFilesApi', data: { privateAppToken: HUBSPOT_TOKEN, baseUrl: sandboxes.hubSpot.baseUrl } },
		{ id: 'kintoneDemo', name: 'Kintone sandbox', type: 'kintoneFilesApi', data: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: KINTONE_TOKENS.app12, testAppId: KINTONE_APP, baseUrlOverride: sandboxes.kintone.baseUrl } },
		{ id: 'highLevelDemo', name: 'HighLevel sandbox', type: 'highLevelFilesApi', data: { ...HIGHLEVEL_CREDENTIALS, baseUrl: sandboxes.highLevel.baseUrl } },
	];
}

/** Per provider: its example's node set up for the sandbox, and what the sandbox received. */
export interface ProviderUpload {
	provider: 'Karbon' | 'HubSpot' | 'Kintone' | 'HighLevel';
	example: string;
	credentialId: string;
	parameters?: Record<string, unknown>;
	drop?: string[];
	sandbox: Sandbox;
	/** The file parts the sandbox received. */
	received(): ReceivedFile[];
	/** One line saying what happened, for people. */
	summary(output: Array<Record<string, unknown>>): string;
}

export function providerUploads(sandboxes: DemoSandboxes): ProviderUpload[] {
	const fileParts = (sandbox: Sandbox) => sandbox.requests.flatMap((request) => request.files);
	const documents = HIGHLEVEL_FIELDS.find((field) => field.name === 'Documents')!.id;
	return [
		{
			provider: 'Karbon',
			example: 'karbon-files-upload.json',
			credentialId: 'karbonDemo',
			sandbox: sandboxes.karbon,
			received: () => fileParts(sandboxes.karbon),
			summary: (output) => `${output.length} files linked to work item ${String(output[0]?.linkKey)} (ids ${output.map((json) => json.Id).join(', ')})`,
		},
		{
			provider: 'HubSpot',
			example: 'hubspot-files-gmail-to-contact.json',
			credentialId: 'hubSpotDemo',
			parameters: { recordId: '51', noteBody: 'From the demo' },
			sandbox: sandboxes.hubSpot,
			received: () => fileParts(sandboxes.hubSpot),
			summary: () => `${sandboxes.hubSpot.files.length} files in /email-attachments, ${sandboxes.hubSpot.notes.length} notes on contact 51`,
		},
		{
			provider: 'Kintone',
			example: 'kintone-files-email-to-record.json',
			credentialId: 'kintoneDemo',
			parameters: { app: { __rl: true, mode: 'id', value: KINTONE_APP }, updateKeyField: 'CustomerCode', updateKeyValue: 'C-1042' },
			sandbox: sandboxes.kintone,
			received: () => fileParts(sandboxes.kintone),
			summary: () => {
				const names = (sandboxes.kintone.record(KINTONE_APP, '6')?.fields.Attachments.value as Array<{ name: string }>).map((file) => file.name);
				return `record 6 of app ${KINTONE_APP} now has ${names.length} attachments (${names.join(', ')})`;
			},
		},
		{
			provider: 'HighLevel',
			example: 'highlevel-files-form-uploads.json',
			credentialId: 'highLevelDemo',
			parameters: { contactId: HIGHLEVEL_CONTACT_ID, customField: { __rl: true, mode: 'id', value: documents } },
			drop: ['fieldMappings'],
			sandbox: sandboxes.highLevel,
			received: () => fileParts(sandboxes.highLevel),
			summary: (output) => `${output.length} uploads into the Documents field of contact ${HIGHLEVEL_CONTACT_ID}`,
		},
	];
}

export interface Scenario extends ProviderUpload {
	workflow: ReturnType<typeof exampleWorkflow>;
}

export function demoScenarios(sandboxes: DemoSandboxes, filesGlob: string, idSuffix = ''): Scenario[] {
	return providerUploads(sandboxes).map((upload) => ({
		...upload,
		workflow: exampleWorkflow({ ...upload, id: `${upload.credentialId}${idSuffix}`.slice(0, 21), filesGlob }),
	}));
}
