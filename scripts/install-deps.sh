#!/usr/bin/env bash
# Install the Debian packages gerrymeter needs that are missing (bookworm, as root or
# with sudo). Usage: scripts/install-deps.sh [build|test|bench]...  (default: build)
#   build: compiler, CMake, GDAL, GEOS, PROJ, cmocka, Python 3 headers and numpy (the
#          Python module)
#   test:  build + what the test suite runs (valgrind, xz, python3, pytest, chromium, MPI,
#          clang, PostgreSQL and PostGIS for tests/cli/postgis.sh's private server)
#   bench: test + the peers the benchmarks compare against (numpy, geopandas, hyperfine)
set -euo pipefail

build=(gcc make cmake pkg-config libgdal-dev libgeos-dev libproj-dev libcmocka-dev gdal-bin
  python3 python3-dev python3-numpy)
test=(valgrind xz-utils python3 python3-pytest zip libopenmpi-dev openmpi-bin clang libclang-rt-14-dev chromium
      postgresql postgresql-15-postgis-3)
bench=(python3-numpy python3-geopandas hyperfine time linux-perf bc libmimalloc2.0)

want=()
[ $# -eq 0 ] && set -- build
for g in "$@"; do
  case "$g" in
    build) want+=("${build[@]}") ;;
    test) want+=("${build[@]}" "${test[@]}") ;;
    bench) want+=("${build[@]}" "${test[@]}" "${bench[@]}") ;;
    *) echo "install-deps: unknown group '$g' (build, test or bench)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
