"""The search API's other endpoints on the real node: article, similar, entities, stats, docs, CORS."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import REPO, context, load_function
from tests.integration.search_corpus import KERRY, PLANE, article, entity

pytest_plugins = ["tests.integration.search_corpus"]  # the archive and api fixtures
pytestmark = pytest.mark.opensearch


def test_an_article_comes_back_whole_by_id(api, archive) -> None:
    status, body, _ = api(f"/articles/{archive.ids['kerry']}")
    assert status == 200
    assert body["title"] == KERRY.title
    assert body["body"] == KERRY.body


def test_similar_articles_share_its_words(api, archive) -> None:
    # Given a market report, when a user asks for similar articles
    status, body, _ = api(f"/articles/{archive.ids['market-3']}/similar", {"size": "5"})
    # Then other market reports come back, not the report itself nor unrelated stories
    assert status == 200
    assert len(body["hits"]) == 5
    assert all(hit["title"].startswith("Market report") for hit in body["hits"])
    assert archive.ids["market-3"] not in [hit["id"] for hit in body["hits"]]


@pytest.mark.parametrize("path", ["/articles/no-such-id", "/articles/no-such-id/similar"])
def test_an_unknown_id_is_404(api, path: str) -> None:
    status, body, _ = api(path)
    assert status == 404
    assert "no-such-id" in body["message"]


def test_entities_autocomplete_from_any_word_with_counts(api) -> None:
    # Given an article mentioning John Kerry, when a user types "Ker"
    status, body, _ = api("/entities", {"prefix": "Ker"})
    # Then John Kerry is suggested, as a person, with the number of articles
    assert status == 200
    assert {"value": "John Kerry", "type": "PERSON", "count": 1} in body["entities"]
    assert all("ker" in item["value"].lower() for item in body["entities"])


def test_entities_by_type_and_size(api) -> None:
    _, places, _ = api("/entities", {"prefix": "", "type": "GPE", "size": "2"})
    assert len(places["entities"]) == 2
    assert {item["type"] for item in places["entities"]} == {"GPE"}
    assert api("/entities", {"prefix": "Ker", "type": "GPE"})[1]["entities"] == []
    assert api("/entities", {"prefix": "washington, d"})[1]["entities"][0]["value"] == "Washington, D.C."


@pytest.mark.parametrize(
    ("query", "parameter"), [({"size": "0"}, "size"), ({"type": "a.b"}, "type"), ({"prefix": "k" * 201}, "prefix")]
)
def test_entities_bad_parameters_are_400(api, query: dict, parameter: str) -> None:
    status, body, _ = api("/entities", query)
    assert (status, body["parameter"]) == (400, parameter)


def test_stats_count_documents_sources_and_freshness(api, archive) -> None:
    status, body, _ = api("/stats")
    assert status == 200
    assert body["documents"] >= 33
    assert body["sources"] >= 4
    assert body["newest_published"] >= PLANE.published.isoformat()[:10]
    assert body["newest_indexed"] is not None


def test_openapi_document_describes_every_route(api) -> None:
    status, body, _ = api("/openapi.json")
    assert status == 200
    assert {"/search", "/articles/{article_id}", "/articles/{article_id}/similar", "/entities", "/stats"} <= set(
        body["paths"]
    )
    names = {p["name"] for p in body["paths"]["/search"]["get"]["parameters"]}
    assert names >= {"q", "size", "from", "cursor", "sort", "entity", "entity_type", "source", "lang", "from_date"}


def test_swagger_ui_is_served_at_docs(api) -> None:
    status, body, _ = api("/docs")
    assert status == 200
    assert "swagger" in body.lower()


def test_the_web_page_is_served_at_root(api) -> None:
    status, body, headers = api("/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert "<title>newsdrop" in body


def test_cors_origins_come_from_settings(archive, opensearch_url, monkeypatch) -> None:
    # Given two allowed origins in CORS_ORIGINS
    monkeypatch.setenv("CORS_ORIGINS", "https://news.example, https://admin.example")
    monkeypatch.setenv("OPENSEARCH_URL", opensearch_url)
    monkeypatch.setenv("INDEX_ALIAS", archive.alias)
    function = load_function("search_api")

    def origin_header(origin: str) -> str | None:
        from newsdrop_local.gateway import http_api_event

        event = http_api_event("GET", "/stats", {"origin": origin}, b"", "127.0.0.1")
        return function.lambda_handler(event, context())["headers"].get("Access-Control-Allow-Origin")

    # Then each is allowed, and another origin is not
    assert origin_header("https://admin.example") == "https://admin.example"
    assert origin_header("https://news.example") == "https://news.example"
    assert origin_header("https://evil.example") is None


@pytest.mark.parametrize("path", ["/search?q=Kerry", "/stats", "/entities?prefix=K", "/articles/x/similar"])
def test_opensearch_down_is_503_with_retry_after_on_every_route(monkeypatch, path: str) -> None:
    from newsdrop_local.gateway import http_api_event

    monkeypatch.setenv("OPENSEARCH_URL", "http://127.0.0.1:9")
    response = load_function("search_api").lambda_handler(http_api_event("GET", path, {}, b"", "x"), context())
    assert response["statusCode"] == 503
    assert response["headers"]["Retry-After"] == "5"
    assert "Traceback" not in response["body"]


def test_the_search_api_never_imports_the_nlp_stack() -> None:
    # Given a fresh interpreter, when it imports the search handler as a cold start does
    code = (
        "import importlib.util, json, sys\n"
        f"spec = importlib.util.spec_from_file_location('app', {str(REPO / 'functions/search_api/app.py')!r})\n"
        "spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {'spacy', 'trafilatura', 'thinc'})))"
    )
    env = {
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "t",
        "PATH": "",
        "OPENSEARCH_URL": "http://127.0.0.1:9",
        "CURSOR_SECRET": "a cursor secret for this test",
    }
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    # Then neither spaCy nor trafilatura is loaded
    assert json.loads(out.stdout) == []


def test_an_article_added_later_is_suggested_once_in(api, archive) -> None:
    assert api("/entities", {"prefix": "Zel"})[1]["entities"] == []
    late = article("zel", "Talks in Kyiv", ["Zelensky spoke."], entities=[entity("Volodymyr Zelensky", "PERSON")])
    archive.add("zel", late)
    assert api("/entities", {"prefix": "Zel"})[1]["entities"][0]["value"] == "Volodymyr Zelensky"
