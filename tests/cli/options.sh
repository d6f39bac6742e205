# Option mistakes (issue 13, sweep class B/C): an option given twice, an abbreviated or
# misspelt long option, an option that cannot have an effect in the mode chosen, and
# --votes with one party. Each is a usage error (exit 2) naming the option, before any
# data is read and with no output file; a few harmless cases stay allowed or warn.
. "$(dirname "$0")/lib.bash"
S="$GM_SRC/testdata/sample"
U=(--units "$S/precincts.gpkg")
out="$tmp/out.txt"
no_output() { [ -e "$out" ] && { echo "FAIL: $1: $out was written"; fails=$((fails+1)); rm -f "$out"; }; return 0; }

# --- the same option twice: the second value would replace the first unseen
expect 2 "-o twice" -- "$GM" score "${U[@]}" --plan CD --votes D=G16D,R=G16R -o "$tmp/a.txt" -o "$out"
contains "$tmp/err" "-o/--output is given twice ('$tmp/a.txt', then '$out'); it takes one value: give it once (try 'gerrymeter score --help')" "-o twice named"
no_output "-o twice"; [ -e "$tmp/a.txt" ] && { echo "FAIL: -o twice wrote the first file"; fails=$((fails+1)); }
expect 2 "--votes twice" -- "$GM" score "${U[@]}" --plan CD --votes D=G16D,R=G16R --votes D=G20D,R=G20R -o "$out"
contains "$tmp/err" "--votes is given twice ('D=G16D,R=G16R', then 'D=G20D,R=G20R')" "--votes twice named"
no_output "--votes twice"
expect 2 "--plan twice" -- "$GM" score "${U[@]}" --plan CD --plan COUNTY --votes D=G16D,R=G16R -o "$out"
contains "$tmp/err" "--plan is given twice ('CD', then 'COUNTY')" "--plan twice named"
expect 2 "--format twice (short and long)" -- "$GM" score "${U[@]}" --plan CD -f json --format csv
contains "$tmp/err" "-f/--format is given twice ('json', then 'csv')" "--format twice named"
expect 2 "partisan --group twice" -- "$GM" partisan --results x.csv --votes D=a,R=b --group state --group year
contains "$tmp/err" "--group is given twice" "partisan --group twice"
expect 2 "ensemble score --plans twice" -- "$GM" ensemble score "${U[@]}" --plans a.jsonl --plans b.jsonl
contains "$tmp/err" "--plans is given twice" "ensemble --plans twice"
expect 2 "compactness --id twice" -- "$GM" compactness "$S/districts.gpkg" --id CD --id CD
contains "$tmp/err" "--id is given twice" "compactness --id twice"
# --reference is --plan under another name: both is the same option twice
expect 2 "ensemble score --plan and --reference" -- "$GM" ensemble score "${U[@]}" --plans a.jsonl --plan SEND --reference CD
contains "$tmp/err" "--reference and --plan are one option" "--plan and --reference refused"
# a flag (no value) twice changes nothing and stays allowed
expect 0 "--compactness twice" -- "$GM" score "${U[@]}" --plan CD --votes D=G16D,R=G16R --compactness --compactness
contains "$tmp/out" "Compactness" "flag twice still runs"

# --- abbreviations and typos: refused, naming the full option
expect 2 "--vote for --votes" -- "$GM" score "${U[@]}" --plan CD --votes D=G16D,R=G16R --vote D=G16D -o "$out"
contains "$tmp/err" "gerrymeter: unknown option '--vote' (did you mean --votes?) (try 'gerrymeter score --help')" "--vote named"
no_output "--vote"
expect 2 "--vote=D=G16D" -- "$GM" score "${U[@]}" --plan CD --vote=D=G16D
contains "$tmp/err" "unknown option '--vote' (did you mean --votes?)" "--vote= named"
expect 2 "--comp for --compactness" -- "$GM" score "${U[@]}" --plan CD --comp
contains "$tmp/err" "unknown option '--comp' (did you mean --compactness?)" "--comp named"
expect 2 "--pla, ambiguous" -- "$GM" ensemble score --pla x
contains "$tmp/err" "unknown option '--pla' (did you mean --plan, --plan-where, --plans or --plans-format?)" "ambiguous prefix lists the options"
expect 2 "--ppo, typo" -- "$GM" score "${U[@]}" --ppo TOTPOP
contains "$tmp/err" "unknown option '--ppo' (did you mean --pop?)" "typo suggests the option"

