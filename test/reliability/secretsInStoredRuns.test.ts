import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { patternBytes, serialiseRun } from '../harness/assertions';
import { runListSearch, runNode } from '../harness/engine.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import { highLevelSandbox, HIGHLEVEL_CONTACT_ID, HIGHLEVEL_CREDENTIALS, HIGHLEVEL_FIELDS, HIGHLEVEL_LOCATION_ID, HIGHLEVEL_OAUTH_TOKEN } from '../sandboxes/highlevel.cjs';
import { hubSpotSandbox, HUBSPOT_TOKEN } from '../sandboxes/hubspot.cjs';
import { karbonSandbox, KARBON_CREDENTIALS } from '../sandboxes/karbon.cjs';
import { kintoneSandbox, KINTONE_BASIC, KINTONE_LOGIN, KINTONE_TOKENS } from '../sandboxes/kintone.cjs';
import { type ReceivedRequest, type Sandbox, useSandboxes } from '../sandboxes/sandbox.cjs';

/**
 * No secret in anything n8n keeps of a failed run: the whole run data as the execution is
 * stored (each error through n8n's own toJSON, `context` and `cause` included), the output
 * items, and the error the run stopped with as n8n logs it (stack, every cause). The
 * provider echoes the request's headers in every error body, as some gateways do, in the
 * two forms seen: JSON and "name: value" text.
 */
const [karbon, hubSpot, kintone, highLevel] = useSandboxes(karbonSandbox(), hubSpotSandbox(), kintoneSandbox(), highLevelSandbox());

const echoes = {
	json: (request: ReceivedRequest) => ({ status: 400, body: { message: `Bad request. You sent: ${JSON.stringify(request.headers)}` } }),
	text: (request: ReceivedRequest) => ({
		status: 400,
		body: { message: `Gateway saw: ${Object.entries(request.headers).map(([name, value]) => `${name}: ${String(value)}`).join('\n')}` },
	}),
};

const items: FixtureItem[] = [{ files: { data: { bytes: patternBytes(20_000, 3), fileName: 'doc.pdf', mimeType: 'application/pdf' } } }];
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Two Kintone API tokens as a user types them: sent joined by a comma, without the space. */
const TOKEN_LIST = `${KINTONE_TOKENS.app12}, ${KINTONE_TOKENS.app20}`;
const OAUTH = { clientId: 'client-id-public', clientSecret: 'oauth-client-secret-5d1e', refreshToken: 'oauth-refresh-token-9a8b7c' };

interface SecretCase {
	name: string;
	sandbox: Sandbox;
	type: string;
	credentials: () => Record<string, ICredentialDataDecryptedObject>;
	parameters: INodeParameters;
	/** Every secret of the credential, also as it travels (a joined list, a Base64 pair). */
	secrets: string[];
}

const kintoneLogin = () => ({ kintoneFilesApi: { domain: 'example.kintone.com', authType: 'password', ...KINTONE_LOGIN, basicAuth: true, ...KINTONE_BASIC, baseUrlOverride: kintone.baseUrl } });
const kintoneTokens = () => ({ kintoneFilesApi: { domain: 'example.kintone.com', authType: 'apiToken', apiToken: TOKEN_LIST, testAppId: '12', baseUrlOverride: kintone.baseUrl } });
const LOGIN_SECRETS = [KINTONE_LOGIN.password, KINTONE_BASIC.basicAuthPassword, base64(`${KINTONE_LOGIN.username}:${KINTONE_LOGIN.password}`), base64(`${KINTONE_BASIC.basicAuthUser}:${KINTONE_BASIC.basicAuthPassword}`)];
const TOKEN_SECRETS = [KINTONE_TOKENS.app12, KINTONE_TOKENS.app20, `${KINTONE_TOKENS.app12},${KINTONE_TOKENS.app20}`, TOKEN_LIST];
const attach: INodeParameters = { resource: 'file', operation: 'uploadAndAttach', app: { __rl: true, mode: 'id', value: '12' }, recordId: '6', attachmentField: { __rl: true, mode: 'id', value: 'Attachments' } };
const highLevelUpload: INodeParameters = { resource: 'contact', operation: 'uploadFilesToCustomFields', contactId: HIGHLEVEL_CONTACT_ID, customField: { __rl: true, mode: 'id', value: HIGHLEVEL_FIELDS[3].id } };

