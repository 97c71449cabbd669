"""Plain-text page dumps: a crawler's text of a whole page, article somewhere inside.

The boilerplate rules (boilerplate.py) find the article's run of prose; this module reads the
title from the heading-like lines above it, a byline and date if the page shows them, and moves a
wire dateline out of the first paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdrop.errors import RejectedInput
from newsdrop.parsing.boilerplate import choose_run, find_runs, is_prose
from newsdrop.parsing.dateline import split_dateline
from newsdrop.parsing.language import detect_language, stop_words
from newsdrop.parsing.lines import Unit, repeated_keys, split_units

# Heading-like: a few words on a line of their own, not a sentence ending in a full stop.
MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 30
# Interface words: a short line built around one is a control (share, subscribe, log in), not a title.
_INTERFACE = frozenset(
    {
        *("share", "tweet", "email", "e-mail", "print", "subscribe", "sign", "login", "log", "register"),
        *("menu", "search", "follow", "comment", "comments", "reply", "sponsored", "cookie", "cookies"),
        *("skip", "navigation", "home", "newsletter", "download", "app", "click", "tap"),
    }
)
_BYLINE = re.compile(
    r"^(?i:(?:posted|written|reported|words)\s+)?(?i:by)\s+"
    r"(?P<names>[A-Z][\w.'\u2019-]*(?:\s+(?:[A-Z][\w.'\u2019-]*|de|van|von|da|di|bin|al))*"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)+)*)",
)
_COPYRIGHT_OWNER = re.compile(
    r"(?:\u00a9|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?)?\s*,?\s*([A-Z][^.|\u00a9]{1,80}?)"
    r"(?:\.|\s*\||\s+all rights|$)",
    re.I,
)
_DATE_WORDS = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|\d{1,2}:\d{2}|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|updated|published)\b",
    re.I,
)


@dataclass
class TextArticle:
    """What a dump yields before enrichment (language, entities)."""

    title: str
    body: list[str]
    dateline: str | None = None
    authors: list[str] = field(default_factory=list)
    date_text: str | None = None
    language: str | None = None
    site: str | None = None


def extract_text_dump(text: str) -> TextArticle:
    """Find title, body paragraphs, byline and dateline in a page dump; reject it if no article is there."""
    units = split_units(text)
    if not units:
        raise RejectedInput("no article text found", "text")
    language = detect_language(" ".join(unit.text for unit in units))
    stops = stop_words(language)
    repeated = repeated_keys(units)
    run = choose_run(find_runs(units, stops, repeated))
    if run is None:
        raise RejectedInput("no article text found", "text")
    header = units[: run.units[0].position]
    body = _dedupe([unit.text for unit in run.units])
    dateline, first = split_dateline(body[0])
    if dateline:
        body[0] = first
    return TextArticle(
        title=pick_title(header, stops, repeated) or _fallback_title(body[0]),
        body=body,
        dateline=dateline,
        authors=_byline(header),
        date_text=next((unit.text for unit in header if _is_date_line(unit)), None),
        language=language,
        site=_site_from_copyright(units[run.units[-1].position + 1 :]),
    )


def pick_title(header: list[Unit], stops: frozenset[str], repeated: set[str]) -> str | None:
    """The page title: the heading-like line nearest above the article.

    Nearest, not first: a dump may open with the site's name or a menu, but the story's own
    headline sits right above its first paragraph (bylines, dates and share bars are not headings).
    """
    candidates = [unit for unit in header if _is_heading_like(unit, stops, repeated)]
    return candidates[-1].text if candidates else None


def _is_heading_like(unit: Unit, stops: frozenset[str], repeated: set[str]) -> bool:
    if unit.bullet or unit.link_like or unit.copyright or unit.key() in repeated:
        return False
    if not MIN_TITLE_WORDS <= unit.word_count <= MAX_TITLE_WORDS:
        return False
    if unit.text.endswith((".", ":", ",", ";")) and not unit.text.endswith("..."):
        return False
    if _BYLINE.match(unit.text) or _is_date_line(unit):
        return False
    if any(word.lower() in _INTERFACE for word in unit.words) and unit.word_count <= 6:
        return False
    return not is_prose(unit, stops, repeated) or unit.word_count <= MAX_TITLE_WORDS // 2


def _is_date_line(unit: Unit) -> bool:
    """A short line that is mostly a date or time ('March 3, 2016 10:15 AM', 'Updated 2016-03-03')."""
    return unit.word_count <= 12 and _DATE_WORDS.search(unit.text) is not None and not unit.terminal


def _byline(header: list[Unit]) -> list[str]:
    for unit in header:
        match = _BYLINE.match(unit.text)
        if match and unit.word_count <= 15:
            names = re.split(r"\s*(?:,|\band\b|&)\s*", match.group("names"))
            return [name.strip() for name in names if len(name.split()) >= 2]
    return []


def _site_from_copyright(footer: list[Unit]) -> str | None:
    """The owner a footer's copyright line names: '\u00a9 2021 The Northern Chronicle. All rights reserved.'"""
    for unit in footer:
        match = _COPYRIGHT_OWNER.search(unit.text)
        if match and 1 <= len(match.group(1).split()) <= 6:
            return match.group(1).strip(" .,")
    return None


def _fallback_title(paragraph: str) -> str:
    """No heading above the article: its first sentence, cut at a word boundary, stands in."""
    sentence = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
    if len(sentence) <= 120:
        return sentence
    return sentence[:120].rsplit(" ", 1)[0] + "\u2026"


def _dedupe(paragraphs: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        if paragraph not in seen:
            seen.add(paragraph)
            kept.append(paragraph)
    return kept
