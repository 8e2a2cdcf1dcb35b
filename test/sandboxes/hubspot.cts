import { randomUUID } from 'node:crypto';

import { Sandbox, type RateLimitRule, type ReceivedRequest, type Reply } from '../sandboxes/sandbox.cjs';

export const HUBSPOT_TOKEN = 'pat-na1-5b1f0c2e-7d3a-4e8b-9c6f-1a2b3c4d5e6f';
/** Well-formed but unknown to the sandbox: answered with 401. */
export const HUBSPOT_UNKNOWN_TOKEN = 'pat-na1-00000000-dead-4bad-8bad-000000000000';
/** A private app the sandbox knows, but without the `files` scope: its file calls get 403. */
export const HUBSPOT_NO_FILES_SCOPE_TOKEN = 'pat-na1-7e0d9c8b-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

/** Folders of the sandbox portal; more than one page of them, for the picker. */
export const HUBSPOT_FOLDERS = [
	{ id: '1000', name: 'invoices', path: '/invoices' },
	{ id: '1001', name: '2026', path: '/invoices/2026' },
	{ id: '1002', name: 'contracts', path: '/contracts' },
	...Array.from({ length: 120 }, (_, i) => ({ id: String(2000 + i), name: `archive-${i}`, path: `/archive/archive-${i}` })),
];

/** CRM records notes may be associated with, by association type id. */
export const HUBSPOT_RECORDS: Record<number, string[]> = { 202: ['51'], 190: ['61'], 214: ['71'], 228: ['81'] };

/**
 * The portal's custom objects (GET /crm-object-schemas/v3/schemas) and their note
 * association types (GET /crm/v4/associations/notes/{objectTypeId}/labels): Cars may carry
 * notes, with the default (unlabeled) type and a labeled one; Boats has no association with
 * notes. A custom object is named by its objectTypeId only (the strict reading).
 */
export const HUBSPOT_CUSTOM_OBJECTS = [
	{
		schema: { id: '3456789', objectTypeId: '2-3456789', name: 'cars', fullyQualifiedName: 'p24680_cars', labels: { singular: 'Car', plural: 'Cars' } },
		noteLabels: [
			{ category: 'USER_DEFINED', typeId: 77, label: 'Service record' },
			{ category: 'USER_DEFINED', typeId: 75, label: null },
		],
		records: ['9001'],
	},
	{
		schema: { id: '4567890', objectTypeId: '2-4567890', name: 'boats', fullyQualifiedName: 'p24680_boats', labels: { singular: 'Boat', plural: 'Boats' } },
		noteLabels: [],
		records: ['9101'],
	},
];

const ACCESS_V3 = ['PUBLIC_INDEXABLE', 'PUBLIC_NOT_INDEXABLE', 'HIDDEN_INDEXABLE', 'HIDDEN_NOT_INDEXABLE', 'HIDDEN_PRIVATE', 'PRIVATE', 'HIDDEN_SENSITIVE', 'SENSITIVE'];
const ACCESS_LEGACY = ['PUBLIC_INDEXABLE', 'PUBLIC_NOT_INDEXABLE', 'PRIVATE'];
const OPTION_KEYS = ['access', 'ttl', 'overwrite', 'duplicateValidationStrategy', 'duplicateValidationScope'];

export const hubSpotError = (status: number, message: string, category: string, extra: object = {}): Reply => ({
	status,
	body: { status: 'error', message, correlationId: randomUUID(), category, ...extra },
});

/** A private app's rolling window (100 per 10 s): 429 with policy TEN_SECONDLY_ROLLING, X-HubSpot-RateLimit-* on every answer. */
export const hubSpotRateLimit = (requests = 100, intervalMs = 10_000): RateLimitRule => ({
	requests,
	intervalMs,
	tooMany: () => hubSpotError(429, 'You have reached your ten_secondly_rolling limit.', 'RATE_LIMITS', { errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }),
	quotaHeaders: (remaining) => ({
		'X-HubSpot-RateLimit-Max': String(requests),
		'X-HubSpot-RateLimit-Remaining': String(remaining),
		'X-HubSpot-RateLimit-Interval-Milliseconds': String(intervalMs),
	}),
});

