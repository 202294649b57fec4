/* jixiao — reading whole files, and writing them atomically. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jixiao/core/buf.h"
#include "jixiao/util/file.h"

jx_error jx_file_read(const char *path, size_t max_bytes, char **data, size_t *len, jx_diags *d)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *fp = is_stdin ? stdin : fopen(path, "rb");
	if (!fp) {
		jx_diags_add(d, path, "cannot open: %s", strerror(errno));
		return errno == ENOENT ? JX_ENOTFOUND : JX_EIO;
	}
	struct stat sb;
	if (!is_stdin && fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		jx_diags_add(d, path, "is a directory");
		fclose(fp);
		return JX_EIO;
	}
	size_t cap = 64 * 1024, n = 0;
	if (!is_stdin && fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0)
		cap = (size_t)sb.st_size + 1;
	if (cap > max_bytes + 1)
		cap = max_bytes + 1;
	char *buf = malloc(cap);
	jx_error err = JX_OK;
	if (!buf) {
		err = JX_ENOMEM;
		goto done;
	}
	for (;;) {
		if (n + 1 >= cap) {
			/* full: at the limit only if there is more to read */
			int more = cap > max_bytes ? fgetc(fp) : 0;
			if (more == EOF && !ferror(fp))
				break;
			if (cap > max_bytes) {
				jx_diags_add(d, path, "file larger than %zu bytes", max_bytes);
				err = JX_ELIMIT;
				goto done;
			}
			size_t ncap = cap * 2 > max_bytes + 1 ? max_bytes + 1 : cap * 2;
			char *nb = realloc(buf, ncap);
			if (!nb) {
				err = JX_ENOMEM;
				goto done;
			}
			buf = nb;
			cap = ncap;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
		if (got == 0) {
			if (ferror(fp)) {
				jx_diags_add(d, path, "read error: %s", strerror(errno));
				err = JX_EIO;
				goto done;
			}
			break;
		}
	}
	if (n > max_bytes) {
		jx_diags_add(d, path, "file larger than %zu bytes", max_bytes);
		err = JX_ELIMIT;
		goto done;
	}
	buf[n] = '\0';
done:
	if (!is_stdin)
		fclose(fp);
	if (err != JX_OK) {
		free(buf);
		return err;
	}
	*data = buf;
	*len = n;
	return JX_OK;
}

/* ---- atomic writes ---- */

/* The mode a new file gets: the old file's, else 0666 less the umask,
 * read without changing it (umask() would race with other threads). */
static mode_t file_mode(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	mode_t mask = 022;
	FILE *f = fopen("/proc/self/status", "r");
	if (f) {
		char line[128];
		while (fgets(line, sizeof line, f)) {
			if (!strncmp(line, "Umask:", 6)) {
				mask = (mode_t)strtoul(line + 6, NULL, 8);
				break;
			}
		}
		fclose(f);
	}
	return 0666 & ~mask;
}

/* Flushes the folder holding path, so that the rename is on the disk. */
static void sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	if (!dir)
		return;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd); /* best effort: the rename is done either way */
		close(fd);
	}
	free(dir);
}

jx_error jx_atomic_open(jx_atomic_file *f, const char *path, jx_diags *d)
{
	static const char suffix[] = ".tmp.XXXXXX";
	size_t n = strlen(path);
	f->fd = -1;
	f->path = strdup(path);
	f->tmp = malloc(n + sizeof suffix);
	if (!f->path || !f->tmp) {
		jx_atomic_abort(f);
		return JX_ENOMEM;
	}
	memcpy(f->tmp, path, n);
	memcpy(f->tmp + n, suffix, sizeof suffix);
	f->fd = mkstemp(f->tmp);
	if (f->fd < 0) {
		jx_diags_add(d, path, "cannot create a temporary file beside it: %s",
		             strerror(errno));
		free(f->tmp);
		f->tmp = NULL;
		jx_atomic_abort(f);
		return JX_EIO;
	}
	if (fchmod(f->fd, file_mode(path)) != 0) {
		/* keeps mkstemp's 0600: still a valid file */
	}
	return JX_OK;
}

jx_error jx_atomic_commit(jx_atomic_file *f, jx_diags *d)
{
	int saved = 0;
	if (f->fd < 0)
		f->fd = open(f->tmp, O_RDONLY | O_CLOEXEC); /* a writer reopened it itself */
	if (f->fd < 0 || fsync(f->fd) != 0)
		saved = errno ? errno : EIO;
	if (f->fd >= 0 && close(f->fd) != 0 && !saved)
		saved = errno;
	f->fd = -1;
	if (!saved && rename(f->tmp, f->path) != 0)
		saved = errno;
	if (saved) {
		jx_diags_add(d, f->path, "cannot write: %s", strerror(saved));
		jx_atomic_abort(f);
		return JX_EIO;
	}
	sync_dir(f->path);
	free(f->tmp);
	free(f->path);
	f->tmp = f->path = NULL;
	return JX_OK;
}

void jx_atomic_abort(jx_atomic_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->tmp)
		unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	f->fd = -1;
	f->tmp = f->path = NULL;
}

jx_error jx_file_write_atomic(const char *path, const void *data, size_t len, jx_diags *d)
{
	jx_atomic_file f;
	jx_error e = jx_atomic_open(&f, path, d);
	if (e != JX_OK)
		return e;
	const char *p = data;
	for (size_t done = 0; done < len;) {
		ssize_t w = write(f.fd, p + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			jx_diags_add(d, path, "cannot write: %s", strerror(w < 0 ? errno : EIO));
			jx_atomic_abort(&f);
			return JX_EIO;
		}
		done += (size_t)w;
	}
	return jx_atomic_commit(&f, d);
}

jx_error jx_file_via_temp(jx_error (*write_to)(const char *path, void *arg, jx_diags *d), void *arg,
                          jx_buf *out, jx_diags *d)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/jixiao-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		jx_diags_add(d, NULL, "cannot create a temporary file: %s", strerror(errno));
		return JX_EIO;
	}
	close(fd);
	jx_diags mine = JX_DIAGS_INIT;
	jx_error e = write_to(path, arg, &mine);
	jx_diags_move(d, &mine, path, NULL); /* the temporary's name is nobody's business */
	if (e == JX_OK) {
		char *data;
		size_t len;
		e = jx_file_read(path, SIZE_MAX / 2, &data, &len, d);
		if (e == JX_OK) {
			jx_buf_add(out, data, len);
			free(data);
			if (out->oom)
				e = JX_ENOMEM;
		}
	}
	unlink(path);
	return e;
}
