/*
 * jixiao — the CJK faces' CFF tables, subset once per process (private to
 * the PDF writer).
 *
 * To embed a subset of an OpenType CFF face, cairo 1.16 asks FreeType for
 * the face's whole 'CFF ' table, twice a face a document: 16–24 MB for each
 * Noto CJK face, copied into fresh memory and parsed, some 20 ms a
 * document for three faces.  While a thread renders a PDF, this module
 * answers those requests instead (it defines FT_Load_Sfnt_Table, which the
 * executable exports, so cairo's call comes here first) with a 'CFF '
 * table cut by HarfBuzz's hb-subset to the characters every document of the
 * process has used so far — glyph ids kept, so every other table of the
 * face still fits it — a few hundred kilobytes instead of twenty megabytes.
 * The cut is redone, under a lock, only when a document brings characters
 * the last cut lacks.  Any other table, any small one, any other thread,
 * and any failure go to FreeType as before.
 *
 * The embedded subsets are the same glyphs: cairo still chooses them and
 * writes its own subset of what it is given.
 */
#ifndef JX_PDF_FONTS_H
#define JX_PDF_FONTS_H

#include <stdbool.h>

/* Starts collecting, for the calling thread, the characters of a document
 * about to be rendered; returns false when out of memory (then nothing is
 * collected and cairo reads the whole tables). */
bool jx_pdf_fonts_begin(void);

/* Adds the characters of UTF-8 text (valid) to the document's. */
void jx_pdf_fonts_text(const char *s);

/* Ends the document: its characters are forgotten by the thread (those
 * already cut into a table stay there). */
void jx_pdf_fonts_end(void);

#endif
