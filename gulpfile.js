const { src, dest, parallel } = require('gulp');

// tsc compiles the code; n8n also reads files beside it in dist: the icons the nodes and
// credentials point at ("file:../../icons/…") and each node's codex (<Node>.node.json).
function copyIcons() {
	return src('icons/**/*.svg', { encoding: false }).pipe(dest('dist/icons'));
}

function copyCodex() {
	return src('nodes/**/*.node.json').pipe(dest('dist/nodes'));
}

exports['build:icons'] = parallel(copyIcons, copyCodex);
