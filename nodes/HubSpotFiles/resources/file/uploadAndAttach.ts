import type { IDataObject, IHttpRequestOptions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../../shared/upload/errors';
import { binariesOf } from '../../../shared/upload/output';
import { textParameter } from '../../../shared/upload/parameters';
import { followUpRequest, type UploadOperation } from '../../../shared/upload/uploadOperation';
import { withSignedUrls } from '../../shared/signedUrl';
import { customObjectTypeOf, noteAssociationType, type HubSpotRecordType } from '../../shared/noteAssociation';
import { hubSpotUpload, uploadFields } from './upload';

/**
 * A file shows on a CRM record through a note: POST /crm/v3/objects/notes with
 * `hs_attachment_ids` (the uploaded file ids, `;`-separated) and an association.
 */
export const hubSpotUploadAndAttach: UploadOperation = {
	...hubSpotUpload,
	plan: async (ctx, files, routed) => {
		if (!textParameter(ctx, 'recordId').trim()) {
			throw inputError(ctx, 'Record ID', 'the record ID is empty', 'Enter the ID of the contact, company, deal, ticket or custom object record to attach the files to.');
		}
		// A custom object's note association is read before anything is uploaded.
		await noteAssociationType(ctx, hubSpotUploadAndAttach, routed, ctx.getNodeParameter('recordType', 'contact') as HubSpotRecordType);
		return await hubSpotUpload.plan(ctx, files, routed);
	},
	async afterUploads(ctx, uploadedFiles, routed): Promise<INodeExecutionData[]> {
		const uploaded = await withSignedUrls(ctx, hubSpotUploadAndAttach, uploadedFiles, routed);
		const recordType = ctx.getNodeParameter('recordType', 'contact') as HubSpotRecordType;
		const recordId = textParameter(ctx, 'recordId').trim();
		const noteBody = String(ctx.getNodeParameter('noteBody', '') ?? '');
		const associationType = await noteAssociationType(ctx, hubSpotUploadAndAttach, routed.options as IHttpRequestOptions, recordType);
		const attachedTo = { recordType, ...(recordType === 'customObject' && { objectTypeId: customObjectTypeOf(ctx) }), recordId };
		const files = uploaded.map(({ json }) => json);
		const fileIds = files.map((file) => String(file.id));
		const note: IDataObject = {
			properties: {
				hs_timestamp: new Date().toISOString(),
				hs_attachment_ids: fileIds.join(';'),
				...(noteBody.trim() && { hs_note_body: noteBody }),
			},
			associations: [
				{
					to: { id: recordId },
					types: [associationType],
				},
			],
		};
		const answer = (await followUpRequest(
			ctx,
			hubSpotUploadAndAttach,
			routed,
			{ method: 'POST', url: '/crm/v3/objects/notes', body: note },
			{
				what: `the note attaching the files to ${recordType === 'customObject' ? `record ${recordId} of object ${attachedTo.objectTypeId}` : `${recordType} ${recordId}`}`,
				leaves: `The files WERE uploaded and are not attached (not undone): file ids ${fileIds.join(', ')}. Attach them by hand, or delete them in HubSpot's file manager before running again.`,
			},
		)) as IDataObject;
		return [
			{
				json: { files, note: answer ?? {}, attachedTo },
				...binariesOf(uploaded),
				pairedItem: { item: ctx.getItemIndex() },
			},
		];
	},
};

const recordFields: INodeProperties[] = [
	{
		displayName: 'Record Type',
		name: 'recordType',
		type: 'options',
		noDataExpression: true,
		default: 'contact',
		options: [
			{ name: 'Company', value: 'company' },
			{ name: 'Contact', value: 'contact' },
			{ name: 'Custom Object', value: 'customObject', description: 'A record of one of the portal\'s custom objects' },
			{ name: 'Deal', value: 'deal' },
			{ name: 'Ticket', value: 'ticket' },
		],
		description: 'The kind of CRM record the note with the files is attached to',
	},
	{
		displayName: 'Custom Object Type',
		name: 'customObjectType',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The custom object whose record gets the note. The note\'s association type is read from HubSpot once per run.',
		hint: 'Listing custom objects and their associations needs the crm.schemas.custom.read scope',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a custom object…',
				typeOptions: { searchListMethod: 'searchCustomObjectTypes', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 2-3456789',
				validation: [{ type: 'regex', properties: { regex: '^\\s*2-\\d+\\s*$', errorMessage: 'A custom object type ID is 2- and digits, e.g. 2-3456789' } }],
			},
		],
		displayOptions: { show: { recordType: ['customObject'] } },
	},
	{
		displayName: 'Record ID',
		name: 'recordId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 51',
		description: 'The ID of the record',
	},
	{
		displayName: 'Note Body',
		name: 'noteBody',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'e.g. Signed contract received by email',
		description: 'Text of the note that carries the files (HTML allowed). Several files of one item share one note.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['uploadAndAttach'] } }, [
	...recordFields,
	...uploadFields,
]);
