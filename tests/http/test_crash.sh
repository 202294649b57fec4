#!/bin/sh
# Kill -9 the server in the middle of a batch of writes, restart it on the
# same database, and check that every acknowledged write is there and that
# nothing half-written is (tests/http/crash.py).
#   tests/http/test_crash.sh JIXIAO [sqlite|postgresql]
set -u
jixiao=$1
backend=${2:-sqlite}
here=$(cd "$(dirname "$0")" && pwd)
if [ "$backend" = postgresql ] && [ -z "${JX_TEST_DB:-}" ]; then
	exec sh "$here/../common/with_pg.sh" sh "$0" "$jixiao" postgresql
fi
py=/usr/bin/python3
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
db=${JX_TEST_DB:-$tmp/jixiao.db}
pw=crash-test-password

"$jixiao" org add region 测试市 --db "$db" >/dev/null &&
	"$jixiao" org add department 测试局 --parent 测试市 --db "$db" >/dev/null &&
	"$jixiao" org add unit 测试科 --parent 测试局 --db "$db" >/dev/null &&
	echo "$pw" | "$jixiao" user add crash --role filler --org 测试科 --password-stdin \
		--db "$db" >/dev/null || { echo "FAIL bootstrap"; exit 1; }
"$jixiao" convert examples/seed-2020-zhuzhou-innovation-centres.yaml -o "$tmp/seed.json" ||
	exit 1

start() {
	"$jixiao" serve --listen 127.0.0.1:0 --db "$db" --access-log off >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	for _ in $(seq 100); do
		url=$(sed -n 's/^jixiao is serving \(http[^ ]*\).*/\1/p' "$tmp/out")
		[ -n "$url" ] && return 0
		sleep 0.1
	done
	echo "FAIL the server did not start"; cat "$tmp/err"; exit 1
}

start
$py "$here/crash.py" write "$url" "$pw" "$tmp/seed.json" "$tmp/acks" &
writers=$!
# let the writes run — until a few dozen are acknowledged, however slow the
# machine (a sanitizer build on a busy one needs many seconds to log in) —
# then kill the server without warning
for _ in $(seq 600); do
	[ "$(wc -l <"$tmp/acks" 2>/dev/null || echo 0)" -ge 40 ] && break
	kill -0 "$writers" 2>/dev/null || break
	sleep 0.1
done
sleep 0.5
kill -9 "$pid"
wait "$pid" 2>/dev/null
wait "$writers"
pid=""
start
$py "$here/crash.py" check "$url" "$pw" "$tmp/acks"
rc=$?
kill -TERM "$pid"
wait "$pid" || { echo "FAIL the server did not stop cleanly"; rc=1; }
pid=""
exit $rc
