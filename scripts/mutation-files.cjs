/**
 * What npm run mutation (scripts/mutation.cjs) and its report (scripts/mutation-report.cjs)
 * both name: the repository's files by their path from the root, the sources Stryker mutates,
 * the test files, and the content hash that tells whether a part is still current.
 */
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** A path from the repository root, with forward slashes. */
const relative = (file) => path.relative(ROOT, path.resolve(ROOT, file)).split(path.sep).join('/');

const hashOf = (file) => createHash('sha256').update(fs.readFileSync(path.join(ROOT, file))).digest('hex').slice(0, 16);

const tsFilesUnder = (top) =>
	fs.readdirSync(path.join(ROOT, top), { recursive: true }).map((file) => `${top}/${String(file).split(path.sep).join('/')}`).filter((file) => file.endsWith('.ts'));

/** The source files npm run mutation mutates (stryker.config.json: nodes/ and credentials/, no tests). */
const SOURCES = [...tsFilesUnder('nodes'), ...tsFilesUnder('credentials')].filter((file) => !file.endsWith('.test.ts'));

/** The jest test files (jest.config.js: under test/ and nodes/). */
const TESTS = [...tsFilesUnder('test'), ...tsFilesUnder('nodes')].filter((file) => file.endsWith('.test.ts'));

module.exports = { ROOT, relative, hashOf, SOURCES, TESTS };
