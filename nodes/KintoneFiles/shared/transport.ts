import type { IDataObject } from 'n8n-workflow';

import { apiRequest, type ApiContext, type ProviderApi } from '../../shared/transport';

/**
 * Kintone has no shared API host: each account has its own (the credential's Domain), and
 * the nodes send every request there. This, the service's own site, stands in where n8n
 * asks a node for its API root before any credential is applied (requestDefaults).
 */
export const KINTONE_SERVICE_URL = 'https://kintone.com';

export const kintoneApi: ProviderApi = {
	credentials: [{ authentication: 'default', type: 'kintoneFilesApi' }],
	baseUrlOf: (credentials) => String(credentials.baseUrlOverride || `https://${String(credentials.domain ?? '').trim()}`),
};

/** `/k/v1/{endpoint}`, or `/k/guest/{space}/v1/{endpoint}` inside a guest space. */
export function kintonePath(ctx: ApiContext, endpoint: string): string {
	const guestSpaceId = String((ctx.getNodeParameter('options', {}) as IDataObject).guestSpaceId ?? '').trim();
	return guestSpaceId ? `/k/guest/${encodeURIComponent(guestSpaceId)}/v1/${endpoint}` : `/k/v1/${endpoint}`;
}

export interface KintoneFormField {
	type: string;
	code: string;
	label: string;
}

/** GET app/form/fields.json: the app's fields by field code. */
export async function formFields(ctx: ApiContext, app: string): Promise<Record<string, KintoneFormField>> {
	const { properties = {} } = await apiRequest<{ properties?: Record<string, KintoneFormField> }>(
		ctx,
		kintoneApi,
		'GET',
		kintonePath(ctx, 'app/form/fields.json'),
		{ app },
	);
	return properties;
}
