"""Main-text extraction quality: newsdrop's HTML path next to plain trafilatura, same pages, same run.

    .venv/bin/python bench/extraction.py [--data ../shared/benchmarks/article-extraction]

The metric is the article-extraction-benchmark's (see ../shared/benchmarks/README.md), reimplemented
here: 4-token shingles of `\\w+` tokens, per-page TP/FP/FN normalised to sum to 1, corpus precision
and recall as means over pages, F1 their harmonic mean. Prints F1, precision, recall, pages/second.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "shared"))
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "article-extraction"
_TOKEN = re.compile(r"\w+")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """4-token windows of the text's word tokens (case kept); 1-3 tokens make one shingle, none none."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < 4:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """(TP, FP, FN) of one page, each divided by their sum so that every page weighs the same."""
    true_shingles, predicted_shingles = shingles(truth), shingles(predicted)
    tp = fp = fn = 0
    for shingle in true_shingles.keys() | predicted_shingles.keys():
        t, p = true_shingles[shingle], predicted_shingles[shingle]
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def corpus_scores(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """(F1, precision, recall) over (truth, predicted) pairs: means of per-page values, F1 of the means."""
    precisions, recalls = [], []
    for truth, predicted in pairs:
        tp, fp, fn = page_counts(truth, predicted)
        if fp == 0 and fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp > 0:
            precisions.append(tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(tp / (tp + fn))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


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


def run(name: str, extract: Callable[[str, str | None], str], pages: list[tuple[str, str, str | None]]) -> None:
    started = time.perf_counter()
    predicted = [extract(html, url) for html, _, url in pages]
    elapsed = time.perf_counter() - started
    f1, precision, recall = corpus_scores([(truth, text) for (_, truth, _), text in zip(pages, predicted, strict=True)])
    print(f"{name:<12} {f1:8.3f} {precision:10.3f} {recall:8.3f} {len(pages) / elapsed:12.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with ground-truth.json and html_gz/")
    args = parser.parse_args()
    truth_file = args.data / "ground-truth.json"
    if not truth_file.is_file():
        print(f"benchmark data not found at {args.data}; nothing to measure")
        return 0
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(truth.items()):
        path = args.data / "html_gz" / f"{page_id}.html.gz"
        if path.is_file():
            html = gzip.decompress(path.read_bytes()).decode("utf-8")
            pages.append((html, item.get("articleBody") or "", item.get("url")))
    print(f"{len(pages)} pages from {args.data}")
    print(f"{'extractor':<12} {'F1':>8} {'precision':>10} {'recall':>8} {'pages/s':>12}")
    newsdrop_text(pages[0][0], pages[0][2])  # warm-up: imports and caches, not extraction, would be timed
    trafilatura_text(pages[0][0], pages[0][2])
    run("newsdrop", newsdrop_text, pages)
    run("trafilatura", trafilatura_text, pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
