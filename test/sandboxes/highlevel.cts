import { Sandbox, type RateLimitRule, type ReceivedRequest, type Reply } from '../sandboxes/sandbox.cjs';

export const HIGHLEVEL_LOCATION_ID = 'quXmPY59n1zgGBabY1bZ';
export const HIGHLEVEL_CONTACT_ID = 'dtEv6KtI27yF92YPm3Zz';
export const HIGHLEVEL_CREDENTIALS = {
	privateIntegrationToken: 'pit-4f1d2c3b-9a8e-4e7f-b6a5-0c1d2e3f4a5b',
	locationId: HIGHLEVEL_LOCATION_ID,
};
/** An OAuth2 location token the sandbox also accepts. */
export const HIGHLEVEL_OAUTH_TOKEN = 'oauth-location-token-7c6b5a49';
/**
 * A token of the location without the locations.readonly scope. HighLevel documents no
 * answer for a missing scope; the sandbox gives the 401 seen from it in use.
 */
export const HIGHLEVEL_NO_LOCATION_SCOPE_TOKEN = 'pit-0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';

export const HIGHLEVEL_FIELDS = [
	{ id: 'fldPassport0000000001', name: 'Passport', dataType: 'FILE_UPLOAD', isMultiFileAllowed: false, maxFileLimit: 1 },
	{ id: 'fldContracts000000002', name: 'Contracts', dataType: 'FILE_UPLOAD', isMultiFileAllowed: true, maxFileLimit: 5 },
	{ id: 'fldNotes0000000000003', name: 'Notes', dataType: 'LARGE_TEXT' },
	{ id: 'fldDocuments000000004', name: 'Documents', dataType: 'FILE_UPLOAD', isMultiFileAllowed: true, maxFileLimit: 10 },
	// An ID of another shape, as a location's own list may give it.
	{ id: 'fld_Signed.Copy_0005', name: 'Signed copy', dataType: 'FILE_UPLOAD', isMultiFileAllowed: false, maxFileLimit: 1 },
].map((field) => ({ ...field, model: 'contact', fieldKey: `contact.${field.name.toLowerCase()}`, locationId: HIGHLEVEL_LOCATION_ID }));

/** "50 MB" on HighLevel's page, read strictly: 50,000,000 bytes. */
const MAX_BYTES = 50_000_000;
const ALLOWED = new Set(['pdf', 'docx', 'doc', 'jpg', 'jpeg', 'png', 'gif', 'csv', 'xlsx', 'xls', 'mp4', 'mpeg', 'zip', 'rar', 'txt', 'svg']);

/** A location's burst limit (100 per 10 s): 429, X-RateLimit-* on every answer. */
export const highLevelRateLimit = (requests = 100, intervalMs = 10_000): RateLimitRule => ({
	requests,
	intervalMs,
	tooMany: () => ({ status: 429, body: { statusCode: 429, message: 'Too Many Requests', error: 'Too Many Requests' } }),
	quotaHeaders: (remaining) => ({
		'X-RateLimit-Max': String(requests),
		'X-RateLimit-Remaining': String(remaining),
		'X-RateLimit-Interval-Milliseconds': String(intervalMs),
		'X-RateLimit-Limit-Daily': '200000',
		'X-RateLimit-Daily-Remaining': '199000',
	}),
});

