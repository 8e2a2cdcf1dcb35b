import { patternBytes, sha256 } from '../harness/assertions';
import { runNode } from '../harness/engine.cjs';
import { highLevelRateLimit, highLevelSandbox, HIGHLEVEL_CONTACT_ID, HIGHLEVEL_CREDENTIALS, HIGHLEVEL_FIELDS } from '../sandboxes/highlevel.cjs';
import { hubSpotRateLimit, hubSpotSandbox, HUBSPOT_TOKEN } from '../sandboxes/hubspot.cjs';
import { karbonRateLimit, karbonSandbox, KARBON_CREDENTIALS } from '../sandboxes/karbon.cjs';
import { kintoneSandbox, KINTONE_TOKENS } from '../sandboxes/kintone.cjs';
import { type Sandbox, useSandboxes } from '../sandboxes/sandbox.cjs';
import { sleep, type IExecuteSingleFunctions } from 'n8n-workflow';
import { kintoneLoad } from '../../nodes/KintoneFiles/resources/file/upload';
import { accountThrottle, Limiter, Pacer, quotaFromHeaders } from '../../nodes/shared/upload/throttle';

/**
 * Pacing: the account's requests are spread to its rate limit before the provider has to
 * refuse any. First the pacer alone on a fake clock (when each request is let through), then
 * the nodes through n8n's engine against sandboxes that enforce each provider's limit.
 */

/** A clock that only moves when the pacer waits, or when the test moves it. */
function fakeClock() {
	let now = 0;
	return { now: () => now, wait: async (ms: number) => void (now += ms), advance: (ms: number) => void (now += ms) };
}

/** A clock whose waits never end by themselves: the test sees each wait asked, and whether a request is still waiting. */
function stoppedClock() {
	const waits: number[] = [];
	return { now: () => 0, wait: async (ms: number) => await new Promise<void>(() => void waits.push(ms)), waits };
}

/** Whether the promise settles within a few event-loop turns. */
async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
	return await Promise.race([promise.then(() => true), sleep(50).then(() => false)]);
}

async function admissions(pacer: Pacer, count: number, clock: { now: () => number }): Promise<number[]> {
	const times: number[] = [];
	for (let i = 0; i < count; i++) {
		await pacer.admit();
		times.push(clock.now());
	}
	return times;
}

