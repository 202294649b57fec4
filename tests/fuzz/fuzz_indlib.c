/* libFuzzer entry point for the indicator library's text and the pinyin
 * search: the input read as a library, every entry checked and searched
 * with a query taken from the input's first line; the input's text matched
 * against that query as a pinyin abbreviation and abbreviated. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/indlib.h"
#include "jixiao/core/pinyin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	const char *nl = memchr(text, '\n', size);
	size_t qn = nl ? (size_t)(nl - text) : size;
	char *query = malloc(qn + 1);
	if (!query) {
		free(text);
		return 0;
	}
	memcpy(query, text, qn);
	query[qn] = '\0';

	jx_diags d = JX_DIAGS_INIT;
	d.max = 20;
	jx_indlib *lib = NULL;
	if (jx_indlib_parse("fuzz", text, size, &lib, &d) == JX_OK) {
		for (size_t i = 0; i < lib->n; i++) {
			jx_indlib_check(&lib->v[i], "fuzz", &d);
			jx_indlib_match(&lib->v[i], query);
			jx_indlib_match(&lib->v[i], "jlqy");
		}
		jx_indlib_free(lib);
	}
	jx_diags_clear(&d);

	jx_pinyin_match(text, size, query);
	jx_buf b = JX_BUF_INIT;
	jx_pinyin_abbrev(text, size, &b);
	if (b.len > size)
		abort(); /* at most one letter for each byte of text */
	jx_buf_free(&b);
	free(query);
	free(text);
	return 0;
}
