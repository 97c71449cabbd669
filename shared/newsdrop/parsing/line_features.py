"""What the line classifier sees of each unit of a page dump: numbers, named, in a fixed order.

Each unit gets its own shape (length, sentence punctuation, stop-word share, capitals, digits,
links, list markers, repetition on the page, interface words) and the shape of the units around
it, because an article is a run: a short line between two long paragraphs is usually part of it,
the same line among menu items is not. No feature names a site's phrase.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdrop.parsing.credits import is_caption
from newsdrop.parsing.lines import Unit
from newsdrop.parsing.visible_dates import is_date_line

# Interface words: a short line built around one is a control (share, subscribe, log in), not prose.
INTERFACE_WORDS = frozenset(
    {
        *("share", "tweet", "email", "e-mail", "print", "subscribe", "sign", "login", "log", "register"),
        *("menu", "search", "follow", "comment", "comments", "reply", "sponsored", "cookie", "cookies"),
        *("skip", "navigation", "home", "newsletter", "download", "app", "click", "tap", "advertisement"),
        *("gallery", "photo", "photos", "video", "videos", "image", "credit", "related", "read", "more"),
        *("next", "previous", "prev", "page", "loading", "close", "accept", "privacy", "terms", "policy"),
    }
)
# Words of link texts that lead away from the story ("See Full Article", "Watch the video"): a short
# line with one is dropped from the body, besides the interface words the classifier weighs.
LINK_WORDS = frozenset({"see", "view", "full", "continue", "watch", "listen", "article", "advertisements", "ad", "ads"})
# Prompts talk to the reader ("Get the top stories in your inbox"); reported news rarely does.
_SECOND_PERSON = frozenset({"you", "your", "yours", "you're", "you'll", "you've"})
_DIGIT_RUN = re.compile(r"\d+")
_DATE_HINT = re.compile(r"\d|\b(?:ago|yesterday|today)\b", re.I)
_QUOTES = re.compile('["\u201c\u201d\u00ab\u00bb\u201e]')

# Prose: at least this many words with sentence punctuation, or this many without.
MIN_SENTENCE_WORDS = 4
MIN_UNPUNCTUATED_WORDS = 40
MIN_STOP_DENSITY = 0.2
# A line this short built around an interface word is a control (share, subscribe, read more).
MAX_CONTROL_WORDS = 8
# Date lines are never longer than this.
MAX_DATE_WORDS = 25
# Lines this short at the edges of the text are checked for prompts and labels.
MAX_EDGE_WORDS = 15
# Repeated units up to this long are furniture; longer repeats are an article quoting itself.
MAX_FURNITURE_WORDS = 25

LOCAL_FEATURES = (
    "log_words",
    "log_chars",
    "terminal",
    "colon_end",
    "stop_share",
    "prose",
    "link_like",
    "copyright",
    "bullet",
    "marker",
    "repeated",
    "capital_share",
    "upper_share",
    "digit_share",
    "comma_rate",
    "quotes",
    "caption",
    "second_person",
    "interface_short",
    "date_like",
    "mean_word_len",
    "blank_gap",
    "position",
)
CONTEXT_WINDOWS = (1, 2, 5)
CONTEXT_OF = ("prose", "log_words", "terminal", "bullet", "link_like")


@dataclass(frozen=True)
class Page:
    """The units of one dump with what features need to know about the whole page."""

    units: Sequence[Unit]
    stop_words: frozenset[str]
    repeated: set[str]
    language: str | None = None


def is_prose(unit: Unit, stop_words: frozenset[str], repeated: set[str]) -> bool:
    """True when the unit reads like the sentences of an article."""
    if unit.link_like or unit.copyright:
        return False
    if unit.key() in repeated and unit.word_count <= MAX_FURNITURE_WORDS:
        return False
    if unit.word_count < (MIN_SENTENCE_WORDS if unit.terminal else MIN_UNPUNCTUATED_WORDS):
        return False
    # Without a stop list (an unknown language) punctuation and length have to do.
    return not stop_words or unit.stop_density(stop_words) >= MIN_STOP_DENSITY


def is_furniture(unit: Unit, repeated: set[str]) -> bool:
    """A control, credit or running line that never belongs in an article's text, wherever it stands:
    'Share this:', 'Advertisement', 'Click here to read more', 'Photo: Reuters', a date line, a
    short line the page repeats (a running header)."""
    if is_caption(unit.text):
        return True
    if unit.word_count > MAX_CONTROL_WORDS:
        return False
    link_text = not LINK_WORDS.isdisjoint(unit.lowered)
    return (
        _reads_as_control(unit)
        or link_text
        or unit.copyright
        or unit.link_like
        or unit.key() in repeated
        or is_date_line(unit.text)
    )


def is_edge_furniture(unit: Unit, repeated: set[str]) -> bool:
    """A short line at the start or end of the text that reads as a prompt or label, not the story's
    first or last paragraph: 'Sign up for our newsletter ...', 'You must be logged in to comment.',
    'Our Standards: The Trust Principles.' (mostly capitalised), a heading without a full stop."""
    if unit.word_count > MAX_EDGE_WORDS:
        return False
    capitals = sum(1 for word in unit.words if word[:1].isupper()) / max(unit.word_count, 1)
    second_person = any(word in _SECOND_PERSON for word in unit.lowered)
    return is_furniture(unit, repeated) or second_person or capitals >= 0.5 or not unit.terminal


def _is_control(unit: Unit) -> bool:
    return not INTERFACE_WORDS.isdisjoint(unit.lowered)


def _reads_as_control(unit: Unit) -> bool:
    """Interface words make the line ('Share this:', 'Click here to read more.'); a short sentence of
    the story that holds one ('A first report is due next year.') is not a control."""
    controls = sum(word in INTERFACE_WORDS for word in unit.lowered)
    return controls > 0 and (not unit.terminal or 3 * controls > unit.word_count)


def local_features(page: Page, index: int) -> list[float]:
    """The unit's own shape, in the order of LOCAL_FEATURES."""
    unit = page.units[index]
    text, words = unit.text, unit.words
    count = max(unit.word_count, 1)
    capitalised = upper = letters = 0
    for word in words:
        capitalised += word[0].isupper()
        upper += len(word) > 1 and word.isupper()
        letters += len(word)
    # The full date-line reading is costly: only short lines with a digit or a relative word get it.
    dated = unit.word_count <= MAX_DATE_WORDS and _DATE_HINT.search(text) is not None
    return [
        math.log1p(unit.word_count),
        math.log1p(len(text)),
        float(unit.terminal),
        float(text.endswith(":")),
        unit.stop_density(page.stop_words),
        float(is_prose(unit, page.stop_words, page.repeated)),
        float(unit.link_like),
        float(unit.copyright),
        float(unit.bullet),
        float(unit.marker),
        float(unit.key() in page.repeated),
        capitalised / count,
        upper / count,
        len(_DIGIT_RUN.findall(text)) / count,
        text.count(",") / count,
        float(_QUOTES.search(text) is not None),
        float(is_caption(text)),
        sum(word in _SECOND_PERSON for word in unit.lowered) / count,
        float(unit.word_count <= MAX_CONTROL_WORDS and _is_control(unit)),
        float(dated and is_date_line(text)),
        min(letters / count, 15.0) / 15.0,
        min(unit.blank_before, 4) / 4.0,
        index / max(len(page.units) - 1, 1),
    ]


