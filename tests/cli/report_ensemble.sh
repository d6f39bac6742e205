# gerrymeter report --ensemble: per-plan scores of the New Hampshire state senate
# ReCom ensemble (the first 400 plans of the shared JSONL, scored here in Python from
# the unit table) give one histogram per score column, with the plan marked, and the
# sorted-share box plot with one box and one plan dot per district rank.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/report_lib.bash"
need_shared
need_chromium
NH="$SHARED/mggg_NH/NH.zip"
ENS="$SHARED/ensembles/nh_send_recom_5000.jsonl.xz"

ogr2ogr -f CSV "$tmp/nh_units.csv" "/vsizip/$NH" -select SEND,SSEN16D,SSEN16R 2>/dev/null \
  || { echo "FAIL: cannot read the NH unit table"; exit 1; }
cat >"$tmp/score.py" <<'PY'
import csv, json, sys
units = list(csv.DictReader(open(sys.argv[1])))
a = [float(u["SSEN16D"]) for u in units]; b = [float(u["SSEN16R"]) for u in units]
out = csv.writer(open(sys.argv[2], "w", newline=""))
k = 24
# the layout of `gerrymeter ensemble score --format csv` (a subset of its columns),
# with its reference row first: the report must leave that row out
out.writerow(["plan", "sample", "seats_a", "efficiency_gap", "mean_median"] + [f"share_{i + 1}" for i in range(k)])
out.writerow(["reference", "", 99, 0.9, 0.9] + [0.5] * k)
for line in sys.stdin:
    j = json.loads(line)
    if j["sample"] == 0:
        continue                       # the enacted plan itself
    A = [0.0] * k; B = [0.0] * k
    for i, d in enumerate(j["assignment"]):
        A[d] += a[i]; B[d] += b[i]
    wa = sum(x - (x + y) / 2 if x > y else x for x, y in zip(A, B))
    wb = sum(y - (x + y) / 2 if y > x else y for x, y in zip(A, B))
    v = sorted(x / (x + y) for x, y in zip(A, B))
    out.writerow([j["sample"] - 1, j["sample"], sum(x > y for x, y in zip(A, B)), (wa - wb) / (sum(A) + sum(B)),
                  sum(v) / k - (v[k // 2 - 1] + v[k // 2]) / 2] + v)
PY
xzcat "$ENS" | head -n 401 | python3 "$tmp/score.py" "$tmp/nh_units.csv" "$OUT/nh_ensemble.csv" || fails=$((fails+1))
args=(--units "$NH" --plan SEND --votes D=SSEN16D,R=SSEN16R --pop TOTPOP)
expect 0 "NH senate report with ensemble" -- "$GM" report "${args[@]}" --ensemble "$OUT/nh_ensemble.csv" -o "$OUT/nh_ensemble.html"
expect 0 "NH senate score" -- "$GM" score "${args[@]}" --format json -o "$OUT/nh_senate.json"
render "$OUT/nh_ensemble.html" nh_ensemble 3200
dom numbers "$OUT/nh_ensemble.dom" "$OUT/nh_senate.json"
dom ensemble "$OUT/nh_ensemble.dom" "$OUT/nh_senate.json" "$OUT/nh_ensemble.csv"
dom xml "$OUT/nh_ensemble.html"
dom text "$OUT/nh_ensemble.dom" "400 alternative plans from"

# A malformed ensemble file is a data error naming the file and line.
printf 'sample,efficiency_gap\n1,0.1\n2,abc\n' > "$tmp/bad.csv"
expect 1 "bad ensemble cell" -- "$GM" report "${args[@]}" --no-map --ensemble "$tmp/bad.csv" -o "$tmp/x.html"
contains "$tmp/err" "bad.csv:3: column 2 (efficiency_gap) holds 'abc', which is not a number" "ensemble error names file, line, column"
[ ! -e "$tmp/x.html" ] || { echo "FAIL: a failed report left an output file"; fails=$((fails+1)); }
printf 'sample,share_1,share_3\n1,0.4,0.6\n' > "$tmp/gap.csv"
expect 1 "ensemble share columns with a gap" -- "$GM" report "${args[@]}" --no-map --ensemble "$tmp/gap.csv"
contains "$tmp/err" "share columns must be numbered 1..3 without gaps" "share gap message"
finish
