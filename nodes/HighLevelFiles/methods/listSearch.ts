import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { apiRequest, credentialTypeOf } from '../../shared/transport';
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

const FOLDER_PAGE = 100;

/**
 * GET /medias/files?type=folder: the media library's folders of the location, by name. HighLevel
 * documents no next-page marker, so a page shorter than the limit is the last; the folder's
 * id field is not in its spec (`_id` in use, `id` read as well).
 */
export async function searchMediaFolders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const credentials = await this.getCredentials(credentialTypeOf(this, highLevelApi));
	const locationId = locationIdOf(this.getNodeParameter('locationId', ''), credentials);
	const offset = Number(paginationToken ?? 0);
	const qs: IDataObject = { altType: 'location', altId: locationId, type: 'folder', sortBy: 'createdAt', sortOrder: 'asc', offset: String(offset), limit: String(FOLDER_PAGE) };
	if (filter?.trim()) qs.query = filter.trim();
	const { files = [] } = await apiRequest<{ files?: Array<{ _id?: string; id?: string; name?: string }> }>(this, highLevelApi, 'GET', '/medias/files', qs);
	return {
		results: files
			.map((folder) => ({ name: folder.name || String(folder._id ?? folder.id), value: String(folder._id ?? folder.id ?? '') }))
			.filter((folder) => folder.value),
		paginationToken: files.length === FOLDER_PAGE ? String(offset + FOLDER_PAGE) : undefined,
	};
}
