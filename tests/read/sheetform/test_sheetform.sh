#!/bin/sh
# Workbooks laid out by other templates and written by other programs
# (openpyxl, LibreOffice; .xlsx and .xls) are found, read and scored like
# the same form in YAML.  Run from the source directory:
#   tests/read/sheetform/test_sheetform.sh path/to/jixiao
set -u
. "$(dirname "$0")/../../common/lib.sh"
jixiao=$1

src=$(pwd)
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

# ---- forms as departments fill them: each habit reads, and scores as the
# same form written as YAML (total, grade, budget, every indicator's score)
same_as_yaml() {  # same_as_yaml NAME: NAME.xlsx and NAME.yaml score alike
	"$jixiao" score --json "$1.xlsx" >"$1.x.json" 2>"$1.x.err" || { cat "$1.x.err"; return 1; }
	"$jixiao" score --json "$1.yaml" >"$1.y.json" 2>"$1.y.err" || { cat "$1.y.err"; return 1; }
	_q='[.year, .project, .total, .grade, .budget.initial, .budget.adjusted, .budget.executed,
	    .budget.rate, .budget.score, [.indicators[] | [.level1, .level2, .name, .target.text,
	    .actual.text, .weight, .score, .method]]]'
	_x=$(jq -c "$_q" "$1.x.json")
	_y=$(jq -c "$_q" "$1.y.json")
	[ "$_x" = "$_y" ] || { echo "  xlsx: $_x"; echo "  yaml: $_y"; return 1; }
}
findings() {  # findings FILE.json: the codes and cells of its findings
	jq -r '[.findings[] | .code + "@" + (.where | sub(".*!"; ""))] | join(",")' "$1"
}
is() {  # is NAME GOT WANT
	[ "$2" = "$3" ] || { echo "  $1: got '$2', expected '$3'"; return 1; }
}
habits="road year-0 year-1 year-2 year-3 year-4 year-5 year-6 year-sheet title-0 title-1 title-2 title-3 title-4
	title-5 title-6 title-7 subtotals goal-inline placeholders heads-again heads-situation budget-noinitial budget-blankinitial budget-repeat budget-repeat2
	budget-provincial budget-unknown budget-levels budget-breakdown heads-synonyms heads-synonyms2 heads-tworow heads-tworow2
	unit-yuan unit-yi unit-note unit-none breaks merged-tall"
for h in $habits; do
	check "$h: as its YAML" same_as_yaml "$h"
done
check "road: the scoring vector's form" sh -c \
	'grep -v "^#" "$1/tests/vectors/scoring/road-2022-workbook-habits.yaml" | cmp -s - road.yaml' - "$src"
check "road: 97.45" jq_is road.x.json '"\(.total) \(.grade) \(.budget.rate)"' "97.45 优 97.8"
check "road: no findings" is road "$(findings road.x.json)" ""
check "goal-inline: reasons read" is goal-inline "$(findings goal-inline.x.json)" ""
check "goal-inline: the goal" jq_is goal-inline.x.json '.indicators[0].reason' 两段道路因汛期顺延
for h in year-0 year-1 year-2 year-3 year-4 year-5 year-6 year-sheet title-1 title-2 title-5; do
	check "$h: year 2022" jq_is $h.x.json .year 2022
done
check "year-0: 附件1 above the title" jq_is year-0.x.json '.findings | length' 0
check "title-3: year in the title" jq_is title-3.x.json .year 2022
check "placeholders: skipped, each named" is placeholders "$(findings placeholders.x.json)" \
	"JX-L01@D15,JX-L01@D16,JX-L01@D19,JX-L01@D21,JX-L01@D22"
check "placeholders: info" jq_is placeholders.x.json '[.findings[].severity] | unique | join(",")' info
check "placeholders: six indicators" jq_is placeholders.x.json '.indicators | length' 6
check "placeholders: check passes" status 0 "$jixiao" check placeholders.xlsx
check "placeholders: the note" contains out \
	"placeholders.xlsx:自评表!D15: 提示 JX-L01 第15行“指标1”未填写年度指标值、实际完成值和分值，作为未填写的模板行跳过"
check "placeholders: table" status 0 "$jixiao" score --color=never placeholders.xlsx
check "placeholders: counted" contains out "审核发现（错误 0，警告 0，提示 5）"
check "budget-noinitial: no 年初" jq_is budget-noinitial.x.json '.budget.rows.total.initial' null
check "budget-repeat: the total row's" is budget-repeat "$(findings budget-repeat.x.json)" ""
check "budget-repeat2: the first row's" jq_is budget-repeat2.x.json '.budget.trace' \
	"9.78 = 10 × 273.84/280 (预算执行率 97.80%)"
check "budget-provincial: rows" jq_is budget-provincial.x.json \
	'.budget.rows | "\(.total.adjusted) \(.fiscal.adjusted) \(.other.adjusted)"' "280 200 80"
check "budget-provincial: 单位资金 in 其他资金" is budget-provincial \
	"$(findings budget-provincial.x.json)" "JX-L05@B9"
check "budget-provincial: 原因" status 0 "$jixiao" convert budget-provincial.xlsx -o prov.yaml
check "budget-provincial: 原因 read" contains prov.yaml "reason: 项目结余资金已按规定收回"
check "budget-unknown: named, not counted" is budget-unknown "$(findings budget-unknown.x.json)" \
	"JX-L03@B7"
