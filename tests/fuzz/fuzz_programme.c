/*
 * libFuzzer entry point for an award programme's records and holiday
 * calendars: the bytes are read as a programme (YAML or JSON) and as a
 * calendar file.  A programme that reads is verified under the calendar
 * read from the same bytes, its measures and review written as JSON, and
 * its bindings derived into a small form that is then scored and checked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/read/formfile.h"
#include "jixiao/read/programme.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/write/programmejson.h"
#include "jixiao/write/resultjson.h"

static const char form_text[] =
        "year: 2020\nproject: p\n"
        "budget: {fiscal: {initial: 100, adjusted: 80, executed: 80}}\n"
        "indicators:\n"
        "  - {level1: 产出指标, level2: 数量指标, name: 奖励企业, target: 10家, actual: 8家, weight: 30}\n"
        "  - {level2: 时效指标, name: 及时拨付, target: 及时拨付至企业达90%, weight: 10}\n"
        "  - {level2: 成本指标, name: 奖励额度, target: 每家奖励10万元, actual: ≤１０万元, weight: 10}\n"
        "  - {level1: 满意度指标, level2: 服务对象满意度指标, name: 企业满意度, target: 满意度达90%,"
        " actual: 九十, weight: 40}\n";

static jx_rulebook *book;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!book) {
		jx_diags d = JX_DIAGS_INIT;
		if (jx_rulebook_open(NULL, &book, &d) != JX_OK)
			abort();
	}
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	jx_diags d = JX_DIAGS_INIT;
	jx_calendar *cal = jx_calendar_new();
	if (cal && jx_calendar_parse(cal, "fuzz", text, size, &d) == JX_OK && cal->n_holidays) {
		int32_t a = cal->holidays[0];
		jx_workdays_end(cal, a, 10);
		jx_workdays_between(cal, a - 30, a + 30);
	}
	jx_programme *p = NULL;
	if (jx_read_programme("fuzz", text, size, &p, NULL, &d) == JX_OK) {
		jx_programme_verify(p, cal, "fuzz", &d);
		json_decref(jx_programme_to_json(p, cal, NULL));
		jx_form *form = NULL;
		if (jx_read_form("f.yaml", form_text, strlen(form_text), JX_FORMAT_YAML, &form,
		                 &d) == JX_OK) {
			jx_derived dv[64];
			size_t n = 0;
			jx_result *res = jx_result_new();
			if (res && jx_programme_derive(p, form, dv, 64, &n, &d) == JX_OK &&
			    jx_evaluate(form, jx_rulebook_find(book, NULL), res) == JX_OK) {
				jx_programme_check(form, dv, n, res);
				json_decref(jx_derived_to_json(p, form, dv, n, NULL));
			}
			jx_result_free(res);
			jx_form_free(form);
		}
		jx_programme_free(p);
	}
	jx_calendar_free(cal);
	jx_diags_clear(&d);
	free(text);
	return 0;
}
