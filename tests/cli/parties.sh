# Parties and district results (issue 13, classes 5 and 6): one field for two parties is
# refused by every command; fields that look swapped are warned about; a district won by
# a party not compared (Maine 2018 Senate: the independent) is named; unopposed races
# with no count keep their seat with --winner-col (FL 2016 = 11 D - 16 R, national
# totals = the official ones); report --results takes --group, --where and --winner-col.
. "$(dirname "$0")/lib.bash"
need_shared
NH="$SHARED/mggg_NH/NH.zip"
ME="$SHARED/mggg_ME/Maine.zip"
M="$SHARED/medsl_us_house/us_house_2012_2020_by_district.csv"
R="--results $M --group state_po,year --negative-votes zero"

# --- class 5: one field for two parties, in every command and in results -------------
msg="votes field 'USH16D' is given for two parties (D and R)"
for args in "score --plan CD" "partisan --plan CD" "report --plan CD --no-map" "graph"; do
  set -- $args
  expect 2 "$1: one field for two parties" -- "$GM" "$@" --units "$NH" --votes D=USH16D,R=USH16D
  contains "$tmp/err" "$msg" "$1 names the field"
done
expect 2 "ensemble score: one field for two parties" -- "$GM" ensemble score --units "$NH" --votes D=USH16D,R=ush16d --plans "$SHARED/ensembles/nh_send_recom_5000.jsonl.xz" -o none
contains "$tmp/err" "votes field 'USH16D' is given for two parties" "ensemble names the field (any case)"
expect 2 "partisan --results: one column for two parties" -- "$GM" partisan $R --votes D=dem_votes,R=dem_votes
contains "$tmp/err" "vote column 'dem_votes' is given for two parties (D and R)" "results name the column"

# --- class 5: fields that look swapped: a warning on stderr, in JSON and in text -------
expect 0 "score, swapped fields" -- "$GM" score --units "$NH" --plan CD --votes D=USH16R,R=USH16D --format json
contains "$tmp/err" "gerrymeter: warning: $NH: votes field 'USH16R' is given for D but its name looks Republican, and 'USH16D' is given for R but its name looks Democratic" "swapped warning on stderr"
contains "$tmp/out" '"code": "vote_fields_look_swapped"' "swapped warning in JSON"
expect 0 "score, fields in order" -- "$GM" score --units "$NH" --plan CD --votes D=USH16D,R=USH16R --format json
contains "$tmp/out" '"warnings": []' "no warning for the right order"
[ -s "$tmp/err" ] && { echo "FAIL: right order warns"; fails=$((fails+1)); }
expect 0 "ensemble score, swapped fields" -- "$GM" ensemble score --units "$NH" --votes D=USH16R,R=USH16D --plans "$SHARED/ensembles/nh_send_recom_5000.jsonl.xz" -o none --summary "$tmp/s.json"
contains "$tmp/err" "votes field 'USH16R' is given for D but its name looks Republican" "ensemble score shows the warning"
expect 0 "partisan, swapped columns" -- "$GM" partisan $R --votes D=rep_votes,R=dem_votes
contains "$tmp/out" "vote column 'rep_votes' is given for D but its name looks Republican" "swapped results warning in text"
expect 0 "MN DFL fields in order" -- "$GM" score --units "$SHARED/mggg_MN/mn_16.zip" --plan CONGDIST --votes DFL=USREPDFL,R=USREPR
[ -s "$tmp/err" ] && { echo "FAIL: DFL/R warns"; fails=$((fails+1)); }
expect 0 "MN DFL fields swapped" -- "$GM" score --units "$SHARED/mggg_MN/mn_16.zip" --plan CONGDIST --votes DFL=USREPR,R=USREPDFL
contains "$tmp/err" "'USREPR' is given for DFL but its name looks Republican" "DFL/R swapped warns"

# --- class 5: a party not compared wins (Maine 2018 Senate: King, I, won both CDs) ------
ME_VOTES="--votes D=SEN18D,R=SEN18R,I=SEN18I"
hyp="I won districts 01, 02: the two-party metrics compare D and R only, so they describe a hypothetical contest between those two"
expect 0 "score Maine" -- "$GM" score --units "$ME" --plan CD $ME_VOTES --format json
contains "$tmp/err" "$hyp" "score names the independent's districts"
contains "$tmp/out" '"code": "other_party_wins"' "score JSON warning"
contains "$tmp/out" '"winner": "I"' "the winner is the independent"
expect 0 "partisan Maine" -- "$GM" partisan --units "$ME" --plan CD $ME_VOTES
contains "$tmp/out" "$hyp" "partisan text warning"
expect 0 "report Maine" -- "$GM" report --units "$ME" --plan CD $ME_VOTES --no-map --format md
contains "$tmp/out" "$hyp" "report shows it"
expect 0 "Maine, two parties" -- "$GM" score --units "$ME" --plan CD --votes D=SEN18D,R=SEN18R
[ -s "$tmp/err" ] && { echo "FAIL: two-party Maine warns"; fails=$((fails+1)); }

