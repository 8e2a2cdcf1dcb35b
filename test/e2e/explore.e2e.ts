import { writeFileSync } from 'node:fs';
import { launchBrowser, ownerSession } from '../e2e/browser.cjs';
import { e2eLog, ensureN8n, N8nInstance, packPackages, PACKAGE_ROOT } from '../e2e/n8n.cjs';
import { createSandboxes, demoCredentials, DEMO_FILES, providerUploads } from '../e2e/scenarios.cjs';
import { exampleUploadNode } from '../e2e/workflows.cjs';
const DUMP = `[...document.querySelectorAll('[data-test-id]')].map((e) => e.getAttribute('data-test-id') + ' <' + e.tagName + ' ' + (e.className && e.className.baseVal === undefined ? e.className : '') + '> ' + (e.textContent || '').trim().slice(0, 100))`;

const sandboxes = createSandboxes();
const n8n = new N8nInstance();
afterAll(async () => { await n8n.stop(); await Promise.all(sandboxes.all.map(async (s) => await s.stop())); });

test('explore', async () => {
	await ensureN8n(e2eLog);
	await Promise.all(sandboxes.all.map(async (s) => await s.start()));
	await n8n.installPackages(Object.values(await packPackages()));
	await n8n.importCredentials(demoCredentials(sandboxes));
	const glob = n8n.addFiles(DEMO_FILES);
	const uploads = providerUploads(sandboxes).map((u, i) => ({ ...exampleUploadNode(u), id: `u${i}`, name: `${u.provider} Files`, position: [500, i * 180 - 270] as [number, number] }));
	const wf = {
		id: 'canvasRun0000000001', name: 'Attachments to four providers', active: false, settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 't', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'r', name: 'Read Files', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1, position: [240, 0], parameters: { operation: 'read', fileSelector: glob, options: {} } },
			...uploads,
		],
		connections: { 'Manual Trigger': { main: [[{ node: 'Read Files', type: 'main', index: 0 }]] }, 'Read Files': { main: [uploads.map((u) => ({ node: u.name, type: 'main', index: 0 }))] } },
	};
	await n8n.importWorkflow(wf);
	const { url } = await n8n.start();
	const browser = await launchBrowser();
	const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	await ownerSession(url, context);
	const page = await context.newPage();
	await page.goto(`${url}/workflow/${wf.id}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	await page.waitForTimeout(2000);
	writeFileSync(`${PACKAGE_ROOT}/.e2e/explore3.txt`, ((await page.evaluate(DUMP)) as string[]).join('\n'));
	await page.locator('[data-test-id="execute-workflow-button"]').click();
	await page.waitForTimeout(8000);
	await page.screenshot({ path: `${PACKAGE_ROOT}/.e2e/explore3.png` });
	writeFileSync(`${PACKAGE_ROOT}/.e2e/explore4.txt`, ((await page.evaluate(DUMP)) as string[]).join('\n'));
	await page.locator('[data-test-id="canvas-node"][data-node-name="HighLevel Files"]').dblclick();
	await page.waitForTimeout(2000);
	await page.screenshot({ path: `${PACKAGE_ROOT}/.e2e/explore5.png` });
	writeFileSync(`${PACKAGE_ROOT}/.e2e/explore5.txt`, ((await page.evaluate(DUMP)) as string[]).join('\n'));
	await browser.close();
});
