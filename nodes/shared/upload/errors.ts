import type { IExecuteSingleFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * A refused input: names the item, the parameter and the fix. Thrown before any request
 * is sent, so nothing reaches the provider.
 */
export function inputError(
	ctx: IExecuteSingleFunctions,
	parameter: string,
	problem: string,
	fix: string,
): NodeOperationError {
	const itemIndex = ctx.getItemIndex();
	return new NodeOperationError(ctx.getNode(), `${parameter}: ${problem} [item ${itemIndex}]`, {
		itemIndex,
		description: fix,
	});
}

/**
 * Errors reach the workflow as NodeOperationError or NodeApiError; anything else (a bug,
 * a stream that broke) is wrapped so it still names the item.
 */
export function asNodeError(ctx: IExecuteSingleFunctions, error: unknown): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: ctx.getItemIndex() });
}

export interface ProviderFailure {
	/** HTTP status, or undefined when no answer came (connection refused, timeout). */
	status?: number;
	/** The provider's own words, joined when it sends a list. */
	providerMessage: string;
	/** Seconds the provider asks to wait, when it says so. */
	retryAfterSeconds?: number;
	/** The network error code when no answer came, e.g. ECONNREFUSED. */
	code?: string;
	/** The answer's headers and body, for provider-specific rate-limit rules. */
	responseHeaders?: Record<string, unknown>;
	responseBody?: unknown;
	/**
	 * n8n refused to send the request (its credential domain allow-list, its SSRF guard):
	 * nothing reached the provider, and sending it again would be refused again. Holds n8n's
	 * description of the refusal, when it gives one.
	 */
	refusedByN8n?: { description?: string };
}

/** The error and the errors it wraps (`cause`), outermost first. */
function causeChain(error: unknown): object[] {
	const chain: object[] = [];
	for (let level = error; level && typeof level === 'object' && chain.length < 8; level = (level as { cause?: unknown }).cause) {
		chain.push(level);
	}
	return chain;
}

/**
 * n8n's UserError: raised by n8n's own guards for the user's settings, before a request is
 * sent. Told by its class name, because n8n's network layer may carry its own copy of
 * n8n-workflow (instanceof would not match it).
 */
function isN8nUserError(value: object): value is Error & { description?: string } {
	for (let proto = Object.getPrototypeOf(value); proto; proto = Object.getPrototypeOf(proto)) {
		if ((proto as { constructor?: { name?: string } }).constructor?.name === 'UserError') return true;
	}
	return false;
}

const MESSAGE_KEYS = ['message', 'Message', 'error_description', 'error', 'title', 'detail'];

const MAX_MESSAGE_LENGTH = 500;

/** A proxy's HTML error page says little beyond its title. */
function messageFromHtml(html: string): string {
	const title = /<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? /<h1>([^<]*)<\/h1>/i.exec(html)?.[1];
	return title ? `an HTML page: "${title.trim()}"` : 'an HTML page';
}

function messageFromBody(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		if (!text) return undefined;
		if (text.startsWith('<')) return messageFromHtml(text);
		return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
	}
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	for (const key of MESSAGE_KEYS) {
		const value = record[key];
		if (typeof value === 'string' && value.trim()) return messageFromBody(value);
		// Some providers (HighLevel's 422) send a list of messages.
		if (Array.isArray(value) && value.length) return value.map(String).join('; ');
		if (value && typeof value === 'object') {
			const nested = messageFromBody(value);
			if (nested) return nested;
		}
	}
	return undefined;
}

/**
 * Reads what the provider answered out of the error n8n's request helper throws. Only the
 * status, body and Retry-After are kept: the original error also carries the request's
 * headers, credentials included, and must never reach the output.
 */
export function readProviderFailure(error: unknown): ProviderFailure {
	const cause = (error as { cause?: unknown })?.cause ?? error;
	const response = (cause as { response?: { status?: number; data?: unknown; headers?: Record<string, unknown> } })
		?.response;
	// n8n's own reading of the failure: the HTTP status, or a network code when no answer came.
	const httpCode = (error as { httpCode?: unknown })?.httpCode;
	const httpStatus = Number(httpCode);
	const status = response?.status ?? (Number.isInteger(httpStatus) && httpStatus > 0 ? httpStatus : undefined);
	// Seconds only: an empty header is no wait of 0 s (Number('') is 0), a date none we act on.
	const retryAfterText = String(response?.headers?.['retry-after'] ?? '').trim();
	const retryAfter = /^\d+(\.\d+)?$/.test(retryAfterText) ? Number(retryAfterText) : undefined;
	// n8n 1.x drops the HTTP client's error from the one it throws (its `cause` is reset): only
	// the status or network code (httpCode) and a JSON body (context.data) are left, no headers.
	const networkCode = !response && typeof httpCode === 'string' && /^E[A-Z_]+$/.test(httpCode) ? httpCode : undefined;
	const body = response ? response.data : (error as { context?: { data?: unknown } })?.context?.data;
	// An error of ours (providerError, e.g. from a follow-up call) keeps the provider's own words and the network code.
	const own = (error as { context?: { providerMessage?: unknown; networkCode?: unknown } })?.context;
	const code = (cause as { code?: unknown })?.code ?? networkCode ?? own?.networkCode;
	const fallback = code ?? (cause as Error)?.message ?? 'No answer from the server';
	const chain = causeChain(error);
	const answered = chain.some((level) => (level as { response?: unknown }).response);
	const refusal = answered ? undefined : chain.find(isN8nUserError);
	return {
		status,
		providerMessage: typeof own?.providerMessage === 'string' ? own.providerMessage : (messageFromBody(body) ?? String(fallback)),
		retryAfterSeconds: retryAfter,
		...(typeof code === 'string' && !response && { code }),
		...(response && { responseHeaders: response.headers }),
		...(body !== undefined && { responseBody: body }),
		...(refusal && { refusedByN8n: { description: typeof refusal.description === 'string' ? refusal.description : undefined } }),
	};
}

