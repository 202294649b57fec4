/*
 * Diagnostics said in Chinese: the catalogue of the readers' English
 * formats and the matcher that finds which one made a message.
 */
#include "jixiao/core/msg.h"

#include <string.h>

/* GENERIC marks an entry that is all arguments and punctuation ("%s: %s",
 * a label and a reason): it is taken only when every argument with Latin
 * letters in it is itself said in Chinese. */
enum { PLAIN = 0, GENERIC = 1 };

static const struct entry {
	const char *en, *zh;
	int kind;
} catalogue[] = {
	/* forms in YAML and JSON: src/read/formfile */
	{ "%s is missing the required key \"%s\"", "%s缺少必填项“%s”", PLAIN },
	{ "indicator is missing the required key \"%s\"", "指标缺少必填项“%s”", PLAIN },
	{ "a form needs at least one indicator", "自评表至少需要一条绩效指标", PLAIN },
	{ "a key contains a NUL character", "项名含有 NUL 字符", PLAIN },
	{ "duplicate key \"%.*s\" (%s already given at line %u)",
	  "重复的项“%.*s”（%s已在第%u行填写）", PLAIN },
	{ "duplicate key \"%.*s\"", "重复的项“%.*s”", PLAIN },
	{ "expected %s, got a boolean", "应为%s，填写的是布尔值", PLAIN },
	{ "expected true or false, got %s", "应为 true 或 false，填写的是%s", PLAIN },
	{ "expected a form (a mapping), got %s", "应为一份自评表（映射），填写的是%s", PLAIN },
	{ "expected a form (a mapping) or a sequence of forms, got %s",
	  "应为一份自评表（映射）或自评表的列表，填写的是%s", PLAIN },
	{ "expected an indicator (a mapping), got %s", "应为一条指标（映射），填写的是%s", PLAIN },
	{ "more than %d indicators", "指标超过%d条", PLAIN },
	{ "nesting deeper than %d levels", "嵌套超过%d层", PLAIN },
	{ "text contains U+%04X, which is %s", "文字含有 U+%04X，%s", PLAIN },
	{ "text contains U+%04X, which no form may hold", "文字含有 U+%04X，表单不能包含该字符",
	  PLAIN },
	{ "text contains a NUL character", "文字含有 NUL 字符", PLAIN },
	{ "text longer than %d bytes", "文字超过%d字节", PLAIN },
	{ "unknown key \"%.*s\" in %s; did you mean \"%s\"?",
	  "无法识别的项“%.*s”（位于%s），是否应为“%s”？", PLAIN },
	{ "unknown key \"%.*s\" in %s; expected one of: %s",
	  "无法识别的项“%.*s”（位于%s），应为以下之一：%s", PLAIN },
	{ "indicator has no level1 and none to inherit from the row above",
	  "指标缺少一级指标，上一行也没有可沿用的", PLAIN },
	{ "indicator has no level2 and none to inherit from the row above",
	  "指标缺少二级指标，上一行也没有可沿用的", PLAIN },
	{ "level-1 %s is labelled %s points here but %s earlier",
	  "一级指标“%s”此处标为%s分，前面标为%s分", PLAIN },
	{ "target parts do not make a quantity: op \"%s\", value \"%s\"",
	  "年度指标值的各部分不构成数量：op “%s”，value “%s”", PLAIN },
	{ "a mapping key must be text, not a %s", "映射的项名必须是文字，不能是%s", PLAIN },
	{ "a mapping key must be text", "映射的项名必须是文字", PLAIN },
	{ "invalid JSON: %s", "JSON 格式错误：%s", PLAIN },
	{ "YAML aliases (*name) are not supported", "不支持 YAML 别名（*name）", PLAIN },
	{ "the file is empty", "文件为空", PLAIN },
	{ "expected %s, got %s", "应为%s，填写的是%s", PLAIN },

	/* values people write: src/core/values.c */
	{ "expected an amount in %s (exact to the fen), got \"%.*s\": %s",
	  "应为金额（%s，精确到分），填写的是“%.*s”：%s", PLAIN },
	{ "expected an amount in 万元, got the unit \"%s\"", "应为金额（万元），填写的单位是“%s”",
	  PLAIN },
	{ "amount \"%.*s\" is finer than a fen", "金额“%.*s”精确到了分以下", PLAIN },
	{ "amount \"%.*s\" is out of range", "金额“%.*s”超出范围", PLAIN },
	{ "expected points (a number such as 10 or 22.5), got \"%.*s\"",
	  "应为分数（如 10 或 22.5），填写的是“%.*s”", PLAIN },
	{ "points have at most two decimals, got \"%.*s\"", "分数最多两位小数，填写的是“%.*s”",
	  PLAIN },
	{ "expected a percentage such as 100 or \"95.5%%\", got \"%.*s\"",
	  "应为百分比，如 100 或“95.5%%”，填写的是“%.*s”", PLAIN },
	{ "expected a year such as 2020, got \"%.*s\"", "应为年份，如 2020，填写的是“%.*s”", PLAIN },

	/* workbooks: src/read/workbook */
	{ "not an xlsx workbook (not a zip archive)", "不是 xlsx 工作簿（不是 zip 压缩包）", PLAIN },
	{ "not an xlsx workbook (damaged zip archive: %s)", "不是 xlsx 工作簿（zip 压缩包已损坏：%s）",
	  PLAIN },
	{ "a zip archive but not an xlsx workbook (no xl/workbook.xml)",
	  "是 zip 压缩包，但不是 xlsx 工作簿（没有 xl/workbook.xml）", PLAIN },
	{ "the workbook is password-protected", "工作簿设有密码保护", PLAIN },
	{ "not an xls workbook (not an OLE2 compound file)", "不是 xls 工作簿（不是 OLE2 复合文档）",
	  PLAIN },
	{ "damaged xls workbook (freexl could not parse it)", "xls 工作簿已损坏（无法解析）", PLAIN },
	{ "damaged xls workbook (truncated, or a sector lies past its end)",
	  "xls 工作簿已损坏（文件被截断）", PLAIN },
	{ "the indicator table (绩效指标) has no rows", "绩效指标表没有任何行", PLAIN },
	{ "the budget block has no rows (年度资金总额, 当年财政拨款, 上年结转资金, 其他资金)",
	  "项目资金表没有任何行（年度资金总额、当年财政拨款、上年结转资金、其他资金）", PLAIN },
	{ "no year: neither the title (（2020）年度项目支出绩效自评表) nor a row under it "
	  "(（2020年度）) gives one",
	  "没有年度：标题（（2020）年度项目支出绩效自评表）和标题下一行（（2020年度））都没有写明",
	  PLAIN },
	{ "no project name (项目名称 or 支出方向名称（子项目）)",
	  "没有项目名称（项目名称或支出方向名称（子项目））", PLAIN },
	{ "no 项目支出绩效自评表 in the workbook: no sheet has an indicator table "
	  "(三级指标, 年度指标值, 分值); sheets: %s",
	  "工作簿中没有项目支出绩效自评表：没有工作表含有指标表（三级指标、年度指标值、分值）；"
	  "工作表：%s",
	  PLAIN },
	{ "sheet %s has no budget block: no row with 全年预算数 (调整后预算数) and "
	  "全年执行数 (预算执行数)",
	  "工作表 %s 没有项目资金表：没有含全年预算数（调整后预算数）和全年执行数（预算执行数）的行",
	  PLAIN },
	{ "the budget block does not state its unit of money (元, 万元 or 亿元): "
	  "amounts are read in 万元",
	  "项目资金表未写明金额单位（元、万元或亿元）：金额按万元读取", PLAIN },
	{ "amounts are in %s (as %s states): converted into 万元", "金额单位为%s（见%s）：已换算为万元",
	  PLAIN },
	{ "budget row \"%.*s\" is not a known source of funds: its amounts are not counted",
	  "资金行“%.*s”不是已知的资金来源：其金额不计入", PLAIN },
	{ "a source of funds appears twice: the second row is not counted",
	  "同一资金来源出现两次：第二行不计入", PLAIN },
	{ "indicator row without a 一级指标", "指标行缺少一级指标", PLAIN },
	{ "indicator row without a 二级指标", "指标行缺少二级指标", PLAIN },
	{ "indicator row without a 三级指标 name", "指标行缺少三级指标名称", PLAIN },
	{ "indicator %s has no 分值", "指标“%s”没有分值", PLAIN },
	{ "row %u%s%.*s%s has no target, actual or weight: skipped as an unfilled template row",
	  "第%u行%s%.*s%s没有年度指标值、实际完成值和分值：视为未填写的模板行，已跳过", PLAIN },

	/* requests: src/http */
	{ "expected a JSON object", "应为 JSON 对象", PLAIN },
	{ "unknown member \"%.60s\"", "无法识别的成员“%.60s”", PLAIN },
	{ "%s must be a string", "%s应为文字", PLAIN },
	{ "%s must be a date YYYY-MM-DD", "“%s”应为日期，格式为 YYYY-MM-DD", PLAIN },
	{ "the body is not JSON: %s", "请求内容不是 JSON：%s", PLAIN },
	{ "send application/json, not %s", "请以 application/json 发送，而不是 %s", PLAIN },
	{ "version must be a positive integer", "版本号应为正整数", PLAIN },
	{ "say which version you change: If-Match: \"N\", ?version=N or \"version\": N",
	  "请说明修改的是哪个版本：If-Match: \"N\"、?version=N 或 \"version\": N", PLAIN },
	{ "the login or the password is wrong", "用户名或密码错误", PLAIN },
	{ "too many failed logins: try again in %lld seconds", "登录失败次数过多，请%lld秒后再试",
	  PLAIN },
	{ "too many wrong passwords: try again in %lld seconds", "密码错误次数过多，请%lld秒后再试",
	  PLAIN },
	{ "the database cannot be reached", "无法连接数据库", PLAIN },

	/* a label the reader found, then what is wrong with its value */
	{ "%s: %s", "%s：%s", GENERIC },
};

