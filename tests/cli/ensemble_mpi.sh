# mpirun -n 2 gerrymeter ensemble score: the same rows and summary as one process.
# Runs only when the build has -DGERRYMETER_MPI=ON (else skips with a notice).
. "$(dirname "$0")/lib.bash"
need_shared
if ! grep -q '^GERRYMETER_MPI:BOOL=ON' "$GM_BUILD/CMakeCache.txt" 2>/dev/null; then
  echo "NOTICE: not an MPI build (-DGERRYMETER_MPI=ON); SKIPPING $(basename "$0")"; exit 0
fi
MPIRUN=(mpirun --oversubscribe -n 2)
[ "$(id -u)" = 0 ] && MPIRUN=(mpirun --allow-run-as-root --oversubscribe -n 2)
MN="$SHARED/mggg_MN/mn_08_16.zip"
ENS="$SHARED/ensembles/mn_congdist_recom_10000.jsonl.xz"
SRC=(--units "$MN" --pop TOTPOP --votes D=USH16D,R=USH16R --reference CONGDIST)
xz -dc "$ENS" | head -n 200 > "$tmp/e.jsonl"
expect 0 "graph" -- "$GM" graph --units "$MN" -o "$tmp/g.json"
expect 0 "gmen" -- "$GM" ensemble convert --plans "$tmp/e.jsonl" --units "$MN" -o "$tmp/e.gmen" # its unit order recorded: no warning
expect 0 "one process" -- "$GM" ensemble score "${SRC[@]}" --graph "$tmp/g.json" --plans "$tmp/e.jsonl" -o "$tmp/one.csv" --summary "$tmp/one.json"
# JSONL: round-robin split; GMEN: byte ranges.
for f in e.jsonl e.gmen; do
  expect 0 "mpirun $f" -- "${MPIRUN[@]}" "$GM" ensemble score "${SRC[@]}" --graph "$tmp/g.json" --plans "$tmp/$f" -o "$tmp/mpi.csv" --summary "$tmp/mpi.json"
  # the rows name the plans file they read; every other byte is the same
  cmp -s <(grep -v '^# plans: ' "$tmp/one.csv") <(grep -v '^# plans: ' "$tmp/mpi.csv") || { echo "FAIL: MPI rows ($f) differ"; fails=$((fails+1)); }
  contains "$tmp/mpi.csv" "# plans: $f" "MPI rows name their plans"
  grep -q '^# shard\|^# range' "$tmp/mpi.csv" && { echo "FAIL: merged MPI rows name a part"; fails=$((fails+1)); }
  cmp -s "$tmp/one.json" "$tmp/mpi.json" || { echo "FAIL: MPI summary ($f) differs"; fails=$((fails+1)); }
done
# several elections per plan: the same rows and summary as one process
EL=(--units "$MN" --pop TOTPOP --election USH16:D=USH16D,R=USH16R --election PRES16:D=PRES16D,R=PRES16R --reference CONGDIST)
expect 0 "one process, two elections" -- "$GM" ensemble score "${EL[@]}" --plans "$tmp/e.gmen" -o "$tmp/one_el.csv" --summary "$tmp/one_el.json"
expect 0 "mpirun, two elections" -- "${MPIRUN[@]}" "$GM" ensemble score "${EL[@]}" --plans "$tmp/e.gmen" -o "$tmp/mpi_el.csv" --summary "$tmp/mpi_el.json"
cmp -s "$tmp/one_el.csv" "$tmp/mpi_el.csv" || { echo "FAIL: MPI rows with two elections differ"; fails=$((fails+1)); }
cmp -s "$tmp/one_el.json" "$tmp/mpi_el.json" || { echo "FAIL: MPI summary with two elections differs"; fails=$((fails+1)); }
contains "$tmp/mpi_el.csv" "PRES16.efficiency_gap" "MPI rows carry the second election's columns"
ls -a "$tmp" | grep -q '^\.gm-mpi-' && { echo "FAIL: temporary rank files left"; fails=$((fails+1)); }
finish
