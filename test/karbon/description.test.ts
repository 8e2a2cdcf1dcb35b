import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { KarbonFiles } from '../../nodes/KarbonFiles/KarbonFiles.node';
import { existsInPackage, packageJson } from '../harness/engine.cjs';
import { KARBON_LINK_FIELDS } from '../../nodes/KarbonFiles/resources/file/upload';

const { description } = new KarbonFiles();
const property = (name: string) => description.properties.find((p) => p.name === name) as INodeProperties;
const options = (name: string) => property(name).options as INodePropertyOptions[];

describe('Karbon Files description', () => {
	test('Upload posts to /v3/Files and sends its requests through the upload hook', () => {
		const upload = options('operation').find((o) => o.value === 'upload')!;
		expect(upload.routing?.request).toEqual({ method: 'POST', url: '/v3/Files' });
		expect(upload.routing?.send?.paginate).toBe(true);
		expect(typeof upload.routing?.operations?.pagination).toBe('function');
	});

	test('Link To offers exactly the documented record types, as one options parameter, with no per-item expression', () => {
		expect(options('linkTo').map((o) => o.value).sort()).toEqual(Object.keys(KARBON_LINK_FIELDS).sort());
		// A single options parameter cannot hold two values: two links cannot be expressed.
		expect(property('linkTo').type).toBe('options');
		// The key goes into its field in the upload plan (tested on the wire per link type),
		// not through a routed expression that RoutingNode would evaluate twice per item.
		expect(options('linkTo').every((o) => o.routing === undefined)).toBe(true);
		expect(property('recordKey').routing).toBeUndefined();
	});

	test('is usable as a tool, has a subtitle, documentation and the package credential', () => {
		expect(description).toMatchObject({
			name: 'karbonFiles',
			usableAsTool: { replacements: { description: expect.stringContaining('binary data') } },
			subtitle: expect.stringContaining('linkTo'),
			documentationUrl: expect.stringMatching(/^https:\/\//),
			credentials: [{ name: 'karbonFilesApi', required: true }],
		});
	});

	test('package.json points n8n at built files that exist, with a light and a dark icon', () => {
		const pkg = packageJson('karbon-files');
		expect(pkg.dependencies).toBeUndefined();
		expect(Object.keys(pkg.peerDependencies)).toEqual(['n8n-workflow']);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(existsInPackage('karbon-files', file)).toBe(true);
		expect(existsInPackage('karbon-files', 'dist/nodes/KarbonFiles/KarbonFiles.node.json')).toBe(true);
		for (const icon of ['karbon.svg', 'karbon.dark.svg']) expect(existsInPackage('karbon-files', `dist/icons/${icon}`)).toBe(true);
	});
});
