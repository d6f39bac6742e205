# gerrymeter ensemble score --resume: runs killed part-way (SIGTERM while waiting for
# plans, a torn last row, SIGXFSZ at a write) are continued by the same command and end
# with rows and summary byte for byte those of an uninterrupted run, also when rows are
# missing or damaged in the middle of the checkpoint (they are scored again); a changed
# command, a second run on the same checkpoint and --resume without -o are refused; a
# summary that cannot be written keeps the checkpoint.
. "$(dirname "$0")/lib.bash"
need_shared
MN="$SHARED/mggg_MN/mn_08_16.zip"
ENS="$SHARED/ensembles/mn_congdist_recom_10000.jsonl.xz"
SRC=(--units "$MN" --pop TOTPOP --votes D=USH16D,R=USH16R --reference CONGDIST)
xz -dc "$ENS" | head -n 3500 > "$tmp/e.jsonl"
cd "$tmp" || exit 1

# The rows name the plans file they read ("# plans: fifo"): every other byte is the same.
same() { # A B what
  cmp -s <(grep -v '^# plans: ' "$1") <(grep -v '^# plans: ' "$2") || { echo "FAIL: $3: $1 and $2 differ"; fails=$((fails+1)); }
}
lines() { wc -l < "$1" | tr -d ' '; }

# The uninterrupted runs, CSV and JSONL.
expect 0 "full csv" -- "$GM" ensemble score "${SRC[@]}" --plans e.jsonl --summary full.json -o full.csv
expect 0 "full jsonl" -- "$GM" ensemble score "${SRC[@]}" --plans e.jsonl --format jsonl -o full.jsonl
[ "$(grep -vc '^#' full.csv)" = 3502 ] || { echo "FAIL: header + reference + 3500 rows"; fails=$((fails+1)); }
# P: the metadata lines before the header (docs/ensembles.md)
P=$(awk '/^#/ { n++; next } { print n; exit }' full.csv)
[ "$P" -ge 8 ] || { echo "FAIL: $P metadata lines"; fails=$((fails+1)); }

# 1. SIGTERM while the run waits for plans from a pipe. Plans arrive through a FIFO: the
#    first 3000 are written, then the writer waits. Blocks of 1024 are scored and their
#    rows flushed, so exactly the metadata, header, reference and 2048 rows are on disk
#    when it waits.
mkfifo fifo
"$GM" ensemble score "${SRC[@]}" --plans fifo --plans-format jsonl --summary r.json -o r.csv \
  --resume 2>term.err &
pid=$!
exec 3<>fifo # read-write: never blocks, even if gerrymeter died before opening it
head -n 3000 e.jsonl >&3
for _ in $(seq 300); do
  [ -f r.csv.partial ] && [ "$(lines r.csv.partial)" -ge $((P + 2050)) ] && break
  sleep 0.1
done
# A second run on the same output while this one holds the checkpoint is refused.
expect 1 "second run on the checkpoint" -- "$GM" ensemble score "${SRC[@]}" --plans fifo \
  --plans-format jsonl --summary r.json -o r.csv --resume
contains "$tmp/err" "r.csv.partial: another run is writing it" "lock named"
kill -TERM "$pid"
wait "$pid"
rc=$?
exec 3>&-
[ "$rc" = 143 ] || { echo "FAIL: SIGTERM: exit $rc, expected 143"; fails=$((fails+1)); }
[ "$(lines r.csv.partial)" = $((P + 2050)) ] || { echo "FAIL: checkpoint holds $(lines r.csv.partial) lines, expected $((P + 2050))"; fails=$((fails+1)); }
[ ! -e r.csv ] && [ ! -e r.json ] || { echo "FAIL: an interrupted run left an output"; fails=$((fails+1)); }
[ -f r.csv.resume ] || { echo "FAIL: no r.csv.resume"; fails=$((fails+1)); }
contains term.err "the rows so far are in r.csv.partial" "interruption message"
head -n $((P + 2050)) full.csv > head.csv
same head.csv r.csv.partial "checkpoint rows and the full run's"
contains r.csv.partial "# plans: fifo" "checkpoint names its plans"
# as a kill -9 in the middle of a write would leave it: a torn last row
printf '2048,2048,3,0.0123' >> r.csv.partial

# A different command is refused, naming what differs; the checkpoint is kept.
expect 1 "changed command" -- "$GM" ensemble score "${SRC[@]}" --plans fifo --plans-format jsonl \
  --shard 1/2 -o r.csv --resume
contains "$tmp/err" "r.csv.resume: the interrupted run had 'shard=1/1', this one has 'shard=1/2'" "mismatch named"
[ -f r.csv.partial ] || { echo "FAIL: a refused resume removed the checkpoint"; fails=$((fails+1)); }

# The same command again: continues after plan 2047 and ends identical.
timeout 120 cat e.jsonl > fifo &
expect 0 "resume after SIGTERM" -- "$GM" ensemble score "${SRC[@]}" --plans fifo --plans-format jsonl \
  --summary r.json -o r.csv --resume
