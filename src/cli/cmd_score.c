/* jixiao score — score forms; print the official table or JSON. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jixiao/resultjson.h"
#include "jixiao/term.h"

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
	bool array;          /* JSON output is an array */
	size_t printed;      /* forms printed */
	char *first;         /* JSON of the first form, held until we know */
	int rc;
	jx_result *res;
	size_t grades[JX_RULES_GRADES_MAX + 1];
	size_t errors;
} score_ctx;

static void emit_json(score_ctx *s, char *text)
{
	if (!s->array && s->printed == 0) {
		s->first = text;  /* maybe the only one: print it bare */
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
	for (int g = 0; g < rules->n_grade; g++)
		if (!strcmp(rules->grade[g].name, s->res->grade))
			s->grades[g]++;
	if (s->c->json) {
		json_t *j = jx_result_to_json(form, s->res);
		char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(15) | JSON_PRESERVE_ORDER) : NULL;
		json_decref(j);
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

int cmd_score(int argc, char **argv)
{
	cli_common c = { .color = -1 };
	score_ctx s = { .c = &c, .traces = true, .rc = EXIT_OK };
	int nfiles = 0;
	char **files = calloc((size_t)argc, sizeof *files);
	if (!files)
		return EXIT_FAILURE_;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int r = cli_common_option(&c, "score", argc, argv, &i);
		if (r < 0) {
			free(files);
			return EXIT_USAGE;
		}
		if (r > 0)
			continue;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(help, stdout);
			free(files);
			return EXIT_OK;
		} else if (!strcmp(a, "--no-traces")) {
			s.traces = false;
		} else if (a[0] == '-' && a[1]) {
			cli_error("score", "unknown option '%s'", a);
			fputs(help, stderr);
			free(files);
			return EXIT_USAGE;
		} else {
			files[nfiles++] = argv[i];
		}
	}
	if (nfiles == 0) {
		cli_error("score", "no input files (use - for standard input)");
		fputs(help, stderr);
		free(files);
		return EXIT_USAGE;
	}
	if (!cli_open_rules(&c)) {
		free(files);
		return EXIT_FAILURE_;
	}
	s.res = jx_result_new();
	s.array = nfiles > 1;
	size_t forms = 0;
	for (int k = 0; k < nfiles; k++)
		if (cli_each_form(&c, files[k], on_form, &s, &forms) != EXIT_OK)
			s.rc = EXIT_FAILURE_;
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
	} else if (s.printed > 1) {
		printf("\n合计：%zu 份表，错误 %zu", s.printed, s.errors);
		const jx_rules *def = jx_rulebook_find(c.book, c.rules);
		if (def && c.rules)
			for (int g = 0; g < def->n_grade; g++)
				printf("，%s %zu", def->grade[g].name, s.grades[g]);
		putchar('\n');
	}
	jx_result_free(s.res);
	cli_common_free(&c);
	free(files);
	return s.rc;
}
