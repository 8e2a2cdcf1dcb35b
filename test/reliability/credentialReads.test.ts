import { runNode } from '../harness/engine.cjs';
import { nodeCases, pdfItems, useSandboxes } from './nodeCases';

/**
 * In n8n every credential read is a database query plus a decryption. RoutingNode's own
 * send reads the credential again for each request; with 200 small files that was a fifth
 * of the node's time. The nodes read it once per run, however many items and requests.
 */
useSandboxes();

describe.each(Object.entries(nodeCases))('%s', (_, { type, parameters, credentials, sandbox, uploadPath, authHeader }) => {
	test('reads its credential as often for 12 items as for 1, and authenticates every request', async () => {
		const reads: number[] = [];
		for (const count of [1, 12]) {
			sandbox.reset();
			const run = await runNode({ type, parameters, credentials: credentials(), items: pdfItems(count) });

			expect(run.error).toBeUndefined();
			expect(run.output).toHaveLength(count);
			expect(sandbox.requests.filter((request) => request.path === uploadPath)).toHaveLength(count);
			for (const request of sandbox.requests) expect(request.headers[authHeader]).toEqual(expect.any(String));
			reads.push(run.credentialReads);
		}
		// RoutingNode reads it once to prepare the run, the node once for its requests.
		expect(reads).toEqual([2, 2]);
	});
});
