import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { PACKAGE_ROOT as ROOT } from '../harness/packageRoot.cjs';

const run = promisify(execFile);

/**
 * The streaming method on its own, under a given Node binary: the built StoredBinaryFile
 * in the platform FormData, sent by axios (n8n's request layer, at n8n-core's version) with
 * redirects off, to a server that hashes what arrives (its own, or a given sink). The child
 * samples its own RSS and times the send; optionally it first fills its heap with live
 * objects, as a process like n8n's holds them, to show what a large heap costs a stream.
 */
const PROBE = `
const { createHash } = require('node:crypto');
const { createReadStream, openSync, writeSync, closeSync } = require('node:fs');
const http = require('node:http');
const { StoredBinaryFile } = require(process.env.PROBE_FILE_CLASS);
const axios = require(process.env.PROBE_AXIOS);
const size = Number(process.env.PROBE_BYTES);
const file = process.env.PROBE_PATH;
// The file is written a block at a time: the probe never holds it whole.
const expected = createHash('sha256');
const fd = openSync(file, 'w');
const block = Buffer.alloc(1024 * 1024);
for (let written = 0, n = 0; written < size; written += block.length, n++) {
	block.fill(n % 251);
	const part = block.subarray(0, Math.min(block.length, size - written));
	writeSync(fd, part);
	expected.update(part);
}
closeSync(fd);
// Live objects until the heap holds PROBE_HEAP_MB: what n8n's own process carries.
const ballast = [];
while (process.memoryUsage().heapUsed < Number(process.env.PROBE_HEAP_MB || 0) * 1048576) {
	for (let i = 0; i < 10000; i++) ballast.push({ index: i, name: 'item-' + i, list: [i], nested: { i } });
}
const busboy = require(process.env.PROBE_BUSBOY);
const server = http.createServer((req, res) => {
	const arrived = { fileName: null, fileBytes: 0, fileSha256: null };
	const hash = createHash('sha256');
	const parser = busboy({ headers: req.headers });
	parser.on('file', (name, stream, info) => {
		arrived.fileName = info.filename;
		stream.on('data', (chunk) => { arrived.fileBytes += chunk.length; hash.update(chunk); });
	});
	parser.on('close', () => {
		arrived.fileSha256 = hash.digest('hex');
		res.end(JSON.stringify({ ...arrived, contentLength: req.headers['content-length'] ?? null, transferEncoding: req.headers['transfer-encoding'] ?? null }));
	});
	req.pipe(parser);
});
const target = process.env.PROBE_TARGET ? JSON.parse(process.env.PROBE_TARGET) : undefined;
async function send() {
	global.gc?.();
	const before = process.memoryUsage().rss;
	let peak = before;
	const poll = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
	const chunk = Number(process.env.PROBE_CHUNK_BYTES || 1024 * 1024);
	const part = new StoredBinaryFile('probe.bin', 'application/octet-stream', size, async () => createReadStream(file, { highWaterMark: chunk }));
	const form = new FormData();
	for (const [name, value] of Object.entries(target?.fields ?? {})) form.append(name, value);
	form.append(target?.part ?? 'file', part);
	const started = process.hrtime.bigint();
	const answer = await axios.post(target?.url ?? 'http://127.0.0.1:' + server.address().port + '/', form, { maxRedirects: 0, maxBodyLength: Infinity, headers: target?.headers });
	const sendSeconds = Number(process.hrtime.bigint() - started) / 1e9;
	clearInterval(poll);
	// With --expose-gc: a collection forced before and after the send mark its ends in V8's trace.
	global.gc?.();
	if (!target) server.close();
	const heapMb = process.memoryUsage().heapUsed / 1048576;
	require('node:fs').writeFileSync(process.env.PROBE_RESULT, JSON.stringify({ node: process.version, ...(target ? {} : answer.data), size, sendSeconds, heapMb, ballastObjects: ballast.length, rssGrowthMb: (peak - before) / 1048576, expectedSha256: expected.digest('hex') }));
}
if (target) send();
else server.listen(0, '127.0.0.1', send);
`;

export interface StreamProbeResult {
	node: string;
	size: number;
	/** The file part as the server parsed it. */
	fileName: string;
	fileBytes: number;
	fileSha256: string;
	/** What the probe wrote to disk. */
	expectedSha256: string;
	contentLength: string | null;
	transferEncoding: string | null;
	rssGrowthMb: number;
	/** The send alone: from the request's start to the server's answer. */
	sendSeconds: number;
	heapMb: number;
	/** With `traceGc`: V8's full collections during the send. */
	fullGcs?: FullGcs;
}

export interface FullGcs {
	count: number;
	/** How many V8 started because memory outside its heap (the read buffers) grew. */
	startedByExternalMemory: number;
	/** Main-thread time of their marking and compaction. */
	milliseconds: number;
	/** V8's young-generation collections (scavenges) during the send. */
	scavenges: number;
}

