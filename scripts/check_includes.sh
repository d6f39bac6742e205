#!/usr/bin/env bash
# check_includes.sh: the engine's folders follow the data flow, and no files import each other.
#  1. every file of engine/ sits in a folder of LAYERS (below), and every
#     #include "folder/file.h" in engine/ names a file that exists;
#  2. a file includes only headers of its own folder or of a folder before it in LAYERS:
#     engine-internal ones ("folder/file.h") and public ones ("gerrymeter/gm_*.h", which
#     belong to the folder that implements them, PUBLIC below); the public headers
#     include each other by the same rule;
#  3. a file of engine/ uses (calls or takes the address of) only gm_/gmi_ functions
#     defined in its own folder or a folder before it, so no dependency runs back up
#     behind a header of a lower folder;
#  4. each public header is implemented in exactly one folder, the one PUBLIC names: every
#     function it declares (static inline ones aside) is defined ("^type gm_name(...) {")
#     in a .c file of that folder and nowhere else; every header of include/gerrymeter/ is
#     in PUBLIC and every header in PUBLIC exists;
#  5. no files import each other, in engine/ and cli/: a file imports another when it uses
#     a gm_/gmi_/gmc_ function defined there, and a cycle of imports (a -> b -> a, or
#     longer) is reported with the names that close it; two files that include each
#     other's own header (x.h of x.c), and headers that include each other, are reported
#     too. (A folder's shared header, such as report/report.h, declares functions of many
#     files: including it is not an import of each of them, using a name from it is.)
# Comments and string literals are not looked at. Exit 0 with one "ok" line when all
# hold, 1 with one line per violation otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

# The folders of engine/ in data-flow order, lowest first. A folder may use its own
# files and those of the folders before it, never those after it.
LAYERS="core io geo units plan graph metrics compact generate batch control report"

# Public header -> the folder that implements it. gerrymeter.h includes them all and
# declares nothing: it belongs to the top folder, so no engine file below it includes it.
PUBLIC="
gm_core.h       core
gm_io.h         io
gm_sink.h       core
gm_units.h      units
gm_check.h      units
gm_results.h    units
gm_plan.h       plan
gm_graph.h      graph
gm_tally.h      metrics
gm_partisan.h   metrics
gm_metric.h     metrics
gm_splits.h     metrics
gm_compact.h    compact
gm_generate.h   generate
gm_ensemble.h   batch
gm_driver.h     batch
gm_control.h    control
gm_report.h     report
gerrymeter.h    report
"

[ -d engine ] && [ -d include/gerrymeter ] \
  || { echo "check_includes: FAIL: engine/ or include/gerrymeter/ not found (run from the repository)"; exit 1; }
