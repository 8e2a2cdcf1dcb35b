import type { IHttpRequestOptions } from 'n8n-workflow';

import type { UploadFile } from '../../nodes/shared/upload/binaryInput';
import { eachFileToEachTarget, multipartRequestOptions, uploadRouting, type UploadOperation } from '../../nodes/shared/upload/uploadOperation';

// The upload core's plain helpers: which requests a plan makes, and the options a multipart
// request is sent with. Sending them is the wire tests' (test/*/upload.test.ts).

const file = (binaryField: string) => ({ binaryField, fileName: `${binaryField}.pdf` }) as UploadFile;

test('each file once per target, in target order, each request describing its target and its file', () => {
	const targets = [
		{ fields: { contact_keys: 'A1' }, describe: { linkKey: 'A1' } },
		{ fields: { contact_keys: 'B2' }, describe: { linkKey: 'B2' } },
	];
	const [one, two] = [file('attachment_0'), file('attachment_1')];
	expect(eachFileToEachTarget(targets, [one, two], 'file')).toEqual([
		{ fields: { contact_keys: 'A1' }, parts: [{ name: 'file', file: one }], describe: { linkKey: 'A1', binaryField: 'attachment_0' } },
		{ fields: { contact_keys: 'A1' }, parts: [{ name: 'file', file: two }], describe: { linkKey: 'A1', binaryField: 'attachment_1' } },
		{ fields: { contact_keys: 'B2' }, parts: [{ name: 'file', file: one }], describe: { linkKey: 'B2', binaryField: 'attachment_0' } },
		{ fields: { contact_keys: 'B2' }, parts: [{ name: 'file', file: two }], describe: { linkKey: 'B2', binaryField: 'attachment_1' } },
	]);
	expect(eachFileToEachTarget(targets, [], 'file')).toEqual([]);
});

test('a multipart request drops the JSON content type in any spelling, keeps the other headers, follows no redirect', () => {
	const body = new FormData();
	expect(
		multipartRequestOptions<IHttpRequestOptions>({ url: '/v3/Files', headers: { 'Content-Type': 'application/json', 'content-type': 'x', Accept: 'application/json', Version: '2021-07-28' } }, body),
	).toEqual({ url: '/v3/Files', headers: { Accept: 'application/json', Version: '2021-07-28' }, body, disableFollowRedirect: true });
	expect(multipartRequestOptions<IHttpRequestOptions>({ url: '/x' }, body)).toEqual({ url: '/x', headers: {}, body, disableFollowRedirect: true });
});

test('the routing hands every item\'s request to the upload hook, as a paginated send', () => {
	const routing = uploadRouting({ provider: 'Acme' } as UploadOperation, { method: 'POST', url: '/upload' });
	expect(routing.request).toEqual({ method: 'POST', url: '/upload' });
	expect(routing.send).toEqual({ paginate: true });
	expect(typeof routing.operations.pagination).toBe('function');
});
