import type { IExecuteSingleFunctions } from 'n8n-workflow';

/**
 * A text parameter, '' when its expression gives nothing: `={{ $json.contactId }}` on an item
 * without `contactId` is undefined, which String() alone would turn into the word "undefined",
 * an ID that passes every "is it empty" check.
 */
export function textParameter(ctx: IExecuteSingleFunctions, name: string): string {
	return String(ctx.getNodeParameter(name, '') ?? '');
}
