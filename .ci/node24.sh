# Source this: puts a Node.js 24 first on PATH (n8n 2.x requires Node 24).
# Uses the machine's node when it is already 24+, else installs the `node@24` package from
# the npm registry once into a cache folder outside the repo and reuses it.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 24 ]; then
	node24_dir="${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-file-uploads/node24"
	if [ ! -x "$node24_dir/node_modules/.bin/node" ]; then
		mkdir -p "$node24_dir"
		echo '{"private":true}' > "$node24_dir/package.json"
		npm install --prefix "$node24_dir" --no-save --no-audit --no-fund node@24 >&2
	fi
	export PATH="$node24_dir/node_modules/.bin:$PATH"
fi
echo "Using Node $(node --version)" >&2
