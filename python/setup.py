"""Build the _gerrymeter extension against libgerrymeter (see pyproject.toml).

The library comes from a CMake build folder: $GERRYMETER_BUILD, else ../build (the
repository's default). Its static archive is linked in, so the module needs only GDAL,
GEOS and PROJ at run time, as the gerrymeter command does.
"""
import glob
import os
import subprocess

import numpy
from setuptools import Extension, setup

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
build = os.path.abspath(os.environ.get("GERRYMETER_BUILD", os.path.join(root, "build")))
archive = os.path.join(build, "libgerrymeter.a")
if not os.path.exists(archive):
    raise SystemExit(
        f"gerrymeter: {archive} not found: build the library first "
        f"(cmake -S {root} -B {build} && cmake --build {build}), or set GERRYMETER_BUILD "
        "to the CMake build folder that holds libgerrymeter.a")


def pkg_libs(*pkgs):
    try:
        out = subprocess.run(["pkg-config", "--libs", *pkgs], check=True,
                             capture_output=True, text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        out = ["-lgdal", "-lproj"]
    return out


ext = Extension(
    "gerrymeter._gerrymeter",
    sources=sorted(glob.glob(os.path.join("src", "*.c"))),
    include_dirs=[os.path.join(root, "include"), numpy.get_include()],
    extra_compile_args=["-std=c11"],
    extra_objects=[archive],
    extra_link_args=pkg_libs("gdal", "proj") + ["-lgeos_c", "-lpthread", "-lm",
                                                "-Wl,--exclude-libs,ALL"],
)

setup(ext_modules=[ext])
