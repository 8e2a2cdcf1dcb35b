import type { IDataObject, IExecutePaginationFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { oncePerRun } from '../../shared/transport';
import { inputError } from '../../shared/upload/errors';
import { followUpRequest, type UploadOperation } from '../../shared/upload/uploadOperation';

/** The kinds of record a Karbon file links to, as Link To names them. */
export type KarbonLinkType = 'contact' | 'organization' | 'clientGroup' | 'workItem' | 'integrationTask';

/**
 * Where Karbon lists each kind of record and how it can be searched (`GET /v3/{collection}`):
 * contacts, organizations and work items by `contains` on their name, client groups by `eq`
 * only, integration tasks not by name at all (and only by approved integration partners).
 */
export interface KarbonRecordKind {
	/** "contact", for messages. */
	label: string;
	collection: string;
	keyField: string;
	nameField: string;
	/** Shown after the name in a picker, e.g. the contact's email address. */
	detailField?: string;
	/** Searched by Karbon with `contains`, or page by page on our side. */
	search: 'contains' | 'byPage';
	/** A stable order, which Karbon's paging needs; undefined: the list takes none. */
	orderBy?: string;
	/** The list takes `$top`. */
	paged: boolean;
	/** The segment of a Karbon web address that names this kind, e.g. `#/contacts/{key}`. */
	urlSegment?: string;
}

export const KARBON_RECORD_KINDS: Record<KarbonLinkType, KarbonRecordKind> = {
	contact: { label: 'contact', collection: 'Contacts', keyField: 'ContactKey', nameField: 'FullName', detailField: 'EmailAddress', search: 'contains', orderBy: 'FullName', paged: true, urlSegment: 'contacts' },
	organization: { label: 'organization', collection: 'Organizations', keyField: 'OrganizationKey', nameField: 'FullName', detailField: 'EmailAddress', search: 'contains', orderBy: 'FullName', paged: true, urlSegment: 'organizations' },
	clientGroup: { label: 'client group', collection: 'ClientGroups', keyField: 'ClientGroupKey', nameField: 'FullName', search: 'byPage', orderBy: 'FullName', paged: true, urlSegment: 'client-groups' },
	workItem: { label: 'work item', collection: 'WorkItems', keyField: 'WorkItemKey', nameField: 'Title', detailField: 'ClientName', search: 'contains', orderBy: 'StartDate desc', paged: true, urlSegment: 'work' },
	integrationTask: { label: 'integration task', collection: 'IntegrationTasks', keyField: 'TaskKey', nameField: 'TaskName', detailField: 'TaskStatus', search: 'byPage', paged: false },
};

/**
 * A record's address in Karbon's web app. Karbon documents none; these are the forms seen in
 * use: `https://app2.karbonhq.com/{tenant}#/contacts/{key}`, the same without the tenant,
 * `…/organizations/…`, `…/client-groups/…`, `…/work/{key}` (maybe followed by a tab such as
 * `/file-management-documents`), and `https://app.karbonhq.com/work/{key}`.
 */
export const KARBON_WEB_URL = '^\\s*https://app\\d*\\.karbonhq\\.com/(?:[A-Za-z0-9]+/?)?(?:#/)?(contacts|organizations|client-groups|work)/([A-Za-z0-9]+)(?:[/?#]\\S*)?\\s*$';

/** The key a pasted Karbon address names, checked against the kind of record Link To chose. */
export function recordKeyFromUrl(ctx: IExecutePaginationFunctions, url: string, linkType: KarbonLinkType): string {
	const kind = KARBON_RECORD_KINDS[linkType];
	const match = new RegExp(KARBON_WEB_URL, 'i').exec(url);
	if (!match) {
		throw inputError(
			ctx,
			'Record Key',
			`"${url.trim()}" is not the address of a Karbon record`,
			kind.urlSegment
				? `Paste the address from the browser while the ${kind.label} is open in Karbon, e.g. https://app2.karbonhq.com/4mTp2XwQk9Lz#/${kind.urlSegment}/RXq4mD62PXg, or choose "By Key".`
				: `Karbon shows integration tasks at no known address: choose "By Key" and enter the task's key.`,
		);
	}
	const [, segment, key] = match;
	const linked = (Object.keys(KARBON_RECORD_KINDS) as KarbonLinkType[]).find((type) => KARBON_RECORD_KINDS[type].urlSegment === segment.toLowerCase());
	if (linked !== linkType) {
		throw inputError(
			ctx,
			'Record Key',
			`the address is that of a ${KARBON_RECORD_KINDS[linked!].label}, but Link To is "${kind.label}"`,
			`Set Link To to the kind of record the address shows, or paste the address of a ${kind.label}.`,
		);
	}
	return key;
}

/** "Priya Sharma (priya@sharma.example)". */
export function recordDisplayName(kind: KarbonRecordKind, record: IDataObject): string {
	const name = String(record[kind.nameField] ?? '').trim() || String(record[kind.keyField]);
	const detail = kind.detailField && String(record[kind.detailField] ?? '').trim();
	return detail ? `${name} (${detail})` : name;
}

type RecordLookup = { record: IDataObject } | { missing: true };

/**
 * GET /v3/{collection}/{key}: the record a key names, read before anything is uploaded. A key
 * Karbon does not know is the user's to fix (an input error, nothing sent); any other failure
 * (the credential, the network) is Karbon's answer, as the upload's would be.
 */
export async function linkedRecord(
	ctx: IExecutePaginationFunctions,
	operation: UploadOperation,
	routed: IHttpRequestOptions,
	linkType: KarbonLinkType,
	key: string,
): Promise<IDataObject> {
	const kind = KARBON_RECORD_KINDS[linkType];
	// One read per record per node run, shared by its items.
	const found = await oncePerRun(ctx, `karbon record ${kind.collection}/${key}`, async () =>
		await followUpRequest(
			ctx,
			operation,
			{ options: routed },
			{ method: 'GET', url: `/v3/${kind.collection}/${encodeURIComponent(key)}` },
			{ what: `the look-up of ${kind.label} ${key}`, leaves: 'Nothing was uploaded.' },
		).then(
			(record): RecordLookup => ({ record: (record ?? {}) as IDataObject }),
			async (error: unknown): Promise<RecordLookup> => {
				if (error instanceof NodeApiError && error.httpCode === '404') return { missing: true };
				return await Promise.reject(error);
			},
		),
	);
	if ('missing' in found) {
		throw inputError(
			ctx,
			'Record Key',
			`Karbon has no ${kind.label} with the key "${key}", or this API application may not see it`,
			`Pick the ${kind.label} from the list, or copy its key again. Hidden and private contacts (and their work items) are visible only to API applications Karbon has approved for them. Nothing was uploaded.`,
		);
	}
	return found.record;
}
