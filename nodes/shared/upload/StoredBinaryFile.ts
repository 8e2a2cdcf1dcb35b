/**
 * A multipart file part whose bytes are read from n8n's binary store only while the
 * request body is being written.
 *
 * Why a `File` subclass: the platform `FormData` accepts only real `File`/`Blob` values
 * (a look-alike object is sent as the text "[object File]" on Node 24), and the request
 * layer computes `Content-Length` from `size`. So `size` reports the exact byte count and
 * `stream()` opens the store lazily — each call opens a fresh stream, so the same part
 * can be written again (a retry) and no copy of the file is held in memory.
 *
 * Never pass a filename as the third argument of `FormData.append` with this class: the
 * platform then re-wraps the value as a plain, empty `File` that still claims `size`.
 */
export type ByteSource = () => Promise<AsyncIterable<Uint8Array> | Iterable<Uint8Array>>;

const MIB = 1024 * 1024;

/** Short-lived arrays left per MiB sent (about 1.6 MB of young objects); see youngGarbage. */
const YOUNG_ARRAYS_PER_MIB = 20_000;

/** Where the short-lived arrays go: written, never read, so that the allocations stay. */
const youngGarbage: { last?: unknown } = {};

/**
 * Leaves short-lived objects behind while a big file is sent, so that V8's young-generation
 * collection runs every few dozen MB. Why: each chunk n8n's store reads is a new buffer
 * outside V8's heap, freed only by a collection. Sending allocates almost nothing else, so no
 * young collection runs, and once the dead buffers add up to V8's external-memory limit
 * (about 64 MB) V8 starts a full collection that marks every live object of n8n's heap:
 * three or four per 200 MB. A young collection frees the same dead buffers and touches only
 * the few live young objects. Measured on 200 MB (docs/benchmarks.md): full collections 4 → 1.
 */
function leaveYoungGarbage(): void {
	for (let i = 0; i < YOUNG_ARRAYS_PER_MIB; i++) youngGarbage.last = [i, i, i, i];
}

export class StoredBinaryFile extends File {
	readonly #open: ByteSource;

	constructor(fileName: string, mimeType: string, byteLength: number, open: ByteSource) {
		super([], fileName, { type: mimeType });
		this.#open = open;
		// `File#size` is a prototype getter; an own property shadows it (TypeScript will not
		// let a subclass redeclare it as an accessor).
		Object.defineProperty(this, 'size', { value: byteLength, enumerable: true });
	}

	override stream(): ReturnType<File['stream']> {
		const open = this.#open;
		async function* readChunks(): AsyncGenerator<Uint8Array> {
			let sinceGarbage = 0;
			for await (const chunk of await open()) {
				sinceGarbage += chunk.byteLength;
				if (sinceGarbage >= MIB) {
					sinceGarbage = 0;
					leaveYoungGarbage();
				}
				yield chunk;
			}
		}
		return ReadableStream.from(readChunks()) as ReturnType<File['stream']>;
	}

	override async arrayBuffer(): Promise<ArrayBuffer> {
		const chunks: Uint8Array[] = [];
		for await (const chunk of await this.#open()) chunks.push(chunk);
		const bytes = Buffer.concat(chunks);
		return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
	}
}
