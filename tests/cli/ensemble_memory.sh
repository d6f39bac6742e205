# `ensemble score` streams: peak memory does not grow with the number of plans.
# bench/plangen.c writes generated plans of the sample state (324 precincts, 6 districts)
# into a pipe; nothing is stored. Plans are scored from standard input with a summary:
# GMEN 20,000 then 200,000 plans (10x), JSONL 20,000 then 100,000 (5x). Asserted: every
# summary counts exactly the plans generated, and the big run's peak RSS (ru_maxrss of the
# gerrymeter process, from wait4) is at most 1.15x the small run's + 4 MB. Anything kept
# per plan from about 80 bytes a plan (GMEN; 170 for JSONL) breaks that bound: storing
# every plan's metric values (15 doubles) made the GMEN check fail by 8 MB.
# Under AddressSanitizer (the build-asan run of the suite) RSS also holds ASan's
# quarantine of freed blocks and its per-thread records (a thread is started per block of
# 1,024 plans), which depend on allocation history, not on live memory; there the RSS
# bound is skipped with a notice, the runs are smaller (5,000 and 20,000 plans, ~4x
# slower per plan) and only the counts are checked. The sanitizer is detected from the
# binary's own symbols (__asan_init).
. "$(dirname "$0")/lib.bash"
command -v python3 >/dev/null || { echo "NOTICE: python3 missing; SKIPPING"; exit 0; }
command -v cc >/dev/null || { echo "NOTICE: no C compiler; SKIPPING"; exit 0; }
S="$GM_SRC/testdata/sample"
cc -O2 -std=c11 "$GM_SRC/bench/plangen.c" -o "$tmp/plangen" || { echo "FAIL: compile plangen"; exit 1; }
asan=0
if readelf -Ws "$GM" 2>/dev/null | grep -q "__asan_init"; then asan=1; fi
# format:small:big
runs="gmen:20000:200000 jsonl:20000:100000"
[ "$asan" = 1 ] && runs="gmen:5000:20000 jsonl:5000:20000"

# measure N FORMAT: stream N generated plans into gerrymeter; prints "EXIT MAXRSS_KB".
measure() {
  python3 - "$tmp/plangen" "$S/assignment.csv" "$1" "$2" "$GM" "$S/precincts.gpkg" "$tmp/s-$1-$2.json" \
    "$tmp/err-$1-$2" <<'PY'
import os, subprocess, sys
gen_bin, base, n, fmt, gm, units, summary, errf = sys.argv[1:]
gen = subprocess.Popen([gen_bin, base, n, fmt], stdout=subprocess.PIPE)
with open(errf, "w") as err:
    p = subprocess.Popen([gm, "ensemble", "score", "--units", units, "--pop", "TOTPOP",
                          "--votes", "D=G16D,R=G16R", "--reference", "CD", "--plans", "-",
                          "--plans-format", fmt, "-o", "none", "--summary", summary, "-q"],
                         stdin=gen.stdout, stdout=subprocess.DEVNULL, stderr=err)
    gen.stdout.close()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
gen.wait()
print(p.returncode, ru.ru_maxrss)  # Linux: kilobytes
PY
}
# plans_in SUMMARY: the summary's plan count and the efficiency gap's n
plans_in() {
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s["plans"], s["metrics"]["efficiency_gap"]["n"])' "$1" 2>/dev/null
}

for r in $runs; do
  IFS=: read -r fmt small big <<<"$r"
  read -r rc1 kb1 < <(measure "$small" "$fmt" || echo "measure-failed 0")
  read -r rc2 kb2 < <(measure "$big" "$fmt" || echo "measure-failed 0")
  for x in "$small:$rc1" "$big:$rc2"; do
    n=${x%%:*} rc=${x#*:}
    if [ "$rc" != 0 ]; then
      echo "FAIL: $fmt, $n plans: exit $rc"; sed 's/^/  stderr: /' "$tmp/err-$n-$fmt" | head -5; fails=$((fails+1))
    elif [ "$(plans_in "$tmp/s-$n-$fmt.json")" != "$n $n" ]; then
      echo "FAIL: $fmt, $n plans: summary counts '$(plans_in "$tmp/s-$n-$fmt.json")'"; fails=$((fails+1))
    fi
  done
  echo "$fmt: peak RSS $((kb1 / 1024)) MB for $small plans, $((kb2 / 1024)) MB for $big plans"
  if [ "$asan" = 1 ]; then
    echo "NOTICE: $GM is built with AddressSanitizer; RSS bound not checked"
  elif [ "$kb2" -gt $(( kb1 * 115 / 100 + 4096 )) ]; then
    echo "FAIL: $fmt: peak RSS grew from $kb1 KB ($small plans) to $kb2 KB ($big plans), over 1.15x + 4 MB"
    fails=$((fails+1))
  fi
done
finish