describe('Pacer', () => {
	test('120 a minute is paced as 4 every 2 seconds, each slot reused once surely out of the window', async () => {
		const clock = fakeClock();
		const pacer = new Pacer({ requests: 120, intervalMs: 60_000 }, undefined, clock.now, clock.wait);

		expect(await admissions(pacer, 9, clock)).toEqual([0, 0, 0, 0, 2100, 2100, 2100, 2100, 4200]);
	});

	test('the limit the provider reports replaces the published one', async () => {
		const clock = fakeClock();
		const pacer = new Pacer({ requests: 100, intervalMs: 10_000 }, undefined, clock.now, clock.wait);
		pacer.learn({ max: 4, remaining: 3, intervalMs: 1000 });

		expect(pacer.limit).toEqual({ requests: 4, intervalMs: 1000 });
		expect(await admissions(pacer, 6, clock)).toEqual([0, 0, 0, 0, 1100, 1100]);
	});

	test('the user\'s cap holds even when the provider reports more', () => {
		const pacer = new Pacer({ requests: 100, intervalMs: 10_000 }, { requests: 60, intervalMs: 60_000 });
		pacer.learn({ max: 190, remaining: 150, intervalMs: 10_000 });

		expect(pacer.limit).toEqual({ requests: 10, intervalMs: 10_000 });
		expect(pacer.pace).toEqual({ requests: 2, intervalMs: 2000 });
	});

	test('a cap above the published rate is the account\'s own limit (its plan allows more)', () => {
		const pacer = new Pacer({ requests: 120, intervalMs: 60_000 }, { requests: 600, intervalMs: 60_000 });

		expect(pacer.pace).toEqual({ requests: 20, intervalMs: 2000 });
	});

	test('a pause (a 429\'s wait) holds every request, then they go on at the pace', async () => {
		const clock = fakeClock();
		const pacer = new Pacer({ requests: 120, intervalMs: 60_000 }, undefined, clock.now, clock.wait);
		pacer.pause(3);

		expect(await admissions(pacer, 5, clock)).toEqual([3000, 3000, 3000, 3000, 5100]);
	});

	test('an empty quota that the pacer did not use up (another client did) waits one window', async () => {
		const clock = fakeClock();
		const pacer = new Pacer({ requests: 100, intervalMs: 10_000 }, undefined, clock.now, clock.wait);
		await pacer.admit();
		pacer.learn({ max: 100, remaining: 0, intervalMs: 10_000 });

		expect(await admissions(pacer, 2, clock)).toEqual([2000, 2000]);
	});

	test('a quota emptied by the pacer\'s own requests (half the pace or more) is no reason to pause', async () => {
		const clock = fakeClock();
		// 100 per 10 s is paced as 20 every 2 s.
		const pacer = new Pacer({ requests: 100, intervalMs: 10_000 }, undefined, clock.now, clock.wait);
		await admissions(pacer, 10, clock);
		pacer.learn({ max: 100, remaining: 0, intervalMs: 10_000 });

		expect(await admissions(pacer, 1, clock)).toEqual([0]);
	});

	test('requests older than the pace\'s window do not explain an empty quota: it waits one window', async () => {
		const clock = fakeClock();
		const pacer = new Pacer({ requests: 100, intervalMs: 10_000 }, undefined, clock.now, clock.wait);
		await admissions(pacer, 10, clock);
		clock.advance(2000);
		pacer.learn({ max: 100, remaining: 0, intervalMs: 10_000 });

		expect(await admissions(pacer, 1, clock)).toEqual([4000]);
	});

	test('a quota naming no usable limit (zero, negative, no interval) leaves the limit as it was', () => {
		const pacer = new Pacer({ requests: 100, intervalMs: 10_000 });
		pacer.learn({ max: -5, remaining: 3, intervalMs: 1000 });
		pacer.learn({ max: 0, remaining: 3, intervalMs: 1000 });
		pacer.learn({ max: 50, remaining: 3, intervalMs: -1000 });
		pacer.learn({ max: 50, remaining: 3 });

		expect(pacer.limit).toEqual({ requests: 100, intervalMs: 10_000 });
	});

	test('the provider\'s reported limit wins over a higher user cap (the cap only ever lowers it)', () => {
		const pacer = new Pacer({ requests: 100, intervalMs: 10_000 }, { requests: 600, intervalMs: 60_000 });
		pacer.learn({ max: 50, remaining: 40, intervalMs: 10_000 });

		expect(pacer.limit).toEqual({ requests: 50, intervalMs: 10_000 });
	});

	test('a pause of no real length (NaN, Infinity) holds nothing', async () => {
		const clock = fakeClock();
		const pacer = new Pacer({ requests: 120, intervalMs: 60_000 }, undefined, clock.now, clock.wait);
		pacer.pause(Number.NaN);
		pacer.pause(Number.POSITIVE_INFINITY);

		expect(await admissions(pacer, 1, clock)).toEqual([0]);
	});

	test('a slot is reused only once its request is surely out of the window, never a margin early', async () => {
		const clock = fakeClock();
		const pacer = new Pacer({ requests: 120, intervalMs: 60_000 }, undefined, clock.now, clock.wait);
		await admissions(pacer, 4, clock);
		clock.advance(1950);

		expect(await admissions(pacer, 1, clock)).toEqual([2100]);
	});

	/**
	 * 1 every 2 s, already reported by the provider (so a later report changes it, not sets it):
	 * the second request waits 2.1 s, on a clock that never gets there.
	 */
	async function secondRequestWaiting() {
		const clock = stoppedClock();
		const pacer = new Pacer({ requests: 1, intervalMs: 2000 }, undefined, clock.now, clock.wait);
		pacer.learn({ max: 1, remaining: 1, intervalMs: 2000 });
		await pacer.admit();
		const second = pacer.admit();
		expect(await settlesSoon(second)).toBe(false);
		return { clock, pacer, second };
	}

	test('a request waiting under the old limit goes as soon as the provider reports a higher one', async () => {
		const { clock, pacer, second } = await secondRequestWaiting();

		pacer.learn({ max: 10, remaining: 9, intervalMs: 2000 });

		expect(await settlesSoon(second)).toBe(true);
		expect(clock.waits).toEqual([2100]);
	});

	test('a waiting request is woken when only the reported interval changes, and then waits the new, shorter time', async () => {
		const { clock, pacer, second } = await secondRequestWaiting();

		pacer.learn({ max: 1, remaining: 0, intervalMs: 1000 });

		expect(await settlesSoon(second)).toBe(false);
		expect(clock.waits).toEqual([2100, 1100]);
	});

	test('requests asking at once are let through in the order they asked, and every one is let through', async () => {
		const clock = fakeClock();
		const pacer = new Pacer({ requests: 120, intervalMs: 60_000 }, undefined, clock.now, clock.wait);
		const order: number[] = [];
		await Promise.all(Array.from({ length: 9 }, async (_, i) => {
			await pacer.admit();
			order.push(i);
		}));

		expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
		expect(clock.now()).toBe(4200);
	});
});

