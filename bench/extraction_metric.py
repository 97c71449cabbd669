"""The article-extraction-benchmark's metric, shared by bench/extraction.py and bench/dumps.py.

Reimplemented from ../shared/benchmarks/README.md: 4-token shingles of `\\w+` tokens (case kept),
per-page TP/FP/FN normalised to sum to 1, corpus precision and recall as means over pages, F1
their harmonic mean. A page with no output counts as an empty text. The benches also print a
bootstrap interval over pages: on a split of a few dozen pages, one page moves F1 by about 0.01.
"""

from __future__ import annotations

import random
import re
from collections import Counter

_TOKEN = re.compile(r"\w+")
# Bootstrap samples behind each printed interval.
RESAMPLES = 2000


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


def page_f1(truth: str, predicted: str) -> float:
    """One page's F1 (2TP / (2TP + FP + FN)), to find the pages an extractor gets worst."""
    tp, fp, fn = page_counts(truth, predicted)
    return 1.0 if fp == fn == 0 else 2 * tp / (2 * tp + fp + fn)


def corpus_scores(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """(F1, precision, recall) over (truth, predicted) pairs: means of per-page values, F1 of the means."""
    return scores_of(page_scores(pairs))


def page_scores(pairs: list[tuple[str, str]]) -> list[tuple[float | None, float | None]]:
    """Each page's (precision, recall) as corpus_scores averages them; None where a page has none
    (no output: no precision; nothing to find: no recall)."""
    values: list[tuple[float | None, float | None]] = []
    for truth, predicted in pairs:
        tp, fp, fn = page_counts(truth, predicted)
        if fp == 0 and fn == 0:
            values.append((1.0, 1.0))
            continue
        values.append((tp / (tp + fp) if tp + fp > 0 else None, tp / (tp + fn) if tp + fn > 0 else None))
    return values


def f1_interval(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """The 5th and 95th percentiles of corpus F1 over the pages resampled with replacement: how far
    the figure of a few dozen pages could move on other pages like them."""
    values = page_scores(pairs)
    return interval([scores_of(sample)[0] for sample in resamples_of(values, RESAMPLES)])


def resamples_of[T](items: list[T], count: int, seed: int = 0) -> list[list[T]]:
    """`count` bootstrap samples of `items` (same size, drawn with replacement), the same for a seed."""
    chance = random.Random(seed)
    return [chance.choices(items, k=len(items)) for _ in range(count)]


def interval(values: list[float]) -> tuple[float, float]:
    """The 5th and 95th percentiles of `values`."""
    ordered = sorted(values)
    return ordered[int(0.05 * (len(ordered) - 1))], ordered[int(0.95 * (len(ordered) - 1))]


def scores_of(values: list[tuple[float | None, float | None]]) -> tuple[float, float, float]:
    """(F1, precision, recall) of pages' page_scores."""
    precisions = [precision for precision, _ in values if precision is not None]
    recalls = [recall for _, recall in values if recall is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall
