# No error message suggests a flag its command does not have (issue 13, class 6). Each
# command is run into each engine hint it can meet (a missing CRS, a filter, the
# district id field, the join field, negative votes, population, grouping, the
# convention, network access, a graph file) and into the usage messages of the shared
# load step; the message must be the one meant (its advice is checked), and every
# --flag it names must be in that command's --help (or the global --help for
# --allow-network). A command named inside the advice ('gerrymeter graph --format
# json') is checked against that command's help.
. "$(dirname "$0")/lib.bash"
B="$GM_SRC/tests/bad_inputs"
S="--units $B/squares.geojson"
V="--votes D=D,R=R"
# a unit layer without a CRS (a shapefile without its .prj)
ogr2ogr -f "ESRI Shapefile" "$tmp/nocrs.shp" "$B/squares.geojson" 2>/dev/null && rm -f "$tmp/nocrs.prj"
printf '{"directed": false, "nodes": 7}\n' > "$tmp/bad_graph.json"
NET="http://example.invalid/u.geojson"

# help text of a command (cached)
help_of() {
  local key=${1// /_}
  [ -f "$tmp/help_$key" ] || "$GM" $1 --help > "$tmp/help_$key" 2>&1
  cat "$tmp/help_$key"
}
"$GM" --help > "$tmp/help_global"

# every --flag of a message, checked against the help of the command that printed it
check_flags() {
  local cmd=$1 what=$2 msg
  # drop the "(try 'gerrymeter CMD --help')" tail; check quoted commands on their own
  msg=$(sed "s/ (try 'gerrymeter [a-z ]*--help')\$//" "$tmp/err")
  while IFS= read -r quoted; do
    local other flags
    other=$(printf '%s' "$quoted" | sed -E "s/^'gerrymeter (([a-z]+ )*[a-z]+)( --.*)?'\$/\1/; s/ --.*//")
    other=$(printf '%s' "$other" | awk '{ if ($1 == "ensemble") print $1" "$2; else print $1 }')
    for f in $(printf '%s' "$quoted" | grep -oE -- "--[a-z][a-z-]*"); do
      help_of "$other" | grep -qE -- "(^|[ ,])$f([ ,=]|\$)" ||
        { echo "FAIL: $what: '$quoted' names $f, not in 'gerrymeter $other --help'"; fails=$((fails+1)); }
    done
  done < <(printf '%s\n' "$msg" | grep -oE "'gerrymeter [^']*'")
  msg=$(printf '%s\n' "$msg" | sed -E "s/'gerrymeter [^']*'//g")
  for f in $(printf '%s\n' "$msg" | grep -oE -- "(^|[^a-z-])--[a-z][a-z-]*" | grep -oE -- "--[a-z][a-z-]*"); do
    if help_of "$cmd" | grep -qE -- "(^|[ ,\[])$f([] ,=]|\$)"; then continue; fi
    if [ "$f" = "--allow-network" ] && grep -qF -- "$f" "$tmp/help_global"; then continue; fi
    echo "FAIL: $what: the message names $f, which 'gerrymeter $cmd' does not have:"
    sed 's/^/  | /' "$tmp/err" | head -3
    fails=$((fails+1))
  done
}

# hint CMD ADVICE ARGS...: run "gerrymeter CMD ARGS", expect a failure whose message holds
# ADVICE, then check its flags
hint() {
  local cmd=$1 advice=$2; shift 2
  # shellcheck disable=SC2086 # "ensemble score" is two words
  "$GM" $cmd "$@" > "$tmp/out" 2> "$tmp/err"; local rc=$?
  if [ "$rc" = 0 ]; then echo "FAIL: $cmd $*: succeeded"; fails=$((fails+1)); return; fi
  contains "$tmp/err" "$advice" "$cmd: $advice"
  check_flags "$cmd" "$cmd $*"
}

# --- the unit layer (every command that loads units) -----------------------------------
for cmd in score partisan report; do
  hint $cmd "pass it with --crs" --units "$tmp/nocrs.shp" --plan "$B/districts.geojson" --district-id DIST $V
  hint $cmd "see --where" $S --plan CD $V --where "ID='zz'"
  hint $cmd "see --where" $S --plan CD $V --where "((("
  hint $cmd "see --plan-where" $S --plan "$B/districts.geojson" --district-id DIST --plan-where "DIST='9'" $V
  hint $cmd "pass --district-id FIELD" $S --plan "$B/districts.geojson" $V
  hint $cmd "pass --join FIELD" $S --plan "$B/assign_ok.csv" --join D $V
  hint $cmd "an assignment CSV needs --join FIELD" $S --plan "$B/assign_ok.csv" $V
  hint $cmd "pass --negative-votes zero" --units "$B/negative_votes.geojson" --plan CD $V
  hint $cmd "see --pop" --units "$B/nan_pop.geojson" --plan CD --pop POP $V
  hint $cmd "unless --allow-network is given" --units "$NET" --plan CD $V
  hint $cmd "--district-id applies only when the plan is a district layer" $S --plan CD --district-id X $V
done
for cmd in check graph; do
  hint $cmd "pass it with --crs" --units "$tmp/nocrs.shp"
  hint $cmd "see --where" $S --where "ID='zz'"
  hint $cmd "unless --allow-network is given" --units "$NET"
done
hint graph "pass --negative-votes zero" --units "$B/negative_votes.geojson" $V
E="$tmp/plans.jsonl"
printf '{"assignment": [0, 0, 1, 1]}\n' > "$E"
hint "ensemble score" "write one with 'gerrymeter graph --format json'" $S $V --plans "$E" --graph "$tmp/bad_graph.json" -o none
hint "ensemble score" "pass --district-id FIELD" $S $V --plans "$E" --reference "$B/districts.geojson" -o none
hint "ensemble score" "pass --join FIELD" $S $V --plans "$E" --reference "$B/assign_ok.csv" --join D -o none
hint "ensemble score" "see --where" $S $V --plans "$E" --where "ID='zz'" -o none
hint "ensemble score" "pass --negative-votes zero" --units "$B/negative_votes.geojson" $V --plans "$E" -o none
hint "ensemble score" "pass it with --crs" --units "$tmp/nocrs.shp" $V --plans "$E" --graph auto -o none

# --- district results (partisan and report) ---------------------------------------------
for cmd in partisan report; do
  hint $cmd "pass --negative-votes zero" --results "$B/results_negative.csv" $V
  hint $cmd "see --group" --results "$B/results_dup_district.csv" $V
  hint $cmd "see --where" --results "$B/results_negative.csv" $V --where "state='XX'" --negative-votes zero
  hint $cmd "see --where" --results "$B/results_negative.csv" $V --where "state=='NH' OR 1"
done

# --- compactness: a district layer, or districts dissolved from units ------------------
hint compactness "see --where" "$B/districts.geojson" --where "DIST='9'"
hint compactness "see --convention" "$B/districts.geojson" --convention dra --crs EPSG:26916
hint compactness "pass it with --crs" "$B/districts.geojson" --crs EPSG:4326
hint compactness "unless --allow-network is given" "$NET"
# with --units its --id and --where are the district layer's
hint compactness "pass --id FIELD" --units "$B/squares.geojson" "$B/districts.geojson"
hint compactness "see --where" --units "$B/squares.geojson" "$B/districts.geojson" --id DIST --where "DIST='9'"
hint compactness "an assignment CSV needs --join FIELD" --units "$B/squares.geojson" --plan "$B/assign_ok.csv"
hint compactness "pass --join FIELD" --units "$B/squares.geojson" --plan "$B/assign_ok.csv" --join D
hint compactness "--id applies only when the plan is a district layer" --units "$B/squares.geojson" --plan CD --id X
hint compactness "has no coordinate reference system" --units "$tmp/nocrs.shp" --plan CD
finish
