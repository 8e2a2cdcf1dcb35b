import { StoredBinaryFile } from '../../nodes/shared/upload/StoredBinaryFile';
import { patternBytes } from '../harness/assertions';

function counted(bytes: Buffer) {
	const opened = { count: 0 };
	const open = async () => {
		opened.count++;
		return [bytes.subarray(0, 10), bytes.subarray(10)];
	};
	return { opened, open };
}

describe('StoredBinaryFile', () => {
	test('reports the exact size without holding the bytes, and opens the store only when read', async () => {
		const bytes = patternBytes(5000);
		const { opened, open } = counted(bytes);
		const file = new StoredBinaryFile('a.pdf', 'application/pdf', bytes.length, open);

		expect(file).toBeInstanceOf(File);
		expect([file.name, file.type, file.size]).toEqual(['a.pdf', 'application/pdf', 5000]);
		expect(opened.count).toBe(0);
		expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
		expect(opened.count).toBe(1);
	});

	test('can be written twice, as a retry needs: each read opens a fresh stream', async () => {
		const bytes = patternBytes(3000, 5);
		const { opened, open } = counted(bytes);
		const form = new FormData();
		form.append('file', new StoredBinaryFile('b.bin', 'application/octet-stream', bytes.length, open));

		const first = Buffer.from(await new Response(form).arrayBuffer());
		const second = Buffer.from(await new Response(form).arrayBuffer());

		expect(opened.count).toBe(2);
		// Each body has its own boundary; both carry the whole file.
		expect(first.includes(bytes)).toBe(true);
		expect(second.includes(bytes)).toBe(true);
		expect(first.toString('latin1')).toContain('filename="b.bin"');
	});

	test('FormData keeps the part as it is (a third argument would re-wrap it empty)', () => {
		const file = new StoredBinaryFile('c.txt', 'text/plain', 42, async () => []);
		const form = new FormData();
		form.append('file', file);

		expect(form.get('file')).toBe(file);
		expect((form.get('file') as File).size).toBe(42);
	});
});
