import type { IBinaryData, IExecuteSingleFunctions, INode } from 'n8n-workflow';

import { isMediaType, readUploadFiles, safeFileName, splitList } from '../../nodes/shared/upload/binaryInput';
import { rejectionOf as refusal } from './refusal';

// The rules of binaryInput.ts on plain values; the wire tests show the same names and types
// arriving at each sandbox. Expected names are written out, never computed.

describe('safeFileName', () => {
	test.each([
		['invoice\u202Efdp.exe', 'invoicefdp.exe'],
		['a\u200Eb\u200Fc\u202Ad\u202Be\u202Cf\u202Dg\u202Eh\u2066i\u2067j\u2068k\u2069l.pdf', 'abcdefghijkl.pdf'],
		['line\r\nbreak\u0000\u0001\u001F\u007F.txt', 'linebreak.txt'],
		['../../etc/passwd', 'passwd'],
		['C:\\Users\\me\\report.pdf', 'report.pdf'],
		['  spaced name.pdf  ', 'spaced name.pdf'],
		['folder/', ''],
		['~tilde.txt', '~tilde.txt'],
	])('%j is stored as %j', (name, stored) => {
		expect(safeFileName(name)).toBe(stored);
	});

	test('the characters next to the removed ranges stay', () => {
		expect(safeFileName('a\u200Db\u2029c\u202Fd\u2065e\u206Af.pdf')).toBe('a\u200Db\u2029c\u202Fd\u2065e\u206Af.pdf');
	});

	test('at most 255 characters, the extension kept', () => {
		const exactly = 'x'.repeat(255);
		expect(safeFileName(exactly)).toBe(exactly);
		expect(safeFileName(`${'a'.repeat(300)}.pdf`)).toBe(`${'a'.repeat(251)}.pdf`);
		expect(safeFileName('n'.repeat(256))).toBe('n'.repeat(255));
	});

	test('an extension of up to 15 characters after the dot is kept, a longer one is not one', () => {
		expect(safeFileName(`${'a'.repeat(300)}.${'b'.repeat(15)}`)).toBe(`${'a'.repeat(239)}.${'b'.repeat(15)}`);
		expect(safeFileName(`${'a'.repeat(300)}.${'b'.repeat(16)}`)).toBe('a'.repeat(255));
		expect(safeFileName(`.${'h'.repeat(300)}`)).toBe(`.${'h'.repeat(254)}`);
	});

	test('the length counts characters, not UTF-16 units', () => {
		expect(safeFileName('😀'.repeat(200))).toBe('😀'.repeat(200));
		expect(safeFileName(`${'😀'.repeat(300)}.pdf`)).toBe(`${'😀'.repeat(251)}.pdf`);
	});
});

describe('isMediaType', () => {
	test.each([
		'application/pdf',
		'text/plain; charset=utf-8',
		'text/plain;charset="utf-8"',
		'multipart/form-data; boundary=abc',
		'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		'image/svg+xml',
		'text/plain ; charset=utf-8',
	])('%j is one', (value) => {
		expect(isMediaType(value)).toBe(true);
	});

	test.each(['', 'pdf', 'application/pdf ', 'text/plain\r\nX-Evil: 1', 'a/b; x=', 'text/plain; charset="a\nb"', 'text /plain', '/pdf', 'X-Evil: 1\r\ntext/plain', 'not a type text/plain'])('%j is not', (value) => {
		expect(isMediaType(value)).toBe(false);
	});
});

test('splitList takes commas, semicolons and spaces', () => {
	expect(splitList('data, attachment_0;attachment_1  file')).toEqual(['data', 'attachment_0', 'attachment_1', 'file']);
	expect(splitList('  ,; ')).toEqual([]);
	expect(splitList('')).toEqual([]);
});

