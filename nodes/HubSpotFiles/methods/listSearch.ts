import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { apiRequest } from '../../shared/transport';
import { hubSpotApi } from '../shared/transport';

interface FolderPage {
	results?: Array<{ id: string; name?: string; path?: string }>;
	paging?: { next?: { after?: string } };
}

/** GET /files/v3/folders/search, by name, one page per call. */
export async function searchFolders(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: Record<string, string | number> = { limit: 100, sort: 'path' };
	if (filter?.trim()) qs.name = filter.trim();
	if (paginationToken) qs.after = paginationToken;
	const page = await apiRequest<FolderPage>(this, hubSpotApi, 'GET', '/files/v3/folders/search', qs);
	return {
		results: (page.results ?? []).map((folder) => ({ name: folder.path || folder.name || folder.id, value: folder.id })),
		paginationToken: page.paging?.next?.after,
	};
}

interface FilePage {
	results?: Array<{ id: string; name?: string; extension?: string; path?: string }>;
	paging?: { next?: { after?: string } };
}

/** GET /files/v3/files/search, by name, one page per call: the files Replace File can replace. */
export async function searchFiles(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: Record<string, string | number> = { limit: 100, sort: 'path' };
	if (filter?.trim()) qs.name = filter.trim();
	if (paginationToken) qs.after = paginationToken;
	const page = await apiRequest<FilePage>(this, hubSpotApi, 'GET', '/files/v3/files/search', qs);
	return {
		results: (page.results ?? []).map((file) => ({ name: file.path || [file.name, file.extension].filter(Boolean).join('.') || file.id, value: file.id })),
		paginationToken: page.paging?.next?.after,
	};
}
