"""The line classifier: which units of a page dump are the article's text.

Two stages, trained by `bench/train_dump_model.py` on dumps of the dev pages (and on the lines that
annotators marked in other sites' pages: bench/public_pages.py) and shipped as
`dump_model.json` beside this module. The first, a logistic regression, scores each unit from its
own shape and its neighbours' shapes; the second, gradient-boosted trees, also sees the first's
scores around it and where the unit lies against the page's main block (the stretch with the most
article-like words), since an article is one run with some short lines inside and the page's
furniture around it. What makes a line the article's is not additive (a short line counts as text
inside the main block, as furniture outside it): with trees there (and chosen_units' neighbour
threshold), chosen_units scores body F1 0.921/0.920/0.916 on inscriptis/html2text/w3m dumps of dev
pages left out of training, against 0.911/0.912/0.906 with a logistic second stage; the parser's whole
selection (text_dump.article_indices, what `bench/train_dump_model.py --cv` measures) 0.945/0.934/0.931
(id-order folds; 0.937/0.937/0.934 with --fold-seed 1), against 0.934/0.929/0.931 (0.914/0.911/0.913)
learning from the dev pages alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from newsdrop.parsing.line_features import (
    LOCAL_FEATURES,
    Page,
    is_furniture,
    is_prose,
    local_features,
    with_context,
    with_crosses,
)

MODEL_FILE = Path(__file__).with_name("dump_model.json")
NEIGHBOUR_OFFSETS = (-2, -1, 0, 1, 2)
NEIGHBOUR_MEAN_WINDOW = 5
# A neighbour of the article may sit behind this many furniture lines ("Share this", "Advertisement").
MAX_SKIPPED_FURNITURE = 2
STACKED_FEATURES = (
    *(f"stage1_at_{offset}" for offset in NEIGHBOUR_OFFSETS),
    "stage1_mean_around",
    "in_main_block",
    "before_main_block",
    "after_main_block",
)


@dataclass(frozen=True)
class LogisticModel:
    """Standardised inputs, weights and a bias: P(article) = sigmoid(w . (x - mean) / scale + b)."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """P(article) of each row."""
        return 1.0 / (1.0 + np.exp(-np.clip(self.scores(rows), -30.0, 30.0)))

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """The linear scores (log-odds) of the rows; a ranking compares these, as probabilities
        saturate at 1."""
        if rows.shape[1] != len(self.weights):
            raise ValueError(f"{rows.shape[1]} features for a model of {len(self.weights)}: retrain the model")
        return rows @ self._raw_weights + self._intercept

    @cached_property
    def _raw_weights(self) -> np.ndarray:
        """The weights folded with the standardisation, so scoring is one product."""
        return np.array(self.weights) / np.array(self.scale)

    @cached_property
    def _intercept(self) -> float:
        return self.bias - float(self._raw_weights @ np.array(self.mean))

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> LogisticModel:
        return cls(
            names=tuple(data["names"]),  # type: ignore[arg-type]
            mean=tuple(data["mean"]),  # type: ignore[arg-type]
            scale=tuple(data["scale"]),  # type: ignore[arg-type]
            weights=tuple(data["weights"]),  # type: ignore[arg-type]
            bias=float(data["bias"]),  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class TreeEnsemble:
    """Gradient-boosted decision trees as padded arrays, one row a tree: node i of tree t sends a
    row left when its feature[t, i] is at most threshold[t, i], else right; a node whose left is -1
    is a leaf worth value[t, i]. A row's score is the sum of the leaves it reaches: P(article) =
    sigmoid(score) for the line classifier, an order among the page's candidates for the title ranker."""

    names: tuple[str, ...]
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int  # the deepest leaf's depth: that many steps take every row to its leaf

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """P(article) of each row."""
        return 1.0 / (1.0 + np.exp(-np.clip(self.scores(rows), -30.0, 30.0)))

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Each row's sum of leaves, all trees walked at once, one level a step."""
        if rows.shape[1] != len(self.names):
            raise ValueError(f"{rows.shape[1]} features for a model of {len(self.names)}: retrain the model")
        feature, threshold, left, right = self._flat
        cells = np.ascontiguousarray(rows, dtype=float).ravel()
        row_starts = np.arange(len(rows))[None, :] * rows.shape[1]
        node = np.repeat(self._roots, len(rows), axis=1)  # (trees, rows): where each row is in each tree
        for _ in range(self.depth):
            goes_left = cells.take(row_starts + feature.take(node)) <= threshold.take(node)
            node = np.where(goes_left, left.take(node), right.take(node))
        return self.value.ravel().take(node).sum(axis=0)

    @cached_property
    def _roots(self) -> np.ndarray:
        """Each tree's first node in the flattened arrays, a column."""
        return (np.arange(len(self.feature)) * self.feature.shape[1])[:, None]

    @cached_property
    def _flat(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """feature, threshold, left and right flattened, children as flat positions and a leaf its own
        children (so a row that reached its leaf stays there): 1-D takes are numpy's fastest lookups."""
        positions = np.arange(self.feature.size).reshape(self.feature.shape)
        leaf = self.left < 0
        left = np.where(leaf, positions, self._roots + self.left).ravel()
        right = np.where(leaf, positions, self._roots + self.right).ravel()
        return self.feature.ravel(), self.threshold.ravel(), left, right

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> TreeEnsemble:
        """From the stored form: per tree, its nodes as [feature, threshold, left, right, value]."""
        trees: list[list[list[float]]] = data["trees"]  # type: ignore[assignment]
        width = max(len(tree) for tree in trees)
        padded = np.array([tree + [[0, 0.0, -1, -1, 0.0]] * (width - len(tree)) for tree in trees], dtype=float)
        return cls(
            names=tuple(data["names"]),  # type: ignore[arg-type]
            feature=padded[:, :, 0].astype(np.intp),
            threshold=padded[:, :, 1],
            left=padded[:, :, 2].astype(np.intp),
            right=padded[:, :, 3].astype(np.intp),
            value=padded[:, :, 4],
            depth=int(data["depth"]),  # type: ignore[call-overload]
        )


@dataclass(frozen=True)
class TitleRanker:
    """How headline-like each title candidate is: a linear ranker's score plus ranking trees'. Each
    alone was right on fewer dev pages left out of training (titles over the three renderers' dumps:
    linear 78.4 %, trees 82.7 %, summed 83.5 % in id-order folds; 78.4, 76.2 and 82.3 % with
    --fold-seed 1), and the trees alone took a menu line for a magazine's headline."""

    linear: LogisticModel
    trees: TreeEnsemble

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """The candidates' scores: only their order on one page means anything."""
        return self.linear.scores(rows) + self.trees.scores(rows)


@dataclass(frozen=True)
class DumpModel:
    """Both stages, the probability above which a unit is the article's, and the title ranker."""

    first: LogisticModel
    second: TreeEnsemble
    threshold: float
    title: TitleRanker
    neighbour_threshold: float  # what a prose unit next to the article needs to join it (see chosen_units)


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_FILE) -> DumpModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return DumpModel(
        first=LogisticModel.from_dict(data["first"]),
        second=TreeEnsemble.from_dict(data["second"]),
        threshold=float(data["threshold"]),
        title=TitleRanker(
            LogisticModel.from_dict(data["title"]["linear"]),  # type: ignore[index]
            TreeEnsemble.from_dict(data["title"]["trees"]),  # type: ignore[index]
        ),
        neighbour_threshold=float(data["neighbour_threshold"]),
    )


