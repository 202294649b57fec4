#!/bin/sh
# CLI tests: exit statuses, JSON results, terminal tables, stdin, several
# files, rule sets.  Run from the source directory:
#   tests/cli/test_cli.sh path/to/jixiao
set -u
. "$(dirname "$0")/../common/lib.sh"
jixiao=$1
seed=examples/seed-2020-zhuzhou-innovation-centres.yaml
vec=tests/vectors/scoring
# Under ASan: render writes PDFs, so the PDF test's suppression applies
# (tests/write/pdf/lsan.supp: a leak inside cairo 1.16 only the slow unwinder names)
cat tests/lsan.supp tests/write/pdf/lsan.supp >"$tmp/lsan.supp"
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$tmp/lsan.supp"
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
export LSAN_OPTIONS ASAN_OPTIONS

# usage and help
check "help" status 0 "$jixiao" --help
check "help text" contains "$tmp/out" "usage: jixiao <command>"
check "no command" status 2 "$jixiao"
check "unknown command" status 2 "$jixiao" frobnicate
check "score help" status 0 "$jixiao" score --help
check "score help text" contains "$tmp/out" "usage: jixiao score"
check "check help" status 0 "$jixiao" check -h
check "rules help" status 0 "$jixiao" rules --help
check "unknown option" status 2 "$jixiao" score --frobnicate "$seed"
check "no files" status 2 "$jixiao" score
check "option without value" status 2 "$jixiao" score "$seed" --rules
check "bad format" status 2 "$jixiao" score --format xml "$seed"
check "version" status 0 "$jixiao" --version

# the seed: 97, 优, budget 100% and 10, 奖励企业 8 with its trace
check "seed json" status 0 "$jixiao" score "$seed" --json
cp "$tmp/out" "$tmp/seed.json"
check "total" jq_is "$tmp/seed.json" .total 97
check "grade" jq_is "$tmp/seed.json" .grade 优
check "rules" jq_is "$tmp/seed.json" '.rules.id + "@" + (.rules.version|tostring)' cn-mof-2020@1
check "rate" jq_is "$tmp/seed.json" .budget.rate 100
check "budget score" jq_is "$tmp/seed.json" .budget.score 10
check "indicator score" jq_is "$tmp/seed.json" '.indicators[] | select(.name == "奖励企业") | .score' 8
check "indicator trace" jq_is "$tmp/seed.json" '.indicators[0].trace' "8.00 = 10 × 8/10 (正向指标，未完成)"
check "implied op" jq_is "$tmp/seed.json" '.indicators[0].target | .op + " " + (.implied|tostring)' ">= true"
check "every indicator has a trace" jq_is "$tmp/seed.json" '[.indicators[] | select(.trace == "")] | length' 0
check "empty row" jq_is "$tmp/seed.json" '.indicators[6].score' null
check "subtotals" jq_is "$tmp/seed.json" '[.subtotals[].score] | join(",")' 48,29,10
check "findings" jq_is "$tmp/seed.json" '[.findings[].code] | join(",")' JX-R01
check "finding where" jq_is "$tmp/seed.json" '.findings[0].where' "$seed:66:5"
check "finding pointer" jq_is "$tmp/seed.json" '.findings[0].pointer' /indicators/7/reason

# the terminal table reads like the form
check "seed table" status 0 "$jixiao" score --color=never "$seed"
check "title" contains "$tmp/out" "（2020）年度项目支出绩效自评表"
check "total line" contains "$tmp/out" "总分 100   得分 97.00   等级：优"
check "budget row" contains "$tmp/out" "年度资金总额"
check "trace line" contains "$tmp/out" "8.00 = 10 × 8/10 (正向指标，未完成)"
check "finding line" contains "$tmp/out" "JX-R01"
check "no colour when asked" sh -c "! grep -q '\[3' '$tmp/out'"
check "colour when asked" status 0 "$jixiao" score --color=always "$seed"
check "colour codes" contains "$tmp/out" "[33m"

# standard input, in either format
check "stdin yaml" sh -c "'$jixiao' score --json - < '$seed' > '$tmp/stdin.json'"
check "stdin total" jq_is "$tmp/stdin.json" .total 97
check "stdin file name" jq_is "$tmp/stdin.json" .file "<stdin>"
check "stdin json" sh -c "'$jixiao' score --json --format json - < '$vec/seed-2020.json' > '$tmp/stdin2.json'"
check "stdin json total" jq_is "$tmp/stdin2.json" .total 97

