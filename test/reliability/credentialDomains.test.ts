import { runNode } from '../harness/engine.cjs';
import { nodeCases, pdfItems, sandboxes, useSandboxes } from './nodeCases';

/**
 * n8n 2.x adds "Allowed HTTP Request Domains" to every credential that authenticates. For a
 * node's own API, n8n keeps the host the node sends to allowed whatever the list says
 * (RoutingNode's credential-owned surface); the list restricts everything else. The nodes
 * send to the API root the credential names (Kintone's domain, a Base URL), so that root is
 * the one allowed: a restricted credential still uploads, through n8n's own check.
 */
useSandboxes();

const restrictions = {
	'Specific Domains, not listing the API host': { allowedHttpRequestDomains: 'domains', allowedDomains: 'elsewhere.example.com' },
	'Specific Domains, the list left empty': { allowedHttpRequestDomains: 'domains', allowedDomains: '' },
	None: { allowedHttpRequestDomains: 'none' },
};

describe.each(Object.entries(nodeCases))('%s', (_, { type, parameters, credentials, sandbox, uploadPath }) => {
	test.each(Object.entries(restrictions))('uploads with the credential restricted to %s', async (_, restriction) => {
		const run = await runNode({ type, parameters, credentials: credentials(restriction), items: pdfItems(2) });

		expect(run.error).toBeUndefined();
		expect(run.output).toHaveLength(2);
		expect(sandbox.requests.filter((request) => request.path === uploadPath)).toHaveLength(2);
	});
});

test('the restriction is not taken for a secret: an error keeps the words "domains" and the listed host', async () => {
	const { type, parameters, credentials } = nodeCases['Karbon Files › Upload'];
	const answer = 'Uploads from these domains are paused: elsewhere.example.com';
	sandboxes.karbon.forceReplies(() => ({ status: 400, body: { Message: answer } }));
	const run = await runNode({ type, parameters, credentials: credentials(restrictions['Specific Domains, not listing the API host']), items: pdfItems(1) });

	expect(run.error?.message).toContain(answer);
});
