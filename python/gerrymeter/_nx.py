"""Graph.to_networkx(): the graph as networkx.Graph, with the attributes of the networkx
adjacency JSON `gerrymeter graph` writes (GerryChain's Graph.from_json reads it)."""


def to_networkx(graph):
    try:
        import networkx as nx
    except ImportError as e:  # pragma: no cover - depends on the machine
        raise ImportError("Graph.to_networkx needs networkx (Debian: python3-networkx)") from e
    g = nx.Graph()
    g.graph.update(components=graph.n_components, queen=graph.queen, units=graph.n)
    ids, area, border = graph.ids, graph.area_m2, graph.boundary_m
    for i in range(graph.n):
        g.add_node(i, unit_id=ids[i], area=float(area[i]), boundary_node=bool(border[i] > 0),
                   boundary_perim=float(border[i]))
    for u, v, length in zip(graph.edge_u.tolist(), graph.edge_v.tolist(),
                            graph.edge_length_m.tolist()):
        g.add_edge(u, v, shared_perim=length)
    return g
