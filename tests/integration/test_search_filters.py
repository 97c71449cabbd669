"""GET /search on the real node: filters, sort, paging with cursors, facets and the response shape."""

from __future__ import annotations

import pytest

from newsdrop_local.gateway import http_api_event
from tests.helpers import context
from tests.integration.search_corpus import CLIMATE_TITLE, KERRY, MARKETS, PLANE, article, titles

pytest_plugins = ["tests.integration.search_corpus"]  # the archive and api fixtures
pytestmark = pytest.mark.opensearch


def test_a_hit_has_exactly_the_fields_of_the_contract(api) -> None:
    _, body, _ = api("/search", {"q": "Lavrov"})
    assert set(body) == {"total", "took_ms", "hits", "facets", "next_cursor", "did_you_mean"}
    hit = body["hits"][0]
    assert set(hit) == {
        *("id", "title", "snippet", "published", "source", "url", "entities", "score"),
        *("story_id", "versions", "other_versions"),
    }
    assert {"text": "John Kerry", "type": "PERSON", "count": 3} in hit["entities"]
    assert set(body["facets"]) == {"entities", "sources", "published"}


def test_snippets_escape_html_and_mark_only_matched_words(api, archive) -> None:
    archive.add("html", article("html", "Markup in text", ["Use <b>bold</b> & Lavrov-style tags."]))
    _, body, _ = api("/search", {"q": "bold tags"})
    snippet = body["hits"][0]["snippet"]
    assert "&lt;b&gt;" in snippet
    assert "<b>" not in snippet
    assert "<mark>tags</mark>" in snippet


def test_entity_filter_narrows_to_articles_mentioning_it(api) -> None:
    assert titles(api("/search", {"entity": "John Kerry"})[1]) == [KERRY.title]


def test_repeated_entity_filters_must_all_match(api) -> None:
    # Given a user who picked two entities, when both are sent as repeated parameters
    _, both, _ = api("/search", [("entity", "John Kerry"), ("entity", "Moscow")])
    _, none, _ = api("/search", [("entity", "John Kerry"), ("entity", "Paris")])
    # Then articles must mention all of them
    assert titles(both) == [KERRY.title]
    assert titles(none) == []


def test_an_entity_with_a_comma_survives_as_one_value(api) -> None:
    assert titles(api("/search", {"entity": "Washington, D.C."})[1]) == [CLIMATE_TITLE.title]


def test_repeats_joined_with_commas_by_api_gateway_are_split_when_no_raw_query_is_given(api) -> None:
    # Given an event as API Gateway's 2.0 payload carries repeats (joined), without rawQueryString
    event = http_api_event("GET", "/search", {"host": "api.test"}, b"", "127.0.0.1")
    event["queryStringParameters"] = {"entity": "John Kerry,Moscow"}
    response = api.function.lambda_handler(event, context("SearchApiFunction"))
    # Then both entities filter, as if sent apart
    assert response["statusCode"] == 200
    assert '"In Moscow, Kerry calls' in response["body"]
    assert '"total":1' in response["body"]


def test_entity_type_filters_by_type(api) -> None:
    _, people, _ = api("/search", {"entity_type": "PERSON"})
    assert KERRY.title in titles(people)
    assert PLANE.title not in titles(people)
    # And with an entity, the entity must be of that type
    assert titles(api("/search", {"entity": "Moscow", "entity_type": "PERSON"})[1]) == []
    assert titles(api("/search", {"entity": "Moscow", "entity_type": "gpe"})[1]) == [KERRY.title]


def test_source_filters_and_repeats_mean_any(api) -> None:
    _, courier, _ = api("/search", {"source": "Daily Courier"})
    assert {hit["source"] for hit in courier["hits"]} == {"Daily Courier"}
    _, two, _ = api("/search", [("source", "Daily Courier"), ("source", "Le Monde"), ("size", "50")])
    assert {hit["source"] for hit in two["hits"]} == {"Daily Courier", "Le Monde"}


def test_lang_filters(api) -> None:
    assert titles(api("/search", {"lang": "fr"})[1]) == [CLIMATE_TITLE.title]


def test_date_range_filters_on_publication_day_inclusive(api) -> None:
    _, body, _ = api("/search", {"from_date": "2015-12-15", "to_date": "2015-12-15"})
    assert titles(body) == [KERRY.title]
    _, body, _ = api("/search", {"from_date": "2016-03-20", "to_date": "2016-03-31", "size": "50"})
    assert sorted(titles(body)) == sorted(market.title for market in MARKETS[19:])


