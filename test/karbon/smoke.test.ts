import { runNode } from '../harness/engine';
import { karbonSandbox, KARBON_CREDENTIALS } from '../sandboxes/karbon';

const sandbox = karbonSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());

test('smoke', async () => {
	const result = await runNode({
		type: 'karbonFiles',
		parameters: { resource: 'file', operation: 'upload', linkTo: 'workItem', recordKey: 'RXq4mD62PXg' },
		credentials: { karbonFilesApi: { ...KARBON_CREDENTIALS, baseUrl: sandbox.baseUrl } },
		items: [{ files: { data: { bytes: Buffer.from('hello pdf'), fileName: 'proposal.pdf', mimeType: 'application/pdf' } } }],
	});
	console.log(JSON.stringify(result.output, null, 1), result.error, sandbox.requests.map((r) => ({ ...r, headers: undefined, query: undefined })));
});
