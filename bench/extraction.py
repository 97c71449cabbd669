"""Main-text extraction quality: newsdrop's HTML path next to plain trafilatura, same pages, same run.

    .venv/bin/python bench/extraction.py [--data ../shared/benchmarks/article-extraction]

Scores are the article-extraction-benchmark's (bench/extraction_metric.py), reported for the dev
pages, the held-out pages (never tuned on; see bench/dump_corpus.py) and all pages. Prints F1,
precision, recall and pages/second of each extractor on each split.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import dump_corpus
from extraction_metric import corpus_scores

sys.path.insert(0, str(dump_corpus.ROOT / "shared"))


def newsdrop_text(html: str, url: str | None) -> str:
    """The text newsdrop's HTML path keeps for the page: the main text as extracted, paragraphs joined."""
    from newsdrop.errors import RejectedInput
    from newsdrop.parsing.html import extract_html

    try:
        return "\n".join(extract_html(html, url).body)
    except RejectedInput:
        return ""


def trafilatura_text(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def run(name: str, extract: Callable[[str, str | None], str], pages: tuple[dump_corpus.Page, ...]) -> None:
    """Extract every page once, then print one row per split."""
    texts, seconds = {}, {}
    for page in pages:
        started = time.perf_counter()
        texts[page.id] = extract(page.html, page.url)
        seconds[page.id] = time.perf_counter() - started
    for split in dump_corpus.report_splits("all"):
        chosen = [page for page in pages if dump_corpus.in_split(page, split)]
        f1, precision, recall = corpus_scores([(page.truth_body, texts[page.id]) for page in chosen])
        rate = len(chosen) / sum(seconds[page.id] for page in chosen)
        label = dump_corpus.SPLIT_LABELS[split]
        print(f"{name:<12} {label:<9} {len(chosen):>5} {f1:8.3f} {precision:10.3f} {recall:8.3f} {rate:9.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data", type=Path, default=dump_corpus.DEFAULT_DATA, help="folder with ground-truth.json and html_gz/"
    )
    args = parser.parse_args()
    pages = dump_corpus.load_pages(args.data)
    if not pages:
        print(f"benchmark data not found at {args.data}; nothing to measure")
        return 0
    print(f"{len(pages)} pages from {args.data}")
    print(f"{'extractor':<12} {'split':<9} {'pages':>5} {'F1':>8} {'precision':>10} {'recall':>8} {'pages/s':>9}")
    newsdrop_text(pages[0].html, pages[0].url)  # warm-up: imports and caches, not extraction, would be timed
    trafilatura_text(pages[0].html, pages[0].url)
    run("newsdrop", newsdrop_text, pages)
    run("trafilatura", trafilatura_text, pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
