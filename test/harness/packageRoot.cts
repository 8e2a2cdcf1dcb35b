import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root, also when test code runs compiled from .e2e/demo-build (bench, demo). */
export const PACKAGE_ROOT = (() => {
	for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const manifest = path.join(dir, 'package.json');
		if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'n8n-nodes-file-uploads') return dir;
	}
	throw new Error('not inside the n8n-nodes-file-uploads repository');
})();
