"""The headline of a page dump: the best-scoring line above the article's paragraphs.

A ranker (line_model.TitleRanker, trained with the line classifier, stored in the same file)
scores each line within reach above the body: headline-like shape (a few capitalised words, no
full stop), close to the body, followed by a byline or date, and sharing words and names with the
lead; captions, credits, bylines, dates, section labels, banners and gallery links have shapes of
their own and lose.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

import numpy as np

from newsdrop.parsing.bylines import byline_authors
from newsdrop.parsing.credits import is_photo_caption
from newsdrop.parsing.line_features import LOCAL_FEATURES, Page
from newsdrop.parsing.line_model import TitleRanker, UnitScores
from newsdrop.parsing.lines import Unit, words_of
from newsdrop.parsing.visible_dates import date_tail_start, is_date_line

# How far above the body a headline may sit (menus and banners in between), in units that hold a
# word (reach_start); and how far into it, for a headline the line classifier took for the article's
# first paragraph.
TITLE_REACH = 40
TITLE_INTO_BODY = 2
# Body units at most this far apart (a caption or an ad line between them) are one run of paragraphs.
DENSE_GAP = 2
# The lead: this many of the body's first paragraphs are compared with each candidate.
LEAD_PARAGRAPHS = 3
MIN_TITLE_WORDS = 2
MAX_TITLE_WORDS = 40
_CONTENT_WORD = re.compile(r"\w{3,}")
# A line that is one text written twice: an image's alternative text as w3m renders it for a picture
# and its fallback ("Qualisys logoQualisys logo"), never the headline's own line.
_DOUBLED = re.compile(r"^(.{6,}?)\s?\1$")
# Menu items a renderer ran together ("Cloud SecurityCloud StorageEdge Computing"): a small letter
# run into a capital this many times. A headline has one at most, in a brand's name ("iPhone").
_GLUED_WORDS = re.compile(r"[a-z]{2}[A-Z][a-z]")
MAX_GLUED_WORDS = 2
# A sentence quoted whole ('"$53 million a week is coming across the border."'): a pull quote, a claim
# a fact check weighs, a testimonial. A headline may open with a quote but never is one sentence quoted:
# none of the 2,562 headlines of the pages bench/train_dump_model.py learns from.
_QUOTED_SENTENCE = re.compile(r"^[\"\u201c\u201e\u00ab].*[.!?\u2026][\"\u201d\u00bb]$")
# Words that agree in this many first letters are taken for one word inflected two ways (see _stem).
STEM_LETTERS = 5

# The first-stage rows start with each unit's own features.
LOCAL_COUNT = len(LOCAL_FEATURES)
CANDIDATE_FEATURES = (
    "log_distance",
    "in_body",
    "heading_rank",
    "title_length",
    "lead_overlap",
    "lead_shared",
    "lead_names",
    "best_overlap",
    "article_score",
    "parenthesis",
    "byline_or_date_below",
    "byline_or_date_next",
)
# A headline is often followed by its byline and date: how many lines below it they are looked for.
META_BELOW_REACH = 4


def title_candidates(page: Page, body: Sequence[int]) -> list[int]:
    """Indices of the units within reach of the body's start that could be a headline at all.

    The reach runs to where the body's paragraphs follow each other (`dense_start`), not only to its
    first unit: a promotion or a teaser line the classifier let in above the headline must not put
    the headline out of reach. Lines there that the body left out are candidates like those above it."""
    chosen = set(body)
    first = reach_start(page, body[0])
    last = min(len(page.units), dense_start(body) + TITLE_INTO_BODY)
    return [index for index in range(first, last) if _could_be_title(page.units[index], inside=index in chosen)]


def reach_start(page: Page, start: int, reach: int = TITLE_REACH) -> int:
    """The index `reach` units above `start`, counting only units that hold a word: a comment form's
    empty fields ("[ ]") or a row of bullets between headline and article spend none of the reach."""
    index, counted = start, 0
    while index > 0 and counted < reach:
        index -= 1
        counted += page.units[index].word_count > 0
    return index


def dense_start(body: Sequence[int]) -> int:
    """The first body unit that another body unit follows within DENSE_GAP units: where the article's
    paragraphs start, past any line the classifier chose on its own above them."""
    for index, following in pairwise(body):
        if following - index <= DENSE_GAP:
            return index
    return body[0]


def _could_be_title(unit: Unit, *, inside: bool) -> bool:
    """Whether a line could be a headline at all: never a byline, a date line, a caption (one that
    ends in its photographer's credit included), a table's row, menu items run together, a sentence
    quoted whole or an image's text doubled. (A headline may repeat on the page, in a breadcrumb or a
    share text.) A line the body took in may be one when it asks a question, as headlines often do,
    but not when it ends a sentence otherwise: that is a paragraph's line."""
    if not MIN_TITLE_WORDS <= unit.word_count <= MAX_TITLE_WORDS or unit.link_like or unit.table_row:
        return False
    if inside and unit.terminal and not unit.question:
        return False
    if _DOUBLED.match(unit.text) or _QUOTED_SENTENCE.match(unit.text):
        return False
    if len(_GLUED_WORDS.findall(unit.text)) > MAX_GLUED_WORDS:
        return False
    return not is_photo_caption(unit.text) and not _is_byline_or_date(unit.text)


