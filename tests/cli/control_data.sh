# scripts/make_control_data.py reproduces the shipped control tables byte for byte.
. "$(dirname "$0")/lib.bash"
need_shared
expect 0 "make_control_data.py" -- python3 "$GM_SRC/scripts/make_control_data.py" "$SHARED" --out "$tmp/control"
contains "$tmp/out" "wrote 120 control rows, 2176 district results, 500 NCSL state rows, 10 NCSL tables, 259 state legislative plans" "row counts"
for f in congress_control.csv us_house_2012_2020.csv state_leg_seats.csv state_leg_seats_national.csv state_leg_control.csv; do
  cmp -s "$tmp/control/$f" "$GM_SRC/testdata/control/$f" || { echo "FAIL: $f differs from a fresh run"; fails=$((fails+1)); }
done
# Both files name their sources in their header lines.
contains "$tmp/control/us_house_2012_2020.csv" "doi:10.7910/DVN/IG0UN2" "MEDSL named"
contains "$tmp/control/congress_control.csv" "redistricting.lls.edu" "All About Redistricting named"
contains "$tmp/control/state_leg_seats.csv" "ncsl.org" "NCSL named"
contains "$tmp/control/state_leg_control.csv" "redistricting.lls.edu" "All About Redistricting named"
finish
