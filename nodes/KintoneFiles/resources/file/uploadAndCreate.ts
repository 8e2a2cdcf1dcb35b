import type { IDataObject, INodeExecutionData, INodeProperties, ResourceMapperValue } from 'n8n-workflow';
import { jsonParse, updateDisplayOptions } from 'n8n-workflow';

import { binaryInputFields } from '../../../shared/upload/descriptions';
import { inputError, providerError, readProviderFailure } from '../../../shared/upload/errors';
import { binariesOf } from '../../../shared/upload/output';
import type { UploadOperation } from '../../../shared/upload/uploadOperation';
import { formFields, type KintoneFormField } from '../../shared/transport';
import { appField, appIdOf, attachmentFieldField, attachmentFieldOf, fileKeysOf, kintoneJson } from './record';
import { assertKintoneSettings, eachFileAlone, kintoneUpload, kintoneUploadOptions } from './upload';

type PlanContext = Parameters<UploadOperation['plan']>[0];

const DATE = /^\d{4}-\d{2}-\d{2}/;
const TIME = /^\d{2}:\d{2}/;

/** The first of the values that is not one of the field's choices (Kintone takes a choice by its label). */
function notAChoice(field: KintoneFormField, values: string[]): string | undefined {
	const choices = Object.keys(field.options ?? {});
	const outside = choices.length ? values.find((value) => !choices.includes(value)) : undefined;
	return outside === undefined ? undefined : `"${outside}" is not one of the field's choices (${choices.join(', ')})`;
}

/** A mapped value as Kintone takes it for the field's type; undefined: refused, with the reason. */
function kintoneValue(field: KintoneFormField, value: unknown): { value: unknown } | { refused: string } {
	const text = String(value).trim();
	switch (field.type) {
		case 'NUMBER':
			return text !== '' && Number.isFinite(Number(text)) ? { value: text } : { refused: `"${text}" is not a number` };
		case 'DATE':
			return DATE.test(text) ? { value: text.slice(0, 10) } : { refused: `"${text}" is not a date (YYYY-MM-DD)` };
		case 'DATETIME': {
			const time = new Date(text);
			return Number.isNaN(time.getTime()) ? { refused: `"${text}" is not a date and time` } : { value: time.toISOString().replace(/\.\d{3}Z$/, 'Z') };
		}
		case 'TIME':
			return TIME.test(text) ? { value: text.slice(0, 5) } : { refused: `"${text}" is not a time (HH:MM)` };
		case 'DROP_DOWN':
		case 'RADIO_BUTTON': {
			const refused = notAChoice(field, [text]);
			return refused ? { refused } : { value: text };
		}
		case 'CHECK_BOX':
		case 'MULTI_SELECT': {
			const chosen = (Array.isArray(value) ? value : text.split(',')).map((choice) => String(choice).trim()).filter(Boolean);
			const refused = notAChoice(field, chosen);
			return refused ? { refused } : { value: chosen };
		}
		default:
			return { value: typeof value === 'object' ? JSON.stringify(value) : String(value) };
	}
}

/**
 * The resource mapper's values, typed by the app's own fields (read once per run): numbers as
 * Kintone's numeric strings, dates as YYYY-MM-DD, a date and time in UTC. An empty value is
 * left out, so that Kintone applies the field's default.
 */
async function mappedFieldsOf(ctx: PlanContext, app: string): Promise<IDataObject> {
	const mapper = (ctx.getNodeParameter('recordMapper', {}) ?? {}) as Partial<ResourceMapperValue>;
	const schema = (mapper.schema ?? []).filter((field) => !field.removed);
	let values: IDataObject = (mapper.value ?? {}) as IDataObject;
	if (mapper.mappingMode === 'autoMapInputData') {
		const { json } = ctx.getInputData();
		values = Object.fromEntries(schema.filter((field) => field.id in json).map((field) => [field.id, json[field.id]]));
	}
	const form = await formFields(ctx, app);
	const record: IDataObject = {};
	for (const [code, value] of Object.entries(values)) {
		if (value === null || value === undefined || value === '') continue;
		const field = form[code];
		if (!field) {
			throw inputError(ctx, 'Record Fields', `app ${app} has no field "${code}"`, 'The app\'s fields changed since the mapping was made: refresh the field list in "Record Fields" (its ⟳ button) and map again.');
		}
		const converted = kintoneValue(field, value);
		if ('refused' in converted) throw inputError(ctx, `Record Fields → ${field.label}`, converted.refused, `Give "${field.code}" a value of its type (${field.type}), or leave it empty.`);
		record[code] = converted;
	}
	return record;
}