# several files give an array; one file with several forms too
check "two files" status 0 "$jixiao" score --json "$seed" "$vec/training-reverse-cost.yaml"
cp "$tmp/out" "$tmp/two.json"
check "array" jq_is "$tmp/two.json" 'length' 2
check "second total" jq_is "$tmp/two.json" '.[1].total' 90.07
jq -c '.' "$vec/seed-2020.json" > "$tmp/batch.jsonl"
jq -c '.' "$vec/seed-2020.json" >> "$tmp/batch.jsonl"
jq -c '.' "$vec/seed-2020.json" >> "$tmp/batch.jsonl"
check "json lines" status 0 "$jixiao" score --json "$tmp/batch.jsonl"
cp "$tmp/out" "$tmp/lines.json"
check "json lines array" jq_is "$tmp/lines.json" '[.[].total] | join(",")' 97,97,97
check "table for several" status 0 "$jixiao" score --color=never "$tmp/batch.jsonl"
check "separator" contains "$tmp/out" "=========="
check "summary" contains "$tmp/out" "合计：1 个文件，3 份表，读取失败 0，错误 0；优 3"

# rule sets: the same form, other results
check "hao" status 0 "$jixiao" score --json --rules local-hao-2021 "$seed"
check "hao grade" jq_is "$tmp/out" .grade 好
check "hao rounding" status 0 "$jixiao" score --json --rules local-hao-2021 "$vec/training-reverse-cost.yaml"
check "hao total" jq_is "$tmp/out" '.total' 90
check "mof total" status 0 "$jixiao" score --json "$vec/training-reverse-cost.yaml"
check "mof total value" jq_is "$tmp/out" '.total' 90.07
check "pinned version" status 0 "$jixiao" score --json --rules cn-mof-2020@1 "$seed"
check "unknown rules" status 1 "$jixiao" score --rules nope "$seed"
check "rules list" status 0 "$jixiao" rules
check "rules list content" contains "$tmp/out" "* cn-mof-2020@1"
check "rules list variant" contains "$tmp/out" "local-hao-2021@1"
check "rules show" status 0 "$jixiao" rules local-hao-2021
check "rules show content" contains "$tmp/out" "好 ≥ 95"
check "rules json" status 0 "$jixiao" rules --json cn-mof-2020
check "rules json grades" jq_is "$tmp/out" '[.grades[].name] | join("")' 优良中差
check "rules unknown" status 1 "$jixiao" rules nope
mkdir -p "$tmp/rules"
sed -e 's/^id: cn-mof-2020/id: my-city/' -e 's/{min: 90, name: 优}/{min: 98, name: 优}/' \
	rules/cn-mof-2020.yaml > "$tmp/rules/my-city.yaml"
check "rules dir" status 0 "$jixiao" score --json --rules-dir "$tmp/rules" --rules my-city "$seed"
check "rules dir grade" jq_is "$tmp/out" .grade 良
check "rules dir env" sh -c "JIXIAO_RULES_DIR='$tmp/rules' '$jixiao' rules | grep -q my-city"
printf 'id: broken\n' > "$tmp/rules/broken.yaml"
check "bad rules dir" status 1 "$jixiao" score --rules-dir "$tmp/rules" "$seed"
check "bad rules message" contains "$tmp/err" "broken.yaml"

# check: exit 0 clean (warnings only), 3 with errors, 1 unreadable
check "check seed" status 0 "$jixiao" check "$seed"
check "check seed finding" contains "$tmp/out" "JX-R01"
check "check errors" status 3 "$jixiao" check "$vec/renovation-manual.yaml"
check "check error lines" contains "$tmp/out" "$vec/renovation-manual.yaml:11:55: 错误 JX-T04 指标“验收合格率”缺少实际完成值"
check "check missing file" status 1 "$jixiao" check "$tmp/nope.yaml"
check "check missing message" contains "$tmp/err" "cannot open"
check "check a directory" status 1 "$jixiao" check "$tmp"
check "check json" status 3 "$jixiao" check --json "$vec/renovation-manual.yaml" "$seed"
check "check json codes" jq_is "$tmp/out" '[.[0].findings[].code] | join(",")' JX-T05,JX-T04,JX-S04,JX-R01
check "check json second" jq_is "$tmp/out" '.[1].findings[0].severity' warning
check "check unreadable and bad" status 1 "$jixiao" check "$vec/renovation-manual.yaml" "$tmp/nope.yaml"

