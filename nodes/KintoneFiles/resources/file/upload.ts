import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { UploadFile } from '../../../shared/upload/binaryInput';
import { binaryInputFields, uploadOptionsCollection } from '../../../shared/upload/descriptions';
import { runCredential } from '../../../shared/transport';
import { inputError } from '../../../shared/upload/errors';
import type { PlannedRequest, UploadOperation } from '../../../shared/upload/uploadOperation';
import { kintoneDomainProblem } from '../../shared/domain';
import { kintoneApi, kintonePath } from '../../shared/transport';

/** POST /k/v1/file.json — one part `file` per request; answers `{ fileKey }`. */
const MAX_API_TOKENS = 9;

type PlanContext = Parameters<UploadOperation['plan']>[0];

/** Checks run before any request: the credential's host and tokens, the guest space. */
export async function assertKintoneSettings(ctx: PlanContext): Promise<void> {
	const { data: credentials = {} } = await runCredential(ctx, kintoneApi);
	if (!credentials.baseUrlOverride) {
		const problem = kintoneDomainProblem(String(credentials.domain ?? ''));
		if (problem) throw inputError(ctx, 'Credential → Domain', problem, 'Fix the Domain of the Kintone credential.');
	}
	if (credentials.authType !== 'password') {
		const tokens = String(credentials.apiToken ?? '').split(',').filter((token) => token.trim());
		if (tokens.length === 0 || tokens.length > MAX_API_TOKENS) {
			throw inputError(
				ctx,
				'Credential → API Token(s)',
				tokens.length ? `${tokens.length} API tokens are given, Kintone takes at most ${MAX_API_TOKENS}` : 'no API token is given',
				'Enter one token per app the workflow touches, separated by commas (at most 9), or use a login name and password.',
			);
		}
	}
	const guestSpaceId = String((ctx.getNodeParameter('options', {}) as IDataObject).guestSpaceId ?? '').trim();
	if (guestSpaceId && !/^\d+$/.test(guestSpaceId)) {
		throw inputError(ctx, 'Guest Space ID', `"${guestSpaceId}" is not a space ID`, 'Enter the number from the guest space URL (…/k/guest/7/…), or leave it empty.');
	}
}

/** One request per file, as Kintone allows; each output carries the file's fileKey. */
export function eachFileAlone(files: UploadFile[]): PlannedRequest[] {
	return files.map((file) => ({
		fields: {},
		parts: [{ name: 'file', file }],
		describe: { fileName: file.fileName, mimeType: file.mimeType, size: file.byteLength, binaryField: file.binaryField },
	}));
}

/**
 * A Kintone domain takes 100 concurrent requests for the whole company, its other clients
 * included: a fifth of them. More barely shortens a run (n8n's own per-item work dominates;
 * npm run bench:sync) and would crowd out the domain's other clients.
 */
export const KINTONE_CONCURRENCY = 20;

/** A second file.json upload only leaves an unused fileKey, which Kintone deletes after 3 days. */
export const resendUpload = (request: PlannedRequest) => request;

export const kintoneUpload: UploadOperation = {
	provider: 'Kintone',
	// The credential's domain, also the host n8n's credential domain allow-list keeps allowed.
	api: kintoneApi,
	// POST /k/v1/file.json, or /k/guest/{space}/v1/file.json in a guest space.
	urlOf: (ctx) => kintonePath(ctx, 'file.json'),
	defaultConcurrency: KINTONE_CONCURRENCY,
	resendAfterUnknownOutcome: resendUpload,
	// Kintone documents no type list; 1 GB comes from a secondary source only, so it is not enforced.
	policy: { provider: 'Kintone' },
	async plan(ctx, files) {
		await assertKintoneSettings(ctx);
		return eachFileAlone(files);
	},
};

export const guestSpaceOption: INodeProperties = {
	displayName: 'Guest Space ID',
	name: 'guestSpaceId',
	type: 'string',
	default: '',
	placeholder: 'e.g. 7',
	description: 'For apps in a guest space: every call then goes to /k/guest/{ID}/v1/…',
};

const properties: INodeProperties[] = [
	{
		displayName: 'The fileKey is deleted by Kintone after 3 days unless a record uses it. To attach the file right away, use "Upload and Attach to Record".',
		name: 'uploadOnlyNotice',
		type: 'notice',
		default: '',
	},
	...binaryInputFields,
	uploadOptionsCollection(KINTONE_CONCURRENCY, [guestSpaceOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['upload'] } }, properties);
