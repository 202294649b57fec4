#!/bin/sh
# Workbooks laid out by other templates and written by other programs
# (openpyxl, LibreOffice; .xlsx and .xls) are found, read and scored like
# the same form in YAML.  Run from the source directory:
#   tests/read/sheetform/test_sheetform.sh path/to/jixiao
set -u
. "$(dirname "$0")/../../common/lib.sh"
jixiao=$1

/usr/bin/python3 tests/read/sheetform/make_forms.py "$tmp" || exit 1
cd "$tmp" || exit 1

# the seed as the Hunan template prints it, with quirks
check "hunan" status 0 "$jixiao" score --json hunan-seed.xlsx
cp out hunan.json
check "hunan total" jq_is hunan.json .total 97
check "hunan grade" jq_is hunan.json .grade 优
check "hunan year" jq_is hunan.json .year 2020
check "hunan project" jq_is hunan.json .project 制造强市专项－市级企业技术创新中心奖励
check "hunan department" jq_is hunan.json .department 株洲市工业和信息化局
check "hunan indicators" jq_is hunan.json '.indicators | length' 9
check "hunan scores" jq_is hunan.json '[.indicators[].score] | map(tostring) | join(",")' \
	8,20,10,10,10,10,null,9,10
check "hunan levels" jq_is hunan.json '[.indicators[].level1] | unique | join(",")' 产出指标,效益指标,满意度指标
check "hunan budget" jq_is hunan.json '.budget | "\(.initial) \(.adjusted) \(.executed) \(.rate) \(.score)"' \
	"100 80 80 100 10"
check "hunan findings" jq_is hunan.json '[.findings[] | .code + "@" + .where] | join(",")' \
	"JX-R01@hunan-seed.xlsx:附件2!C22"
check "hunan trace" jq_is hunan.json '.indicators[0].trace' "8.00 = 10 × 8/10 (正向指标，未完成)"
check "hunan check" status 0 "$jixiao" check hunan-seed.xlsx
check "hunan cell" contains out "hunan-seed.xlsx:附件2!C22: 警告 JX-R01"

# the same form through YAML: the same result
check "convert" status 0 "$jixiao" convert hunan-seed.xlsx -o hunan.yaml
check "convert scores" status 0 "$jixiao" score --json hunan.yaml
check "yaml total" jq_is out .total 97
check "yaml targets" jq_is out '.indicators[2].target.text' 及时拨付至企业达90%

# LibreOffice's own xlsx, and legacy xls
profile="$tmp/lo-profile"
if soffice -env:UserInstallation="file://$profile" --headless --convert-to xls \
	--outdir "$tmp/lo" hunan-seed.xlsx >/dev/null 2>&1 &&
	soffice -env:UserInstallation="file://$profile" --headless --convert-to xlsx \
	--outdir "$tmp/lo" "$tmp/lo/hunan-seed.xls" >/dev/null 2>&1; then
	check "xls" status 0 "$jixiao" score --json lo/hunan-seed.xls
	check "xls total" jq_is out .total 97
	check "xls indicators" jq_is out '.indicators | length' 9
	check "lo xlsx" status 0 "$jixiao" score --json lo/hunan-seed.xlsx
	check "lo xlsx total" jq_is out .total 97
	check "lo xlsx findings" jq_is out '[.findings[].code] | join(",")' JX-R01
else
	echo "FAIL libreoffice conversion"
	fail=$((fail + 1))
fi

# the provincial variant: 指标性质 / 指标值 / 度量单位
check "sichuan" status 0 "$jixiao" score --json sichuan.xlsx
check "sichuan total" jq_is out .total 98.13
check "sichuan first" jq_is out '.indicators[0].target | "\(.op) \(.value) \(.unit)"' ">= 120 公里"
check "sichuan actual unit" jq_is out '.indicators[0].actual.text' 118公里
check "sichuan qualitative" jq_is out '.indicators[2].target.kind' qualitative
check "sichuan findings" jq_is out '[.findings[].code] | join(",")' JX-W02,JX-W02,JX-R01

# several forms in one workbook; sheets without a form are skipped
check "multi" status 0 "$jixiao" score --json multi.xlsx
check "multi forms" jq_is out '[.[].total] | map(tostring) | join(",")' 97,97
check "multi cells" jq_is out '[.[].findings[0].where] | join(",")' \
	"multi.xlsx:项目一!B21,multi.xlsx:项目二!B22"

# bad workbooks: exit 1, the file and the cell named
check "noform" status 1 "$jixiao" check noform.xlsx
check "noform message" contains err "noform.xlsx: error: no 项目支出绩效自评表 in the workbook"
check "broken" status 1 "$jixiao" check broken.xlsx
check "broken weight" contains err "broken.xlsx:自评表!G15: error: 分值: expected points (a number such as 10 or 22.5), got \"二十\""
check "broken name" contains err "broken.xlsx:自评表!D16: error: indicator row without a 三级指标 name"
check "nobudget" status 1 "$jixiao" check nobudget.xlsx
check "nobudget message" contains err "nobudget.xlsx:自评表!A1: error: sheet 自评表 has no budget block"
printf 'PK\003\004 not really a zip' > fake.xlsx
check "not a zip" status 1 "$jixiao" check fake.xlsx
# a batch: the good files are still scored
check "batch" status 1 "$jixiao" score --json hunan-seed.xlsx noform.xlsx sichuan.xlsx
check "batch output" jq_is out '[.[].total] | map(tostring) | join(",")' 97,98.13
check "batch summary" contains err "合计：3 个文件，2 份表，读取失败 1"

echo "sheetform: $count checks, $fail failed"
[ "$fail" -eq 0 ]
