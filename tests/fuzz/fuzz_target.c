/* libFuzzer entry point for target expressions: free text, and the three
 * separate fields (operator, value, unit) split at tabs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	jx_target t;
	jx_target_parse(text, size, &t);
	if (t.kind == JX_TK_QUANT && (t.span_start > size || t.span_len > size - t.span_start))
		abort(); /* the span must lie inside the text */
	jx_buf b = JX_BUF_INIT;
	jx_target_describe(&t, &b);
	jx_buf_free(&b);
	jx_target other;
	jx_target_parse("100万元", strlen("100万元"), &other);
	jx_num out;
	jx_target_convert(&t, &other, t.value, &out);

	char *tab1 = memchr(text, '\t', size);
	char *tab2 = tab1 ? memchr(tab1 + 1, '\t', size - (size_t)(tab1 + 1 - text)) : NULL;
	if (tab1 && tab2) {
		*tab1 = *tab2 = '\0';
		jx_target_from_parts(text, tab1 + 1, tab2 + 1, "parts", &t);
	}
	free(text);
	return 0;
}
