/* jixiao — the workbook of a 复核 sample to fill in (reviewxlsx.h). */
#include <xlsxwriter.h>

#include "jixiao/write/reviewxlsx.h"
#include "xlsx_int.h"

typedef struct args {
	const char *title;
	const jx_review_sheet_row *rows;
	size_t n;
} args;

static jx_error build(lxw_workbook *wb, const void *arg)
{
	static const char *const head[] = { "编号",     "项目名称", "部门",     "实施单位",
		                            "自评得分", "自评等级", "复核得分", "复核意见" };
	static const double widths[] = { 8, 40, 24, 20, 10, 10, 10, 40 };
	const args *a = arg;
	lxw_worksheet *ws = workbook_add_worksheet(wb, "复核");
	const jx_xlsx_look k = jx_xlsx_look_add(wb);
	/* what the reviewer fills in: unlocked, tinted */
	lxw_format *fill = workbook_add_format(wb);
	format_set_border(fill, LXW_BORDER_THIN);
	format_set_bg_color(fill, 0xFFF2CC);
	format_set_unlocked(fill);
	lxw_format *fill_score = workbook_add_format(wb);
	format_set_border(fill_score, LXW_BORDER_THIN);
	format_set_bg_color(fill_score, 0xFFF2CC);
	format_set_num_format(fill_score, "0.00");
	format_set_unlocked(fill_score);

	worksheet_merge_range(ws, 0, 0, 0, 7, a->title, k.title);
	for (lxw_col_t c = 0; c < 8; c++) {
		worksheet_write_string(ws, 1, c, head[c], k.head);
		worksheet_set_column(ws, c, c, widths[c], NULL);
	}
	for (size_t i = 0; i < a->n; i++) {
		const jx_review_sheet_row *r = &a->rows[i];
		lxw_row_t y = (lxw_row_t)(i + 2);
		worksheet_write_number(ws, y, 0, (double)r->id, k.cell);
		worksheet_write_string(ws, y, 1, r->project ? r->project : "", k.cell);
		worksheet_write_string(ws, y, 2, r->department ? r->department : "", k.cell);
		worksheet_write_string(ws, y, 3, r->unit ? r->unit : "", k.cell);
		worksheet_write_number(ws, y, 4, (double)r->total / 100, k.score);
		worksheet_write_string(ws, y, 5, r->grade ? r->grade : "", k.cell);
		worksheet_write_blank(ws, y, 6, fill_score);
		worksheet_write_blank(ws, y, 7, fill);
	}
	if (a->n) { /* a score is points from 0 to 100, with at most two decimals */
		lxw_data_validation v = {
			.validate = LXW_VALIDATION_TYPE_DECIMAL,
			.criteria = LXW_VALIDATION_CRITERIA_BETWEEN,
			.minimum_number = 0,
			.maximum_number = 100,
			.error_title = "复核得分",
			.error_message = "复核得分为0至100分，最多两位小数",
		};
		worksheet_data_validation_range(ws, 2, 6, (lxw_row_t)(a->n + 1), 6, &v);
	}
	worksheet_freeze_panes(ws, 2, 0);
	return JX_OK;
}

jx_error jx_review_sheet_xlsx(const char *title, const jx_review_sheet_row *rows, size_t n,
                              jx_buf *out, jx_diags *d)
{
	args a = { title, rows, n };
	return jx_xlsx_build(build, &a, "the review workbook", out, d);
}
