import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
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

export async function apiRequest<T>(
	ctx: ApiContext,
	api: ProviderApi,
	method: IHttpRequestMethods,
	path: string,
	qs: IDataObject = {},
	body?: IDataObject,
): Promise<T> {
	const credentialType = credentialTypeOf(ctx, api);
	const baseURL = baseUrlFrom(api, await ctx.getCredentials(credentialType));
	return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
		method,
		baseURL,
		url: path,
		qs,
		...(body && { body }),
		headers: { Accept: 'application/json', ...api.headers },
		json: true,
	})) as T;
}
