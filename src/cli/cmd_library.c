/* jixiao library — the indicator library (指标库): search it, check it. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "jixiao/core/indlib.h"
#include "jixiao/service/indicator.h"
#include "jixiao/util/file.h"
#include "jixiao/util/width.h"

static const char help[] =
        "usage: jixiao library [options] [QUERY]\n"
        "\n"
        "Searches the indicator library (指标库) jixiao ships (data/indicators.txt,\n"
        "docs/format.md), or the one in FILE, by text in the name, field or level-2\n"
        "category, by the start of a code, or by the pinyin initials of the name\n"
        "(jlqy finds 奖励企业数量).  With --check, checks every entry as the server\n"
        "does an added one and says where each problem is.  Exit status: 0, 3 when\n"
        "--check finds a problem, 1 when the library cannot be read.\n"
        "\n"
        "options:\n"
        "  --file FILE        a library of one's own instead of the shipped one\n"
        "  --field NAME       only this field (领域), e.g. 教育\n"
        "  --level2 NAME      only this level-2 category, e.g. 数量指标\n"
        "  --check            check every entry\n"
        "  --json             print the entries found as JSON\n"
        "  -h, --help         show this help\n";

typedef struct opts {
	const char *file, *field, *level2;
	bool check;
} opts;

static int own(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	opts *o = ctx;
	const char **slot = cli_option_is(argv[*i], "--file")     ? &o->file
	                    : cli_option_is(argv[*i], "--field")  ? &o->field
	                    : cli_option_is(argv[*i], "--level2") ? &o->level2
	                                                          : NULL;
	if (slot) {
		*slot = cli_option_value(cmd, argc, argv, i);
		return *slot ? 1 : -1;
	}
	if (!strcmp(argv[*i], "--check")) {
		o->check = true;
		return 1;
	}
	return 0;
}

static bool wanted(const jx_indlib_entry *e, const opts *o, const char *query)
{
	return (!o->field || !strcmp(e->field, o->field)) &&
	       (!o->level2 || !strcmp(e->level2, o->level2)) && jx_indlib_match(e, query);
}

static json_t *entry_json(const jx_indlib_entry *e)
{
	json_t *j = json_object();
	const char *k[] = { "code",   "field", "level1", "level2",   "name",
		            "target", "unit",  "op",     "standard", "basis" };
	const char *v[] = { e->code,   e->field, e->level1, e->level2,   e->name,
		            e->target, e->unit,  e->op,     e->standard, e->basis };
	for (size_t i = 0; i < sizeof k / sizeof *k; i++)
		json_object_set_new(j, k[i], json_string(v[i] ? v[i] : ""));
	return j;
}

int cmd_library(int argc, char **argv)
{
	cli_common c = CLI_COMMON_INIT;
	opts o = { 0 };
	int rc = cli_parse(&c, "library", help, argc, argv, own, &o, 0, 1);
	if (rc >= 0)
		return rc;
	const char *query = c.nfiles ? c.files[0] : NULL;
	jx_diags d = JX_DIAGS_INIT;
	d.max = JX_MAX_ERRORS;
	char *data = NULL;
	size_t len = 0;
	const char *name = o.file ? o.file : "indicators.txt";
	jx_indlib *lib = NULL;
	jx_error e = o.file ? jx_file_read(o.file, CLI_MAX_INPUT, &data, &len, &d) : JX_OK;
	if (e == JX_OK)
		e = o.file ? jx_indlib_parse(name, data, len, &lib, &d)
		           : jx_indlib_parse(name, jx_indicators_txt, jx_indicators_txt_len, &lib,
		                             &d);
	free(data);
	cli_print_diags(&d);
	jx_diags_clear(&d);
	if (e != JX_OK) {
		cli_common_free(&c);
		return EXIT_FAILURE_;
	}
	rc = EXIT_OK;
	if (o.check) {
		size_t bad = 0;
		for (size_t i = 0; i < lib->n; i++)
			bad += !jx_indlib_check(&lib->v[i], name, &d);
		cli_print_diags(&d);
		jx_diags_clear(&d);
		printf("%s: %zu indicators, %zu with problems\n", name, lib->n, bad);
		rc = bad ? EXIT_INVALID : EXIT_OK;
	} else if (c.json) {
		json_t *a = json_array();
		for (size_t i = 0; i < lib->n; i++)
			if (wanted(&lib->v[i], &o, query))
				json_array_append_new(a, entry_json(&lib->v[i]));
		json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(a);
	} else {
		size_t found = 0;
		jx_buf out = JX_BUF_INIT;
		for (size_t i = 0; i < lib->n; i++) {
			const jx_indlib_entry *x = &lib->v[i];
			if (!wanted(x, &o, query))
				continue;
			found++;
			jx_width_pad(&out, x->code, 8, false);
			jx_width_pad(&out, x->name, 34, false);
			jx_width_pad(&out, x->target, 24, false);
			jx_width_pad(&out, x->level2, 20, false);
			jx_buf_adds(&out, x->field);
			jx_buf_addc(&out, '\n');
		}
		jx_buf_addf(&out, "%zu of %zu indicators\n", found, lib->n);
		fwrite(out.s, 1, out.len, stdout);
		jx_buf_free(&out);
	}
	jx_indlib_free(lib);
	cli_common_free(&c);
	return rc;
}