wait
same full.csv r.csv "rows after SIGTERM + resume"
same full.json r.json "summary after SIGTERM + resume"
[ ! -e r.csv.partial ] && [ ! -e r.csv.resume ] || { echo "FAIL: checkpoint left after success"; fails=$((fails+1)); }

# 2. A GMEN file (the resumed run seeks to the plan) and a shard, in JSONL, killed by the
#    file-size limit (SIGXFSZ, or EFBIG as on a full disk) in the middle of a write.
expect 0 "convert" -- "$GM" ensemble convert --plans e.jsonl -o e.gmen
expect 0 "full shard" -- "$GM" ensemble score "${SRC[@]}" --plans e.gmen --shard 2/3 --format jsonl \
  --summary fs.json -o fs.jsonl
( ulimit -f 200; exec "$GM" ensemble score "${SRC[@]}" --plans e.gmen --shard 2/3 --format jsonl \
    --summary s.json -o s.jsonl --resume ) >/dev/null 2>&1
rc=$?
# killed by SIGXFSZ (exit 153), or, where SIGXFSZ is ignored, stopped by EFBIG (exit 1)
[ "$rc" != 0 ] || { echo "FAIL: file-size limit did not stop the run"; fails=$((fails+1)); }
kept=$(lines s.jsonl.partial)
[ "$kept" -gt 10 ] && [ "$kept" -lt 1100 ] || { echo "FAIL: $kept rows before the limit"; fails=$((fails+1)); }
expect 0 "resume gmen shard" -- "$GM" ensemble score "${SRC[@]}" --plans e.gmen --shard 2/3 --format jsonl \
  --summary s.json -o s.jsonl --resume
same fs.jsonl s.jsonl "shard rows after resume"
same fs.json s.json "shard summary after resume"

# 2b. A write that fails (EFBIG with SIGXFSZ ignored, as a full disk): exit 1, and the
#    checkpoint is cut back to the last block that was written whole (metadata, header,
#    reference and 1,024 rows), not left with a torn or spliced tail.
bash -c 'trap "" XFSZ; ulimit -f 400; exec "$@"' _ "$GM" ensemble score "${SRC[@]}" --plans e.jsonl \
  -o f.csv --resume >/dev/null 2>f.err
rc=$?
[ "$rc" = 1 ] || { echo "FAIL: failed write: exit $rc, expected 1"; fails=$((fails+1)); }
contains f.err "cannot write f.csv.partial: File too large" "failed write named"
[ "$(lines f.csv.partial)" = $((P + 1026)) ] || { echo "FAIL: cut back to $(lines f.csv.partial) lines, expected $((P + 1026))"; fails=$((fails+1)); }
head -n $((P + 1026)) full.csv | cmp -s - f.csv.partial || { echo "FAIL: cut-back checkpoint differs"; fails=$((fails+1)); }
expect 0 "resume after a failed write" -- "$GM" ensemble score "${SRC[@]}" --plans e.jsonl --summary f.json -o f.csv --resume
same full.csv f.csv "rows after a failed write"
same full.json f.json "summary after a failed write"

# 3. A checkpoint that is complete (as if killed after its end line, before the rename):
#    the end line is written again, once.
( ulimit -f 300; exec "$GM" ensemble score "${SRC[@]}" --plans e.jsonl -o c.csv --resume ) >/dev/null 2>&1
[ -f c.csv.resume ] || { echo "FAIL: no checkpoint record"; fails=$((fails+1)); }
cp full.csv c.csv.partial
expect 0 "nothing left to score" -- "$GM" ensemble score "${SRC[@]}" --plans e.jsonl --summary c.json -o c.csv --resume
same full.csv c.csv "complete checkpoint resumed"
same full.json c.json "complete checkpoint summary"

# 4. Rows missing or damaged in the middle of the checkpoint (as a write that failed and
#    was followed by writes that succeeded could leave it): the rows before are kept, the
#    rest scored again, with a warning naming the line. Also a plan number beyond 64 bits.
( ulimit -f 400; exec "$GM" ensemble score "${SRC[@]}" --plans e.jsonl --summary x.json -o x.csv --resume ) >/dev/null 2>&1
[ "$(lines x.csv.partial)" -gt 600 ] || { echo "FAIL: short checkpoint"; fails=$((fails+1)); }
cp x.csv.partial x.saved
sed -i "$((P + 300)),$((P + 400))d" x.csv.partial
expect 0 "rows missing in the middle" -- "$GM" ensemble score "${SRC[@]}" --plans e.jsonl --summary x.json -o x.csv --resume
contains "$tmp/err" "x.csv.partial: line $((P + 300)) is not the next row of this run; it and the lines after it are dropped and scored again" "gap named"
same full.csv x.csv "rows after a gap"
same full.json x.json "summary after a gap"
L=$((P + 5))
for bad in "${L}s/.*/5,5,garbage/" "${L}s/^[0-9]*,/99999999999999999999,/" "${L}s/^[0-9]*,/reference,/"; do
  rm -f x.csv x.json
  ( ulimit -f 400; exec "$GM" ensemble score "${SRC[@]}" --plans e.jsonl -o x.csv --resume ) >/dev/null 2>&1
  sed -i "$bad" x.csv.partial
  expect 0 "damaged row ($bad)" -- "$GM" ensemble score "${SRC[@]}" --plans e.jsonl --summary x.json -o x.csv --resume
  contains "$tmp/err" "x.csv.partial: line $L is not the next row of this run" "damaged line named ($bad)"
  same full.csv x.csv "rows after a damaged line ($bad)"
  same full.json x.json "summary after a damaged line ($bad)"
