import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequest } from '../../shared/transport';
import { readProviderFailure } from '../../shared/upload/errors';
import { KARBON_RECORD_KINDS, recordDisplayName, type KarbonLinkType, type KarbonRecordKind } from '../shared/records';
import { karbonApi } from '../shared/transport';

interface ListPage {
	value?: IDataObject[];
	'@odata.nextLink'?: string;
}

/** Karbon's most per page. */
const PAGE_SIZE = 100;

/** Pages read per search where Karbon cannot search by name (client groups): 500 records. */
const MAX_PAGES_PER_SEARCH = 5;

/**
 * The search Karbon runs: `contains` on the name. Karbon is not known to accept a quote in a
 * `$filter` literal, doubled or not, so only the longest stretch without one is sent, and the
 * whole term is matched here.
 */
function firstPagePath(kind: KarbonRecordKind, term: string, searchedByKarbon: boolean): string {
	const query = new URLSearchParams();
	const sent = term.split("'").map((part) => part.trim()).sort((a, b) => b.length - a.length)[0];
	if (searchedByKarbon && sent) query.set('$filter', `contains(${kind.nameField}, '${sent}')`);
	if (kind.orderBy) query.set('$orderby', kind.orderBy);
	if (kind.paged) query.set('$top', String(PAGE_SIZE));
	const search = query.toString();
	return `/v3/${kind.collection}${search ? `?${search}` : ''}`;
}

/**
 * Karbon's next-page link, followed as it is but sent to the credential's API root: the link
 * names Karbon's public host even when the credential points at a proxy.
 */
function nextPagePath(nextLink: string | undefined): string | undefined {
	if (!nextLink) return undefined;
	const url = new URL(nextLink, 'https://api.karbonhq.com');
	return url.pathname.startsWith('/v3/') ? `${url.pathname}${url.search}` : undefined;
}

/** One page; n8n's own error (already redacted) for a failure, except where Karbon's answer needs words. */
async function readPage(ctx: ILoadOptionsFunctions, kind: KarbonRecordKind, path: string): Promise<ListPage | 'filterRefused'> {
	return await apiRequest<ListPage>(ctx, karbonApi, 'GET', path).catch(async (error: unknown) => {
		const { status } = readProviderFailure(error);
		if (status === 400 && path.includes('%24filter=')) return 'filterRefused' as const;
		if (kind.collection === 'IntegrationTasks' && (status === 401 || status === 403)) {
			throw new NodeOperationError(ctx.getNode(), 'Karbon lets only approved integration partners list integration tasks', {
				description: 'Choose "By Key" and enter the task\'s key.',
			});
		}
		return await Promise.reject(error);
	});
}

/**
 * The records of the kind Link To chose, searched by name: Karbon filters contacts,
 * organizations and work items; client groups and integration tasks are read page by page
 * and filtered here.
 */
export async function searchRecords(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const kind = KARBON_RECORD_KINDS[this.getNodeParameter('linkTo', 'contact') as KarbonLinkType];
	const typed = (filter ?? '').trim();
	const matches = (record: IDataObject) => String(record[kind.nameField] ?? '').toLowerCase().includes(typed.toLowerCase());
	// A next page continues the search its first page began, on Karbon's side or here.
	let searchedByKarbon = paginationToken ? paginationToken.includes('%24filter=') : kind.search === 'contains';
	let path: string | undefined = paginationToken ?? firstPagePath(kind, typed, searchedByKarbon);
	const results: INodeListSearchItems[] = [];
	let pages = 0;
	while (path && pages < (searchedByKarbon ? 1 : MAX_PAGES_PER_SEARCH) && results.length < PAGE_SIZE / 5) {
		const page = await readPage(this, kind, path);
		if (page === 'filterRefused') {
			// Karbon's spec lists only `eq` for organizations where its guides show `contains`:
			// should Karbon refuse the search, the records are read page by page and filtered here.
			searchedByKarbon = false;
			path = firstPagePath(kind, typed, false);
			continue;
		}
		pages++;
		for (const record of (page.value ?? []).filter(matches)) {
			results.push({ name: recordDisplayName(kind, record), value: String(record[kind.keyField]) });
		}
		path = nextPagePath(page['@odata.nextLink']);
	}
	return { results, paginationToken: path };
}
