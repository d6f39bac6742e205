/* partisan_internal.h: engine-internal pieces shared by the partisan_*.c files. */
#ifndef GM_PARTISAN_INTERNAL_H
#define GM_PARTISAN_INTERNAL_H

#include "gerrymeter/gm_partisan.h"

/* Plans scored together by the kernel: one SIMD-friendly block. Every inner loop
 * runs over these lanes, so each lane is an independent plan and the compiler can
 * vectorize without reassociating any sum. */
#define GMI_PK_LANES 8

/* Normal CDF with the exact erfc. */
double gmi_phi(double z);

/* Median of v[0..n) (n >= 1); sorts v in place (insertion sort for small n, qsort
 * above). Used by the per-plan peer code, never by the batch kernel. */
double gmi_median_inplace(double *v, size_t n);

/* Median of v[0..n) without changing v (copies; heap only above 512). NaN on n == 0
 * or out of memory. */
double gmi_median_copy(const double *v, size_t n);

/* Warrington's declination from the wins of each party: na districts won by a with
 * mean a-share ya, nb won by b with mean a-share yb, N districts in all:
 *     delta = 2/pi (atan((2 ya - 1) N/na) - atan((1 - 2 yb) N/nb)),
 * the angle at the 50 % point between the centres of the two parties' wins on the
 * sorted-shares plot. NaN when na or nb is 0. The one formula behind every declination
 * (gmi_declination, the batch kernel, PlanScore's D2, redistmetrics' part_decl, which
 * passes N/2: its arctangents lack the factor 2). DRA's is different: it uses
 * probabilistic seats (partisan_dra.c). */
double gmi_declination_core(double ya, double na, double yb, double nb, double N);

/* Warrington declination from shares v[0..n) of party a: a-won = v > 1/2, b-won =
 * v <= 1/2. Returns NaN when a party won nothing (and sets *why). */
double gmi_declination(const double *v, size_t n, const char **why);

/* Student t two-sided p-value for statistic t with df degrees of freedom. */
double gmi_student_p2(double t, double df);

/* Fill the per-convention fields of out from the counted shares v[0..n) and the
 * counted votes a, b (same order). Defined in partisan_peers.c. */
void gmi_partisan_dra(const double *v, size_t n, double V, gm_partisan *out);
void gmi_partisan_planscore(const double *a, const double *b, const double *v, size_t n,
                            const gm_partisan_opts *o, gm_partisan *out);
void gmi_partisan_gerrychain(const double *a, const double *b, const double *v, size_t n,
                             size_t k_zero, gm_partisan *out);
void gmi_partisan_redistmetrics(const double *a, const double *b, const double *v, size_t n,
                                size_t k_zero, const gm_partisan_opts *o, gm_partisan *out);

/* Peer building blocks, exposed for the peers' unit vectors (partisan_peers.c). */
double gmi_dra_mir(double V, double r);
double gmi_dra_competitiveness(double v, bool compressed);
void gmi_planscore_swing(const double *red, const double *blue, size_t n, double amount,
                         double *red_out, double *blue_out);
void gmi_gerrychain_wasted(double p1, double p2, double *w1, double *w2);

/* Copy a majority threshold (gm_majority_threshold) into p's majority fields. */
void gmi_partisan_set_majority(gm_partisan *p, const gm_majority *mj);

/* Recompute p's majority fields with the districts without votes (a[d] + b[d] == 0)
 * locked to their declared winner[d] (gm_partisan_add_declared_seats). */
void gmi_partisan_majority_declared(gm_partisan *p, const double *a, const double *b,
                                    const int *winner, size_t k);

#endif