export const HUBSPOT_ERRORS = {
	unauthorized: hubSpotError(401, 'Authentication credentials not found. This API supports OAuth 2.0 authentication.', 'INVALID_AUTHENTICATION'),
	rateLimited: hubSpotError(429, 'You have reached your secondly limit.', 'RATE_LIMITS', { policyName: 'SECONDLY' }),
	serverError: hubSpotError(500, 'internal error', 'INTERNAL_ERROR'),
	missingFilesScope: hubSpotError(403, 'This app hasn\'t been granted all required scopes to make this call.', 'MISSING_SCOPES', {
		errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: ['files'] } }],
	}),
};

interface StoredFile {
	id: string;
	name: string;
	extension: string;
	folderId: string;
	path: string;
	size: number;
	access: string;
	/** The content's hash: a replacement changes it, not the id. */
	sha256?: string;
	updatedAt?: string;
}

function folderFor(fields: Map<string, string[]>, folders: typeof HUBSPOT_FOLDERS): { folder?: (typeof HUBSPOT_FOLDERS)[number]; error?: Reply } {
	const ids = fields.get('folderId') ?? [];
	const paths = fields.get('folderPath') ?? [];
	if (ids.length + paths.length !== 1) {
		return { error: hubSpotError(400, 'Exactly one of folderId or folderPath must be provided', 'VALIDATION_ERROR') };
	}
	if (ids.length) {
		const folder = folders.find((candidate) => candidate.id === ids[0]);
		return folder ? { folder } : { error: hubSpotError(404, `Folder ${ids[0]} not found`, 'OBJECT_NOT_FOUND') };
	}
	const path = paths[0];
	if (!path.startsWith('/')) return { error: hubSpotError(400, 'folderPath must start with /', 'VALIDATION_ERROR') };
	let folder = folders.find((candidate) => candidate.path === path);
	if (!folder) {
		// HubSpot creates a missing path.
		folder = { id: String(9000 + folders.length), name: path.split('/').pop() || '/', path };
		folders.push(folder);
	}
	return { folder };
}

function optionsFrom(fields: Map<string, string[]>, legacy: boolean): { options?: Record<string, unknown>; error?: Reply } {
	const raw = fields.get('options')?.[0];
	if (raw === undefined) return { error: hubSpotError(400, 'options is required', 'VALIDATION_ERROR') };
	let options: Record<string, unknown>;
	try {
		options = JSON.parse(raw);
	} catch {
		return { error: hubSpotError(400, 'options is not valid JSON', 'VALIDATION_ERROR') };
	}
	const unknown = Object.keys(options).filter((key) => !OPTION_KEYS.includes(key));
	if (unknown.length) return { error: hubSpotError(400, `Unrecognized field(s): ${unknown.join(', ')}`, 'VALIDATION_ERROR') };
	if (!(legacy ? ACCESS_LEGACY : ACCESS_V3).includes(String(options.access))) {
		return { error: hubSpotError(400, `Invalid access: ${String(options.access)}`, 'VALIDATION_ERROR') };
	}
	if (options.ttl !== undefined && !/^P(\d+[YMWD])+$/.test(String(options.ttl))) {
		return { error: hubSpotError(400, `Invalid ttl: ${String(options.ttl)}`, 'VALIDATION_ERROR') };
	}
	return { options };
}

export class HubSpotSandbox extends Sandbox {
	readonly folders = HUBSPOT_FOLDERS.map((folder) => ({ ...folder }));

	readonly files: StoredFile[] = [];

	readonly notes: Array<{ id: string; properties: Record<string, string>; associations: unknown }> = [];

	/** Answer the next note creation with this reply (to test a note failing after upload). */
	failNextNote?: Reply;

	constructor() {
		super((request) => this.answer(request));
	}

