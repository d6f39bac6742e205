# GDAL, GEOS and PROJ are loaded on first use (GERRYMETER_LAZY_LIBS, engine/core/lazy_libs.c):
# a command that needs none of them never loads them, one that needs them works as before.
. "$(dirname "$0")/lib.bash"
if readelf -d "$GM" | grep -q 'NEEDED.*libgdal'; then
  echo "NOTICE: built with GERRYMETER_LAZY_LIBS=OFF (GDAL linked directly); SKIPPING lazy_libs.sh"
  exit 0
fi
# the libraries the dynamic linker opened during a run (LD_DEBUG=libs lists each once)
loaded() { LD_DEBUG=libs "$@" 2>&1 >/dev/null | grep -oE 'calling init: [^ ]+' | sed 's|.*/||' | sort -u; }

loaded "$GM" metrics > "$tmp/metrics.libs"
for lib in libgdal libgeos_c libproj; do
  if grep -q "^$lib\." "$tmp/metrics.libs"; then
    echo "FAIL: 'gerrymeter metrics' loaded $lib"; fails=$((fails+1))
  fi
done
# a command that reads a GeoPackage loads GDAL (and GEOS, PROJ for its shapes) and scores
S="$GM_SRC/testdata/sample/precincts.gpkg"
loaded "$GM" compactness --units "$S" --pop TOTPOP --plan CD > "$tmp/score.libs"
for lib in libgdal libgeos_c libproj; do
  grep -q "^$lib\." "$tmp/score.libs" || { echo "FAIL: compactness did not load $lib"; fails=$((fails+1)); }
done
expect 0 "score from a GeoPackage" -- "$GM" score --units "$S" --pop TOTPOP --plan CD --votes D=G20D,R=G20R -f json
contains "$tmp/out" '"D": 167357' "score through the lazily loaded GDAL: D votes of the sample"
finish
