import type { DeclarativeRestApiSettings, IDataObject, IExecutePaginationFunctions, IExecuteSingleFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { numberOption } from '../../shared/upload/parameters';
import { followUpRequest, type UploadOperation } from '../../shared/upload/uploadOperation';

/**
 * GET /files/v3/files/{fileId}/signed-url?expirationSeconds=…: a link that lets anyone holding
 * it read a private file until it expires. HubSpot documents no default or maximum expiry, so
 * the node always sends one.
 */
export const DEFAULT_SIGNED_URL_EXPIRY_SECONDS = 3600;

export const signedUrlOptions: INodeProperties[] = [
	{
		displayName: 'Return Signed URL',
		name: 'returnSignedUrl',
		type: 'boolean',
		validateType: 'boolean',
		default: false,
		description:
			'Whether to ask HubSpot for a signed link to each uploaded file (signedUrl in the output): anyone holding it can open a private file until it expires, e.g. to email it',
	},
	{
		displayName: 'Signed URL Expiry (Seconds)',
		name: 'signedUrlExpirySeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_SIGNED_URL_EXPIRY_SECONDS,
		description: 'How long a signed link works, with Return Signed URL on',
	},
];

/**
 * The links' lifetime in whole seconds. The operations' plans read it too, so that one that is
 * not a number is refused before the upload, not after it, with the file stored and no link.
 */
export function signedUrlExpiryOf(ctx: IExecuteSingleFunctions): number {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	if (options.returnSignedUrl !== true) return DEFAULT_SIGNED_URL_EXPIRY_SECONDS;
	return Math.max(1, Math.floor(numberOption(ctx, options, 'signedUrlExpirySeconds', 'Signed URL Expiry (Seconds)', DEFAULT_SIGNED_URL_EXPIRY_SECONDS)));
}

/** Adds `signedUrl: { url, expiresAt }` to each uploaded file, when the option asks for it. */
export async function withSignedUrls(
	ctx: IExecutePaginationFunctions,
	operation: UploadOperation,
	uploaded: INodeExecutionData[],
	routed: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	if (options.returnSignedUrl !== true) return uploaded;
	const expirationSeconds = signedUrlExpiryOf(ctx);
	const signed: INodeExecutionData[] = [];
	const fileIds = uploaded.map(({ json }) => String(json.id)).join(', ');
	for (const item of uploaded) {
		const fileId = String(item.json.id);
		const answer = (await followUpRequest(
			ctx,
			operation,
			routed,
			{ method: 'GET', url: `/files/v3/files/${encodeURIComponent(fileId)}/signed-url`, qs: { expirationSeconds } },
			{
				what: `the signed URL of file ${fileId}`,
				leaves: `The files WERE uploaded (file ids ${fileIds}); only the signed link is missing. Ask for it again with the file id, or turn off Return Signed URL.`,
			},
		)) as IDataObject;
		signed.push({ ...item, json: { ...item.json, signedUrl: { url: answer.url, expiresAt: answer.expiresAt } } });
	}
	return signed;
}
