import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { singleResource } from '../shared/upload/descriptions';
import * as file from './resources/file';
import { KARBON_API_URL } from './shared/transport';

export class KarbonFiles implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Karbon Files',
		name: 'karbonFiles',
		icon: { light: 'file:../../icons/karbon.svg', dark: 'file:../../icons/karbon.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle:
			'={{"Upload to " + ({ clientGroup: "client group", workItem: "work item", integrationTask: "integration task" }[$parameter["linkTo"]] || $parameter["linkTo"])}}',
		description: 'Upload files to Karbon contacts, organizations, client groups, work items and integration tasks',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-karbon-files#operations',
		defaults: { name: 'Karbon Files' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'karbonFilesApi', required: true }],
		requestDefaults: {
			// The credential's Base URL, when it names another, is set by the upload core.
			baseURL: KARBON_API_URL,
			headers: { Accept: 'application/json' },
		},
		properties: [
			singleResource('File', 'file'),
			...file.description,
		],
	};
}
