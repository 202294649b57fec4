/* jixiao rules — list the rule sets, or show one. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jixiao/write/resultjson.h"
#include "jixiao/write/term.h"
#include "jixiao/util/width.h"

static const char help[] =
        "usage: jixiao rules [options] [ID[@VERSION]]\n"
        "\n"
        "Lists the rule sets jixiao knows (built in, and from --rules-dir), or\n"
        "shows one in full.  The default rule set is " JX_RULES_DEFAULT ".\n"
        "\n"
        "options:\n"
        "  --json             print as JSON\n"
        "  --rules-dir DIR    also load rule sets from DIR (or $JIXIAO_RULES_DIR)\n"
        "  -h, --help         show this help\n";

static const char *num(jx_num v, char buf[JX_NUM_FMT_MAX])
{
	return jx_num_format(v, buf);
}

static const char *pts(jx_cp v, char buf[JX_NUM_FMT_MAX])
{
	return jx_num_format(jx_cp_to_num(v), buf);
}

static json_t *rules_json(const jx_rules *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(r->id));
	json_object_set_new(o, "version", json_integer(r->version));
	json_object_set_new(o, "name", json_string(r->name));
	json_object_set_new(o, "source", json_string(r->source));
	json_object_set_new(o, "total", jx_json_cp(r->total_points));
	json_object_set_new(o, "rounding", json_string(jx_rules_rounding_name(r)));
	json_object_set_new(o, "budget_weight", jx_json_cp(r->budget_weight));
	json_t *lv = json_array();
	for (int i = 0; i < r->n_level1; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "name", json_string(r->level1[i].name));
		json_object_set_new(x, "weight", jx_json_cp(r->level1[i].weight));
		json_t *l2 = json_array();
		for (int k = 0; k < r->level1[i].n_level2; k++)
			json_array_append_new(l2, json_string(r->level1[i].level2[k]));
		json_object_set_new(x, "level2", l2);
		json_array_append_new(lv, x);
	}
	json_object_set_new(o, "levels", lv);
	json_t *gr = json_array();
	for (int i = 0; i < r->n_grade; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "min", jx_json_cp(r->grade[i].min));
		json_object_set_new(x, "name", json_string(r->grade[i].name));
		json_array_append_new(gr, x);
	}
	json_object_set_new(o, "grades", gr);
	json_t *bd = json_array();
	for (int i = 0; i < r->n_band; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "name", json_string(r->band[i].name));
		json_object_set_new(x, "min", jx_json_num(r->band[i].lo));
		json_object_set_new(x, "max", jx_json_num(r->band[i].hi));
		json_array_append_new(bd, x);
	}
	json_object_set_new(o, "bands", bd);
	json_object_set_new(o, "reverse",
	                    json_string(r->reverse == JX_REVERSE_RATIO ? "ratio" : "linear"));
	return o;
}

static void show(const jx_rules *r)
{
	char a[JX_NUM_FMT_MAX], b[JX_NUM_FMT_MAX];
	printf("%s v%d  %s\n", r->id, r->version, r->name);
	printf("来源：%s\n", r->source);
	printf("总分 %s，取分精度 %s，预算执行率 %s 分（执行率上限 %s）\n", pts(r->total_points, a),
	       jx_rules_rounding_name(r), pts(r->budget_weight, b), num(r->budget_cap, a));
	printf("一级指标：");
	for (int i = 0; i < r->n_level1; i++)
		printf("%s%s %s分", i ? "，" : "", r->level1[i].name, pts(r->level1[i].weight, a));
	printf("\n等级：");
	for (int i = 0; i < r->n_grade; i++)
		printf("%s%s ≥ %s", i ? "，" : "", r->grade[i].name, pts(r->grade[i].min, a));
	printf("\n定性档次：\n");
	for (int i = 0; i < r->n_band; i++)
		printf("  %s  %s–%s × 分值\n", r->band[i].name, num(r->band[i].lo, a),
		       num(r->band[i].hi, b));
	printf("反向指标：%s\n",
	       r->reverse == JX_REVERSE_RATIO ? "分值 × A/B" : "分值 × max(0, 1 − (B−A)/A)");
	printf("只写数量时：默认 %s", jx_op_symbol(r->implied_default));
	for (int i = 0; i < r->n_implied; i++)
		printf("，%s %s", r->implied[i].level2, jx_op_symbol(r->implied[i].op));
	printf("\n须填偏差原因：未满分%s", r->reason_below_full ? "" : "（不要求）");
	if (r->reason_over)
		printf("，实际 ≥ %s × 目标", num(r->reason_over, a));
	if (r->reason_exec_below)
		printf("，执行率 < %s%%", num(r->reason_exec_below * 100, a));
	printf("\n");
	for (int i = 0; i < r->n_severity; i++)
		printf("%s%s → %s", i ? "，" : "检查级别：", r->severity[i].code,
		       jx_severity_name(r->severity[i].severity));
	if (r->n_severity)
		printf("\n");
}

int cmd_rules(int argc, char **argv)
{
	cli_common c = CLI_COMMON_INIT;
	int status = cli_parse(&c, "rules", help, argc, argv, NULL, NULL, 0, 1);
	if (status >= 0)
		return status;
	const char *which = c.nfiles ? c.files[0] : NULL;
	int rc = EXIT_OK;
	if (which) {
		const jx_rules *r = jx_rulebook_find(c.book, which);
		if (!r) {
			cli_error("rules", "no rule set '%s'", which);
			rc = EXIT_FAILURE_;
		} else if (c.json) {
			json_t *j = rules_json(r);
			json_dumpf(j, stdout,
			           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
			fputc('\n', stdout);
			json_decref(j);
		} else {
			show(r);
		}
	} else if (c.json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < jx_rulebook_count(c.book); i++)
			json_array_append_new(arr, rules_json(jx_rulebook_at(c.book, i)));
		json_dumpf(arr, stdout,
		           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		fputc('\n', stdout);
		json_decref(arr);
	} else {
		const jx_rules *def = jx_rulebook_find(c.book, NULL);
		size_t idw = 2;
		for (size_t i = 0; i < jx_rulebook_count(c.book); i++) {
			size_t w = strlen(jx_rulebook_at(c.book, i)->id) + 4;
			if (w > idw)
				idw = w;
		}
		for (size_t i = 0; i < jx_rulebook_count(c.book); i++) {
			const jx_rules *r = jx_rulebook_at(c.book, i);
			char id[64];
			snprintf(id, sizeof id, "%s@%d", r->id, r->version);
			jx_buf line = JX_BUF_INIT;
			jx_buf_addc(&line, r == def ? '*' : ' ');
			jx_buf_addc(&line, ' ');
			jx_width_pad(&line, id, idw, false);
			jx_buf_addf(&line, "  %s\n", r->name);
			fputs(line.s, stdout);
			jx_buf_free(&line);
		}
	}
	cli_common_free(&c);
	return rc;
}
