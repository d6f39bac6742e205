"""score / partisan / compactness: every number and key equals the CLI's JSON."""
import os

import numpy as np
import pytest

import gerrymeter as gm
from conftest import same


def test_score_nh_equals_cli(nh, cli):
    path, units = nh
    want = cli("score", "--units", path, "--plan", "CD", "--votes", "D=USH12D,R=USH12R",
               "--pop", "TOTPOP", "--format", "json")
    got = gm.score(units, units.plan("CD"))
    same(got, want)
    assert got["plan"]["efficiency_gap"] == want["plan"]["efficiency_gap"]
    assert got["plan"]["districts"] == 2


def test_score_mn_equals_cli(mn, cli):
    path, units = mn
    want = cli("score", "--units", path, "--plan", "CONGDIST", "--votes", "D=USH16D,R=USH16R",
               "--pop", "TOTPOP", "--format", "json")
    got = gm.score(units, "CONGDIST")  # a plan spec is opened over the units
    same(got, want)


def test_score_no_contiguity_equals_cli(nh, cli):
    path, units = nh
    want = cli("score", "--units", path, "--plan", "SEND", "--votes", "D=USH12D,R=USH12R",
               "--pop", "TOTPOP", "--format", "json", "--no-contiguity")
    got = gm.score(units, "SEND", contiguity=False)
    assert got["plan"]["contiguity"] == {"checked": False, "why_not": "contiguity=False"}
    want["plan"]["contiguity"]["why_not"] = "contiguity=False"
    same(got, want)


def test_score_compactness_equals_cli(nh, cli):
    path, units = nh
    want = cli("score", "--units", path, "--plan", "CD", "--votes", "D=USH12D,R=USH12R",
               "--pop", "TOTPOP", "--format", "json", "--compactness")
    got = gm.score(units, "CD", compactness=True)
    same(got, want)
    c = gm.compactness(units, "CD")
    same(c["compactness"], want["compactness"])


def test_plan_from_array_and_assignment_file(nh, tmp_path, shared):
    path, first = nh
    assert first.order_key  # a text field with a distinct value per unit
    units = gm.load_units(path, pop="TOTPOP", votes={"D": "USH12D", "R": "USH12R"},
                          id=first.order_key, geometry=False)
    assert units.id_field == first.order_key
    col = units.plan("CD")
    arr = units.plan(np.asarray(col.district, dtype=np.int64), labels=col.labels)
    a, b = gm.score(units, col), gm.score(units, arr)
    for key in ("efficiency_gap", "mean_median", "seats", "population_deviation"):
        assert a["plan"][key] == b["plan"][key]
    csv = tmp_path / "assign.csv"
    csv.write_text("".join(f"{i},{col.labels[d]}\n" for i, d in zip(units.ids, col.district)))
    f = units.plan(str(csv))
    assert f.k == 2 and list(f.district) == list(col.district)
    same(gm.score(units, f)["districts"], a["districts"])


def test_partisan_equals_cli(nh, cli):
    path, units = nh
    plan = units.plan("SEND")
    pop, votes, n = gm.tally(units, plan.district)
    assert n.sum() == units.n and pop.sum() == units.pop.sum()
    for conv in ("gerrymeter", "dra", "planscore", "gerrychain", "redistmetrics"):
        want = cli("partisan", "--units", path, "--plan", "SEND", "--votes", "D=USH12D,R=USH12R",
                   "--format", "json", "--convention", conv, "--curve")
        got = gm.partisan(votes[0], votes[1], convention=conv, labels=plan.labels,
                          seats_votes_curve=True)
        g = dict(want["groups"][0])
        del g["group"]
        for k in ("convention", "parties", "share_party", "positive_favours"):
            assert got[k] == want[k], k
        for k in g:
            same(got[k], g[k], f"{conv}.{k}")


def test_partisan_gerrychain_stored_values():
    # GerryChain tests/metrics/test_partisan.py (shared/vectors/VECTORS.md, section C):
    # parties ["B", "A"], so positive values favour B
    b = [5, 60, 25, 55, 55]
    a = [95, 40, 75, 45, 45]
    r = gm.partisan(b, a, convention="gerrychain", parties=("B", "A"))
    assert r["efficiency_gap"] == pytest.approx(0.3, abs=1e-12)
    assert r["mean_median"] == pytest.approx(0.15, abs=1e-5)
    assert r["partisan_bias"] == pytest.approx(0.1, abs=1e-5)
    assert r["partisan_gini"] == pytest.approx(0.12, abs=1e-5)
    assert r["positive_favours"] == "B"


