"""score_ensemble: the rows and summary of `gerrymeter ensemble score` on the same plans,
from a file, a 2-D array (read in place) and an iterable."""
import csv
import json
import lzma
import math
import os

import numpy as np
import pytest

import gerrymeter as gm
from conftest import same

VOTES = {"D": "USH12D", "R": "USH12R"}


def read_rows(path):
    with open(path) as f:
        rows = list(csv.reader(line for line in f if not line.startswith("#")))
    head, body = rows[0], rows[1:]
    return head, body


def num(s):
    return float(s) if s != "" else math.nan


@pytest.fixture(scope="module")
def nh_plans(shared):
    path = os.path.join(shared, "ensembles", "nh_send_recom_5000.jsonl.xz")
    with lzma.open(path, "rt") as f:
        plans = np.array([json.loads(line)["assignment"] for line in f], dtype=np.int32)
    return path, plans


@pytest.fixture(scope="module")
def nh_cli(shared, cli, tmp_path_factory, nh_plans):
    d = tmp_path_factory.mktemp("ens")
    units = os.path.join(shared, "mggg_NH", "NH.zip")
    cli("ensemble", "score", "--units", units, "--pop", "TOTPOP", "--votes", "D=USH12D,R=USH12R",
        "--plans", nh_plans[0], "--graph", "auto", "--reference", "SEND", "-o", str(d / "rows.csv"),
        "--summary", str(d / "s.json"), "-q", raw=True)
    head, body = read_rows(d / "rows.csv")
    return head, body, json.load(open(d / "s.json"))


def check(r, head, body, summary):
    ref = [row for row in body if row[0] == "reference"]
    rows = [row for row in body if row[0] != "reference"]
    assert len(rows) == len(r["plan"]) == 5001
    k = r["districts"]
    assert k == 24 and r["shares"].shape == (5001, 24)
    for c, name in enumerate(head):
        if name in ("plan", "sample") or name.startswith("share_"):
            continue
        want = np.array([num(row[c]) for row in rows])
        np.testing.assert_array_equal(r[name], want, err_msg=name)
        assert (r["reference"][name] == num(ref[0][c])) or (
            r["reference"][name] is None and ref[0][c] == ""), name
    np.testing.assert_array_equal(r["plan"], [int(row[0]) for row in rows])
    np.testing.assert_array_equal(r["sample"], [int(row[1]) for row in rows])
    first = head.index("share_1")
    np.testing.assert_array_equal(r["shares"], np.array([[num(x) for x in row[first:]] for row in rows]))
    same(r["summary"], summary)


def test_file_equals_cli(nh, nh_plans, nh_cli):
    path, units = nh
    r = gm.score_ensemble(units, nh_plans[0], graph="auto", reference="SEND")
    check(r, *nh_cli)


def test_array_equals_cli(nh, nh_plans, nh_cli):
    _, units = nh
    r = gm.score_ensemble(units, nh_plans[1], graph=units.graph(), reference=units.plan("SEND"),
                          threads=2)
    check(r, *nh_cli)
    # any integer dtype is read in place
    r8 = gm.score_ensemble(units, nh_plans[1].astype(np.uint8), graph=units.graph(), threads=1)
    np.testing.assert_array_equal(r8["efficiency_gap"], r["efficiency_gap"])
    # rows with a stride (the districts of GMEN-like records) and a Fortran-order copy
    rec = np.zeros(len(nh_plans[1]), dtype=[("sample", "<u8"), ("d", "u1", (units.n,))])
    rec["d"] = nh_plans[1]
    for plans in (rec["d"], np.asfortranarray(nh_plans[1])):
        rs = gm.score_ensemble(units, plans, graph=units.graph())
        np.testing.assert_array_equal(rs["cut_edges"], r["cut_edges"])
        np.testing.assert_array_equal(rs["shares"], r["shares"])


def test_iterable_and_frame(nh, nh_plans, nh_cli):
    _, units = nh
    pd = pytest.importorskip("pandas")
    r = gm.score_ensemble(units, (p for p in nh_plans[1]), graph="auto", reference="SEND",
                          as_frame=True)
    check(r, *nh_cli)
    f = r["frame"]
    assert isinstance(f, pd.DataFrame) and len(f) == 5001
    head = nh_cli[0]
    assert list(f.columns) == head


def test_errors(nh, nh_plans):
    _, units = nh
    with pytest.raises(gm.UsageError):
        gm.score_ensemble(units, np.zeros((3, 5), dtype=np.int32))
    with pytest.raises(gm.UsageError):
        gm.score_ensemble(units, np.zeros((3, units.n)))  # not integers
    bad = nh_plans[1][:5].copy()
    bad[2, 7] = 99
    with pytest.raises(gm.DataError) as e:
        gm.score_ensemble(units, bad, districts=24)
    assert "99" in str(e.value)

    def broken():
        yield nh_plans[1][0]
        raise KeyError("from the iterable")

    with pytest.raises(KeyError):
        gm.score_ensemble(units, broken())
    with pytest.raises(gm.DataError):
        gm.score_ensemble(units, "/nonexistent/plans.jsonl")


def test_gil_released(nh, nh_plans):
    """Other Python threads run while the engine scores (the GIL is released)."""
    import threading

    _, units = nh
    done = threading.Event()
    out = {}

    def work():
        out["r"] = gm.score_ensemble(units, nh_plans[0], graph="auto", threads=1)
        done.set()

    t = threading.Thread(target=work)
    spins = 0
    t.start()
    while not done.is_set():
        spins += 1
    t.join()
    assert len(out["r"]["efficiency_gap"]) == 5001
    # the call takes about 2 s on one thread and this loop spins about a million times a
    # second beside it; with the GIL held during the call it would spin only in the
    # call's few Python steps (a few thousand times)
    assert spins > 200_000, spins
