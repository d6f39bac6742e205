# Helpers for the report tests (sourced after lib.bash): render pages in headless
# Chromium and keep the DOM, the console log and a screenshot in $GM_BUILD/report_test.
OUT=${GM_BUILD:-$tmp}/report_test
mkdir -p "$OUT"
CHECK="python3 $(dirname "$0")/report_dom.py"
SAMPLE="$GM_SRC/testdata/sample/precincts.gpkg"

need_chromium() {
  CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
  if [ -z "$CHROMIUM" ]; then
    if [ "${GM_REQUIRE_SHARED_DATA:-0}" = 1 ]; then echo "FAIL: chromium not installed (apt-get install chromium)"; exit 1; fi
    echo "NOTICE: chromium not found; SKIPPING $(basename "$0")"; exit 0
  fi
}

# chrome ARGS...: headless Chromium with a throw-away profile and no network chatter.
chrome() {
  local prof; prof=$(mktemp -d "$tmp/prof.XXXX")
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$prof" --enable-logging=stderr --v=0 "$@"
}

# render PAGE NAME [HEIGHT]: $OUT/NAME.dom (--dump-dom), $OUT/NAME.png (--screenshot);
# fails when Chromium fails, logs a console message (script error, blocked fetch,
# CSP violation) or the DOM does not reach the footer.
render() {
  local page=$1 name=$2 height=${3:-2400}
  chrome --dump-dom "file://$page" >"$OUT/$name.dom" 2>"$OUT/$name.log"
  local rc=$?
  [ "$rc" = 0 ] || { echo "FAIL: $name: chromium --dump-dom exit $rc"; fails=$((fails+1)); }
  if grep -q ":CONSOLE" "$OUT/$name.log"; then
    echo "FAIL: $name: console messages while loading:"; grep ":CONSOLE" "$OUT/$name.log" | head -3; fails=$((fails+1))
  fi
  contains "$OUT/$name.dom" "</footer>" "$name: page loads to the end"
  chrome --window-size=1280,"$height" --screenshot="$OUT/$name.png" "file://$page" >/dev/null 2>>"$OUT/$name.log"
  [ -s "$OUT/$name.png" ] || { echo "FAIL: $name: no screenshot"; fails=$((fails+1)); }
}

# dom CHECK ARGS...: run a report_dom.py check, counting a failure.
dom() {
  $CHECK "$@" || { echo "FAIL: report_dom.py $1 ${2##*/}"; fails=$((fails+1)); }
}
