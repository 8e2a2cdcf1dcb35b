import type { INodeProperties } from 'n8n-workflow';

import { uploadRouting } from '../../../shared/upload/uploadOperation';
import * as uploadToMediaLibrary from './uploadToMediaLibrary';

export { uploadToMediaLibrary };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['media'] } },
		default: 'uploadToMediaLibrary',
		options: [
			{
				name: 'Upload to Media Library',
				value: 'uploadToMediaLibrary',
				description: 'Put images, PDFs and videos into the sub-account\'s media library, for emails and funnels',
				action: 'Upload a file to the media library',
				routing: uploadRouting(uploadToMediaLibrary.highLevelMediaUpload, { method: 'POST', url: '/medias/upload-file' }),
			},
		],
	},
	...uploadToMediaLibrary.description,
];
