#!/usr/bin/env node
/**
 * npm run mutation [-- <file or glob> ...]: one StrykerJS measure of the given sources (default:
 * every file Stryker's config mutates), kept as a part in docs/mutation-parts/, then
 * docs/mutation.md written from all parts (scripts/mutation-report.cjs).
 *
 * The whole tree takes hours on a small machine, so it may be measured in parts, run by run.
 * A part records each source file's content hash: once a file changes, its part's results for
 * it are stale and the report leaves them out until that file is measured again.
 *
 * Up to five passes, with the result of one full-suite run: nearly every test goes through the
 * shared core, so a core mutant costs a whole suite run. Each pass runs only the mutants the one
 * before left alive (survived, or not covered), in Stryker's incremental mode over its report:
 *   1. the test files that import a mutated file from the sources (unit and description tests,
 *      seconds each: where a description's static mutants die);
 *   2. for a provider's files, with those, the provider's own test folder (its node against its
 *      sandbox: static mutants run every test file of a pass, so a small pass keeps them cheap);
 *   3. the test files that load it any way: through the built package, which the engine runs
 *      by node type name, or that name it in an `@covers` line;
 *   4. the test files that run a file in a child process (`@covers-in-child`), coverage off;
 *   5. the whole suite.
 * A pass with no test file of its own, or the same ones as the pass before, is skipped. A mutant
 * those tests kill is killed by the suite, which holds them. --one-pass measures everything with
 * the whole suite.
 *
 * Options: --concurrency N (default: Stryker's config), --one-pass, --resume (or
 * --second-pass-only: the passes' reports kept from a run stopped in a later pass are taken
 * again, and the run goes on with the first pass not kept), --update (pass 1 in Stryker's
 * incremental mode over the pass-1 report an earlier run kept, after the files changed: only the
 * mutants in changed code, or covered by changed tests, run again; the later passes run as
 * usual), --list-passes (print each pass's test files and stop).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { minimatch } = require('minimatch');
const { ROOT, relative, hashOf, SOURCES, TESTS } = require('./mutation-files.cjs');

const PARTS = path.join(ROOT, 'docs', 'mutation-parts');

const args = process.argv.slice(2);
const concurrencyAt = args.indexOf('--concurrency');
const concurrency = concurrencyAt >= 0 ? args.splice(concurrencyAt, 2)[1] : undefined;
const onePassAt = args.indexOf('--one-pass');
const onePass = onePassAt >= 0 && args.splice(onePassAt, 1).length > 0;
const resumeAt = args.findIndex((arg) => arg === '--resume' || arg === '--second-pass-only');
const resume = resumeAt >= 0 && args.splice(resumeAt, 1).length > 0;
const updateAt = args.indexOf('--update');
const update = updateAt >= 0 && args.splice(updateAt, 1).length > 0;
/** When the pass-1 report that --update starts from was written. */
let updatedFrom;
const dryRunAt = args.indexOf('--list-passes');
const listPasses = dryRunAt >= 0 && args.splice(dryRunAt, 1).length > 0;
const globs = args;

const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'stryker.config.json'), 'utf8'));

/** The sources a glob list names, as Stryker's mutate patterns would (negations included). */
function sourcesNamed(patterns) {
	const include = patterns.filter((pattern) => !pattern.startsWith('!'));
	const exclude = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
	return SOURCES.filter((file) => include.some((pattern) => minimatch(file, pattern)) && !exclude.some((pattern) => minimatch(file, pattern)));
}

