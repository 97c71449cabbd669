"""Paging cursors: a client can only hand back what this API gave it, for the same search."""

from __future__ import annotations

import base64

import pytest

from newsdrop.errors import InvalidCursor
from newsdrop.search import cursor
from newsdrop.search.models import MAX_CURSOR_CHARS, SearchRequest

SECRET = "a secret of this deployment only"
KERRY = SearchRequest(q="Kerry", sort="date", source=["Example Wire"])


def test_a_cursor_gives_back_where_the_page_ended() -> None:
    token = cursor.encode(SECRET, KERRY, False, [1449000000000, "abc-0"])
    assert cursor.decode(SECRET, KERRY, token) == (False, [1449000000000, "abc-0"])


def test_a_cursor_remembers_that_the_search_was_relaxed() -> None:
    request = SearchRequest(q="a long pasted claim about vaccines")
    token = cursor.encode(SECRET, request, True, [3.25, "abc-0"])
    assert cursor.decode(SECRET, request, token) == (True, [3.25, "abc-0"])


def test_the_next_page_may_have_another_size() -> None:
    token = cursor.encode(SECRET, KERRY, False, [1449000000000, "abc-0"])
    bigger = KERRY.model_copy(update={"size": 50})
    assert cursor.decode(SECRET, bigger, token)[1] == [1449000000000, "abc-0"]


@pytest.mark.parametrize(
    "other",
    [
        KERRY.model_copy(update={"q": "Lavrov"}),
        KERRY.model_copy(update={"sort": "relevance"}),
        KERRY.model_copy(update={"source": ["Daily Courier"]}),
        KERRY.model_copy(update={"lang": ["en"]}),
    ],
)
def test_a_cursor_from_another_search_is_refused(other: SearchRequest) -> None:
    token = cursor.encode(SECRET, KERRY, False, [1449000000000, "abc-0"])
    with pytest.raises(InvalidCursor, match="another search"):
        cursor.decode(SECRET, other, token)


def test_a_cursor_signed_with_another_key_is_refused() -> None:
    token = cursor.encode("another deployment's secret", KERRY, False, [1449000000000, "abc-0"])
    with pytest.raises(InvalidCursor, match="not one this API issued"):
        cursor.decode(SECRET, KERRY, token)


def test_an_edited_cursor_is_refused() -> None:
    token = cursor.encode(SECRET, KERRY, False, [1449000000000, "abc-0"])
    data, signature = token.split(".")
    forged = base64.urlsafe_b64encode(b'{"f":"x","r":false,"a":[1,"abc-0"]}').decode().rstrip("=")
    edits = (f"{forged}.{signature}", f"{data}.{signature[:-2]}AA", f"{data}.{signature[:-1]}é", f"é{data}.{signature}")
    for edited in (*edits, data, "", "..."):
        with pytest.raises(InvalidCursor):
            cursor.decode(SECRET, KERRY, edited)


def test_an_overlong_cursor_is_refused_before_it_is_read() -> None:
    with pytest.raises(InvalidCursor):
        cursor.decode(SECRET, KERRY, "x" * (MAX_CURSOR_CHARS + 1))


@pytest.mark.parametrize(
    ("sort", "after"),
    [
        ("date", [1.5, "abc-0"]),  # a date sort value is epoch millis
        ("date", [True, "abc-0"]),
        ("relevance", ["3.2", "abc-0"]),
        ("relevance", [3.2, 7]),  # the tie-breaker is the article id
        ("relevance", [3.2]),
        ("relevance", {"score": 3.2}),
    ],
)
def test_sort_values_of_the_wrong_shape_never_reach_opensearch(sort: str, after: object) -> None:
    # Even signed with the right key, a cursor must carry [sort value, id] of the search's sort.
    request = SearchRequest(q="Kerry", sort=sort)
    token = cursor.encode(SECRET, request, False, after)  # type: ignore[arg-type]
    with pytest.raises(InvalidCursor):
        cursor.decode(SECRET, request, token)
