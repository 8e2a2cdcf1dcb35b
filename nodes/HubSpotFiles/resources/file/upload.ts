import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryInputFields, requestRateOption, uploadOptionsCollection } from '../../../shared/upload/descriptions';
import { quotaFromHeaders } from '../../../shared/upload/throttle';
import { inputError, type ProviderFailure } from '../../../shared/upload/errors';
import { eachFileToEachTarget, type PlannedRequest, type UploadOperation, type UploadTarget } from '../../../shared/upload/uploadOperation';
import { ACCESS_LEVELS, fileOptionsOf, type HubSpotEndpoint } from '../../shared/fileOptions';
import { signedUrlExpiryOf, signedUrlOptions, withSignedUrls } from '../../shared/signedUrl';
import { hubSpotApi } from '../../shared/transport';

/**
 * POST /files/v3/files (or the legacy POST /filemanager/api/v3/files/upload): part `file`,
 * `folderId` or `folderPath` (exactly one), `options` (JSON), optional `fileName` and
 * `charsetHunch`. One file per request.
 */
function folderField(ctx: Parameters<UploadOperation['plan']>[0]): Record<string, string> {
	const folder = ctx.getNodeParameter('folder', {}) as { mode?: string; value?: string };
	const value = String(folder.value ?? '').trim();
	if (folder.mode === 'path') {
		if (!value.startsWith('/')) {
			throw inputError(ctx, 'Folder', `the path "${value}" does not start with /`, 'Enter the folder path from the root, e.g. /invoices/2026. A missing folder is created by HubSpot.');
		}
		return { folderPath: value };
	}
	if (!/^\d+$/.test(value)) {
		throw inputError(
			ctx,
			'Folder',
			value ? `"${value}" is not a HubSpot folder ID` : 'no folder is chosen',
			'Pick the folder from the list, enter its numeric ID, or switch to "By Path" and enter a path such as /invoices.',
		);
	}
	return { folderId: value };
}

/**
 * The legacy file manager answers `{ objects: [file] }` with snake_case fields; v3 answers the
 * File. The legacy answer may carry no `access`, and its `hidden` / `is_indexable` cannot tell
 * a private file from a public, non-indexable one: then the access is the one the upload asked
 * for (`requestedAccess`), never one guessed from those flags.
 */
export function normaliseFile(response: IDataObject, requestedAccess?: string): IDataObject {
	const [legacy] = (response.objects as IDataObject[] | undefined) ?? [];
	if (!legacy) return response;
	const toIso = (time: unknown) => (typeof time === 'number' && time > 0 ? new Date(time).toISOString() : undefined);
	return {
		id: String(legacy.id),
		name: legacy.name,
		path: legacy.full_path ?? legacy.path,
		size: legacy.size,
		url: legacy.default_hosting_url ?? legacy.url ?? legacy.friendly_url,
		access: legacy.access ?? requestedAccess,
		extension: legacy.extension,
		type: legacy.type,
		parentFolderId: legacy.folder_id === undefined || legacy.folder_id === null ? undefined : String(legacy.folder_id),
		createdAt: toIso(legacy.created),
		updatedAt: toIso(legacy.updated),
		archived: legacy.archived ?? false,
	};
}

export function hubSpotUploadTarget(ctx: Parameters<UploadOperation['plan']>[0]): UploadTarget {
	const endpoint = ctx.getNodeParameter('endpoint', 'filesV3') as HubSpotEndpoint;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const fields: Record<string, string> = {
		...folderField(ctx),
		options: JSON.stringify(fileOptionsOf(ctx, endpoint)),
	};
	const fileName = String(options.fileName ?? '').trim();
	if (fileName) fields.fileName = fileName;
	const charsetHunch = String(options.charsetHunch ?? '').trim();
	if (charsetHunch) fields.charsetHunch = charsetHunch;
	return { fields, describe: {} };
}

/**
 * HubSpot allows private apps 100-190 requests per 10 s, which the pacer keeps to. The cap
 * only has to cover that rate times an upload's time: in n8n, with 80 ms of latency, about
 * 0.4 s per 200 KB upload (npm run bench:sync), so 10 in flight.
 */
