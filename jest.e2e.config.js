/** @type {import('jest').Config} npm run e2e: the package in a real n8n (see test/e2e). */
const base = require('./jest.config');

module.exports = {
	...base,
	roots: ['<rootDir>/test'],
	testMatch: ['**/e2e/**/*.e2e.ts'],
	moduleNameMapper: { '^\\.\\./(harness|sandboxes|e2e)/(.+)\\.cjs$': '<rootDir>/test/$1/$2.cts' },
	reporters: ['default', ['<rootDir>/test/harness/countReporter.cjs', { file: '.ci/last-e2e-count' }]],
	testTimeout: 10 * 60_000,
	maxWorkers: 1,
};
