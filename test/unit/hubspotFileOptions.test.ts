import { checkFileOptions, fileOptionsOf, ttlProblem } from '../../nodes/HubSpotFiles/shared/fileOptions';
import { fakeItemContext } from './fakeContext';
import { refusalOf as refusal } from './refusal';

// HubSpot's `options` form field (FileUploadOptions), checked before anything is sent: what
// each endpoint takes, and the refusal's words, for the fields and for the raw JSON.

const V3_LIST =
	'Allowed keys and values — access (required): PRIVATE, PUBLIC_INDEXABLE, PUBLIC_NOT_INDEXABLE, HIDDEN_INDEXABLE, HIDDEN_NOT_INDEXABLE, HIDDEN_PRIVATE, HIDDEN_SENSITIVE, SENSITIVE; ttl: an ISO-8601 period of at most one year, e.g. P3M; overwrite: true or false; duplicateValidationStrategy: NONE, REJECT, RETURN_EXISTING; duplicateValidationScope: ENTIRE_PORTAL, EXACT_FOLDER.';
const LEGACY_LIST =
	'Allowed keys and values — access (required): PRIVATE, PUBLIC_INDEXABLE, PUBLIC_NOT_INDEXABLE; ttl: an ISO-8601 period of at most one year, e.g. P3M; overwrite: true or false; duplicateValidationStrategy: NONE, REJECT, RETURN_EXISTING; duplicateValidationScope: ENTIRE_PORTAL, EXACT_FOLDER.';

describe('ttlProblem: an ISO-8601 date period of at most one year', () => {
	test.each(['P3M', 'P52W', 'P1Y', 'P12M', 'P365D', 'P1M2W3D', 'P1D'])('%s is one', (ttl) => {
		expect(ttlProblem(ttl)).toBeUndefined();
	});

	test.each([
		['P2Y', '"P2Y" is longer than HubSpot\'s maximum of one year (P1Y, P12M or P52W)'],
		['P366D', '"P366D" is longer than HubSpot\'s maximum of one year (P1Y, P12M or P52W)'],
		['P53W', '"P53W" is longer than HubSpot\'s maximum of one year (P1Y, P12M or P52W)'],
		['P13M', '"P13M" is longer than HubSpot\'s maximum of one year (P1Y, P12M or P52W)'],
		['P1Y1D', '"P1Y1D" is longer than HubSpot\'s maximum of one year (P1Y, P12M or P52W)'],
		['P0D', '"P0D" is a period of zero'],
		['P0Y0M', '"P0Y0M" is a period of zero'],
		['P', '"P" is not an ISO-8601 period such as P3M (3 months), P52W (52 weeks) or P1Y (1 year)'],
		['PT1H', '"PT1H" is not an ISO-8601 period such as P3M (3 months), P52W (52 weeks) or P1Y (1 year)'],
		['p3m', '"p3m" is not an ISO-8601 period such as P3M (3 months), P52W (52 weeks) or P1Y (1 year)'],
		['3 months', '"3 months" is not an ISO-8601 period such as P3M (3 months), P52W (52 weeks) or P1Y (1 year)'],
		['P3MX', '"P3MX" is not an ISO-8601 period such as P3M (3 months), P52W (52 weeks) or P1Y (1 year)'],
		['XP3M', '"XP3M" is not an ISO-8601 period such as P3M (3 months), P52W (52 weeks) or P1Y (1 year)'],
		['P10Y', '"P10Y" is longer than HubSpot\'s maximum of one year (P1Y, P12M or P52W)'],
	])('%s: %s', (ttl, problem) => {
		expect(ttlProblem(ttl)).toBe(problem);
	});
});

