/*
 * jixiao — findings: what a finance reviewer would raise about a scored
 * form, each with a stable code (docs/checks.md).
 *
 * A finding records its code, its severity, where it is (the source
 * location and the JSON pointer of the value to fix) and the numbers and
 * texts it speaks of; its message, in Chinese or English, is written on
 * demand from the code's templates, as traces are.  Checking a batch of
 * forms formats nothing.
 *
 * The codes are one table, JX_FINDINGS below: it yields the enum, the code
 * text ("JX-B01"), the default severity, the titles and the templates, so a
 * code that is not in the table does not compile.
 *
 * Texts a finding speaks of point into the form, the result or the rule
 * set: those must outlive the finding while its message is read.
 */
#ifndef JIXIAO_CORE_FINDING_H
#define JIXIAO_CORE_FINDING_H

#include "jixiao/core/buf.h"
#include "jixiao/core/common.h"
#include "jixiao/core/num.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * X(code, default severity, title zh, title en, message zh, message en)
 * In the messages {0}…{5} stand for the finding's arguments, formatted by
 * their kind (jx_farg_kind).
 *
 * The table is laid out by hand, one field a line.
 */
/* clang-format off */
#define JX_FINDINGS(X)                                                                              \
	X(B01, WARNING,                                                                             \
	  "全年执行数超过全年预算数",                                                               \
	  "executed amount exceeds the full-year budget",                                           \
	  "全年执行数{0}万元超过全年预算数{1}万元，执行率按上限计分",                               \
	  "executed {0} 万元 exceeds the full-year budget {1} 万元; the rate is capped")            \
	X(B02, ERROR,                                                                               \
	  "年度资金总额与各资金来源之和不符",                                                       \
	  "printed total differs from the sum of its rows",                                         \
	  "年度资金总额的{0}填报为{1}万元，但各资金来源之和为{2}万元",                              \
	  "printed total {0} is {1} 万元 but its rows add up to {2} 万元")                          \
	X(B03, ERROR,                                                                               \
	  "全年预算数为0，无法计算执行率",                                                          \
	  "full-year budget is zero: no execution rate",                                            \
	  "全年预算数为{0}万元，无法计算执行率，预算执行得分计为0",                                 \
	  "full-year budget is {0} 万元: no execution rate, budget score counts 0")                 \
	X(B04, ERROR,                                                                               \
	  "填报的执行率与计算结果不符",                                                             \
	  "printed execution rate differs from the computed rate",                                  \
	  "填报执行率为{0}%，按全年执行数/全年预算数计算应为{1}%",                                  \
	  "printed rate is {0}% but executed/budget gives {1}%")                                    \
	X(B05, ERROR,                                                                               \
	  "资金金额为负数",                                                                         \
	  "negative amount",                                                                        \
	  "{0}的{1}为负数（{2}万元）",                                                              \
	  "{0} {1} is negative ({2} 万元)")                                                         \
	X(B06, ERROR,                                                                               \
	  "填报的预算执行得分与计算结果不符",                                                       \
	  "printed budget score differs from the computed score",                                   \
	  "预算执行得分填报为{0}，按规则应为{1}",                                                   \
	  "printed budget score is {0} but the rules give {1}")                                     \
	X(B07, WARNING,                                                                             \
	  "预算执行率分值与规则不同",                                                               \
	  "budget weight differs from the rule set",                                                \
	  "预算执行率分值填报为{0}，规则“{1}”规定为{2}",                                            \
	  "budget weight is {0} but rule set {1} gives {2}")                                        \
	X(W01, ERROR,                                                                               \
	  "一级指标分值与所属三级指标分值之和不符",                                                 \
	  "level-1 weight differs from the sum of its indicators",                                  \
	  "一级指标“{0}”标注{1}分，其三级指标分值合计{2}分",                                        \
	  "level-1 {0} is labelled {1} points but its indicators add up to {2}")                    \
	X(W02, WARNING,                                                                             \
	  "一级指标权重与规则默认权重不同",                                                         \
	  "level-1 weight differs from the rule set's default",                                     \
	  "一级指标“{0}”的分值合计{1}分，规则“{2}”的默认权重为{3}分",                               \
	  "level-1 {0} totals {1} points; rule set {2} defaults to {3}")                            \
	X(W03, ERROR,                                                                               \
	  "指标分值与预算执行率分值合计不等于总分",                                                 \
	  "weights do not add up to the total points",                                              \
	  "指标分值{0}加预算执行率分值{1}合计{2}，应为{3}",                                         \
	  "indicator weights {0} plus budget weight {1} make {2}, not {3}")                         \
	X(W04, ERROR,                                                                               \
	  "指标未设分值",                                                                           \
	  "indicator without a positive weight",                                                    \
	  "指标“{0}”未设分值或分值不为正",                                                          \
	  "indicator {0} has no positive weight")                                                   \
	X(S01, ERROR,                                                                               \
	  "得分超过分值",                                                                           \
	  "score above the weight",                                                                 \
	  "指标“{0}”的得分{1}超过分值{2}",                                                          \
	  "indicator {0}: score {1} exceeds its weight {2}")                                        \
	X(S02, ERROR,                                                                               \
	  "自评得分与按规则计算的得分不一致",                                                       \
	  "given score differs from the computed score",                                            \
	  "指标“{0}”的自评得分{1}与按规则计算的得分不一致：{2}",                                    \
	  "indicator {0}: given score {1} differs from the computed score: {2}")                    \
	X(S03, ERROR,                                                                               \
	  "定性指标得分不在所选档次范围内",                                                         \
	  "qualitative score outside its band",                                                     \
	  "指标“{0}”选定档次“{1}”，得分应在{2}至{3}{4}之间，填报为{5}",                             \
	  "indicator {0}: band {1} allows {2} to {3}{4}, the score is {5}")                         \
	X(S04, ERROR,                                                                               \
	  "需人工评分但未填写得分",                                                                 \
	  "an assessor's score is required but missing",                                            \
	  "指标“{0}”为{1}，须由评价人填写得分",                                                     \
	  "indicator {0} is {1}: an assessor's score is required")                                  \
	X(S05, ERROR,                                                                               \
	  "填报总分与计算总分不一致",                                                               \
	  "printed total differs from the computed total",                                          \
	  "填报总分{0}，按规则计算为{1}",                                                           \
	  "printed total is {0}; the rules give {1}")                                               \
	X(S06, ERROR,                                                                               \
	  "填报等级与总分不符",                                                                     \
	  "printed grade does not match the total",                                                 \
	  "填报等级“{0}”与总分{1}对应的等级“{2}”不符",                                              \
	  "printed grade {0} does not match the total {1} (grade {2})")                             \
	X(S07, ERROR,                                                                               \
	  "定性指标档次无法识别",                                                                   \
	  "unknown qualitative band",                                                               \
	  "指标“{0}”的档次“{1}”不在规则“{2}”中",                                                    \
	  "indicator {0}: band \"{1}\" is not in rule set {2}")                                     \
	X(S08, ERROR,                                                                               \
	  "得分为负数",                                                                             \
	  "negative score",                                                                         \
	  "指标“{0}”的得分为负数（{1}）",                                                           \
	  "indicator {0} has a negative score ({1})")                                               \
	X(R01, WARNING,                                                                             \
	  "未得满分但未说明偏差原因",                                                               \
	  "below full marks without a deviation reason",                                            \
	  "指标“{0}”得分{1}低于分值{2}，须说明偏差原因及改进措施",                                  \
	  "indicator {0} scores {1} of {2}: a deviation reason is required")                        \
	X(R02, WARNING,                                                                             \
	  "定性指标未达成年度指标但未说明偏差原因",                                                 \
	  "qualitative band below full achievement without a reason",                               \
	  "指标“{0}”评为“{1}”，须说明偏差原因及改进措施",                                           \
	  "indicator {0} is rated {1}: a deviation reason is required")                             \
	X(R03, WARNING,                                                                             \
	  "实际完成值远超年度指标值（目标可能偏低）但未说明原因",                                   \
	  "actual far above target (target set too low) without a reason",                          \
	  "指标“{0}”实际完成值{1}达到年度指标值{2}的{3}倍以上，目标可能设定偏低，须说明原因",       \
	  "indicator {0}: actual {1} is at least {3} × the "                                        \
	  "target {2}; explain (target set too low?)")                                              \
	X(R04, WARNING,                                                                             \
	  "预算执行率偏低但未说明原因",                                                             \
	  "low budget execution without a reason",                                                  \
	  "预算执行率{0}%低于{1}%，须说明偏差原因及改进措施",                                       \
	  "execution rate {0}% is below {1}%: a deviation reason is required")                      \
	X(T01, WARNING,                                                                             \
	  "定量指标缺少计量单位",                                                                   \
	  "quantitative target without a unit",                                                     \
	  "指标“{0}”的年度指标值“{1}”缺少计量单位",                                                 \
	  "indicator {0}: target \"{1}\" has no unit")                                              \
	X(T02, ERROR,                                                                               \
	  "实际完成值与年度指标值单位不一致",                                                       \
	  "actual and target units do not match",                                                   \
	  "指标“{0}”的实际完成值单位“{1}”与年度指标值单位“{2}”不一致，无法计算，需人工评分",        \
	  "indicator {0}: actual unit \"{1}\" does not convert to target "                          \
	  "unit \"{2}\"; an assessor's score is needed")                                            \
	X(T03, ERROR,                                                                               \
	  "缺少年度指标值",                                                                         \
	  "target missing",                                                                         \
	  "指标“{0}”缺少年度指标值",                                                                \
	  "indicator {0} has no target")                                                            \
	X(T04, ERROR,                                                                               \
	  "缺少实际完成值",                                                                         \
	  "actual missing",                                                                         \
	  "指标“{0}”缺少实际完成值",                                                                \
	  "indicator {0} has no actual value")                                                      \
	X(T05, WARNING,                                                                             \
	  "实际完成值为文字，按人工评分计",                                                         \
	  "text actual for a measurable target: the assessor's score counts",                       \
	  "指标“{0}”的实际完成值“{1}”无法计量，按自评得分计",                                       \
	  "indicator {0}: actual \"{1}\" is not measurable; the assessor's score counts")           \
	X(I01, WARNING,                                                                             \
	  "指标完成率明显高于预算执行率（自评可能偏高）",                                           \
	  "indicator completion well above budget execution (inflated self-score?)",                \
	  "指标完成率{0}%高于预算执行率{1}%超过{2}个百分点，自评得分可能偏高",                      \
	  "indicator completion {0}% exceeds budget execution {1}% by more than {2} points")        \
	X(C01, WARNING,                                                                             \
	  "一级指标不在规则集中",                                                                   \
	  "level-1 category unknown to the rule set",                                               \
	  "一级指标“{0}”不在规则“{1}”的一级指标中",                                                 \
	  "level-1 category {0} is not in rule set {1}")                                            \
	X(C02, WARNING,                                                                             \
	  "二级指标不属于所在一级指标",                                                             \
	  "level-2 category does not belong to its level-1",                                        \
	  "二级指标“{0}”不属于一级指标“{1}”",                                                       \
	  "level-2 category {0} is not part of {1}")                                                \
	/* left by the readers: how a workbook was read (the reader words it) */                    \
	X(L01, INFO,                                                                                \
	  "未填写的模板行已跳过",                                                                   \
	  "an unfilled template row was skipped",                                                   \
	  "{0}",                                                                                    \
	  "{1}")                                                                                    \
	X(L02, WARNING,                                                                             \
	  "金额单位未注明，按万元读取",                                                             \
	  "the unit of money is not stated: amounts read in 万元",                                  \
	  "{0}",                                                                                    \
	  "{1}")                                                                                    \
	X(L03, WARNING,                                                                             \
	  "资金来源行无法识别，未计入",                                                             \
	  "a row of the budget block is not a known source of funds: not counted",                  \
	  "{0}",                                                                                    \
	  "{1}")                                                                                    \
	X(L04, INFO,                                                                                \
	  "金额按表内单位换算为万元",                                                               \
	  "amounts converted into 万元 from the unit the form states",                              \
	  "{0}",                                                                                    \
	  "{1}")                                                                                    \
	X(L05, INFO,                                                                                \
	  "资金来源行计入其他行",                                                                   \
	  "a source of funds counted within another row",                                           \
	  "{0}",                                                                                    \
	  "{1}")                                                                                    \
	JX_DECLARATION_FINDINGS(X)                                                                  \
	JX_MONITOR_FINDINGS(X)                                                                      \
	JX_ADJUSTMENT_FINDINGS(X)                                                                   \
	JX_PROGRAMME_FINDINGS(X)

