"""docs/openapi.json is the document the search API serves; a change to the API must show in it."""

from __future__ import annotations

import json

from newsdrop_local.openapi import COMMITTED, generate


def test_the_committed_openapi_document_is_current() -> None:
    assert COMMITTED.read_text() == generate(), "docs/openapi.json is stale: run `make openapi` and commit it"


def test_the_document_describes_the_search_routes() -> None:
    paths = json.loads(COMMITTED.read_text())["paths"]
    assert {"/search", "/articles/{article_id}", "/entities", "/stats", "/health"} <= set(paths)
