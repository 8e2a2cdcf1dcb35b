import type { INodeParameters } from 'n8n-workflow';

import { patternBytes, sha256 } from '../harness/assertions';
import { runListSearch, runNode } from '../harness/engine.cjs';
import type { FixtureItem } from '../harness/fileSourceNode.cjs';
import { highLevelSandbox, HIGHLEVEL_CREDENTIALS, HIGHLEVEL_LOCATION_ID } from '../sandboxes/highlevel.cjs';

/** HighLevel Files › Upload to Media Library (POST /medias/upload-file), against the sandbox. */
const sandbox = highLevelSandbox();
beforeAll(async () => void (await sandbox.start()));
afterAll(async () => await sandbox.stop());
beforeEach(() => sandbox.reset());

const credentials = () => ({ highLevelFilesApi: { ...HIGHLEVEL_CREDENTIALS, baseUrl: sandbox.baseUrl } });
const file = (fileName: string, mimeType: string, bytes: Buffer = patternBytes(2048)) => ({ bytes, fileName, mimeType });

function upload(parameters: INodeParameters, items: FixtureItem[] = [{ files: { data: file('brochure.pdf', 'application/pdf') } }]) {
	return runNode({
		type: 'highLevelFiles',
		parameters: { resource: 'media', operation: 'uploadToMediaLibrary', ...parameters },
		credentials: credentials(),
		items,
	});
}

const mediaRequests = () => sandbox.requests.filter((request) => request.path === '/medias/upload-file');
const STORAGE = `https://storage.googleapis.com/highlevel-sandbox/${HIGHLEVEL_LOCATION_ID}`;

