/* jixiao — a form back to YAML and JSON. */
#include <string.h>

#include "jixiao/write/formwrite.h"
#include "jixiao/write/resultjson.h"
#include "jixiao/core/text.h"

static const char *const row_key[JX_FUND_ROWS] = { "fiscal", "carryover", "other", "total" };
static const char *const col_key[JX_MONEY_COLS] = { "initial", "adjusted", "executed" };
static const char *const report_key[JX_REPORT_SECTIONS] = { "background", "funds", "performance",
	                                                    "problems" };

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* The printed rate as "97.80%" when it was printed with more decimals
 * than its value needs; false when the plain number says it all. */
static bool rate_text(const jx_budget *b, char out[JX_NUM_FMT_MAX])
{
	char plain[JX_NUM_FMT_MAX];
	jx_num v = b->rate.v * 100;
	jx_num_format(v, plain);
	jx_num_format_fixed(v, b->rate_places, out);
	if (strlen(out) <= strlen(plain))
		return false;
	size_t n = strlen(out);
	if (n + 2 > JX_NUM_FMT_MAX)
		return false;
	out[n] = '%';
	out[n + 1] = '\0';
	return true;
}

/* ---- JSON ---- */

static void put_text(json_t *o, const char *key, const jx_text *t)
{
	if (t->s)
		json_object_set_new(o, key, json_string(t->s));
}

json_t *jx_form_to_json(const jx_form *f)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put_text(o, "rules", &f->rules);
	if (f->year.set)
		json_object_set_new(o, "year", json_integer(f->year.v));
	put_text(o, "title", &f->title);
	put_text(o, "fund", &f->fund);
	put_text(o, "department", &f->department);
	put_text(o, "unit", &f->unit);
	put_text(o, "project", &f->project);
	put_text(o, "period", &f->period);
	if (f->investment.set)
		json_object_set_new(o, "investment", jx_json_num(f->investment.v));
	if (f->investment_fiscal.set)
		json_object_set_new(o, "investment_fiscal", jx_json_num(f->investment_fiscal.v));

	json_t *b = json_object();
	for (int r = 0; r < JX_FUND_ROWS; r++) {
		json_t *row = NULL;
		for (int c = 0; c < JX_MONEY_COLS; c++) {
			const jx_amount *a = &f->budget.row[r].col[c];
			if (!a->set)
				continue;
			if (!row)
				row = json_object();
			json_object_set_new(row, col_key[c], jx_json_num(a->v));
		}
		if (row)
			json_object_set_new(b, row_key[r], row);
	}
	if (f->budget.weight.set)
		json_object_set_new(b, "weight", jx_json_cp(f->budget.weight.v));
	if (f->budget.rate.set) {
		/* "97.80%" stays as printed: a number would lose its zero */
		char num[JX_NUM_FMT_MAX];
		if (rate_text(&f->budget, num))
			json_object_set_new(b, "rate", json_string(num));
		else
			json_object_set_new(b, "rate", jx_json_num(f->budget.rate.v * 100));
	}
	if (f->budget.score.set)
		json_object_set_new(b, "score", jx_json_cp(f->budget.score.v));
	put_text(b, "reason", &f->budget.reason);
	json_object_set_new(o, "budget", b);

	if (f->goal_expected.s || f->goal_actual.s) {
		json_t *g = json_object();
		put_text(g, "expected", &f->goal_expected);
		put_text(g, "actual", &f->goal_actual);
		json_object_set_new(o, "goal", g);
	}
	json_t *inds = json_array();
	for (size_t i = 0; i < f->n_ind; i++) {
		const jx_indicator *ind = &f->ind[i];
		json_t *x = json_object();
		put_text(x, "level1", &ind->level1);
		put_text(x, "level2", &ind->level2);
		put_text(x, "name", &ind->name);
		if (ind->target.text)
			json_object_set_new(x, "target", json_string(ind->target.text));
		if (ind->actual.text)
			json_object_set_new(x, "actual", json_string(ind->actual.text));
		if (ind->weight.set)
			json_object_set_new(x, "weight", jx_json_cp(ind->weight.v));
		if (ind->score.set)
			json_object_set_new(x, "score", jx_json_cp(ind->score.v));
		put_text(x, "band", &ind->band);
		put_text(x, "reason", &ind->reason);
		json_array_append_new(inds, x);
	}
	json_object_set_new(o, "indicators", inds);
	bool cats = false;
	for (size_t k = 0; k < f->n_cat; k++)
		cats |= f->cat[k].weight.set;
	if (cats) {
		json_t *c = json_object();
		for (size_t k = 0; k < f->n_cat; k++)
			if (f->cat[k].weight.set)
				json_object_set_new(c, f->cat[k].name,
				                    jx_json_cp(f->cat[k].weight.v));
		json_object_set_new(o, "categories", c);
	}
	if (f->total.set)
		json_object_set_new(o, "total", jx_json_cp(f->total.v));
	put_text(o, "grade", &f->grade);
	put_text(o, "notes", &f->notes);
	json_t *rep = json_object();
	put_text(rep, "title", &f->report_title);
	put_text(rep, "subtitle", &f->report_subtitle);
	put_text(rep, "heading", &f->report_heading);
	put_text(rep, "intro", &f->report_intro);
	for (int s = 0; s < JX_REPORT_SECTIONS; s++)
		put_text(rep, report_key[s], &f->report[s]);
	put_text(rep, "attachment", &f->report_attachment);
	if (!f->report_generate)
		json_object_set_new(rep, "generate", json_false());
	if (json_object_size(rep))
		json_object_set_new(o, "report", rep);
	else
		json_decref(rep);
	return o;
}

