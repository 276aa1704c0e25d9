"""A tiny graph shaped like the built one, for examples and doctests.

Four people and four organizations: Ann and Bo leave X for Y, Cai leaves Y for Z, Dai leaves X
(destination unknown); Ann worked at Y until 2022; Ann and Dai are members of X's alumni group,
which Bo founded. Node and edge attributes are those :func:`alumnigraph.build.build` writes.

>>> g = example_graph()
>>> g.number_of_nodes(), g.number_of_edges()
(8, 12)
>>> g.nodes["id/group/x-alumni"]["label_zh"]
'甲校友会'
"""

from __future__ import annotations

import networkx as nx

_NODES = (
    ("id/person/ann", "Person", "Ann", "安"),
    ("id/person/bo", "Person", "Bo", "博"),
    ("id/person/cai", "Person", "Cai", "蔡"),
    ("id/person/dai", "Person", "Dai", "戴"),
    ("id/company/x", "Company", "X", "甲"),
    ("id/company/y", "Company", "Y", "乙"),
    ("id/company/z", "Company", "Z", "丙"),
    ("id/group/x-alumni", "AlumniGroup", "X alumni", "甲校友会"),
)

_MOVES = (  # move id, person, from, to, year
    ("id/move/m1", "id/person/ann", "id/company/x", "id/company/y", 2020),
    ("id/move/m2", "id/person/bo", "id/company/x", "id/company/y", 2021),
    ("id/move/m3", "id/person/cai", "id/company/y", "id/company/z", 2021),
    ("id/move/m4", "id/person/dai", "id/company/x", None, None),
)

_OTHER_EDGES = (  # source, target, kind, attributes
    ("id/person/ann", "id/company/y", "worksFor", {"end": 2022}),
    ("id/person/ann", "id/group/x-alumni", "memberOf", {}),
    ("id/person/dai", "id/group/x-alumni", "memberOf", {}),
    ("id/group/x-alumni", "id/person/bo", "founder", {"year": 2015}),
    ("id/group/x-alumni", "id/company/x", "alumniGroupOf", {}),
)


def example_graph() -> nx.MultiDiGraph:
    """The tiny example graph described in the module docstring.

    >>> sorted({kind for *_, kind in example_graph().edges(data="kind")})
    ['alumniGroupOf', 'founder', 'joined', 'left', 'memberOf', 'worksFor']
    """
    g = nx.MultiDiGraph()
    for node, node_type, en, zh in _NODES:
        g.add_node(node, type=node_type, label_en=en, label_zh=zh)
    for move, person, left, joined, year in _MOVES:
        for org, kind in ((left, "left"), (joined, "joined")):
            if org is not None:
                attrs = {"move": move} | ({"year": year} if year else {})
                g.add_edge(person, org, key=f"{move}#{kind}", kind=kind, **attrs)
    for i, (u, v, kind, attrs) in enumerate(_OTHER_EDGES):
        g.add_edge(u, v, key=f"edge/{i}", kind=kind, **attrs)
    return g
