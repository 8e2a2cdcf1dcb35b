import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The floor of the nightly sync on this machine, no n8n: a plain Node script reads each file
 * from disk and posts it with the platform's fetch and FormData, a set number at once. It runs
 * in a process of its own, as `n8n execute` does, so that the sandboxes keep theirs.
 *
 *   node plainClient.cjs <url> <headers as JSON> <part name> <in flight> <folder> <file name prefix>
 *
 * Prints {"seconds": …, "failed": n}: from the first read to the last answer.
 */
async function main() {
	const [url, headersJson, part, inFlightText, folder, prefix] = process.argv.slice(2);
	const headers = JSON.parse(headersJson) as Record<string, string>;
	const names = readdirSync(folder)
		.filter((name) => name.startsWith(prefix))
		.sort();
	const started = process.hrtime.bigint();
	let next = 0;
	let failed = 0;
	const sendNext = async (): Promise<void> => {
		while (next < names.length) {
			const name = names[next++];
			const form = new FormData();
			form.append(part, new Blob([await readFile(path.join(folder, name))], { type: 'application/pdf' }), name);
			const response = await fetch(url, { method: 'POST', headers, body: form });
			await response.arrayBuffer();
			if (!response.ok) failed++;
		}
	};
	await Promise.all(Array.from({ length: Number(inFlightText) }, sendNext));
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	console.log(JSON.stringify({ seconds, failed }));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
