"""Copies of one wire story collapse into one hit; another agency's report of the same meeting stays apart.

The index function assigns stories against the real node; the search API collapses on them.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest
from opensearchpy import OpenSearch

from newsdrop.models import ArticleContent, Entity, SourceRef, source_id
from newsdrop.parsing.enrich import derive_fields
from newsdrop.pipeline.parse_stage import build_article
from newsdrop.pipeline.reindex import reindex
from newsdrop.search import semantic
from newsdrop.search_index import fields as f
from newsdrop.storage import ProcessedStore
from tests.conftest import PROCESSED_BUCKET, RAW_BUCKET
from tests.helpers import context, http_get, load_function, s3_event_batch

pytestmark = pytest.mark.opensearch

WIRE = [
    "OTTAWA (AP) — Finance ministers of the Group of Seven met in Ottawa on Tuesday and agreed to "
    "coordinate new sanctions on shipping firms that move oil above the agreed price cap.",
    "The ministers said in a joint statement that the measures would target tanker owners who falsify "
    "documents, and that insurers in their countries would be barred from covering such cargoes.",
    "Canada's finance minister, who hosted the talks, told reporters the group had never been more "
    "united on enforcement and that details would be published within two weeks.",
    "Officials from Japan and Germany raised concerns about the effect on energy prices over the winter, "
    "according to two people familiar with the discussions who spoke on condition of anonymity.",
    "The United States pushed for a lower cap, the people said, but the final statement left the level "
    "unchanged and instead promised a review in the spring.",
    "Oil prices rose slightly after the statement was released, with Brent crude trading up 1.2 percent "
    "in late afternoon trading in London.",
    "The ministers will meet again in Tokyo in May, when the review of the cap is expected to be on the agenda.",
]
# Every report names the city: its facet value counts the two stories, or the four articles.
OTTAWA = [Entity(text="Ottawa", type="GPE", count=2, first_offset=0)]
FULL = ArticleContent(
    title="G7 finance ministers agree on new oil shipping sanctions",
    body=[*WIRE, "Copyright 2026 The Associated Press. All rights reserved."],
    published="2026-03-03T18:00:00+00:00",
    site="Canadian Daily",
    format="html",
    entities=OTTAWA,
)
ABRIDGED = ArticleContent(
    title="G7 targets tanker owners",
    body=[*WIRE[:4], "Sign up for our morning newsletter to get the day's top stories."],
    published="2026-03-03T19:30:00+00:00",
    site="Metro Dump",
    format="text",
    entities=OTTAWA,
)
REHEADLINED = ArticleContent(
    title="Rich nations tighten the screws on Russia's shadow fleet",
    body=[
        "Read more: our coverage of the energy crisis.",
        *WIRE[:2],
        WIRE[2].replace("never been more", "never been as"),
        *WIRE[3:],
        "Follow us on social media for the latest updates.",
    ],
    published="2026-03-03T21:00:00+00:00",
    site="Gazette Online",
    format="html",
    entities=OTTAWA,
)
OTHER_AGENCY = ArticleContent(
    title="G7 ministers split over price cap level in Ottawa talks",
    body=[
        "OTTAWA (Reuters) - Group of Seven finance ministers meeting in Ottawa on Tuesday failed to agree on "
        "lowering the price cap on seaborne oil, though they backed tougher enforcement against tankers.",
        "Washington had argued that a lower cap would cut revenue further, while Tokyo and Berlin warned of "
        "higher fuel costs for households, three officials told Reuters.",
        "The group will review the cap at its next meeting in May, a statement said.",
    ],
    published="2026-03-03T17:00:00+00:00",
    site="World Markets",
    format="text",
    entities=OTTAWA,
)


def _store(key: str, content: ArticleContent) -> tuple[str, str]:
    """(processed key, article id) of the article parsed from raw `key` (dateline, lead, wire derived)."""
    article = build_article(derive_fields(content), SourceRef(bucket=RAW_BUCKET, key=key, etag="e", size=100), 0, 1.0)
    return ProcessedStore(PROCESSED_BUCKET).put_article(source_id(RAW_BUCKET, key), article), article.id


def _index(keys: list[str], event_name: str = "ObjectCreated:Put") -> None:
    batch = s3_event_batch("index_object_created", [(PROCESSED_BUCKET, key, event_name) for key in keys])
    assert load_function("index").lambda_handler(batch, context("IndexFunction")) == {"batchItemFailures": []}


def _search(client: OpenSearch, **query: str) -> dict:
    client.indices.refresh(index=os.environ["INDEX_ALIAS"])
    event = http_get("/search", {"mode": "keyword", **query})
    response = load_function("search_api").lambda_handler(event, context("SearchApiFunction"))
    assert response["statusCode"] == 200, response["body"]
    return json.loads(response["body"])


@pytest.fixture
def meeting(buckets, search_index: OpenSearch) -> dict[str, str]:
    """The three copies (two in one batch, one later) and the other agency's report, indexed."""
    stored = {
        name: _store(f"{name}.html", content)
        for name, content in {
            "full": FULL,
            "abridged": ABRIDGED,
            "reheadlined": REHEADLINED,
            "other": OTHER_AGENCY,
        }.items()
    }
    _index([stored["abridged"][0], stored["other"][0]])
    search_index.indices.refresh(index=os.environ["INDEX_ALIAS"])
    _index([stored["reheadlined"][0], stored["full"][0]])
    return {name: article_id for name, (_, article_id) in stored.items()}


def test_copies_of_one_wire_story_are_one_hit_with_their_versions(search_index: OpenSearch, meeting) -> None:
    # When a reader searches for the meeting
    body = _search(search_index, q="finance ministers Ottawa")
    # Then the wire story is one hit carrying its three versions, and the other agency's report is its own hit
    by_id = {hit["id"]: hit for hit in body["hits"]}
    assert body["total"] == 2
    assert len(body["hits"]) == 2
    assert by_id[meeting["other"]]["versions"] == 1
    wire_hit = next(hit for hit in body["hits"] if hit["id"] != meeting["other"])
    assert wire_hit["versions"] == 3
    versions = {wire_hit["id"], *(other["id"] for other in wire_hit["other_versions"])}
    assert versions == {meeting["full"], meeting["abridged"], meeting["reheadlined"]}
    # the earliest published copy (the full one) leads, and the other versions come earliest first
    assert wire_hit["story_id"] == by_id[wire_hit["id"]]["story_id"]
    published = [other["published"] for other in wire_hit["other_versions"]]
    assert published == sorted(published)


def test_collapse_false_lists_every_copy(search_index: OpenSearch, meeting) -> None:
    body = _search(search_index, q="finance ministers Ottawa", collapse="false")
    assert body["total"] == 4
    assert {hit["id"] for hit in body["hits"]} == set(meeting.values())
    assert all(hit["versions"] == 1 and not hit["other_versions"] for hit in body["hits"])


def test_collapsed_results_page_by_cursor_and_filter_by_source(search_index: OpenSearch, meeting) -> None:
    # Given one story per page
    first = _search(search_index, q="G7 Ottawa", size="1")
    assert len(first["hits"]) == 1
    assert first["next_cursor"]
    second = _search(search_index, q="G7 Ottawa", size="1", cursor=first["next_cursor"])
    # Then the next page holds the other story and no further page follows
    assert len(second["hits"]) == 1
    assert second["next_cursor"] is None
    assert first["hits"][0]["story_id"] != second["hits"][0]["story_id"]
    # and a source filter keeps the one version from that outlet
    only = _search(search_index, q="G7 Ottawa", source="Metro Dump")
    assert [hit["id"] for hit in only["hits"]] == [meeting["abridged"]]
    assert only["hits"][0]["versions"] == 1


