import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

const SCOPES = ['oauth', 'files', 'crm.objects.contacts.write', 'crm.objects.companies.write', 'crm.objects.deals.write', 'tickets'];

/** HubSpot public app, OAuth2: files, plus the CRM scopes "Upload and Attach to Record" needs. */
export class HubSpotFilesOAuth2Api implements ICredentialType {
	name = 'hubSpotFilesOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'HubSpot Files OAuth2 API';

	icon: Icon = { light: 'file:../icons/hubspot.svg', dark: 'file:../icons/hubspot.dark.svg' };

	documentationUrl = 'https://developers.hubspot.com/docs/api/oauth-quickstart-guide';

	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: 'https://app.hubspot.com/oauth/authorize' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: 'https://api.hubapi.com/oauth/v1/token' },
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: SCOPES.join(' '),
		},
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
		{
			displayName: `Your HubSpot app needs these scopes: ${SCOPES.join(', ')}. The CRM ones are for "Upload and Attach to Record"; select them in the app's scopes in HubSpot.`,
			name: 'scopesNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			description: 'Leave as is unless you route HubSpot calls through a proxy or a test server',
		},
	];
}
