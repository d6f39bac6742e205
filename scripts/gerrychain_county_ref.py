#!/usr/bin/env python3
"""Reference statistics of GerryChain's region-aware ReCom on Minnesota, for the county
test of `ensemble generate` (tests/cli/generate_county.sh reads the file this writes).

    scripts/gerrychain_county_ref.py GERRYCHAIN_SRC GERRYMETER SHARED_DATA OUT.json [STEPS [BURN_IN]]

GERRYCHAIN_SRC is a checkout of github.com/mggg/GerryChain (the directory holding the
`gerrychain` package; it runs on Debian's python3 with python3-networkx and
python3-pandas). The graph is gerrymeter's rook graph of mggg_MN/mn_08_16.zip (written by
`gerrymeter graph`, read by GerryChain's Graph.from_json), with TOTPOP, CONGDIST and
COUNTYFIPS joined on VTD. The chain: ReCom from CONGDIST, 2 % of the ideal population,
region_surcharge {"COUNTYFIPS": W}, bipartition_tree with 100 attempts and pair
reselection, as the shared ensembles were made (../shared/data/ensembles/*.meta.json),
always accepted, BURN_IN steps (default 2000: the county splits fall from the enacted
plan's 9 for about that long) and then STEPS steps (default 10000) from random.seed(SEED).

Per step after the burn-in it counts the split counties (counties whose units lie in two or more
districts) and the cut edges, and writes their means with batch-means standard errors
(50 batches: the chain is autocorrelated, so the plain standard error would be too
small), the settings and the GerryChain commit.
"""
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
from functools import partial

src, gm, shared, out = sys.argv[1:5]
steps = int(sys.argv[5]) if len(sys.argv) > 5 else 10000
burn_in = int(sys.argv[6]) if len(sys.argv) > 6 else 2000
SEED, WEIGHT, EPS = 20261204, 1.0, 0.02
sys.path.insert(0, src)
from gerrychain import Graph, MarkovChain, Partition  # noqa: E402
from gerrychain.accept import always_accept  # noqa: E402
from gerrychain.constraints import within_percent_of_ideal_population  # noqa: E402
from gerrychain.proposals import recom  # noqa: E402
from gerrychain.tree import bipartition_tree  # noqa: E402
from gerrychain.updaters import Tally, cut_edges  # noqa: E402

mn = os.path.join(shared, "mggg_MN", "mn_08_16.zip")
tmp = tempfile.mkdtemp()
raw, attrs = os.path.join(tmp, "g.json"), os.path.join(tmp, "a.csv")
subprocess.run([gm, "graph", "--units", mn, "--id", "VTD", "-o", raw], check=True,
               stderr=subprocess.DEVNULL)
subprocess.run(["ogr2ogr", "-f", "CSV", attrs, "/vsizip/" + os.path.abspath(mn), "mn_08_16",
                "-sql", "SELECT VTD, TOTPOP, CONGDIST, COUNTYFIPS FROM mn_08_16"], check=True,
               stderr=subprocess.DEVNULL)
with open(raw) as f:
    g = json.load(f)
with open(attrs) as f:
    rows = {r["VTD"]: r for r in csv.DictReader(f)}
for n in g["nodes"]:
    r = rows[n["unit_id"]]
    n["TOTPOP"] = int(r["TOTPOP"])
    n["CONGDIST"] = int(r["CONGDIST"])
    n["COUNTYFIPS"] = r["COUNTYFIPS"]
with open(raw, "w") as f:
    json.dump(g, f)
graph = Graph.from_json(raw)
county = {v: graph.nodes[v]["COUNTYFIPS"] for v in graph.nodes}

start = Partition(graph, assignment="CONGDIST",
                  updaters={"population": Tally("TOTPOP", alias="population"),
                            "cut_edges": cut_edges})
ideal = sum(start["population"].values()) / len(start)
proposal = partial(recom, pop_col="TOTPOP", pop_target=ideal, epsilon=EPS, node_repeats=2,
                   region_surcharge={"COUNTYFIPS": WEIGHT},
                   method=partial(bipartition_tree, max_attempts=100,
                                  allow_pair_reselection=True))
chain = MarkovChain(proposal=proposal,
                    constraints=[within_percent_of_ideal_population(start, EPS)],
                    accept=always_accept, initial_state=start, total_steps=burn_in + steps + 1)
random.seed(SEED)


def splits(p):
    seen = {}
    for v, d in p.assignment.items():
        seen.setdefault(county[v], set()).add(d)
    return sum(1 for s in seen.values() if len(s) > 1)


xs, cs = [], []
for i, p in enumerate(chain):
    if i <= burn_in:
        continue  # the start plan and the burn-in
    xs.append(splits(p))
    cs.append(len(p["cut_edges"]))


def batch_means(v, nb=50):
    b = len(v) // nb
    means = [sum(v[i * b:(i + 1) * b]) / b for i in range(nb)]
    m = sum(means) / nb
    var = sum((x - m) ** 2 for x in means) / (nb - 1)
    return sum(v) / len(v), (var / nb) ** 0.5


commit = subprocess.run(["git", "-C", src, "rev-parse", "HEAD"], capture_output=True,
                        text=True).stdout.strip() or "unknown"
ms, ss = batch_means(xs)
mc, sc = batch_means(cs)
with open(out, "w") as f:
    json.dump({"generator": f"GerryChain recom with region_surcharge (commit {commit})",
           "layer": "mggg_MN/mn_08_16.zip", "start": "CONGDIST", "pop": "TOTPOP",
           "county": "COUNTYFIPS", "county_weight": WEIGHT, "tolerance": EPS,
           "node_repeats": 2, "max_attempts": 100, "seed": SEED, "burn_in": burn_in, "steps": steps,
           "start_county_splits": splits(start), "start_cut_edges": len(start["cut_edges"]),
           "county_splits": {"mean": ms, "se": ss}, "cut_edges": {"mean": mc, "se": sc},
           "se_method": "batch means, 50 batches"},
          f, indent=1)
print(f"county splits {ms:.3f} +- {ss:.3f}, cut edges {mc:.1f} +- {sc:.1f} over {steps} steps "
      f"after {burn_in}")
