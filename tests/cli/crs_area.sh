# A CRS that does not fit the data (issue 13, sweep class I): a projected layer CRS that
# puts the data outside the area it is made for is an error naming both places and the
# fix; a measuring CRS made for another place is a warning naming the districts and the
# distortion. The real shared layers raise neither.
. "$(dirname "$0")/lib.bash"
need_shared
D="$SHARED"
NH="/vsizip/$D/mggg_NH/NH.zip"
S="$GM_SRC/testdata/sample"

# New Hampshire's US feet read as North Carolina metres: areas x10.8 before
expect 1 "NH labelled EPSG:32119" -- "$GM" score --units "$NH" --crs EPSG:32119 --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP --compactness -o "$tmp/o.json"
contains "$tmp/err" "layer 'NH': its CRS 'NAD83 / North Carolina' (EPSG:32119) puts its coordinates (745474,72029.9..1.24205e+06,1.02328e+06) at longitude -77.52..-71.34, latitude 34.20..42.94, mostly outside the area that CRS is made for (United States (USA) - North Carolina: longitude -84.33..-75.38, latitude 33.83..36.59)" "wrong layer CRS named"
contains "$tmp/err" "the layer's own CRS 'NAD83 / New Hampshire (ftUS)' (EPSG:3437) fits its coordinates: do not override it" "own CRS named"
[ -e "$tmp/o.json" ] && { echo "FAIL: output written"; fails=$((fails+1)); }
# the same wrong CRS on a layer that has none: the fix is the CRS option
mkdir -p "$tmp/noprj" && (cd "$tmp/noprj" && unzip -q "$D/mggg_NH/NH.zip" && rm -f ./*.prj)
shp=$(ls "$tmp"/noprj/*.shp | head -1)
expect 1 "NH without .prj, given EPSG:26919 (metres)" -- "$GM" graph --units "$shp" --crs EPSG:26919 -o "$tmp/g.json"
contains "$tmp/err" "its CRS 'NAD83 / UTM zone 19N' (EPSG:26919) puts its coordinates" "UTM 19N metres for feet refused"
contains "$tmp/err" "give the layer's real CRS (the one its data was made in); pass it with --crs" "fix named"
expect 0 "NH without .prj, given EPSG:3437" -- "$GM" graph --units "$shp" --crs EPSG:3437 -o "$tmp/g.json"
# a wrong district layer CRS
ogr2ogr -f GPKG "$tmp/d.gpkg" "$S/districts.gpkg" -t_srs EPSG:26914 2>/dev/null
ogr2ogr -f GPKG "$tmp/dwrong.gpkg" "$tmp/d.gpkg" -a_srs EPSG:2264 2>/dev/null
expect 1 "district layer in the wrong State Plane" -- "$GM" score --units "$S/precincts.gpkg" --plan "$tmp/dwrong.gpkg" --district-id CD --votes D=G16D,R=G16R
contains "$tmp/err" "its CRS 'NAD83 / North Carolina (ftUS)' (EPSG:2264) puts its coordinates" "district layer CRS named"
contains "$tmp/err" "fix the district layer's CRS" "district layer fix"
expect 0 "district layer in its real CRS" -- "$GM" score --units "$S/precincts.gpkg" --plan "$tmp/d.gpkg" --district-id CD --votes D=G16D,R=G16R

# a measuring CRS made for another place: scored, with a warning (c11, c12 of the sweep)
expect 0 "South Dakota measured in North Carolina's plane" -- "$GM" compactness "$S/districts.gpkg" --id CD --crs EPSG:32119 --format json
contains "$tmp/out" "\"code\": \"measuring_crs_far\"" "warning in JSON"
contains "$tmp/out" "but all 6 of 6 districts (1, 2, 3, 4, 5, ...) lie outside it, at longitude -101.22..-99.54, latitude 43.54..44.51: their lengths and areas measured in it are distorted (in the middle of them its areas are 1.026 times the true ones" "distortion measured"
contains "$tmp/err" "gerrymeter: warning: the measuring CRS 'NAD83 / North Carolina' (EPSG:32119)" "warning on stderr"
expect 0 "NH measured in UTM 15N" -- "$GM" compactness --units "$NH" --plan CD --crs EPSG:26915
contains "$tmp/out" "its areas are 1.077 times the true ones" "NH UTM 15N distortion"
expect 0 "national layer in CONUS Albers" -- "$GM" compactness "$D/us_congressional_districts/cds_2016.gpkg" --id CODE --crs EPSG:5070 --format csv -o "$tmp/us.csv"
contains "$tmp/err" "but 3 of 435 districts (AK-0, HI-1, HI-2) lie outside it" "only Alaska and Hawaii named"

# no false alarm on the real layers: their own CRS, and a CRS made for the place
quiet() { # CMD...: exit 0 and no warning about the CRS (repaired shapes may be named)
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ "$rc" != 0 ] || grep -v "invalid geometr.* repaired with make-valid" "$tmp/err" | grep -q "warning\|CRS"; then
    echo "FAIL: false alarm: $*"; sed 's/^/  | /' "$tmp/err" | head -3; fails=$((fails+1))
  fi
}
for f in "mggg_NH/NH.zip" "mggg_MN/mn_16.zip" "mggg_MN/mn_08_16.zip" "mggg_CT/CT_precincts.zip" \
         "mggg_DE/DE_precincts.zip" "mggg_ME/Maine.zip" "mggg_HI/HI_precincts.zip" "mggg_IA/IA_counties.zip"; do
  quiet "$GM" compactness "/vsizip/$D/$f" -o /dev/stdout
done
for f in "$D"/us_congressional_districts/*.gpkg "$D/wi_assembly_2022/Assembly_EversLeastChange.geojson"; do
  quiet "$GM" compactness "$f" -o /dev/stdout
done
quiet "$GM" graph --units "/vsizip/$D/mggg_ME/Maine.zip" -o "$tmp/me.json"
quiet "$GM" score --units "$NH" --crs EPSG:3437 --plan CD --votes D=USH12D,R=USH12R --pop TOTPOP
quiet "$GM" compactness "/vsizip/$D/mggg_MN/mn_16.zip" --crs EPSG:26915 -o /dev/stdout
quiet "$GM" compactness "/vsizip/$D/mggg_NH/NH.zip" --crs EPSG:3437 -o /dev/stdout
quiet "$GM" compactness "/vsizip/$D/mggg_DE/DE_precincts.zip" --crs EPSG:2235 -o /dev/stdout
quiet "$GM" compactness "/vsizip/$D/mggg_CT/CT_precincts.zip" --crs EPSG:2234 -o /dev/stdout
quiet "$GM" compactness "/vsizip/$D/mggg_ME/Maine.zip" --crs EPSG:26919 -o /dev/stdout
quiet "$GM" compactness "/vsizip/$D/mggg_IA/IA_counties.zip" --crs EPSG:26915 -o /dev/stdout
quiet "$GM" compactness "$D/wi_assembly_2022/Assembly_EversLeastChange.geojson" --crs EPSG:3070 -o /dev/stdout
quiet "$GM" compactness "$D/us_congressional_districts/cds_2018_PA_remedial.gpkg" --crs EPSG:2272 -o /dev/stdout
quiet "$GM" compactness "$D/us_congressional_districts/cds_2020_NC_remedial.gpkg" --crs EPSG:32119 -o /dev/stdout
quiet "$GM" compactness "$D/us_congressional_districts/cds_2022_NJ.gpkg" --crs EPSG:3424 -o /dev/stdout
finish
