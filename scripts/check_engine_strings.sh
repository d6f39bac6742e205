#!/usr/bin/env bash
# check_engine_strings.sh: no string literal in engine/ names a command-line flag.
# The engine is a library: its messages describe the condition and a fix in the API's
# terms, and carry a gm_hint that the CLI turns into flag advice (cli/opts.c,
# gmc_hint_advice). A "--word" inside a C string literal of engine/*.c or engine/*.h is
# a flag unless the allowlist below says otherwise (CSS custom properties in the report's
# style text, such as var(--n) and style="--n:3"). Comments are not looked at.
# Exit 0 when none is found, 1 listing file:line and the literal otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
# Perl regexes matched against the text around a hit; one entry per allowed use.
ALLOW=(
  'var\(--[a-z][a-z0-9-]*\)'    # CSS: var(--n)
  '(^|[\s";{])--n:'             # CSS: the custom property --n set in a style attribute
)
export GM_ALLOW_RE
GM_ALLOW_RE=$(IFS='|'; echo "${ALLOW[*]}")
mapfile -d '' files < <(find engine -name '*.[ch]' -print0 | sort -z)
[ "${#files[@]}" -gt 0 ] || { echo "check_engine_strings: FAIL: no engine/*.c found (run from the repository)"; exit 1; }
hits=$(perl -e '
  my $allow = qr/$ENV{GM_ALLOW_RE}/;
  for my $f (@ARGV) {
    open(my $fh, "<", $f) or die "$f: $!\n";
    local $/; my $s = <$fh>; close $fh;
    # one pass over the tokens that can hide each other: comments, strings, char literals
    while ($s =~ m{(/\*.*?\*/)|(//[^\n]*)|("(?:[^"\\\n]|\\.)*")|(\x27(?:[^\x27\\\n]|\\.)*\x27)}gs) {
      next unless defined $3;
      my ($lit, $at) = ($3, $-[3]);
      while ($lit =~ /(?<![\w-])--[A-Za-z][\w-]*/g) {
        my ($a, $b) = ($-[0], $+[0]);
        my $from = $a > 8 ? $a - 8 : 0;
        next if substr($lit, $from, $b - $from + 8) =~ $allow;
        my $line = 1 + (substr($s, 0, $at) =~ tr/\n//);
        print "$f:$line: $lit\n";
        last;
      }
    }
  }' "${files[@]}")
if [ -n "$hits" ]; then
  echo "check_engine_strings: FAIL: $(printf '%s\n' "$hits" | wc -l) string literal(s) in engine/ name a CLI flag (describe the condition and set a gm_hint instead):"
  printf '%s\n' "$hits" | sed 's/^/  /'
  exit 1
fi
echo "check_engine_strings: ok: no string literal in ${#files[@]} engine files names a CLI flag"
