import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { launchBrowser, ownerSession } from '../e2e/browser.cjs';
import { e2eLog, ensureN8n, N8nInstance, packPackages, PACKAGE_ROOT, PROVIDER_PACKAGES } from '../e2e/n8n.cjs';
import { createSandboxes, demoCredentials, DEMO_FILES, providerUploads } from '../e2e/scenarios.cjs';
import { exampleUploadNode } from '../e2e/workflows.cjs';
import { HIGHLEVEL_NO_LOCATION_SCOPE_TOKEN } from '../sandboxes/highlevel.cjs';
import { HUBSPOT_NO_FILES_SCOPE_TOKEN, HUBSPOT_UNKNOWN_TOKEN } from '../sandboxes/hubspot.cjs';
import { KARBON_CREDENTIALS } from '../sandboxes/karbon.cjs';
import { KINTONE_APP, KINTONE_LOGIN, KINTONE_TOKENS } from '../sandboxes/kintone.cjs';

/**
 * The browser check: the four packages installed in a real n8n editor, used as a new user
 * meets them. Every credential form is opened and each usual mistake shows its message;
 * every node panel is opened and its pickers, hints and notices follow what is entered; a
 * workflow runs green from the canvas; the nodes panel finds the four. The screenshots land
 * in docs/ (the README's) and docs/editor-checks/ (one per check, named in the issue notes).
 */
const CHECKS = path.join(PACKAGE_ROOT, 'docs', 'editor-checks');
const sandboxes = createSandboxes();
const n8n = new N8nInstance();
let url = '';
let page: Page;
let closeBrowser: () => Promise<void> = async () => {};

const credentialOf = (id: string) => demoCredentials(sandboxes).find((credential) => credential.id === id)!;
const variant = (id: string, base: string, name: string, change: Record<string, unknown>) => {
	const { type, data } = credentialOf(base);
	return { id, name, type, data: { ...data, ...change } };
};

/** The credentials a new user gets wrong, beside the right ones. */
const credentials = () => [
	...demoCredentials(sandboxes),
	variant('karbonSwapped', 'karbonDemo', 'Karbon, keys swapped', { accessToken: KARBON_CREDENTIALS.accessKeySecret, accessKeySecret: KARBON_CREDENTIALS.accessToken }),
	variant('hubSpotWrong', 'hubSpotDemo', 'HubSpot, wrong token', { privateAppToken: HUBSPOT_UNKNOWN_TOKEN }),
	variant('hubSpotNoScope', 'hubSpotDemo', 'HubSpot, no files scope', { privateAppToken: HUBSPOT_NO_FILES_SCOPE_TOKEN }),
	variant('highLevelWrong', 'highLevelDemo', 'HighLevel, wrong token', { privateIntegrationToken: 'pit-00000000-0000-0000-0000-000000000000' }),
	variant('highLevelNoScope', 'highLevelDemo', 'HighLevel, no locations scope', { privateIntegrationToken: HIGHLEVEL_NO_LOCATION_SCOPE_TOKEN }),
	variant('highLevelOtherLoc', 'highLevelDemo', 'HighLevel, wrong Location ID', { locationId: 'otherLocation00000001' }),
	variant('kintoneUrlDomain', 'kintoneDemo', 'Kintone, domain as a URL', { domain: 'https://example.kintone.com/k/12/', baseUrlOverride: '' }),
	variant('kintoneOtherApp', 'kintoneDemo', 'Kintone, token of another app', { apiToken: KINTONE_TOKENS.app20 }),
	variant('kintoneBadLogin', 'kintoneDemo', 'Kintone, wrong password', { authType: 'password', ...KINTONE_LOGIN, password: 'wrong-password-2026' }),
	variant('kintoneNoTestApp', 'kintoneDemo', 'Kintone, no test app', { testAppId: '' }),
	{ id: 'hubSpotOAuth', name: 'HubSpot OAuth2', type: 'hubSpotFilesOAuth2Api', data: { clientId: 'client-id-0001', clientSecret: 'client-secret-0001' } },
	{ id: 'highLevelOAuth', name: 'HighLevel OAuth2', type: 'highLevelFilesOAuth2Api', data: { clientId: 'client-id-0002', clientSecret: 'client-secret-0002' } },
];

