/*
 * jixiao — .xlsx container reader (libzip + expat).
 *
 * The archive is opened in memory with libzip; each XML part is inflated
 * in 64 KiB chunks and fed straight to an expat parser, so no part is ever
 * held whole and every byte that comes out of the inflater is counted
 * against the limits, whatever sizes the archive claims.  Parts are read in
 * dependency order: xl/workbook.xml (sheet names, order, r:id, the 1904
 * date system), its relationships (where each sheet lives), the styles
 * (which cell formats are dates), the shared strings, then each worksheet.
 *
 * Hostile input: element nesting is counted and the parser stopped past the
 * limit; DOCTYPE declarations are refused (OOXML parts never have one), so
 * no entity can be declared, external or not; expat's own protection
 * against entity amplification stays on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "jixiao/core/text.h"
#include "workbook_int.h"

#define CHUNK (64 * 1024)
#define NS_SEP '|'
#define STACK 32 /* element names remembered per part; deeper ones are "other" */

/* How a number in a cell format reads. */
enum { FMT_NUMBER = 0, FMT_DATE, FMT_DATETIME, FMT_TIME };

typedef struct numfmt {
	uint32_t id;
	unsigned char kind;
} numfmt;

typedef struct rel {
	const char *id;
	const char *type;
	const char *target; /* resolved part name, e.g. "xl/worksheets/sheet1.xml" */
} rel;

typedef struct sheet_ref {
	const char *name;
	const char *rid;
} sheet_ref;

typedef struct reader {
	const char *name;
	jx_book_limits lim;
	size_t text_bytes; /* cells and strings kept so far */
	jx_diags *d;
	zip_t *za;
	jx_workbook *wb;
	char *chunk;
	size_t total; /* bytes inflated from all parts so far */
	size_t cells; /* cells kept in all sheets so far */
	bool date1904;
	/* xl/workbook.xml and its relationships */
	sheet_ref *sheets;
	size_t n_sheets, cap_sheets;
	rel *rels;
	size_t n_rels, cap_rels;
	/* xl/styles.xml: numFmtId per cellXfs entry, then its kind */
	numfmt *fmts;
	size_t n_fmts, cap_fmts;
	uint32_t *xf_fmt;
	size_t n_xf, cap_xf;
	unsigned char *xf_kind;
	/* xl/sharedStrings.xml */
	const char **sst;
	size_t n_sst, cap_sst;
} reader;

static void diag(reader *r, const char *where, const char *fmt, ...) JX_PRINTF(3, 4);
static void diag(reader *r, const char *where, const char *fmt, ...)
{
	if (!r->d)
		return;
	jx_buf b = JX_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	jx_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	jx_diags_add(r->d, where, "%s", b.s);
	jx_buf_free(&b);
}

/* ---- element names ---- */

enum el {
	E_OTHER = 0,
	E_SHEETS,
	E_SHEET,
	E_WORKBOOKPR,
	E_RELATIONSHIP,
	E_SI,
	E_T,
	E_R,
	E_NUMFMTS,
	E_NUMFMT,
	E_CELLXFS,
	E_XF,
	E_SHEETDATA,
	E_ROW,
	E_C,
	E_V,
	E_F,
	E_IS,
	E_MERGECELLS,
	E_MERGECELL
};

static const struct {
	const char *name;
	enum el id;
} el_names[] = {
	{ "c", E_C },
	{ "v", E_V },
	{ "row", E_ROW },
	{ "f", E_F },
	{ "t", E_T },
	{ "r", E_R },
	{ "si", E_SI },
	{ "is", E_IS },
	{ "xf", E_XF },
	{ "sheet", E_SHEET },
	{ "sheets", E_SHEETS },
	{ "workbookPr", E_WORKBOOKPR },
	{ "Relationship", E_RELATIONSHIP },
	{ "numFmts", E_NUMFMTS },
	{ "numFmt", E_NUMFMT },
	{ "cellXfs", E_CELLXFS },
	{ "sheetData", E_SHEETDATA },
	{ "mergeCells", E_MERGECELLS },
	{ "mergeCell", E_MERGECELL },
};

static const char *local_name(const char *name)
{
	const char *s = strrchr(name, NS_SEP);
	return s ? s + 1 : name;
}

static enum el el_id(const char *qname)
{
	const char *n = local_name(qname);
	for (size_t i = 0; i < sizeof el_names / sizeof el_names[0]; i++)
		if (n[0] == el_names[i].name[0] && !strcmp(n, el_names[i].name))
			return el_names[i].id;
	return E_OTHER;
}

/* An attribute without a namespace ("r", "t"), or with one when qualified
 * ("r:id"); NULL when absent. */
static const char *attr(const char **atts, const char *name, bool qualified)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *sep = strrchr(atts[i], NS_SEP);
		if (qualified ? sep && !strcmp(sep + 1, name) : !sep && !strcmp(atts[i], name))
			return atts[i + 1];
	}
	return NULL;
}

/* ---- one XML part through expat ---- */

typedef struct xml_part xml_part;
struct xml_part {
	reader *r;
	XML_Parser p;
	const char *part;
	int depth;
	jx_error err;
	unsigned char ids[STACK];
	jx_buf *text; /* where character data goes; NULL when not collecting */
	void (*start)(xml_part *x, enum el id, const char **atts);
	void (*end)(xml_part *x, enum el id);
	void *state;
};

static enum el parent(const xml_part *x, int up)
{
	int i = x->depth - 1 - up;
	return i >= 0 && i < STACK ? (enum el)x->ids[i] : E_OTHER;
}