export function providerError(
	ctx: IExecuteSingleFunctions,
	provider: string,
	what: string,
	failure: ProviderFailure,
	extraDescription?: string,
): NodeApiError {
	const statusText = failure.status ? `HTTP ${failure.status}` : 'no answer';
	const hints: string[] = [];
	if (failure.refusedByN8n) {
		hints.push(...[failure.refusedByN8n.description, `Nothing was sent to ${provider}.`].filter((hint) => hint !== undefined));
	}
	if (failure.status === 401 || failure.status === 403) {
		hints.push(`Check the ${provider} credential: the provider did not accept it.`);
	}
	if (failure.retryAfterSeconds !== undefined) {
		hints.push(`${provider} asks to wait ${failure.retryAfterSeconds} s before the next request.`);
	}
	if (extraDescription) hints.push(extraDescription);
	const errorResponse: JsonObject = {
		status: failure.status ?? null,
		message: failure.providerMessage,
	};
	const message = failure.refusedByN8n
		? `n8n did not send ${what} to ${provider}: ${failure.providerMessage}`
		: `${provider} refused ${what} (${statusText}): ${failure.providerMessage}`;
	const error = new NodeApiError(ctx.getNode(), errorResponse, {
		itemIndex: ctx.getItemIndex(),
		httpCode: failure.status ? String(failure.status) : undefined,
		message,
		description: hints.join(' ') || undefined,
	});
	// NodeApiError puts its own wording on network error codes ("perhaps the server is
	// offline"); ours names the provider, the file and the code.
	error.message = message;
	error.context.providerMessage = failure.providerMessage;
	if (failure.code) error.context.networkCode = failure.code;
	return error;
}

/**
 * Credential fields that are not secret and that a message may usefully show. The last two
 * are the domain restriction n8n adds to every credential: masking them turned n8n's own
 * "Only the following domains are allowed" into "Only the following *** are allowed".
 * `token_type` is OAuth2's "bearer": masking it would hide the word in every header shown.
 */
const PUBLIC_CREDENTIAL_FIELDS = new Set([
	'baseUrl', 'baseUrlOverride', 'domain', 'authType', 'locationId', 'testAppId', 'username', 'basicAuth',
	'basicAuthUser', 'grantType', 'authUrl', 'accessTokenUrl', 'scope', 'authQueryParameters', 'authentication', 'clientId',
	'token_type', 'allowedHttpRequestDomains', 'allowedDomains',
]);

function collectSecrets(value: unknown, key: string, into: Set<string>): void {
	if (PUBLIC_CREDENTIAL_FIELDS.has(key)) return;
	if (typeof value === 'string') {
		for (const part of [value, ...value.split(',')]) if (part.trim().length >= 6) into.add(part.trim());
	} else if (value && typeof value === 'object') {
		for (const [innerKey, inner] of Object.entries(value)) collectSecrets(inner, innerKey, into);
	}
}

/**
 * Every secret of one credential's data as it could travel: the values, each token of a
 * list, and the Base64 `login:password` pairs that Basic and Kintone's login headers carry.
 */
export function secretsOf(data: Record<string, unknown>): string[] {
	const secrets = new Set<string>();
	collectSecrets(data, '', secrets);
	for (const [user, password] of [['username', 'password'], ['basicAuthUser', 'basicAuthPassword']]) {
		if (data[password]) secrets.add(Buffer.from(`${String(data[user] ?? '')}:${String(data[password])}`, 'utf8').toString('base64'));
	}
	// As JSON writes them too: a secret holding a quote or a backslash is escaped in JSON text.
	for (const secret of [...secrets]) secrets.add(JSON.stringify(secret).slice(1, -1));
	return [...secrets].sort((a, b) => b.length - a.length);
}