def test_page_two_still_holds_what_was_written_again_after_page_one(search_index: OpenSearch, meeting) -> None:
    # Given a reader on page one of the two stories, one per page
    first = _search(search_index, q="G7 Ottawa", size="1")
    # When every article is written again before they ask for page two (a redelivery, an upload again)
    _index(list(ProcessedStore(PROCESSED_BUCKET).all_article_keys()))
    second = _search(search_index, q="G7 Ottawa", size="1", cursor=first["next_cursor"])
    # Then page two holds the other story, as it would have before: they were not new since page one
    assert len(second["hits"]) == 1
    assert second["hits"][0]["story_id"] != first["hits"][0]["story_id"]


def test_the_wire_service_is_recorded_from_the_credits(search_index: OpenSearch, meeting) -> None:
    for name, wire in (("full", "Associated Press"), ("other", "Reuters")):
        assert search_index.get(index=os.environ["INDEX_ALIAS"], id=meeting[name])["_source"]["wire"] == wire


def test_a_story_lists_every_version_with_what_it_added_and_dropped(search_index: OpenSearch, meeting) -> None:
    # Given the story of the three copies
    story_id = _search(search_index, q="finance ministers Ottawa", source="Metro Dump")["hits"][0]["story_id"]
    # When a reader opens it
    response = load_function("search_api").lambda_handler(http_get(f"/stories/{story_id}"), context("Search"))
    assert response["statusCode"] == 200, response["body"]
    story = json.loads(response["body"])
    # Then the earliest published copy leads and every version says how it differs from it
    by_id = {version["id"]: version for version in story["versions"]}
    assert story["lead_id"] == meeting["full"]
    assert [v["id"] for v in story["versions"]] == [meeting["full"], meeting["abridged"], meeting["reheadlined"]]
    assert by_id[meeting["full"]]["added"] == by_id[meeting["full"]]["dropped"] == []
    abridged = by_id[meeting["abridged"]]
    assert abridged["added"] == [ABRIDGED.body[-1]]
    assert abridged["dropped"] == [*WIRE[4:], FULL.body[-1]]
    reheadlined = by_id[meeting["reheadlined"]]
    assert REHEADLINED.body[3] in reheadlined["edited"]
    assert reheadlined["added"] == [REHEADLINED.body[0], REHEADLINED.body[-1]]
    assert by_id[meeting["full"]]["wire"] == "Associated Press"


def test_an_unknown_story_is_404(search_index: OpenSearch, meeting) -> None:
    response = load_function("search_api").lambda_handler(http_get("/stories/nope-0"), context("Search"))
    assert response["statusCode"] == 404
    assert "no story" in json.loads(response["body"])["message"]


def test_removing_the_lead_version_makes_the_next_one_lead(buckets, search_index: OpenSearch, meeting) -> None:
    # Given the story led by the full copy, when that copy's file is removed
    full_key, _ = _store("full.html", FULL)
    buckets.delete_object(Bucket=PROCESSED_BUCKET, Key=full_key)
    _index([full_key], "ObjectRemoved:Delete")
    search_index.indices.refresh(index=os.environ["INDEX_ALIAS"])
    # Then the story stays one hit of two versions, and the next earliest copy (the abridged) leads it
    body = _search(search_index, q="finance ministers Ottawa")
    wire_hit = next(hit for hit in body["hits"] if hit["id"] != meeting["other"])
    assert wire_hit["versions"] == 2
    response = load_function("search_api").lambda_handler(
        http_get(f"/stories/{wire_hit['story_id']}"), context("Search")
    )
    story = json.loads(response["body"])
    assert story["lead_id"] == meeting["abridged"]
    assert [v["id"] for v in story["versions"]] == [meeting["abridged"], meeting["reheadlined"]]


@pytest.mark.parametrize(("mode", "sort"), [("hybrid", "relevance"), ("hybrid", "date"), ("semantic", "relevance")])
def test_searches_by_meaning_collapse_too(search_index: OpenSearch, meeting, mode: str, sort: str) -> None:
    body = _search(search_index, q="finance ministers Ottawa", mode=mode, sort=sort)
    wire_hits = [hit for hit in body["hits"] if hit["id"] != meeting["other"]]
    assert len(wire_hits) == 1
    assert wire_hits[0]["versions"] == 3
    assert len(wire_hits[0]["other_versions"]) == 2


