/* jixiao — reading forms from any input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jixiao/read/input.h"

jx_input_kind jx_input_detect(const void *data, size_t len)
{
	if (jx_is_zip(data, len))
		return JX_INPUT_XLSX;
	if (jx_is_ole2(data, len))
		return JX_INPUT_XLS;
	return JX_INPUT_TEXT;
}

/* Writes data to a temporary file for readers that need a path. */
static jx_error stage(const char *name, const char *data, size_t len, char *path, size_t size,
                      jx_diags *d)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, size, "%s/jixiao-xls-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		jx_diags_add(d, name, "cannot stage the workbook in a temporary file: %s",
		             strerror(errno));
		return JX_EIO;
	}
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w <= 0) {
			jx_diags_add(d, name, "cannot stage the workbook: %s", strerror(errno));
			close(fd);
			unlink(path);
			return JX_EIO;
		}
		done += (size_t)w;
	}
	close(fd);
	return JX_OK;
}

jx_error jx_read_input(const char *name, const char *path, const char *data, size_t len,
                       jx_format fmt, jx_form_sink sink, void *ctx, jx_diags *d, jx_read_stats *st)
{
	jx_input_kind kind = jx_input_detect(data, len);
	if (kind == JX_INPUT_TEXT)
		return jx_read_forms(name, data, len, fmt, sink, ctx, d, st);

	jx_workbook *wb = NULL;
	jx_error err;
	jx_book_limits lim = jx_book_limits_for(len);
	if (kind == JX_INPUT_XLSX) {
		err = jx_xlsx_load(name, data, len, &lim, &wb, d);
	} else if (path) {
		err = jx_xls_load(path, &lim, &wb, d);
	} else {
		char tmp[4096];
		jx_diags mine = JX_DIAGS_INIT;
		err = stage(name, data, len, tmp, sizeof tmp, d);
		if (err == JX_OK) {
			err = jx_xls_load(tmp, &lim, &wb, &mine);
			unlink(tmp);
			/* the staging file is ours: messages name the input */
			jx_diags_move(d, &mine, tmp, name);
		}
	}
	if (err != JX_OK) {
		if (st)
			*st = (jx_read_stats){ 0, 0 };
		return err;
	}
	err = jx_workbook_read_forms(name, wb, sink, ctx, d, st);
	jx_workbook_free(wb);
	return err;
}
