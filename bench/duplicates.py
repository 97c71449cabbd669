"""Wire copies: pair precision and recall of newsdrop.stories at the chosen thresholds, and their cost.

    .venv/bin/python bench/duplicates.py [--data ../shared/benchmarks/article-extraction]

A labelled set built from the benchmark pages' ground-truth bodies (split by page id as
bench/dump_corpus.py splits them: thresholds are chosen on the dev pages, reported on the held-out
ones). Each page's copies are edits an outlet makes: other boilerplate around it, truncation to
the first half or two thirds, a paragraph inserted or dropped, typo fixes, and combinations; its
non-copies are a follow-up that quotes a quarter of it in another article's text (the quote at most a
third of the follow-up, so that the two share less than half their text), the page whose
words are most alike (the nearest topic in the set), and another page at random. A pair counts as
found when it shares an LSH band (the index's candidate query) and passes verification.
Cost: the fingerprint (shingles, MinHash bands, body hash) per article against the rest of
`to_document` and the sentence vector, in alternating rounds of the same articles.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import dump_corpus

sys.path.insert(0, str(dump_corpus.ROOT / "shared"))

from newsdrop.stories.fingerprint import Thresholds, bands, body_hash, shingles

MIN_WORDS = 80  # shorter ground truths are teasers, not articles an outlet republishes
BOILERPLATE = [
    "Sign up for our newsletter to get the day's top stories in your inbox.",
    "Follow us on social media for the latest updates.",
    "This article was republished from a wire service. Comments are closed.",
]
JACCARD_GRID = [0.3, 0.4, 0.5, 0.6, 0.7]
CONTAINMENT_GRID = [0.5, 0.6, 0.7, 0.8, 0.9]
SHINGLE_GRID = [10, 20, 40]
MIN_PRECISION = 0.98


@dataclass(frozen=True)
class Pair:
    split: str
    kind: str
    copy: bool  # the label: the two share at least half their text
    first: list[str]
    second: list[str]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def typos(body: list[str], rng: random.Random, rate: float = 0.02) -> list[str]:
    """Words changed here and there, as a copy editor fixes or introduces typos."""
    changed = []
    for paragraph in body:
        words = paragraph.split()
        for i in range(len(words)):
            if rng.random() < rate and len(words[i]) > 3:
                words[i] = words[i][:-2] + words[i][-1] + words[i][-2]
        changed.append(" ".join(words))
    return changed


def labelled_pairs(pages: list[dump_corpus.Page], seed: int = 13) -> list[Pair]:
    rng = random.Random(seed)
    bodies = {p.id: paragraphs(p.truth_body) for p in pages}
    bodies = {pid: body for pid, body in bodies.items() if sum(len(x.split()) for x in body) >= MIN_WORDS}
    ids = sorted(bodies)
    vocab = {pid: set(" ".join(bodies[pid]).lower().split()) for pid in ids}
    split = {p.id: p.split for p in pages}
    pairs: list[Pair] = []
    for pid in ids:
        body = bodies[pid]
        other = bodies[rng.choice([x for x in ids if x != pid])]
        half = max(1, len(body) // 2)
        copies = {
            "boilerplate": [rng.choice(BOILERPLATE), *body, rng.choice(BOILERPLATE)],
            "truncated-half": body[: max(half, 1)] if len(body) > 1 else body,
            "truncated-two-thirds": body[: max(1, 2 * len(body) // 3)],
            "inserted-paragraph": [*body[:half], other[0], *body[half:]],
            "dropped-paragraph": [p for n, p in enumerate(body) if n != half] or body,
            "typos": typos(body, rng),
            "abridged-typos-boilerplate": [*typos(body[: max(1, 2 * len(body) // 3)], rng), BOILERPLATE[0]],
        }
        for kind, edited in copies.items():
            pairs.append(Pair(split[pid], kind, True, body, edited))
        quoted = body[: max(1, len(body) // 4)]
        if follow_up := _follow_up(quoted, [bodies[x] for x in ids if x != pid], rng):
            pairs.append(Pair(split[pid], "follow-up-quoting", False, body, follow_up))
        nearest = max((x for x in ids if x != pid), key=lambda x: _jaccard(vocab[pid], vocab[x]))
        pairs.append(Pair(split[pid], "nearest-topic", False, body, bodies[nearest]))
        pairs.append(Pair(split[pid], "random-other", False, body, other))
    return pairs


def _follow_up(quoted: list[str], others: list[list[str]], rng: random.Random) -> list[str] | None:
    """Another article's text after the `quoted` paragraphs, long enough that the quote is at most a third
    of it: a follow-up that shares half its text with the first article would be a copy by the label."""
    quoted_words = sum(len(paragraph.split()) for paragraph in quoted)
    long_enough = [body for body in others if sum(len(p.split()) for p in body) >= 2 * quoted_words]
    return [*quoted, *rng.choice(long_enough)] if long_enough else None


def _jaccard(first: set[str], second: set[str]) -> float:
    return len(first & second) / len(first | second)


@dataclass(frozen=True)
class Fingerprinted:
    pair: Pair
    shared_band: bool
    first: frozenset[int]
    second: frozenset[int]


def fingerprint(pairs: list[Pair]) -> list[Fingerprinted]:
    found = []
    for pair in pairs:
        first, second = shingles(pair.first), shingles(pair.second)
        found.append(Fingerprinted(pair, bool(set(bands(first)) & set(bands(second))), first, second))
    return found


def scores(rows: list[Fingerprinted], thresholds: Thresholds) -> tuple[float, float, int, int]:
    """(precision, recall, copies, non-copies) of `rows` at `thresholds`."""
    predicted = [row.shared_band and thresholds.copies(row.first, row.second) for row in rows]
    true_positive = sum(p and row.pair.copy for p, row in zip(predicted, rows, strict=True))
    precision = true_positive / max(1, sum(predicted))
    positives = sum(row.pair.copy for row in rows)
    return precision, true_positive / max(1, positives), positives, len(rows) - positives


def choose(rows: list[Fingerprinted]) -> Thresholds:
    """The thresholds with the best recall at MIN_PRECISION on `rows` (ties: the stricter)."""
    best: tuple[float, float, Thresholds] | None = None
    for jaccard in JACCARD_GRID:
        for containment in CONTAINMENT_GRID:
            for shingle_count in SHINGLE_GRID:
                candidate = Thresholds(jaccard, containment, shingle_count)
                precision, recall, _, _ = scores(rows, candidate)
                key = (recall if precision >= MIN_PRECISION else -1.0, jaccard + containment + shingle_count / 100)
                if best is None or key > best[:2]:
                    best = (*key, candidate)
    assert best is not None
    return best[2]


def cost(pages: list[dump_corpus.Page], rounds: int = 2) -> tuple[float, float]:
    """Milliseconds per article: the fingerprint, and to_document without it plus the vector."""
    from newsdrop.models import ArticleContent, SourceRef
    from newsdrop.pipeline.parse_stage import build_article
    from newsdrop.search_index.mapping import to_document
    from newsdrop.search_index.vectors import add_vectors

    articles = [
        build_article(
            ArticleContent(title=(p.headlines or ("x",))[0], body=paragraphs(p.truth_body), format="html"),
            SourceRef(bucket="raw", key=f"{p.id}.html"),
            0,
            1.0,
        )
        for p in pages
    ]
    fingerprint_s = rest_s = 0.0
    for _ in range(rounds):
        start = time.process_time()
        for article in articles:
            bands(shingles(article.body))
            body_hash(article.body)
        fingerprint_s += time.process_time() - start
        start = time.process_time()
        add_vectors({article.id: to_document(article, "2026-01-01T00:00:00+00:00") for article in articles})
        rest_s += time.process_time() - start
    per = 1000 / (rounds * len(articles))
    return fingerprint_s * per, rest_s * per - fingerprint_s * per  # to_document computes the fingerprint too


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=dump_corpus.DEFAULT_DATA)
    args = parser.parse_args()
    pages = list(dump_corpus.load_pages(args.data))
    rows = fingerprint(labelled_pairs(pages))
    dev = [row for row in rows if row.pair.split == "dev"]
    held_out = [row for row in rows if row.pair.split == "test"]
    chosen = choose(dev)
    print(f"thresholds chosen on dev: {chosen}")
    print(f"{'split':<9} {'copies':>7} {'others':>7} {'precision':>10} {'recall':>7}")
    for name, part in (("dev", dev), ("held-out", held_out)):
        precision, recall, positives, negatives = scores(part, chosen)
        print(f"{name:<9} {positives:>7} {negatives:>7} {precision:>10.3f} {recall:>7.3f}")
    print("\nheld-out by kind (found / pairs):")
    for kind in sorted({row.pair.kind for row in held_out}):
        part = [row for row in held_out if row.pair.kind == kind]
        found = sum(row.shared_band and chosen.copies(row.first, row.second) for row in part)
        print(f"  {kind:<28} {'copy' if part[0].pair.copy else 'other':<6} {found:>3} / {len(part)}")
    precision, recall, _, _ = scores(held_out, Thresholds())
    print(f"shipped defaults {Thresholds()} on held-out: precision {precision:.3f}, recall {recall:.3f}")
    fingerprint_ms, rest_ms = cost([p for p in pages if len(p.truth_body.split()) >= MIN_WORDS][:40])
    print(
        f"\ningest CPU per article: fingerprint {fingerprint_ms:.2f} ms, to_document + vector without it "
        f"{rest_ms:.2f} ms (+{100 * fingerprint_ms / rest_ms:.1f} %)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
