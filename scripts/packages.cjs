#!/usr/bin/env node
/**
 * The four published packages, one per provider, built from this one tree.
 *
 * packages/<dir>/ is a package's folder: its own package.json, README.md and CHANGELOG.md,
 * and symbolic links to the sources it is made of (its provider's node folder and
 * credentials, the shared core, its icons). `tsc` compiles the whole tree into ./dist once;
 * this script then copies into packages/<dir>/dist exactly the compiled files that the
 * package's node and credentials require, following every `require()`. A file of another
 * provider reached that way, or a module other than n8n-workflow and node:crypto, stops
 * the build. So the shared core ends up compiled inside each package, and nothing else does.
 *
 *   node scripts/packages.cjs build            sync manifests and links, assemble each dist
 *   node scripts/packages.cjs pack [folder]    npm pack each package (prints the tarballs as JSON)
 *   node scripts/packages.cjs release-check    npm publish --dry-run for each package
 *   node scripts/packages.cjs dir <name>       the folder of a package, e.g. for the publish workflow
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PACKAGES_DIR = path.join(ROOT, 'packages');
const BUILD = path.join(ROOT, 'dist');

/** What a compiled node or credential may require besides its own package's files. */
const ALLOWED_MODULES = new Set(['n8n-workflow', 'node:crypto', 'crypto']);

/** The fields every package takes from the root package.json: one place for them all. */
function sharedManifestFields(dir) {
	const root = readJson(path.join(ROOT, 'package.json'));
	const repositoryWeb = root.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
	return {
		license: root.license,
		homepage: `${repositoryWeb}/tree/main/packages/${dir}#readme`,
		bugs: root.bugs,
		author: root.author,
		repository: { type: 'git', url: root.repository.url, directory: `packages/${dir}` },
		engines: root.engines,
		files: ['dist', 'CHANGELOG.md'],
		peerDependencies: root.peerDependencies,
	};
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file, value) => fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
const posix = (file) => file.split(path.sep).join('/');

