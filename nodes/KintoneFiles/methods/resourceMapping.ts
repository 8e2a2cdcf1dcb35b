import type { FieldType, ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { formFields, pickerAppIdOf, type KintoneFormField } from '../shared/transport';

/**
 * The n8n input for each Kintone field type a new record can be given a value of. Calculated
 * and system fields (record number, creator, …) and those the files or other pickers fill
 * (Attachment, tables, user and group selections) are left out.
 */
export const MAPPABLE_FIELD_TYPES: Record<string, FieldType> = {
	SINGLE_LINE_TEXT: 'string',
	MULTI_LINE_TEXT: 'string',
	RICH_TEXT: 'string',
	LINK: 'string',
	NUMBER: 'number',
	DATE: 'dateTime',
	DATETIME: 'dateTime',
	TIME: 'time',
	DROP_DOWN: 'options',
	RADIO_BUTTON: 'options',
	CHECK_BOX: 'array',
	MULTI_SELECT: 'array',
};

function mapperField(field: KintoneFormField): ResourceMapperField {
	const type = MAPPABLE_FIELD_TYPES[field.type];
	const choices = Object.values(field.options ?? {}).sort((a, b) => Number(a.index) - Number(b.index));
	return {
		id: field.code,
		displayName: field.label === field.code ? field.code : `${field.label} (${field.code})`,
		required: field.required === true,
		defaultMatch: false,
		display: true,
		type,
		...(type === 'options' && { options: choices.map((choice) => ({ name: choice.label, value: choice.label })) }),
	};
}

/** The app's fields a new record can be given, typed, for Upload and Create Record's mapper. */
export async function getRecordFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const app = pickerAppIdOf(this);
	if (!app) return { fields: [], emptyFieldsNotice: 'Choose the App first: its fields are listed here.' };
	const fields = Object.values(await formFields(this, app)).filter((field) => field.type in MAPPABLE_FIELD_TYPES);
	return {
		fields: fields.map(mapperField),
		emptyFieldsNotice: `App ${app} has no field the mapper can fill. Use "Field Code and Value Pairs" or "JSON".`,
	};
}
