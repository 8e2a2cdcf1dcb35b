import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { singleResource } from '../shared/upload/descriptions';
import { searchFolders } from './methods/listSearch';
import * as file from './resources/file';
import { HUBSPOT_API_URL } from './shared/transport';

export class HubSpotFiles implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot Files',
		name: 'hubSpotFiles',
		icon: { light: 'file:../../icons/hubspot.svg', dark: 'file:../../icons/hubspot.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "uploadAndAttach" ? "Upload and attach to " + $parameter["recordType"] : "Upload file" }}',
		description: 'Upload files to the HubSpot file manager and attach them to CRM records',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-hubspot-files#operations',
		defaults: { name: 'HubSpot Files' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'hubSpotFilesApi', required: true, displayOptions: { show: { authentication: ['privateAppToken'] } } },
			{ name: 'hubSpotFilesOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		requestDefaults: {
			// The credential's Base URL, when it names another, is set by the upload core.
			baseURL: HUBSPOT_API_URL,
			headers: { Accept: 'application/json' },
		},
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Private App Token', value: 'privateAppToken' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'privateAppToken',
			},
			singleResource('File', 'file'),
			...file.description,
		],
	};

	methods = { listSearch: { searchFolders } };
}
