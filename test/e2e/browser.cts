import { chromium, type Browser, type BrowserContext } from 'playwright-core';

import { setupOwner } from '../e2e/n8n.cjs';

/** Debian's Chromium (apt-get install chromium): no browser download needed. */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
	return await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

/** Owner set-up over REST; the session cookie goes to the browser. */
export async function ownerSession(url: string, context: BrowserContext): Promise<void> {
	const cookies = (await setupOwner(url)).map((header) => {
		const [pair] = header.split(';');
		const [name, ...value] = pair.split('=');
		return { name, value: value.join('='), url };
	});
	await context.addCookies(cookies);
}
