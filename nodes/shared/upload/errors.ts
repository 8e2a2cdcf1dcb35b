import type { IExecuteSingleFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * A refused input: names the item, the parameter and the fix. Thrown before any request
 * is sent, so nothing reaches the provider.
 */
export function inputError(
	ctx: IExecuteSingleFunctions,
	parameter: string,
	problem: string,
	fix: string,
): NodeOperationError {
	const itemIndex = ctx.getItemIndex();
	return new NodeOperationError(ctx.getNode(), `${parameter}: ${problem} [item ${itemIndex}]`, {
		itemIndex,
		description: fix,
	});
}

/**
 * Errors reach the workflow as NodeOperationError or NodeApiError; anything else (a bug,
 * a stream that broke) is wrapped so it still names the item.
 */
export function asNodeError(ctx: IExecuteSingleFunctions, error: unknown): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: ctx.getItemIndex() });
}

export interface ProviderFailure {
	/** HTTP status, or undefined when no answer came (connection refused, timeout). */
	status?: number;
	/** The provider's own words, joined when it sends a list. */
	providerMessage: string;
	/** Seconds the provider asks to wait, when it says so. */
	retryAfterSeconds?: number;
	/** The network error code when no answer came, e.g. ECONNREFUSED. */
	code?: string;
	/** The answer's headers and body, for provider-specific rate-limit rules. */
	responseHeaders?: Record<string, unknown>;
	responseBody?: unknown;
}

const MESSAGE_KEYS = ['message', 'Message', 'error_description', 'error', 'title', 'detail'];

function messageFromBody(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() || undefined;
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	for (const key of MESSAGE_KEYS) {
		const value = record[key];
		if (typeof value === 'string' && value.trim()) return value.trim();
		// Some providers (HighLevel's 422) send a list of messages.
		if (Array.isArray(value) && value.length) return value.map(String).join('; ');
		if (value && typeof value === 'object') {
			const nested = messageFromBody(value);
			if (nested) return nested;
		}
	}
	return undefined;
}

/**
 * Reads what the provider answered out of the error n8n's request helper throws. Only the
 * status, body and Retry-After are kept: the original error also carries the request's
 * headers, credentials included, and must never reach the output.
 */
export function readProviderFailure(error: unknown): ProviderFailure {
	const cause = (error as { cause?: unknown })?.cause ?? error;
	const response = (cause as { response?: { status?: number; data?: unknown; headers?: Record<string, unknown> } })
		?.response;
	const httpCode = Number((error as { httpCode?: string })?.httpCode);
	const status = response?.status ?? (Number.isInteger(httpCode) && httpCode > 0 ? httpCode : undefined);
	const retryAfter = Number(response?.headers?.['retry-after']);
	const fallback =
		(cause as { code?: string })?.code ?? (cause as Error)?.message ?? 'No answer from the server';
	const code = (cause as { code?: unknown })?.code;
	return {
		status,
		providerMessage: messageFromBody(response?.data) ?? String(fallback),
		retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
		...(typeof code === 'string' && !response && { code }),
		...(response && { responseHeaders: response.headers, responseBody: response.data }),
	};
}

export function providerError(
	ctx: IExecuteSingleFunctions,
	provider: string,
	what: string,
	failure: ProviderFailure,
	extraDescription?: string,
): NodeApiError {
	const statusText = failure.status ? `HTTP ${failure.status}` : 'no answer';
	const hints: string[] = [];
	if (failure.status === 401 || failure.status === 403) {
		hints.push(`Check the ${provider} credential: the provider did not accept it.`);
	}
	if (failure.retryAfterSeconds !== undefined) {
		hints.push(`${provider} asks to wait ${failure.retryAfterSeconds} s before the next request.`);
	}
	if (extraDescription) hints.push(extraDescription);
	const errorResponse: JsonObject = {
		status: failure.status ?? null,
		message: failure.providerMessage,
	};
	return new NodeApiError(ctx.getNode(), errorResponse, {
		itemIndex: ctx.getItemIndex(),
		httpCode: failure.status ? String(failure.status) : undefined,
		message: `${provider} refused ${what} (${statusText}): ${failure.providerMessage}`,
		description: hints.join(' ') || undefined,
	});
}