const HUBSPOT_CONCURRENCY = 10;

/** The lowest published private-app rate; HubSpot's X-HubSpot-RateLimit-* headers then give the account's own. */
const HUBSPOT_RATE_LIMIT = { requests: 100, intervalMs: 10_000 };

/** X-HubSpot-RateLimit-Max, -Remaining and -Interval-Milliseconds, on every answer. */
const hubSpotQuota = quotaFromHeaders('x-hubspot-ratelimit-');

export const hubSpotRateOption = requestRateOption('HubSpot', '100 requests per 10 seconds for a private app');

/** HubSpot sends no Retry-After; its SDK waits by the policy the 429 names. */
export function hubSpotRateLimitWait(failure: ProviderFailure): number | undefined {
	const policy = String((failure.responseBody as IDataObject | undefined)?.policyName ?? '');
	if (policy === 'DAILY') return Infinity;
	// HubSpot's SDK waits 10 s for the rolling window; the interval header, when sent, says how long it is.
	const interval = hubSpotQuota(failure.responseHeaders ?? {}).intervalMs;
	if (policy === 'TEN_SECONDLY_ROLLING') return interval && interval > 0 ? interval / 1000 : 10;
	if (policy === 'SECONDLY') return 1;
	return undefined;
}

/**
 * After an unknown outcome, send again asking HubSpot to RETURN_EXISTING in the same folder:
 * a file that was stored comes back instead of a copy. Not when the user chose to overwrite
 * or to reject duplicates: then HubSpot would not answer with the stored file.
 */
export function resendReturningExisting(request: PlannedRequest): PlannedRequest | undefined {
	const options = JSON.parse(request.fields.options ?? '{}') as IDataObject;
	if (options.overwrite === true || options.duplicateValidationStrategy === 'REJECT') return undefined;
	const safe = { ...options, duplicateValidationStrategy: 'RETURN_EXISTING', duplicateValidationScope: options.duplicateValidationScope ?? 'EXACT_FOLDER' };
	return { ...request, fields: { ...request.fields, options: JSON.stringify(safe) } };
}

export const hubSpotUpload: UploadOperation = {
	provider: 'HubSpot',
	api: hubSpotApi,
	defaultConcurrency: HUBSPOT_CONCURRENCY,
	rateLimit: HUBSPOT_RATE_LIMIT,
	readQuota: hubSpotQuota,
	rateLimitWait: hubSpotRateLimitWait,
	resendAfterUnknownOutcome: resendReturningExisting,
	// HubSpot publishes no type list or size limit for the file manager.
	policy: { provider: 'HubSpot' },
	plan: (ctx, files) => {
		signedUrlExpiryOf(ctx);
		return eachFileToEachTarget([hubSpotUploadTarget(ctx)], files, 'file');
	},
	toOutput: (response, request) => normaliseFile(response, (JSON.parse(request.fields.options) as { access?: string }).access),
	afterUploads: async (ctx, uploaded, routed) => await withSignedUrls(ctx, hubSpotUpload, uploaded, routed),
};

/** HubSpot's access levels as options: PUBLIC_NOT_INDEXABLE → "Public Not Indexable". */
export const accessLevelOptions = (endpoint: HubSpotEndpoint) =>
	ACCESS_LEVELS[endpoint].map((value) => ({
		name: value
			.toLowerCase()
			.split('_')
			.map((word) => word[0].toUpperCase() + word.slice(1))
			.join(' '),
		value,
	}));

export const charsetHunchOption: INodeProperties = {
	displayName: 'Charset Hunch',
	name: 'charsetHunch',
	type: 'string',
	default: '',
	placeholder: 'e.g. utf-8',
	description: 'The character set of the file, when HubSpot should not guess it',
};

const accessOption = (endpoint: HubSpotEndpoint): INodeProperties => ({
	displayName: 'Access',
	name: 'access',
	type: 'options',
	default: 'PRIVATE',
	required: true,
	description: 'Who can open the file. Private files need a signed URL, which is the safe default.',
	displayOptions: { show: { endpoint: [endpoint], optionsInput: ['fields'] } },
	options: accessLevelOptions(endpoint),
});

