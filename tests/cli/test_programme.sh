#!/bin/sh
# jixiao programme: the seed's programme verified and turned into the
# form's actuals (97, 优, every derived number with its records); each
# refusal the programme's rules make, with its message; malformed files.
#   test_programme.sh JIXIAO
. "$(dirname "$0")/../common/lib.sh"
j=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
prog=$src/examples/programme-2020-innovation-centres.yaml
seed=$src/examples/seed-2020-zhuzhou-innovation-centres.yaml
cp "$src/examples/calendar-cn-2020.txt" "$tmp/"

# --- the seed's programme ---
check check-ok status 0 "$j" programme check "$prog"
check check-text contains "$tmp/out" "公示：2020-09-28 至 2020-10-10，5 个工作日"
check check-awarded contains "$tmp/out" "奖励企业数：8家（8 条记录）"
check check-satisfaction contains "$tmp/out" "满意度：90%（8 份问卷、40 个回答中满意或非常满意的比例）"
check check-json run "$j" programme check --json "$prog"
check json-apps jq_is "$tmp/out" '.counts.applications' 12
check json-states jq_is "$tmp/out" '.counts.by_state | [.awarded, .rejected, .withdrawn] | @csv' '8,3,1'
check json-experts jq_is "$tmp/out" '.counts.experts' 3
check json-objection jq_is "$tmp/out" '.counts.objections' 1
check json-measures jq_is "$tmp/out" '[.measures[].value] | @csv' '8,10,100,90,80'
check json-ontime jq_is "$tmp/out" '.measures[2].records | map(select(.on_time)) | length' 8
check json-review jq_is "$tmp/out" '[.review[] | .rank] | @csv' '1,2,3,4,5,6,7,8,9'
check json-review-last jq_is "$tmp/out" '.review[8].state' rejected
check json-notice jq_is "$tmp/out" '.notice.working_days' 5

# --- the form's actuals from the records: the published 97, 优 ---
check derive status 0 "$j" programme derive --json "$prog" "$seed"
check derive-total jq_is "$tmp/out" '.total' 97
check derive-grade jq_is "$tmp/out" '.grade' 优
check derive-no-p jq_is "$tmp/out" '[.findings[] | select(.code | startswith("JX-P"))] | length' 0
check derive-actuals jq_is "$tmp/out" '[.derived[].derived] | @csv' \
	'"8家","及时拨付至企业达100%","每家奖励10万元","满意度达90%","80"'
check derive-provenance jq_is "$tmp/out" '.derived[0].provenance.records | length' 8
check derive-as-of jq_is "$tmp/out" '.derived[0].provenance.as_of' 2020-12-08
check derive-table status 0 "$j" programme derive "$prog" "$seed"
check derive-table-text contains "$tmp/out" "及时拨付进度（%）：及时拨付至企业达100% ← 按期拨付比例，8 条记录"
check derive-table-total contains "$tmp/out" "得分 97.00   等级：优"

# --- the lists as workbooks, read back by openpyxl ---
check xlsx-awards status 0 "$j" programme xlsx "$prog" awards "$tmp/awards.xlsx"
check xlsx-scores status 0 "$j" programme xlsx "$prog" 专家评分表 "$tmp/scores.xlsx"
check xlsx-payments status 0 "$j" programme xlsx "$prog" payments "$tmp/payments.xlsx"
check xlsx-usage status 2 "$j" programme xlsx "$prog" nothing "$tmp/x.xlsx"
check xlsx-none only "$tmp" awards.xlsx calendar-cn-2020.txt err out payments.xlsx scores.xlsx
check xlsx-read /usr/bin/python3 - "$tmp" <<'PY'
import sys, openpyxl
d = sys.argv[1]
def rows(name):
    ws = openpyxl.load_workbook("%s/%s.xlsx" % (d, name), data_only=True).active
    return ws.title, [r for r in ws.iter_rows(values_only=True)]
