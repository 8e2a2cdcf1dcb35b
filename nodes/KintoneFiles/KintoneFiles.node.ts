import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { singleResource, toolDescriptionField } from '../shared/upload/descriptions';
import { searchApps, searchAttachmentFields } from './methods/listSearch';
import { getRecordFields } from './methods/resourceMapping';
import * as file from './resources/file';
import { KINTONE_SERVICE_URL } from './shared/transport';

const TOOL_DESCRIPTION =
	'Uploads the files of the input item\'s binary fields to Kintone and adds them to a record\'s Attachment field, keeping the files already there, or creates a record with them. The input item must carry the file as binary data (field "data" unless Input Binary Field says otherwise). Fill the App ID, the Record ID (or the Update Key Value) and the Attachment Field\'s code.';

export class KintoneFiles implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kintone Files',
		name: 'kintoneFiles',
		icon: { light: 'file:../../icons/kintone.svg', dark: 'file:../../icons/kintone.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ {upload: "Upload for a fileKey", uploadAndAttach: "Upload and attach to record", uploadAndCreate: "Upload and create record"}[$parameter["operation"]] }}',
		description: 'Upload files to Kintone and attach them to records without losing the files already there',
		documentationUrl: 'https://www.npmjs.com/package/n8n-nodes-kintone-files#operations',
		defaults: { name: 'Kintone Files' },
		// As an AI agent's tool: what it needs, and which fields $fromAI() may fill.
		usableAsTool: { replacements: { description: TOOL_DESCRIPTION } },
		builderHint: {
			searchHint:
				'Upload binary files from earlier nodes to Kintone (cybozu) and attach them to a record\'s Attachment field without removing the files already there, or create a record holding them.',
		},
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
			toolDescriptionField(TOOL_DESCRIPTION),
			singleResource('File', 'file'),
			...file.description,
		],
	};

	methods = { listSearch: { searchApps, searchAttachmentFields }, resourceMapping: { getRecordFields } };
}