describe('Options (JSON)', () => {
	const fromJson = (optionsJson: unknown, endpoint: 'filesV3' | 'legacyFileManager' = 'filesV3') =>
		fileOptionsOf(fakeItemContext(0, { optionsInput: 'json', optionsJson }), endpoint);

	test('a valid object is sent as typed; n8n may hand it over already parsed', () => {
		expect(fromJson('{"access":"PRIVATE","ttl":"P3M","overwrite":false,"duplicateValidationStrategy":"REJECT","duplicateValidationScope":"EXACT_FOLDER"}')).toEqual({
			access: 'PRIVATE',
			ttl: 'P3M',
			overwrite: false,
			duplicateValidationStrategy: 'REJECT',
			duplicateValidationScope: 'EXACT_FOLDER',
		});
		expect(fromJson({ access: 'SENSITIVE' })).toEqual({ access: 'SENSITIVE' });
	});

	test('text that is not JSON', () => {
		expect(refusal(() => fromJson('{access: PRIVATE}'))).toEqual({
			message: 'Options (JSON): the text is not valid JSON [item 0]',
			description: `Write a JSON object, e.g. {"access": "PRIVATE", "ttl": "P3M"}. ${V3_LIST}`,
		});
	});

	test.each(['[1]', 'null', '"PRIVATE"', '5'])('%s is not a JSON object', (json) => {
		expect(refusal(() => fromJson(json))).toEqual({ message: 'Options (JSON): the value is not a JSON object [item 0]', description: V3_LIST });
	});

	test.each([
		['{"access":"PRIVATE","acess":1,"foo":2}', 'Options (JSON): unknown option "acess", "foo" [item 0]'],
		['{"ttl":"P3M"}', 'Options (JSON): "access" is required [item 0]'],
		['{"access":""}', 'Options (JSON): "access" is required [item 0]'],
		['{"access":5}', 'Options (JSON): access "5" is not allowed [item 0]'],
		['{"access":"private"}', 'Options (JSON): access "private" is not allowed [item 0]'],
		['{"access":"PRIVATE","ttl":5}', 'Options (JSON): TTL must be a string such as "P3M" [item 0]'],
		['{"access":"PRIVATE","ttl":"P2Y"}', 'Options (JSON): TTL "P2Y" is longer than HubSpot\'s maximum of one year (P1Y, P12M or P52W) [item 0]'],
		['{"access":"PRIVATE","overwrite":"yes"}', 'Options (JSON): overwrite must be true or false [item 0]'],
		['{"access":"PRIVATE","duplicateValidationStrategy":"SKIP"}', 'Options (JSON): duplicateValidationStrategy "SKIP" is not one of NONE, REJECT, RETURN_EXISTING [item 0]'],
		['{"access":"PRIVATE","duplicateValidationStrategy":1}', 'Options (JSON): duplicateValidationStrategy "1" is not one of NONE, REJECT, RETURN_EXISTING [item 0]'],
		['{"access":"PRIVATE","duplicateValidationScope":"FOLDER"}', 'Options (JSON): duplicateValidationScope "FOLDER" is not one of ENTIRE_PORTAL, EXACT_FOLDER [item 0]'],
	])('%s: %s', (json, message) => {
		expect(refusal(() => fromJson(json))).toEqual({ message, description: V3_LIST });
	});

	test('the legacy file manager takes the three classic access values only', () => {
		expect(fromJson('{"access":"PUBLIC_NOT_INDEXABLE"}', 'legacyFileManager')).toEqual({ access: 'PUBLIC_NOT_INDEXABLE' });
		expect(refusal(() => fromJson('{"access":"HIDDEN_PRIVATE"}', 'legacyFileManager'))).toEqual({
			message: 'Options (JSON): access "HIDDEN_PRIVATE" is not allowed (the legacy file manager takes only the three classic values) [item 0]',
			description: LEGACY_LIST,
		});
	});
});

describe('the fields', () => {
	const fromFields = (parameters: Record<string, unknown>, endpoint: 'filesV3' | 'legacyFileManager' = 'filesV3') => fileOptionsOf(fakeItemContext(2, parameters), endpoint);

	test('Access (PRIVATE unless set) and the File Options that are set, TTL trimmed', () => {
		expect(fromFields({})).toEqual({ access: 'PRIVATE' });
		expect(
			fromFields({ access: 'PUBLIC_INDEXABLE', fileOptions: { ttl: ' P3M ', overwrite: true, duplicateValidationStrategy: 'REJECT', duplicateValidationScope: '' } }),
		).toEqual({ access: 'PUBLIC_INDEXABLE', ttl: 'P3M', overwrite: true, duplicateValidationStrategy: 'REJECT' });
		expect(fromFields({ fileOptions: { ttl: '   ', overwrite: false } })).toEqual({ access: 'PRIVATE', overwrite: false });
	});

	test.each([
		[{ access: 'HIDDEN_PRIVATE' }, 'legacyFileManager', 'Access: access "HIDDEN_PRIVATE" is not allowed (the legacy file manager takes only the three classic values) [item 2]'],
		[{ access: '' }, 'filesV3', 'Access: "access" is required [item 2]'],
		[{ fileOptions: { ttl: 'P2Y' } }, 'filesV3', 'File Options → TTL: "P2Y" is longer than HubSpot\'s maximum of one year (P1Y, P12M or P52W) [item 2]'],
		[{ fileOptions: { overwrite: 'yes' } }, 'filesV3', 'File Options → Overwrite: overwrite must be true or false [item 2]'],
		[{ fileOptions: { duplicateValidationStrategy: 'SKIP' } }, 'filesV3', 'File Options → Duplicate Validation Strategy: duplicateValidationStrategy "SKIP" is not one of NONE, REJECT, RETURN_EXISTING [item 2]'],
		[{ fileOptions: { duplicateValidationScope: 'FOLDER' } }, 'filesV3', 'File Options → Duplicate Validation Scope: duplicateValidationScope "FOLDER" is not one of ENTIRE_PORTAL, EXACT_FOLDER [item 2]'],
	])('%j on %s: %s', (parameters, endpoint, message) => {
		expect(refusal(() => fromFields(parameters, endpoint as 'filesV3'))?.message).toBe(message);
	});

	test('an option the fields cannot hold is named by the collection', () => {
		expect(refusal(() => checkFileOptions(fakeItemContext(), 'filesV3', { access: 'PRIVATE', extra: 1 }, (key) => ({ access: 'Access' })[key] ?? 'File Options'))?.message).toBe(
			'File Options: unknown option "extra" [item 0]',
		);
	});
});
