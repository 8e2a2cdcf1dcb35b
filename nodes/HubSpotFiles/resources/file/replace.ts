import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryInputFields, uploadOptionsCollection } from '../../../shared/upload/descriptions';
import { inputError } from '../../../shared/upload/errors';
import type { PlannedRequest, UploadOperation } from '../../../shared/upload/uploadOperation';
import { checkFileOptions } from '../../shared/fileOptions';
import { signedUrlExpiryOf, signedUrlOptions, withSignedUrls } from '../../shared/signedUrl';
import { accessLevelOptions, charsetHunchOption, hubSpotRateOption, hubSpotUpload, normaliseFile } from './upload';

/**
 * PUT /files/v3/files/{fileId} (multipart): part `file`, `options` (FileReplaceOptions, JSON),
 * optional `charsetHunch`. The file keeps its id, so every link and note pointing at it
 * shows the new content. HubSpot's changelog says replace requires an access level, so one is
 * always sent.
 */
type PlanContext = Parameters<UploadOperation['plan']>[0];

/** The file to replace, from the picker: its numeric id. */
export function replacedFileId(ctx: PlanContext): string {
	const fileId = String(ctx.getNodeParameter('fileToReplace', '', { extractValue: true }) ?? '').trim();
	if (!/^\d+$/.test(fileId)) {
		throw inputError(
			ctx,
			'File to Replace',
			fileId ? `"${fileId}" is not a HubSpot file ID` : 'no file is chosen',
			'Pick the file from the list, enter its numeric ID, or paste its address from HubSpot\'s file manager (…showDetails=123456789…).',
		);
	}
	return fileId;
}

/** Replacing twice with the same content leaves the same file: safe to send again. */
const resendReplace = (request: PlannedRequest) => request;

export const hubSpotReplace: UploadOperation = {
	...hubSpotUpload,
	urlOf: (ctx) => `/files/v3/files/${replacedFileId(ctx)}`,
	resendAfterUnknownOutcome: resendReplace,
	plan: (ctx, files) => {
		if (files.length !== 1) {
			throw inputError(
				ctx,
				'Input Binary Field',
				`${files.length} files are selected, but one file replaces one file`,
				'Choose the one binary field that holds the new content.',
			);
		}
		const options = ctx.getNodeParameter('options', {}) as IDataObject;
		// An expression can give any access, or none: checked like the upload's, before sending.
		const { access } = checkFileOptions(ctx, 'filesV3', { access: ctx.getNodeParameter('replaceAccess', 'PRIVATE') }, () => 'Access');
		const fields: Record<string, string> = { options: JSON.stringify({ access }) };
		const charsetHunch = String(options.charsetHunch ?? '').trim();
		if (charsetHunch) fields.charsetHunch = charsetHunch;
		signedUrlExpiryOf(ctx);
		const [file] = files;
		return [{ fields, parts: [{ name: 'file', file }], describe: { replacedFileId: replacedFileId(ctx), binaryField: file.binaryField } }];
	},
	toOutput: (response, request) => normaliseFile(response, (JSON.parse(request.fields.options) as { access?: string }).access),
	afterUploads: async (ctx, uploaded, routed) => await withSignedUrls(ctx, hubSpotReplace, uploaded, routed),
};

const properties: INodeProperties[] = [
	{
		displayName: 'File to Replace',
		name: 'fileToReplace',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The file whose content is replaced. It keeps its ID, name and folder, so links to it show the new content.',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a file…',
				typeOptions: { searchListMethod: 'searchFiles', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 123456789',
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A file ID has only digits' } }],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'e.g. https://app.hubspot.com/files/4567890/?showDetails=123456789',
				// HubSpot's file manager names the file it shows in its address; no other form is documented.
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^https://app(?:-[a-z0-9]+)?\\.hubspot\\.com/files/\\d+/.*[?&]showDetails=\\d+',
							errorMessage: 'Paste the address of the file in HubSpot\'s file manager, with showDetails=<file ID> in it',
						},
					},
				],
				extractValue: { type: 'regex', regex: '[?&]showDetails=(\\d+)' },
			},
		],
	},
	...binaryInputFields,
	{
		displayName: 'Access',
		name: 'replaceAccess',
		type: 'options',
		default: 'PRIVATE',
		required: true,
		description: 'Who can open the file after the replacement; HubSpot asks for it on every replace',
		options: accessLevelOptions('filesV3'),
	},
	uploadOptionsCollection(hubSpotUpload.defaultConcurrency, [charsetHunchOption, hubSpotRateOption, ...signedUrlOptions]),
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['replace'] } }, properties);
