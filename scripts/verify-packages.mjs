#!/usr/bin/env node
/**
 * npm run verify: each package as n8n checks it before it verifies one, offline.
 *
 * - The tarball `npm pack` makes holds only that provider's files: every path is the
 *   package's own or the shared core's, and every require() in it resolves inside it.
 * - package.json: the fields n8n's guidelines ask for, n8n-workflow as the only peer
 *   dependency, no runtime dependency.
 * - n8n's scanner (@n8n/scan-community-package), its own analysis with its own rules: over
 *   the package's sources (packages/<dir>: package.json, nodes/, credentials/) and over the
 *   unpacked tarball (dist/**\/*.js, package.json). Errors fail; warnings are listed.
 *   Its CLI cannot run here: it fetches the package from the registry and needs provenance.
 * - No two packages define the same node or credential type, so all four install side by side.
 * - The GitHub workflows validate (action-validator).
 * - packages/ holds what the build writes there (manifests, source links), committed.
 *
 * Prints one line per check and writes "N passed, N failed" to .ci/last-verify-count.
 * --workflows-only: only the last check.
 */
import { execFileSync } from 'node:child_process';
import { globSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ESLint } from 'eslint';
import { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const require = createRequire(import.meta.url);
const { ALLOWED_MODULES, iconsOf, listPackages, pack, providerOwners, requiresOf, resolveRequire, ROOT } = require('./packages.cjs');

const TARBALL_PATTERNS = ['**/*.js', 'package.json'];
const ALWAYS_SHIPPED = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE.md'];
const README_SECTIONS = ['Installation', 'Operations', 'Credentials', 'Compatibility', 'Usage', 'Resources', 'Version history'];

const results = [];
function check(name, run) {
	let outcome;
	try {
		outcome = run();
	} catch (error) {
		outcome = [error.message];
	}
	// A check returns its problems, or { problems, note } to say what it saw as well.
	const { problems, note } = Array.isArray(outcome) ? { problems: outcome } : outcome;
	results.push(problems.length === 0);
	console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name}${note ? `: ${note}` : ''}${problems.length ? `\n       ${problems.join('\n       ')}` : ''}`);
}
async function checkAsync(name, run) {
	let outcome;
	try {
		outcome = await run();
	} catch (error) {
		outcome = [error.message];
	}
	check(name, () => outcome);
}

function workflowChecks() {
	const folder = path.join(ROOT, '.github', 'workflows');
	const validator = path.join(ROOT, 'node_modules', '.bin', 'action-validator');
	for (const file of readdirSync(folder).filter((name) => name.endsWith('.yml')).sort()) {
		check(`GitHub workflow .github/workflows/${file} validates (action-validator)`, () => {
			try {
				execFileSync(validator, [path.join(folder, file)], { encoding: 'utf8', stdio: 'pipe' });
				return [];
			} catch (error) {
				return [`${error.stdout}${error.stderr}`.trim()];
			}
		});
	}
}

/** What a provider's tarball may hold: its own node folder and credentials, the shared core, its icons. */
function contentProblems(pkg, files, unpacked, ownerOf) {
	const problems = [];
	const shipped = new Set(files);
	for (const file of ALWAYS_SHIPPED) if (!shipped.has(file)) problems.push(`${file} is not in the tarball`);
	for (const file of files) {
		if (ALWAYS_SHIPPED.includes(file)) continue;
		const owner = ownerOf(file);
		const shared = /^dist\/(nodes|credentials)\/shared\//.test(file) || /^dist\/icons\/[^/]+\.svg$/.test(file);
		if (owner !== pkg.manifest.name && !(owner === undefined && shared)) problems.push(`${file} is not ${pkg.manifest.name}'s (${owner ?? 'not a provider file nor the shared core'})`);
		if (file.endsWith('.js')) {
			const code = readFileSync(path.join(unpacked, file), 'utf8');
			for (const specifier of requiresOf(code)) {
				if (!specifier.startsWith('.')) {
					if (!ALLOWED_MODULES.has(specifier)) problems.push(`${file} requires "${specifier}"`);
					continue;
				}
				const target = resolveRequire(file, specifier, (candidate) => shipped.has(candidate));
				if (!target) problems.push(`${file} requires "${specifier}", which is not in the tarball`);
				else if (ownerOf(target) && ownerOf(target) !== pkg.manifest.name) problems.push(`${file} reaches ${target}, a file of ${ownerOf(target)}`);
			}
			for (const target of iconsOf(file, code)) {
				if (!shipped.has(target)) problems.push(`${file} points at ${target}, which is not in the tarball`);
			}
		}
	}
	return problems;
}

