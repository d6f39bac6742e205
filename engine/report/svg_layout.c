/* svg_layout.c: where the charts put their labels (svg.h, "label layout").
 *
 * A chart records what its labels must keep clear of (the plot frame they stay inside,
 * tick labels, markers, curves as polylines, labels already placed) and asks for the
 * free position nearest a point. Text is measured by an estimate, not by a browser: the
 * advance widths of DejaVu Sans (the widest of the common sans-serif fonts, and the one
 * headless Chromium uses on Linux), rounded up, so that a label estimated clear of its
 * neighbours is clear in any of the usual fonts. tests/cli/report_charts.sh measures the
 * boxes Chromium draws and checks that they do not overlap. */
#include "report/svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Advance widths of ASCII 32..126 in thousandths of an em (DejaVu Sans Book, rounded up
 * to the next 0.01 em). */
static const unsigned short ascii_w[95] = {
    320, 410, 460, 840, 640, 950, 780, 280, 390, 390, 500, 840, 320, 370, 320, 340, /*  !"#$%&'()*+,-./ */
    640, 640, 640, 640, 640, 640, 640, 640, 640, 640,                               /* 0-9 */
    340, 340, 840, 840, 840, 540, 1000,                                             /* :;<=>?@ */
    690, 690, 700, 770, 640, 580, 780, 760, 300, 300, 660, 560, 870,                /* A-M */
    750, 790, 610, 790, 700, 640, 620, 740, 690, 990, 690, 620, 690,                /* N-Z */
    390, 340, 390, 840, 500, 500,                                                   /* [\]^_` */
    620, 640, 550, 640, 620, 360, 640, 640, 280, 280, 580, 280, 980,                /* a-m */
    640, 620, 640, 640, 420, 530, 400, 640, 600, 820, 600, 600, 530,                /* n-z */
    640, 340, 640, 840};                                                            /* {|}~ */

/* Width of one code point outside ASCII, in thousandths of an em: the few the charts
 * write, else a full em. */
static unsigned wide_w(unsigned long cp)
{
    switch (cp) {
    case 0x00B7: return 320; /* middle dot */
    case 0x2013: return 500; /* en dash */
    case 0x2212: return 840; /* minus */
    case 0x00B1: return 840; /* plus-minus */
    case 0x03C3: return 610; /* sigma */
    default: return 1000;
    }
}

double gmi_text_width(const char *s, double font_px, bool bold)
{
    if (!s) return 0;
    unsigned long sum = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x80) {
            sum += *p >= 32 && *p < 127 ? ascii_w[*p - 32] : 0;
            p++;
            continue;
        }
        /* decode one UTF-8 sequence (a stray continuation byte counts as one char) */
        unsigned long cp = *p;
        int more = (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : 0;
        cp &= more == 1 ? 0x1F : more == 2 ? 0x0F : 0x07;
        p++;
        for (int i = 0; i < more && (*p & 0xC0) == 0x80; i++, p++) cp = (cp << 6) | (*p & 0x3F);
        sum += wide_w(cp);
    }
    return (double)sum / 1000.0 * font_px * (bold ? 1.12 : 1.0);
}

gmi_rect gmi_text_box(const char *s, double x, double y, const char *anchor, double font_px,
                      bool bold)
{
    double w = gmi_text_width(s, font_px, bold);
    double x0 = !strcmp(anchor, "end") ? x - w : !strcmp(anchor, "middle") ? x - w / 2 : x;
    return (gmi_rect){x0, y - GMI_TEXT_ASCENT * font_px, x0 + w, y + GMI_TEXT_DESCENT * font_px};
}

void gmi_layout_init(gmi_layout *L, gmi_rect frame)
{
    memset(L, 0, sizeof *L);
    L->frame = frame;
}

void gmi_layout_free(gmi_layout *L)
{
    if (!L) return;
    free(L->box);
    free(L->seg);
    memset(L, 0, sizeof *L);
}

void gmi_layout_add_box(gmi_layout *L, gmi_rect r)
{
    if (L->n_box == L->cap_box) {
        size_t nc = L->cap_box ? 2 * L->cap_box : 32;
        gmi_rect *b = realloc(L->box, nc * sizeof *b);
        if (!b) {
            L->oom = true;
            return;
        }
        L->box = b;
        L->cap_box = nc;
    }
    L->box[L->n_box++] = r;
}

