import type { ICredentialType, INodeTypeDescription } from 'n8n-workflow';

import { HighLevelFilesApi } from '../../credentials/HighLevelFilesApi.credentials';
import { HighLevelFilesOAuth2Api } from '../../credentials/HighLevelFilesOAuth2Api.credentials';
import { HubSpotFilesApi } from '../../credentials/HubSpotFilesApi.credentials';
import { HubSpotFilesOAuth2Api } from '../../credentials/HubSpotFilesOAuth2Api.credentials';
import { KarbonFilesApi } from '../../credentials/KarbonFilesApi.credentials';
import { KintoneFilesApi } from '../../credentials/KintoneFilesApi.credentials';
import { HighLevelFiles } from '../../nodes/HighLevelFiles/HighLevelFiles.node';
import { HubSpotFiles } from '../../nodes/HubSpotFiles/HubSpotFiles.node';
import { KarbonFiles } from '../../nodes/KarbonFiles/KarbonFiles.node';
import { KintoneFiles } from '../../nodes/KintoneFiles/KintoneFiles.node';

/**
 * The panels as published: every parameter's name, type, default, option values, display
 * conditions and text, for each node and credential type. Saved workflows depend on the names
 * and values (never rename: add, deprecate, migrate), users read the text, so any change to a
 * panel shows up here as a snapshot diff to review, and is taken with `jest -u` only on purpose.
 *
 * Routing and credential authentication are left out: they are behaviour, held by the tests
 * that check what arrives at the sandboxes.
 */
function panelOf(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(panelOf);
	if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
	if (!value || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([key]) => !['routing', 'requestDefaults', 'authenticate', 'test'].includes(key))
			.map(([key, entry]) => [key, panelOf(entry)]),
	);
}

test.each<[string, INodeTypeDescription]>([
	['karbonFiles', new KarbonFiles().description],
	['hubSpotFiles', new HubSpotFiles().description],
	['kintoneFiles', new KintoneFiles().description],
	['highLevelFiles', new HighLevelFiles().description],
])('the %s panel as published', (_node, description) => {
	expect(panelOf(description)).toMatchSnapshot();
});

test.each<[string, ICredentialType]>([
	['karbonFilesApi', new KarbonFilesApi()],
	['hubSpotFilesApi', new HubSpotFilesApi()],
	['hubSpotFilesOAuth2Api', new HubSpotFilesOAuth2Api()],
	['kintoneFilesApi', new KintoneFilesApi()],
	['highLevelFilesApi', new HighLevelFilesApi()],
	['highLevelFilesOAuth2Api', new HighLevelFilesOAuth2Api()],
])('the %s credential panel as published', (name, credential) => {
	expect(credential.name).toBe(name);
	expect(panelOf(credential)).toMatchSnapshot();
});
