/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test', '<rootDir>/nodes'],
	testMatch: ['**/*.test.ts'],
	moduleFileExtensions: ['ts', 'cts', 'js', 'cjs', 'json'],
	// Test infrastructure lives in .cts files (see README, "Tests"), imported as
	// '../harness/x.cjs' or '../sandboxes/x.cjs' as TypeScript wants it.
	moduleNameMapper: { '^\\.\\./(harness|sandboxes)/(.+)\\.cjs$': '<rootDir>/test/$1/$2.cts' },
	transform: { '^.+\\.c?ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/harness/quietLogs.cts'],
	setupFilesAfterEnv: ['<rootDir>/test/harness/networkGuard.cts'],
	reporters: ['default', '<rootDir>/test/harness/countReporter.cjs'],
	testTimeout: 30000,
};
