import type { UploadFile } from '../../nodes/shared/upload/binaryInput';
import { assertFileAllowed } from '../../nodes/shared/upload/filePolicy';
import { highLevelFilePolicy } from '../../nodes/HighLevelFiles/resources/contact/uploadFiles';
import { highLevelMediaUpload } from '../../nodes/HighLevelFiles/resources/media/uploadToMediaLibrary';
import { fakeItemContext } from './fakeContext';
import { refusalOf } from './refusal';

const file = (fileName: string, mimeType: string, byteLength = 10): UploadFile =>
	({ binaryField: 'data', fileName, mimeType, byteLength } as UploadFile);

// The types HighLevel's page lists for FILE_UPLOAD custom fields, written out here, one by one.
describe('HighLevel custom fields take every type its page lists', () => {
	test.each(['pdf', 'docx', 'doc', 'jpg', 'jpeg', 'png', 'gif', 'csv', 'xlsx', 'xls', 'mp4', 'mpeg', 'zip', 'rar', 'txt', 'svg'])(
		'the extension .%s',
		(extension) => expect(() => assertFileAllowed(fakeItemContext(), file(`report.${extension}`, 'application/pdf'), highLevelFilePolicy)).not.toThrow(),
	);

	test.each([
		'application/pdf',
		'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		'application/msword',
		'image/jpeg',
		'image/png',
		'image/gif',
		'text/csv',
		'application/csv',
		'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		'application/vnd.ms-excel',
		'video/mp4',
		'video/mpeg',
		'audio/mpeg',
		'application/zip',
		'application/x-zip-compressed',
		'application/vnd.rar',
		'application/x-rar-compressed',
		'text/plain',
		'image/svg+xml',
	])('the MIME type %s', (mimeType) => expect(() => assertFileAllowed(fakeItemContext(), file('report.pdf', mimeType), highLevelFilePolicy)).not.toThrow());

	test('a type off the list is refused', () => {
		expect(() => assertFileAllowed(fakeItemContext(), file('report.html', 'text/html'), highLevelFilePolicy)).toThrow(
			'Input Binary Field: HighLevel does not accept binary field "data" (report.html) of type text/html [item 0]',
		);
	});
});

// 25 MB for media, 500 MB for a video: a file of 30 MB is a video by its MIME type or by its extension.
describe('HighLevel media library: what counts as a video', () => {
	const plan = (upload: UploadFile) => highLevelMediaUpload.plan(fakeItemContext(0, { mediaSource: 'binary' }) as never, [upload], {} as never);
	const THIRTY_MB = 30_000_000;

	test.each(['mp4', 'mov', 'm4v', 'avi', 'wmv', 'webm', 'mkv', 'mpeg', 'mpg'])('a .%s file of 30 MB with no video MIME type', (extension) => {
		expect(plan(file(`clip.${extension}`, 'application/octet-stream', THIRTY_MB))).toHaveLength(1);
	});

	test.each([
		['an upper-case extension', 'CLIP.MOV', 'application/octet-stream'],
		['a video MIME type and another extension', 'clip.bin', 'video/x-custom'],
		['an upper-case video MIME type', 'clip.bin', 'Video/MP4'],
	])('%s: %s (%s) of 30 MB', (_case, fileName, mimeType) => {
		expect(plan(file(fileName, mimeType, THIRTY_MB))).toHaveLength(1);
	});

	test('a video of exactly 500,000,000 bytes goes; one byte more is refused, with HighLevel\'s limit', () => {
		expect(plan(file('clip.mp4', 'video/mp4', 500_000_000))).toHaveLength(1);
		expect(refusalOf(() => plan(file('clip.mp4', 'video/mp4', 500_000_001)))?.message).toBe(
			'Input Binary Field: binary field "data" (clip.mp4) is 500 MB (500,000,001 bytes), over HighLevel\'s limit of 500 MB (500,000,000 bytes) [item 0]',
		);
	});

	test.each([
		['a file that only ends like a video MIME type', 'clip.bin', 'application/x-video/'],
		['a name with no extension', 'mp4', 'application/octet-stream'],
	])('%s is media, held to 25 MB: %s (%s)', (_case, fileName, mimeType) => {
		expect(refusalOf(() => plan(file(fileName, mimeType, THIRTY_MB)))?.message).toContain("over HighLevel's limit of 25 MB (25,000,000 bytes)");
	});
});
