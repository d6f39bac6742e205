# cmake --install puts the binary, libraries, headers and a working pkg-config file in place.
. "$(dirname "$0")/lib.bash"
expect 0 "cmake --install" -- cmake --install "$GM_BUILD" --prefix "$tmp/prefix"
for f in bin/gerrymeter include/gerrymeter/gerrymeter.h lib/pkgconfig/gerrymeter.pc; do
  [ -e "$tmp/prefix/$f" ] || { echo "FAIL: $f not installed"; fails=$((fails+1)); }
done
ls "$tmp/prefix"/lib/libgerrymeter.a "$tmp/prefix"/lib/libgerrymeter.so >/dev/null 2>&1 || { echo "FAIL: libraries not installed"; fails=$((fails+1)); }
cat > "$tmp/use.c" <<'C'
#include <gerrymeter/gerrymeter.h>
#include <stdio.h>
#include <string.h>
int main(void) { return strcmp(gm_version(), GM_VERSION) != 0; }
C
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
expect 0 "compile against the installed library" -- sh -c "cc ${GM_TEST_CFLAGS:-} \"$tmp/use.c\" \$(pkg-config --cflags --libs gerrymeter) -Wl,-rpath,\"$tmp/prefix/lib\" -o \"$tmp/use\""
expect 0 "run it" -- "$tmp/use"
finish