const CASES: SecretCase[] = [
	{
		name: 'Karbon, upload',
		sandbox: karbon,
		type: 'karbonFiles',
		credentials: () => ({ karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: karbon.baseUrl } }),
		parameters: { resource: 'file', operation: 'upload', linkTo: 'contact', recordKey: 'C1' },
		secrets: [KARBON_CREDENTIALS.accessToken, KARBON_CREDENTIALS.accessKeySecret],
	},
	{
		name: 'HubSpot private app, upload and attach',
		sandbox: hubSpot,
		type: 'hubSpotFiles',
		credentials: () => ({ hubSpotFilesApi: { privateAppToken: HUBSPOT_TOKEN, baseUrl: hubSpot.baseUrl } }),
		parameters: { resource: 'file', operation: 'uploadAndAttach', folder: { __rl: true, mode: 'id', value: '1000' }, recordType: 'contact', recordId: '51' },
		secrets: [HUBSPOT_TOKEN],
	},
	{
		name: 'HubSpot OAuth2, upload',
		sandbox: hubSpot,
		type: 'hubSpotFiles',
		credentials: () => ({ hubSpotFilesOAuth2Api: { ...OAUTH, baseUrl: hubSpot.baseUrl, oauthTokenData: { access_token: HUBSPOT_TOKEN, refresh_token: OAUTH.refreshToken, token_type: 'Bearer' } } }),
		parameters: { authentication: 'oAuth2', resource: 'file', operation: 'upload', folder: { __rl: true, mode: 'id', value: '1000' } },
		secrets: [HUBSPOT_TOKEN, OAUTH.clientSecret, OAUTH.refreshToken],
	},
	{ name: 'Kintone login + Basic, upload', sandbox: kintone, type: 'kintoneFiles', credentials: kintoneLogin, parameters: { resource: 'file', operation: 'upload' }, secrets: LOGIN_SECRETS },
	{ name: 'Kintone login + Basic, upload and attach (the record lookup fails)', sandbox: kintone, type: 'kintoneFiles', credentials: kintoneLogin, parameters: attach, secrets: LOGIN_SECRETS },
	{ name: 'Kintone token list, upload', sandbox: kintone, type: 'kintoneFiles', credentials: kintoneTokens, parameters: { resource: 'file', operation: 'upload' }, secrets: TOKEN_SECRETS },
	{ name: 'Kintone token list, upload and attach (the record lookup fails)', sandbox: kintone, type: 'kintoneFiles', credentials: kintoneTokens, parameters: attach, secrets: TOKEN_SECRETS },
	{
		name: 'HighLevel private integration, upload (the field lookup fails)',
		sandbox: highLevel,
		type: 'highLevelFiles',
		credentials: () => ({ highLevelFilesApi: { ...HIGHLEVEL_CREDENTIALS, baseUrl: highLevel.baseUrl } }),
		parameters: highLevelUpload,
		secrets: [HIGHLEVEL_CREDENTIALS.privateIntegrationToken],
	},
	{
		name: 'HighLevel OAuth2, upload',
		sandbox: highLevel,
		type: 'highLevelFiles',
		credentials: () => ({ highLevelFilesOAuth2Api: { ...OAUTH, baseUrl: highLevel.baseUrl, oauthTokenData: { access_token: HIGHLEVEL_OAUTH_TOKEN, refresh_token: OAUTH.refreshToken, token_type: 'Bearer', locationId: HIGHLEVEL_LOCATION_ID } } }),
		parameters: { ...highLevelUpload, authentication: 'oAuth2' },
		secrets: [HIGHLEVEL_OAUTH_TOKEN, OAUTH.clientSecret, OAUTH.refreshToken],
	},
];

describe.each(Object.keys(echoes) as Array<keyof typeof echoes>)('an error body echoing the request headers (%s)', (echo) => {
	test.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s: no secret in the stored run, with or without Continue On Fail', async (_name, testCase) => {
		for (const continueOnFail of [false, true]) {
			testCase.sandbox.forceReplies(echoes[echo]);
			const run = await runNode({ type: testCase.type, parameters: testCase.parameters, credentials: testCase.credentials(), items, continueOnFail });
			const stored = serialiseRun(run);

			// The echo did reach the run, and what it carried was masked.
			expect(stored).toMatch(echo === 'json' ? /You sent:/ : /Gateway saw:/);
			expect(stored).toContain('***');
			for (const secret of testCase.secrets) expect(stored).not.toContain(secret);
			testCase.sandbox.reset();
		}
	});
});

test('a picker whose request fails shows no secret either (Kintone apps, login + Basic)', async () => {
	kintone.forceReplies(echoes.text);
	const failure = await runListSearch({ type: 'kintoneFiles', method: 'searchApps', parameters: {}, credentials: kintoneLogin() }).then(
		() => undefined,
		(error: Error) => error,
	);

	expect(failure).toBeInstanceOf(Error);
	const seen = JSON.stringify({ error: failure, message: failure?.message, stack: failure?.stack, cause: failure?.cause, context: (failure as { context?: unknown })?.context });
	expect(seen).toContain('***');
	for (const secret of LOGIN_SECRETS) expect(seen).not.toContain(secret);
});
