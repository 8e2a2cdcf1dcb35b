import { findNode, runStreamProbe, runStreamProbeToCountingSink } from '../harness/streamProbe.cjs';

/**
 * The streaming method needs no dependency: a File subclass in the platform FormData, which
 * axios (n8n's request layer) streams. Proven here on Node 20 (the machine's own) and
 * Node 24 (n8n 2.x's), outside n8n: 200 MB go out byte-exact with an exact Content-Length,
 * while the sending process grows by a small fraction of the file.
 */
const SIZE = 200 * 1024 * 1024;

describe.each([20, 24])('Node %i', (major) => {
	test('a 200 MB StoredBinaryFile streams through FormData and axios, byte-exact, without holding the file', async () => {
		const node = findNode(major);
		if (!node) throw new Error(`No Node ${major} on PATH. Node 20 is the machine's own; npm test runs jest through scripts/node24.cjs, which puts Node 24 first.`);
		const result = await runStreamProbe(node, SIZE);

		expect(result.node.startsWith(`v${major}.`)).toBe(true);
		expect({ fileName: result.fileName, fileBytes: result.fileBytes, fileSha256: result.fileSha256 }).toEqual({ fileName: 'probe.bin', fileBytes: SIZE, fileSha256: result.expectedSha256 });
		expect(Number(result.contentLength)).toBeGreaterThan(SIZE);
		expect(result.transferEncoding).toBeNull();
		// The file is 200 MB; the sender holds a few chunks of it.
		expect(result.rssGrowthMb).toBeLessThan(100);
	}, 120_000);
});

/**
 * Each chunk the store reads is a new buffer outside V8's heap. With nothing else to collect
 * in the young generation, those buffers pile up until V8's external-memory limit starts a full
 * collection, which marks every live object of a heap as big as n8n's (three or four of them
 * per 200 MB, the largest share of the send's time). StoredBinaryFile leaves enough young
 * garbage that young collections free the buffers first. Counted from V8's own trace.
 *
 * @covers-in-child nodes/shared/upload/StoredBinaryFile.ts (the probe runs the built file in a child Node process)
 */
test('Node 24, with a heap of n8n\'s size: 200 MB sent start no full collection from memory outside the heap', async () => {
	const node = findNode(24);
	if (!node) throw new Error('No Node 24 on PATH: npm test runs jest through scripts/node24.cjs, which puts it first.');
	const result = await runStreamProbeToCountingSink(node, SIZE, { heapMb: 150, chunkBytes: 128 * 1024, traceGc: true });

	expect(result.bodyBytes).toBe(Number(result.contentLength));
	expect(result.bodyBytes).toBeGreaterThan(SIZE);
	expect(result.fullGcs?.startedByExternalMemory).toBe(0);
	// And the garbage left for it stays a small cost: 6 young collections per 200 MB on this
	// machine kind (47 when garbage is left after every 128 KB read instead of every MiB).
	expect(result.fullGcs?.scavenges).toBeGreaterThanOrEqual(1);
	expect(result.fullGcs?.scavenges).toBeLessThanOrEqual(20);
}, 120_000);
