import type { INodeExecutionData } from 'n8n-workflow';

/**
 * For an operation whose one output item stands for several uploads (a note, a record): the
 * binaries those uploads carry, each under its own field. They carry one only with Pass Through
 * Binary on; without it the item gets no binary field at all.
 */
export function binariesOf(uploaded: INodeExecutionData[]): Pick<INodeExecutionData, 'binary'> {
	if (!uploaded.some((item) => item.binary)) return {};
	return { binary: Object.assign({}, ...uploaded.map((item) => item.binary ?? {})) };
}
