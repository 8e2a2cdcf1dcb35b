import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Transform, type Readable } from 'node:stream';

/** A file part as the sandbox parsed it off the wire. */
export interface ReceivedFile {
	part: string;
	fileName: string;
	mimeType: string;
	size: number;
	sha256: string;
	/** The bytes, kept for files up to 1 MiB. */
	bytes?: Buffer;
}

export interface ReceivedRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	/** Text parts, in the order they arrived. */
	fields: Array<[string, string]>;
	files: ReceivedFile[];
	/** A JSON body, when one was sent. */
	json?: unknown;
	/** What the sandbox answered. */
	status?: number;
	/** Who sent it, when the test told the sandbox how to tell (see identifyClient). */
	client?: string;
	/** When it arrived (Date.now()), to measure the waits between requests. */
	receivedAt: number;
	/** Requests of the node's in flight here when it arrived, itself included. */
	inFlightAtArrival: number;
	/** When its answer was sent. */
	answeredAt?: number;
}

export interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export type Route = (request: ReceivedRequest, sandbox: Sandbox) => Reply | Promise<Reply>;

/**
 * A provider's request rate, enforced the way it answers: at most `requests` arrivals in any
 * `intervalMs` (a rolling window); the next one is refused with the provider's 429 until a
 * slot frees. Refused requests do not count.
 */
export interface RateLimitRule {
	requests: number;
	intervalMs: number;
	/** The provider's 429, told how long until a slot frees and how many are left (0). */
	tooMany(waitMs: number): Reply;
	/** Headers the provider sends on every answer about the quota, given what is left. */
	quotaHeaders?(remaining: number): Record<string, string>;
}

/** A forced reply, fixed or built from the request (e.g. one that echoes its headers). */
export type ForcedReply = Reply | ((request: ReceivedRequest) => Reply);

/**
 * Network faults for multipart requests: the connection reset halfway through the body, no
 * answer at all (stall), the connection closed after the body without an answer, a 201 whose
 * body is not JSON, a 502 HTML page from a proxy.
 */
export type Fault = 'reset' | 'stall' | 'closeEarly' | 'invalidJson' | 'html502' | 'lostAnswer';

const KEEP_BYTES_UP_TO = 1024 * 1024;

/**
 * The internet between n8n and the provider, for the sync benchmark: each answer comes a fixed
 * delay after its request was read, and each connection's body is read at most at this
 * bandwidth.
 */
export interface Latency {
	delayMs: number;
	bytesPerSecond: number;
}

/** The request body, read no faster than the bandwidth allows. */
function throttled(req: IncomingMessage, bytesPerSecond: number): Readable {
	const started = Date.now();
	let bytes = 0;
	return req.pipe(
		new Transform({
			transform(chunk: Buffer, _encoding, done) {
				bytes += chunk.length;
				const due = started + (bytes / bytesPerSecond) * 1000;
				setTimeout(() => done(null, chunk), Math.max(0, due - Date.now()));
			},
		}),
	);
}

async function readMultipart(req: IncomingMessage, request: ReceivedRequest, latency?: Latency): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		// Providers decode the filename parameter as UTF-8.
		const parser = busboy({ headers: req.headers, defParamCharset: 'utf8' });
		const pending: Array<Promise<void>> = [];
		parser.on('field', (name, value) => request.fields.push([name, value]));
		parser.on('file', (part, stream, info) => {
			pending.push(
				new Promise<void>((done, fail) => {
					const hash = createHash('sha256');
					const chunks: Buffer[] = [];
					let size = 0;
					stream.on('data', (chunk: Buffer) => {
						hash.update(chunk);
						size += chunk.length;
						if (size <= KEEP_BYTES_UP_TO) chunks.push(chunk);
					});
					stream.on('error', fail);
					stream.on('end', () => {
						request.files.push({
							part,
							fileName: info.filename,
							mimeType: info.mimeType,
							size,
							sha256: hash.digest('hex'),
							bytes: size <= KEEP_BYTES_UP_TO ? Buffer.concat(chunks) : undefined,
						});
						done();
					});
				}),
			);
		});
		parser.on('error', reject);
		parser.on('close', () => Promise.all(pending).then(() => resolve(), reject));
		(latency ? throttled(req, latency.bytesPerSecond) : req).pipe(parser);
	});
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * A provider stand-in on 127.0.0.1: parses each request for real (multipart with busboy,
 * hashing every file part), records it, and answers through the provider's route.
 */
export class Sandbox {
	readonly requests: ReceivedRequest[] = [];

	inFlight = 0;

	maxInFlight = 0;

	/** Per client (identifyClient), the most multipart uploads it had in flight at once. */
	readonly maxUploadsInFlightBy = new Map<string, number>();