const importsRead = new Map();
/** The repository files a TypeScript file imports by relative path (each file read once). */
function importsOf(file) {
	if (importsRead.has(file)) return importsRead.get(file);
	const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
	const imported = [];
	for (const [, specifier] of text.matchAll(/(?:from|import|require\()\s*['"](\.[^'"]+)['"]/g)) {
		const base = relative(path.join(path.dirname(path.join(ROOT, file)), specifier.replace(/\.cjs$/, '')));
		const found = [`${base}.ts`, `${base}.cts`, `${base}/index.ts`].find((candidate) => fs.existsSync(path.join(ROOT, candidate)));
		if (found) imported.push(found);
	}
	importsRead.set(file, imported);
	return imported;
}

/** The node type a provider's file belongs to (nodes/KintoneFiles/… → kintoneFiles); undefined for shared code. */
function nodeTypeOf(file) {
	const name = /^nodes\/(\w+Files)\//.exec(file)?.[1] ?? /^credentials\/(\w+Files)(?:OAuth2)?Api\.credentials\.ts$/.exec(file)?.[1];
	return name && name[0].toLowerCase() + name.slice(1);
}

/** The sources a test file says it holds, in `@covers <path>` lines (for code only the built package shows it runs). */
function coveredBy(test) {
	return [...fs.readFileSync(path.join(ROOT, test), 'utf8').matchAll(/@covers\s+(\S+?):?(?:\s|$)/g)].map(([, source]) => source);
}

/** Whether a test file imports one of the wanted sources, directly or through other repository files. */
function importsWanted(test, wanted, alsoWanted = () => false) {
	const seen = new Set([test]);
	const pending = [test];
	while (pending.length) {
		for (const imported of importsOf(pending.pop())) {
			if (wanted.has(imported) || alsoWanted(imported)) return true;
			if (seen.has(imported)) continue;
			seen.add(imported);
			pending.push(imported);
		}
	}
	return false;
}

/** First pass: the test files that import one of the files from the sources. */
function testsImportingSources(files) {
	const wanted = new Set(files);
	return TESTS.filter((test) => importsWanted(test, wanted));
}

/** The test folder of a provider's files (nodes/KarbonFiles/… → test/karbon/); undefined for shared code. */
function providerTestFolderOf(file) {
	const type = nodeTypeOf(file);
	return type && `test/${type.replace(/Files$/, '').toLowerCase()}/`;
}

/**
 * Second pass, for a provider's files: the pass before and that provider's own test folder,
 * which runs its node against its sandbox. Static mutants (module-level tables and routing)
 * run every test file of a pass, so a small pass first keeps them cheap.
 */
function providerTests(files, before) {
	const folders = [...new Set(files.map(providerTestFolderOf).filter(Boolean))];
	return [...new Set([...before, ...TESTS.filter((test) => folders.some((folder) => test.startsWith(folder)))])].sort();
}

/**
 * Next pass: the test files that load one of the files: from the sources, or, for a
 * provider's own files, by running its node by type name through the engine (which loads the
 * built package, so no import shows it). Shared code is found by its imports, and by the tests
 * that name it in an `@covers` line: nearly every node test runs it through the built package,
 * which the last pass covers.
 */
function testsLoading(files) {
	const wanted = new Set(files);
	const typeNames = [...new Set(files.map(nodeTypeOf).filter(Boolean))].map((type) => `'${type}'`);
	const namesType = (file) => typeNames.length > 0 && typeNames.some((name) => fs.readFileSync(path.join(ROOT, file), 'utf8').includes(name));
	const loadsWanted = (test) =>
		namesType(test) ||
		coveredBy(test).some((source) => wanted.has(source)) ||
		importsWanted(test, wanted, (imported) => imported.startsWith('test/') && namesType(imported));
	return TESTS.filter(loadsWanted);
}

/**
 * The test files that run a file in a child Node process, named in a `@covers-in-child <path>`
 * line (the streaming and garbage-collection probes). Stryker's per-test coverage cannot see
 * code a child runs, so such a test is never picked for a mutant; the child does run the
 * active mutant (it inherits Stryker's __STRYKER_ACTIVE_MUTANT__ variable), so these run in a
 * pass of their own with coverage analysis off.
 */
function testsRunningInChild(files) {
	const wanted = new Set(files);
	return TESTS.filter((test) => [...fs.readFileSync(path.join(ROOT, test), 'utf8').matchAll(/@covers-in-child\s+(\S+?):?(?:\s|$)/g)].some(([, source]) => wanted.has(source)));
}

/** One Stryker run; returns its JSON report. */
function stryker(mutate, report, jestOverride, extra = {}) {
	const runConfig = { ...config, ...extra, mutate, jsonReporter: { fileName: report }, jest: { ...config.jest, ...(jestOverride ? { config: jestOverride } : {}) } };
	const configFile = path.join(ROOT, 'reports', 'mutation', 'stryker.run.json');
	fs.mkdirSync(path.dirname(configFile), { recursive: true });
	fs.writeFileSync(configFile, JSON.stringify(runConfig, null, '\t'));
	fs.rmSync(path.join(ROOT, report), { force: true });
	execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'node24.cjs'), 'stryker', 'run', configFile, ...(concurrency ? ['--concurrency', concurrency] : [])], {
		cwd: ROOT,
		stdio: 'inherit',
	});
	return JSON.parse(fs.readFileSync(path.join(ROOT, report), 'utf8'));
}