# Pairs whose product the model also sees: a line's length means one thing in prose and another in
# a list, and a short line between long paragraphs is not a short line among menu items.
CROSSED = (
    ("log_words", "terminal"),
    ("log_words", "stop_share"),
    ("log_words", "bullet"),
    ("log_words", "link_like"),
    ("log_words", "position"),
    ("terminal", "stop_share"),
    ("prose", "position"),
    ("capital_share", "terminal"),
    ("log_words", "log_words"),
    ("position", "position"),
    ("stop_share", "stop_share"),
    ("log_words", "repeated"),
    ("log_words", "blank_gap"),
    ("log_words", "digit_share"),
    ("log_words", "capital_share"),
    ("stop_share", "position"),
)


# Where each pair's features stand in a row, found once rather than for every line of every page.
_CROSSED_AT = tuple((LOCAL_FEATURES.index(first), LOCAL_FEATURES.index(second)) for first, second in CROSSED)


def crossed_names() -> list[str]:
    return [f"{first}*{second}" for first, second in CROSSED]


def with_crosses(local: np.ndarray) -> np.ndarray:
    """The rows (one a unit, LOCAL_FEATURES wide) with the products of the CROSSED pairs appended."""
    first, second = zip(*_CROSSED_AT, strict=True)
    return np.hstack([local, local[:, list(first)] * local[:, list(second)]])


def with_context(rows: np.ndarray) -> np.ndarray:
    """Each row followed by the means of a few of its unit's features over the units before and after
    it, at several distances (-1 where there is no unit on that side)."""
    picks = [LOCAL_FEATURES.index(name) for name in CONTEXT_OF]
    count = len(rows)
    # Running sums per picked column: any window's mean is a difference of two of them.
    sums = np.vstack([np.zeros(len(picks)), np.cumsum(rows[:, picks], axis=0)])
    index = np.arange(count)
    blocks = [rows]
    for window in CONTEXT_WINDOWS:
        start, end = np.maximum(index - window, 0), np.minimum(index + 1 + window, count)
        for first, last in ((start, index), (index + 1, end)):
            width = (last - first)[:, None]
            means = (sums[last] - sums[first]) / np.maximum(width, 1)
            blocks.append(np.where(width > 0, means, -1.0))
    return np.hstack(blocks)


def context_names() -> list[str]:
    return [
        f"{name}_{side}{window}" for window in CONTEXT_WINDOWS for side in ("before", "after") for name in CONTEXT_OF
    ]
