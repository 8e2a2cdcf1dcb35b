#!/usr/bin/env node
/**
 * npm run mutation [-- <file or glob> ...]: one StrykerJS run over the given sources (default:
 * every file Stryker's config mutates), kept as a part in docs/mutation-parts/, then
 * docs/mutation.md written from all parts (scripts/mutation-report.cjs).
 *
 * The whole tree takes hours on a small machine, so it may be measured in parts, run by run.
 * A part records each source file's content hash: once a file changes, its part's results for
 * it are stale and the report leaves them out until that file is measured again.
 *
 * Options: --concurrency N (default: Stryker's config).
 */
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PARTS = path.join(ROOT, 'docs', 'mutation-parts');
const REPORT = path.join(ROOT, 'reports', 'mutation', 'mutation.json');

const args = process.argv.slice(2);
const concurrencyAt = args.indexOf('--concurrency');
const concurrency = concurrencyAt >= 0 ? args.splice(concurrencyAt, 2)[1] : undefined;
const globs = args;

const hashOf = (file) => createHash('sha256').update(fs.readFileSync(path.join(ROOT, file))).digest('hex').slice(0, 16);
const relative = (file) => path.relative(ROOT, path.resolve(ROOT, file)).split(path.sep).join('/');

const strykerArgs = ['stryker', 'run', ...(globs.length ? ['--mutate', globs.join(',')] : []), ...(concurrency ? ['--concurrency', concurrency] : [])];
fs.rmSync(REPORT, { force: true });
execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'node24.cjs'), ...strykerArgs], { cwd: ROOT, stdio: 'inherit' });

const report = JSON.parse(fs.readFileSync(REPORT, 'utf8'));
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials', 'test'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
const part = {
	date: new Date().toISOString().slice(0, 16).replace('T', ' '),
	commit: dirty ? `${commit} with uncommitted changes` : commit,
	mutate: globs.length ? globs : ['(the whole tree)'],
	files: Object.fromEntries(
		Object.entries(report.files).map(([absolute, { mutants }]) => {
			const file = relative(absolute);
			return [
				file,
				{
					hash: hashOf(file),
					mutants: mutants.map((mutant) => ({
						line: mutant.location.start.line,
						mutator: mutant.mutatorName,
						status: mutant.status,
						replacement: String(mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 70),
					})),
				},
			];
		}),
	),
};
fs.mkdirSync(PARTS, { recursive: true });
const name = (globs.length ? globs.join('+') : 'whole-tree').replace(/[^A-Za-z0-9.+-]+/g, '_');
fs.writeFileSync(path.join(PARTS, `${name}.json`), `${JSON.stringify(part, null, '\t')}\n`);
console.log(`docs/mutation-parts/${name}.json: ${Object.keys(part.files).length} files`);
execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'mutation-report.cjs')], { cwd: ROOT, stdio: 'inherit' });
