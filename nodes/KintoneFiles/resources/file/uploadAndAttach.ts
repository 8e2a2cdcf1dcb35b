import type { DeclarativeRestApiSettings, IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { binaryInputFields } from '../../../shared/upload/descriptions';
import { asNodeError, inputError, providerError, readProviderFailure } from '../../../shared/upload/errors';
import { binariesOf } from '../../../shared/upload/output';
import { textParameter } from '../../../shared/upload/parameters';
import type { UploadOperation } from '../../../shared/upload/uploadOperation';
import { formFields } from '../../shared/transport';
import { appField, appIdOf, attachmentFieldField, attachmentFieldOf, fileKeysOf, kintoneJson, type AttachmentField } from './record';
import { assertKintoneSettings, eachFileAlone, kintoneUpload, kintoneUploadOptions } from './upload';

/**
 * Updating an Attachment field REPLACES its list. Append therefore reads the record, then
 * writes the files it had plus the new ones with the revision it read; when someone else
 * wrote in between (409, GAIA_CO02), it reads again. A file that was there is never dropped.
 */
const MAX_ATTEMPTS = 8;

type PlanContext = Parameters<UploadOperation['plan']>[0];
type RecordRef = { id: string } | { updateKey: { field: string; value: string } };

function recordRefOf(ctx: PlanContext): RecordRef {
	if (ctx.getNodeParameter('recordBy', 'id') === 'updateKey') {
		const field = textParameter(ctx, 'updateKeyField').trim();
		const value = textParameter(ctx, 'updateKeyValue').trim();
		if (!field || !value) {
			throw inputError(ctx, 'Update Key', 'the field code and the value are both needed', 'Enter the code of a field with "Prohibit duplicate values" on, and the value identifying the record.');
		}
		return { updateKey: { field, value } };
	}
	const id = textParameter(ctx, 'recordId').trim();
	if (!/^\d+$/.test(id)) {
		throw inputError(ctx, 'Record ID', id ? `"${id}" is not a record ID` : 'the record ID is empty', 'Enter the record number (the 6 in …/show#record=6).');
	}
	return { id };
}

/** Kintone takes as an update key only a text (one line) or number field with "Prohibit duplicate values" on. */
const UPDATE_KEY_TYPES = ['SINGLE_LINE_TEXT', 'NUMBER'];

/**
 * The update key's field, checked against the app's form before anything is sent: a code
 * the app does not have, or a field that cannot be a key, is refused by name, and the search
 * query only ever names a field the app has.
 */
async function assertUpdateKeyField(ctx: PlanContext, app: string, ref: RecordRef): Promise<void> {
	if (!('updateKey' in ref)) return;
	const form = await formFields(ctx, app);
	const keys = Object.values(form).filter((field) => UPDATE_KEY_TYPES.includes(field.type) && field.unique !== false);
	const fix = `Enter the code of a text or number field with "Prohibit duplicate values" on (field codes are case-sensitive). The app's: ${keys.map(({ code }) => code).join(', ') || 'none'}.`;
	const field = form[ref.updateKey.field];
	if (!field) throw inputError(ctx, 'Update Key Field Code', `app ${app} has no field with the code "${ref.updateKey.field}"`, fix);
	if (!UPDATE_KEY_TYPES.includes(field.type)) throw inputError(ctx, 'Update Key Field Code', `"${field.code}" is a ${field.type} field, not a text or number field`, fix);
	if (field.unique === false) throw inputError(ctx, 'Update Key Field Code', `"${field.code}" does not have "Prohibit duplicate values" on, so it cannot tell one record`, fix);
}

const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

interface CurrentRecord {
	id: string;
	revision: string;
	record: IDataObject;
}

async function readRecord(
	ctx: PlanContext,
	routed: DeclarativeRestApiSettings.ResultOptions['options'],
	app: string,
	ref: RecordRef,
	/** What a failed read leaves, for the error. */
	leaves?: string,
): Promise<CurrentRecord> {
	let record: IDataObject | undefined;
	if ('id' in ref) {
		record = (await kintoneJson(ctx, routed, 'GET', 'record.json', { app, id: ref.id }, `the read of record ${ref.id} of app ${app}`, leaves)).record as IDataObject;
	} else {
		const query = `${ref.updateKey.field} = ${quoted(ref.updateKey.value)} limit 2`;
		const { records = [] } = (await kintoneJson(ctx, routed, 'GET', 'records.json', { app, query }, `the search for the record of app ${app}`, leaves)) as { records?: IDataObject[] };
		if (records.length !== 1) {
			throw inputError(ctx, 'Update Key', `${records.length === 0 ? 'no record' : 'more than one record'} has ${ref.updateKey.field} = ${quoted(ref.updateKey.value)}`, 'Check the value, and that the field has "Prohibit duplicate values" on.');
		}
		record = records[0];
	}
	return {
		id: String((record?.$id as IDataObject | undefined)?.value ?? ''),
		revision: String((record?.$revision as IDataObject | undefined)?.value ?? ''),
		record: record ?? {},
	};
}

type FieldValue = { type?: string; value?: unknown };
type TableRowValue = { id: string; value: Record<string, FieldValue> };

const fileKeysIn = (field: FieldValue | undefined) => ((field?.value as Array<{ fileKey: string }> | undefined) ?? []).map((file) => file.fileKey);

/** The row a table's files go to: a new one, the row with this id, or the row where a field has a value. */
type TableRow = { add: true } | { id: string } | { match: { field: string; value: string } };

function tableRowOf(ctx: PlanContext, field: AttachmentField): TableRow | undefined {
	const choice = ctx.getNodeParameter('tableRow', 'newRow') as string;
	if (!field.table) {
		if (choice === 'newRow') return undefined;
		throw inputError(ctx, 'Table Row', `"${field.code}" is not inside a table`, 'Set Table Row to "New Row", or pick an Attachment field inside a table (listed as "Table › Field").');
	}
	if (choice === 'rowId') {
		const id = textParameter(ctx, 'rowId').trim();
		if (!/^\d+$/.test(id)) throw inputError(ctx, 'Row ID', id ? `"${id}" is not a row ID` : 'the row ID is empty', `Enter the id of a row of table ${field.table} (a number, as in the record's JSON).`);
		return { id };
	}
	if (choice === 'rowMatch') {
		const matchField = textParameter(ctx, 'rowMatchField').trim();
		const value = textParameter(ctx, 'rowMatchValue').trim();
		if (!matchField || !value) throw inputError(ctx, 'Row Field', 'the field code and the value are both needed', `Enter the code of a field of table ${field.table} and the value that tells its row, e.g. AgreementNo and A-2.`);
		return { match: { field: matchField, value } };
	}
	return { add: true };
}

/** A row looked up by a field the table does not have would only ever find no row: refused by name. */
async function assertRowField(ctx: PlanContext, app: string, table: string, row: TableRow): Promise<void> {
	if (!('match' in row)) return;
	const columns = Object.keys((await formFields(ctx, app))[table]?.fields ?? {});
	if (columns.includes(row.match.field)) return;
	throw inputError(ctx, 'Row Field Code', `table ${table} has no field with the code "${row.match.field}"`, `Field codes are case-sensitive. The table's fields are: ${columns.join(', ') || 'none'}.`);
}

function rowsIn(current: CurrentRecord, table: string): TableRowValue[] {
	return ((current.record[table] as FieldValue | undefined)?.value as TableRowValue[] | undefined) ?? [];
}

/** The existing row the files go to; undefined for a new row. Refused when no row, or more than one, fits. */
function targetRow(ctx: PlanContext, rows: TableRowValue[], table: string, row: TableRow): TableRowValue | undefined {
	if ('add' in row) return undefined;
	const fits = 'id' in row ? rows.filter((candidate) => String(candidate.id) === row.id) : rows.filter((candidate) => String(candidate.value[row.match.field]?.value ?? '') === row.match.value);
	const wanted = 'id' in row ? `id ${row.id}` : `${row.match.field} = "${row.match.value}"`;
	if (fits.length !== 1) {
		throw inputError(
			ctx,
			'Table Row',
			`${fits.length === 0 ? 'no row' : `${fits.length} rows`} of table ${table} ${fits.length === 0 ? 'has' : 'have'} ${wanted}`,
			`The table's rows: ${rows.map((candidate) => candidate.id).join(', ') || 'none'}. Check the value, or choose "New Row".`,
		);
	}
	return fits[0];
}

/** A row as a request gives it: each field's value, an Attachment's files by fileKey. */
function rowForRequest(value: Record<string, FieldValue>): IDataObject {
	return Object.fromEntries(
		Object.entries(value).map(([code, field]) => [code, { value: field.type === 'FILE' ? fileKeysIn(field).map((fileKey) => ({ fileKey })) : field.value }]),
	);
}

/**
 * The whole table, as Kintone replaces it: every row sent back with its id (a row left out
 * would be deleted), the target row's Attachment field with its files (kept in Append) and
 * the new ones, or a new row at the end holding only the new files.
 */
function tableForRequest(rows: TableRowValue[], field: AttachmentField, target: TableRowValue | undefined, newKeys: string[], append: boolean): IDataObject {
	const files = (kept: string[]) => ({ value: [...kept, ...newKeys].map((fileKey) => ({ fileKey })) });
	const value: IDataObject[] = rows.map((row) => ({
		id: row.id,
		value: {
			...rowForRequest(row.value),
			...(row === target && { [field.code]: files(append ? fileKeysIn(row.value[field.code]) : []) }),
		},
	}));
	if (!target) value.push({ value: { [field.code]: files([]) } });
	return { value };
}

export const kintoneUploadAndAttach: UploadOperation = {
	...kintoneUpload,
	async plan(ctx, files, routed) {
		await assertKintoneSettings(ctx);
		const app = appIdOf(ctx);
		const field = await attachmentFieldOf(ctx, app);
		const row = tableRowOf(ctx, field);
		if (field.table && row) await assertRowField(ctx, app, field.table, row);
		const ref = recordRefOf(ctx);
		await assertUpdateKeyField(ctx, app, ref);
		// The record, and the table row, must exist before anything is uploaded for them.
		let current: CurrentRecord;
		try {
			current = await readRecord(ctx, routed, app, ref, 'Nothing was uploaded.');
		} catch (error) {
			// Only a 404 says the record is not there. A refused input, a refused credential, a server
			// error or no answer is not the ID's fault, and its own error says what it is.
			const failure = readProviderFailure(error);
			if (failure.status !== 404) throw asNodeError(ctx, error);
			throw inputError(ctx, 'Record', `Kintone could not find the record (HTTP 404): ${failure.providerMessage}`, 'Check the record ID or update key. Nothing was uploaded.');
		}
		if (field.table && row) targetRow(ctx, rowsIn(current, field.table), field.table, row);
		return eachFileAlone(files);
	},
	async afterUploads(ctx, uploaded, routed): Promise<INodeExecutionData[]> {
		const app = appIdOf(ctx);
		const ref = recordRefOf(ctx);
		const field = await attachmentFieldOf(ctx, app);
		const row = tableRowOf(ctx, field);
		const append = ctx.getNodeParameter('attachMode', 'append') === 'append';
		const newKeys = fileKeysOf(uploaded);
		const notAttached = `The files WERE uploaded but are not attached: fileKeys ${newKeys.join(', ')} (Kintone deletes them after 3 days unless a record uses them).`;
		// A table is sent whole, so it is always written against the revision it was read at.
		const revisionSafe = append || field.table !== undefined;

		for (let attempt = 1; ; attempt++) {
			try {
				// Append reads the files and revision to keep; a record found by its update key is
				// read in Replace mode too, so that the output names its ID like every other mode.
				const current = revisionSafe || !('id' in ref) ? await readRecord(ctx, routed.options, app, ref) : undefined;
				let update: IDataObject;
				let kept: string[];
				let rowId: string | null | undefined;
				if (field.table && row) {
					const rows = rowsIn(current!, field.table);
					const target = targetRow(ctx, rows, field.table, row);
					kept = append && target ? fileKeysIn(target.value[field.code]) : [];
					rowId = target ? String(target.id) : null;
					update = { [field.table]: tableForRequest(rows, field, target, newKeys, append) };
				} else {
					kept = append ? fileKeysIn(current?.record[field.code] as FieldValue | undefined) : [];
					update = { [field.code]: { value: [...kept, ...newKeys].map((fileKey) => ({ fileKey })) } };
				}
				const answer = await kintoneJson(
					ctx,
					routed.options,
					'PUT',
					'record.json',
					{ app, ...ref, record: update, ...(revisionSafe && current && { revision: current.revision }) },
					`the update of the record of app ${app}`,
				);
				return [
					{
						json: {
							app,
							recordId: 'id' in ref ? ref.id : current?.id || undefined,
							updateKey: 'id' in ref ? null : ref.updateKey,
							revision: answer.revision,
							attachmentField: field.code,
							...(field.table && { table: field.table, rowId, newRow: rowId === null }),
							mode: append ? 'append' : 'replace',
							keptFiles: kept.length,
							files: uploaded.map(({ json }) => json),
							attempts: attempt,
						},
						...binariesOf(uploaded),
						pairedItem: { item: ctx.getItemIndex() },
					},
				];
			} catch (error) {
				const failure = readProviderFailure(error);
				if (failure.status === 409 && revisionSafe && attempt < MAX_ATTEMPTS) {
					// Someone wrote the record since it was read: read it again, after a short random wait.
					await sleep(20 * attempt + Math.floor(Math.random() * 60));
					continue;
				}
				if (error instanceof NodeOperationError) {
					throw new NodeOperationError(ctx.getNode(), error.message, {
						itemIndex: ctx.getItemIndex(),
						description: `${error.description ?? ''} ${notAttached}`.trim(),
					});
				}
				const conflict = failure.status === 409 ? ` It was still being changed by others after ${attempt} attempts.` : '';
				throw providerError(ctx, 'Kintone', `attaching the files to the record of app ${app}`, failure, `${notAttached}${conflict}`);
			}
		}
	},
};

const properties: INodeProperties[] = [
	appField,
	{
		displayName: 'Find Record By',
		name: 'recordBy',
		type: 'options',
		noDataExpression: true,
		default: 'id',
		options: [
			{ name: 'Record ID', value: 'id' },
			{ name: 'Update Key', value: 'updateKey', description: 'A field with "Prohibit duplicate values" on' },
		],
	},
	{ displayName: 'Record ID', name: 'recordId', type: 'string', default: '', required: true, placeholder: 'e.g. 6', displayOptions: { show: { recordBy: ['id'] } } },
	{ displayName: 'Update Key Field Code', name: 'updateKeyField', type: 'string', default: '', required: true, placeholder: 'e.g. CustomerCode', displayOptions: { show: { recordBy: ['updateKey'] } } },
	{ displayName: 'Update Key Value', name: 'updateKeyValue', type: 'string', default: '', required: true, placeholder: 'e.g. C-1042', displayOptions: { show: { recordBy: ['updateKey'] } } },
	attachmentFieldField,
	{
		displayName: 'Table Row',
		name: 'tableRow',
		type: 'options',
		noDataExpression: true,
		default: 'newRow',
		hint: 'For an Attachment field inside a table ("Table › Field" in the list). Every other row, and every file in it, is kept.',
		options: [
			{ name: 'New Row', value: 'newRow', description: 'Add a row to the table holding the new files' },
			{ name: 'Row by ID', value: 'rowId', description: 'The row with this ID' },
			{ name: 'Row Where a Field Has a Value', value: 'rowMatch', description: 'The one row whose field (e.g. AgreementNo) holds the value' },
		],
	},
	{ displayName: 'Row ID', name: 'rowId', type: 'string', default: '', required: true, placeholder: 'e.g. 48290', displayOptions: { show: { tableRow: ['rowId'] } } },
	{ displayName: 'Row Field Code', name: 'rowMatchField', type: 'string', default: '', required: true, placeholder: 'e.g. AgreementNo', description: 'A field of the same table', displayOptions: { show: { tableRow: ['rowMatch'] } } },
	{ displayName: 'Row Field Value', name: 'rowMatchValue', type: 'string', default: '', required: true, placeholder: 'e.g. A-2', displayOptions: { show: { tableRow: ['rowMatch'] } } },
	{
		displayName: 'Attach Mode',
		name: 'attachMode',
		type: 'options',
		noDataExpression: true,
		default: 'append',
		options: [
			{ name: 'Append', value: 'append', description: 'Keep the files already attached and add the new ones' },
			{ name: 'Replace', value: 'replace', description: 'Remove the files already attached; keep only the new ones' },
		],
	},
	...binaryInputFields,
	kintoneUploadOptions,
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['uploadAndAttach'] } }, properties);
