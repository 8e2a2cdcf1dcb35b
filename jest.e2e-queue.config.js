/** @type {import('jest').Config} npm run e2e:queue: the package in n8n's queue mode (see test/e2e/queueMode.queue.ts). */
const e2e = require('./jest.e2e.config');

module.exports = {
	...e2e,
	testMatch: ['**/e2e/**/*.queue.ts'],
	reporters: ['default', ['<rootDir>/test/harness/countReporter.cjs', { file: '.ci/last-queue-count' }]],
};
