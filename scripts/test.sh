#!/usr/bin/env bash
# README command 2: the whole test suite.
#  1. warnings-as-errors Debug build, the library checks (scripts/check_exports.sh,
#     check_headers.sh, check_engine_strings.sh, check_includes.sh), the engine cmocka
#     suites, Python, and the CLI scripts that stage 2 leaves out or runs shorter;
#  2. the suite built with AddressSanitizer + UndefinedBehaviorSanitizer: the engine
#     suites again and every other CLI script (each script runs once in all);
#  3. the engine suites under valgrind memcheck;
#  4. every libFuzzer target (tests/fuzz/) for GM_FUZZ_SECONDS (default 10) seconds.
# Real data is read from ../shared/data (or GM_SHARED_DATA). Set GM_REQUIRE_SHARED_DATA=1
# (CI does) to fail instead of skipping when it is missing. GM_TEST_QUICK=1 runs every CTest test in step 1 and stops there.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh test
jobs=$(nproc)

echo "== 1/4 build (Debug, -Werror) and test" >&2
# MPI on: tests/cli/ensemble_mpi.sh runs `mpirun -n 2 gerrymeter ensemble score`
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DGERRYMETER_WERROR=ON -DGERRYMETER_MPI=ON >/dev/null
cmake --build build-test -j"$jobs" >/dev/null
# library hygiene: only gm_ symbols exported (and every declared one), each public
# header compiles alone, no engine string names a CLI flag, the engine's folders follow
# the data flow (no include or use runs back up, no files import each other)
bash scripts/check_exports.sh build-test/libgerrymeter.so
bash scripts/check_headers.sh
bash scripts/check_engine_strings.sh
bash scripts/check_includes.sh
if [ "${GM_TEST_QUICK:-0}" = 1 ]; then
  ctest --test-dir build-test --output-on-failure -j"$jobs"
  exit 0
fi
# every test runs at least once: here the engine suites, Python, and the scripts the
# sanitizer stage leaves out (browser pages, long ones, PostgreSQL) or runs shorter
# (label plain); every other CLI script runs once, under the sanitizers (stage 2)
ctest --test-dir build-test --output-on-failure -j"$jobs" -L "engine|python|browser|long|postgres|plain"

echo "== 2/4 AddressSanitizer + UndefinedBehaviorSanitizer" >&2
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DGERRYMETER_WERROR=ON -DGERRYMETER_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE "browser|long"

echo "== 3/4 valgrind memcheck (engine suites)" >&2
ls build-test/tests/test_* | grep -v "\.log$" | xargs -P "$jobs" -I{} sh -c '
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
    --suppressions=tests/valgrind.supp "$1" >"$1.valgrind.log" 2>&1 \
    || { echo "valgrind: $1 failed:"; tail -40 "$1.valgrind.log"; exit 1; }' _ {}

echo "== 4/4 fuzzing: each target ${GM_FUZZ_SECONDS:-10}s (scripts/fuzz.sh)" >&2
# a fixed seed: every CI run tries the same inputs, so a red run is reproducible and not
# luck; the long runs (scripts/fuzz.sh 600) explore with random seeds
GM_FUZZ_SEED=${GM_FUZZ_SEED:-1} bash scripts/fuzz.sh "${GM_FUZZ_SECONDS:-10}"
echo "== all tests passed" >&2
