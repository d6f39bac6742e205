#!/usr/bin/env bash
# README command 1: install what is missing, build in Release (the gerrymeter command, the
# library and the Python module, installed for python3), score the bundled sample.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGERRYMETER_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
# the Python module (python/), built with the library: installed for Debian's python3
bash scripts/install-python.sh build
echo "Built build/gerrymeter. Scoring the bundled sample state (testdata/sample):" >&2
./build/gerrymeter score --units testdata/sample/precincts.gpkg --plan CD \
  --votes D=G20D,R=G20R --pop TOTPOP --id PRECINCT