def chosen_units(page: Page, scores: Sequence[float], threshold: float, neighbour_threshold: float) -> list[int]:
    """The units scoring at least `threshold`, and, spreading out from them, the prose units scoring
    at least `neighbour_threshold` next to a chosen one (furniture lines between them skipped).

    Hysteresis, as edge detectors link weak edges to strong ones: a lead between a menu and a share
    bar, or a short paragraph between a quote and a caption, scores lower than the run it belongs to,
    and a line that only scores that much far from the run is not the article's.
    """
    chosen = {index for index, score in enumerate(scores) if score >= threshold}
    frontier = sorted(chosen)
    while frontier:
        index = frontier.pop()
        for step in (-1, 1):
            neighbour = next_not_furniture(page, index, step)
            if (
                neighbour is not None
                and neighbour not in chosen
                and scores[neighbour] >= neighbour_threshold
                and is_prose(page.units[neighbour], page.stop_words, page.repeated)
            ):
                chosen.add(neighbour)
                frontier.append(neighbour)
    return sorted(chosen)


def next_not_furniture(page: Page, index: int, step: int) -> int | None:
    """The nearest unit from `index` in direction `step` that is not furniture, within reach."""
    for distance in range(1, MAX_SKIPPED_FURNITURE + 2):
        neighbour = index + step * distance
        if not 0 <= neighbour < len(page.units):
            return None
        if not is_furniture(page.units[neighbour], page.repeated):
            return neighbour
    return None


