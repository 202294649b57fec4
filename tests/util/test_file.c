/*
 * Files: whole reads with their limits, and the one atomic writer — the
 * mode of a replaced file kept, nothing left behind, the old file intact
 * when writing fails, the umask untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "jixiao/util/file.h"

static char dir[200];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%.150s/jx-file-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'; rm -rf '%s'", dir, dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *in_dir(const char *name)
{
	static char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

static int entries(void)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_write_and_read(void **state)
{
	(void)state;
	jx_diags d = JX_DIAGS_INIT;
	const char *p = in_dir("a.txt");
	assert_int_equal(jx_file_write_atomic(p, "绩效", strlen("绩效"), &d), JX_OK);
	char *data;
	size_t len;
	assert_int_equal(jx_file_read(p, 100, &data, &len, &d), JX_OK);
	assert_int_equal(len, strlen("绩效"));
	assert_string_equal(data, "绩效");
	free(data);
	/* a new file gets 0666 less the umask, and the umask stays */
	mode_t old = umask(027);
	assert_int_equal(jx_file_write_atomic(in_dir("b.txt"), "x", 1, &d), JX_OK);
	assert_int_equal(umask(old), 027);
	struct stat st;
	assert_int_equal(stat(in_dir("b.txt"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(entries(), 2); /* no temporary left */
	assert_int_equal(d.n, 0);
	unlink(in_dir("a.txt"));
	unlink(in_dir("b.txt"));
}

static void test_keeps_mode(void **state)
{
	(void)state;
	jx_diags d = JX_DIAGS_INIT;
	const char *p = in_dir("report.pdf");
	assert_int_equal(jx_file_write_atomic(p, "old", 3, &d), JX_OK);
	assert_int_equal(chmod(p, 0604), 0);
	assert_int_equal(jx_file_write_atomic(p, "new!", 4, &d), JX_OK);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0604);
	assert_int_equal(st.st_size, 4);
	unlink(p);
}

static void test_failure_keeps_old(void **state)
{
	(void)state;
	jx_diags d = JX_DIAGS_INIT;
	const char *p = in_dir("form.xlsx");
	assert_int_equal(jx_file_write_atomic(p, "good", 4, &d), JX_OK);
	/* the disk fills up half-way (a file size limit works for root too) */
	struct rlimit old, small = { 6, 6 };
	getrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_IGN);
	small.rlim_max = old.rlim_max;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	jx_error e = jx_file_write_atomic(p, "a longer, newer form", 20, &d);
	setrlimit(RLIMIT_FSIZE, &old);
	assert_int_equal(e, JX_EIO);
	assert_true(d.n >= 1);
	assert_non_null(strstr(d.v[0].where, "form.xlsx"));
	char *data;
	size_t len;
	assert_int_equal(jx_file_read(p, 100, &data, &len, NULL), JX_OK);
	assert_string_equal(data, "good");
	free(data);
	assert_int_equal(entries(), 1);
	jx_diags_clear(&d);
	unlink(p);
}

static void test_no_folder(void **state)
{
	(void)state;
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_file_write_atomic("/nonexistent-dir/x", "a", 1, &d), JX_EIO);
	assert_string_equal(d.v[0].file, "/nonexistent-dir/x");
	jx_diags_clear(&d);
}

static void test_read_limits(void **state)
{
	(void)state;
	jx_diags d = JX_DIAGS_INIT;
	const char *p = in_dir("big");
	assert_int_equal(jx_file_write_atomic(p, "0123456789", 10, &d), JX_OK);
	char *data;
	size_t len;
	assert_int_equal(jx_file_read(p, 9, &data, &len, &d), JX_ELIMIT);
	assert_int_equal(jx_file_read(p, 10, &data, &len, &d), JX_OK);
	free(data);
	assert_int_equal(jx_file_read(in_dir("missing"), 10, &data, &len, &d), JX_ENOTFOUND);
	assert_int_equal(jx_file_read(dir, 10, &data, &len, &d), JX_EIO); /* a folder */
	assert_int_equal(d.n, 3);
	assert_non_null(strstr(d.v[0].message, "larger than 9 bytes"));
	jx_diags_clear(&d);
	unlink(p);
}

static jx_error write_fixed(const char *path, void *arg, jx_diags *d)
{
	(void)arg;
	jx_diags_at(d, path, (jx_loc){ "Sheet1", 3, 2 }, "no room in the cell");
	return jx_file_write_atomic(path, "xlsx", 4, d);
}

static void test_via_temp(void **state)
{
	(void)state;
	jx_buf out = JX_BUF_INIT;
	jx_diags d = JX_DIAGS_INIT;
	assert_int_equal(jx_file_via_temp(write_fixed, NULL, &out, &d), JX_OK);
	assert_string_equal(out.s, "xlsx");
	/* the private temporary's name is in no message */
	assert_int_equal(d.n, 1);
	assert_null(d.v[0].file);
	assert_string_equal(d.v[0].where, "Sheet1!B3");
	jx_diags_clear(&d);
	jx_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_and_read),    cmocka_unit_test(test_keeps_mode),
		cmocka_unit_test(test_failure_keeps_old), cmocka_unit_test(test_no_folder),
		cmocka_unit_test(test_read_limits),       cmocka_unit_test(test_via_temp),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
