#!/bin/sh
# The web application's figures: what the login and list pages fetch
# (gzipped, against the 300 KB budget), the live score round trip with a
# 60-indicator form (key → total on screen, in chromium, aim p95 ≤ 100 ms)
# and the first page of a list of 10 000 evaluations (aim ≤ 300 ms), all on
# loopback against `jixiao serve --demo` on a throwaway SQLite database.
#   bench/bench_web.sh BUILD_DIR [KEYS] [LIST_RUNS]
set -eu
build=$(cd "${1:-build}" && pwd)
keys=${2:-60}
runs=${3:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v node >/dev/null || [ ! -d "$root/web/node_modules/@playwright/test" ] || [ ! -f "$root/web/dist/index.html" ]; then
	echo "jixiao bench_web: skipped (needs Node, web/node_modules and web/dist: make build)"
	exit 0
fi
echo "jixiao bench_web: loopback, 2 cores, Debian's chromium"
(cd "$root/web" && node bench/bundle-size.mjs) | sed 's/^/  /'
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-benchweb-XXXXXX")
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
"$build/jixiao" serve --demo --listen 127.0.0.1:0 --db "$tmp/b.db" --access-log off >"$tmp/out" 2>"$tmp/err" &
pid=$!
url=""
for _ in $(seq 200); do
	url=$(sed -n 's/^jixiao is serving \(http:[^ ]*\).*/\1/p' "$tmp/out" | head -n 1)
	[ -n "$url" ] && grep -q 'Ctrl-C or SIGTERM' "$tmp/out" && break
	sleep 0.05
done
[ -n "$url" ] || { echo "the server did not start"; cat "$tmp/err"; exit 1; }
url=${url%/}
if [ "$(curl -s "$url/login")" != "$(cat "$root/web/dist/index.html")" ]; then
	echo "  (the server was built without this web/dist: make build first; browser figures skipped)"
	exit 0
fi
pw=$(sed -n 's/.*password for all four: \(\S*\).*/\1/p' "$tmp/out")
# 10 000 evaluations beside the seed: copies of it, in every state, behind
# the server's back (WAL lets both write)
/usr/bin/python3 - "$tmp/b.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=30)
cols = [r[1] for r in db.execute("PRAGMA table_info(evaluations)") if r[1] != "id"]
sel = ", ".join("CASE x %% 5 WHEN 0 THEN 'draft' WHEN 1 THEN 'submitted' WHEN 2 THEN 'approved' WHEN 3 THEN 'reviewed' ELSE 'published' END" if c == "state"
                else "project || ' ' || x" if c == "project" else "year - x %% 6" if c == "year" else c for c in cols)
db.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000) "
           "INSERT INTO evaluations (%s) SELECT %s FROM evaluations, n WHERE id = 1" % (", ".join(cols), sel.replace("%%", "%")))
db.commit()
PY
CHROMIUM=/usr/bin/chromium node "$root/web/bench/live-score.mjs" "$url" "$pw" "$keys" "$runs"
