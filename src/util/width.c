/* jixiao — display width of text, from utf8proc's character widths. */
#include <string.h>

#include <utf8proc.h>

#include "jixiao/util/width.h"

int jx_width_cp(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F || cp > 0x10FFFF)
		return 0;
	int w = utf8proc_charwidth((utf8proc_int32_t)cp);
	return w < 0 ? 0 : w;
}

size_t jx_width(const char *s, size_t n)
{
	size_t w = 0, i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			i++;
			w++;
			continue;
		}
		w += (size_t)jx_width_cp((uint32_t)cp);
		i += (size_t)k;
	}
	return w;
}

void jx_width_pad(jx_buf *out, const char *s, size_t width, bool right)
{
	size_t w = jx_width(s, strlen(s));
	size_t pad = w < width ? width - w : 0;
	if (right)
		jx_buf_pad(out, ' ', pad);
	jx_buf_adds(out, s);
	if (!right)
		jx_buf_pad(out, ' ', pad);
}
