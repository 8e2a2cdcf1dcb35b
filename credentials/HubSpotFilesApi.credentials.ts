import type {
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateWithHeaders } from './shared/authenticateWithHeaders';

/** HubSpot with a private app's access token (scope `files`, plus CRM scopes to attach). */
export class HubSpotFilesApi implements ICredentialType {
	name = 'hubSpotFilesApi';

	displayName = 'HubSpot Files API';

	icon: Icon = { light: 'file:../icons/hubspot.svg', dark: 'file:../icons/hubspot.dark.svg' };

	documentationUrl = 'https://developers.hubspot.com/docs/api/private-apps';

	properties: INodeProperties[] = [
		{
			displayName: 'Private App Token',
			name: 'privateAppToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'e.g. pat-na1-…',
			description:
				'The access token of a HubSpot private app with the scope "files"; "Upload and Attach to Record" also needs the write scope of the record type (e.g. crm.objects.contacts.write)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			description: 'Leave as is unless you route HubSpot calls through a proxy or a test server',
		},
	];

	authenticate = authenticateWithHeaders((credentials) => ({ Authorization: `Bearer ${String(credentials.privateAppToken)}` }));

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/files/v3/folders/search',
			qs: { limit: 1 },
			method: 'GET',
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'HubSpot did not accept the token (HTTP 401): copy the private app\'s access token (it starts with pat-) again.' } },
			{ type: 'responseCode', properties: { value: 403, message: 'HubSpot accepted the token but refused the call (HTTP 403): give the private app the "files" scope.' } },
		],
	};
}
