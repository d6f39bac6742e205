#!/usr/bin/env python3
"""numpy baseline for `gerrymeter ensemble score` on the same plans.

Reads plans from a GMEN file (docs/ensembles.md: 32-byte header, then records of an
8-byte sample number and n one-byte district ids), unit columns from a CSV
(pop,a,b per unit in layer order) and the edge list written by `gerrymeter graph
--format csv`. Scores blocks of plans with vectorised numpy: bincount tallies,
seats, wasted-vote efficiency gap, mean-median, partisan bias, population deviation,
and (with --graph) cut edges and Polsby-Popper. Prints plans per second.

usage: ensemble_numpy.py PLANS.gmen UNITS.csv K [EDGES.csv NODES.csv] [--plans N]
"""
import argparse
import csv
import sys
import time

import numpy as np


def load_gmen(path, limit):
    head = np.fromfile(path, dtype=np.uint8, count=32)
    assert bytes(head[:4]) == b"GMEN", "not a GMEN file"
    width = int(head[6]) | int(head[7]) << 8
    n = int(head[8]) | int(head[9]) << 8 | int(head[10]) << 16 | int(head[11]) << 24
    assert width == 1, "the numpy baseline reads 1-byte GMEN"
    rec = np.dtype([("sample", "<u8"), ("d", "u1", (n,))])
    plans = np.fromfile(path, dtype=rec, offset=32, count=limit if limit else -1)
    return n, plans["d"]


def score(D, k, pop, a, b, graph):
    """Scores of the plans in D (plans x units, uint8). Returns a dict of arrays."""
    B, n = D.shape
    flat = (D.astype(np.int64) + (np.arange(B, dtype=np.int64) * k)[:, None]).ravel()

    def tally(w):
        return np.bincount(flat, weights=np.tile(w, B), minlength=B * k).reshape(B, k)

    P, VA, VB = tally(pop), tally(a), tally(b)
    T = VA + VB
    half = T / 2
    wa = np.where(VA > VB, VA - half, np.where(VA == VB, VA / 2, VA))
    wb = np.where(VB > VA, VB - half, np.where(VA == VB, VB / 2, VB))
    out = {"seats_a": (VA > VB).sum(1), "efficiency_gap": (wa - wb).sum(1) / T.sum(1)}
    S = np.sort(VA / T, axis=1)
    mean = S.mean(1)
    out["mean_median"] = mean - np.median(S, axis=1)
    out["partisan_bias"] = 0.5 - (S > mean[:, None]).sum(1) / k
    ideal = P.sum(1) / k
    out["pop_dev"] = np.abs(P - ideal[:, None]).max(1) / ideal
    if graph is not None:
        eu, ev, el, area, ext = graph
        du, dv = D[:, eu], D[:, ev]
        cut = du != dv
        out["cut_edges"] = cut.sum(1)
        A = tally(area)
        per = tally(ext)
        rows = np.nonzero(cut)
        for ends in (du, dv):
            np.add.at(per, (rows[0], ends[rows].astype(np.int64)), el[rows[1]])
        pp = 4 * np.pi * A / per**2
        out["pp_mean"], out["pp_min"] = pp.mean(1), pp.min(1)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("plans")
    ap.add_argument("units")
    ap.add_argument("k", type=int)
    ap.add_argument("edges", nargs="?")
    ap.add_argument("nodes", nargs="?")
    ap.add_argument("--plans", dest="limit", type=int, default=0)
    ap.add_argument("--block", type=int, default=256)
    ap.add_argument("--seconds", type=float, default=3.0)
    o = ap.parse_args()
    n, D = load_gmen(o.plans, o.limit)
    with open(o.units) as f:  # ogr2ogr quotes some numbers: read through csv
        U = np.array([[float(x) for x in r] for r in list(csv.reader(f))[1:]])
    assert U.shape[0] == n, (U.shape, n)
    pop, a, b = U[:, 0], U[:, 1], U[:, 2]
    graph = None
    if o.edges:
        E = np.loadtxt(o.edges, delimiter=",", skiprows=1, usecols=(0, 1, 4), ndmin=2)
        N = np.loadtxt(o.nodes, delimiter=",", skiprows=1, ndmin=2)
        graph = (E[:, 0].astype(np.int64), E[:, 1].astype(np.int64), E[:, 2], N[:, 0], N[:, 1])
    done, t0, c0 = 0, time.perf_counter(), time.process_time()
    while True:
        for s in range(0, D.shape[0], o.block):
            score(D[s : s + o.block], o.k, pop, a, b, graph)
            done += min(o.block, D.shape[0] - s)
        t = time.perf_counter() - t0
        if t >= o.seconds:
            break
    c = time.process_time() - c0
    what = "+ cut edges, Polsby-Popper:" if graph is not None else "population + partisan:"
    print(f"numpy {what:28s} {done / c:8.0f}/core (per CPU-second) {done / t:8.0f}/s wall ({done} plans, block {o.block})")


if __name__ == "__main__":
    sys.exit(main())
