#!/bin/sh
# Builds the web application into web/dist, which the server's build embeds
# (cmake/embed_web.cmake): Node and npm from Debian's packages when the
# commands are missing, `npm ci` from the committed lock file when
# node_modules is older than it, then vite when a source is newer than the
# build.  vite needs Node 20.19 or newer; with an older Node (Debian 12
# ships 18) it says so and leaves web/dist as it is, and the server is
# built without the application (it then serves its own page of published
# results).  Set JX_WEB=off to skip it.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
web=$root/web
[ "${JX_WEB:-}" = off ] && exit 0

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	echo "installing: nodejs npm" >&2
	sudo=""
	[ "$(id -u)" -ne 0 ] && sudo="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
version=$(node -p 'process.versions.node')
major=${version%%.*}
minor=${version#*.}
minor=${minor%%.*}
if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
	echo "web: Node $version is older than vite needs (20.19): the server is built without the web application" >&2
	exit 0
fi

cd "$web"
# no browser download here: the tests use Debian's chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	timeout 900 npm ci --no-audit --no-fund --loglevel=error
fi
newer=""
if [ -f dist/index.html ]; then
	newer=$(find src public index.html vite.config.ts tsconfig.json package-lock.json \
		-newer dist/index.html -print -quit 2>/dev/null || true)
fi
if [ ! -f dist/index.html ] || [ -n "$newer" ]; then
	timeout 600 npx vite build --logLevel warn
fi
