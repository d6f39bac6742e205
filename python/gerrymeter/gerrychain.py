"""GerryChain interop: updaters computed by the gerrymeter engine.

GerryChain (github.com/mggg/GerryChain) passes a Partition to each updater; a
Partition has ``.assignment`` (node -> district) and ``.graph``. The functions here
accept such a Partition (duck typing: anything with ``.assignment``), its assignment
(a mapping node -> district or an array of one district per unit), and work without
GerryChain installed. Nodes are the units' positions 0..n-1, as in the graph
``gerrymeter graph`` writes and GerryChain's Graph.from_json reads.

    >>> from gerrymeter.gerrychain import updaters
    >>> ups = updaters(units, graph)
    >>> Partition(graph, "CD", updaters=ups)        # GerryChain
    >>> ups["efficiency_gap"](partition)           # or called directly

Values follow the gerrymeter convention (a positive efficiency gap favours the second
party named); ``partisan`` gives every metric in GerryChain's own convention too.
"""
import numpy as np

from . import _gerrymeter as _gm


def assignment_array(partition, n):
    """(districts, labels): one int32 district index per unit 0..n-1 and the label of
    each index, from a Partition, a mapping node -> label, or an array of labels."""
    a = getattr(partition, "assignment", partition)
    if hasattr(a, "to_dict"):
        a = a.to_dict()
    if isinstance(a, dict) or hasattr(a, "keys"):
        raw = [None] * n
        for node, d in a.items():
            i = int(node)
            if not 0 <= i < n:
                raise _gm.UsageError(f"node {node!r} is not a unit position 0..{n - 1}")
            raw[i] = d
        missing = [i for i, d in enumerate(raw) if d is None]
        if missing:
            raise _gm.UsageError(
                f"the assignment has no district for {len(missing)} units (first: unit "
                f"{missing[0]}); give one for each of the {n} units")
    else:
        raw = list(np.asarray(a).tolist())
        if len(raw) != n:
            raise _gm.UsageError(f"the assignment has {len(raw)} entries for {n} units")
    try:
        labels = sorted(set(raw))
    except TypeError:
        labels = sorted(set(raw), key=str)
    index = {d: i for i, d in enumerate(labels)}
    return np.fromiter((index[d] for d in raw), dtype=np.int32, count=n), labels


def updaters(units, graph=None, parties=None):
    """GerryChain-style updaters: {name: function(partition)}.

    "population": {district: population}; "votes": {party: {district: votes}};
    "cut_edges": the set of cut edges (u, v) (needs a graph); "partisan": every partisan
    metric of gerrymeter.partisan in GerryChain's convention; and one entry per
    per-plan metric of the engine's registry (efficiency_gap, mean_median,
    partisan_bias, declination, seats_D, pop_dev, cut_edges count as "cut_edge_count"
    when a graph is given, ...), computed by the batch kernel of ensemble scoring.
    """
    n = units.n
    parties = tuple(parties or units.parties[:2])

    def population(partition):
        d, labels = assignment_array(partition, n)
        pop, _, _ = _gm.tally(units, d)
        return {lab: float(pop[i]) for i, lab in enumerate(labels)}

    def votes(partition):
        d, labels = assignment_array(partition, n)
        _, v, _ = _gm.tally(units, d)
        return {p: {lab: float(v[q, i]) for i, lab in enumerate(labels)}
                for q, p in enumerate(units.parties)}

    def cut_edges(partition):
        if graph is None:
            raise _gm.UsageError("cut_edges needs the graph: updaters(units, graph)")
        d, _ = assignment_array(partition, n)
        eu, ev = graph.edge_u, graph.edge_v
        cut = d[eu] != d[ev]
        return set(zip(eu[cut].tolist(), ev[cut].tolist()))

    def partisan(partition):
        d, labels = assignment_array(partition, n)
        _, v, _ = _gm.tally(units, d)
        return _gm.partisan(v[0], v[1], convention="gerrychain", parties=parties[:2],
                            labels=[str(x) for x in labels])

    out = {"population": population, "votes": votes, "partisan": partisan}
    if graph is not None:
        out["cut_edges"] = cut_edges

    def metric(key):
        def f(partition):
            d, _ = assignment_array(partition, n)
            return plan_scores(partition if d is None else d)[key]
        f.__name__ = key
        return f

    def plan_scores(d):
        return _gm.plan_scores(units, d, graph)

    sample = plan_scores(np.zeros(n, dtype=np.int32))
    for key in sample:
        if key in ("shares",):
            continue
        name = "cut_edge_count" if key == "cut_edges" else key
        out.setdefault(name, metric(key))
    return out