def test_hybrid_counts_versions_beyond_the_fused_rankings(search_index: OpenSearch, meeting, monkeypatch) -> None:
    # Given four more outlets' copies of the wire story, seven in all
    hour = timedelta(hours=1)
    copies = [
        _store(
            f"outlet-{n}.html", FULL.model_copy(update={"site": f"Outlet {n}", "published": FULL.published + n * hour})
        )
        for n in range(1, 5)
    ]
    _index([key for key, _ in copies])
    # and fused rankings too shallow to hold them all (two hits each for a page of one)
    monkeypatch.setattr(semantic, "FUSION_DEPTH", 1)
    # When a hybrid search shows the story
    body = _search(search_index, q="insurers barred from covering tanker cargoes", mode="hybrid", size="1")
    # Then its hit counts every version that matches, as a keyword search does
    (hit,) = body["hits"]
    assert hit["id"] != meeting["other"]
    assert hit["versions"] == 7
    assert len(hit["other_versions"]) == 3


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_facets_count_stories_or_articles(search_index: OpenSearch, meeting, mode: str) -> None:
    # Given three copies of one story and another agency's report, all on one day, all naming Ottawa
    search = {"q": "finance ministers Ottawa", "mode": mode}
    # When the facets count stories, the wire story counts once; counting articles, every copy counts
    for facet_count, expected in (("stories", 2), ("articles", 4)):
        facets = _search(search_index, **search, facet_count=facet_count)["facets"]
        assert facets["entities"]["GPE"] == [{"value": "Ottawa", "count": expected}], facet_count
        assert facets["published"] == [{"date": "2026-03-03", "count": expected}], facet_count
        assert sorted(value["count"] for value in facets["sources"]) == [1, 1, 1, 1]
    # and by default they count articles
    assert _search(search_index, **search)["facets"]["published"][0]["count"] == 4


def test_an_unknown_facet_count_is_a_400(search_index: OpenSearch) -> None:
    event = http_get("/search", {"q": "Ottawa", "facet_count": "words"})
    response = load_function("search_api").lambda_handler(event, context("SearchApiFunction"))
    assert response["statusCode"] == 400
    assert "facet_count" in response["body"]


def test_story_ids_survive_a_reindex(buckets, search_index: OpenSearch, meeting) -> None:
    # Given the indexed copies and the other report, with their stories
    alias = os.environ["INDEX_ALIAS"]
    before = _story_ids(search_index, alias)
    assert len(set(before.values())) == 2
    # and a reader on page one of them, one story per page
    first = _search(search_index, q="G7 Ottawa", size="1")
    # When the index is rebuilt from the processed bucket
    report = reindex(search_index, ProcessedStore(PROCESSED_BUCKET), alias)
    try:
        search_index.indices.refresh(index=report.new_index)
        # Then every article keeps its story, and the wire story is still one hit of three versions
        assert _story_ids(search_index, report.new_index) == before
        body = _search(search_index, q="finance ministers Ottawa")
        assert sorted(hit["versions"] for hit in body["hits"]) == [1, 3]
        # And the cursor served before the swap gives the other story as page two
        second = _search(search_index, q="G7 Ottawa", size="1", cursor=first["next_cursor"])
        assert [hit["story_id"] for hit in second["hits"]] == sorted(
            set(before.values()) - {first["hits"][0]["story_id"]}
        )
    finally:
        search_index.indices.delete(index=report.new_index, ignore_unavailable=True)


def _story_ids(client: OpenSearch, index: str) -> dict[str, str]:
    client.indices.refresh(index=index)
    hits = client.search(index=index, body={"size": 10, "_source": [f.STORY_ID]})["hits"]["hits"]
    return {hit["_id"]: hit["_source"][f.STORY_ID] for hit in hits}
