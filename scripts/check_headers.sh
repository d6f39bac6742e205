#!/usr/bin/env bash
# check_headers.sh: the public headers in include/gerrymeter/ stand on their own.
#  1. each compiles alone: a one-line .c that includes only it, with
#     -std=c11 -Wall -Wextra -Wpedantic -Werror (and as C++11 when a C++ compiler is
#     installed, so extern "C" and the export macros work for C++ callers);
#  2. each but gerrymeter.h opens with GM_BEGIN_DECLS and closes with GM_END_DECLS;
#  3. gerrymeter.h includes every other public header;
#  4. every file of this repository a header names (engine/..., docs/..., ...) exists.
# Exit 0 when all hold, 1 with a one-line reason per problem otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
CC=${CC:-cc}
CXX=${CXX:-c++}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
problem() { echo "check_headers: FAIL: $1"; [ -n "${2:-}" ] && sed 's/^/  | /' "$2" | head -15; bad=$((bad + 1)); }
have_cxx=0
command -v "$CXX" >/dev/null && have_cxx=1
n=0
for h in include/gerrymeter/*.h; do
  b=$(basename "$h")
  n=$((n + 1))
  echo "#include <gerrymeter/$b>" > "$tmp/t.c"
  "$CC" -std=c11 -Wall -Wextra -Wpedantic -Werror -Iinclude -c "$tmp/t.c" -o "$tmp/t.o" 2> "$tmp/err" \
    || problem "$b does not compile on its own as C11 (-Wall -Wextra -Wpedantic -Werror):" "$tmp/err"
  if [ "$have_cxx" = 1 ]; then
    cp "$tmp/t.c" "$tmp/t.cpp"
    "$CXX" -std=c++11 -Wall -Wextra -Werror -Iinclude -c "$tmp/t.cpp" -o "$tmp/t.o" 2> "$tmp/err" \
      || problem "$b does not compile on its own as C++11 (-Wall -Wextra -Werror):" "$tmp/err"
  fi
  if [ "$b" != gerrymeter.h ]; then
    grep -q '^GM_BEGIN_DECLS$' "$h" && grep -q '^GM_END_DECLS$' "$h" \
      || problem "$b lacks a GM_BEGIN_DECLS / GM_END_DECLS line (its declarations would be hidden and C++ would mangle them)"
    grep -q "^#include \"$b\"" include/gerrymeter/gerrymeter.h \
      || problem "gerrymeter.h does not include $b"
  fi
  for f in $(grep -oE '\b(engine|cli|docs|include|scripts|tests|bench|testdata)/[A-Za-z0-9_./-]*[A-Za-z0-9_]\.(c|h|md|sh|py|csv)\b' "$h" | sort -u); do
    [ -e "$f" ] || problem "$b names $f, which does not exist"
  done
done
[ "$bad" = 0 ] || { echo "check_headers: $bad problem(s)"; exit 1; }
echo "check_headers: ok: $n public headers compile alone (C11$([ "$have_cxx" = 1 ] && echo ' and C++11')), gerrymeter.h includes them all, every file they name exists"
