#!/bin/sh
# The workbook writer (src/io/xlsx_write.c), checked against what real
# clients read back: openpyxl reads the cells, formulas, cached values,
# merges, page setup, protection, dropdowns and notes; LibreOffice
# recalculates every formula and prints the form to PDF.  Run from the
# source directory:
#   tests/write/xlsx/test_render.sh path/to/xlsx_render_driver
#
# Needs /usr/bin/python3 with openpyxl (Debian python3-openpyxl; the
# python3 on PATH may be another one), soffice (libreoffice-calc-nogui)
# and pdftotext (poppler-utils).
set -u
. "$(dirname "$0")/../../common/lib.sh"
driver=$1
py=/usr/bin/python3
check="$py tests/write/xlsx/check_render.py"
seed=examples/seed-2020-zhuzhou-innovation-centres.yaml
three=tests/write/xlsx/form-three-funds.yaml
totalonly=tests/write/xlsx/form-total-only.yaml

if ! $py -c 'import openpyxl' 2>/dev/null; then
	echo "FAIL $py has no openpyxl (Debian: python3-openpyxl)"
	exit 1
fi
for tool in soffice pdftotext; do
	command -v $tool >/dev/null || { echo "FAIL $tool is not installed"; exit 1; }
done

# ---- rendering, read back with openpyxl ----
mkdir "$tmp/lo"
sed 's/^rules: cn-mof-2020$/rules: local-hao-2021/' "$seed" >"$tmp/hao.yaml"
grep -q '^rules: local-hao-2021$' "$tmp/hao.yaml" || { echo "FAIL cannot make the local-hao-2021 form"; exit 1; }
for r in cn-mof-2020 local-hao-2021 local-you80-2019; do
	"$driver" rules $r >"$tmp/$r.json" || { echo "FAIL rules $r"; exit 1; }
