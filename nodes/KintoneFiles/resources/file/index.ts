import type { INodeProperties } from 'n8n-workflow';

import { uploadRouting } from '../../../shared/upload/uploadOperation';
import * as upload from './upload';
import * as uploadAndAttach from './uploadAndAttach';
import * as uploadAndCreate from './uploadAndCreate';

export { upload, uploadAndAttach, uploadAndCreate };

// Every operation first uploads each file (POST file.json, one per request).
// The path inside a guest space is set by the upload (kintoneUpload.urlOf).
const fileUpload = { method: 'POST' as const, url: '/k/v1/file.json' };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['file'] } },
		default: 'uploadAndAttach',
		options: [
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload files and get their fileKeys (deleted after 3 days unless a record uses them)',
				action: 'Upload a file',
				routing: uploadRouting(upload.kintoneUpload, fileUpload),
			},
			{
				name: 'Upload and Attach to Record',
				value: 'uploadAndAttach',
				description: 'Upload files and add them to a record\'s Attachment field, keeping the files already there',
				action: 'Upload and attach files to a record',
				routing: uploadRouting(uploadAndAttach.kintoneUploadAndAttach, fileUpload),
			},
			{
				name: 'Upload and Create Record',
				value: 'uploadAndCreate',
				description: 'Upload files and create a record holding them',
				action: 'Upload files and create a record',
				routing: uploadRouting(uploadAndCreate.kintoneUploadAndCreate, fileUpload),
			},
		],
	},
	...upload.description,
	...uploadAndAttach.description,
	...uploadAndCreate.description,
];
