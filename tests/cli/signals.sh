# SIGINT / SIGTERM: exit 130 / 143, "interrupted; no output was written", no partial
# output and no temporary file left, and a previous output file is left untouched,
# whether the signal arrives while reading the input or while the output is written.
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || { echo "NOTICE: python3 missing; SKIPPING"; exit 0; }
# 150,000 units, one district each: ~2 s to read, ~40 MB of JSON to write
python3 - "$tmp/units.geojson" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"type":"FeatureCollection","features":[\n')
    f.write(",\n".join('{"type":"Feature","properties":{"ID":"u%d","POP":%d,"D":%d,"R":1,"CD":"%d"},"geometry":null}'
                       % (i, i + 1, i % 3, i + 1) for i in range(150000)))
    f.write("]}\n")
PY
mkdir -p "$tmp/o"
out="$tmp/o/result.json"

# run SIGNAL PHASE: start a scoring run, signal it in PHASE (read|write), check the
# aftermath. Returns 3 when the run finished before the signal could be sent.
run() {
  local sig=$1 phase=$2 code
  case $sig in INT) code=130 ;; TERM) code=143 ;; esac
  echo "previous result" > "$out"
  "$GM" score --units "$tmp/units.geojson" --plan CD --pop POP --votes D=D,R=R --format json \
    -o "$out" >"$tmp/stdout" 2>"$tmp/err" &
  local pid=$!
  local t0=$SECONDS
  if [ "$phase" = read ]; then
    # wait until the input is open (the handlers are installed before any input is
    # read), then signal at once: well before the ~2 s read ends
    while [ $((SECONDS - t0)) -lt 60 ]; do
      ls -l /proc/$pid/fd 2>/dev/null | grep -q units.geojson && break
      kill -0 $pid 2>/dev/null || break
    done
  else # wait for the temporary output file to appear
    while [ $((SECONDS - t0)) -lt 60 ]; do
      compgen -G "$tmp/o/.result.json.gm-*" >/dev/null && break
      kill -0 $pid 2>/dev/null || break
    done
    compgen -G "$tmp/o/.result.json.gm-*" >/dev/null || { wait $pid; return 3; }
  fi
  kill -s "$sig" $pid 2>/dev/null
  wait $pid; local rc=$?
  if [ $rc = 0 ]; then return 3; fi
  [ $rc = $code ] || { echo "FAIL: SIG$sig while ${phase}ing: exit $rc, expected $code"; fails=$((fails+1)); }
  contains "$tmp/err" "gerrymeter: interrupted; no output was written" "SIG$sig while ${phase}ing: message"
  contains "$out" "previous result" "SIG$sig while ${phase}ing: previous output untouched"
  [ "$(cat "$out")" = "previous result" ] || { echo "FAIL: SIG$sig while ${phase}ing: output changed"; fails=$((fails+1)); }
  local left; left=$(ls -A "$tmp/o" | grep -v '^result.json$' || true)
  [ -z "$left" ] || { echo "FAIL: SIG$sig while ${phase}ing: left behind: $left"; fails=$((fails+1)); }
  return 0
}
for sig in INT TERM; do
  for phase in read write; do
    caught=0
    for attempt in 1 2 3; do
      if run $sig $phase; then caught=1; break; fi
    done
    [ $caught = 1 ] || { echo "FAIL: SIG$sig while ${phase}ing: the run always finished first"; fails=$((fails+1)); }
  done
done
rm -f "$out"
# without a signal the same run completes and writes a whole, valid file
expect 0 "uninterrupted run" -- "$GM" score --units "$tmp/units.geojson" --plan CD --pop POP --votes D=D,R=R --format json -o "$out"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert len(j["districts"])==150000' "$out" \
  || { echo "FAIL: complete output is not valid JSON with 150000 districts"; fails=$((fails+1)); }
finish