/* Target declarations (绩效目标申报, core/declaration.c). */
#define JX_DECLARATION_FINDINGS(X)                                                                  \
	X(D01, ERROR,                                                                               \
	  "产出指标未量化",                                                                         \
	  "output indicator not quantified",                                                        \
	  "指标“{0}”属于{1}，年度指标值“{2}”应为可衡量的数值（如≥10家、≤30天）",                    \
	  "indicator {0} is a {1}: its target \"{2}\" must be a measurable quantity")               \
	X(D02, ERROR,                                                                               \
	  "指标分值合计不符合规则",                                                                 \
	  "weights do not add up as the rule set says",                                             \
	  "指标分值合计{0}加预算执行率分值{1}为{2}，规则“{3}”要求{4}",                              \
	  "indicator weights {0} plus budget weight {1} make {2}; rule set {3} requires {4}")       \
	X(D03, ERROR,                                                                               \
	  "缺少成本指标",                                                                           \
	  "no cost indicator",                                                                      \
	  "未设成本指标：规则“{0}”要求申报成本指标（{1}）",                                         \
	  "no cost indicator: rule set {0} requires one ({1})")                                     \
	X(D04, WARNING,                                                                             \
	  "有服务对象但缺少满意度指标",                                                             \
	  "service recipients but no satisfaction indicator",                                       \
	  "项目有服务对象，应设服务对象满意度指标",                                                 \
	  "the project has service recipients: a satisfaction indicator is required")               \
	X(D05, ERROR,                                                                               \
	  "指标重复",                                                                               \
	  "duplicate indicator",                                                                    \
	  "指标“{0}”在{1}下重复申报（第{2}个指标）",                                                \
	  "indicator {0} is declared twice under {1} (indicator {2})")                              \
	X(D06, WARNING,                                                                             \
	  "年度指标值表述模糊",                                                                     \
	  "vague target",                                                                           \
	  "指标“{0}”的年度指标值“{1}”含模糊表述“{2}”，应写明可考核的目标",                          \
	  "indicator {0}: target \"{1}\" says \"{2}\", which cannot be assessed")                   \
	X(D07, ERROR,                                                                               \
	  "缺少年度指标值",                                                                         \
	  "target missing",                                                                         \
	  "指标“{0}”未填写年度指标值",                                                              \
	  "indicator {0} has no target")                                                            \
	X(D08, ERROR,                                                                               \
	  "年度指标值无法识别",                                                                     \
	  "target cannot be read",                                                                  \
	  "指标“{0}”的年度指标值“{1}”含多个数值，无法识别为一个目标",                               \
	  "indicator {0}: target \"{1}\" holds several "                                            \
	  "quantities and cannot be read as one target")                                            \
	X(D09, WARNING,                                                                             \
	  "年度指标值不高于上年实际（目标偏低）",                                                   \
	  "target no higher than last year's result",                                               \
	  "指标“{0}”的年度指标值“{1}”不优于上年实际完成值“{2}”，目标可能设定偏低",                  \
	  "indicator {0}: target \"{1}\" is no better than last year's result \"{2}\"")             \
	X(D10, WARNING,                                                                             \
	  "未说明取值依据",                                                                         \
	  "no basis for the target value",                                                          \
	  "指标“{0}”未说明取值依据（计划标准、行业标准、历史标准、预算支出标准或其他）",            \
	  "indicator {0} does not say where its target comes from")

