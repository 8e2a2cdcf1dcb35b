import { NodeApiError, sleep } from 'n8n-workflow';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import { readUploadFiles, type UploadFile } from './binaryInput';
import { asNodeError, providerError, readProviderFailure, redactCredentials, type ProviderFailure } from './errors';
import { assertFileAllowed, type FilePolicy } from './filePolicy';
import { numberOption } from './parameters';
import { reportRefused, waitForAllItemsChecked } from './preflight';
import { allowedDomainsFor, baseUrlFrom, requestWithCredential, runCredential, type ProviderApi, type RunCredential } from '../transport';
import { accountThrottle, type AccountThrottle, type Quota, type RateLimit, type SharedLoad } from './throttle';

/** Where uploads go: the text fields sent beside the file(s). */
export interface UploadTarget {
	fields: Record<string, string>;
	/** Added to the output item, e.g. which record the file was linked to. */
	describe: IDataObject;
}

/** One multipart request: its text fields and its file parts. */
export interface PlannedRequest extends UploadTarget {
	parts: Array<{ name: string; file: UploadFile }>;
	/** Query parameters the plan decides, over the routed ones (read in code: no per-item expression). */
	qs?: IDataObject;
}

export interface UploadOperation {
	provider: string;
	/**
	 * The provider's API: which credential the node uses and where it points (its Base URL
	 * field, its domain). The core sets that URL, and n8n's domain allow-list for it, once per
	 * item, so requestDefaults can name the provider's public host as plain text (RoutingNode
	 * evaluates a baseURL expression twice per item, in n8n's isolated VM, about 1 ms each),
	 * and sends every request with the credential read once per run.
	 */
	api: ProviderApi;
	/**
	 * The request path, when parameters decide it (a Kintone guest space): set once per item
	 * instead of a routed URL expression, which RoutingNode would evaluate twice.
	 */
	urlOf?(ctx: IExecutePaginationFunctions): string;
	policy: FilePolicy;
	/** False when this item sends no binary (e.g. a file the provider fetches from a URL). */
	readsBinary?(ctx: IExecutePaginationFunctions): boolean;
	/** Uploads in flight per account in this n8n process unless the node's option says otherwise, from the provider's published limits. */
	defaultConcurrency: number;
	/**
	 * The provider's published request rate: the account's requests are paced to it (see
	 * Pacer), so that a big run reaches the limit without a storm of 429s. Undefined: the
	 * provider limits concurrency only (Kintone).
	 */
	rateLimit?: RateLimit;
	/** The quota an answer's headers report (the account's real limit, what is left), to pace by. */
	readQuota?(headers: Record<string, unknown>): Quota;
	/**
	 * A concurrency limit the account shares with its other clients, reported in every answer
	 * (a Kintone domain's X-ConcurrencyLimit-* headers): the uploads in flight then follow the
	 * room the others leave, `reserve` of the limit kept free for them, and only `startSlots`
	 * go out before the first answer.
	 */
	sharedConcurrency?: { read(headers: Record<string, unknown>): SharedLoad | undefined; reserve: number; startSlots: number };
	/**
	 * Seconds to wait after a 429, by the provider's own rule (its policy, its headers);
	 * undefined: Retry-After when sent, else exponential backoff; Infinity: do not retry.
	 */
	rateLimitWait?(failure: ProviderFailure): number | undefined;
	/**
	 * After a failure that may have stored the file (timeout, reset, 5xx): a request that is
	 * safe to send again — a Kintone upload only leaves an unused fileKey that expires, a
	 * HubSpot upload can ask for RETURN_EXISTING. Undefined: not sent again.
	 */
	resendAfterUnknownOutcome?(request: PlannedRequest): PlannedRequest | undefined;
	/**
	 * The requests for this item's checked files, from the request the node's routing built
	 * (its body and query). Validation errors are thrown here, before any request is sent.
	 */
	plan(
		ctx: IExecutePaginationFunctions,
		files: UploadFile[],
		routed: IHttpRequestOptions,
	): PlannedRequest[] | Promise<PlannedRequest[]>;
	/** Shapes the provider's answer to a request into the output item; by default it is kept as is. */
	toOutput?(response: IDataObject, request: PlannedRequest): IDataObject;
	/**
	 * Runs once every upload of the item succeeded (e.g. attaching the files to a record);
	 * returns the item's output. Its errors must name the uploads, which are not undone.
	 */
	afterUploads?(
		ctx: IExecutePaginationFunctions,
		uploaded: INodeExecutionData[],
		routed: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]>;
}

