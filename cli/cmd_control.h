/* cmd_control.h: the majority and swing outputs of `gerrymeter control` (cmd_control.c
 * writes the rest). */
#ifndef GM_CLI_CMD_CONTROL_H
#define GM_CLI_CMD_CONTROL_H

#include <stdbool.h>
#include <stdio.h>

#include "gerrymeter/gm_control.h"
#include "out.h"

/* A swing of D's share (share units) as people read it: "D+3.00" (points, towards D),
 * "R+1.50", "0.00"; "-" when NaN. */
const char *gmc_swing_text(double s, int decimals, char *buf, size_t cap);

/* Text: the chamber's majority threshold per year (with the flip swing when flip), and the
 * swing asked for (swing_desc names it; NULL: none). */
void gmc_control_majority_text(const gm_control_result *r, bool flip, const char *swing_desc,
                               FILE *f);

/* JSON keys of one year (inside its object) and of one state-election. */
void gmc_control_majority_json_year(gmc_json *j, const gm_control_year *Y);
void gmc_control_majority_json_election(gmc_json *j, const gm_control_election *e);

/* CSV: the majority and swing columns (header starts with ','), and their values. */
void gmc_control_majority_csv_head(FILE *f, bool year);
void gmc_control_majority_csv_year(FILE *f, const gm_control_year *Y);
void gmc_control_majority_csv_election(FILE *f, const gm_control_election *e);

/* The seats-votes curve of one drawer group in one year: JSON keys (inside the group's
 * object) and the CSV long table (--table curves). */
void gmc_control_curve_json(gmc_json *j, const gm_control_year *Y, int group);
void gmc_control_curves_csv(FILE *f, const gm_control_result *r);

/* A shipped control table (control_shipped.c): $GERRYMETER_DATA/control/NAME, the source tree's
 * testdata/control/NAME, or the installed share/gerrymeter/control/NAME (buf), or NULL. */
const char *gmc_control_shipped(const char *name, char *buf, size_t cap);

/* `gerrymeter control legislatures` (cmd_control_pen.c). */
int gmc_cmd_control_legislatures(int argc, char **argv);

/* `gerrymeter control chamber` (cmd_control_chamber.c). */
int gmc_cmd_control_chamber(int argc, char **argv);

#endif
