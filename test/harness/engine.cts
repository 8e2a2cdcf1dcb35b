import { Container } from '@n8n/di';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
	BinaryDataService,
	ErrorReporter,
	ExecutionLifecycleHooks,
	LoadOptionsContext,
	PackageDirectoryLoader,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	INode,
	INodeListSearchResult,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	ResourceMapperFields,
} from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, UnexpectedError, Workflow } from 'n8n-workflow';
import { Logger } from '@n8n/backend-common';

import { TestCredentialsHelper } from './credentialsHelper';
import { PACKAGE_ROOT } from '../harness/packageRoot.cjs';
import { FILE_SOURCE_NODE_TYPE, FileSource, registerFixture, type FixtureItem } from '../harness/fileSourceNode.cjs';

export { PACKAGE_ROOT };

/** The published packages, one per provider: packages/<dir>, as `npm run build` assembles them. */
export const PACKAGE_DIRS = { karbonFiles: 'karbon-files', hubSpotFiles: 'hubspot-files', kintoneFiles: 'kintone-files', highLevelFiles: 'highlevel-files' } as const;
type PackageDir = (typeof PACKAGE_DIRS)[keyof typeof PACKAGE_DIRS];
const packageFolder = (dir: PackageDir) => path.join(PACKAGE_ROOT, 'packages', dir);

export const packageJson = (dir: PackageDir) => JSON.parse(readFileSync(path.join(packageFolder(dir), 'package.json'), 'utf8'));
export const existsInPackage = (dir: PackageDir, relativePath: string) => existsSync(path.join(packageFolder(dir), relativePath));

const packageNames = new Map<PackageDir, string>();

/** A node's full type in n8n, `<package>.<node>`, e.g. `n8n-nodes-karbon-files.karbonFiles`. */
export function nodeTypeName(type: string): string {
	const dir = PACKAGE_DIRS[type as keyof typeof PACKAGE_DIRS];
	if (!dir) return `n8n-nodes-file-uploads-test.${type}`;
	// Read once per package: every run of a test asks.
	if (!packageNames.has(dir)) packageNames.set(dir, packageJson(dir).name);
	return `${packageNames.get(dir)}.${type}`;
}

/** How n8n hands binaries to the node: base64 in the item, or an id into the file store. */
export type BinaryMode = 'inline' | 'filesystem';
export const BINARY_MODES: BinaryMode[] = ['inline', 'filesystem'];

interface LoadedPackage {
	nodeTypes: INodeTypes;
	byType: Map<string, INodeType | IVersionedNodeType>;
	credentialTypes: Map<string, ICredentialType>;
}

let loaded: Promise<LoadedPackage> | undefined;
const storageRoot = mkdtempSync(path.join(tmpdir(), 'n8n-files-test-'));
const removeStorage = () => rmSync(storageRoot, { recursive: true, force: true });
// Jest loads this module once per test file, in a worker that outlives the file (Stryker's runs
// keep one for thousands of them), so the store goes with its test file; an exit listener per
// file would only pile up in that worker. Outside jest, the store goes at exit.
if (typeof afterAll === 'function') afterAll(removeStorage);
else process.on('exit', removeStorage);

/**
 * Loads the four built packages (packages/<dir>) with n8n's own package loader, each reading
 * its package.json's `n8n` block as n8n does: a wrong path or class name fails here, as it
 * would in n8n, and so does a file a package needs but does not ship.
 */
async function loadPackage(): Promise<LoadedPackage> {
	const byType = new Map<string, INodeType | IVersionedNodeType>();
	const credentialTypes = new Map<string, ICredentialType>();
	for (const dir of Object.values(PACKAGE_DIRS)) {
		const loader = new PackageDirectoryLoader(packageFolder(dir));
		await loader.loadAll();
		for (const [name, { type }] of Object.entries(loader.nodeTypes)) byType.set(`${loader.packageName}.${name}`, type);
		for (const [name, { type }] of Object.entries(loader.credentialTypes)) credentialTypes.set(name, type);
	}
	byType.set(FILE_SOURCE_NODE_TYPE, new FileSource());

	const nodeTypes: INodeTypes = {
		getByName: (type) => {
			const found = byType.get(type);
			if (!found) throw new UnexpectedError(`Unknown node type ${type}`);
			return found;
		},
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(nodeTypes.getByName(type), version),
		getKnownTypes: () => ({}),
	};
	return { nodeTypes, byType, credentialTypes };
}