	private readonly uploadsInFlightBy = new Map<string, number>();

	private identify?: (remotePort: number, localPort: number) => string | undefined;

	private readonly clients = new WeakMap<Socket, string | undefined>();

	private readonly forced: ForcedReply[] = [];

	private readonly overrides: Array<{ matches: (request: ReceivedRequest) => boolean; reply: Reply }> = [];

	private readonly delays: Array<{ matches: (request: ReceivedRequest) => boolean; ms: number }> = [];
	private readonly drops: Array<(request: ReceivedRequest) => boolean> = [];

	private readonly faults: Fault[] = [];

	private everyNth?: { n: number; reply: Reply; count: number };

	private rate?: { rule: RateLimitRule; arrivals: number[] };

	/** Set for the sync benchmark: the delay and bandwidth of a connection over the internet. */
	latency?: Latency;

	/**
	 * A domain's cap on requests in flight (Kintone's 100), refused with the provider's 429;
	 * `others` are requests of the domain's other clients, counted as running throughout, and
	 * `report` the headers every answer carries about the load.
	 */
	private concurrency?: { limit: number; tooMany(running: number): Reply; others: number; report?(running: number): Record<string, string> };

	/** How many requests the rate limit refused since the last reset. */
	rateLimited = 0;

	/** The most arrivals counted in any one window of the rate limit. */
	peakInWindow = 0;

	private server?: Server;

	baseUrl = '';

	constructor(private readonly route: Route) {}

