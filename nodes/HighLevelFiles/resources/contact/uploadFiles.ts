import { randomUUID } from 'node:crypto';
import type { IExecutePaginationFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { UploadFile } from '../../../shared/upload/binaryInput';
import { binaryInputFields, requestRateOption, uploadOptionsCollection } from '../../../shared/upload/descriptions';
import { quotaFromHeaders } from '../../../shared/upload/throttle';
import { oncePerRun, runCredential } from '../../../shared/transport';
import { inputError, readProviderFailure, type ProviderFailure } from '../../../shared/upload/errors';
import { textParameter } from '../../../shared/upload/parameters';
import type { FilePolicy } from '../../../shared/upload/filePolicy';
import { followUpRequest, type PlannedRequest, type UploadOperation } from '../../../shared/upload/uploadOperation';
import { customFieldsRequest, fileUploadFieldsIn, highLevelApi, locationIdOf, type HighLevelCustomField } from '../../shared/transport';

/**
 * POST /forms/upload-custom-files?contactId=&locationId= — one part per file, named
 * `<customFieldId>_<fileId>`; all files of an item go in one request.
 */
export const highLevelFilePolicy: FilePolicy = {
	provider: 'HighLevel',
	// The page says "50 MB" and not which: read strictly, 50,000,000 bytes (not 50 MiB), so
	// that no file HighLevel may refuse is sent.
	maxBytes: 50_000_000,
	allowedTypes: {
		extensions: ['pdf', 'docx', 'doc', 'jpg', 'jpeg', 'png', 'gif', 'csv', 'xlsx', 'xls', 'mp4', 'mpeg', 'zip', 'rar', 'txt', 'svg'],
		mimeTypes: [
			'application/pdf',
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'application/msword',
			'image/jpeg',
			'image/png',
			'image/gif',
			'text/csv',
			'application/csv',
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'application/vnd.ms-excel',
			'video/mp4',
			'video/mpeg',
			'audio/mpeg',
			'application/zip',
			'application/x-zip-compressed',
			'application/vnd.rar',
			'application/x-rar-compressed',
			'text/plain',
			'image/svg+xml',
		],
		label: 'PDF, DOCX, DOC, JPG, JPEG, PNG, GIF, CSV, XLSX, XLS, MP4, MPEG, ZIP, RAR, TXT, SVG',
		advice:
			'Both the file extension and the MIME type must be one of these; set the MIME Type option if the type was not detected, or put the file in a .zip archive (e.g. with the Compression node).',
	},
};

interface Mapping {
	binaryField?: string;
	/** A picker value; a plain ID in workflows saved before the mapping had a picker. */
	customFieldId?: string | { value?: unknown };
}

const mappedFieldId = (mapping?: Mapping) =>
	typeof mapping?.customFieldId === 'object' ? mapping.customFieldId?.value : mapping?.customFieldId;

function targetFieldOf(ctx: IExecutePaginationFunctions, file: UploadFile): string {
	const mappings = (ctx.getNodeParameter('fieldMappings.mappings', []) as Mapping[]) ?? [];
	const mapped = mappings.find((mapping) => mapping.binaryField?.trim() === file.binaryField);
	const fieldId = String(
		(mapped ? mappedFieldId(mapped) : ctx.getNodeParameter('customField', '', { extractValue: true })) ?? '',
	).trim();
	if (!fieldId && mapped) {
		throw inputError(
			ctx,
			'Binary Field Mappings → Custom Field',
			`the mapping of binary field "${file.binaryField}" names no custom field`,
			'Pick the file upload field for this binary field in its mapping, or remove the mapping.',
		);
	}
	if (!fieldId) {
		throw inputError(
			ctx,
			'Custom Field',
			`no custom field is chosen for binary field "${file.binaryField}"`,
			'Choose the contact\'s file upload field in "Custom Field", or map this binary field in "Binary Field Mappings".',
		);
	}
	// Whether it is one of the location's file upload fields is checked against the location's
	// own list (assertFieldLimits), not against a guessed shape of HighLevel's IDs.
	return fieldId;
}

/** The location's fields, or why they could not be read. */
type FieldLookup = { fields: HighLevelCustomField[] } | { notChecked: string };

/**
 * The location's file upload fields, read once per node run, or why they could not be read.
 * Without them the upload still goes (HighLevel itself refuses what breaks its fields), and the
 * output item says that the fields were not checked and why, instead of the check being
 * skipped unseen.
 */
async function knownFields(ctx: IExecutePaginationFunctions, routed: IHttpRequestOptions, locationId: string): Promise<FieldLookup> {
	return await oncePerRun(ctx, `highlevel fields ${locationId}`, async () =>
		// Through the account's throttle, like the uploads: it counts against the same limit.
		await followUpRequest(ctx, highLevelUpload, { options: routed }, { method: 'GET', ...customFieldsRequest(locationId) }, {
			what: `the look-up of the custom fields of location ${locationId}`,
			leaves: 'Nothing was uploaded.',
		}).then(
			(answer): FieldLookup => ({ fields: fileUploadFieldsIn(answer) }),
			(error): FieldLookup => {
				const failure = readProviderFailure(error);
				const scope = failure.status === 401 || failure.status === 403 ? ' The credential may lack the locations/customFields.readonly scope.' : '';
				// No status and no network code: n8n stopped the call itself (e.g. an OAuth2 token it could not refresh).
				const how = failure.status ? `HTTP ${failure.status}: ` : failure.code ? 'no answer: ' : '';
				return { notChecked: `HighLevel did not return the custom fields of location ${locationId} (${how}${failure.providerMessage}).${scope}` };
			},
		),
	);
}

/** Checks each field against the location's list; says whether it could, for the output item. */
async function assertFieldLimits(
	ctx: IExecutePaginationFunctions,
	routed: IHttpRequestOptions,
	locationId: string,
	filesByField: Map<string, UploadFile[]>,
): Promise<{ fieldsChecked: boolean; fieldsNotCheckedBecause?: string }> {
	const lookup = await knownFields(ctx, routed, locationId);
	if ('notChecked' in lookup) return { fieldsChecked: false, fieldsNotCheckedBecause: lookup.notChecked };
	const { fields } = lookup;
	for (const [fieldId, files] of filesByField) {
		const field = fields.find((candidate) => candidate.id === fieldId);
		if (!field) {
			throw inputError(
				ctx,
				'Custom Field',
				`"${fieldId}" is not a file upload field of the contacts of location ${locationId}`,
				`Pick one from the list, or enter a field's ID (not its name or key). The location's file upload fields are: ${fields.map((f) => `${f.name} (${f.id})`).join(', ') || 'none'}.`,
			);
		}
		const limit = field.isMultiFileAllowed ? field.maxFileLimit : 1;
		if (limit && files.length > limit) {
			throw inputError(
				ctx,
				'Custom Field',
				`"${field.name}" takes ${limit === 1 ? 'one file' : `at most ${limit} files`}, but ${files.length} are going to it (${files.map((f) => f.fileName).join(', ')})`,
				'Send fewer files per item, or map some binary fields to another field in "Binary Field Mappings".',
			);
		}
	}
	return { fieldsChecked: true };
}

/** HighLevel allows 100 requests per 10 s per location; the pacer keeps to it, the cap covers its rate times an upload's time (as HubSpot's). */
const HIGHLEVEL_CONCURRENCY = 10;
const HIGHLEVEL_RATE_LIMIT = { requests: 100, intervalMs: 10_000 };

/** X-RateLimit-Max, -Remaining and -Interval-Milliseconds, on every answer. */
const highLevelQuota = quotaFromHeaders('x-ratelimit-');

export const highLevelRateOption = requestRateOption('HighLevel', '100 requests per 10 seconds per location');

/** When HighLevel's window is used up, wait for the interval its headers name. */
export function highLevelRateLimitWait(failure: ProviderFailure): number | undefined {
	const interval = highLevelQuota(failure.responseHeaders ?? {}).intervalMs;
	return interval && interval > 0 ? interval / 1000 : undefined;
}

export const highLevelUpload: UploadOperation = {
	provider: 'HighLevel',
	api: highLevelApi,
	defaultConcurrency: HIGHLEVEL_CONCURRENCY,
	rateLimit: HIGHLEVEL_RATE_LIMIT,
	readQuota: highLevelQuota,
	rateLimitWait: highLevelRateLimitWait,
	policy: highLevelFilePolicy,
	// contactId and locationId are read here, not routed: a routed value expression costs two
	// evaluations per item in n8n's isolated VM, and the location falls back to the credential.
	async plan(ctx, files, routed): Promise<PlannedRequest[]> {
		const contactId = textParameter(ctx, 'contactId').trim();
		if (!contactId) {
			throw inputError(ctx, 'Contact ID', 'the contact ID is empty', 'Enter the ID of the contact the files belong to, e.g. dtEv6KtI27yF92YPm3Zz.');
		}
		const { data: credentials = {} } = await runCredential(ctx, highLevelApi);
		const locationId = locationIdOf(ctx.getNodeParameter('locationId', ''), credentials);
		if (!locationId) {
			throw inputError(
				ctx,
				'Location ID',
				'no location ID is known',
				'Enter the sub-account\'s Location ID in the node, or in the credential.',
			);
		}
		const filesByField = new Map<string, UploadFile[]>();
		for (const file of files) {
			const fieldId = targetFieldOf(ctx, file);
			filesByField.set(fieldId, [...(filesByField.get(fieldId) ?? []), file]);
		}
		const fieldCheck = await assertFieldLimits(ctx, routed, locationId, filesByField);

		const parts = [...filesByField].flatMap(([fieldId, fieldFiles]) =>
			fieldFiles.map((file) => ({ name: `${fieldId}_${randomUUID()}`, file, fieldId })),
		);
		return [
			{
				fields: {},
				qs: { contactId, locationId },
				parts,
				describe: {
					uploadedFiles: parts.map(({ file, fieldId }) => ({
						binaryField: file.binaryField,
						fileName: file.fileName,
						customFieldId: fieldId,
					})),
					...fieldCheck,
				},
			},
		];
	},
};

/** The FILE_UPLOAD field picker, for the main field and for each mapping. */
function fileUploadFieldPicker(name: string, description: string): INodeProperties {
	return {
		displayName: 'Custom Field',
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a file upload field…',
				typeOptions: { searchListMethod: 'searchFileUploadFields', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 8XgLVy2wJqsT0pHcRn5K',
				validation: [
					{ type: 'regex', properties: { regex: '^\\S+$', errorMessage: 'A custom field ID has no spaces: enter the ID, not the field\'s name' } },
				],
			},
		],
	};
}

