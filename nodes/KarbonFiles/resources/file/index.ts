import type { INodeProperties } from 'n8n-workflow';

import { uploadRouting } from '../../../shared/upload/uploadOperation';
import * as upload from './upload';

export { upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['file'] } },
		default: 'upload',
		options: [
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload a file and link it to one Karbon record',
				action: 'Upload a file',
				// One item may become several uploads (several files, several records).
				routing: uploadRouting(upload.karbonUpload, { method: 'POST', url: '/v3/Files' }),
			},
		],
	},
	...upload.description,
];
