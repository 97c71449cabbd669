"""Requests built to be expensive or malformed: a 400 naming the parameter, or an ordinary answer.

Against the real node through the search function, as API Gateway calls it. Never a 5xx, never
a stack trace; what is accepted is bounded by the request model (see models.py and syntax.py).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdrop.search.models import MAX_FILTER_VALUES, MAX_QUERY_CHARS, MAX_RESULT_WINDOW
from newsdrop.search.syntax import MAX_TERMS
from newsdrop_local.gateway import http_api_event
from tests.helpers import context

pytest_plugins = ["tests.integration.search_corpus"]  # the archive and api fixtures
pytestmark = pytest.mark.opensearch

WORDS_1000 = " ".join(f"w{number}" for number in range(1000))


def _raw(api, target: str) -> tuple[int, dict | str]:
    """GET `target` (path?query) exactly as written, percent-escapes and all."""
    event = http_api_event("GET", target, {"host": "api.test"}, b"", "127.0.0.1")
    response = api.function.lambda_handler(event, context("SearchApiFunction"))
    body = response.get("body") or ""
    is_json = response.get("headers", {}).get("Content-Type", "").startswith("application/json")
    return response["statusCode"], json.loads(body) if is_json else body


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"q": WORDS_1000}, "q"),  # a thousand terms: over the length limit
        ({"q": "x" * 100_000}, "q"),
        ({"from": str(10**9)}, "from"),
        ({"from": str(MAX_RESULT_WINDOW)}, "from"),
        ({"size": str(10**6)}, "size"),
        ({"size": "-1"}, "size"),
        ({"size": "1e3"}, "size"),
        ({"sort": "_script"}, "sort"),
        ({"entity": "x" * 10_000}, "entity"),
        ({"entity": [f"e{number}" for number in range(MAX_FILTER_VALUES + 1)]}, "entity"),
        ({"entity_type": "PERSON.keyword"}, "entity_type"),
        ({"lang": "en;drop"}, "lang"),
        ({"from_date": "99999-01-01"}, "from_date"),
        ({"to_date": "2015-13-45"}, "to_date"),
        ({"cursor": "c" * 100_000}, "cursor"),
    ],
    ids=lambda value: str(value)[:40],
)
def test_an_expensive_or_malformed_parameter_is_400_naming_it(api, query: dict, parameter: str) -> None:
    status, body, _ = api("/search", query)
    assert (status, body["parameter"]) == (400, parameter)
    assert body["message"]
    assert "Traceback" not in str(body)


def test_the_longest_query_accepted_runs_only_its_first_terms(api, archive) -> None:
    # Given as many words as the length limit allows, the first of them in one article
    words = ["Lavrov", *(f"zz{number}" for number in range(MAX_QUERY_CHARS))]
    q = " OR ".join(words)[:MAX_QUERY_CHARS]
    # When searched (every word OR'd: the widest a query gets)
    status, body, _ = api("/search", {"q": q})
    # Then it is answered, from a bounded number of terms
    assert status == 200
    assert archive.ids["kerry"] in [hit["id"] for hit in body["hits"]]
    assert len(q.split(" OR ")) > MAX_TERMS


@pytest.mark.parametrize(
    "q", ["*", "**", "*a*b*c*d*e*", "*tion", "a* b* c* d* e* f* g*", "?", "/.*/", "a~10", "title:(x OR y)^99"]
)
def test_wildcards_and_query_syntax_are_words_not_dsl(api, q: str) -> None:
    status, body, _ = api("/search", {"q": q})
    assert status == 200
    assert isinstance(body["total"], int)


def test_a_forged_or_edited_cursor_is_400(api) -> None:
    _, first, _ = api("/search", {"q": "market", "size": "2", "sort": "date"})
    cursor = first["next_cursor"]
    data, _, signature = cursor.partition(".")
    for forged in [f"{data}.{'A' * len(signature)}", f"{data[:-2]}xx.{signature}", "not-a-cursor", ".", "a.b.c"]:
        status, body, _ = api("/search", {"q": "market", "size": "2", "sort": "date", "cursor": forged})
        assert (status, body["parameter"]) == (400, "cursor"), forged
    # And a cursor of one search is refused for another
    status, body, _ = api("/search", {"q": "harbour", "size": "2", "sort": "date", "cursor": cursor})
    assert (status, body["parameter"]) == (400, "cursor")


def test_a_replayed_cursor_gives_the_same_page_again(api) -> None:
    query = {"q": "market", "size": "2", "sort": "date"}
    cursor = api("/search", query)[1]["next_cursor"]
    pages = [api("/search", {**query, "cursor": cursor}) for _ in range(3)]
    assert {status for status, _, _ in pages} == {200}
    assert len({tuple(hit["id"] for hit in body["hits"]) for _, body, _ in pages}) == 1


@pytest.mark.parametrize(
    "raw_query",
    [
        "q=%00%00",
        "q=%ZZ%",
        "q=%C0%AF",  # overlong UTF-8 of "/"
        "q=%ED%A0%80",  # a UTF-16 surrogate, in UTF-8
        "q=%FF%FE%FD",
        "q=%E2%80%AEtroper",  # right-to-left override
        "q=%F0%9F%98%80%F0%9F%98%80",
        "q=a&q=b&q=c",
        "size=1&size=2",
        "entity=%00",
        "lang=%C3%A9n",
        "from_date=%00",
        "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ],
)
def test_odd_encodings_are_answered_never_5xx(api, raw_query: str) -> None:
    status, body = _raw(api, f"/search?{raw_query}")
    assert status in {200, 400}, body
    if status == 400:
        assert body["message"]
    else:
        assert "<script>" not in str(body)


@pytest.mark.parametrize("article_id", ["..%2F..%2F_cluster%2Fsettings", "_search", "%00", "x" * 5000, "a%2Fb"])
def test_odd_article_ids_are_404_or_400(api, article_id: str) -> None:
    for path in (f"/articles/{article_id}", f"/articles/{article_id}/similar"):
        status, body = _raw(api, path)
        assert status in {400, 404}, (path, status, body)


SEARCH_PARAMETERS = ["q", "size", "from", "sort", "mode", "cursor", "entity", "entity_type", "source", "lang"]
DATE_PARAMETERS = ["from_date", "to_date"]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    params=st.lists(st.tuples(st.sampled_from(SEARCH_PARAMETERS + DATE_PARAMETERS), st.text(max_size=80)), max_size=6)
)
def test_any_parameters_with_any_values_are_200_or_400(api, params: list[tuple[str, str]]) -> None:
    status, body, _ = api("/search", params)
    assert status in {200, 400}, (params, body)
    if status == 400:
        assert body["parameter"] in SEARCH_PARAMETERS + DATE_PARAMETERS
