import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PACKAGE_ROOT } from '../e2e/n8n.cjs';

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

/**
 * A workflow from examples/, as a user imports it, with its trigger replaced by Manual
 * Trigger → Read Files from Disk (n8n execute runs manual workflows headless) and the
 * upload node's parameters adjusted to the sandbox's records.
 */
export function exampleWorkflow(options: {
	example: string;
	id: string;
	filesGlob: string;
	credentialId: string;
	parameters?: Record<string, unknown>;
	drop?: string[];
}) {
	const example = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'examples', options.example), 'utf8')) as { nodes: WorkflowNode[] };
	const upload = example.nodes.find((node) => node.type.startsWith('n8n-nodes-file-uploads.'));
	if (!upload) throw new Error(`${options.example} has no node of the package`);
	const parameters = { ...upload.parameters, ...options.parameters };
	for (const key of options.drop ?? []) delete parameters[key];
	const [credentialType] = Object.keys(upload.credentials ?? {});
	const nodes: WorkflowNode[] = [
		{ id: 'e2e-trigger', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'e2e-read',
			name: 'Read Files',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1,
			position: [220, 0],
			parameters: { operation: 'read', fileSelector: options.filesGlob, options: {} },
		},
		{ ...upload, id: 'e2e-upload', position: [440, 0], parameters, credentials: { [credentialType]: { id: options.credentialId, name: credentialType } } },
	];
	return {
		id: options.id,
		name: `e2e ${options.example}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections: {
			'Manual Trigger': { main: [[{ node: 'Read Files', type: 'main', index: 0 }]] },
			'Read Files': { main: [[{ node: upload.name, type: 'main', index: 0 }]] },
		},
		uploadNodeName: upload.name,
	};
}