/* Records the first error of a part, where the parser is, and stops it. */
static void fail(xml_part *x, jx_error err, const char *fmt, ...) JX_PRINTF(3, 4);
static void fail(xml_part *x, jx_error err, const char *fmt, ...)
{
	if (x->err)
		return;
	x->err = err;
	XML_StopParser(x->p, XML_FALSE);
	if (err == JX_ENOMEM)
		return; /* said once, by jx_xlsx_load */
	jx_buf msg = JX_BUF_INIT, where = JX_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	jx_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	jx_buf_addf(&where, "%s:%s:%lu:%lu", x->r->name, x->part,
	            (unsigned long)XML_GetCurrentLineNumber(x->p),
	            (unsigned long)XML_GetCurrentColumnNumber(x->p) + 1);
	diag(x->r, where.s, "%s", msg.s);
	jx_buf_free(&msg);
	jx_buf_free(&where);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xml_part *x = ud;
	if (x->err)
		return;
	if (x->depth >= x->r->lim.max_depth) {
		fail(x, JX_ELIMIT, "XML nested deeper than %d levels", x->r->lim.max_depth);
		return;
	}
	enum el id = el_id(name);
	if (x->depth < STACK)
		x->ids[x->depth] = (unsigned char)id;
	x->depth++;
	if (x->start)
		x->start(x, id, atts);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	xml_part *x = ud;
	(void)name;
	if (x->err)
		return;
	enum el id = parent(x, 0);
	if (x->end)
		x->end(x, id);
	x->depth--;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	xml_part *x = ud;
	if (x->err || !x->text)
		return;
	/* a text longer than all the text a workbook may keep is refused as
	 * it grows, not once it is whole */
	size_t lim = x->r->lim.max_text_bytes, kept = x->r->text_bytes;
	if (kept >= lim || x->text->len + (size_t)len > lim - kept) {
		char lim_text[32];
		jx_bytes_text(x->r->lim.max_text_bytes, lim_text);
		fail(x, JX_ELIMIT, "more than %s of text", lim_text);
		return;
	}
	jx_buf_add(x->text, s, (size_t)len);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	fail(ud, JX_EFORMAT, "a DOCTYPE declaration is not allowed in a workbook part");
}

/* Opens entry idx for reading, refusing what OOXML never uses. */
static jx_error open_entry(reader *r, const char *part, zip_int64_t idx, zip_file_t **zf)
{
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(r->za, (zip_uint64_t)idx, 0, &st) != 0) {
		diag(r, r->name, "%s cannot be read: %s", part, zip_strerror(r->za));
		return JX_EFORMAT;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		diag(r, r->name, "%s is encrypted", part);
		return JX_EFORMAT;
	}
	if ((st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method != ZIP_CM_STORE &&
	    st.comp_method != ZIP_CM_DEFLATE) {
		diag(r, r->name, "%s uses compression method %d (only stored and deflate are read)",
		     part, (int)st.comp_method);
		return JX_EFORMAT;
	}
	*zf = zip_fopen_index(r->za, (zip_uint64_t)idx, 0);
	if (!*zf) {
		zip_error_t *ze = zip_get_error(r->za);
		if (zip_error_code_zip(ze) == ZIP_ER_MEMORY)
			return JX_ENOMEM;
		diag(r, r->name, "%s cannot be read: %s", part, zip_error_strerror(ze));
		return JX_EFORMAT;
	}
	return JX_OK;
}

/*
 * Inflates part idx chunk by chunk into an expat parser driving x.
 * Returns the first error: the handlers', a limit, the archive's or
 * expat's.
 */
static jx_error parse_part(reader *r, const char *part, zip_int64_t idx, xml_part *x)
{
	zip_file_t *zf = NULL;
	jx_error err = open_entry(r, part, idx, &zf);
	if (err)
		return err;
	x->r = r;
	x->part = part;
	x->p = XML_ParserCreateNS(NULL, NS_SEP);
	if (!x->p) {
		zip_fclose(zf);
		return JX_ENOMEM;
	}
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, on_start, on_end);
	XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);

	size_t bytes = 0;
	char lim_text[32];
	for (;;) {
		zip_int64_t n = zip_fread(zf, r->chunk, CHUNK);
		if (n < 0) {
			diag(r, r->name, "%s is damaged: %s", part,
			     zip_error_strerror(zip_file_get_error(zf)));
			err = JX_EFORMAT;
			break;
		}
		bytes += (size_t)n;
		r->total += (size_t)n;
		if (bytes > r->lim.max_part_bytes) {
			jx_bytes_text(r->lim.max_part_bytes, lim_text);
			diag(r, r->name, "%s inflates past %s", part, lim_text);
			err = JX_ELIMIT;
			break;
		}
		if (r->total > r->lim.max_total_bytes) {
			jx_bytes_text(r->lim.max_total_bytes, lim_text);
			diag(r, r->name, "the workbook inflates past %s in all", lim_text);
			err = JX_ELIMIT;
			break;
		}
		if (XML_Parse(x->p, r->chunk, (int)n, n == 0) != XML_STATUS_OK) {
			if (x->err) {
				err = x->err;
			} else {
				enum XML_Error xe = XML_GetErrorCode(x->p);
				if (xe == XML_ERROR_NO_MEMORY) {
					err = JX_ENOMEM;
				} else {
					jx_buf file = JX_BUF_INIT;
					jx_buf_addf(&file, "%s:%s", r->name, part);
					jx_loc at = { NULL,
						      (uint32_t)XML_GetCurrentLineNumber(x->p),
						      (uint32_t)XML_GetCurrentColumnNumber(x->p) +
						              1 };
					jx_diags_at(r->d, file.s, at, "malformed XML: %s",
					            XML_ErrorString(xe));
					jx_buf_free(&file);
					err = JX_ESYNTAX;
				}
			}
			break;
		}
		if (x->err) {
			err = x->err;
			break;
		}
		if (n == 0)
			break;
	}
	XML_ParserFree(x->p);
	x->p = NULL;
	zip_fclose(zf);
	return err;
}