	override reset(): void {
		super.reset();
		this.files.length = 0;
		this.notes.length = 0;
		this.folders.splice(0, this.folders.length, ...HUBSPOT_FOLDERS.map((folder) => ({ ...folder })));
		this.failNextNote = undefined;
	}

	private answer(request: ReceivedRequest): Reply {
		if (request.headers.authorization === `Bearer ${HUBSPOT_NO_FILES_SCOPE_TOKEN}`) {
			if (request.path.startsWith('/files/') || request.path.startsWith('/filemanager/')) return HUBSPOT_ERRORS.missingFilesScope;
		} else if (request.headers.authorization !== `Bearer ${HUBSPOT_TOKEN}`) return HUBSPOT_ERRORS.unauthorized;
		if (request.method === 'GET' && request.path === '/files/v3/folders/search') return this.searchFolders(request);
		if (request.method === 'POST' && request.path === '/files/v3/files') return this.upload(request, false);
		if (request.method === 'POST' && request.path === '/filemanager/api/v3/files/upload') return this.upload(request, true);
		if (request.method === 'POST' && request.path === '/crm/v3/objects/notes') return this.createNote(request);
		if (request.method === 'GET' && request.path === '/files/v3/files/search') return this.searchFiles(request);
		if (request.method === 'GET' && request.path === '/crm-object-schemas/v3/schemas') {
			return { status: 200, body: { results: HUBSPOT_CUSTOM_OBJECTS.map(({ schema }) => schema) } };
		}
		const labels = /^\/crm\/v4\/associations\/notes\/([^/]+)\/labels$/.exec(request.path);
		if (request.method === 'GET' && labels) {
			const object = HUBSPOT_CUSTOM_OBJECTS.find(({ schema }) => schema.objectTypeId === decodeURIComponent(labels[1]));
			if (!object) return hubSpotError(400, `Unable to infer object type from: ${decodeURIComponent(labels[1])}`, 'VALIDATION_ERROR');
			return { status: 200, body: { results: object.noteLabels } };
		}
		const replaced = /^\/files\/v3\/files\/([^/]+)$/.exec(request.path);
		if (request.method === 'PUT' && replaced) return this.replace(decodeURIComponent(replaced[1]), request);
		const signedUrl = /^\/files\/v3\/files\/([^/]+)\/signed-url$/.exec(request.path);
		if (request.method === 'GET' && signedUrl) return this.signedUrl(decodeURIComponent(signedUrl[1]), request);
		return hubSpotError(404, `No route for ${request.method} ${request.path}`, 'OBJECT_NOT_FOUND');
	}

	private searchFolders(request: ReceivedRequest): Reply {
		const name = request.query.get('name')?.toLowerCase();
		const limit = Math.min(Number(request.query.get('limit') ?? 10), 100);
		const after = Number(request.query.get('after') ?? 0);
		const matching = this.folders.filter((folder) => !name || folder.name.toLowerCase().includes(name));
		const page = matching.slice(after, after + limit);
		const next = after + limit < matching.length ? { next: { after: String(after + limit) } } : undefined;
		return { status: 200, body: { results: page, ...(next && { paging: next }) } };
	}

