import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The streaming method on its own, under a given Node binary: the built StoredBinaryFile
 * in the platform FormData, sent by axios (n8n's request layer, at n8n-core's version) with
 * redirects off, to a server that hashes what arrives. The child samples its own RSS.
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
server.listen(0, '127.0.0.1', async () => {
	global.gc?.();
	const before = process.memoryUsage().rss;
	let peak = before;
	const poll = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
	const part = new StoredBinaryFile('probe.bin', 'application/octet-stream', size, async () => createReadStream(file, { highWaterMark: 1024 * 1024 }));
	const form = new FormData();
	form.append('file', part);
	const answer = await axios.post('http://127.0.0.1:' + server.address().port + '/', form, { maxRedirects: 0, maxBodyLength: Infinity });
	clearInterval(poll);
	server.close();
	process.stdout.write(JSON.stringify({ node: process.version, ...answer.data, size, rssGrowthMb: (peak - before) / 1048576, expectedSha256: expected.digest('hex') }));
});
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
}

/** A Node binary of that major version on PATH (the machine's own Node, or .ci/node24.sh's). */
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

export async function runStreamProbe(nodeBinary: string, bytes: number): Promise<StreamProbeResult> {
	const dir = mkdtempSync(path.join(tmpdir(), 'stream-probe-'));
	try {
		const script = path.join(dir, 'probe.cjs');
		writeFileSync(script, PROBE);
		const { stdout } = await run(nodeBinary, [script], {
			env: {
				...process.env,
				PROBE_FILE_CLASS: path.join(ROOT, 'dist', 'nodes', 'shared', 'upload', 'StoredBinaryFile.js'),
				PROBE_AXIOS: require.resolve('axios', { paths: [path.join(ROOT, 'node_modules', 'n8n-core')] }),
				PROBE_BUSBOY: require.resolve('busboy', { paths: [ROOT] }),
				PROBE_BYTES: String(bytes),
				PROBE_PATH: path.join(dir, 'probe.bin'),
			},
			maxBuffer: 1024 * 1024,
		});
		return JSON.parse(stdout) as StreamProbeResult;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
