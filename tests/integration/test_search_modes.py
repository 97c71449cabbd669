"""GET /search?mode=keyword|semantic|hybrid and /similar on the real node, with the real model's vectors."""

from __future__ import annotations

import pytest

from tests.integration.search_corpus import CLIMATE_BODY, KERRY, PLANE, article, titles

pytest_plugins = ["tests.integration.search_corpus"]  # the archive and api fixtures
pytestmark = pytest.mark.opensearch

# Shares no word with "barges stranded by drought", "Syrian war" or "ending": only meaning finds them.
RHINE = article(
    "rhine",
    "Cargo boats stuck as the Rhine runs low",
    ["Freight vessels cannot sail fully loaded after months without rain left the river shallow."],
    published="2018-10-20T09:00:00+00:00",
    site="River Times",
)
GENEVA = article(
    "geneva",
    "Envoys meet in Geneva to negotiate a ceasefire for Aleppo",
    ["Diplomats from Russia and the United States sat down to discuss a truce in the conflict."],
    published="2016-09-09T09:00:00+00:00",
    site="Example Wire",
)


@pytest.fixture(scope="module", autouse=True)
def meaning_only_articles(archive) -> None:
    archive.add("rhine", RHINE)
    archive.add("geneva", GENEVA)


def test_semantic_finds_an_article_that_shares_no_word_with_the_query(api) -> None:
    # Given an archive where no article has the words "barges", "stranded" or "drought"
    _, by_words, _ = api("/search", {"q": "barges stranded by drought", "mode": "keyword"})
    assert by_words["total"] == 0
    # When the same query asks for meaning
    status, by_meaning, _ = api("/search", {"q": "barges stranded by drought", "mode": "semantic"})
    # Then the story of boats stuck on a low river comes first
    assert status == 200
    assert titles(by_meaning)[0] == RHINE.title


def test_hybrid_ranks_exact_matches_and_adds_what_means_the_same(api) -> None:
    # When a reader asks about talks in Moscow on ending the Syrian war, in the default mode
    status, body, _ = api("/search", {"q": "talks in Moscow about ending the Syrian war"})
    assert status == 200
    found = titles(body)
    # Then the story with the words (Moscow, Syria) and the ceasefire talks without them both come back,
    assert {KERRY.title, GENEVA.title} <= set(found[:3])
    # and a story about neither ranks below them if it comes back at all
    if PLANE.title in found:
        assert found.index(PLANE.title) > max(found.index(KERRY.title), found.index(GENEVA.title))


def test_a_nonsense_query_finds_nothing_by_meaning(api) -> None:
    _, body, _ = api("/search", {"q": "qwxz vbnk", "mode": "semantic"})
    assert body["total"] == 0
    assert body["hits"] == []


@pytest.mark.parametrize("mode", ["semantic", "hybrid"])
def test_filters_facets_and_highlights_hold_in_every_mode(api, mode: str) -> None:
    # A source filter leaves only that source's articles, whatever their meaning
    _, filtered, _ = api("/search", {"q": "drought and a poor harvest", "mode": mode, "source": "Example Wire"})
    assert filtered["hits"]
    assert all(hit["source"] == "Example Wire" for hit in filtered["hits"])
    assert RHINE.title not in titles(filtered)
    # Facets count what the hits come from
    sources = {value["value"] for value in filtered["facets"]["sources"]}
    assert sources == {"Example Wire"}
    # The query's words are marked in the snippet of an article that has them
    _, body, _ = api("/search", {"q": "changing climate", "mode": mode})
    farm = next(hit for hit in body["hits"] if hit["title"] == CLIMATE_BODY.title)
    assert "<mark>climate</mark>" in farm["snippet"]


def test_typos_are_tolerated_in_hybrid_mode(api) -> None:
    _, body, _ = api("/search", {"q": "Lavorv", "mode": "hybrid"})
    assert titles(body)[0] == KERRY.title


@pytest.mark.parametrize("mode", ["semantic", "hybrid"])
def test_cursor_pages_go_through_the_ranking_without_repeats(api, mode: str) -> None:
    query = {"q": "market shares trading report", "mode": mode, "size": 4}
    _, first_page, _ = api("/search", {**query, "size": 12})
    seen: list[str] = []
    cursor = None
    for _ in range(3):
        _, page, _ = api("/search", {**query, **({"cursor": cursor} if cursor else {})})
        seen += [hit["id"] for hit in page["hits"]]
        cursor = page["next_cursor"]
        assert cursor
    assert seen == [hit["id"] for hit in first_page["hits"]]
    # And `from` gives the same pages
    _, second, _ = api("/search", {**query, "from": 4})
    assert [hit["id"] for hit in second["hits"]] == seen[4:8]


def test_hybrid_by_date_is_newest_first_over_words_and_meaning(api) -> None:
    _, body, _ = api("/search", {"q": "barges stranded by drought", "mode": "hybrid", "sort": "date"})
    dates = [hit["published"] for hit in body["hits"]]
    assert RHINE.title in titles(body)
    assert dates == sorted(dates, reverse=True)


def test_an_unknown_mode_is_a_400_naming_it(api) -> None:
    status, body, _ = api("/search", {"q": "Moscow", "mode": "vibes"})
    assert status == 400
    assert body["parameter"] == "mode"


def test_similar_articles_are_the_nearest_in_meaning(api, archive) -> None:
    # Given the ceasefire talks in Geneva, when a reader asks for similar articles
    status, body, _ = api(f"/articles/{archive.ids['geneva']}/similar", {"size": 3})
    assert status == 200
    # Then the Moscow talks on Syria come first, scored by vector similarity ((1 + cosine) / 2, not BM25)
    assert titles(body)[0] == KERRY.title
    assert 0.5 < body["hits"][0]["score"] <= 1.0
    assert GENEVA.title not in titles(body)
