#!/bin/sh
# The cycle's vectors: every declaration check (tests/vectors/declaration),
# every warning threshold (tests/vectors/monitoring) and the year end
# against the approved declaration (the seed, a lowered target, an approved
# adjustment).  Each vector file says what it expects in its comments:
#   # expect: CODE POINTER    one line per finding, in order ("none": no finding)
#   # light: COLOUR           the project's light (monitoring)
#   # lights: COLOUR...       each indicator's light (monitoring)
# Run from the source directory: tests/vectors/test_cycle.sh path/to/jixiao
set -u
. "$(dirname "$0")/../common/lib.sh"
jixiao=$1

expected() {  # the "# expect:" lines of a vector, "none" dropped
	sed -n 's/^# expect: //p' "$1" | grep -v '^none$' || true
}

same() {  # same NAME WANT-FILE GOT-FILE
	diff -u "$2" "$3" >"$tmp/diff" || { echo "  $1:"; cat "$tmp/diff"; return 1; }
}

for f in tests/vectors/declaration/*.yaml; do
	expected "$f" >"$tmp/want"
	"$jixiao" declare check --json "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	jq -r '.[0].findings[] | "\(.code) \(.pointer)"' "$tmp/out" >"$tmp/got"
	check "$f findings" same "$f" "$tmp/want" "$tmp/got"
	# exit 3 exactly when an error-severity finding is expected
	want_rc=0
	jq -e '.[0].errors > 0' "$tmp/out" >/dev/null && want_rc=3
	check "$f exit $rc" test "$rc" -eq "$want_rc"
done

for f in tests/vectors/monitoring/*.yaml; do
	expected "$f" >"$tmp/want"
	"$jixiao" monitor --json "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	jq -r '.findings[] | "\(.code) \(.pointer)"' "$tmp/out" >"$tmp/got"
	check "$f findings" same "$f" "$tmp/want" "$tmp/got"
	check "$f light" jq_is "$tmp/out" .light "$(sed -n 's/^# light: //p' "$f")"
	check "$f lights" jq_is "$tmp/out" '[.indicators[].light] | join(" ")' \
		"$(sed -n 's/^# lights: //p' "$f")"
	want_rc=0
	[ "$(jq -r .light "$tmp/out")" = red ] && want_rc=3
	check "$f exit $rc" test "$rc" -eq "$want_rc"
done

# --- the seed's year: declared, monitored at 31 July, evaluated at year end
decl=examples/seed-2020-declaration.yaml
seed=examples/seed-2020-zhuzhou-innovation-centres.yaml
check "seed declaration passes its checks" status 0 "$jixiao" declare check "$decl"
check "31 July round: amber" status 0 "$jixiao" monitor --json --declaration "$decl" \
	examples/seed-2020-monitoring-0731.yaml
check "31 July round: amber light" jq_is "$tmp/out" .light amber
check "31 July round: 40 % executed" jq_is "$tmp/out" .rate 40
check "31 July round: 序时进度" jq_is "$tmp/out" .schedule 58.33
check "31 July round: 4 of 10 awarded" jq_is "$tmp/out" '.indicators[0].progress' 40
# with the award programme behind it: on 31 July none of its awards was
# approved nor any payment made, so 4家 and 40 are refused at their lines
prog=examples/programme-2020-innovation-centres.yaml
check "31 July with its programme: refused" status 1 "$jixiao" monitor --json --declaration "$decl" \
	--programme "$prog" examples/seed-2020-monitoring-0731.yaml
check "…4家 at its line" grep -q '0731.yaml:19:14: error: 奖励企业由项目“市级企业技术创新中心认定及奖励”的记录得出，应为“0家”' "$tmp/err"
check "…40 at its line" grep -q '0731.yaml:13:51: error: 1–N月执行数.*应为“0”.*不能填报为“40”' "$tmp/err"
sed -e '/    to_date: 4家/d' -e 's/, executed: 40}/}/' examples/seed-2020-monitoring-0731.yaml >"$tmp/0731-bound.yaml"
check "…left to the records: red" status 3 "$jixiao" monitor --json --declaration "$decl" \
	--programme "$prog" "$tmp/0731-bound.yaml"
check "…0家 from the records" jq_is "$tmp/out" '.monitoring.indicators[0].to_date' 0家
check "…nothing executed" jq_is "$tmp/out" .rate 0
# at 30 November: eight approved on 16 October and paid in November
sed -e 's/^as_of: 2020-07-31/as_of: 2020-11-30/' "$tmp/0731-bound.yaml" >"$tmp/1130-bound.yaml"
check "30 November with its programme" status 0 "$jixiao" monitor --json --declaration "$decl" \
	--programme "$prog" "$tmp/1130-bound.yaml"
check "…8家 from the records" jq_is "$tmp/out" '.monitoring.indicators[0].to_date' 8家
check "…80 executed" jq_is "$tmp/out" '.monitoring.budget.fiscal.executed' 80
check "…all paid in time" jq_is "$tmp/out" '.monitoring.indicators[2].to_date' 及时拨付至企业达100%
check "…its report" run "$jixiao" monitor --declaration "$decl" --programme "$prog" \
	--report "$tmp/1130.html" "$tmp/1130-bound.yaml"
check "…says where 8家 comes from" grep -q '奖励企业“8家”由项目“市级企业技术创新中心认定及奖励”的记录得出（奖励企业数，依据8条记录，记录截至2020-11-30）。' "$tmp/1130.html"

# the self-evaluation made from the declaration: every target and weight
# carried over; the year's results filled in from the seed by indicator name
check "evaluation made from the declaration" run "$jixiao" declare form --json "$decl"
cp "$tmp/out" "$tmp/made.json"
check "made form keeps 10家" jq_is "$tmp/made.json" '.indicators[0].target' 10家
check "seed as JSON" run "$jixiao" convert "$seed" -o "$tmp/seed.json"
jq --slurpfile s "$tmp/seed.json" '
	($s[0]) as $seed
	| .budget.fiscal.adjusted = $seed.budget.fiscal.adjusted
	| .budget.fiscal.executed = $seed.budget.fiscal.executed
	| .goal.actual = $seed.goal.actual
	| .indicators |= map(. as $i
		| ($seed.indicators[] | select(.name == $i.name)) as $r
		| . + ($r | {actual, score, band, reason} | with_entries(select(.value != null))))
	' "$tmp/made.json" >"$tmp/filled.json"
"$jixiao" declare check --json "$decl" >/dev/null
check "targets and weights as declared" jq_is "$tmp/filled.json" \
	"[.indicators[] | [.name, .target, .weight]] == $(jq -c '[.indicators[] | [.name, .target, .weight]]' "$tmp/made.json")" true
check "year end: 97 优, no finding about targets" status 0 "$jixiao" declare compare --json \
	"$decl" "$tmp/filled.json"
check "year end total" jq_is "$tmp/out" .total 97
check "year end grade" jq_is "$tmp/out" .grade 优
check "year end: no JX-A finding" jq_is "$tmp/out" '[.findings[].code | select(startswith("JX-A"))] | length' 0

# 10家 lowered to 8家 at year end: an error at the target's line
# (its score follows the lower target: 8 of 8家 is full marks)
jq '.indicators[0].target = "8家" | .indicators[0].score = 10' "$tmp/filled.json" >"$tmp/lowered.json"
check "lowered target refused" status 3 "$jixiao" declare compare --json "$decl" "$tmp/lowered.json"
check "lowered: JX-A01 at the target" jq_is "$tmp/out" \
	'[.findings[] | select(.code == "JX-A01") | .pointer] | join(",")' /indicators/0/target
# the same as a YAML file: the finding names its line
sed 's/^    target: 10家$/    target: 8家/' "$seed" >"$tmp/lowered.yaml"
check "lowered YAML refused" status 3 "$jixiao" declare compare "$decl" "$tmp/lowered.yaml"
check "lowered YAML: located" contains "$tmp/out" \
	"$tmp/lowered.yaml:28:13: 错误 JX-A01 指标“奖励企业”的年度指标值“8家”与批准的绩效目标“10家”不一致，且无经批准的目标调整"

# an approved adjustment clears it and is reported
adj=tests/vectors/yearend/adjustment-8.yaml
check "adjusted target accepted" status 0 "$jixiao" declare compare --json --adjustments "$adj" \
	"$decl" "$tmp/lowered.json"
check "adjusted: no JX-A01" jq_is "$tmp/out" '[.findings[] | select(.code == "JX-A01")] | length' 0
check "adjusted: JX-A05 says who and when" jq_is "$tmp/out" \
	'[.findings[] | select(.code == "JX-A05") | .message] | join("")' \
	'指标“奖励企业”的年度指标值经批准由“10家”调整为“8家”（2020-08-20由财政局复核人批准，原因：受疫情和经济下行压力影响，申报企业数量减少）'
# an adjustment to another value does not clear a different change
jq '.indicators[0].target = "6家"' "$tmp/filled.json" >"$tmp/six.json"
check "adjusted to 8家, form says 6家" status 3 "$jixiao" declare compare --json \
	--adjustments "$adj" "$decl" "$tmp/six.json"
# a declared indicator dropped, and one never declared
jq 'del(.indicators[1]) | .indicators += [{level1: "产出指标", level2: "数量指标", name: "新增指标", target: "1个", actual: "1个", weight: 0}]' \
	"$tmp/filled.json" >"$tmp/changed.json"
check "dropped and added indicators" status 3 "$jixiao" declare compare --json "$decl" "$tmp/changed.json"
check "JX-A03 and JX-A04" jq_is "$tmp/out" \
	'[.findings[].code | select(startswith("JX-A"))] | sort | join(" ")' "JX-A03 JX-A04"

# the monitoring table as .xlsx out and back in: the same warnings
check "monitoring table written" run "$jixiao" monitor --declaration "$decl" \
	examples/seed-2020-monitoring-0731.yaml -o "$tmp/round.xlsx"
check "monitoring table read back" status 0 "$jixiao" monitor --json "$tmp/round.xlsx"
check "read back: amber" jq_is "$tmp/out" .light amber
check "read back: findings at cells" jq_is "$tmp/out" '[.findings[].where] | join(" ")' \
	"$tmp/round.xlsx:绩效运行监控表!B5 $tmp/round.xlsx:绩效运行监控表!H19"
if command -v python3 >/dev/null && python3 -c 'import openpyxl' 2>/dev/null; then
	check "openpyxl reads the table" python3 - "$tmp/round.xlsx" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
assert ws["A1"].value == "（2020）年度项目支出绩效运行监控表", ws["A1"].value
assert ws["D5"].value == "1-7月执行数"
assert ws["D6"].value == 40 and ws["C6"].value == 100
assert ws["G6"].value == "黄灯"
assert ws["C12"].value == "奖励企业" and ws["D12"].value == "10家" and ws["E12"].value == "4家"
PY
fi

# --- bad input: exit 1 and exactly the recorded messages, with locations
for f in tests/vectors/bad-cycle/*.yaml tests/vectors/bad-cycle/*.json; do
	case $f in
	*/decl-*) set -- declare check "$f" ;;
	*/mon-undeclared*) set -- monitor --declaration "$decl" "$f" ;;
	*) set -- monitor "$f" ;;
	esac
	"$jixiao" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "$f exit $rc" test "$rc" -eq 1
	check "$f messages" same "$f" "${f%.*}.err" "$tmp/err"
done
# a workbook with a bad amount and a bad word: errors at their cells
if command -v python3 >/dev/null && python3 -c 'import openpyxl' 2>/dev/null; then
	python3 - "$tmp/round.xlsx" "$tmp/bad.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
ws["D7"] = "四十"
ws["H12"] = "大概能"
wb.save(sys.argv[2])
PY
	check "bad workbook refused" status 1 "$jixiao" monitor "$tmp/bad.xlsx"
	check "bad workbook: the amount's cell" contains "$tmp/err" \
		"$tmp/bad.xlsx:绩效运行监控表!D7: error: expected an amount in 万元 (exact to the fen), got \"四十\": not a number (at /budget/fiscal/executed)"
	check "bad workbook: the word's cell" contains "$tmp/err" \
		"$tmp/bad.xlsx:绩效运行监控表!H12: error: expected 确定能, 有可能 or 完全不可能, got \"大概能\" (at /indicators/0/likelihood)"
fi

echo "cycle vectors: $count checks, $fail failures"
[ "$fail" -eq 0 ]
