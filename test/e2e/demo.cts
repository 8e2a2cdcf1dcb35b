import { DEMO_OWNER, e2eLog, ensureN8n, N8nInstance, packPackages, setupOwner } from '../e2e/n8n.cjs';
import { arrivedFiles, createSandboxes, demoCredentials, demoScenarios, DEMO_FILES, expectedFiles } from '../e2e/scenarios.cjs';

/**
 * npm run demo: the four nodes working in a real n8n without any provider account. Local
 * sandboxes stand in for the providers; the example workflows run once each; then the editor
 * stays up (Ctrl-C stops everything) unless --no-editor.
 */
async function main(): Promise<number> {
	const keepEditor = !process.argv.includes('--no-editor');
	await ensureN8n(e2eLog);
	const sandboxes = createSandboxes();
	await Promise.all(sandboxes.all.map(async (sandbox) => await sandbox.start()));
	const n8n = new N8nInstance();
	const stopAll = async () => {
		await n8n.stop();
		await Promise.all(sandboxes.all.map(async (sandbox) => await sandbox.stop()));
	};

	let failed = 0;
	try {
		const files = n8n.addFiles(DEMO_FILES);
		await n8n.installPackages(Object.values(await packPackages()));
		await n8n.importCredentials(demoCredentials(sandboxes));
		console.log(`\nRunning the example workflows in n8n against local sandboxes (${DEMO_FILES.length} files each):`);
		for (const scenario of demoScenarios(sandboxes, files)) {
			try {
				const output = await n8n.runWorkflow(scenario.workflow);
				const arrived = JSON.stringify(arrivedFiles(scenario.received())) === JSON.stringify(expectedFiles());
				if (!arrived) throw new Error('the sandbox did not receive the files byte for byte');
				console.log(`  ✓ ${scenario.provider.padEnd(9)} ${scenario.summary(output)}`);
			} catch (error) {
				failed++;
				console.log(`  ✗ ${scenario.provider.padEnd(9)} ${(error as Error).message.split('\n')[0]}`);
			}
		}
		if (!keepEditor) return failed ? 1 : 0;

		const { url } = await n8n.start();
		await setupOwner(url);
		console.log(`\nn8n editor: ${url}  (login ${DEMO_OWNER.email} / ${DEMO_OWNER.password})`);
		console.log('The example workflows and sandbox credentials are imported: open one and click "Execute workflow".');
		console.log('Ctrl-C stops n8n and the sandboxes.');
		await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
		return failed ? 1 : 0;
	} finally {
		await stopAll();
	}
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