/* Words and phrases that stand as arguments: what the form's parts are
 * called, what a value was, why a number is not one. */
static const struct noun {
	const char *en, *zh;
} nouns[] = {
	{ "form", "自评表" },
	{ "budget", "项目资金" },
	{ "budget row", "资金行" },
	{ "goal", "总体目标" },
	{ "indicator", "指标" },
	{ "target parts", "年度指标值的各部分" },
	{ "report", "自评报告" },
	{ "a mapping", "映射" },
	{ "a sequence", "列表" },
	{ "a number", "数字" },
	{ "a boolean", "布尔值" },
	{ "text", "文字" },
	{ "null", "空值" },
	{ "a year", "年份" },
	{ "an amount in 万元", "金额（万元）" },
	{ "points", "分数" },
	{ "a percentage", "百分比" },
	{ "text or a mapping {op, value, unit}", "文字或映射 {op, value, unit}" },
	{ "a control character no form may hold", "这是表单不能包含的控制字符" },
	{ "not a character (a Unicode noncharacter)", "这不是字符（Unicode 非字符）" },
	{ "not a number", "不是数字" },
	{ "a number, not a comparison", "应为数字而不是比较式" },
	{ "more than six decimals or out of range", "小数超过六位或超出范围" },
	/* the form's keys, by their names on the official form */
	{ "year", "年度" },
	{ "project", "项目名称" },
	{ "fund", "专项名称" },
	{ "department", "主管部门" },
	{ "unit", "实施单位" },
	{ "period", "项目总实施期" },
	{ "investment", "项目总投资" },
	{ "investment_fiscal", "其中：财政拨款" },
	{ "indicators", "绩效指标" },
	{ "level1", "一级指标" },
	{ "level2", "二级指标" },
	{ "name", "三级指标" },
	{ "target", "年度指标值" },
	{ "actual", "实际完成值" },
	{ "weight", "分值" },
	{ "score", "得分" },
	{ "reason", "偏差原因分析及改进措施" },
	{ "initial", "年初预算数" },
	{ "adjusted", "全年预算数" },
	{ "executed", "全年执行数" },
	{ "fiscal", "当年财政拨款" },
	{ "carryover", "上年结转资金" },
	{ "other", "其他资金" },
	{ "expected", "预期目标" },
	{ "login", "用户名" },
	{ "password", "密码" },
};