	async start(): Promise<string> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		const { port } = this.server.address() as AddressInfo;
		this.baseUrl = `http://127.0.0.1:${port}`;
		return this.baseUrl;
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
	}

	/** Clears what was recorded and any forced replies, between tests. */
	reset(): void {
		this.requests.length = 0;
		this.forced.length = 0;
		this.faults.length = 0;
		this.everyNth = undefined;
		this.overrides.length = 0;
		this.delays.length = 0;
		this.drops.length = 0;
		this.maxInFlight = 0;
		this.maxUploadsInFlightBy.clear();
		this.rate = undefined;
		this.concurrency = undefined;
		this.rateLimited = 0;
		this.peakInWindow = 0;
	}

	/**
	 * Until reset, at most `limit` requests are served at once, `others` of them taken by other
	 * clients; the next is refused (counted in rateLimited). With `report`, every answer says the load.
	 */
	limitConcurrency(limit: number, tooMany: (running: number) => Reply, load: { others?: number; report?(running: number): Record<string, string> } = {}): void {
		this.concurrency = { limit, tooMany, others: load.others ?? 0, report: load.report };
	}

	/** Requests the domain runs now: ours in flight and its other clients'. */
	private get running(): number {
		return this.inFlight + (this.concurrency?.others ?? 0);
	}

	/** Until reset, the provider's rate limit is enforced (see RateLimitRule). */
	limitRate(rule: RateLimitRule): void {
		this.rate = { rule, arrivals: [] };
	}

	/** Counts an arrival against the rate limit: undefined when it may pass, else the 429 and the quota left. */
	private admit(at: number): { refusal?: Reply; remaining?: number } {
		if (!this.rate) return {};
		const { rule, arrivals } = this.rate;
		while (arrivals.length > 0 && arrivals[0] <= at - rule.intervalMs) arrivals.shift();
		if (arrivals.length >= rule.requests) {
			this.rateLimited++;
			return { refusal: rule.tooMany(arrivals[0] + rule.intervalMs - at), remaining: 0 };
		}
		arrivals.push(at);
		this.peakInWindow = Math.max(this.peakInWindow, arrivals.length);
		return { remaining: rule.requests - arrivals.length };
	}

	/** How to tell who sends a request, from its connection's ports; asked once per connection. */
	identifyClient(identify: (remotePort: number, localPort: number) => string | undefined): void {
		this.identify = identify;
	}

	private clientOf(socket: Socket): string | undefined {
		if (!this.identify) return undefined;
		if (!this.clients.has(socket)) this.clients.set(socket, this.identify(socket.remotePort ?? 0, socket.localPort ?? 0));
		return this.clients.get(socket);
	}

	/** The next requests the route lets through are answered with these, in order. */
	forceReplies(...replies: ForcedReply[]): void {
		this.forced.push(...replies);
	}

	/** The next multipart requests meet these faults, in order. */
	injectFaults(...faults: Fault[]): void {
		this.faults.push(...faults);
	}

	/** Until reset, the requests that match are answered with this, before the route sees them. */
	answerMatching(matches: (request: ReceivedRequest) => boolean, reply: Reply): void {
		this.overrides.push({ matches, reply });
	}

	/** Until reset, the requests that match are answered this many milliseconds late (a slow lookup). */
	delayMatching(matches: (request: ReceivedRequest) => boolean, ms: number): void {
		this.delays.push({ matches, ms });
	}

	/** Until reset, the requests that match get no answer: their connection is torn down once they are read (a network failure). */
	dropMatching(matches: (request: ReceivedRequest) => boolean): void {
		this.drops.push(matches);
	}

	/** From now on, every n-th request the route lets through is answered with this (a 429 storm). */
	replyEvery(n: number, reply: Reply): void {
		this.everyNth = { n, reply, count: 0 };
	}

	takeForcedReply(request: ReceivedRequest): Reply | undefined {
		const forced = this.forced.shift();
		if (forced) return typeof forced === 'function' ? forced(request) : forced;
		if (this.everyNth && ++this.everyNth.count % this.everyNth.n === 0) return this.everyNth.reply;
		return undefined;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const request: ReceivedRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			fields: [],
			files: [],
			client: this.clientOf(req.socket),
			receivedAt: Date.now(),
			inFlightAtArrival: this.inFlight,
		};
		// Counted on arrival, as a provider's gateway counts; answered once the body is read.
		const quota = this.admit(request.receivedAt);
		if (!quota.refusal && this.concurrency && this.running > this.concurrency.limit) {
			this.rateLimited++;
			quota.refusal = this.concurrency.tooMany(this.running);
		}
		const contentType = req.headers['content-type'] ?? '';
		const upload = contentType.startsWith('multipart/form-data') ? (request.client ?? '') : undefined;
		if (upload !== undefined) {
			const running = (this.uploadsInFlightBy.get(upload) ?? 0) + 1;
			this.uploadsInFlightBy.set(upload, running);
			this.maxUploadsInFlightBy.set(upload, Math.max(running, this.maxUploadsInFlightBy.get(upload) ?? 0));
		}
		try {
			const fault = contentType.startsWith('multipart/form-data') ? this.faults.shift() : undefined;
			if (fault === 'reset') {
				// Halfway through the body: the first chunk arrives, then the connection is torn down.
				this.requests.push(request);
				req.once('data', () => req.socket.destroy());
				return;
			}
			if (contentType.startsWith('multipart/form-data')) await readMultipart(req, request, this.latency);
			if (fault === 'stall' || fault === 'closeEarly') {
				this.requests.push(request);
				if (fault === 'closeEarly') req.socket.destroy();
				return;
			}
			if (fault === 'invalidJson' || fault === 'html502') {
				this.requests.push(request);
				request.status = fault === 'html502' ? 502 : 201;
				res.writeHead(request.status, { 'content-type': fault === 'html502' ? 'text/html' : 'application/json' });
				res.end(fault === 'html502' ? '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>' : '{"Id": "KF00');
				return;
			}
			else request.json = await readJson(req);
			this.requests.push(request);
			const delayMs = this.delays.find((delay) => delay.matches(request))?.ms;
			if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
			if (this.drops.some((matches) => matches(request))) {
				req.socket.destroy();
				return;
			}
			const routed = quota.refusal ?? this.overrides.find((override) => override.matches(request))?.reply ?? (await this.route(request, this));
			const quotaHeaders = quota.remaining !== undefined ? this.rate?.rule.quotaHeaders?.(quota.remaining) : this.concurrency?.report?.(this.running);
			const reply = quotaHeaders ? { ...routed, headers: { ...quotaHeaders, ...routed.headers } } : routed;
			request.status = reply.status;
			if (fault === 'lostAnswer') {
				// The provider did the work (the file is stored) but the answer never arrives.
				req.socket.destroy();
				return;
			}
			if (this.latency) await new Promise((resolve) => setTimeout(resolve, this.latency!.delayMs));
			request.answeredAt = Date.now();
			res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
			res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
		} catch (error) {
			request.status = 400;
			this.requests.push(request);
			res.writeHead(400, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ message: `Malformed request: ${(error as Error).message}` }));
		} finally {
			this.inFlight--;
			if (upload !== undefined) this.uploadsInFlightBy.set(upload, this.uploadsInFlightBy.get(upload)! - 1);
		}
	}
}

/**
 * In a jest file: the sandboxes listen for the file's tests (started once, stopped at the
 * end) and are reset before each test. Returns them, for `const [karbon, …] = useSandboxes(…)`.
 */
export function useSandboxes<T extends Sandbox[]>(...sandboxes: T): T {
	beforeAll(async () => await Promise.all(sandboxes.map(async (sandbox) => await sandbox.start())));
	afterAll(async () => await Promise.all(sandboxes.map(async (sandbox) => await sandbox.stop())));
	beforeEach(() => sandboxes.forEach((sandbox) => sandbox.reset()));
	return sandboxes;
}
