# Nothing reaches the network unless --allow-network: network paths are refused, and
# local files that name remote sources (VRT, GML schema) fetch nothing. A local HTTP
# server on 127.0.0.1 records every connection; it must see none, except in the
# positive control with --allow-network (which proves the trap works).
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || { echo "NOTICE: python3 missing; SKIPPING"; exit 0; }
# worst case for a proxy-based block: the loopback host is exempt from any proxy
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
log="$tmp/requests.log"; : > "$log"
python3 "$GM_SRC/tests/support/http_trap.py" "$log" "$tmp/port" & srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 300); do [ -s "$tmp/port" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] || { echo "FAIL: the local HTTP server did not start"; exit 1; }
P=$(cat "$tmp/port"); U="http://127.0.0.1:$P"
no_requests() { if [ -s "$log" ]; then echo "FAIL: $1: the server was contacted:"; sed 's/^/  | /' "$log"; fails=$((fails+1)); : > "$log"; fi; }

# 1. network paths given directly: usage error (2), named, with the way out (a PostgreSQL
#    server on this machine is not the network: tests/cli/postgis.sh reads one)
for src in "$U/units.geojson" "https://127.0.0.1:$P/u.geojson" "/vsicurl/$U/u.geojson" \
           "/vsicurl_streaming/$U/u.geojson" "/vsizip//vsicurl/$U/u.zip" "/vsis3/bucket/u.geojson" \
           "/vsizip//vsis3/bucket/u.zip" "/vsigs/b/u.geojson" "GeoJSON:$U/u.geojson" "WFS:$U/wfs" \
           "PG:host=db.example.org port=$P dbname=x"; do
  expect 2 "refuse $src" -- "$GM" score --units "$src" --at-large
  contains "$tmp/err" "unless --allow-network is given" "refusal message for $src"
  no_requests "$src"
done
expect 2 "refuse a network plan layer" -- "$GM" score --units "$GM_SRC/tests/bad_inputs/squares.geojson" --plan "/vsicurl/$U/d.geojson" --district-id D
no_requests "network plan layer"
expect 2 "refuse a network assignment CSV" -- "$GM" score --units "$GM_SRC/tests/bad_inputs/squares.geojson" --plan "$U/plan.csv" --join ID
contains "$tmp/err" "is a network location, and network access is not allowed; gerrymeter reads only local files unless --allow-network is given" "assignment CSV refusal"
no_requests "network assignment CSV"

# 2. local files that name remote sources
vrt() { printf '<OGRVRTDataSource><OGRVRTLayer name="u"><SrcDataSource>%s</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n' "$1" > "$tmp/$2.vrt"; }
vrt "/vsicurl/$U/vrt_vsicurl.geojson" curl
vrt "$U/vrt_http.geojson" http
vrt "WFS:$U/wfs" wfs
vrt "OAPIF:$U/oapif" oapif
vrt "PG:host=db.example.org port=$P dbname=x connect_timeout=2" pg
vrt "/vsis3/bucket/vrt_s3.geojson" s3
for v in curl http wfs oapif pg s3; do
  AWS_S3_ENDPOINT=127.0.0.1:$P AWS_HTTPS=NO AWS_NO_SIGN_REQUEST=YES AWS_VIRTUAL_HOSTING=FALSE \
    expect 1 "VRT naming $v" -- "$GM" score --units "$tmp/$v.vrt" --at-large
  contains "$tmp/err" "gerrymeter: '$tmp/$v.vrt' reads from a network source (" "VRT $v: clear error"
  contains "$tmp/err" "unless --allow-network is given" "VRT $v: the way out"
  no_requests "VRT naming $v"
done
# a VRT whose (local) source is missing: an error naming what was read, no hint
vrt "$tmp/nowhere/u.geojson" missing
expect 1 "VRT naming a missing file" -- "$GM" score --units "$tmp/missing.vrt" --at-large
contains "$tmp/err" "gerrymeter: $tmp/missing.vrt: layer 'u': reading stopped after 0 features" "VRT with a missing source"
# GML whose schema is a WFS DescribeFeatureType URL on the trap
cat > "$tmp/u.gml" <<GML
<?xml version="1.0" encoding="utf-8"?>
<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs" xmlns:gml="http://www.opengis.net/gml"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:t="http://example.org/t"
  xsi:schemaLocation="http://example.org/t $U/wfs?SERVICE=WFS&amp;VERSION=1.0.0&amp;REQUEST=DescribeFeatureType&amp;TYPENAME=t:u">
 <gml:featureMember><t:u><t:POP>3</t:POP><t:geom><gml:Polygon srsName="EPSG:4326"><gml:outerBoundaryIs><gml:LinearRing>
  <gml:coordinates>0,0 0.01,0 0.01,0.01 0,0.01 0,0</gml:coordinates></gml:LinearRing></gml:outerBoundaryIs></gml:Polygon></t:geom></t:u></gml:featureMember>
</wfs:FeatureCollection>
GML
"$GM" score --units "$tmp/u.gml" --at-large --pop POP >"$tmp/out" 2>"$tmp/err"
no_requests "GML with a remote schema"

# 3. positive control: allowed, the same sources are fetched
expect 0 "--allow-network before the command" -- "$GM" --allow-network score --units "/vsicurl/$U/ok.geojson" --at-large --pop POP --format csv
contains "$tmp/out" "0,1,7,0," "remote units read when allowed"
grep -q "GET /ok.geojson" "$log" || { echo "FAIL: positive control: no request seen"; fails=$((fails+1)); }
: > "$log"
expect 0 "--allow-network after the command" -- "$GM" score --units "/vsicurl/$U/ok2.geojson" --at-large --pop POP --allow-network
grep -q "GET /ok2.geojson" "$log" || { echo "FAIL: --allow-network after the command: no request"; fails=$((fails+1)); }
finish
