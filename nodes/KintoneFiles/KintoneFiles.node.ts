import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { singleResource } from '../shared/upload/descriptions';
import { searchApps, searchAttachmentFields } from './methods/listSearch';
import * as file from './resources/file';
import { KINTONE_SERVICE_URL } from './shared/transport';

export class KintoneFiles implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kintone Files',
		name: 'kintoneFiles',
		icon: { light: 'file:../../icons/kintone.svg', dark: 'file:../../icons/kintone.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ {upload: "Upload", uploadAndAttach: "Upload and attach", uploadAndCreate: "Upload and create record"}[$parameter["operation"]] }}',
		description: 'Upload files to Kintone and attach them to records without losing the files already there',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-kintone-files#operations',
		defaults: { name: 'Kintone Files' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kintoneFilesApi', required: true }],
		requestDefaults: {
			// The account's own host comes from the credential and is applied by the upload core:
			// an expression here would be evaluated twice per item, in n8n's isolated VM.
			baseURL: KINTONE_SERVICE_URL,
			headers: { Accept: 'application/json' },
		},
		properties: [
			singleResource('File', 'file'),
			...file.description,
		],
	};

	methods = { listSearch: { searchApps, searchAttachmentFields } };
}
