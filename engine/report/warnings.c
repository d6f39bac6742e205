/* warnings.c: the warnings a report page shows (gmi_report_warnings, report.h). */
#include "report/report.h"

gm_status gmi_report_warnings(const gmi_rplan *r, size_t n, const gm_report_opts *o,
                              gm_warnings *out)
{
    gm_status rc = gm_warnings_merge(out, o->warnings);
    for (size_t i = 0; i < n && rc == GM_OK; i++) rc = gm_warnings_merge(out, &r[i].warnings);
    return rc;
}
