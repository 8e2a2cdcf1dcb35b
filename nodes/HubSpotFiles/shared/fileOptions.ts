import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

import { inputError } from '../../shared/upload/errors';

/** The `options` form field of both upload endpoints: a JSON string of FileUploadOptions. */
export const ACCESS_LEVELS = {
	filesV3: [
		'PRIVATE',
		'PUBLIC_INDEXABLE',
		'PUBLIC_NOT_INDEXABLE',
		'HIDDEN_INDEXABLE',
		'HIDDEN_NOT_INDEXABLE',
		'HIDDEN_PRIVATE',
		'HIDDEN_SENSITIVE',
		'SENSITIVE',
	],
	legacyFileManager: ['PRIVATE', 'PUBLIC_INDEXABLE', 'PUBLIC_NOT_INDEXABLE'],
} as const;

export type HubSpotEndpoint = keyof typeof ACCESS_LEVELS;

const ENUMS = {
	duplicateValidationStrategy: ['NONE', 'REJECT', 'RETURN_EXISTING'],
	duplicateValidationScope: ['ENTIRE_PORTAL', 'EXACT_FOLDER'],
} as const;

export const OPTION_KEYS = ['access', 'ttl', 'overwrite', 'duplicateValidationStrategy', 'duplicateValidationScope'];

// A date-based period (HubSpot reads it as a Java Period): years, months, weeks, days.
const PERIOD = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/;
const DAYS_PER_YEAR = 365.25;

/** Why a TTL is not an ISO-8601 period of at most one year, or undefined when it is. */
export function ttlProblem(ttl: string): string | undefined {
	const match = PERIOD.exec(ttl);
	if (!match) return `"${ttl}" is not an ISO-8601 period such as P3M (3 months), P52W (52 weeks) or P1Y (1 year)`;
	const [years, months, weeks, days] = match.slice(1).map((part) => Number(part ?? 0));
	const totalDays = years * DAYS_PER_YEAR + months * (DAYS_PER_YEAR / 12) + weeks * 7 + days;
	if (totalDays === 0) return `"${ttl}" is a period of zero`;
	if (totalDays > DAYS_PER_YEAR) return `"${ttl}" is longer than HubSpot's maximum of one year (P1Y, P12M or P52W)`;
	return undefined;
}

function allowedList(endpoint: HubSpotEndpoint): string {
	return [
		`access (required): ${ACCESS_LEVELS[endpoint].join(', ')}`,
		'ttl: an ISO-8601 period of at most one year, e.g. P3M',
		'overwrite: true or false',
		`duplicateValidationStrategy: ${ENUMS.duplicateValidationStrategy.join(', ')}`,
		`duplicateValidationScope: ${ENUMS.duplicateValidationScope.join(', ')}`,
	].join('; ');
}

/** Checks FileUploadOptions for the endpoint; throws a NodeOperationError naming the rule. */
export function checkFileOptions(
	ctx: IExecuteSingleFunctions,
	endpoint: HubSpotEndpoint,
	options: IDataObject,
	parameterOf: (key: string) => string,
): IDataObject {
	const refuse = (key: string, problem: string) =>
		inputError(ctx, parameterOf(key), problem, `Allowed keys and values — ${allowedList(endpoint)}.`);

	const unknown = Object.keys(options).filter((key) => !OPTION_KEYS.includes(key));
	if (unknown.length) throw refuse(unknown[0], `unknown option ${unknown.map((key) => `"${key}"`).join(', ')}`);
	if (options.access === undefined || options.access === '') throw refuse('access', '"access" is required');
	if (typeof options.access !== 'string' || !(ACCESS_LEVELS[endpoint] as readonly string[]).includes(options.access)) {
		const note = endpoint === 'legacyFileManager' ? ' (the legacy file manager takes only the three classic values)' : '';
		throw refuse('access', `access "${String(options.access)}" is not allowed${note}`);
	}
	if (options.ttl !== undefined) {
		const problem = typeof options.ttl === 'string' ? ttlProblem(options.ttl) : 'must be a string such as "P3M"';
		// "File Options → TTL: "P2Y" is longer…", but "Options (JSON): TTL "P2Y" is longer…".
		if (problem) throw refuse('ttl', parameterOf('ttl').endsWith('TTL') ? problem : `TTL ${problem}`);
	}
	if (options.overwrite !== undefined && typeof options.overwrite !== 'boolean') {
		throw refuse('overwrite', 'overwrite must be true or false');
	}
	for (const [key, values] of Object.entries(ENUMS)) {
		if (options[key] !== undefined && (typeof options[key] !== 'string' || !(values as readonly string[]).includes(options[key]))) {
			throw refuse(key, `${key} "${String(options[key])}" is not one of ${values.join(', ')}`);
		}
	}
	return options;
}

/** The options from the node: the fields, or the raw JSON a power user typed. */
export function fileOptionsOf(ctx: IExecuteSingleFunctions, endpoint: HubSpotEndpoint): IDataObject {
	if (ctx.getNodeParameter('optionsInput', 'fields') === 'json') {
		const raw = ctx.getNodeParameter('optionsJson', '{}');
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parsed = jsonParse(raw);
			} catch {
				throw inputError(
					ctx,
					'Options (JSON)',
					'the text is not valid JSON',
					`Write a JSON object, e.g. {"access": "PRIVATE", "ttl": "P3M"}. Allowed keys and values — ${allowedList(endpoint)}.`,
				);
			}
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw inputError(ctx, 'Options (JSON)', 'the value is not a JSON object', `Allowed keys and values — ${allowedList(endpoint)}.`);
		}
		return checkFileOptions(ctx, endpoint, parsed as IDataObject, () => 'Options (JSON)');
	}

	const fields = ctx.getNodeParameter('fileOptions', {}) as IDataObject;
	const options: IDataObject = { access: ctx.getNodeParameter('access', 'PRIVATE') };
	if (String(fields.ttl ?? '').trim()) options.ttl = String(fields.ttl).trim();
	for (const key of ['overwrite', 'duplicateValidationStrategy', 'duplicateValidationScope']) {
		if (fields[key] !== undefined && fields[key] !== '') options[key] = fields[key];
	}
	return checkFileOptions(ctx, endpoint, options, (key) => FIELD_NAMES[key] ?? 'File Options');
}

/** The panel field that holds each option, named in the refusal. */
const FIELD_NAMES: Record<string, string> = {
	access: 'Access',
	ttl: 'File Options → TTL',
	overwrite: 'File Options → Overwrite',
	duplicateValidationStrategy: 'File Options → Duplicate Validation Strategy',
	duplicateValidationScope: 'File Options → Duplicate Validation Scope',
};
