import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { HighLevelFiles } from '../../nodes/HighLevelFiles/HighLevelFiles.node';
import { existsInPackage, packageJson } from '../harness/engine.cjs';

const node = new HighLevelFiles();
const { description } = node;
const property = (name: string) => description.properties.find((p) => p.name === name) as INodeProperties;

describe('HighLevel Files description', () => {
	test('Upload Files to Custom Fields posts to /forms/upload-custom-files through the upload hook, ids in the query', () => {
		const operation = (property('operation').options as INodePropertyOptions[])[0];
		expect(operation.value).toBe('uploadFilesToCustomFields');
		expect(operation.routing?.request).toEqual({ method: 'POST', url: '/forms/upload-custom-files' });
		expect(typeof operation.routing?.operations?.pagination).toBe('function');
		// Both go into the query from the upload plan (trimmed, the location falling back to the
		// credential's), not through routed expressions evaluated per item.
		expect(property('contactId').routing).toBeUndefined();
		expect(property('locationId').routing).toBeUndefined();
	});

	test('every request carries the Version header; the picker is a list + ID resource locator', () => {
		expect(description.requestDefaults?.headers).toMatchObject({ Version: '2021-07-28' });
		expect(property('customField').type).toBe('resourceLocator');
		expect(property('customField').modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
		expect(node.methods?.listSearch?.searchFileUploadFields).toEqual(expect.any(Function));
	});

	test('both credentials are offered, switched by Authentication, and are in the package', () => {
		expect(description.credentials?.map((c) => [c.name, c.displayOptions?.show?.authentication])).toEqual([
			['highLevelFilesApi', ['accessToken']],
			['highLevelFilesOAuth2Api', ['oAuth2']],
		]);
		const pkg = packageJson('highlevel-files');
		expect(pkg.n8n.credentials).toEqual(
			expect.arrayContaining(['dist/credentials/HighLevelFilesApi.credentials.js', 'dist/credentials/HighLevelFilesOAuth2Api.credentials.js']),
		);
		for (const icon of ['highlevel.svg', 'highlevel.dark.svg']) expect(existsInPackage('highlevel-files', `dist/icons/${icon}`)).toBe(true);
		expect(existsInPackage('highlevel-files', 'dist/nodes/HighLevelFiles/HighLevelFiles.node.json')).toBe(true);
	});
});