/** Every package: its folder name, folder, manifest and the sources it declares. */
function listPackages() {
	return fs
		.readdirSync(PACKAGES_DIR, { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && fs.existsSync(path.join(PACKAGES_DIR, entry.name, 'package.json')))
		.map((entry) => {
			const folder = path.join(PACKAGES_DIR, entry.name);
			const manifest = readJson(path.join(folder, 'package.json'));
			return { dir: entry.name, folder, manifest, entries: [...manifest.n8n.nodes, ...manifest.n8n.credentials] };
		});
}

/** Which package a compiled file belongs to when it is a provider's own (its node folder or credential). */
function providerOwners(packages) {
	const owners = [];
	for (const pkg of packages) {
		for (const node of pkg.manifest.n8n.nodes) owners.push({ prefix: `${path.posix.dirname(node)}/`, name: pkg.manifest.name });
		for (const credential of pkg.manifest.n8n.credentials) owners.push({ prefix: credential, name: pkg.manifest.name });
	}
	return (file) => owners.find((owner) => file === owner.prefix || file.startsWith(owner.prefix))?.name;
}

/** The modules a compiled file requires, and the icons it points at ("file:../../icons/…"). */
const requiresOf = (code) => [...code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map(([, specifier]) => specifier);
const iconsOf = (fromFile, code) => [...code.matchAll(/["']file:([^"']+)["']/g)].map(([, icon]) => path.posix.join(path.posix.dirname(fromFile), icon));

/** The file a relative require() of `fromFile` loads, among those `exists` knows, as Node resolves it. */
function resolveRequire(fromFile, specifier, exists) {
	const base = path.posix.join(path.posix.dirname(fromFile), specifier);
	return [base, `${base}.js`, `${base}/index.js`].find(exists);
}

const isBuiltFile = (file) => fs.existsSync(path.join(ROOT, file)) && fs.statSync(path.join(ROOT, file)).isFile();

/**
 * The files of one package, relative to the root ("dist/nodes/…"): the compiled closure of
 * its entries, each node's codex, and the icons the code points at ("file:../../icons/…").
 */
function packageFiles(pkg, ownerOf) {
	const files = new Set();
	const pending = [...pkg.entries];
	while (pending.length) {
		const file = pending.pop();
		if (files.has(file)) continue;
		const owner = ownerOf(file);
		if (owner && owner !== pkg.manifest.name) throw new Error(`${pkg.manifest.name} reaches ${file}, a file of ${owner}`);
		files.add(file);
		const code = fs.readFileSync(path.join(ROOT, file), 'utf8');
		for (const specifier of requiresOf(code)) {
			if (!specifier.startsWith('.')) {
				if (!ALLOWED_MODULES.has(specifier)) throw new Error(`${file} requires "${specifier}": a package may depend on n8n-workflow alone`);
				continue;
			}
			const target = resolveRequire(file, specifier, isBuiltFile);
			if (!target) throw new Error(`${file} requires "${specifier}", which the build did not produce`);
			pending.push(target);
		}
		for (const icon of iconsOf(file, code)) files.add(icon);
	}
	for (const node of pkg.manifest.n8n.nodes) files.add(node.replace(/\.js$/, '.json'));
	for (const file of files) if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${pkg.manifest.name}: ${file} is missing from the build`);
	return [...files].sort();
}

/**
 * The source of each file, one link per file (ESLint, and so `n8n-node lint` and n8n's
 * scanner, do not enter a linked folder): `dist/nodes/x.js` comes from `nodes/x.ts`.
 */
function sourceLinks(files) {
	return ['eslint.config.mjs', ...files.map((file) => file.replace(/^dist\//, '').replace(/\.js$/, '.ts'))].sort();
}

function* walk(folder) {
	for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
		const at = path.join(folder, entry.name);
		if (entry.isDirectory()) yield* walk(at);
		else yield at;
	}
}

/** Makes packages/<dir>/<link> point at the tree's own source, and removes links no longer needed. */
function syncLinks(pkg, links) {
	const wanted = new Set(links.map((link) => path.join(pkg.folder, link)));
	for (const top of ['nodes', 'credentials', 'icons']) {
		const folder = path.join(pkg.folder, top);
		if (!fs.existsSync(folder)) continue;
		for (const file of walk(folder)) if (!wanted.has(file)) fs.rmSync(file);
		for (const dir of [...walkDirs(folder)].reverse()) if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
	}
	for (const at of wanted) {
		const target = path.relative(path.dirname(at), path.join(ROOT, path.relative(pkg.folder, at)));
		if (fs.lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink() && fs.readlinkSync(at) === target) continue;
		fs.mkdirSync(path.dirname(at), { recursive: true });
		fs.rmSync(at, { recursive: true, force: true });
		fs.symlinkSync(target, at);
	}
}

function* walkDirs(folder) {
	yield folder;
	for (const entry of fs.readdirSync(folder, { withFileTypes: true })) if (entry.isDirectory()) yield* walkDirs(path.join(folder, entry.name));
}

function syncManifest(pkg) {
	const { name, version, description, keywords, n8n, ...rest } = pkg.manifest;
	const shared = sharedManifestFields(pkg.dir);
	for (const key of Object.keys(rest)) if (!(key in shared)) throw new Error(`packages/${pkg.dir}/package.json: unexpected field "${key}"`);
	const manifest = { name, version, description, keywords, ...shared, n8n };
	if (JSON.stringify(manifest) !== JSON.stringify(pkg.manifest)) writeJson(path.join(pkg.folder, 'package.json'), manifest);
	pkg.manifest = manifest;
}

function build() {
	if (!fs.existsSync(BUILD)) throw new Error('dist/ is missing: run tsc first (npm run build)');
	const packages = listPackages();
	const ownerOf = providerOwners(packages);
	for (const pkg of packages) {
		syncManifest(pkg);
		const files = packageFiles(pkg, ownerOf);
		syncLinks(pkg, sourceLinks(files));
		const dist = path.join(pkg.folder, 'dist');
		fs.rmSync(dist, { recursive: true, force: true });
		for (const file of files) {
			const to = path.join(pkg.folder, file);
			fs.mkdirSync(path.dirname(to), { recursive: true });
			fs.copyFileSync(path.join(ROOT, file), to);
		}
		// npm pack does not follow a symbolic link: the licence is copied in, like dist.
		fs.copyFileSync(path.join(ROOT, 'LICENSE.md'), path.join(pkg.folder, 'LICENSE.md'));
		console.log(`${pkg.manifest.name}: ${files.length} files in packages/${pkg.dir}/dist`);
	}
}

function npm(args, cwd) {
	return execFileSync('npm', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

function pack(into) {
	fs.mkdirSync(into, { recursive: true });
	return listPackages().map((pkg) => {
		const [result] = JSON.parse(npm(['pack', '--json', '--pack-destination', into], pkg.folder));
		return { name: pkg.manifest.name, dir: pkg.dir, tarball: path.join(into, result.filename), files: result.files.map((file) => file.path), size: result.size, unpackedSize: result.unpackedSize };
	});
}

function releaseCheck() {
	const rows = listPackages().map((pkg) => {
		const output = JSON.parse(npm(['publish', '--dry-run', '--json', '--access', 'public'], pkg.folder));
		const result = Array.isArray(output) ? output[0] : (output[pkg.manifest.name] ?? output);
		return { pkg, result };
	});
	for (const { pkg, result } of rows) {
		console.log(`\n${result.id}  (packages/${pkg.dir})`);
		for (const file of result.files) console.log(`  ${String(file.size).padStart(8)} B  ${file.path}`);
		console.log(`  ${result.entryCount} files, ${kb(result.size)} packed, ${kb(result.unpackedSize)} unpacked`);
	}
	console.log('\n| package | version | files | packed | unpacked |\n|---|---|---|---|---|');
	for (const { result } of rows) console.log(`| ${result.name} | ${result.version} | ${result.entryCount} | ${kb(result.size)} | ${kb(result.unpackedSize)} |`);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

module.exports = { ROOT, ALLOWED_MODULES, listPackages, providerOwners, requiresOf, iconsOf, resolveRequire, pack };

if (require.main === module) {
	const [command, argument] = process.argv.slice(2);
	try {
		if (command === 'build') build();
		else if (command === 'pack') console.log(JSON.stringify(pack(path.resolve(argument ?? path.join(ROOT, '.e2e', 'tarballs'))), null, 2));
		else if (command === 'release-check') releaseCheck();
		else if (command === 'dir') {
			const pkg = listPackages().find((candidate) => candidate.manifest.name === argument);
			if (!pkg) throw new Error(`no package named "${argument}" in packages/`);
			console.log(`packages/${pkg.dir}`);
		} else throw new Error('usage: node scripts/packages.cjs build | pack [folder] | release-check | dir <name>');
	} catch (error) {
		console.error(`packages: ${error.message}`);
		process.exit(1);
	}
}
