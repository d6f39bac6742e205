/* cmd_report.c: `gerrymeter report`: one self-contained HTML page (or Markdown) about a
 * plan, optionally compared with a second plan and with an ensemble. */
#include "cli.h"
#include "ens_elections.h"
#include "opts.h"
#include "out.h"
#include "splits_opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gerrymeter/gm_report.h"

static const char help[] =
    "Usage: gerrymeter report --units PATH --plan SPEC --votes D=F,R=F [--pop F] -o report.html\n"
    "       gerrymeter report --results FILE.csv --votes D=COL,R=COL [--district-col COL] -o r.html\n\n"
    "Write a report people read: a headline in plain words, every metric with what it\n"
    "measures, which party it favours and what values are usual, a map of the districts\n"
    "coloured by margin, the sorted district vote shares, the seats-votes curve,\n"
    "population and compactness tables and method notes. The HTML page is one file\n"
    "with inline CSS and SVG: no script, nothing fetched from the network.\n\n"
    "%s\n"
    "%s"
    "  (report: --group NAME=FIELD is a population group; --group COL,... without '=' groups\n"
    "  the races of --results)\n\n"
    "District results alone (no map, population or compactness):\n"
    "  --results FILE           CSV with one row per district and a column per party\n"
    "  --district-col COL       district column (default: district)\n"
    "  --group COL,...          columns that tell the races of a table apart (state_po,year);\n"
    "                           with --where keeping one group, as in 'gerrymeter partisan'\n"
    "  --where EXPR             keep the rows that match: COL = VALUE, COL IN (V1,V2), ...\n"
    "                           joined by AND (\"state_po='FL' AND year=2016\")\n"
    "  --winner-col COL         the column naming each race's winner: a race with no votes\n"
    "                           counted (unopposed) still counts as its seat\n\n"
    "Report:\n"
    "  --compare SPEC           a second plan (column, CSV or layer) shown side by side\n"
    "  --name TEXT              heading of the plan (default: its source)\n"
    "  --compare-name TEXT      heading of the second plan\n"
    "  --ensemble FILE          per-plan scores of an ensemble (CSV): histograms with the\n"
    "                           plan marked and the sorted-share box plot\n"
    "  --title TEXT             page title\n"
    "  --source-note TEXT       where the data came from, quoted in the method notes\n"
    "  --impute-uncontested S   give an uncontested race's winner share S (e.g. 0.75) of the\n"
    "                           mean contested two-party total before scoring (as partisan)\n"
    "  --no-map                 skip the map (reads no geometry; faster)\n"
    "  --full-paths             show input files with their directories (default: file\n"
    "                           names only, so a published page reveals no local paths)\n\n"
    "Output:\n"
    "  --format html|md         HTML page (default) or Markdown (no pictures)\n"
    "  -o, --output FILE        write to FILE (atomically) instead of standard output\n"
    "  -h, --help               show this help\n\n"
    "Example:\n"
    "  gerrymeter report --units NH.zip --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP \\\n"
    "      --title 'New Hampshire, 2012 US House' -o nh.html\n";

