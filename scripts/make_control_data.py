#!/usr/bin/env python3
"""Generate the tables that `gerrymeter control` ships with.

    python3 scripts/make_control_data.py [SHARED_DATA_DIR] [--out DIR]

SHARED_DATA_DIR defaults to ../shared/data beside the checkout (or $GM_SHARED_DATA).
Writes, relative to the repository root (or into DIR; tests/cli/control_data.sh checks
that a fresh run reproduces the shipped files byte for byte):

  testdata/control/congress_control.csv   who drew each congressional map in force 2012-2026
  testdata/control/us_house_2012_2020.csv  one row per U.S. House general election 2012-2020
  testdata/control/state_leg_seats.csv     NCSL state legislative seats per state and table year
  testdata/control/state_leg_seats_national.csv  NCSL national D and R totals per table year
  testdata/control/state_leg_control.csv   who drew each state legislative map (2010, 2020 cycles)

Inputs (facts only; both carry their sources in '#' header lines of the output):
  control/congress_control.csv         state, cycle (first general election of the map), seats,
                                       drawn_by, legislature_control, governor_party, trifecta
  control/congress_plans_extended.csv  used only for last_year: the last general election a
                                       2010-cycle map was used in (mid-decade redraws)
  medsl_us_house/1976-2020-house.csv   MIT Election Data + Science Lab, U.S. House 1976-2020
                                       (doi:10.7910/DVN/IG0UN2, CC0 1.0)
  control/state_leg_seats_ncsl.csv     NCSL partisan composition tables 2009-2017 and 2021
  control/state_leg_seats_national_ncsl.csv  their 50-state D and R totals, two digitisations
  control/state_leg_control.csv        All About Redistricting: state legislative plans

Python 3 standard library only. The script checks its own output: national seat totals per
year against the official ones, and the rule "the map in force in year Y is the row with
the largest cycle <= Y" against the elections each plan was actually used in; the state seat
rows summed per table year against the national NCSL totals.
"""
import collections
import csv
import os
import sys

# Party strings MEDSL uses for the two major parties (Minnesota's and North Dakota's
# Democrats have their own names). A candidate who appears on any of these lines is
# counted for that party; fusion lines (NY, CT: Working Families, Conservative, ...)
# are summed onto the candidate by name.
DEM_LINES = {"DEMOCRAT", "DEMOCRATIC-FARMER-LABOR", "DEMOCRATIC-NPL", "DEMOCRATIC-NONPARTISAN LEAGUE"}
REP_LINES = {"REPUBLICAN"}

# Official national totals (Clerk of the House), DC delegate excluded: (D, R).
OFFICIAL = {2012: (201, 234), 2014: (188, 247), 2016: (194, 241), 2018: (235, 200), 2020: (222, 213)}
YEARS = range(2012, 2021, 2)

CONTROL_COLS = ["state", "cycle", "last_year", "seats", "drawn_by", "legislature_control",
                "governor_party", "trifecta", "notes", "source", "caveat"]
# Coding caveats that readers must see next to the group figures (docs/control.md):
# gerrymeter prints each as a footnote wherever the map's group appears. Keyed by
# (state, cycle).
CAVEATS = {
    ("TX", "2012"): "Texas 2012-2020 is coded 'court', but the court's interim map (PLANC235) "
                    "started from the legislature's 2011 plan, and the legislature ratified it "
                    "unchanged in 2013 for 2014-2020; coded 'legislature' it would move 36 seats "
                    "a year to the Republican-legislature group.",
}
RESULT_COLS = ["year", "state", "district", "dem_votes", "rep_votes", "other_votes", "total_votes",
               "dem_candidates", "rep_candidates", "winner", "winner_party", "no_count"]


def die(msg):
    sys.stderr.write("make_control_data.py: " + msg + "\n")
    sys.exit(1)


def read_control(shared):
    path = os.path.join(shared, "control", "congress_control.csv")
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ext_path = os.path.join(shared, "control", "congress_plans_extended.csv")
    with open(ext_path, encoding="utf-8") as f:
        ext = list(csv.DictReader(f))
    # Elections each used plan was in force for, keyed by (state, first year used).
    used = {}
    for e in ext:
        years = [int(y) for y in e["used_in_generals"].split()]
        if years:
            used[(e["state"], years[0])] = years
    out = []
    for r in rows:
        key = (r["state"], int(r["cycle"]))
        years = used.get(key)
        r = dict(r)
        # last_year only where the map was replaced before the next census map: a plan
        # still in force (or one outside the extended table, 2026 rows) has it empty.
        r["last_year"] = ""
        if years and int(r["cycle"]) < 2022 and years[-1] < 2020:
            r["last_year"] = str(years[-1])
        out.append(r)
    # Check: largest cycle <= year reproduces used_in_generals for every 2010-cycle plan.
    by_state = collections.defaultdict(list)
    for r in out:
        by_state[r["state"]].append(int(r["cycle"]))
    for (st, first), years in used.items():
        if first >= 2022:
            continue
        for y in years:
            if y > 2020:
                continue
            cyc = max(c for c in by_state[st] if c <= y)
            if cyc != first:
                die("%s %d: cycle rule picks the %d map but the plan table says %d" % (st, y, cyc, first))
    seats2012 = sum(int(r["seats"]) for r in out if r["cycle"] == "2012")
    if seats2012 != 435:
        die("control table: 2012 seats add to %d, not 435" % seats2012)
    return sorted(out, key=lambda r: (r["state"], int(r["cycle"])))


