/*
 * jixiao — diagnostics said in Chinese.  A diagnostic's message is made in
 * English (lower case, no trailing period) by the reader that found the
 * problem; the people who read it read Chinese.  A catalogue pairs each
 * English format the readers use with its Chinese, the conversions in the
 * same order; jx_msg_zh() finds the format a finished message was made
 * from, takes its arguments back and makes the Chinese, saying in Chinese
 * the arguments that are themselves catalogued (a message within a message,
 * "a number", "indicator").  Links only libc.
 */
#ifndef JIXIAO_CORE_MSG_H
#define JIXIAO_CORE_MSG_H

#include <stdbool.h>
#include <stddef.h>

#include "jixiao/core/buf.h"

/* Appends the Chinese of `message` to out: true, or false with out
 * untouched when no catalogued format makes the message. */
bool jx_msg_zh(const char *message, jx_buf *out);

/* The catalogue, for its tests: entry i's English format and Chinese, or
 * false past the end. */
bool jx_msg_entry(size_t i, const char **en, const char **zh);

#endif