type WorkflowNode = Record<string, unknown> & { name: string };
const workflow = (id: string, name: string, nodes: WorkflowNode[], connections: object = {}) => ({ id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections });
const node = (name: string, provider: string, type: string, position: [number, number], parameters: object, credential: [string, string], typeVersion = 1) => ({
	id: name.replace(/\W/g, ''),
	name,
	type: `${PROVIDER_PACKAGES[provider]}.${type}`,
	typeVersion,
	position,
	parameters,
	credentials: { [credential[0]]: { id: credential[1], name: credential[1] } },
});
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

/** Nodes set up the way each panel check starts. */
const PANELS = workflow('panelChecks000000001', 'Panel checks', [
	node('Karbon Files', 'Karbon', 'karbonFiles', [0, 0], { linkTo: 'workItem', recordKey: 'RXq4mD62PXg' }, ['karbonFilesApi', 'karbonDemo']),
	node('Karbon Picker', 'Karbon', 'karbonFiles', [0, 250], { linkTo: 'contact', recordKey: rl('list', '') }, ['karbonFilesApi', 'karbonDemo'], 1.1),
	node('HubSpot Files', 'HubSpot', 'hubSpotFiles', [250, 0], { folder: rl('path', '/') }, ['hubSpotFilesApi', 'hubSpotDemo']),
	node('Kintone Files', 'Kintone', 'kintoneFiles', [500, 0], { app: rl('list', ''), recordBy: 'updateKey', attachmentField: rl('list', '') }, ['kintoneFilesApi', 'kintoneDemo']),
	node('Kintone Fields', 'Kintone', 'kintoneFiles', [750, 0], { app: rl('id', KINTONE_APP), recordId: '6', attachmentField: rl('list', '') }, ['kintoneFilesApi', 'kintoneDemo']),
	node('HubSpot Replace', 'HubSpot', 'hubSpotFiles', [250, 250], { operation: 'replace', fileToReplace: rl('list', '') }, ['hubSpotFilesApi', 'hubSpotDemo']),
	node('HighLevel Media', 'HighLevel', 'highLevelFiles', [1000, 250], { resource: 'media', operation: 'uploadToMediaLibrary', mediaFolder: rl('list', '') }, ['highLevelFilesApi', 'highLevelDemo']),
	node('HighLevel Files', 'HighLevel', 'highLevelFiles', [1000, 0], { contactId: 'dtEv6KtI27yF92YPm3Zz', customField: rl('list', ''), fieldMappings: { mappings: [{ binaryField: 'passport', customFieldId: rl('list', '') }] } }, ['highLevelFilesApi', 'highLevelDemo']),
]);

beforeAll(async () => {
	await ensureN8n(e2eLog);
	mkdirSync(CHECKS, { recursive: true });
	await Promise.all(sandboxes.all.map(async (sandbox) => await sandbox.start()));
	await n8n.installPackages(Object.values(await packPackages()));
	await n8n.importCredentials(credentials());
	const filesGlob = n8n.addFiles(DEMO_FILES);
	const uploads = providerUploads(sandboxes).map((upload, row) => ({ ...exampleUploadNode(upload), id: `upload${row}`, name: `${upload.provider} Files`, position: [500, row * 180 - 270] as [number, number] }));
	await n8n.importWorkflow([
		PANELS,
		workflow(
			'canvasRun0000000001',
			'Attachments to four providers',
			[
				{ id: 'trigger', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{ id: 'read', name: 'Read Files', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1, position: [240, 0], parameters: { operation: 'read', fileSelector: filesGlob, options: {} } },
				...uploads,
			],
			{
				'Manual Trigger': { main: [[{ node: 'Read Files', type: 'main', index: 0 }]] },
				'Read Files': { main: [uploads.map((upload) => ({ node: upload.name, type: 'main', index: 0 }))] },
			},
		),
	]);
	({ url } = await n8n.start());
	const browser = await launchBrowser();
	closeBrowser = async () => await browser.close();
	const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
	await ownerSession(url, context);
	page = await context.newPage();
}, 15 * 60_000);

afterAll(async () => {
	await closeBrowser();
	await n8n.stop();
	await Promise.all(sandboxes.all.map(async (sandbox) => await sandbox.stop()));
});

/** On a failed check, what the page showed, beside the error. */
async function withEvidence<T>(name: string, check: () => Promise<T>): Promise<T> {
	try {
		return await check();
	} catch (error) {
		await page.screenshot({ path: path.join(PACKAGE_ROOT, '.e2e', `failed-${name}.png`) }).catch(() => undefined);
		throw error;
	}
}

const visibleText = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, ' ');

