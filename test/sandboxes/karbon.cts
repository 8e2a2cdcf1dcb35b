import { Sandbox, type ReceivedRequest, type Reply } from '../sandboxes/sandbox.cjs';

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

export function karbonSandbox(): Sandbox {
	return new Sandbox((request, sandbox) => {
		if (!authorised(request)) return KARBON_ERRORS.unauthorized;
		if (request.method === 'GET' && request.path === '/v3/TenantSettings') {
			return { status: 200, body: { TenantKey: 'sandbox', Name: 'Sandbox Practice' } };
		}
		if (request.method === 'POST' && request.path === '/v3/Files') {
			if (!String(request.headers['content-type']).startsWith('multipart/form-data')) return KARBON_ERRORS.noFile;
			return uploadFile(request, sandbox);
		}
		return error(404, `No route for ${request.method} ${request.path}`);
	});
}
