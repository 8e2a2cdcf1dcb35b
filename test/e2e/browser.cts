import { chromium, type Browser, type BrowserContext } from 'playwright-core';

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

/** Owner set-up over REST; the session cookie comes back for the browser. */
export async function ownerSession(url: string, context: BrowserContext): Promise<void> {
	const owner = { email: 'owner@example.com', firstName: 'Demo', lastName: 'Owner', password: 'Demo-owner-2026' };
	const response = await fetch(`${url}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(owner) });
	if (!response.ok) throw new Error(`owner setup failed: ${response.status} ${await response.text()}`);
	const cookies = response.headers.getSetCookie().map((header) => {
		const [pair] = header.split(';');
		const [name, ...value] = pair.split('=');
		return { name, value: value.join('='), url };
	});
	await context.addCookies(cookies);
}
