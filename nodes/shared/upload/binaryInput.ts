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

const LIST_SEPARATOR = /[\s,;]+/;

/**
 * Control characters (CR/LF and NUL included) and the Unicode direction marks that can hide
 * a file's real extension ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf").
 */
function isUnsafeNameCharacter(char: string): boolean {
	const code = char.codePointAt(0) ?? 0;
	return (
		code < 0x20 ||
		code === 0x7f ||
		code === 0x200e ||
		code === 0x200f ||
		(code >= 0x202a && code <= 0x202e) ||
		(code >= 0x2066 && code <= 0x2069)
	);
}
const MAX_FILE_NAME_LENGTH = 255;

/**
 * Read size for stored binaries. The store's default (64 KB) makes a 200 MB file 3,200
 * chunks, each passing several stream layers on the way into the request body. Larger
 * chunks send faster but are also buffered ahead (axios queues up to 16 of them): measured
 * on 200 MB, 128 KB was about 10% faster than 64 KB and stayed within +16 MB of RSS, while
 * 256 KB and 1 MB reached +20 and +40 MB (docs/benchmarks.md).
 */
const STREAM_CHUNK_BYTES = 128 * 1024;

/**
 * The name as a provider should store it: no folder part ("../../x" is "x"), no control or
 * direction characters, at most 255 characters with the extension kept.
 */
export function safeFileName(name: string): string {
	const visible = [...name].filter((char) => !isUnsafeNameCharacter(char)).join('');
	const base = visible.split(/[\\/]/).pop()?.trim() ?? '';
	const chars = [...base];
	if (chars.length <= MAX_FILE_NAME_LENGTH) return base;
	const dot = base.lastIndexOf('.');
	const extension = dot > 0 && base.length - dot <= 16 ? base.slice(dot) : '';
	return chars.slice(0, MAX_FILE_NAME_LENGTH - [...extension].length).join('') + extension;
}

// type/subtype with optional parameters, per RFC 9110; anything else (a line break that would
// inject a header, a bare word) is not a media type.
const MEDIA_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(?:\s*;\s*[\w!#$&^.+-]+=(?:[\w!#$&^.+-]+|"[^"\r\n]*"))*$/;

export const isMediaType = (value: string) => MEDIA_TYPE.test(value);

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

	if (ctx.getNodeParameter('uploadAllBinaryFields', false) === true) {
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
	if (id) return async () => await ctx.helpers.getBinaryStream(id, STREAM_CHUNK_BYTES);
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
	if (mimeTypeOverride && !isMediaType(mimeTypeOverride)) {
		throw inputError(
			ctx,
			'MIME Type',
			`"${mimeTypeOverride.replace(/[\r\n]/g, '⏎')}" is not a MIME type`,
			'Enter a type such as application/pdf or text/plain; charset=utf-8, on one line.',
		);
	}
	for (const binaryField of fields) {
		const binary = ctx.helpers.assertBinaryData(binaryField);
		const extension = binary.fileExtension ? `.${binary.fileExtension}` : '';
		const fileName = safeFileName(fileNameOverride || binary.fileName || '') || `${binaryField}${extension}`;
		const binaryType = binary.mimeType?.trim() ?? '';
		// A type the binary carries but that is not one (e.g. from a crafted upload) is not sent.
		const mimeType = mimeTypeOverride || (isMediaType(binaryType) ? binaryType : FALLBACK_MIME_TYPE);
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
