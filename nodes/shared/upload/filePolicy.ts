import type { IExecuteSingleFunctions } from 'n8n-workflow';

import type { UploadFile } from './binaryInput';
import { inputError } from './errors';

/** A set of file types, matched by extension and by MIME type. */
export interface FileTypeList {
	/** Lower case, without the dot. */
	extensions: readonly string[];
	/** Lower case; an entry ending in `/` matches a whole family, e.g. `video/`. */
	mimeTypes: readonly string[];
}

/** What a provider refuses, checked before anything is sent. */
export interface FilePolicy {
	provider: string;
	/** Types the provider refuses, with the provider's own advice. */
	refusedTypes?: FileTypeList & { advice: string };
	/** When set, only these types pass; the label lists them for the user. */
	allowedTypes?: FileTypeList & { label: string; advice: string };
	maxBytes?: number;
}

export function extensionOf(fileName: string): string {
	const dot = fileName.lastIndexOf('.');
	return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
}

function baseMimeType(mimeType: string): string {
	return mimeType.split(';')[0].trim().toLowerCase();
}

function matchesMimeType(list: FileTypeList, mimeType: string): boolean {
	const base = baseMimeType(mimeType);
	return list.mimeTypes.some((entry) => (entry.endsWith('/') ? base.startsWith(entry) : base === entry));
}

/** Decimal units, as the providers' pages write their limits (1 MB = 1,000,000 bytes). */
export function formatBytes(bytes: number): string {
	if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1).replace(/\.0$/, '')} MB`;
	if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(1).replace(/\.0$/, '')} kB`;
	return `${bytes} bytes`;
}

const exactBytes = (bytes: number) => `${bytes.toLocaleString('en-US')} bytes`;

/** Throws a NodeOperationError for the first rule the file breaks. */
export function assertFileAllowed(
	ctx: IExecuteSingleFunctions,
	file: UploadFile,
	policy: FilePolicy,
): void {
	const label = `binary field "${file.binaryField}" (${file.fileName})`;
	if (file.byteLength === 0) {
		throw inputError(
			ctx,
			'Input Binary Field',
			`${label} is empty (0 bytes)`,
			'Check the node that produced the file: an empty file is almost always a failed download or export.',
		);
	}
	if (policy.maxBytes !== undefined && file.byteLength > policy.maxBytes) {
		throw inputError(
			ctx,
			'Input Binary Field',
			`${label} is ${formatBytes(file.byteLength)} (${exactBytes(file.byteLength)}), over ${policy.provider}'s limit of ${formatBytes(policy.maxBytes)} (${exactBytes(policy.maxBytes)})`,
			'Compress or split the file before uploading it.',
		);
	}

	const extension = extensionOf(file.fileName);
	const refused = policy.refusedTypes;
	if (refused && (refused.extensions.includes(extension) || matchesMimeType(refused, file.mimeType))) {
		throw inputError(
			ctx,
			'Input Binary Field',
			`${policy.provider} does not accept ${label} of type ${file.mimeType}`,
			refused.advice,
		);
	}

	const allowed = policy.allowedTypes;
	if (allowed && !(allowed.extensions.includes(extension) && matchesMimeType(allowed, file.mimeType))) {
		throw inputError(
			ctx,
			'Input Binary Field',
			`${policy.provider} does not accept ${label} of type ${file.mimeType}`,
			`Allowed types: ${allowed.label}. ${allowed.advice}`,
		);
	}
}
