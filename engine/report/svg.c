/* svg.c: escaping and number formatting for the HTML/SVG and Markdown reports. */
#include "report/svg.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

void gmi_xml_text(FILE *f, const char *s)
{
    if (!s) return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            /* XML 1.0 forbids most control characters even as references. */
            if (*p >= 0x20 || *p == '\t' || *p == '\n') fputc(*p, f);
        }
    }
}

void gmi_md_text(FILE *f, const char *s)
{
    if (!s) return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\n' || *p == '\r') {
            fputc(' ', f);
        } else if (strchr("\\`*_[]#|~", *p)) {
            fputc('\\', f);
            fputc(*p, f);
        } else {
            char one[2] = {(char)*p, 0};
            gmi_xml_text(f, one);
        }
    }
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

const char *gmi_int(double v, char *buf, size_t cap)
{
    if (!isfinite(v)) {
        snprintf(buf, cap, "n/a");
        return buf;
    }
    char raw[64];
    snprintf(raw, sizeof raw, "%.0f", fabs(v));
    if (strcmp(raw, "0") == 0) v = 0; /* no "-0" */
    size_t n = strlen(raw), o = 0;
    char out[96];
    if (v < 0) out[o++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) out[o++] = ',';
        out[o++] = raw[i];
    }
    out[o] = '\0';
    snprintf(buf, cap, "%s", out);
    return buf;
}

void gmi_svg_begin(FILE *f, double w, double h, const char *cls, const char *title)
{
    char bw[32], bh[32];
    fprintf(
        f,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %s %s\" class=\"%s\" role=\"img\">",
        gmi_num(w, 1, bw, sizeof bw), gmi_num(h, 1, bh, sizeof bh), cls);
    fputs("<title>", f);
    gmi_xml_text(f, title);
    fputs("</title>\n", f);
}

void gmi_svg_end(FILE *f)
{
    fputs("</svg>\n", f);
}

void gmi_svg_text(FILE *f, double x, double y, const char *anchor, const char *cls,
                  const char *text)
{
    char bx[32], by[32];
    fprintf(f, "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\"", gmi_num(x, 1, bx, sizeof bx),
            gmi_num(y, 1, by, sizeof by), anchor);
    if (cls) fprintf(f, " class=\"%s\"", cls);
    fputc('>', f);
    gmi_xml_text(f, text);
    fputs("</text>", f);
}

void gmi_svg_line(FILE *f, double x1, double y1, double x2, double y2, const char *cls)
{
    char a[32], b[32], c[32], d[32];
    fprintf(f, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" class=\"%s\"/>",
            gmi_num(x1, 1, a, sizeof a), gmi_num(y1, 1, b, sizeof b), gmi_num(x2, 1, c, sizeof c),
            gmi_num(y2, 1, d, sizeof d), cls);
}
