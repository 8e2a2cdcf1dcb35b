import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * An address where nothing listens at first: the first connection to it meets ECONNREFUSED.
 * Once that has happened, a plain TCP forwarder to the sandbox opens there, so that a retry
 * reaches the sandbox. The network is watched (Node's diagnostics channel), not n8n.
 */
export interface RefusedOnce {
	/** http://127.0.0.1:<port> of the address that refuses first. */
	baseUrl: string;
	/** How many connections to it were refused. */
	refused(): number;
	close(): Promise<void>;
}

export async function refusedOnceThenForwardedTo(sandboxBaseUrl: string): Promise<RefusedOnce> {
	// A free port, closed again.
	const port = await new Promise<number>((resolve) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const { port: free } = probe.address() as AddressInfo;
			probe.close(() => resolve(free));
		});
	});
	const sandboxPort = Number(new URL(sandboxBaseUrl).port);
	let refused = 0;
	let forwarder: Server | undefined;
	const onSocket = (message: unknown) => {
		const { socket } = message as { socket: Socket };
		socket.once('error', (error: NodeJS.ErrnoException) => {
			if (error.code !== 'ECONNREFUSED' || (error as { port?: number }).port !== port || refused++ > 0) return;
			forwarder = createServer((client) => client.pipe(connect(sandboxPort, '127.0.0.1')).pipe(client)).listen(port, '127.0.0.1');
		});
	};
	subscribe('net.client.socket', onSocket);
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		refused: () => refused,
		close: async () => {
			unsubscribe('net.client.socket', onSocket);
			await new Promise<void>((resolve) => (forwarder ? forwarder.close(() => resolve()) : resolve()));
		},
	};
}
