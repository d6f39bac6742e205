#!/usr/bin/env bash
# check_exports.sh [LIBRARY]: libgerrymeter.so exports the public API and nothing else.
#  1. every defined global symbol in its dynamic table starts with gm_ (the engine is
#     built with hidden visibility; the headers' GM_BEGIN_DECLS make their declarations
#     default), apart from the linker's own (_init, _fini, _edata, _end, __bss_start);
#  2. every gm_ function and variable declared in include/gerrymeter/*.h (static inline
#     helpers aside) is exported: nothing is declared and hidden, or declared and missing.
# The declarations are read from clang's AST of the headers (clang is a test dependency).
# Exit 0 when both hold, 1 with a one-line reason and the symbols otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=${1:-build/libgerrymeter.so}
fail() { echo "check_exports: FAIL: $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/  /'; exit 1; }
[ -f "$lib" ] || fail "$lib not found (build the library first)"
command -v nm >/dev/null || fail "nm not found (binutils)"
command -v clang >/dev/null || fail "clang not found (needed to list the declarations; scripts/install-deps.sh test)"

# defined global symbols (upper-case nm types), version suffixes dropped
exported=$(nm -D --defined-only "$lib" | awk 'NF >= 3 && $2 ~ /^[A-Z]$/ { sub(/@.*/, "", $3); print $3 }' | sort -u)
linker='^(_init|_fini|_edata|_end|__bss_start|__bss_start__|__bss_end__|_bss_end__|__end__|_ITM_.*)$'
stray=$(printf '%s\n' "$exported" | grep -v '^gm_' | grep -Ev "$linker" || true)
if [ -n "$stray" ]; then
  fail "$(printf '%s\n' "$stray" | wc -l) exported symbol(s) of $lib do not start with gm_ (give them hidden visibility or a gm_ name):" "$stray"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for h in include/gerrymeter/*.h; do echo "#include <gerrymeter/$(basename "$h")>"; done > "$tmp/all.c"
clang -std=c11 -fsyntax-only -Xclang -ast-dump -fno-color-diagnostics -Iinclude "$tmp/all.c" \
  > "$tmp/ast" 2> "$tmp/err" || fail "the public headers do not compile:" "$(head -20 "$tmp/err")"
declared=$(grep -E '^[|`]-(FunctionDecl|VarDecl) ' "$tmp/ast" | grep -v ' static' \
  | perl -ne "print \"\$1\\n\" if / (gm_\\w+) '/" | sort -u)
[ -n "$declared" ] || fail "no gm_ declaration found in include/gerrymeter/*.h (is the AST format new?)"
hidden=$(comm -23 <(printf '%s\n' "$declared") <(printf '%s\n' "$exported"))
if [ -n "$hidden" ]; then
  fail "$(printf '%s\n' "$hidden" | wc -l) gm_ symbol(s) declared in include/gerrymeter/ are not exported by $lib (hidden, or never defined):" "$hidden"
fi
echo "check_exports: ok: $lib exports $(printf '%s\n' "$exported" | grep -c '^gm_') gm_ symbols, all $(printf '%s\n' "$declared" | wc -l) declared ones included"
