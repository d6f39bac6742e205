/* gerrymeter.h: the public API of libgerrymeter, in one include.
 *
 * Data flows one way: sources -> units -> plan -> tallies -> metrics -> output.
 * No GDAL, GEOS or PROJ types appear in these headers. */
#ifndef GM_GERRYMETER_H
#define GM_GERRYMETER_H

#include "gm_core.h"
#include "gm_sink.h"
#include "gm_units.h"
#include "gm_plan.h"
#include "gm_tally.h"
#include "gm_partisan.h"
#include "gm_metric.h"
#include "gm_splits.h"
#include "gm_control.h"
#include "gm_results.h"
#include "gm_io.h"
#include "gm_check.h"
#include "gm_compact.h"
#include "gm_graph.h"
#include "gm_generate.h"
#include "gm_ensemble.h"
#include "gm_driver.h"
#include "gm_report.h"

#endif /* GM_GERRYMETER_H */
