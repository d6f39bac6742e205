/* partisan_stats.c: small numeric helpers of the partisan suite: the normal CDF,
 * medians, Warrington's declination and the Student t distribution (for Wang's
 * lopsided-margins test). */
#include "metrics/partisan_internal.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/constants.h"

double gmi_phi(double z)
{
    return 0.5 * erfc(-z / sqrt(2.0));
}

double gm_seat_probability(double v, double sigma)
{
    return gmi_phi((v - 0.5) / sigma);
}

/* DRA's seat probability: 0.5 (1 + erf((v - 0.5)/(0.02 sqrt 8))), i.e. sigma = 0.04,
 * with the Abramowitz & Stegun 7.1.26 rational approximation of erf that DRA uses
 * (lib/partisan/erf.ts); the constants are A&S's. */
double gm_seat_probability_dra(double v)
{
    double x = (v - 0.5) / (0.02 * sqrt(8.0));
    double n = fabs(x);
    double t = 1.0 / (1.0 + 0.3275911 * n);
    double poly = t * (0.254829592 +
                       t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    double e = 1.0 - poly * exp(-n * n);
    return 0.5 * (1.0 + (x < 0 ? -e : e));
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

double gmi_median_inplace(double *v, size_t n)
{
    if (n == 0) return NAN;
    if (n <= 32) {
        for (size_t i = 1; i < n; i++) {
            double x = v[i];
            size_t j = i;
            for (; j > 0 && v[j - 1] > x; j--) v[j] = v[j - 1];
            v[j] = x;
        }
    } else {
        qsort(v, n, sizeof *v, cmp_double);
    }
    return 0.5 * (v[(n - 1) / 2] + v[n / 2]);
}

double gmi_median_copy(const double *v, size_t n)
{
    double stackbuf[512];
    double *w = n <= 512 ? stackbuf : malloc(n * sizeof *w);
    if (!w) return NAN;
    memcpy(w, v, n * sizeof *w);
    double m = gmi_median_inplace(w, n);
    if (w != stackbuf) free(w);
    return m;
}

double gmi_declination(const double *v, size_t n, const char **why)
{
    double na = 0, sa = 0, nb = 0, sb = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] > 0.5) {
            na++;
            sa += v[i];
        } else {
            nb++;
            sb += v[i];
        }
    }
    if (na == 0 || nb == 0) {
        if (why) *why = na == 0 ? "the first party won no district" : "the second party won no district";
        return NAN;
    }
    if (why) *why = NULL;
    return gmi_declination_core(sa / na, na, sb / nb, nb, (double)n);
}

double gmi_declination_core(double ya, double na, double yb, double nb, double N)
{
    if (!(na > 0) || !(nb > 0)) return NAN;
    double th = atan((1.0 - 2.0 * yb) * N / nb);
    double ga = atan((2.0 * ya - 1.0) * N / na);
    return 2.0 * (ga - th) / GM_PI;
}

/* Continued fraction for the regularized incomplete beta I_x(a, b) (modified Lentz
 * method; converges quickly for x < (a+1)/(a+b+2)). */
static double betacf(double a, double b, double x)
{
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = 1.0 - qab * x / qap;
    if (fabs(d) < tiny) d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 300; m++) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-15) break;
    }
    return h;
}

static double ibeta(double a, double b, double x)
{
    if (x <= 0.0) return 0.0;
    if (x >= 1.0) return 1.0;
    double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    if (x < (a + 1.0) / (a + b + 2.0)) return exp(lbt) * betacf(a, b, x) / a;
    return 1.0 - exp(lbt) * betacf(b, a, 1.0 - x) / b;
}

/* Two-sided p = P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2). */
double gmi_student_p2(double t, double df)
{
    if (isnan(t) || !(df > 0)) return NAN;
    if (isinf(t)) return 0.0;
    return ibeta(0.5 * df, 0.5, df / (df + t * t));
}
