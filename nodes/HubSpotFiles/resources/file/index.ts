import type { INodeProperties } from 'n8n-workflow';

import { uploadRouting } from '../../../shared/upload/uploadOperation';
import * as replace from './replace';
import * as upload from './upload';
import * as uploadAndAttach from './uploadAndAttach';

export { replace, upload, uploadAndAttach };

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
				name: 'Replace File',
				value: 'replace',
				description: 'Replace the content of a file in the file manager; it keeps its ID, so links and notes show the new content',
				action: 'Replace a file',
				routing: uploadRouting(replace.hubSpotReplace, { method: 'PUT' }),
			},
			{
				name: 'Upload',
				value: 'upload',
				description: 'Upload files to a folder of the file manager',
				action: 'Upload a file',
				// The URL comes from the Endpoint choice.
				routing: uploadRouting(upload.hubSpotUpload, { method: 'POST' }),
			},
			{
				name: 'Upload and Attach to Record',
				value: 'uploadAndAttach',
				description: 'Upload files, then attach them to a contact, company, deal or ticket with a note',
				action: 'Upload and attach files to a record',
				routing: uploadRouting(uploadAndAttach.hubSpotUploadAndAttach, { method: 'POST' }),
			},
		],
	},
	...upload.description,
	...uploadAndAttach.description,
	...replace.description,
];
