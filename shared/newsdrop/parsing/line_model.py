"""The line classifier: which units of a page dump are the article's text.

Two logistic regressions, trained by `bench/train_dump_model.py` on dumps of the dev pages and
shipped as `dump_model.json` beside this module. The first scores each unit from its own shape and
its neighbours' shapes; the second also sees the first's scores around it and where the unit lies
against the page's main block (the stretch with the most article-like words), since an article is
one run with some short lines inside and the page's furniture around it.
"""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from newsdrop.parsing.line_features import Page, local_features, with_context, with_crosses

MODEL_FILE = Path(__file__).with_name("dump_model.json")
NEIGHBOUR_OFFSETS = (-2, -1, 0, 1, 2)
NEIGHBOUR_MEAN_WINDOW = 5
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

    def probability(self, row: Sequence[float]) -> float:
        z = self.score(row)
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def score(self, row: Sequence[float]) -> float:
        """The linear score (log-odds); a ranking compares these, as probabilities saturate at 1."""
        if len(row) != len(self.weights):
            raise ValueError(f"{len(row)} features for a model of {len(self.weights)}: retrain the model")
        return self._intercept + sum(map(operator.mul, row, self._raw_weights))

    @cached_property
    def _raw_weights(self) -> tuple[float, ...]:
        """The weights folded with the standardisation, so scoring is one dot product."""
        return tuple(weight / scale for weight, scale in zip(self.weights, self.scale, strict=True))

    @cached_property
    def _intercept(self) -> float:
        return self.bias - sum(w * mean for w, mean in zip(self._raw_weights, self.mean, strict=True))

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
class DumpModel:
    """Both stages, the probability above which a unit is the article's, and the title ranker."""

    first: LogisticModel
    second: LogisticModel
    threshold: float
    title: LogisticModel


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_FILE) -> DumpModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return DumpModel(
        first=LogisticModel.from_dict(data["first"]),
        second=LogisticModel.from_dict(data["second"]),
        threshold=float(data["threshold"]),
        title=LogisticModel.from_dict(data["title"]),
    )


def first_stage_rows(page: Page) -> list[list[float]]:
    """Each unit's own features followed by its neighbours' (the first stage's input)."""
    return with_context([with_crosses(local_features(page, index)) for index in range(len(page.units))])


def second_stage_rows(first_rows: list[list[float]], first_scores: Sequence[float]) -> list[list[float]]:
    """The first stage's input, plus its scores around each unit and the main block's position."""
    start, end = main_block(first_rows, first_scores)
    rows = []
    for index, row in enumerate(first_rows):
        around = first_scores[max(0, index - NEIGHBOUR_MEAN_WINDOW) : index + NEIGHBOUR_MEAN_WINDOW + 1]
        stacked = [
            *(_score_at(first_scores, index + offset) for offset in NEIGHBOUR_OFFSETS),
            sum(around) / len(around),
            float(start <= index <= end),
            math.log1p(max(start - index, 0)),
            math.log1p(max(index - end, 0)),
        ]
        rows.append(row + stacked)
    return rows


def main_block(first_rows: list[list[float]], scores: Sequence[float]) -> tuple[int, int]:
    """The stretch of units whose summed evidence, weighted by length, is largest (Kadane's scan)."""
    best, best_span = -math.inf, (0, -1)
    total, start = 0.0, 0
    for index, (row, score) in enumerate(zip(first_rows, scores, strict=True)):
        gain = (score - 0.5) * row[0]  # row[0] is log(1 + words): long units weigh more
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

    rows: list[list[float]]
    scores: list[float]


def unit_scores(page: Page, model: DumpModel) -> UnitScores:
    """Score every unit of the page with both stages."""
    return scores_of_rows(first_stage_rows(page), model)


def scores_of_rows(first_rows: list[list[float]], model: DumpModel) -> UnitScores:
    """Both stages' scoring of rows made by first_stage_rows (training reuses them across models)."""
    first_scores = [model.first.probability(row) for row in first_rows]
    second = [model.second.probability(row) for row in second_stage_rows(first_rows, first_scores)]
    return UnitScores(first_rows, second)


def _score_at(scores: Sequence[float], index: int) -> float:
    return scores[index] if 0 <= index < len(scores) else 0.0
