/* libFuzzer entry point for rule set files; a rule set that reads is used
 * to score the seed form, so odd but valid settings are exercised too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/read/formfile.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/core/score.h"

static const char form_text[] =
        "year: 2020\nproject: p\n"
        "budget: {fiscal: {initial: 100, adjusted: 80, executed: 90}}\n"
        "indicators:\n"
        "  - {level1: 产出指标, level2: 数量指标, name: a, target: 10家, actual: 8家, weight: 30}\n"
        "  - {level2: 成本指标, name: b, target: 80万元, actual: 95万元, weight: 20}\n"
        "  - {level1: 效益指标, level2: 社会效益指标, name: c, target: 明显, actual: 较明显, weight: 30, band: 部分达成, score: 20}\n"
        "  - {level1: 满意度指标, level2: 服务对象满意度指标, name: d, target: 90%-100%, actual: 85%, weight: 10}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static jx_form *form;
	if (!form) {
		jx_diags d = JX_DIAGS_INIT;
		if (jx_read_form("form", form_text, strlen(form_text), JX_FORMAT_YAML, &form, &d) !=
		    JX_OK)
			abort();
	}
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	jx_rules r;
	jx_diags d = JX_DIAGS_INIT;
	if (jx_rules_parse("fuzz", text, size, &r, &d) == JX_OK) {
		jx_result *res = jx_result_new();
		jx_evaluate(form, &r, res);
		for (size_t i = 0; i < form->n_ind; i++) {
			jx_buf b = JX_BUF_INIT;
			jx_trace_indicator(res, form, i, &b);
			jx_buf_free(&b);
		}
		jx_result_free(res);
	}
	jx_diags_clear(&d);
	free(text);
	return 0;
}
