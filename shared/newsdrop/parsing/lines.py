"""A text dump cut into units (paragraphs or lines) with the features the line classifier reads.

Crawlers write a page's text one block per line, blank lines between blocks, lists as indented
bullets; some hard-wrap prose at a fixed width. A unit is one paragraph (wrapped lines joined) or
one line of a block of short lines (a menu, a list, a share bar), so each can be judged alone.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

# List markers: bullets, arrows, dashes (not the "--" of a wire dateline), "1." and "1)".
_BULLET = re.compile(
    r"^(?:[\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2219\u25ba\u25b8*>+]|[-\u2013\u2014](?!-)|\d{1,2}[.)])\s+"
)
# Chinese and Japanese are written without spaces: each ideograph or kana counts as a word, so that
# length and density mean the same in every script.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])\w)+(?:['\u2019](?:(?![{_CJK}])\w)+)*")
_TERMINAL = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]\u300d\u300f]*$")
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.I)
# Inline separators of menus and breadcrumbs: "Home | World | Sports", "News > World > Europe".
_SEPARATORS = re.compile(r"\s[|\u00bb\u203a>/\u2022\u00b7]\s")
# A Markdown-style heading mark, as some text renderers write <h1>..<h6>: "## Markets".
_HEADING_MARK = re.compile(r"^#{1,6}\s+")
# A character reference a renderer left in its text ("It&#39;s", "Q&amp;A"), semicolon and all.
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_COPYRIGHT = re.compile(r"\u00a9|\(c\)\s*\d{4}|\ball rights reserved\b|\bcopyright\b", re.I)

# A wrapped paragraph: its lines (but the last) are at least this share of the longest one.
_WRAP_SHARE = 0.6
_WRAP_MIN_WIDTH = 50


@dataclass
class Unit:
    """One paragraph or line of the dump, with what the rules need to know about it."""

    text: str
    position: int
    bullet: bool = False  # starts with a list marker, or hangs indented under one
    marker: bool = False  # starts with its own list marker: the head of a list item
    blank_before: int = 0  # blank lines in front of it: wide gaps part page sections
    words: list[str] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return len(self.words)

    @cached_property
    def terminal(self) -> bool:
        """Ends like a sentence: '.', '!', '?' or an ellipsis, maybe inside quotes or brackets."""
        return _TERMINAL.search(self.text) is not None

    @cached_property
    def link_like(self) -> bool:
        """Carries a URL or an e-mail, or reads like a menu or breadcrumb (inline separators)."""
        return _URL.search(self.text) is not None or len(_SEPARATORS.findall(f" {self.text} ")) >= 2

    @cached_property
    def copyright(self) -> bool:
        return _COPYRIGHT.search(self.text) is not None

    @cached_property
    def lowered(self) -> list[str]:
        return [word.lower() for word in self.words]

    def stop_density(self, stop_words: frozenset[str]) -> float:
        """Share of the words that are stop words; prose sits around 0.4, menus and headlines low."""
        if not self.words:
            return 0.0
        return sum(word in stop_words for word in self.lowered) / len(self.words)

    def key(self) -> str:
        """The unit's text folded for spotting repeats ('Share', 'SHARE', 'Share:')."""
        return self._key

    @cached_property
    def _key(self) -> str:
        return " ".join(self.lowered)


def words_of(text: str) -> list[str]:
    """The words of a text as a unit counts them: each Chinese or Japanese character is one."""
    return _WORD.findall(text)


def split_units(text: str) -> list[Unit]:
    """Cut a dump into units, in order, each with its list status and the blank lines before it;
    character references a renderer left in the text ("It&#39;s") are read as the characters they stand for."""
    units: list[Unit] = []
    blanks = 0
    block: list[str] = []
    text = _ENTITY.sub(lambda reference: html.unescape(reference.group()), text)
    for raw in [*text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), ""]:
        line = raw.replace("\t", "    ").replace("\u00a0", " ").rstrip()
        if line.strip():
            block.append(line)
            continue
        if block:
            units.extend(_block_units(block, len(units), blanks))
            block, blanks = [], 0
        blanks += 1
    return units


def repeated_keys(units: list[Unit]) -> set[str]:
    """Keys of units that occur more than once: page furniture repeats, article sentences do not."""
    counts = Counter(unit.key() for unit in units if unit.words)
    return {key for key, count in counts.items() if count > 1}


def _block_units(lines: list[str], start: int, blanks: int) -> list[Unit]:
    if _is_wrapped_paragraph(lines):
        text = " ".join(line.strip() for line in lines)
        return [_unit(text, start, bullet=False, blanks=blanks)]
    units: list[Unit] = []
    bullet_indent: int | None = None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        marker = _BULLET.match(stripped)
        if marker:
            bullet_indent = indent
            item = _unit(stripped[marker.end() :], start + len(units), bullet=True, blanks=blanks)
            item.marker = True
            units.append(item)
        else:
            # A line indented under a bullet belongs to that list item (a teaser's source or snippet).
            hanging = bullet_indent is not None and indent > bullet_indent
            if not hanging:
                bullet_indent = None
            units.append(_unit(stripped, start + len(units), bullet=hanging, blanks=blanks))
        blanks = 0
    return units


def _is_wrapped_paragraph(lines: list[str]) -> bool:
    """True for prose hard-wrapped at a fixed width: lines of similar length, no list markers."""
    if len(lines) < 2 or any(_BULLET.match(line.strip()) for line in lines):
        return False
    widths = [len(line.strip()) for line in lines]
    widest = max(widths)
    return widest >= _WRAP_MIN_WIDTH and all(width >= _WRAP_SHARE * widest for width in widths[:-1])


def _unit(text: str, position: int, *, bullet: bool, blanks: int) -> Unit:
    clean = _HEADING_MARK.sub("", re.sub(r"\s+", " ", text).strip())
    return Unit(text=clean, position=position, bullet=bullet, blank_before=blanks, words=words_of(clean))
