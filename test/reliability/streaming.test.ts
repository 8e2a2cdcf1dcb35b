import { BinaryDataService } from 'n8n-core';

import { patternBytes, sha256 } from '../harness/assertions';
import { runNode } from '../harness/engine.cjs';
import { karbonSandbox, KARBON_CREDENTIALS } from '../sandboxes/karbon.cjs';

/**
 * A stored binary is streamed from n8n's store into the request, never read whole: n8n's
 * whole-file read is not called, and no buffer near the file's size is made while sending.
 */
const sandbox = karbonSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());

test('a stored 50 MB binary goes out as a stream, byte-exact, without a file-sized buffer', async () => {
	const size = 50 * 1024 * 1024;
	const bytes = patternBytes(size, 42);
	const wholeReads = jest.spyOn(BinaryDataService.prototype, 'getAsBuffer');
	const streams = jest.spyOn(BinaryDataService.prototype, 'getAsStream');
	let largestConcat = 0;
	const concat = Buffer.concat;
	const concatSpy = jest.spyOn(Buffer, 'concat').mockImplementation((list, length) => {
		const result = concat(list, length);
		largestConcat = Math.max(largestConcat, result.length);
		return result;
	});
	try {
		const run = await runNode({
			type: 'karbonFiles',
			binaryMode: 'filesystem',
			parameters: { resource: 'file', operation: 'upload', linkTo: 'workItem', recordKey: 'RXq4mD62PXg' },
			credentials: { karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: sandbox.baseUrl } },
			items: [{ files: { data: { bytes, fileName: 'large.pdf', mimeType: 'application/pdf' } } }],
		});

		expect(run.error).toBeUndefined();
		expect(sandbox.requests[0].files[0]).toMatchObject({ size, sha256: sha256(bytes) });
		expect(Number(sandbox.requests[0].headers['content-length'])).toBeGreaterThan(size);
		expect(sandbox.requests[0].headers['transfer-encoding']).toBeUndefined();
		expect(wholeReads).not.toHaveBeenCalled();
		expect(streams).toHaveBeenCalledTimes(1);
		expect(largestConcat).toBeLessThan(size / 4);
	} finally {
		wholeReads.mockRestore();
		streams.mockRestore();
		concatSpy.mockRestore();
	}
});