/* Monitoring rounds (绩效运行监控, core/monitor.c): red and amber warnings. */
#define JX_MONITOR_FINDINGS(X)                                                                      \
	X(M01, ERROR,                                                                               \
	  "预算执行进度严重滞后（红色预警）",                                                       \
	  "budget execution far behind schedule (red)",                                             \
	  "截至{0}，预算执行率{1}%落后序时进度{2}%达{3}个百分点，超过红色预警阈值{4}个百分点",      \
	  "by {0} execution is {1}%, {3} points behind the schedule {2}% (red above {4})")          \
	X(M02, WARNING,                                                                             \
	  "预算执行进度滞后（黄色预警）",                                                           \
	  "budget execution behind schedule (amber)",                                               \
	  "截至{0}，预算执行率{1}%落后序时进度{2}%达{3}个百分点，超过黄色预警阈值{4}个百分点",      \
	  "by {0} execution is {1}%, {3} points behind the schedule {2}% (amber above {4})")        \
	X(M03, ERROR,                                                                               \
	  "指标预计无法完成（红色预警）",                                                           \
	  "indicator expected to fall far short (red)",                                             \
	  "指标“{0}”全年预计完成“{1}”，偏离年度指标值“{2}”{3}%，超过红色预警阈值{4}%",              \
	  "indicator {0}: expected \"{1}\" misses the target \"{2}\" by {3}% (red above {4}%)")     \
	X(M04, WARNING,                                                                             \
	  "指标预计存在偏差（黄色预警）",                                                           \
	  "indicator expected to fall short (amber)",                                               \
	  "指标“{0}”全年预计完成“{1}”，偏离年度指标值“{2}”{3}%，超过黄色预警阈值{4}%",              \
	  "indicator {0}: expected \"{1}\" misses the target \"{2}\" by {3}% (amber above {4}%)")   \
	X(M05, ERROR,                                                                               \
	  "完成目标可能性为完全不可能（红色预警）",                                                 \
	  "target judged impossible (red)",                                                         \
	  "指标“{0}”完成目标可能性为“完全不可能”",                                                  \
	  "indicator {0}: the target is judged impossible")                                         \
	X(M06, WARNING,                                                                             \
	  "完成目标可能性为有可能（黄色预警）",                                                     \
	  "target judged uncertain (amber)",                                                        \
	  "指标“{0}”完成目标可能性为“有可能”",                                                      \
	  "indicator {0}: meeting the target is uncertain")                                         \
	X(M07, WARNING,                                                                             \
	  "存在偏差但未说明原因或纠偏措施",                                                         \
	  "deviation without a cause or a measure",                                                 \
	  "指标“{0}”预警为{1}，须填写偏差原因分析和纠偏措施",                                       \
	  "indicator {0} is {1}: the cause of the deviation and a measure are required")

