import type { UploadFile } from '../../nodes/shared/upload/binaryInput';
import { assertFileAllowed, extensionOf, formatBytes, type FilePolicy } from '../../nodes/shared/upload/filePolicy';
import { fakeItemContext } from './fakeContext';

const file = (fileName: string, mimeType: string, byteLength = 10): UploadFile =>
	({ binaryField: 'data', fileName, mimeType, byteLength } as UploadFile);

const refusing: FilePolicy = {
	provider: 'Acme',
	refusedTypes: { extensions: ['exe'], mimeTypes: ['text/html', 'video/'], advice: 'Zip it.' },
	maxBytes: 100,
};

const allowing: FilePolicy = {
	provider: 'Acme',
	allowedTypes: { extensions: ['pdf'], mimeTypes: ['application/pdf'], label: 'PDF', advice: 'Convert it.' },
};

function thrown(action: () => void): unknown {
	try {
		action();
	} catch (error) {
		return error;
	}
	throw new Error('expected the call to throw');
}

describe('assertFileAllowed', () => {
	test.each([
		['setup.exe', 'application/octet-stream', /Acme does not accept binary field "data" \(setup.exe\)/],
		['page', 'text/html; charset=utf-8', /of type text\/html; charset=utf-8/],
		['clip.bin', 'video/mp4', /of type video\/mp4/],
		['page', 'text/html ; charset=utf-8', /of type text\/html ; charset=utf-8/],
		['page', ' Text/HTML', 'of type  Text/HTML'],
		['SETUP.EXE', 'application/octet-stream', /SETUP.EXE/],
	])('refuses %s (%s) with the provider\'s advice', (name, type, message) => {
		const error = thrown(() => assertFileAllowed(fakeItemContext(4), file(name, type), refusing));
		expect((error as Error).message).toMatch(message);
		expect(error).toMatchObject({ description: 'Zip it.', context: { itemIndex: 4 } });
		expect((error as Error).constructor.name).toBe('NodeOperationError');
	});

	test('the refusals name the parameter, the item and the file, in these words', () => {
		expect(() => assertFileAllowed(fakeItemContext(2), file('setup.exe', 'application/octet-stream'), refusing)).toThrow(
			'Input Binary Field: Acme does not accept binary field "data" (setup.exe) of type application/octet-stream [item 2]',
		);
		expect(() => assertFileAllowed(fakeItemContext(3), file('a.doc', 'application/msword'), allowing)).toThrow(
			'Input Binary Field: Acme does not accept binary field "data" (a.doc) of type application/msword [item 3]',
		);
	});

	test.each([
		['an allowed type with something after it', 'application/pdfx'],
		['an allowed type as a prefix of another', 'application/pdf-encrypted'],
	])('a MIME type is one of the list, not one that starts like it: %s (%s) is refused', (_case, type) => {
		expect(() => assertFileAllowed(fakeItemContext(), file('a.pdf', type), allowing)).toThrow(/Acme does not accept binary field "data" \(a\.pdf\)/);
	});

	test('lets an ordinary file through', () => {
		expect(() => assertFileAllowed(fakeItemContext(), file('a.pdf', 'application/pdf'), refusing)).not.toThrow();
	});

	test('refuses an empty file and one over the limit, with the sizes in the message', () => {
		expect(() => assertFileAllowed(fakeItemContext(), file('a.pdf', 'application/pdf', 0), refusing)).toThrow(
			'Input Binary Field: binary field "data" (a.pdf) is empty (0 bytes) [item 0]',
		);
		expect(() => assertFileAllowed(fakeItemContext(), file('a.pdf', 'application/pdf', 101), refusing)).toThrow(
			"is 101 bytes (101 bytes), over Acme's limit of 100 bytes (100 bytes)",
		);
		expect(() => assertFileAllowed(fakeItemContext(), file('a.pdf', 'application/pdf', 100), refusing)).not.toThrow();
	});

	test.each([
		[999, '999 bytes'],
		[1_000, '1 kB'],
		[1_500, '1.5 kB'],
		[1_000_000, '1 MB'],
		[50_000_000, '50 MB'],
		[52_428_800, '52.4 MB'],
	])('sizes are written in decimal units, as the providers write their limits: %i is %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

	test('an allow-list needs both the extension and the MIME type to match', () => {
		const ctx = fakeItemContext();
		expect(() => assertFileAllowed(ctx, file('a.pdf', 'application/pdf'), allowing)).not.toThrow();
		expect(thrown(() => assertFileAllowed(ctx, file('a.pdf', 'text/plain'), allowing))).toMatchObject({
			message: expect.stringContaining('of type text/plain'),
			description: 'Allowed types: PDF. Convert it.',
		});
		expect(thrown(() => assertFileAllowed(ctx, file('a.txt', 'application/pdf'), allowing))).toMatchObject({
			message: expect.stringContaining('(a.txt)'),
		});
	});

	test('extensionOf ignores dot-files and lower-cases', () => {
		expect([extensionOf('A.PDF'), extensionOf('.env'), extensionOf('noext'), extensionOf('a.tar.gz')]).toEqual([
			'pdf',
			'',
			'',
			'gz',
		]);
	});
});