mapfile -d '' files < <(find engine cli include/gerrymeter -name '*.[ch]' -print0 | sort -z)
export GM_LAYERS="$LAYERS" GM_PUBLIC="$PUBLIC"
perl -e '
use strict; use warnings;
my @layers = split " ", $ENV{GM_LAYERS};
my %rank; @rank{@layers} = (0 .. $#layers);
my %pub = split " ", $ENV{GM_PUBLIC};
my $umbrella = "gerrymeter.h";
my @bad;
sub bad { push @bad, $_[0] }

# text with comments and string/char literals blanked (newlines kept for line numbers)
sub strip {
  my $s = shift;
  $s =~ s{(/\*.*?\*/)|(//[^\n]*)|("(?:[^"\\\n]|\\.)*")|(\x27(?:[^\x27\\\n]|\\.)*\x27)}{
    defined $1 ? ($1 =~ tr/\n//cdr) : defined $2 ? "" : defined $3 ? "\"\"" : "0" }gse;
  return $s;
}
sub lineof { my ($s, $pos) = @_; return 1 + (substr($s, 0, $pos) =~ tr/\n//); }

my (%raw, %code, %folder);
for my $f (@ARGV) {
  open(my $fh, "<", $f) or die "$f: $!\n";
  local $/; my $s = <$fh>; close $fh;
  $raw{$f} = $s; $code{$f} = strip($s);
}

# 1. folders
for my $f (sort keys %raw) {
  next unless $f =~ m{^engine/};
  if ($f =~ m{^engine/([^/]+)/[^/]+$} && exists $rank{$1}) { $folder{$f} = $1; next; }
  my ($d) = $f =~ m{^engine/([^/]+)/};
  bad(defined $d ? "$f: folder engine/$d/ is not in LAYERS (scripts/check_includes.sh)"
                 : "$f: not in a folder of engine/ (one of: @layers)");
}
# public headers: each in PUBLIC, each entry of PUBLIC present
for my $f (sort grep { m{^include/gerrymeter/} } keys %raw) {
  (my $b = $f) =~ s{.*/}{};
  if (!exists $pub{$b}) { bad("$f: not in PUBLIC of scripts/check_includes.sh (which folder implements it?)"); next; }
  if (!exists $rank{$pub{$b}}) { bad("scripts/check_includes.sh: PUBLIC puts $b in $pub{$b}, which is not in LAYERS"); next; }
  $folder{$f} = $pub{$b};
}
for my $b (sort keys %pub) {
  bad("scripts/check_includes.sh: PUBLIC names include/gerrymeter/$b, which does not exist")
    unless exists $raw{"include/gerrymeter/$b"};
}

# 2. includes
my %hinc;   # header -> headers it includes (for header cycles)
my %sinc;   # file -> files whose own header (x.h of x.c) it includes
for my $f (sort keys %raw) {
  my $in_engine = $f =~ m{^engine/};
  my $in_pub = $f =~ m{^include/gerrymeter/};
  next unless $in_engine || $in_pub || $f =~ m{^cli/};
  while ($raw{$f} =~ /^[ \t]*#[ \t]*include[ \t]*"([^"]+)"/mg) {
    my ($inc, $line) = ($1, lineof($raw{$f}, $-[0]));
    my ($target, $tfolder);
    if ($inc =~ m{^gerrymeter/([^/]+)$} || ($in_pub && $inc =~ m{^([^/]+)$})) {
      my $b = $1;
      $target = "include/gerrymeter/$b";
      if (!exists $raw{$target}) { bad("$f:$line: includes \"$inc\", which does not exist"); next; }
      $tfolder = $pub{$b};
    } elsif ($f =~ m{^cli/}) {
      $target = "cli/$inc";
      if (exists $raw{$target}) { $hinc{$f}{$target} = 1 if $f =~ /\.h$/; (my $c = $target) =~ s/\.h$/.c/;
        $sinc{$f}{$c} = 1 if $f =~ /\.c$/ && exists $raw{$c} && $c ne $f; }
      next;
    } elsif ($inc =~ m{^([^/]+)/[^/]+\.h$}) {
      $target = "engine/$inc";
      if (!exists $raw{$target}) { bad("$f:$line: includes \"$inc\", which does not exist (engine/$inc)"); next; }
      $tfolder = $folder{$target};
      if ($in_pub) { bad("$f:$line: a public header includes the engine-internal \"$inc\""); next; }
    } else {
      bad("$f:$line: includes \"$inc\": name engine headers as \"folder/file.h\" and public ones as \"gerrymeter/gm_*.h\"") if $in_engine;
      next;
    }
    $hinc{$f}{$target} = 1 if $f =~ /\.h$/;
    (my $c = $target) =~ s/\.h$/.c/;
    $sinc{$f}{$c} = 1 if $f =~ /\.c$/ && exists $raw{$c} && $c ne $f;
    next if $f =~ m{^cli/};
    my $ffolder = $folder{$f};
    next unless defined $ffolder && defined $tfolder;
    next if $in_pub && $f =~ m{/\Q$umbrella\E$};
    if ($rank{$tfolder} > $rank{$ffolder}) {
      bad("$f:$line: includes \"$inc\" of $tfolder/, a higher folder than $ffolder/ (order: @layers)");
    }
  }
}

# definitions of gm_/gmi_/gmc_ functions (non-static) and variables in .c files
my %def;    # name -> [files]
for my $f (sort grep { /\.c$/ && m{^(engine|cli)/} } keys %code) {
  my $s = $code{$f};
  while ($s =~ /^(?!static\b)[A-Za-z_][^;{}()=#]*?[\s*](gm[ci]?_\w+)\s*\([^;{}]*\)\s*\{/mg) { push @{$def{$1}}, $f; }
  while ($s =~ /^(?!static\b)(?:const\s+)?[A-Za-z_][^;{}()=#]*?[\s*](gm[ci]?_\w+)\s*(?:\[[^\]]*\])?\s*=/mg) { push @{$def{$1}}, $f; }
}

# 4. each public header implemented in one folder
for my $h (sort grep { m{^include/gerrymeter/} && exists $folder{$_} } keys %code) {
  next if $h =~ m{/\Q$umbrella\E$};
  (my $b = $h) =~ s{.*/}{};
  my $want = $folder{$h};
  my $s = $code{$h};
  $s =~ s/^[ \t]*#.*(?:\\\n.*)*$//mg;   # preprocessor lines (macros may look like calls)
  my %decl;
  while ($s =~ /(?:\A|(?<=[;{}]))\s*(?!static\b|typedef\b)[^;{}]*?\b(gm_\w+)\s*\((?:[^;{}()]|\([^()]*\))*\)\s*(?:__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)\s*)*;/g) { $decl{$1} = 1; }
  while ($s =~ /\bextern\b[^;{}()]*?\b(gm_\w+)\s*(?:\[[^\]]*\])?\s*;/g) { $decl{$1} = 1; }
  bad("$h: declares no gm_ function (is the declaration parser out of date?)") unless %decl;
  print STDERR "$h: ", join(" ", sort keys %decl), "\n" if $ENV{GM_CHECK_INCLUDES_DEBUG};
  my %where;
  for my $n (sort keys %decl) {
    my @d = grep { m{^engine/} } @{$def{$n} || []};
    if (!@d) { bad("$h: declares $n, which no file of engine/ defines"); next; }
    for my $d (@d) { my $fo = $folder{$d}; next unless defined $fo; push @{$where{$fo}}, "$n ($d)"; }
  }
  for my $fo (sort grep { $_ ne $want } keys %where) {
    bad("$h belongs to $want/ but $fo/ implements part of it: " . join(", ", @{$where{$fo}}));
  }
}

# 3. uses of functions, and the import graph
my %imp;    # file -> file -> [names]
for my $f (sort grep { /\.c$/ && m{^(engine|cli)/} } keys %code) {
  my %own = map { $_ => 1 } grep { grep { $_ eq $f } @{$def{$_}} } keys %def;
  my %done;
  while ($code{$f} =~ /\b(gm[ci]?_\w+)\b/g) {
    my $n = $1;
    next if $own{$n} || $done{$n}++ || !$def{$n};
    for my $d (@{$def{$n}}) { push @{$imp{$f}{$d}}, $n unless $d eq $f; }
  }
}
for my $f (sort keys %imp) {
  my $ffolder = $folder{$f};
  next unless defined $ffolder;
  for my $d (sort keys %{$imp{$f}}) {
    my $dfolder = $folder{$d};
    next unless defined $dfolder && @{$imp{$f}{$d}};
    bad("$f: uses " . join(", ", @{$imp{$f}{$d}}) . " of $d: $dfolder/ is a higher folder than $ffolder/")
      if $rank{$dfolder} > $rank{$ffolder};
  }
}

# 5. cycles (strongly connected components of more than one file)
sub sccs {
  my ($g) = @_;
  my ($i, @st, %on, %ix, %low, @out) = (0);
  my $visit; $visit = sub {
    my $v = shift; $ix{$v} = $low{$v} = $i++; push @st, $v; $on{$v} = 1;
    for my $w (sort keys %{$g->{$v} || {}}) {
      if (!exists $ix{$w}) { $visit->($w); $low{$v} = $low{$w} if $low{$w} < $low{$v}; }
      elsif ($on{$w}) { $low{$v} = $ix{$w} if $ix{$w} < $low{$v}; }
    }
    if ($low{$v} == $ix{$v}) {
      my @c; while (1) { my $w = pop @st; $on{$w} = 0; push @c, $w; last if $w eq $v; }
      push @out, [sort @c] if @c > 1;
    }
  };
  for my $v (sort keys %$g) { $visit->($v) unless exists $ix{$v}; }
  undef $visit;
  return @out;
}
for my $c (sccs(\%imp)) {
  my %in = map { $_ => 1 } @$c;
  my @why;
  for my $a (@$c) { for my $b (sort grep { $in{$_} } keys %{$imp{$a}}) {
    my @n = @{$imp{$a}{$b}};
    push @why, "$a -> $b (" . join(", ", @n) . ")";
  } }
  bad("files import each other: " . join("; ", @why));
}
for my $c (sccs(\%hinc)) { bad("headers include each other: " . join(", ", @$c)); }
for my $a (sort keys %sinc) { for my $b (sort keys %{$sinc{$a}}) {
  bad("files include each other\x27s header: $a and $b") if $a lt $b && $sinc{$b}{$a};
} }

if (@bad) {
  print "check_includes: FAIL: $_\n" for @bad;
  print "check_includes: " . scalar(@bad) . " problem(s)\n";
  exit 1;
}
my $n = grep { m{^engine/} } keys %raw;
my $np = grep { m{^include/gerrymeter/} && !m{/\Q$umbrella\E$} } keys %raw;
print "check_includes: ok: $n files in " . scalar(@layers) . " engine folders, no include or use runs back up, "
  . "$np public headers implemented in one folder each, no files import each other\n";
' "${files[@]}"
