import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { binaryInputFields, uploadOptionsCollection } from '../../../shared/upload/descriptions';
import { inputError } from '../../../shared/upload/errors';
import { assertFileAllowed, extensionOf, type FilePolicy } from '../../../shared/upload/filePolicy';
import type { PlannedRequest, UploadOperation } from '../../../shared/upload/uploadOperation';
import { highLevelRateOption, highLevelUpload } from '../contact/uploadFiles';

/**
 * POST /medias/upload-file (multipart): `file`, or `hosted=true` with `fileUrl`; optional
 * `name` and `parentId` (the folder). The location comes from the token. Answers
 * `{ fileId, url }`.
 */
const MEDIA_MAX_BYTES = 25_000_000;
const VIDEO_MAX_BYTES = 500_000_000;

// HighLevel states sizes only ("25 MB", "500 MB for video"), read strictly as decimal units.
const mediaPolicy: FilePolicy = { provider: 'HighLevel', maxBytes: MEDIA_MAX_BYTES };
const videoPolicy: FilePolicy = { provider: 'HighLevel', maxBytes: VIDEO_MAX_BYTES };
const VIDEO_EXTENSIONS = new Set(['mp4', 'mov', 'm4v', 'avi', 'wmv', 'webm', 'mkv', 'mpeg', 'mpg']);

const isVideo = (file: { fileName: string; mimeType: string }) =>
	file.mimeType.toLowerCase().startsWith('video/') || VIDEO_EXTENSIONS.has(extensionOf(file.fileName));

type PlanContext = Parameters<UploadOperation['plan']>[0];

const fromUrl = (ctx: PlanContext) => ctx.getNodeParameter('mediaSource', 'binary') === 'url';

function folderIdOf(ctx: PlanContext): string | undefined {
	return String(ctx.getNodeParameter('mediaFolder', '', { extractValue: true }) ?? '').trim() || undefined;
}

function hostedFileUrl(ctx: PlanContext): string {
	const fileUrl = String(ctx.getNodeParameter('fileUrl', '') ?? '').trim();
	let parsed: URL | undefined;
	try {
		parsed = new URL(fileUrl);
	} catch {
		parsed = undefined;
	}
	if (!parsed || !['https:', 'http:'].includes(parsed.protocol)) {
		throw inputError(
			ctx,
			'File URL',
			fileUrl ? `"${fileUrl}" is not a web address` : 'the URL is empty',
			'Enter the public address HighLevel should fetch the file from, e.g. https://example.com/brochure.pdf.',
		);
	}
	return parsed.href;
}

export const highLevelMediaUpload: UploadOperation = {
	...highLevelUpload,
	readsBinary: (ctx) => !fromUrl(ctx),
	// Checked per file in plan: the limit depends on whether it is a video.
	policy: { provider: 'HighLevel' },
	plan: (ctx, files): PlannedRequest[] => {
		const name = String(ctx.getNodeParameter('mediaName', '') ?? '').trim();
		const parentId = folderIdOf(ctx);
		const common = { ...(parentId && { parentId }) };
		if (fromUrl(ctx)) {
			const fileUrl = hostedFileUrl(ctx);
			return [{ fields: { hosted: 'true', fileUrl, ...(name && { name }), ...common }, parts: [], describe: { fileUrl, ...(parentId && { folderId: parentId }) } }];
		}
		if (name && files.length > 1) {
			throw inputError(ctx, 'Name', `one name cannot be given to ${files.length} files`, 'Leave Name empty to keep each file its own name, or upload one binary field per item.');
		}
		for (const file of files) assertFileAllowed(ctx, file, isVideo(file) ? videoPolicy : mediaPolicy);
		return files.map((file) => ({
			fields: { name: name || file.fileName, ...common },
			parts: [{ name: 'file', file }],
			describe: { binaryField: file.binaryField, fileName: file.fileName, size: file.byteLength, ...(parentId && { folderId: parentId }) },
		}));
	},
	toOutput: (response: IDataObject) => ({ fileId: response.fileId, url: response.url }),
};

const properties: INodeProperties[] = [
	{
		displayName: 'Location ID',
		name: 'locationId',
		type: 'string',
		default: '',
		placeholder: 'e.g. quXmPY59n1zgGBabY1bZ',
		description: 'The sub-account whose folders the Folder list shows. Leave empty to use the credential\'s; the upload itself goes to the token\'s sub-account.',
	},
	{
		displayName: 'Folder',
		name: 'mediaFolder',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description: 'The media library folder; empty: the root',
		hint: 'HighLevel is reported to ignore the folder and put files in the root (its issue #186): check the library after the first run',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a folder…',
				typeOptions: { searchListMethod: 'searchMediaFolders', searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 6620f1c2a9b7e83d4c5f0a12' },
		],
	},
	{
		displayName: 'Name',
		name: 'mediaName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Spring brochure.pdf',
		description: 'Name in the media library; empty: the file\'s own name',
	},
	{
		displayName: 'Source',
		name: 'mediaSource',
		type: 'options',
		noDataExpression: true,
		default: 'binary',
		options: [
			{ name: 'Binary File', value: 'binary', description: 'Upload a binary file of the input item' },
			{ name: 'Hosted URL', value: 'url', description: 'Let HighLevel fetch the file from a public address' },
		],
	},
	{
		displayName: 'File URL',
		name: 'fileUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/brochure.pdf',
		displayOptions: { show: { mediaSource: ['url'] } },
	},
	{ ...binaryInputFields[0], displayOptions: { show: { mediaSource: ['binary'] } } },
	{ ...binaryInputFields[1], displayOptions: { show: { mediaSource: ['binary'], uploadAllBinaryFields: [false] } } },
	uploadOptionsCollection(highLevelUpload.defaultConcurrency, [highLevelRateOption]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['media'], operation: ['uploadToMediaLibrary'] } },
	properties,
);
