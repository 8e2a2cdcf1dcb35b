import { Sandbox, type RateLimitRule, type ReceivedRequest, type Reply } from '../sandboxes/sandbox.cjs';

/** What the sandbox accepts; a real Karbon token is a GUID and the AccessKey a JWT. */
export const KARBON_CREDENTIALS = {
	accessToken: '5d0c2f71-9a3e-4b8c-8f21-7c4e0b6a9d13',
	accessKeySecret: 'eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnQiOiJzYW5kYm94In0.c2FuZGJveC1zaWduYXR1cmU',
};

/** Well-formed but unknown to the sandbox: answered with 401. */
export const KARBON_UNKNOWN_CREDENTIALS = {
	accessToken: '00000000-dead-4bad-8bad-000000000000',
	accessKeySecret: 'eyJhbGciOiJIUzI1NiJ9.eyJ1bmtub3duIjp0cnVlfQ.bm90LWEta2V5',
};

export const KARBON_LINK_FIELD_NAMES = [
	'contact_keys',
	'organization_keys',
	'client_group_keys',
	'workitem_keys',
	'integration_task_key',
];

/** The sandbox's own idea of "unsafe" types, independent of the node's list. */
const UNSAFE_EXTENSIONS = new Set(['exe', 'msi', 'bat', 'cmd', 'js', 'vbs', 'ps1', 'sh', 'html', 'htm']);
const UNSAFE_MIME_TYPES = new Set(['application/x-msdownload', 'text/html', 'application/javascript', 'text/javascript', 'application/x-sh']);

