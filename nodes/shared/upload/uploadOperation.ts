import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import { readUploadFiles, type UploadFile } from './binaryInput';
import { asNodeError, providerError, readProviderFailure } from './errors';
import { assertFileAllowed, type FilePolicy } from './filePolicy';
import { reportRefused, waitForAllItemsChecked } from './preflight';

/** Where one upload goes: the text fields sent beside the file. */
export interface UploadTarget {
	fields: Record<string, string>;
	/** Added to the output item, e.g. which record the file was linked to. */
	describe: IDataObject;
}

export interface UploadOperation {
	provider: string;
	/** The multipart part name the provider reads the file from. */
	filePartName: string;
	policy: FilePolicy;
	/**
	 * The targets of this item, from the body the node's routing built. Each file is
	 * uploaded once per target; validation errors are thrown here, before any request.
	 */
	targets(ctx: IExecutePaginationFunctions, body: IDataObject): UploadTarget[];
	/** Shapes the provider's answer into the output item; by default it is kept as is. */
	toOutput?(response: IDataObject): IDataObject;
}

/**
 * Request options for one multipart upload, derived from what routing built.
 * - The JSON Content-Type of requestDefaults is dropped: left in place, the request layer
 *   serialises the FormData as JSON and the upload silently breaks.
 * - Redirects are not followed: following them makes the request layer keep every body
 *   chunk in memory in case it must resend (≈ the whole file); upload endpoints do not
 *   redirect.
 */
export function multipartRequestOptions<Options extends Pick<IHttpRequestOptions, 'headers'>>(
	routed: Options,
	body: FormData,
): Options & Pick<IHttpRequestOptions, 'body' | 'disableFollowRedirect'> {
	const headers = Object.fromEntries(
		Object.entries(routed.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-type'),
	);
	return { ...routed, headers, body, disableFollowRedirect: true };
}

function formFor(operation: UploadOperation, target: UploadTarget, file: UploadFile): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
	// The name travels inside the part: a third argument would re-wrap it as an empty File.
	form.append(operation.filePartName, file.toPart());
	return form;
}

function describeDone(done: INodeExecutionData[]): string | undefined {
	if (done.length === 0) return 'Nothing was uploaded for this item.';
	const list = done.map(({ json }) => JSON.stringify(json)).join('; ');
	return `Already uploaded for this item before the failure (not undone): ${list}`;
}

/**
 * Builds the routing "pagination" function of an upload operation. RoutingNode hands it
 * one item's routed request; it sends one multipart request per file and target, so one
 * item can fan out into several uploads, each output item paired with its input item.
 */
export function sendUploads(operation: UploadOperation) {
	return async function (
		this: IExecutePaginationFunctions,
		routed: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const pairedItem = { item: this.getItemIndex() };
		const continueOnFail = this.continueOnFail();
		const done: INodeExecutionData[] = [];
		try {
			// Every check runs before the first request: a refused input sends nothing.
			let files: UploadFile[];
			let targets: UploadTarget[];
			try {
				files = await readUploadFiles(this);
				for (const file of files) assertFileAllowed(this, file, operation.policy);
				targets = operation.targets(this, (routed.options.body ?? {}) as IDataObject);
			} catch (error) {
				const refusal = asNodeError(this, error);
				if (!continueOnFail) reportRefused(this, refusal);
				throw refusal;
			}
			if (!continueOnFail) await waitForAllItemsChecked(this);
			const passThroughBinary = this.getNodeParameter('options.passThroughBinary', false) as boolean;

			for (const target of targets) {
				for (const file of files) {
					const request = multipartRequestOptions(routed.options, formFor(operation, target, file));
					let answer: INodeExecutionData[];
					try {
						answer = await this.makeRoutingRequest({ ...routed, options: request });
					} catch (error) {
						throw providerError(
							this,
							operation.provider,
							`the upload of "${file.fileName}"`,
							readProviderFailure(error),
							describeDone(done),
						);
					}
					for (const { json } of answer) {
						done.push({
							json: { ...(operation.toOutput?.(json) ?? json), ...target.describe, binaryField: file.binaryField },
							...(passThroughBinary && { binary: { [file.binaryField]: file.binary } }),
							pairedItem,
						});
					}
				}
			}
			return done;
		} catch (error) {
			const failure = asNodeError(this, error);
			if (!continueOnFail) throw failure;
			// The uploads that did succeed stay in the output next to the error.
			return [
				...done,
				{ json: { error: failure.message, description: failure.description ?? null }, error: failure, pairedItem },
			];
		}
	};
}
