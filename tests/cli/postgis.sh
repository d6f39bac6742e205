# Units, district layers and results in PostgreSQL/PostGIS, on a real server: a private
# cluster (its own data directory, port and Unix socket in a temporary folder, run as an
# unprivileged user) is started here and stopped at the end. New Hampshire and Minnesota
# are loaded with ogr2ogr; score, partisan, compactness and ensemble score read from the
# database give exactly the file results; per-plan rows written back read back equal;
# bad connections, missing tables, a database without PostGIS, a table without
# geometry, an existing table and a connection lost in the middle of a write are named
# and leave nothing half-written. Needs postgresql and postgis (scripts/install-deps.sh
# test); skipped where they are missing unless CI=true or GM_REQUIRE_POSTGIS=1.
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

# results into the database, read back equal to the CSV output
# (rows_equal TABLE CSV: every column of the CSV by name, in the table's row order;
# numbers exactly, empty = null, the plan "reference" = null)
rows_equal() {
  sql gm -c "COPY (SELECT * FROM $1 ORDER BY ogc_fid) TO STDOUT WITH (FORMAT csv, HEADER)" >"$tmp/back.csv" \
    || { echo "FAIL: $1 cannot be read back"; fails=$((fails+1)); return; }
  python3 - "$2" "$tmp/back.csv" "$1" <<'PY' || fails=$((fails+1))
import csv, sys
csv.field_size_limit(sys.maxsize)  # the shapes' hex
rows = [r for r in csv.reader(l for l in open(sys.argv[1]) if not l.startswith('#'))]
back = list(csv.reader(open(sys.argv[2])))
head, bhead, t = rows[0], back[0], sys.argv[3]
missing = [c for c in head if c not in bhead]
if missing:
    sys.exit(f"FAIL: {t}: columns {missing} missing (table: {bhead[:8]}...)")
if len(back) != len(rows):
    sys.exit(f"FAIL: {t}: {len(back) - 1} rows in the table, {len(rows) - 1} in the file")
for i, (r, b) in enumerate(zip(rows[1:], back[1:])):
    for name, x in zip(head, r):
        y = b[bhead.index(name)]
        if name == 'plan' and x == 'reference':
            x = ''
        try:
            same = x == y or (x != '' and y != '' and float(x) == float(y))
        except ValueError:
            same = False
        if not same:
            sys.exit(f"FAIL: {t}: row {i + 1}, {name}: {x!r} in the file, {y!r} in the table")
PY
}
EN=(ensemble score --units "$C:NH" --pop TOTPOP --votes D=SEN16D,R=SEN16R --plans "$tmp/nh.jsonl" --graph auto --reference SEND --threads 1)
expect 0 "rows into a table" -- "$GM" "${EN[@]}" -o "$C" --table ens_nh
rows_equal ens_nh "$tmp/nh_rows.csv"
[ "$(sql gm -c "SELECT count(*) FROM ens_nh WHERE plan IS NULL")" = 1 ] || { echo "FAIL: one reference row"; fails=$((fails+1)); }
sql gm -c "SELECT obj_description('ens_nh'::regclass)" >"$tmp/comment"
contains "$tmp/comment" "reference plan fingerprint: " "the rows' metadata are the table's comment"
contains "$tmp/comment" "gerrymeter ensemble rows 2" "the comment's first line"
# into a schema, from file units, MN
expect 0 "rows into schema.table" -- "$GM" ensemble score --units "$MN" --pop TOTPOP --votes D=USH16D,R=USH16R --plans "$tmp/mn.jsonl" --reference CONGDIST -o "$C" --table gis.ens_mn
sql gm -c "SELECT count(*) FROM gis.ens_mn" >"$tmp/n"
contains "$tmp/n" "201" "MN rows (200 plans and the reference)"
# several elections per plan: NAME.METRIC and composite columns, as the file's
ELN=(ensemble score --units "$MN" --pop TOTPOP --election USH16:D=USH16D,R=USH16R --election PRES16:D=PRES16D,R=PRES16R --plans "$tmp/mn.jsonl" --reference CONGDIST)
expect 0 "elections rows, file" -- "$GM" "${ELN[@]}" -o "$tmp/mn_el.csv"
expect 0 "elections rows into a table" -- "$GM" "${ELN[@]}" -o "$C" --table gis.ens_mn_el
rows_equal gis.ens_mn_el "$tmp/mn_el.csv"

