import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { PACKAGE_ROOT } from '../harness/packageRoot.cjs';

const run = promisify(execFile);

/**
 * The n8n lines the packages are tested on, each pinned to the newest version whose whole
 * dependency tree the registry here serves, with the override that makes it install
 * (../shared/notes/real-n8n.md): 2.x needs linkedom pinned back; 1.x pulls xlsx from a URL
 * outside the registry, and the registry's own last xlsx stands in (n8n's spreadsheet nodes
 * use it; these packages do not).
 */
export const N8N_LINES = {
	'2.x': { version: '2.41.1', overrides: { linkedom: '0.18.14' } },
	'1.x': { version: '1.123.81', overrides: { xlsx: '0.18.5' } },
} as const;
export type N8nLine = keyof typeof N8N_LINES;

export const N8N_VERSION = N8N_LINES['2.x'].version;
export { PACKAGE_ROOT };
const CACHE = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'n8n-nodes-file-uploads');
export const n8nHome = (line: N8nLine = '2.x') => path.join(CACHE, `n8n-${N8N_LINES[line].version}`);
export const N8N_HOME = n8nHome('2.x');
const n8nBin = (line: N8nLine) => path.join(n8nHome(line), 'node_modules', 'n8n', 'bin', 'n8n');

/**
 * Installs an n8n line once into a cache folder outside the repo, as
 * ../shared/notes/real-n8n.md found works here: scripts off (some download binaries), the
 * line's override, then the native modules n8n needs rebuilt.
 */
export async function ensureN8n(log: (line: string) => void, line: N8nLine = '2.x'): Promise<void> {
	const home = n8nHome(line);
	const { version, overrides } = N8N_LINES[line];
	if (existsSync(path.join(home, '.installed'))) return;
	log(`installing n8n ${version} into ${home} (once, several minutes)`);
	mkdirSync(home, { recursive: true });
	writeFileSync(path.join(home, 'package.json'), JSON.stringify({ private: true, dependencies: { n8n: version }, overrides }, null, 2));
	const npm = { cwd: home, maxBuffer: 64 * 1024 * 1024 };
	await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], npm);
	// Explicitly on: the repository's .npmrc turns install scripts off, and npm passes that on.
	await run('npm', ['rebuild', 'sqlite3', 'isolated-vm', '--ignore-scripts=false'], npm);
	writeFileSync(path.join(home, '.installed'), new Date().toISOString());
}

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

/** The run `n8n execute --rawOutput` prints: from a line "{" to the next line "}" (log lines may follow). */
export function parseRunOutput<T>(stdout: string): T {
	const start = stdout.search(/^\{$/m);
	const end = start < 0 ? -1 : stdout.slice(start).search(/^\}$/m);
	if (start < 0 || end < 0) throw new Error(`n8n execute printed no run data:\n${stdout.slice(0, 2000)}`);
	return JSON.parse(stdout.slice(start, start + end + 1)) as T;
}

export const e2eLog = (line: string) => void process.stderr.write(`[e2e] ${line}\n`);

/** A packed package: one provider's tarball, as it would be published. */
export interface PackedPackage {
	name: string;
	dir: string;
	tarball: string;
	files: string[];
}

/** `npm pack` of each built package (into .e2e/tarballs, git-ignored), by package name. */
export async function packPackages(into = path.join(PACKAGE_ROOT, '.e2e', 'tarballs')): Promise<Record<string, PackedPackage>> {
	const { stdout } = await run(process.execPath, [path.join(PACKAGE_ROOT, 'scripts', 'packages.cjs'), 'pack', into], { cwd: PACKAGE_ROOT, maxBuffer: 16 * 1024 * 1024 });
	let packed: PackedPackage[];
	try {
		packed = JSON.parse(stdout) as PackedPackage[];
	} catch {
		throw new Error(`scripts/packages.cjs pack printed no list of tarballs:\n${stdout.slice(0, 2000)}`);
	}
	return Object.fromEntries(packed.map((entry) => [entry.name, entry]));
}

/** The package of each provider, as the scenarios name them. */
export const PROVIDER_PACKAGES: Record<string, string> = {
	Karbon: 'n8n-nodes-karbon-files',
	HubSpot: 'n8n-nodes-hubspot-files',
	Kintone: 'n8n-nodes-kintone-files',
	HighLevel: 'n8n-nodes-highlevel-files',
};

export interface ExecuteResult {
	code: number;
	stdout: string;
	stderr: string;
}

export const DEMO_OWNER = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Demo-owner-2026' };

/** Sets up the instance owner over REST; returns the session cookies. */
export async function setupOwner(url: string): Promise<string[]> {
	const response = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(DEMO_OWNER),
	});
	if (!response.ok) throw new Error(`owner setup failed: ${response.status} ${await response.text()}`);
	return response.headers.getSetCookie();
}

