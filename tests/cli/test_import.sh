#!/bin/sh
# jixiao import: a folder and zips of forms into the store; every kind of
# bad input reported with its location and skipped while the rest goes in;
# the same files again store nothing; an interrupted import resumes.
# On SQLite, or on the PostgreSQL named by $JX_TEST_DB (tests/common/with_pg.sh).
# Run from the source directory: tests/cli/test_import.sh path/to/jixiao
set -u
jixiao=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
vec=$(pwd)/tests/vectors/import
. "$(dirname "$0")/../common/lib.sh"
. "$(dirname "$0")/../common/store.sh"
cd "$tmp" || exit 1
"$jixiao" org add region 株洲市 --db "$db" >/dev/null &&
	"$jixiao" org add department 株洲市工业和信息化局 --parent 株洲市 --db "$db" >/dev/null &&
	"$jixiao" org add unit 产业发展科 --parent 株洲市工业和信息化局 --code 430200001 --db "$db" >/dev/null &&
	"$jixiao" org add department 株洲市财政局 --parent 株洲市 --db "$db" >/dev/null &&
	"$jixiao" org add unit 绩效科 --parent 株洲市财政局 --db "$db" >/dev/null || {
	echo "FAIL: cannot set up the organisation"
	exit 1
}

# --- the batch: good forms as YAML, JSON and .xlsx, in a folder and a zip ---
mkdir -p in/sub
cp "$vec/seed.yaml" in/seed.yaml
# the same form by the unit's code, another project, as JSON
sed -e 's/^unit: 产业发展科/unit: "430200001"/' -e 's/^project: .*/project: 第二个项目/' "$vec/seed.yaml" >p2.yaml
"$jixiao" convert p2.yaml -o in/sub/p2.json >/dev/null 2>&1 || echo "FAIL convert"
# a workbook of a third project, of the finance bureau's only unit (no 实施单位 named)
sed -e '/^unit:/d' -e 's/^department: .*/department: 株洲市财政局/' -e 's/^project: .*/project: 第三个项目/' \
	"$vec/seed.yaml" >p3.yaml
"$jixiao" render p3.yaml -o in/sub/p3.xlsx >/dev/null 2>&1 || echo "FAIL render"
# an identical copy under another name: one evaluation
cp in/seed.yaml in/sub/seed-copy.yaml
# bad: a corrupt workbook, a unit nobody knows, the seed with other content
printf 'PK\003\004 not really a workbook' >in/corrupt.xlsx
cp "$vec/unknown-unit.yaml" in/unknown-unit.yaml
cp "$vec/dup-different.yaml" in/sub/dup-different.yaml
echo 'notes' >in/notes.txt
# a zip with two more projects and a bomb (64 MiB of zeros) beside them
for k in 4 5; do
	sed -e "s/^project: .*/project: 第${k}个项目/" "$vec/seed.yaml" >z$k.yaml
done
/usr/bin/python3 - <<'PY' || echo "FAIL: python"
import zipfile
with zipfile.ZipFile("in/batch.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write("z4.yaml", "forms/z4.yaml")
    z.write("z5.yaml", "forms/z5.yaml")
    z.writestr("forms/bomb.json", b"\0" * (64 << 20))
    z.writestr("forms/inner.zip", b"PK\5\6" + b"\0" * 18)
PY

"$jixiao" import in --db "$db" --report rep >out 2>err
rc=$?
check "import exits 1 when files are not taken (got $rc)" [ "$rc" -eq 1 ]
check "five evaluations stored" [ "$(q 'SELECT COUNT(*) FROM evaluations')" = 5 ]
check "each with its unit" [ "$(q "SELECT project || '@' || unit FROM evaluations ORDER BY project" | tr '\n' ' ')" = \
	"制造强市专项－市级企业技术创新中心奖励@3 第4个项目@3 第5个项目@3 第三个项目@5 第二个项目@3 " ]
check "each with an import line in the audit trail" [ "$(q "SELECT COUNT(*) FROM audit WHERE action = 'import'")" = 5 ]
check "scored" [ "$(q "SELECT DISTINCT total FROM evaluations")" = 9700 ]
# the report: one line per file or form not taken, with where and why
tail -n +2 rep.csv | cut -d, -f1-3 | sort >got
cat >want <<'W'
in/batch.zip:forms/bomb.json,in/batch.zip:forms/bomb.json,limit
in/batch.zip:forms/inner.zip,in/batch.zip:forms/inner.zip,limit
in/corrupt.xlsx,in/corrupt.xlsx,unreadable
in/notes.txt,in/notes.txt,ignored
in/sub/dup-different.yaml,in/sub/dup-different.yaml:10:10,duplicate
in/unknown-unit.yaml,in/unknown-unit.yaml:9:7,no-unit
W
check "the report names every file not taken, where and why" diff -u want got
check "the duplicate names the evaluation it collides with" grep -q '^in/sub/dup-different.yaml,.*duplicate,.*,[0-9]' rep.csv
check "the unknown unit is named" grep -q 'no unit ""不存在的科"" in department ""株洲市工业和信息化局""' rep.csv
/usr/bin/python3 - <<'PY' || { echo "FAIL: the report as xlsx"; fail=$((fail + 1)); }
import csv, openpyxl
wb = openpyxl.load_workbook("rep.xlsx")
ws = wb.active
rows = [[c if c is not None else "" for c in r] for r in ws.iter_rows(values_only=True)]
with open("rep.csv", encoding="utf-8-sig", newline="") as f:
    want = list(csv.reader(f))
assert rows == want, (rows, want)
PY

# --- the same again: nothing stored twice ---
"$jixiao" import in --db "$db" --report rep2 >out 2>err
check "the second run stores nothing" [ "$(q 'SELECT COUNT(*) FROM evaluations')" = 5 ]
check "and says the files were imported before" grep -q 'imported before' err

# --- an interrupted import resumes: 200 forms, stopped, run again ---
mkdir many
i=0
while [ $i -lt 200 ]; do
	sed -e "s/^project: .*/project: 批量项目$i/" "$vec/seed.yaml" >many/f$i.yaml
	i=$((i + 1))
done
"$jixiao" import many --db "$db" --batch 7 --report rep3 >/dev/null 2>&1 &
pid=$!
sleep 0.3
kill -INT $pid 2>/dev/null
wait $pid
first=$(q "SELECT COUNT(*) FROM evaluations WHERE project LIKE '批量项目%'")
"$jixiao" import many --db "$db" --batch 7 --report rep3 >/dev/null 2>err
check "resumed after $first forms: all 200 stored once" \
	[ "$(q "SELECT COUNT(*), COUNT(DISTINCT project) FROM evaluations WHERE project LIKE '批量项目%'")" = "200|200" ]
check "the resumed run took the rest without a report line" [ "$(wc -l <rep3.csv)" -eq 1 ]

# --- usage ---
"$jixiao" import --db "$db" >/dev/null 2>&1
check "no path is a usage error" [ $? -eq 2 ]
"$jixiao" import /nonexistent --db "$db" --report rep4 >/dev/null 2>&1
check "a path that is not there fails" [ $? -eq 1 ]

echo "import: $fail failures"
[ "$fail" -eq 0 ]