/** The fields of both File operations; each operation file scopes them. */
export const uploadFields: INodeProperties[] = [
	{
		displayName: 'Folder',
		name: 'folder',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The folder the file goes into. Exactly one of folder ID or folder path is sent.',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a folder…',
				typeOptions: { searchListMethod: 'searchFolders', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 123456789',
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A folder ID has only digits' } }],
			},
			{
				displayName: 'By Path',
				name: 'path',
				type: 'string',
				placeholder: 'e.g. /invoices/2026',
				// Only a path can name the root, so the advice shows in this mode alone.
				hint: 'HubSpot discourages uploading into the root folder "/": enter a folder path such as /invoices',
				validation: [{ type: 'regex', properties: { regex: '^/.*', errorMessage: 'A folder path starts with /' } }],
			},
		],
	},
	...binaryInputFields,
	{
		displayName: 'Endpoint',
		name: 'endpoint',
		type: 'options',
		noDataExpression: true,
		default: 'filesV3',
		options: [
			{ name: 'Files V3', value: 'filesV3', description: 'POST /files/v3/files, the current API', routing: { request: { url: '/files/v3/files' } } },
			{
				name: 'Legacy File Manager',
				value: 'legacyFileManager',
				description: 'POST /filemanager/api/v3/files/upload, for portals and scripts that still use it',
				routing: { request: { url: '/filemanager/api/v3/files/upload' } },
			},
		],
	},
	{
		displayName: 'Options Input',
		name: 'optionsInput',
		type: 'options',
		noDataExpression: true,
		default: 'fields',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		description: 'How to give HubSpot\'s upload options; both are checked before anything is sent',
	},
	accessOption('filesV3'),
	accessOption('legacyFileManager'),
	{
		displayName: 'File Options',
		name: 'fileOptions',
		type: 'collection',
		placeholder: 'Add file option',
		default: {},
		displayOptions: { show: { optionsInput: ['fields'] } },
		options: [
			{
				displayName: 'Duplicate Validation Scope',
				name: 'duplicateValidationScope',
				type: 'options',
				default: 'EXACT_FOLDER',
				options: [
					{ name: 'Entire Portal', value: 'ENTIRE_PORTAL' },
					{ name: 'Exact Folder', value: 'EXACT_FOLDER' },
				],
				description: 'Where HubSpot looks for a duplicate',
			},
			{
				displayName: 'Duplicate Validation Strategy',
				name: 'duplicateValidationStrategy',
				type: 'options',
				default: 'NONE',
				options: [
					{ name: 'None', value: 'NONE', description: 'Upload without looking for a duplicate' },
					{ name: 'Reject', value: 'REJECT', description: 'Refuse the upload when a duplicate exists' },
					{ name: 'Return Existing', value: 'RETURN_EXISTING', description: 'Return the existing file instead of uploading' },
				],
			},
			{
				displayName: 'Overwrite',
				name: 'overwrite',
				type: 'boolean',
				validateType: 'boolean',
				default: false,
				description: 'Whether to replace a file with the same name, folder and type; otherwise HubSpot renames the new one (file-1.pdf)',
			},
			{
				displayName: 'TTL',
				name: 'ttl',
				type: 'string',
				default: '',
				placeholder: 'e.g. P3M',
				description: 'Delete the file after this ISO-8601 period, at most one year (P1Y, P12M, P52W)',
			},
		],
	},
	{
		displayName: 'Options (JSON)',
		name: 'optionsJson',
		type: 'json',
		default: '{\n  "access": "PRIVATE"\n}',
		displayOptions: { show: { optionsInput: ['json'] } },
		description:
			'FileUploadOptions: access (required), ttl, overwrite, duplicateValidationStrategy, duplicateValidationScope',
	},
	uploadOptionsCollection(HUBSPOT_CONCURRENCY, [charsetHunchOption, hubSpotRateOption, ...signedUrlOptions]),
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['upload'] } }, uploadFields);
