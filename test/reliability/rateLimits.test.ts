import type { INodeParameters } from 'n8n-workflow';

import { patternBytes, sha256 } from '../harness/assertions';
import { runNode, type RunNodeOptions } from '../harness/engine.cjs';
import { refusedOnceThenForwardedTo } from '../harness/refusedOnce.cjs';
import { highLevelSandbox, HIGHLEVEL_CONTACT_ID, HIGHLEVEL_CREDENTIALS, HIGHLEVEL_ERRORS, HIGHLEVEL_FIELDS } from '../sandboxes/highlevel.cjs';
import { hubSpotError, hubSpotSandbox, HUBSPOT_TOKEN } from '../sandboxes/hubspot.cjs';
import { karbonSandbox, KARBON_CREDENTIALS, KARBON_ERRORS } from '../sandboxes/karbon.cjs';
import { kintoneSandbox, KINTONE_ERRORS, KINTONE_TOKENS } from '../sandboxes/kintone.cjs';
import { type Sandbox, useSandboxes } from '../sandboxes/sandbox.cjs';

/**
 * Unattended runs meet rate limits. RoutingNode starts all items at once; the node keeps its
 * uploads under its cap, waits out 429s and sends the same file again, and never twice once
 * stored.
 */
const [karbon, hubSpot, kintone, highLevel] = useSandboxes(karbonSandbox(), hubSpotSandbox(), kintoneSandbox(), highLevelSandbox());

const items = (count: number) =>
	Array.from({ length: count }, (_, i) => ({ files: { data: { bytes: patternBytes(2048, i + 1), fileName: `doc-${i}.pdf`, mimeType: 'application/pdf' } } }));

/** Every item's file stored exactly once: one successful upload per distinct content. */
function storedOnce(sandbox: Sandbox, count: number) {
	const stored = sandbox.requests.filter((request) => request.files.length && (request.status === 200 || request.status === 201));
	const hashes = stored.map((request) => request.files[0].sha256);
	expect(new Set(hashes).size).toBe(count);
	expect(hashes).toHaveLength(count);
	expect(new Set(hashes)).toEqual(new Set(items(count).map((item) => sha256(item.files.data.bytes))));
}

const rateLimitedRequests = (sandbox: Sandbox) => sandbox.requests.filter((request) => request.status === 429).length;

function run(type: string, credentials: RunNodeOptions['credentials'], parameters: INodeParameters, count: number, account?: string) {
	return runNode({ type, credentials, parameters, items: items(count), account });
}