def first_stage_rows(page: Page) -> np.ndarray:
    """Each unit's own features followed by its neighbours' (the first stage's input), a row a unit."""
    local = np.array([local_features(page, index) for index in range(len(page.units))], dtype=float)
    return with_context(with_crosses(local.reshape(len(page.units), len(LOCAL_FEATURES))))


def second_stage_rows(first_rows: np.ndarray, first_scores: np.ndarray) -> np.ndarray:
    """The first stage's input, plus its scores around each unit and the main block's position."""
    count = len(first_scores)
    start, end = main_block(first_rows, first_scores)
    reach = max(abs(offset) for offset in NEIGHBOUR_OFFSETS)
    padded = np.concatenate([np.zeros(reach), first_scores, np.zeros(reach)])
    neighbours = [padded[reach + offset : reach + offset + count] for offset in NEIGHBOUR_OFFSETS]
    sums = np.concatenate([[0.0], np.cumsum(first_scores)])
    index = np.arange(count)
    low, high = np.maximum(index - NEIGHBOUR_MEAN_WINDOW, 0), np.minimum(index + NEIGHBOUR_MEAN_WINDOW + 1, count)
    stacked = np.column_stack(
        [
            *neighbours,
            (sums[high] - sums[low]) / (high - low),
            (start <= index) & (index <= end),
            np.log1p(np.maximum(start - index, 0)),
            np.log1p(np.maximum(index - end, 0)),
        ]
    )
    return np.hstack([first_rows, stacked])


def main_block(first_rows: np.ndarray, scores: np.ndarray) -> tuple[int, int]:
    """The stretch of units whose summed evidence, weighted by length, is largest (Kadane's scan)."""
    best, best_span = -math.inf, (0, -1)
    total, start = 0.0, 0
    # Column 0 is log(1 + words): long units weigh more.
    for index, gain in enumerate(((scores - 0.5) * first_rows[:, 0]).tolist()):
        if total <= 0:
            total, start = gain, index
        else:
            total += gain
        if total > best:
            best, best_span = total, (start, index)
    return best_span


class UnitScores(NamedTuple):
    """Each unit's features with its neighbours' (the first stage's input, which the title ranker
    reuses) and the second stage's probability that the unit is the article's."""

    rows: np.ndarray
    scores: list[float]


def unit_scores(page: Page, model: DumpModel) -> UnitScores:
    """Score every unit of the page with both stages."""
    return scores_of_rows(first_stage_rows(page), model.first, model.second)


def scores_of_rows(first_rows: np.ndarray, first: LogisticModel, second: TreeEnsemble) -> UnitScores:
    """Both stages' scoring of rows made by first_stage_rows (training reuses them across models)."""
    probabilities = second.probabilities(second_stage_rows(first_rows, first.probabilities(first_rows)))
    return UnitScores(first_rows, probabilities.tolist())
