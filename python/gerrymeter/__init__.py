"""gerrymeter: redistricting and gerrymandering metrics, from Python.

A thin layer over libgerrymeter, the engine of the ``gerrymeter`` command: the same
functions compute the same numbers, and results are dicts with the keys of the
command's JSON output (docs/cli.md) and numpy arrays. See docs/python.md.

    >>> import gerrymeter as gm
    >>> units = gm.load_units("NH.zip", pop="TOTPOP", votes={"D": "USH12D", "R": "USH12R"})
    >>> gm.score(units, units.plan("CD"))["plan"]["efficiency_gap"]

Errors of the engine are raised as :class:`DataError` (bad or unreadable input) or
:class:`UsageError` (a bad argument), both :class:`Error`, with the engine's one-line
message naming the input and the fix.
"""
import os as _os

from . import _gerrymeter as _gm
from ._gerrymeter import (  # noqa: F401
    DataError,
    Error,
    Graph,
    Plan,
    Units,
    UsageError,
    __version__,
    compactness,
    metrics,
    partisan,
    plan_scores,
    score,
    tally,
)

__all__ = [
    "DataError", "Error", "Graph", "Plan", "Units", "UsageError", "compactness", "generate",
    "load_units", "metrics", "partisan", "plan_scores", "score", "score_ensemble", "tally",
]


def _votes(votes):
    """{party: field} from a dict, pairs, or the CLI's text "D=USH12D,R=USH12R"."""
    if votes is None or not isinstance(votes, str):
        return votes
    out = {}
    for tok in votes.split(","):
        party, sep, field = tok.partition("=")
        if not sep or not party or not field:
            raise UsageError(
                f"votes: expected PARTY=FIELD pairs like D=USH12D,R=USH12R, got '{tok}'")
        out[party] = field
    return out


def load_units(path, pop=None, votes=None, id=None, layer=None, where=None, crs=None,
               geometry=None, negative_votes="error", plan_field=None):
    """Load a unit layer (precincts, blocks, ...) as the CLI's --units does.

    path: any OGR source (shapefile, a .zip holding one, GeoPackage, GeoJSON; "PATH:LAYER"
    picks a layer). pop: population field. votes: {party: field} in order, e.g.
    {"D": "USH12D", "R": "USH12R"} (the first two parties are compared; a positive
    efficiency gap favours the second), or "D=USH12D,R=USH12R". id: unit id field.
    where: OGR attribute filter. crs: CRS to assume when the layer has none.
    geometry: None (default) loads it when the layer has geometry and a CRS, as
    ``gerrymeter score`` does (contiguity, graphs, district layers); True requires it;
    False skips it (faster). negative_votes: "error" or "zero".

    Returns Units, whose columns (pop, votes, fid) are read-only numpy views of the
    engine's arrays, not copies.
    """
    return _gm.load_units(
        _os.fspath(path), pop=pop, votes=_votes(votes), id=id, layer=layer, where=where,
        crs=crs, geometry=geometry, negative_votes=negative_votes, plan_field=plan_field)


def score_ensemble(units, plans, graph=None, threads=None, reference=None, *,
                   contiguity=True, districts=None, pop_dev_limit=None, plans_format=None,
                   as_frame=False):
    """Score every plan of an ensemble, as ``gerrymeter ensemble score`` does.

    plans: a 2-D integer array (plans x units; read in place, any integer dtype), an
    iterable of 1-D arrays (one district id per unit), or a file path (JSONL, .xz,
    CSV, GMEN, BEN). graph: a Graph, "auto" (built from the units' geometry) or None
    (no cut edges, Polsby-Popper or contiguity). threads: scoring threads (None: one
    per CPU). reference: a plan to place among them (a Plan, a column, a file or an
    array).

    Returns a dict: one numpy array per per-plan metric, named as the CLI's CSV rows
    (efficiency_gap, seats_D, ...), "plan" (index in the ensemble), "sample", "shares"
    (plans x districts, each plan's sorted shares), "summary" (the --summary JSON as a
    dict), "reference" (its scores, or None), "warnings" and "districts". With
    as_frame=True (pandas installed) also "frame": a DataFrame of the rows.
    """
    r = _gm.score_ensemble(
        units, plans if not isinstance(plans, _os.PathLike) else _os.fspath(plans),
        graph=graph, threads=0 if threads is None else threads, reference=reference,
        contiguity=contiguity, districts=0 if districts is None else districts,
        pop_dev_limit=pop_dev_limit, plans_format=plans_format)
    if as_frame:
        import pandas as pd

        cols = {"plan": r["plan"], "sample": r["sample"]}
        skip = {"plan", "sample", "shares", "summary", "reference", "warnings", "districts"}
        cols.update({k: v for k, v in r.items() if k not in skip})
        for d in range(r["districts"]):
            cols[f"share_{d + 1}"] = r["shares"][:, d]
        r["frame"] = pd.DataFrame(cols)
    return r


def generate(units, plan, steps, *, chains=1, thin=1, burn_in=0, tolerance=0.02,
             method="recom", tree="kruskal", pair="cut-edge", cut="gerrychain",
             balance_ub=30, tree_draws=100, county=None, county_weight=None,
             max_county_splits=None, graph=None, seed=1, threads=None, scores=False,
             districts=None):
    """Run ReCom (or reversible ReCom) chains from a start plan, as ``gerrymeter ensemble
    generate`` does, with its options and defaults (docs/generate.md).

    Yields each sample's assignment (an int32 array of one district id per unit), in the
    order the command writes them; with scores=True yields (assignment, scores), scores
    holding "chain", "sample", every per-plan metric (as score_ensemble's columns) and
    "shares". units need a population field; the graph is the units' own (built from
    their geometry) unless one is given. The iterator's .total is the number of samples.
    """
    return _gm.generate(
        units, plan, steps=steps, chains=chains, thin=thin, burn_in=burn_in,
        tolerance=tolerance, method=method, tree=tree, pair=pair, cut=cut,
        balance_ub=balance_ub, tree_draws=tree_draws, county=county,
        county_weight=county_weight,
        max_county_splits=-1 if max_county_splits is None else max_county_splits,
        graph=graph, seed=seed, threads=0 if threads is None else threads, scores=scores,
        districts=0 if districts is None else districts)
