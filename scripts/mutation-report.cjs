#!/usr/bin/env node
/**
 * Writes docs/mutation.md from Stryker's JSON report (reports/mutation/mutation.json): the
 * mutation score per folder and overall, against the targets, and every surviving mutant.
 * A survivor's reason comes from docs/mutation-reasons.json ({ "<file>:<line>:<mutator>":
 * "why" }), written by whoever looked at it; one not looked at yet says so.
 *
 * Score, as Stryker counts it: (killed + timeout) / (killed + timeout + survived + no coverage).
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const REPORT = path.join(ROOT, 'reports', 'mutation', 'mutation.json');
const REASONS = path.join(ROOT, 'docs', 'mutation-reasons.json');
const TARGETS = [
	{ folder: 'nodes/shared', score: 90 },
	{ folder: 'overall', score: 85 },
];

const report = JSON.parse(fs.readFileSync(REPORT, 'utf8'));
const reasons = fs.existsSync(REASONS) ? JSON.parse(fs.readFileSync(REASONS, 'utf8')) : {};

/** nodes/shared/upload/x.ts → nodes/shared; nodes/KarbonFiles/… → nodes/KarbonFiles; credentials/… → credentials. */
const folderOf = (file) => file.split('/').slice(0, file.startsWith('credentials/') ? 1 : 2).join('/');
const tally = () => ({ killed: 0, timeout: 0, survived: 0, noCoverage: 0, other: 0 });
const KEYS = { Killed: 'killed', Timeout: 'timeout', Survived: 'survived', NoCoverage: 'noCoverage' };

/** The source files npm run mutation mutates, to tell a whole run from a partial one. */
const ALL_SOURCES = ['nodes', 'credentials'].flatMap((top) =>
	fs.readdirSync(path.join(ROOT, top), { recursive: true }).map((file) => `${top}/${String(file).split(path.sep).join('/')}`).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts')),
);
const mutatedFiles = Object.keys(report.files).map((absolute) => path.relative(ROOT, path.resolve(ROOT, absolute)).split(path.sep).join('/')).sort();

const folders = new Map();
const overall = tally();
const survivors = [];
for (const [absolute, { mutants }] of Object.entries(report.files)) {
	const file = path.relative(ROOT, path.resolve(ROOT, absolute)).split(path.sep).join('/');
	const counts = folders.get(folderOf(file)) ?? tally();
	folders.set(folderOf(file), counts);
	for (const mutant of mutants) {
		const key = KEYS[mutant.status] ?? 'other';
		counts[key]++;
		overall[key]++;
		if (key === 'survived' || key === 'noCoverage') {
			const id = `${file}:${mutant.location.start.line}:${mutant.mutatorName}`;
			survivors.push({ id, status: mutant.status, replacement: String(mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 70), reason: reasons[id] ?? 'not looked at yet' });
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
	`Written by \`scripts/mutation-report.cjs\` from the run of ${new Date(fs.statSync(REPORT).mtime).toISOString().slice(0, 16).replace('T', ' ')} UTC,`,
	`which mutated ${mutatedFiles.length === ALL_SOURCES.length ? 'every source file' : `${mutatedFiles.length} of the ${ALL_SOURCES.length} source files (${mutatedFiles.map((file) => `\`${file}\``).join(', ')}): a partial run, its scores are not the tree's`}.`,
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
		const verdict = mutatedFiles.length !== ALL_SOURCES.length ? 'not judged: a partial run' : reached >= wanted ? 'yes' : '**no**';
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
