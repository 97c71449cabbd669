"""The query language users type into `q`: what each construct means and how bad input degrades."""

from __future__ import annotations

import pytest

from newsdrop.search.syntax import MAX_EXCLUDED, MAX_PREFIXES, MAX_TERMS, Term, parse


def words(*texts: str) -> list[list[Term]]:
    return [[Term("word", text)] for text in texts]


def test_every_word_must_match() -> None:
    parsed = parse("Kerry Lavrov")
    assert parsed.groups == words("Kerry", "Lavrov")
    assert not parsed.match_all


def test_a_quoted_phrase_is_one_term() -> None:
    assert parse('"John Kerry" Moscow').groups == [[Term("phrase", "John Kerry")], [Term("word", "Moscow")]]


def test_a_quoted_single_word_is_a_word() -> None:
    assert parse('"Kerry"').groups == words("Kerry")


def test_or_joins_its_neighbours_into_one_group() -> None:
    parsed = parse("Kerry OR Lavrov Moscow")
    assert parsed.groups == [[Term("word", "Kerry"), Term("word", "Lavrov")], [Term("word", "Moscow")]]
    assert parse("Kerry | Lavrov").groups == parse("Kerry OR Lavrov").groups


@pytest.mark.parametrize("text", ["Kerry OR", "OR Kerry", "Kerry AND", "AND Kerry", "+ Kerry"])
def test_a_dangling_operator_is_ignored(text: str) -> None:
    assert parse(text).groups == words("Kerry")


def test_and_is_what_words_mean_anyway() -> None:
    assert parse("Kerry AND Lavrov").groups == parse("Kerry Lavrov").groups


def test_a_minus_excludes_a_word_or_phrase() -> None:
    parsed = parse('Kerry -Lavrov -"foreign minister"')
    assert parsed.groups == words("Kerry")
    assert parsed.excluded == [Term("word", "Lavrov"), Term("phrase", "foreign minister")]


def test_an_excluded_prefix_excludes_the_word_itself() -> None:
    assert parse("Kerry -Lav*").excluded == [Term("word", "Lav")]


def test_a_trailing_star_makes_a_prefix() -> None:
    assert parse("Ker*").groups == [[Term("prefix", "Ker")]]


@pytest.mark.parametrize("text", ["", "   ", "*", "(((", '""', "- -", "OR"])
def test_nothing_searchable_means_every_article(text: str) -> None:
    parsed = parse(text)
    assert parsed.match_all
    assert parsed.excluded == []


def test_only_exclusions_still_mean_every_other_article() -> None:
    parsed = parse("-Lavrov")
    assert parsed.match_all
    assert parsed.excluded == [Term("word", "Lavrov")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"unclosed phrase', [[Term("phrase", "unclosed phrase")]]),
        ("(Kerry)", [[Term("word", "Kerry")]]),
        ("Kerry) (Lavrov", [[Term("word", "Kerry")], [Term("word", "Lavrov")]]),
        ("[Moscow]{talks}", [[Term("word", "Moscow talks")]]),
    ],
)
def test_malformed_syntax_degrades_to_plain_words(text: str, expected: list[list[Term]]) -> None:
    assert parse(text).groups == expected


def test_a_long_query_keeps_its_first_words() -> None:
    parsed = parse(" ".join(f"w{number}" for number in range(MAX_TERMS + 10)))
    assert parsed.groups == words(*(f"w{number}" for number in range(MAX_TERMS)))


def test_only_the_first_prefixes_stay_prefixes() -> None:
    parsed = parse(" ".join(f"p{number}*" for number in range(MAX_PREFIXES + 2)))
    kinds = [term.kind for term in parsed.positive_terms]
    assert kinds == ["prefix"] * MAX_PREFIXES + ["word", "word"]
    assert [term.text for term in parsed.positive_terms] == [f"p{number}" for number in range(MAX_PREFIXES + 2)]


def test_exclusions_are_capped() -> None:
    parsed = parse("news " + " ".join(f"-x{number}" for number in range(MAX_EXCLUDED + 5)))
    assert [term.text for term in parsed.excluded] == [f"x{number}" for number in range(MAX_EXCLUDED)]
