import type { IBinaryData, IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { inputError } from './errors';
import { StoredBinaryFile } from './StoredBinaryFile';

/** What is sent when neither the binary nor the node names a type: never an empty header. */
export const FALLBACK_MIME_TYPE = 'application/octet-stream';

/** One binary of the input item, ready to become a multipart file part. */
export interface UploadFile {
	/** The item's binary property the file came from, e.g. `attachment_0`. */
	binaryField: string;
	fileName: string;
	mimeType: string;
	byteLength: number;
	binary: IBinaryData;
	/** A fresh part for each request: a sent body cannot be sent again. */
	toPart(): File;
}

const LIST_SEPARATOR = /[\s,]+/;

export function splitList(value: string): string[] {
	return value
		.split(LIST_SEPARATOR)
		.map((entry) => entry.trim())
		.filter((entry) => entry.length > 0);
}

function selectedBinaryFields(ctx: IExecuteSingleFunctions): string[] {
	const available = Object.keys(ctx.getInputData().binary ?? {});
	const availableHint = available.length
		? `This item has the binary fields: ${available.join(', ')}.`
		: 'This item has no binary data at all: check that the previous node outputs a file.';

	if (ctx.getNodeParameter('uploadAllBinaryFields', false) as boolean) {
		if (available.length === 0) {
			throw inputError(ctx, 'Upload All Binary Fields', 'the item carries no binary data', availableHint);
		}
		return available;
	}

	const names = splitList(String(ctx.getNodeParameter('inputDataFieldName', '') ?? ''));
	if (names.length === 0) {
		throw inputError(
			ctx,
			'Input Binary Field',
			'no binary field name is set',
			`Enter the name of the binary field to upload, e.g. "data". ${availableHint}`,
		);
	}
	for (const name of names) {
		if (!available.includes(name)) {
			throw inputError(
				ctx,
				'Input Binary Field',
				`the item has no binary field "${name}"`,
				`${availableHint} Set "Input Binary Field" to one of them, or turn on "Upload All Binary Fields".`,
			);
		}
	}
	return [...new Set(names)];
}

async function byteLengthOf(ctx: IExecuteSingleFunctions, binary: IBinaryData): Promise<number> {
	if (binary.id) return (await ctx.helpers.getBinaryMetadata(binary.id)).fileSize;
	return Buffer.byteLength(binary.data, 'base64');
}

function partReader(ctx: IExecuteSingleFunctions, binary: IBinaryData) {
	const { id } = binary;
	// Stored binaries (filesystem, database, S3) are streamed; an inline binary has no
	// stream, so its base64 is decoded once, when the body is written.
	if (id) return async () => await ctx.helpers.getBinaryStream(id);
	return async () => [Buffer.from(binary.data, 'base64')];
}

/**
 * Resolves the binaries the node parameters point at, with name and type overrides from
 * the node's Options. Reads metadata only: no file content is loaded here.
 */
export async function readUploadFiles(ctx: IExecuteSingleFunctions): Promise<UploadFile[]> {
	const fields = selectedBinaryFields(ctx);
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const fileNameOverride = String(options.fileName ?? '').trim();
	const mimeTypeOverride = String(options.mimeType ?? '').trim();

	if (fileNameOverride && fields.length > 1) {
		throw inputError(
			ctx,
			'File Name',
			`one name cannot be given to ${fields.length} files (${fields.join(', ')})`,
			'Remove the File Name option to keep each file its own name, or upload one binary field per item.',
		);
	}

	const files: UploadFile[] = [];
	for (const binaryField of fields) {
		const binary = ctx.helpers.assertBinaryData(binaryField);
		const extension = binary.fileExtension ? `.${binary.fileExtension}` : '';
		const fileName = fileNameOverride || binary.fileName?.trim() || `${binaryField}${extension}`;
		const mimeType = mimeTypeOverride || binary.mimeType?.trim() || FALLBACK_MIME_TYPE;
		const byteLength = await byteLengthOf(ctx, binary);
		const read = partReader(ctx, binary);
		files.push({
			binaryField,
			fileName,
			mimeType,
			byteLength,
			binary,
			toPart: () => new StoredBinaryFile(fileName, mimeType, byteLength, read),
		});
	}
	return files;
}