/** The secrets of every credential the node has. */
export async function credentialSecrets(ctx: IExecuteSingleFunctions): Promise<string[]> {
	const secrets = new Set<string>();
	for (const type of Object.keys(ctx.getNode().credentials ?? {})) {
		let data: Record<string, unknown>;
		try {
			data = await ctx.getCredentials(type);
		} catch {
			continue; // a credential of an authentication method the node does not use
		}
		for (const secret of secretsOf(data)) secrets.add(secret);
	}
	return [...secrets].sort((a, b) => b.length - a.length);
}

function redact(text: string, secrets: string[]): string {
	return secrets.reduce((result, secret) => result.split(secret).join('***'), text);
}

/**
 * A copy of a value with every secret in it replaced, or the value itself when none is in it.
 * Replaced in the value's JSON text: where a secret stood in a number (a PIN-like password in
 * an id), that text no longer parses and is kept as redacted text.
 */
function redactedCopy(value: unknown, secrets: string[]): unknown {
	if (typeof value === 'string') return redact(value, secrets);
	if (typeof value === 'number') {
		const text = redact(String(value), secrets);
		return text === String(value) ? value : text;
	}
	if (!value || typeof value !== 'object') return value;
	const seen = new WeakSet<object>();
	const text = JSON.stringify(value, (_key, inner: unknown) => {
		if (!inner || typeof inner !== 'object') return inner;
		if (seen.has(inner)) return undefined; // a cycle (a socket, a request) carries nothing to keep
		seen.add(inner);
		return inner instanceof Error ? { name: inner.name, message: inner.message } : inner;
	});
	if (text === undefined) return undefined;
	if (!secrets.some((secret) => text.includes(secret))) return value;
	const redacted = redact(text, secrets);
	try {
		return JSON.parse(redacted) as unknown;
	} catch {
		return redacted;
	}
}

type RedactableError = Error & {
	description?: string;
	messages?: string[];
	errorResponse?: unknown;
	context?: unknown;
	response?: { data?: unknown; headers?: unknown };
	config?: { headers?: unknown };
};

/** The texts and answer of one error, redacted in place; its structure stays for whoever reads it next. */
function redactFields(error: RedactableError, secrets: string[]): void {
	error.message = redact(String(error.message), secrets);
	if (typeof error.stack === 'string') error.stack = redact(error.stack, secrets);
	if (typeof error.description === 'string') error.description = redact(error.description, secrets);
	if (Array.isArray(error.messages)) error.messages = error.messages.map((message) => redact(String(message), secrets));
	for (const key of ['errorResponse', 'context'] as const) {
		if (error[key] !== undefined) error[key] = redactedCopy(error[key], secrets);
	}
	// An HTTP client's error: the answer keeps what the retry rules read (status, headers, body);
	// the request sent, its sockets and agents (raw header lines included) are let go.
	if (error.response && typeof error.response === 'object') {
		const { status, statusText, headers, data } = error.response as Record<string, unknown>;
		error.response = { status, statusText, headers: redactedCopy(headers, secrets), data: redactedCopy(data, secrets) } as RedactableError['response'];
	} else if (error.response !== undefined) {
		error.response = redactedCopy(error.response, secrets) as RedactableError['response'];
	}
	if (error.config && typeof error.config === 'object') {
		const { method, url, baseURL, headers } = error.config as Record<string, unknown>;
		error.config = { method, url, baseURL, headers: redactedCopy(headers, secrets) } as RedactableError['config'];
	} else if (error.config !== undefined) {
		error.config = redactedCopy(error.config, secrets) as RedactableError['config'];
	}
	if ('request' in error) (error as { request?: unknown }).request = undefined;
}

/**
 * A provider may echo the request back in its error (headers included), and n8n keeps the
 * answer in several places of the error it stores with the execution and logs: the message,
 * the description, `messages`, `errorResponse`, `context` (n8n puts the answer's body in
 * `context.data`), the `cause` chain and the stacks. Whatever of the credentials appears in
 * any of them is replaced by ***, on every level of the chain. With `keepCause: false` (the
 * error a node hands to n8n) the raw cause is then replaced by its redacted name and message.
 */
export function redactError(error: Error, secrets: string[], { keepCause = false } = {}): void {
	if (secrets.length === 0) return;
	// Every level, however deep; a chain that loops back is followed once.
	const seen = new Set<Error>();
	for (let level: unknown = error; level instanceof Error && !seen.has(level); level = level.cause) {
		seen.add(level);
		redactFields(level as RedactableError, secrets);
		if (level.cause !== undefined && !(level.cause instanceof Error)) level.cause = redactedCopy(level.cause, secrets);
	}
	if (!keepCause && error.cause instanceof Error) error.cause = { name: error.cause.name, message: error.cause.message };
}

/** redactError with the secrets of the node's credentials. */
export async function redactCredentials(ctx: IExecuteSingleFunctions, error: NodeOperationError | NodeApiError): Promise<void> {
	redactError(error, await credentialSecrets(ctx));
}
