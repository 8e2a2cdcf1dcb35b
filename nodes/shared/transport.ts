import { getCredentialAllowedDomains } from 'n8n-workflow';
import { redactError, secretsOf } from './upload/errors';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

/** A provider's JSON API as the nodes call it outside of routing (pickers, look-ups). */
export interface ProviderApi {
	/** The credential type for each value of the node's `authentication` parameter, default first. */
	credentials: Array<{ authentication: string; type: string }>;
	/** The API's root from the credential's data (a base URL field, a domain). */
	baseUrlOf(credentials: IDataObject): string;
	headers?: Record<string, string>;
}

export type ApiContext = IExecuteSingleFunctions | ILoadOptionsFunctions;

export function credentialTypeOf(ctx: ApiContext, api: ProviderApi): string {
	const [fallback] = api.credentials;
	const authentication = ctx.getNodeParameter('authentication', fallback.authentication) as string;
	return (api.credentials.find((entry) => entry.authentication === authentication) ?? fallback).type;
}

/** The API root a credential points at (its Base URL field, its domain), without a trailing slash. */
export function baseUrlFrom(api: ProviderApi, credentials: IDataObject): string {
	return api.baseUrlOf(credentials).replace(/\/+$/, '');
}

export type RunCredential = ICredentialsDecrypted<ICredentialDataDecryptedObject>;

/**
 * The node's credential, read and decrypted once per node run and shared by the run's
 * requests. Sent without one, each request makes n8n load the credential from its database
 * and decrypt it again (RoutingNode's own send always does): with 200 small files that was
 * a fifth of the node's time. Keyed by the run's execute data, which its items share; in
 * the editor (pickers) each call reads it afresh.
 */
const credentialByRun = new WeakMap<object, Map<string, Promise<RunCredential>>>();

export async function runCredential(ctx: ApiContext, api: ProviderApi): Promise<RunCredential> {
	const type = credentialTypeOf(ctx, api);
	const read = async (): Promise<RunCredential> => {
		const { id, name } = ctx.getNode().credentials?.[type] ?? {};
		return { id: id ?? '', name: name ?? '', type, data: await ctx.getCredentials<ICredentialDataDecryptedObject>(type) };
	};
	if (!('getExecuteData' in ctx)) return await read();
	const run = ctx.getExecuteData();
	let byType = credentialByRun.get(run);
	if (!byType) {
		byType = new Map();
		credentialByRun.set(run, byType);
	}
	let credential = byType.get(type);
	if (!credential) {
		credential = read();
		byType.set(type, credential);
	}
	return await credential;
}

const readsByRun = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * A read done once per node run and shared by its items (keyed by the run's execute data, like
 * the credential); in the editor (pickers) each call reads afresh. A read that fails is not
 * kept: the next item asks again. A failure the caller wants kept, it turns into a value.
 */
export async function oncePerRun<T>(ctx: ApiContext, key: string, read: () => Promise<T>): Promise<T> {
	if (!('getExecuteData' in ctx)) return await read();
	const run = ctx.getExecuteData();
	const reads = readsByRun.get(run) ?? new Map<string, Promise<unknown>>();
	readsByRun.set(run, reads);
	let value = reads.get(key) as Promise<T> | undefined;
	if (!value) {
		value = read().catch(async (error: unknown) => {
			reads.delete(key);
			return await Promise.reject(error);
		});
		reads.set(key, value);
	}
	return await value;
}

/**
 * n8n's credential domain allow-list ("Allowed HTTP Request Domains", which n8n 2.x adds to
 * every credential) for requests to the API root the credential names. RoutingNode computes
 * the list for the baseURL of requestDefaults, which names the provider's public host as
 * plain text; the core sends to the credential's own root (Kintone's domain, a Base URL), so
 * it asks n8n's same rule for that root, as RoutingNode does for a baseURL read from the
 * credential: the root is allowed, the list restricts every other host. Undefined when
 * RoutingNode set no list (no restriction, or an n8n without the feature).
 */
export function allowedDomainsFor(
	ctx: ApiContext,
	credential: RunCredential,
	apiRoot: string,
	routedAllowedDomains: string | undefined,
	/** n8n-workflow's rule of the installed n8n (a parameter so that each line's signature can be tested on any). */
	domainRule: typeof getCredentialAllowedDomains = getCredentialAllowedDomains,
): string | undefined {
	if (routedAllowedDomains === undefined || typeof domainRule !== 'function') return routedAllowedDomains;
	// n8n 1.x (and 2.x before 2.36.8) takes (credentialData, nodeEndpointUrl), the endpoint
	// always the credential's own; later n8n one options object. Told apart by what the
	// function takes: an object passed to the older one would read as credential data without
	// a restriction, and the list would be dropped.
	if (domainRule.length >= 2) {
		const positional = domainRule as unknown as (data: ICredentialDataDecryptedObject, endpoint: string) => string | undefined;
		return positional(credential.data ?? {}, apiRoot);
	}
	return domainRule({
		node: ctx.getNode(),
		credentialData: credential.data ?? {},
		credentialOwnedSurface: true,
		nodeEndpointUrl: apiRoot,
	});
}

/**
 * Sends through n8n's authenticated request helper with a credential already read (see
 * runCredential): the credential's own authentication, n8n's domain allow-list
 * (`allowedDomains` in the options) and OAuth2 token refresh all still apply.
 */
export async function requestWithCredential(ctx: ApiContext, credential: RunCredential, options: IHttpRequestOptions): Promise<unknown> {
	const request = ctx.helpers.httpRequestWithAuthentication.call(ctx, credential.type, options, { credentialsDecrypted: credential });
	// The error is n8n's own (its request helper's NodeApiError), passed on as it is, status and
	// answer readable, once redacted: whatever reads it next (a picker's message in the editor,
	// a lookup's error in the run data, the upload core's retry rules) sees no secret.
	return await request.catch(async (error: Error) => {
		redactError(error, secretsOf(credential.data ?? {}), { keepCause: true });
		return await Promise.reject(error);
	});
}

export async function apiRequest<T>(
	ctx: ApiContext,
	api: ProviderApi,
	method: IHttpRequestMethods,
	path: string,
	qs: IDataObject = {},
	body?: IDataObject,
): Promise<T> {
	const credential = await runCredential(ctx, api);
	return (await requestWithCredential(ctx, credential, {
		method,
		baseURL: baseUrlFrom(api, credential.data ?? {}),
		url: path,
		qs,
		...(body && { body }),
		headers: { Accept: 'application/json', ...api.headers },
		json: true,
	})) as T;
}
