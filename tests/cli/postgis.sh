# Units and district layers in PostgreSQL/PostGIS, on a real server: a private cluster
# (its own data directory, port and Unix socket in a temporary folder, run as an
# unprivileged user) is started here and stopped at the end. New Hampshire and Minnesota
# are loaded with ogr2ogr; score, partisan, compactness and ensemble score read from the
# database give exactly the file results; bad connections, missing tables, a database
# without PostGIS and a table without geometry are named. Needs postgresql and postgis
# (scripts/install-deps.sh test); skipped where they are missing unless CI=true or
# GM_REQUIRE_POSTGIS=1.
. "$(dirname "$0")/lib.bash"
need_shared
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
have_postgis=$(ls /usr/share/postgresql/*/extension/postgis.control 2>/dev/null | head -1)
if [ -z "$bin" ] || [ -z "$have_postgis" ] || ! command -v ogr2ogr >/dev/null || ! command -v python3 >/dev/null; then
  if [ "${CI:-}" = true ] || [ "${GM_REQUIRE_POSTGIS:-0}" = 1 ]; then
    echo "FAIL: postgresql, postgis, ogr2ogr or python3 missing (scripts/install-deps.sh test installs them)"; exit 1
  fi
  echo "NOTICE: postgresql or postgis not installed; SKIPPING postgis.sh"; exit 0
fi

# the cluster: in its own folder, owned by an unprivileged user (the server refuses root)
pg=$(mktemp -d /tmp/gm-pg.XXXXXX)
chmod 755 "$pg"
as=()
if [ "$(id -u)" = 0 ]; then
  chown nobody "$pg"
  as=(runuser -u nobody --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop_cluster() {
  [ -f "$pg/data/postmaster.pid" ] && (cd "$pg" && "${as[@]}" "$bin/pg_ctl" -D "$pg/data" -m immediate -w stop >/dev/null 2>&1)
  rm -rf "$pg" "$tmp"
}
trap stop_cluster EXIT
trap 'exit 1' INT TERM  # the EXIT trap stops the server
(cd "$pg" && "${as[@]}" "$bin/initdb" -D "$pg/data" -U gm --auth=trust -E UTF8 --no-sync >"$pg/initdb.log" 2>&1) \
  || { echo "FAIL: initdb"; tail -5 "$pg/initdb.log"; exit 1; }
(cd "$pg" && "${as[@]}" "$bin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 60 \
  -o "-k $pg -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
  start >/dev/null) || { echo "FAIL: the server did not start"; tail -5 "$pg/server.log"; exit 1; }
sql() { local db=$1; shift; "$bin/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$pg" -p "$port" -U gm -d "$db" "$@"; }
sql postgres -c "CREATE DATABASE gm" -c "CREATE DATABASE plain"
sql gm -c "CREATE EXTENSION postgis" -c "CREATE SCHEMA gis"
C="PG:dbname=gm host=$pg port=$port user=gm"

D=$(realpath "$SHARED")
NH="$D/mggg_NH/NH.zip" MN="$D/mggg_MN/mn_08_16.zip" CDS="$D/us_congressional_districts/cds_2012.gpkg"
# NH with its column names as they are (LAUNDER=NO), MN (in schema gis) and the districts
# with ogr2ogr's usual lower-case names; every feature keeps its geometry type and FID
t0=$(date +%s)
PG_USE_COPY=YES ogr2ogr -f PostgreSQL "$C" "/vsizip/$NH" -nln NH -nlt GEOMETRY -preserve_fid -lco LAUNDER=NO -lco GEOMETRY_NAME=geom \
  || { echo "FAIL: ogr2ogr NH"; exit 1; }
PG_USE_COPY=YES ogr2ogr -f PostgreSQL "$C" "/vsizip/$MN" -nln gis.mn -nlt GEOMETRY -preserve_fid -lco GEOMETRY_NAME=geom \
  || { echo "FAIL: ogr2ogr MN"; exit 1; }
PG_USE_COPY=YES ogr2ogr -f PostgreSQL "$C" "$CDS" -nln cds -nlt GEOMETRY -preserve_fid -lco GEOMETRY_NAME=geom \
  -where "STATE IN ('NH', 'MN')" || { echo "FAIL: ogr2ogr cds"; exit 1; }
sql gm -c "CREATE TABLE attrs AS SELECT \"CD\", \"TOTPOP\" FROM \"NH\""

# same: the file's output and the database's, the source names aside
# (same FILE_SOURCE PG_SOURCE DESCRIPTION [diff option] -- arguments with @ for the source)
same() {
  local fsrc=$1 psrc=$2 what=$3 dopt=$4; shift 5
  local fa=() pa=()
  for a in "$@"; do fa+=("${a//@/$fsrc}"); pa+=("${a//@/$psrc}"); done
  "$GM" "${fa[@]}" >"$tmp/f.out" 2>"$tmp/f.err"; local rf=$?
  "$GM" "${pa[@]}" >"$tmp/p.out" 2>"$tmp/p.err"; local rp=$?
  if [ "$rf" != 0 ] || [ "$rp" != 0 ]; then
    echo "FAIL: $what: exit $rf (file) / $rp (database)"; sed 's/^/  | /' "$tmp/f.err" "$tmp/p.err" | head -6
    fails=$((fails+1)); return
  fi
  # the names of the sources: the file's path and layer, the connection and table
  norm() { sed -e "s|$C:[A-Za-z_.]*|SRC|g; s|$C|SRC|g; s|$fsrc|SRC|g; s|/vsizip/SRC|SRC|g; s|SRC:[A-Za-z0-9_.]*|SRC|g" \
               -e 's|"layer": "[^"]*"|"layer": L|; s|^# units: .*|# units|; s|^# layer: .*|# layer|' "$1"; }
  if ! diff $dopt <(norm "$tmp/f.out") <(norm "$tmp/p.out") >"$tmp/diff"; then
    echo "FAIL: $what: the database's output differs from the file's"; head -8 "$tmp/diff" | sed 's/^/  | /'
    fails=$((fails+1))
  fi
  [ -s "$tmp/p.out" ] || { echo "FAIL: $what: no output"; fails=$((fails+1)); }
}
# NH: names kept, byte for byte; MN and the districts: lower-cased names, compared
# without case (a filter is SQL: unquoted names fold to lower case, as loaded)
same "$NH" "$C:NH" "score NH CD (JSON)" "" -- score --units @ --plan CD --votes D=PRES16D,R=PRES16R --pop TOTPOP --format json
same "$NH" "$C:NH" "score NH SEND --compactness" "" -- score --units @ --plan SEND --votes D=SEN16D,R=SEN16R --pop TOTPOP --compactness --format json
same "$NH" "$C:NH" "partisan NH SEND" "" -- partisan --units @ --plan SEND --votes D=SEN16D,R=SEN16R --format csv
same "$MN" "$C:gis.mn" "score MN CONGDIST (CSV)" -i -- score --units @ --plan CONGDIST --votes D=USH16D,R=USH16R --pop TOTPOP --format csv
same "$MN" "$C:gis.mn" "score MN with --where" -i -- score --units @ --where "CONGDIST IN ('1', '2')" --plan CONGDIST --votes D=USH16D,R=USH16R --pop TOTPOP --format json
same "$CDS" "$C:cds" "compactness NH" -i -- compactness @ --id DISTRICT --where "STATE = 'NH'" --format json
same "$CDS" "$C:cds" "compactness MN" -i -- compactness @ --id DISTRICT --where "STATE = 'MN'" --format csv
# a district layer from the database, over units from the database
same "$CDS" "$C:cds" "score NH, districts from a layer" -i -- score --units "$C:NH" --plan @ --district-id DISTRICT --plan-where "STATE = 'NH'" --votes D=PRES16D,R=PRES16R --pop TOTPOP --format json
{ xz -dc "$D/ensembles/nh_send_recom_5000.jsonl.xz" || true; } | head -n 300 >"$tmp/nh.jsonl"
{ xz -dc "$D/ensembles/mn_congdist_recom_10000.jsonl.xz" || true; } | head -n 200 >"$tmp/mn.jsonl"
same "$NH" "$C:NH" "ensemble score NH" "" -- ensemble score --units @ --pop TOTPOP --votes D=SEN16D,R=SEN16R --plans "$tmp/nh.jsonl" --graph auto --reference SEND --threads 1
cp "$tmp/f.out" "$tmp/nh_rows.csv"
same "$MN" "$C:gis.mn" "ensemble score MN" -i -- ensemble score --units @ --pop TOTPOP --votes D=USH16D,R=USH16R --plans "$tmp/mn.jsonl" --graph auto --reference CONGDIST --threads 1

# bad input: sources
U=(--votes D=PRES16D,R=PRES16R --pop TOTPOP --plan CD)
expect 1 "no server" -- "$GM" score --units "PG:dbname=gm host=$pg port=1:NH" "${U[@]}"
contains "$tmp/err" "gerrymeter: cannot connect to the database 'PG:dbname=gm host=$pg port=1': connection to server on socket \"$pg/.s.PGSQL.1\" failed: No such file or directory" "no server: libpq's reason"
contains "$tmp/err" "check the connection string" "no server: the way out"
[ "$(wc -l <"$tmp/err")" = 1 ] || { echo "FAIL: no server: not one line"; cat "$tmp/err"; fails=$((fails+1)); }
expect 1 "no database" -- "$GM" score --units "PG:dbname=nosuch host=$pg port=$port user=gm:NH" "${U[@]}"
contains "$tmp/err" 'database "nosuch" does not exist' "no database named"
expect 2 "missing table" -- "$GM" score --units "$C:nh_units" "${U[@]}"
contains "$tmp/err" "gerrymeter: the database '$C' has no table 'nh_units'; tables: " "missing table: named"
contains "$tmp/err" "NH" "missing table: what exists"
contains "$tmp/err" "gis.mn" "missing table: in other schemas too"
expect 2 "several tables, none named" -- "$GM" score --units "$C" "${U[@]}"
contains "$tmp/err" "name one as PG:CONNECTION:TABLE" "several tables: how to name one"
expect 1 "missing field" -- "$GM" score --units "$C:NH" --votes D=PRES16D,R=NOPE --pop TOTPOP --plan CD
contains "$tmp/err" "layer 'NH' has no votes field 'NOPE'; fields are: " "missing field: same error as files"
expect 2 "bad --where" -- "$GM" score --units "$C:NH" "${U[@]}" --where "CD = = 1"
contains "$tmp/err" "cannot be run" "bad filter named"
expect 1 "nothing passes --where" -- "$GM" score --units "$C:NH" "${U[@]}" --where "\"CD\" = '09'"
contains "$tmp/err" "has no features matching the filter" "empty filter: same error as files"
expect 1 "a table without geometry where shapes are needed" -- "$GM" compactness "$C:attrs" --id CD
contains "$tmp/err" "table 'attrs' has no geometry column (it is a plain table), but compactness measures district shapes" "no geometry: named"
expect 1 "a table without geometry as a district layer" -- "$GM" score --units "$C:NH" --votes D=PRES16D,R=PRES16R --pop TOTPOP --plan "$C:attrs" --district-id CD
contains "$tmp/err" "table 'attrs' has no geometry column (it is a plain table)" "no geometry (district layer): named"
sql plain -c "CREATE TABLE units (id int, pop int)" -c "INSERT INTO units VALUES (1, 5)"
expect 1 "no PostGIS" -- "$GM" compactness "PG:dbname=plain host=$pg port=$port user=gm:units" --id id
contains "$tmp/err" "the database has no PostGIS extension" "no PostGIS: said"
contains "$tmp/err" "CREATE EXTENSION postgis" "no PostGIS: the way out"
expect 2 "no PostGIS, table missing" -- "$GM" compactness "PG:dbname=plain host=$pg port=$port user=gm:districts" --id id
contains "$tmp/err" "has no table 'districts'; tables: units" "no PostGIS: tables named"

echo "postgis.sh: $(($(date +%s) - t0)) s after the cluster started"
finish
