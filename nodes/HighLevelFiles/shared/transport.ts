import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

export const HIGHLEVEL_API_VERSION = '2021-07-28';
export const HIGHLEVEL_BASE_URL = 'https://services.leadconnectorhq.com';

type HighLevelContext = IExecuteSingleFunctions | ILoadOptionsFunctions;

export function credentialTypeOf(ctx: HighLevelContext): string {
	return ctx.getNodeParameter('authentication', 'accessToken') === 'oAuth2'
		? 'highLevelFilesOAuth2Api'
		: 'highLevelFilesApi';
}

/**
 * The location of a request: the node's Location ID when set, else the credential's (a
 * Private Integration credential stores it; an OAuth2 location token carries it).
 */
export function locationIdOf(nodeLocationId: unknown, credentials: IDataObject): string {
	const tokenData = (credentials.oauthTokenData ?? {}) as IDataObject;
	return String(nodeLocationId || credentials.locationId || tokenData.locationId || '').trim();
}

export async function highLevelApiRequest<T>(
	ctx: HighLevelContext,
	method: IHttpRequestMethods,
	path: string,
	qs: IDataObject = {},
): Promise<T> {
	const credentialType = credentialTypeOf(ctx);
	const credentials = await ctx.getCredentials(credentialType);
	const baseURL = String(credentials.baseUrl || HIGHLEVEL_BASE_URL).replace(/\/+$/, '');
	return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
		method,
		baseURL,
		url: path,
		qs,
		headers: { Accept: 'application/json', Version: HIGHLEVEL_API_VERSION },
		json: true,
	})) as T;
}

export interface HighLevelCustomField {
	id: string;
	name: string;
	dataType: string;
	fieldKey?: string;
	isMultiFileAllowed?: boolean;
	maxFileLimit?: number;
}

/** GET /locations/{id}/customFields?model=contact, only the FILE_UPLOAD fields. */
export async function fileUploadFields(ctx: HighLevelContext, locationId: string): Promise<HighLevelCustomField[]> {
	const { customFields = [] } = await highLevelApiRequest<{ customFields?: HighLevelCustomField[] }>(
		ctx,
		'GET',
		`/locations/${encodeURIComponent(locationId)}/customFields`,
		{ model: 'contact' },
	);
	return customFields.filter((field) => field.dataType === 'FILE_UPLOAD');
}
