import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { toolDescriptionField } from '../shared/upload/descriptions';
import { searchFileUploadFields, searchMediaFolders } from './methods/listSearch';
import * as contact from './resources/contact';
import * as media from './resources/media';
import { HIGHLEVEL_API_URL, HIGHLEVEL_API_VERSION } from './shared/transport';

const TOOL_DESCRIPTION =
	'Uploads the files of the input item\'s binary fields into a HighLevel (GoHighLevel, LeadConnector) contact\'s file upload custom fields. The input item must carry the file as binary data (field "data" unless Input Binary Field says otherwise). Fill the Contact ID and the Custom Field\'s ID.';

export class HighLevelFiles implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HighLevel Files',
		name: 'highLevelFiles',
		icon: { light: 'file:../../icons/highlevel.svg', dark: 'file:../../icons/highlevel.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["resource"] === "media" ? "Upload to media library" : "Upload to contact" }}',
		description: 'Upload files into the file upload custom fields of HighLevel contacts',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-highlevel-files#operations',
		defaults: { name: 'HighLevel Files' },
		// As an AI agent's tool: what it needs, and which fields $fromAI() may fill.
		usableAsTool: { replacements: { description: TOOL_DESCRIPTION } },
		builderHint: {
			searchHint:
				'Upload binary files from earlier nodes into the FILE_UPLOAD custom fields of a HighLevel (GoHighLevel, LeadConnector) contact, several files in one request.',
			relatedNodes: [
				{ nodeType: 'n8n-nodes-base.highLevel', relationHint: 'Finds or creates the contact whose fields receive the files' },
			],
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'highLevelFilesApi', required: true, displayOptions: { show: { authentication: ['accessToken'] } } },
			{ name: 'highLevelFilesOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		requestDefaults: {
			// The credential's Base URL, when it names another, is set by the upload core.
			baseURL: HIGHLEVEL_API_URL,
			headers: { Accept: 'application/json', Version: HIGHLEVEL_API_VERSION },
		},
		properties: [
			toolDescriptionField(TOOL_DESCRIPTION),
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Private Integration Token', value: 'accessToken' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'accessToken',
			},
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'contact',
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Media', value: 'media' },
				],
			},
			...contact.description,
			...media.description,
		],
	};

	methods = { listSearch: { searchFileUploadFields, searchMediaFolders } };
}
