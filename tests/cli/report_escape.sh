# gerrymeter report: text from input files is escaped. District names that are markup
# or break out of an attribute, a markup title, source note and party name show as
# text in Chromium, run nothing and add no handlers; the Markdown escapes them too.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/report_lib.bash"
need_chromium

N1='<script>alert(1)</script>'
N2='" onmouseover="x'
N3="3 & <b>bold</b> | *x* [l](u)"
cat >"$tmp/esc.sql" <<SQL
SELECT PRECINCT, TOTPOP, G16D, G16R,
  CASE CD WHEN '1' THEN '$N1' WHEN '2' THEN '$N2' WHEN '3' THEN '$N3' ELSE CD END AS CD, geom
FROM precincts
SQL
ogr2ogr -f GPKG "$tmp/esc.gpkg" "$SAMPLE" -dialect SQLite -sql "@$tmp/esc.sql" -nln precincts 2>"$tmp/ogr.err" \
  || { echo "FAIL: cannot build the escaping fixture"; cat "$tmp/ogr.err"; exit 1; }

TITLE='<img src=x onerror=alert(2)> Title'
NOTE="Source: <a href='http://example.com'>link</a> & \"quotes\""
args=(--units "$tmp/esc.gpkg" --plan CD --votes '<i>D</i>=G16D,R=G16R' --pop TOTPOP)
expect 0 "report with hostile names" -- "$GM" report "${args[@]}" --title "$TITLE" --source-note "$NOTE" -o "$OUT/escape.html"
render "$OUT/escape.html" escape 2400
dom escaped "$OUT/escape.dom" "$N1" "$N2" "$N3"
dom xml "$OUT/escape.html"
dom text "$OUT/escape.dom" "$TITLE" "$NOTE" "<i>D</i> vote share"
for bad in '<script>alert' '<img src=x' '<b>bold' '<a href=' '" onmouseover="x"'; do
  if grep -qF -- "$bad" "$OUT/escape.html"; then echo "FAIL: raw '$bad' in the HTML"; fails=$((fails+1)); fi
done
contains "$OUT/escape.html" 'data-district="&quot; onmouseover=&quot;x"' "attribute value escaped"
contains "$OUT/escape.html" '&lt;script&gt;alert(1)&lt;/script&gt;' "element text escaped"

# The numbers still match score for the hostile names (JSON escapes them its own way).
expect 0 "score with hostile names" -- "$GM" score "${args[@]}" --format json -o "$OUT/escape.json"
dom numbers "$OUT/escape.dom" "$OUT/escape.json"

# Markdown: no raw HTML, no table-breaking pipe, no link syntax.
expect 0 "markdown with hostile names" -- "$GM" report "${args[@]}" --title "$TITLE" --format md -o "$OUT/escape.md"
contains "$OUT/escape.md" '| &lt;script&gt;alert(1)&lt;/script&gt; |' "md: markup escaped"
contains "$OUT/escape.md" '| 3 &amp; &lt;b&gt;bold&lt;/b&gt; \| \*x\* \[l\](u) |' "md: pipe, emphasis and link escaped"
if grep -qF -- '<script>' "$OUT/escape.md"; then echo "FAIL: raw <script> in Markdown"; fails=$((fails+1)); fi
finish