def test_columns_are_views_not_copies(nh):
    _, units = nh
    addr = units._addresses()
    pop = units.pop
    assert pop.__array_interface__["data"][0] == addr["pop"]
    assert np.shares_memory(pop, units.pop)
    assert units.votes["D"].__array_interface__["data"][0] == addr["votes"]
    assert units.votes["R"].__array_interface__["data"][0] == addr["votes"] + 8 * units.n
    assert np.shares_memory(units.vote_matrix, units.votes["R"])
    assert units.fid.__array_interface__["data"][0] == addr["fid"]
    assert not pop.flags.writeable and not pop.flags.owndata
    with pytest.raises(ValueError):
        pop[0] = 1
    assert pop.sum() == 1316470
    assert units.vote_matrix.shape == (2, 320)
    assert len(units.ids) == 320 and units.parties == ("D", "R")


def test_view_keeps_units_alive(shared):
    units = gm.load_units(os.path.join(shared, "mggg_NH", "NH.zip"), pop="TOTPOP", geometry=False)
    pop = units.pop
    del units
    assert pop.sum() == 1316470  # the array holds the units


def test_errors(nh, shared, tmp_path):
    path, units = nh
    with pytest.raises(gm.DataError) as e:
        gm.load_units(str(tmp_path / "missing.gpkg"))
    assert "missing.gpkg" in str(e.value)
    with pytest.raises(gm.DataError) as e:
        gm.load_units(path, pop="NOPE")
    assert "NOPE" in str(e.value) and e.value.code == "field"
    assert isinstance(e.value, gm.Error)
    with pytest.raises(gm.UsageError):
        gm.load_units(path, votes="D=USH12D,R")
    with pytest.raises(gm.UsageError):
        units.plan("CD", district_id="X")
    with pytest.raises(gm.DataError) as e:
        units.plan("NOT_A_FIELD")
    assert "NOT_A_FIELD" in str(e.value)
    with pytest.raises(gm.UsageError) as e:
        units.plan(np.zeros(5, dtype=np.int32))
    assert "320" in str(e.value)
    with pytest.raises(gm.UsageError):
        gm.partisan([1, 2], [1, 2, 3])
    with pytest.raises(gm.UsageError) as e:
        gm.partisan([1, 2], [3, 4], convention="nope")
    assert e.value.code == "argument" and "nope" in str(e.value)
    with pytest.raises(gm.DataError):
        gm.partisan([1, -2], [3, 4])
    with pytest.raises(TypeError):
        gm.score("not units", "CD")


def test_district_layer_plan_equals_cli(nh, cli, shared):
    path, units = nh
    layer = os.path.join(shared, "us_congressional_districts", "cds_2012.gpkg") + ":cds_2012"
    want = cli("score", "--units", path, "--plan", layer, "--plan-where", "STATE='NH'",
               "--district-id", "DISTRICT", "--votes", "D=USH12D,R=USH12R", "--pop", "TOTPOP",
               "--format", "json")
    plan = units.plan(layer, district_id="DISTRICT", where="STATE='NH'")
    assert plan.k == 2
    same(gm.score(units, plan), want)
    no_geom = gm.load_units(path, pop="TOTPOP", geometry=False)
    with pytest.raises(gm.UsageError):  # a district layer needs the units' geometry
        no_geom.plan(layer, district_id="DISTRICT", where="STATE='NH'")


def test_compactness_of_layer_equals_cli(cli, shared):
    layer = os.path.join(shared, "us_congressional_districts", "cds_2012.gpkg") + ":cds_2012"
    want = cli("compactness", layer, "--id", "DISTRICT", "--where", "STATE='NH'", "--format", "json")
    same(gm.compactness(layer, id="DISTRICT", where="STATE='NH'"), want)
    with pytest.raises(gm.UsageError):
        gm.compactness(layer, "CD")
