"""The mapping is strict: a field of the document it does not declare fails every document."""

from __future__ import annotations

from typing import Any

from newsdrop.models import Article, ArticleContent, Entity, SourceRef
from newsdrop.pipeline.parse_stage import build_article
from newsdrop.search.query import FIELDS, SOURCE_FIELDS, SUGGEST_FIELDS
from newsdrop.search_index import fields
from newsdrop.search_index.mapping import INDEX_BODY, index_body, to_document

PROPERTIES = INDEX_BODY["mappings"]["properties"]


def a_full_article() -> Article:
    content = ArticleContent(
        title="Kerry in Moscow",
        body=["John Kerry met Sergey Lavrov.", "They spoke of Syria."],
        lead="John Kerry met Sergey Lavrov.",
        authors=["A. Writer"],
        published="2015-12-15T10:00:00+00:00",
        dateline="MOSCOW",
        language="en",
        site="Example Wire",
        url="https://example.test/kerry",
        entities=[Entity(text="John Kerry", type="PERSON", count=2, first_offset=0, variants=["Kerry"])],
        format="html",
        notes=["nothing skipped"],
    )
    origin = SourceRef(bucket="raw", key="kerry.html", version_id="v1", etag="e", size=10)
    return build_article(content, origin, 0, 1.0)


def unmapped(document: dict[str, Any], properties: dict[str, Any], path: str = "") -> list[str]:
    """Paths of `document` the strict mapping has no place for."""
    missing = []
    for name, value in document.items():
        spec = properties.get(name)
        if spec is None:
            missing.append(path + name)
        elif isinstance(value, dict) and "properties" in spec:
            missing += unmapped(value, spec["properties"], f"{path}{name}.")
    return missing


def test_every_article_field_is_mapped() -> None:
    assert sorted(set(Article.model_fields) - set(PROPERTIES)) == []


def test_the_indexed_document_fits_the_mapping() -> None:
    document = to_document(a_full_article(), "2026-01-01T00:00:00Z")
    assert unmapped(document, PROPERTIES) == []


def test_entities_are_indexed_under_their_type_and_as_keys() -> None:
    document = to_document(a_full_article(), "2026-01-01T00:00:00Z")
    assert document[fields.ENTITY_NAMES] == ["John Kerry"]
    assert document[fields.ENTITIES_BY_TYPE] == {"person": ["John Kerry"]}
    assert fields.split_entity_key(document[fields.ENTITY_KEYS][0]) == ("PERSON", "John Kerry")
    assert fields.entities_of_type("PERSON") == f"{fields.ENTITIES_BY_TYPE}.person"


def test_every_field_a_query_names_is_mapped() -> None:
    def declared(path: str) -> bool:
        name, _, sub = path.split("^", 1)[0].partition(".")
        spec = PROPERTIES.get(name, {})
        return bool(spec) and (not sub or sub in spec.get("fields", {}))

    assert [field for field in FIELDS + SOURCE_FIELDS + SUGGEST_FIELDS if not declared(field)] == []


def test_an_index_has_the_shards_and_replicas_it_is_given() -> None:
    # A count is a fixed number of replicas; a range lets OpenSearch fit them to the nodes there are
    cluster = index_body(shards=3, replicas="1")["settings"]["index"]
    assert (cluster["number_of_shards"], cluster["number_of_replicas"]) == (3, 1)
    assert "auto_expand_replicas" not in cluster
    one_node = index_body()["settings"]["index"]
    assert (one_node["number_of_shards"], one_node["auto_expand_replicas"]) == (1, "0-1")
    assert one_node["knn"] is True
    assert one_node["gc_deletes"] == cluster["gc_deletes"]
