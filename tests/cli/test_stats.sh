#!/bin/sh
# jixiao stats: grouped figures over the evaluations handed to finance, and
# 绩效自评结果汇总表 as a workbook whose formulas openpyxl reads and
# LibreOffice recalculates to the same totals.  On SQLite, or on the
# PostgreSQL named by $JX_TEST_DB.
# Run from the source directory: tests/cli/test_stats.sh path/to/jixiao
set -u
jixiao=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
vec=$(pwd)/tests/vectors/import
py=/usr/bin/python3
. "$(dirname "$0")/../common/lib.sh"
. "$(dirname "$0")/../common/store.sh"
cd "$tmp" || exit 1
J org add region 株洲市 >/dev/null
J org add region 湘潭市 >/dev/null
for dep in 工信局 财政局; do
	J org add department $dep --parent 株洲市 >/dev/null
	J org add unit ${dep}本级 --parent $dep >/dev/null
done
J org add department 湘潭教育局 --parent 湘潭市 >/dev/null
J org add unit 湘潭教育局本级 --parent 湘潭教育局 >/dev/null
# 12 forms: budgets 40 … 480, actuals 8 … 10 家 (totals 97 … 99), one 2019
mkdir in
i=0
for dep in 工信局 财政局 湘潭教育局; do
	for k in 1 2 3 4; do
		adj=$((k * 40 + i))
		exe=$((adj - k))
		act=$((7 + k % 4))
		sed -e "s/^department: .*/department: $dep/" -e '/^unit:/d' \
			-e "s/^project: .*/project: 项目$i/" -e "s/^fund: .*/fund: 专项$((i % 2))/" \
			-e "s/adjusted: 80, executed: 80/adjusted: $adj, executed: $exe/g" \
			-e "s/^    actual: 8家/    actual: ${act}家/" "$vec/seed.yaml" >in/f$i.yaml
		i=$((i + 1))
	done
done
sed -i 's/^year: 2020/year: 2019/' in/f11.yaml
J import in --report rep -q >/dev/null 2>&1
check "12 imported" [ "$(q 'SELECT COUNT(*) FROM evaluations')" = 12 ]
q "UPDATE evaluations SET state = 'approved'" >/dev/null
q "UPDATE evaluations SET state = 'reviewed', review_total = total - 300 WHERE id % 3 = 0" >/dev/null
q "UPDATE evaluations SET state = 'draft' WHERE project = '项目0'" >/dev/null

# --- aggregate: against sums computed here from the rows ---
J stats aggregate --by region --year 2020 >agg.tsv
check "aggregate runs" [ $? -eq 0 ]
want=$(q "SELECT r.name || ' ' || COUNT(*) || ' ' || SUM(e.total) FROM evaluations e JOIN orgs r ON r.id = e.region
          WHERE e.state <> 'draft' AND e.year = 2020 GROUP BY r.name ORDER BY r.name")
got=$(tail -n +2 agg.tsv | awk -F'\t' '{ s = $8; sub(/\./, "", s); print $2, $7, s + 0 }' | sort)
check "counts and sums by region" [ "$(echo "$want" | sort)" = "$got" ]
J stats aggregate --by year,grade >agg2.tsv
check "by year and grade: drafts not counted" [ "$(tail -n +2 agg2.tsv | awk -F'\t' '{ n += $7 } END { print n }')" = 11 ]
J stats aggregate --by department,fund --state reviewed >agg3.tsv
check "a state asked for" [ "$(tail -n +2 agg3.tsv | awk -F'\t' '{ n += $7 } END { print n }')" = \
	"$(q "SELECT COUNT(*) FROM evaluations WHERE state = 'reviewed'")" ]
J stats aggregate --by unit >/dev/null 2>&1
check "an unknown dimension is a usage error" [ $? -eq 2 ]

# --- the summary table ---
J stats summary --year 2020 -o summary.xlsx
check "summary written" [ -s summary.xlsx ]
q "SELECT e.total, COALESCE(e.review_total, -1) FROM evaluations e WHERE e.state <> 'draft' AND e.year = 2020" >rows.txt
$py - <<'PY' || { echo "FAIL: openpyxl reads the summary"; fail=$((fail + 1)); }
import openpyxl
f = openpyxl.load_workbook("summary.xlsx")["汇总表"]
v = openpyxl.load_workbook("summary.xlsx", data_only=True)["汇总表"]
rows = [l.strip().split("|") for l in open("rows.txt") if l.strip()]
n = len(rows)
assert n == 10, n
assert f["A1"].value.startswith("2020年度"), f["A1"].value
assert [c.value for c in f[3]][:3] == ["序号", "地区", "部门"]
last = 3 + n
t = last + 1
assert f["A%d" % t].value == "合计"
assert f["G%d" % t].value == "=SUM(G4:G%d)" % last, f["G%d" % t].value
assert f["I4"].value.startswith("=IF(N(G4)>0,H4/G4"), f["I4"].value
totals = sorted(int(r[0]) for r in rows)
got = sorted(round(v["J%d" % r].value * 100) for r in range(4, last + 1))
assert got == totals, (got, totals)
avg = sum(totals) / n / 100
assert abs(v["J%d" % t].value - avg) < 1e-9, (v["J%d" % t].value, avg)
adj = sum(v["G%d" % r].value for r in range(4, last + 1))
assert abs(v["G%d" % t].value - adj) < 1e-6
# the grade distribution adds up to the count
grades = {}
r = t + 3
while v["K%d" % r].value:
    grades[v["K%d" % r].value] = v["L%d" % r].value
    r += 1
assert sum(grades.values()) == n, grades
open("cached.txt", "w").write("%.6f %.6f %.6f %.6f\n" % (v["G%d" % t].value, v["H%d" % t].value,
                                                       v["I%d" % t].value, v["J%d" % t].value))
PY
if command -v soffice >/dev/null 2>&1; then
	profile="$tmp/profile"
	mkdir -p "$profile/user" csv
	cat >"$profile/user/registrymodifications.xcu" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
X
	HOME="$tmp" soffice "-env:UserInstallation=file://$profile" --headless \
		--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false' --outdir csv summary.xlsx >soffice.log 2>&1
	$py - <<'PY' || { echo "FAIL: LibreOffice recalculates other totals"; fail=$((fail + 1)); }
import csv
rows = list(csv.reader(open("csv/summary.csv", encoding="utf-8")))
t = [r for r in rows if r and r[0] == "合计"][0]
g, h, i, j = (float(x) for x in open("cached.txt").read().split())
# formatted values: amounts with separators, the rate as a percent
num = lambda s: float(s.replace(",", "").rstrip("%"))
assert abs(num(t[6]) - g) < 0.005 and abs(num(t[7]) - h) < 0.005, (t, g, h)
assert abs(num(t[8]) / 100 - i) < 0.0001, (t[8], i)
assert abs(num(t[9]) - j) < 0.005, (t[9], j)
PY
else
	echo "skip: no soffice (LibreOffice) for the recalculation"
fi

echo "stats: $fail failures"
[ "$fail" -eq 0 ]
