/* svg.c: escaping and number formatting for the HTML/SVG and Markdown reports. */
#include "report/svg.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

/* Entity of a byte that needs one in XML text, "" for a byte XML 1.0 cannot hold (most
 * control characters, even as references), or NULL for a byte written as is. */
static const char *xml_entity(unsigned char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return c >= 0x20 || c == '\t' || c == '\n' ? NULL : "";
    }
}

void gmi_xml_text(gm_sink *f, const char *s)
{
    if (!s) return;
    const char *run = s; /* start of the bytes written as they are */
    for (const char *p = s; *p; p++) {
        const char *ent = xml_entity((unsigned char)*p);
        if (!ent) continue;
        gm_sink_write(f, run, (size_t)(p - run));
        gm_sink_puts(f, ent);
        run = p + 1;
    }
    gm_sink_puts(f, run);
}

void gmi_md_text(gm_sink *f, const char *s)
{
    if (!s) return;
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        bool nl = c == '\n' || c == '\r', md = c && strchr("\\`*_[]#|~", c);
        /* Quotes matter only inside raw HTML, which cannot start once < is escaped. */
        const char *ent = nl || md || c == '"' || c == '\'' ? NULL : xml_entity(c);
        if (!nl && !md && !ent) continue;
        gm_sink_write(f, run, (size_t)(p - run));
        if (nl) {
            gm_sink_putc(f, ' ');
        } else if (md) {
            gm_sink_putc(f, '\\');
            gm_sink_putc(f, *p);
        } else {
            gm_sink_puts(f, ent);
        }
        run = p + 1;
    }
    gm_sink_puts(f, run);
}

void gmi_md_code(gm_sink *f, const char *s)
{
    if (!s) s = "";
    size_t run = 0, longest = 0;
    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > longest) longest = run;
    }
    bool pad = s[0] == '`' || (s[0] && s[strlen(s) - 1] == '`') || s[0] == ' ';
    for (size_t i = 0; i <= longest; i++) gm_sink_putc(f, '`');
    if (pad) gm_sink_putc(f, ' ');
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\n' || c == '\r') gm_sink_putc(f, ' ');
        else if (c >= 0x20 || c == '\t') gm_sink_putc(f, *p);
    }
    if (pad) gm_sink_putc(f, ' ');
    for (size_t i = 0; i <= longest; i++) gm_sink_putc(f, '`');
}

const char *gmi_num(double v, int dec, char *buf, size_t cap)
{
    if (!isfinite(v)) {
        snprintf(buf, cap, "NaN");
        return buf;
    }
    snprintf(buf, cap, "%.*f", dec, v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf) - 1;
        while (e > dot && *e == '0') *e-- = '\0';
        if (e == dot) *e = '\0';
    }
    if (strcmp(buf, "-0") == 0) snprintf(buf, cap, "0");
    return buf;
}

const char *gmi_pct(double v, int dec, char *buf, size_t cap)
{
    if (!isfinite(v)) {
        snprintf(buf, cap, "n/a");
        return buf;
    }
    snprintf(buf, cap, "%.*f%%", dec, v * 100.0);
    /* "-0.0%" reads as a sign where there is none. */
    if (buf[0] == '-') {
        bool zero = true;
        for (const char *p = buf + 1; *p && *p != '%'; p++)
            if (*p != '0' && *p != '.') zero = false;
        if (zero) memmove(buf, buf + 1, strlen(buf));
    }
    return buf;
}

const char *gmi_num_sep(double v, int dec, char *buf, size_t cap)
{
    char raw[64];
    gmi_num(v, dec, raw, sizeof raw);
    if (!isfinite(v)) return snprintf(buf, cap, "%s", raw), buf;
    return gm_fmt_thousands(raw, buf, cap);
}

const char *gmi_int(double v, char *buf, size_t cap)
{
    return gm_fmt_int(v, "n/a", buf, cap);
}

void gmi_svg_begin(gm_sink *f, double w, double h, const char *cls, const char *title)
{
    char bw[32], bh[32];
    gm_sink_printf(
        f,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %s %s\" class=\"%s\" role=\"img\">",
        gmi_num(w, 1, bw, sizeof bw), gmi_num(h, 1, bh, sizeof bh), cls);
    gm_sink_puts(f, "<title>");
    gmi_xml_text(f, title);
    gm_sink_puts(f, "</title>\n");
}

void gmi_svg_end(gm_sink *f)
{
    gm_sink_puts(f, "</svg>\n");
}

void gmi_svg_text(gm_sink *f, double x, double y, const char *anchor, const char *cls,
                  const char *text)
{
    char bx[32], by[32];
    gm_sink_printf(f, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\"", gmi_num(x, 1, bx, sizeof bx),
                   gmi_num(y, 1, by, sizeof by), anchor);
    if (cls) gm_sink_printf(f, " class=\"%s\"", cls);
    gm_sink_putc(f, '>');
    gmi_xml_text(f, text);
    gm_sink_puts(f, "</text>");
}

void gmi_svg_line(gm_sink *f, double x1, double y1, double x2, double y2, const char *cls)
{
    char a[32], b[32], c[32], d[32];
    gm_sink_printf(f, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" class=\"%s\"/>",
                   gmi_num(x1, 1, a, sizeof a), gmi_num(y1, 1, b, sizeof b),
                   gmi_num(x2, 1, c, sizeof c), gmi_num(y2, 1, d, sizeof d), cls);
}
