#!/usr/bin/env node
/**
 * npm run lint: `n8n-node lint` (n8n's own linter, strict mode) in each package's folder,
 * over the package.json and the sources that package is made of. Fails on any error or
 * warning, and inline disables are not honoured by n8n's scanner either.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const { listPackages, ROOT } = require('./packages.cjs');

const n8nNode = path.join(ROOT, 'node_modules', '.bin', 'n8n-node');
let failed = 0;
for (const pkg of listPackages()) {
	const result = spawnSync(n8nNode, ['lint'], { cwd: pkg.folder, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
	const output = `${result.stdout}${result.stderr}`;
	// eslint's summary line, e.g. "✖ 1 problem (0 errors, 1 warning)".
	const problems = /(\d+) problems? \((\d+) errors?, (\d+) warnings?\)/.exec(output);
	const clean = result.status === 0 && !problems;
	if (!clean) {
		failed++;
		process.stdout.write(output);
	}
	console.log(`${clean ? 'ok  ' : 'FAIL'} n8n-node lint (strict) ${pkg.manifest.name}: ${problems ? `${problems[2]} errors, ${problems[3]} warnings` : clean ? '0 errors, 0 warnings' : `exit ${result.status}`}`);
}
process.exit(failed ? 1 : 0);
