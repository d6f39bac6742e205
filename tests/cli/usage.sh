# Usage errors every subcommand shares (help, missing value, unknown option, stray
# argument): exit code and a message naming the command. No data is read.
. "$(dirname "$0")/lib.bash"

for cmd in score partisan check graph report compactness control "control chamber" compare "ensemble score" "ensemble convert" "ensemble merge"; do
  # shellcheck disable=SC2086 # "ensemble convert" is two words on purpose
  set -- $cmd
  expect 0 "$cmd --help" -- "$GM" "$@" --help
  contains "$tmp/out" "Usage: gerrymeter $cmd" "$cmd --help prints the usage"
  [ -s "$tmp/err" ] && { echo "FAIL: $cmd --help wrote to stderr"; fails=$((fails+1)); }
  expect 2 "$cmd --bogus" -- "$GM" "$@" --bogus
  contains "$tmp/err" "gerrymeter: unknown option '--bogus' (try 'gerrymeter $cmd --help')" "$cmd unknown option"
  expect 2 "$cmd --output (no value)" -- "$GM" "$@" --output
  contains "$tmp/err" "gerrymeter: option '--output' needs a value (try 'gerrymeter $cmd --help')" "$cmd missing value"
done

# The source options are taken by the shared parser too: a bad value is a usage error.
expect 2 "score --negative-votes bad" -- "$GM" score --negative-votes maybe
contains "$tmp/err" "--negative-votes: expected 'error' or 'zero', got 'maybe'" "bad source option value"
# Help with the source options spliced in, and a literal %% kept as %.
expect 0 "partisan -h" -- "$GM" partisan -h
contains "$tmp/out" "--units PATH[:LAYER]" "partisan help lists the source options"
contains "$tmp/out" "|share - 50%| <= X" "partisan help keeps the percent sign"

# Operands: none for most commands, one for compactness, any number for ensemble merge.
for cmd in score partisan check graph report control compare; do
  expect 2 "$cmd stray" -- "$GM" $cmd stray
  contains "$tmp/err" "gerrymeter: unexpected argument 'stray' (try 'gerrymeter $cmd --help')" "$cmd stray argument"
done
expect 2 "compactness, no layer" -- "$GM" compactness
contains "$tmp/err" "name the DISTRICTS layer (try 'gerrymeter compactness --help')" "compactness needs a layer"
expect 2 "compactness, two layers" -- "$GM" compactness a.gpkg b.gpkg
contains "$tmp/err" "unexpected argument 'b.gpkg' (try 'gerrymeter compactness --help')" "compactness second operand"
expect 2 "ensemble convert stray" -- "$GM" ensemble convert --plans p.jsonl stray
contains "$tmp/err" "unexpected argument 'stray' (try 'gerrymeter ensemble convert --help')" "convert stray argument"
expect 2 "ensemble merge, nothing" -- "$GM" ensemble merge
contains "$tmp/err" "name the shard outputs to merge" "merge needs shards"
expect 1 "ensemble merge, two missing shards" -- "$GM" ensemble merge "$tmp/no1.csv" "$tmp/no2.csv"
contains "$tmp/err" "no1.csv" "merge reads its operands"
# The load step shared by the scoring commands names the command that called it.
U=/nonexistent/units.shp
expect 2 "score, no plan" -- "$GM" score --units $U
contains "$tmp/err" "name the plan with --plan (a column, a CSV or a layer) or give --at-large (try 'gerrymeter score --help')" "score load message"
expect 2 "partisan, no plan" -- "$GM" partisan --units $U --votes D=a,R=b
contains "$tmp/err" "name the plan with --plan (a column, a CSV or a layer) or give --at-large (try 'gerrymeter partisan --help')" "partisan load message"
expect 2 "partisan, no units" -- "$GM" partisan --plan CD --votes D=a,R=b
contains "$tmp/err" "(try 'gerrymeter partisan --help')" "partisan without --units"
expect 2 "report, plan and at-large" -- "$GM" report --units $U --plan CD --at-large
contains "$tmp/err" "--plan and --at-large exclude each other (try 'gerrymeter report --help')" "report load message"
expect 2 "ensemble score, plan and at-large" -- "$GM" ensemble score --units $U --plans p.jsonl --reference CD --at-large
contains "$tmp/err" "--plan and --at-large exclude each other (try 'gerrymeter ensemble score --help')" "ensemble score load message"
expect 2 "graph, no units" -- "$GM" graph
contains "$tmp/err" "name the unit layer with --units PATH (try 'gerrymeter graph --help')" "graph load message"
expect 2 "score, CSV plan without --join" -- "$GM" score --units $U --plan plan.csv
contains "$tmp/err" "an assignment CSV needs --join FIELD: the unit id field its first column holds (try 'gerrymeter score --help')" "score join message"
finish
