import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiRequest } from '../../shared/transport';
import { attachmentFieldName, attachmentFieldsOf, formFields, kintoneApi, kintonePath, pickerAppIdOf } from '../shared/transport';

/** GET apps.json by name. A login can list apps; an API token cannot, so it is not asked. */
export async function searchApps(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const credentials = await this.getCredentials('kintoneFilesApi');
	if (credentials.authType !== 'password') {
		throw new NodeOperationError(this.getNode(), 'API tokens cannot list apps: choose "By ID" and enter the app\'s number', {
			description: 'The app ID is the number in the app\'s address, e.g. 12 in https://example.kintone.com/k/12/. Only a credential with a login name and password can list apps.',
		});
	}
	const offset = Number(paginationToken ?? 0);
	const { apps = [] } = await apiRequest<{ apps?: Array<{ appId: string; name: string }> }>(
		this,
		kintoneApi,
		'GET',
		kintonePath(this, 'apps.json'),
		{ limit: 100, offset, ...(filter?.trim() && { name: filter.trim() }) },
	);
	return {
		results: apps.map((app) => ({ name: `${app.name} (${app.appId})`, value: app.appId })),
		paginationToken: apps.length === 100 ? String(offset + 100) : undefined,
	};
}

/** The app's Attachment (FILE) fields, those inside a table (SUBTABLE) too. */
export async function searchAttachmentFields(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const app = pickerAppIdOf(this);
	if (!app) {
		throw new NodeOperationError(this.getNode(), 'Choose the App first', { description: 'The Attachment fields are listed from the app\'s form.' });
	}
	const needle = (filter ?? '').trim().toLowerCase();
	return {
		results: attachmentFieldsOf(await formFields(this, app))
			.map((entry) => ({ name: attachmentFieldName(entry), value: entry.field.code }))
			.filter((result) => !needle || result.name.toLowerCase().includes(needle)),
	};
}
