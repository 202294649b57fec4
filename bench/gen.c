/* Generated forms for the benchmarks: varied, realistic, deterministic. */
#include "gen.h"

static unsigned long long rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const level2[3][4] = {
	{ "数量指标", "质量指标", "时效指标", "成本指标" },
	{ "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标" },
	{ "服务对象满意度指标", NULL, NULL, NULL },
};
static const char *const level1[3] = { "产出指标", "效益指标", "满意度指标" };
static const char *const units[] = { "家", "个", "次", "人次", "万元", "%", "公里", "户" };
static const char *const phrases[] = {
	"推动工业经济高质量发展", "提升企业创新能力，增强企业核心竞争力",
	"严格执行相关制度规定",   "为推动制造强市建设提供坚实的技术支撑",
	"群众获得感明显增强",
};

/* One form as JSON (compact, one line). */
void bench_gen_form(jx_buf *b, int i)
{
	int adjusted = 50 + (int)rnd(500);
	int executed = adjusted - (int)rnd((unsigned)adjusted / 5 + 1);
	jx_buf_addf(
	        b,
	        "{\"year\":%d,\"fund\":\"市经济信息产业发展专项\",\"department\":\"某市第%d局\","
	        "\"project\":\"项目%06d\",\"investment\":%d,"
	        "\"budget\":{\"fiscal\":{\"initial\":%d,\"adjusted\":%d,\"executed\":%d},"
	        "\"total\":{\"initial\":%d,\"adjusted\":%d,\"executed\":%d}},"
	        "\"goal\":{\"expected\":\"完成年度建设任务，资金使用规范\",\"actual\":\"基本完成年度建设任务\"},"
	        "\"indicators\":[",
	        2019 + i % 5, 1 + i % 40, i, adjusted, adjusted + 20, adjusted, executed,
	        adjusted + 20, adjusted, executed);
	/* 50 / 30 / 10 split over 4 + 3 + 1 indicators */
	static const int weights[8] = { 20, 10, 10, 10, 10, 10, 10, 10 };
	static const int l1[8] = { 0, 0, 0, 0, 1, 1, 1, 2 };
	static const int l2[8] = { 0, 1, 2, 3, 0, 1, 3, 0 };
	for (int k = 0; k < 8; k++) {
		if (k)
			jx_buf_addc(b, ',');
		jx_buf_addf(b, "{\"level1\":\"%s\",\"level2\":\"%s\",\"name\":\"指标%d\",",
		            level1[l1[k]], level2[l1[k]][l2[k]], k + 1);
		if (k == 5 || k == 6) {
			const char *p = phrases[rnd(5)];
			jx_buf_addf(
			        b,
			        "\"target\":\"%s\",\"actual\":\"%s\",\"weight\":%d,\"band\":\"达成\",\"score\":%d}",
			        p, p, weights[k], weights[k] - (int)rnd(2));
			continue;
		}
		const char *u = units[rnd(8)];
		int target = 10 + (int)rnd(90);
		int actual = target - 5 + (int)rnd(12);
		const char *op = k == 3 ? "≤" : (rnd(2) ? "≥" : "");
		jx_buf_addf(b, "\"target\":\"%s%d%s\",\"actual\":\"%d%s\",\"weight\":%d", op,
		            target, u, actual, u, weights[k]);
		if (actual < target)
			jx_buf_adds(b, ",\"reason\":\"受客观因素影响未完全完成\"");
		jx_buf_addc(b, '}');
	}
	jx_buf_adds(b, "]}");
}
