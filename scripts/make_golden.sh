#!/usr/bin/env bash
# Regenerate tests/golden/out/ with a built gerrymeter: scripts/make_golden.sh [BINARY]
# Only for a change whose new outputs are explained in the commit that makes it.
set -euo pipefail
cd "$(dirname "$0")/.."
GM=$(realpath "${1:-build/gerrymeter}")
SRC=$PWD
O=$PWD/tests/golden/out
. tests/golden/commands.sh
P=$(mktemp -d); trap 'rm -rf "$P"' EXIT
R=$(realpath "${GM_SHARED_DATA:-../shared/data}")
cd "${R%/*}" || exit 1
D=${R##*/}   # "data": outputs name the files as data/...
golden_plans "$P"
mkdir -p "$O"
golden_commands | while IFS=$'\t' read -r name args; do
  # shellcheck disable=SC2086 # args are split on purpose; no argument holds a space
  # the shipped tables are named by absolute path: write the source tree as SRC
  "$GM" $args | sed "s|$SRC/|SRC/|g" >"$O/$name"
done
echo "wrote $(ls "$O" | wc -l) files in $O"
