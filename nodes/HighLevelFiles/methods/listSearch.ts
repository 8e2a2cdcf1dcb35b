import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { credentialTypeOf } from '../../shared/transport';
import { fileUploadFields, highLevelApi, locationIdOf } from '../shared/transport';

function limitLabel(isMultiFileAllowed?: boolean, maxFileLimit?: number): string {
	if (!isMultiFileAllowed) return 'one file';
	return maxFileLimit ? `up to ${maxFileLimit} files` : 'several files';
}

/** The contact's FILE_UPLOAD custom fields of the location, filtered by name. */
export async function searchFileUploadFields(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const credentials = await this.getCredentials(credentialTypeOf(this, highLevelApi));
	const locationId = locationIdOf(this.getNodeParameter('locationId', ''), credentials);
	const needle = (filter ?? '').trim().toLowerCase();
	const fields = await fileUploadFields(this, locationId);
	return {
		results: fields
			.filter((field) => !needle || field.name.toLowerCase().includes(needle))
			.map((field) => ({
				name: `${field.name} (${limitLabel(field.isMultiFileAllowed, field.maxFileLimit)})`,
				value: field.id,
			})),
	};
}
