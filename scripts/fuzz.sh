#!/usr/bin/env bash
# Build the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang + ASan + UBSan in
# build-fuzz/ (or $GM_FUZZ_DIR) and run each for SECONDS (default 10, what CI uses),
# GM_FUZZ_JOBS (default: the number of cores) targets at a time.
#   Usage: scripts/fuzz.sh [SECONDS] [TARGET...]     (targets: csv assign opts units ...)
# Seeds come from tests/fuzz/corpus/<target>/ (never written to); the growing corpus is
# kept in build-fuzz/corpus/<target>/ so repeated runs continue where they stopped.
# A crash, leak, sanitizer report or timeout leaves its input in
# build-fuzz/artifacts/ and makes the script exit 1. Reproduce with
#   build-fuzz/tests/fuzz/fuzz_<target> build-fuzz/artifacts/<file>
# GM_FUZZ_SEED=N fixes libFuzzer's random seed (scripts/test.sh uses 1, so that CI explores
# the same inputs on every run); unset, every run explores new ones.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
shift || true
case "$secs" in ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, got '$secs'" >&2; exit 2 ;; esac
command -v clang >/dev/null || bash scripts/install-deps.sh test
jobs=${GM_FUZZ_BUILD_JOBS:-2}
dir=${GM_FUZZ_DIR:-build-fuzz}   # build directory (a second one lets two runs proceed at once)

mkdir -p "$dir"
CC=clang cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGERRYMETER_FUZZ=ON \
  -DGERRYMETER_SANITIZE=ON -DGERRYMETER_TESTS=ON >"$dir/build.log" 2>&1 \
  || { cat "$dir/build.log" >&2; exit 1; }
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then # every harness whose parser is in this tree
  mapfile -t targets < "$dir/fuzz_targets.txt"
fi
cmake --build "$dir" -j"$jobs" --target "${targets[@]/#/fuzz_}" >>"$dir/build.log" 2>&1 \
  || { tail -40 "$dir/build.log" >&2; exit 1; }

mkdir -p "$dir/artifacts"
# full malloc stacks (slower) so that the LSan suppressions can name the GEOS function
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:fast_unwind_on_malloc=0:malloc_context_size=40}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0}
# one target: exit status 0 or 1, its summary on stderr once it has finished
fuzz_one() {
  local t=$1 bin=$dir/tests/fuzz/fuzz_$1 work=$dir/corpus/$1 seeds=tests/fuzz/corpus/$1
  local log=$dir/fuzz_$1.log dict=() seed=()
  mkdir -p "$work"
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  # targets whose code prints diagnostics to stderr by design
  case "$t" in opts) dict+=(-close_fd_mask=2) ;; esac
  [ -n "${GM_FUZZ_SEED:-}" ] && seed=(-seed="$GM_FUZZ_SEED")
  if "$bin" "${seed[@]}" -max_total_time="$secs" -timeout=30 -rss_limit_mb=2560 -max_len=65536 \
       -print_final_stats=1 "${dict[@]}" -artifact_prefix="$dir/artifacts/$t-" \
       "$work" ${seeds:+$( [ -d "$seeds" ] && echo "$seeds")} >"$log" 2>&1; then
    # one write, so that targets ending together do not interleave their lines
    printf '== fuzz %s for %ss\n%s\n' "$t" "$secs" "$(grep -E '^stat::number_of_executed_units|^#[0-9]+ *DONE' \
      "$log" | tail -2 | sed 's/^/   /' || true)" >&2
    return 0
  fi
  printf 'fuzz.sh: target %s FAILED; log: %s\n%s\n' "$t" "$log" "$(grep -E \
    'ERROR|SUMMARY|Test unit written|deadly signal' "$log" | head -8 | sed 's/^/   /' || true)" >&2
  return 1
}
# the targets run side by side, GM_FUZZ_JOBS (default: one per core) at a time; each
# is one process on one core
par=${GM_FUZZ_JOBS:-$(nproc)}
failed=()
declare -A pid_target=()
reap() { # wait for one running target to end and record a failure
  local done_pid=
  if ! wait -n -p done_pid; then failed+=("${pid_target[$done_pid]}"); fi
  unset "pid_target[$done_pid]"
}
for t in "${targets[@]}"; do
  while [ ${#pid_target[@]} -ge "$par" ]; do reap; done
  fuzz_one "$t" &
  pid_target[$!]=$t
done
while [ ${#pid_target[@]} -gt 0 ]; do reap; done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: failures in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} target(s), ${secs}s each, no failures" >&2
