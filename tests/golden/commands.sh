# The golden commands: one per line as "NAME<TAB>ARGS...", read by tests/cli/golden.sh
# (compare) and scripts/make_golden.sh (regenerate). $D is the shared data folder, $P a
# plans file written from the shared ensembles by the caller. Outputs are committed in
# tests/golden/out/NAME; a change to one must be explained in the commit that makes it.
# Commands run in the shared data folder with D=data, so that the paths printed in the
# outputs are the same wherever the data lives.
golden_commands() {
  local NH="$D/mggg_NH/NH.zip" MN="$D/mggg_MN/mn_08_16.zip" CDS="$D/us_congressional_districts/cds_2012.gpkg"
  cat <<LIST
score_nh_cd.json	score --units $NH --plan CD --votes D=PRES16D,R=PRES16R --pop TOTPOP --format json
score_nh_send.txt	score --units $NH --plan SEND --votes D=SEN16D,R=SEN16R --pop TOTPOP
score_nh_send_compact.json	score --units $NH --plan SEND --votes D=SEN16D,R=SEN16R --pop TOTPOP --compactness --format json
score_mn_cong.csv	score --units $MN --plan CONGDIST --votes D=USH16D,R=USH16R --pop TOTPOP --format csv
score_mn_cong_compact.txt	score --units $MN --plan CONGDIST --votes D=USH16D,R=USH16R --pop TOTPOP --compactness
score_mn_leg.json	score --units $MN --plan MNLEGDIST --votes D=LEG16D,R=LEG16R --pop TOTPOP --format json
partisan_nh_send.json	partisan --units $NH --plan SEND --votes D=SEN16D,R=SEN16R --format json
partisan_nh_cd.txt	partisan --units $NH --plan CD --votes D=USH16D,R=USH16R
partisan_mn_cong.json	partisan --units $MN --plan CONGDIST --votes D=USH16D,R=USH16R --format json
partisan_mn_leg_dra.json	partisan --units $MN --plan MNLEGDIST --votes D=LEG16D,R=LEG16R --convention dra --format json
partisan_mn_leg.csv	partisan --units $MN --plan MNLEGDIST --votes D=LEG16D,R=LEG16R --format csv
compactness_nh.json	compactness $CDS --id DISTRICT --where STATE='NH' --format json
compactness_mn.txt	compactness $CDS --id DISTRICT --where STATE='MN'
compactness_mn.csv	compactness $CDS --id DISTRICT --where STATE='MN' --format csv
ensemble_nh_send.csv	ensemble score --units $NH --pop TOTPOP --votes D=SEN16D,R=SEN16R --plans $P/nh.jsonl --graph auto --reference SEND --threads 1 --summary $O/ensemble_nh_send.summary.json
ensemble_mn_cong.csv	ensemble score --units $MN --pop TOTPOP --votes D=USH16D,R=USH16R --plans $P/mn.jsonl --graph auto --reference CONGDIST --threads 1 --summary $O/ensemble_mn_cong.summary.json
control.txt	control --by-state
control.json	control --format json
control_years.csv	control --format csv --table years
LIST
}
# golden_plans DIR: the first 300 plans of the NH SEND and MN CONGDIST ensembles
golden_plans() {
  # xz stops on SIGPIPE when head has its lines; that is not a failure
  { xz -dc "$D/ensembles/nh_send_recom_5000.jsonl.xz" || true; } | head -n 300 >"$1/nh.jsonl"
  { xz -dc "$D/ensembles/mn_congdist_recom_10000.jsonl.xz" || true; } | head -n 300 >"$1/mn.jsonl"
}