async function openCredential(id: string): Promise<Locator> {
	await page.goto(`${url}/home/credentials/${id}`);
	const modal = page.locator('[data-test-id="editCredential-modal"]');
	await modal.waitFor({ timeout: 30_000 });
	return modal;
}

async function closeModal(): Promise<void> {
	await page.keyboard.press('Escape');
	// The next check opens its own page; an OAuth2 form may keep its dialog until then.
	await page.locator('[data-test-id="editCredential-modal"]').waitFor({ state: 'hidden', timeout: 3000 }).catch(() => undefined);
}

describe('credential forms', () => {
	test.each<[string, string, string]>([
		['karbonSwapped', 'karbon-swapped-keys', 'Karbon did not accept these keys (HTTP 401). Access Token is the GUID (e.g. 3f9c2b1e-…) and Access Key the JWT starting with eyJ: check that they are not swapped'],
		['hubSpotWrong', 'hubspot-wrong-token', "HubSpot did not accept the token (HTTP 401): copy the private app's access token (it starts with pat-) again."],
		['hubSpotNoScope', 'hubspot-no-files-scope', 'HubSpot accepted the token but refused the call (HTTP 403): give the private app the "files" scope.'],
		['highLevelWrong', 'highlevel-wrong-token', "HighLevel did not accept the Private Integration Token (HTTP 401): copy it again from the sub-account's Settings → Private Integrations."],
		['highLevelNoScope', 'highlevel-no-scope', 'HighLevel answers a missing scope the same way: the token needs locations.readonly, locations/customFields.readonly and forms.write.'],
		['highLevelOtherLoc', 'highlevel-wrong-location', 'HighLevel refused the Location ID for this token (HTTP 400): enter the ID of the sub-account the token belongs to'],
		['kintoneUrlDomain', 'kintone-domain-as-url', 'Domain: "https://example.kintone.com/k/12/" has a scheme; enter only the host name, e.g. example.kintone.com (https is always used). Fix the Domain of the Kintone credential.'],
		['kintoneOtherApp', 'kintone-token-of-another-app', 'Kintone accepted the credential but refused the call (HTTP 403): an API token must belong to the app in "App ID for the Credential Test"'],
		['kintoneBadLogin', 'kintone-wrong-password', 'Kintone did not accept the login name and password or the API token (HTTP 401).'],
	])('%s: the form says what to fix under "More details"', async (id, screenshot, message) => {
		await withEvidence(id, async () => {
			const modal = await openCredential(id);
			// Opening a saved credential tests it; a failure shows n8n's banner with our message inside.
			await modal.getByText(/Couldn.t connect with these settings/).waitFor({ timeout: 30_000 });
			await modal.getByText('More details').click();
			await modal.getByText(message, { exact: false }).first().waitFor({ timeout: 10_000 });
			expect(await visibleText(modal)).toContain(message);
			await page.screenshot({ path: path.join(CHECKS, `credential-${screenshot}.png`) });
			await closeModal();
		});
	});

	test('Kintone: with API tokens, the token(s) and the test app are marked required', async () => {
		await withEvidence('kintone-required', async () => {
			const modal = await openCredential('kintoneNoTestApp');
			for (const field of ['apiToken', 'testAppId']) {
				expect(await visibleText(modal.locator(`[data-test-id="${field}"]`))).toMatch(/^(API Token\(s\)|App ID for the Credential Test) \*/);
			}
			// n8n's own check of a required field, shown under the empty App ID.
			expect(await visibleText(modal.locator('[data-test-id="testAppId"]'))).toContain('This field is required');
			await page.screenshot({ path: path.join(CHECKS, 'credential-kintone-required-fields.png') });
			await closeModal();
		});
	});

	test.each<[string, string, string]>([
		['hubSpotOAuth', 'hubspot-oauth2', 'Your HubSpot app needs these scopes: oauth, files, crm.objects.contacts.write, crm.objects.companies.write, crm.objects.deals.write, tickets.'],
		['highLevelOAuth', 'highlevel-oauth2', 'Your HighLevel app needs these scopes: forms.write, locations.readonly, locations/customFields.readonly, medias.write, medias.readonly.'],
	])('%s: the OAuth2 form lists the scopes, and the Base URL comes after what a user fills in', async (id, screenshot, scopes) => {
		await withEvidence(id, async () => {
			const modal = await openCredential(id);
			await modal.getByText(scopes).waitFor({ timeout: 10_000 });
			const text = await visibleText(modal);
			expect(text.indexOf('Client Secret')).toBeGreaterThan(text.indexOf('Client ID'));
			expect(text.indexOf('Base URL')).toBeGreaterThan(text.indexOf('Client Secret'));
			if (id === 'highLevelOAuth') {
				// The White-Label authorize URL, as n8n's built-in HighLevel credential offers it.
				expect(text.indexOf('Authorization URL')).toBeLessThan(text.indexOf('Base URL'));
				await modal.locator('[data-test-id="parameter-input-authUrl"]').click();
				// The list opens after the click: wait for it rather than read it while it is still closed.
				await page.locator('.el-select-dropdown__item:visible').first().waitFor({ timeout: 10_000 });
				const choices = await page.locator('.el-select-dropdown__item:visible').allInnerTexts();
				expect(choices.map((choice) => choice.split('\n')[0].trim())).toEqual(['Standard', 'White-Label']);
				await page.keyboard.press('Escape');
			}
			await modal.getByText(scopes).scrollIntoViewIfNeeded();
			await page.screenshot({ path: path.join(CHECKS, `credential-${screenshot}.png`) });
			await closeModal();
		});
	});
});

