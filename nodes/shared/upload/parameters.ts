import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { inputError } from './errors';

/**
 * A text parameter, '' when its expression gives nothing: `={{ $json.contactId }}` on an item
 * without `contactId` is undefined, which String() alone would turn into the word "undefined",
 * an ID that passes every "is it empty" check.
 */
export function textParameter(ctx: IExecuteSingleFunctions, name: string): string {
	return String(ctx.getNodeParameter(name, '') ?? '');
}

/**
 * A number in the Options collection, its default when unset or empty. Text that an expression
 * gives is refused, before anything is sent: read as NaN, a cap on uploads in flight let none
 * start, and a limit on the wait after a 429 never ended it.
 */
export function numberOption(ctx: IExecuteSingleFunctions, options: IDataObject, name: string, displayName: string, fallback: number): number {
	const raw = options[name];
	if (raw === undefined || raw === null || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isFinite(value)) throw inputError(ctx, `Options → ${displayName}`, `"${String(raw)}" is not a number`, 'Enter a number, or an expression that gives one.');
	return value;
}
