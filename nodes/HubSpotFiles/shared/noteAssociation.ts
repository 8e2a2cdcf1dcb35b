import type { IExecutePaginationFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { oncePerRun } from '../../shared/transport';
import { inputError } from '../../shared/upload/errors';
import { followUpRequest, type UploadOperation } from '../../shared/upload/uploadOperation';
import { NOTE_ASSOCIATION_TYPE_IDS } from './transport';

/** A CRM record a note can carry files to: one of HubSpot's own objects, or a custom object. */
export type HubSpotRecordType = keyof typeof NOTE_ASSOCIATION_TYPE_IDS | 'customObject';

export interface NoteAssociationType {
	associationCategory: string;
	associationTypeId: number;
}

interface AssociationLabel {
	category: string;
	typeId: number;
	label: string | null;
}

/** The custom object type the node names: its objectTypeId, e.g. 2-3456789. */
export function customObjectTypeOf(ctx: IExecutePaginationFunctions): string {
	const objectType = String(ctx.getNodeParameter('customObjectType', '', { extractValue: true }) ?? '').trim();
	if (!/^2-\d+$/.test(objectType)) {
		throw inputError(
			ctx,
			'Custom Object Type',
			objectType ? `"${objectType}" is not a custom object type ID` : 'no custom object type is chosen',
			'Pick the object from the list, or enter its objectTypeId (2- and digits, e.g. 2-3456789, shown in HubSpot\'s object settings).',
		);
	}
	return objectType;
}

/**
 * The association type of a note on a record of this kind: HubSpot's fixed ids for its own
 * objects; for a custom object, the unlabeled (default) type that
 * `GET /crm/v4/associations/notes/{objectTypeId}/labels` gives, read once per run. An object
 * with no note association cannot carry files: refused before anything is uploaded.
 */
export async function noteAssociationType(
	ctx: IExecutePaginationFunctions,
	operation: UploadOperation,
	routed: IHttpRequestOptions,
	recordType: HubSpotRecordType,
): Promise<NoteAssociationType> {
	if (recordType !== 'customObject') return { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_ASSOCIATION_TYPE_IDS[recordType] };
	const objectType = customObjectTypeOf(ctx);
	const found = await oncePerRun(ctx, `hubspot note labels ${objectType}`, async () =>
		await followUpRequest(
			ctx,
			operation,
			{ options: routed },
			{ method: 'GET', url: `/crm/v4/associations/notes/${encodeURIComponent(objectType)}/labels` },
			{ what: `the look-up of the note association types of object ${objectType}`, leaves: 'Nothing was uploaded.' },
		).then(
			(answer): AssociationLabel[] | { unknownType: string } => (answer as { results?: AssociationLabel[] } | undefined)?.results ?? [],
			async (error: unknown) => {
				// HubSpot answers 400 for an object type it cannot find: kept, like a list.
				if (error instanceof NodeApiError && (error.httpCode === '400' || error.httpCode === '404')) return { unknownType: error.message };
				// A token it accepts but may not read with is a missing scope, not a wrong token or a server error.
				if (error instanceof NodeApiError && error.httpCode === '403') error.description = `${error.description} Reading custom object associations needs the crm.schemas.custom.read scope.`;
				return await Promise.reject(error);
			},
		),
	);
	if (!Array.isArray(found)) {
		throw inputError(ctx, 'Custom Object Type', `HubSpot knows no object type "${objectType}"`, `Pick the object from the list. HubSpot said: ${found.unknownType}`);
	}
	const defaultType = found.find((entry) => entry.label === null) ?? found[0];
	if (!defaultType) {
		throw inputError(
			ctx,
			'Custom Object Type',
			`HubSpot has no association between notes and object ${objectType}, so a note cannot carry files to its records`,
			'In HubSpot, associate the custom object with notes (object settings → Associations), or upload the files without attaching them.',
		);
	}
	return { associationCategory: defaultType.category, associationTypeId: defaultType.typeId };
}