#define COUNT(a) (sizeof a / sizeof *a)
enum { MAX_ARGS = 8, MAX_DEPTH = 3, MAX_STEPS = 20000 };

typedef struct {
	const char *s;
	size_t n;
	bool text; /* a plain %s, which may be said in Chinese; a clipped
	            * one ("%.*s") is what someone wrote, shown as written */
} arg;

/* The conversion at fmt (just past '%'): its length, and whether it takes
 * text (s), a number (d u x X lld zu …) or is "%%" (kind '%'). */
static size_t conversion(const char *fmt, char *kind)
{
	size_t i = 0;
	while (fmt[i] && strchr("-+ #0123456789.*", fmt[i]))
		i++;
	while (fmt[i] && strchr("hlzjt", fmt[i]))
		i++;
	*kind = fmt[i];
	return fmt[i] ? i + 1 : i;
}

static bool is_digit_of(char c, char kind)
{
	if (c >= '0' && c <= '9')
		return true;
	return (kind == 'x' || kind == 'X') &&
	       ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
}

/* Does fmt make exactly m?  Its arguments into args, counted in *na.
 * Gives up (no) after *steps tries of where a text ends. */
static bool match(const char *fmt, const char *m, arg *args, size_t *na, long *steps)
{
	for (;;) {
		if (*fmt == '\0')
			return *m == '\0';
		if (*fmt != '%') {
			if (*fmt != *m)
				return false;
			fmt++, m++;
			continue;
		}
		char kind;
		size_t len = conversion(fmt + 1, &kind);
		const char *rest = fmt + 1 + len;
		if (kind == '%') {
			if (*m != '%')
				return false;
			fmt = rest, m++;
			continue;
		}
		if (*na == MAX_ARGS)
			return false;
		size_t k = *na;
		if (kind == 's') {
			/* the shortest text after which the rest matches */
			for (size_t n = 0;; n++) {
				if (--*steps < 0)
					return false;
				args[k] = (arg){ m, n, fmt[1] == 's' };
				*na = k + 1;
				if (match(rest, m + n, args, na, steps))
					return true;
				if (!m[n])
					return false;
			}
		}
		size_t n = 0;
		if (kind == 'c') {
			n = *m ? 1 : 0;
		} else {
			if (m[n] == '-')
				n++;
			while (is_digit_of(m[n], kind))
				n++;
			if (n == 0 || (n == 1 && m[0] == '-'))
				return false;
		}
		if (n == 0)
			return false;
		args[k] = (arg){ m, n, false };
		*na = k + 1;
		fmt = rest, m += n;
	}
}