/* ---- strings ---- */

/*
 * Copies string text into the pool, undoing the _xHHHH_ escapes with which
 * OOXML writes characters XML cannot hold (_x000D_ is a carriage return,
 * _x005F_ an underscore).  NUL is dropped.
 */
static const char *pool_xstring(jx_pool *pool, const char *s, size_t n)
{
	if (n == 0)
		return "";
	if (!memchr(s, '_', n))
		return jx_pool_strndup(pool, s, n);
	char *out = jx_pool_alloc(pool, n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		unsigned cp = 0;
		bool esc = i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';
		for (size_t k = 2; esc && k < 6; k++) {
			int h = jx_hex_digit(s[i + k]);
			esc = h >= 0;
			cp = cp * 16 + (unsigned)(h >= 0 ? h : 0);
		}
		if (esc && cp >= 0xD800 && cp <= 0xDFFF)
			esc = false;
		if (!esc) {
			out[o++] = s[i++];
			continue;
		}
		/* seven bytes in, at most three out */
		if (cp == 0) {
		} else if (cp < 0x80) {
			out[o++] = (char)cp;
		} else if (cp < 0x800) {
			out[o++] = (char)(0xC0 | (cp >> 6));
			out[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			out[o++] = (char)(0xE0 | (cp >> 12));
			out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (cp & 0x3F));
		}
		i += 7;
	}
	out[o] = '\0';
	return out;
}

/* Parses a cell reference ("B3", "XFD1048576") at s; *end after it. */
static bool parse_ref(const char *s, const char **end, uint32_t *row, uint32_t *col)
{
	uint32_t c = 0, r = 0;
	int letters = 0, digits = 0;
	for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++) {
		if (++letters > 3)
			return false;
		c = c * 26 + (uint32_t)((*s | 0x20) - 'a' + 1);
	}
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 7)
			return false;
		r = r * 10 + (uint32_t)(*s - '0');
	}
	if (!letters || !digits || c > JX_MAX_COL || r < 1 || r > JX_MAX_ROW)
		return false;
	*end = s;
	*row = r;
	*col = c;
	return true;
}

/* A non-negative decimal integer of at most 10 digits. */
static bool parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	int n = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++n > 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (!n || *s || v > max)
		return false;
	*out = v;
	return true;
}

/*
 * The decimal number in s, whole, as a double ("45292", "0.5", "4.5E+4");
 * without strtod, whose decimal point follows the locale.  Precise enough
 * for a date serial, which is all it is used for.
 */
static bool parse_double(const char *s, double *out)
{
	bool neg = false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	double m = 0;
	int exp10 = 0, digits = 0;
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		m = m * 10 + (*s - '0');
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
			if (exp10 > -30) {
				m = m * 10 + (*s - '0');
				exp10--;
			}
		}
	}
	if (!digits)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		bool eneg = false;
		if (*s == '-' || *s == '+')
			eneg = *s++ == '-';
		int e = 0, ed = 0;
		for (; *s >= '0' && *s <= '9'; s++, ed++)
			if (e < 1000)
				e = e * 10 + (*s - '0');
		if (!ed)
			return false;
		exp10 += eneg ? -e : e;
	}
	if (*s)
		return false;
	for (; exp10 > 0 && m < 1e300; exp10--)
		m *= 10;
	for (; exp10 < 0 && m != 0; exp10++)
		m /= 10;
	*out = neg ? -m : m;
	return true;
}

/* ---- dates ---- */

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/*
 * Writes a date serial as "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" or, for a
 * time of day alone, "HH:MM:SS"; false when the serial is no date Excel
 * shows (negative, past 9999-12-31).  In the 1900 system serial 60 is the
 * 29 February 1900 Excel believes in, and serials before it are one day
 * later than a plain count from 1899-12-30 gives.
 */
static bool serial_text(double v, bool d1904, int kind, char out[32])
{
	if (!(v >= 0 && v < 2958466.0))
		return false;
	int64_t secs = (int64_t)(v * 86400.0 + 0.5);
	int64_t days = secs / 86400;
	unsigned tod = (unsigned)(secs % 86400);
	unsigned hh = tod / 3600, mi = tod / 60 % 60, ss = tod % 60;
	if (kind == FMT_TIME && days == 0) {
		snprintf(out, 32, "%02u:%02u:%02u", hh, mi, ss);
		return true;
	}
	int64_t y;
	unsigned m, d;
	if (d1904) {
		civil_from_days(days - 24107, &y, &m, &d);
	} else if (days == 60) {
		y = 1900, m = 2, d = 29;
	} else {
		civil_from_days(days - 25569 + (days < 60), &y, &m, &d);
	}
	if (y > 9999)
		return false;
	if (kind == FMT_DATE)
		snprintf(out, 32, "%04d-%02u-%02u", (int)y, m, d);
	else
		snprintf(out, 32, "%04d-%02u-%02u %02u:%02u:%02u", (int)y, m, d, hh, mi, ss);
	return true;
}

