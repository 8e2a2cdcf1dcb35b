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
			yield* await open();
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
