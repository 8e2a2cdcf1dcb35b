import type { INodePropertyOptions } from 'n8n-workflow';

import { KintoneFiles } from '../../nodes/KintoneFiles/KintoneFiles.node';
import { existsInPackage, packageJson } from '../harness/engine.cjs';

const node = new KintoneFiles();
const { description } = node;

describe('Kintone Files description', () => {
	test('every operation first uploads to file.json through the upload hook, with no per-item URL expression', () => {
		const operations = description.properties.find((p) => p.name === 'operation')?.options as INodePropertyOptions[];
		expect(operations.map((o) => o.value)).toEqual(['upload', 'uploadAndAttach', 'uploadAndCreate']);
		for (const operation of operations) {
			expect(operation.routing?.request?.method).toBe('POST');
			// Inside a guest space the upload sets /k/guest/{id}/v1/file.json (tested on the wire).
			expect(operation.routing?.request?.url).toBe('/k/v1/file.json');
			expect(typeof operation.routing?.operations?.pagination).toBe('function');
		}
	});

	test('Append is the default attach mode; the pickers exist; the package lists the node', () => {
		const attachMode = description.properties.find((p) => p.name === 'attachMode');
		expect(attachMode?.default).toBe('append');
		expect(Object.keys(node.methods?.listSearch ?? {})).toEqual(['searchApps', 'searchAttachmentFields']);
		expect(packageJson('kintone-files').n8n.nodes).toContain('dist/nodes/KintoneFiles/KintoneFiles.node.js');
		expect(packageJson('kintone-files').n8n.credentials).toContain('dist/credentials/KintoneFilesApi.credentials.js');
		for (const icon of ['kintone.svg', 'kintone.dark.svg']) expect(existsInPackage('kintone-files', `dist/icons/${icon}`)).toBe(true);
	});
});
