import type { IExecuteSingleFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

interface RunPreflight {
	expected: number;
	checked: number;
	refused?: { itemIndex: number; message: string };
	waiting: Array<() => void>;
}

/** Keyed by the node run's execute data, which RoutingNode shares among all its items. */
const runs = new WeakMap<object, RunPreflight>();

function preflightOf(ctx: IExecuteSingleFunctions): RunPreflight {
	const executeData = ctx.getExecuteData();
	let run = runs.get(executeData);
	if (!run) {
		run = { expected: executeData.data.main[0]?.length ?? 1, checked: 0, waiting: [] };
		runs.set(executeData, run);
	}
	return run;
}

function settle(run: RunPreflight) {
	if (run.refused || run.checked >= run.expected) for (const release of run.waiting.splice(0)) release();
}

/** Records that this item's input was refused: no other item of the run will upload. */
export function reportRefused(ctx: IExecuteSingleFunctions, error: Error): void {
	const run = preflightOf(ctx);
	run.refused ??= { itemIndex: ctx.getItemIndex(), message: error.message };
	settle(run);
}

/**
 * RoutingNode starts every item's request at once, so without a barrier item 0 would
 * upload while item 1 is being refused: the run fails, yet a file went out, and running
 * it again after the fix uploads that file twice. Each item waits here until every item
 * of the run passed its checks; if one was refused, none uploads.
 *
 * Only for runs without Continue On Fail, where a refused item fails the whole node.
 */
export async function waitForAllItemsChecked(ctx: IExecuteSingleFunctions): Promise<void> {
	const run = preflightOf(ctx);
	run.checked++;
	// The last item checked, or the first refused, releases every item waiting here.
	await new Promise<void>((release) => {
		run.waiting.push(release);
		settle(run);
	});
	if (run.refused) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Nothing was uploaded: item ${run.refused.itemIndex} was refused — ${run.refused.message}`,
			{
				itemIndex: ctx.getItemIndex(),
				description:
					'Every item is checked before any file is sent, so that fixing the input and running again does not upload a file twice. Fix the refused item, or turn on "Continue On Fail" to upload the valid items anyway.',
			},
		);
	}
}
