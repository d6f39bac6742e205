# Helpers for CLI tests (sourced). $GM is the binary; $GM_SRC the source tree.
set -u
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SHARED=${GM_SHARED_DATA:-${GM_DEFAULT_SHARED_DATA:-}}

# expect CODE DESCRIPTION -- command...: run, keep stdout/stderr in $tmp/out, $tmp/err
expect() {
  local code=$1 what=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ "$rc" != "$code" ]; then
    echo "FAIL: $what: exit $rc, expected $code"; sed 's/^/  stderr: /' "$tmp/err" | head -5; fails=$((fails+1))
  fi
}
# contains FILE TEXT DESCRIPTION
contains() {
  if ! grep -qF -- "$2" "$1"; then echo "FAIL: $3: '$2' not in $(basename "$1")"; sed 's/^/  | /' "$1" | head -5; fails=$((fails+1)); fi
}
need_shared() {
  if [ -z "$SHARED" ] || [ ! -d "$SHARED" ]; then
    if [ "${GM_REQUIRE_SHARED_DATA:-0}" = 1 ]; then echo "FAIL: shared data missing"; exit 1; fi
    echo "NOTICE: ../shared/data not found; SKIPPING $(basename "$0")"; exit 0
  fi
}
finish() { [ "$fails" = 0 ] && echo "all passed" || { echo "$fails failure(s)"; exit 1; }; }
