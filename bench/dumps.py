"""Page dumps: newsdrop's text path on rendered dumps next to its HTML path on the same pages, same run.

    .venv/bin/python bench/dumps.py [--renderer inscriptis --renderer w3m] [--split dev|test|all]
                                    [--limit N] [--show-failures N] [--jobs 2]

Every page of ../shared/benchmarks/article-extraction is rendered to a plain-text dump by each
renderer (bench/dump_corpus.py; cached in .local/bench/dumps/): the three the line classifier is
trained on, and four it never sees (w3m and lynx wrapping at 80 columns, lynx once more with its
link numbers and list of references, html2text's Markdown). Those rows show how the text path does
on renderers it was not trained on; on dev pages they still see pages the model was trained on.
Rows per renderer and split:
- text dump: `parse_file(dump, "page.txt")`, the path a crawler's dump takes;
- HTML: `parse_file(html, "page.html")` on the same pages (the same figures under each renderer);
- floor: the whole dump as the body and its first line as the title.
Body F1 / precision / recall are the benchmark's metric (bench/extraction_metric.py); titles are
the share right by dump_corpus.title_correct; F1 and titles have their 5-95 % bootstrap interval
over the split's pages beside them (34 held-out pages: one page is about 3 % of the titles);
ms/page (wall) and cpu ms (the worker's CPU time, the steadier figure on a busy machine) are
parse_file's, measured in the worker after a warm-up, so imports and model loading are not counted.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import dump_corpus
from dump_corpus import Page
from extraction_metric import RESAMPLES, corpus_scores, f1_interval, interval, page_f1, resamples_of

sys.path.insert(0, str(dump_corpus.ROOT / "shared"))

_WARM_UP_TEXT = (
    "Council approves the new budget for schools\n\n"
    "The city council approved on Tuesday a budget that gives the schools of Springfield more money "
    "for teachers, books and buildings, the mayor said after the vote.\n"
)


@dataclass(frozen=True)
class Parsed:
    """What one path made of one page: title, body, detected format, wall and CPU ms, rejection reason."""

    title: str
    body: str
    format: str
    ms: float
    cpu_ms: float
    rejected: str = ""


def parse_one(task: tuple[bytes, str]) -> Parsed:
    """parse_file on one file in a worker, timed there; a rejection is an empty article."""
    from newsdrop.errors import RejectedInput
    from newsdrop.parsing import parse_file

    data, filename = task
    rejection: RejectedInput | None = None
    started, started_cpu = time.perf_counter(), time.process_time()
    try:
        articles = parse_file(data, filename)
    except RejectedInput as exc:
        articles, rejection = [], exc
    ms, cpu_ms = (time.perf_counter() - started) * 1000, (time.process_time() - started_cpu) * 1000
    if not articles:
        kind, reason = (rejection.detected_type or "?", rejection.reason) if rejection else ("none", "no article")
        return Parsed("", "", kind, ms, cpu_ms, reason)
    return Parsed(articles[0].title, "\n".join(articles[0].body), articles[0].format, ms, cpu_ms)


def _warm_up() -> None:
    sys.path.insert(0, str(dump_corpus.ROOT / "shared"))
    parse_one((_WARM_UP_TEXT.encode(), "page.txt"))
    parse_one((f"<html><body><h1>Title</h1><p>{_WARM_UP_TEXT}</p></body></html>".encode(), "page.html"))


def floor(dump: str) -> Parsed:
    """The whole dump as the body, its first non-empty line as the title."""
    first = next((line for line in dump.splitlines() if line.strip()), "")
    return Parsed(first, dump, "text", math.nan, math.nan)


def parse_all(tasks: list[tuple[bytes, str]], jobs: int) -> list[Parsed]:
    """parse_one over the tasks in a pool of warmed-up workers, in order."""
    with multiprocessing.Pool(jobs, initializer=_warm_up) as pool:
        return pool.map(parse_one, tasks, chunksize=1)


def print_table(renderer: str, pages: list[Page], paths: dict[str, dict[str, Parsed]], split: str) -> None:
    """One row per path and split: pages, body F1 / precision / recall, titles right (each with the
    5-95 % bootstrap interval over the split's pages), wall and CPU ms per page."""
    print(f"\n== {renderer}")
    heads = f"{'F1':>7} {'5-95%':>11} {'prec':>7} {'recall':>7} {'titles':>7} {'5-95%':>9} {'ms/page':>8} {'cpu ms':>7}"
    print(f"{'path':<10} {'split':<9} {'pages':>5} {heads}")
    for name, parsed in paths.items():
        for row in dump_corpus.report_splits(split):
            chosen = [page for page in pages if dump_corpus.in_split(page, row)]
            if not chosen:
                continue
            pairs = [(page.truth_body, parsed[page.id].body) for page in chosen]
            f1, precision, recall = corpus_scores(pairs)
            f1_low, f1_high = f1_interval(pairs)
            right = [dump_corpus.title_correct(parsed[page.id].title, page.headlines) for page in chosen]
            titles_low, titles_high = interval([sum(sample) / len(sample) for sample in resamples_of(right, RESAMPLES)])
            ms = sum(parsed[page.id].ms for page in chosen) / len(chosen)
            cpu_ms = sum(parsed[page.id].cpu_ms for page in chosen) / len(chosen)
            label = dump_corpus.SPLIT_LABELS[row]
            print(
                f"{name:<10} {label:<9} {len(chosen):>5} {f1:7.3f} {f1_low:5.3f}-{f1_high:5.3f}"
                f" {precision:7.3f} {recall:7.3f} {sum(right) / len(chosen):6.1%}"
                f" {titles_low:4.0%}-{titles_high:4.0%} {_ms(ms):>8} {_ms(cpu_ms):>7}"
            )


def _ms(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.1f}"


def report_formats(renderer: str, parsed: dict[str, Parsed]) -> None:
    """Say which dumps parse_file did not detect as text (all should be), and which it rejected."""
    other = {page_id: result.format for page_id, result in parsed.items() if result.format != "text"}
    rejected = {page_id: result.rejected for page_id, result in parsed.items() if result.rejected}
    for what, found in (("not detected as text", other), ("rejected (empty output)", rejected)):
        if found:
            listed = ", ".join(f"{page_id[:12]}: {why}" for page_id, why in sorted(found.items()))
            print(f"{renderer}: {len(found)} of {len(parsed)} dumps {what}: {listed}")


def show_failures(name: str, pages: Iterable[Page], parsed: dict[str, Parsed], count: int) -> None:
    """The `count` pages of worst body F1, and up to `count` wrong titles with their references."""
    scored = sorted(((page_f1(page.truth_body, parsed[page.id].body), page) for page in pages), key=lambda x: x[0])
    print(f"\n-- {name}: worst body F1")
    for f1, page in scored[:count]:
        print(f"  {page.id[:12]} {page.split:<4} F1 {f1:.3f}  {page.url}")
    wrong = [page for _, page in scored if not dump_corpus.title_correct(parsed[page.id].title, page.headlines)]
    print(f"-- {name}: wrong titles ({len(wrong)})")
    for page in wrong[:count]:
        print(f"  {page.id[:12]} {page.split:<4} got {parsed[page.id].title!r}")
        print(f"  {'':17} want {' | '.join(page.headlines)!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--renderer",
        action="append",
        choices=(*dump_corpus.RENDERERS, *dump_corpus.UNSEEN_RENDERERS),
        help="repeatable; default all, those never trained on included",
    )
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all", help="test = held-out pages")
    parser.add_argument("--limit", type=int, help="only the first N pages (by id) of the split")
    parser.add_argument("--show-failures", type=int, default=0, metavar="N", help="worst pages and wrong titles")
    parser.add_argument("--jobs", type=int, default=2, help="parsing processes (timings are per page either way)")
    parser.add_argument("--data", type=Path, default=dump_corpus.DEFAULT_DATA, help="the article-extraction folder")
    args = parser.parse_args()
    pages = dump_corpus.pages_in(args.split, args.data)[: args.limit]
    if not pages:
        print(f"benchmark data not found at {args.data} (or no page in the split); nothing to measure")
        return 0
    renderers = []
    for renderer in args.renderer or (*dump_corpus.RENDERERS, *dump_corpus.UNSEEN_RENDERERS):
        if missing := dump_corpus.renderer_missing(renderer):
            print(f"{renderer}: {missing}")
        else:
            renderers.append(renderer)
    dumps = {renderer: dump_corpus.dumps(renderer, pages, args.data) for renderer in renderers}
    tasks = [(page.html.encode(), "page.html") for page in pages]
    tasks += [(dumps[renderer][page.id].encode(), "page.txt") for renderer in renderers for page in pages]
    print(f"{len(pages)} pages from {args.data}; renderers: {', '.join(renderers)}; {len(tasks)} parses")
    results = iter(parse_all(tasks, args.jobs))
    html = {page.id: next(results) for page in pages}
    for renderer in renderers:
        text = {page.id: next(results) for page in pages}
        bottom = {page.id: floor(dumps[renderer][page.id]) for page in pages}
        print_table(renderer, pages, {"text dump": text, "HTML": html, "floor": bottom}, args.split)
        report_formats(renderer, text)
        if args.show_failures:
            show_failures(f"{renderer} text dump", pages, text, args.show_failures)
    if args.show_failures:
        show_failures("HTML", pages, html, args.show_failures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
