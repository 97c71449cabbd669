"""The `articles` index: explicit mapping, English analysis, entity keywords by type.

The versioned index sits behind an alias so a mapping change can re-index from the processed
bucket into `articles-v2` and swap the alias without downtime.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import RequestError

from newsdrop.embedding import DIMENSION, MODEL_NAME
from newsdrop.models import Article
from newsdrop.search_index import fields as f
from newsdrop.settings import DEFAULT_INDEX_REPLICAS, DEFAULT_INDEX_SHARDS
from newsdrop.stories.fingerprint import bands, body_hash, shingles

KEYWORD = {"type": "keyword", "ignore_above": 512}
ENGLISH_TEXT = {"type": "text", "analyzer": "english"}
# Unstemmed words beside the stemmed text: spelling suggestions and autocomplete show real words.
UNSTEMMED = {"type": "text", "analyzer": "standard"}
STORED_ONLY = {"type": "object", "enabled": False}
# k-NN's Lucene engine: plain Java, no native library (faiss and nmslib need one). The vectors are
# unit length, so cosine similarity ranks as the model was trained to.
VECTOR_FIELD = {
    "type": "knn_vector",
    "dimension": DIMENSION,
    "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"},
}

# A versioned delete leaves a tombstone that refuses any older write until it is collected. A stale
# write comes from an invocation that read the object before it was deleted and writes after: at
# most an index function's timeout (30 s, 15 min in Lambda at most) or a re-index batch later. The
# default of 60 s would let a slow one resurrect the article; tombstones are a few bytes each.
DELETE_TOMBSTONE_KEPT = "20m"

# Shards and replicas are per deployment (INDEX_SHARDS, INDEX_REPLICAS): `index_body` adds them.
INDEX_BODY: dict[str, Any] = {
    "settings": {
        "index": {
            "gc_deletes": DELETE_TOMBSTONE_KEPT,
            "knn": True,
        }
    },
    "mappings": {
        "dynamic": "strict",
        # Which model made the vectors: a query vector from another model would rank nonsense.
        "_meta": {"embedding_model": MODEL_NAME},
        "dynamic_templates": [
            {"entity_types": {"path_match": f"{f.ENTITIES_BY_TYPE}.*", "mapping": KEYWORD}},
        ],
        "properties": {
            f.ID: {"type": "keyword"},
            f.TITLE: {**ENGLISH_TEXT, "fields": {f.RAW: KEYWORD, f.WORDS: UNSTEMMED}},
            f.LEAD: {**ENGLISH_TEXT, "fields": {f.WORDS: UNSTEMMED}},
            f.BODY: {**ENGLISH_TEXT, "fields": {f.WORDS: UNSTEMMED}},
            "authors": KEYWORD,
            f.PUBLISHED: {"type": "date"},
            "published_approximate": {"type": "boolean"},
            "dateline": KEYWORD,
            f.LANGUAGE: {"type": "keyword"},
            f.SITE: KEYWORD,
            f.URL: KEYWORD,
            "format": {"type": "keyword"},
            f.ENTITIES: STORED_ONLY,
            f.ENTITY_NAMES: {**KEYWORD, "fields": {f.TEXT: ENGLISH_TEXT, f.WORDS: UNSTEMMED}},
            f.ENTITY_KEYS: KEYWORD,
            f.ENTITIES_BY_TYPE: {"type": "object", "dynamic": True},
            "word_count": {"type": "integer"},
            "content_hash": {"type": "keyword"},
            "parser_version": {"type": "keyword"},
            "parsed_at": {"type": "date"},
            f.INDEXED_AT: {"type": "date"},
            f.VECTOR: VECTOR_FIELD,
            f.STORY_ID: {"type": "keyword"},
            f.BODY_HASH: {"type": "keyword"},
            f.NEAR_BANDS: {"type": "keyword"},
            f.WIRE: KEYWORD,
            "origin": {
                "properties": {
                    "bucket": KEYWORD,
                    "key": KEYWORD,
                    "position": {"type": "integer"},
                    "articles_in_file": {"type": "integer"},
                    "version_id": KEYWORD,
                    "etag": KEYWORD,
                    "size": {"type": "long"},
                    "last_modified": {"type": "date"},
                }
            },
            "notes": STORED_ONLY,
            "timings_ms": STORED_ONLY,
        },
    },
}


def index_body(shards: int = DEFAULT_INDEX_SHARDS, replicas: str = DEFAULT_INDEX_REPLICAS) -> dict[str, Any]:
    """INDEX_BODY with `shards` primary shards and `replicas` copies of each: a count, or a range ("0-1")
    that OpenSearch widens and narrows with the number of data nodes."""
    copies = {"auto_expand_replicas": replicas} if "-" in replicas else {"number_of_replicas": int(replicas)}
    index_settings = {**INDEX_BODY["settings"]["index"], "number_of_shards": shards, **copies}
    return {**INDEX_BODY, "settings": {**INDEX_BODY["settings"], "index": index_settings}}


def ensure_index(
    client: OpenSearch,
    index: str,
    alias: str,
    *,
    serverless: bool = False,
    shards: int = DEFAULT_INDEX_SHARDS,
    replicas: str = DEFAULT_INDEX_REPLICAS,
) -> None:
    """Create `index` with the mapping and point `alias` at it, unless the alias exists already.

    The alias comes last, once the primary shard is allocated: until then a search of the alias
    finds no index (no hits) instead of failing. Losing a creation race to another cold start is fine.
    An OpenSearch Serverless collection manages shards and replicas itself and has no cluster health
    to wait for: there the index is created under the alias's name, with the mappings and only the
    k-NN switch a vector search collection needs for the vector field.
    """
    if serverless:
        if not client.indices.exists(index=alias):
            _create(client, alias, {"settings": {"index": {"knn": True}}, "mappings": INDEX_BODY["mappings"]})
        return
    if client.indices.exists_alias(name=alias):
        return
    _create(client, index, index_body(shards, replicas))
    client.cluster.health(index=index, wait_for_status="yellow", request_timeout=30)
    client.indices.put_alias(index=index, name=alias)


def _create(client: OpenSearch, index: str, body: dict[str, Any]) -> None:
    try:
        client.indices.create(index=index, body=body)
    except RequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise


@lru_cache(maxsize=8)
def ensure_index_once(
    client: OpenSearch,
    index: str,
    alias: str,
    serverless: bool = False,
    shards: int = DEFAULT_INDEX_SHARDS,
    replicas: str = DEFAULT_INDEX_REPLICAS,
) -> None:
    """`ensure_index`, asked once per cold start rather than on every batch."""
    ensure_index(client, index, alias, serverless=serverless, shards=shards, replicas=replicas)


def to_document(article: Article, indexed_at: str) -> dict[str, Any]:
    """The indexed form of an article: its JSON plus the derived entity and duplicate-finding fields.

    The article is its own story until `stories.assign_stories` finds it a copy of another.
    """
    doc = article.model_dump(mode="json")
    doc[f.ENTITY_NAMES] = [entity.text for entity in article.entities]
    by_type: dict[str, list[str]] = {}
    for entity in article.entities:
        by_type.setdefault(f.type_field(entity.type), []).append(entity.text)
    doc[f.ENTITIES_BY_TYPE] = by_type
    doc[f.ENTITY_KEYS] = sorted({f.entity_key(entity.type, entity.text) for entity in article.entities})
    doc[f.INDEXED_AT] = indexed_at
    doc[f.STORY_ID] = article.id
    doc[f.BODY_HASH] = body_hash(article.body)
    doc[f.NEAR_BANDS] = bands(shingles(article.body))
    return doc