/* ---- YAML ---- */

/* True when s can be written as a plain YAML scalar and reads back as the
 * same text (not a number, boolean or null, no indicator characters). */
static bool plain_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || strchr("-?:,[]{}#&*!|>'\"%@` ", s[0]) || s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	if (strchr(s, '\n') || strchr(s, '\t') || strstr(s, ": ") || strstr(s, " #"))
		return false;
	static const char *const words[] = { "~",    "null", "Null",  "NULL",  "true",
		                             "True", "TRUE", "false", "False", "FALSE",
		                             "yes",  "no",   "on",    "off",   "Yes",
		                             "No",   "On",   "Off",   "YES",   "NO" };
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (!strcmp(s, words[i]))
			return false;
	/* anything that starts like a number is quoted: 10家 stays text */
	if ((s[0] >= '0' && s[0] <= '9') || s[0] == '.' || s[0] == '+')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return false;
	return true;
}

static void quoted(jx_buf *out, const char *s)
{
	jx_buf_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': jx_buf_adds(out, "\\\""); break;
		case '\\': jx_buf_adds(out, "\\\\"); break;
		case '\n': jx_buf_adds(out, "\\n"); break;
		case '\t': jx_buf_adds(out, "\\t"); break;
		case '\r': jx_buf_adds(out, "\\r"); break;
		default:
			if (*p < 0x20 || *p == 0x7F)
				jx_buf_addf(out, "\\x%02x", *p);
			else
				jx_buf_addc(out, (char)*p);
		}
	}
	jx_buf_addc(out, '"');
}

/* A literal block keeps paragraphs readable; only for text whose lines
 * have no leading blanks, trailing blanks or control characters. */
static bool block_ok(const char *s)
{
	if (!strchr(s, '\n') || s[0] == ' ' || s[0] == '\n')
		return false;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c < 0x20 && c != '\n') || c == 0x7F)
			return false;
		if (c == ' ' && (p[1] == '\n' || p[1] == '\0'))
			return false;
		if (c == '\n' && p[1] == ' ')
			return false;
	}
	return s[strlen(s) - 1] != '\n';
}

static void scalar(jx_buf *out, const char *s, int indent)
{
	if (plain_ok(s)) {
		jx_buf_adds(out, s);
	} else if (block_ok(s)) {
		jx_buf_adds(out, "|-\n");
		const char *p = s;
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			if (len)
				jx_buf_pad(out, ' ', (size_t)indent + 2);
			jx_buf_add(out, p, len);
			if (nl)
				jx_buf_addc(out, '\n');
			p += len + (nl ? 1 : 0);
		}
	} else {
		quoted(out, s);
	}
}

static void key_text(jx_buf *out, int indent, const char *key, const jx_text *t)
{
	if (!t->s)
		return;
	jx_buf_pad(out, ' ', (size_t)indent);
	jx_buf_addf(out, "%s: ", key);
	scalar(out, t->s, indent);
	jx_buf_addc(out, '\n');
}

static void key_num(jx_buf *out, int indent, const char *key, jx_num v)
{
	char num[JX_NUM_FMT_MAX];
	jx_buf_pad(out, ' ', (size_t)indent);
	jx_buf_addf(out, "%s: %s\n", key, jx_num_format(v, num));
}

