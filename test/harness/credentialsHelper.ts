import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeProperties,
	IRequestOptionsSimplified,
	Workflow,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, UnexpectedError } from 'n8n-workflow';

/**
 * Resolves credentials as n8n's own CredentialsHelper does for a declarative credential:
 * stored values plus the type's defaults, and a `generic` authenticate block whose
 * `={{$credentials.x}}` expressions are evaluated by the workflow's expression engine.
 * Only the database and encryption are left out: the test hands the plain values in.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** How often a credential was read and decrypted (in n8n: a database query and a decryption each). */
	reads = 0;

	constructor(
		private readonly types: Map<string, ICredentialType>,
		private readonly stored: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	private type(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new UnexpectedError(`Unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.type(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...(this.types.has(parent) ? this.getParentTypes(parent) : [])]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string) {
		this.reads++;
		const data = this.stored[type];
		if (!data) throw new UnexpectedError(`The test gave no data for credential type "${type}"`);
		const withDefaults = NodeHelpers.getNodeParameters(
			this.type(type).properties,
			data as never,
			true,
			false,
			null,
			null,
		);
		return { ...(withDefaults as ICredentialDataDecryptedObject), ...data };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (!authenticate || authenticate.type !== 'generic') return requestOptions as IHttpRequestOptions;
		if (!workflow || !node) throw new UnexpectedError('Generic authentication needs the workflow and node');

		const resolve = (value: string) => {
			if (typeof value !== 'string' || !value.startsWith('=')) return value;
			const resolved = workflow.expression.getSimpleParameterValue(node, value, 'internal', {
				$credentials: credentials,
			});
			return resolved ? String(resolved) : '';
		};
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
			target[outerKey] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				target[outerKey][resolve(key)] = resolve(value);
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new UnexpectedError('Stored credential entities are not used in tests');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}
}