def test_sort_by_date_is_newest_first(api) -> None:
    _, body, _ = api("/search", {"sort": "date", "size": "5"})
    published = [hit["published"] for hit in body["hits"]]
    assert published == sorted(published, reverse=True)
    _, everything, _ = api("/search", {"size": "100"})
    assert published[0] == max(hit["published"] for hit in everything["hits"] if hit["published"])


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_cursor_pages_through_everything_once(api, sort: str) -> None:
    # Given every article, when a user follows next_cursor page by page
    seen: list[str] = []
    query = {"q": "*", "size": "7", "sort": sort}
    _, page, _ = api("/search", query)
    while True:
        seen += [hit["id"] for hit in page["hits"]]
        if not page["next_cursor"]:
            break
        _, page, _ = api("/search", {**query, "cursor": page["next_cursor"]})
    # Then each article came exactly once
    assert len(seen) == len(set(seen)) == page["total"]


def test_cursor_has_no_repeats_while_articles_are_added(api, archive) -> None:
    # Given a user on page one of the newest articles
    query = {"q": "report", "size": "5", "sort": "date"}
    _, first, _ = api("/search", query)
    # When a newer article arrives before they ask for page two
    archive.add(
        "market-late", article("late", "Market report, late edition", ["A late report."], published="2017-01-01")
    )
    _, second, _ = api("/search", {**query, "cursor": first["next_cursor"]})
    # Then page two continues where page one stopped: nothing repeated, nothing skipped
    first_ids = [hit["id"] for hit in first["hits"]]
    second_ids = [hit["id"] for hit in second["hits"]]
    assert not set(first_ids) & set(second_ids)
    assert [archive.key_of(i) for i in second_ids] == [f"market-{n}" for n in range(19, 14, -1)]


def test_from_gives_shallow_pages(api) -> None:
    _, first, _ = api("/search", {"sort": "date", "size": "3"})
    _, second, _ = api("/search", {"sort": "date", "size": "3", "from": "3"})
    _, both, _ = api("/search", {"sort": "date", "size": "6"})
    assert [h["id"] for h in first["hits"] + second["hits"]] == [h["id"] for h in both["hits"]]


def test_a_tampered_cursor_is_400_naming_cursor(api) -> None:
    _, page, _ = api("/search", {"size": "2"})
    data, _, signature = page["next_cursor"].partition(".")
    for bad in [data[:-2] + "AA." + signature, "garbage", data + ".", page["next_cursor"] + "x"]:
        status, body, _ = api("/search", {"size": "2", "cursor": bad})
        assert status == 400
        assert body["parameter"] == "cursor"


def test_a_cursor_from_another_search_is_400(api) -> None:
    _, page, _ = api("/search", {"size": "2"})
    status, body, _ = api("/search", {"size": "2", "sort": "date", "cursor": page["next_cursor"]})
    assert (status, body["parameter"]) == (400, "cursor")
    status, body, _ = api("/search", {"size": "2", "from": "2", "cursor": page["next_cursor"]})
    assert (status, body["parameter"]) == (400, "cursor")


def test_facets_count_entities_by_type_sources_and_days(api) -> None:
    _, body, _ = api("/search", {"q": "Lavrov OR Chitral"})
    facets = body["facets"]
    assert {"value": "John Kerry", "count": 1} in facets["entities"]["PERSON"]
    assert {value["value"] for value in facets["entities"]["GPE"]} >= {"Moscow", "Chitral", "Pakistan"}
    assert {(s["value"], s["count"]) for s in facets["sources"]} == {("Example Wire", 1), ("Daily Courier", 1)}
    dated = {bucket["date"]: bucket["count"] for bucket in facets["published"] if bucket["count"]}
    assert len(dated) == 2
    assert sum(dated.values()) == 2


def test_the_timeline_goes_coarser_than_days_for_long_ranges(api) -> None:
    _, body, _ = api("/search", {"q": "*"})
    buckets = body["facets"]["published"]
    assert 1 < len(buckets) <= 40
    dated = api("/search", {"q": "*", "from_date": "1900-01-01"})[1]["total"]
    assert sum(bucket["count"] for bucket in buckets) == dated
    assert buckets[1]["date"][:7] != buckets[0]["date"][:7] or len(buckets) == 1  # months, not days


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"size": "0"}, "size"),
        ({"size": "101"}, "size"),
        ({"from": "9901"}, "from"),
        ({"sort": "oldest"}, "sort"),
        ({"from_date": "2015-13-40"}, "from_date"),
        ({"to_date": "yesterday"}, "to_date"),
        ({"from_date": "2016-01-02", "to_date": "2016-01-01"}, "to_date"),
        ({"entity_type": "PERSON]"}, "entity_type"),
        ({"lang": "english!"}, "lang"),
        ({"entity": "x" * 201}, "entity"),
        ({"q": "x" * 501}, "q"),
        ({"cursor": "c" * 1001}, "cursor"),
    ],
)
def test_bad_parameters_get_400_naming_the_parameter(api, query: dict, parameter: str) -> None:
    status, body, _ = api("/search", query)
    assert status == 400
    assert body["parameter"] == parameter
    assert parameter in body["message"]
