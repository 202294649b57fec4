/* libFuzzer entry point for diagnostics said in Chinese: any text as a
 * message, matched against every format of the catalogue. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao/core/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	jx_buf zh = JX_BUF_INIT;
	if (jx_msg_zh(text, &zh) && zh.len == 0 && size > 0)
		abort(); /* a message said in Chinese says something */
	jx_buf_free(&zh);
	free(text);
	return 0;
}
