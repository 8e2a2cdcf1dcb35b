import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

const SCOPES = ['forms.write', 'locations.readonly', 'locations/customFields.readonly', 'medias.write', 'medias.readonly'];

// HighLevel's two authorize hosts; the path and query are the same.
const STANDARD_AUTH_URL = 'https://marketplace.gohighlevel.com/v2/oauth/chooselocation';
const WHITE_LABEL_AUTH_URL = 'https://marketplace.leadconnectorhq.com/v2/oauth/chooselocation';

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
			type: 'options',
			default: STANDARD_AUTH_URL,
			required: true,
			options: [
				{ name: 'Standard', value: STANDARD_AUTH_URL, description: 'marketplace.gohighlevel.com' },
				{ name: 'White-Label', value: WHITE_LABEL_AUTH_URL, description: 'marketplace.leadconnectorhq.com, for white-labeled agencies' },
			],
			description: 'Where HighLevel asks the user to choose the sub-account. White-labeled agencies use the White-Label URL.',
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
			default: SCOPES.join(' '),
		},
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
		{
			displayName: `Your HighLevel app needs these scopes: ${SCOPES.join(', ')}. Select them in the app's settings in the HighLevel marketplace.`,
			name: 'scopesNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://services.leadconnectorhq.com',
			description: 'Leave as is unless you route HighLevel calls through a proxy or a test server',
		},
	];
}