void jx_form_to_yaml(const jx_form *f, jx_buf *out)
{
	key_text(out, 0, "rules", &f->rules);
	if (f->year.set)
		jx_buf_addf(out, "year: %lld\n", (long long)f->year.v);
	key_text(out, 0, "title", &f->title);
	key_text(out, 0, "fund", &f->fund);
	key_text(out, 0, "department", &f->department);
	key_text(out, 0, "unit", &f->unit);
	key_text(out, 0, "project", &f->project);
	key_text(out, 0, "period", &f->period);
	if (f->investment.set)
		key_num(out, 0, "investment", f->investment.v);
	if (f->investment_fiscal.set)
		key_num(out, 0, "investment_fiscal", f->investment_fiscal.v);

	jx_buf_adds(out, "budget:\n");
	for (int r = 0; r < JX_FUND_ROWS; r++) {
		const jx_budget_row *row = &f->budget.row[r];
		if (!row->col[0].set && !row->col[1].set && !row->col[2].set)
			continue;
		jx_buf_addf(out, "  %s: {", row_key[r]);
		bool first = true;
		for (int c = 0; c < JX_MONEY_COLS; c++) {
			if (!row->col[c].set)
				continue;
			char num[JX_NUM_FMT_MAX];
			jx_buf_addf(out, "%s%s: %s", first ? "" : ", ", col_key[c],
			            jx_num_format(row->col[c].v, num));
			first = false;
		}
		jx_buf_adds(out, "}\n");
	}
	if (f->budget.weight.set)
		key_num(out, 2, "weight", jx_cp_to_num(f->budget.weight.v));
	if (f->budget.rate.set) {
		char num[JX_NUM_FMT_MAX];
		if (rate_text(&f->budget, num))
			jx_buf_addf(out, "  rate: %s\n", num);
		else
			key_num(out, 2, "rate", f->budget.rate.v * 100);
	}
	if (f->budget.score.set)
		key_num(out, 2, "score", jx_cp_to_num(f->budget.score.v));
	key_text(out, 2, "reason", &f->budget.reason);

	if (f->goal_expected.s || f->goal_actual.s) {
		jx_buf_adds(out, "goal:\n");
		key_text(out, 2, "expected", &f->goal_expected);
		key_text(out, 2, "actual", &f->goal_actual);
	}

	jx_buf_adds(out, "indicators:\n");
	const char *prev1 = NULL, *prev2 = NULL;
	for (size_t i = 0; i < f->n_ind; i++) {
		const jx_indicator *ind = &f->ind[i];
		size_t mark = out->len;
		/* categories are written where they change, as on the form */
		if (!same(ind->level1.s, prev1))
			key_text(out, 4, "level1", &ind->level1);
		if (!same(ind->level1.s, prev1) || !same(ind->level2.s, prev2))
			key_text(out, 4, "level2", &ind->level2);
		prev1 = ind->level1.s;
		prev2 = ind->level2.s;
		key_text(out, 4, "name", &ind->name);
		if (ind->target.text)
			key_text(out, 4, "target", &(jx_text){ ind->target.text, { 0 } });
		if (ind->actual.text)
			key_text(out, 4, "actual", &(jx_text){ ind->actual.text, { 0 } });
		if (ind->weight.set)
			key_num(out, 4, "weight", jx_cp_to_num(ind->weight.v));
		if (ind->score.set)
			key_num(out, 4, "score", jx_cp_to_num(ind->score.v));
		key_text(out, 4, "band", &ind->band);
		key_text(out, 4, "reason", &ind->reason);
		if (out->len == mark)
			jx_buf_adds(out, "  - {}\n");
		else
			memcpy(out->s + mark, "  - ", 4); /* the first key opens the item */
	}
	bool cats = false;
	for (size_t k = 0; k < f->n_cat; k++)
		cats |= f->cat[k].weight.set;
	if (cats) {
		jx_buf_adds(out, "categories:\n");
		for (size_t k = 0; k < f->n_cat; k++) {
			if (!f->cat[k].weight.set)
				continue;
			jx_buf_adds(out, "  ");
			scalar(out, f->cat[k].name, 2);
			char num[JX_NUM_FMT_MAX];
			jx_buf_addf(out, ": %s\n",
			            jx_num_format(jx_cp_to_num(f->cat[k].weight.v), num));
		}
	}
	if (f->total.set)
		key_num(out, 0, "total", jx_cp_to_num(f->total.v));
	key_text(out, 0, "grade", &f->grade);
	key_text(out, 0, "notes", &f->notes);
	bool rep = !f->report_generate || f->report_title.s || f->report_subtitle.s ||
	           f->report_heading.s || f->report_intro.s || f->report_attachment.s;
	for (int s = 0; s < JX_REPORT_SECTIONS; s++)
		rep |= f->report[s].s != NULL;
	if (rep) {
		jx_buf_adds(out, "report:\n");
		key_text(out, 2, "title", &f->report_title);
		key_text(out, 2, "subtitle", &f->report_subtitle);
		key_text(out, 2, "heading", &f->report_heading);
		key_text(out, 2, "intro", &f->report_intro);
		for (int s = 0; s < JX_REPORT_SECTIONS; s++)
			key_text(out, 2, report_key[s], &f->report[s]);
		key_text(out, 2, "attachment", &f->report_attachment);
		if (!f->report_generate)
			jx_buf_adds(out, "  generate: false\n");
	}
}
