import type { INodeProperties } from 'n8n-workflow';

import { uploadRouting } from '../../../shared/upload/uploadOperation';
import * as uploadFiles from './uploadFiles';

export { uploadFiles };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		default: 'uploadFilesToCustomFields',
		options: [
			{
				name: 'Upload and Attach to Contact',
				value: 'uploadFilesToCustomFields',
				description: 'Put files into a contact\'s file upload custom fields, all of an item\'s files in one request',
				action: 'Upload and attach files to a contact',
				routing: uploadRouting(uploadFiles.highLevelUpload, { method: 'POST', url: '/forms/upload-custom-files' }),
			},
		],
	},
	...uploadFiles.description,
];
