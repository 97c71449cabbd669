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
    # Set only for the import and put back after: a placeholder left in the environment would
    # point later code in this process (a test session's OpenSearch fixture) at nothing.
    missing = [name for name in PLACEHOLDERS if name not in os.environ]
    os.environ.update({name: PLACEHOLDERS[name] for name in missing})
    try:
        handler = load_module(REPO / "functions" / "search_api", "app", "openapi_search_api")
        schema = handler.app.get_openapi_json_schema()
    finally:
        for name in missing:
            os.environ.pop(name, None)
    return json.dumps(json.loads(schema), indent=2, sort_keys=True) + "\n"


def main() -> int:
    COMMITTED.parent.mkdir(parents=True, exist_ok=True)
    COMMITTED.write_text(generate())
    print(f"wrote {COMMITTED.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
