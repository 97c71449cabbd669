"""Turn a search request into OpenSearch DSL. User text only ever goes in as query text.

Ranking: title over lead over body and entities; exact words over typo-tolerant ones (a
separate, lower-boosted fuzzy clause); phrase proximity adds to the score. "Strict" needs
every word; "relaxed" (only for a long query that strict finds nothing for, as Typesense and
Algolia drop words) takes any of them and still ranks documents with all words first.
"""

from __future__ import annotations

from typing import Any

from newsdrop.search.models import SearchRequest
from newsdrop.search.stories import STORIES, collapse, facet_story_count_agg
from newsdrop.search.syntax import ParsedQuery, Term
from newsdrop.search_index import fields as f

# Weights measured on SciFact (bench/relevance.py): heavier title and lead boosts lost to plain
# BM25. The lead is also the body's opening, so any lead weight ranks it above the rest of the
# body; the unstemmed `.words` fields reward a word in the form the user typed it.
FIELDS = [
    f"{f.TITLE}^1.2",
    f"{f.LEAD}^0.5",
    f.BODY,
    f"{f.ENTITY_NAMES_TEXT}^0.3",
    f"{f.TITLE_WORDS}^0.5",
    f"{f.BODY_WORDS}^0.5",
]
PHRASE_FIELDS = [f"{f.TITLE}^1.2", f"{f.LEAD}^0.5", f.BODY]
FUZZY_BOOST = 0.1  # a typo-tolerant match scores well below an exact one
FUZZINESS = "AUTO:4,8"  # as Algolia: one typo from 4 letters, two from 8
# Clause budget (OpenSearch refuses more than 1,024 after expansion): with syntax.py's caps,
# 24 words x 6 fields x 2 (strict bonus) + 4 prefixes x 6 fields x 10 x 2 + 16 excluded x 6
# stays under 900; typos are tolerated only in queries of up to 6 terms (at most ~800 then).
MAX_EXPANSIONS = 10
TYPO_TOLERANT_UP_TO = 6
PROXIMITY_SLOP = 4
RELAXED_MINIMUM = "1"  # relaxed: any word counts (Algolia's allOptional), best matches first
STRICT_BONUS = 2.0
TIE_BREAKER = 0.3
SNIPPET_CHARS = 200
HIT_ENTITIES = 8
SOURCE_FIELDS = [f.ID, f.TITLE, f.LEAD, f.BODY, f.PUBLISHED, f.SITE, f.URL, f.ENTITIES, f.STORY_ID]
FACET_ENTITY_TYPES = ["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"]
FACET_SIZE = 10
TIMELINE_BUCKETS = 40
SUGGEST_FIELDS = [f.TITLE_WORDS, f.LEAD_WORDS, f.BODY_WORDS, f.ENTITY_NAMES_WORDS]
# more_like_this: the analysed text of an article, entities included.
SIMILAR_FIELDS = [f.TITLE, f.LEAD, f.BODY, f.ENTITY_NAMES_TEXT]
SIMILAR_TERMS = 40
ENTITY_CANDIDATES = 200  # names looked at per autocomplete request before the prefix picks among them


def text_query(parsed: ParsedQuery, relaxed: bool = False) -> dict[str, Any]:
    """The query for the user's words: a bool of match clauses, never query_string."""
    if parsed.match_all:
        query: dict[str, Any] = {"match_all": {}}
        if parsed.excluded:
            query = {"bool": {"must": [query], "must_not": [_excluded(t) for t in parsed.excluded]}}
        return query
    fuzzy = len(parsed.positive_terms) <= TYPO_TOLERANT_UP_TO
    groups = [_group(group, fuzzy) for group in parsed.groups]
    bool_query: dict[str, Any] = {"must_not": [_excluded(term) for term in parsed.excluded]}
    should: list[dict[str, Any]] = []
    if relaxed and len(groups) > 1:
        bool_query["must"] = [{"bool": {"should": groups, "minimum_should_match": RELAXED_MINIMUM}}]
        should.append({"bool": {"must": groups, "boost": STRICT_BONUS}})  # having every word still ranks first
    else:
        bool_query["must"] = groups
    words = " ".join(term.text for term in parsed.positive_terms if term.kind != "prefix")
    if len(words.split()) > 1:
        should.append(
            {"multi_match": {"query": words, "type": "phrase", "slop": PROXIMITY_SLOP, "fields": PHRASE_FIELDS}}
        )
    if should:
        bool_query.update(should=should, minimum_should_match=0)
    return {"bool": bool_query}


