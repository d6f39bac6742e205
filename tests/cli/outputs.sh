# Outputs (issue 13, class 7): -o onto a symbolic link writes the file it links to (the
# link stays a link), keeps that file's mode, and a read-only file is refused (exit 1,
# naming it; the file unchanged, no temporary file left). One implementation for every
# output: text/JSON/CSV sinks, GeoPackages written by GDAL, the ensemble rows (also
# with --resume), summaries and GMEN files, charts and reports. A device is written in
# place. A source of several layers, none named, is refused with the list of layers.
. "$(dirname "$0")/lib.bash"
B="$GM_SRC/tests/bad_inputs"
U="--units $B/squares.geojson --pop POP --votes D=D,R=R"
d="$tmp/o"
mkdir -p "$d/real"
printf '{"assignment": [0, 0, 1, 1]}\n{"assignment": [0, 1, 0, 1]}\n' > "$d/plans.jsonl"

mode_of() { stat -c %a "$1"; }
no_temp() {
  if ls -a "$d" "$d/real" | grep -q '\.gm-'; then echo "FAIL: $1: a temporary file is left"; ls -a "$d" "$d/real"; fails=$((fails+1)); fi
}

# through_link NAME OPTION-THAT-TAKES-THE-PATH ARGS...: the output goes to real/NAME via the
# link NAME, which stays a link; the target's mode 640 is kept
through_link() {
  local name=$1 opt=$2; shift 2
  rm -f "$d/$name" "$d/real/$name"
  echo old > "$d/real/$name"; chmod 640 "$d/real/$name"
  ln -s "real/$name" "$d/$name"
  expect 0 "$name through a link" -- "$@" "$opt" "$d/$name"
  [ -L "$d/$name" ] || { echo "FAIL: $name: the link was replaced"; fails=$((fails+1)); }
  [ "$(head -c 3 "$d/real/$name")" != old ] || { echo "FAIL: $name: the linked file was not written"; fails=$((fails+1)); }
  [ "$(mode_of "$d/real/$name")" = 640 ] || { echo "FAIL: $name: mode $(mode_of "$d/real/$name"), expected 640"; fails=$((fails+1)); }
  no_temp "$name"
}
# read_only NAME OPTION ARGS...: a read-only target, directly and through a link, is refused
read_only() {
  local name=$1 opt=$2; shift 2
  rm -f "$d/$name" "$d/real/$name" "$d/ro_$name"
  echo keep > "$d/real/$name"; chmod 444 "$d/real/$name"
  expect 1 "$name read-only" -- "$@" "$opt" "$d/real/$name"
  contains "$tmp/err" "cannot write '$d/real/$name': the file is read-only" "$name: read-only named"
  ln -s "real/$name" "$d/ro_$name"
  expect 1 "$name read-only through a link" -- "$@" "$opt" "$d/ro_$name"
  contains "$tmp/err" "cannot write '$d/ro_$name': the file it links to, '$d/real/$name', is read-only" "$name: link target named"
  [ "$(cat "$d/real/$name")" = keep ] && [ "$(mode_of "$d/real/$name")" = 444 ] ||
    { echo "FAIL: $name: the read-only file changed"; fails=$((fails+1)); }
  no_temp "$name read-only"
  chmod 644 "$d/real/$name"
}

for fmt in text json csv; do
  through_link "score.$fmt" -o "$GM" score $U --plan CD --format $fmt
done
read_only score.csv -o "$GM" score $U --plan CD --format csv
through_link partisan.json -o "$GM" partisan $U --plan CD --format json
through_link chart.svg --svg "$GM" partisan $U --plan CD
through_link report.html -o "$GM" report $U --plan CD
read_only report.html -o "$GM" report $U --plan CD
through_link graph.json -o "$GM" graph --units "$B/squares.geojson"
# GDAL writes the GeoPackage itself
through_link comp.gpkg -o "$GM" compactness "$B/districts.geojson" --format gpkg
read_only comp.gpkg -o "$GM" compactness "$B/districts.geojson" --format gpkg
# ensembles: rows, summary, chart, GMEN
E="ensemble score $U --plans $d/plans.jsonl"
through_link rows.csv -o "$GM" $E
read_only rows.csv -o "$GM" $E
through_link summary.json --summary "$GM" $E -o none
read_only summary.json --summary "$GM" $E -o none
through_link plans.gmen -o "$GM" ensemble convert --plans "$d/plans.jsonl" --to gmen
# --resume: the partial rows beside the linked file, the finished rows into it
through_link resumed.csv -o "$GM" $E --resume
[ -e "$d/real/resumed.csv.partial" ] || [ -e "$d/resumed.csv.partial" ] &&
  { echo "FAIL: --resume left its partial file"; fails=$((fails+1)); }
