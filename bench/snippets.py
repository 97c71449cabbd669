"""Trafilatura's own evaluation, on about 980 pages of other sites that newsdrop's bodies were never tuned on.

    .venv/bin/python bench/snippets.py [--renderer w3m --renderer lynx] [--limit N] [--jobs 2]
                                       [--show-failures N]

trafilatura's comparison set (public_pages.TRAFILATURA: news, blogs, shops and public pages in many
languages, German most of all) gives each page a few snippets of its main text that an extraction
must keep ("with") and a few of its boilerplate that it must leave out ("without"). A snippet counts
as kept when the extracted text contains it as written, as trafilatura's script checks it. Rows:
- HTML: newsdrop's `parse_file(html, "page.html")`;
- trafilatura: `trafilatura.extract` with its defaults, in the same run; it was developed against
  these pages, so its figures are on its own dev set;
- one row per renderer: `parse_file(dump, "page.txt")` on the page's dump (bench/dump_corpus.py).
Precision TP/(TP+FP), recall TP/(TP+FN), F 2TP/(2TP+FP+FN) and accuracy over all snippets, as in
trafilatura's script, with F's 5-95 % bootstrap interval over the pages. newsdrop's line classifier
and HTML rules never saw these pages' bodies but for the snippets of the "train" half
(public_pages.snippet_split), which label lines for the classifier: every row is reported on the
"test" half, never trained on, and on the "train" half. The title ranker learned all their
headlines (bench/public_pages.py), so titles are not scored here. `--show-failures N` lists, for newsdrop's
HTML path, N pages with the most snippets wrong.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

import dump_corpus
import dumps
import public_pages
from extraction_metric import RESAMPLES, interval, resamples_of
from public_pages import Annotation

from newsdrop.parsing.decode import decode


@dataclass(frozen=True)
class Counts:
    """Snippets of one page (or of many, added up): main text kept or lost, boilerplate kept or left out."""

    kept: int = 0
    lost: int = 0
    boilerplate_kept: int = 0
    boilerplate_left_out: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.kept + other.kept,
            self.lost + other.lost,
            self.boilerplate_kept + other.boilerplate_kept,
            self.boilerplate_left_out + other.boilerplate_left_out,
        )

    @property
    def wrong(self) -> int:
        return self.lost + self.boilerplate_kept

    def scores(self) -> tuple[float, float, float, float]:
        """(F, precision, recall, accuracy), trafilatura's definitions."""
        tp, fn, fp, tn = self.kept, self.lost, self.boilerplate_kept, self.boilerplate_left_out
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        return f, precision, recall, (tp + tn) / max(1, tp + tn + fp + fn)


def counts_of(annotation: Annotation, text: str) -> Counts:
    """How the extracted text fares on the page's snippets."""
    kept = sum(snippet in text for snippet in annotation.with_)
    boilerplate = sum(snippet in text for snippet in annotation.without)
    return Counts(kept, len(annotation.with_) - kept, boilerplate, len(annotation.without) - boilerplate)


@dataclass(frozen=True)
class SnippetPage:
    annotation: Annotation
    data: bytes  # the file as saved, for the HTML paths
    page: dump_corpus.Page  # decoded, for the renderers; split "public", no truth body: the snippets stand for it


def snippet_pages(limit: int | None) -> list[SnippetPage]:
    """The annotated pages that the module holds."""
    archive = public_pages.fetched(public_pages.TRAFILATURA)
    found = []
    for annotation in public_pages.trafilatura_annotations()[:limit]:
        data = public_pages.trafilatura_file(archive, annotation.file)
        if data is not None:
            html, _ = decode(data)
            page = dump_corpus.Page(public_pages.trafilatura_page_id(annotation.file), "public", html, "", None, ())
            found.append(SnippetPage(annotation, data, page))
    return found


def trafilatura_body(data: bytes) -> str:
    import trafilatura

    return trafilatura.extract(data) or ""


def print_rows(name: str, pages: list[SnippetPage], texts: list[str]) -> None:
    """The path's scores on each half of the pages (public_pages.snippet_split)."""
    for split in ("test", "train"):
        per_page = [
            counts_of(item.annotation, text)
            for item, text in zip(pages, texts, strict=True)
            if public_pages.snippet_split(item.annotation.file) == split
        ]
        f, precision, recall, accuracy = sum(per_page, Counts()).scores()
        low, high = interval([sum(sample, Counts()).scores()[0] for sample in resamples_of(per_page, RESAMPLES)])
        print(
            f"{name:<16} {split:<6} {len(per_page):>5} {f:7.3f} {low:5.3f}-{high:5.3f}"
            f" {precision:7.3f} {recall:7.3f} {accuracy:9.3f}"
        )


def show_failures(pages: list[SnippetPage], texts: list[str], count: int) -> None:
    """The pages where newsdrop's HTML path gets the most snippets wrong, with those snippets."""
    scored = sorted(zip(pages, texts, strict=True), key=lambda pair: -counts_of(pair[0].annotation, pair[1]).wrong)
    print(f"\n== HTML path: the {count} pages with the most snippets wrong")
    for item, text in scored[:count]:
        lost = [snippet for snippet in item.annotation.with_ if snippet not in text]
        kept = [snippet for snippet in item.annotation.without if snippet in text]
        print(f"{item.annotation.file}  ({len(text)} characters kept)")
        for label, snippets in (("lost", lost), ("boilerplate kept", kept)):
            if snippets:
                print(f"    {label}: " + " | ".join(snippet[:60] for snippet in snippets))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renderer", action="append", help="dump renderers (default: the three trained on)")
    parser.add_argument("--limit", type=int, help="only the first N annotated pages")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show-failures", type=int, default=0)
    args = parser.parse_args()

    pages = snippet_pages(args.limit)
    print(f"{len(pages)} annotated pages of {public_pages.TRAFILATURA.path}@{public_pages.TRAFILATURA.version}")
    print(f"\n{'path':<16} {'half':<6} {'pages':>5} {'F':>7} {'5-95%':>11} {'prec':>7} {'recall':>7} {'accuracy':>9}")
    html_texts = [parsed.body for parsed in dumps.parse_all([(item.data, "page.html") for item in pages], args.jobs)]
    print_rows("HTML", pages, html_texts)
    print_rows("trafilatura", pages, [trafilatura_body(item.data) for item in pages])
    for renderer in args.renderer or dump_corpus.RENDERERS:
        if missing := dump_corpus.renderer_missing(renderer):
            print(f"{renderer}: {missing}", file=sys.stderr)
            continue
        rendered = dump_corpus.dumps(renderer, [item.page for item in pages])
        tasks = [(rendered[item.page.id].encode(), "page.txt") for item in pages]
        print_rows(f"dump {renderer}", pages, [parsed.body for parsed in dumps.parse_all(tasks, args.jobs)])
    if args.show_failures:
        show_failures(pages, html_texts, args.show_failures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
