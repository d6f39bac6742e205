"""Shared fixtures: the CLI to compare with, the shared data, loaded units."""
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("GM_SRC", os.path.dirname(os.path.dirname(HERE)))


def _shared():
    for d in (os.environ.get("GM_SHARED_DATA"), os.environ.get("GM_DEFAULT_SHARED_DATA"),
              os.path.join(SRC, "..", "shared", "data")):
        if d and os.path.isdir(d):
            return os.path.abspath(d)
    return None


SHARED = _shared()


def need_shared():
    if SHARED:
        return SHARED
    if os.environ.get("GM_REQUIRE_SHARED_DATA") == "1":
        pytest.fail("shared data missing (../shared/data or GM_SHARED_DATA)")
    pytest.skip("../shared/data not found")


@pytest.fixture(scope="session")
def shared():
    return need_shared()


@pytest.fixture(scope="session")
def gm_bin():
    b = os.environ.get("GM", os.path.join(SRC, "build", "gerrymeter"))
    if not os.path.exists(b):
        pytest.skip(f"the gerrymeter CLI {b} is not built (set GM)")
    return b


@pytest.fixture(scope="session")
def cli(gm_bin):
    """Run the CLI; return its JSON (or its stdout with raw=True)."""

    def run(*args, raw=False, check=True):
        p = subprocess.run([gm_bin, *args], capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"gerrymeter {' '.join(args)} failed: {p.stderr}")
        return p if raw else json.loads(p.stdout)

    return run


@pytest.fixture(scope="session")
def nh(shared):
    import gerrymeter as gm

    path = os.path.join(shared, "mggg_NH", "NH.zip")
    return path, gm.load_units(path, pop="TOTPOP", votes={"D": "USH12D", "R": "USH12R"})


@pytest.fixture(scope="session")
def mn(shared):
    import gerrymeter as gm

    path = os.path.join(shared, "mggg_MN", "mn_08_16.zip")
    return path, gm.load_units(path, pop="TOTPOP", votes="D=USH16D,R=USH16R")


def same(a, b, path="$"):
    """Deep equality with the path of the first difference in the message; reals equal
    exactly (the CLI writes %.17g, which reads back to the same double)."""
    if isinstance(a, dict) and isinstance(b, dict):
        assert list(a) == list(b), f"{path}: keys {list(a)} != {list(b)}"
        for k in a:
            same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    else:
        assert a == b and type(a) in (type(b), int, float) or (a == b), f"{path}: {a!r} != {b!r}"


sys.modules.setdefault("gm_testlib", sys.modules[__name__])
