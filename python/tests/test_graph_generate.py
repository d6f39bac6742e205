"""Graph, generate and the GerryChain updaters."""
import json
import os

import numpy as np
import pytest

import gerrymeter as gm
from conftest import same


def test_graph_equals_cli(nh, cli, tmp_path):
    path, units = nh
    out = tmp_path / "g.json"
    cli("graph", "--units", path, "-o", str(out), raw=True)
    want = json.load(open(out))
    g = gm.Graph.build(units)
    assert g is units.graph()  # built once per units
    assert g.n == 320 and g.n_edges == sum(len(a) for a in want["adjacency"]) // 2
    assert [n["area"] for n in want["nodes"]] == g.area_m2.tolist()
    edges = {(i, e["id"]): e["shared_perim"] for i, a in enumerate(want["adjacency"]) for e in a}
    for u, v, length in zip(g.edge_u.tolist(), g.edge_v.tolist(), g.edge_length_m.tolist()):
        assert edges[(u, v)] == length
    g2 = gm.Graph.from_networkx_json(out, units=units)
    assert g2.n_edges == g.n_edges and g2.source == str(out)
    np.testing.assert_array_equal(g2.edge_u, g.edge_u)
    out2 = tmp_path / "g2.json"
    g.write_json(out2)
    assert json.load(open(out2)) == want
    plan = units.plan("CD")
    assert g.cut_edges(plan.district) == gm.score(units, plan, compactness=True)["compactness"]["cut_edges"]


def test_to_networkx(nh):
    nx = pytest.importorskip("networkx")
    _, units = nh
    G = units.graph().to_networkx()
    assert isinstance(G, nx.Graph) and G.number_of_edges() == units.graph().n_edges


def test_generate_equals_cli(shared, cli, tmp_path):
    path = os.path.join(shared, "mggg_NH", "NH.zip")
    units = gm.load_units(path, pop="TOTPOP", votes={"D": "USH12D", "R": "USH12R"})
    out = tmp_path / "plans.jsonl"
    cli("ensemble", "generate", "--units", path, "--pop", "TOTPOP", "--plan", "CD", "--steps", "30",
        "--seed", "7", "--chains", "2", "--thin", "3", "-o", str(out), "-q", raw=True)
    want = [json.loads(line) for line in open(out)]
    it = gm.generate(units, "CD", steps=30, seed=7, chains=2, thin=3)
    got = list(it)
    assert it.total == len(got) == len(want) == 2 * 11
    for g, w in zip(got, want):
        assert g.dtype == np.int32 and g.tolist() == w["assignment"]
    assert it.stats(0)["steps"] == 30
    # scored in the same pass: the batch kernel's numbers, as score_ensemble's
    scored = list(gm.generate(units, "CD", steps=5, seed=7, scores=True))
    ens = gm.score_ensemble(units, np.array([a for a, _ in scored]), graph="auto")
    for i, (a, s) in enumerate(scored):
        assert s["sample"] == i and s["chain"] == 0
        assert s["efficiency_gap"] == ens["efficiency_gap"][i]
        assert s["cut_edges"] == ens["cut_edges"][i]


def test_generate_errors(nh):
    _, units = nh
    with pytest.raises(gm.UsageError):
        gm.generate(units, "CD", steps=0)
    with pytest.raises(gm.UsageError):
        gm.generate(units, "CD", steps=5, method="nope")
    with pytest.raises(gm.DataError):  # the enacted senate map is 5 % off: outside 2 %
        gm.generate(units, "SEND", steps=5)


class Partition:
    """What GerryChain's Partition offers an updater (duck typing)."""

    def __init__(self, graph, assignment):
        self.graph, self.assignment = graph, assignment


def test_gerrychain_updaters(nh):
    from gerrymeter.gerrychain import updaters

    _, units = nh
    graph = units.graph()
    plan = units.plan("CD")
    labels = plan.labels
    part = Partition(graph, {i: labels[d] for i, d in enumerate(plan.district.tolist())})
    ups = updaters(units, graph)
    s = gm.score(units, plan)
    assert ups["population"](part) == {d["district"]: d["population"] for d in s["districts"]}
    assert ups["efficiency_gap"](part) == s["plan"]["efficiency_gap"]
    assert ups["mean_median"](part) == s["plan"]["mean_median"]
    assert ups["seats_D"](part) == s["plan"]["seats"]["D"]
    cut = ups["cut_edges"](part)
    assert len(cut) == graph.cut_edges(plan.district) == ups["cut_edge_count"](part)
    # the assignment alone works too, and GerryChain's own convention
    assert ups["efficiency_gap"](part.assignment) == s["plan"]["efficiency_gap"]
    gc = ups["partisan"](part)
    assert gc["convention"] == "gerrychain"
    assert gc["efficiency_gap"] == pytest.approx(-s["plan"]["efficiency_gap"], abs=1e-12)
