/*
 * jixiao — files in and out.
 *
 * Reading takes a whole file (or standard input) into memory, bounded.
 * Writing is atomic: every output goes to a temporary file beside its
 * target, is flushed to the disk, and is renamed over the target, and the
 * folder is flushed too — so a failure at any moment leaves either the old
 * file or the new one, never a mix.  The new file keeps the mode of the
 * file it replaces (else 0666 less the umask), read without touching the
 * process's umask, so several threads may write at once.
 */
#ifndef JIXIAO_UTIL_FILE_H
#define JIXIAO_UTIL_FILE_H

#include <stddef.h>

#include "jixiao/core/buf.h"
#include "jixiao/core/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Reads a whole file into memory (NUL-terminated); "-" reads stdin.
 * Files larger than max_bytes are JX_ELIMIT; a missing file JX_ENOTFOUND.
 * Free *data with free().
 */
jx_error jx_file_read(const char *path, size_t max_bytes, char **data, size_t *len, jx_diags *d);

/* Writes data[0..len) to path atomically. */
jx_error jx_file_write_atomic(const char *path, const void *data, size_t len, jx_diags *d);

/*
 * An atomic file being written, for writers that need a path of their own
 * (libxlsxwriter writes to a file name): open it, let the writer write
 * `tmp` (it may reopen and truncate it), then commit or abort.
 */
typedef struct jx_atomic_file {
	char *path; /* the target */
	char *tmp;  /* the temporary beside it */
	int fd;     /* open on tmp after jx_atomic_open, or -1 */
} jx_atomic_file;

/* Creates the temporary file beside path, with the mode path will have. */
jx_error jx_atomic_open(jx_atomic_file *f, const char *path, jx_diags *d);
/* Flushes the temporary, renames it over the target, flushes the folder;
 * on failure the temporary is removed and the target left as it was.
 * Frees f's strings either way. */
jx_error jx_atomic_commit(jx_atomic_file *f, jx_diags *d);
/* Removes the temporary; the target is untouched.  Safe after commit and
 * on a zeroed f. */
void jx_atomic_abort(jx_atomic_file *f);

/*
 * A private temporary file for writers that can only write to a path:
 * creates it (mode 0600) in $TMPDIR or /tmp, lets write() fill it, reads it
 * into out and removes it.
 */
jx_error jx_file_via_temp(jx_error (*write)(const char *path, void *arg, jx_diags *d), void *arg,
                          jx_buf *out, jx_diags *d);

#ifdef __cplusplus
}
#endif
#endif
