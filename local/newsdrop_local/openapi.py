"""The search API's OpenAPI document, as the deployed API serves it at /openapi.json.

    python -m newsdrop_local.openapi            # rewrite docs/openapi.json (what `make openapi` runs)

The document is generated from the handler's routes and models; the committed copy lets a
reviewer see an API change in the diff, and tests/unit/test_openapi.py fails while it is stale.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from newsdrop_local.workers import load_module

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "docs" / "openapi.json"
# The handler checks its settings at import; none of these is contacted while the document is built.
PLACEHOLDERS = {
    "OPENSEARCH_URL": "http://127.0.0.1:9",
    "CURSOR_SECRET": "placeholder-only-for-the-openapi-document",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_NAMESPACE": "newsdrop",
}


def generate() -> str:
    """The document, pretty-printed with sorted keys so that a diff shows only what changed."""
    for name, value in PLACEHOLDERS.items():
        os.environ.setdefault(name, value)
    handler = load_module(REPO / "functions" / "search_api", "app", "openapi_search_api")
    return json.dumps(json.loads(handler.app.get_openapi_json_schema()), indent=2, sort_keys=True) + "\n"


def main() -> int:
    COMMITTED.parent.mkdir(parents=True, exist_ok=True)
    COMMITTED.write_text(generate())
    print(f"wrote {COMMITTED.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
