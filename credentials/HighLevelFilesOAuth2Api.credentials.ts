import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/** HighLevel marketplace app, OAuth2 with a sub-account (location) token. */
export class HighLevelFilesOAuth2Api implements ICredentialType {
	name = 'highLevelFilesOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'HighLevel Files OAuth2 API';

	icon: Icon = { light: 'file:../icons/highlevel.svg', dark: 'file:../icons/highlevel.dark.svg' };

	documentationUrl = 'https://marketplace.gohighlevel.com/docs/Authorization/OAuth2.0';

	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: 'https://marketplace.gohighlevel.com/v2/oauth/chooselocation',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: 'https://services.leadconnectorhq.com/oauth/token',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'forms.write locations.readonly locations/customFields.readonly',
		},
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://services.leadconnectorhq.com',
			description: 'Leave as is unless you route HighLevel calls through a proxy or a test server',
		},
	];
}