int gmc_cmd_report(int argc, char **argv)
{
    enum {
        O_COMPARE = 'c',
        O_ENSEMBLE = 'e',
        O_TITLE = 't',
        O_NOTE = 'n',
        O_NAME = 'N',
        O_CNAME = 'C',
        O_NOMAP = 'M',
        O_RESULTS = 'r',
        O_DCOL = 'd',
        O_IMPUTE = 'I',
        O_GROUP = 'G',
        O_WINNER = 'W',
        O_FULLPATHS = 'P'
    };
    static const struct option lo[] = {GMC_SOURCE_LONGOPTS,
                                       {"compare", required_argument, 0, O_COMPARE},
                                       {"ensemble", required_argument, 0, O_ENSEMBLE},
                                       {"title", required_argument, 0, O_TITLE},
                                       {"source-note", required_argument, 0, O_NOTE},
                                       {"name", required_argument, 0, O_NAME},
                                       {"compare-name", required_argument, 0, O_CNAME},
                                       {"no-map", no_argument, 0, O_NOMAP},
                                       {"results", required_argument, 0, O_RESULTS},
                                       {"district-col", required_argument, 0, O_DCOL},
                                       {"group", required_argument, 0, 1902},
                                       {"winner-col", required_argument, 0, O_WINNER},
                                       {"impute-uncontested", required_argument, 0, O_IMPUTE},
                                       {"full-paths", no_argument, 0, O_FULLPATHS},
                                       {"format", required_argument, 0, 'f'},
                                       {"output", required_argument, 0, 'o'},
                                       {"help", no_argument, 0, 'h'},
                                       {"county", required_argument, 0, 1100},
                                       {"municipality", required_argument, 0, 1101},
                                       {"vap", required_argument, 0, 1103},
                                       {"split", required_argument, 0, 1901},
                                       {0, 0, 0, 0}};
    gmc_source src;
    memset(&src, 0, sizeof src);
    src.need_geometry = true;
    gmc_splits_opts so;
    memset(&so, 0, sizeof so);
    gmc_splits splits;
    memset(&splits, 0, sizeof splits);
    gm_report_opts ro;
    gm_report_opts_init(&ro);
    ro.hint_votes = "--votes";
    ro.hint_impute = "--impute-uncontested";
    gmc_format fmt = GMC_HTML;
    const char *output = NULL, *compare = NULL, *name = NULL, *cname = NULL, *results = NULL,
               *dcol = "district", *winner_col = NULL;
    char groupbuf[1024] = "";
    bool dcol_given = false, no_map = false;
    gmc_getopt args = {.cmd = "report", .shortopts = ":ho:f:", .longopts = lo, .help = help,
                       .help_fmt = true, .help2 = gmc_splits_help, .src = &src};
    int o;
    while ((o = gmc_getopt_next(&args, argc, argv)) != -1) {
        switch (o) {
        case 'f':
            if (gmc_parse_format(optarg, 1u << GMC_HTML | 1u << GMC_MD, &fmt)) return GMC_EUSAGE;
            break;
        case 'o': output = optarg; break;
        case O_COMPARE: compare = optarg; break;
        case O_ENSEMBLE: ro.ensemble = optarg; break;
        case O_TITLE: ro.title = optarg; break;
        case O_NOTE: ro.source_note = optarg; break;
        case O_NAME: name = optarg; break;
        case O_CNAME: cname = optarg; break;
        case O_NOMAP:
            src.need_geometry = false;
            no_map = true;
            break;
        case O_FULLPATHS: ro.full_paths = true; break;
        case O_RESULTS: results = optarg; break;
        case O_DCOL:
            dcol = optarg;
            dcol_given = true;
            break;
        case O_WINNER: winner_col = optarg; break;
        case 1902:
            /* NAME=FIELD: a population group (repeatable); COL,...: the races of --results */
            if (strchr(optarg, '=')) {
                if (gmc_splits_opt(&so, "report", o, optarg) < 0) return GMC_EUSAGE;
                break;
            }
            if (groupbuf[0])
                return gmc_usage_error("report", "--group COL,... is given twice ('%s', then '%s'); "
                                                 "give the columns once", groupbuf, optarg);
            if (strlen(optarg) >= sizeof groupbuf) return gmc_usage_error("report", "--group: too long");
            strcpy(groupbuf, optarg);
            break;
        default:
            if (gmc_splits_opt(&so, "report", o, optarg) < 0) return GMC_EUSAGE;
            break;
        case O_IMPUTE:
            if (gmc_parse_double("--impute-uncontested", optarg, 0.5, 1, &ro.impute_uncontested) ||
                ro.impute_uncontested == 0.5) {
                if (ro.impute_uncontested == 0.5)
                    gmc_msg("--impute-uncontested: the winner share must be above 0.5");
                return GMC_EUSAGE;
            }
            break;
        }
    }
    if (args.rc >= 0) return args.rc;
    if (compare && src.at_large)
        return gmc_usage_error("report", "--compare needs --plan, not --at-large");
    if (results && (src.units || src.plan || compare || src.pop))
        return gmc_usage_error(
            "report",
            "--results is district-level results alone; leave out --units, --plan, --pop and --compare");
    if (groupbuf[0] && !results)
        return gmc_usage_error("report", "--group COL,... groups the races of --results; a population "
                                         "group is --group NAME=FIELD with --vap");
    if (results && gmc_splits_any(&so))
        return gmc_usage_error("report", "--results pages have no units: --county, --municipality, "
                                         "--split, --vap and --group NAME=FIELD need --units");
    if (winner_col && !results)
        return gmc_usage_error("report", "--winner-col needs --results (a plan's winners come from its votes)");
    if (cname && !compare)
        return gmc_usage_error("report", "--compare-name heads the plan of --compare; give "
                                         "--compare or leave it out");
    if (dcol_given && !results)
        return gmc_usage_error("report", "--district-col names the district column of --results; "
                                         "give --results or leave it out");
    if (no_map && results)
        return gmc_usage_error("report", "--results pages have no map; leave out --no-map");
    if (results && !src.votes)
        return gmc_usage_error(
            "report",
            "--results needs --votes naming the party columns, e.g. D=dem_votes,R=rep_votes");
    ro.format = fmt == GMC_MD ? GM_REPORT_MD : GM_REPORT_HTML;
    const char *inputs[] = {src.units, src.plan, compare, ro.ensemble, results};
    int rc = gmc_check_output(output, inputs, 5);
    if (rc) return rc;
    /* rows of several elections: their columns are registry rows (the constant vote
     * shares are then read as such, not charted) */
    if (ro.ensemble && (rc = gmc_ens_elections_register_rows(ro.ensemble)) != 0) return rc;

    gm_units *u = NULL;
    gm_plan *p = NULL, *p2 = NULL;
    char resname[600] = "";
    gm_warnings rwarn = {0};
    int *declared = NULL; /* the winner column of the one group reported */
    if (results) {
        static char votebuf[4096];
        gm_units_spec vs;
        memset(&vs, 0, sizeof vs);
        if (gmc_parse_votes(src.votes, &vs, votebuf, sizeof votebuf)) return GMC_EUSAGE;
        const char *groups[64];
        size_t ng = 0;
        char *save = NULL;
        for (char *t = strtok_r(groupbuf, ",", &save); t && ng < 64; t = strtok_r(NULL, ",", &save))
            groups[ng++] = t;
        gm_results_opts rop;
        memset(&rop, 0, sizeof rop);
        rop.district_col = dcol;
        rop.party_cols = vs.vote_field;
        rop.n_parties = vs.n_parties;
        rop.negative = src.negative_votes;
        rop.group_cols = groups;
        rop.n_group_cols = ng;
        rop.party_names = vs.party;
        rop.where = src.where;
        rop.winner_col = winner_col;
        gm_results *res = NULL;
        gm_error e;
        gm_error_clear(&e);
        if (gm_results_read(results, &rop, &res, &e) != GM_OK) return gmc_fail(&e);
        if (res->n_groups > 1) {
            /* a report is about one election: name the groups and the filter for one */
            char list[300] = "", ex[300] = "";
            for (size_t g = 0, used = 0; g < res->n_groups && g < 4; g++) {
                int m = snprintf(list + used, sizeof list - used, "%s", g ? ", " : "");
                for (size_t c = 0; m >= 0 && c < ng; c++)
                    m += snprintf(list + used + (size_t)m, sizeof list - used - (size_t)m, "%s%s",
                                  c ? " " : "", res->group_value[g * ng + c]);
                if (m > 0) used += (size_t)m < sizeof list - used ? (size_t)m : 0;
            }
            for (size_t c = 0, used = 0; c < ng; c++) {
                int m = snprintf(ex + used, sizeof ex - used, "%s%s='%s'", c ? " AND " : "",
                                 groups[c], res->group_value[c]);
                if (m > 0) used += (size_t)m < sizeof ex - used ? (size_t)m : 0;
            }
            rc = gmc_usage_error("report", "%s holds %zu groups of races (%s%s); a report is about one: "
                                 "keep it with --where \"%s\"",
                                 results, res->n_groups, list, res->n_groups > 4 ? ", ..." : "", ex);
            gm_results_destroy(res);
            return rc;
        }
        for (size_t c = 0, used = 0; c < ng; c++) {
            int m = snprintf(resname + used, sizeof resname - used, "%s%s", c ? " " : "",
                             res->group_value[c]);
            if (m > 0) used += (size_t)m < sizeof resname - used ? (size_t)m : 0;
        }
        /* the table's warnings (columns that look swapped) go on the page too */
        if (gm_warnings_merge(&rwarn, &res->warnings) ||
            gm_report_units_from_results(res, 0, vs.party, vs.vote_field, &u, &p, &e) != GM_OK) {
            gm_results_destroy(res);
            gm_warnings_free(&rwarn);
    free(declared);
            return gmc_fail(e.code ? &e : &(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
        }
        ro.warnings = &rwarn;
        if (res->winner) {
            if (!(declared = malloc((res->n_rows ? res->n_rows : 1) * sizeof *declared))) {
                gm_results_destroy(res);
                gm_warnings_free(&rwarn);
    free(declared);
                return gmc_fail(&(gm_error){GM_E_NOMEM, GM_HINT_NONE, "out of memory"});
            }
            memcpy(declared, res->winner, res->n_rows * sizeof *declared);
        }
        gm_results_destroy(res);
    } else if (!compare) {
        if ((rc = gmc_load(&src, &u, &p)) != 0) return rc;
    } else {
        /* the units are read once; both plans are opened over them */
        if (!src.plan)
            return gmc_usage_error("report", "name the plan with --plan (a column, a CSV or a layer) or give --at-large");
        const char *two[2] = {src.plan, compare};
        gm_plan *pp[2] = {NULL, NULL};
        if ((rc = gmc_load_plans(&src, two, 2, &u, pp)) != 0) return rc;
        p = pp[0];
        p2 = pp[1];
    }
    /* Default headings: "Plan CD", "Plan proposal.csv". */
    char dn[2][256];
    const char *pa = results    ? results
                     : src.plan ? src.plan
                                : "at large",
               *pb = compare ? compare : "";
    const char *sa = strrchr(pa, '/'), *sb = strrchr(pb, '/');
    snprintf(dn[0], sizeof dn[0], "%s %s%s%s%s", results ? "Results" : "Plan", sa ? sa + 1 : pa,
             resname[0] ? " (" : "", resname, resname[0] ? ")" : "");
    snprintf(dn[1], sizeof dn[1], "Plan %s", sb ? sb + 1 : pb);
    if (!results && (rc = gmc_splits_load(&so, "report", u, &splits)) != 0) {
        gm_warnings_free(&rwarn);
        free(declared);
        gm_plan_destroy(p2);
        gm_plan_destroy(p);
        gm_units_destroy(u);
        return rc;
    }
    gm_report_plan plans[2] = {{.units = u, .plan = p, .name = name ? name : dn[0], .declared_winner = declared,
                                .extras = splits.x},
                               {.units = u, .plan = p2, .name = cname ? cname : dn[1], .extras = splits.x}};
    gm_error err;
    gm_error_clear(&err);
    gm_warnings shown = {0};
    ro.shown = &shown;
    gmc_sink sink;
    if ((rc = gmc_sink_open(&sink, output)) != 0) goto done;
    if (gm_report_write(sink.f, plans, compare ? 2 : 1, &ro, &err) != GM_OK) {
        gmc_sink_close(&sink, false);
        rc = gmc_fail(&err);
        goto done;
    }
    gmc_warnings_stderr(&shown);
    rc = gmc_sink_close(&sink, true);
done:
    gmc_splits_free(&splits);
    gm_warnings_free(&shown);
    gm_warnings_free(&rwarn);
    free(declared);
    gm_plan_destroy(p2);
    gm_plan_destroy(p);
    gm_units_destroy(u);
    return rc;
}