# execution over 100% and 不低于 targets, end to end: the rate capped, each
# 不低于 scored as ≥, the printed rate quoted as printed
over=$vec/road-overspent-not-below.yaml
check "over 100%" status 0 "$jixiao" score --json "$over"
cp "$tmp/out" "$tmp/over.json"
check "over 100% rate" jq_is "$tmp/over.json" .budget.rate 105
check "over 100% capped" jq_is "$tmp/over.json" '.budget | "\(.score) \(.capped)"' "10 true"
check "over 100% trace" jq_is "$tmp/over.json" .budget.trace "10.00 = 10 × min(105/100, 1) (预算执行率 105.00%，超出部分不计分)"
check "over 100% finding" jq_is "$tmp/over.json" '[.findings[] | .code + "@" + .where] | join(",")' \
	"JX-B01@$over:7:51"
check "not below: ops" jq_is "$tmp/over.json" '[.indicators[] | select(.method != "qualitative") | .target.op] | join(",")' \
	">=,>=,>=,>="
check "not below: scores" jq_is "$tmp/over.json" '[.indicators[].score] | map(tostring) | join(",")' \
	"20,14.7,15,30,10"
check "not below: missed" jq_is "$tmp/over.json" '.indicators[1].trace' "14.70 = 15 × 93.1/95 (正向指标，未完成)"
check "over 100% total" jq_is "$tmp/over.json" '"\(.total) \(.grade)"' "99.7 优"
check "over 100% table" status 0 "$jixiao" score --color=never "$over"
check "over 100% table rate" contains "$tmp/out" "105.00%"
sed 's/rate: 105.00%/rate: 97.80%/' "$over" >"$tmp/printed.yaml"
check "printed rate" status 3 "$jixiao" check "$tmp/printed.yaml"
check "printed rate as printed" contains "$tmp/out" "填报执行率为97.80%，按全年执行数/全年预算数计算应为105.00%"
check "printed rate kept by convert" status 0 "$jixiao" convert "$tmp/printed.yaml" -o "$tmp/printed.json"
check "printed rate in JSON" jq_is "$tmp/printed.json" .budget.rate 97.80%

# a missing actual: the operator is still the one scoring would use
printf 'year: 2021\nproject: 测试\nbudget:\n  fiscal: {adjusted: 10, executed: 10}\nindicators:\n  - {level1: 产出指标, level2: 数量指标, name: 培训人次, target: 500人次, weight: 90}\n' \
	>"$tmp/noactual.yaml"
check "no actual" status 0 "$jixiao" score --json "$tmp/noactual.yaml"
check "no actual op" jq_is "$tmp/out" '.indicators[0].target | "\(.op) \(.implied)"' ">= true"
check "no actual method" jq_is "$tmp/out" '.indicators[0] | "\(.method) \(.status)"' "manual missing"

# labels broken over lines read on one line, and are written so
printf '%s\n' 'year: 2021' 'project: 测试' 'budget:' '  fiscal: {adjusted: 10, executed: 10}' \
	'indicators:' \
	'  - {level1: "产出指标\n（60分）", level2: "数量\n指标", name: "培训\r\n人次", target: 500人次, actual: 500人次, weight: 60}' \
	'  - {level1: "满意度\n指标", level2: 服务对象满意度指标, name: 满意度, target: ≥90%, actual: 95%, weight: 30}' \
	>"$tmp/breaks.yaml"
check "label breaks" status 0 "$jixiao" score --json "$tmp/breaks.yaml"
check "label breaks: one line" jq_is "$tmp/out" '[.indicators[] | .level1, .level2, .name] | join(",")' \
	"产出指标,数量指标,培训人次,满意度指标,服务对象满意度指标,满意度"
check "label breaks: the weight" jq_is "$tmp/out" '.subtotals[0].weight' 60
check "label breaks: convert" status 0 "$jixiao" convert "$tmp/breaks.yaml" -o "$tmp/breaks-out.yaml"
check "label breaks: none written" sh -c '! grep -q "\\\\n" "$1"' - "$tmp/breaks-out.yaml"
check "label breaks: html" status 0 "$jixiao" render "$tmp/breaks.yaml" -o "$tmp/breaks.html"
check "label breaks: html on one line" contains "$tmp/breaks.html" "满意度指标"

# a good form next to a bad one is still scored
printf 'year: 2020\n' > "$tmp/bad.yaml"
check "mixed batch" status 1 "$jixiao" score --json "$seed" "$tmp/bad.yaml"
check "mixed batch output" jq_is "$tmp/out" '.[0].total' 97

