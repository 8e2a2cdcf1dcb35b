import type { IDataObject, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { splitList } from '../../../shared/upload/binaryInput';
import { binaryInputFields, requestRateOption, uploadOptionsCollection } from '../../../shared/upload/descriptions';
import { inputError } from '../../../shared/upload/errors';
import { textParameter } from '../../../shared/upload/parameters';
import type { FilePolicy } from '../../../shared/upload/filePolicy';
import { eachFileToEachTarget, type UploadOperation, type UploadTarget } from '../../../shared/upload/uploadOperation';
import { KARBON_RECORD_KINDS, KARBON_WEB_URL, linkedRecord, recordKeyFromUrl, type KarbonLinkType } from '../../shared/records';
import { karbonApi } from '../../shared/transport';

/**
 * POST /v3/Files — a multipart body with the file in part `file` and exactly one link
 * field holding exactly one key (the plural field names notwithstanding).
 */
export const KARBON_LINK_FIELDS: Record<KarbonLinkType, string> = {
	contact: 'contact_keys',
	organization: 'organization_keys',
	clientGroup: 'client_group_keys',
	workItem: 'workitem_keys',
	integrationTask: 'integration_task_key',
};

const linkTypeByField = Object.fromEntries(
	Object.entries(KARBON_LINK_FIELDS).map(([linkType, field]) => [field, linkType]),
) as Record<string, KarbonLinkType>;

/** Karbon's page: executables, scripts and raw HTML are refused (answered with a 500). */
export const karbonFilePolicy: FilePolicy = {
	provider: 'Karbon',
	refusedTypes: {
		extensions: [
			'exe', 'msi', 'msp', 'com', 'scr', 'pif', 'dll', 'sys', 'cpl', 'bat', 'cmd', 'ps1', 'psm1',
			'vbs', 'vbe', 'js', 'jse', 'mjs', 'wsf', 'wsh', 'hta', 'jar', 'sh', 'bash', 'zsh', 'py',
			'pl', 'rb', 'php', 'asp', 'aspx', 'jsp', 'cgi', 'html', 'htm', 'xhtml', 'shtml', 'app',
			'apk', 'dmg', 'reg', 'lnk',
		],
		mimeTypes: [
			'application/x-msdownload', 'application/x-msdos-program', 'application/x-executable',
			'application/vnd.microsoft.portable-executable', 'application/x-msi', 'application/x-bat',
			'application/x-sh', 'text/x-shellscript', 'application/x-csh', 'application/javascript',
			'text/javascript', 'application/x-javascript', 'application/java-archive',
			'application/x-httpd-php', 'text/x-python', 'text/x-perl', 'text/x-ruby', 'text/html',
			'application/xhtml+xml', 'application/hta',
		],
		advice:
			'Karbon refuses executables, scripts and raw HTML. Add the file to a .zip archive (e.g. with the Compression node) and upload that instead.',
	},
};

/** Upload Once per Record, read alike where the keys are read and where they are split. */
const uploadsOncePerRecord = (ctx: Parameters<UploadOperation['plan']>[0]) => ctx.getNodeParameter('uploadOncePerRecord', false) === true;

/** One target per record key; several keys only when the user asked for one upload each. */
export function karbonLinkTargets(
	ctx: Parameters<UploadOperation['plan']>[0],
	body: IDataObject,
): UploadTarget[] {
	const linkFields = Object.keys(body).filter((field) => field in linkTypeByField);
	if (linkFields.length !== 1) {
		throw inputError(
			ctx,
			'Link To',
			`exactly one record type must be chosen, got ${linkFields.length}`,
			'Choose the one kind of record the file belongs to in "Link To".',
		);
	}
	const [field] = linkFields;
	const linkType = linkTypeByField[field];
	const keys = [...new Set(splitList(String(body[field] ?? '')))];
	const uploadOncePerRecord = uploadsOncePerRecord(ctx);

	if (keys.length === 0) {
		throw inputError(
			ctx,
			'Record Key',
			'the key is empty',
			`Enter the Karbon key of the ${linkType} the file belongs to, e.g. RXq4mD62PXg. If it comes from an expression, check that the previous node provides it for every item.`,
		);
	}
	if (keys.length > 1 && !uploadOncePerRecord) {
		throw inputError(
			ctx,
			'Record Key',
			`"${String(body[field]).trim()}" holds ${keys.length} keys, but one upload links to one record`,
			'Karbon links each upload to exactly one record. Enter a single key, or turn on "Upload Once per Record" to upload the file once for each key.',
		);
	}
	return keys.map((key) => ({ fields: { [field]: key }, describe: { linkType, linkKey: key } }));
}

/** Karbon allows about 120 requests a minute per account and application. */
const KARBON_CONCURRENCY = 2;
const KARBON_RATE_LIMIT = { requests: 120, intervalMs: 60_000 };

export const karbonUpload: UploadOperation = {
	provider: 'Karbon',
	api: karbonApi,
	defaultConcurrency: KARBON_CONCURRENCY,
	// Karbon sends no quota headers: the published rate, or the node's own cap.
	rateLimit: KARBON_RATE_LIMIT,
	policy: karbonFilePolicy,
	plan: async (ctx, files, routed) => {
		const targets = karbonLinkTargets(ctx, linkFieldOf(ctx));
		// From version 1.1 each key is read from Karbon first: a wrong key sends nothing.
		if (ctx.getNode().typeVersion >= 1.1) {
			for (const target of targets) {
				const { linkType, linkKey } = target.describe as { linkType: KarbonLinkType; linkKey: string };
				const record = await linkedRecord(ctx, karbonUpload, routed, linkType, linkKey);
				target.describe.linkName = String(record[KARBON_RECORD_KINDS[linkType].nameField] ?? '');
			}
		}
		return eachFileToEachTarget(targets, files, 'file');
	},
	toOutput: (response) => {
		// The OData context URL says nothing a workflow needs.
		const file = { ...response };
		delete file['@odata.context'];
		return file;
	},
};

/**
 * The link field the Link To choice names, holding the Record Key. Read here rather than
 * routed with `value: '={{$parameter.recordKey}}'`: RoutingNode evaluates a routed
 * expression twice per item, in an isolated VM, about 1 ms each (see docs/benchmarks.md).
 */
function linkFieldOf(ctx: Parameters<UploadOperation['plan']>[0]): IDataObject {
	const linkType = ctx.getNodeParameter('linkTo', 'contact') as KarbonLinkType;
	return { [KARBON_LINK_FIELDS[linkType]]: recordKeysOf(ctx, linkType) };
}

/**
 * The key or keys, as the node's version holds them: version 1 a plain text; from 1.1 a
 * record picked from a list, a key or a pasted address, or, with Upload Once per Record,
 * a list of keys in Record Keys.
 */
function recordKeysOf(ctx: Parameters<UploadOperation['plan']>[0], linkType: KarbonLinkType): string {
	if (ctx.getNode().typeVersion < 1.1) return textParameter(ctx, 'recordKey');
	if (uploadsOncePerRecord(ctx)) return textParameter(ctx, 'recordKeys');
	const locator = ctx.getNodeParameter('recordKey', '', { extractValue: false }) as INodeParameterResourceLocator | string;
	// A plain text, as an AI agent or an imported workflow may give, is a key.
	if (typeof locator !== 'object' || locator === null) return String(locator ?? '');
	const value = String(locator.value ?? '');
	return locator.mode === 'url' && value.trim() ? recordKeyFromUrl(ctx, value, linkType) : value;
}

const linkOption = (name: string, linkType: KarbonLinkType, description: string) => ({ name, value: linkType, description });

const VERSION_1 = { '@version': [1] };
const FROM_VERSION_1_1 = { '@version': [{ _cnd: { gte: 1.1 } }] };

const SEVERAL_KEYS_HINT = 'One or more keys, separated by commas, spaces or semicolons. The file is uploaded once per key.';

/** Version 1's Record Key, plain text; its hint follows Upload Once per Record, so two entries show one field. */
const recordKeyTextField = (uploadOncePerRecord: boolean): INodeProperties => ({
	displayName: 'Record Key',
	name: 'recordKey',
	type: 'string',
	default: '',
	required: true,
	placeholder: uploadOncePerRecord ? 'e.g. RXq4mD62PXg, 4ndqKBgWY3xq' : 'e.g. RXq4mD62PXg',
	description: 'The Karbon key of the record chosen in "Link To"',
	hint: uploadOncePerRecord ? SEVERAL_KEYS_HINT : 'One key. To attach the file to several records, turn on "Upload Once per Record".',
	displayOptions: { show: { uploadOncePerRecord: [uploadOncePerRecord], ...VERSION_1 } },
});

/** From version 1.1: the record picked by name, by key or by its address in Karbon, checked with Karbon before the upload. */
const recordPicker: INodeProperties = {
	displayName: 'Record Key',
	name: 'recordKey',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The record of the kind chosen in "Link To". Its key is checked with Karbon before anything is uploaded.',
	hint: 'To attach the file to several records, turn on "Upload Once per Record".',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Search by name…',
			typeOptions: { searchListMethod: 'searchRecords', searchable: true },
		},
		{
			displayName: 'By Key',
			name: 'key',
			type: 'string',
			placeholder: 'e.g. RXq4mD62PXg',
			validation: [
				{ type: 'regex', properties: { regex: '^\\s*\\S+\\s*$', errorMessage: 'A key has no spaces: enter the record\'s key, not its name, or choose From List' } },
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://app2.karbonhq.com/4mTp2XwQk9Lz#/contacts/RXq4mD62PXg',
			validation: [
				{ type: 'regex', properties: { regex: KARBON_WEB_URL, errorMessage: 'Paste the address of a contact, organization, client group or work item open in Karbon' } },
			],
		},
	],
	displayOptions: { show: { uploadOncePerRecord: [false], ...FROM_VERSION_1_1 } },
};

