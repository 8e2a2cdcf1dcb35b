#!/usr/bin/env node
/**
 * Runs a command on Node.js 24, which n8n 2.x (and n8n-core in the tests) requires:
 *   node scripts/node24.cjs jest …
 * On Node 24 or newer it runs the command as it is. On an older Node (this machine kind
 * ships Node 20) it installs the `node@24` package from the npm registry once into
 * ~/.cache/n8n-nodes-file-uploads/node24 and puts its bin folder first on PATH, so that the
 * command, and every `node` it starts, runs on Node 24. The system npm is kept.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REQUIRED_MAJOR = 24;
const [command, ...args] = process.argv.slice(2);
if (!command) {
	console.error('usage: node scripts/node24.cjs <command> [args…]');
	process.exit(2);
}

function node24Bin() {
	const cache = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-file-uploads', 'node24');
	const bin = path.join(cache, 'node_modules', '.bin');
	if (!fs.existsSync(path.join(bin, 'node'))) {
		console.error(`Node ${process.versions.node} is too old for n8n 2.x: installing Node ${REQUIRED_MAJOR} into ${cache} (once)…`);
		fs.mkdirSync(cache, { recursive: true });
		fs.writeFileSync(path.join(cache, 'package.json'), '{"private":true}\n');
		// Scripts on: the node package's own install script puts the binary in place.
		execFileSync('npm', ['install', '--prefix', cache, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts=false', `node@${REQUIRED_MAJOR}`], { stdio: ['ignore', 'ignore', 'inherit'] });
	}
	return bin;
}

const env = { ...process.env };
if (Number(process.versions.node.split('.')[0]) < REQUIRED_MAJOR) env.PATH = `${node24Bin()}${path.delimiter}${env.PATH}`;
const child = spawn(command, args, { stdio: 'inherit', env });
child.on('error', (error) => {
	console.error(`could not run ${command}: ${error.message}`);
	process.exit(1);
});
// Ctrl-C reaches the child from the terminal itself; a SIGTERM sent to this process is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
