import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one request brought to the counting sink. */
export interface CountedRequest {
	bytes: number;
	contentLength: number | undefined;
	contentType: string;
}

/**
 * A sink that only counts the bytes of each request body and answers as Karbon's upload
 * does (201, a file record). The provider sandboxes parse and hash every multipart body at
 * a few hundred MB/s, so a big file's time there is mostly the sink's; here it is the
 * sender's. It still refuses a body whose length is not its Content-Length, so a sender
 * that loses or adds bytes cannot look fast.
 */
export class CountingSink {
	readonly requests: CountedRequest[] = [];
	#server: Server | undefined;
	#nextId = 1;

	get baseUrl(): string {
		const address = this.#server?.address() as AddressInfo | null;
		if (!address) throw new Error('The counting sink is not listening');
		return `http://127.0.0.1:${address.port}`;
	}

	async start(): Promise<void> {
		this.#server = createServer((request, response) => {
			let bytes = 0;
			request.on('data', (chunk: Buffer) => {
				bytes += chunk.length;
			});
			request.on('end', () => {
				const header = request.headers['content-length'];
				const contentLength = header === undefined ? undefined : Number(header);
				this.requests.push({ bytes, contentLength, contentType: String(request.headers['content-type'] ?? '') });
				const whole = contentLength === undefined || contentLength === bytes;
				response.writeHead(whole ? 201 : 400, { 'content-type': 'application/json' });
				response.end(JSON.stringify(whole ? { Id: `KF${String(this.#nextId++).padStart(10, '0')}`, Name: 'counted', Size: String(bytes) } : { error: { code: 4000, message: `${bytes} bytes arrived, Content-Length said ${contentLength}` } }));
			});
		});
		await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
	}

	reset(): void {
		this.requests.length = 0;
	}
}
