"""The ``ag:`` terms and the external namespaces the graph uses.

Every class and property the code emits is listed here; ``tests/test_ontology.py`` checks that
this list and ``ontology/alumnigraph.ttl`` declare exactly the same terms, so code and ontology
cannot drift.

>>> str(AG.Move)
'https://w3id.org/alumnigraph/ontology#Move'
>>> "alumniGroupOf" in OBJECT_PROPERTIES
True
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from .ids import ID_BASE

AG = Namespace("https://w3id.org/alumnigraph/ontology#")
ID = Namespace(ID_BASE)
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, str] = {
    "ag": str(AG),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "foaf": str(FOAF),
    "dcterms": str(DCTERMS),
    "wd": str(WD),
}
"""Prefixes used in every export and predeclared for queries."""

CLASSES = (
    "Organization",
    "Company",
    "AlumniGroup",
    "Person",
    "Move",
    "Source",
    "Employment",
    "Education",
    "Event",
    "Investment",
    "Figure",
)

OBJECT_PROPERTIES = (
    "person",
    "fromOrganization",
    "toOrganization",
    "organization",
    "alumniGroupOf",
    "founder",
    "organizer",
    "memberOf",
    "worksFor",
    "studiedAt",
    "participant",
    "investor",
    "investee",
    "figureOf",
    "reportedBy",
    "author",
    "editor",
    "outlet",
)

DATATYPE_PROPERTIES = (
    "quote",
    "year",
    "date",
    "role",
    "fromRole",
    "reason",
    "note",
    "isPseudonym",
    "isUnnamed",
    "foundingYear",
    "formerName",
    "accountLastUpdated",
    "accountActive",
    "officialBacking",
    "location",
    "startYear",
    "endYear",
    "duration",
    "degree",
    "amount",
    "currency",
    "measure",
    "value",
    "unit",
    "qualifier",
    "title",
    "publicationDate",
    "dateNotBefore",
    "dateNotAfter",
    "url",
    "fileName",
    "age",
)

TERMS = CLASSES + OBJECT_PROPERTIES + DATATYPE_PROPERTIES