check "budget-unknown: warning" status 0 "$jixiao" check budget-unknown.xlsx
check "budget-unknown: message" contains out "资金行“其中：专项债券资金”不是可识别的资金来源"
check "budget-levels: counted in 财政拨款" is budget-levels "$(findings budget-levels.x.json)" \
	"JX-L05@B6,JX-L05@B7"
check "budget-levels: the sum" jq_is budget-levels.x.json '.budget.rows.fiscal.executed' 196
check "budget-breakdown: not counted twice" is budget-breakdown \
	"$(findings budget-breakdown.x.json)" "JX-L05@B7,JX-L05@B8"
check "budget-breakdown: the fiscal row" jq_is budget-breakdown.x.json '.budget.rows.fiscal.executed' 196
check "unit-yuan: converted exactly" jq_is unit-yuan.x.json '.budget.rows.other.executed' 77.84
check "unit-yuan: said where" is unit-yuan "$(findings unit-yuan.x.json)" "JX-L04@A4"
check "unit-yuan: message" jq_is unit-yuan.x.json '.findings[0].message' "金额单位为元（见A4），已换算为万元"
check "unit-yi: said where" is unit-yi "$(findings unit-yi.x.json)" "JX-L04@A4"
check "unit-note: 单位：万元 is enough" is unit-note "$(findings unit-note.x.json)" ""
check "unit-none: not silent" is unit-none "$(findings unit-none.x.json)" "JX-L02@D4"
check "unit-none: a warning" jq_is unit-none.x.json '.findings[0].severity' warning
check "breaks: labels on one line" jq_is breaks.x.json \
	'[.indicators[] | .level1, .level2, .name] | map(select(test("\n"))) | length' 0
check "breaks: convert" status 0 "$jixiao" convert breaks.xlsx -o breaks-out.yaml
check "breaks: none written back" sh -c '! grep -q "影\\\\n\|指标\\\\n" breaks-out.yaml'
check "breaks: render" status 0 "$jixiao" render breaks.xlsx -o breaks.xlsx.out.xlsx
check "breaks: none in the workbook written" sh -c \
	'/usr/bin/python3 -c "import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1]).active; sys.exit(any(isinstance(c.value,str) and \"指标\" in c.value and \"\\n\" in c.value for r in ws.iter_rows() for c in r))" breaks.xlsx.out.xlsx'

# not a self-evaluation: one error saying what was looked for
check "budget table" status 1 "$jixiao" check budget-table.xlsx
check "budget table: one error" is "budget table" "$(grep -c ': error:' err)" 1
check "budget table: what was looked for" contains err \
	"budget-table.xlsx: error: no 项目支出绩效自评表 in the workbook: no sheet has an indicator table (三级指标, 年度指标值, 分值); sheets: 预算表, 空白"
check "blank" status 1 "$jixiao" check blank.xlsx
check "blank: one error" is blank "$(grep -c ': error:' err)" 1

# merged cells: a value in a merged range is named by its top-left cell
check "merged-h" status 3 "$jixiao" check --json merged-h.xlsx
check "merged-h: 得分 of 分值:得分 named by its top-left" jq_is out \
	'[.[0].findings[] | select(.code == "JX-S02") | .where] | join(",")' "merged-h.xlsx:自评表!G13"
check "merged-h-bad" status 1 "$jixiao" check merged-h-bad.xlsx
check "merged-h-bad: both at G13" is merged-h-bad "$(grep -c '自评表!G13: error' err)" 2
check "merged-v" status 0 "$jixiao" score --json merged-v.xlsx
check "merged-v: one target for two rows, named by its top" is merged-v "$(findings out)" \
	"JX-T01@E17,JX-T01@E17"
check "merged-v: both read it" jq_is out '[.indicators[5,6].target.text] | join(",")' "≥90,≥90"
check "merged-tall: a row drawn over two" jq_is merged-tall.x.json '.indicators | length' 6
check "merged-tall: named by its top" is merged-tall "$(findings merged-tall.x.json)" "JX-S02@H14"

# LibreOffice's own files of the same habits: its .xlsx, and .xls (no merges)
lo="budget-provincial heads-tworow placeholders unit-yuan year-1 breaks"
if (for h in $lo; do echo "$h.xlsx"; done | xargs soffice -env:UserInstallation="file://$profile" \
	--headless --convert-to xls --outdir "$tmp/lo2" >/dev/null 2>&1) &&
	(cd lo2 && soffice -env:UserInstallation="file://$profile" --headless --convert-to xlsx \
		--outdir "$tmp/lo3" *.xls >/dev/null 2>&1); then
	for h in $lo; do
		check "$h (LibreOffice xlsx)" status 0 "$jixiao" score --json "lo3/$h.xlsx"
		check "$h (LibreOffice xlsx) total" jq_is out .total 97.45
		check "$h (xls)" status 0 "$jixiao" score --json "lo2/$h.xls"
		check "$h (xls) total" jq_is out .total 97.45
		check "$h (xls) indicators" jq_is out '.indicators | length' 6
	done
else
	echo "FAIL libreoffice conversion of the habits"
	fail=$((fail + 1))
fi

echo "sheetform: $count checks, $fail failed"
[ "$fail" -eq 0 ]
