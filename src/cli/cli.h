/*
 * jixiao — shared pieces of the command line: exit codes, options common to
 * several commands, reading inputs and reporting diagnostics.
 */
#ifndef JIXIAO_CLI_H
#define JIXIAO_CLI_H

#include <stdio.h>

#include "jixiao/read/formfile.h"
#include "jixiao/read/input.h"
#include "jixiao/read/rulefile.h"
#include "jixiao/core/score.h"

enum {
	EXIT_OK = 0,       /* success */
	EXIT_FAILURE_ = 1, /* unreadable or malformed input, I/O or memory failure */
	EXIT_USAGE = 2,    /* bad command line */
	EXIT_INVALID = 3   /* a form has error-severity findings (check) */
};

/* Largest input file read. */
#define CLI_MAX_INPUT ((size_t)1 << 30)

typedef struct cli_common {
	const char *rules;     /* --rules: overrides the form's own choice */
	const char *rules_dir; /* --rules-dir or $JIXIAO_RULES_DIR */
	jx_format format;      /* --format for stdin and odd extensions */
	bool json;
	int color; /* -1 auto, 0 never, 1 always */
	jx_rulebook *book;
	char **files; /* the arguments that are not options */
	int nfiles;
} cli_common;

#define CLI_COMMON_INIT                                                                            \
	{                                                                                          \
		.color = -1                                                                        \
	}

/* A command's own option at argv[*i]: returns 1 when it took it (and
 * advanced *i past a value it consumed), 0 when it is not one, -1 on a
 * usage error (reported). */
typedef int (*cli_option_fn)(void *ctx, const char *cmd, int argc, char **argv, int *i);

/* For option functions: the value of an option that takes one, from
 * "--name=value" or the next argument; NULL (reported) when missing. */
const char *cli_option_value(const char *cmd, int argc, char **argv, int *i);

/* True when argv[*i] is `name` or `name=...`. */
bool cli_option_is(const char *arg, const char *name);

/* Writes data to path through a temporary file in the same folder and a
 * rename, so a failure never leaves a partial file.  "-" is stdout.
 * Reports and returns false on failure. */
bool cli_write_file(const char *cmd, const char *path, const char *data, size_t len);

/* A progress bar on stderr when it is a terminal: "label [####....] 3/10". */
void cli_progress(const char *label, size_t done, size_t total);

/*
 * Parses a command line: the shared options (--json, --rules, --rules-dir,
 * --format, --color), -h/--help, the command's own flags through `own` (may
 * be NULL) and the remaining arguments into c->files; then opens the rule
 * book.  At least `min_files` and at most `max_files` (-1: any) arguments.
 * Returns -1 to go on, or the exit status the command must return (help
 * shown, usage error or rules unreadable, all reported) after freeing c.
 */
int cli_parse(cli_common *c, const char *cmd, const char *help, int argc, char **argv,
              cli_option_fn own, void *ctx, int min_files, int max_files);

/* Frees what cli_parse allocated. */
void cli_common_free(cli_common *c);

/* The rule set a form is scored with, or NULL (reported) when unknown. */
const jx_rules *cli_rules_for(cli_common *c, const jx_form *form);

/* The database URL: the one given, else $JIXIAO_DB, else jixiao.db. */
const char *cli_db_url(const char *given);
/* Opens the store; NULL (reported) when it cannot. */
struct jx_store *cli_store_open(const char *cmd, const char *url);

/* Prints diagnostics to stderr as "where: error: message". */
void cli_print_diags(const jx_diags *d);

/* Prints "jixiao CMD: message" to stderr. */
void cli_error(const char *cmd, const char *fmt, ...) JX_PRINTF(2, 3);
/* The same for a command line that cannot be run: frees c and gives
 * EXIT_USAGE to return. */
int cli_usage(cli_common *c, const char *cmd, const char *fmt, ...) JX_PRINTF(3, 4);

bool cli_use_color(const cli_common *c);
int cli_term_width(void);

/* Reads a file and hands every form in it to sink.  Returns EXIT_OK or
 * EXIT_FAILURE_ (diagnostics already printed). */
int cli_each_form(cli_common *c, const char *path, jx_form_sink sink, void *ctx);

int cmd_score(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_org(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_declare(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_library(int argc, char **argv);
int cmd_programme(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_stats(int argc, char **argv);

#endif