describe('rate limits and concurrency', () => {
	test('Karbon, 300 items, a 429 for every third request: every file arrives exactly once, never more than 2 in flight', async () => {
		karbon.replyEvery(3, { ...KARBON_ERRORS.rateLimited, headers: { 'Retry-After': '0' } });
		const result = await run('karbonFiles', { karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: karbon.baseUrl } }, { resource: 'file', operation: 'upload', linkTo: 'contact', recordKey: 'C1' }, 300);

		expect(result.error).toBeUndefined();
		storedOnce(karbon, 300);
		expect(rateLimitedRequests(karbon)).toBeGreaterThanOrEqual(100);
		expect(karbon.maxInFlight).toBeLessThanOrEqual(2);
		expect(result.output.map(({ pairedItem }) => (pairedItem as { item: number }).item)).toEqual([...Array(300).keys()]);
	});

	test('two runs at once on one Karbon account share its cap: never more than 2 uploads in flight between them', async () => {
		const credentials = { karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: karbon.baseUrl } };
		const parameters = { resource: 'file', operation: 'upload', linkTo: 'contact', recordKey: 'C1' };
		const [first, second] = await Promise.all([run('karbonFiles', credentials, parameters, 30, 'shared'), run('karbonFiles', credentials, parameters, 30, 'shared')]);

		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(karbon.requests.filter((request) => request.status === 201)).toHaveLength(60);
		expect(karbon.maxInFlight).toBe(2);
	});

	test('HubSpot, 40 items, 429s without a policy: backoff, exactly once, at most 10 in flight', async () => {
		hubSpot.replyEvery(3, hubSpotError(429, 'You have reached your ten_secondly_rolling limit.', 'RATE_LIMITS'));
		const result = await run(
			'hubSpotFiles',
			{ hubSpotFilesApi: { privateAppToken: HUBSPOT_TOKEN, baseUrl: hubSpot.baseUrl } },
			{ resource: 'file', operation: 'upload', folder: { __rl: true, mode: 'id', value: '1000' } },
			40,
		);

		expect(result.error).toBeUndefined();
		storedOnce(hubSpot, 40);
		expect(rateLimitedRequests(hubSpot)).toBeGreaterThan(10);
		expect(hubSpot.maxInFlight).toBeLessThanOrEqual(10);
	});

	test('HubSpot\'s DAILY policy is not waited for: the item fails at once, naming the limit', async () => {
		hubSpot.forceReplies(hubSpotError(429, 'You have reached your daily limit.', 'RATE_LIMITS', { policyName: 'DAILY' }));
		const result = await run('hubSpotFiles', { hubSpotFilesApi: { privateAppToken: HUBSPOT_TOKEN, baseUrl: hubSpot.baseUrl } }, { resource: 'file', operation: 'upload', folder: { __rl: true, mode: 'id', value: '1000' } }, 1);

		expect(result.error?.message).toBe('HubSpot refused the upload of "doc-0.pdf" (HTTP 429): You have reached your daily limit.');
		expect(result.error?.description).toMatch(/Gave up after 1 attempts/);
		expect(hubSpot.requests).toHaveLength(1);
	});

	test('Kintone keeps at most 80 uploads in flight by default (the domain\'s 100 less 20), also when its answers lose the load headers', async () => {
		// A proxy that drops X-ConcurrencyLimit-*: the domain still refuses the 101st request.
		kintone.limitConcurrency(100, () => KINTONE_ERRORS.concurrencyLimit);
		// Answers that take a while, so that the uploads overlap, also on a loaded machine (the sandbox keeps latency across resets).
		kintone.latency = { delayMs: 200, bytesPerSecond: 50_000_000 };
		const result = await run('kintoneFiles', { kintoneFilesApi: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: KINTONE_TOKENS.app12, baseUrlOverride: kintone.baseUrl } }, { resource: 'file', operation: 'upload' }, 100).finally(() => {
			kintone.latency = undefined;
		});

		expect(result.error).toBeUndefined();
		storedOnce(kintone, 100);
		expect(kintone.maxInFlight).toBe(80);
	});

	test('Kintone, 40 uploads against the domain\'s concurrency limit, the cap set to 7 by the option', async () => {
		kintone.replyEvery(4, KINTONE_ERRORS.concurrencyLimit);
		const result = await run(
			'kintoneFiles',
			{ kintoneFilesApi: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: KINTONE_TOKENS.app12, baseUrlOverride: kintone.baseUrl } },
			{ resource: 'file', operation: 'upload', options: { maxConcurrentUploads: 7 } },
			40,
		);

		expect(result.error).toBeUndefined();
		storedOnce(kintone, 40);
		expect(kintone.maxInFlight).toBeLessThanOrEqual(7);
		expect(kintone.maxInFlight).toBeGreaterThan(1);
	});

	test('HighLevel, its window from X-RateLimit headers: every file arrives once', async () => {
		highLevel.replyEvery(3, { ...HIGHLEVEL_ERRORS.rateLimited, headers: { ...HIGHLEVEL_ERRORS.rateLimited.headers, 'X-RateLimit-Interval-Milliseconds': '50' } });
		const documents = HIGHLEVEL_FIELDS.find((field) => field.name === 'Documents')!.id;
		const result = await run(
			'highLevelFiles',
			{ highLevelFilesApi: { ...HIGHLEVEL_CREDENTIALS, baseUrl: highLevel.baseUrl } },
			{ resource: 'contact', operation: 'uploadFilesToCustomFields', contactId: HIGHLEVEL_CONTACT_ID, customField: { __rl: true, mode: 'id', value: documents } },
			30,
		);

		expect(result.error).toBeUndefined();
		storedOnce(highLevel, 30);
		expect(highLevel.maxInFlight).toBeLessThanOrEqual(10);
	});

	test('a 500 is not sent again: the provider may have stored the file', async () => {
		karbon.forceReplies(KARBON_ERRORS.serverError);
		const result = await run('karbonFiles', { karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: karbon.baseUrl } }, { resource: 'file', operation: 'upload', linkTo: 'contact', recordKey: 'C1' }, 1);

		expect(karbon.requests).toHaveLength(1);
		expect(result.error?.description).toMatch(/Not retried: Karbon may have stored the file before the failure/);
	});
});

