import type { ProviderApi } from '../../shared/transport';

/** Karbon's API root, unless the credential names a proxy or a test server. */
export const KARBON_API_URL = 'https://api.karbonhq.com';

export const karbonApi: ProviderApi = {
	credentials: [{ authentication: 'accessToken', type: 'karbonFilesApi' }],
	baseUrlOf: (credentials) => String(credentials.baseUrl || KARBON_API_URL),
};