def candidate_rows(page: Page, candidates: Sequence[int], body: Sequence[int], scored: UnitScores) -> np.ndarray:
    """Each candidate's own line features followed by CANDIDATE_FEATURES. (The neighbours' features
    and the products the line classifier also sees made the ranker worse in cross-validation.)"""
    body_start = body[0]
    lead = " ".join(page.units[index].text for index in body[:LEAD_PARAGRAPHS])
    lead_stems = {_stem(word) for word in {word.lower() for word in _CONTENT_WORD.findall(lead)} - page.stop_words}
    lead_names = {word for word in _CONTENT_WORD.findall(lead) if word[:1].isupper()}
    shared = [_shared(page.units[index].text, lead_stems, page.stop_words) for index in candidates]
    overlaps = [share for share, _ in shared]
    best = max(overlaps, default=0.0)
    rows = []
    for rank, (index, (overlap, count)) in enumerate(zip(reversed(candidates), reversed(shared), strict=True)):
        unit = page.units[index]
        names = [word for word in _CONTENT_WORD.findall(unit.text) if word[:1].isupper()]
        extra = [
            math.log1p(max(body_start - index, 0)),
            float(index >= body_start),
            math.log1p(rank),
            float(3 <= unit.word_count <= 20),
            overlap,
            math.log1p(count),
            sum(1 for name in names if name in lead_names) / len(names) if names else 0.0,
            float(overlap == best and best > 0),
            scored.scores[index],
            float("(" in unit.text or ")" in unit.text),
            float(_byline_or_date_below(page, index)),
            float(_byline_or_date_below(page, index, reach=1)),
        ]
        rows.append([*scored.rows[index][:LOCAL_COUNT].tolist(), *extra])
    rows.reverse()
    return np.array(rows)


def pick_title(page: Page, body: Sequence[int], scored: UnitScores, model: TitleRanker) -> int | None:
    """The index of the candidate the model ranks first among the lines around the body (the indices
    of its units); None when no line near the body could be one."""
    candidates = title_candidates(page, body)
    if not candidates:
        return None
    scores = model.scores(candidate_rows(page, candidates, body, scored))
    return candidates[int(np.argmax(scores))]


def headline_text(unit: Unit) -> str:
    """The unit's text as a headline: without a labelled date written on the same line."""
    cut = date_tail_start(unit.text)
    if cut is None:
        return unit.text
    head = unit.text[:cut].rstrip(" |:,-([\u00b7\u2022\u2013\u2014")
    return head if len(words_of(head)) >= MIN_TITLE_WORDS else unit.text


def _byline_or_date_below(page: Page, index: int, reach: int = META_BELOW_REACH) -> bool:
    """Whether a byline or a date line follows the unit within `reach` units, as they follow a headline."""
    return any(_is_byline_or_date(unit.text) for unit in page.units[index + 1 : index + 1 + reach])


@lru_cache(maxsize=4096)
def _is_byline_or_date(text: str) -> bool:
    """Cached: each line is asked about by every candidate above it."""
    return is_date_line(text) or byline_authors(text) is not None


def _stem(word: str) -> str:
    """A word cut to its first STEM_LETTERS letters, a plural 's' off first: a headline's 'bank' and
    'branch' are the lead's 'banks' and 'branches' (truncation, not a stemmer: it holds in any language)."""
    return word.removesuffix("s")[:STEM_LETTERS]


def _shared(text: str, lead_stems: set[str], stop_words: frozenset[str]) -> tuple[float, int]:
    """The share and the number of the line's content words whose stem (_stem) is one of the lead's:
    a short teaser can share all its three words with the lead, a headline shares more of them."""
    words = {word.lower() for word in _CONTENT_WORD.findall(text)} - stop_words
    count = sum(1 for word in words if _stem(word) in lead_stems)
    return (count / len(words) if words else 0.0), count
