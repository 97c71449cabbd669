"""Train the page-dump line classifier and title ranker on the dev pages only; write dump_model.json.

    .venv/bin/python bench/train_dump_model.py [--renderer inscriptis --renderer html2text ...]

Data: every dev page of ../shared/benchmarks/article-extraction rendered to a text dump by each
renderer (bench/dump_corpus.py). The held-out pages are never read here. Both models also learn
from the public pages of bench/public_pages.py (other extractors' test pages, about a thousand,
fetched from the Go module proxy), unless `--dev-only`: the title ranker from their headlines, which
say which line is the title; the line classifier from the few lines of each page in the "train" half
of trafilatura's comparison set that its annotators' snippets mark as main text or boilerplate
(public_pages.snippet_split; the "test" half stays for bench/snippets.py). Those lines are of some
five hundred sites against the dev pages' 77, and they are the lines annotators found worth
marking: a paragraph of the article, a "Next post" or "Powered by" line beside it.

Labels: a unit is the article's when most of its 4-token shingles occur in the page's marked
article body (a unit of 1-3 tokens: when its tokens occur there and a neighbour is the article's).
A public page's unit holding a main-text snippet is the article's, one holding a boilerplate snippet
is not, and the rest are left out of fitting (snippet_labels).
A title candidate is right when it matches one of the page's own headlines (token F1 >= 0.8).

Models: the first stage is an L2-regularised logistic regression fitted by Newton's method (numpy);
the second, gradient-boosted trees fitted by LightGBM (a dev dependency only: the trees are written
out as arrays that line_model walks with numpy). The second stage learns from the first stage's
out-of-fold scores, so it sees the first stage's errors as they will be on unseen pages. The
thresholds (line_model.chosen_units) are the dev pages' best by the benchmark's metric. The title
ranker sums a conditional logit's scores and LambdaRank trees' (LightGBM, written out the same way).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import lightgbm
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "shared"))
sys.path.insert(0, str(ROOT / "bench"))

import dump_corpus  # noqa: E402
from dump_corpus import RENDERERS, dumps, pages_in, renderer_missing, title_correct  # noqa: E402
from extraction_metric import corpus_scores, page_f1, page_scores, scores_of  # noqa: E402
from public_pages import (  # noqa: E402
    Annotation,
    snippet_split,
    title_pages,
    trafilatura_annotations,
    trafilatura_page_id,
)

from newsdrop.parsing import line_model, text_dump, title_ranker  # noqa: E402
from newsdrop.parsing.line_features import LOCAL_FEATURES, Page, context_names, crossed_names  # noqa: E402
from newsdrop.parsing.text_dump import dump_page  # noqa: E402

_TOKEN = re.compile(r"\w+")
FOLDS = 5
L2 = 1.0
# The second stage's trees: small ones, many, slowly learnt, none fitted to a handful of units.
TREE_PARAMETERS = {
    "objective": "binary",
    "num_leaves": 15,
    "learning_rate": 0.1,
    "min_data_in_leaf": 40,
    "lambda_l2": 1.0,
    "seed": 0,
    "deterministic": True,
    "num_threads": 2,
    "verbose": -1,
}
TREE_ROUNDS = 200
# The title ranker's trees: smaller still, as a page gives a few dozen candidates and one or two right ones.
RANKER_PARAMETERS = {
    "objective": "lambdarank",
    "lambdarank_truncation_level": 3,
    "num_leaves": 7,
    "learning_rate": 0.05,
    "min_data_in_leaf": 20,
    "lambda_l2": 1.0,
    "seed": 0,
    "deterministic": True,
    "num_threads": 2,
    "verbose": -1,
}
RANKER_ROUNDS = 200
# The clean-file examples' renderer name.
CLEAN = "clean"
# A unit's label when nothing says whether it is the article's: left out of the line stages' fitting.
UNKNOWN = -1
THRESHOLDS = tuple(round(0.2 + 0.05 * step, 2) for step in range(13))


@dataclass
class Example:
    """One page as one renderer dumped it, with the unit labels and the page's references. A public
    page has no truth; its labels are UNKNOWN but for the units its annotators' snippets mark."""

    page_id: str
    renderer: str
    page: Page
    rows: np.ndarray  # the first stage's input, computed once
    labels: list[int]
    truth: str
    headlines: tuple[str, ...]