/* The year end against the approved declaration (core/declaration.c). */
#define JX_ADJUSTMENT_FINDINGS(X)                                                                   \
	X(A01, ERROR,                                                                               \
	  "年度指标值与批准的绩效目标不一致",                                                       \
	  "target differs from the approved declaration",                                           \
	  "指标“{0}”的年度指标值“{1}”与批准的绩效目标“{2}”不一致，且无经批准的目标调整",            \
	  "indicator {0}: target \"{1}\" differs from the approved "                                \
	  "\"{2}\" and no approved adjustment exists")                                              \
	X(A02, ERROR,                                                                               \
	  "分值与批准的绩效目标不一致",                                                             \
	  "weight differs from the approved declaration",                                           \
	  "指标“{0}”的分值{1}与批准的绩效目标{2}不一致，且无经批准的目标调整",                      \
	  "indicator {0}: weight {1} differs from the approved "                                    \
	  "{2} and no approved adjustment exists")                                                  \
	X(A03, ERROR,                                                                               \
	  "申报的指标未在自评表中",                                                                 \
	  "declared indicator missing from the evaluation",                                         \
	  "批准的绩效目标中的指标“{0}”（{1}）未在自评表中出现",                                     \
	  "declared indicator {0} ({1}) is missing from the evaluation")                            \
	X(A04, ERROR,                                                                               \
	  "自评表中的指标未申报",                                                                   \
	  "indicator not in the approved declaration",                                              \
	  "指标“{0}”不在批准的绩效目标中",                                                          \
	  "indicator {0} is not in the approved declaration")                                       \
	X(A05, INFO,                                                                                \
	  "年度指标值经批准调整",                                                                   \
	  "target adjusted with approval",                                                          \
	  "指标“{0}”的年度指标值经批准由“{1}”调整为“{2}”（{3}由{4}批准，原因：{5}）",               \
	  "indicator {0}: target adjusted from \"{1}\" to "                                         \
	  "\"{2}\" (approved {3} by {4}; reason: {5})")