# score's districts into a table: the CSV's columns, compactness and the shapes
expect 0 "score districts into a table" -- "$GM" score --units "$C:NH" --plan SEND --votes D=SEN16D,R=SEN16R --pop TOTPOP -o "$C" --table gis.nh_send
expect 0 "score CSV" -- "$GM" score --units "$NH" --plan SEND --votes D=SEN16D,R=SEN16R --pop TOTPOP --format csv
cp "$tmp/out" "$tmp/nh_send.csv"
rows_equal gis.nh_send "$tmp/nh_send.csv"
[ "$(sql gm -c "SELECT count(*) FROM gis.nh_send WHERE ST_SRID(geom) = 4326 AND polsby_popper > 0 AND cut_edges > 0")" = 24 ] \
  || { echo "FAIL: score's district table: 24 districts with shapes and measures"; fails=$((fails+1)); }
expect 2 "score table with --format" -- "$GM" score --units "$C:NH" --plan SEND --votes D=SEN16D,R=SEN16R -o "$C" --table x --format json
# districts with their shapes and measures into a table: what the GeoPackage holds
expect 0 "districts into a table" -- "$GM" compactness "$CDS" --id DISTRICT --where "STATE = 'NH'" -o "$C" --table gis.cmp_nh
expect 0 "districts into a GeoPackage" -- "$GM" compactness "$CDS" --id DISTRICT --where "STATE = 'NH'" --format gpkg -o "$tmp/cmp.gpkg"
ogr2ogr -f CSV "$tmp/cmp_file.csv" "$tmp/cmp.gpkg" -lco GEOMETRY=AS_WKT
ogr2ogr -f CSV "$tmp/cmp_db.csv" "$C" gis.cmp_nh -lco GEOMETRY=AS_WKT
if ! cmp -s "$tmp/cmp_file.csv" "$tmp/cmp_db.csv"; then
  echo "FAIL: the district table differs from the GeoPackage"; diff "$tmp/cmp_file.csv" "$tmp/cmp_db.csv" | head -4 | cut -c1-200; fails=$((fails+1))
fi
[ "$(sql gm -c "SELECT count(*) FROM gis.cmp_nh WHERE ST_SRID(geom) = 4326 AND GeometryType(geom) = 'MULTIPOLYGON'")" = 2 ] \
  || { echo "FAIL: district table: 2 MultiPolygons in EPSG:4326"; fails=$((fails+1)); }
expect 2 "district table exists" -- "$GM" compactness "$CDS" --id DISTRICT --where "STATE = 'NH'" -o "$C" --table gis.cmp_nh
contains "$tmp/err" "already has a table 'gis.cmp_nh'" "district table exists: named"
expect 0 "district table --overwrite" -- "$GM" compactness "$CDS" --id DISTRICT --where "STATE = 'MN'" -o "$C" --table gis.cmp_nh --overwrite
[ "$(sql gm -c "SELECT count(*) FROM gis.cmp_nh")" = 8 ] || { echo "FAIL: district table replaced (8 MN districts)"; fails=$((fails+1)); }
expect 1 "district table into a database without PostGIS" -- "$GM" compactness "$CDS" --id DISTRICT --where "STATE = 'NH'" -o "PG:dbname=plain host=$pg port=$port user=gm" --table cmp
contains "$tmp/err" "has no PostGIS extension, so table 'cmp' cannot hold shapes" "district table without PostGIS"

# an existing table: refused, untouched; replaced with --overwrite
sql gm -c "DELETE FROM ens_nh WHERE plan >= 100"
expect 2 "existing table" -- "$GM" "${EN[@]}" -o "$C" --table ens_nh
contains "$tmp/err" "already has a table 'ens_nh'; nothing was written; replace it with --overwrite" "existing table: named, with the way out"
[ "$(sql gm -c "SELECT count(*) FROM ens_nh")" = 101 ] || { echo "FAIL: the refused run changed the table"; fails=$((fails+1)); }
expect 0 "--overwrite" -- "$GM" "${EN[@]}" -o "$C" --table ens_nh --overwrite
rows_equal ens_nh "$tmp/nh_rows.csv"

