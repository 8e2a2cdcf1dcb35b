import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { singleResource, toolDescriptionField } from '../shared/upload/descriptions';
import { searchRecords } from './methods/listSearch';
import * as file from './resources/file';
import { KARBON_API_URL } from './shared/transport';

const TOOL_DESCRIPTION =
	'Uploads the files of the input item\'s binary fields to Karbon and links each to one record. The input item must carry the file as binary data (field "data" unless Input Binary Field says otherwise). Fill Record Key with the Karbon key of the record (e.g. RXq4mD62PXg); Link To, the kind of record, is set in the node.';

export class KarbonFiles implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Karbon Files',
		name: 'karbonFiles',
		icon: { light: 'file:../../icons/karbon.svg', dark: 'file:../../icons/karbon.dark.svg' },
		group: ['output'],
		// 1.1: the record is picked from a list, by key or by its address, and checked with Karbon.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{"Upload to " + ({ clientGroup: "client group", workItem: "work item", integrationTask: "integration task" }[$parameter["linkTo"]] || $parameter["linkTo"])}}',
		description: 'Upload files to Karbon contacts, organizations, client groups, work items and integration tasks',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-karbon-files#operations',
		defaults: { name: 'Karbon Files' },
		// As an AI agent's tool: what it needs, and which fields $fromAI() may fill.
		usableAsTool: { replacements: { description: TOOL_DESCRIPTION } },
		builderHint: {
			searchHint:
				'Upload binary files from earlier nodes (email attachments, downloads) to a Karbon contact, organization, client group, work item or integration task. One record per upload.',
			relatedNodes: [
				{ nodeType: 'n8n-nodes-base.emailReadImap', relationHint: 'Gives email attachments as binary fields to upload' },
				{ nodeType: 'n8n-nodes-base.compression', relationHint: 'Zips executables or HTML, which Karbon refuses' },
			],
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'karbonFilesApi', required: true }],
		requestDefaults: {
			// The credential's Base URL, when it names another, is set by the upload core.
			baseURL: KARBON_API_URL,
			headers: { Accept: 'application/json' },
		},
		properties: [
			toolDescriptionField(TOOL_DESCRIPTION),
			singleResource('File', 'file'),
			...file.description,
		],
	};

	methods = { listSearch: { searchRecords } };
}
