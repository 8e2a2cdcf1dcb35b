import type {
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateWithHeaders } from './shared/authenticateWithHeaders';

/** HighLevel (LeadConnector v2) with a sub-account's Private Integration Token. */
export class HighLevelFilesApi implements ICredentialType {
	name = 'highLevelFilesApi';

	displayName = 'HighLevel Files API';

	icon: Icon = { light: 'file:../icons/highlevel.svg', dark: 'file:../icons/highlevel.dark.svg' };

	documentationUrl = 'https://marketplace.gohighlevel.com/docs/Authorization/PrivateIntegrationsToken';

	properties: INodeProperties[] = [
		{
			displayName: 'Private Integration Token',
			name: 'privateIntegrationToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The Private Integration Token of the sub-account (Settings → Private Integrations), with the scopes forms.write, locations.readonly and locations/customFields.readonly (and medias.write, medias.readonly for the media library)',
		},
		{
			displayName: 'Location ID',
			name: 'locationId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. quXmPY59n1zgGBabY1bZ',
			description: 'The sub-account (location) the token belongs to',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://services.leadconnectorhq.com',
			description: 'Leave as is unless you route HighLevel calls through a proxy or a test server',
		},
	];

	authenticate = authenticateWithHeaders((credentials) => ({
		Authorization: `Bearer ${String(credentials.privateIntegrationToken)}`,
		Version: '2021-07-28',
	}));

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/locations/{{encodeURIComponent($credentials.locationId)}}',
			method: 'GET',
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'HighLevel did not accept the Private Integration Token (HTTP 401): copy it again from the sub-account\'s Settings → Private Integrations. HighLevel answers a missing scope the same way: the token needs locations.readonly, locations/customFields.readonly and forms.write.' } },
			{ type: 'responseCode', properties: { value: 400, message: 'HighLevel refused the Location ID for this token (HTTP 400): enter the ID of the sub-account the token belongs to (Settings → Business Profile).' } },
			{ type: 'responseCode', properties: { value: 403, message: 'HighLevel accepted the token but refused the call (HTTP 403): give the integration the locations.readonly, locations/customFields.readonly and forms.write scopes.' } },
		],
	};
}
