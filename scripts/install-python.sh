#!/usr/bin/env bash
# Install the Python module built in a CMake build folder (default build/) for Debian's
# python3, so that `python3 -c "import gerrymeter"` works: the package folder
# BUILD/python/gerrymeter (the compiled _gerrymeter module, which has libgerrymeter linked
# in, and the .py files) is copied into that Python's user site-packages
# (~/.local/lib/python3.X/site-packages), or, when user site-packages are disabled, into
# its system site-packages (needs root). A copy, not a link: deleting or rebuilding the
# build folder does not break the installed module; run this again after a rebuild to
# update it. Usage: scripts/install-python.sh [BUILD]   (PYTHON=... picks the interpreter)
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
PY=${PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3 )}
src="$B/python/gerrymeter"
if ! ls "$src"/_gerrymeter*.so >/dev/null 2>&1; then
  echo "install-python: $src has no built module: configure with Python 3 headers and numpy" \
       "(scripts/install-deps.sh build) and build ($B)" >&2
  exit 1
fi
dest=$("$PY" - <<'PY'
import site, sysconfig
print(site.getusersitepackages() if site.ENABLE_USER_SITE else sysconfig.get_paths()["platlib"])
PY
)
mkdir -p "$dest"
rm -rf "$dest/gerrymeter.tmp"
cp -r "$src" "$dest/gerrymeter.tmp"
rm -rf "$dest/gerrymeter"
mv "$dest/gerrymeter.tmp" "$dest/gerrymeter"
(cd / && "$PY" -c "import gerrymeter") # from elsewhere than the repository
echo "install-python: gerrymeter $( (cd / && "$PY" -c 'import gerrymeter; print(gerrymeter.__version__)') ) installed for $PY in $dest" >&2
