import type { IDataObject } from 'n8n-workflow';

import { apiRequest, type ApiContext, type ProviderApi } from '../../shared/transport';

export const HIGHLEVEL_API_VERSION = '2021-07-28';

export const HIGHLEVEL_API_URL = 'https://services.leadconnectorhq.com';

export const highLevelApi: ProviderApi = {
	credentials: [
		{ authentication: 'accessToken', type: 'highLevelFilesApi' },
		{ authentication: 'oAuth2', type: 'highLevelFilesOAuth2Api' },
	],
	baseUrlOf: (credentials) => String(credentials.baseUrl || HIGHLEVEL_API_URL),
	headers: { Version: HIGHLEVEL_API_VERSION },
};

/**
 * The location of a request: the node's Location ID when set, else the credential's (a
 * Private Integration credential stores it; an OAuth2 location token carries it).
 */
export function locationIdOf(nodeLocationId: unknown, credentials: IDataObject): string {
	const tokenData = (credentials.oauthTokenData ?? {}) as IDataObject;
	return String(nodeLocationId || credentials.locationId || tokenData.locationId || '').trim();
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
/** GET /locations/{id}/customFields?model=contact: the location's contact fields. */
export const customFieldsRequest = (locationId: string) => ({ url: `/locations/${encodeURIComponent(locationId)}/customFields`, qs: { model: 'contact' } });

/** The FILE_UPLOAD fields of that answer. */
export const fileUploadFieldsIn = (answer: unknown): HighLevelCustomField[] =>
	((answer as { customFields?: HighLevelCustomField[] } | undefined)?.customFields ?? []).filter((field) => field.dataType === 'FILE_UPLOAD');

export async function fileUploadFields(ctx: ApiContext, locationId: string): Promise<HighLevelCustomField[]> {
	const { url, qs } = customFieldsRequest(locationId);
	return fileUploadFieldsIn(await apiRequest(ctx, highLevelApi, 'GET', url, qs));
}