def snippet_labels(units: Sequence[object], annotation: Annotation) -> list[int]:
    """1 for a unit holding a snippet the annotators marked as main text, 0 for one holding a snippet
    of boilerplate, UNKNOWN for the rest (most units) and for a unit holding both. A main-text snippet
    found in more than one unit (a teaser repeats the lead) marks none of them."""
    texts = [" ".join(unit.text.lower().split()) for unit in units]  # type: ignore[attr-defined]
    main, boilerplate = set(), set()
    for snippets, marked, unique in ((annotation.with_, main, True), (annotation.without, boilerplate, False)):
        for snippet in snippets:
            needle = " ".join(snippet.lower().split())
            hits = [index for index, text in enumerate(texts) if needle and needle in text]
            if len(hits) == 1 or not unique:
                marked.update(hits)
    return [UNKNOWN if (i in main) == (i in boilerplate) else int(i in main) for i in range(len(units))]


def unit_labels(units: Sequence[object], truth: str) -> list[int]:
    """1 for the units whose text is (mostly) in the marked article body, else 0."""
    truth_tokens = _TOKEN.findall(truth)
    grams = {n: {tuple(truth_tokens[i : i + n]) for i in range(len(truth_tokens) - n + 1)} for n in (1, 2, 3, 4)}
    labels, short = [], []
    for index, unit in enumerate(units):
        tokens = _TOKEN.findall(unit.text)  # type: ignore[attr-defined]
        if len(tokens) >= 4:
            shingles = [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]
            labels.append(int(sum(s in grams[4] for s in shingles) >= 0.5 * len(shingles)))
        else:
            labels.append(0)
            if tokens and tuple(tokens) in grams[len(tokens)]:
                short.append(index)
    for index in short:
        neighbours = labels[max(0, index - 1) : index] + labels[index + 1 : index + 2]
        labels[index] = int(any(neighbours))
    return labels


