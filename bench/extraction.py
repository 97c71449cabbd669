"""Main-text extraction quality: newsdrop's HTML path next to plain trafilatura, same pages, same run.

    .venv/bin/python bench/extraction.py [--data ../shared/benchmarks/article-extraction]
    .venv/bin/python bench/extraction.py --split dev --worst 20     # while tuning: dev pages only
    .venv/bin/python bench/extraction.py --baseline 1014ad6         # and an earlier commit's HTML path

Scores are the article-extraction-benchmark's (bench/extraction_metric.py), reported for the dev
pages, the held-out pages (never tuned on; see bench/dump_corpus.py) and all pages. Prints F1
(with its 5-95 % bootstrap interval over the pages), precision, recall and pages per CPU second
(the process's own CPU time, so that other work on a busy machine does not count) of each
extractor on each split, and newsdrop's F1 minus trafilatura's with its paired interval.
`--worst N` lists the N pages of the split newsdrop scores lowest on, to find kinds of failure;
`--baseline REV` adds the HTML path of an earlier commit (its `shared/`, exported by git archive,
run in a fresh interpreter).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import dump_corpus
from extraction_metric import (
    RESAMPLES,
    corpus_scores,
    f1_interval,
    interval,
    page_counts,
    page_f1,
    page_scores,
    resamples_of,
    scores_of,
)
from parse_cost import export_shared

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


# Run in a fresh interpreter with an earlier commit's shared/ first on the path: texts and seconds per page.
_BASELINE = """
import json, sys, time
from pathlib import Path
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import dump_corpus, extraction
sys.path.insert(0, sys.argv[1])  # importing extraction put this checkout's shared/ first
pages = [page for page in dump_corpus.load_pages(Path(sys.argv[3])) if dump_corpus.in_split(page, sys.argv[4])]
extraction.newsdrop_text(pages[0].html, pages[0].url)
print(json.dumps(extraction.extract_all(extraction.newsdrop_text, pages)))
"""

Extracted = dict[str, tuple[str, float]]  # page id -> (text, CPU seconds)


def extract_all(extract: Callable[[str, str | None], str], pages: list[dump_corpus.Page]) -> Extracted:
    """Each page's text and the CPU seconds its extraction took."""
    found = {}
    for page in pages:
        started = time.process_time()
        text = extract(page.html, page.url)
        found[page.id] = (text, time.process_time() - started)
    return found


def baseline_texts(revision: str, data: Path, split: str) -> Extracted:
    """The HTML path of an earlier commit on the split's pages, run in a fresh interpreter."""
    with tempfile.TemporaryDirectory() as folder:
        shared = export_shared(revision, Path(folder))
        command = [sys.executable, "-c", _BASELINE, str(shared), str(dump_corpus.ROOT / "bench"), str(data), split]
        return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def report(name: str, found: Extracted, pages: list[dump_corpus.Page], split: str) -> None:
    """One row per split reported for `split`: F1 with its 5-95 % bootstrap interval over the pages,
    precision, recall and pages/second."""
    for shown in dump_corpus.report_splits(split):
        chosen = [page for page in pages if dump_corpus.in_split(page, shown)]
        pairs = [(page.truth_body, found[page.id][0]) for page in chosen]
        f1, precision, recall = corpus_scores(pairs)
        low, high = f1_interval(pairs)
        rate = len(chosen) / sum(found[page.id][1] for page in chosen)
        label = dump_corpus.SPLIT_LABELS[shown]
        print(
            f"{name:<12} {label:<9} {len(chosen):>5} {f1:8.3f} {low:5.3f}-{high:5.3f}"
            f" {precision:10.3f} {recall:8.3f} {rate:9.1f}"
        )


def report_difference(ours: Extracted, theirs: Extracted, pages: list[dump_corpus.Page], split: str) -> None:
    """newsdrop's F1 minus trafilatura's per split, with its 5-95 % interval over the same resampled
    pages (paired: a hard page is hard for both)."""
    for shown in dump_corpus.report_splits(split):
        chosen = [page for page in pages if dump_corpus.in_split(page, shown)]
        both = list(
            zip(
                page_scores([(page.truth_body, ours[page.id][0]) for page in chosen]),
                page_scores([(page.truth_body, theirs[page.id][0]) for page in chosen]),
                strict=True,
            )
        )
        differences = [
            scores_of([a for a, _ in sample])[0] - scores_of([b for _, b in sample])[0]
            for sample in resamples_of(both, RESAMPLES)
        ]
        difference = scores_of([a for a, _ in both])[0] - scores_of([b for _, b in both])[0]
        low, high = interval(differences)
        label = dump_corpus.SPLIT_LABELS[shown]
        print(f"newsdrop - trafilatura F1, {label:<9} {difference:+.3f} (5-95%: {low:+.3f} to {high:+.3f})")


def worst(found: Extracted, pages: list[dump_corpus.Page], count: int) -> None:
    """The pages with the lowest F1, with precision and recall: where to look for a kind of failure."""
    rows = []
    for page in pages:
        tp, fp, fn = page_counts(page.truth_body, found[page.id][0])
        precision, recall = (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)
        rows.append((page_f1(page.truth_body, found[page.id][0]), precision, recall, page))
    print(f"\nnewsdrop's {count} lowest pages: F1, precision, recall, id, url")
    for f1, precision, recall, page in sorted(rows, key=lambda row: row[0])[:count]:
        print(f"{f1:6.3f} {precision:6.3f} {recall:6.3f}  {page.id[:12]}  {page.url}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--data", type=Path, default=dump_corpus.DEFAULT_DATA, help="folder with ground-truth.json and html_gz/"
    )
    parser.add_argument(
        "--split", choices=("dev", "test", "all"), default="all", help="pages to run on; tune on dev only"
    )
    parser.add_argument("--worst", type=int, default=0, metavar="N", help="list the N pages newsdrop scores lowest")
    parser.add_argument("--baseline", metavar="REV", help="also run the HTML path of this earlier commit")
    args = parser.parse_args()
    pages = [page for page in dump_corpus.load_pages(args.data) if dump_corpus.in_split(page, args.split)]
    if not pages:
        print(f"benchmark data not found at {args.data}; nothing to measure")
        return 0
    print(f"{len(pages)} pages from {args.data}")
    heads = f"{'F1':>8} {'5-95%':>11} {'precision':>10} {'recall':>8} {'pages/s':>9}"
    print(f"{'extractor':<12} {'split':<9} {'pages':>5} {heads}")
    newsdrop_text(pages[0].html, pages[0].url)  # warm-up: imports and caches, not extraction, would be timed
    trafilatura_text(pages[0].html, pages[0].url)
    ours = extract_all(newsdrop_text, pages)
    report("newsdrop", ours, pages, args.split)
    if args.baseline:
        report(f"@{args.baseline}"[:12], baseline_texts(args.baseline, args.data, args.split), pages, args.split)
    theirs = extract_all(trafilatura_text, pages)
    report("trafilatura", theirs, pages, args.split)
    report_difference(ours, theirs, pages, args.split)
    if args.worst:
        worst(ours, pages, args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
