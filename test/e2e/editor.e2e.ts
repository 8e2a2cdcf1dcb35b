import { launchBrowser, ownerSession } from '../e2e/browser.cjs';
import { e2eLog, ensureN8n, N8nInstance, packPackages, PACKAGE_ROOT, PROVIDER_PACKAGES } from '../e2e/n8n.cjs';

/**
 * The browser check: the package installed in a real n8n editor, each node's icon is the
 * package's SVG (no "?" fallback), and each panel shows the controls that make wrong requests
 * impossible. The screenshots land in docs/, where the README shows them.
 */
const NODES = [
	{ name: 'Karbon Files', provider: 'Karbon', type: 'karbonFiles', control: 'linkTo', screenshot: 'karbon-files-panel.png', parameters: { linkTo: 'workItem', recordKey: 'RXq4mD62PXg' } },
	{ name: 'HubSpot Files', provider: 'HubSpot', type: 'hubSpotFiles', control: 'folder', screenshot: 'hubspot-files-panel.png', parameters: { operation: 'uploadAndAttach', recordId: '51', folder: { __rl: true, mode: 'path', value: '/invoices' } } },
	{ name: 'Kintone Files', provider: 'Kintone', type: 'kintoneFiles', control: 'attachMode', screenshot: 'kintone-files-panel.png', parameters: { app: { __rl: true, mode: 'id', value: '12' }, recordId: '6', attachmentField: { __rl: true, mode: 'id', value: 'Attachments' } } },
	{ name: 'HighLevel Files', provider: 'HighLevel', type: 'highLevelFiles', control: 'customField', screenshot: 'highlevel-files-panel.png', parameters: { contactId: 'dtEv6KtI27yF92YPm3Zz' } },
];

const PANEL_WORKFLOW = {
	id: 'panelCheck0000000001',
	name: 'File upload nodes',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: NODES.map((node, i) => ({
		id: `p${i}`,
		name: node.name,
		type: `${PROVIDER_PACKAGES[node.provider]}.${node.type}`,
		typeVersion: 1,
		position: [i * 300, 0],
		parameters: node.parameters,
	})),
	connections: {},
};

const n8n = new N8nInstance();
afterAll(async () => await n8n.stop());

test('the editor shows each node with its package\'s icon and the panel controls, and the nodes panel finds the four for "upload" and "attachment"', async () => {
	await ensureN8n(e2eLog);
	await n8n.installPackages(Object.values(await packPackages()));
	await n8n.importWorkflow(PANEL_WORKFLOW);
	const { url } = await n8n.start();
	const browser = await launchBrowser();
	try {
		const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
		await ownerSession(url, context);
		const page = await context.newPage();
		await page.goto(`${url}/workflow/${PANEL_WORKFLOW.id}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
		await page.waitForTimeout(1000);
		await page.screenshot({ path: `${PACKAGE_ROOT}/docs/canvas.png` });

		for (const node of NODES) {
			const canvasNode = page.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`);
			const icon = canvasNode.locator('img').first();
			await icon.waitFor();
			expect(await icon.getAttribute('src')).toContain(PROVIDER_PACKAGES[node.provider]);
			expect(await icon.getAttribute('src')).toMatch(/\.svg/);
			// Loaded, not the broken-image fallback.
			expect(await icon.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

			await canvasNode.dblclick();
			const panel = page.locator('[data-test-id="ndv"]');
			await panel.waitFor();
			await expect(panel.locator(`[data-test-id="parameter-input-${node.control}"]`).first().isVisible()).resolves.toBe(true);
			await page.waitForTimeout(500);
			await page.screenshot({ path: `${PACKAGE_ROOT}/docs/${node.screenshot}` });
			await page.locator('[data-test-id="ndv-close-button"]').click();
			await panel.waitFor({ state: 'hidden' });
		}

		// The nodes panel: a search for what users type finds the four near the top (their codex aliases).
		for (const term of ['upload', 'attachment']) {
			// The + after a node opens the panel for a node to follow it (not the trigger list).
			await page.locator('[data-test-id="canvas-handle-plus"]').first().click();
			const search = page.locator('[data-test-id="node-creator-search-bar"]');
			await search.waitFor({ timeout: 10_000 }).catch(async (error: Error) => {
				await page.screenshot({ path: `${PACKAGE_ROOT}/.e2e/nodes-panel-failure.png` });
				throw error;
			});
			await search.fill(term);
			await page.waitForTimeout(800);
			const found = (await page.locator('[data-test-id="node-creator-item-name"]').allTextContents()).map((name) => name.trim());
			e2eLog(`nodes panel, "${term}": ${found.slice(0, 8).join(', ')}`);
			for (const node of NODES) expect(found.slice(0, 8)).toContain(node.name);
			if (term === 'upload') await page.screenshot({ path: `${PACKAGE_ROOT}/docs/nodes-panel-search-upload.png` });
			await page.keyboard.press('Escape');
			await search.waitFor({ state: 'hidden' });
		}
	} finally {
		await browser.close();
	}
});