# --- options that cannot have an effect in the mode chosen
expect 2 "control --impute-share without impute" -- "$GM" control --impute-share 0.8 -o "$out"
contains "$tmp/err" "--impute-share applies only with --uncontested impute" "impute-share refused"
no_output "control --impute-share"
expect 2 "control --table with text" -- "$GM" control --table states -o "$out"
contains "$tmp/err" "--table picks the table of CSV output; add --format csv" "--table refused"
expect 2 "control --by-state with csv" -- "$GM" control --by-state --format csv -o "$out"
contains "$tmp/err" "--by-state adds the per-state table to text output; CSV output holds it already (--table states)" "--by-state refused"
expect 2 "control --seed with --bootstrap 0" -- "$GM" control --bootstrap 0 --seed 4
contains "$tmp/err" "--seed sets the bootstrap, which --bootstrap 0 turns off" "--seed refused"
expect 2 "control --explain with --table" -- "$GM" control --explain PA 2016 --table years
contains "$tmp/err" "--explain shows one state's rows and steps; --table has no effect on it" "--explain --table refused"
expect 2 "score --excel-safe with text" -- "$GM" score "${U[@]}" --plan CD --excel-safe
contains "$tmp/err" "--excel-safe guards CSV cells and has no effect on text output" "score --excel-safe refused"
expect 2 "compactness --excel-safe with json" -- "$GM" compactness "$S/districts.gpkg" --id CD --excel-safe --format json
contains "$tmp/err" "no effect on JSON output" "compactness --excel-safe refused"
expect 2 "partisan --curve with text" -- "$GM" partisan --results x.csv --votes D=a,R=b --curve
contains "$tmp/err" "--curve adds the curve's points to JSON and CSV output, not to text" "--curve refused"
expect 2 "partisan --seed without --draws" -- "$GM" partisan --results x.csv --votes D=a,R=b --seed 3
contains "$tmp/err" "--seed sets the uncertainty draws" "--seed refused"
expect 2 "partisan --district-col without --results" -- "$GM" partisan "${U[@]}" --plan CD --votes D=G16D,R=G16R --district-col d
contains "$tmp/err" "--district-col needs --results" "--district-col refused"
expect 2 "report --compare-name without --compare" -- "$GM" report "${U[@]}" --plan CD --votes D=G16D,R=G16R --compare-name X
contains "$tmp/err" "--compare-name heads the plan of --compare" "--compare-name refused"
expect 2 "convert --to csv -o x.jsonl" -- "$GM" ensemble convert --plans a.jsonl --to csv -o "$tmp/x.jsonl"
contains "$tmp/err" "-o '$tmp/x.jsonl' is named as JSONL but --to writes CSV" "convert name/format clash"
expect 2 "convert -o x.jsonl.xz" -- "$GM" ensemble convert --plans a.jsonl -o "$tmp/x.jsonl.xz"
contains "$tmp/err" "convert writes uncompressed files" "convert .xz refused"

# --- one party in --votes: no winner, no two-party metric; refused like partisan
for cmd in score report; do
  expect 2 "$cmd with one party" -- "$GM" $cmd "${U[@]}" --plan CD --votes D=G16D --pop TOTPOP -o "$out"
  contains "$tmp/err" "--votes: name two parties, e.g. D=USH12D,R=USH12R; with one party no district has a winner and no two-party metric (vote share, efficiency gap, ...) can be computed" "$cmd one party"
  no_output "$cmd one party"
done

# --- ensemble score --chart without --reference: drawn, with a warning saying so
printf '{"assignment": [0, 1, 0, 1]}\n{"assignment": [1, 0, 0, 1]}\n' >"$tmp/e.jsonl"
B="$GM_SRC/tests/bad_inputs"
expect 0 "ensemble --chart without --reference" -- "$GM" ensemble score --units "$B/squares.geojson" --pop POP --votes D=D,R=R --plans "$tmp/e.jsonl" -o none --chart "$tmp/c.svg"
contains "$tmp/err" "gerrymeter: warning: --chart without --reference draws the ensemble alone: no plan is marked on it" "chart warning"
[ -s "$tmp/c.svg" ] || { echo "FAIL: chart not written"; fails=$((fails+1)); }
finish
