# Numbers that cannot be what their column claims (issue 13, sweep class G): refused
# when nothing sensible can be scored (a header named twice, "1" and "01" in one group,
# the population field given as votes), named in a warning otherwise (vote shares for
# counts, a population of zeros, more votes than people, a "plan" of about one unit per
# district). Fractional populations (prorated data) pass without a word, and the real
# shared layers and tables raise nothing.
. "$(dirname "$0")/lib.bash"
B="$GM_SRC/tests/bad_inputs"
S="$GM_SRC/testdata/sample"

# --- district results tables
expect 1 "results: a vote column named twice" -- "$GM" partisan --results "$B/results_dup_header.csv" --votes D=D,R=R -o "$tmp/o.json"
contains "$tmp/err" "gerrymeter: $B/results_dup_header.csv: line 1: two columns are named 'D' (columns 3 and 5); rename one so the table says which holds the vote values" "duplicate header named"
[ -e "$tmp/o.json" ] && { echo "FAIL: output written"; fails=$((fails+1)); }
expect 1 "results: districts 1 and 01 in one group" -- "$GM" partisan --results "$B/results_padded_district.csv" --votes D=D,R=R
contains "$tmp/err" "line 3: district '01' appears again (first on line 2 as '1') in the same group: labels that differ only in leading zeros name one district" "1 and 01 are one district"
expect 1 "report --results: districts 1 and 01" -- "$GM" report --results "$B/results_padded_district.csv" --votes D=D,R=R --format md
contains "$tmp/err" "district '01' appears again" "report refuses it too"
expect 0 "results: shares in the vote columns" -- "$GM" partisan --results "$B/results_shares.csv" --votes D=D,R=R --format json
contains "$tmp/out" "\"code\": \"votes_look_like_shares\"" "shares warning in JSON"
contains "$tmp/err" "gerrymeter: warning: $B/results_shares.csv: every value of the vote column 'D' lies between 0 and 1 (0.62 for district 1 on line 2): those look like vote shares, not counts" "shares warning named"
expect 0 "report --results: shares" -- "$GM" report --results "$B/results_shares.csv" --votes D=D,R=R --format md
contains "$tmp/out" "**Read with care**" "report box"
contains "$tmp/out" "look like vote shares, not counts" "report says it"

# --- unit layers
expect 2 "the population field as votes" -- "$GM" score --units "$S/precincts.gpkg" --plan CD --votes D=TOTPOP,R=G16R --pop TOTPOP -o "$tmp/o.txt"
contains "$tmp/err" "gerrymeter: $S/precincts.gpkg: the votes of party D would be read from 'TOTPOP', the population field; population is not votes: name the party's vote field" "pop as votes refused"
expect 2 "the population field as a third party (any case)" -- "$GM" score --units "$S/precincts.gpkg" --plan CD --votes D=G16D,R=G16R,L=totpop --pop TOTPOP
contains "$tmp/err" "the votes of party L would be read from 'totpop', the population field" "pop as votes, other case"
expect 0 "population all zero" -- "$GM" score --units "$B/zero_pop.geojson" --id ID --pop POP --votes D=D,R=R --plan CD --format json
contains "$tmp/out" "\"code\": \"population_all_zero\"" "zero population warned"
contains "$tmp/err" "the population field 'POP' is 0 for every unit, so no population balance can be measured" "zero population named"
# --plan and --pop swapped: hundreds of one-unit "districts", and more votes than people
expect 0 "--plan TOTPOP --pop CD (swapped)" -- "$GM" score --units "$S/precincts.gpkg" --plan TOTPOP --votes D=G16D,R=G16R --pop CD --format json
contains "$tmp/out" "\"code\": \"not_a_districting_plan\"" "not a plan (JSON)"
contains "$tmp/err" "(field 'TOTPOP') gives 310 districts for 324 units, 296 of them with one unit only: that is no districting plan" "not a plan named"
contains "$tmp/err" "the population field 'CD' holds only a few values, as a district field would: are the two swapped?" "swap suggested"
contains "$tmp/err" "more than the 1174 people of the population field 'CD'" "votes exceed population"
expect 0 "--plan PRECINCT (the id field)" -- "$GM" score --units "$S/precincts.gpkg" --plan PRECINCT --votes D=G16D,R=G16R --pop TOTPOP
contains "$tmp/err" "gives 324 districts for 324 units, 324 of them with one unit only" "id field as plan"
grep -q "are the two swapped" "$tmp/err" && { echo "FAIL: swap suggested for a real population"; fails=$((fails+1)); }
# shares in a unit layer's vote fields; fractional population accepted silently
ogr2ogr -f GPKG "$tmp/v.gpkg" "$S/precincts.gpkg" -nln v -sql \
  "SELECT *, CAST(G16D AS REAL)/(G16D+G16R) AS DSH, CAST(G16R AS REAL)/(G16D+G16R) AS RSH, TOTPOP + 0.25 AS POPF FROM precincts" 2>/dev/null
