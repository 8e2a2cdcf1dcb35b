import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { binaryInputFields, uploadOptionsCollection } from '../../../shared/upload/descriptions';
import { asNodeError, inputError, providerError, readProviderFailure } from '../../../shared/upload/errors';
import type { UploadOperation } from '../../../shared/upload/uploadOperation';
import { appField, appIdOf, attachmentFieldField, attachmentFieldOf, fileKeysOf, kintoneJson } from './record';
import { assertKintoneSettings, eachFileAlone, guestSpaceOption, KINTONE_CONCURRENCY, kintoneUpload } from './upload';

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
		const field = String(ctx.getNodeParameter('updateKeyField', '')).trim();
		const value = String(ctx.getNodeParameter('updateKeyValue', '')).trim();
		if (!field || !value) {
			throw inputError(ctx, 'Update Key', 'the field code and the value are both needed', 'Enter the code of a field with "Prohibit duplicate values" on, and the value identifying the record.');
		}
		return { updateKey: { field, value } };
	}
	const id = String(ctx.getNodeParameter('recordId', '')).trim();
	if (!/^\d+$/.test(id)) {
		throw inputError(ctx, 'Record ID', id ? `"${id}" is not a record ID` : 'the record ID is empty', 'Enter the record number (the 6 in …/show#record=6).');
	}
	return { id };
}

const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

interface CurrentRecord {
	id: string;
	revision: string;
	fileKeys: string[];
}

async function readRecord(
	ctx: PlanContext,
	app: string,
	ref: RecordRef,
	field: string,
): Promise<CurrentRecord> {
	let record: IDataObject | undefined;
	if ('id' in ref) {
		record = (await kintoneJson(ctx, 'GET', 'record.json', { app, id: ref.id })).record as IDataObject;
	} else {
		const query = `${ref.updateKey.field} = ${quoted(ref.updateKey.value)} limit 2`;
		const { records = [] } = (await kintoneJson(ctx, 'GET', 'records.json', { app, query })) as { records?: IDataObject[] };
		if (records.length !== 1) {
			throw inputError(ctx, 'Update Key', `${records.length === 0 ? 'no record' : 'more than one record'} has ${ref.updateKey.field} = ${quoted(ref.updateKey.value)}`, 'Check the value, and that the field has "Prohibit duplicate values" on.');
		}
		record = records[0];
	}
	const value = ((record?.[field] as IDataObject | undefined)?.value as Array<{ fileKey: string }> | undefined) ?? [];
	return {
		id: String((record?.$id as IDataObject | undefined)?.value ?? ''),
		revision: String((record?.$revision as IDataObject | undefined)?.value ?? ''),
		fileKeys: value.map((file) => file.fileKey),
	};
}

export const kintoneUploadAndAttach: UploadOperation = {
	...kintoneUpload,
	async plan(ctx, files) {
		await assertKintoneSettings(ctx);
		const app = appIdOf(ctx);
		const field = await attachmentFieldOf(ctx, app);
		// The record must exist before anything is uploaded for it.
		try {
			await readRecord(ctx, app, recordRefOf(ctx), field);
		} catch (error) {
			if (error instanceof NodeOperationError) throw asNodeError(ctx, error);
			const failure = readProviderFailure(error);
			throw inputError(ctx, 'Record', `Kintone could not find the record (HTTP ${failure.status ?? '-'}): ${failure.providerMessage}`, 'Check the record ID or update key. Nothing was uploaded.');
		}
		return eachFileAlone(files);
	},
	async afterUploads(ctx, uploaded): Promise<INodeExecutionData[]> {
		const app = appIdOf(ctx);
		const ref = recordRefOf(ctx);
		const field = String(ctx.getNodeParameter('attachmentField', '', { extractValue: true })).trim();
		const append = ctx.getNodeParameter('attachMode', 'append') === 'append';
		const newKeys = fileKeysOf(uploaded);
		const notAttached = `The files WERE uploaded but are not attached: fileKeys ${newKeys.join(', ')} (Kintone deletes them after 3 days unless a record uses them).`;

		for (let attempt = 1; ; attempt++) {
			try {
				// Append reads the files and revision to keep; a record found by its update key is
				// read in Replace mode too, so that the output names its ID like every other mode.
				const current = append || !('id' in ref) ? await readRecord(ctx, app, ref, field) : undefined;
				const kept = append ? (current?.fileKeys ?? []) : [];
				const fileKeys = [...kept, ...newKeys];
				const answer = await kintoneJson(ctx, 'PUT', 'record.json', {
					app,
					...ref,
					record: { [field]: { value: fileKeys.map((fileKey) => ({ fileKey })) } },
					...(append && current && { revision: current.revision }),
				});
				return [
					{
						json: {
							app,
							recordId: 'id' in ref ? ref.id : current?.id || undefined,
							updateKey: 'id' in ref ? null : ref.updateKey,
							revision: answer.revision,
							attachmentField: field,
							mode: append ? 'append' : 'replace',
							keptFiles: kept.length,
							files: uploaded.map(({ json }) => json),
							attempts: attempt,
						},
						...(uploaded.some((item) => item.binary) && { binary: Object.assign({}, ...uploaded.map((item) => item.binary ?? {})) }),
						pairedItem: { item: ctx.getItemIndex() },
					},
				];
			} catch (error) {
				const failure = readProviderFailure(error);
				if (failure.status === 409 && append && attempt < MAX_ATTEMPTS) {
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
	uploadOptionsCollection(KINTONE_CONCURRENCY, [guestSpaceOption]),
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['uploadAndAttach'] } }, properties);