describe('quotaFromHeaders', () => {
	test('reads the max, the remaining and the interval, each named by the prefix', () => {
		const quota = quotaFromHeaders('x-ratelimit-')({ 'x-ratelimit-max': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-interval-milliseconds': '10000' });

		expect(quota).toEqual({ max: 100, remaining: 0, intervalMs: 10_000 });
	});

	test('a header that is missing or not a number is left out, not read as 0', () => {
		const quota = quotaFromHeaders('x-ratelimit-')({ 'x-ratelimit-max': 'lots', 'x-ratelimit-remaining': '7', 'x-other-interval-milliseconds': '1000' });

		expect(quota).toEqual({ max: undefined, remaining: 7, intervalMs: undefined });
	});
});

/** An item context of a node whose credential has this id and name. */
function contextWithCredential(id: string | undefined, name: string): IExecuteSingleFunctions {
	const node = { name: 'Upload', credentials: { karbonFilesApi: { id, name } } };
	return { getNode: () => node } as unknown as IExecuteSingleFunctions;
}

describe('kintoneLoad', () => {
	test('reads the domain\'s limit and the requests it runs', () => {
		expect(kintoneLoad({ 'x-concurrencylimit-limit': '100', 'x-concurrencylimit-running': '37' })).toEqual({ limit: 100, running: 37 });
		expect(kintoneLoad({ 'x-concurrencylimit-limit': ' 100 ', 'x-concurrencylimit-running': '0' })).toEqual({ limit: 100, running: 0 });
	});

	test.each([
		['no headers', {}],
		['no running count', { 'x-concurrencylimit-limit': '100' }],
		['an empty running count (no 0)', { 'x-concurrencylimit-limit': '100', 'x-concurrencylimit-running': '' }],
		['a limit of 0', { 'x-concurrencylimit-limit': '0', 'x-concurrencylimit-running': '3' }],
		['a count that is no whole number', { 'x-concurrencylimit-limit': '100', 'x-concurrencylimit-running': '3.5' }],
		['a negative count', { 'x-concurrencylimit-limit': '100', 'x-concurrencylimit-running': '-1' }],
	])('%s: no load reported', (_case, headers) => {
		expect(kintoneLoad(headers)).toBeUndefined();
	});
});

describe('Limiter: slots by the load the provider reports', () => {
	/** Tasks on one Kintone-like account (a cap of 80, 20 slots before any load is reported), each held until released. */
	function heldTasks() {
		const clock = fakeClock();
		const limiter = new Limiter(80, 20, clock.now);
		const releases: Array<() => void> = [];
		let started = 0;
		const tasks = (count: number) =>
			Array.from({ length: count }, async () =>
				await limiter.run(async () => {
					started++;
					await new Promise<void>((resolve) => releases.push(resolve));
				}),
			);
		const releaseFirst = async (count: number) => {
			for (const release of releases.splice(0, count)) release();
			await sleep(10);
		};
		const releaseAll = async () => {
			while (releases.length > 0) await releaseFirst(releases.length);
		};
		return { limiter, clock, tasks, started: () => started, releaseFirst, releaseAll };
	}

	test('20 slots before the provider reports its load, then its room less the reserve, up to the cap', async () => {
		const account = heldTasks();
		const all = account.tasks(100);
		await sleep(10);
		expect(account.started()).toBe(20);

		// 20 of ours and 50 of the domain's other clients running: room for 100 − 20 − 50 = 30.
		account.limiter.share({ limit: 100, running: 70 }, 20);
		await sleep(10);
		expect(account.started()).toBe(30);

		// A second later the others have left: the cap (80) holds, not the domain's 100 less the reserve.
		account.clock.advance(1000);
		account.limiter.share({ limit: 100, running: 30 }, 20);
		await sleep(10);
		expect(account.started()).toBe(80);

		// The others come back (65 of theirs beside our 80): room for 15; a slot freed is not reused until fewer than 15 run.
		account.limiter.share({ limit: 100, running: 145 }, 20);
		await account.releaseFirst(65);
		expect(account.started()).toBe(80);
		await account.releaseFirst(1);
		expect(account.started()).toBe(81);

		await account.releaseAll();
		await Promise.all(all);
		expect(account.started()).toBe(100);
	});

	test('an answer counted before our latest requests arrived (fewer running) opens nothing within the second', async () => {
		const account = heldTasks();
		const all = account.tasks(40);
		await sleep(10);
		// 20 of ours and 75 others: room for 5.
		account.limiter.share({ limit: 100, running: 95 }, 20);
		// An answer written when only 10 of ours had arrived.
		account.clock.advance(500);
		account.limiter.share({ limit: 100, running: 85 }, 20);
		await account.releaseFirst(16);
		expect(account.started()).toBe(21);
		// Past the second, the first answer is forgotten: 5 of ours and 70 others leave room for 10.
		account.clock.advance(600);
		account.limiter.share({ limit: 100, running: 75 }, 20);
		await sleep(10);
		expect(account.started()).toBe(26);
		await account.releaseAll();
		await Promise.all(all);
	});

	test('a domain full of other clients\' requests still lets one request through at a time: every task runs', async () => {
		const account = heldTasks();
		const all = account.tasks(25);
		await sleep(10);
		account.limiter.share({ limit: 100, running: 200 }, 20);
		await account.releaseFirst(20);
		expect(account.started()).toBe(21);
		for (let round = 0; round < 4; round++) await account.releaseFirst(1);
		expect(account.started()).toBe(25);
		await account.releaseAll();
		await Promise.all(all);
	});

	test('after a quiet spell with nothing in flight, the next run starts again from 20 slots: the old load is no longer known', async () => {
		const account = heldTasks();
		const first = account.tasks(30);
		await sleep(10);
		account.limiter.share({ limit: 100, running: 20 }, 20);
		await sleep(10);
		expect(account.started()).toBe(30);
		await account.releaseAll();
		await Promise.all(first);

		// Within the second, the domain's room is still known.
		const soon = account.tasks(30);
		await sleep(10);
		expect(account.started()).toBe(60);
		await account.releaseAll();
		await Promise.all(soon);

		account.clock.advance(1000);
		const later = account.tasks(30);
		await sleep(10);
		expect(account.started()).toBe(80);
		await account.releaseAll();
		await Promise.all(later);
	});

	test('a long upload still in flight keeps the room known: no restart from 20 while requests run', async () => {
		const account = heldTasks();
		const first = account.tasks(30);
		await sleep(10);
		account.limiter.share({ limit: 100, running: 20 }, 20);
		await sleep(10);
		// A second without an answer, 30 uploads still running: the next ones may still take the room.
		account.clock.advance(1000);
		const more = account.tasks(30);
		await sleep(10);
		expect(account.started()).toBe(60);
		await account.releaseAll();
		await Promise.all([...first, ...more]);
	});

	test('an answer that reports no load (a proxy dropped the headers) opens the whole cap', async () => {
		const account = heldTasks();
		const all = account.tasks(90);
		await sleep(10);
		account.limiter.share({ limit: 100, running: 95 }, 20);
		account.limiter.share(undefined, 20);
		await sleep(10);
		expect(account.started()).toBe(80);
		await account.releaseAll();
		await Promise.all(all);
	});
});

describe('accountThrottle', () => {
	/** Whether a task on `second` starts while a Karbon task on `first` still holds the only slot. */
	async function startsBesideHeldSlot(first: IExecuteSingleFunctions, second: IExecuteSingleFunctions, secondProvider = 'Karbon'): Promise<boolean> {
		let release!: () => void;
		const held = accountThrottle(first, 'Karbon', 1).run(async () => await new Promise<void>((resolve) => (release = resolve)));
		const other = accountThrottle(second, secondProvider, 1).run(async () => 'started');
		const started = await settlesSoon(other);
		release();
		await held;
		await other;
		return started;
	}

	test('two credentials of the same name are two accounts: each has its own slots', async () => {
		expect(await startsBesideHeldSlot(contextWithCredential('cred-a', 'Karbon account'), contextWithCredential('cred-b', 'Karbon account'))).toBe(true);
	});

	test('two runs on one credential share its slots', async () => {
		expect(await startsBesideHeldSlot(contextWithCredential('cred-c', 'Karbon account'), contextWithCredential('cred-c', 'Karbon account'))).toBe(false);
	});

	test('a credential without an id (an older saved workflow) is told apart by its name', async () => {
		expect(await startsBesideHeldSlot(contextWithCredential(undefined, 'First'), contextWithCredential(undefined, 'Second'))).toBe(true);
	});

	test('two caps on one account are paced apart (a workflow that lowers its own pace does not slow the others)', () => {
		const ctx = contextWithCredential('cred-e', 'Karbon account');
		const published = { requests: 120, intervalMs: 60_000 };
		const slower = accountThrottle(ctx, 'Karbon', 5, { published, cap: { requests: 30, intervalMs: 60_000 } });
		const faster = accountThrottle(ctx, 'Karbon', 5, { published, cap: { requests: 300, intervalMs: 60_000 } });

		expect(slower.pacer!.limit).toEqual({ requests: 30, intervalMs: 60_000 });
		expect(faster.pacer!.limit).toEqual({ requests: 300, intervalMs: 60_000 });
	});

	test('one credential used with two providers keeps two sets of slots', async () => {
		const ctx = contextWithCredential('cred-d', 'Shared');

		expect(await startsBesideHeldSlot(ctx, ctx, 'HubSpot')).toBe(true);
	});
});

const [karbon, hubSpot, highLevel, kintone] = useSandboxes(karbonSandbox(), hubSpotSandbox(), highLevelSandbox(), kintoneSandbox());

const files = (count: number, prefix: string) =>
	Array.from({ length: count }, (_, i) => ({ files: { data: { bytes: patternBytes(3000, i + 1), fileName: `${prefix}-${i}.pdf`, mimeType: 'application/pdf' } } }));

/** Each file of the run stored once, none refused for the rate. */
function storedOnceWithout429(sandbox: Sandbox, count: number, prefix: string) {
	expect(sandbox.rateLimited).toBe(0);
	const stored = sandbox.requests.filter((request) => request.files.length > 0 && request.status! < 300).map((request) => request.files[0].sha256);
	expect(stored.sort()).toEqual(files(count, prefix).map((item) => sha256(item.files.data.bytes)).sort());
}

describe('the nodes pace to the provider\'s limit (paced runs, sandboxes enforcing it)', () => {
	test('HubSpot, two overlapping runs on one account, a portal allowing 20 a second: the limit is read from its headers, no 429 storm', async () => {
		hubSpot.limitRate(hubSpotRateLimit(20, 1000));
		const run = (prefix: string) =>
			runNode({
				type: 'hubSpotFiles',
				parameters: { resource: 'file', operation: 'upload', folder: { __rl: true, mode: 'id', value: '1000' } },
				credentials: { hubSpotFilesApi: { privateAppToken: HUBSPOT_TOKEN, baseUrl: hubSpot.baseUrl } },
				items: files(30, prefix),
				account: 'pacedHubSpot',
				paced: true,
			});
		const [first, second] = await Promise.all([run('a'), run('b')]);

		expect([first.error, second.error]).toEqual([undefined, undefined]);
		// None on an idle machine; on a loaded one (a mutation run: 2 to 9 seen) requests let through
		// together reach the sandbox spread over more than the pacer's margin. With the pace switched
		// off, 60 refusals were counted.
		expect(hubSpot.rateLimited).toBeLessThanOrEqual(10);
		expect(hubSpot.requests.filter((request) => request.status === 201)).toHaveLength(60);
		expect(hubSpot.peakInWindow).toBeLessThanOrEqual(20);
		// The published 100 per 10 s would let through 20 in the first two seconds; the portal's 20 a second, up to 40
		// (fewer on a loaded machine, where the first answers, which name the portal's limit, come later).
		const firstArrival = hubSpot.requests[0].receivedAt;

		expect(hubSpot.requests.filter((request) => request.receivedAt < firstArrival + 2000).length).toBeGreaterThan(20);
	});

	test('Karbon at its published 120 a minute: 4 every 2 seconds, no 429', async () => {
		karbon.limitRate(karbonRateLimit(120, 60_000));
		const started = Date.now();
		const run = await runNode({
			type: 'karbonFiles',
			parameters: { resource: 'file', operation: 'upload', linkTo: 'contact', recordKey: 'C1' },
			credentials: { karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: karbon.baseUrl } },
			items: files(6, 'k'),
			paced: true,
		});

		expect(run.error).toBeUndefined();
		storedOnceWithout429(karbon, 6, 'k');
		const arrivals = karbon.requests.map((request) => request.receivedAt - started);
		// Four, then the 5th waits two seconds for a slot.
		expect(arrivals[4]).toBeGreaterThanOrEqual(2000);
	});

	test('Karbon with Max Requests per Minute 300 (an account allowed more than the published 120): 10 every 2 seconds, no 429', async () => {
		karbon.limitRate(karbonRateLimit(300, 60_000));
		const started = Date.now();
		const run = await runNode({
			type: 'karbonFiles',
			parameters: { resource: 'file', operation: 'upload', linkTo: 'contact', recordKey: 'C1', options: { maxRequestsPerMinute: 300, maxConcurrentUploads: 5 } },
			credentials: { karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: karbon.baseUrl } },
			items: files(12, 'm'),
			paced: true,
		});

		expect(run.error).toBeUndefined();
		storedOnceWithout429(karbon, 12, 'm');
		const arrivals = karbon.requests.map((request) => request.receivedAt - started);
		// The published pace would hold the 5th for two seconds; this account's lets ten through.
		expect(arrivals[4]).toBeLessThan(2000);
		expect(arrivals[10]).toBeGreaterThanOrEqual(2000);
	});

	// Until its first answer the node knows only the published 10 a second: 2 in flight keep that start under 4.
	test('HighLevel, a location allowing 4 a second: paced by its X-RateLimit headers, no 429', async () => {
		highLevel.limitRate(highLevelRateLimit(4, 1000));
		const documents = HIGHLEVEL_FIELDS.find((field) => field.name === 'Documents')!.id;
		const run = await runNode({
			type: 'highLevelFiles',
			parameters: { resource: 'contact', operation: 'uploadFilesToCustomFields', contactId: HIGHLEVEL_CONTACT_ID, customField: { __rl: true, mode: 'id', value: documents }, options: { maxConcurrentUploads: 2 } },
			credentials: { highLevelFilesApi: { ...HIGHLEVEL_CREDENTIALS, baseUrl: highLevel.baseUrl } },
			items: files(9, 'h'),
			paced: true,
		});

		expect(run.error).toBeUndefined();
		expect(highLevel.rateLimited).toBe(0);
		expect(highLevel.peakInWindow).toBeLessThanOrEqual(4);
		expect(highLevel.requests.filter((request) => request.files.length > 0 && request.status === 200)).toHaveLength(9);
	});

	test('a 429 all the same (another client used the quota): the account waits, and no file is lost or sent twice', async () => {
		hubSpot.limitRate(hubSpotRateLimit(5, 1000));
		// Another client of the portal has just used the whole window.
		await Promise.all(Array.from({ length: 5 }, async () => await fetch(`${hubSpot.baseUrl}/files/v3/folders/search`, { headers: { authorization: `Bearer ${HUBSPOT_TOKEN}` } })));
		const run = await runNode({
			type: 'hubSpotFiles',
			parameters: { resource: 'file', operation: 'upload', folder: { __rl: true, mode: 'id', value: '1000' } },
			credentials: { hubSpotFilesApi: { privateAppToken: HUBSPOT_TOKEN, baseUrl: hubSpot.baseUrl } },
			items: files(6, 'x'),
			paced: true,
		});

		expect(run.error).toBeUndefined();
		const stored = hubSpot.requests.filter((request) => request.files.length > 0 && request.status === 201).map((request) => request.files[0].sha256);
		expect(stored.sort()).toEqual(files(6, 'x').map((item) => sha256(item.files.data.bytes)).sort());
		// Only the requests already in flight (at most the cap, 10) meet the 429; the first one holds the account.
		expect(hubSpot.rateLimited).toBeLessThanOrEqual(10);
	});
});

