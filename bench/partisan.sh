#!/usr/bin/env bash
# Ensemble scoring of partisan metrics: 1,000,000 plans x 8 and x 134 districts from
# district totals (seats, efficiency gap, mean-median, partisan bias), the batch kernel
# on one thread and on all cores, beside a plain one-plan-at-a-time implementation in
# the same run. Goal: >= 5 million plans/s per core at 8 districts.
# Usage: bench/partisan.sh [PLANS] [THREADS]. Also prints the compiler's vectorization
# report for the kernel (-fopt-info-vec-optimized).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DGERRYMETER_TESTS=OFF >/dev/null
cmake --build build-rel -j"${JOBS:-2}" --target gerrymeter_static >/dev/null
cc -std=c11 -O3 -Iinclude bench/partisan_bench.c build-rel/libgerrymeter.a -lm -lpthread \
   -o build-rel/partisan_bench
echo "== vectorized loops in engine/metrics/partisan_batch.c (gcc -O3 -fopt-info-vec-optimized)"
cc -std=c11 -O3 -D_POSIX_C_SOURCE=200809L -Iinclude -Iengine -fopt-info-vec-optimized \
   -c engine/metrics/partisan_batch.c -o /dev/null 2>&1 | sed 's|^.*partisan_batch.c:|  line |'
echo "== throughput"
build-rel/partisan_bench "${1:-1000000}" "${2:-$(nproc)}"
echo "== MEDSL acceptance command (251 state-years; goal < 1 s)"
S=${GM_SHARED_DATA:-../shared/data}
M=$(realpath "$S/medsl_us_house/us_house_2012_2020_by_district.csv")
A="build-rel/gerrymeter partisan --results $M --group state_po,year --district-col district --votes D=dem_votes,R=rep_votes --negative-votes zero"
cmake --build build-rel -j"${JOBS:-2}" --target gerrymeter >/dev/null
hyperfine -N -w 2 -r "${RUNS:-15}" -n text "$A" -n json "$A --format json" -n csv "$A --format csv" 2>/dev/null \
  | grep -E "^Benchmark|Time \(mean"
