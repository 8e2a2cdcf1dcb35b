import type { IExecuteSingleFunctions, INode } from 'n8n-workflow';

/** A stand-in `this` for calling one hook directly, as n8n's own hook tests do. */
export function fakeItemContext(itemIndex = 0, parameters: Record<string, unknown> = {}): IExecuteSingleFunctions {
	const node = { id: 'n', name: 'Upload', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
	return {
		getNode: () => node,
		getItemIndex: () => itemIndex,
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
	} as unknown as IExecuteSingleFunctions;
}