done
# A checkpoint without its record.
( ulimit -f 400; exec "$GM" ensemble score "${SRC[@]}" --plans e.jsonl -o x.csv --resume ) >/dev/null 2>&1
rm -f x.csv.resume
expect 1 "partial without record" -- "$GM" ensemble score "${SRC[@]}" --plans e.jsonl -o x.csv --resume
contains "$tmp/err" "x.csv.partial exists but x.csv.resume" "missing record named"
rm -f x.csv.partial
# A summary into a missing folder is refused before anything is read or written.
expect 1 "summary into a missing directory" -- "$GM" ensemble score "${SRC[@]}" --plans e.jsonl \
  --summary nodir/y.json -o y.csv --resume
[ ! -e y.csv.partial ] && [ ! -e y.csv.resume ] && [ ! -e y.csv ] \
  || { echo "FAIL: a summary that cannot be written left files"; fails=$((fails+1)); }
# A summary that fails only when written (its name is a folder): exit 1, and the
# checkpoint is still there to finish.
mkdir -p ydir
expect 1 "summary onto a folder" -- "$GM" ensemble score "${SRC[@]}" --plans e.jsonl \
  --summary ydir -o y.csv --resume
[ -f y.csv.partial ] && [ -f y.csv.resume ] && [ ! -e y.csv ] \
  || { echo "FAIL: a failed summary retired the checkpoint"; fails=$((fails+1)); }
expect 0 "then with a good summary path" -- "$GM" ensemble score "${SRC[@]}" --plans e.jsonl \
  --summary y.json -o y.csv --resume
same full.csv y.csv "rows after a failed summary"
same full.json y.json "summary after a failed summary"

# 5. A row whose last share is empty (a district without votes has no share) is read back
#    by merge and resume. Before: "line 3 is not a row" (found by fuzz_rows).
sed "$((P + 3))s/,[^,]*\$/,/" full.csv > empty_share.csv
expect 0 "row ending in an empty share" -- "$GM" ensemble merge -o m.csv empty_share.csv
same empty_share.csv m.csv "merge of a row ending in an empty share"

# 5b. Several elections per plan (NAME.METRIC and composite columns; the checkpoint's
#    settings name them): stopped by the file-size limit and resumed, the rows and summary
#    equal an uninterrupted run's; resuming with another election is refused.
EL=(--units "$MN" --pop TOTPOP --election USH16:D=USH16D,R=USH16R --election PRES16:D=PRES16D,R=PRES16R --reference CONGDIST)
expect 0 "full, two elections" -- "$GM" ensemble score "${EL[@]}" --plans e.gmen --summary fe.json -o fe.csv
( ulimit -f 300; exec "$GM" ensemble score "${EL[@]}" --plans e.gmen --summary re.json -o re.csv --resume ) >/dev/null 2>&1
[ -f re.csv.partial ] && [ ! -e re.csv ] || { echo "FAIL: two elections: the file-size limit left no checkpoint"; fails=$((fails+1)); }
expect 1 "resume with another election" -- "$GM" ensemble score --units "$MN" --pop TOTPOP \
  --election USH16:D=USH16D,R=USH16R --election SEN12:D=SEN12D,R=SEN12R --reference CONGDIST \
  --plans e.gmen --summary re.json -o re.csv --resume
[ -f re.csv.partial ] || { echo "FAIL: a refused resume (elections) removed the checkpoint"; fails=$((fails+1)); }
expect 0 "resume, two elections" -- "$GM" ensemble score "${EL[@]}" --plans e.gmen --summary re.json -o re.csv --resume
same fe.csv re.csv "two elections: rows after resume"
same fe.json re.json "two elections: summary after resume"

# 6. --resume needs a rows file.
expect 2 "resume to stdout" -- "$GM" ensemble score "${SRC[@]}" --plans e.jsonl --resume
contains "$tmp/err" "--resume keeps the rows written so far: name the rows file with -o FILE" "usage"
expect 2 "resume none" -- "$GM" ensemble score "${SRC[@]}" --plans e.jsonl -o none --resume

finish
