/*
 * jixiao — shared pieces of the command line: exit codes, options common to
 * several commands, reading inputs and reporting diagnostics.
 */
#ifndef JIXIAO_CLI_H
#define JIXIAO_CLI_H

#include <stdio.h>

#include "jixiao/formfile.h"
#include "jixiao/rulesfile.h"
#include "jixiao/score.h"

enum {
	EXIT_OK = 0,       /* success */
	EXIT_FAILURE_ = 1, /* unreadable or malformed input, I/O or memory failure */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_INVALID = 3   /* a form has error-severity findings (check) */
};

/* Largest input file read. */
#define CLI_MAX_INPUT ((size_t)1 << 30)

typedef struct cli_common {
	const char *rules;      /* --rules: overrides the form's own choice */
	const char *rules_dir;  /* --rules-dir or $JIXIAO_RULES_DIR */
	jx_format format;       /* --format for stdin and odd extensions */
	bool json;
	int color;              /* -1 auto, 0 never, 1 always */
	jx_rulebook *book;
} cli_common;

/* Parses an option shared by several commands at argv[*i]; returns 1 when
 * consumed, 0 when not one of them, -1 on a usage error (reported). */
int cli_common_option(cli_common *c, const char *cmd, int argc, char **argv, int *i);

/* Opens the rule book once options are known; reports and returns false on failure. */
bool cli_open_rules(cli_common *c);
void cli_common_free(cli_common *c);

/* The rule set a form is scored with, or NULL (reported) when unknown. */
const jx_rules *cli_rules_for(cli_common *c, const jx_form *form);

/* Prints diagnostics to stderr as "where: error: message". */
void cli_print_diags(const jx_diags *d);

/* Prints "jixiao CMD: message" to stderr. */
void cli_error(const char *cmd, const char *fmt, ...) JX_PRINTF(2, 3);

bool cli_use_color(const cli_common *c);
int cli_term_width(void);

/* Reads a file and hands every form in it to sink.  Returns EXIT_OK or
 * EXIT_FAILURE_ (diagnostics already printed). */
int cli_each_form(cli_common *c, const char *path, jx_form_sink sink, void *ctx, size_t *forms);

int cmd_score(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);

#endif