describe('readUploadFiles', () => {
	const inline = (text: string, extra: Partial<IBinaryData> = {}): IBinaryData => ({
		data: Buffer.from(text).toString('base64'),
		mimeType: 'application/pdf',
		fileName: 'a.pdf',
		fileExtension: 'pdf',
		...extra,
	});

	/** An item's context: its binaries, the node's parameters, and n8n's binary helpers (stored ones stream). */
	function itemContext(binary: Record<string, IBinaryData> | undefined, parameters: Record<string, unknown>, itemIndex = 0) {
		const streamsOpened: Array<{ id: string; chunkSize: number }> = [];
		const node = { id: 'n', name: 'Upload', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
		const ctx = {
			getNode: () => node,
			getItemIndex: () => itemIndex,
			getInputData: () => ({ json: {}, binary }),
			getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
			helpers: {
				assertBinaryData: (name: string) => binary![name],
				getBinaryMetadata: async (id: string) => ({ fileSize: id === 'filesystem-v2:big' ? 1234 : 0 }),
				getBinaryStream: async (id: string, chunkSize: number) => {
					streamsOpened.push({ id, chunkSize });
					return [Buffer.from('stored bytes')]; // iterable, as the stream is
				},
			},
		} as unknown as IExecuteSingleFunctions;
		return { ctx, streamsOpened };
	}

	test('an inline binary: its name, type and size, its bytes decoded when the part is read, a fresh part each time', async () => {
		const { ctx } = itemContext({ data: inline('hello') }, { inputDataFieldName: 'data' });
		const [file, ...more] = await readUploadFiles(ctx);
		expect(more).toEqual([]);
		expect([file.binaryField, file.fileName, file.mimeType, file.byteLength]).toEqual(['data', 'a.pdf', 'application/pdf', 5]);
		const part = file.toPart();
		expect([part.name, part.type, part.size]).toEqual(['a.pdf', 'application/pdf', 5]);
		expect(Buffer.from(await part.arrayBuffer()).toString()).toBe('hello');
		expect(file.toPart()).not.toBe(part);
	});

	test('a stored binary: its size from the store\'s metadata, streamed in 128 KB chunks, opened only when read', async () => {
		const { ctx, streamsOpened } = itemContext({ data: inline('', { id: 'filesystem-v2:big', data: 'filesystem-v2' }) }, { inputDataFieldName: 'data' });
		const [file] = await readUploadFiles(ctx);
		expect(file.byteLength).toBe(1234);
		expect(streamsOpened).toEqual([]);
		expect(Buffer.from(await file.toPart().arrayBuffer()).toString()).toBe('stored bytes');
		expect(streamsOpened).toEqual([{ id: 'filesystem-v2:big', chunkSize: 131072 }]);
	});

	test('several fields by name, each once, in the order given', async () => {
		const { ctx } = itemContext(
			{ a: inline('1', { fileName: 'one.pdf' }), b: inline('22', { fileName: 'two.pdf' }) },
			{ inputDataFieldName: 'b; a, b' },
		);
		expect((await readUploadFiles(ctx)).map((file) => [file.binaryField, file.fileName, file.byteLength])).toEqual([
			['b', 'two.pdf', 2],
			['a', 'one.pdf', 1],
		]);
	});

	test('Upload All Binary Fields takes every binary of the item', async () => {
		const { ctx } = itemContext({ a: inline('1'), b: inline('2') }, { uploadAllBinaryFields: true, inputDataFieldName: 'nope' });
		expect((await readUploadFiles(ctx)).map((file) => file.binaryField)).toEqual(['a', 'b']);
	});

	test('Upload All Binary Fields on an item without binaries is refused', async () => {
		const { ctx } = itemContext(undefined, { uploadAllBinaryFields: true }, 2);
		expect(await refusal(readUploadFiles(ctx))).toEqual({
			message: 'Upload All Binary Fields: the item carries no binary data [item 2]',
			description: 'This item has no binary data at all: check that the previous node outputs a file.',
		});
	});

	test('no field name, or a field the item lacks, is refused with the fields it has', async () => {
		const binaries = { data: inline('x'), other: inline('y') };
		expect(await refusal(readUploadFiles(itemContext(binaries, { inputDataFieldName: ' , ' }).ctx))).toEqual({
			message: 'Input Binary Field: no binary field name is set [item 0]',
			description: 'Enter the name of the binary field to upload, e.g. "data". This item has the binary fields: data, other.',
		});
		expect(await refusal(readUploadFiles(itemContext(binaries, {}).ctx))).toMatchObject({ message: 'Input Binary Field: no binary field name is set [item 0]' });
		expect(await refusal(readUploadFiles(itemContext(binaries, { inputDataFieldName: null }).ctx))).toMatchObject({ message: 'Input Binary Field: no binary field name is set [item 0]' });
		expect(await refusal(readUploadFiles(itemContext(binaries, { inputDataFieldName: 'data, nope' }).ctx))).toEqual({
			message: 'Input Binary Field: the item has no binary field "nope" [item 0]',
			description: 'This item has the binary fields: data, other. Set "Input Binary Field" to one of them, or turn on "Upload All Binary Fields".',
		});
	});

	test('the File Name option: trimmed and made safe; refused for more than one file', async () => {
		const one = itemContext({ data: inline('x') }, { inputDataFieldName: 'data', options: { fileName: '  ../renamed.pdf ' } });
		expect((await readUploadFiles(one.ctx))[0].fileName).toBe('renamed.pdf');
		const blank = itemContext({ a: inline('x'), b: inline('y', { fileName: 'b.pdf' }) }, { inputDataFieldName: 'a,b', options: { fileName: '   ' } });
		expect((await readUploadFiles(blank.ctx)).map((file) => file.fileName)).toEqual(['a.pdf', 'b.pdf']);
		const two = itemContext({ a: inline('x'), b: inline('y') }, { inputDataFieldName: 'a,b', options: { fileName: 'one.pdf' } });
		expect(await refusal(readUploadFiles(two.ctx))).toEqual({
			message: 'File Name: one name cannot be given to 2 files (a, b) [item 0]',
			description: 'Remove the File Name option to keep each file its own name, or upload one binary field per item.',
		});
	});

	test('the MIME Type option: trimmed; refused when it is not one, its line breaks shown', async () => {
		const typed = itemContext({ data: inline('x') }, { inputDataFieldName: 'data', options: { mimeType: ' text/csv ' } });
		expect((await readUploadFiles(typed.ctx))[0].mimeType).toBe('text/csv');
		const injected = itemContext({ data: inline('x') }, { inputDataFieldName: 'data', options: { mimeType: 'text/plain\r\nX-Evil: 1' } });
		expect(await refusal(readUploadFiles(injected.ctx))).toEqual({
			message: 'MIME Type: "text/plain⏎⏎X-Evil: 1" is not a MIME type [item 0]',
			description: 'Enter a type such as application/pdf or text/plain; charset=utf-8, on one line.',
		});
	});

	test.each([
		[{ fileName: undefined }, 'data.pdf'],
		[{ fileName: undefined, fileExtension: undefined }, 'data'],
		[{ fileName: '\u202E' }, 'data.pdf'],
		[{ fileName: 'dir\\report.pdf' }, 'report.pdf'],
	])('a binary named %j is sent as %j', async (extra, fileName) => {
		const { ctx } = itemContext({ data: inline('x', extra) }, { inputDataFieldName: 'data' });
		expect((await readUploadFiles(ctx))[0].fileName).toBe(fileName);
	});

	test.each([
		[' image/png ', 'image/png'],
		['not a type', 'application/octet-stream'],
		['', 'application/octet-stream'],
		[undefined, 'application/octet-stream'],
	])('a binary typed %j is sent as %j', async (mimeType, sent) => {
		const { ctx } = itemContext({ data: inline('x', { mimeType: mimeType as string }) }, { inputDataFieldName: 'data' });
		expect((await readUploadFiles(ctx))[0].mimeType).toBe(sent);
	});
});
