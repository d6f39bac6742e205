# gerrymeter report of a 134-district plan (Minnesota state house, MNLEGDIST) stays
# under 2 MB, draws one path per district, enlarges the Twin Cities in an inset and
# matches score.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/report_lib.bash"
need_shared
need_chromium
MN="$SHARED/mggg_MN/mn_08_16.zip"
args=(--units "$MN" --plan MNLEGDIST --votes D=LEG16D,R=LEG16R --pop TOTPOP)
expect 0 "MN house report" -- "$GM" report "${args[@]}" --title "Minnesota House, 2016" -o "$OUT/mn_house.html"
expect 0 "MN house score" -- "$GM" score "${args[@]}" --format json -o "$OUT/mn_house.json"
size=$(stat -c %s "$OUT/mn_house.html")
echo "MN house report: $size bytes"
[ "$size" -lt 2000000 ] || { echo "FAIL: report is $size bytes, over 2 MB"; fails=$((fails+1)); }
render "$OUT/mn_house.html" mn_house 2400
dom numbers "$OUT/mn_house.dom" "$OUT/mn_house.json"
dom xml "$OUT/mn_house.html"
# Minneapolis and St Paul districts are too small to label on the state map: the inset
# shows them.
dom inset "$OUT/mn_house.dom" 60A 60B 61A 63A 64A 65A 66A
# 32B held no election in 2016 (0/0 votes): stated, and left out of shares and seats.
dom text "$OUT/mn_house.dom" "1 district had no votes for either party and is left out of the shares and seats: 32B."

# --impute-uncontested: the 5 uncontested races get a 75% winner share; every metric then
# equals `gerrymeter partisan --impute-uncontested 0.75`.
expect 0 "MN house report, imputed" -- "$GM" report "${args[@]}" --no-map --impute-uncontested 0.75 -o "$OUT/mn_impute.html"
expect 0 "MN house partisan, imputed" -- "$GM" partisan "${args[@]}" --impute-uncontested 0.75 --format json -o "$OUT/mn_impute.json"
render "$OUT/mn_impute.html" mn_impute 1600
dom metrics "$OUT/mn_impute.dom" "$OUT/mn_impute.json"
dom text "$OUT/mn_impute.dom" "5 (12B, 18A, 40A, 60A, 62B). They were imputed (5 changed)" "D (uncontested; imputed)"
expect 2 "impute share 0.5" -- "$GM" report "${args[@]}" --no-map --impute-uncontested 0.5
finish