static bool digits_at(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * An ISO 8601 date of a t="d" cell ("2020-06-30", "2020-06-30T08:30:00Z")
 * as "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS"; a time alone ("08:30:00") as
 * "HH:MM:SS"; anything else as stored.
 */
static const char *iso_text(jx_pool *pool, const char *s, int kind)
{
	if (digits_at(s, 4) && s[4] == '-' && digits_at(s + 5, 2) && s[7] == '-' &&
	    digits_at(s + 8, 2)) {
		const char *t = s + 10;
		bool has_time = (*t == 'T' || *t == ' ') && digits_at(t + 1, 2) && t[3] == ':' &&
		                digits_at(t + 4, 2);
		bool has_secs = has_time && t[6] == ':' && digits_at(t + 7, 2);
		bool midnight = has_time && !strncmp(t + 1, "00:00", 5) &&
		                (!has_secs || !strncmp(t + 7, "00", 2));
		if (kind == FMT_DATE || !has_time || (midnight && kind == FMT_NUMBER))
			return jx_pool_strndup(pool, s, 10);
		return jx_pool_printf(pool, "%.10s %.5s:%.2s", s, t + 1, has_secs ? t + 7 : "00");
	}
	if (digits_at(s, 2) && s[2] == ':' && digits_at(s + 3, 2)) {
		bool has_secs = s[5] == ':' && digits_at(s + 6, 2);
		return jx_pool_printf(pool, "%.5s:%.2s", s, has_secs ? s + 6 : "00");
	}
	return jx_pool_strdup(pool, s);
}

/* Whether s starts with the lower-case ASCII word w, in any case. */
static bool prefix_ci(const char *s, const char *w)
{
	for (; *w; s++, w++)
		if ((char)(*s | 0x20) != *w)
			return false;
	return true;
}

/*
 * What a number format code shows: a date, a date and time, a time, or
 * none of these.  Letters count outside "quoted text", [brackets] (colours,
 * locales, conditions, elapsed [h]), \escaped and _ / * padded characters;
 * AM/PM and A/P are time markers; m is minutes after h or before s, else
 * a month.
 */
static int classify_format(const char *code)
{
	bool date = false, time = false;
	char prev = 0; /* the last date/time letter seen */
	for (const char *s = code; *s; s++) {
		char c = *s;
		if (c == '"') {
			while (s[1] && s[1] != '"')
				s++;
			if (s[1])
				s++;
			continue;
		}
		if (c == '[') {
			/* elapsed time: [h], [mm], [ss] */
			char e = (char)(s[1] | 0x20);
			if (e == 'h' || e == 'm' || e == 's')
				time = true, prev = e;
			while (s[1] && s[1] != ']')
				s++;
			if (s[1])
				s++;
			continue;
		}
		if (c == '\\' || c == '_' || c == '*') {
			if (s[1])
				s++;
			continue;
		}
		if ((c == 'A' || c == 'a') &&
		    (!strncmp(s + 1, "M/PM", 4) || !strncmp(s + 1, "m/pm", 4))) {
			time = true;
			s += 4;
			continue;
		}
		if ((c == 'A' || c == 'a') && s[1] == '/' && (s[2] == 'P' || s[2] == 'p')) {
			time = true;
			s += 2;
			continue;
		}
		c = (char)(c | 0x20);
		if (c == 'e' && (s[1] == '+' || s[1] == '-')) {
			s++; /* scientific, 1.5E+03; e alone is an era year */
		} else if (c == 'y' || c == 'd' || c == 'e') {
			date = true;
			prev = c;
		} else if (c == 'h' || c == 's') {
			time = true;
			prev = c;
		} else if (c == 'm') {
			while ((s[1] | 0x20) == 'm')
				s++;
			/* minutes when after an hour or before a second */
			bool minutes = prev == 'h';
			for (const char *t = s + 1; !minutes && *t; t++) {
				char l = (char)(*t | 0x20);
				if (*t == '"' || *t == '[')
					break;
				if (l == 's')
					minutes = true;
				if (l == 'y' || l == 'd' || l == 'h' || l == 'm')
					break;
			}
			if (minutes)
				time = true;
			else
				date = true;
			prev = 'm';
		} else if (c == ';') {
			prev = 0;
		} else if (c == 'g' && prefix_ci(s, "general")) {
			s += 6;
		}
	}
	if (date)
		return time ? FMT_DATETIME : FMT_DATE;
	return time ? FMT_TIME : FMT_NUMBER;
}

/*
 * Built-in formats that show dates: 14–22 and 45–47 everywhere, and the
 * East Asian ones Excel in a Chinese locale writes without defining them
 * (27–36, 50–58: yyyy"年"m"月"d"日", h"时"mm"分" and the like).
 */
static int builtin_kind(uint32_t id)
{
	if (id == 14 || (id >= 15 && id <= 17))
		return FMT_DATE;
	if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
		return FMT_TIME;
	if (id == 22)
		return FMT_DATETIME;
	if ((id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 || id == 58)
		return FMT_DATE;
	if ((id >= 32 && id <= 35) || id == 55 || id == 56)
		return FMT_TIME;
	return FMT_NUMBER;
}

/* ---- xl/workbook.xml ---- */

static void wb_start(xml_part *x, enum el id, const char **atts)
{
	reader *r = x->r;
	if (id == E_WORKBOOKPR) {
		const char *v = attr(atts, "date1904", false);
		r->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (id == E_SHEET && parent(x, 1) == E_SHEETS) {
		if (r->n_sheets >= r->lim.max_sheets) {
			fail(x, JX_ELIMIT, "more than %zu sheets", r->lim.max_sheets);
			return;
		}
		const char *name = attr(atts, "name", false);
		const char *rid = attr(atts, "id", true);
		if (!name || !rid) {
			fail(x, JX_EFORMAT, "a <sheet> without %s", name ? "r:id" : "a name");
			return;
		}
		if (!jx_array_grow((void **)&r->sheets, &r->cap_sheets, r->n_sheets,
		                   sizeof *r->sheets)) {
			fail(x, JX_ENOMEM, "out of memory");
			return;
		}
		sheet_ref *s = &r->sheets[r->n_sheets];
		s->name = jx_pool_strdup(r->wb->pool, name);
		s->rid = jx_pool_strdup(r->wb->pool, rid);
		if (!s->name || !s->rid) {
			fail(x, JX_ENOMEM, "out of memory");
			return;
		}
		r->n_sheets++;
	}
}

/* ---- xl/_rels/workbook.xml.rels ---- */

/*
 * The part a relationship target names: "worksheets/sheet1.xml" relative
 * to xl/, "/xl/worksheets/sheet1.xml" from the root; %XX decoded, "." and
 * ".." folded.  NULL when out of memory.
 */
static const char *resolve_target(jx_pool *pool, const char *target)
{
	jx_buf path = JX_BUF_INIT;
	if (*target == '/')
		target++;
	else
		jx_buf_adds(&path, "xl/");
	for (const char *s = target; *s; s++) {
		int h1, h2;
		if (*s == '%' && (h1 = jx_hex_digit(s[1])) >= 0 && (h2 = jx_hex_digit(s[2])) >= 0 &&
		    (h1 || h2)) {
			jx_buf_addc(&path, (char)(h1 * 16 + h2));
			s += 2;
		} else {
			jx_buf_addc(&path, *s == '\\' ? '/' : *s);
		}
	}
	/* fold the segments in place */
	char *p = path.s;
	size_t o = 0;
	for (size_t i = 0; i < path.len;) {
		size_t j = i;
		while (j < path.len && p[j] != '/')
			j++;
		size_t n = j - i;
		if (n == 0 || (n == 1 && p[i] == '.')) {
		} else if (n == 2 && p[i] == '.' && p[i + 1] == '.') {
			while (o > 0 && p[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			if (o > 0 && p[o - 1] != '/')
				p[o++] = '/';
			memmove(p + o, p + i, n);
			o += n;
		}
		i = j + 1;
	}
	const char *res = path.oom ? NULL : jx_pool_strndup(pool, path.s, o);
	jx_buf_free(&path);
	return res;
}

static void rels_start(xml_part *x, enum el id, const char **atts)
{
	reader *r = x->r;
	if (id != E_RELATIONSHIP)
		return;
	const char *rid = attr(atts, "Id", false);
	const char *type = attr(atts, "Type", false);
	const char *target = attr(atts, "Target", false);
	const char *mode = attr(atts, "TargetMode", false);
	if (!rid || !type || !target || (mode && !strcmp(mode, "External")))
		return;
	/* each names a part, and there are no more parts than zip entries */
	if (r->n_rels >= r->lim.max_entries) {
		fail(x, JX_ELIMIT, "more than %zu relationships", r->lim.max_entries);
		return;
	}
	if (!jx_array_grow((void **)&r->rels, &r->cap_rels, r->n_rels, sizeof *r->rels)) {
		fail(x, JX_ENOMEM, "out of memory");
		return;
	}
	rel *l = &r->rels[r->n_rels];
	l->id = jx_pool_strdup(r->wb->pool, rid);
	l->type = jx_pool_strdup(r->wb->pool, type);
	l->target = resolve_target(r->wb->pool, target);
	if (!l->id || !l->type || !l->target) {
		fail(x, JX_ENOMEM, "out of memory");
		return;
	}
	r->n_rels++;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && !strcmp(s + n - m, tail);
}

static const rel *rel_by_id(const reader *r, const char *id)
{
	for (size_t i = 0; i < r->n_rels; i++)
		if (!strcmp(r->rels[i].id, id))
			return &r->rels[i];
	return NULL;
}

static const rel *rel_by_type(const reader *r, const char *tail)
{
	for (size_t i = 0; i < r->n_rels; i++)
		if (ends_with(r->rels[i].type, tail))
			return &r->rels[i];
	return NULL;
}

/* ---- xl/styles.xml ---- */

static void styles_start(xml_part *x, enum el id, const char **atts)
{
	reader *r = x->r;
	uint64_t v = 0;
	if (id == E_NUMFMT && parent(x, 1) == E_NUMFMTS) {
		const char *fid = attr(atts, "numFmtId", false);
		const char *code = attr(atts, "formatCode", false);
		if (!fid || !code || !parse_uint(fid, UINT32_MAX, &v))
			return;
		if (!jx_array_grow((void **)&r->fmts, &r->cap_fmts, r->n_fmts, sizeof *r->fmts)) {
			fail(x, JX_ENOMEM, "out of memory");
			return;
		}
		r->fmts[r->n_fmts].id = (uint32_t)v;
		r->fmts[r->n_fmts].kind = (unsigned char)classify_format(code);
		r->n_fmts++;
	} else if (id == E_XF && parent(x, 1) == E_CELLXFS) {
		const char *fid = attr(atts, "numFmtId", false);
		if (!fid || !parse_uint(fid, UINT32_MAX, &v))
			v = 0;
		if (!jx_array_grow((void **)&r->xf_fmt, &r->cap_xf, r->n_xf, sizeof *r->xf_fmt)) {
			fail(x, JX_ENOMEM, "out of memory");
			return;
		}
		r->xf_fmt[r->n_xf++] = (uint32_t)v;
	}
}

static int numfmt_cmp(const void *a, const void *b)
{
	const numfmt *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Turns each cell format's numFmtId into what it shows. */
static bool styles_finish(reader *r)
{
	if (!r->n_xf)
		return true;
	r->xf_kind = malloc(r->n_xf);
	if (!r->xf_kind)
		return false;
	if (r->n_fmts > 1)
		qsort(r->fmts, r->n_fmts, sizeof *r->fmts, numfmt_cmp);
	for (size_t i = 0; i < r->n_xf; i++) {
		numfmt key = { r->xf_fmt[i], 0 };
		const numfmt *f =
		        r->n_fmts ? bsearch(&key, r->fmts, r->n_fmts, sizeof *r->fmts, numfmt_cmp)
		                  : NULL;
		r->xf_kind[i] = (unsigned char)(f ? f->kind : builtin_kind(key.id));
	}
	return true;
}

/* ---- xl/sharedStrings.xml ---- */

typedef struct sst_state {
	jx_buf s;
} sst_state;

static void sst_start(xml_part *x, enum el id, const char **atts)
{
	(void)atts;
	sst_state *st = x->state;
	if (id == E_SI) {
		jx_buf_reset(&st->s);
	} else if (id == E_T &&
	           (parent(x, 1) == E_SI || (parent(x, 1) == E_R && parent(x, 2) == E_SI))) {
		/* the <t> of a plain string or of a rich text run; the <t> of a
		 * phonetic run (<rPh>) is not part of the text */
		x->text = &st->s;
	}
}

static void sst_end(xml_part *x, enum el id)
{
	reader *r = x->r;
	sst_state *st = x->state;
	if (id == E_T) {
		x->text = NULL;
	} else if (id == E_SI) {
		if (st->s.oom) {
			fail(x, JX_ENOMEM, "out of memory");
			return;
		}
		if (r->n_sst >= r->lim.max_cells) {
			fail(x, JX_ELIMIT, "more than %zu shared strings", r->lim.max_cells);
			return;
		}
		if (!jx_array_grow((void **)&r->sst, &r->cap_sst, r->n_sst, sizeof *r->sst)) {
			fail(x, JX_ENOMEM, "out of memory");
			return;
		}
		const char *s = pool_xstring(r->wb->pool, st->s.s, st->s.len);
		if (!s) {
			fail(x, JX_ENOMEM, "out of memory");
			return;
		}
		r->sst[r->n_sst++] = s;
		r->text_bytes += st->s.len + sizeof *r->sst;
		jx_buf_reset(&st->s);
	}
}

/* ---- xl/worksheets/sheetN.xml ---- */

typedef struct ws_state {
	jx_cellvec cells;
	jx_mergevec merges;
	uint32_t row; /* the current row, 0 before the first */
	uint32_t col; /* the last column used in it */
	/* the cell being read */
	uint32_t crow, ccol;
	char t; /* n s S(tr) i(nlineStr) b e d, ? for an unknown type */
	uint32_t style;
	bool formula, has_v, has_is;
	jx_buf v, is;
} ws_state;

static char cell_type(const char *t)
{
	if (!t || !strcmp(t, "n"))
		return 'n';
	if (!strcmp(t, "s"))
		return 's';
	if (!strcmp(t, "str"))
		return 'S';
	if (!strcmp(t, "inlineStr"))
		return 'i';
	if (!strcmp(t, "b") || !strcmp(t, "e") || !strcmp(t, "d"))
		return t[0];
	return '?';
}

static void ws_start(xml_part *x, enum el id, const char **atts)
{
	ws_state *ws = x->state;
	enum el up = parent(x, 1);
	if (id == E_ROW && up == E_SHEETDATA) {
		const char *rs = attr(atts, "r", false);
		uint64_t v;
		if (rs) {
			if (!parse_uint(rs, JX_MAX_ROW, &v) || v == 0) {
				fail(x, JX_ESYNTAX, "malformed row number \"%s\"", rs);
				return;
			}
			ws->row = (uint32_t)v;
		} else if (ws->row >= JX_MAX_ROW) {
			fail(x, JX_ESYNTAX, "more than %u rows", JX_MAX_ROW);
			return;
		} else {
			ws->row++;
		}
		ws->col = 0;
	} else if (id == E_C && up == E_ROW && parent(x, 2) == E_SHEETDATA) {
		const char *ref = attr(atts, "r", false);
		if (ref) {
			const char *end;
			if (!parse_ref(ref, &end, &ws->crow, &ws->ccol) || *end) {
				fail(x, JX_ESYNTAX, "malformed cell reference \"%s\"", ref);
				return;
			}
		} else {
			if (ws->col >= JX_MAX_COL) {
				fail(x, JX_ESYNTAX, "more than %u columns in row %u", JX_MAX_COL,
				     ws->row);
				return;
			}
			ws->crow = ws->row ? ws->row : 1;
			ws->ccol = ws->col + 1;
		}
		ws->row = ws->crow;
		ws->col = ws->ccol;
		ws->t = cell_type(attr(atts, "t", false));
		const char *s = attr(atts, "s", false);
		uint64_t v = 0;
		ws->style = s && parse_uint(s, UINT32_MAX, &v) ? (uint32_t)v : 0;
		ws->formula = ws->has_v = ws->has_is = false;
		jx_buf_reset(&ws->v);
		jx_buf_reset(&ws->is);
	} else if (up == E_C && parent(x, 2) == E_ROW) {
		if (id == E_F) {
			ws->formula = true;
		} else if (id == E_V) {
			ws->has_v = true;
			jx_buf_reset(&ws->v);
			x->text = &ws->v;
		} else if (id == E_IS) {
			ws->has_is = true;
		}
	} else if (id == E_T && (up == E_IS || (up == E_R && parent(x, 2) == E_IS))) {
		x->text = &ws->is;
	} else if (id == E_MERGECELL && up == E_MERGECELLS) {
		const char *ref = attr(atts, "ref", false);
		jx_merge m;
		const char *end = NULL;
		bool ok = ref && parse_ref(ref, &end, &m.r1, &m.c1);
		if (ok && *end == ':')
			ok = parse_ref(end + 1, &end, &m.r2, &m.c2);
		else if (ok)
			m.r2 = m.r1, m.c2 = m.c1;
		if (!ok || *end) {
			fail(x, JX_ESYNTAX, "malformed merged range \"%s\"", ref ? ref : "");
			return;
		}
		if (m.r1 > m.r2) {
			uint32_t t = m.r1;
			m.r1 = m.r2, m.r2 = t;
		}
		if (m.c1 > m.c2) {
			uint32_t t = m.c1;
			m.c1 = m.c2, m.c2 = t;
		}
		if (ws->merges.n >= x->r->lim.max_cells) {
			fail(x, JX_ELIMIT, "more than %zu merged ranges", x->r->lim.max_cells);
			return;
		}
		if (!jx_mergevec_push(&ws->merges, &m))
			fail(x, JX_ENOMEM, "out of memory");
	}
}

/* The cell just read, or nothing when it holds no value. */
static void ws_cell(xml_part *x, ws_state *ws)
{
	reader *r = x->r;
	jx_pool *pool = r->wb->pool;
	if (ws->v.oom || ws->is.oom) {
		fail(x, JX_ENOMEM, "out of memory");
		return;
	}
	jx_cell c = { ws->crow, ws->ccol, JX_CELL_TEXT, ws->formula, NULL };
	const char *v = ws->v.s;
	int kind = ws->style < r->n_xf ? r->xf_kind[ws->style] : FMT_NUMBER;
	char ref[16], col[8];
	switch (ws->t) {
	case 's': {
		uint64_t i;
		if (!ws->has_v)
			return;
		if (!parse_uint(v, SIZE_MAX, &i) || i >= r->n_sst) {
			jx_col_name(c.col, col);
			snprintf(ref, sizeof ref, "%s%u", col, c.row);
			fail(x, JX_EFORMAT,
			     "cell %s refers to shared string %s; the workbook has %zu", ref, v,
			     r->n_sst);
			return;
		}
		c.text = r->sst[i];
		break;
	}
	case 'i':
		if (!ws->has_is)
			return;
		c.text = pool_xstring(pool, ws->is.s, ws->is.len);
		break;
	case 'S':
	case '?':
		if (!ws->has_v)
			return;
		c.text = pool_xstring(pool, v, ws->v.len);
		break;
	case 'b':
		if (!ws->v.len)
			return;
		c.type = JX_CELL_BOOL;
		c.text = !strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "FALSE") ? "FALSE"
		                                                                       : "TRUE";
		break;
	case 'e':
		if (!ws->v.len)
			return;
		c.type = JX_CELL_ERROR;
		c.text = jx_pool_strndup(pool, v, ws->v.len);
		break;
	case 'd':
		if (!ws->v.len)
			return;
		c.type = JX_CELL_DATE;
		c.text = iso_text(pool, v, kind);
		break;
	default: {
		if (!ws->v.len)
			return;
		double serial;
		char date[32];
		if (kind != FMT_NUMBER && parse_double(v, &serial) &&
		    serial_text(serial, r->date1904, kind, date)) {
			c.type = JX_CELL_DATE;
			c.text = jx_pool_strdup(pool, date);
		} else {
			c.type = JX_CELL_NUMBER;
			c.text = jx_pool_strndup(pool, v, ws->v.len);
		}
		break;
	}
	}
	if (!c.text) {
		fail(x, JX_ENOMEM, "out of memory");
		return;
	}
	if (r->cells >= r->lim.max_cells) {
		fail(x, JX_ELIMIT, "more than %zu cells", r->lim.max_cells);
		return;
	}
	if (!jx_cellvec_push(&ws->cells, &c)) {
		fail(x, JX_ENOMEM, "out of memory");
		return;
	}
	r->cells++;
	r->text_bytes += sizeof c + (c.type == JX_CELL_TEXT && ws->t == 's' ? 0 : strlen(c.text));
	if (r->text_bytes > r->lim.max_text_bytes) {
		char lim_text[32];
		jx_bytes_text(r->lim.max_text_bytes, lim_text);
		fail(x, JX_ELIMIT, "more than %s of cells and text", lim_text);
	}
}

static void ws_end(xml_part *x, enum el id)
{
	ws_state *ws = x->state;
	if (id == E_V || id == E_T) {
		x->text = NULL;
	} else if (id == E_C && parent(x, 1) == E_ROW && parent(x, 2) == E_SHEETDATA) {
		ws_cell(x, ws);
	}
}

/* ---- the archive ---- */

static zip_int64_t locate(reader *r, const char *part)
{
	return zip_name_locate(r->za, part, ZIP_FL_NOCASE);
}

static jx_error read_sheet(reader *r, const sheet_ref *ref, const char *part, zip_int64_t idx,
                           jx_sheet *s)
{
	ws_state ws = { .v = JX_BUF_INIT, .is = JX_BUF_INIT };
	xml_part x = { .start = ws_start, .end = ws_end, .state = &ws };
	jx_error err = parse_part(r, part, idx, &x);
	s->name = ref->name;
	if (!err && !jx_sheet_finish(r->wb, s, &ws.cells, &ws.merges))
		err = JX_ENOMEM;
	jx_cellvec_free(&ws.cells);
	jx_mergevec_free(&ws.merges);
	jx_buf_free(&ws.v);
	jx_buf_free(&ws.is);
	return err;
}

/* Reads the optional part a workbook relationship of this type names
 * (else the usual path); a part named but absent is an error. */
static jx_error read_optional(reader *r, const char *type, const char *usual, xml_part *x)
{
	const rel *l = rel_by_type(r, type);
	const char *part = l ? l->target : usual;
	zip_int64_t idx = locate(r, part);
	if (idx < 0) {
		if (!l)
			return JX_OK;
		diag(r, r->name, "missing part %s", part);
		return JX_EFORMAT;
	}
	return parse_part(r, part, idx, x);
}

static jx_error load(reader *r)
{
	jx_error err;
	zip_int64_t n = zip_get_num_entries(r->za, 0);
	if (n < 0 || (uint64_t)n > r->lim.max_entries) {
		diag(r, r->name, "more than %zu zip entries", r->lim.max_entries);
		return JX_ELIMIT;
	}
	zip_int64_t idx = locate(r, "xl/workbook.xml");
	if (idx < 0) {
		diag(r, r->name, "a zip archive but not an xlsx workbook (no xl/workbook.xml)");
		return JX_EFORMAT;
	}
	xml_part wx = { .start = wb_start };
	if ((err = parse_part(r, "xl/workbook.xml", idx, &wx)))
		return err;

	const char *rels_part = "xl/_rels/workbook.xml.rels";
	idx = locate(r, rels_part);
	if (idx >= 0) {
		xml_part rx = { .start = rels_start };
		if ((err = parse_part(r, rels_part, idx, &rx)))
			return err;
	} else if (r->n_sheets) {
		diag(r, r->name, "missing part %s", rels_part);
		return JX_EFORMAT;
	}

	xml_part sx = { .start = styles_start };
	if ((err = read_optional(r, "/styles", "xl/styles.xml", &sx)))
		return err;
	if (!styles_finish(r))
		return JX_ENOMEM;

	sst_state ss = { JX_BUF_INIT };
	xml_part tx = { .start = sst_start, .end = sst_end, .state = &ss };
	err = read_optional(r, "/sharedStrings", "xl/sharedStrings.xml", &tx);
	jx_buf_free(&ss.s);
	if (err)
		return err;

	jx_workbook *wb = r->wb;
	if (r->n_sheets) {
		wb->sheets = jx_pool_alloc(wb->pool, r->n_sheets * sizeof *wb->sheets);
		if (!wb->sheets)
			return JX_ENOMEM;
	}
	for (size_t i = 0; i < r->n_sheets; i++) {
		const sheet_ref *ref = &r->sheets[i];
		const rel *l = rel_by_id(r, ref->rid);
		if (!l) {
			diag(r, r->name, "sheet \"%s\" refers to relationship %s, which %s lacks",
			     ref->name, ref->rid, rels_part);
			return JX_EFORMAT;
		}
		if (ends_with(l->type, "/chartsheet"))
			continue; /* a chart, no cells */
		idx = locate(r, l->target);
		if (idx < 0) {
			diag(r, r->name, "missing part %s (sheet \"%s\")", l->target, ref->name);
			return JX_EFORMAT;
		}
		if ((err = read_sheet(r, ref, l->target, idx, &wb->sheets[wb->n_sheets])))
			return err;
		wb->n_sheets++;
	}
	return JX_OK;
}

jx_error jx_xlsx_load(const char *name, const void *data, size_t len, const jx_book_limits *lim,
                      jx_workbook **out, jx_diags *d)
{
	reader r = { .name = name ? name : "-", .d = d };
	r.lim = lim ? *lim : jx_book_limits_default();
	jx_error err = JX_OK;
	zip_source_t *src = NULL;
	zip_error_t ze;
	zip_error_init(&ze);
	*out = NULL;

	if (!data || len < 4 || memcmp(data, "PK", 2)) {
		diag(&r, r.name, "not an xlsx workbook (not a zip archive)");
		err = JX_EFORMAT;
		goto done;
	}
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		err = JX_ENOMEM;
		goto done;
	}
	r.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!r.za) {
		zip_source_free(src);
		switch (zip_error_code_zip(&ze)) {
		case ZIP_ER_MEMORY: err = JX_ENOMEM; break;
		case ZIP_ER_NOZIP:
			diag(&r, r.name, "not an xlsx workbook (not a zip archive)");
			err = JX_EFORMAT;
			break;
		default:
			diag(&r, r.name, "not an xlsx workbook (damaged zip archive: %s)",
			     zip_error_strerror(&ze));
			err = JX_EFORMAT;
			break;
		}
		goto done;
	}
	r.wb = jx_workbook_new();
	r.chunk = malloc(CHUNK);
	if (!r.wb || !r.chunk) {
		err = JX_ENOMEM;
		goto done;
	}
	err = load(&r);
done:
	if (err == JX_ENOMEM)
		diag(&r, r.name, "out of memory");
	if (r.za)
		zip_discard(r.za);
	zip_error_fini(&ze);
	free(r.chunk);
	free(r.sheets);
	free(r.rels);
	free(r.fmts);
	free(r.xf_fmt);
	free(r.xf_kind);
	free(r.sst);
	if (err)
		jx_workbook_free(r.wb);
	else
		*out = r.wb;
	return err;
}
