#!/bin/sh
# The monitoring report (绩效运行监控报告, src/write/report/monitor_report.c)
# as a reader gets it: `jixiao monitor --report` writes the seed's round at
# 31 July as PDF, read back by pdftotext (its text with the line breaks
# taken out, as pdftotext breaks lines where the layout does), as Word
# (document.xml) and as HTML; then the same round with a lower expected
# value, red at its indicator.
#   tests/write/monitor/test_monitor_report.sh path/to/jixiao
set -u
. "$(dirname "$0")/../../common/lib.sh"
jixiao=$1
decl=examples/seed-2020-declaration.yaml
round=examples/seed-2020-monitoring-0731.yaml

cat tests/lsan.supp tests/write/pdf/lsan.supp >"$tmp/lsan.supp"
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$tmp/lsan.supp:print_suppressions=0"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
export LSAN_OPTIONS ASAN_OPTIONS
command -v pdftotext >/dev/null || { echo "FAIL pdftotext is not installed (poppler-utils)"; exit 1; }

flat() {  # flat PDF OUT: the PDF's text without spaces and line breaks
	pdftotext "$1" - | tr -d ' \n\f' >"$2"
}

row() {  # row PDF REGEX: a line of the table as laid out
	pdftotext -layout "$1" - | grep -qE -- "$2" || { echo "  no line matches $2 in $1"; return 1; }
}

check "the amber round as PDF" run "$jixiao" monitor --declaration "$decl" "$round" --report "$tmp/m.pdf"
check "…a PDF" contains "$tmp/m.pdf" "%PDF-"
flat "$tmp/m.pdf" "$tmp/m.txt"
for want in 2020年度制造强市专项－市级企业技术创新中心奖励绩效运行监控报告 "—截至2020-07-31（1-7月）" \
	一、项目基本情况 二、预算执行情况 三、绩效目标完成情况 四、预警情况及下一步工作 据监控表数据生成 \
	项目编码：430200-GXJ-2020-017 序时进度58.33%，项目总体预警为黄灯 \
	年初预算数100万元，全年预算数100万元，1-7月执行数40万元 \
	预算执行率40.00%，落后序时进度（58.33%）18.33个百分点，预警为黄灯 \
	"企业满意度：年度指标值满意度达90%" "完成目标可能性为“有可能”" \
	偏差原因：其他：满意度调查安 纠偏措施：第二批拨付完成后开展问卷调查 \
	其余7项指标运行正常（绿灯） JX-M02 JX-M06 \
	（2020）年度项目支出绩效运行监控表 监控截止日 全年预计完成情况 偏差原因分析 完成目标可能性 纠偏措施 \
	备注：第一批4家已完成公示和拨付; do
	check "PDF: $want" contains "$tmp/m.txt" "$want"
done
# the table's row of 奖励企业: target, value so far, expected, likelihood, light
check "PDF: the row of 奖励企业" row "$tmp/m.pdf" "奖励企业 +10家 +4家 +10家 +确定能 +绿灯"
check "PDF: the row of 企业满意度" row "$tmp/m.pdf" "企业满意度 +满意度达90%"
check "PDF: the budget row" row "$tmp/m.pdf" "100 +100 +40 +40.00% +58.33% +18.33 +黄灯"
check "PDF: the overall light" row "$tmp/m.pdf" "总体预警 +黄灯"

check "the round as Word" run "$jixiao" monitor --declaration "$decl" "$round" --report "$tmp/m.docx"
check "…document.xml" run sh -c "unzip -p '$tmp/m.docx' word/document.xml | sed 's/<[^>]*>//g' >'$tmp/docx.txt'"
for want in 绩效运行监控报告 据监控表数据生成 预算执行率40.00% 纠偏措施：第二批拨付完成后开展问卷调查 总体预警; do
	check "Word: $want" contains "$tmp/docx.txt" "$want"
done
check "the round as HTML" run "$jixiao" monitor --declaration "$decl" "$round" --report "$tmp/m.html"
check "HTML: the label" contains "$tmp/m.html" '<p class="generated-label">据监控表数据生成</p>'
check "HTML: the light" contains "$tmp/m.html" 黄灯

# 7家 expected of 10家: red at the indicator, and no measure written
sed 's/^    expected: 10家$/    expected: 7家/' "$round" >"$tmp/red.yaml"
check "the red round" contains "$tmp/red.yaml" "expected: 7家"
check "…written (a red light exits 3)" status 3 "$jixiao" monitor --declaration "$decl" "$tmp/red.yaml" --report "$tmp/red.pdf"
flat "$tmp/red.pdf" "$tmp/red.txt"
for want in "奖励企业：年度指标值10家，1-7月执行情况4家，全年预计完成7家" 预警为红灯 项目总体预警为红灯 JX-M03 JX-M07 未填写纠偏措施; do
	check "red PDF: $want" contains "$tmp/red.txt" "$want"
done
check "red PDF: the row of 奖励企业" row "$tmp/red.pdf" "奖励企业 +10家 +4家 +7家 +确定能 +红灯"
check "red PDF: the overall light" row "$tmp/red.pdf" "总体预警 +红灯"

# only documents, and only one monitoring
check "a workbook is no report" status 2 "$jixiao" monitor "$round" --report "$tmp/m.xlsx"
check "one file" status 2 "$jixiao" monitor "$round" "$round" --report "$tmp/m.pdf"

echo "monitor report: $count checks, $fail failed"
[ "$fail" -eq 0 ]
