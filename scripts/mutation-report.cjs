#!/usr/bin/env node
/**
 * Writes docs/mutation.md from the parts in docs/mutation-parts/ (scripts/mutation.cjs keeps one
 * per Stryker run): per source file the newest part that measured it, left out when the file
 * has changed since (its content hash differs); the mutation score per folder and overall,
 * against the targets, and every surviving mutant.
 * A survivor's reason comes from docs/mutation-reasons.json ({ "<file>:<line>:<mutator>":
 * "why" }, or "<file>:<line>:<column>:<mutator>" for one mutant of a line, in parts that
 * record columns), written by whoever looked at it; one not looked at yet says so.
 *
 * Score, as Stryker counts it: (killed + timeout) / (killed + timeout + survived + no coverage).
 */
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, hashOf, SOURCES: ALL_SOURCES } = require('./mutation-files.cjs');

const PARTS = path.join(ROOT, 'docs', 'mutation-parts');
const REASONS = path.join(ROOT, 'docs', 'mutation-reasons.json');
const TARGETS = [
	{ folder: 'nodes/shared', score: 90 },
	{ folder: 'overall', score: 85 },
];

const parts = fs.readdirSync(PARTS).filter((name) => name.endsWith('.json')).map((name) => ({ name, ...JSON.parse(fs.readFileSync(path.join(PARTS, name), 'utf8')) }));
/** Per file, the newest part's result; a file changed since is stale. */
const current = new Map();
const stale = new Map();
for (const part of [...parts].sort((a, b) => a.date.localeCompare(b.date))) {
	for (const [file, result] of Object.entries(part.files)) {
		const fresh = fs.existsSync(path.join(ROOT, file)) && hashOf(file) === result.hash;
		(fresh ? current : stale).set(file, { ...result, part });
		(fresh ? stale : current).delete(file);
	}
}
const reasons = fs.existsSync(REASONS) ? JSON.parse(fs.readFileSync(REASONS, 'utf8')) : {};

/** nodes/shared/upload/x.ts → nodes/shared; nodes/KarbonFiles/… → nodes/KarbonFiles; credentials/… → credentials. */
const folderOf = (file) => file.split('/').slice(0, file.startsWith('credentials/') ? 1 : 2).join('/');
const tally = () => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0 });
const KEYS = { Killed: 'killed', Timeout: 'timeout', Survived: 'survived', NoCoverage: 'noCoverage' };

const mutatedFiles = [...current.keys()].sort();
const unmeasured = ALL_SOURCES.filter((file) => !current.has(file));

const folders = new Map();
const overall = tally();
const survivors = [];
for (const [file, { mutants }] of current) {
	const counts = folders.get(folderOf(file)) ?? tally();
	folders.set(folderOf(file), counts);
	for (const mutant of mutants) {
		const key = KEYS[mutant.status] ?? 'other';
		counts[key]++;
		overall[key]++;
		if (key === 'survived' || key === 'noCoverage') {
			const id = `${file}:${mutant.line}:${mutant.mutator}`;
			// A reason may name the column too, when one line holds mutants of one kind with different answers.
			const reason = reasons[`${file}:${mutant.line}:${mutant.column}:${mutant.mutator}`] ?? reasons[id] ?? 'not looked at yet';
			survivors.push({ id, status: mutant.status, replacement: mutant.replacement, reason });
		}
	}
}

const score = (c) => {
	const valid = c.killed + c.timeout + c.survived + c.noCoverage;
	return valid ? (100 * (c.killed + c.timeout)) / valid : 100;
};
const row = (name, c) => `| ${name} | ${score(c).toFixed(1)} % | ${c.killed} | ${c.timeout} | ${c.survived} | ${c.noCoverage} | ${c.other} |`;
const cell = (text) => text.replace(/\|/g, '\\|');

const lines = [
	'# Mutation testing',
	'',
	'`npm run mutation` (StrykerJS) mutates `nodes/` and `credentials/`, builds the packages from the',
	'mutated sources and runs the jest suite against them. Not part of `npm test` or CI.',
	'The whole tree takes hours here, so it may be measured in parts (`npm run mutation -- <file or glob>`),',
	'each kept in `docs/mutation-parts/` with the commit it ran on and a hash of every file it mutated.',
	'A run has up to five passes and the result of one: the test files that import the mutated files from the sources, for a provider\'s',
	'files its own test folder, then those that load them (through the built package, by node type or `@covers`), then those that run them in a child',
	'Node process (`@covers-in-child`, coverage analysis off), then the whole suite, each on the mutants still alive',
	'in Stryker\'s incremental mode (a mutant those tests kill is killed by the suite, which holds them).',
	`Written by \`scripts/mutation-report.cjs\` from ${parts.length} part(s): ${mutatedFiles.length} of the ${ALL_SOURCES.length} source files measured and unchanged since${unmeasured.length ? `; not (yet, or no longer) measured: ${unmeasured.map((file) => `\`${file}\``).join(', ')}. A partial measure: its scores are not the tree's` : ': the whole tree'}.`,
	'',
	'| part | run on | commit | passes | files (still current / mutated) | note |',
	'|---|---|---|---|---|---|',
	...parts.map((part) => `| \`${part.name}\` | ${part.date} UTC | ${part.commit} | ${part.passes ?? 'one: the whole suite'} | ${[...current.values()].filter((result) => result.part.name === part.name).length} / ${Object.keys(part.files).length} | ${cell(part.note ?? '')} |`),
	'',
	'| folder | score | killed | timeout | survived | no coverage | not counted (compile or runtime error, ignored) |',
	'|---|---|---|---|---|---|---|',
	...[...folders].sort(([a], [b]) => a.localeCompare(b)).map(([name, counts]) => row(name, counts)),
	row('**overall**', overall),
	'',
	'| target | wanted | reached | met? |',
	'|---|---|---|---|',
	...TARGETS.map(({ folder, score: wanted }) => {
		const reached = score(folder === 'overall' ? overall : (folders.get(folder) ?? tally()));
		const verdict = unmeasured.length ? 'not judged: a partial measure' : reached >= wanted ? 'yes' : '**no**';
		return `| ${folder} | ≥ ${wanted} % | ${reached.toFixed(1)} % | ${verdict} |`;
	}),
	'',
	`## Surviving mutants (${survivors.length})`,
	'',
	'| where | status | replacement | reason |',
	'|---|---|---|---|',
	...survivors.map((s) => `| \`${s.id}\` | ${s.status} | \`${cell(s.replacement)}\` | ${cell(s.reason)} |`),
	'',
];
fs.writeFileSync(path.join(ROOT, 'docs', 'mutation.md'), lines.join('\n'));
console.log(`docs/mutation.md: overall ${score(overall).toFixed(1)} %, ${survivors.length} survivors`);