def read_results(shared):
    path = os.path.join(shared, "medsl_us_house", "1976-2020-house.csv")
    races = collections.OrderedDict()
    with open(path, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            year = int(r["year"])
            if year < 2012 or year > 2020 or r["stage"] != "gen" or r["special"] == "TRUE":
                continue
            key = (year, r["state_po"], int(r["district"]))
            race = races.setdefault(key, {"cands": collections.OrderedDict(), "total": 0})
            c = race["cands"].setdefault(r["candidate"], {"votes": 0, "lines": set()})
            c["votes"] += int(r["candidatevotes"])
            c["lines"].add(r["party"])
            race["total"] = int(r["totalvotes"])
    out = []
    for (year, st, dist), race in sorted(races.items()):
        dem = rep = other = nd = nr = 0
        best_name, best = None, None
        no_count = race["total"] in (-1, 0, 1)  # MEDSL sentinel: unopposed, not on the ballot
        for name, c in race["cands"].items():
            v = max(c["votes"], 0)
            if c["lines"] & DEM_LINES:
                party = "D"
                dem += v
                nd += 1
            elif c["lines"] & REP_LINES:
                party = "R"
                rep += v
                nr += 1
            else:
                party = "O"
                other += v
            if best is None or c["votes"] > best[0]:
                best = (c["votes"], party)
                best_name = name
        if no_count:
            dem = rep = other = 0
            total = 0
        else:
            total = race["total"]
        out.append({"year": year, "state": st, "district": dist, "dem_votes": dem, "rep_votes": rep,
                     "other_votes": other, "total_votes": total, "dem_candidates": nd,
                     "rep_candidates": nr, "winner": best_name, "winner_party": best[1],
                     "no_count": int(no_count)})
    for year, (d_off, r_off) in OFFICIAL.items():
        d = sum(1 for r in out if r["year"] == year and r["state"] != "DC" and r["winner_party"] == "D")
        rr = sum(1 for r in out if r["year"] == year and r["state"] != "DC" and r["winner_party"] == "R")
        if (d, rr) != (d_off, r_off):
            die("%d: %d D / %d R seats, official %d / %d" % (year, d, rr, d_off, r_off))
    return out


LEG_SEAT_COLS = ["state", "table_year", "as_of", "total_seats", "dem_seats", "rep_seats",
                 "legis_control", "gov_party", "state_control"]
LEG_NATIONAL_COLS = ["table_year", "as_of", "dem_seats", "rep_seats", "digitisation"]
LEG_CONTROL_COLS = ["state", "census_cycle", "chamber", "seats", "drawn_by", "legislature_control",
                    "governor_party", "trifecta", "passed", "start_date", "end_date", "plan_status",
                    "notes"]


def read_leg_seats(shared):
    """The NCSL per-state rows, and one national row per table year: the digitisation
    the state rows add up to (dwillis/state_legislatures for 2009-2017, psthomas for
    2021). Refuses tables whose state rows do not add up to it."""
    with open(os.path.join(shared, "control", "state_leg_seats_ncsl.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(shared, "control", "state_leg_seats_national_ncsl.csv"), encoding="utf-8") as f:
        nat = list(csv.DictReader(f))
    sums = collections.defaultdict(lambda: [0, 0, 0])
    for r in rows:
        s = sums[r["table_year"]]
        s[0] += int(r["dem_seats"])
        s[1] += int(r["rep_seats"])
        s[2] += 1
    national = []
    for year in sorted(sums, key=int):
        if sums[year][2] != 50:
            die("NCSL %s: %d state rows, not 50" % (year, sums[year][2]))
        match = [n for n in nat if n["table_year"] == year and
                 (int(n["dem_seats_50states"]), int(n["rep_seats_50states"])) == tuple(sums[year][:2])]
        if not match:
            die("NCSL %s: the state rows add up to %d D / %d R, which no national digitisation gives"
                % (year, sums[year][0], sums[year][1]))
        n = match[0]
        as_of = n["as_of"] if n["as_of"][:4].isdigit() else rows[[r["table_year"] for r in rows].index(year)]["as_of"]
        national.append({"table_year": year, "as_of": as_of, "dem_seats": n["dem_seats_50states"],
                         "rep_seats": n["rep_seats_50states"], "digitisation": n["digitisation"]})
    rows.sort(key=lambda r: (int(r["table_year"]), r["state"]))
    return rows, national


def read_leg_control(shared):
    with open(os.path.join(shared, "control", "state_leg_control.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return sorted(rows, key=lambda r: (r["state"], r["chamber"], r["start_date"]))


def write(path, header_lines, cols, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        for h in header_lines:
            f.write("# " + h + "\n")
        w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    os.replace(tmp, path)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    args = sys.argv[1:]
    outdir = os.path.join(root, "testdata", "control")
    if "--out" in args:
        i = args.index("--out")
        if i + 1 >= len(args):
            die("--out needs a directory")
        outdir = args[i + 1]
        del args[i:i + 2]
    shared = args[0] if args else os.environ.get(
        "GM_SHARED_DATA", os.path.join(root, "..", "shared", "data"))
    if not os.path.isdir(shared):
        die("shared data directory '%s' not found; pass it as the first argument" % shared)
    os.makedirs(outdir, exist_ok=True)

    control = read_control(shared)
    for r in control:
        r["caveat"] = CAVEATS.get((r["state"], r["cycle"]), "")
    write(os.path.join(outdir, "congress_control.csv"), [
        "Who drew each U.S. congressional map, per state and map (generated by scripts/make_control_data.py).",
        "cycle = first general election the map was used in; last_year = last one, when the map was",
        "replaced mid-decade (empty: in force until the next census map). The map in force in year Y is",
        "the state's row with the largest cycle <= Y.",
        "Sources: All About Redistricting (Justin Levitt, Loyola Law School, redistricting.lls.edu) export",
        "2024-03-01 for seats, drawn_by and party control at passage; NCSL state partisan composition",
        "tables 2011 and 2021 for at-large states and cross-checks; news reports for 2026 redraws.",
        "Compiled in ../shared/data/control/congress_control.csv (see its SOURCES.md); rows marked",
        "[FLAG] in notes are uncertain (LA 2012, VA 2012, MS 2012, HI 2022, AK 2022, all 2026 rows).",
    ], CONTROL_COLS, control)

    results = read_results(shared)
    write(os.path.join(outdir, "us_house_2012_2020.csv"), [
        "U.S. House general elections 2012-2020, one row per district (generated by",
        "scripts/make_control_data.py). Source: MIT Election Data and Science Lab, U.S. House",
        "1976-2020, doi:10.7910/DVN/IG0UN2 (version 20210604), CC0 1.0 public domain.",
        "Votes are summed per candidate over fusion lines; dem/rep = candidates on a Democratic",
        "(incl. DFL, Dem-NPL) or Republican line; district 0 = at-large; no_count = 1 marks an",
        "unopposed race with no votes reported (Florida, Oklahoma leave them off the ballot): votes 0.",
        "winner = most votes in the November election as reported by MEDSL (in Maine 2018 CD2 its",
        "counts have the ranked-choice winner ahead). DC's delegate (2020) is listed, has no map.",
    ], RESULT_COLS, results)
    seats, national = read_leg_seats(shared)
    ncsl = [
        "Sources: NCSL state partisan composition tables (ncsl.org), digitised in",
        "github:dwillis/state_legislatures@d79b3d0 (data/party_composition/csv, tables 2009-2017) and",
        "github:psthomas/state-partisan-composition@eca87e9 (data/outputs, NCSL PDFs 2009-2021); compiled in",
        "../shared/data/control/state_leg_seats_ncsl.csv and state_leg_seats_national_ncsl.csv (SOURCES.md).",
    ]
    write(os.path.join(outdir, "state_leg_seats.csv"), [
        "State legislative seats per state and NCSL table (generated by scripts/make_control_data.py):",
        "table_year = the NCSL table (2017 = the table of 2016-12-15, after the 2016 election); seats of",
        "both chambers; legis_control Dem/Rep/Split (N/A: Nebraska's nonpartisan unicameral);",
        "state_control = trifecta (Dem/Rep: legislature and governor) or Divided.",
    ] + ncsl, LEG_SEAT_COLS, seats)
    write(os.path.join(outdir, "state_leg_seats_national.csv"), [
        "National state legislative seats (49 partisan legislatures; Nebraska has none) per NCSL table",
        "(generated by scripts/make_control_data.py): the digitisation that the state rows of",
        "state_leg_seats.csv add up to exactly (the script refuses a table where none does).",
    ] + ncsl, LEG_NATIONAL_COLS, national)
    leg = read_leg_control(shared)
    write(os.path.join(outdir, "state_leg_control.csv"), [
        "Who drew each state legislative map, per state, chamber and plan, 2010 and 2020 census cycles",
        "(generated by scripts/make_control_data.py). A plan is in force from start_date to end_date;",
        "the pen of a cycle is the plan in force on the general election day of 2012 (2022).",
        "Source: All About Redistricting (Justin Levitt, Loyola Law School, redistricting.lls.edu) export",
        "2024-03-01, via ../shared/data/control/state_leg_control.csv (SOURCES.md); [FLAG] notes are uncertain.",
    ], LEG_CONTROL_COLS, leg)
    print("wrote %d control rows, %d district results, %d NCSL state rows, %d NCSL tables, "
          "%d state legislative plans" % (len(control), len(results), len(seats), len(national), len(leg)))


if __name__ == "__main__":
    main()
