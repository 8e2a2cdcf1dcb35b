import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';

/**
 * Every test runs against sandboxes on 127.0.0.1. A connection to anything else (a hostile
 * domain that slipped through to DNS, a real provider) fails the test that made it, even
 * when its assertions on messages pass: "nothing was sent" must mean nothing left the machine.
 * The network is watched through Node's diagnostics channel; nothing of n8n is replaced.
 */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/;
const outside: string[] = [];

subscribe('net.client.socket', (message) => {
	const { socket } = message as { socket: Socket };
	// A host name is looked up first (also when the lookup fails: ENOTFOUND); an address is not.
	socket.once('lookup', (_error: Error | null, address: string, _family: number, host: string) => {
		if (!LOOPBACK.test(host)) outside.push(`${host}${address ? ` (${address})` : ''}`);
	});
	socket.once('connect', () => {
		if (socket.remoteAddress && !LOOPBACK.test(socket.remoteAddress)) outside.push(`${socket.remoteAddress}:${socket.remotePort}`);
	});
});

afterEach(() => {
	const seen = outside.splice(0);
	if (seen.length) throw new Error(`the test reached for hosts outside the sandboxes: ${[...new Set(seen)].join(', ')}`);
});
