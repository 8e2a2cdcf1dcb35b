import { randomUUID } from 'node:crypto';

import { Sandbox, type ReceivedRequest, type Reply } from '../sandboxes/sandbox.cjs';

export const KINTONE_APP = '12';
export const KINTONE_GUEST_SPACE = '7';
export const KINTONE_GUEST_APP = '20';
export const KINTONE_TOKENS = { app12: 'tokenApp12AbCdEfGhIjKlMnOpQrStUvWxYz0123', app20: 'tokenApp20ZyXwVuTsRqPoNmLkJiHgFeDcBa9876' };
export const KINTONE_LOGIN = { username: 'sandbox-user', password: 'Sandbox-pass-2026' };
export const KINTONE_BASIC = { basicAuthUser: 'gate', basicAuthPassword: 'gate-pass-2026' };

/**
 * The part of Kintone's query language the node uses, read the way Kintone reads it:
 * `field = "text"` clauses joined by `and` / `or`, a string's `\"` and `\\` escapes, and
 * `limit N`. Anything else is an invalid query. So a value that escaped its quotes would
 * become a clause of its own here too, and select other records.
 */
function parseQuery(text: string): { clauses: Array<{ join?: 'and' | 'or'; field: string; value: string }>; limit: number } | undefined {
	const clauses: Array<{ join?: 'and' | 'or'; field: string; value: string }> = [];
	let rest = text.trim();
	let join: 'and' | 'or' | undefined;
	for (;;) {
		const clause = /^(\$?\w+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*/.exec(rest);
		if (!clause) return undefined;
		clauses.push({ join, field: clause[1], value: clause[2].replace(/\\(.)/g, '$1') });
		rest = rest.slice(clause[0].length);
		const next = /^(and|or)\s+/i.exec(rest);
		if (!next) break;
		join = next[1].toLowerCase() as 'and' | 'or';
		rest = rest.slice(next[0].length);
	}
	const limit = /^limit\s+(\d+)\s*$/i.exec(rest);
	if (rest && !limit) return undefined;
	return { clauses, limit: limit ? Number(limit[1]) : 100 };
}

/** The domain's limit of 100 requests at once. */
export const KINTONE_DOMAIN_LIMIT = 100;

/** What every Kintone answer says of the domain's load (since 2017, Cybozu's developer network). */
export const kintoneLoadHeaders = (running: number): Record<string, string> => ({ 'X-ConcurrencyLimit-Limit': String(KINTONE_DOMAIN_LIMIT), 'X-ConcurrencyLimit-Running': String(running) });

const kintoneError = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({
	status,
	body: { id: randomUUID().slice(0, 20), code, message },
	headers,
});

export const KINTONE_ERRORS = {
	unauthorized: kintoneError(401, 'CB_WA01', 'Password authentication failed.'),
	tokenNotAllowed: kintoneError(403, 'GAIA_NO01', 'Using this API token, you cannot run the specified API.'),
	conflict: kintoneError(409, 'GAIA_CO02', 'The revision is not the latest. Someone may update a record.'),
	concurrencyLimit: kintoneError(429, 'GAIA_TM12', 'The number of concurrent requests to the domain exceeds the limit.', kintoneLoadHeaders(100)),
	notFound: (id: string) => kintoneError(404, 'GAIA_RE01', `The specified record (ID: ${id}) is not found.`),
};

interface StoredFile {
	fileKey: string;
	name: string;
	contentType: string;
	size: string;
}

interface StoredRecord {
	id: string;
	revision: number;
	fields: Record<string, { type: string; value: unknown }>;
}

interface FormField {
	type: string;
	code: string;
	label: string;
	required?: boolean;
	/** "Prohibit duplicate values": only such a text or number field can be an update key. */
	unique?: boolean;
	options?: Record<string, { label: string; index: string }>;
	/** A table's own fields (SUBTABLE), listed only here, not at the top level. */
	fields?: Record<string, FormField>;
}

const FORM: Record<string, Record<string, FormField>> = {
	[KINTONE_APP]: {
		Title: { type: 'SINGLE_LINE_TEXT', code: 'Title', label: 'Title', unique: false },
		CustomerCode: { type: 'SINGLE_LINE_TEXT', code: 'CustomerCode', label: 'Customer code', unique: true },
		Amount: { type: 'NUMBER', code: 'Amount', label: 'Amount', unique: false },
		SignedOn: { type: 'DATE', code: 'SignedOn', label: 'Signed on' },
		ReceivedAt: { type: 'DATETIME', code: 'ReceivedAt', label: 'Received at' },
		Status: { type: 'DROP_DOWN', code: 'Status', label: 'Status', options: { Signed: { label: 'Signed', index: '1' }, Open: { label: 'Open', index: '0' } } },
		Tags: { type: 'CHECK_BOX', code: 'Tags', label: 'Tags', options: { Urgent: { label: 'Urgent', index: '0' }, Legal: { label: 'Legal', index: '1' } } },
		RecordNo: { type: 'RECORD_NUMBER', code: 'RecordNo', label: 'Record number' },
		Attachments: { type: 'FILE', code: 'Attachments', label: 'Attachments' },
		Contracts: { type: 'FILE', code: 'Contracts', label: 'Signed contracts' },
		Agreements: {
			type: 'SUBTABLE',
			code: 'Agreements',
			label: 'Agreements',
			fields: {
				AgreementNo: { type: 'SINGLE_LINE_TEXT', code: 'AgreementNo', label: 'Agreement no.' },
				SignedCopy: { type: 'FILE', code: 'SignedCopy', label: 'Signed copy' },
			},
		},
	},
	[KINTONE_GUEST_APP]: { Files: { type: 'FILE', code: 'Files', label: 'Files' } },
};

/** Kintone's type rules for the field types the node can fill (kintone.dev, Field Types). */
function fieldValueProblem(form: FormField, value: unknown): string | undefined {
	const choices = Object.keys(form.options ?? {});
	switch (form.type) {
		case 'RECORD_NUMBER':
			return 'the field cannot be set';
		case 'NUMBER':
			return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? undefined : 'Only numbers are allowed.';
		case 'DATE':
			return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : 'Enter the date in YYYY-MM-DD format.';
		case 'DATETIME':
			return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/.test(value) ? undefined : 'Enter the date and time in YYYY-MM-DDTHH:MM:SSZ format.';
		case 'DROP_DOWN':
		case 'RADIO_BUTTON':
			return typeof value === 'string' && choices.includes(value) ? undefined : `"${String(value)}" is not one of the field's options.`;
		case 'CHECK_BOX':
		case 'MULTI_SELECT':
			return Array.isArray(value) && value.every((choice) => choices.includes(String(choice))) ? undefined : 'Give an array of the field\'s options.';
		default:
			return typeof value === 'string' ? undefined : 'The value must be a string.';
	}
}

export class KintoneSandbox extends Sandbox {
	/** Require the domain's Basic authentication in addition. */
	requireBasic = false;

	/** Uploaded, not yet used fileKeys (single use) and their files. */
	readonly pending = new Map<string, StoredFile>();

	readonly records = new Map<string, StoredRecord[]>();

	constructor() {
		super((request) => this.answer(request));
		this.seed();
		this.limitDomain();
	}

	override reset(): void {
		super.reset();
		this.requireBasic = false;
		this.pending.clear();
		this.ignoredFieldCodes = [];
		this.seed();
		this.limitDomain();
	}

	/**
	 * The domain's 100 requests at once, `others` of them run by the company's other clients:
	 * one more is refused with Kintone's 429, and every answer reports the load.
	 */
	limitDomain(others = 0): void {
		this.limitConcurrency(KINTONE_DOMAIN_LIMIT, (running) => ({ ...KINTONE_ERRORS.concurrencyLimit, headers: kintoneLoadHeaders(running) }), { others, report: kintoneLoadHeaders });
	}

	private seed() {
		const existing = (name: string): StoredFile => ({ fileKey: `2026${randomUUID().replace(/-/g, '')}`, name, contentType: 'application/pdf', size: '100' });
		this.records.set(KINTONE_APP, [
			{
				id: '6',
				revision: 3,
				fields: {
					Title: { type: 'SINGLE_LINE_TEXT', value: 'ACME' },
					CustomerCode: { type: 'SINGLE_LINE_TEXT', value: 'C-1042' },
					Attachments: { type: 'FILE', value: [existing('old-1.pdf'), existing('old-2.pdf')] },
					Contracts: { type: 'FILE', value: [] },
					Agreements: {
						type: 'SUBTABLE',
						value: [
							{ id: '48290', value: { AgreementNo: { type: 'SINGLE_LINE_TEXT', value: 'A-1' }, SignedCopy: { type: 'FILE', value: [existing('a1-signed.pdf')] } } },
							{ id: '48291', value: { AgreementNo: { type: 'SINGLE_LINE_TEXT', value: 'A-2' }, SignedCopy: { type: 'FILE', value: [] } } },
						],
					},
				},
			},
		]);
		this.records.set(KINTONE_GUEST_APP, [{ id: '1', revision: 1, fields: { Files: { type: 'FILE', value: [] } } }]);
	}

	record(app: string, id: string) {
		return this.records.get(app)?.find((record) => record.id === id);
	}

	private authorised(request: ReceivedRequest, app?: string): Reply | undefined {
		if (this.requireBasic && request.headers.authorization !== `Basic ${Buffer.from(`${KINTONE_BASIC.basicAuthUser}:${KINTONE_BASIC.basicAuthPassword}`).toString('base64')}`) {
			return kintoneError(401, 'CB_AU01', 'Basic authentication is required.');
		}
		const login = request.headers['x-cybozu-authorization'];
		if (login) return login === Buffer.from(`${KINTONE_LOGIN.username}:${KINTONE_LOGIN.password}`).toString('base64') ? undefined : KINTONE_ERRORS.unauthorized;
		const tokens = String(request.headers['x-cybozu-api-token'] ?? '').split(',').filter(Boolean);
		if (tokens.length === 0 || tokens.length > 9) return kintoneError(401, 'GAIA_IA02', 'The specified API token does not match the API token included in the request.');
		const known = Object.values(KINTONE_TOKENS);
		if (!tokens.every((token) => known.includes(token))) return kintoneError(401, 'GAIA_IA02', 'The API token is invalid.');
		if (app && !tokens.includes(app === KINTONE_GUEST_APP ? KINTONE_TOKENS.app20 : KINTONE_TOKENS.app12)) return KINTONE_ERRORS.tokenNotAllowed;
		return undefined;
	}

	private answer(request: ReceivedRequest): Reply {
		const route = /^\/k\/(?:guest\/(\d+)\/)?v1\/(.+)$/.exec(request.path);
		if (!route) return kintoneError(404, 'GAIA_NF01', 'Not found');
		const [, space, endpoint] = route;
		const body = (request.json ?? {}) as Record<string, unknown>;
		const app = String(request.query.get('app') ?? body.app ?? '');
		const denied = this.authorised(request, endpoint === 'file.json' ? undefined : app || undefined);
		if (denied) return denied;
		if (app && (app === KINTONE_GUEST_APP) !== (space === KINTONE_GUEST_SPACE)) {
			return kintoneError(403, 'GAIA_IL23', 'The app is in a guest space: use /k/guest/{spaceId}/v1/.');
		}
		const forced = this.takeForcedReply(request);
		if (forced) return forced;

		switch (`${request.method} ${endpoint}`) {
			case 'POST file.json': {
				const files = request.files.filter((file) => file.part === 'file');
				if (files.length !== 1 || request.files.length !== 1) return kintoneError(400, 'CB_VA01', 'Only one file can be uploaded per request, in the part "file".');
				const fileKey = randomUUID();
				this.pending.set(fileKey, { fileKey, name: files[0].fileName, contentType: files[0].mimeType, size: String(files[0].size) });
				return { status: 200, body: { fileKey } };
			}
			case 'GET apps.json':
				if (!request.headers['x-cybozu-authorization']) return KINTONE_ERRORS.tokenNotAllowed;
				return { status: 200, body: { apps: [{ appId: KINTONE_APP, name: 'Customers' }].filter((a) => !request.query.get('name') || a.name.toLowerCase().includes(request.query.get('name')!.toLowerCase())) } };
			case 'GET app/form/fields.json':
				if (!FORM[app]) return kintoneError(404, 'GAIA_AP01', `The app (ID: ${app}) not found.`);
				return { status: 200, body: { properties: FORM[app], revision: '5' } };
			case 'GET record.json': {
				const record = this.record(app, String(request.query.get('id')));
				if (!record) return KINTONE_ERRORS.notFound(String(request.query.get('id')));
				return { status: 200, body: { record: this.toJson(record) } };
			}
			case 'GET records.json': {
				const query = parseQuery(String(request.query.get('query') ?? ''));
				if (!query) return kintoneError(400, 'GAIA_IQ11', 'The specified query is invalid.');
				const value = (record: StoredRecord, field: string) => (field === '$id' ? record.id : record.fields[field]?.value);
				const matches = (record: StoredRecord) => query.clauses.reduce((result, clause, index) => {
					const hit = value(record, clause.field) === clause.value;
					return index === 0 ? hit : clause.join === 'or' ? result || hit : result && hit;
				}, false);
				const records = (this.records.get(app) ?? []).filter(matches).slice(0, query.limit);
				return { status: 200, body: { records: records.map((record) => this.toJson(record)), totalCount: null } };
			}
			case 'PUT record.json':
				return this.update(app, body);
			case 'POST record.json':
				return this.create(app, body);
			default:
				return kintoneError(404, 'GAIA_NF01', `No route for ${request.method} ${endpoint}`);
		}
	}

	private toJson(record: StoredRecord) {
		return { $id: { type: '__ID__', value: record.id }, $revision: { type: '__REVISION__', value: String(record.revision) }, ...record.fields };
	}

	/** Attachment values: new fileKeys are consumed; a kept file must already be in this field. */
	private resolveFiles(value: unknown, current: StoredFile[]): StoredFile[] | Reply {
		const resolved: StoredFile[] = [];
		for (const { fileKey } of (value as Array<{ fileKey: string }>) ?? []) {
			const pending = this.pending.get(fileKey);
			const kept = current.find((file) => file.fileKey === fileKey);
			if (!pending && !kept) return kintoneError(400, 'GAIA_FN11', `The file (fileKey: ${fileKey}) was not found.`);
			resolved.push(pending ?? kept!);
		}
		return resolved;
	}

	private nextRowId = 50000;

	/** Field codes an added record carried that the app does not have, dropped as Kintone drops them. */
	ignoredFieldCodes: string[] = [];

	/**
	 * A table's rows as Kintone takes them (CONTRACTS-more.md): the rows sent ARE the table, so
	 * a row left out is deleted; a row without an id, or with an id the table does not have, is
	 * a new row with a fresh id. Not confirmed officially, so read strictly: a listed row keeps
	 * only the fields sent (no merge), and a file can be kept only in the row that had it.
	 */
	private applyTable(form: FormField, current: Array<{ id: string; value: StoredRecord['fields'] }>, rows: unknown): { rows: typeof current; consumed: string[] } | Reply {
		if (!Array.isArray(rows)) return kintoneError(400, 'CB_VA01', `The value of table "${form.code}" must be an array of rows.`);
		const result: typeof current = [];
		const consumed: string[] = [];
		for (const [index, row] of (rows as Array<{ id?: string; value?: Record<string, { value: unknown }> }>).entries()) {
			const existing = row.id === undefined ? undefined : current.find((candidate) => candidate.id === String(row.id));
			const value: StoredRecord['fields'] = {};
			for (const [code, { value: inner }] of Object.entries(row.value ?? {})) {
				const innerForm = form.fields?.[code];
				if (!innerForm) return kintoneError(400, 'CB_VA01', `record.${form.code}.value[${index}].value.${code}: the field does not exist in the table.`);
				if (innerForm.type === 'FILE') {
					const files = this.resolveFiles(inner, (existing?.value[code]?.value as StoredFile[]) ?? []);
					if (!Array.isArray(files)) return files;
					value[code] = { type: 'FILE', value: files.map((file) => ({ ...file, fileKey: `2026${randomUUID().replace(/-/g, '')}` })) };
					consumed.push(...files.map((file) => file.fileKey));
				} else {
					value[code] = { type: innerForm.type, value: inner };
				}
			}
			result.push({ id: existing ? existing.id : String(this.nextRowId++), value });
		}
		return { rows: result, consumed };
	}

	/**
	 * All fields are checked before any is written: a refused update changes nothing. A field
	 * code the app does not have is ignored when a record is added, as Kintone documents
	 * ("存在しないフィールドコードを指定した場合、そのフィールドは無視されてレコードが登録されます",
	 * add-record); the update page says nothing, so an update refuses it.
	 */
	private applyRecord(app: string, target: StoredRecord, fields: Record<string, { value: unknown }>, unknownCodes: 'ignore' | 'refuse'): Reply | undefined {
		const updated: StoredRecord['fields'] = {};
		const consumed: string[] = [];
		for (const [code, { value }] of Object.entries(fields)) {
			const form = FORM[app][code];
			if (!form && unknownCodes === 'ignore') {
				this.ignoredFieldCodes.push(code);
				continue;
			}
			if (!form) return kintoneError(400, 'CB_VA01', `Field "${code}" does not exist.`);
			if (form.type === 'FILE') {
				const files = this.resolveFiles(value, (target.fields[code]?.value as StoredFile[]) ?? []);
				if (!Array.isArray(files)) return files;
				updated[code] = { type: 'FILE', value: files.map((file) => ({ ...file, fileKey: `2026${randomUUID().replace(/-/g, '')}` })) };
				consumed.push(...files.map((file) => file.fileKey));
			} else if (form.type === 'SUBTABLE') {
				const table = this.applyTable(form, (target.fields[code]?.value as Array<{ id: string; value: StoredRecord['fields'] }>) ?? [], value);
				if (!('rows' in table)) return table;
				updated[code] = { type: 'SUBTABLE', value: table.rows };
				consumed.push(...table.consumed);
			} else {
				const problem = fieldValueProblem(form, value);
				if (problem) return kintoneError(400, 'CB_VA01', `record.${code}.value: ${problem}`);
				updated[code] = { type: form.type, value };
			}
		}
		const uploads = consumed.filter((fileKey) => this.pending.has(fileKey));
		if (new Set(uploads).size !== uploads.length) return kintoneError(400, 'GAIA_FN11', 'An uploaded file can be used once only.');
		Object.assign(target.fields, updated);
		for (const fileKey of consumed) this.pending.delete(fileKey);
		return undefined;
	}

	private update(app: string, body: Record<string, unknown>): Reply {
		const updateKey = body.updateKey as { field: string; value: string } | undefined;
		const record = updateKey
			? this.records.get(app)?.find((candidate) => candidate.fields[updateKey.field]?.value === updateKey.value)
			: this.record(app, String(body.id));
		if (!record) return KINTONE_ERRORS.notFound(String(body.id ?? updateKey?.value));
		if (body.revision !== undefined && String(body.revision) !== '-1' && Number(body.revision) !== record.revision) return KINTONE_ERRORS.conflict;
		const problem = this.applyRecord(app, record, (body.record ?? {}) as Record<string, { value: unknown }>, 'refuse');
		if (problem) return problem;
		record.revision++;
		return { status: 200, body: { revision: String(record.revision) } };
	}

	private create(app: string, body: Record<string, unknown>): Reply {
		const records = this.records.get(app) ?? [];
		const record: StoredRecord = { id: String(records.length + 100), revision: 1, fields: {} };
		const problem = this.applyRecord(app, record, (body.record ?? {}) as Record<string, { value: unknown }>, 'ignore');
		if (problem) return problem;
		records.push(record);
		return { status: 200, body: { id: record.id, revision: '1' } };
	}
}

export const kintoneSandbox = () => new KintoneSandbox();