/* Indicators bound to an award programme's records (core/programme.c). */
#define JX_PROGRAMME_FINDINGS(X)                                                                    \
	X(P01, ERROR,                                                                               \
	  "实际完成值与项目记录不符",                                                               \
	  "actual differs from the programme's records",                                            \
	  "指标“{0}”填报的实际完成值“{1}”与项目记录不符：按{2}应为“{3}”（依据{4}条记录）",          \
	  "indicator {0}: typed actual \"{1}\" differs from the "                                   \
	  "records: {2} gives \"{3}\" (from {4} records)")                                          \
	X(P02, ERROR,                                                                               \
	  "全年执行数与拨付记录合计不符",                                                           \
	  "executed amount differs from the payments",                                              \
	  "全年执行数填报为{0}万元，拨付记录合计{1}万元（{2}笔）",                                  \
	  "executed is typed as {0} 万元 but the payments add up to {1} 万元 ({2} payments)")
/* clang-format on */

typedef enum jx_code {
#define JX_FINDING_ENUM(c, sev, tzh, ten, mzh, men) JX_F_##c,
	JX_FINDINGS(JX_FINDING_ENUM)
#undef JX_FINDING_ENUM
	        JX_F_COUNT /* number of codes; not a code */
} jx_code;

/* How a finding's argument is written into its message. */
typedef enum jx_farg_kind {
	JX_FA_NONE = 0,
	JX_FA_TEXT,          /* s as it is */
	JX_FA_NUM,           /* v a jx_num, shortest form: 80, 0.5 */
	JX_FA_PERCENT,       /* v a jx_num fraction as a percentage, shortest form: 97.8 */
	JX_FA_PERCENT_FIXED, /* the same with `places` decimals: 97.80 */
	JX_FA_WEIGHT,        /* v a jx_cp as a weight: 10, 22.5 */
	JX_FA_POINTS,        /* v a jx_cp with the rule set's decimals: 8.00 */
	JX_FA_METHOD,        /* v a jx_method: 正向指标 / positive */
	JX_FA_INCLUSIVE,     /* v a bool: （含） / inclusive, （不含） / exclusive */
	JX_FA_TRACE          /* how the rules computed: v an indicator's index, -1 the budget */
} jx_farg_kind;

