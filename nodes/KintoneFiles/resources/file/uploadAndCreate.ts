import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { jsonParse, updateDisplayOptions } from 'n8n-workflow';

import { binaryInputFields, uploadOptionsCollection } from '../../../shared/upload/descriptions';
import { inputError, providerError, readProviderFailure } from '../../../shared/upload/errors';
import type { UploadOperation } from '../../../shared/upload/uploadOperation';
import { appField, appIdOf, attachmentFieldField, attachmentFieldOf, fileKeysOf, kintoneJson } from './record';
import { assertKintoneSettings, eachFileAlone, guestSpaceOption, KINTONE_CONCURRENCY, kintoneUpload } from './upload';

type PlanContext = Parameters<UploadOperation['plan']>[0];

/** The other fields of the new record, as Kintone's `record` object ({code: {value}}). */
function otherFieldsOf(ctx: PlanContext): IDataObject {
	if (ctx.getNodeParameter('fieldsInput', 'keyValue') === 'json') {
		const raw = ctx.getNodeParameter('recordJson', '{}');
		let parsed: unknown = raw;
		try {
			if (typeof raw === 'string') parsed = jsonParse(raw);
		} catch {
			throw inputError(ctx, 'Record Fields (JSON)', 'the text is not valid JSON', 'Write a JSON object of field codes, e.g. {"Title": {"value": "Invoice 42"}}.');
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw inputError(ctx, 'Record Fields (JSON)', 'the value is not a JSON object', 'Write a JSON object of field codes, e.g. {"Title": {"value": "Invoice 42"}}.');
		}
		for (const [code, field] of Object.entries(parsed as IDataObject)) {
			if (!field || typeof field !== 'object' || !('value' in field)) {
				throw inputError(ctx, 'Record Fields (JSON)', `field "${code}" has no "value"`, `Kintone wants each field as {"value": …}, e.g. {"${code}": {"value": "…"}}.`);
			}
		}
		return parsed as IDataObject;
	}
	const pairs = (ctx.getNodeParameter('recordFields.field', []) as Array<{ code?: string; value?: string }>) ?? [];
	const record: IDataObject = {};
	for (const { code, value } of pairs) {
		if (!String(code ?? '').trim()) throw inputError(ctx, 'Record Fields', 'a field code is empty', 'Enter the field code of each field, e.g. Title.');
		record[String(code).trim()] = { value: value ?? '' };
	}
	return record;
}

export const kintoneUploadAndCreate: UploadOperation = {
	...kintoneUpload,
	async plan(ctx, files) {
		await assertKintoneSettings(ctx);
		const app = appIdOf(ctx);
		const field = await attachmentFieldOf(ctx, app);
		const others = otherFieldsOf(ctx);
		if (field.code in others) {
			throw inputError(ctx, 'Record Fields', `"${field.code}" is the Attachment Field`, 'Leave the Attachment field out of the other fields: the uploaded files fill it.');
		}
		if (field.table && field.table in others) {
			throw inputError(ctx, 'Record Fields', `"${field.table}" is the table of the Attachment Field`, `Leave table ${field.table} out of the other fields: the uploaded files fill its first row.`);
		}
		return eachFileAlone(files);
	},
	async afterUploads(ctx, uploaded): Promise<INodeExecutionData[]> {
		const app = appIdOf(ctx);
		const field = await attachmentFieldOf(ctx, app);
		const fileKeys = fileKeysOf(uploaded);
		const files = { value: fileKeys.map((fileKey) => ({ fileKey })) };
		// A field inside a table: the new record's table gets one row, holding the files.
		const record = { ...otherFieldsOf(ctx), ...(field.table ? { [field.table]: { value: [{ value: { [field.code]: files } }] } } : { [field.code]: files }) };
		try {
			const answer = await kintoneJson(ctx, 'POST', 'record.json', { app, record });
			return [
				{
					json: { app, recordId: answer.id, revision: answer.revision, attachmentField: field.code, ...(field.table && { table: field.table }), files: uploaded.map(({ json }) => json) },
					pairedItem: { item: ctx.getItemIndex() },
				},
			];
		} catch (error) {
			throw providerError(ctx, 'Kintone', `creating the record in app ${app}`, readProviderFailure(error), `The files WERE uploaded but no record uses them: fileKeys ${fileKeys.join(', ')} (Kintone deletes them after 3 days).`);
		}
	},
};

const properties: INodeProperties[] = [
	appField,
	attachmentFieldField,
	{
		displayName: 'Other Fields Input',
		name: 'fieldsInput',
		type: 'options',
		noDataExpression: true,
		default: 'keyValue',
		options: [
			{ name: 'Field Code and Value Pairs', value: 'keyValue' },
			{ name: 'JSON', value: 'json' },
		],
	},
	{
		displayName: 'Record Fields',
		name: 'recordFields',
		type: 'fixedCollection',
		placeholder: 'Add field',
		default: {},
		typeOptions: { multipleValues: true },
		displayOptions: { show: { fieldsInput: ['keyValue'] } },
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{ displayName: 'Field Code', name: 'code', type: 'string', default: '', placeholder: 'e.g. Title' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Record Fields (JSON)',
		name: 'recordJson',
		type: 'json',
		default: '{\n  "Title": { "value": "" }\n}',
		displayOptions: { show: { fieldsInput: ['json'] } },
		description: 'Kintone\'s record object: each field code with its {"value": …}',
	},
	...binaryInputFields,
	uploadOptionsCollection(KINTONE_CONCURRENCY, [guestSpaceOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['uploadAndCreate'] } }, properties);