const properties: INodeProperties[] = [
	{
		displayName: 'Contact ID',
		name: 'contactId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. dtEv6KtI27yF92YPm3Zz',
		description: 'The contact whose custom fields receive the files',
	},
	{
		displayName: 'Location ID',
		name: 'locationId',
		type: 'string',
		default: '',
		placeholder: 'e.g. quXmPY59n1zgGBabY1bZ',
		description: 'The sub-account of the contact. Leave empty to use the credential\'s.',
	},
	{
		...fileUploadFieldPicker('customField', 'The contact\'s file upload field the files go to'),
		hint: 'Only FILE_UPLOAD fields are listed. Binary Field Mappings below can send some files elsewhere.',
	},
	...binaryInputFields,
	{
		displayName: 'Binary Field Mappings',
		name: 'fieldMappings',
		type: 'fixedCollection',
		placeholder: 'Add mapping',
		default: {},
		typeOptions: { multipleValues: true },
		description: 'Send some binary fields to other custom fields, e.g. passport to one field and contract to another',
		options: [
			{
				displayName: 'Mapping',
				name: 'mappings',
				values: [
					{
						displayName: 'Binary Field',
						name: 'binaryField',
						type: 'string',
						default: '',
						placeholder: 'e.g. passport',
					},
					fileUploadFieldPicker('customFieldId', 'The file upload field this binary field goes to'),
				],
			},
		],
	},
	uploadOptionsCollection(HIGHLEVEL_CONCURRENCY, [highLevelRateOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['contact'], operation: ['uploadFilesToCustomFields'] } },
	properties,
);
