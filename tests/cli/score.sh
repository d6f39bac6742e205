# gerrymeter score: help, version, exit codes, messages, formats, safe output.
. "$(dirname "$0")/lib.bash"
need_shared
NH="$SHARED/mggg_NH/NH.zip"

expect 0 "--help" -- "$GM" --help;            contains "$tmp/out" "score" "--help lists score"
expect 0 "score --help" -- "$GM" score --help; contains "$tmp/out" "--votes" "score --help"
expect 0 "--version" -- "$GM" --version;       contains "$tmp/out" "gerrymeter 0." "--version"
expect 2 "no command" -- "$GM"
expect 2 "unknown command" -- "$GM" frobnicate; contains "$tmp/err" "gerrymeter: unknown command" "unknown command message"
expect 2 "unknown option" -- "$GM" score --bogus; contains "$tmp/err" "gerrymeter: unknown option '--bogus'" "unknown option"
expect 2 "bad format" -- "$GM" score --units "$NH" --plan CD --format xml; contains "$tmp/err" "--format" "bad format"
expect 2 "no plan" -- "$GM" score --units "$NH"
expect 1 "missing file" -- "$GM" score --units /nonexistent/x.shp --plan CD
contains "$tmp/err" "gerrymeter: '/nonexistent/x.shp': no such file" "missing file message"
expect 1 "missing field" -- "$GM" score --units "$NH" --plan CD --votes D=NOPE,R=USH12R
contains "$tmp/err" "no votes field 'NOPE'; fields are: PRES12R" "missing field lists fields"

# formats
expect 0 "json" -- "$GM" score --units "$NH" --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, sys
j = json.load(open(sys.argv[1]))
d = {x["district"]: x for x in j["districts"]}
assert d["01"]["votes"] == {"D": 171650, "R": 158659}, d["01"]
assert d["02"]["votes"] == {"D": 169275, "R": 152977}
assert d["01"]["population"] == 658225 and d["01"]["winner"] == "D"
p = j["plan"]
assert p["seats"] == {"D": 2, "R": 0} and p["favours"] == "D" and p["positive_favours"] == "R"
# EG by hand: wasted D = (171650-165154.5)+(169275-161126) ; wasted R = 158659+152977
wd = (171650 - 330309/2) + (169275 - 322252/2); wr = 158659 + 152977
assert abs(p["efficiency_gap"] - (wd - wr) / (330309 + 322252)) < 1e-15
assert abs(p["population_deviation"]["range"] - 20/658235) < 1e-15
PY
expect 0 "csv" -- "$GM" score --units "$NH" --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP --format csv
contains "$tmp/out" "district,units,population,deviation,deviation_pct,votes_D,votes_R,share,winner" "csv header"
contains "$tmp/out" "01,114,658225,-10," "csv row"
expect 0 "text" -- "$GM" score --units "$NH" --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP
contains "$tmp/out" "Efficiency gap: -45.51% (favours D; positive favours R)" "text names the favoured party"

# --compactness: the tiny grid's four 2 km x 2 km districts are squares
expect 0 "score --compactness" -- "$GM" score --units "$GM_SRC/testdata/tiny/precincts.gpkg" --plan CD --pop TOTPOP --compactness --format json
python3 - "$tmp/out" <<'PY' || fails=$((fails+1))
import json, math, sys
c = json.load(open(sys.argv[1]))["compactness"]
assert len(c["districts"]) == 4
for d in c["districts"]:
    assert abs(d["polsby_popper"] - math.pi / 4) < 1e-6, d
    assert abs(d["reock"] - 2 / math.pi) < 1e-6, d
    assert d["cut_edges"] == 4, d
PY
expect 2 "--compactness with csv" -- "$GM" score --units "$GM_SRC/testdata/tiny/precincts.gpkg" --plan CD --compactness --format csv

# assignment CSV plan
printf 'Precinct,district\n' > "$tmp/assign.csv"
ogr2ogr -f CSV /vsistdout/ "/vsizip/$NH" -select Precinct,CD 2>/dev/null | tail -n +2 >> "$tmp/assign.csv"
expect 0 "assignment csv" -- "$GM" score --units "$NH" --plan "$tmp/assign.csv" --join Precinct --votes D=USH12D,R=USH12R --format csv
contains "$tmp/out" "01,114,0,0,,171650,158659" "assignment plan gives the CD totals"
head -5 "$tmp/assign.csv" > "$tmp/short.csv"; echo "NotAPlace,01" >> "$tmp/short.csv"
expect 1 "assignment with unknown + missing ids" -- "$GM" score --units "$NH" --plan "$tmp/short.csv" --join Precinct
contains "$tmp/err" "1 id not in the unit layer ('NotAPlace')" "unknown id named"
contains "$tmp/err" "316 units missing from the file" "missing ids counted"

# output: atomic, never over an input, never half-written
cp "$NH" "$tmp/NH copy ü.zip"
expect 2 "output is an input" -- "$GM" score --units "$tmp/NH copy ü.zip" --plan CD -o "$tmp/NH copy ü.zip"
contains "$tmp/err" "is also an input" "output over input refused"
echo "previous" > "$tmp/keep.json"
expect 1 "failed run keeps old output" -- "$GM" score --units "$NH" --plan CD --votes D=NOPE,R=USH12R -o "$tmp/keep.json"
contains "$tmp/keep.json" "previous" "old output untouched"
expect 0 "write output file (path with space, non-ASCII)" -- "$GM" score --units "$tmp/NH copy ü.zip" --plan CD --votes D=USH12D,R=USH12R --format json -o "$tmp/keep.json"
contains "$tmp/keep.json" "\"efficiency_gap\"" "output file written"
[ -z "$(ls -A "$tmp" | grep '\.gm-')" ] || { echo "FAIL: temp file left behind"; fails=$((fails+1)); }
finish