read_only resumed.csv -o "$GM" $E --resume
[ -e "$d/real/resumed.csv.resume" ] && { echo "FAIL: a refused --resume left a record"; fails=$((fails+1)); }

# a directory is refused; a dangling link's file is created
mkdir -p "$d/adir"
expect 1 "-o a directory" -- "$GM" score $U --plan CD -o "$d/adir"
contains "$tmp/err" "cannot write '$d/adir': it is a directory" "directory named"
ln -s real/new.csv "$d/dangling.csv"
expect 0 "-o a dangling link" -- "$GM" score $U --plan CD --format csv -o "$d/dangling.csv"
[ -L "$d/dangling.csv" ] && [ -s "$d/real/new.csv" ] || { echo "FAIL: dangling link"; fails=$((fails+1)); }
# a device is written in place, never replaced (needs root to make one)
if mknod "$d/null" c 1 3 2>/dev/null; then
  expect 0 "-o a device" -- "$GM" score $U --plan CD -o "$d/null"
  [ -c "$d/null" ] || { echo "FAIL: the device was replaced by a file"; fails=$((fails+1)); }
fi

# --- a source of several layers -------------------------------------------------------
ogr2ogr -f GPKG "$d/two.gpkg" "$B/squares.geojson" -nln units 2>/dev/null
ogr2ogr -f GPKG -update "$d/two.gpkg" "$B/districts.geojson" -nln districts 2>/dev/null
expect 2 "two layers, none named" -- "$GM" score --units "$d/two.gpkg" --plan CD --votes D=D,R=R
contains "$tmp/err" "'$d/two.gpkg' holds 2 layers (units, districts) and none was named; name one as PATH:LAYER" "layers listed"
expect 2 "compactness, two layers" -- "$GM" compactness "$d/two.gpkg"
contains "$tmp/err" "holds 2 layers (units, districts)" "compactness lists them"
expect 0 "PATH:LAYER" -- "$GM" score --units "$d/two.gpkg:units" --plan CD --votes D=D,R=R --format csv
contains "$tmp/out" "1,2,0,0,,11,3," "the named layer is scored"
expect 0 "--layer" -- "$GM" score --units "$d/two.gpkg" --layer units --plan CD --votes D=D,R=R
expect 0 "plan layer named" -- "$GM" score --units "$d/two.gpkg:units" --plan "$d/two.gpkg:districts" --district-id DIST --votes D=D,R=R
# one layer with geometry beside an attribute table (a GeoPackage's layer_styles) is read
printf 'f_table_name,styleName\nunits,default\n' > "$d/styles.csv"
ogr2ogr -f GPKG "$d/styled.gpkg" "$B/squares.geojson" -nln units 2>/dev/null
ogr2ogr -f GPKG -update "$d/styled.gpkg" "$d/styles.csv" -nln layer_styles 2>/dev/null
expect 0 "one spatial layer and a table" -- "$GM" score --units "$d/styled.gpkg" --plan CD --votes D=D,R=R --format csv
contains "$tmp/out" "1,2,0,0,,11,3," "the spatial layer is scored"

# Every output is checked before anything is read or written: a second output in a
# missing folder leaves no first output behind; two outputs naming one file, or an output
# naming an input (--summary over the plans), are refused.
SM="$GM_SRC/testdata/sample"
rm -f "$d/first.txt"
expect 1 "svg folder missing" -- "$GM" partisan --units "$SM/precincts.gpkg" --plan CD --votes D=G16D,R=G16R \
  --svg "$d/nofolder/x.svg" -o "$d/first.txt"
contains "$tmp/err" "--svg '$d/nofolder/x.svg': the folder '$d/nofolder' does not exist" "folder message"
[ -e "$d/first.txt" ] && { echo "FAIL: -o written although --svg could not be"; fails=$((fails+1)); }
printf '{"sample": 0, "assignment": [0, 0, 1, 1]}\n' > "$d/plans.jsonl"
expect 2 "summary over the plans" -- "$GM" ensemble score --units "$B/squares.geojson" --votes D=D,R=R \
  --plans "$d/plans.jsonl" -o "$d/rows.csv" --summary "$d/plans.jsonl"
contains "$tmp/err" "--summary '$d/plans.jsonl' is also an input" "summary is an input"
expect 2 "two outputs one file" -- "$GM" ensemble score --units "$B/squares.geojson" --votes D=D,R=R \
  --plans "$d/plans.jsonl" -o "$d/rows.csv" --summary "$d/rows.csv"
contains "$tmp/err" "--output and --summary name the same file" "same file"
grep -q '"assignment"' "$d/plans.jsonl" || { echo "FAIL: the plans were overwritten"; fails=$((fails+1)); }
finish