	private upload(request: ReceivedRequest, legacy: boolean): Reply {
		const forced = this.takeForcedReply(request);
		if (forced) return forced;
		const fields = new Map<string, string[]>();
		for (const [name, value] of request.fields) fields.set(name, [...(fields.get(name) ?? []), value]);
		const file = request.files.find((part) => part.part === 'file');
		if (!file) return hubSpotError(400, 'file is required', 'VALIDATION_ERROR');
		const { folder, error } = folderFor(fields, this.folders);
		if (error) return error;
		const parsed = optionsFrom(fields, legacy);
		if (parsed.error) return parsed.error;
		const options = parsed.options!;

		const fullName = fields.get('fileName')?.[0] ?? file.fileName;
		const dot = fullName.lastIndexOf('.');
		const name = dot > 0 ? fullName.slice(0, dot) : fullName;
		const extension = dot > 0 ? fullName.slice(dot + 1) : '';
		const scope = options.duplicateValidationScope ?? 'EXACT_FOLDER';
		const duplicate = this.files.find(
			(stored) => stored.name === name && stored.extension === extension && stored.size === file.size && (scope === 'ENTIRE_PORTAL' || stored.folderId === folder!.id),
		);
		if (duplicate && options.duplicateValidationStrategy === 'REJECT') {
			return hubSpotError(409, `A duplicate of ${fullName} exists`, 'CONFLICT');
		}
		const stored =
			duplicate && options.duplicateValidationStrategy === 'RETURN_EXISTING'
				? duplicate
				: { id: String(100000 + this.files.length), name, extension, folderId: folder!.id, path: `${folder!.path.replace(/\/$/, '')}/${fullName}`, size: file.size, access: String(options.access) };
		if (stored !== duplicate) this.files.push(stored);
		const url = `https://files.sandbox.hubspot.test${stored.path}`;
		// The legacy answer as seen in use: no `access`, and flags that a private file shares
		// with a public, non-indexable one (hidden: false, is_indexable: false).
		if (legacy) {
			return {
				status: 200,
				body: {
					objects: [
						{ id: Number(stored.id), name: stored.name, extension: stored.extension, size: stored.size, folder_id: Number(stored.folderId), full_path: stored.path, url, default_hosting_url: url, type: 'DOCUMENT', created: 1795300000000, updated: 1795300000000, archived: false, hidden: false, is_indexable: stored.access === 'PUBLIC_INDEXABLE' },
					],
				},
			};
		}
		return {
			status: 201,
			body: {
				id: stored.id, name: stored.name, extension: stored.extension, path: stored.path, size: stored.size, url, access: stored.access,
				type: 'DOCUMENT', parentFolderId: stored.folderId, archived: false, isUsableInContent: true,
				createdAt: '2026-11-22T06:00:00Z', updatedAt: '2026-11-22T06:00:00Z',
			},
		};
	}

	/** GET /files/v3/files/search: by name (contains), paged like the folder search. */
	private searchFiles(request: ReceivedRequest): Reply {
		const name = request.query.get('name')?.toLowerCase();
		const limit = Math.min(Number(request.query.get('limit') ?? 10), 100);
		const after = Number(request.query.get('after') ?? 0);
		const matching = this.files.filter((file) => !name || `${file.name}.${file.extension}`.toLowerCase().includes(name));
		const page = matching.slice(after, after + limit).map((file) => this.fileBody(file));
		const next = after + limit < matching.length ? { next: { after: String(after + limit) } } : undefined;
		return { status: 200, body: { results: page, ...(next && { paging: next }) } };
	}

	/**
	 * PUT /files/v3/files/{fileId}: multipart `file` and `options`; the file keeps its id, name
	 * and folder. HubSpot's changelog says replace requires an access level: read strictly,
	 * `options` with a valid `access` must be sent.
	 */
	private replace(fileId: string, request: ReceivedRequest): Reply {
		const forced = this.takeForcedReply(request);
		if (forced) return forced;
		if (!/^\d+$/.test(fileId)) return hubSpotError(400, `Invalid file id ${fileId}`, 'VALIDATION_ERROR');
		const stored = this.files.find((file) => file.id === fileId);
		if (!stored) return hubSpotError(404, `File ${fileId} not found`, 'OBJECT_NOT_FOUND');
		const file = request.files.find((part) => part.part === 'file');
		if (!file || request.files.length !== 1) return hubSpotError(400, 'exactly one file is required', 'VALIDATION_ERROR');
		const fields = new Map<string, string[]>();
		for (const [name, value] of request.fields) fields.set(name, [...(fields.get(name) ?? []), value]);
		const parsed = optionsFrom(fields, false);
		if (parsed.error) return parsed.error;
		Object.assign(stored, { size: file.size, sha256: file.sha256, access: String(parsed.options!.access), updatedAt: '2026-11-23T06:00:00Z' });
		return { status: 200, body: this.fileBody(stored) };
	}

