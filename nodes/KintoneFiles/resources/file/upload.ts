import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { UploadFile } from '../../../shared/upload/binaryInput';
import { binaryInputFields, uploadOptionsCollection } from '../../../shared/upload/descriptions';
import { runCredential } from '../../../shared/transport';
import { inputError } from '../../../shared/upload/errors';
import type { SharedLoad } from '../../../shared/upload/throttle';
import type { PlannedRequest, UploadOperation } from '../../../shared/upload/uploadOperation';
import { kintoneDomainProblem } from '../../shared/domain';
import { guestSpaceIdOf, kintoneApi, kintonePath } from '../../shared/transport';

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
	const guestSpaceId = guestSpaceIdOf(ctx);
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
 * A Kintone domain runs 100 REST requests at once for the whole company, and every answer says
 * how many it is running (X-ConcurrencyLimit-Limit and -Running). The node fills the room the
 * domain has, leaving a fifth of it to the company's other clients (Cybozu's own sample stops
 * at the limit less 20), and sends the first 20 before the domain has said anything.
 */
export const KINTONE_CONCURRENCY = 80;
const KINTONE_RESERVE = 20;
const KINTONE_FIRST_SLOTS = 20;
/** The domain's limit: the most the option allows. */
const KINTONE_DOMAIN_LIMIT = 100;

/** A count in a header: digits only (an empty header is no 0). */
const countIn = (header: unknown) => (typeof header === 'string' && /^\d+$/.test(header.trim()) ? Number(header) : undefined);

/** The domain's load from an answer's headers; undefined when a proxy dropped them. */
export function kintoneLoad(headers: Record<string, unknown>): SharedLoad | undefined {
	const limit = countIn(headers['x-concurrencylimit-limit']);
	const running = countIn(headers['x-concurrencylimit-running']);
	return limit && running !== undefined ? { limit, running } : undefined;
}

const kintoneConcurrency = {
	max: KINTONE_DOMAIN_LIMIT,
	description: `How many uploads and record calls to this Kintone domain may be in flight at once, shared by every run of this n8n process that uses the same credential (in queue mode: per worker). Fewer while the domain is busy: ${KINTONE_RESERVE} of its ${KINTONE_DOMAIN_LIMIT} concurrent requests (as each answer reports them) are left to the company's other clients.`,
};

/** A second file.json upload only leaves an unused fileKey, which Kintone deletes after 3 days. */
export const resendUpload = (request: PlannedRequest) => request;

export const kintoneUpload: UploadOperation = {
	provider: 'Kintone',
	// The credential's domain, also the host n8n's credential domain allow-list keeps allowed.
	api: kintoneApi,
	// POST /k/v1/file.json, or /k/guest/{space}/v1/file.json in a guest space.
	urlOf: (ctx) => kintonePath(ctx, 'file.json'),
	defaultConcurrency: KINTONE_CONCURRENCY,
	sharedConcurrency: { read: kintoneLoad, reserve: KINTONE_RESERVE, startSlots: KINTONE_FIRST_SLOTS },
	resendAfterUnknownOutcome: resendUpload,
	// Kintone documents no type list; 1 GB comes from a secondary source only, so it is not enforced.
	policy: { provider: 'Kintone' },
	async plan(ctx, files) {
		await assertKintoneSettings(ctx);
		return eachFileAlone(files);
	},
};

const guestSpaceOption: INodeProperties = {
	displayName: 'Guest Space ID',
	name: 'guestSpaceId',
	type: 'string',
	default: '',
	placeholder: 'e.g. 7',
	description: 'For apps in a guest space: every call then goes to /k/guest/{ID}/v1/…',
};

/** The options of every Kintone upload operation. */
export const kintoneUploadOptions = uploadOptionsCollection(KINTONE_CONCURRENCY, [guestSpaceOption], kintoneConcurrency);

const properties: INodeProperties[] = [
	{
		displayName: 'The fileKey is deleted by Kintone after 3 days unless a record uses it. To attach the file right away, use "Upload and Attach to Record".',
		name: 'uploadOnlyNotice',
		type: 'notice',
		default: '',
	},
	...binaryInputFields,
	kintoneUploadOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['upload'] } }, properties);
