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
				name: 'Upload and Attach to Record',
				value: 'upload',
				description: 'Upload files and link each to one Karbon record',
				action: 'Upload and attach files to a record',
				// One item may become several uploads (several files, several records).
				routing: uploadRouting(upload.karbonUpload, { method: 'POST', url: '/v3/Files' }),
			},
		],
	},
	...upload.description,
];
