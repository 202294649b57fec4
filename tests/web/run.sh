#!/bin/sh
# The browser tests of the web application (web/): npm ci from the committed
# lock file, build, Debian's chromium (installed when missing), then
# Playwright against a real `jixiao serve --demo` on a throwaway SQLite
# database, everything on loopback.  Usage: tests/web/run.sh BUILD_DIR
set -eu

BUILD=${1:?usage: tests/web/run.sh BUILD_DIR [--prebuilt] [playwright args]}
shift
# --prebuilt (the test suite): the server as it was built, never rebuilt
# while other tests use it; the application it embeds, or else web/dist
# through vite preview
PREBUILT=
if [ "${1:-}" = --prebuilt ]; then
	PREBUILT=1
	shift
fi
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$(cd "$BUILD" && pwd)/jixiao
[ -x "$BIN" ] || { echo "run.sh: no server at $BIN (build it first)" >&2; exit 2; }
if ! command -v node >/dev/null; then
	echo "run.sh: node is missing (scripts/web.sh installs it): skipped" >&2
	exit 77
fi

if ! [ -x /usr/bin/chromium ]; then
	SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

cd "$ROOT/web"
# no browser download, ever: Debian's chromium is the browser
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ -n "$PREBUILT" ]; then
	[ -d node_modules/@playwright/test ] || timeout 600 npm ci --no-audit --no-fund --loglevel=error
	[ -f dist/index.html ] || timeout 300 npx vite build --logLevel warn
else
	timeout 600 npm ci --no-audit --no-fund --loglevel=error
	timeout 300 npm run build --silent
	# the server embeds what was just built (cmake/embed_web.cmake), and the
	# tests then talk to it alone, under its own headers
	(cd "$ROOT" && cmake -S . -B "$BUILD" >/dev/null && timeout 900 cmake --build "$BUILD" -j2 --target jixiao >/dev/null)
fi
LOG=$(mktemp -d)
trap 'rm -rf "$LOG"' EXIT INT TERM
# bounded: Playwright ends each test at 60-180 s and the run at 15 min; the
# global setup stops the server and the preview it started
{ rc=0; JIXIAO_BIN=$BIN CHROMIUM=/usr/bin/chromium timeout -k 30 1200 npx playwright test "$@" 2>&1 || rc=$?
  echo $rc >"$LOG/rc"; } | tee "$LOG/run.log"
status=$(cat "$LOG/rc" 2>/dev/null || echo 1)
# one closing line any runner can read
passed=$(sed -n 's/^ *\([0-9][0-9]*\) passed.*/\1/p' "$LOG/run.log" | tail -1)
failed=$(sed -n 's/^ *\([0-9][0-9]*\) failed.*/\1/p' "$LOG/run.log" | tail -1)
skipped=$(sed -n 's/^ *\([0-9][0-9]*\) skipped.*/\1/p' "$LOG/run.log" | tail -1)
echo "web: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
echo "screenshots: $ROOT/web/test-results/screenshots/"
exit $status