t, r = rows("awards")
assert t == "获奖名单" and r[0][0] == "市级企业技术创新中心认定及奖励获奖名单", (t, r[0])
assert r[2][:3] == ("序号", "统一社会信用代码", "企业名称") and r[2][8] == "奖励金额（万元）", r[2]
assert len(r) == 3 + 8 + 1 and all(x[8] == 10 for x in r[3:11]), r
assert r[3][1] == "91430211MA4KK5MQEJ" and r[3][7] == "株工信发〔2020〕68号", r[3]
assert r[11][0] == "合计" and r[11][1] == "8家" and r[11][8] == 80, r[11]
t, r = rows("scores")
assert t == "专家评分表" and r[2][4:10] == ("评审专家", "技术创新能力（30分）", "研发投入（25分）",
                                      "创新平台建设（20分）", "成果转化及效益（25分）", "合计"), r[2]
assert len(r) == 3 + 24 and r[3][4] == "罗教授" and r[3][9] == 90 and r[3][11] == 89.5, r[3]
assert sorted({x[12] for x in r[3:]}) == list(range(1, 10)), r
t, r = rows("payments")
assert t == "资金拨付明细" and r[2][10] == "是否按期拨付", r[2]
assert len(r) == 3 + 8 + 1 and all(x[10] == "是" for x in r[3:11]), r
assert r[11][1] == "8笔" and r[11][8] == 80, r[11]
PY

# a typed actual that the records contradict: an error, and the records win
sed 's/actual: 8家/actual: 9家/; s/fiscal: {initial: 100, adjusted: 80, executed: 80}/fiscal: {initial: 100, adjusted: 80, executed: 75}/' \
	"$seed" >"$tmp/typed.yaml"
check typed status 3 "$j" programme derive "$prog" "$tmp/typed.yaml"
check typed-p01 contains "$tmp/out" "错误 JX-P01 指标“奖励企业”填报的实际完成值“9家”与项目记录不符：按奖励企业数应为“8家”（依据8条记录）"
check typed-p02 contains "$tmp/out" "错误 JX-P02 全年执行数填报为75万元，拨付记录合计80万元（8笔）"
check typed-total contains "$tmp/out" "得分 97.00   等级：优"

# jixiao check --programme: the same findings beside the reviewer's
check check-programme status 3 "$j" check --programme "$prog" "$tmp/typed.yaml"
check check-programme-p01 contains "$tmp/out" "错误 JX-P01 指标“奖励企业”"
check check-programme-ok status 0 "$j" check --programme "$prog" "$seed"
check check-programme-json status 3 "$j" check --json --programme "$prog" "$tmp/typed.yaml"
check check-programme-json-codes jq_is "$tmp/out" '[.[0].findings[].code] | map(select(startswith("JX-P"))) | @csv' '"JX-P01","JX-P02"'
check check-programme-pointer jq_is "$tmp/out" '.[0].findings[] | select(.code == "JX-P01") | .pointer' /indicators/0/actual

# --- refusals: each with its message, exit 3, nothing derived ---
refused() {  # refused NAME SED-SCRIPT MESSAGE
	sed "$2" "$prog" >"$tmp/p.yaml"
	check "$1" status 3 "$j" programme check "$tmp/p.yaml"
	check "$1-message" contains "$tmp/err" "$3"
}
refused code 's/91430211MA4KK5MQEJ/91430211MA4KK5MQEK/g' \
	"error: 企业“株洲硬质合金精密工具有限公司”的统一社会信用代码“91430211MA4KK5MQEK”无效：校验码应为J"
refused code-length 's/91430211MA4KK5MQEJ/91430211MA4KK5MQE/g' "统一社会信用代码应为18位"
refused duplicate '/^experts:/i\
  - {applicant: 91430211MA4KK5MQEJ, submitted: 2020-07-20}' \
	"企业“株洲硬质合金精密工具有限公司”重复申报：已有第1份申报"