def filters(request: SearchRequest) -> list[dict[str, Any]]:
    """Filters narrow without scoring: each entity must be mentioned; sources and languages OR."""
    types = request.entity_type
    clauses: list[dict[str, Any]] = []
    for entity in request.entity:
        if types:
            clauses.append({"bool": {"should": [{"term": {f.entities_of_type(t): entity}} for t in types]}})
        else:
            clauses.append({"term": {f.ENTITY_NAMES: entity}})
    if types and not request.entity:
        clauses.append({"bool": {"should": [{"exists": {"field": f.entities_of_type(t)}} for t in types]}})
    if request.source:
        clauses.append({"terms": {f.SITE: request.source}})
    if request.lang:
        clauses.append({"terms": {f.LANGUAGE: [value.lower() for value in request.lang]}})
    if request.from_date or request.to_date:
        span = {"gte": request.from_date, "lte": request.to_date, "format": "strict_date"}
        clauses.append({"range": {f.PUBLISHED: {k: str(v) for k, v in span.items() if v is not None}}})
    return clauses


def search_body(request: SearchRequest, parsed: ParsedQuery, relaxed: bool, after: list[Any] | None) -> dict[str, Any]:
    """One page (plus one hit to know whether another page follows), facets and highlights."""
    body: dict[str, Any] = {
        "query": {"bool": {"must": [text_query(parsed, relaxed)], "filter": filters(request)}},
        "size": request.size + 1,
        "track_total_hits": True,
        "sort": sort_order(request),
        "_source": SOURCE_FIELDS,
        "highlight": highlight(),
        "aggs": facets(request),
    }
    if after is not None:
        body["search_after"] = after
    else:
        body["from"] = request.offset
    return collapse(body, request, after)


def sort_order(request: SearchRequest) -> list[Any]:
    """Every order ends on the unique id, so `search_after` never repeats or skips a hit."""
    if request.sort == "date":
        return [{f.PUBLISHED: {"order": "desc", "missing": "_last"}}, {f.ID: "asc"}]
    return ["_score", {f.ID: "asc"}]


def similar_body(alias: str, article_id: str, size: int) -> dict[str, Any]:
    """Articles sharing the most distinctive words of this one (more_like_this)."""
    return {
        "size": size,
        "_source": SOURCE_FIELDS,
        "query": {
            "more_like_this": {
                "fields": SIMILAR_FIELDS,
                "like": [{"_index": alias, "_id": article_id}],
                "min_term_freq": 1,
                "min_doc_freq": 1,
                "max_query_terms": SIMILAR_TERMS,
                "minimum_should_match": "20%",
            }
        },
    }


def entities_body(prefix: str, entity_type: str | None, size: int) -> dict[str, Any]:
    """Entity names (of one type, or "TYPE|name" keys) of articles with a word starting with `prefix`.

    The names are picked from the buckets by the caller, not by a regex `include` (OpenSearch
    2.19 fails on one that matches no term at all).
    """
    field = f.entities_of_type(entity_type) if entity_type else f.ENTITY_KEYS
    narrow: list[dict[str, Any]] = [{"exists": {"field": field}}]
    if prefix:
        narrow.append({"match_phrase_prefix": {f.ENTITY_NAMES_WORDS: {"query": prefix, "max_expansions": 100}}})
    return {
        "size": 0,
        "query": {"bool": {"filter": narrow}},
        "aggs": {"names": {"terms": {"field": field, "size": max(size * 10, ENTITY_CANDIDATES)}}},
    }


def stats_body() -> dict[str, Any]:
    """How many documents, sources, and the newest publication and indexing dates."""
    return {
        "size": 0,
        "track_total_hits": True,
        "aggs": {
            "sources": {"cardinality": {"field": f.SITE}},
            "newest_published": {"max": {"field": f.PUBLISHED}},
            "newest_indexed": {"max": {"field": f.INDEXED_AT}},
        },
    }


