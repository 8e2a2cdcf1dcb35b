import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import { e2eLog, ensureN8n, N8nInstance, PACKAGE_ROOT } from '../e2e/n8n.cjs';

/**
 * npm run dev: a real n8n editor with the package from this working tree, your own
 * credentials kept between runs (~/.n8n-file-uploads-dev), the package rebuilt by
 * `tsc --watch` and n8n restarted when dist changes. Ctrl-C stops it.
 */
const USER_FOLDER = process.env.N8N_DEV_USER_FOLDER || path.join(homedir(), '.n8n-file-uploads-dev');

/** Each package as the build assembles it (packages/<dir>), copied in as n8n's installer would put it. */
function copyPackages(): void {
	execFileSync(process.execPath, [path.join(PACKAGE_ROOT, 'scripts', 'packages.cjs'), 'build'], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
	const nodes = path.join(USER_FOLDER, '.n8n', 'nodes');
	const installed = existsSync(path.join(nodes, 'package.json')) ? JSON.parse(readFileSync(path.join(nodes, 'package.json'), 'utf8')) : { name: 'installed-nodes', private: true, dependencies: {} };
	for (const dir of readdirSync(path.join(PACKAGE_ROOT, 'packages'))) {
		const source = path.join(PACKAGE_ROOT, 'packages', dir);
		const { devDependencies: _dev, peerDependencies: _peer, ...manifest } = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8'));
		const target = path.join(nodes, 'node_modules', manifest.name);
		rmSync(target, { recursive: true, force: true });
		mkdirSync(target, { recursive: true });
		cpSync(path.join(source, 'dist'), path.join(target, 'dist'), { recursive: true });
		writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
		installed.dependencies[manifest.name] = manifest.version;
	}
	writeFileSync(path.join(nodes, 'package.json'), JSON.stringify(installed, null, 2));
}

async function main() {
	await ensureN8n(e2eLog);
	mkdirSync(USER_FOLDER, { recursive: true });
	const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
	let n8n: N8nInstance | undefined;
	const restart = async () => {
		await n8n?.stop();
		copyPackages();
		n8n = new N8nInstance({ N8N_RESTRICT_FILE_ACCESS_TO: process.env.N8N_RESTRICT_FILE_ACCESS_TO ?? homedir() }, USER_FOLDER);
		const { url } = await n8n.start();
		console.log(`\nn8n editor with the package from this working tree: ${url}  (Ctrl-C stops)`);
	};
	await restart();
	let timer: NodeJS.Timeout | undefined;
	watch(path.join(PACKAGE_ROOT, 'dist'), { recursive: true }, () => {
		clearTimeout(timer);
		timer = setTimeout(() => void restart(), 1500);
	});
	process.once('SIGINT', () => {
		tsc.kill();
		void n8n?.stop().then(() => process.exit(0));
	});
}

void main();