/**
 * A pass's report kept from a run stopped later (--resume): used only when it mutated exactly
 * these files, each with the same content as now; undefined when there is none.
 */
function keptPassOf(report, files, after = 0) {
	const at = path.join(ROOT, report);
	if (!fs.existsSync(at) || fs.statSync(at).mtimeMs < after) return undefined;
	const kept = JSON.parse(fs.readFileSync(at, 'utf8'));
	const mutated = Object.entries(kept.files).map(([file, { source }]) => [relative(file), source]);
	const same = mutated.length === files.length && mutated.every(([file, source]) => files.includes(file) && fs.readFileSync(path.join(ROOT, file), 'utf8') === source);
	return same ? kept : undefined;
}

// The commit the run measures: Stryker copies the tree when a pass starts, so a commit made
// while it runs is not what it tested.
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['status', '--porcelain', '--', 'nodes', 'credentials', 'test'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';

const mutatePatterns = globs.length ? globs : config.mutate;
const files = sourcesNamed(mutatePatterns);
if (!files.length) throw new Error(`No source file matches ${mutatePatterns.join(', ')}`);
const FINAL = 'reports/mutation/mutation.json';
const alive = (mutant) => mutant.status === 'Survived' || mutant.status === 'NoCoverage';
const aliveIn = (report) => Object.values(report.files).reduce((count, { mutants }) => count + mutants.filter(alive).length, 0);
/** A mutant is named by where it is and what it changes. */
const key = (mutant) => `${mutant.location.start.line}:${mutant.location.start.column}:${mutant.mutatorName}:${mutant.replacement}`;

/** The passes before the whole suite: each a set of test files, none empty, none repeating the one before. */
const stages = [];
const importing = onePass ? [] : testsImportingSources(files);
for (const tests of onePass ? [] : [importing, providerTests(files, importing), testsLoading(files)]) {
	// Each pass holds the one before, so that Stryker's incremental mode keeps what it killed.
	const previous = stages.at(-1) ?? [];
	const held = [...new Set([...previous, ...tests])].sort();
	if (held.length > previous.length) stages.push(held);
}

if (listPasses) {
	for (const [index, tests] of stages.entries()) console.log(`Pass ${index + 1}: ${tests.length} test file(s)\n  ${tests.join('\n  ')}`);
	const inChild = stages.length ? testsRunningInChild(files) : [];
	if (inChild.length) console.log(`Child-process pass: ${inChild.length} test file(s), coverage analysis off\n  ${inChild.join('\n  ')}`);
	console.log(`Last pass: the whole suite`);
	process.exit(0);
}

let report;
let passes = 'one: the whole suite';
if (!stages.length) {
	report = stryker(mutatePatterns, FINAL);
} else {
	const said = [];
	// A kept pass counts only when it is newer than the kept pass before it.
	let keptSince = 0;
	for (const [index, tests] of stages.entries()) {
		const name = `pass ${index + 1}`;
		const stageReport = `reports/mutation/pass-${index + 1}.json`;
		const kept = resume ? keptPassOf(stageReport, files, keptSince) : undefined;
		if (index === 0) {
			console.log(`Pass 1: ${files.length} source file(s) against the ${tests.length} test file(s) that import them:\n  ${tests.join('\n  ')}`);
			if (resume && !kept) throw new Error(`${stageReport} is not a first pass of ${files.join(', ')} as they are now: run without --resume`);
			const testMatch = { testMatch: tests.map((test) => `<rootDir>/${test}`) };
			if (kept) report = kept;
			else if (update) report = updatedPass(stageReport, testMatch);
			else report = stryker(mutatePatterns, stageReport, testMatch);
		} else {
			const left = aliveIn(report);
			if (!left) break;
			console.log(`${name[0].toUpperCase()}${name.slice(1)}: the ${left} mutant(s) left alive, against the ${tests.length} test file(s) that load them${kept ? ' (kept from the run stopped)' : ''}:\n  ${tests.join('\n  ')}`);
			report = kept ? withVerdicts(report, kept) : nextPass(report, stageReport, { testMatch: tests.map((test) => `<rootDir>/${test}`) });
		}
		if (kept) keptSince = fs.statSync(path.join(ROOT, stageReport)).mtimeMs;
		else keptSince = Infinity;
		said.push(`${tests.length} test file(s)`);
	}
	const inChild = testsRunningInChild(files);
	if (inChild.length && aliveIn(report)) {
		console.log(`Child-process pass: the ${aliveIn(report)} mutant(s) left alive, against the ${inChild.length} test file(s) that run them in a child process, coverage analysis off:\n  ${inChild.join('\n  ')}`);
		report = nextPass(report, 'reports/mutation/child-pass.json', { testMatch: inChild.map((test) => `<rootDir>/${test}`) }, { coverageAnalysis: 'off' });
		said.push(`${inChild.length} test file(s) run in a child process (coverage analysis off)`);
	}
	const left = aliveIn(report);
	if (update) said[0] += ` (updated in Stryker's incremental mode from a run at ${updatedFrom})`;
	said.push(`the whole suite on the ${left} left alive`);
	if (left) {
		console.log(`Last pass: the ${left} mutant(s) left alive, against the whole suite`);
		report = nextPass(report, 'reports/mutation/last-pass.json', undefined);
	}
	passes = `${said.length}: ${said.join(', then ')}`;
	fs.writeFileSync(path.join(ROOT, FINAL), JSON.stringify(report));
}

/**
 * One pass over the mutants the report before left alive, in Stryker's incremental mode: a
 * killed mutant is kept while a test that killed it still covers it, which this pass's tests
 * (a superset of the last pass's) do; a mutant left alive runs again when a test now covers it
 * that did not before. A mutant that timed out is handed over as killed by the tests covering
 * it, so that it is not waited for again; its own verdict is put back here. Returns the report
 * before with this pass's verdicts on the mutants it had left alive.
 */
function nextPass(before, stageReport, jestOverride, extra = {}) {
	const handedOver = structuredClone(before);
	for (const entry of Object.values(handedOver.files)) {
		for (const mutant of entry.mutants) {
			if (mutant.status === 'Timeout') Object.assign(mutant, { status: 'Killed', killedBy: mutant.coveredBy ?? [] });
		}
		// Without coverage analysis Stryker cannot see that a test now reaches a mutant, and
		// reuses every verdict of an unchanged file: the mutants left alive are handed over as
		// new ones, so that they run.
		if (extra.coverageAnalysis === 'off') entry.mutants = entry.mutants.filter((mutant) => !alive(mutant));
	}
	const incrementalFile = `${stageReport.replace(/\.json$/, '')}-incremental.json`;
	fs.writeFileSync(path.join(ROOT, incrementalFile), JSON.stringify(handedOver));
	return withVerdicts(before, stryker(mutatePatterns, stageReport, jestOverride, { incremental: true, incrementalFile, force: false, ...extra }));
}

/**
 * Pass 1 again over the pass-1 report an earlier run left (--update): Stryker's incremental mode
 * diffs the sources and test files against it and runs only the mutants whose code or covering
 * tests changed; every other verdict is the earlier one's.
 */
function updatedPass(stageReport, jestOverride) {
	const at = path.join(ROOT, stageReport);
	if (!fs.existsSync(at)) throw new Error(`--update: no ${stageReport} of an earlier run`);
	updatedFrom = new Date(fs.statSync(at).mtimeMs).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
	const incrementalFile = stageReport.replace(/\.json$/, '-before.json');
	fs.copyFileSync(at, path.join(ROOT, incrementalFile));
	return stryker(mutatePatterns, stageReport, jestOverride, { incremental: true, incrementalFile, force: false });
}

/** The report before, with a later pass's verdicts on the mutants it had left alive. */
function withVerdicts(before, pass) {
	const merged = structuredClone(before);
	for (const [file, { mutants }] of Object.entries(pass.files)) {
		const entry = Object.entries(merged.files).find(([name]) => relative(name) === relative(file));
		if (!entry) continue;
		const verdicts = new Map(mutants.map((mutant) => [key(mutant), mutant]));
		entry[1].mutants = entry[1].mutants.map((mutant) => (alive(mutant) && verdicts.get(key(mutant))) || mutant);
	}
	return merged;
}

const part = {
	date: new Date().toISOString().slice(0, 16).replace('T', ' '),
	commit: dirty ? `${commit} with uncommitted changes` : commit,
	mutate: globs.length ? globs : ['(the whole tree)'],
	passes,
	files: Object.fromEntries(
		Object.entries(report.files).map(([absolute, { mutants }]) => {
			const file = relative(absolute);
			return [
				file,
				{
					hash: hashOf(file),
					mutants: mutants.map((mutant) => ({
						line: mutant.location.start.line,
						column: mutant.location.start.column,
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
