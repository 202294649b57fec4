/* jixiao score — score forms; print the official table or JSON. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jixiao/write/resultjson.h"
#include "jixiao/write/term.h"

static const char help[] =
        "usage: jixiao score [options] FILE...\n"
        "\n"
        "Scores each form and prints it as the official 项目支出绩效自评表, with the\n"
        "total, the grade, how every score was computed and a reviewer's findings.\n"
        "\n"
        "options:\n"
        "  --json             print a JSON result per form (an array for several)\n"
        "  --rules ID[@V]     score with this rule set instead of the form's own\n"
        "  --rules-dir DIR    also load rule sets from DIR (or $JIXIAO_RULES_DIR)\n"
        "  --format yaml|json format of standard input (default: guessed)\n"
        "  --no-traces        leave out the computation of each score\n"
        "  --color[=WHEN]     colour findings: always, never, auto (default)\n"
        "  -h, --help         show this help\n";

typedef struct score_ctx {
	cli_common *c;
	bool traces;
	bool array;     /* JSON output is an array */
	size_t printed; /* forms printed */
	char *first;    /* JSON of the first form, held until we know */
	int rc;
	jx_result *res;
	struct {
		const char *name;
		size_t n;
	} grades[16]; /* grade → forms */
	int n_grades;
	size_t errors;
	size_t unreadable; /* files that could not be read */
} score_ctx;

static void count_grade(score_ctx *s, const char *grade)
{
	for (int g = 0; g < s->n_grades; g++) {
		if (!strcmp(s->grades[g].name, grade)) {
			s->grades[g].n++;
			return;
		}
	}
	if (s->n_grades < (int)(sizeof s->grades / sizeof *s->grades)) {
		s->grades[s->n_grades].name = grade; /* a rule set's, lives as long */
		s->grades[s->n_grades++].n = 1;
	}
}

static void emit_json(score_ctx *s, char *text)
{
	if (!s->array && s->printed == 0) {
		s->first = text; /* maybe the only one: print it bare */
		s->printed = 1;
		return;
	}
	if (s->first) {
		fputs("[\n", stdout);
		fputs(s->first, stdout);
		free(s->first);
		s->first = NULL;
	} else if (s->printed == 0) {
		fputs("[\n", stdout);
	}
	if (s->printed > 0)
		fputs(",\n", stdout);
	fputs(text, stdout);
	free(text);
	s->printed++;
	s->array = true;
}

static int on_form(void *ctx, jx_form *form)
{
	score_ctx *s = ctx;
	const jx_rules *rules = cli_rules_for(s->c, form);
	if (!rules) {
		s->rc = EXIT_FAILURE_;
		jx_form_free(form);
		return 0;
	}
	if (jx_evaluate(form, rules, s->res) != JX_OK) {
		cli_error("score", "out of memory");
		s->rc = EXIT_FAILURE_;
		jx_form_free(form);
		return 1;
	}
	s->errors += s->res->n_errors;
	count_grade(s, s->res->grade);
	if (s->c->json) {
		jx_buf b = JX_BUF_INIT;
		char *text =
		        jx_result_json(form, s->res, true, &b) == JX_OK ? jx_buf_detach(&b) : NULL;
		jx_buf_free(&b);
		if (!text) {
			cli_error("score", "out of memory");
			s->rc = EXIT_FAILURE_;
			jx_form_free(form);
			return 1;
		}
		emit_json(s, text);
	} else {
		jx_buf out = JX_BUF_INIT;
		if (s->printed > 0)
			jx_buf_adds(&out, "\n==========\n\n");
		jx_term_opts o = { cli_term_width(), cli_use_color(s->c), s->traces };
		jx_term_render(form, s->res, &o, &out);
		fwrite(out.s, 1, out.len, stdout);
		jx_buf_free(&out);
		s->printed++;
	}
	jx_form_free(form);
	return 0;
}

static int score_option(void *ctx, const char *cmd, int argc, char **argv, int *i)
{
	(void)cmd;
	(void)argc;
	score_ctx *s = ctx;
	if (strcmp(argv[*i], "--no-traces") != 0)
		return 0;
	s->traces = false;
	return 1;
}

int cmd_score(int argc, char **argv)
{
	cli_common c = CLI_COMMON_INIT;
	score_ctx s = { .c = &c, .traces = true, .rc = EXIT_OK };
	int rc = cli_parse(&c, "score", help, argc, argv, score_option, &s, 1, -1);
	if (rc >= 0)
		return rc;
	s.res = jx_result_new();
	s.array = c.nfiles > 1;
	for (int k = 0; k < c.nfiles; k++) {
		if (cli_each_form(&c, c.files[k], on_form, &s) != EXIT_OK) {
			s.rc = EXIT_FAILURE_;
			s.unreadable++;
		}
		cli_progress("jixiao score", (size_t)k + 1, (size_t)c.nfiles);
	}
	if (c.json) {
		if (s.first && !s.array) {
			fputs(s.first, stdout);
			fputc('\n', stdout);
			free(s.first);
		} else if (s.array || s.printed > 0) {
			fputs(s.printed ? "\n]\n" : "[]\n", stdout);
		} else {
			fputs("[]\n", stdout);
		}
	}
	if (s.printed > 1 || c.nfiles > 1) {
		/* the summary: after the tables, or on stderr beside JSON */
		FILE *out = c.json ? stderr : stdout;
		fprintf(out, "%s合计：%d 个文件，%zu 份表，读取失败 %zu，错误 %zu；",
		        c.json ? "" : "\n", c.nfiles, s.printed, s.unreadable, s.errors);
		for (int g = 0; g < s.n_grades; g++)
			fprintf(out, "%s%s %zu", g ? "，" : "", s.grades[g].name, s.grades[g].n);
		fputc('\n', out);
	}
	jx_result_free(s.res);
	cli_common_free(&c);
	return s.rc;
}