	private fileBody(stored: StoredFile): Record<string, unknown> {
		return {
			id: stored.id, name: stored.name, extension: stored.extension, path: stored.path, size: stored.size, url: `https://files.sandbox.hubspot.test${stored.path}`,
			access: stored.access, type: 'DOCUMENT', parentFolderId: stored.folderId, archived: false, isUsableInContent: true,
			createdAt: '2026-11-22T06:00:00Z', updatedAt: stored.updatedAt ?? '2026-11-22T06:00:00Z',
		};
	}

	/**
	 * GET /files/v3/files/{fileId}/signed-url: fileId matches \d+. HubSpot documents no default
	 * or maximum for expirationSeconds; read strictly, it must be sent, a whole number ≥ 1.
	 */
	private signedUrl(fileId: string, request: ReceivedRequest): Reply {
		if (!/^\d+$/.test(fileId)) return hubSpotError(400, `Invalid file id ${fileId}`, 'VALIDATION_ERROR');
		const file = this.files.find((stored) => stored.id === fileId);
		if (!file) return hubSpotError(404, `File ${fileId} not found`, 'OBJECT_NOT_FOUND');
		const seconds = request.query.get('expirationSeconds');
		if (seconds === null || !/^[1-9]\d*$/.test(seconds)) return hubSpotError(400, 'expirationSeconds must be a positive whole number', 'VALIDATION_ERROR');
		return {
			status: 200,
			body: {
				url: `https://files.sandbox.hubspot.test/signed/${fileId}/${file.name}.${file.extension}?Expires=${seconds}&Signature=sandbox`,
				expiresAt: new Date(Date.parse('2026-11-22T06:00:00Z') + Number(seconds) * 1000).toISOString(),
				name: file.name,
				extension: file.extension,
				size: file.size,
				type: 'DOCUMENT',
			},
		};
	}

	private createNote(request: ReceivedRequest): Reply {
		if (this.failNextNote) {
			const reply = this.failNextNote;
			this.failNextNote = undefined;
			return reply;
		}
		const body = request.json as { properties?: Record<string, string>; associations?: Array<{ to?: { id?: string }; types?: Array<{ associationCategory?: string; associationTypeId?: number }> }> };
		const properties = body?.properties ?? {};
		if (!properties.hs_timestamp) return hubSpotError(400, 'Property values were not valid: hs_timestamp is required', 'VALIDATION_ERROR');
		const unknownIds = (properties.hs_attachment_ids ?? '').split(';').filter((id) => !this.files.some((file) => file.id === id));
		if (unknownIds.length) return hubSpotError(400, `Unknown file ids in hs_attachment_ids: ${unknownIds.join(', ')}`, 'VALIDATION_ERROR');
		for (const association of body.associations ?? []) {
			const [type] = association.types ?? [];
			const custom = HUBSPOT_CUSTOM_OBJECTS.find(({ noteLabels }) => noteLabels.some((label) => label.typeId === type?.associationTypeId && label.category === type?.associationCategory));
			const records = custom ? custom.records : type?.associationCategory === 'HUBSPOT_DEFINED' ? HUBSPOT_RECORDS[type?.associationTypeId ?? -1] : undefined;
			if (!records) return hubSpotError(400, 'Invalid association type', 'VALIDATION_ERROR');
			if (!records.includes(String(association.to?.id))) return hubSpotError(404, `Object ${String(association.to?.id)} not found`, 'OBJECT_NOT_FOUND');
		}
		const note = { id: String(700 + this.notes.length), properties, associations: body.associations };
		this.notes.push(note);
		return { status: 201, body: { id: note.id, properties, createdAt: properties.hs_timestamp, updatedAt: properties.hs_timestamp, archived: false } };
	}
}

export const hubSpotSandbox = () => new HubSpotSandbox();