function manifestProblems(pkg, manifest, readme) {
	const problems = [];
	const provider = pkg.dir.replace(/-files$/, '');
	for (const field of ['name', 'version', 'description', 'license', 'homepage']) if (!manifest[field]) problems.push(`no ${field}`);
	if (manifest.license !== 'MIT') problems.push(`license is ${manifest.license}, not MIT`);
	if (!manifest.keywords?.includes('n8n-community-node-package')) problems.push('keywords lack n8n-community-node-package');
	if (!manifest.keywords?.includes(provider)) problems.push(`keywords lack "${provider}"`);
	if (!manifest.author?.name || !manifest.author?.email) problems.push('author needs a name and an email');
	if (!manifest.repository?.url || manifest.repository?.directory !== `packages/${pkg.dir}`) problems.push('repository needs url and directory packages/<dir>');
	if (JSON.stringify(manifest.peerDependencies) !== JSON.stringify({ 'n8n-workflow': '*' })) problems.push(`peerDependencies are ${JSON.stringify(manifest.peerDependencies)}, not n8n-workflow alone`);
	for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies']) if (manifest[field]) problems.push(`has ${field}`);
	if (manifest.n8n?.strict !== true) problems.push('n8n.strict is not true');
	for (const section of README_SECTIONS) if (!new RegExp(`^## ${section}$`, 'm').test(readme)) problems.push(`README.md has no "## ${section}" section`);
	if (!/!\[[^\]]*\]\([^)]+\.png\)/.test(readme)) problems.push('README.md shows no screenshot');
	return problems;
}

/** The scanner's verdict (errors) and, from the same rules, the warnings it does not report. */
async function scan(dir, patterns) {
	const verdict = await analyzePackage(dir, patterns);
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
	const files = patterns.flatMap((pattern) => globSync(pattern, { cwd: dir, exclude: (name) => name === 'node_modules' }).map((file) => path.join(dir, file)));
	const linted = await eslint.lintFiles(files);
	const errors = linted.reduce((sum, file) => sum + file.errorCount, 0);
	const warnings = linted.flatMap((file) => file.messages.filter((message) => message.severity === 1).map((message) => `${path.relative(dir, file.filePath)}:${message.line} ${message.ruleId}`));
	return { verdict, files: files.length, errors, warnings };
}

/** The type names a package defines, read from its built classes as n8n's loader reads them. */
function definedTypes(pkg) {
	return pkg.entries.map((entry) => {
		const exported = Object.values(require(path.join(pkg.folder, entry)));
		const instance = new exported[0]();
		return entry.includes('/credentials/') ? `credential ${instance.name}` : `node ${instance.description.name}`;
	});
}

async function main() {
	if (!process.argv.includes('--workflows-only')) {
		const packages = listPackages();
		const ownerOf = providerOwners(packages);
		const work = mkdtempSync(path.join(tmpdir(), 'verify-packages-'));
		try {
			const tarballs = pack(path.join(work, 'tarballs'));
			for (const pkg of packages) {
				const { tarball, files, size } = tarballs.find((candidate) => candidate.name === pkg.manifest.name);
				const unpacked = path.join(work, pkg.dir);
				mkdirSync(unpacked, { recursive: true });
				execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
				const manifest = JSON.parse(readFileSync(path.join(unpacked, 'package.json'), 'utf8'));
				const name = pkg.manifest.name;
				check(`${name}: the tarball holds only its provider's files (${files.length} files, ${(size / 1024).toFixed(1)} kB)`, () => contentProblems(pkg, files, unpacked, ownerOf));
				check(`${name}: package.json and README as n8n's guidelines ask, no runtime dependency`, () => manifestProblems(pkg, manifest, readFileSync(path.join(unpacked, 'README.md'), 'utf8')));
				for (const [leg, dir, patterns] of [
					['sources (packages/' + pkg.dir + ')', pkg.folder, SOURCE_FILE_PATTERNS],
					['tarball', unpacked, TARBALL_PATTERNS],
				]) {
					await checkAsync(`${name}: n8n's scanner over the ${leg}`, async () => {
						const { verdict, files: count, errors, warnings } = await scan(dir, patterns);
						const note = `${count} files, ${errors} errors, ${warnings.length} warnings${warnings.length ? ` (${warnings.join('; ')})` : ''}`;
						if (count === 0) return { problems: ['no files to scan'], note };
						return { problems: verdict.passed ? [] : [`${verdict.message}\n${verdict.details ?? ''}`], note };
					});
				}
			}
			check('the four packages define no node or credential type twice, so they install side by side', () => {
				const seen = new Map();
				const clashes = [];
				for (const pkg of packages) {
					for (const type of definedTypes(pkg)) {
						if (seen.has(type)) clashes.push(`${type} in ${seen.get(type)} and ${pkg.manifest.name}`);
						seen.set(type, pkg.manifest.name);
					}
				}
				if (seen.size !== packages.reduce((sum, pkg) => sum + pkg.entries.length, 0)) clashes.push(`found ${seen.size} type names for ${packages.reduce((sum, pkg) => sum + pkg.entries.length, 0)} entries`);
				return clashes;
			});
		} finally {
			rmSync(work, { recursive: true, force: true });
		}
	}
	workflowChecks();
	// The build keeps each package's manifest and source links in step with the tree; n8n's
	// scanner reads the committed ones (it finds a package's folder by the name in package.json).
	check('packages/ is as the build leaves it (manifests and source links committed)', () => {
		const changed = execFileSync('git', ['status', '--porcelain', '--', 'packages'], { cwd: ROOT, encoding: 'utf8' }).trim();
		return changed ? [`npm run build changed these; commit them:\n${changed}`] : [];
	});

	const passed = results.filter(Boolean).length;
	const failed = results.length - passed;
	mkdirSync(path.join(ROOT, '.ci'), { recursive: true });
	writeFileSync(path.join(ROOT, '.ci', 'last-verify-count'), `${passed} passed, ${failed} failed\n`);
	console.log(`\nverify: ${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

await main();