expect 0 "vote shares in the unit layer" -- "$GM" score --units "$tmp/v.gpkg" --plan CD --votes D=DSH,R=RSH --pop TOTPOP
contains "$tmp/err" "every value of the votes field 'DSH' (party D) lies between 0 and 1" "unit shares warned"
expect 0 "fractional population" -- "$GM" score --units "$tmp/v.gpkg" --plan CD --votes D=G16D,R=G16R --pop POPF
[ -s "$tmp/err" ] && { echo "FAIL: fractional population warned"; sed 's/^/  | /' "$tmp/err"; fails=$((fails+1)); }

# --- no false alarm on the real data (the plausibility checks; --no-contiguity keeps the
# geometry out: its findings, such as make-valid repairs of CT's and HI's precincts and two
# NH House districts with a detached precinct, are tested in geometry.sh and plans.sh)
if [ -n "$SHARED" ] && [ -d "$SHARED" ]; then
  D="$SHARED"
  quiet() {
    [ "$2" = score ] && set -- "$@" --no-contiguity
    "$@" >/dev/null 2>"$tmp/err"; local rc=$?
    if [ "$rc" != 0 ] || [ -s "$tmp/err" ]; then echo "FAIL: false alarm: $*"; sed 's/^/  | /' "$tmp/err" | head -3; fails=$((fails+1)); fi
  }
  quiet "$GM" score --units "/vsizip/$D/mggg_NH/NH.zip" --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP
  quiet "$GM" score --units "/vsizip/$D/mggg_NH/NH.zip" --plan HDIST --votes D=USH12D,R=USH12R --pop TOTPOP
  quiet "$GM" score --units "/vsizip/$D/mggg_MN/mn_16.zip" --plan CONGDIST --votes D=USREPDFL,R=USREPR --pop TOTPOP
  quiet "$GM" score --units "/vsizip/$D/mggg_MN/mn_08_16.zip" --plan MNLEGDIST --votes D=LEG16D,R=LEG16R --pop TOTPOP
  quiet "$GM" score --units "/vsizip/$D/mggg_CT/CT_precincts.zip" --plan CD --votes D=USH18D,R=USH18R --pop TOTPOP
  quiet "$GM" score --units "/vsizip/$D/mggg_DE/DE_precincts.zip" --plan HDIST --votes D=SH16D,R=SH16R --pop TOTPOP
  quiet "$GM" score --units "/vsizip/$D/mggg_ME/Maine.zip" --plan CD --votes D=USH18D,R=USH18R --pop TOTPOP
  quiet "$GM" score --units "/vsizip/$D/mggg_HI/HI_precincts.zip" --plan CD --votes D=USH18D,R=USH18R --pop TOTPOP
  quiet "$GM" score --units "/vsizip/$D/mggg_IA/IA_counties.zip" --plan CD --votes D=PRES16D,R=PRES16R --pop TOTPOP
  quiet "$GM" partisan --results "$D/medsl_us_house/us_house_2012_2020_by_district.csv" --votes D=dem_votes,R=rep_votes --group state_po,year --negative-votes zero
  quiet "$GM" partisan --results "$D/wi_assembly_2022/WI_2022_Votes_in_Assembly_Districts.csv" --votes D=DEM,R=REP --group plan,office
else
  echo "NOTICE: shared data not found; the false-alarm checks were skipped"
fi
finish