static void add_seg(gmi_layout *L, double x0, double y0, double x1, double y1)
{
    if (L->n_seg == L->cap_seg) {
        size_t nc = L->cap_seg ? 2 * L->cap_seg : 256;
        double *s = realloc(L->seg, 4 * nc * sizeof *s);
        if (!s) {
            L->oom = true;
            return;
        }
        L->seg = s;
        L->cap_seg = nc;
    }
    double *s = L->seg + 4 * L->n_seg++;
    s[0] = x0;
    s[1] = y0;
    s[2] = x1;
    s[3] = y1;
}

void gmi_layout_add_line(gmi_layout *L, const double *xy, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        const double *a = xy + 2 * i, *b = a + 2;
        if (isfinite(a[0]) && isfinite(a[1]) && isfinite(b[0]) && isfinite(b[1]))
            add_seg(L, a[0], a[1], b[0], b[1]);
    }
}

static bool boxes_meet(gmi_rect a, gmi_rect b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* Does the segment (x0,y0)-(x1,y1) meet the box r? Liang-Barsky clipping: the segment's
 * parameter interval inside each slab of r must stay non-empty. */
static bool seg_meets(gmi_rect r, const double *s)
{
    double t0 = 0, t1 = 1, dx = s[2] - s[0], dy = s[3] - s[1];
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {s[0] - r.x0, r.x1 - s[0], s[1] - r.y0, r.y1 - s[1]};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0) return false; /* parallel and outside */
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) {
            if (t > t1) return false;
            if (t > t0) t0 = t;
        } else {
            if (t < t0) return false;
            if (t < t1) t1 = t;
        }
    }
    return true;
}

/* Obstacles r (grown by the pad) meets; 1000 when it leaves the frame. */
static size_t overlaps(const gmi_layout *L, gmi_rect r)
{
    gmi_rect g = {r.x0 - GMI_LABEL_PAD, r.y0 - GMI_LABEL_PAD, r.x1 + GMI_LABEL_PAD,
                  r.y1 + GMI_LABEL_PAD};
    size_t n = 0;
    if (g.x0 < L->frame.x0 || g.y0 < L->frame.y0 || g.x1 > L->frame.x1 || g.y1 > L->frame.y1)
        n += 1000;
    for (size_t i = 0; i < L->n_box; i++) n += boxes_meet(g, L->box[i]);
    for (size_t i = 0; i < L->n_seg; i++) n += seg_meets(g, L->seg + 4 * i);
    return n;
}

bool gmi_layout_fits(const gmi_layout *L, gmi_rect r)
{
    return overlaps(L, r) == 0;
}

double gmi_rect_dist(gmi_rect r, double x, double y, double *nx, double *ny)
{
    double cx = fmin(fmax(x, r.x0), r.x1), cy = fmin(fmax(y, r.y0), r.y1);
    if (nx) *nx = cx;
    if (ny) *ny = cy;
    return hypot(x - cx, y - cy);
}

bool gmi_layout_place(const gmi_layout *L, double ax, double ay, double w, double h, double gap,
                      gmi_rect *out)
{
    /* Every position of the box on a 2-unit grid over the frame: the free one nearest
     * the point wins. The distance is cheap and prunes most positions before the
     * obstacles are looked at. */
    const double step = 2.0;
    double x_lo = L->frame.x0 + GMI_LABEL_PAD, x_hi = L->frame.x1 - GMI_LABEL_PAD - w;
    double y_lo = L->frame.y0 + GMI_LABEL_PAD, y_hi = L->frame.y1 - GMI_LABEL_PAD - h;
    double found = INFINITY;
    for (double y = y_lo; y <= y_hi; y += step)
        for (double x = x_lo; x <= x_hi; x += step) {
            gmi_rect r = {x, y, x + w, y + h};
            double dist = gmi_rect_dist(r, ax, ay, NULL, NULL);
            if (dist >= gap && dist < found && overlaps(L, r) == 0) {
                found = dist;
                *out = r;
            }
        }
    if (isfinite(found)) return true;
    /* Nothing fits: the position that meets the fewest obstacles, nearest first. */
    size_t best_n = (size_t)-1;
    double best_d = INFINITY;
    *out = (gmi_rect){ax + gap, ay - h / 2, ax + gap + w, ay + h / 2};
    for (double y = y_lo; y <= y_hi; y += 4 * step)
        for (double x = x_lo; x <= x_hi; x += 4 * step) {
            gmi_rect r = {x, y, x + w, y + h};
            double dist = gmi_rect_dist(r, ax, ay, NULL, NULL);
            if (dist < gap) continue;
            size_t n = overlaps(L, r);
            if (n < best_n || (n == best_n && dist < best_d)) {
                best_n = n;
                best_d = dist;
                *out = r;
            }
        }
    return false;
}
