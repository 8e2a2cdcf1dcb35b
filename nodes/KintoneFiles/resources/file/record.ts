import type { DeclarativeRestApiSettings, IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/upload/errors';
import { followUpRequest, type UploadOperation } from '../../../shared/upload/uploadOperation';
import { APP_ID, appParameterOf, attachmentFieldName, attachmentFieldsOf, formFields, kintonePath } from '../../shared/transport';
import { kintoneUpload } from './upload';

/** What attaching and creating share: the app, its Attachment field, the record request. */
type PlanContext = Parameters<UploadOperation['plan']>[0];

export function appIdOf(ctx: PlanContext): string {
	const app = appParameterOf(ctx);
	if (!APP_ID.test(app)) {
		throw inputError(ctx, 'App', app ? `"${app}" is not an app ID` : 'no app is chosen', 'Pick the app from the list or enter its number (the 12 in …/k/12/).');
	}
	return app;
}

/** An Attachment field, and the table (SUBTABLE) it is in when it is in one. */
export interface AttachmentField {
	code: string;
	table?: string;
}

/** Refuses, before any upload, a field that is missing or is not an Attachment field. */
export async function attachmentFieldOf(ctx: PlanContext, app: string): Promise<AttachmentField> {
	const code = String(ctx.getNodeParameter('attachmentField', '', { extractValue: true }) ?? '').trim();
	if (!code) throw inputError(ctx, 'Attachment Field', 'no field is chosen', 'Pick the app\'s Attachment field from the list, or enter its field code.');
	const fields = await formFields(ctx, app);
	const fileFields = attachmentFieldsOf(fields);
	const list = fileFields.map(attachmentFieldName).join(', ') || 'none';
	const found = fileFields.find(({ field }) => field.code === code);
	if (found) return { code, ...(found.table && { table: found.table.code }) };
	// Field codes are unique in an app, those inside tables included.
	const other = fields[code] ?? Object.values(fields).flatMap((field) => Object.values(field.fields ?? {})).find((inner) => inner.code === code);
	if (!other) throw inputError(ctx, 'Attachment Field', `app ${app} has no field with the code "${code}"`, `The app's Attachment fields are: ${list}.`);
	throw inputError(ctx, 'Attachment Field', `"${code}" is a ${other.type} field, not an Attachment (FILE) field`, `The app's Attachment fields are: ${list}.`);
}

export const fileKeysOf = (uploaded: INodeExecutionData[]) => uploaded.map(({ json }) => String(json.fileKey));

/**
 * Kintone's record API, with the node's credential and guest space. It goes through the
 * uploads' own limiter: the domain's 100 concurrent requests count record reads and writes
 * too, and a 429 on them is waited out like an upload's. A read is sent again after an unknown
 * outcome; a write is not (see followUpRequest).
 */
export async function kintoneJson(
	ctx: PlanContext,
	/** The item's routed request (its root, allow-list and headers). */
	routed: DeclarativeRestApiSettings.ResultOptions['options'],
	method: 'GET' | 'PUT' | 'POST',
	endpoint: string,
	payload: IDataObject,
	/** What the call is, for the error, e.g. "the read of record 6 of app 12". */
	what: string,
	/** What its failure leaves, for the error, e.g. "Nothing was uploaded.". */
	leaves = '',
): Promise<IDataObject> {
	const url = kintonePath(ctx, endpoint);
	const request = method === 'GET' ? { method, url, qs: payload } : { method, url, body: payload };
	return (await followUpRequest(ctx, kintoneUpload, { options: routed }, request, { what, leaves })) as IDataObject;
}

export const appField: INodeProperties = {
	displayName: 'App',
	name: 'app',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Kintone app of the record',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select an app…',
			typeOptions: { searchListMethod: 'searchApps', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 12',
			validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'An app ID is a number' } }],
		},
	],
	hint: 'API tokens cannot list apps: with a token, choose "By ID" and enter the number from the app\'s address (…/k/12/)',
};

export const attachmentFieldField: INodeProperties = {
	displayName: 'Attachment Field',
	name: 'attachmentField',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Attachment field that receives the files',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select an Attachment field…',
			typeOptions: { searchListMethod: 'searchAttachmentFields', searchable: true },
		},
		// Named by Kintone's own word; n8n would label a mode named "id" as "By ID".
		{ displayName: 'By Field Code', name: 'fieldCode', type: 'string', placeholder: 'e.g. Attachments' },
	],
};
