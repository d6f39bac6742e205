/* svg.h: writing SVG and HTML text safely.
 *
 * Everything that came from an input file (district labels, field names, paths, the
 * user's title) passes through gmi_xml_text() before it reaches the page, so markup in
 * a name shows as text. Numbers are written with a fixed number of decimals and no
 * trailing zeros, which keeps path data short. Engine-internal. */
#ifndef GM_REPORT_SVG_H
#define GM_REPORT_SVG_H

#include "gerrymeter/gm_sink.h"

/* Write s with & < > " ' replaced by entities; safe in element text and in quoted
 * attribute values. Bytes below 0x20 other than tab and newline are dropped (XML 1.0
 * cannot hold them). NULL writes nothing. */
void gmi_xml_text(gm_sink *f, const char *s);

/* Write s for Markdown: the XML escapes above plus a backslash before the characters
 * Markdown gives a meaning (\ ` * _ [ ] # | ~), and newlines as spaces, so a name can
 * neither start a table cell, a link nor raw HTML. */
void gmi_md_text(gm_sink *f, const char *s);

/* Format v with at most `dec` decimals, trailing zeros and "-0" removed, into buf.
 * Returns buf. NaN and infinities give "NaN" (never used inside path data). */
const char *gmi_num(double v, int dec, char *buf, size_t cap);

/* Percent with `dec` decimals: 0.1234 -> "12.3%" (dec 1). NaN gives "n/a". */
const char *gmi_pct(double v, int dec, char *buf, size_t cap);

/* Integer with thousands separators: 1316470 -> "1,316,470". NaN gives "n/a". */
const char *gmi_int(double v, char *buf, size_t cap);

/* Open an <svg> element of the given size (viewBox 0 0 w h, width 100%), with an
 * accessible title (escaped) and a class for CSS. Close with gmi_svg_end(). */
void gmi_svg_begin(gm_sink *f, double w, double h, const char *cls, const char *title);
void gmi_svg_end(gm_sink *f);

/* A <text> element at (x, y), anchor "start" | "middle" | "end", escaped content. */
void gmi_svg_text(gm_sink *f, double x, double y, const char *anchor, const char *cls,
                  const char *text);

/* A line from (x1, y1) to (x2, y2) with a CSS class. */
void gmi_svg_line(gm_sink *f, double x1, double y1, double x2, double y2, const char *cls);

#endif