typedef struct jx_farg {
	jx_farg_kind kind;
	int64_t v;
	const char *s;
	int places; /* JX_FA_PERCENT_FIXED */
} jx_farg;

#define JX_FINDING_ARGS 6

typedef struct jx_finding {
	jx_code code;
	jx_severity severity;
	jx_loc loc;        /* where in the source; line 0 if unknown */
	int indicator;     /* index into form->ind, or -1 */
	const char *field; /* the pointer's end: "/score" below the indicator, else from the
	                      root ("/budget/rate"); static, or the form's */
	jx_farg arg[JX_FINDING_ARGS];
} jx_finding;

/* "JX-B01" */
const char *jx_code_text(jx_code c);
/* The code named "JX-B01"; false when there is none. */
bool jx_code_parse(const char *s, jx_code *out);

/* The JSON pointer of the value to fix: "/indicators/2/score". */
void jx_finding_pointer(const jx_finding *f, jx_buf *out);
struct jx_form;
struct jx_result;
/* Appends the message of f, a finding of res about form, in Chinese or, when
 * `english` is true, in English. */
void jx_finding_message(const struct jx_result *res, const struct jx_form *form,
                        const jx_finding *f, bool english, jx_buf *out);

struct jx_result;
/*
 * Records a finding in res at the severity res->rules gives its code (a
 * code switched off is dropped).  args[0..nargs) are copied; the texts they
 * point to must outlive res.  Returns false when out of memory.
 */
bool jx_finding_add(struct jx_result *res, jx_code code, jx_loc loc, int indicator,
                    const char *field, const jx_farg *args, size_t nargs);

/* "error", "warning", "info", "off" */
const char *jx_severity_name(jx_severity s);

/* Describes every finding code. */
typedef struct jx_check_info {
	const char *code;     /* "JX-B01" */
	jx_severity severity; /* default, before rule-set overrides */
	const char *title;    /* Chinese */
	const char *title_en;
} jx_check_info;

/* The table of finding codes, JX_F_COUNT entries then one with code NULL. */
const jx_check_info *jx_check_table(void);

#ifdef __cplusplus
}
#endif
#endif