describe('node panels', () => {
	let panel: Locator;

	async function openPanel(name: string): Promise<Locator> {
		await page.keyboard.press('Escape');
		if (await page.locator('[data-test-id="ndv"]').isVisible()) await page.locator('[data-test-id="ndv-close-button"]').click();
		if (!page.url().includes(PANELS.id)) {
			await page.goto(`${url}/workflow/${PANELS.id}`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
		}
		await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
		panel = page.locator('[data-test-id="ndv"]');
		await panel.waitFor();
		return panel;
	}

	async function closePanel(): Promise<void> {
		await page.locator('[data-test-id="ndv-close-button"]').click();
		await panel.waitFor({ state: 'hidden' });
	}

	/** Opens a picker's list; the list (or its error) shows in a popper outside the panel. */
	async function openPicker(parameter: string): Promise<Locator> {
		await panel.locator(`[data-test-id="resource-locator-${parameter}"] [data-test-id="rlc-input"]`).first().click();
		return page.locator('body');
	}

	/** Closes an open list: a click beside it, as a user does (Escape leaves it open). */
	const dismiss = async () => await panel.getByText('Parameters', { exact: true }).first().click();

	const pickerItems = async () => {
		await page.locator('[data-test-id="rlc-item"]:visible').first().waitFor({ timeout: 15_000 });
		return (await page.locator('[data-test-id="rlc-item"]:visible').allInnerTexts()).map((item) => item.trim());
	};

	test('Karbon: the target first, and the Record Key hint follows Upload Once per Record', async () => {
		await withEvidence('karbon-panel', async () => {
			await openPanel('Karbon Files');
			const text = await visibleText(panel);
			expect(text).toContain('One key. To attach the file to several records, turn on "Upload Once per Record".');
			expect(text.indexOf('Link To')).toBeLessThan(text.indexOf('Input Binary Field'));
			await panel.locator('[data-test-id="parameter-input-uploadOncePerRecord"]').click();
			await panel.getByText('One or more keys, separated by commas, spaces or semicolons. The file is uploaded once per key.').waitFor();
			await page.screenshot({ path: path.join(CHECKS, 'panel-karbon-record-key-hint.png') });
			await closePanel();
		});
	});

	test('Karbon 1.1: the Record Key picker lists contacts found by name, and offers From List, By Key and By URL', async () => {
		await withEvidence('karbon-picker', async () => {
			await openPanel('Karbon Picker');
			await openPicker('recordKey');
			await page.getByPlaceholder(/^Search(\.\.\.|…)$/).fill('sharma');
			await page.getByText('Anna Sharma-Lee (anna@lee.example)').waitFor({ timeout: 15_000 });
			expect(await pickerItems()).toEqual(['Anna Sharma-Lee (anna@lee.example)', 'Priya Sharma (priya@sharma.example)']);
			await page.screenshot({ path: path.join(CHECKS, 'panel-karbon-record-picker.png') });
			await page.getByText('Priya Sharma (priya@sharma.example)').click();
			// The picked record shows by its name in the field (an input's value, not text).
			const shown = async () => await panel.locator('[data-test-id="resource-locator-recordKey"] input').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
			expect(await shown()).toContain('Priya Sharma (priya@sharma.example)');
			await panel.locator('[data-test-id="resource-locator-recordKey"] [data-test-id="rlc-mode-selector"]').click();
			await page.locator('.el-select-dropdown__item:visible').first().waitFor({ timeout: 10_000 });
			// n8n words the list and URL modes itself ("From list"); By Key is the node's own.
			const modes = (await page.locator('.el-select-dropdown__item:visible').allInnerTexts()).map((mode) => mode.trim().toLowerCase());
			expect(modes).toEqual(['from list', 'by key', 'by url']);
			await dismiss();
			await closePanel();
		});
	});

	test('HubSpot: the root-folder hint shows in By Path mode, and goes in By ID mode', async () => {
		await withEvidence('hubspot-panel', async () => {
			await openPanel('HubSpot Files');
			const hint = 'HubSpot discourages uploading into the root folder "/": enter a folder path such as /invoices';
			await panel.getByText(hint).waitFor();
			await page.screenshot({ path: path.join(CHECKS, 'panel-hubspot-root-folder.png') });
			await panel.locator('[data-test-id="resource-locator-folder"] [data-test-id="rlc-mode-selector"]').click();
			await page.getByText('By ID', { exact: true }).last().click();
			await panel.getByText(hint).waitFor({ state: 'hidden' });
			await closePanel();
		});
	});

	test('Kintone: the App list with API tokens says to use By ID; Update Key fields are flagged when empty', async () => {
		await withEvidence('kintone-panel', async () => {
			await openPanel('Kintone Files');
			const dropdown = await openPicker('app');
			await dropdown.getByText('API tokens cannot list apps: choose "By ID" and enter the app\'s number').waitFor({ timeout: 15_000 });
			expect(await visibleText(dropdown)).not.toContain('403');
			await page.screenshot({ path: path.join(CHECKS, 'panel-kintone-app-list-with-tokens.png') });
			await dismiss();
			for (const field of ['updateKeyField', 'updateKeyValue']) {
				// n8n marks an empty required parameter with an issue icon beside it.
				const parameter = panel.locator(`[data-test-id="parameter-input-${field}"]`).first();
				await parameter.waitFor();
				expect(await parameter.getAttribute('class')).toContain('has-issues');
			}
			await closePanel();
		});
	});

	test('Kintone: the Attachment Field list shows field codes, a label equal to its code once, and a table\'s FILE field after its table', async () => {
		await withEvidence('kintone-fields', async () => {
			await openPanel('Kintone Fields');
			await openPicker('attachmentField');
			expect(await pickerItems()).toEqual(['Attachments', 'Signed contracts (Contracts)', 'Agreements › Signed copy (SignedCopy)']);
			await page.screenshot({ path: path.join(CHECKS, 'panel-kintone-attachment-fields.png') });
			await dismiss();
			await panel.locator('[data-test-id="resource-locator-attachmentField"] [data-test-id="rlc-mode-selector"]').click();
			// The mode is named by Kintone's own word.
			await page.getByText('By Field Code', { exact: true }).waitFor({ timeout: 10_000 });
			await dismiss();
			await closePanel();
		});
	});

	test('HubSpot Replace File picks the file from a search by name; HighLevel\'s media library picks its folder', async () => {
		await withEvidence('newer-pickers', async () => {
			sandboxes.hubSpot.files.push({ id: '100000', name: 'price-list', extension: 'pdf', folderId: '1000', path: '/invoices/price-list.pdf', size: 10, access: 'PRIVATE' });
			await openPanel('HubSpot Replace');
			await openPicker('fileToReplace');
			expect(await pickerItems()).toEqual(['/invoices/price-list.pdf']);
			await page.screenshot({ path: path.join(CHECKS, 'panel-hubspot-replace-file-picker.png') });
			await dismiss();
			await closePanel();

			await openPanel('HighLevel Media');
			await openPicker('mediaFolder');
			expect(await pickerItems()).toEqual(['Brochures', 'Email images']);
			expect(await visibleText(panel)).toContain('HighLevel is reported to ignore the folder and put files in the root');
			await page.screenshot({ path: path.join(CHECKS, 'panel-highlevel-media-folder-picker.png') });
			await dismiss();
			await closePanel();
		});
	});

	test('HighLevel: a Binary Field Mapping picks its field from the same FILE_UPLOAD list', async () => {
		await withEvidence('highlevel-panel', async () => {
			await openPanel('HighLevel Files');
			await openPicker('customFieldId');
			expect(await pickerItems()).toEqual(['Passport (one file)', 'Contracts (up to 5 files)', 'Documents (up to 10 files)', 'Signed copy (one file)']);
			await page.screenshot({ path: path.join(CHECKS, 'panel-highlevel-mapping-picker.png') });
			await dismiss();
			await closePanel();
		});
	});
});

describe('a run from the canvas', () => {
	test('the four nodes run green, with subtitles that read well, and each panel shows its output', async () => {
		await withEvidence('canvas-run', async () => {
			await page.goto(`${url}/workflow/canvasRun0000000001`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			const subtitles: Record<string, string> = {
				'Karbon Files': 'Upload to work item',
				'HubSpot Files': 'Upload and attach to contact',
				'Kintone Files': 'Upload and attach to record',
				'HighLevel Files': 'Upload to contact',
			};
			for (const [name, subtitle] of Object.entries(subtitles)) {
				const canvasNode = page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
				await canvasNode.locator('[data-test-id="canvas-node-status-success"]').waitFor({ timeout: 60_000 });
				expect(await visibleText(canvasNode)).toContain(subtitle);
				const icon = canvasNode.locator('img').first();
				expect(await icon.getAttribute('src')).toMatch(/\.svg/);
				expect(await icon.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
			}
			await page.waitForTimeout(500);
			await page.screenshot({ path: path.join(PACKAGE_ROOT, 'docs', 'canvas.png') });

			for (const name of Object.keys(subtitles)) {
				await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
				const panel = page.locator('[data-test-id="ndv"]');
				await panel.waitFor();
				await panel.locator('[data-test-id="ndv-items-count"]').last().waitFor();
				expect(await visibleText(panel.locator('[data-test-id="output-panel"]'))).toMatch(/2 items/);
				await page.waitForTimeout(300);
				await page.screenshot({ path: path.join(PACKAGE_ROOT, 'docs', `${name.toLowerCase().replace(' ', '-')}-panel.png`) });
				await page.locator('[data-test-id="ndv-close-button"]').click();
				await panel.waitFor({ state: 'hidden' });
			}
		});
	});
});

describe('found where users look', () => {
	test('the nodes panel lists the four near the top for "upload" and "attachment"', async () => {
		await withEvidence('nodes-panel', async () => {
			await page.goto(`${url}/workflow/${PANELS.id}`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
			for (const term of ['upload', 'attachment']) {
				// The + after a node opens the panel for a node to follow it (not the trigger list).
				await page.locator('[data-test-id="canvas-handle-plus"]').first().click();
				const search = page.locator('[data-test-id="node-creator-search-bar"]');
				await search.waitFor({ timeout: 10_000 });
				await search.fill(term);
				await page.waitForTimeout(800);
				const found = (await page.locator('[data-test-id="node-creator-item-name"]').allTextContents()).map((name) => name.trim());
				e2eLog(`nodes panel, "${term}": ${found.slice(0, 8).join(', ')}`);
				for (const name of ['Karbon Files', 'HubSpot Files', 'Kintone Files', 'HighLevel Files']) expect(found.slice(0, 8)).toContain(name);
				if (term === 'upload') await page.screenshot({ path: path.join(PACKAGE_ROOT, 'docs', 'nodes-panel-search-upload.png') });
				await page.keyboard.press('Escape');
				await search.waitFor({ state: 'hidden' });
			}
		});
	});

	test('each node is offered as an AI agent tool, with the tool description that says what it needs', async () => {
		const cookie = (await page.context().cookies()).map(({ name, value }) => `${name}=${value}`).join('; ');
		const types = (await (await fetch(`${url}/types/nodes.json`, { headers: { cookie } })).json()) as Array<{
			name: string;
			codex?: { categories?: string[]; subcategories?: Record<string, string[]> };
			properties: Array<{ name: string; default: unknown }>;
		}>;
		for (const [provider, type] of [['Karbon', 'karbonFiles'], ['HubSpot', 'hubSpotFiles'], ['Kintone', 'kintoneFiles'], ['HighLevel', 'highLevelFiles']]) {
			const tool = types.find((candidate) => candidate.name === `${PROVIDER_PACKAGES[provider]}.${type}Tool`);
			expect(tool?.codex?.categories).toContain('AI');
			expect(tool?.codex?.subcategories?.AI).toContain('Tools');
			const toolDescription = tool?.properties.filter((property) => property.name === 'toolDescription') ?? [];
			expect(toolDescription).toHaveLength(1);
			expect(String(toolDescription[0].default)).toMatch(/^Uploads the files of the input item's binary fields .* The input item must carry the file as binary data/);
		}
	});

	test('the four icons, light and dark, are told apart at 16 px', async () => {
		const icons = ['karbon', 'hubspot', 'kintone', 'highlevel'];
		const dataUrl = (file: string) => `data:image/svg+xml;base64,${readFileSync(path.join(PACKAGE_ROOT, 'icons', file)).toString('base64')}`;
		const rows = ['', '.dark']
			.map((theme) => `<div style="background:${theme ? '#1f1f1f' : '#ffffff'};padding:6px">${icons.map((icon) => `<img width="16" height="16" style="margin:4px" src="${dataUrl(`${icon}${theme}.svg`)}">`).join('')}</div>`)
			.join('');
		await page.setContent(`<body style="margin:0">${rows}</body>`);
		await page.waitForTimeout(300);
		// The mean colour of each icon drawn at 16 px: two icons closer than this read as one.
		const means = (await page.evaluate(`(() => [...document.images].map((img) => {
			const canvas = document.createElement('canvas'); canvas.width = 16; canvas.height = 16;
			const context = canvas.getContext('2d'); context.drawImage(img, 0, 0, 16, 16);
			const data = context.getImageData(0, 0, 16, 16).data; const sum = [0, 0, 0]; let count = 0;
			for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 128) { sum[0] += data[i]; sum[1] += data[i + 1]; sum[2] += data[i + 2]; count++; }
			return sum.map((value) => value / count);
		}))()`)) as number[][];
		const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
		for (const theme of [0, 1]) {
			for (let a = 0; a < 4; a++) {
				for (let b = a + 1; b < 4; b++) {
					const apart = distance(means[theme * 4 + a], means[theme * 4 + b]);
					e2eLog(`16 px, ${theme ? 'dark' : 'light'}: ${icons[a]} / ${icons[b]} mean colours ${apart.toFixed(0)} apart`);
					expect(apart).toBeGreaterThan(60);
				}
			}
		}
		await page.setViewportSize({ width: 120, height: 64 });
		await page.screenshot({ path: path.join(CHECKS, 'icons-16px.png') });
		await page.setViewportSize({ width: 1400, height: 900 });
	});
});
