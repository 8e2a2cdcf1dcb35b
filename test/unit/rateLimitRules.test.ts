import { highLevelRateLimitWait } from '../../nodes/HighLevelFiles/resources/contact/uploadFiles';
import { hubSpotRateLimitWait } from '../../nodes/HubSpotFiles/resources/file/upload';
import { quotaFromHeaders } from '../../nodes/shared/upload/throttle';

// Each provider's rule for the wait after a 429, and the quota headers the pacer reads, on
// plain answers. test/reliability/rateLimits.test.ts holds the same waits on the wire.

const refused = (responseBody: unknown, responseHeaders: Record<string, unknown> = {}) => ({ status: 429, providerMessage: 'Too many', responseBody, responseHeaders });

describe('HubSpot: the wait the 429\'s policy names', () => {
	test.each([
		[{ policyName: 'TEN_SECONDLY_ROLLING' }, {}, 10],
		[{ policyName: 'TEN_SECONDLY_ROLLING' }, { 'x-hubspot-ratelimit-interval-milliseconds': '5000' }, 5],
		[{ policyName: 'TEN_SECONDLY_ROLLING' }, { 'x-hubspot-ratelimit-interval-milliseconds': '0' }, 10],
		[{ policyName: 'TEN_SECONDLY_ROLLING' }, { 'x-hubspot-ratelimit-interval-milliseconds': '-5000' }, 10],
		[{ policyName: 'SECONDLY' }, { 'x-hubspot-ratelimit-interval-milliseconds': '5000' }, 1],
		[{ policyName: 'DAILY' }, {}, Infinity],
		[{ policyName: 'OTHER' }, {}, undefined],
		[{}, {}, undefined],
		[undefined, {}, undefined],
	])('%j with %j: %p s', (body, headers, seconds) => {
		expect(hubSpotRateLimitWait(refused(body, headers))).toBe(seconds);
	});

	test('an answer without headers', () => {
		expect(hubSpotRateLimitWait({ status: 429, providerMessage: 'x', responseBody: { policyName: 'TEN_SECONDLY_ROLLING' } })).toBe(10);
	});
});

describe('HighLevel: the interval its headers name', () => {
	test.each([
		[{ 'x-ratelimit-interval-milliseconds': '10000' }, 10],
		[{ 'x-ratelimit-interval-milliseconds': '2500' }, 2.5],
		[{ 'x-ratelimit-interval-milliseconds': '0' }, undefined],
		[{ 'x-ratelimit-interval-milliseconds': '-1000' }, undefined],
		[{ 'x-ratelimit-interval-milliseconds': 'soon' }, undefined],
		[{}, undefined],
	])('%j: %p s', (headers, seconds) => {
		expect(highLevelRateLimitWait(refused({}, headers))).toBe(seconds);
	});

	test('an answer without headers: the default backoff', () => {
		expect(highLevelRateLimitWait({ status: 429, providerMessage: 'x' })).toBeUndefined();
	});
});

describe('quotaFromHeaders', () => {
	const hubSpotQuota = quotaFromHeaders('x-hubspot-ratelimit-');

	test('max, remaining and the interval, as numbers', () => {
		expect(
			hubSpotQuota({ 'x-hubspot-ratelimit-max': '190', 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-interval-milliseconds': 10000, 'x-ratelimit-max': '5' }),
		).toEqual({ max: 190, remaining: 0, intervalMs: 10000 });
	});

	// An empty header was read as 0 (Number('') is 0): "no request left" from a header that said nothing.
	test.each([[{}], [{ 'x-hubspot-ratelimit-remaining': '' }], [{ 'x-hubspot-ratelimit-remaining': '  ' }], [{ 'x-hubspot-ratelimit-remaining': 'many' }], [{ 'x-hubspot-ratelimit-remaining': null }]])(
		'%j says nothing',
		(headers) => {
			expect(hubSpotQuota(headers)).toEqual({ max: undefined, remaining: undefined, intervalMs: undefined });
		},
	);
});