export const HIGHLEVEL_ERRORS = {
	unauthorized: { status: 401, body: { statusCode: 401, message: 'Invalid token: access token is invalid', error: 'Unauthorized' } },
	unprocessable: (...message: string[]): Reply => ({
		status: 422,
		body: { statusCode: 422, message, error: 'Unprocessable Entity' },
	}),
	badRequest: (message: string): Reply => ({ status: 400, body: { statusCode: 400, message } }),
	rateLimited: {
		status: 429,
		body: { statusCode: 429, message: 'Too many requests' },
		headers: { 'X-RateLimit-Limit-Daily': '200000', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Interval-Milliseconds': '10000' },
	},
} satisfies Record<string, Reply | ((...args: string[]) => Reply)>;

/** `<customFieldId>_<fileId>`: the field ID is everything before the last underscore (it may hold some). */
const PART_NAME = /^(.+)_([^_]+)$/;

function uploadCustomFiles(request: ReceivedRequest, sandbox: Sandbox): Reply {
	const forced = sandbox.takeForcedReply(request);
	if (forced) return forced;
	const contactId = request.query.get('contactId');
	const locationId = request.query.get('locationId');
	const missing = [!contactId && 'contactId should not be empty', !locationId && 'locationId should not be empty'].filter(Boolean) as string[];
	if (missing.length) return HIGHLEVEL_ERRORS.unprocessable(...missing);
	if (locationId !== HIGHLEVEL_LOCATION_ID) return HIGHLEVEL_ERRORS.badRequest('The token does not have access to this location');
	if (contactId !== HIGHLEVEL_CONTACT_ID) return HIGHLEVEL_ERRORS.badRequest('Contact not found');
	if (request.files.length === 0) return HIGHLEVEL_ERRORS.unprocessable('No files were uploaded');

	const perField = new Map<string, number>();
	const problems: string[] = [];
	for (const file of request.files) {
		const [, fieldId] = PART_NAME.exec(file.part) ?? [];
		const field = HIGHLEVEL_FIELDS.find((candidate) => candidate.id === fieldId);
		if (!field || field.dataType !== 'FILE_UPLOAD') {
			problems.push(`${file.part}: no file upload custom field ${fieldId ?? '(missing)'}`);
			continue;
		}
		if (file.size > MAX_BYTES) return HIGHLEVEL_ERRORS.badRequest(`File ${file.fileName} is larger than 50 MB`);
		const extension = file.fileName.includes('.') ? file.fileName.split('.').pop()!.toLowerCase() : '';
		if (!ALLOWED.has(extension)) problems.push(`${file.fileName}: file type is not allowed`);
		perField.set(field.id, (perField.get(field.id) ?? 0) + 1);
	}
	for (const [fieldId, count] of perField) {
		const field = HIGHLEVEL_FIELDS.find((candidate) => candidate.id === fieldId)!;
		const limit = field.isMultiFileAllowed ? field.maxFileLimit : 1;
		if (limit && count > limit) problems.push(`${field.name} accepts at most ${limit} file(s)`);
	}
	if (problems.length) return HIGHLEVEL_ERRORS.unprocessable(...problems);

	return {
		status: 200,
		body: {
			contact: {
				id: contactId,
				locationId,
				customFields: [...perField.keys()].map((fieldId) => ({
					id: fieldId,
					value: Object.fromEntries(
						request.files
							.filter((file) => file.part.startsWith(`${fieldId}_`))
							.map((file) => [file.part.slice(fieldId.length + 1), { meta: { originalname: file.fileName, mimetype: file.mimeType, size: file.size } }]),
					),
				})),
			},
		},
	};
}

/** Folders of the sandbox's media library (HighLevel's spec has no id field: `_id` as seen in use). */
export const HIGHLEVEL_MEDIA_FOLDERS = [
	{ _id: '6620f1c2a9b7e83d4c5f0a11', name: 'Brochures', type: 'folder', parentId: null, altId: HIGHLEVEL_LOCATION_ID, altType: 'location' },
	{ _id: '6620f1c2a9b7e83d4c5f0a12', name: 'Email images', type: 'folder', parentId: null, altId: HIGHLEVEL_LOCATION_ID, altType: 'location' },
];

interface StoredMedia {
	fileId: string;
	name: string;
	size?: number;
	sha256?: string;
	fileUrl?: string;
	/** What was asked for; where it landed: the root, as HighLevel is reported to do (its issue #186). */
	requestedParentId?: string;
	parentId: null;
}

/** "25 MB per file; video up to 500 MB", read strictly in decimal units. */
const MEDIA_MAX_BYTES = 25_000_000;
const VIDEO_MAX_BYTES = 500_000_000;

export class HighLevelSandbox extends Sandbox {
	readonly media: StoredMedia[] = [];

	override reset(): void {
		super.reset();
		this.media.length = 0;
	}

	/** POST /medias/upload-file: `file`, or `hosted=true` with `fileUrl`; `name`, `parentId` optional. */
	uploadMedia(request: ReceivedRequest): Reply {
		const fields = Object.fromEntries(request.fields);
		const file = request.files.find((part) => part.part === 'file');
		// The documented form fields only: the location comes from the token (inferred, not confirmed), so a locationId is refused.
		const unknown = Object.keys(fields).filter((name) => !['hosted', 'fileUrl', 'name', 'parentId'].includes(name));
		if (unknown.length) return HIGHLEVEL_ERRORS.unprocessable(...unknown.map((name) => `property ${name} should not exist`));
		const hosted = fields.hosted === 'true';
		if (hosted && !fields.fileUrl) return HIGHLEVEL_ERRORS.badRequest('fileUrl is required when hosted is true');
		if (!hosted && !file) return HIGHLEVEL_ERRORS.badRequest('file is required');
		if (hosted && file) return HIGHLEVEL_ERRORS.badRequest('send either a file or hosted with fileUrl');
		if (file) {
			const video = file.mimeType.startsWith('video/');
			const limit = video ? VIDEO_MAX_BYTES : MEDIA_MAX_BYTES;
			if (file.size > limit) return HIGHLEVEL_ERRORS.badRequest(`File ${file.fileName} is larger than ${video ? '500' : '25'} MB`);
		}
		const fileId = `6620f1c2a9b7e83d4c5f${(0xb000 + this.media.length).toString(16)}`;
		this.media.push({
			fileId,
			name: fields.name ?? file?.fileName ?? fields.fileUrl,
			...(file && { size: file.size, sha256: file.sha256 }),
			...(hosted && { fileUrl: fields.fileUrl }),
			...(fields.parentId && { requestedParentId: fields.parentId }),
			parentId: null,
		});
		return { status: 200, body: { fileId, url: `https://storage.googleapis.com/highlevel-sandbox/${HIGHLEVEL_LOCATION_ID}/${fileId}` } };
	}

	/** GET /medias/files: altType, altId, type, sortBy and sortOrder are required; paged by offset/limit. */
	listMedia(request: ReceivedRequest): Reply {
		const query = Object.fromEntries(request.query);
		const missing = ['altType', 'altId', 'type', 'sortBy', 'sortOrder'].filter((name) => !query[name]);
		if (missing.length) return HIGHLEVEL_ERRORS.unprocessable(...missing.map((name) => `${name} should not be empty`));
		if (query.altType !== 'location' || !['asc', 'desc'].includes(query.sortOrder)) return HIGHLEVEL_ERRORS.unprocessable('altType must be location, sortOrder asc or desc');
		if (query.altId !== HIGHLEVEL_LOCATION_ID) return HIGHLEVEL_ERRORS.badRequest('The token does not have access to this location');
		const needle = (query.query ?? '').toLowerCase();
		const all = query.type === 'folder' ? HIGHLEVEL_MEDIA_FOLDERS.filter((folder) => folder.name.toLowerCase().includes(needle)) : [];
		const offset = Number(query.offset ?? 0);
		const limit = Number(query.limit ?? 10);
		return { status: 200, body: { files: all.slice(offset, offset + limit) } };
	}
}

export function highLevelSandbox(): HighLevelSandbox {
	const sandbox: HighLevelSandbox = new HighLevelSandbox((request) => {
		const token = request.headers.authorization;
		if (token === `Bearer ${HIGHLEVEL_NO_LOCATION_SCOPE_TOKEN}` && request.path.startsWith('/locations/')) {
			return { status: 401, body: { statusCode: 401, message: 'The token is not authorized for this scope.', error: 'Unauthorized' } };
		}
		if (token !== `Bearer ${HIGHLEVEL_NO_LOCATION_SCOPE_TOKEN}` && token !== `Bearer ${HIGHLEVEL_CREDENTIALS.privateIntegrationToken}` && token !== `Bearer ${HIGHLEVEL_OAUTH_TOKEN}`) {
			return HIGHLEVEL_ERRORS.unauthorized;
		}
		if (request.headers.version !== '2021-07-28') return HIGHLEVEL_ERRORS.badRequest('Version header is missing or not supported');
		const location = /^\/locations\/([^/]+)(\/customFields)?$/.exec(request.path);
		if (request.method === 'GET' && location) {
			if (location[1] !== HIGHLEVEL_LOCATION_ID) return HIGHLEVEL_ERRORS.badRequest('The token does not have access to this location');
			if (!location[2]) return { status: 200, body: { location: { id: HIGHLEVEL_LOCATION_ID, name: 'Sandbox Agency' } } };
			if (request.query.get('model') !== 'contact') return HIGHLEVEL_ERRORS.unprocessable('model must be contact or opportunity');
			return { status: 200, body: { customFields: HIGHLEVEL_FIELDS } };
		}
		if (request.method === 'POST' && request.path === '/forms/upload-custom-files') return uploadCustomFiles(request, sandbox);
		if (request.method === 'POST' && request.path === '/medias/upload-file') return sandbox.uploadMedia(request);
		if (request.method === 'GET' && request.path === '/medias/files') return sandbox.listMedia(request);
		return { status: 404, body: { statusCode: 404, message: `Cannot ${request.method} ${request.path}` } };
	});
	return sandbox;
}
