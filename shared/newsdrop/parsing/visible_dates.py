"""Publication dates as pages show them, in words, digits or relative phrases.

A line is cut into segments at its labels ("PUBLISHED: ... | UPDATED: ..."), and each segment
yields at most one date: ISO digits, day-month-year or month-day-year with a month name in one of
eight languages (date_words), numeric day/month/year with a guessed order, or a relative phrase
("8 hours ago", "yesterday") resolved against a reference time (the upload time) and flagged as
approximate. A time and zone next to the date are kept, zones through metadata's table.

Only date lines count: lines that are little besides dates, labels and a byline, so a date in
a sentence ("in May 2015 he ...", "founded on March 3, 2016") is never the publication date.
Among neighbouring date lines, published or posted beats an unlabelled date, which beats updated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache

from newsdrop.parsing import date_words as words
from newsdrop.parsing.metadata import ZONES

MAX_DATE_LINE_CHARS = 160
MAX_LEFTOVER_WORDS = 5
NEIGHBOURS = 3  # date lines this close to the first one are read together (published vs updated)
MIN_YEAR = 1990

_MONTH = r"(?P<month>[^\W\d_]{3,11})\.?"
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+)?{_MONTH},?\s*(?:de\s+)?(?P<year>\d{{4}})\b", re.I
)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ](?P<clock>\d{2}:\d{2}(?::\d{2})?))?")
_YMD = re.compile(r"\b(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})\b")
_NUMERIC = re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})\b")
_TIME = re.compile(
    r"\b(?P<hour>\d{1,2})(?:[:h](?P<minute>\d{2})(?::(?P<second>\d{2}))?|\.(?P<dotted>\d{2})(?=\s*[ap]\.?m))"
    r"(?:\s*(?P<half>[ap])\.?\s?m\b\.?)?",
    re.I,
)
_ZONE = re.compile(
    r"^\s*(?:\(?(?P<name>[A-Z]{1,4})\)?(?:\s*(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?"
    r"|(?P<sign2>[+-])(?P<hours2>\d{2}):?(?P<minutes2>\d{2}))\b"
)
_NUMBER = r"(?P<count>\d+|[^\W\d_]+)"
_AGO_AFTER = re.compile(rf"{_NUMBER}\s*(?P<unit>[^\W\d_]+\.?)\s+(?:{'|'.join(words.AGO_AFTER)})\b", re.I)
_AGO_BEFORE = re.compile(rf"\b(?:{'|'.join(words.AGO_BEFORE)})\s+{_NUMBER}\s+(?P<unit>[^\W\d_]+)", re.I)
_DAYS_BACK = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, words.DAYS_BACK))})(?!\w)", re.I)
_LABEL = re.compile(
    rf"(?<!\w)(?P<label>{'|'.join(map(re.escape, words.PUBLISHED_LABELS + words.UPDATED_LABELS))})(?:\s+on)?\s*:?",
    re.I,
)
_BYLINE_TAIL = re.compile(r"\b(?:by|por|par|von|door|di)\s+[^|\u00b7\u2022]*", re.I)
_UPDATED = frozenset(label.lower() for label in words.UPDATED_LABELS)


@dataclass(frozen=True)
class VisibleDate:
    """A date a page shows: `approximate` when resolved from a relative phrase; `label` is 'published',
    'updated' or None; `line` is its index in the lines given."""

    value: datetime
    approximate: bool = False
    label: str | None = None
    line: int = 0


def find_published_date(
    lines: list[str], reference: datetime | None = None, *, language: str | None = None
) -> VisibleDate | None:
    """The publication date among `lines`, given in priority order (say the lines above the body,
    nearest first, then the first paragraph, then the lines after the body); only date lines count,
    and labelled dates that end a line (`date_tail_start`).

    `reference` (the upload time) resolves relative dates and rules out dates after it;
    `language` 'en' reads an ambiguous 03/04/2020 month first, any other language day first.
    """
    found: list[VisibleDate] = []
    for index, line in enumerate(lines):
        if found and index > found[0].line + NEIGHBOURS:
            break
        start = 0 if is_date_line(line) else date_tail_start(line)
        if start is not None:
            found.extend(
                VisibleDate(date.value, date.approximate, date.label, index)
                for date in dates_in_line(line[start:], reference, language=language)
            )
    for wanted in ("published", None, "updated"):
        match = next((date for date in found if date.label == wanted), None)
        if match:
            return match
    return None


@lru_cache(maxsize=4096)
def is_date_line(line: str) -> bool:
    """Whether a line is little besides dates, times, labels and a byline: a date line, not prose.
    (Cached: the line classifier, the title ranker and the date finder all ask of the same lines.)"""
    text = " ".join(line.split())
    if not text or len(text) > MAX_DATE_LINE_CHARS:
        return False
    dates = _date_spans(text)
    if not dates:
        return False
    for start, end in sorted(dates + _time_spans(text), reverse=True):
        text = text[:start] + " " + text[end:]
    text = _BYLINE_TAIL.sub(" ", _LABEL.sub(" ", text))
    leftover = [w for w in re.findall(r"[^\W\d_][\w.'\u2019-]*", text) if w.lower().rstrip(".") not in words.FILLER]
    prose = [w for w in leftover if w[0].islower()]
    return len(leftover) <= MAX_LEFTOVER_WORDS and len(prose) <= 1


def date_tail_start(line: str) -> int | None:
    """Where a labelled date that ends the line starts, or None: at "Published" in "Headline Published
    10:02 AM EST Nov 19, 2019" (a renderer that writes inline elements on one line joins them)."""
    for match in _LABEL.finditer(line):
        if match.start() > 0 and is_date_line(line[match.start() :]):
            return match.start()
    return None


