/* jixiao monitor — a monitoring round (绩效运行监控): read, warn, report. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jixiao/read/cycle.h"
#include "jixiao/service/programme.h"
#include "jixiao/service/render.h"
#include "jixiao/util/file.h"
#include "jixiao/write/cyclejson.h"
#include "jixiao/write/cycleterm.h"
#include "jixiao/write/monitorxlsx.h"

static const char help[] =
        "usage: jixiao monitor [options] FILE...\n"
        "\n"
        "Reads monitoring forms (绩效运行监控表: YAML, JSON or the national table as\n"
        ".xlsx; docs/format.md), compares execution with 序时进度 and each\n"
        "indicator's expected value with its target, and prints the monitoring\n"
        "report with a red, amber or green light per project and indicator; the\n"
        "thresholds are the rule set's (docs/rules.md).  Exit status: 0 when no\n"
        "light is red, 3 when one is, 1 when an input cannot be read or is refused.\n"
        "\n"
        "options:\n"
        "  --declaration FILE the approved declaration: every monitored indicator\n"
        "                     must be declared; missing targets are taken from it\n"
        "  -o FILE.xlsx       write the monitoring table as a workbook (one file)\n"
        "  --programme FILE   the award programme behind the project (docs/programme.md):\n"
        "                     bound values so far are written from its records of the\n"
        "                     monitoring's date and before; a typed one they contradict\n"
        "                     is refused\n"
        "  --report FILE      write the monitoring report (绩效运行监控报告) as PDF,\n"
        "                     Word or HTML, by FILE's extension (one file)\n"
        "  --json             print the warnings as JSON\n"
        "  --rules ID[@V]     use this rule set instead of the file's own\n"
        "  --rules-dir DIR    also load rule sets from DIR (or $JIXIAO_RULES_DIR)\n"
        "  --color[=WHEN]     colour findings: always, never, auto (default)\n"
        "  -h, --help         show this help\n";

typedef struct opts {
	const char *declaration;
	const char *programme;
	const char *out;
	const char *report;
} opts;

static int own(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	opts *o = ctx;
	if (cli_option_is(argv[*i], "--declaration")) {
		o->declaration = cli_option_value(cmd, argc, argv, i);
		return o->declaration ? 1 : -1;
	}
	if (cli_option_is(argv[*i], "--programme")) {
		o->programme = cli_option_value(cmd, argc, argv, i);
		return o->programme ? 1 : -1;
	}
	if (cli_option_is(argv[*i], "--report")) {
		o->report = cli_option_value(cmd, argc, argv, i);
		return o->report ? 1 : -1;
	}
	if (!strcmp(argv[*i], "-o") || cli_option_is(argv[*i], "--output")) {
		o->out = cli_option_value(cmd, argc, argv, i);
		return o->out ? 1 : -1;
	}
	return 0;
}

int cmd_monitor(int argc, char **argv)
{
	cli_common c = CLI_COMMON_INIT;
	opts o = { 0 };
	int rc = cli_parse(&c, "monitor", help, argc, argv, own, &o, 1, -1);
	if (rc >= 0)
		return rc;
	if (o.out && c.nfiles != 1)
		return cli_usage(&c, "monitor", "-o writes one monitoring table: give one FILE");
	const char *dot = o.report ? strrchr(o.report, '.') : NULL;
	jx_doc_format report_format = dot ? jx_doc_format_named(dot) : JX_DOC_NONE;
	if (o.report && c.nfiles != 1)
		return cli_usage(&c, "monitor",
		                 "--report writes one monitoring report: give one FILE");
	if (o.report && report_format != JX_DOC_PDF && report_format != JX_DOC_DOCX &&
	    report_format != JX_DOC_HTML)
		return cli_usage(&c, "monitor", "--report writes .pdf, .docx or .html, not %s",
		                 o.report);
	rc = EXIT_OK;
	jx_diags d = JX_DIAGS_INIT;
	d.max = JX_MAX_ERRORS;
	jx_declaration *decl = NULL;
	if (o.declaration) {
		char *data = NULL;
		size_t len = 0;
		if (jx_file_read(o.declaration, CLI_MAX_INPUT, &data, &len, &d) == JX_OK)
			jx_read_declaration(o.declaration, data, len, &decl, &d);
		free(data);
		cli_print_diags(&d);
		jx_diags_clear(&d);
		if (!decl) {
			cli_common_free(&c);
			return EXIT_FAILURE_;
		}
	}
	jx_programme *prog = NULL;
	if (o.programme) {
		jx_calendar *cal = NULL;
		jx_programme_open_file(o.programme, &prog, &cal, &d);
		jx_calendar_free(cal);
		cli_print_diags(&d);
		jx_diags_clear(&d);
		if (!prog) {
			jx_declaration_free(decl);
			cli_common_free(&c);
			return EXIT_FAILURE_;
		}
	}
	jx_result *res = jx_result_new();
	json_t *all = c.json ? json_array() : NULL;
	size_t red = 0;
	for (int f = 0; f < c.nfiles; f++) {
		char *data = NULL;
		size_t len = 0;
		jx_monitoring *m = NULL;
		const char *name = strcmp(c.files[f], "-") ? c.files[f] : "<stdin>";
		if (jx_file_read(c.files[f], CLI_MAX_INPUT, &data, &len, &d) == JX_OK &&
		    jx_read_monitoring(name, data, len, &m, &d) == JX_OK && decl &&
		    jx_monitor_match(m, decl, name, &d) != JX_OK) {
			jx_monitoring_free(m);
			m = NULL;
		}
		if (m && prog && jx_programme_monitor(prog, m, &d) != JX_OK) {
			jx_monitoring_free(m);
			m = NULL;
		}
		free(data);
		cli_print_diags(&d);
		jx_diags_clear(&d);
		const jx_rules *rules =
		        m ? cli_rules_for(&c, decl && !m->form->rules.s ? decl->form : m->form)
		          : NULL;
		jx_mon_result mr;
		if (!m || !rules || jx_monitor_evaluate(m, rules, res, &mr) != JX_OK) {
			rc = EXIT_FAILURE_;
			jx_monitoring_free(m);
			continue;
		}
		red += mr.light == JX_LIGHT_RED;
		if (all) {
			json_t *j = jx_monitor_result_json(m, res, &mr);
			json_object_set_new(j, "file", json_string(name));
			json_object_set_new(j, "monitoring", jx_monitoring_to_json(m));
			json_array_append_new(all, j);
		} else {
			jx_buf out = JX_BUF_INIT;
			jx_term_opts to = { cli_term_width(), cli_use_color(&c), false };
			jx_monitor_term(m, res, &mr, &to, &out);
			fwrite(out.s, 1, out.len, stdout);
			jx_buf_free(&out);
		}
		if (o.out) {
			jx_buf book = JX_BUF_INIT;
			jx_error err = jx_monitor_xlsx(m, &mr, &book, &d);
			cli_print_diags(&d);
			jx_diags_clear(&d);
			if (err != JX_OK) {
				cli_error("monitor", "cannot write the workbook: %s",
				          jx_strerror(err));
				rc = EXIT_FAILURE_;
			} else if (!cli_write_file("monitor", o.out, book.s, book.len)) {
				rc = EXIT_FAILURE_;
			}
			jx_buf_free(&book);
		}
		if (o.report) {
			jx_buf doc = JX_BUF_INIT;
			jx_pool *pool = jx_pool_new();
			const char **sources = NULL;
			size_t n_sources = 0;
			jx_error err = !pool  ? JX_ENOMEM
			               : prog ? jx_programme_monitor_sources(prog, m, pool,
			                                                     &sources, &n_sources)
			                      : JX_OK;
			if (err == JX_OK)
				err = jx_render_monitoring(m, res, &mr, sources, n_sources,
				                           report_format, &doc, &d);
			jx_pool_free(pool);
			cli_print_diags(&d);
			jx_diags_clear(&d);
			if (err != JX_OK) {
				cli_error("monitor", "cannot write the report: %s",
				          jx_strerror(err));
				rc = EXIT_FAILURE_;
			} else if (!cli_write_file("monitor", o.report, doc.s, doc.len)) {
				rc = EXIT_FAILURE_;
			}
			jx_buf_free(&doc);
		}
		jx_monitoring_free(m);
	}
	if (all) {
		json_t *out = json_array_size(all) == 1 ? json_incref(json_array_get(all, 0))
		                                        : json_incref(all);
		json_dumpf(out, stdout,
		           JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		fputc('\n', stdout);
		json_decref(out);
		json_decref(all);
	}
	jx_result_free(res);
	jx_programme_free(prog);
	jx_declaration_free(decl);
	cli_common_free(&c);
	if (rc != EXIT_OK)
		return rc;
	return red ? EXIT_INVALID : EXIT_OK;
}
