# Sourced by the bench scripts from the repository root: builds the Release binary in
# build-rel/ (GM_BUILD_JOBS jobs, default all CPUs) and sets GM to its absolute path.
bench_build() {
  cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DGERRYMETER_TESTS=OFF >/dev/null
  cmake --build build-rel -j"${GM_BUILD_JOBS:-$(nproc)}" >/dev/null
  GM=$PWD/build-rel/gerrymeter
}