def dates_in_line(line: str, reference: datetime | None = None, *, language: str | None = None) -> list[VisibleDate]:
    """Every date a line shows, one per labelled segment ('PUBLISHED: ... | UPDATED: ...')."""
    text = " ".join(line.split())
    cuts = [(match.start(), match.group("label").lower()) for match in _LABEL.finditer(text)]
    bounds = [(0, None), *cuts] if not cuts or cuts[0][0] > 0 else cuts
    found = []
    for (start, label), (end, _) in zip(bounds, [*bounds[1:], (len(text), None)], strict=True):
        date = _segment_date(text[start:end], reference, language)
        if date is not None:
            kind = None if label is None else "updated" if label in _UPDATED else "published"
            found.append(VisibleDate(date[0], date[1], kind))
    return found


def _date_spans(text: str) -> list[tuple[int, int]]:
    """Where dates and relative dates stand in the text (a month name must be a real one)."""
    spans = [
        match.span()
        for pattern in (_ISO, _YMD, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _NUMERIC)
        for match in pattern.finditer(text)
        if _calendar_day(match, None) is not None
    ]
    for pattern in (_AGO_AFTER, _AGO_BEFORE):
        spans += [m.span() for m in pattern.finditer(text) if words.unit_seconds(m.group("unit")) is not None]
    return spans + [match.span() for match in _DAYS_BACK.finditer(text)]


def _time_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _TIME.finditer(text):
        if match.group("minute") or match.group("dotted"):
            zone = _ZONE.match(text, match.end())
            spans.append((match.start(), zone.end() if zone and _zone(text[match.end() :]) else match.end()))
    return spans


def _segment_date(text: str, reference: datetime | None, language: str | None) -> tuple[datetime, bool] | None:
    """The first date in one segment, with its time and zone, or a resolved relative date."""
    for pattern in (_ISO, _YMD, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _NUMERIC):
        for match in pattern.finditer(text):
            day = _calendar_day(match, language)
            if day is None:
                continue
            value = _with_time(day, text, match)
            if reference is None or value.replace(tzinfo=None) <= reference.replace(tzinfo=None) + timedelta(days=1):
                return value, False
    relative = _relative(text, reference)
    return (relative, True) if relative else None


