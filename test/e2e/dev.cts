import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, watch, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import { e2eLog, ensureN8n, N8nInstance, PACKAGE_ROOT } from '../e2e/n8n.cjs';

/**
 * npm run dev: a real n8n editor with the package from this working tree, your own
 * credentials kept between runs (~/.n8n-file-uploads-dev), the package rebuilt by
 * `tsc --watch` and n8n restarted when dist changes. Ctrl-C stops it.
 */
const USER_FOLDER = process.env.N8N_DEV_USER_FOLDER || path.join(homedir(), '.n8n-file-uploads-dev');

function copyPackage(): void {
	const target = path.join(USER_FOLDER, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-file-uploads');
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	cpSync(path.join(PACKAGE_ROOT, 'dist'), path.join(target, 'dist'), { recursive: true });
	const { devDependencies: _dev, peerDependencies: _peer, ...manifest } = require(path.join(PACKAGE_ROOT, 'package.json'));
	writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
	const nodes = path.join(USER_FOLDER, '.n8n', 'nodes', 'package.json');
	if (!existsSync(nodes)) writeFileSync(nodes, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { 'n8n-nodes-file-uploads': manifest.version } }));
}

async function main() {
	await ensureN8n(e2eLog);
	mkdirSync(USER_FOLDER, { recursive: true });
	const tsc = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { cwd: PACKAGE_ROOT, stdio: 'inherit' });
	let n8n: N8nInstance | undefined;
	const restart = async () => {
		await n8n?.stop();
		copyPackage();
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