def fit_logistic(x: np.ndarray, y: np.ndarray, names: Sequence[str]) -> line_model.LogisticModel:
    """L2-regularised logistic regression on standardised inputs, by Newton's method; rows labelled
    UNKNOWN are left out."""
    x, y = _known(x, y)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    penalty = np.eye(z.shape[1]) * L2
    penalty[-1, -1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        gradient = z.T @ (p - y) + penalty @ w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return line_model.LogisticModel(
        names=tuple(names),
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        weights=tuple(float(v) for v in w[:-1]),
        bias=float(w[-1]),
    )


def fit_trees(x: np.ndarray, y: np.ndarray, names: Sequence[str]) -> line_model.TreeEnsemble:
    """Gradient-boosted trees by LightGBM, turned into line_model's arrays; rows labelled UNKNOWN are left out."""
    x, y = _known(x, y)
    booster = lightgbm.train(TREE_PARAMETERS, lightgbm.Dataset(x, y), num_boost_round=TREE_ROUNDS)
    return _exported(booster, x, names)


def _exported(booster: lightgbm.Booster, x: np.ndarray, names: Sequence[str]) -> line_model.TreeEnsemble:
    """The booster's trees as line_model's arrays; checked to score the training rows as LightGBM does."""
    if not np.isfinite(x).all():
        raise ValueError("features must be finite: the exported trees have no rule for missing values")
    trees, depth = [], 0
    for tree in booster.dump_model()["tree_info"]:
        nodes: list[list[float]] = []
        depth = max(depth, _flatten(tree["tree_structure"], nodes, 0))
        trees.append(nodes)
    model = line_model.TreeEnsemble.from_dict({"names": list(names), "depth": depth, "trees": trees})
    if not np.allclose(model.scores(x), booster.predict(x, raw_score=True), atol=1e-6):
        raise AssertionError("the exported trees do not score as LightGBM's")
    return model


def _flatten(node: dict[str, object], nodes: list[list[float]], depth: int) -> int:
    """Append `node` and its subtree to `nodes` as [feature, threshold, left, right, value] rows
    (-1 children for a leaf); the depth of its deepest leaf."""
    at = len(nodes)
    if "leaf_value" in node:
        nodes.append([0, 0.0, -1, -1, float(node["leaf_value"])])  # type: ignore[arg-type]
        return depth
    if node["decision_type"] != "<=":
        raise ValueError(f"unsupported split {node['decision_type']}")
    nodes.append([int(node["split_feature"]), float(node["threshold"]), -1, -1, 0.0])  # type: ignore[call-overload,arg-type]
    nodes[at][2] = len(nodes)
    left = _flatten(node["left_child"], nodes, depth + 1)  # type: ignore[arg-type]
    nodes[at][3] = len(nodes)
    right = _flatten(node["right_child"], nodes, depth + 1)  # type: ignore[arg-type]
    return max(left, right)


def load_examples(renderers: Sequence[str]) -> list[Example]:
    """Every dev page as each renderer dumps it, and as a clean file of its headline and article
    alone (CLEAN): people also drop such files, where every paragraph is the article's, and a
    model that has only seen whole pages cuts their last paragraphs as a page's furniture."""
    pages = pages_in("dev")
    examples = []
    for renderer in (*renderers, CLEAN):
        for page in pages:
            text = clean_file(page) if renderer == CLEAN else dumps(renderer, [page])[page.id]
            dump_page_ = dump_page(text)
            if dump_page_ is None:
                continue
            labels = unit_labels(dump_page_.units, page.truth_body)
            rows = line_model.first_stage_rows(dump_page_)
            examples.append(Example(page.id, renderer, dump_page_, rows, labels, page.truth_body, page.headlines))
    return examples


def load_title_examples(renderers: Sequence[str]) -> list[Example]:
    """Every public page (bench/public_pages.py) as each renderer dumps it; the units of the "train"
    half of trafilatura's comparison set labelled by its snippets (snippet_labels), the rest not at all."""
    pages = title_pages()
    annotations = {
        trafilatura_page_id(annotation.file): annotation
        for annotation in trafilatura_annotations()
        if snippet_split(annotation.file) == "train"
    }
    examples = []
    for renderer in renderers:
        texts = dumps(renderer, pages)
        for page in pages:
            dump_page_ = dump_page(texts[page.id])
            if dump_page_ is not None:
                annotation = annotations.get(page.id)
                labels = snippet_labels(dump_page_.units, annotation) if annotation else []
                rows = line_model.first_stage_rows(dump_page_)
                examples.append(Example(page.id, renderer, dump_page_, rows, labels, "", page.headlines))
    return examples


def clean_file(page: dump_corpus.Page) -> str:
    """The page's headline and marked article body, nothing else: the file of a clean article."""
    return "\n\n".join([page.headlines[0] if page.headlines else "", page.truth_body])


def train_stages(
    examples: list[Example],
) -> tuple[line_model.LogisticModel, line_model.TreeEnsemble, list[line_model.UnitScores]]:
    """Stage one on all dev examples; stage two on stage one's out-of-fold scores; and each
    example's scores by trees not fitted to its page, which the threshold and the title ranker
    learn from (trees score the pages they were fitted to far more confidently than unseen ones)."""
    first_names = (*LOCAL_FEATURES, *crossed_names(), *context_names())
    second_names = (*first_names, *line_model.STACKED_FEATURES)
    rows = [example.rows for example in examples]
    labels = [example.labels for example in examples]

    def fitting_data(which: Sequence[int], x: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        return _stack([x[i] for i in which]), _stack_labels([labels[i] for i in which])

    everything = range(len(examples))
    first = fit_logistic(*fitting_data(everything, rows), first_names)
    folds = _folds(examples)
    second_rows: list[np.ndarray] = [np.empty(0)] * len(examples)
    for inside, outside in folds:
        fold_model = fit_logistic(*fitting_data(inside, rows), ())
        for i in outside:
            second_rows[i] = line_model.second_stage_rows(rows[i], fold_model.probabilities(rows[i]))
    second = fit_trees(*fitting_data(everything, second_rows), second_names)
    unseen: list[line_model.UnitScores] = [line_model.UnitScores(np.empty(0), [])] * len(examples)
    for inside, outside in folds:
        fold_trees = fit_trees(*fitting_data(inside, second_rows), second_names)
        for i in outside:
            unseen[i] = line_model.UnitScores(rows[i], fold_trees.probabilities(second_rows[i]).tolist())
    return first, second, unseen


def _folds(examples: list[Example], seed: int = 0) -> list[tuple[list[int], list[int]]]:
    """FOLDS splits of the examples by page (every dump of a page on one side): (inside, outside).
    Seed 0 deals the pages out in id order; another seed shuffles them first."""
    page_ids = sorted({example.page_id for example in examples})
    if seed:
        random.Random(seed).shuffle(page_ids)
    fold_of = {page_id: index % FOLDS for index, page_id in enumerate(page_ids)}
    return [
        (
            [i for i, example in enumerate(examples) if fold_of[example.page_id] != fold],
            [i for i, example in enumerate(examples) if fold_of[example.page_id] == fold],
        )
        for fold in range(FOLDS)
    ]


def best_thresholds(examples: list[Example], scored: list[line_model.UnitScores]) -> tuple[float, float]:
    """The threshold and neighbour threshold (line_model.chosen_units) with the best benchmark F1 on
    the dev examples so scored. Neighbouring thresholds mostly choose the same units of a page, so
    each page's precision and recall are computed once per distinct choice."""
    page_values: dict[tuple[int, tuple[int, ...]], tuple[float | None, float | None]] = {}
    best = (0.0, 0.5, 0.5)
    for threshold in THRESHOLDS:
        for neighbour_threshold in (t for t in THRESHOLDS if t <= threshold):
            values = []
            for at, (example, scores) in enumerate(zip(examples, scored, strict=True)):
                chosen = tuple(line_model.chosen_units(example.page, scores.scores, threshold, neighbour_threshold))
                if (at, chosen) not in page_values:
                    body = "\n".join(example.page.units[i].text for i in chosen)
                    page_values[at, chosen] = page_scores([(example.truth, body)])[0]
                values.append(page_values[at, chosen])
            best = max(best, (scores_of(values)[0], threshold, neighbour_threshold))
    return best[1], best[2]


def train(examples: list[Example], title_examples: Sequence[Example] = ()) -> line_model.DumpModel:
    """Both line stages from `examples` and the labelled units of `title_examples`; their thresholds
    from `examples`; the title ranker from both, each scored by trees not fitted to its page."""
    labelled = [at for at, example in enumerate(title_examples) if example.labels]
    first, second, unseen = train_stages([*examples, *(title_examples[at] for at in labelled)])
    threshold, neighbour_threshold = best_thresholds(examples, unseen[: len(examples)])
    out_of_fold = dict(zip(labelled, unseen[len(examples) :], strict=True))
    scored = [
        *unseen[: len(examples)],
        *(
            out_of_fold[at] if at in out_of_fold else line_model.scores_of_rows(example.rows, first, second)
            for at, example in enumerate(title_examples)
        ),
    ]
    title = train_title([*examples, *title_examples], scored, threshold, neighbour_threshold)
    return line_model.DumpModel(first, second, threshold, title, neighbour_threshold)


def cross_validate(
    examples: list[Example], title_examples: Sequence[Example], seed: int = 0, show_failures: int = 0
) -> dict[str, tuple[float, float]]:
    """Body F1 and title accuracy of models trained without each fifth of the dev pages, on that fifth:
    how the features and settings do on pages they were not fitted to, without touching held-out pages.
    The units are chosen as the parser chooses them (text_dump.article_indices). Runs with other
    `seed`s deal the pages into other folds: how far their figures spread is the noise that a change's
    difference must exceed. `show_failures` lists, per renderer, that many pages of lowest body F1
    and the wrong titles: failures on pages the model was not fitted to, to find their kinds.
    Returns each renderer's body F1 and share of titles right."""
    pairs: dict[str, list[tuple[str, str]]] = {}
    titles: dict[str, list[bool]] = {}
    failures: dict[str, list[tuple[float, str, str, bool, tuple[str, ...]]]] = {}
    for inside, outside in _folds(examples, seed):
        model = train([examples[i] for i in inside], title_examples)
        for example in (examples[i] for i in outside):
            scored = line_model.scores_of_rows(example.rows, model.first, model.second)
            chosen = text_dump.article_indices(example.page, scored.scores, model.threshold, model.neighbour_threshold)
            body = [example.page.units[i].text for i in chosen]
            pairs.setdefault(example.renderer, []).append((example.truth, "\n".join(body)))
            title = title_ranker.pick_title(example.page, chosen, scored, model.title) if chosen else None
            text = title_ranker.headline_text(example.page.units[title]) if title is not None else ""
            titles.setdefault(example.renderer, []).append(title_correct(text, example.headlines))
            outcome = (page_f1(example.truth, "\n".join(body)), example.page_id, text, titles[example.renderer][-1])
            failures.setdefault(example.renderer, []).append((*outcome, example.headlines))
    figures: dict[str, tuple[float, float]] = {}
    for renderer, renderer_pairs in pairs.items():
        f1, precision, recall = corpus_scores(renderer_pairs)
        right = sum(titles[renderer]) / len(titles[renderer])
        figures[renderer] = (f1, right)
        print(f"  {renderer:<10} folds of seed {seed}: F1 {f1:.3f} P {precision:.3f} R {recall:.3f} titles {right:.1%}")
    for renderer, outcomes in failures.items() if show_failures else ():
        print(f"\n== {renderer}: lowest body F1, out of fold")
        for f1, page_id, _, _, _ in sorted(outcomes)[:show_failures]:
            print(f"  {f1:.3f}  {page_id}")
        print(f"== {renderer}: wrong titles, out of fold")
        for _, page_id, got, right, headlines in outcomes:
            if not right:
                print(f"  {page_id}  got {got[:90]!r}\n{'':16}want {' | '.join(headlines)[:90]!r}")
    return figures


def print_mean(runs: list[dict[str, tuple[float, float]]]) -> None:
    """Each renderer's body F1 and titles averaged over the runs of several fold seeds, with their range."""
    for renderer in runs[0]:
        f1s = [run[renderer][0] for run in runs]
        rights = [run[renderer][1] for run in runs]
        print(
            f"  {renderer:<10} mean of {len(runs)} seeds: F1 {np.mean(f1s):.3f} ({min(f1s):.3f}-{max(f1s):.3f})"
            f" titles {np.mean(rights):.1%} ({min(rights):.1%}-{max(rights):.1%})"
        )


def fit_linear_ranker(groups: list[tuple[np.ndarray, np.ndarray]], names: Sequence[str]) -> line_model.LogisticModel:
    """A conditional logit: softmax over each page's candidates, fitted by gradient descent. Stored like
    a logistic model (the bias is unused by a ranking)."""
    every = np.vstack([x for x, _ in groups])
    mean, scale = every.mean(axis=0), every.std(axis=0)
    scale[scale == 0] = 1.0
    # The groups padded to one array: padding rows are masked out of every softmax.
    width = max(len(rows) for rows, _ in groups)
    x = np.zeros((len(groups), width, every.shape[1]))
    target = np.zeros((len(groups), width))
    present = np.zeros((len(groups), width), dtype=bool)
    for at, (rows, labels) in enumerate(groups):
        x[at, : len(rows)] = (rows - mean) / scale
        target[at, : len(rows)] = labels / labels.sum()
        present[at, : len(rows)] = True
    w = np.zeros(every.shape[1])
    for _ in range(4000):
        z = np.where(present, x @ w, -np.inf)
        p = np.exp(z - z.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        gradient = L2 * w + np.einsum("gcf,gc->f", x, p - target)
        w -= 0.1 * gradient / len(groups)
    return line_model.LogisticModel(
        names=tuple(names),
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        weights=tuple(float(v) for v in w),
        bias=0.0,
    )


def fit_tree_ranker(groups: list[tuple[np.ndarray, np.ndarray]], names: Sequence[str]) -> line_model.TreeEnsemble:
    """Gradient-boosted trees that rank each page's candidates (LightGBM's LambdaRank)."""
    x = np.vstack([rows for rows, _ in groups])
    y = np.concatenate([labels for _, labels in groups])
    dataset = lightgbm.Dataset(x, y, group=[len(rows) for rows, _ in groups])
    booster = lightgbm.train(RANKER_PARAMETERS, dataset, num_boost_round=RANKER_ROUNDS)
    return _exported(booster, x, names)


def train_title(
    examples: list[Example], scored: list[line_model.UnitScores], threshold: float, neighbour_threshold: float
) -> line_model.TitleRanker:
    """The title ranker, on the candidate lines around the body start of each example, with the
    body chosen as the parser chooses it."""
    groups = []
    for example, scores in zip(examples, scored, strict=True):
        body_units = text_dump.article_indices(example.page, scores.scores, threshold, neighbour_threshold)
        if not body_units:
            continue
        candidates = title_ranker.title_candidates(example.page, body_units)
        if not candidates:
            continue
        headlines = [title_ranker.headline_text(example.page.units[i]) for i in candidates]
        labels = np.array([int(title_correct(headline, example.headlines)) for headline in headlines])
        if labels.any():
            rows = title_ranker.candidate_rows(example.page, candidates, body_units, scores)
            groups.append((rows, labels))
    names = (*LOCAL_FEATURES, *title_ranker.CANDIDATE_FEATURES)
    return line_model.TitleRanker(fit_linear_ranker(groups, names), fit_tree_ranker(groups, names))


def _stack(rows: list[np.ndarray]) -> np.ndarray:
    return np.vstack(rows)


def _known(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    known = y != UNKNOWN
    return x[known], y[known]


def _stack_labels(labels: list[list[int]]) -> np.ndarray:
    return np.array([label for page_labels in labels for label in page_labels])


def _as_dict(model: line_model.LogisticModel) -> dict[str, object]:
    return {
        "names": list(model.names),
        "mean": [round(v, 6) for v in model.mean],
        "scale": [round(v, 6) for v in model.scale],
        "weights": [round(v, 6) for v in model.weights],
        "bias": round(model.bias, 6),
    }


def _trees_as_dict(model: line_model.TreeEnsemble) -> dict[str, object]:
    trees = [
        [[int(f), float(t), int(a), int(b), round(float(v), 7)] for f, t, a, b, v in zip(*tree, strict=True)]
        for tree in zip(model.feature, model.threshold, model.left, model.right, model.value, strict=True)
    ]
    return {"names": list(model.names), "depth": model.depth, "trees": trees}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renderer", action="append", help="renderers to train on (default: all available)")
    parser.add_argument("--out", type=Path, default=line_model.MODEL_FILE)
    parser.add_argument("--cv", action="store_true", help="only report 5-fold cross-validation on the dev pages")
    parser.add_argument(
        "--fold-seed",
        type=int,
        action="append",
        help="with --cv: shuffle pages into folds (0: id order); repeat for several dealings and their mean",
    )
    parser.add_argument("--dev-only", action="store_true", help="no public pages for the title ranker")
    parser.add_argument("--show-failures", type=int, default=0, metavar="N", help="with --cv: worst pages, titles")
    args = parser.parse_args()
    renderers = [r for r in (args.renderer or RENDERERS) if renderer_missing(r) is None]
    if not pages_in("dev"):
        print("benchmark data not found; nothing to train on")
        return 1
    examples = load_examples(renderers)
    print(f"{len(examples)} dev dumps ({', '.join(renderers)}), {sum(len(e.labels) for e in examples)} units")
    title_examples = [] if args.dev_only else load_title_examples(renderers)
    print(f"{len(title_examples)} public pages' dumps for the title ranker")
    if args.cv:
        runs = [cross_validate(examples, title_examples, seed, args.show_failures) for seed in args.fold_seed or [0]]
        if len(runs) > 1:
            print_mean(runs)
        return 0
    model = train(examples, title_examples)
    public = "" if args.dev_only else "; title ranker also on bench/public_pages.py"
    document = {
        "trained_on": {
            "renderers": renderers,
            "pages": f"dev split of article-extraction (int(id, 16) % 3 != 0){public}",
        },
        "threshold": model.threshold,
        "neighbour_threshold": model.neighbour_threshold,
        "first": _as_dict(model.first),
        "second": _trees_as_dict(model.second),
        "title": {"linear": _as_dict(model.title.linear), "trees": _trees_as_dict(model.title.trees)},
    }
    args.out.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"thresholds {model.threshold} / {model.neighbour_threshold}; model written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
