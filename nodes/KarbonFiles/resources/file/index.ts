import type { INodeProperties } from 'n8n-workflow';

import { sendUploads } from '../../../shared/upload/uploadOperation';
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
				routing: {
					request: { method: 'POST', url: '/v3/Files' },
					// One item may become several uploads (several files, several records):
					// the "pagination" hook is RoutingNode's way to send more than one request.
					send: { paginate: true },
					operations: { pagination: sendUploads(upload.karbonUpload) },
				},
			},
		],
	},
	...upload.description,
];
