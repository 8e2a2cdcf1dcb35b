import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { singleResource, toolDescriptionField } from '../shared/upload/descriptions';
import { searchCustomObjectTypes, searchFiles, searchFolders } from './methods/listSearch';
import * as file from './resources/file';
import { HUBSPOT_API_URL } from './shared/transport';

const TOOL_DESCRIPTION =
	'Uploads the files of the input item\'s binary fields to the HubSpot file manager, and can attach them to a CRM record with a note. The input item must carry the file as binary data (field "data" unless Input Binary Field says otherwise). Fill the Folder (a path such as /invoices or a folder ID), and for Upload and Attach the Record ID and Note Body.';

export class HubSpotFiles implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot Files',
		name: 'hubSpotFiles',
		icon: { light: 'file:../../icons/hubspot.svg', dark: 'file:../../icons/hubspot.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "uploadAndAttach" ? "Upload and attach to " + $parameter["recordType"] : $parameter["operation"] === "replace" ? "Replace file" : "Upload to folder" }}',
		description: 'Upload files to the HubSpot file manager and attach them to CRM records',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-hubspot-files#operations',
		defaults: { name: 'HubSpot Files' },
		// As an AI agent's tool: what it needs, and which fields $fromAI() may fill.
		usableAsTool: { replacements: { description: TOOL_DESCRIPTION } },
		builderHint: {
			searchHint:
				'Upload binary files from earlier nodes to a HubSpot file manager folder (by ID or path) and optionally attach them to a contact, company, deal or ticket as a note.',
			relatedNodes: [
				{ nodeType: 'n8n-nodes-base.hubspot', relationHint: 'Finds the contact, company, deal or ticket to attach the files to' },
			],
		},
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
			toolDescriptionField(TOOL_DESCRIPTION),
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

	methods = { listSearch: { searchCustomObjectTypes, searchFiles, searchFolders } };
}
