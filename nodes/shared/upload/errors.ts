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
	const httpCode = Number((error as { httpCode?: string })?.httpCode);
	const status = response?.status ?? (Number.isInteger(httpCode) && httpCode > 0 ? httpCode : undefined);
	const retryAfter = Number(response?.headers?.['retry-after']);
	const fallback =
		(cause as { code?: string })?.code ?? (cause as Error)?.message ?? 'No answer from the server';
	const code = (cause as { code?: unknown })?.code;
	const chain = causeChain(error);
	const answered = chain.some((level) => (level as { response?: unknown }).response);
	const refusal = answered ? undefined : chain.find(isN8nUserError);
	return {
		status,
		providerMessage: messageFromBody(response?.data) ?? String(fallback),
		retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
		...(typeof code === 'string' && !response && { code }),
		...(response && { responseHeaders: response.headers, responseBody: response.data }),
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
	return error;
}

/**
 * Credential fields that are not secret and that a message may usefully show. The last two
 * are the domain restriction n8n adds to every credential: masking them turned n8n's own
 * "Only the following domains are allowed" into "Only the following *** are allowed".
 */
const PUBLIC_CREDENTIAL_FIELDS = new Set([
	'baseUrl', 'baseUrlOverride', 'domain', 'authType', 'locationId', 'testAppId', 'username', 'basicAuth',
	'basicAuthUser', 'grantType', 'authUrl', 'accessTokenUrl', 'scope', 'authQueryParameters', 'authentication', 'clientId',
	'allowedHttpRequestDomains', 'allowedDomains',
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
 * Every secret of the node's credentials as it could travel: the values, each token of a
 * list, and the Base64 `login:password` pairs that Basic and Kintone's login headers carry.
 */
export async function credentialSecrets(ctx: IExecuteSingleFunctions): Promise<string[]> {
	const secrets = new Set<string>();
	for (const type of Object.keys(ctx.getNode().credentials ?? {})) {
		let data: Record<string, unknown>;
		try {
			data = await ctx.getCredentials(type);
		} catch {
			continue; // a credential of an authentication method the node does not use
		}
		collectSecrets(data, '', secrets);
		for (const [user, password] of [['username', 'password'], ['basicAuthUser', 'basicAuthPassword']]) {
			if (data[password]) secrets.add(Buffer.from(`${String(data[user] ?? '')}:${String(data[password])}`, 'utf8').toString('base64'));
		}
	}
	return [...secrets].sort((a, b) => b.length - a.length);
}

function redact(text: string, secrets: string[]): string {
	return secrets.reduce((result, secret) => result.split(secret).join('***'), text);
}

/**
 * A provider may echo the request back in its error (headers included): whatever of the
 * credentials appears in the error's texts is replaced by ***.
 */
export async function redactCredentials(ctx: IExecuteSingleFunctions, error: NodeOperationError | NodeApiError): Promise<void> {
	const texts = [error.message, error.description ?? '', JSON.stringify((error as NodeApiError).errorResponse ?? {})].join('\n');
	const secrets = (await credentialSecrets(ctx)).filter((secret) => texts.includes(secret));
	if (secrets.length === 0) return;
	error.message = redact(error.message, secrets);
	if (error.description) error.description = redact(error.description, secrets);
	const apiError = error as NodeApiError & { messages?: string[] };
	if (apiError.messages) apiError.messages = apiError.messages.map((message) => redact(message, secrets));
	if (apiError.errorResponse) apiError.errorResponse = JSON.parse(redact(JSON.stringify(apiError.errorResponse), secrets));
}
