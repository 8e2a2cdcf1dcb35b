import type {
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateWithHeaders } from './shared/authenticateWithHeaders';

/**
 * Karbon authenticates every call with two headers: a bearer token (a GUID) and an
 * AccessKey (a JWT). Swapping them gives a 401, so each field says which is which.
 */
export class KarbonFilesApi implements ICredentialType {
	name = 'karbonFilesApi';

	displayName = 'Karbon Files API';

	icon: Icon = { light: 'file:../icons/karbon.svg', dark: 'file:../icons/karbon.dark.svg' };

	documentationUrl = 'https://developers.karbonhq.com/api/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'e.g. 3f9c2b1e-…',
			hint: 'The GUID, e.g. 3f9c2b1e-… (not the long value starting with eyJ)',
			description: 'The bearer token of your Karbon API application. Sent as "Authorization: Bearer …".',
		},
		{
			displayName: 'Access Key',
			name: 'accessKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'e.g. eyJhbGciOi…',
			hint: 'The long value starting with eyJ (a JWT), not the GUID',
			description: 'The tenant access key. Sent as the "AccessKey" header.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.karbonhq.com',
			description: 'Leave as is unless you route Karbon calls through a proxy or a test server',
		},
	];

	authenticate = authenticateWithHeaders((credentials) => ({
		Authorization: `Bearer ${String(credentials.accessToken)}`,
		AccessKey: String(credentials.accessKeySecret),
	}));

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v3/TenantSettings',
			method: 'GET',
		},
		// n8n's own words for a failed test are "Unauthorized" or "Forbidden": say what to check.
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'Karbon did not accept these keys (HTTP 401). Access Token is the GUID (e.g. 3f9c2b1e-…) and Access Key the JWT starting with eyJ: check that they are not swapped and that neither was cut short.' } },
			{ type: 'responseCode', properties: { value: 403, message: 'Karbon accepted the keys but refused the call (HTTP 403): the API application may not have access to this tenant.' } },
		],
	};
}