static bool latin(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))
			return true;
	return false;
}

static bool say(const char *message, size_t n, jx_buf *out, int depth);

/* One argument in Chinese when it can be said so, else as it is; whether
 * it was said in Chinese. */
static bool say_arg(const arg *a, jx_buf *out, int depth)
{
	if (a->text) {
		for (size_t i = 0; i < COUNT(nouns); i++)
			if (strlen(nouns[i].en) == a->n && memcmp(nouns[i].en, a->s, a->n) == 0) {
				jx_buf_adds(out, nouns[i].zh);
				return true;
			}
		if (depth < MAX_DEPTH && say(a->s, a->n, out, depth + 1))
			return true;
	}
	jx_buf_add(out, a->s, a->n);
	return false;
}

/* How much of a format is its own text: the more, the surer a match. */
static size_t literal_length(const char *fmt)
{
	size_t n = 0;
	for (const char *p = fmt; *p;) {
		if (*p == '%') {
			char kind;
			p += 1 + conversion(p + 1, &kind);
			n += kind == '%';
		} else {
			p++, n++;
		}
	}
	return n;
}

/* The Chinese of entry e's format with the arguments args; false when the
 * entry is GENERIC and some argument stays English. */
static bool make(const struct entry *e, const arg *args, size_t na, jx_buf *zh, int depth)
{
	bool whole = true;
	size_t k = 0;
	for (const char *z = e->zh; *z;) {
		if (*z != '%') {
			const char *next = strchr(z, '%');
			size_t len = next ? (size_t)(next - z) : strlen(z);
			jx_buf_add(zh, z, len);
			z += len;
			continue;
		}
		char kind;
		z += 1 + conversion(z + 1, &kind);
		if (kind == '%') {
			jx_buf_addc(zh, '%');
		} else if (k < na) {
			if (!say_arg(&args[k], zh, depth) && args[k].text && latin(args[k].s, args[k].n))
				whole = false;
			k++;
		}
	}
	return !zh->oom && (e->kind != GENERIC || whole);
}

/* Of the formats that make the message, the one with the most text of its
 * own says it. */
static bool say(const char *message, size_t n, jx_buf *out, int depth)
{
	char text[1024];
	if (n >= sizeof text)
		return false;
	memcpy(text, message, n);
	text[n] = '\0';
	jx_buf best = JX_BUF_INIT;
	size_t best_len = 0;
	bool found = false;
	for (size_t e = 0; e < COUNT(catalogue); e++) {
		arg args[MAX_ARGS];
		size_t na = 0;
		long steps = MAX_STEPS;
		size_t len = literal_length(catalogue[e].en);
		if ((found && len <= best_len) || !match(catalogue[e].en, text, args, &na, &steps))
			continue;
		jx_buf zh = JX_BUF_INIT;
		if (make(&catalogue[e], args, na, &zh, depth)) {
			jx_buf_free(&best);
			best = zh;
			best_len = len;
			found = true;
		} else {
			jx_buf_free(&zh);
		}
	}
	if (found)
		jx_buf_add(out, best.s, best.len);
	jx_buf_free(&best);
	return found;
}

bool jx_msg_zh(const char *message, jx_buf *out)
{
	return message && say(message, strlen(message), out, 0);
}

bool jx_msg_entry(size_t i, const char **en, const char **zh)
{
	if (i >= COUNT(catalogue))
		return false;
	*en = catalogue[i].en;
	*zh = catalogue[i].zh;
	return true;
}