describe('HighLevel Files › Upload to Media Library', () => {
	test('a binary goes as part `file` with its name, the token and the Version header; the output gives fileId and url', async () => {
		const bytes = patternBytes(70_000, 3);
		const result = await upload({}, [{ files: { data: file('Spring brochure.pdf', 'application/pdf', bytes) } }]);

		expect(result.error).toBeUndefined();
		const [request] = mediaRequests();
		expect([request.method, request.headers.authorization, request.headers.version]).toEqual(['POST', `Bearer ${HIGHLEVEL_CREDENTIALS.privateIntegrationToken}`, '2021-07-28']);
		expect(request.files).toEqual([expect.objectContaining({ part: 'file', fileName: 'Spring brochure.pdf', mimeType: 'application/pdf', sha256: sha256(bytes) })]);
		expect(request.fields).toEqual([['name', 'Spring brochure.pdf']]);
		expect(result.output).toEqual([
			{
				json: { fileId: '6620f1c2a9b7e83d4c5fb000', url: `${STORAGE}/6620f1c2a9b7e83d4c5fb000`, binaryField: 'data', fileName: 'Spring brochure.pdf', size: 70_000 },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a name and a folder picked from the list are sent; the output names the folder asked for', async () => {
		const result = await upload({ mediaName: 'Brochure 2027.pdf', mediaFolder: { __rl: true, mode: 'list', value: '6620f1c2a9b7e83d4c5f0a11', cachedResultName: 'Brochures' } });

		expect(result.error).toBeUndefined();
		expect(mediaRequests()[0].fields).toEqual([
			['name', 'Brochure 2027.pdf'],
			['parentId', '6620f1c2a9b7e83d4c5f0a11'],
		]);
		expect(result.output[0].json).toMatchObject({ folderId: '6620f1c2a9b7e83d4c5f0a11' });
		// The sandbox does what HighLevel is reported to do: the file lands in the root.
		expect(sandbox.media).toEqual([expect.objectContaining({ requestedParentId: '6620f1c2a9b7e83d4c5f0a11', parentId: null })]);
	});

	test('a hosted URL is sent as hosted=true with fileUrl, and no file part', async () => {
		const result = await upload({ mediaSource: 'url', fileUrl: 'https://example.com/assets/logo.png' }, [{ json: {} }]);

		expect(result.error).toBeUndefined();
		expect(mediaRequests().map((request) => [request.fields, request.files])).toEqual([
			[
				[
					['hosted', 'true'],
					['fileUrl', 'https://example.com/assets/logo.png'],
				],
				[],
			],
		]);
		expect(result.output[0].json).toEqual({ fileId: '6620f1c2a9b7e83d4c5fb000', url: `${STORAGE}/6620f1c2a9b7e83d4c5fb000`, fileUrl: 'https://example.com/assets/logo.png' });
	});

	test('each binary of an item is its own upload, each output item paired with the input', async () => {
		const result = await upload({ uploadAllBinaryFields: true }, [{ files: { a: file('a.png', 'image/png'), b: file('b.jpg', 'image/jpeg') } }]);

		expect(result.error).toBeUndefined();
		expect(mediaRequests().map((request) => request.files[0].fileName).sort()).toEqual(['a.png', 'b.jpg']);
		expect(result.output.map(({ json, pairedItem }) => [json.fileName, pairedItem])).toEqual([
			['a.png', { item: 0 }],
			['b.jpg', { item: 0 }],
		]);
	});

	test.each<[string, Buffer, string, boolean]>([
		['an image of exactly 25,000,000 bytes', Buffer.alloc(25_000_000, 1), 'image/png', true],
		['an image one byte over', Buffer.alloc(25_000_001, 1), 'image/png', false],
		['a video one byte over 25 MB (videos may have 500 MB)', Buffer.alloc(25_000_001, 1), 'video/mp4', true],
	])('%s', async (_case, bytes, mimeType, passes) => {
		const name = mimeType === 'video/mp4' ? 'clip.mp4' : 'banner.png';
		const result = await upload({}, [{ files: { data: file(name, mimeType, bytes) } }]);

		if (passes) {
			expect(result.error).toBeUndefined();
			expect(mediaRequests()).toHaveLength(1);
		} else {
			expect(result.error?.message).toBe('Input Binary Field: binary field "data" (banner.png) is 25 MB (25,000,001 bytes), over HighLevel\'s limit of 25 MB (25,000,000 bytes) [item 0]');
			expect(mediaRequests()).toHaveLength(0);
		}
	});

	test('a URL, a name and a folder ID pasted with spaces go out trimmed', async () => {
		const result = await upload(
			{ mediaSource: 'url', fileUrl: '  https://example.com/assets/logo.png\n', mediaName: ' Logo.png ', mediaFolder: { __rl: true, mode: 'id', value: '6620f1c2a9b7e83d4c5f0a11 ' } },
			[{ json: {} }],
		);

		expect(result.error).toBeUndefined();
		expect(mediaRequests()[0].fields).toEqual([
			['hosted', 'true'],
			['fileUrl', 'https://example.com/assets/logo.png'],
			['name', 'Logo.png'],
			['parentId', '6620f1c2a9b7e83d4c5f0a11'],
		]);
	});

	test('a plain http URL is fetched too, and a URL upload into a folder names the folder in its output', async () => {
		const result = await upload(
			{ mediaSource: 'url', fileUrl: 'http://example.com/assets/logo.png', mediaFolder: { __rl: true, mode: 'id', value: '6620f1c2a9b7e83d4c5f0a11' } },
			[{ json: {} }],
		);

		expect(result.error).toBeUndefined();
		expect(mediaRequests()[0].fields).toEqual([
			['hosted', 'true'],
			['fileUrl', 'http://example.com/assets/logo.png'],
			['parentId', '6620f1c2a9b7e83d4c5f0a11'],
		]);
		expect(result.output[0].json).toEqual({
			fileId: '6620f1c2a9b7e83d4c5fb000',
			url: `${STORAGE}/6620f1c2a9b7e83d4c5fb000`,
			fileUrl: 'http://example.com/assets/logo.png',
			folderId: '6620f1c2a9b7e83d4c5f0a11',
		});
	});

	test('one name for two files of an item is refused with the fix, nothing sent; without a name each file goes under its own', async () => {
		const two = [{ files: { front: file('front.png', 'image/png', patternBytes(1_000, 1)), back: file('back.png', 'image/png', patternBytes(1_000, 2)) } }];
		const named = await upload({ uploadAllBinaryFields: true, mediaName: 'Card.png' }, two);

		expect(named.error?.message).toBe('Name: one name cannot be given to 2 files [item 0]');
		expect(named.error?.description).toBe('Leave Name empty to keep each file its own name, or upload one binary field per item.');
		expect(sandbox.requests).toHaveLength(0);

		const unnamed = await upload({ uploadAllBinaryFields: true }, two);
		expect(unnamed.error).toBeUndefined();
		expect(mediaRequests().map((request) => request.fields).sort()).toEqual([[['name', 'back.png']], [['name', 'front.png']]]);
	});

	test('a Name, Folder or File URL whose expression gives nothing counts as empty', async () => {
		const nothing = { mediaName: '={{ $json.title }}', mediaFolder: { __rl: true, mode: 'id', value: '={{ $json.folder }}' } };
		const binary = await upload(nothing, [{ json: {}, files: { data: file('Spring brochure.pdf', 'application/pdf', patternBytes(1_000, 1)) } }]);
		expect(binary.error).toBeUndefined();
		expect(mediaRequests()[0].fields).toEqual([['name', 'Spring brochure.pdf']]);

		sandbox.reset();
		const hosted = await upload({ ...nothing, mediaSource: 'url', fileUrl: '={{ $json.url }}' }, [{ json: {} }]);
		expect(hosted.error?.message).toBe('File URL: the URL is empty [item 0]');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('a name of only spaces keeps the file its own name', async () => {
		const result = await upload({ mediaName: '   ' }, [{ files: { data: file('Spring brochure.pdf', 'application/pdf', patternBytes(1_000, 1)) } }]);

		expect(result.error).toBeUndefined();
		expect(mediaRequests()[0].fields).toEqual([['name', 'Spring brochure.pdf']]);
	});

	test.each<[string, string, RegExp]>([
		['an empty URL', '={{ "" }}', /^File URL: the URL is empty \[item 0\]$/],
		['a URL of only spaces', '   ', /^File URL: the URL is empty \[item 0\]$/],
		['no web address', 'ftp://example.com/logo.png', /^File URL: "ftp:\/\/example\.com\/logo\.png" is not a web address \[item 0\]$/],
	])('%s is refused before anything is sent', async (_case, fileUrl, message) => {
		const result = await upload({ mediaSource: 'url', fileUrl }, [{ json: {} }]);
		expect(result.error?.message).toMatch(message);
		expect(result.error?.description).toBe('Enter the public address HighLevel should fetch the file from, e.g. https://example.com/brochure.pdf.');
		expect(sandbox.requests).toHaveLength(0);
	});

	test('the Folder list asks for the location\'s folders as HighLevel requires, and offers them by name', async () => {
		const found = await runListSearch({ type: 'highLevelFiles', method: 'searchMediaFolders', parameters: { authentication: 'accessToken', resource: 'media' }, credentials: credentials(), filter: 'bro' });

		expect(found.results).toEqual([{ name: 'Brochures', value: '6620f1c2a9b7e83d4c5f0a11' }]);
		expect(Object.fromEntries(sandbox.requests[0].query)).toEqual({
			altType: 'location',
			altId: HIGHLEVEL_LOCATION_ID,
			type: 'folder',
			sortBy: 'createdAt',
			sortOrder: 'asc',
			offset: '0',
			limit: '100',
			query: 'bro',
		});
	});
});
