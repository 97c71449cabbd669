"""GET /search?mode=keyword on the real node: the query language, typo tolerance and ranking a user sees."""

from __future__ import annotations

import pytest

from tests.integration.search_corpus import (
    BANK_FAR,
    BANK_NEAR,
    CLIMATE_BODY,
    CLIMATE_TITLE,
    CORPUS,
    KERRY,
    PLANE,
    PUTIN_EXACT,
    PUTIN_TYPO,
    titles,
)

pytest_plugins = ["tests.integration.search_corpus"]  # the archive and api fixtures
pytestmark = pytest.mark.opensearch


@pytest.fixture
def api(api):
    """GET with mode=keyword: the query language of words (tests/integration/test_search_modes.py has the rest)."""

    def get(path: str, query: dict | None = None) -> tuple[int, object, dict]:
        return api(path, {"mode": "keyword", **(query or {})})

    return get


def test_all_words_must_match_by_default(api) -> None:
    # Given the archive, when a user searches two words that only one article has together
    _, body, _ = api("/search", {"q": "Lavrov Moscow"})
    # Then only that article comes back, its matched words highlighted
    assert titles(body) == [KERRY.title]
    assert "<mark>Lavrov</mark>" in body["hits"][0]["snippet"]
    # And words from another story do not bring it back
    assert titles(api("/search", {"q": "Pakistani plane Chitral Moscow"})[1]) == []


def test_a_quoted_phrase_needs_its_words_together(api) -> None:
    _, loose, _ = api("/search", {"q": "central bank"})
    _, phrase, _ = api("/search", {"q": '"central bank"'})
    assert set(titles(loose)) == {BANK_NEAR.title, BANK_FAR.title}
    assert titles(phrase) == [BANK_NEAR.title]


def test_or_and_exclusion_and_prefix(api) -> None:
    assert set(titles(api("/search", {"q": "Lavrov OR Chitral"})[1])) == {KERRY.title, PLANE.title}
    assert titles(api("/search", {"q": "climate -Paris"})[1]) == [CLIMATE_BODY.title]
    assert titles(api("/search", {"q": "Lavr*"})[1]) == [KERRY.title]


@pytest.mark.parametrize("q", ["*", "", "   "])
def test_star_or_nothing_finds_every_article(api, q: str) -> None:
    status, body, _ = api("/search", {"q": q})
    assert status == 200
    assert body["total"] == len(CORPUS)


@pytest.mark.parametrize(
    "q", ['"Lavrov', "Lavrov)", "((Lavrov", "Lavrov OR", "OR Lavrov", "Lavrov AND", "- Lavrov", "+Lavrov", "Lavrov ||"]
)
def test_malformed_syntax_degrades_to_plain_words(api, q: str) -> None:
    # Given syntax a user got wrong, when they search, then it is read as the words it holds
    status, body, _ = api("/search", {"q": q})
    assert status == 200
    assert titles(body) == [KERRY.title]


@pytest.mark.parametrize("q", ['{"match_all": {}}', "title:*", "body:(a OR b)", "~2 ^3", "Lavrov^100 OR *"])
def test_query_text_never_acts_as_query_dsl(api, q: str) -> None:
    status, body, _ = api("/search", {"q": q})
    assert status == 200
    assert body["total"] < len(CORPUS)


@pytest.mark.parametrize("q", ["*:*", "\\", '"""', "-", "&&", "OR"])
def test_text_with_no_word_in_it_is_everything_and_never_an_error(api, q: str) -> None:
    status, body, _ = api("/search", {"q": q})
    assert status == 200
    assert body["total"] == len(CORPUS)


def test_a_typo_still_finds_the_article_and_suggests_the_spelling(api) -> None:
    # Given an article about Lavrov, when a user types "Lavorv"
    _, body, _ = api("/search", {"q": "Lavorv"})
    # Then the article is found and the response suggests the right spelling
    assert titles(body) == [KERRY.title]
    assert body["did_you_mean"] == "Lavrov"
    assert api("/search", {"q": "lavorv moscow"})[1]["did_you_mean"] == "lavrov moscow"


def test_a_correctly_spelt_query_gets_no_suggestion(api) -> None:
    assert api("/search", {"q": "central bank"})[1]["did_you_mean"] is None


def test_exact_matches_rank_above_typo_matches(api) -> None:
    # Given one article that says Putin and one that misspells him Puton
    _, body, _ = api("/search", {"q": "Putin"})
    # Then both are found, the exact spelling first
    assert titles(body) == [PUTIN_EXACT.title, PUTIN_TYPO.title]


def test_a_title_match_ranks_above_a_body_match(api) -> None:
    assert titles(api("/search", {"q": "climate"})[1]) == [CLIMATE_TITLE.title, CLIMATE_BODY.title]


def test_words_close_together_rank_above_words_far_apart(api) -> None:
    assert titles(api("/search", {"q": "central bank"})[1]) == [BANK_NEAR.title, BANK_FAR.title]


def test_when_no_article_has_every_word_of_a_long_query_the_closest_ones_come_back(api) -> None:
    # Given no article has all of these five words, when a user searches them
    _, body, _ = api("/search", {"q": "Lavrov Moscow Syria Ukraine penguins"})
    # Then the article with most of them comes back rather than nothing (as Typesense and Algolia do)
    assert titles(body) == [KERRY.title]
    # But a short query keeps every word required: zero hits mean none has them all
    assert titles(api("/search", {"q": "Lavrov penguins"})[1]) == []


def test_a_stop_word_does_not_empty_the_results(api) -> None:
    assert titles(api("/search", {"q": "the Lavrov"})[1]) == [KERRY.title]
    assert titles(api("/search", {"q": "Lavrov -the"})[1]) == [KERRY.title]


def test_the_longest_most_expanding_query_still_answers(api) -> None:
    # Given a query at every limit: many words, many one-letter prefixes, many exclusions
    words = " ".join(["Lavrov", "Moscow", "Syria", "Ukraine", "talking"] * 5)
    prefixes = " ".join(f"{letter}*" for letter in "abcdefghijklmnop")
    excluded = " ".join(f"-{letter}x{letter}" for letter in "abcdefghijklmnopqrstu")
    q = f"{words} {prefixes} {excluded}"[:500]
    # When a user sends it, then it is answered (OpenSearch's clause limit is never reached)
    status, body, _ = api("/search", {"q": q})
    assert status == 200, body


def test_a_typo_in_a_long_sentence_is_not_chased(api) -> None:
    # Typos are tolerated in short queries; a pasted sentence is matched on its words as written
    _, body, _ = api("/search", {"q": "Secretary Kerry met Lavorv in Moscow on Tuesday today"})
    assert titles(body)[0] == KERRY.title  # found first through its other words, in relaxed mode