# --- class 6: --winner-col: FL 2016 = 11-16, national totals -----------------------------
expect 0 "FL 2016 without the winner column" -- "$GM" partisan $R --votes D=dem_votes,R=rep_votes --where "state_po='FL' AND year=2016" --format csv
contains "$tmp/out" "FL,2016,27,26,1,0,10,16," "without --winner-col FL-24 (unopposed, no count) has no seat"
expect 0 "FL 2016 with the winner column" -- "$GM" partisan $R --votes D=dem_votes,R=rep_votes --where "state_po='FL' AND year=2016" --winner-col winner_party
contains "$tmp/out" "Seats: D 11, R 16" "FL 2016 11-16"
contains "$tmp/out" "Seats from the winner column (no votes counted; in no share): 1 (24 D)" "FL-24 listed"
expect 0 "FL 2016 JSON" -- "$GM" partisan $R --votes D=dem_votes,R=rep_votes --where "state_po='FL' AND year=2016" --winner-col winner_party --format json
contains "$tmp/out" '"declared_winner_seats": 1,' "JSON counts the declared seat"
tr -d ' \n' < "$tmp/out" | grep -qF '"declared_winner_districts":["24"]' || { echo "FAIL: JSON lists FL-24"; fails=$((fails+1)); }
contains "$tmp/out" '"districts_counted": 26' "FL-24 is out of the shares"
# national seats by year, summed over the state groups (MANIFEST: official totals;
# 2020 without DC's delegate race)
for spec in "2012 201 234" "2014 188 247" "2016 194 241" "2018 235 200" "2020 222 213"; do
  set -- $spec
  expect 0 "national $1" -- "$GM" partisan $R --votes D=dem_votes,R=rep_votes --winner-col winner_party --where "year=$1 AND state_po <> 'DC'" --format csv
  got=$(awk -F, 'NR==1{for(i=1;i<=NF;i++)h[$i]=i} NR>1{d+=$h["seats_D"]; r+=$h["seats_R"]} END{print d, r}' "$tmp/out")
  [ "$got" = "$2 $3" ] || { echo "FAIL: national $1: $got, expected $2 $3"; fails=$((fails+1)); }
done

# --- class 6: report --results takes --group, --where and --winner-col ------------------
expect 1 "report --results, many states" -- "$GM" report --results "$M" --votes D=dem_votes,R=rep_votes --negative-votes zero
contains "$tmp/err" "district '1' appears again" "repeated district"
contains "$tmp/err" "; see --group" "the advice names report's own --group"
"$GM" report --help | grep -q -- "--group COL" || { echo "FAIL: report --help has no --group"; fails=$((fails+1)); }
expect 2 "report --results --group, many groups" -- "$GM" report $R --votes D=dem_votes,R=rep_votes
contains "$tmp/err" "holds 251 groups of races (AK 2012, AL 2012, AR 2012, AZ 2012, ...); a report is about one: keep it with --where \"state_po='AK' AND year='2012'\"" "report names the filter"
expect 0 "report FL 2016" -- "$GM" report $R --votes D=dem_votes,R=rep_votes --where "state_po='FL' AND year=2016" --winner-col winner_party --format md
contains "$tmp/out" "11 of 27 seats" "report counts FL-24"
contains "$tmp/out" "| 24 | 0 | 0 | n/a | D |" "FL-24 won by D"
contains "$tmp/out" "(FL 2016)" "heading names the group"
expect 0 "report FL 2016 without the winner column" -- "$GM" report $R --votes D=dem_votes,R=rep_votes --where "state_po='FL' AND year=2016" --format md
contains "$tmp/out" "10 of 27 seats" "without it: 10"
expect 2 "report --winner-col without --results" -- "$GM" report --units "$NH" --plan CD --votes D=USH16D,R=USH16R --winner-col w
expect 2 "partisan --winner-col without --results" -- "$GM" partisan --units "$NH" --plan CD --votes D=USH16D,R=USH16R --winner-col w

# --- the row filter ---------------------------------------------------------------------
expect 2 "bad filter" -- "$GM" partisan $R --votes D=dem_votes,R=rep_votes --where "state_po='FL' OR year=2016"
contains "$tmp/err" "bad row filter" "bad filter message"
contains "$tmp/err" "OR is not supported (use IN)" "says what to use"
contains "$tmp/err" "; see --where" "advice"
expect 1 "filter on a missing column" -- "$GM" partisan $R --votes D=dem_votes,R=rep_votes --where "state='FL'"
contains "$tmp/err" "no filter column 'state'; the columns are: year, state_po" "lists the columns"
expect 1 "filter keeping nothing" -- "$GM" partisan $R --votes D=dem_votes,R=rep_votes --where "state_po='XX'"
contains "$tmp/err" "none of its 2176 district rows passes the filter \"state_po='XX'\"; see --where" "empty filter"
expect 0 "IN list" -- "$GM" partisan $R --votes D=dem_votes,R=rep_votes --where "state_po IN ('NH', 'ME') AND year = 2016" --format csv
[ "$(wc -l < "$tmp/out")" = 3 ] || { echo "FAIL: IN list rows"; fails=$((fails+1)); }
finish
