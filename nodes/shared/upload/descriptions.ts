import type { INodeProperties } from 'n8n-workflow';

/** A node with one resource still shows it, as n8n's nodes do. */
export function singleResource(name: string, value: string): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: value,
		options: [{ name, value }],
	};
}

/** The binary input fields, identical in every node of the package. */
export const binaryInputFields: INodeProperties[] = [
	{
		displayName: 'Upload All Binary Fields',
		name: 'uploadAllBinaryFields',
		type: 'boolean',
		validateType: 'boolean',
		default: false,
		description:
			'Whether to upload every binary field of the item, e.g. all attachments of an email (attachment_0, attachment_1, …)',
	},
	{
		displayName: 'Input Binary Field',
		name: 'inputDataFieldName',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data',
		hint: 'The name of the input binary field containing the file to upload. Separate several names with commas or spaces.',
		displayOptions: { show: { uploadAllBinaryFields: [false] } },
	},
];

/** Options every upload offers; a node appends its own, and may set its own bounds and words for the cap in flight. */
export function uploadOptionsCollection(
	defaultConcurrency: number,
	nodeOptions: INodeProperties[] = [],
	concurrency: { max: number; description: string } = {
		max: 50,
		description:
			'How many uploads to this account may be in flight at once, shared by every run of this n8n process that uses the same credential (in queue mode: per worker). The default follows the provider\'s published limits.',
	},
): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. q4-summary.pdf',
			description:
				'Name to give the uploaded file instead of the binary\'s own. Only for one file per item.',
		},
		{
			displayName: 'Max Concurrent Uploads',
			name: 'maxConcurrentUploads',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: concurrency.max },
			default: defaultConcurrency,
			description: concurrency.description,
		},
		{
			displayName: 'Max Rate-Limit Wait (Seconds)',
			name: 'maxRateLimitWait',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description: 'How long one file may wait in total for the provider\'s rate limit (HTTP 429) before it fails; 0 never waits',
		},
		{
			displayName: 'MIME Type',
			name: 'mimeType',
			type: 'string',
			default: '',
			placeholder: 'e.g. application/pdf',
			description:
				'Content type to send instead of the binary\'s own, e.g. when the detected type is wrong. Without one, application/octet-stream is sent.',
		},
		{
			displayName: 'Pass Through Binary',
			name: 'passThroughBinary',
			type: 'boolean',
			validateType: 'boolean',
			default: false,
			description:
				'Whether each output item keeps the file it uploaded, under its original binary field, so a later node can upload it again',
		},
		...nodeOptions,
	];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/**
 * The option that caps an account's request rate below the provider's. By default the node
 * paces to the published limit, or to the limit the provider's answers report.
 */
export function requestRateOption(provider: string, published: string): INodeProperties {
	return {
		displayName: 'Max Requests per Minute',
		name: 'maxRequestsPerMinute',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: `At most this many requests a minute to this account from this n8n process (in queue mode: per worker), paced evenly. 0: ${provider}'s own limit, ${published}, or the one its answers report.`,
	};
}

/**
 * What an AI agent is told about the node as a tool. n8n's own Tool Description, added when a
 * node has none, defaults to "<action> in <node>" and so never says that the agent's input
 * item must carry the file; this one does. Shown only on the tool variant of the node.
 */
export function toolDescriptionField(text: string): INodeProperties {
	return {
		displayName: 'Tool Description',
		name: 'toolDescription',
		type: 'string',
		default: text,
		typeOptions: { rows: 4 },
		description: 'What the AI agent is told about this tool: what it does, what it needs and which fields it may fill',
		displayOptions: { show: { '@tool': [true] } },
	};
}