function useBinaryMode(mode: BinaryMode) {
	const service = new BinaryDataService(
		{ mode: mode === 'inline' ? 'default' : 'filesystem', localStoragePath: storageRoot } as never,
		// Sentry stays out of tests; a storage fault still fails the test loudly.
		{ error: (error: unknown) => console.error('binary data store:', error) } as unknown as ErrorReporter,
		Container.get(Logger),
	);
	Container.set(BinaryDataService, service);
	return service.init();
}

/**
 * A node type (with its credential types) that a test builds from the sources, run by runNode
 * like the packages' nodes: the upload core's own tests drive it through RoutingNode with a
 * provider of their own.
 */
export async function registerTestNode(nodeType: INodeType, credentials: ICredentialType[] = []): Promise<void> {
	loaded ??= loadPackage();
	const { byType, credentialTypes } = await loaded;
	byType.set(nodeTypeName(nodeType.description.name), nodeType);
	for (const credential of credentials) credentialTypes.set(credential.name, credential);
}

/**
 * A credential's test request, run the way n8n's credential tester runs a declarative one:
 * a throw-away declarative node whose only property routes to `test.request`, executed by
 * RoutingNode with the credential applied.
 */
export async function runCredentialTest(credentialType: string, data: ICredentialDataDecryptedObject): Promise<NodeRun> {
	loaded ??= loadPackage();
	const { byType, credentialTypes } = await loaded;
	const test = credentialTypes.get(credentialType)?.test;
	if (!test || !('request' in test)) throw new UnexpectedError(`${credentialType} has no test request`);
	const name = `credentialTest_${credentialType}`;
	byType.set(nodeTypeName(name), {
		description: {
			displayName: 'Credential Test',
			name,
			group: ['transform'],
			version: 1,
			description: 'Runs a credential test request',
			defaults: { name: 'Credential Test' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType, required: true }],
			requestDefaults: {},
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: test.request } }],
		},
	} as INodeType);
	return await runNode({ type: name, parameters: {}, credentials: { [credentialType]: data }, items: [{}] });
}

/**
 * Calls a node's listSearch method as the editor does: through n8n's LoadOptionsContext,
 * with the credential resolved and its requests sent over n8n's HTTP stack.
 */
export async function runListSearch(options: {
	type: string;
	method: string;
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	filter?: string;
	paginationToken?: string;
	/** The node's version; 1 unless given. */
	typeVersion?: number;
	/** A listSearch method (default), or a resourceMapping one. */
	kind?: 'listSearch' | 'resourceMapping';
}): Promise<INodeListSearchResult> {
	loaded ??= loadPackage();
	const { nodeTypes, credentialTypes } = await loaded;
	const node: INode = {
		id: 'target',
		name: 'Node',
		type: nodeTypeName(options.type),
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: Object.fromEntries(Object.keys(options.credentials).map((type) => [type, { id: `cred-${type}`, name: type }])),
	};
	const workflow = new Workflow({ id: 'wf-test', nodes: [node], connections: {}, nodeTypes, active: false });
	const additionalData = {
		credentialsHelper: new TestCredentialsHelper(credentialTypes, options.credentials),
		currentNodeParameters: options.parameters,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, '');
	const nodeType = nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
	if (options.kind === 'resourceMapping') {
		const mapping = nodeType.methods?.resourceMapping?.[options.method];
		if (!mapping) throw new UnexpectedError(`${options.type} has no resourceMapping method ${options.method}`);
		return (await mapping.call(context)) as unknown as INodeListSearchResult;
	}
	const method = nodeType.methods?.listSearch?.[options.method];
	if (!method) throw new UnexpectedError(`${options.type} has no listSearch method ${options.method}`);
	return await method.call(context, options.filter, options.paginationToken);
}

/** Calls a node's resourceMapping method (the fields a resource mapper offers) as the editor does. */
export async function runResourceMapping(options: Omit<Parameters<typeof runListSearch>[0], 'kind' | 'filter' | 'paginationToken'>): Promise<ResourceMapperFields> {
	return (await runListSearch({ ...options, kind: 'resourceMapping' })) as unknown as ResourceMapperFields;
}

