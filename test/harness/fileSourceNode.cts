import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, UnexpectedError } from 'n8n-workflow';

/** A file the test puts on an input item. */
export interface FixtureFile {
	bytes: Buffer;
	fileName?: string;
	/** Empty or left out: the binary carries no MIME type at all. */
	mimeType?: string;
}

export interface FixtureItem {
	json?: IDataObject;
	files?: Record<string, FixtureFile>;
}

const fixtures = new Map<string, FixtureItem[]>();
let nextFixture = 0;

export function registerFixture(items: FixtureItem[]): string {
	const id = `fixture-${nextFixture++}`;
	fixtures.set(id, items);
	return id;
}

export const FILE_SOURCE_NODE_TYPE = 'test.fileSource';

/**
 * The start node of every test workflow: it turns the test's files into binary data with
 * n8n's own `prepareBinaryData`, so they are stored exactly as the binary-data mode of the
 * run stores them (inline base64, or an `id` into the filesystem store).
 */
export class FileSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'File Source',
		name: 'fileSource',
		group: ['input'],
		version: 1,
		description: 'Emits the items a test registered',
		defaults: { name: 'File Source' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Fixture', name: 'fixture', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const id = this.getNodeParameter('fixture', 0) as string;
		const items = fixtures.get(id);
		if (!items) throw new UnexpectedError(`Unknown fixture ${id}`);
		const output: INodeExecutionData[] = [];
		for (const item of items) {
			const out: INodeExecutionData = { json: item.json ?? {} };
			for (const [field, file] of Object.entries(item.files ?? {})) {
				// Always name a type: n8n's detection loads an ES module jest cannot import.
				const binary = await this.helpers.prepareBinaryData(file.bytes, file.fileName, file.mimeType || 'application/octet-stream');
				if (!file.mimeType) binary.mimeType = '';
				out.binary = { ...out.binary, [field]: binary };
			}
			output.push(out);
		}
		return [output];
	}
}