describe('Kintone fills the room its domain reports (X-ConcurrencyLimit-* on every answer)', () => {
	const upload = (items: ReturnType<typeof files>) =>
		runNode({
			type: 'kintoneFiles',
			parameters: { resource: 'file', operation: 'upload' },
			credentials: { kintoneFilesApi: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: KINTONE_TOKENS.app12, baseUrlOverride: kintone.baseUrl } },
			items,
		});
	/** Uploads that arrived after every one of the first 20 (sent before any answer) was answered. */
	const afterFirstRound = () => {
		const uploads = kintone.requests.filter((request) => request.files.length > 0);
		const firstRoundAnswered = Math.max(...uploads.slice(0, 20).map((request) => request.answeredAt ?? 0));
		return { uploads, later: uploads.filter((request) => request.receivedAt > firstRoundAnswered) };
	};

	test('an idle domain: 20 go out before the first answer, then more, up to the 80 of the default cap; no 429', async () => {
		kintone.latency = { delayMs: 150, bytesPerSecond: 1e9 };
		const run = await upload(files(120, 'idle')).finally(() => (kintone.latency = undefined));

		expect(run.error).toBeUndefined();
		storedOnceWithout429(kintone, 120, 'idle');
		const { uploads } = afterFirstRound();
		const firstAnswer = Math.min(...uploads.map((request) => request.answeredAt ?? Infinity));
		expect(uploads.filter((request) => request.receivedAt < firstAnswer).length).toBeLessThanOrEqual(20);
		expect(kintone.maxInFlight).toBeGreaterThan(20);
		expect(kintone.maxInFlight).toBeLessThanOrEqual(80);
	});

	test('a domain running 75 of the company\'s other requests: after the first 20, the node keeps to the 5 left beside the reserve; no 429, each file stored once', async () => {
		kintone.limitDomain(75);
		kintone.latency = { delayMs: 100, bytesPerSecond: 1e9 };
		const run = await upload(files(40, 'busy')).finally(() => (kintone.latency = undefined));

		expect(run.error).toBeUndefined();
		storedOnceWithout429(kintone, 40, 'busy');
		const { later } = afterFirstRound();
		expect(later.length).toBeGreaterThan(0);
		expect(Math.max(...later.map((request) => request.inFlightAtArrival))).toBeLessThanOrEqual(5);
	});
});
