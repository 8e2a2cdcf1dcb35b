import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { freePort, stopChild } from '../e2e/n8n.cjs';

const run = promisify(execFile);

/**
 * PostgreSQL and Redis for n8n's queue mode, from Debian's packages, run as plain processes
 * of the test on 127.0.0.1 with their data in a temp folder (../shared/notes/real-n8n.md).
 */
function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).sort((x, y) => Number(y) - Number(x)) : [];
	return versions.length && existsSync(path.join(root, versions[0], 'bin', 'initdb')) ? path.join(root, versions[0], 'bin') : undefined;
}
const REDIS_SERVER = '/usr/bin/redis-server';

/** Installs Debian's postgresql and redis-server when the machine lacks them (a CI machine does). */
export async function ensureQueueServices(log: (line: string) => void): Promise<string> {
	if (!postgresBin() || !existsSync(REDIS_SERVER)) {
		log('installing postgresql and redis-server from Debian (once)');
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		await run('apt-get', ['update'], { env, maxBuffer: 16 * 1024 * 1024 });
		await run('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql', 'redis-server'], { env, maxBuffer: 16 * 1024 * 1024 });
	}
	const bin = postgresBin();
	if (!bin) throw new Error('PostgreSQL is not installed and could not be installed');
	return bin;
}

/** PostgreSQL refuses to run as root: as root, its commands run as Debian's postgres user. */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export class Postgres {
	readonly dir = mkdtempSync(path.join(tmpdir(), 'n8n-queue-pg-'));

	readonly user = 'n8n';

	readonly database = 'n8n';

	port = 0;

	constructor(private readonly bin: string) {}

	async start(): Promise<void> {
		this.port = await freePort();
		if (process.getuid?.() === 0) {
			const { stdout } = await run('id', ['-u', 'postgres']);
			const { stdout: group } = await run('id', ['-g', 'postgres']);
			chownSync(this.dir, Number(stdout.trim()), Number(group.trim()));
		}
		const data = path.join(this.dir, 'data');
		await run(...asPostgresUser(path.join(this.bin, 'initdb'), ['-D', data, '-U', this.user, '--auth=trust', '--encoding=UTF8', '--no-sync']));
		const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
		await run(...asPostgresUser(path.join(this.bin, 'pg_ctl'), ['start', '-w', '-D', data, '-l', path.join(this.dir, 'postgres.log'), '-o', options]));
		await run(...asPostgresUser(path.join(this.bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', this.user, this.database]));
	}

	/** A query's rows as tab-separated text, through Debian's psql. */
	async query(sql: string): Promise<string[][]> {
		const { stdout } = await run('psql', ['-h', '127.0.0.1', '-p', String(this.port), '-U', this.user, '-d', this.database, '-At', '-F', '\t', '-c', sql]);
		return stdout.split('\n').filter(Boolean).map((line) => line.split('\t'));
	}

	async stop(): Promise<void> {
		if (this.port) {
			await run(...asPostgresUser(path.join(this.bin, 'pg_ctl'), ['stop', '-m', 'fast', '-w', '-D', path.join(this.dir, 'data')])).catch(() => undefined);
		}
		rmSync(this.dir, { recursive: true, force: true });
	}
}

export class Redis {
	readonly dir = mkdtempSync(path.join(tmpdir(), 'n8n-queue-redis-'));

	port = 0;

	private process?: ChildProcess;

	async start(): Promise<void> {
		this.port = await freePort();
		const log = openSync(path.join(this.dir, 'redis.log'), 'a');
		this.process = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'no'], {
			stdio: ['ignore', log, log],
		});
		closeSync(log);
		for (let attempt = 0; attempt < 100; attempt++) {
			if (await this.ping()) return;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		throw new Error(`redis-server did not answer on port ${this.port}`);
	}

	private async ping(): Promise<boolean> {
		return await new Promise((resolve) => {
			const socket = connect(this.port, '127.0.0.1', () => socket.write('PING\r\n'));
			socket.once('data', (data) => {
				socket.destroy();
				resolve(data.toString().startsWith('+PONG'));
			});
			socket.once('error', () => resolve(false));
		});
	}

	async stop(): Promise<void> {
		await stopChild(this.process);
		rmSync(this.dir, { recursive: true, force: true });
	}
}

/**
 * Which of the given processes owns the TCP connection from 127.0.0.1:port to
 * 127.0.0.1:peerPort: the socket's inode from /proc/net/tcp (the established row; an old
 * connection from the same port may linger in TIME_WAIT), then the process whose fd points
 * at it. Lets a sandbox tell the two workers' uploads apart, per connection.
 */
export function processOwningConnection(port: number, peerPort: number, processes: Record<string, number | undefined>): string | undefined {
	const address = (p: number) => `0100007F:${p.toString(16).toUpperCase().padStart(4, '0')}`;
	const row = readFileSync('/proc/net/tcp', 'utf8')
		.split('\n')
		.map((line) => line.trim().split(/\s+/))
		.find((columns) => columns[1] === address(port) && columns[2] === address(peerPort) && columns[3] === '01');
	if (!row) return undefined;
	const socket = `socket:[${row[9]}]`;
	for (const [name, pid] of Object.entries(processes)) {
		if (!pid) continue;
		const fds = path.join('/proc', String(pid), 'fd');
		for (const fd of readdirSync(fds)) {
			try {
				if (readlinkSync(path.join(fds, fd)) === socket) return name;
			} catch {
				// closed meanwhile
			}
		}
	}
	return undefined;
}