# a run that fails after rows were sent: no table, and an old one kept whole
{ xz -dc "$D/ensembles/nh_send_recom_5000.jsonl.xz" 2>/dev/null || true; } | head -n 2600 >"$tmp/nh2600.jsonl"
{ head -n 1100 "$tmp/nh2600.jsonl"; echo '{"assignment": [1, 2'; } >"$tmp/bad.jsonl"
expect 1 "failing run" -- "$GM" ensemble score --units "$C:NH" --pop TOTPOP --votes D=SEN16D,R=SEN16R --plans "$tmp/bad.jsonl" -o "$C" --table ens_bad
[ "$(sql gm -c "SELECT to_regclass('ens_bad') IS NULL")" = t ] || { echo "FAIL: a failed run left table ens_bad"; fails=$((fails+1)); }
expect 1 "failing run over a table" -- "$GM" ensemble score --units "$C:NH" --pop TOTPOP --votes D=SEN16D,R=SEN16R --plans "$tmp/bad.jsonl" -o "$C" --table ens_nh --overwrite
rows_equal ens_nh "$tmp/nh_rows.csv"

# the connection lost in the middle of a write (the backend terminated from a second
# connection while the rows of the first block are in the COPY): nothing is left
{
  head -n 1300 "$tmp/nh2600.jsonl"
  for _ in $(seq 300); do
    pid=$(sql gm -c "SELECT pid FROM pg_stat_activity WHERE query LIKE 'COPY %ens_lost%' AND pid <> pg_backend_pid()")
    [ -n "$pid" ] && break; sleep 0.1
  done
  [ -n "$pid" ] && sql gm -c "SELECT pg_terminate_backend($pid)" >/dev/null 2>&1 && echo "$pid" >"$tmp/killed"
  sleep 0.3
  tail -n +1301 "$tmp/nh2600.jsonl"
} | "$GM" ensemble score --units "$C:NH" --pop TOTPOP --votes D=SEN16D,R=SEN16R --plans - --districts 24 \
      -o "$C application_name=gm_lost" --table ens_lost >"$tmp/out" 2>"$tmp/err"
rc=$?
[ -s "$tmp/killed" ] || { echo "FAIL: lost connection: the COPY was never seen"; fails=$((fails+1)); }
[ "$rc" = 1 ] || { echo "FAIL: lost connection: exit $rc, expected 1"; sed 's/^/  | /' "$tmp/err" | head -3; fails=$((fails+1)); }
contains "$tmp/err" "table 'ens_lost'" "lost connection: the table named"
contains "$tmp/err" "nothing was written" "lost connection: nothing was written"
[ "$(sql gm -c "SELECT to_regclass('ens_lost') IS NULL")" = t ] || { echo "FAIL: a lost connection left table ens_lost"; fails=$((fails+1)); }

# bad input: outputs (options, a server elsewhere)
expect 2 "-o PG: without --table" -- "$GM" "${EN[@]}" -o "$C"
contains "$tmp/err" "name it with --table NAME" "no --table"
expect 2 "--table without a database" -- "$GM" "${EN[@]}" -o "$tmp/x.csv" --table t
expect 2 "--resume into a database" -- "$GM" "${EN[@]}" -o "$C" --table t --resume
# the network policy: this machine's server by socket or loopback, anything else refused
expect 0 "loopback without --allow-network" -- "$GM" score --units "PG:dbname=gm host=127.0.0.1 port=$port user=gm:NH" "${U[@]}" --format csv
expect 2 "remote server refused" -- "$GM" score --units "PG:dbname=gm host=db.example.org port=$port user=gm:NH" "${U[@]}"
contains "$tmp/err" "is a network location, and network access is not allowed; gerrymeter reads only local files unless --allow-network is given" "remote server: the way out"
expect 2 "remote server refused for output" -- "$GM" "${EN[@]}" -o "PG:dbname=gm host=db.example.org" --table t
contains "$tmp/err" "network access is not allowed" "remote output refused"
echo "postgis.sh: $(($(date +%s) - t0)) s after the cluster started"
finish
