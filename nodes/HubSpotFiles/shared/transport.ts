import type { ProviderApi } from '../../shared/transport';

export const HUBSPOT_API_URL = 'https://api.hubapi.com';

export const hubSpotApi: ProviderApi = {
	credentials: [
		{ authentication: 'privateAppToken', type: 'hubSpotFilesApi' },
		{ authentication: 'oAuth2', type: 'hubSpotFilesOAuth2Api' },
	],
	baseUrlOf: (credentials) => String(credentials.baseUrl || HUBSPOT_API_URL),
};

/** HubSpot-defined association type ids, note → record. */
export const NOTE_ASSOCIATION_TYPE_IDS = { contact: 202, company: 190, deal: 214, ticket: 228 } as const;