export interface RunNodeOptions {
	/** Node type within the package, e.g. `karbonFiles`. */
	type: string;
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	items: FixtureItem[];
	binaryMode?: BinaryMode;
	/** On Error → Continue (true), or → Continue (using error output) ('errorOutput'). */
	continueOnFail?: boolean | 'errorOutput';
	/** The node's version; 1 unless given. */
	typeVersion?: number;
	/**
	 * The credential's id, which names the account the node's cap and pace are shared by.
	 * Each run gets its own unless runs that must share one name the same.
	 */
	account?: string;
	/**
	 * Whether the node paces to the provider's published rate (e.g. Karbon's 120 a minute).
	 * The sandboxes have no rate limit unless a test sets one, so by default the harness lifts
	 * the node's pace (Options → Max Requests per Minute), as for an account allowed more.
	 */
	paced?: boolean;
}

/** Node types whose Options have Max Requests per Minute (Kintone limits concurrency only). */
const PACED_TYPES = new Set(['karbonFiles', 'hubSpotFiles', 'highLevelFiles']);

let runs = 0;

export interface NodeRun {
	run: IRun;
	/** The node's output items (main output 0), or [] when it failed. */
	output: INodeExecutionData[];
	/** The items of the error output (main output 1), with On Error → Continue (using error output). */
	errorOutput: INodeExecutionData[];
	/** The error the node stopped the workflow with, if any. */
	error?: Error & { description?: string; context?: Record<string, unknown> };
	/** The input items the node received, as n8n stored them. */
	input: INodeExecutionData[];
	/** How often the run read and decrypted a credential. */
	credentialReads: number;
}

/**
 * Runs File Source → the node through n8n-core's WorkflowExecute: the declarative node is
 * executed by RoutingNode, its requests go through n8n's real HTTP stack with the
 * credential applied by its `authenticate` block.
 */
export async function runNode(options: RunNodeOptions): Promise<NodeRun> {
	loaded ??= loadPackage();
	const { nodeTypes, credentialTypes } = await loaded;
	await useBinaryMode(options.binaryMode ?? 'filesystem');

	const credentialsHelper = new TestCredentialsHelper(credentialTypes, options.credentials);
	const source: INode = {
		id: 'source',
		name: 'File Source',
		type: FILE_SOURCE_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { fixture: registerFixture(options.items) },
	};
	const target: INode = {
		id: 'target',
		name: 'Upload',
		type: nodeTypeName(options.type),
		typeVersion: options.typeVersion ?? 1,
		position: [200, 0],
		parameters:
			options.paced || !PACED_TYPES.has(options.type)
				? options.parameters
				: { ...options.parameters, options: { maxRequestsPerMinute: 1_000_000, ...(options.parameters.options as object | undefined) } },
		credentials: Object.fromEntries(
			Object.keys(options.credentials).map((type) => [type, { id: `cred-${type}-${options.account ?? `run${++runs}`}`, name: type }]),
		),
		...(options.continueOnFail && { onError: options.continueOnFail === 'errorOutput' ? ('continueErrorOutput' as const) : ('continueRegularOutput' as const) }),
	};
	const connections: IConnections = {
		[source.name]: { main: [[{ node: target.name, type: 'main', index: 0 }]] },
	};
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'test',
		nodes: [source, target],
		connections,
		nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});

	const hooks = new ExecutionLifecycleHooks('manual', 'exec-1', {
		id: workflow.id,
		name: 'test',
		active: false,
		activeVersionId: null,
		isArchived: false,
		nodes: [source, target],
		connections,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	let finish: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (finish = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finish(run));

	const additionalData = {
		credentialsHelper,
		hooks,
		executionId: `exec-${Date.now()}`,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		variables: {},
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: source, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const run = await finished;
	const runData = run.data.resultData.runData;
	const nodeRun = runData[target.name]?.[0];
	return {
		run,
		output: nodeRun?.data?.main?.[0] ?? [],
		errorOutput: nodeRun?.data?.main?.[1] ?? [],
		error: (nodeRun?.error ?? run.data.resultData.error) as NodeRun['error'],
		input: runData[source.name]?.[0]?.data?.main?.[0] ?? [],
		credentialReads: credentialsHelper.reads,
	};
}