def _calendar_day(match: re.Match[str], language: str | None) -> datetime | None:
    fields = match.groupdict()
    year = int(fields["year"])
    year = year + (2000 if year < 70 else 1900) if year < 100 else year
    if fields.get("a"):
        first, second = int(fields["a"]), int(fields["b"])
        month_first = fields["sep"] == "/" and (second > 12 or (language == "en" and first <= 12))
        day, month = (second, first) if month_first else (first, second)
    else:
        day = int(fields["day"])
        raw = fields["month"]
        month = int(raw) if raw.isdigit() else words.MONTHS.get(raw.lower().rstrip("."))
        if month is None:
            return None
    if year < MIN_YEAR:
        return None
    try:
        return datetime(year, month, day)
    except ValueError:
        return None  # 11.19.2019: a dotted date is always day first, and there is no 19th month


def _with_time(day: datetime, text: str, date: re.Match[str]) -> datetime:
    """The day at the time written nearest to the date in the segment, in its zone when named."""
    if date.groupdict().get("clock"):
        hour, minute, *second = (int(part) for part in date.group("clock").split(":"))
        return _zoned(day.replace(hour=hour, minute=minute, second=second[0] if second else 0), text[date.end() :])
    times = [m for m in _TIME.finditer(text) if not (date.start() <= m.start() < date.end())]
    if not times:
        return day
    nearest = min(times, key=lambda m: abs(m.start() - date.start()))
    hour, minute = int(nearest.group("hour")), int(nearest.group("minute") or nearest.group("dotted") or 0)
    if nearest.group("half"):
        hour = hour % 12 + (12 if nearest.group("half").lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return day
    value = day.replace(hour=hour, minute=minute, second=int(nearest.group("second") or 0))
    return _zoned(value, text[nearest.end() :])


def _zoned(value: datetime, after: str) -> datetime:
    zone = _zone(after)
    return value.replace(tzinfo=zone) if zone else value


def _zone(text: str) -> tzinfo | None:
    """The zone written right after a time: 'EST', 'GMT+3', 'UTC+05:30', '+0100'."""
    match = _ZONE.match(text)
    if match is None:
        return None
    name = match.group("name")
    if name and name not in ZONES and name not in {"GMT", "UTC"}:
        return None
    sign = match.group("sign") or match.group("sign2")
    if sign:
        hours = int(match.group("hours") or match.group("hours2"))
        minutes = int(match.group("minutes") or match.group("minutes2") or 0)
        offset = (hours * 3600 + minutes * 60) * (1 if sign == "+" else -1)
    else:
        offset = ZONES[name]
    return timezone(timedelta(seconds=offset))


def _relative(text: str, reference: datetime | None) -> datetime | None:
    """'8 hours ago', 'hace 2 días', 'vor 3 Stunden', 'yesterday at 10:15' against the reference."""
    if reference is None:
        return None
    for match in (*_AGO_AFTER.finditer(text), *_AGO_BEFORE.finditer(text)):
        count = match.group("count").lower()
        number = int(count) if count.isdigit() else 1 if count in words.ONE else None
        seconds = words.unit_seconds(match.group("unit"))
        if number is not None and seconds is not None:
            return reference - timedelta(seconds=number * seconds)
    named = _DAYS_BACK.search(text)
    if named is None:
        return None
    day = reference - timedelta(days=words.DAYS_BACK[named.group(0).lower()])
    clock = _TIME.search(text)
    if clock is None or clock.group("minute") is None:
        return day
    hour = int(clock.group("hour")) % 12 + (12 if (clock.group("half") or "").lower() == "p" else 0)
    hour = int(clock.group("hour")) if not clock.group("half") else hour
    if hour > 23:
        return day
    return day.replace(hour=hour, minute=int(clock.group("minute")), second=0, microsecond=0)
