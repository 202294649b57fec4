/*
 * libFuzzer entry point for the cycle's readers: the bytes are read as a
 * declaration, as approved adjustments and as a monitoring form (YAML,
 * JSON, or the monitoring table when they are a workbook).  What reads is
 * checked, matched with the seed's declaration, evaluated, compared and
 * written as JSON, the monitoring report and the monitoring workbook.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/read/cycle.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/write/cyclejson.h"
#include "jixiao/write/cycleterm.h"
#include "jixiao/write/monitorxlsx.h"

static const char decl_text[] =
        "year: 2020\nproject: p\nrecipients: true\n"
        "budget: {fiscal: {initial: 100, adjusted: 100}}\n"
        "indicators:\n"
        "  - {level1: 产出指标, level2: 数量指标, name: a, target: 10家, weight: 30, basis: 计划标准}\n"
        "  - {level2: 成本指标, name: b, target: ≤80万元, weight: 20, basis: 其他}\n"
        "  - {level1: 效益指标, level2: 社会效益指标, name: c, target: 明显, weight: 30}\n"
        "  - {level1: 满意度指标, level2: 服务对象满意度指标, name: d, target: 90%, weight: 10}\n";

static jx_rulebook *book;
static jx_declaration *seed;
static jx_result *res;

static void dump(json_t *j)
{
	char *s = json_dumps(j, JSON_REAL_PRECISION(15));
	free(s);
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!book) {
		jx_diags d = JX_DIAGS_INIT;
		if (jx_rulebook_open(NULL, &book, &d) != JX_OK ||
		    jx_read_declaration("seed", decl_text, strlen(decl_text), &seed, &d) != JX_OK)
			abort();
		res = jx_result_new();
	}
	const jx_rules *rules = jx_rulebook_find(book, NULL);
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	jx_diags d = JX_DIAGS_INIT;
	d.max = JX_MAX_ERRORS;

	jx_declaration *dc = NULL;
	if (jx_read_declaration("fuzz", text, size, &dc, &d) == JX_OK) {
		if (jx_declaration_check(dc, rules, res) == JX_OK)
			dump(jx_declaration_check_json(dc, res));
		dump(jx_declaration_to_json(dc));
		jx_form *f;
		if (jx_declaration_to_form(dc, &f) == JX_OK) {
			if (jx_evaluate(f, rules, res) == JX_OK)
				jx_declaration_compare(seed, NULL, 0, f, res);
			jx_form_free(f);
		}
		jx_declaration_free(dc);
	}
	jx_diags_clear(&d);

	jx_pool *pool = jx_pool_new();
	jx_adjustment *adj;
	size_t n_adj;
	if (pool && jx_read_adjustments("fuzz", text, size, pool, &adj, &n_adj, &d) == JX_OK) {
		jx_form *f;
		if (jx_declaration_to_form(seed, &f) == JX_OK) {
			if (jx_evaluate(f, rules, res) == JX_OK)
				jx_declaration_compare(seed, adj, n_adj, f, res);
			jx_form_free(f);
		}
	}
	jx_pool_free(pool);
	jx_diags_clear(&d);

	jx_monitoring *m = NULL;
	if (jx_read_monitoring("fuzz", text, size, &m, &d) == JX_OK) {
		jx_monitor_match(m, seed, "fuzz", &d);
		jx_mon_result mr;
		if (jx_monitor_evaluate(m, rules, res, &mr) == JX_OK) {
			dump(jx_monitor_result_json(m, res, &mr));
			jx_buf b = JX_BUF_INIT;
			jx_term_opts o = { 80, false, false };
			jx_monitor_term(m, res, &mr, &o, &b);
			jx_buf_free(&b);
		}
		dump(jx_monitoring_to_json(m));
		jx_monitoring_free(m);
	}
	jx_diags_clear(&d);
	free(text);
	return 0;
}
