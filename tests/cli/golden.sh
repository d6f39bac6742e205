# Golden outputs: score, partisan, compactness, ensemble score and control on New
# Hampshire and Minnesota, byte for byte as committed in tests/golden/out/
# (regenerated only by scripts/make_golden.sh, with the reason in the commit).
. "$(dirname "$0")/lib.bash"
need_shared
. "$GM_SRC/tests/golden/commands.sh"
G=$GM_SRC/tests/golden/out
O=$tmp/out.d; mkdir -p "$O"
R=$(realpath "$SHARED")
cd "${R%/*}" || exit 1
D=${R##*/}   # "data": outputs name the files as data/...
P=$tmp; golden_plans "$P"
while IFS=$'\t' read -r name args; do
  # shellcheck disable=SC2086
  if ! "$GM" $args >"$O/$name.raw" 2>"$tmp/err"; then
    echo "FAIL: golden $name: exit non-zero"; head -3 "$tmp/err"; fails=$((fails+1)); continue
  fi
  sed "s|$(realpath "$GM_SRC")/|SRC/|g" "$O/$name.raw" >"$O/$name"
done < <(golden_commands)
for f in "$G"/*; do
  n=$(basename "$f")
  if ! cmp -s "$f" "$O/$n"; then
    echo "FAIL: golden $n differs:"; diff "$f" "$O/$n" | head -10; fails=$((fails+1))
  fi
done
finish
