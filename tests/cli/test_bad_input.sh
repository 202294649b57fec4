#!/bin/sh
# Bad input gets a precise error and exit status 1, never a crash: every
# file in tests/vectors/bad is checked and its stderr must equal FILE.err.
# Run from the source directory: tests/cli/test_bad_input.sh path/to/jixiao
set -u
jixiao=$1
dir=tests/vectors/bad
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for f in "$dir"/*.yaml "$dir"/*.json; do
	want="${f%.*}.err"
	n=$((n + 1))
	"$jixiao" check "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 1 ]; then
		echo "FAIL $f: exit $rc, expected 1"
		fail=$((fail + 1))
	fi
	if ! diff -u "$want" "$tmp/err" >"$tmp/diff"; then
		echo "FAIL $f: stderr differs"
		cat "$tmp/diff"
		fail=$((fail + 1))
	fi
	# the same through score, which must also fail cleanly
	"$jixiao" score --json "$f" >/dev/null 2>&1
	rc=$?
	if [ "$rc" -ne 1 ]; then
		echo "FAIL $f: score exit $rc, expected 1"
		fail=$((fail + 1))
	fi
done
echo "bad input: $n files, $fail failures"
[ "$fail" -eq 0 ]
