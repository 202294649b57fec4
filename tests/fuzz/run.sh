#!/bin/sh
# Runs every fuzzer for a while on its seed corpus; fails on any crash,
# leak, sanitizer report or timeout.
#   tests/fuzz/run.sh BUILD_DIR SECONDS
set -eu
build=$1
secs=${2:-20}
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/forms" "$work/target" "$work/rules"
cp "$src"/examples/*.yaml "$src"/tests/vectors/scoring/*.yaml "$src"/tests/vectors/scoring/*.json \
	"$src"/tests/vectors/bad/*.yaml "$src"/tests/vectors/bad/*.json "$work/forms/"
cp "$src"/rules/*.yaml "$work/rules/"
# one target string per file, from the vector file
n=0
grep -v '^#' "$src/tests/vectors/targets.txt" | cut -f1 | while IFS= read -r line; do
	n=$((n + 1))
	printf '%s' "$line" > "$work/target/v$n"
done
printf '≥\t30\t万元' > "$work/target/parts"
# small workbooks: written by openpyxl and built byte by byte (hostile ones too)
mkdir -p "$work/xlsx-all" "$work/xlsx"
/usr/bin/python3 "$src/tests/read/workbook/make_fixtures.py" "$work/xlsx-all" --no-office
find "$work/xlsx-all" -name '*.xlsx' -size -64k -exec cp {} "$work/xlsx/" \;
# and the workbook bombs the server is tested with, made small
/usr/bin/python3 "$src/tests/http/test_limits.py" - --corpus "$work/xlsx"
# and forms laid out as departments fill them (tests/read/sheetform: odd years,
# titles, template rows, budget blocks, two-row headers, merges, units)
mkdir -p "$work/forms-xlsx"
/usr/bin/python3 "$src/tests/read/sheetform/make_forms.py" "$work/forms-xlsx" >/dev/null
find "$work/forms-xlsx" -name '*.xlsx' -size -64k -exec cp {} "$work/xlsx/" \;

# declarations, adjustments and monitoring forms, and monitoring tables
mkdir -p "$work/cycle"
cp "$src"/examples/seed-2020-declaration.yaml "$src"/examples/seed-2020-monitoring-0731.yaml \
	"$src"/tests/vectors/declaration/*.yaml "$src"/tests/vectors/monitoring/*.yaml \
	"$src"/tests/vectors/yearend/*.yaml "$src"/tests/vectors/bad-cycle/*.yaml \
	"$src"/tests/vectors/bad-cycle/*.json "$work/cycle/"
for j in "$build/jixiao" "$src/build/jixiao"; do [ -x "$j" ] && break; done
"$j" monitor "$src"/examples/seed-2020-monitoring-0731.yaml \
	-o "$work/cycle/round.xlsx" >/dev/null 2>&1 || true

# the indicator library and pinyin queries (a query on the first line)
mkdir -p "$work/indlib"
cp "$src"/data/indicators.txt "$work/indlib/library"
cp "$src"/tests/vectors/indlib/*.txt "$work/indlib/"
printf 'jlqy\nA-1|通用|产出指标|数量指标|奖励企业数量|≥10家|家|≥|按比例计分|计划标准\n' >"$work/indlib/one"
# award programmes and holiday calendars
mkdir -p "$work/programme"
cp "$src"/examples/programme-*.yaml "$src"/examples/calendar-*.txt "$work/programme/"

# requests: lines of the route table, odd paths, and pairs of stored forms
mkdir -p "$work/http"
printf 'GET /api/evaluations/1\n' >"$work/http/get"
printf 'POST /api/evaluations/12/return\n{"version":3,"reason":"x"}' >"$work/http/step"
printf 'GET /api/evaluations/1/../../etc/passwd\n' >"$work/http/dots"
printf 'POST /api/evaluations/3/review\n{"version":4,"score":96.5,"opinion":"经复核","scores":{"奖励企业":8,"x":null}}' \
	>"$work/http/review"
printf 'POST /api/evaluations/3/review\n{"score":99.999999999999999999,"scores":[8,null,1e2]}' >"$work/http/exact"
printf 'GET 10.0.0.1, 2001:db8::1 ,127.0.0.1\n' >"$work/http/forwarded"
printf 'POST /api/evaluations/3/review\n{"score":-33333999,"scores":[99999999999.99]}' >"$work/http/huge"
printf 'PUT /api/evaluations/7\n{"a":[1,{"b":"x"}],"c~/d":null}\000{"a":[1,{"b":"y"},3]}' \
	>"$work/http/diff"

# bulk intake: a zip of forms (first byte even) and a workbook of review
# scores (first byte odd)
mkdir -p "$work/intake"
/usr/bin/python3 - "$src" "$work/intake" <<'PY'
import io, sys, zipfile
src, out = sys.argv[1:]
seed = open(src + "/tests/vectors/import/seed.yaml", "rb").read()
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("a/seed.yaml", seed)
    z.writestr("a/other.yaml", seed.replace("project: ".encode(), "project: 另一".encode(), 1))
    z.writestr("b/notes.txt", b"x")
    z.writestr("b/inner.zip", b"PK\5\6" + b"\0" * 18)
open(out + "/zip", "wb").write(b"\0" + buf.getvalue())
try:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["编号", "复核得分", "复核意见"])
    ws.append([1, 90, "属实"])
    ws.append(["x", "九十", None])
    b = io.BytesIO()
    wb.save(b)
    open(out + "/review", "wb").write(b"\1" + b.getvalue())
except ImportError:
    pass
PY

# messages as the readers make them, for the catalogue that says them in Chinese
mkdir -p "$work/msg"
printf 'expected an amount in 万元 (exact to the fen), got "abc": not a number' >"$work/msg/amount"
printf '全年执行数: expected points (a number such as 10 or 22.5), got "x"' >"$work/msg/label"
printf 'row 12 (奖励企业) has no target, actual or weight: skipped as an unfilled template row' >"$work/msg/row"

export LSAN_OPTIONS="suppressions=$src/tests/lsan.supp:print_suppressions=0"
status=0
for f in forms target rules xlsx cycle indlib programme http intake msg; do
	bin="$build/tests/fuzz/fuzz_$f"
	echo "== fuzz_$f for ${secs}s"
	mkdir -p "$work/out-$f"
	if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$work/" "$work/out-$f" "$work/$f" \
		>"$work/log-$f" 2>&1; then
		echo "fuzz_$f FAILED:"
		tail -60 "$work/log-$f"
		for a in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
			[ -e "$a" ] && { mkdir -p fuzz-artifacts; cp "$a" fuzz-artifacts/; }
		done
		status=1
	else
		grep -E 'stat::number_of_executed_units|cov:' "$work/log-$f" | tail -2
	fi
done
exit $status