/** At most 30 codes, so that an app of hundreds of fields keeps the error readable. */
const codeList = (codes: string[]) => (codes.length > 30 ? `${codes.slice(0, 30).join(', ')} and ${codes.length - 30} more` : codes.join(', ') || 'none');

/**
 * Kintone ignores a field code the app does not have and adds the record without its value,
 * so a mistyped code would lose the value silently: it is refused here, before any upload.
 */
async function assertAppHasFields(ctx: PlanContext, app: string, record: IDataObject, parameter: string): Promise<IDataObject> {
	const form = await formFields(ctx, app);
	for (const code of Object.keys(record)) {
		if (form[code]) continue;
		const table = Object.values(form).find((field) => field.fields?.[code]);
		const fix = table
			? `"${code}" is a field of table ${table.code}: give it inside the table's rows, e.g. {"${table.code}": {"value": [{"value": {"${code}": {"value": "…"}}}]}}.`
			: `Field codes are case-sensitive. The app's fields are: ${codeList(Object.keys(form))}.`;
		throw inputError(ctx, parameter, `app ${app} has no field with the code "${code}"`, fix);
	}
	return record;
}

/** The other fields of the new record, as Kintone's `record` object ({code: {value}}). */
async function otherFieldsOf(ctx: PlanContext, app: string): Promise<IDataObject> {
	const input = ctx.getNodeParameter('fieldsInput', 'keyValue');
	if (input === 'mapper') return await mappedFieldsOf(ctx, app);
	if (input === 'json') {
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
		return await assertAppHasFields(ctx, app, parsed as IDataObject, 'Record Fields (JSON)');
	}
	const pairs = (ctx.getNodeParameter('recordFields.field', []) as Array<{ code?: string; value?: string }>) ?? [];
	const record: IDataObject = {};
	for (const { code, value } of pairs) {
		if (!String(code ?? '').trim()) throw inputError(ctx, 'Record Fields', 'a field code is empty', 'Enter the field code of each field, e.g. Title.');
		record[String(code).trim()] = { value: value ?? '' };
	}
	return await assertAppHasFields(ctx, app, record, 'Record Fields');
}

export const kintoneUploadAndCreate: UploadOperation = {
	...kintoneUpload,
	async plan(ctx, files) {
		await assertKintoneSettings(ctx);
		const app = appIdOf(ctx);
		const field = await attachmentFieldOf(ctx, app);
		const others = await otherFieldsOf(ctx, app);
		if (field.code in others) {
			throw inputError(ctx, 'Record Fields', `"${field.code}" is the Attachment Field`, 'Leave the Attachment field out of the other fields: the uploaded files fill it.');
		}
		if (field.table && field.table in others) {
			throw inputError(ctx, 'Record Fields', `"${field.table}" is the table of the Attachment Field`, `Leave table ${field.table} out of the other fields: the uploaded files fill its first row.`);
		}
		return eachFileAlone(files);
	},
	async afterUploads(ctx, uploaded, routed): Promise<INodeExecutionData[]> {
		const app = appIdOf(ctx);
		const field = await attachmentFieldOf(ctx, app);
		const fileKeys = fileKeysOf(uploaded);
		const files = { value: fileKeys.map((fileKey) => ({ fileKey })) };
		// A field inside a table: the new record's table gets one row, holding the files.
		const record = { ...(await otherFieldsOf(ctx, app)), ...(field.table ? { [field.table]: { value: [{ value: { [field.code]: files } }] } } : { [field.code]: files }) };
		try {
			const answer = await kintoneJson(ctx, routed.options, 'POST', 'record.json', { app, record }, `the new record of app ${app}`);
			return [
				{
					json: { app, recordId: answer.id, revision: answer.revision, attachmentField: field.code, ...(field.table && { table: field.table }), files: uploaded.map(({ json }) => json) },
					...binariesOf(uploaded),
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
			{ name: 'Map Each Field', value: 'mapper', description: 'The app\'s fields, listed and typed, each given a value or mapped from the input' },
		],
	},
	{
		displayName: 'Record Fields',
		name: 'recordMapper',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['app.value'],
			resourceMapper: {
				resourceMapperMethod: 'getRecordFields',
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { fieldsInput: ['mapper'] } },
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
	kintoneUploadOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['uploadAndCreate'] } }, properties);