done
for f in seed:$seed three:$three hao:$tmp/hao.yaml totalonly:$totalonly; do
	form=${f%%:*}
	file=${f#*:}
	check "render $form" run "$driver" form "$file" "$tmp/lo/$form.xlsx"
	check "model $form" run sh -c '"$1" json "$2" >"$3"' - "$driver" "$file" "$tmp/$form.json"
done
check "seed layout" $check form "$tmp/lo/seed.xlsx" "$tmp/seed.json" "$tmp/cn-mof-2020.json"
check "three funds layout" $check form "$tmp/lo/three.xlsx" "$tmp/three.json" "$tmp/cn-mof-2020.json"
check "local-hao-2021 layout" $check form "$tmp/lo/hao.xlsx" "$tmp/hao.json" "$tmp/local-hao-2021.json"
check "total-only layout" $check form "$tmp/lo/totalonly.xlsx" "$tmp/totalonly.json" \
	"$tmp/local-you80-2019.json"
check "seed json total" contains "$tmp/seed.json" '"total": 97'
check "hao grade" contains "$tmp/hao.json" '"grade": "好"'

check "template" run "$driver" template "$tmp/tpl.xlsx" cn-mof-2020 12 2020
check "template layout" $check template "$tmp/tpl.xlsx" "$tmp/cn-mof-2020.json" 12 2020
check "template, 5 rows, no year" run "$driver" template "$tmp/tpl5.xlsx" local-hao-2021 5
check "template 5 rows layout" $check template "$tmp/tpl5.xlsx" "$tmp/local-hao-2021.json" 5 0
# (libxlsxwriter 1.1.4 leaks the formula of such a dropdown: tests/write/xlsx/lsan.supp;
# the library has no frame pointers, so only the slow unwinder sees the caller)
cat tests/lsan.supp tests/write/xlsx/lsan.supp >"$tmp/lsan.supp"
check "template, long lists" run env JIXIAO_RULES_DIR=tests/write/xlsx/rules \
	LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$tmp/lsan.supp" \
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0" \
	"$driver" template "$tmp/tpl-long.xlsx" test-long-lists
check "long-lists rules" run sh -c 'JIXIAO_RULES_DIR=tests/write/xlsx/rules "$1" rules test-long-lists >"$2"' \
	- "$driver" "$tmp/long.json"
check "long lists on a hidden sheet" $check long-lists "$tmp/tpl-long.xlsx" "$tmp/long.json"

# ---- LibreOffice: recalculate everything ----
check "fill the template" $check fill "$tmp/tpl.xlsx" "$tmp/seed.json" "$tmp/lo/filled.xlsx"
check "tamper (openpyxl)" $check tamper "$tmp/lo/seed.xlsx" "$tmp/lo/tamper.xlsx"
check "tamper (XML)" $check rawtamper "$tmp/lo/seed.xlsx" "$tmp/lo/raw.xlsx"

# A private profile: LibreOffice recalculates an xlsx on load only when
# told to (OOXMLRecalcMode 0 = always; the default asks, which headless
# treats as never).
profile="$tmp/profile"
mkdir -p "$profile/user"
cat >"$profile/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
soffice() {
	HOME="$tmp" command soffice "-env:UserInstallation=file://$profile" --headless "$@" \
		>>"$tmp/soffice.log" 2>&1
}
soffice --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir "$tmp/csv" \
	"$tmp"/lo/*.xlsx
soffice --convert-to pdf --outdir "$tmp/pdf" "$tmp/lo/seed.xlsx"
for f in seed three hao totalonly filled tamper raw; do
	[ -s "$tmp/csv/$f.csv" ] || { echo "FAIL LibreOffice wrote no $f.csv"; cat "$tmp/soffice.log"; fail=$((fail + 1)); }
done

# the seed: 97 优 as jixiao computed it
check "LibreOffice: seed" $check recalc "$tmp/csv/seed.csv" D7=100 E7=80 F7=80 H7=100 I7=10 \
	G23=100 H23=97 I23=等级：优
# three fund rows: live sums, 87.5% → 8.75, a missing score counts 0 → 81.95 良
check "LibreOffice: three funds" $check recalc "$tmp/csv/three.csv" D7=100 E7=100 F7=87.5 \
	H7=87.5 I7=8.75 G21=100 H21=81.95 I21=等级：良
# whole points: ROUND(…,0), the 好 band at 95
check "LibreOffice: local-hao-2021" $check recalc "$tmp/csv/hao.csv" I7=10 H23=97 I23=等级：好
# only 年度资金总额 given: its amounts stay; 90% → 9, 93 is 优 from 80
check "LibreOffice: total only" $check recalc "$tmp/csv/totalonly.csv" D7=50 E7=50 F7=45 H7=90 \
	I7=9 G17=100 H17=93 I17=等级：优
# a score changed with openpyxl (which drops every cached value): 97 − 3
check "LibreOffice: tampered" $check recalc "$tmp/csv/tamper.csv" H14=5 H23=94 I23=等级：优
# a score changed in the XML with the cached 97 kept: only a recalculation
# on load shows 94, so this proves LibreOffice really recalculated
check "LibreOffice: recalculated on load" $check recalc "$tmp/csv/raw.csv" H14=5 H23=94 I23=等级：优
# the template filled in with the seed's values
check "LibreOffice: filled template" $check recalc "$tmp/csv/filled.csv" D7=100 E7=80 F7=80 \
	I7=10 G26=100 H26=97 I26=等级：优

# the printed form
check "PDF written" test -s "$tmp/pdf/seed.pdf"
if [ -s "$tmp/pdf/seed.pdf" ]; then
	pdftotext -layout "$tmp/pdf/seed.pdf" "$tmp/seed.txt"
	check "PDF: 97" contains "$tmp/seed.txt" "97.00"
	check "PDF: 奖励企业" contains "$tmp/seed.txt" "奖励企业"
	check "PDF: title" contains "$tmp/seed.txt" "年度项目支出绩效自评表"
	check "PDF: grade" contains "$tmp/seed.txt" "等级：优"
	tr -d ' ' <"$tmp/seed.txt" >"$tmp/seed.nospace.txt"
	check "PDF: page numbers" contains "$tmp/seed.nospace.txt" "第1页共1页"
fi

# ---- atomic writing ----
check "no directory: JX_EIO" eio "$tmp/missing/form.xlsx" \
	"$driver" form "$seed" "$tmp/missing/form.xlsx"
check "no directory: nothing created" test ! -e "$tmp/missing"

# a new file gets the umask's mode, an old file keeps its own
mkdir "$tmp/at"
check "new file" run "$driver" form "$seed" "$tmp/at/form.xlsx"
check "new file mode 644" test "$(stat -c %a "$tmp/at/form.xlsx")" = 644
chmod 640 "$tmp/at/form.xlsx"
check "replace" run "$driver" form "$three" "$tmp/at/form.xlsx"
check "replaced file keeps mode 640" test "$(stat -c %a "$tmp/at/form.xlsx")" = 640
check "replace: no temporary left" only "$tmp/at" form.xlsx
cp "$tmp/at/form.xlsx" "$tmp/good.xlsx"

# writing fails (the file size limit): the old file stays
check "write fails: JX_EIO" eio "$tmp/at/form.xlsx" \
	sh -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' - "$driver" form "$seed" "$tmp/at/form.xlsx"
check "write fails: the reason" contains "$tmp/err" "cannot write: File too large"
check "write fails: old file intact" cmp -s "$tmp/good.xlsx" "$tmp/at/form.xlsx"
check "write fails: no temporary left" only "$tmp/at" form.xlsx
# the template, which libxlsxwriter writes, says libxlsxwriter's reason
cp "$tmp/tpl.xlsx" "$tmp/at/tpl.xlsx"
check "template write fails: JX_EIO" eio "$tmp/at/tpl.xlsx" \
	sh -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' - "$driver" template "$tmp/at/tpl.xlsx" \
	cn-mof-2020 12 2020
check "template write fails: libxlsxwriter's reason" contains "$tmp/err" \
	"cannot write the workbook: "
check "template write fails: old file intact" cmp -s "$tmp/tpl.xlsx" "$tmp/at/tpl.xlsx"
rm "$tmp/at/tpl.xlsx"

# a read-only directory: the temporary cannot be created, the old file stays
# (root ignores permissions: run the driver as nobody then)
as=""
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null; then
		as="setpriv --reuid=65534 --regid=65534 --clear-groups"
		chmod 755 "$tmp"
	else
		as=skip
	fi
fi
if [ "$as" = skip ]; then
	echo "SKIP read-only directory (root without setpriv)"
else
	mkdir "$tmp/ro"
	cp "$tmp/good.xlsx" "$tmp/ro/form.xlsx"
	chmod 555 "$tmp/ro"
	check "read-only directory: JX_EIO" eio "$tmp/ro/form.xlsx" \
		$as "$driver" form "$seed" "$tmp/ro/form.xlsx"
	check "read-only directory: old file intact" cmp -s "$tmp/good.xlsx" "$tmp/ro/form.xlsx"
	check "read-only directory: no temporary left" only "$tmp/ro" form.xlsx
	chmod 755 "$tmp/ro"
fi

echo "$((count - fail))/$count xlsx checks passed"
[ "$fail" -eq 0 ]
