/*
 * jixiao — the self-evaluation report (绩效自评报告) with the form attached,
 * as one document that the PDF, Word and HTML writers lay out.
 *
 * jx_report_build() decides the content once: the title, the narrative
 * sections with the user's paragraphs and the passages jixiao writes from
 * the data (budget execution, total, grade, every indicator below full
 * marks), and the form as a table of cells with their spans — the layout
 * of docs/xlsx.md without its title row.  The writers only lay it out, so
 * the report and the form always say the same numbers, whatever the format.
 *
 * Ownership: a report owns one pool with everything in it; it copies what
 * it needs from the form and the result, which may be freed after building.
 */
#ifndef JIXIAO_REPORT_H
#define JIXIAO_REPORT_H

#include "jixiao/core/buf.h"
#include "jixiao/core/form.h"
#include "jixiao/core/monitor.h"
#include "jixiao/core/programme.h"
#include "jixiao/core/score.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A paragraph of the narrative. */
typedef struct jx_rpara {
	const char *text; /* one paragraph, no newline */
	bool generated;   /* written by jixiao from the data, not by the user */
} jx_rpara;

typedef struct jx_rsection {
	const char *heading; /* "一、项目基本情况", "（一）项目基本情况" */
	int level;           /* 1: 一、…  2: （一）… */
	int topic;           /* JX_REPORT_BACKGROUND … JX_REPORT_PROBLEMS, or -1 */
	jx_rpara *paras;
	size_t n_paras;
} jx_rsection;

typedef enum jx_tcell_role {
	JX_TC_LABEL = 0, /* a printed label: 专项名称, 一级指标 (centred, shaded) */
	JX_TC_TEXT,      /* a value that is text: left, wrapped */
	JX_TC_NUMBER,    /* a number: right-aligned */
	JX_TC_TOTAL      /* the 总分 row: bold */
} jx_tcell_role;

typedef struct jx_tcell {
	int row, col;     /* 0-based top-left */
	int rows, cols;   /* span, at least 1 */
	const char *text; /* may hold \n; "" for an empty cell */
	jx_tcell_role role;
} jx_tcell;

#define JX_TABLE_MAX_COLS 10

/*
 * The form as a table.  Every position of the grid is covered by exactly
 * one cell (empty cells included), and cells are sorted by row, then
 * column.  Rows from head_row to the last indicator row form the indicator
 * table: head_row is the header to repeat on every page, and a table break
 * may fall between any two rows from body_first to body_last; rows outside
 * that range stay together with their neighbours.
 */
typedef struct jx_table {
	const char *caption;              /* （2020）年度项目支出绩效自评表 */
	double widths[JX_TABLE_MAX_COLS]; /* relative column widths, summing to 1 */
	int n_cols;
	int n_rows;
	int head_row;   /* the indicator header */
	int body_first; /* the first indicator row */
	int body_last;  /* the last indicator row */
	jx_tcell *cells;
	size_t n_cells;
} jx_table;

typedef struct jx_report {
	jx_pool *pool;
	const char *title;      /* 2020年度…绩效自评报告 */
	const char *subtitle;   /* —制造强市专项（企业技术创新中心）, or NULL */
	const char *attachment; /* the form's label: 附件, 附件2 */
	bool form_only;         /* no narrative: the form alone */
	jx_rsection *sections;
	size_t n_sections;
	jx_table form;
	const char *department;      /* for document properties */
	const char *generated_label; /* above generated passages; NULL: 据自评表数据生成 */
	int year;
} jx_report;

typedef struct jx_report_opts {
	bool form_only; /* leave the narrative out */
	/* where actuals written from other records come from (an award
	 * programme's): one sentence each, said in 资金绩效情况 */
	const char *const *sources;
	size_t n_sources;
} jx_report_opts;

/* The label above the passages jixiao wrote: r->generated_label or the
 * self-evaluation's. */
const char *jx_report_generated_label(const jx_report *r);

/* Builds the report of a scored form.  JX_OK or JX_ENOMEM. */
jx_error jx_report_build(const jx_form *form, const jx_result *res, const jx_report_opts *o,
                         jx_report **out);
void jx_report_free(jx_report *r);

/*
 * Builds the monitoring report (绩效运行监控报告) of a monitoring round
 * evaluated into res and mr (jx_monitor_evaluate): the project, budget
 * execution against 序时进度, every indicator that deviates (a light that
 * is not green, a likelihood short of 确定能, a cause or a measure given)
 * with its cause and corrective measure, the warnings, and the monitoring
 * table with its lights.  `sources` (n_sources sentences, may be NULL) say
 * where values an award programme's records fill come from; they close
 * 三、绩效目标完成情况.  JX_OK or JX_ENOMEM.
 */
jx_error jx_report_build_monitoring(const jx_monitoring *m, const jx_result *res,
                                    const jx_mon_result *mr, const char *const *sources,
                                    size_t n_sources, jx_report **out);

/*
 * Builds the public notice (公示) of an award programme: the notice's
 * title, what is noticed (on what basis, after which steps, how many
 * enterprises), the period, how to object, the publishing department and
 * date, and the list (序号, 企业名称, 统一社会信用代码, 所属县市区) as its
 * attachment.  JX_OK or JX_ENOMEM.
 */
jx_error jx_report_build_notice(const jx_public_notice *n, jx_report **out);

/* The cell whose top-left is (row, col), or NULL when (row, col) lies
 * inside another cell's span. */
const jx_tcell *jx_table_cell(const jx_table *t, int row, int col);

/* Writes a self-contained HTML page (inline CSS, no external requests). */
void jx_html_render(const jx_report *r, jx_buf *out);

/* Appends the report as PDF (cairo + pango, CJK fonts embedded): the
 * narrative on A4 portrait, the form on A4 landscape. */
jx_error jx_pdf_render(const jx_report *r, jx_buf *out, jx_diags *d);

/* Appends the report as a Word document (.docx) with real styles and
 * tables. */
jx_error jx_docx_render(const jx_report *r, jx_buf *out, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
