"""Give each article being indexed its story: the story of its best verified copy, else its own.

The earliest published version of a story leads it. An article joins the story of its best
verified copy only if it is also a copy of that story's lead, so A~B~C never chains A and C into
one story when they share little. Candidates come from one query per article on the LSH band
terms (all of a batch's in one msearch), plus the batch's own earlier articles, which the index
does not hold yet; the leads of the candidates' stories come from a second msearch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from opensearchpy import OpenSearch

from newsdrop.search_index import fields as f
from newsdrop.search_index.reader import msearch
from newsdrop.stories.fingerprint import COPIES, Thresholds, shingles, similarity

MAX_CANDIDATES = 20  # the articles sharing most bands; a wire story's copies share most of them
_FETCHED = [f.BODY, f.STORY_ID, f.PUBLISHED]
_NEVER = datetime.max.replace(tzinfo=UTC)  # an undated version leads only a story of undated ones


@dataclass
class Version:
    """What deciding a story needs of one article."""

    id: str
    story: str
    published: datetime
    shingles: frozenset[int]

    @classmethod
    def of(cls, doc_id: str, source: dict[str, Any]) -> Version:
        published = source.get(f.PUBLISHED)
        when = datetime.fromisoformat(published) if published else _NEVER
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        return cls(doc_id, source.get(f.STORY_ID) or doc_id, when, shingles(source.get(f.BODY) or []))

    def leads(self, other: Version) -> bool:
        return (self.published, self.id) < (other.published, other.id)


def assign_stories(
    client: OpenSearch, index: str, docs: dict[str, dict[str, Any]], thresholds: Thresholds = COPIES
) -> None:
    """Set `story_id` in each document of `docs` (id -> indexed form, see mapping.to_document)."""
    if not docs:
        return
    batch = {doc_id: Version.of(doc_id, doc) for doc_id, doc in docs.items()}
    for version in batch.values():
        version.story = version.id  # re-decided below, whatever the stored document said
    found = _candidates(client, index, docs)
    verified = {
        doc_id: [c for c in found[doc_id] if thresholds.copies(batch[doc_id].shingles, c.shingles)] for doc_id in docs
    }
    leads = _leads(client, index, {c.story for matches in verified.values() for c in matches})
    decided: list[Version] = []
    for version in sorted(batch.values(), key=lambda v: (v.published, v.id)):
        matches = verified[version.id] + [v for v in decided if thresholds.copies(version.shingles, v.shingles)]
        matches.sort(key=lambda c: -_strength(version, c))
        for best in matches[:1]:
            lead = _lead_of(best.story, leads, decided, exclude=version.id)
            if lead is None or thresholds.copies(version.shingles, lead.shingles):
                version.story = best.story
        decided.append(version)
        docs[version.id][f.STORY_ID] = version.story


def _strength(version: Version, candidate: Version) -> float:
    return similarity(version.shingles, candidate.shingles).strength


def _lead_of(story: str, leads: dict[str, Version], decided: Iterable[Version], exclude: str) -> Version | None:
    """The earliest version of `story` other than the article being decided."""
    members = [v for v in decided if v.story == story and v.id != exclude]
    if (stored := leads.get(story)) is not None and stored.id != exclude:
        members.append(stored)
    return min(members, key=lambda v: (v.published, v.id), default=None)


def _candidates(client: OpenSearch, index: str, docs: dict[str, dict[str, Any]]) -> dict[str, list[Version]]:
    """For each document, the indexed articles sharing most of its bands or its exact body."""
    asked = [doc_id for doc_id, doc in docs.items() if doc.get(f.NEAR_BANDS)]
    bodies = [_candidate_query(docs[doc_id]) for doc_id in asked]
    answers = _hits(client, index, bodies)
    found: dict[str, list[Version]] = {doc_id: [] for doc_id in docs}
    for doc_id, hits in zip(asked, answers, strict=True):
        found[doc_id] = [Version.of(hit["_id"], hit["_source"]) for hit in hits if hit["_id"] != doc_id]
    return found


def _candidate_query(doc: dict[str, Any]) -> dict[str, Any]:
    """Each shared band adds one to the score: the most alike come first."""
    shared = [{"constant_score": {"filter": {"term": {f.NEAR_BANDS: band}}}} for band in doc[f.NEAR_BANDS]]
    shared.append({"constant_score": {"filter": {"term": {f.BODY_HASH: doc[f.BODY_HASH]}}, "boost": 100}})
    return {"size": MAX_CANDIDATES, "_source": _FETCHED, "query": {"bool": {"should": shared}}}


def _leads(client: OpenSearch, index: str, stories: set[str]) -> dict[str, Version]:
    """The indexed lead (earliest published) of each story."""
    ordered = sorted(stories)
    bodies = [
        {
            "size": 1,
            "_source": _FETCHED,
            "query": {"term": {f.STORY_ID: story}},
            "sort": [{f.PUBLISHED: {"order": "asc", "missing": "_last"}}, {f.ID: "asc"}],
        }
        for story in ordered
    ]
    answers = _hits(client, index, bodies)
    found = zip(ordered, answers, strict=True)
    return {story: Version.of(hits[0]["_id"], hits[0]["_source"]) for story, hits in found if hits}


def _hits(client: OpenSearch, index: str, bodies: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The hits of each search, in order; none where the index does not exist yet."""
    return [answer["hits"]["hits"] if answer else [] for answer in msearch(client, index, bodies)]
