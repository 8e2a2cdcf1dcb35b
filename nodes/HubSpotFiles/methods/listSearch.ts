import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { apiRequest } from '../../shared/transport';
import { hubSpotApi } from '../shared/transport';

interface SearchPage {
	results?: Array<{ id: string; name?: string; extension?: string; path?: string }>;
	paging?: { next?: { after?: string } };
}

/** One page of a HubSpot search by name (folders or files), each entry named by its path. */
async function searchByName(ctx: ILoadOptionsFunctions, url: string, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const qs: Record<string, string | number> = { limit: 100, sort: 'path' };
	if (filter?.trim()) qs.name = filter.trim();
	if (paginationToken) qs.after = paginationToken;
	const page = await apiRequest<SearchPage>(ctx, hubSpotApi, 'GET', url, qs);
	return {
		results: (page.results ?? []).map((entry) => ({
			name: entry.path || [entry.name, entry.extension].filter(Boolean).join('.') || entry.id,
			value: entry.id,
		})),
		paginationToken: page.paging?.next?.after,
	};
}

/** GET /files/v3/folders/search: the folders an upload can go into. */
export async function searchFolders(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchByName(this, '/files/v3/folders/search', filter, paginationToken);
}

/** GET /files/v3/files/search: the files Replace File can replace. */
export async function searchFiles(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	return await searchByName(this, '/files/v3/files/search', filter, paginationToken);
}

interface SchemaList {
	results?: Array<{ objectTypeId: string; name?: string; fullyQualifiedName?: string; labels?: { singular?: string; plural?: string } }>;
}

/** GET /crm-object-schemas/v3/schemas: the portal's custom objects, by their label. */
export async function searchCustomObjectTypes(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { results = [] } = await apiRequest<SchemaList>(this, hubSpotApi, 'GET', '/crm-object-schemas/v3/schemas');
	const needle = (filter ?? '').trim().toLowerCase();
	return {
		results: results
			.map((schema) => ({ name: `${schema.labels?.singular || schema.name || schema.objectTypeId} (${schema.objectTypeId})`, value: schema.objectTypeId }))
			.filter((result) => !needle || result.name.toLowerCase().includes(needle)),
	};
}