const EXTENSION_MIME_TYPES: Record<string, string> = {
	pdf: 'application/pdf',
	txt: 'text/plain',
	csv: 'text/csv',
	png: 'image/png',
	jpg: 'image/jpeg',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const error = (status: number, message: string, headers?: Record<string, string>): Reply => ({
	status,
	body: { statusCode: String(status), message },
	headers,
});

export const KARBON_ERRORS = {
	noFile: error(400, 'No file was included'),
	noEntity: error(400, 'No entity keys were provided'),
	tooManyEntities: error(400, 'Cannot link to more than one entity'),
	unauthorized: error(401, 'Missing or invalid bearer token'),
	rateLimited: error(429, 'Rate limit is exceeded. Try again in 10 seconds.', { 'Retry-After': '10' }),
	unsupportedType: error(500, 'An error has occurred. Unsupported file type.'),
	serverError: error(500, 'An error has occurred.'),
};

/** Karbon's rate (about 120 a minute per account and application): a 429 with Retry-After in seconds, no quota headers. */
export const karbonRateLimit = (requests = 120, intervalMs = 60_000): RateLimitRule => ({
	requests,
	intervalMs,
	tooMany: (waitMs) => {
		const seconds = Math.max(1, Math.ceil(waitMs / 1000));
		return error(429, `Rate limit is exceeded. Try again in ${seconds} seconds.`, { 'Retry-After': String(seconds) });
	},
});

function authorised(request: ReceivedRequest): boolean {
	return (
		request.headers.authorization === `Bearer ${KARBON_CREDENTIALS.accessToken}` &&
		request.headers.accesskey === KARBON_CREDENTIALS.accessKeySecret
	);
}

let nextId = 1;

function uploadFile(request: ReceivedRequest, sandbox: Sandbox): Reply {
	const forced = sandbox.takeForcedReply(request);
	if (forced) return forced;

	const fileParts = request.files.filter((file) => file.part === 'file');
	if (fileParts.length !== 1 || !fileParts[0].fileName) return KARBON_ERRORS.noFile;
	const links = request.fields.filter(([name]) => KARBON_LINK_FIELD_NAMES.includes(name));
	if (links.length === 0 || links.every(([, value]) => value.trim() === '')) return KARBON_ERRORS.noEntity;
	if (links.length > 1 || /[\s,;]/.test(links[0][1].trim())) return KARBON_ERRORS.tooManyEntities;

	const [file] = fileParts;
	const extension = file.fileName.includes('.') ? file.fileName.split('.').pop()!.toLowerCase() : '';
	if (UNSAFE_EXTENSIONS.has(extension) || UNSAFE_MIME_TYPES.has(file.mimeType)) return KARBON_ERRORS.unsupportedType;

	// Karbon takes the part's type, else infers it from the extension, else octet-stream.
	const mimeType = file.mimeType || EXTENSION_MIME_TYPES[extension] || 'application/octet-stream';
	return {
		status: 201,
		body: {
			'@odata.context': 'https://api.karbonhq.com/v3/$metadata#Files/$entity',
			Id: `KF${String(nextId++).padStart(10, '0')}`,
			Name: file.fileName,
			MimeType: mimeType,
			Size: String(file.size),
		},
	};
}

/**
 * Karbon's record lists and single-record reads (CONTRACTS-more.md, "picking the record
 * key"). What the contract states is enforced as stated; what it marks "not confirmed" is
 * read strictly: a quote inside a `$filter` literal is refused (doubling it is not known to
 * work), substring search ignores case only where Karbon says so (contact and organization
 * names), the integration-task list takes no `$top`/`$skip`, and a page past the first needs
 * a stable `$orderby`.
 */
interface RecordList {
	entity: string;
	keyField: string;
	/** Properties `contains` may search. */
	contains: string[];
	/** Properties `eq` may match (those of `contains` too). */
	eq: string[];
	orderBy: string[];
	caseInsensitive: string[];
	paged: boolean;
	records: Array<Record<string, string>>;
}

const numbered = (count: number, make: (n: string) => Record<string, string>) =>
	Array.from({ length: count }, (_, index) => make(String(index + 1).padStart(3, '0')));

/** Records a picker can find. Hidden ones are what an API application without Karbon's approval cannot see. */
export const KARBON_RECORDS = {
	contacts: [
		{ ContactKey: 'C7pQ2mLk9Zx', FullName: 'Priya Sharma', EmailAddress: 'priya@sharma.example', ContactType: 'Client' },
		{ ContactKey: 'D8rS3nMl0Ay', FullName: "Tom O'Brien", EmailAddress: 'tom@obrien.example', ContactType: 'Client' },
		{ ContactKey: 'F2hJ6kLp4Qw', FullName: 'Anna Sharma-Lee', EmailAddress: 'anna@lee.example', ContactType: 'Prospect' },
		...numbered(140, (n) => ({ ContactKey: `Cx${n}Pg7mQ2`, FullName: `Paged Contact ${n}`, EmailAddress: `contact${n}@paged.example`, ContactType: 'Client' })),
	],
	hiddenContactKey: 'H1dd3nC0nt4',
	organizations: [
		{ OrganizationKey: 'O4mN8bVc2Xz', FullName: 'Sharma Holdings Ltd', EmailAddress: 'office@sharma.example' },
		{ OrganizationKey: 'O9kL3jH7gFd', FullName: 'Acme Accounting', EmailAddress: 'hello@acme.example' },
	],
	clientGroups: [
		...numbered(130, (n) => ({ ClientGroupKey: `Gx${n}Pg7mQ2`, FullName: `Paged Group ${n}` })),
		{ ClientGroupKey: 'G5tY7uI9oPa', FullName: 'Sharma Family' },
		{ ClientGroupKey: 'G1qW3eR5tYu', FullName: 'Patel Group' },
	],
	workItems: [
		{ WorkItemKey: 'RXq4mD62PXg', Title: 'Q4 Bookkeeping', ClientName: 'Acme Accounting', PrimaryStatus: 'In Progress', StartDate: '2026-10-01T00:00:00Z' },
		{ WorkItemKey: 'W3nB5vC7xZq', Title: '2026 Tax Return - Sharma', ClientName: 'Priya Sharma', PrimaryStatus: 'In Progress', StartDate: '2026-03-01T00:00:00Z' },
		{ WorkItemKey: 'W8mK2jL4hGf', Title: 'Payroll setup', ClientName: 'Acme Accounting', PrimaryStatus: 'Planned', StartDate: '2026-05-12T00:00:00Z' },
	],
	integrationTasks: [{ TaskKey: 'T6pO4iU2yTr', TaskName: 'Collect bank statements', TaskStatus: 'Open', WorkItemKey: 'W3nB5vC7xZq' }],
};

const LISTS: Record<string, RecordList> = {
	Contacts: {
		entity: 'Contact',
		keyField: 'ContactKey',
		contains: ['FullName', 'EmailAddress', 'PhoneNumber', 'ContactType'],
		eq: ['ExternalKey'],
		orderBy: ['FullName', 'LastModifiedDateTime'],
		caseInsensitive: ['FullName', 'EmailAddress'],
		paged: true,
		records: KARBON_RECORDS.contacts,
	},
	Organizations: {
		entity: 'Organization',
		keyField: 'OrganizationKey',
		contains: ['FullName', 'EmailAddress', 'ContactType'],
		eq: ['ExternalKey'],
		orderBy: ['FullName', 'LastModifiedDateTime'],
		caseInsensitive: ['FullName', 'EmailAddress'],
		paged: true,
		records: KARBON_RECORDS.organizations,
	},
	ClientGroups: {
		entity: 'ClientGroup',
		keyField: 'ClientGroupKey',
		contains: [],
		eq: ['FullName'],
		orderBy: ['FullName'],
		caseInsensitive: [],
		paged: true,
		records: KARBON_RECORDS.clientGroups,
	},
	WorkItems: {
		entity: 'WorkItem',
		keyField: 'WorkItemKey',
		contains: ['Title', 'AssigneeEmailAddress', 'WorkStatus', 'WorkType'],
		eq: ['ClientKey', 'PrimaryStatus', 'WorkScheduleKey', 'WorkTemplateKey'],
		orderBy: ['StartDate', 'DeadlineDate'],
		caseInsensitive: [],
		paged: true,
		records: KARBON_RECORDS.workItems,
	},
	IntegrationTasks: {
		entity: 'IntegrationTask',
		keyField: 'TaskKey',
		contains: [],
		eq: ['TaskDefinitionKey', 'WorkItemKey', 'WorkItemClientKey'],
		orderBy: ['CreatedAt'],
		caseInsensitive: [],
		paged: false,
		records: KARBON_RECORDS.integrationTasks,
	},
};

const odataError = (status: number, code: string, message: string): Reply => ({ status, body: { error: { code, message } } });

const badQuery = (message: string) => odataError(400, '4002', message);

type Condition = (record: Record<string, string>) => boolean;

/** `contains(P, 'x')` and `P eq 'x'`, joined by `and`: the forms the contract lists. */
function parseFilter(list: RecordList, filter: string): Condition | Reply {
	const conditions: Condition[] = [];
	for (const clause of filter.split(/\s+and\s+/)) {
		const match = /^\s*(?:contains\((\w+),\s*'(.*)'\)|(\w+)\s+eq\s+'(.*)')\s*$/.exec(clause);
		if (!match) return badQuery(`The query specified in the URI is not valid: '${clause}'.`);
		const [, containsProperty, containsValue, eqProperty, eqValue] = match;
		const property = containsProperty ?? eqProperty;
		const literal = containsValue ?? eqValue;
		if (literal.includes("'")) return badQuery(`Syntax error at position ${filter.indexOf(literal)} in '${filter}'.`);
		const allowed = containsProperty ? list.contains : [...list.contains, ...list.eq];
		if (!allowed.includes(property)) {
			return badQuery(`Could not find a property named '${property}' on type 'KarbonService.${list.entity}SummaryDTO'.`);
		}
		const fold = (text: string) => (list.caseInsensitive.includes(property) ? text.toLowerCase() : text);
		conditions.push((record) => {
			const value = fold(record[property] ?? '');
			return containsProperty ? value.includes(fold(literal)) : value === fold(literal);
		});
	}
	return (record) => conditions.every((condition) => condition(record));
}

function listRecords(list: RecordList, collection: string, query: URLSearchParams): Reply {
	const allowedOptions = list.paged ? ['$filter', '$orderby', '$top', '$skip', '$count'] : ['$filter', '$orderby'];
	const unknown = [...query.keys()].find((option) => !allowedOptions.includes(option));
	if (unknown) return badQuery(`Query option '${unknown.replace(/^\$/, '')}' is not allowed.`);
	const top = query.has('$top') ? Number(query.get('$top')) : 100;
	if (!Number.isInteger(top) || top < 1) return badQuery(`Invalid value '${query.get('$top')}' for $top query option.`);
	if (top > 100) return badQuery("The limit of '100' for Top query has been exceeded. The value from the incoming request is '" + top + "'.");
	const skip = Number(query.get('$skip') ?? 0);
	const orderBy = query.get('$orderby');
	if (orderBy && !list.orderBy.some((property) => orderBy === property || orderBy === `${property} desc`)) {
		return badQuery(`Order by '${orderBy}' is not supported.`);
	}
	if (skip > 0 && !orderBy) return badQuery('A page past the first needs $orderby, else pages are not stable.');
	let records = list.records;
	const filter = query.get('$filter');
	if (filter) {
		const condition = parseFilter(list, filter);
		if (typeof condition !== 'function') return condition;
		records = records.filter(condition);
	}
	if (orderBy) {
		const [property, direction] = orderBy.split(' ');
		records = [...records].sort((a, b) => (a[property] ?? '').localeCompare(b[property] ?? '') * (direction === 'desc' ? -1 : 1));
	}
	const page = records.slice(skip, skip + top);
	const next = new URLSearchParams(query);
	next.set('$skip', String(skip + top));
	return {
		status: 200,
		body: {
			'@odata.context': `https://api.karbonhq.com/v3/$metadata#${collection}`,
			'@odata.count': records.length,
			// Karbon's own host, as its answers name it: a client follows the path, not the host.
			...(list.paged && skip + top < records.length && { '@odata.nextLink': `https://api.karbonhq.com/v3/${collection}?${next.toString()}` }),
			value: page.map((record) => ({ '@odata.type': `#KarbonService.${list.entity}SummaryDTO`, ...record })),
		},
	};
}

/** GET /v3/{Collection}[/{key}]: undefined when the path is not a record list or read. */
function readRecords(request: ReceivedRequest, options: KarbonSandboxOptions): Reply | undefined {
	const match = /^\/v3\/(Contacts|Organizations|ClientGroups|WorkItems|IntegrationTasks)(?:\/([^/]+))?$/.exec(request.path);
	if (!match) return undefined;
	const [, collection, key] = match;
	const documented = LISTS[collection];
	// Karbon's spec lists only eq for organizations, its guides contains too: the sandbox can play either.
	const list = options.organizationsEqOnly && collection === 'Organizations' ? { ...documented, contains: [], eq: [...documented.contains, ...documented.eq] } : documented;
	if (collection === 'IntegrationTasks' && !options.integrationPartner) {
		return odataError(403, '4003', 'Integration tasks are restricted to approved integration partners.');
	}
	if (!key) return listRecords(list, collection, request.query);
	const record = list.records.find((candidate) => candidate[list.keyField] === decodeURIComponent(key));
	if (!record) return odataError(404, '4004', `No ${list.entity} found for provided key`);
	return { status: 200, body: { '@odata.context': `https://api.karbonhq.com/v3/$metadata#${collection}/$entity`, ...record } };
}

export interface KarbonSandboxOptions {
	/** The account's API application is an approved integration partner: it may list integration tasks. */
	integrationPartner?: boolean;
	/** Organizations searched as Karbon's spec says (eq only), not as its guides do (contains too). */
	organizationsEqOnly?: boolean;
}

export function karbonSandbox(options: KarbonSandboxOptions = {}): Sandbox {
	return new Sandbox((request, sandbox) => {
		if (!authorised(request)) return KARBON_ERRORS.unauthorized;
		if (request.method === 'GET' && request.path === '/v3/TenantSettings') {
			return { status: 200, body: { TenantKey: 'sandbox', Name: 'Sandbox Practice' } };
		}
		// Forced replies stay for the uploads; a test faults a read with answerMatching.
		if (request.method === 'GET') {
			const read = readRecords(request, options);
			if (read) return read;
		}
		if (request.method === 'POST' && request.path === '/v3/Files') {
			if (!String(request.headers['content-type']).startsWith('multipart/form-data')) return KARBON_ERRORS.noFile;
			return uploadFile(request, sandbox);
		}
		return error(404, `No route for ${request.method} ${request.path}`);
	});
}