/**
 * V8's --trace-gc/--trace-incremental-marking lines between the probe's two forced
 * collections ("testing"): the full collections that happened during the send.
 */
export function fullGcsDuringSend(trace: string): FullGcs {
	const lines = trace.split('\n');
	const forced = lines.flatMap((line, index) => (/Mark-Compact.*testing/.test(line) ? [index] : []));
	if (forced.length < 2) throw new Error(`The probe's trace holds ${forced.length} forced collections, not 2`);
	const during = lines.slice(forced[0] + 1, forced[1]);
	const compactions = during.filter((line) => line.includes('Mark-Compact'));
	return {
		count: compactions.length,
		startedByExternalMemory: during.filter((line) => line.includes('[IncrementalMarking] Start (external memory pressure)')).length,
		milliseconds: compactions.reduce((total, line) => {
			const pause = Number(/MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \//.exec(line)?.[1] ?? 0);
			const steps = Number(/\(\+ ([\d.]+) ms in \d+ steps/.exec(line)?.[1] ?? 0);
			return total + pause + steps;
		}, 0),
		scavenges: during.filter((line) => line.includes('Scavenge')).length,
	};
}

export interface StreamProbeOptions {
	/** A sink to send to instead of the probe's own server (its answer is not read). */
	target?: { url: string; part: string; headers: Record<string, string>; fields: Record<string, string> };
	/** Fill the heap with live objects up to this size first. */
	heapMb?: number;
	/** Read size of the file stream; 1 MB unless given. */
	chunkBytes?: number;
	/** Count V8's full collections during the send (V8's own trace, see fullGcsDuringSend). */
	traceGc?: boolean;
}

/** A Node binary of that major version on PATH (the machine's own Node, or the Node 24 that scripts/node24.cjs puts first). */
export function findNode(major: number): string | undefined {
	const candidates = [process.execPath, ...(process.env.PATH ?? '').split(':').map((dir) => path.join(dir, 'node'))];
	return candidates.find((binary) => {
		if (!existsSync(binary)) return false;
		try {
			return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim().startsWith(`v${major}.`);
		} catch {
			return false;
		}
	});
}

/**
 * The probe sending to a sink in this process that only counts the body's bytes: the child
 * then allocates only what sending costs, as n8n's process does (the probe's own server would
 * add a buffer per chunk received). Returns the probe's figures and the bytes counted.
 */
export async function runStreamProbeToCountingSink(nodeBinary: string, bytes: number, options: Omit<StreamProbeOptions, 'target'> = {}): Promise<StreamProbeResult & { bodyBytes: number; contentLength: string | null }> {
	let bodyBytes = 0;
	let contentLength: string | null = null;
	const sink = createServer((request, response) => {
		contentLength = request.headers['content-length'] ?? null;
		request.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
		request.on('end', () => response.writeHead(201, { 'content-type': 'application/json' }).end('{}'));
	});
	await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
	try {
		const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`;
		const probe = await runStreamProbe(nodeBinary, bytes, { ...options, target: { url, part: 'file', headers: {}, fields: {} } });
		return { ...probe, bodyBytes, contentLength };
	} finally {
		sink.closeAllConnections();
		await new Promise<void>((resolve) => sink.close(() => resolve()));
	}
}

export async function runStreamProbe(nodeBinary: string, bytes: number, options: StreamProbeOptions = {}): Promise<StreamProbeResult> {
	const dir = mkdtempSync(path.join(tmpdir(), 'stream-probe-'));
	try {
		const script = path.join(dir, 'probe.cjs');
		writeFileSync(script, PROBE);
		const result = path.join(dir, 'result.json');
		const flags = options.traceGc ? ['--expose-gc', '--trace-gc', '--trace-incremental-marking'] : [];
		const { stdout } = await run(nodeBinary, [...flags, script], {
			env: {
				...process.env,
				PROBE_FILE_CLASS: path.join(ROOT, 'dist', 'nodes', 'shared', 'upload', 'StoredBinaryFile.js'),
				PROBE_AXIOS: require.resolve('axios', { paths: [path.join(ROOT, 'node_modules', 'n8n-core')] }),
				PROBE_BUSBOY: require.resolve('busboy', { paths: [ROOT] }),
				PROBE_BYTES: String(bytes),
				PROBE_PATH: path.join(dir, 'probe.bin'),
				PROBE_TARGET: options.target ? JSON.stringify(options.target) : '',
				PROBE_HEAP_MB: String(options.heapMb ?? 0),
				PROBE_CHUNK_BYTES: String(options.chunkBytes ?? 1024 * 1024),
				PROBE_RESULT: result,
			},
			maxBuffer: 64 * 1024 * 1024,
		});
		const probe = JSON.parse(readFileSync(result, 'utf8')) as StreamProbeResult;
		return options.traceGc ? { ...probe, fullGcs: fullGcsDuringSend(stdout) } : probe;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