# render: the format from the name or --format; folders for many forms
magic() {  # magic FILE PREFIX: FILE starts with PREFIX
	got=$(head -c ${#2} "$1" 2>/dev/null)
	[ "$got" = "$2" ] || { echo "  $1 starts with '$got', expected '$2'"; return 1; }
}
check "render pdf" status 0 "$jixiao" render "$seed" -o "$tmp/r.pdf"
check "render pdf is a PDF" magic "$tmp/r.pdf" "%PDF-"
check "render docx" status 0 "$jixiao" render "$seed" -o "$tmp/r.docx"
check "render docx is a zip" magic "$tmp/r.docx" "PK"
check "render html" status 0 "$jixiao" render "$seed" -o "$tmp/r.html"
check "render html is HTML" magic "$tmp/r.html" "<!DOCTYPE html>"
check "render html has the total" contains "$tmp/r.html" "97.00"
check "render xlsx" status 0 "$jixiao" render "$seed" -o "$tmp/r.xlsx"
check "render xlsx is a zip" magic "$tmp/r.xlsx" "PK"
check "render --format" status 0 "$jixiao" render --format pdf "$seed" -o "$tmp/r.out"
check "render --format wrote a PDF" magic "$tmp/r.out" "%PDF-"
check "render form only" status 0 "$jixiao" render --form-only "$seed" -o "$tmp/f.html"
check "render form only has no narrative" sh -c '! grep -q "项目基本情况" "$1"' - "$tmp/f.html"
check "render unknown extension" status 2 "$jixiao" render "$seed" -o "$tmp/r.txt"
check "render unknown extension message" contains "$tmp/err" "--format"
check "render unknown format" status 2 "$jixiao" render --format odt "$seed" -o "$tmp/r.odt"
check "render no output" status 2 "$jixiao" render "$seed"
check "render two files, one output" status 2 "$jixiao" render "$seed" "$seed" -o "$tmp/two.pdf"
check "render two files wrote nothing" [ ! -e "$tmp/two.pdf" ]
check "render several forms, one output" status 2 "$jixiao" render "$tmp/batch.jsonl" -o "$tmp/b.pdf"
check "render several forms message" contains "$tmp/err" "-o DIR/"
mkdir -p "$tmp/in"
cp "$seed" "$tmp/in/a.yaml"
cp "$vec/seed-2020.json" "$tmp/in/b.json"
check "render folder" status 0 "$jixiao" render --format docx "$tmp/in/a.yaml" "$tmp/in/b.json" \
	"$tmp/batch.jsonl" -o "$tmp/outdir/"
check "render folder files" [ "$(ls "$tmp/outdir" | tr '\n' ' ')" = "a.docx b.docx batch-2.docx batch-3.docx batch.docx " ]
check "render folder summary" contains "$tmp/err" "5 files written to"
echo good > "$tmp/keep.pdf"
check "render bad input" status 1 "$jixiao" render "$tmp/bad.yaml" -o "$tmp/keep.pdf"
check "render bad input keeps the old file" contains "$tmp/keep.pdf" "good"

# the indicator library: searched by pinyin initials, a field and a
# category; checked, the shipped one and a bad one with its locations
check "library jlqy" status 0 "$jixiao" library jlqy
check "library jlqy finds 奖励企业数量" contains "$tmp/out" "GY-001  奖励企业数量"
check "library jlqy count" contains "$tmp/out" "1 of 411 indicators"
check "library narrowed" status 0 "$jixiao" library --field 教育 --level2 服务对象满意度指标
check "library narrowed count" contains "$tmp/out" "3 of 411 indicators"
check "library json" status 0 "$jixiao" library --json zjbfjsl
check "library json entry" jq_is "$tmp/out" '.[0].name + " " + .[0].target + " " + .[0].unit' "资金拨付及时率 ≥95% %"
check "library check" status 0 "$jixiao" library --check
check "library check says" contains "$tmp/out" "411 indicators, 0 with problems"
printf '@a = 按比例计分\nA-1|通用|产出指标|数量指标|受益人数|≤100人|人|≥|@a|计划标准\n' >"$tmp/lib.txt"
check "library bad entry" status 3 "$jixiao" library --file "$tmp/lib.txt" --check
check "library bad entry located" contains "$tmp/err" "lib.txt:2:1: error: A-1: 指标值 ≤100人 reads with operator ≤, not ≥"
printf 'A-1|通用\n' >"$tmp/lib2.txt"
check "library bad line" status 1 "$jixiao" library --file "$tmp/lib2.txt"
check "library bad line located" contains "$tmp/err" 'lib2.txt:1:1: error: expected 10 columns separated by "|", found 2'

# output errors are failures
if [ -w /dev/full ]; then
	"$jixiao" score "$seed" > /dev/full 2>"$tmp/err"
	rc=$?
	check "full disk" [ "$rc" -eq 1 ]
	check "full disk message" contains "$tmp/err" "write error"
fi

echo "cli: $count checks, $fail failed"
[ "$fail" -eq 0 ]