refused conflict-declared '/^notice:/i\
  - {expert: 彭研究员, applicant: 91430202MA4K4FE3N1, scores: [20, 20, 15, 20]}' \
	"专家“彭研究员”不得评审“株洲钻石切削刀具应用技术有限公司”：专家已声明与该申报存在利益冲突"
refused conflict-county '/^notice:/i\
  - {expert: 彭研究员, applicant: 91430211MA4KK5MQEJ, scores: [20, 20, 15, 20]}' \
	"专家“彭研究员”不得评审“株洲硬质合金精密工具有限公司”：专家与申报企业同属一个县市区，应当回避"
refused score-range 's/scores: \[\([0-9]*\), /scores: [31, /' "得分31超出0至30分"
refused notice-short 's/^notice_days: 5 /notice_days: 7 /' \
	"公示期为5个工作日，少于申报通知规定的7个工作日"
refused payment 's/applicant: 91430211MA4KK5MQEJ, amount: 10, date: 2020-11-02/applicant: 91430211MA4KK5MQEJ, amount: 12, date: 2020-11-02/' \
	"向“株洲硬质合金精密工具有限公司”拨付合计12万元，超过奖励金额10万元"
refused award-over 's/applicant: 91430211MA4KK5MQEJ, amount: 10, approved/applicant: 91430211MA4KK5MQEJ, amount: 12, approved/' \
	"奖励金额12万元超过申报通知规定的每家10万元"
refused objection-upheld 's/upheld: false/upheld: true/' "的公示异议成立，不能认定"
refused survey-twice 's/applicant: 91430211MA4YEFBXDR, answers/applicant: 91430211MA4KK5MQEJ, answers/' \
	"已提交问卷，每家企业只能提交一次"

# --- malformed files: exit 1, file:line:col and what was expected ---
bad() {  # bad NAME SED-SCRIPT MESSAGE
	sed "$2" "$prog" >"$tmp/p.yaml"
	check "$1" status 1 "$j" programme check "$tmp/p.yaml"
	check "$1-message" contains "$tmp/err" "$3"
}
bad unknown-key 's/^planned: 10 /plannd: 10 /' "p.yaml:13:1: error: unknown key \"plannd\" in a programme"
bad missing 's/^amount: 10 .*//' "error: a programme is missing the required key \"amount\""
bad reference 's/{expert: 彭研究员, applicant: 91430202MA4K4FE3N1/{expert: 彭教授, applicant: 91430202MA4K4FE3N1/' \
	"p.yaml:121:14: error: no expert named \"彭教授\""
bad no-applicant 's/applicant: 91430211MA4KK5MQEJ, amount: 10, approved/applicant: 91430211MA4KK5MQEX, amount: 10, approved/' \
	"error: no application by the applicant \"91430211MA4KK5MQEX\""
bad scores-count 's/scores: \[\([0-9]*\), /scores: [/' "expected a sequence of 4 scores, one per criterion"
bad answer 's/answers: \[5, 5, 5, 4, 5\]/answers: [5, 5, 6, 4, 5]/' "expected a whole number from 1 to 5"
bad date 's/submitted: 2020-07-05/submitted: 2020-07-35/' "expected a date YYYY-MM-DD"
bad binding 's/奖励企业: awarded/奖励企业: awards/' \
	"expected a measure: awarded, amount, on_time, satisfaction or funds"
bad calendar 's/calendar: calendar-cn-2020.txt/calendar: nowhere.txt/' "nowhere.txt"
bad not-yaml '1s/^/{/' "p.yaml:2:3: error: invalid YAML"
echo "2020-10-09 班" >"$tmp/bad-cal.txt"
bad calendar-bad 's/calendar: calendar-cn-2020.txt/calendar: bad-cal.txt/' \
	"bad-cal.txt:1:12: error: 2020-10-09 is a weekday: only a weekend can be a 调休 workday"
check usage status 2 "$j" programme frob x
check usage-files status 2 "$j" programme derive "$prog"

echo "$count checks, $fail failed"
[ "$fail" -eq 0 ]
