"""News-wire datelines: the place a story was filed from, at the start of its first paragraph.

Wire copy opens with the place in capitals, optionally a region, a date and the agency, then a
dash: "MOSCOW -- ...", "WASHINGTON (AP) — ...", "LONDON, March 3 (Reuters) - ...",
"MOSUL, Iraq -- ...". Requiring the capitals and the dash keeps ordinary sentences out.
"""

from __future__ import annotations

import re

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"""^\s*
    (?P<city>[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){0,3})       # MOSCOW, NEW YORK, ST. LOUIS
    (?:,\s*(?P<region>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2}))?  # , Iraq / , Calif.
    (?:,?\s*"""
    + _MONTH
    + r"""\s+\d{1,2}(?:,\s*\d{4})?)?                     # , March 3
    \s*(?:\((?P<agency>[A-Za-z][\w .&-]{0,30})\))?                             # (AP) / (Reuters)
    \s*(?:--|[\u2014\u2013]|-)\s+                                              # the dash
    (?=\S)""",
    re.X,
)

# A city in capitals must be a real word, not an acronym that opens an ordinary sentence.
_MIN_CITY_LETTERS = 3


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Return (place, rest of the paragraph); (None, paragraph) when it has no dateline."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None, paragraph
    city = match.group("city")
    if sum(ch.isalpha() for ch in city) < _MIN_CITY_LETTERS:
        return None, paragraph
    rest = paragraph[match.end() :]
    if not rest[:1].isupper() and rest[:1] not in "\"'\u201c\u2018":
        return None, paragraph  # the text after a dateline starts a sentence
    place = _title_case(city)
    region = match.group("region")
    if region and not _is_month(region):
        place = f"{place}, {region}"
    return place, rest


def _title_case(caps: str) -> str:
    """'NEW YORK' -> 'New York', 'ST. LOUIS' -> 'St. Louis', "N'DJAMENA" -> "N'Djamena"."""
    return re.sub(r"[^\W\d_]+", lambda letters: letters.group().capitalize(), caps)


def _is_month(word: str) -> bool:
    return re.fullmatch(_MONTH + r"(?:\s+\d{1,2})?", word) is not None