/**
 * Stops a long-running child (n8n, a worker, Redis): SIGTERM, then SIGKILL if it has not
 * exited after `graceMs`, so that a process ignoring SIGTERM cannot hang a suite's afterAll.
 */
export async function stopChild(child: ChildProcess | undefined, graceMs = 30_000): Promise<void> {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	await new Promise<void>((resolve) => {
		const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(kill);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

/** One n8n user folder with the package installed the way n8n's installer installs it. */
export class N8nInstance {
	readonly root = mkdtempSync(path.join(tmpdir(), 'n8n-e2e-'));

	readonly userFolder: string;

	readonly files = path.join(this.root, 'files');

	private server?: ChildProcess;

	/** A fresh user folder in a temp dir, or an existing one (npm run dev keeps yours). */
	constructor(
		private readonly env: Record<string, string> = {},
		userFolder?: string,
		/** Which n8n line runs it (ensureN8n installs each). */
		readonly line: N8nLine = '2.x',
	) {
		this.userFolder = userFolder ?? path.join(this.root, 'user');
		mkdirSync(path.join(this.userFolder, '.n8n', 'nodes'), { recursive: true });
		mkdirSync(this.files, { recursive: true });
	}

	/** Files the Read Files node may read (N8N_RESTRICT_FILE_ACCESS_TO is this folder). */
	addFiles(files: Array<{ name: string; bytes: Buffer }>): string {
		for (const file of files) {
			// A name may hold subfolders (sync/b1/karbon/x.pdf).
			mkdirSync(path.dirname(path.join(this.files, file.name)), { recursive: true });
			writeFileSync(path.join(this.files, file.name), file.bytes);
		}
		return `${this.files}/*`;
	}

	/**
	 * As n8n's community-package installer does: unpack into .n8n/nodes/node_modules/<name>,
	 * drop dev and peer dependencies (n8n-workflow is n8n's own), record it in
	 * .n8n/nodes/package.json beside the packages installed before it.
	 */
	async installPackage(tarball: string): Promise<string> {
		const nodes = path.join(this.userFolder, '.n8n', 'nodes');
		const unpacked = mkdtempSync(path.join(this.root, 'unpack-'));
		await run('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
		const target = path.join(nodes, 'node_modules', manifest.name);
		rmSync(target, { recursive: true, force: true });
		mkdirSync(path.dirname(target), { recursive: true });
		renameSync(unpacked, target);
		delete manifest.devDependencies;
		delete manifest.peerDependencies;
		writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
		const installed = path.join(nodes, 'package.json');
		const list = existsSync(installed) ? JSON.parse(readFileSync(installed, 'utf8')) : { name: 'installed-nodes', private: true, dependencies: {} };
		list.dependencies[manifest.name] = manifest.version;
		writeFileSync(installed, JSON.stringify(list, null, 2));
		return manifest.name;
	}

	/** The community packages in the user folder's node_modules, where n8n loads them from. */
	installedPackages(): string[] {
		const modules = path.join(this.userFolder, '.n8n', 'nodes', 'node_modules');
		return existsSync(modules) ? readdirSync(modules).sort() : [];
	}

	/** Several packages, one after another, as a user installs them one by one. */
	async installPackages(packages: PackedPackage[]): Promise<void> {
		for (const packed of packages) await this.installPackage(packed.tarball);
	}

	async baseEnv(): Promise<Record<string, string>> {
		// Not jest's: with NODE_ENV=test n8n believes it runs in its own tests and stays silent.
		const { NODE_ENV: _nodeEnv, JEST_WORKER_ID: _worker, N8N_LOG_LEVEL: _level, ...inherited } = process.env;
		return {
			...(inherited as Record<string, string>),
			N8N_USER_FOLDER: this.userFolder,
			// A throw-away user folder gets a fixed key; a kept one (npm run dev) keeps its own.
			...(this.userFolder.startsWith(this.root) && { N8N_ENCRYPTION_KEY: 'e2e-encryption-key-not-a-secret' }),
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_PORT: String(await freePort()),
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_RESTRICT_FILE_ACCESS_TO: this.files,
			N8N_SECURE_COOKIE: 'false',
			// `n8n execute --rawOutput` prints the run through the logger: keep info.
			N8N_LOG_LEVEL: 'info',
			GENERIC_TIMEZONE: 'UTC',
			...this.env,
		};
	}

	/**
	 * Runs an n8n CLI command. Output goes to files, not pipes: `n8n execute` exits right
	 * after printing a run of several MB (binary data inline), and a pipe would lose the tail.
	 */
	async cli(args: string[]): Promise<ExecuteResult> {
		const base = path.join(this.root, `cli-${process.hrtime.bigint()}`);
		const outFd = openSync(`${base}.out`, 'w');
		const errFd = openSync(`${base}.err`, 'w');
		const child = spawn(process.execPath, [n8nBin(this.line), ...args], { env: await this.baseEnv(), cwd: this.root, stdio: ['ignore', outFd, errFd] });
		const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
		const code = await new Promise<number>((resolve) => child.once('exit', (exitCode) => resolve(exitCode ?? 1)));
		clearTimeout(timer);
		closeSync(outFd);
		closeSync(errFd);
		return { code, stdout: readFileSync(`${base}.out`, 'utf8'), stderr: readFileSync(`${base}.err`, 'utf8') };
	}

	async importCredentials(credentials: object[]): Promise<void> {
		const file = path.join(this.root, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		const result = await this.cli(['import:credentials', `--input=${file}`]);
		if (result.code !== 0) throw new Error(`import:credentials failed: ${result.stderr}${result.stdout}`);
	}

	/** One workflow, or several in one call (an array). */
	async importWorkflow(workflow: { id: string } | Array<{ id: string }>): Promise<void> {
		const file = path.join(this.root, `workflow-${[workflow].flat().map(({ id }) => id).join('-')}.json`);
		writeFileSync(file, JSON.stringify(workflow));
		const result = await this.cli(['import:workflow', `--input=${file}`]);
		if (result.code !== 0) throw new Error(`import:workflow failed: ${result.stderr}${result.stdout}`);
	}

	async execute(workflowId: string): Promise<ExecuteResult> {
		return await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
	}

	/** Imports a workflow (an example's, with the name of its upload node) and runs it with `n8n execute`. */
	async importAndExecute(workflow: { id: string; uploadNodeName: string }): Promise<ExecuteResult> {
		const { uploadNodeName: _uploadNodeName, ...importable } = workflow;
		await this.importWorkflow(importable);
		return await this.execute(workflow.id);
	}

	/** Imports a workflow, runs it with `n8n execute`, returns the items of each main output of its upload node's run. */
	async runWorkflowOutputs(workflow: { id: string; uploadNodeName: string }): Promise<Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }>>> {
		const result = await this.importAndExecute(workflow);
		if (result.code !== 0) throw new Error(`n8n execute failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
		const run = parseRunOutput<{
			data: { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown>; pairedItem?: unknown }>> } }>> } };
		}>(result.stdout);
		return run.data.resultData.runData[workflow.uploadNodeName][0].data.main;
	}

	/** Imports a workflow, runs it with `n8n execute`, returns the JSON of its upload node's output items. */
	async runWorkflow(workflow: { id: string; uploadNodeName: string }): Promise<Array<Record<string, unknown>>> {
		const [output] = await this.runWorkflowOutputs(workflow);
		return output.map((item) => item.json);
	}

	async stopServer(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		await stopChild(server);
	}

	async stop(): Promise<void> {
		await this.stopServer();
		rmSync(this.root, { recursive: true, force: true });
	}

	/** The long-running process's output (n8n start / worker), for readiness and for who ran what. */
	get logFile(): string {
		return path.join(this.root, 'server.log');
	}

	readLog(): string {
		return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
	}

	get pid(): number | undefined {
		return this.server?.pid;
	}

	/** `n8n start` (or `n8n worker`), resolved once ready; its output goes to logFile. */
	async start(command: 'start' | 'worker' = 'start', args: string[] = []): Promise<{ url: string }> {
		const env = await this.baseEnv();
		const log = openSync(this.logFile, 'a');
		const server = spawn(process.execPath, [n8nBin(this.line), command, ...args], { env, cwd: this.root, stdio: ['ignore', log, log] });
		closeSync(log);
		this.server = server;
		const url = `http://127.0.0.1:${env.N8N_PORT}`;
		for (let attempt = 0; attempt < 240; attempt++) {
			if (server.exitCode !== null) throw new Error(`n8n ${command} exited with ${server.exitCode}:\n${this.readLog().slice(-3000)}`);
			if (command === 'worker' ? this.readLog().includes('n8n worker is now ready') : await answers(`${url}/rest/settings`)) return { url };
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`n8n ${command} was not ready within 120 s:\n${this.readLog().slice(-3000)}`);
	}
}

/** Ready: while it starts, n8n answers every path with a plain "n8n is starting up" page. */
async function answers(url: string): Promise<boolean> {
	try {
		const response = await fetch(url);
		return response.ok && (response.headers.get('content-type') ?? '').includes('application/json');
	} catch {
		return false; // not listening yet
	}
}
