import { randomUUID } from 'node:crypto';
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
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
}

interface ExampleNodeOptions {
	example: string;
	credentialId: string;
	parameters?: Record<string, unknown>;
	drop?: string[];
	/** The node's On Error setting; the example's own (stop the workflow) unless given. */
	onError?: WorkflowNode['onError'];
}

/** The package's node of an example workflow, its parameters adjusted and its credential set. */
export function exampleUploadNode(options: ExampleNodeOptions): WorkflowNode {
	const example = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'examples', options.example), 'utf8')) as { nodes: WorkflowNode[] };
	const upload = example.nodes.find((node) => /^n8n-nodes-[a-z]+-files\./.test(node.type));
	if (!upload) throw new Error(`${options.example} has no node of this project's packages`);
	const parameters = { ...upload.parameters, ...options.parameters };
	for (const key of options.drop ?? []) delete parameters[key];
	const [credentialType] = Object.keys(upload.credentials ?? {});
	return { ...upload, id: 'e2e-upload', parameters, credentials: { [credentialType]: { id: options.credentialId, name: credentialType } }, ...(options.onError && { onError: options.onError }) };
}

const readFilesNode = (id: string, name: string, fileSelector: string, position: [number, number]): WorkflowNode => ({
	id,
	name,
	type: 'n8n-nodes-base.readWriteFile',
	typeVersion: 1,
	position,
	parameters: { operation: 'read', fileSelector, options: {} },
});

/**
 * A workflow from examples/, as a user imports it, with its trigger replaced by Manual
 * Trigger → Read Files from Disk (n8n execute runs manual workflows headless) and the
 * upload node's parameters adjusted to the sandbox's records.
 */
export function exampleWorkflow(options: ExampleNodeOptions & { id: string; filesGlob: string }) {
	const upload = exampleUploadNode(options);
	const nodes: WorkflowNode[] = [
		{ id: 'e2e-trigger', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		readFilesNode('e2e-read', 'Read Files', options.filesGlob, [220, 0]),
		{ ...upload, position: [440, 0] },
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

const webhookNode = (path: string, responseData: 'allEntries' | 'noData' = 'allEntries'): WorkflowNode & { webhookId: string } => ({
	id: `e2e-webhook-${path}`,
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	position: [0, 0],
	webhookId: randomUUID(),
	// Answers once the run is over (in queue mode: once a worker has finished it).
	parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData, options: { binaryPropertyName: 'attachment_' } },
});

/**
 * "Email arrives → its attachments go on": a Webhook receives the files as multipart form
 * data (attachment_0, attachment_1, …) and the example's node uploads all of them.
 */
export function webhookWorkflow(options: ExampleNodeOptions & { id: string; path: string }) {
	const upload = exampleUploadNode({ ...options, parameters: { ...options.parameters, uploadAllBinaryFields: true } });
	return {
		id: options.id,
		name: `queue ${options.example}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [webhookNode(options.path), { ...upload, position: [220, 0] }],
		connections: { Webhook: { main: [[{ node: upload.name, type: 'main', index: 0 }]] } },
	};
}

/**
 * The nightly sync: a call names a batch folder; one Read Files per provider reads that
 * batch's files for it, and each provider's node uploads them.
 */
export function nightlySyncWorkflow(options: { id: string; path: string; folder: string; uploads: Array<{ provider: string } & ExampleNodeOptions> }) {
	const nodes: WorkflowNode[] = [webhookNode(options.path, 'noData')];
	const connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }> = { Webhook: { main: [[]] } };
	options.uploads.forEach((upload, row) => {
		const read = readFilesNode(`e2e-read-${row}`, `Read ${upload.provider} Files`, `=${options.folder}/{{ $json.body.batch }}/${upload.provider.toLowerCase()}/*`, [220, row * 200]);
		const node = { ...exampleUploadNode(upload), id: `e2e-upload-${row}`, name: `Upload to ${upload.provider}`, position: [440, row * 200] as [number, number] };
		nodes.push(read, node);
		connections.Webhook.main[0].push({ node: read.name, type: 'main', index: 0 });
		connections[read.name] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	});
	return { id: options.id, name: 'queue nightly sync', active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}
