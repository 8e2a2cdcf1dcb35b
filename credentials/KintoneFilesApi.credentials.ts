import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { kintoneDomainProblem } from '../nodes/KintoneFiles/shared/domain';

/**
 * Kintone: API tokens (`X-Cybozu-API-Token`, several comma-separated) or a login
 * (`X-Cybozu-Authorization: base64(login:password)`), plus the domain's Basic
 * authentication (`Authorization: Basic …`) when it has one.
 */
export class KintoneFilesApi implements ICredentialType {
	name = 'kintoneFilesApi';

	displayName = 'Kintone Files API';

	icon: Icon = { light: 'file:../icons/kintone.svg', dark: 'file:../icons/kintone.dark.svg' };

	documentationUrl = 'https://kintone.dev/en/docs/common/authentication/';

	properties: INodeProperties[] = [
		{
			displayName: 'Domain',
			name: 'domain',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. example.kintone.com',
			description:
				'Host name of your Kintone: example.cybozu.com, example.kintone.com, example.cybozu.cn or example.s.cybozu.com. Only the host: https is always used.',
		},
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			default: 'apiToken',
			options: [
				{ name: 'API Token', value: 'apiToken' },
				{ name: 'Login Name and Password', value: 'password' },
			],
		},
		{
			displayName: 'API Token(s)',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['apiToken'] } },
			description: 'One app\'s token, or up to 9 tokens separated by commas (one per app the workflow touches)',
		},
		{
			displayName: 'App ID for the Credential Test',
			name: 'testAppId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 12',
			required: true,
			displayOptions: { show: { authType: ['apiToken'] } },
			hint: 'API tokens cannot list apps: the credential test reads the form of this app, one a token here belongs to',
			description: 'Used only by the credential test',
		},
		{
			displayName: 'Login Name',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'Basic Authentication',
			name: 'basicAuth',
			type: 'boolean',
			default: false,
			description: 'Whether the domain has Basic authentication on; its user and password are sent in addition',
		},
		{
			displayName: 'Basic Authentication User',
			name: 'basicAuthUser',
			type: 'string',
			default: '',
			displayOptions: { show: { basicAuth: [true] } },
		},
		{
			displayName: 'Basic Authentication Password',
			name: 'basicAuthPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { basicAuth: [true] } },
		},
		{
			displayName: 'Base URL Override (Tests Only)',
			name: 'baseUrlOverride',
			type: 'string',
			default: '',
			description: 'Leave empty. Only for pointing the nodes at a local test server instead of https://{domain}.',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		// Before the token could go anywhere: the credential test and the pickers get the
		// same refusal the node gives at run time, and nothing is sent.
		const domainProblem = credentials.baseUrlOverride ? undefined : kintoneDomainProblem(String(credentials.domain ?? ''));
		if (domainProblem) throw new Error(`Domain: ${domainProblem}. Fix the Domain of the Kintone credential.`);
		const headers: Record<string, string> = { ...(requestOptions.headers as Record<string, string>) };
		if (credentials.authType === 'password') {
			const login = `${String(credentials.username ?? '')}:${String(credentials.password ?? '')}`;
			headers['X-Cybozu-Authorization'] = Buffer.from(login, 'utf8').toString('base64');
		} else {
			headers['X-Cybozu-API-Token'] = String(credentials.apiToken ?? '')
				.split(',')
				.map((token) => token.trim())
				.filter(Boolean)
				.join(',');
		}
		if (credentials.basicAuth) {
			const basic = `${String(credentials.basicAuthUser ?? '')}:${String(credentials.basicAuthPassword ?? '')}`;
			headers.Authorization = `Basic ${Buffer.from(basic, 'utf8').toString('base64')}`;
		}
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ ($credentials.baseUrlOverride || "https://" + $credentials.domain.trim()).replace(/\\/+$/, "") }}',
			// API tokens cannot call apps.json; a login cannot be asked for an app it may not see.
			url: '={{ $credentials.authType === "password" ? "/k/v1/apps.json?limit=1" : "/k/v1/app/form/fields.json?app=" + encodeURIComponent(String($credentials.testAppId).trim()) }}',
			method: 'GET',
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'Kintone did not accept the login name and password or the API token (HTTP 401). With Basic Authentication on the domain, check its user and password too.' } },
			{ type: 'responseCode', properties: { value: 403, message: 'Kintone accepted the credential but refused the call (HTTP 403): an API token must belong to the app in "App ID for the Credential Test"; a login must be allowed to see apps.' } },
			{ type: 'responseCode', properties: { value: 404, message: 'Kintone has no app with the ID in "App ID for the Credential Test" (HTTP 404).' } },
		],
	};
}
