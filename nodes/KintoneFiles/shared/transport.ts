import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequest, oncePerRun, type ApiContext, type ProviderApi } from '../../shared/transport';

/**
 * Kintone has no shared API host: each account has its own (the credential's Domain), and
 * the nodes send every request there. This, the service's own site, stands in where n8n
 * asks a node for its API root before any credential is applied (requestDefaults).
 */
export const KINTONE_SERVICE_URL = 'https://kintone.com';

export const kintoneApi: ProviderApi = {
	credentials: [{ authentication: 'default', type: 'kintoneFilesApi' }],
	baseUrlOf: (credentials) => String(credentials.baseUrlOverride || `https://${String(credentials.domain ?? '').trim()}`),
};

/** Options → Guest Space ID, as typed ('' outside a guest space). */
export const guestSpaceIdOf = (ctx: ApiContext) => String((ctx.getNodeParameter('options', {}) as IDataObject).guestSpaceId ?? '').trim();

/** `/k/v1/{endpoint}`, or `/k/guest/{space}/v1/{endpoint}` inside a guest space. */
export function kintonePath(ctx: ApiContext, endpoint: string): string {
	const guestSpaceId = guestSpaceIdOf(ctx);
	return guestSpaceId ? `/k/guest/${encodeURIComponent(guestSpaceId)}/v1/${endpoint}` : `/k/v1/${endpoint}`;
}

export interface KintoneFormField {
	type: string;
	code: string;
	label: string;
	/** A table's (SUBTABLE's) own fields, which Kintone lists only here. */
	fields?: Record<string, KintoneFormField>;
	required?: boolean;
	/** "Prohibit duplicate values" of a text or number field. */
	unique?: boolean;
	/** The choices of a drop-down, radio button, check box or multi-select field. */
	options?: Record<string, { label: string; index: string }>;
}

/** Each FILE field of the app, with the table it is in when it is in one. */
export function attachmentFieldsOf(fields: Record<string, KintoneFormField>): Array<{ field: KintoneFormField; table?: KintoneFormField }> {
	return Object.values(fields).flatMap((field) => {
		if (field.type === 'FILE') return [{ field }];
		if (field.type !== 'SUBTABLE') return [];
		return Object.values(field.fields ?? {}).filter((inner) => inner.type === 'FILE').map((inner) => ({ field: inner, table: field }));
	});
}

/** "Signed copy (SignedCopy)"; a label equal to its code once; a table's field after the table, "Agreements › Signed copy". */
export function attachmentFieldName({ field, table }: { field: KintoneFormField; table?: KintoneFormField }): string {
	const name = field.label === field.code ? field.code : `${field.label} (${field.code})`;
	return table ? `${table.label} › ${name}` : name;
}

/** The App as picked or typed, without spaces around it ('' while none is chosen). */
export const appParameterOf = (ctx: ApiContext) => String(ctx.getNodeParameter('app', '', { extractValue: true }) ?? '').trim();

/** An app ID: the app's number (the 12 in …/k/12/). */
export const APP_ID = /^\d+$/;

/**
 * The App of a picker or of the field mapper, which have no item to name: undefined while none
 * is chosen; a value that is no app number is refused before Kintone is asked.
 */
export function pickerAppIdOf(ctx: ILoadOptionsFunctions): string | undefined {
	const app = appParameterOf(ctx);
	if (!app) return undefined;
	if (APP_ID.test(app)) return app;
	throw new NodeOperationError(ctx.getNode(), `App: "${app}" is not an app ID`, {
		description: 'Pick the app from the list, or enter its number (the 12 in …/k/12/).',
	});
}

/**
 * GET app/form/fields.json: the app's fields by field code. Read once per node run (its items
 * and the steps before and after the uploads share it); in the editor, afresh each time.
 */
export async function formFields(ctx: ApiContext, app: string): Promise<Record<string, KintoneFormField>> {
	const path = kintonePath(ctx, 'app/form/fields.json');
	return await oncePerRun(ctx, `kintone form ${path}?app=${app}`, async () => {
		const { properties = {} } = await apiRequest<{ properties?: Record<string, KintoneFormField> }>(ctx, kintoneApi, 'GET', path, { app });
		return properties;
	});
}
