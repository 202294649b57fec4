/*
 * jixiao — the command line.  One binary, one subcommand per file
 * (cmd_*.c), dispatched from the table below.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "jixiao/service/auth.h"

#ifndef JIXIAO_VERSION
#define JIXIAO_VERSION "0.1.0"
#endif

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} command;

static const command commands[] = {
	{ "score", cmd_score, "score forms and print them as the official table (or --json)" },
	{ "check", cmd_check, "list a reviewer's findings; exit 3 when a form has errors" },
	{ "declare", cmd_declare,
	  "check a target declaration (绩效目标申报); make the evaluation from it" },
	{ "monitor", cmd_monitor,
	  "a monitoring round (绩效运行监控): warnings, report, the .xlsx table" },
	{ "library", cmd_library,
	  "search the indicator library (指标库) by text or pinyin initials, or check one" },
	{ "programme", cmd_programme,
	  "an award programme's records: verify, derive the form's actuals, store" },
	{ "rules", cmd_rules, "list the rule sets, or show one" },
	{ "render", cmd_render, "write the report (PDF, Word, HTML) or the form (.xlsx)" },
	{ "template", cmd_template, "write an empty fillable form (.xlsx)" },
	{ "convert", cmd_convert, "convert forms between YAML, JSON and workbooks" },
	{ "serve", cmd_serve, "run the multi-user server (JSON API, workflow, audit trail)" },
	{ "user", cmd_user, "add people, set passwords, list them" },
	{ "org", cmd_org, "add regions, departments and units; list them" },
	{ "backup", cmd_backup, "copy the SQLite database while the server runs" },
	{ "import", cmd_import, "store a province's forms from folders and zips, in batches" },
	{ "stats", cmd_stats, "a year's figures by region, department, …; the summary table (.xlsx)" },
	{ "review", cmd_review, "复核 at scale: a seeded stratified sample, quality, bulk review" },
};

static void usage(FILE *out)
{
	fprintf(out, "jixiao — 项目支出绩效自评 (budget performance self-evaluation)\n"
	             "\n"
	             "usage: jixiao <command> [options] [FILE...]\n"
	             "\n"
	             "commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n"
	             "FILE is a form in YAML or JSON (docs/format.md) or a filled workbook\n"
	             "(.xlsx, .xls; docs/xlsx.md); - reads standard input.\n"
	             "Run 'jixiao <command> --help' for a command's options.\n"
	             "\n"
	             "exit status: 0 ok, 1 unreadable or malformed input, 2 usage error,\n"
	             "             3 a form has error findings (check)\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(name, "--version")) {
		printf("jixiao %s\n", JIXIAO_VERSION);
		return EXIT_OK;
	}
	if (!jx_crypto_init()) {
		fprintf(stderr, "jixiao: libsodium cannot initialise\n");
		return EXIT_FAILURE_;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
		if (strcmp(commands[i].name, name) != 0)
			continue;
		int rc = commands[i].run(argc - 1, argv + 1);
		/* a full disk or a closed pipe must not pass for success */
		if (fflush(stdout) != 0 || ferror(stdout)) {
			if (errno != EPIPE)
				fprintf(stderr, "jixiao %s: write error: %s\n", name,
				        strerror(errno));
			return EXIT_FAILURE_;
		}
		return rc;
	}
	fprintf(stderr, "jixiao: unknown command '%s'\n\n", name);
	usage(stderr);
	return EXIT_USAGE;
}
