/* jixiao — award programmes: read, verified, stored, derived. */
#include <stdlib.h>
#include <string.h>

#include "jixiao/read/programme.h"
#include "jixiao/service/programme.h"
#include "jixiao/util/file.h"

#define CAL_MAX_BYTES ((size_t)1 << 20)
#define PROGRAMME_MAX_BYTES ((size_t)64 << 20)

jx_error jx_programme_open(const char *name, const char *data, size_t len, const char *dir,
                           const char *cal_data, size_t cal_len, jx_programme **out,
                           jx_calendar **cal, jx_diags *d)
{
	jx_programme *p = NULL;
	const char *cal_name = NULL;
	jx_calendar *c = jx_calendar_new();
	if (!c)
		return JX_ENOMEM;
	jx_error err = jx_read_programme(name, data, len, &p, &cal_name, d);
	if (err == JX_OK && cal_name) {
		char *path = NULL, *text = NULL;
		size_t n = 0;
		if (cal_data) {
			err = jx_calendar_parse(c, cal_name, cal_data, cal_len, d);
		} else {
			size_t dl = dir ? strlen(dir) : 0;
			path = malloc(dl + strlen(cal_name) + 2);
			if (!path) {
				err = JX_ENOMEM;
			} else {
				size_t at = 0;
				if (dl && cal_name[0] != '/') {
					memcpy(path, dir, dl);
					path[dl] = '/';
					at = dl + 1;
				}
				memcpy(path + at, cal_name, strlen(cal_name) + 1);
				err = jx_file_read(path, CAL_MAX_BYTES, &text, &n, d);
				if (err == JX_OK)
					err = jx_calendar_parse(c, path, text, n, d);
			}
		}
		free(text);
		free(path);
	}
	if (err == JX_OK)
		err = jx_programme_verify(p, c, name, d);
	if (err != JX_OK) {
		jx_programme_free(p);
		jx_calendar_free(c);
		return err;
	}
	*out = p;
	*cal = c;
	return JX_OK;
}

jx_error jx_programme_open_file(const char *path, jx_programme **out, jx_calendar **cal,
                                jx_diags *d)
{
	char *data = NULL;
	size_t len = 0;
	jx_error err = jx_file_read(path, PROGRAMME_MAX_BYTES, &data, &len, d);
	if (err != JX_OK)
		return err;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	char *dir = NULL;
	const char *slash = strrchr(path, '/');
	if (slash && (dir = malloc((size_t)(slash - path) + 1)) != NULL) {
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
	}
	err = slash && !dir ? JX_ENOMEM
	                    : jx_programme_open(name, data, len, dir ? dir : ".", NULL, 0, out, cal, d);
	free(dir);
	free(data);
	return err;
}

jx_error jx_programme_evaluate(const jx_programme *p, jx_form *form, const jx_rules *rules,
                               jx_result *res, jx_derived *dv, size_t *n, jx_diags *d)
{
	jx_diags notes = JX_DIAGS_INIT;
	jx_error err = jx_programme_derive(p, form, dv, JX_MAX_BINDINGS, n, &notes);
	for (size_t i = 0; i < notes.n; i++)
		notes.v[i].severity = JX_SEV_WARNING;
	jx_diags_move(d, &notes, NULL, NULL);
	if (err == JX_OK)
		err = jx_evaluate(form, rules, res);
	if (err == JX_OK && !jx_programme_check(form, dv, *n, res))
		err = JX_ENOMEM;
	return err;
}