/** The time between a request the sandbox answered with 429 and the next one to arrive. */
function waitAfter429(sandbox: Sandbox): number {
	const limited = sandbox.requests.findIndex((request) => request.status === 429);
	expect(limited).toBeGreaterThanOrEqual(0);
	return sandbox.requests[limited + 1].receivedAt - sandbox.requests[limited].receivedAt;
}

describe('the wait after a 429 is the one the provider names (the first backoff would be 0.25 to 0.75 s)', () => {
	const hubSpotUpload = () =>
		run('hubSpotFiles', { hubSpotFilesApi: { privateAppToken: HUBSPOT_TOKEN, baseUrl: hubSpot.baseUrl } }, { resource: 'file', operation: 'upload', folder: { __rl: true, mode: 'id', value: '1000' } }, 1);

	test.each<[string, number, number]>([
		['SECONDLY', 1000, 4000],
		['TEN_SECONDLY_ROLLING', 10_000, 13_000],
	])('HubSpot, policy %s: waits %i ms before sending the same file again', async (policyName, atLeast, below) => {
		hubSpot.forceReplies(hubSpotError(429, `You have reached your ${policyName.toLowerCase()} limit.`, 'RATE_LIMITS', { policyName }));
		const result = await hubSpotUpload();

		expect(result.error).toBeUndefined();
		expect(hubSpot.requests.map((request) => request.status)).toEqual([429, 201]);
		expect(hubSpot.requests[1].files[0].sha256).toBe(sha256(items(1)[0].files.data.bytes));
		const waited = waitAfter429(hubSpot);
		expect(waited).toBeGreaterThanOrEqual(atLeast);
		expect(waited).toBeLessThan(below);
	}, 30_000);

	test('HighLevel: waits X-RateLimit-Interval-Milliseconds (1500 ms here)', async () => {
		highLevel.forceReplies({ ...HIGHLEVEL_ERRORS.rateLimited, headers: { ...HIGHLEVEL_ERRORS.rateLimited.headers, 'X-RateLimit-Interval-Milliseconds': '1500' } });
		const documents = HIGHLEVEL_FIELDS.find((field) => field.name === 'Documents')!.id;
		const result = await run(
			'highLevelFiles',
			{ highLevelFilesApi: { ...HIGHLEVEL_CREDENTIALS, baseUrl: highLevel.baseUrl } },
			{ resource: 'contact', operation: 'uploadFilesToCustomFields', contactId: HIGHLEVEL_CONTACT_ID, customField: { __rl: true, mode: 'id', value: documents } },
			1,
		);

		expect(result.error).toBeUndefined();
		const uploads = highLevel.requests.filter((request) => request.files.length);
		expect(uploads.map((request) => request.status)).toEqual([429, 200]);
		const waited = uploads[1].receivedAt - uploads[0].receivedAt;
		expect(waited).toBeGreaterThanOrEqual(1500);
		expect(waited).toBeLessThan(4000);
	});
});

describe('a connection refused before anything was sent is retried', () => {
	test('Karbon: nothing listens at first; once the address answers, the same file is sent and arrives once', async () => {
		const address = await refusedOnceThenForwardedTo(karbon.baseUrl);
		try {
			const result = await run('karbonFiles', { karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: address.baseUrl } }, { resource: 'file', operation: 'upload', linkTo: 'contact', recordKey: 'C1' }, 1);

			expect(address.refused()).toBe(1);
			expect(result.error).toBeUndefined();
			storedOnce(karbon, 1);
			expect(karbon.requests).toHaveLength(1);
			expect(result.output[0].json.linkKey).toBe('C1');
		} finally {
			await address.close();
		}
	});
});
