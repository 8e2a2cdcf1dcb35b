// Writes the plain "N passed, N failed" line CI reads (jest's summary is not read)
// to .ci/last-test-count; .ci/run prints it last.
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

class CountReporter {
	onRunComplete(_contexts, results) {
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		const line = `${results.numPassedTests} passed, ${failed} failed` +
			(results.numPendingTests ? `, ${results.numPendingTests} skipped` : '');
		const out = path.join(__dirname, '..', '..', '.ci', 'last-test-count');
		mkdirSync(path.dirname(out), { recursive: true });
		writeFileSync(out, `${line}\n`);
	}
}

module.exports = CountReporter;
