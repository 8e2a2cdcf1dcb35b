import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { HubSpotFilesOAuth2Api } from '../../credentials/HubSpotFilesOAuth2Api.credentials';
import { HubSpotFiles } from '../../nodes/HubSpotFiles/HubSpotFiles.node';
import { existsInPackage, packageJson } from '../harness/engine.cjs';

const node = new HubSpotFiles();
const { description } = node;
const properties = (name: string) => description.properties.filter((p) => p.name === name);
const options = (name: string) => properties(name)[0].options as INodePropertyOptions[];

describe('HubSpot Files description', () => {
	test('each endpoint choice routes to its URL; both operations go through the upload hook', () => {
		expect(Object.fromEntries(options('endpoint').map((o) => [o.value, o.routing?.request?.url]))).toEqual({
			filesV3: '/files/v3/files',
			legacyFileManager: '/filemanager/api/v3/files/upload',
		});
		for (const operation of options('operation')) {
			// Replace File puts the new content on the file's own URL.
			expect(operation.routing?.request?.method).toBe(operation.value === 'replace' ? 'PUT' : 'POST');
			expect(typeof operation.routing?.operations?.pagination).toBe('function');
		}
	});

	test('the folder is ONE resource locator (list, ID, path): both or neither cannot be sent', () => {
		const folders = properties('folder') as INodeProperties[];
		expect(new Set(folders.map((folder) => folder.type))).toEqual(new Set(['resourceLocator']));
		expect(folders[0].modes?.map((mode) => mode.name)).toEqual(['list', 'id', 'path']);
		expect(folders[0].required).toBe(true);
		expect(node.methods?.listSearch?.searchFolders).toEqual(expect.any(Function));
	});

	test('Access defaults to PRIVATE and offers eight values on v3, three on the legacy endpoint', () => {
		const access = properties('access');
		expect(access.map((p) => [p.displayOptions?.show?.endpoint, p.default, (p.options as INodePropertyOptions[]).length])).toEqual([
			[['filesV3'], 'PRIVATE', 8],
			[['legacyFileManager'], 'PRIVATE', 3],
			[['filesV3'], 'PRIVATE', 8],
			[['legacyFileManager'], 'PRIVATE', 3],
		]);
	});

	test('the OAuth2 credential asks for files and the CRM write scopes the note needs', () => {
		const credential = new HubSpotFilesOAuth2Api();
		const scope = String(credential.properties.find((p) => p.name === 'scope')?.default).split(' ');
		expect(credential.extends).toEqual(['oAuth2Api']);
		expect(scope).toEqual(expect.arrayContaining(['files', 'crm.objects.contacts.write', 'crm.objects.companies.write', 'crm.objects.deals.write', 'tickets']));
		const defaults = Object.fromEntries(credential.properties.map((property) => [property.name, property.default]));
		expect(defaults).toMatchObject({
			grantType: 'authorizationCode',
			authUrl: 'https://app.hubspot.com/oauth/authorize',
			accessTokenUrl: 'https://api.hubapi.com/oauth/v1/token',
			baseUrl: 'https://api.hubapi.com',
		});
		expect(packageJson('hubspot-files').n8n.nodes).toContain('dist/nodes/HubSpotFiles/HubSpotFiles.node.js');
		for (const icon of ['hubspot.svg', 'hubspot.dark.svg']) expect(existsInPackage('hubspot-files', `dist/icons/${icon}`)).toBe(true);
	});
});