def suggest_body(words: list[str]) -> dict[str, Any]:
    """Spelling suggestions per word from unstemmed words, and how many articles have each word.

    Only a word no article has is corrected: a field-by-field suggester alone would "correct" a
    word that is common in bodies but absent from titles.
    """
    suggest: dict[str, Any] = {}
    aggs: dict[str, Any] = {}
    for number, word in enumerate(words):
        aggs[f"w{number}"] = {"filter": {"multi_match": {"query": word, "fields": SUGGEST_FIELDS}}}
        for field in SUGGEST_FIELDS:
            suggest[f"w{number}_{field.split('.')[0]}"] = {
                "text": word,
                "term": {"field": field, "suggest_mode": "missing", "min_word_length": 4, "size": 1},
            }
    return {"size": 0, "suggest": suggest, "aggs": aggs}


def _group(group: list[Term], fuzzy: bool) -> dict[str, Any]:
    if len(group) == 1:
        return _positive(group[0], fuzzy)
    return {"bool": {"should": [_positive(term, fuzzy) for term in group], "minimum_should_match": 1}}


def _positive(term: Term, fuzzy: bool) -> dict[str, Any]:
    """A word matches exactly or, scoring lower, with a typo; phrases and prefixes exactly."""
    if term.kind != "word" or not fuzzy:
        return _exact(term)
    typo = {
        "multi_match": {
            "query": term.text,
            "fields": FIELDS,
            "fuzziness": FUZZINESS,
            "prefix_length": 1,
            "max_expansions": MAX_EXPANSIONS,
            "boost": FUZZY_BOOST,
            "zero_terms_query": "all",
        }
    }
    return {"bool": {"should": [_exact(term), typo], "minimum_should_match": 1}}


def _exact(term: Term) -> dict[str, Any]:
    match: dict[str, Any] = {
        "query": term.text,
        "fields": FIELDS,
        "zero_terms_query": "all",
        "tie_breaker": TIE_BREAKER,
    }
    if term.kind == "phrase":
        match["type"] = "phrase"
    elif term.kind == "prefix":
        match.update(type="phrase_prefix", max_expansions=MAX_EXPANSIONS)
    else:
        match["operator"] = "and"
    return {"multi_match": match}


def _excluded(term: Term) -> dict[str, Any]:
    """An excluded stop word ("-the") analyses to nothing and so excludes nothing.

    Only the English-analysed fields count here: the unstemmed ones keep stop words.
    """
    clause = _exact(term)
    analysed = [field for field in FIELDS if not field.split("^")[0].endswith(f".{f.WORDS}")]
    clause["multi_match"].update(zero_terms_query="none", fields=analysed)
    return clause


def highlight() -> dict[str, Any]:
    fragment = {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1}
    return {
        "encoder": "html",
        "pre_tags": ["<mark>"],
        "post_tags": ["</mark>"],
        "fields": {f.BODY: fragment, f.LEAD: fragment, f.TITLE: {"number_of_fragments": 0}},
    }


def facets(request: SearchRequest) -> dict[str, Any]:
    """Top values of each facet and the timeline; counting stories, every bucket counts its distinct
    stories and the top values are those of the most stories."""
    by_stories = request.facet_count == "stories"
    aggs: dict[str, Any] = {
        f"entity_{kind}": _top_values(f.entities_of_type(kind), by_stories) for kind in FACET_ENTITY_TYPES
    }
    aggs["sources"] = _top_values(f.SITE, by_stories)
    aggs["published"] = {
        "auto_date_histogram": {
            "field": f.PUBLISHED,
            "buckets": TIMELINE_BUCKETS,
            "minimum_interval": "day",
            "format": "yyyy-MM-dd",
        }
    }
    if by_stories:
        aggs["published"]["aggs"] = {STORIES: facet_story_count_agg()}
    return aggs


def _top_values(field: str, by_stories: bool) -> dict[str, Any]:
    terms: dict[str, Any] = {"terms": {"field": field, "size": FACET_SIZE}}
    if by_stories:
        terms["terms"]["order"] = [{STORIES: "desc"}, {"_key": "asc"}]
        terms["aggs"] = {STORIES: facet_story_count_agg()}
    return terms