/** For providers that take one file per request: each file once per target. */
export function eachFileToEachTarget(targets: UploadTarget[], files: UploadFile[], partName: string): PlannedRequest[] {
	return targets.flatMap((target) =>
		files.map((file) => ({
			fields: target.fields,
			parts: [{ name: partName, file }],
			describe: { ...target.describe, binaryField: file.binaryField },
		})),
	);
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

function formFor(request: PlannedRequest): FormData {
	const form = new FormData();
	for (const [name, value] of Object.entries(request.fields)) form.append(name, value);
	// The name travels inside the part: a third argument would re-wrap it as an empty File.
	for (const { name, file } of request.parts) form.append(name, file.toPart());
	return form;
}

function describeDone(done: INodeExecutionData[]): string | undefined {
	if (done.length === 0) return 'Nothing was uploaded for this item.';
	const list = done.map(({ json }) => JSON.stringify(json)).join('; ');
	return `Already uploaded for this item before the failure (not undone): ${list}`;
}

export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 120;

/** Sends after an unknown outcome, for operations that make them safe. */
const MAX_UNKNOWN_OUTCOME_RESENDS = 2;

/** Exponential, capped at 30 s, with ±50 % jitter so that items do not retry in step. */
function backoffSeconds(attempt: number): number {
	return Math.min(30, 0.5 * 2 ** (attempt - 1)) * (0.5 + Math.random());
}

/**
 * Only what the provider certainly did not store is sent again: a 429, or a connection that
 * was refused before anything was sent. A timeout, a reset or a 5xx may have stored the file.
 */
function waitBeforeRetry(operation: UploadOperation, failure: ProviderFailure, attempt: number): number | undefined {
	if (failure.refusedByN8n) return undefined; // n8n would refuse it again
	if (failure.code === 'ECONNREFUSED') return backoffSeconds(attempt);
	if (failure.status !== 429) return undefined;
	return operation.rateLimitWait?.(failure) ?? failure.retryAfterSeconds ?? backoffSeconds(attempt);
}

/**
 * No answer, or a server error: the provider may have stored the file all the same. Not when
 * n8n refused to send the request: then nothing left this process.
 */
const mayHaveStored = (failure: ProviderFailure) =>
	!failure.refusedByN8n && (failure.status === undefined || failure.status >= 500);

function notRetriedNote(operation: UploadOperation, failure: ProviderFailure, resends: number): string | undefined {
	if (!mayHaveStored(failure)) return undefined;
	if (resends > 0) return `Sent ${resends + 1} times, each safe to repeat, and failed each time.`;
	return `Not retried: ${operation.provider} may have stored the file before the failure; check before running again.`;
}

/** The account's throttle: its cap on requests in flight, and its pace where the provider publishes a rate. */
function throttleFor(ctx: IExecutePaginationFunctions, operation: UploadOperation, options: IDataObject): AccountThrottle {
	const perMinute = numberOption(ctx, options, 'maxRequestsPerMinute', 'Max Requests per Minute', 0);
	return accountThrottle(
		ctx,
		operation.provider,
		numberOption(ctx, options, 'maxConcurrentUploads', 'Max Concurrent Uploads', operation.defaultConcurrency),
		operation.rateLimit && { published: operation.rateLimit, cap: perMinute > 0 ? { requests: perMinute, intervalMs: 60_000 } : undefined },
		operation.sharedConcurrency?.startSlots,
	);
}

/**
 * Sends one request through the account's throttle, the way RoutingNode would (n8n's
 * authenticated request helper), but with the run's credential: RoutingNode reads it from the
 * database again for every request. The answer's quota headers tune the account's pace; a 429
 * holds every request of the account for its wait, set before this request's slot is freed, so
 * that no other request starts into the same refusal.
 */
async function sendThrottled(
	ctx: IExecutePaginationFunctions,
	operation: UploadOperation,
	throttle: AccountThrottle,
	credential: RunCredential,
	options: IHttpRequestOptions,
): Promise<unknown> {
	const response = await throttle.run(async () => {
		const answer = (await requestWithCredential(ctx, credential, { ...options, returnFullResponse: true }).catch(async (error: unknown) => {
			const failure = readProviderFailure(error);
			if (failure.responseHeaders) shareLoad(operation, throttle, failure.responseHeaders);
			if (failure.status === 429 && throttle.pacer) {
				if (operation.readQuota && failure.responseHeaders) throttle.pacer.learn(operation.readQuota(failure.responseHeaders));
				const wait = waitBeforeRetry(operation, failure, 1);
				if (wait !== undefined && Number.isFinite(wait)) throttle.pacer.pause(wait);
			}
			return await Promise.reject(error);
		})) as { body?: unknown; headers?: Record<string, unknown> };
		// While this request still holds its slot: the provider counted it among those running.
		if (answer?.headers) shareLoad(operation, throttle, answer.headers);
		return answer;
	});
	if (operation.readQuota && response?.headers) throttle.pacer?.learn(operation.readQuota(response.headers));
	return response?.body;
}

/** An answer's report of the load the account shares (see sharedConcurrency) opens or closes its slots. */
function shareLoad(operation: UploadOperation, throttle: AccountThrottle, headers: Record<string, unknown>): void {
	if (operation.sharedConcurrency) throttle.share(operation.sharedConcurrency.read(headers), operation.sharedConcurrency.reserve);
}

/** How long one request may wait in total for the provider's rate limit. */
const maxRateLimitWaitOf = (ctx: IExecutePaginationFunctions, options: IDataObject) =>
	numberOption(ctx, options, 'maxRateLimitWait', 'Max Rate-Limit Wait (Seconds)', DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS);

/**
 * A JSON call that follows the uploads (a signed link, a note, a record update), through the
 * same account limiter and 429 handling as the uploads. A read is safe to repeat, so a GET
 * is also sent again after an unknown outcome (timeout, 5xx), twice at most; a write is not.
 */
export async function followUpRequest(
	ctx: IExecutePaginationFunctions,
	operation: UploadOperation,
	/** The item's routed request, whose root, allow-list and headers the call shares. */
	routed: Pick<DeclarativeRestApiSettings.ResultOptions, 'options'>,
	request: Pick<IHttpRequestOptions, 'method' | 'url' | 'qs' | 'body'>,
	/** What the call is, for the error ("the note attaching the files to deal 71"), and what its failure leaves. */
	failure: { what: string; leaves: string },
): Promise<unknown> {
	const credential = await runCredential(ctx, operation.api);
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const throttle = throttleFor(ctx, operation, options);
	const maxWaitSeconds = maxRateLimitWaitOf(ctx, options);
	const { baseURL, allowedDomains, headers = {} } = routed.options as IHttpRequestOptions;
	// The node's own headers (Accept, a version), not the multipart body's content type.
	const jsonHeaders = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
	const send = { baseURL, allowedDomains, headers: jsonHeaders, ...request, json: true } as IHttpRequestOptions;
	let waited = 0;
	let resends = 0;
	for (let attempt = 1; ; attempt++) {
		try {
			return await sendThrottled(ctx, operation, throttle, credential, send);
		} catch (error) {
			const answer = readProviderFailure(error);
			const wait = waitBeforeRetry(operation, answer, attempt);
			if (wait === undefined && send.method === 'GET' && mayHaveStored(answer) && resends < MAX_UNKNOWN_OUTCOME_RESENDS) {
				resends++;
				await sleep(backoffSeconds(resends) * 1000);
				continue;
			}
			if (wait === undefined || waited + wait > maxWaitSeconds) throw providerError(ctx, operation.provider, failure.what, answer, failure.leaves);
			await sleep(wait * 1000);
			waited += wait;
		}
	}
}

/**
 * Builds the routing "pagination" function of an upload operation. RoutingNode hands it
 * one item's routed request; it sends the multipart requests the operation plans, so one
 * item can fan out into several uploads, each output item paired with its input item.
 */
export function sendUploads(operation: UploadOperation) {
	return async function (
		this: IExecutePaginationFunctions,
		routedByNode: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const pairedItem = { item: this.getItemIndex() };
		const continueOnFail = this.continueOnFail();
		const done: INodeExecutionData[] = [];
		try {
			// Every check runs before the first request: a refused input sends nothing.
			let requests: PlannedRequest[];
			let routed = routedByNode;
			let credential: RunCredential;
			let options: IDataObject;
			let throttle: AccountThrottle;
			let maxWaitSeconds: number;
			try {
				credential = await runCredential(this, operation.api);
				const url = operation.urlOf?.(this) ?? routed.options.url;
				const baseURL = baseUrlFrom(operation.api, credential.data ?? {});
				const allowedDomains = allowedDomainsFor(this, credential, baseURL, routed.options.allowedDomains);
				routed = { ...routed, options: { ...routed.options, baseURL, url, allowedDomains } };
				const files = operation.readsBinary?.(this) === false ? [] : await readUploadFiles(this);
				for (const file of files) assertFileAllowed(this, file, operation.policy);
				requests = await operation.plan(this, files, routed.options as IHttpRequestOptions);
				options = this.getNodeParameter('options', {}) as IDataObject;
				throttle = throttleFor(this, operation, options);
				maxWaitSeconds = maxRateLimitWaitOf(this, options);
			} catch (error) {
				const refusal = asNodeError(this, error);
				if (!continueOnFail) reportRefused(this, refusal);
				throw refusal;
			}
			if (!continueOnFail) await waitForAllItemsChecked(this);
			const passThroughBinary = options.passThroughBinary === true;

			for (const planned of requests) {
				// A request without a part (a file the provider fetches) is named by its address.
				const names = planned.parts.map(({ file }) => `"${file.fileName}"`).join(', ') || `"${String(planned.describe.fileUrl ?? '')}"`;
				let request = planned;
				let answers: unknown[] | undefined;
				let waited = 0;
				let resends = 0;
				for (let attempt = 1; !answers; attempt++) {
					try {
						// A fresh body per attempt: a sent stream cannot be sent again.
						const body = formFor(request);
						const options = { ...multipartRequestOptions(routed.options, body), ...(request.qs && { qs: { ...routed.options.qs, ...request.qs } }) };
						// Like RoutingNode without a postReceive, an array answer is one result per element.
						const answer = await sendThrottled(this, operation, throttle, credential, options as IHttpRequestOptions);
						answers = Array.isArray(answer) ? answer : [answer];
					} catch (error) {
						const failure = readProviderFailure(error);
						const wait = waitBeforeRetry(operation, failure, attempt);
						const unknownOutcome = wait === undefined && mayHaveStored(failure);
						const resend = unknownOutcome && resends < MAX_UNKNOWN_OUTCOME_RESENDS ? operation.resendAfterUnknownOutcome?.(request) : undefined;
						if (resend) {
							request = resend;
							resends++;
							await sleep(backoffSeconds(resends) * 1000);
							continue;
						}
						if (wait === undefined || waited + wait > maxWaitSeconds) {
							const gaveUp =
								wait === undefined
									? notRetriedNote(operation, failure, resends)
									: `Gave up after ${attempt} attempts and ${Math.round(waited)} s of waiting (Options → Max Rate-Limit Wait is ${maxWaitSeconds} s).`;
							throw providerError(this, operation.provider, `the upload of ${names}`, failure, [gaveUp, describeDone(done)].filter(Boolean).join(' '));
						}
						await sleep(wait * 1000);
						waited += wait;
					}
				}
				for (const json of answers) {
					if (!json || typeof json !== 'object' || Array.isArray(json)) {
						throw new NodeApiError(this.getNode(), { answer: String(json).slice(0, 200) }, {
							itemIndex: this.getItemIndex(),
							message: `${operation.provider} answered the upload of ${names} with something other than the JSON its API documents`,
							description: [notRetriedNote(operation, { providerMessage: '' }, 0), describeDone(done)].filter(Boolean).join(' '),
						});
					}
					// A JSON object, as just checked.
					const answer = json as IDataObject;
					done.push({
						json: { ...(operation.toOutput?.(answer, request) ?? answer), ...request.describe },
						...(passThroughBinary && {
							binary: Object.fromEntries(request.parts.map(({ file }) => [file.binaryField, file.binary])),
						}),
						pairedItem,
					});
				}
			}
			return operation.afterUploads ? await operation.afterUploads(this, done, routed) : done;
		} catch (error) {
			const failure = asNodeError(this, error);
			await redactCredentials(this, failure);
			if (!continueOnFail) throw failure;
			// The uploads that did succeed stay in the output next to the error. The error item is
			// plain JSON, `error` and `message`, the one shape n8n's error output routes in 1.x and
			// 2.x alike: of an item that carries the error object n8n keeps only its message, and
			// the description (what was stored, what to check) would be lost.
			return [...done, { json: { error: failure.message, ...(failure.description && { message: failure.description }) }, pairedItem }];
		}
	};
}

/** An upload operation's routing, typed as it is built (what the node's description and its tests read). */
export interface UploadRouting {
	request: { method: 'POST' | 'PUT'; url?: string };
	send: { paginate: true };
	operations: { pagination: ReturnType<typeof sendUploads> };
}

/**
 * The routing of an upload operation: RoutingNode builds the request (method, URL, fields
 * from routed parameters), then hands it to the upload hook instead of sending it. The
 * "pagination" hook is RoutingNode's way to send more than one request per item.
 */
export function uploadRouting(operation: UploadOperation, request: UploadRouting['request']): UploadRouting {
	return {
		request,
		send: { paginate: true },
		operations: { pagination: sendUploads(operation) },
	};
}
