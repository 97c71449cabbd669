"""Which units of a page dump are the article: general rules, no site's phrases.

1. A unit is *prose* when it reads like sentences: enough words, sentence punctuation at the end,
   a normal share of stop words, no URLs or menu separators, not repeated elsewhere on the page,
   not a copyright line. Everything else (headings, menus, share bars, buttons, bylines, dates)
   is *short*.
2. The article is a run of prose. A single short line between prose paragraphs ("Advertisement",
   "Read more") is bridged and dropped; two or more short lines in a row, a wide blank gap, or a
   list of headline-like items (teasers of other stories) ends the run.
3. Of the runs, the article is the first that holds at least half the words of the largest one;
   what comes after it (related stories, comments, newsletter boxes, footers) is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsdrop.parsing.lines import Unit

# Prose: at least this many words with sentence punctuation, or this many without.
MIN_SENTENCE_WORDS = 4
MIN_UNPUNCTUATED_WORDS = 40
# Stop-word share below which a line is a headline, name list or menu rather than prose.
MIN_STOP_DENSITY = 0.2
# After a one-line gap, the run continues only if a real paragraph follows.
MIN_WORDS_AFTER_GAP = 15
# A gap this wide (blank lines) is a section break in a dump, not a paragraph break.
SECTION_BLANKS = 3
# A run needs this many prose words to be an article at all.
MIN_ARTICLE_WORDS = 25
# A later run wins only when the earlier ones are much smaller (comments longer than the story).
RUN_SHARE = 0.5
# Repeated units up to this long are furniture; longer repeats are kept once.
MAX_FURNITURE_WORDS = 25


@dataclass
class Run:
    """A stretch of the page that reads as continuous prose."""

    units: list[Unit] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(unit.word_count for unit in self.units)


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


def is_headline_list(units: list[Unit], start: int, stop_words: frozenset[str], repeated: set[str]) -> bool:
    """True when a list begins at `start` whose items are mostly headlines or links, not sentences.

    Teasers of other stories, menus and tag clouds are lists of titles; a list inside an article
    is a list of sentences. Items are the bullet lines; lines hanging under an item belong to it.
    """
    items = [unit for unit in _list_at(units, start) if unit.marker]
    if len(items) < 2:
        return False
    headline_like = sum(1 for unit in items if not is_prose(unit, stop_words, repeated))
    return headline_like * 2 > len(items)


def find_runs(units: list[Unit], stop_words: frozenset[str], repeated: set[str]) -> list[Run]:
    """Cut the units into runs of prose by the gap and list rules above; short units are left out."""
    runs: list[Run] = []
    current = Run()
    gap = 0
    index = 0
    while index < len(units):
        unit = units[index]
        if unit.bullet and is_headline_list(units, index, stop_words, repeated):
            current, gap = _close(runs, current), 0
            index += len(_list_at(units, index))
            continue
        if unit.blank_before >= SECTION_BLANKS:
            current, gap = _close(runs, current), 0
        if not is_prose(unit, stop_words, repeated):
            gap += 1
            if gap >= 2:
                current = _close(runs, current)
        else:
            if gap == 1 and current.units and unit.word_count < MIN_WORDS_AFTER_GAP:
                current = _close(runs, current)
            current.units.append(unit)
            gap = 0
        index += 1
    _close(runs, current)
    return runs


def choose_run(runs: list[Run]) -> Run | None:
    """The article's run: the first that is at least half as long as the longest; None if too little."""
    if not runs:
        return None
    longest = max(run.words for run in runs)
    if longest < MIN_ARTICLE_WORDS:
        return None
    return next(run for run in runs if run.words >= RUN_SHARE * longest)


def _close(runs: list[Run], run: Run) -> Run:
    if run.units:
        runs.append(run)
    return Run()


def _list_at(units: list[Unit], start: int) -> list[Unit]:
    """The consecutive list units from `start` (bullet items and the lines hanging under them)."""
    end = start
    while end < len(units) and units[end].bullet:
        end += 1
    return units[start:end]