const properties: INodeProperties[] = [
	{
		displayName: 'Link To',
		name: 'linkTo',
		type: 'options',
		noDataExpression: true,
		default: 'contact',
		description: 'The kind of record the file is attached to. Karbon links every upload to exactly one record.',
		options: [
			linkOption('Client Group', 'clientGroup', 'Attach the file to a client group'),
			linkOption('Contact', 'contact', 'Attach the file to a contact (person)'),
			linkOption('Integration Task', 'integrationTask', 'Attach the file to an integration task'),
			linkOption('Organization', 'organization', 'Attach the file to an organization'),
			linkOption('Work Item', 'workItem', 'Attach the file to a work item'),
		],
	},
	recordKeyTextField(false),
	recordKeyTextField(true),
	recordPicker,
	{
		displayName: 'Record Keys',
		name: 'recordKeys',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. RXq4mD62PXg, 4ndqKBgWY3xq',
		description: 'The Karbon keys of the records chosen in "Link To". Each is checked with Karbon before anything is uploaded.',
		hint: SEVERAL_KEYS_HINT,
		displayOptions: { show: { uploadOncePerRecord: [true], ...FROM_VERSION_1_1 } },
	},
	{
		displayName: 'Karbon lets only approved integration partners list integration tasks. Without that approval, choose "By Key" and enter the task\'s key.',
		name: 'integrationTaskNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { linkTo: ['integrationTask'], uploadOncePerRecord: [false], ...FROM_VERSION_1_1 } },
	},
	{
		displayName: 'Upload Once per Record',
		name: 'uploadOncePerRecord',
		type: 'boolean',
		validateType: 'boolean',
		default: false,
		description:
			'Whether to upload the file once for each of several records (their keys separated by commas, spaces or semicolons), one output item each. Karbon cannot link one upload to several records.',
	},
	...binaryInputFields,
	uploadOptionsCollection(KARBON_CONCURRENCY, [requestRateOption('Karbon', 'about 120 a minute per API application')]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['file'], operation: ['upload'] } },
	properties,
);
