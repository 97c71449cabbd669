"""The source of a story from its agency credits and copyright lines.

Wire copy names its agency where readers and republishers see it: in the dateline
("WASHINGTON (AP) -"), in parentheses ("(Reuters)"), at the end of the text ("- AFP") or on a
line of its own. Publishers sign their pages with a copyright line ("(c) 2024 X Media Group. All
rights reserved."). Agencies are recognised from a table of the common wire services and given
one spelling each; a copyright owner is whatever the line names, without years, "Copyright"
and "All rights reserved".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Spellings of the common wire services (lower case) -> the one name they are stored under.
_AGENCIES = {
    **dict.fromkeys(("ap", "associated press", "the associated press"), "Associated Press"),
    **dict.fromkeys(("reuters", "thomson reuters"), "Reuters"),
    **dict.fromkeys(("afp", "agence france-presse", "agence france presse"), "Agence France-Presse"),
    **dict.fromkeys(("bloomberg", "bloomberg news"), "Bloomberg"),
    **dict.fromkeys(("upi", "united press international"), "UPI"),
    **dict.fromkeys(("dpa", "deutsche presse-agentur"), "dpa"),
    **dict.fromkeys(("efe", "agencia efe"), "EFE"),
    **dict.fromkeys(("ansa",), "ANSA"),
    **dict.fromkeys(("kyodo", "kyodo news"), "Kyodo News"),
    **dict.fromkeys(("xinhua", "xinhua news agency"), "Xinhua"),
    **dict.fromkeys(("tass",), "TASS"),
    **dict.fromkeys(("interfax",), "Interfax"),
    **dict.fromkeys(("ria novosti",), "RIA Novosti"),
    **dict.fromkeys(("pa", "pa media", "press association"), "PA Media"),
    **dict.fromkeys(("aap", "australian associated press"), "Australian Associated Press"),
    **dict.fromkeys(("the canadian press", "canadian press", "cp"), "The Canadian Press"),
    **dict.fromkeys(("pti", "press trust of india"), "Press Trust of India"),
    **{"ani": "ANI", "ians": "IANS", "yonhap": "Yonhap", "anadolu": "Anadolu Agency", "lusa": "Lusa"},
    **{"europa press": "Europa Press", "apa": "APA", "anp": "ANP", "belga": "Belga", "ntb": "NTB"},
}

_PARENTHESISED = re.compile(r"\(([A-Za-z][\w .&-]{0,30})\)")
_DATELINE_CREDIT = re.compile(
    r"^[A-Z][A-Z.'\u2019 -]{2,40}(?:,[^()]{0,40})?\s*\(([^()]{1,40})\)\s*(?:--|[-\u2013\u2014])"
)
_TRAILING = re.compile(r"(?:\s[-\u2013\u2014]+\s*|/)([A-Za-z][\w .-]{0,30}?)/?\s*$")
_COPYRIGHT = re.compile(
    r"(?:^|[|\u00b7\u2022]\s*)(?:\d{4}\s*)?(?:\u00a9|\(c\)|copyright\b)(?:\s*(?:\u00a9|\(c\)|copyright\b))*\s*(?P<rest>.*)$",
    re.I,
)
_YEARS = re.compile(r"^(?:(?:19|20)\d{2}(?:\s*[-\u2013/]\s*(?:(?:19|20)\d{2}|present))?\s*[,.]?\s*)+", re.I)
_OWNER_END = re.compile(
    r"\s*(?:\ball rights reserved\b|\btodos los derechos\b|\btous droits\b|\balle rechte\b|[|\u00b7\u2022]"
    r"|,\s+(?=[a-z])|\s[-\u2013\u2014]\s|\bpowered by\b)",
    re.I,
)
_FULL_STOP = re.compile(r"(\S*)\.(?:\s|$)")
_ABBREVIATIONS = frozenset({"inc", "ltd", "co", "corp", "llc", "plc", "bros", "st"})
# Captions open with their label or close with a credit in brackets naming a picture or its source.
_CAPTION = re.compile(
    r"^(?:photo(?:graph)?s?|images?|pictures?|pictured|caption|graphic|illustration|file photo)\s*:"
    r"|\([^()]*\b(?:photos?|images?|credit|handout|getty|pictures?)\b[^()]*\)\s*$",
    re.I,
)
# Photo sources a picture credit names after a slash, besides the wire services.
_PHOTO_SOURCES = (*_AGENCIES, "getty images", "getty", "pool", "epa", "epa-efe", "shutterstock", "alamy", "istock")
_SOURCE = rf"(?i:{'|'.join(re.escape(name) for name in sorted(_PHOTO_SOURCES, key=len, reverse=True))})"
# Captions also end in a photographer's credit ('... Austria. Leonhard Foeger/Reuters', '... Chris Jackson/Pool
# via REUTERS', an older picture's '... Evan Vucci/AP, File' or '... / Reuters file') or carry a credit label
# ('Credit: X', the New York Times' 'Credit...X').
_PHOTO_CREDIT = re.compile(
    rf"\b[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){{0,2}}\s*/\s*{_SOURCE}(?:\s+via\s+{_SOURCE})?"
    r"(?:,?\s+(?i:file)(?:\s+(?i:photo))?)?\W*$"
    r"|\b(?:Credit|CREDIT)s?\s*(?::|\.{3}|\u2026)"
)
MAX_CREDIT_WORDS = 25
MAX_OWNER_WORDS = 8


@dataclass(frozen=True)
class Credits:
    """The agency the text credits, the owner its copyright line names, and lines that are only credits."""

    agency: str | None = None
    copyright_owner: str | None = None
    lines: list[int] = field(default_factory=list)

    @property
    def source(self) -> str | None:
        """The story's source: the agency that wrote it, else the publisher that owns the page."""
        return self.agency or self.copyright_owner


def find_credits(lines: list[str]) -> Credits:
    """The first agency credit and copyright owner among `lines` (pass them in priority order)."""
    agency = owner = None
    credit_lines = []
    for index, line in enumerate(lines):
        text = " ".join(line.split())
        # A picture's credit ('Photograph: X/Reuters') names the photo's agency, not the story's.
        found_agency, whole = (None, False) if is_photo_caption(text) else agency_credit(text)
        found_owner = copyright_owner(text)
        agency = agency or found_agency
        owner = owner or found_owner
        if whole or found_owner:
            credit_lines.append(index)
    return Credits(agency=agency, copyright_owner=owner, lines=credit_lines)


def is_caption(text: str) -> bool:
    """A photo caption or credit: 'Photo: ... (Handout)', '(Image credit: X)', '... (AP Photo/X)'."""
    return _CAPTION.search(text) is not None


def ends_in_photo_credit(text: str) -> bool:
    """A line that ends in a photographer's credit or carries a credit label: a caption that is_caption
    leaves out. Apart from it because is_caption is a feature of the line classifier, and there this
    cost body F1 in cross-validation (bench/train_dump_model.py --cv)."""
    return _PHOTO_CREDIT.search(text) is not None


def is_photo_caption(text: str) -> bool:
    """A caption either way: of a form is_caption knows, or ending in its photographer's credit."""
    return is_caption(text) or ends_in_photo_credit(text)


def agency_name(text: str) -> str | None:
    """The one spelling of a wire service written as `text` ('AP' -> 'Associated Press'), else None."""
    key = " ".join(text.split()).strip(" .,;:|()-\u2013\u2014").lower()
    return _AGENCIES.get(key)


def agency_credit(line: str) -> tuple[str | None, bool]:
    """The agency a line credits ('(Reuters)', 'WASHINGTON (AP) -', '... - AFP'), and whether that
    credit is the whole line (a credit line, not prose that names its agency)."""
    text = " ".join(line.split())
    if len(text.split()) > MAX_CREDIT_WORDS and not _DATELINE_CREDIT.match(text):
        text = text[:200]
    whole = agency_name(text)
    if whole:
        return whole, True
    dateline = _DATELINE_CREDIT.match(text)
    if dateline:
        inside = dateline.group(1).split("/")[0].strip()
        return agency_name(inside) or (inside if 0 < len(inside.split()) <= 4 else None), False
    for match in _PARENTHESISED.finditer(text):
        name = agency_name(match.group(1))
        if name:
            return name, False
    trailing = _TRAILING.search(text)
    if trailing and agency_name(trailing.group(1)):
        return agency_name(trailing.group(1)), False
    return None, False


def copyright_owner(line: str) -> str | None:
    """The owner a copyright line names ('Copyright 2022 The Associated Press. All rights reserved.'
    -> 'Associated Press'; '(c) 2024 X Media Group' -> 'X Media Group'), else None."""
    text = " ".join(line.split())
    if len(text.split()) > MAX_CREDIT_WORDS:
        return None
    match = _COPYRIGHT.search(text)
    if match is None:
        return None
    marked = "\u00a9" in match.group(0) or "(c)" in match.group(0).lower()
    rest = match.group("rest")
    dated = _YEARS.match(rest) is not None
    if not (marked or dated or "rights reserved" in text.lower()):
        return None  # "Copyright infringement ...": the word in prose, not a copyright line
    owner = _YEARS.sub("", rest).strip()
    owner = _before_full_stop(_OWNER_END.split(owner, maxsplit=1)[0])
    owner = re.sub(r"\s*,?\s*(?:(?:19|20)\d{2}\s*)+$", "", owner).strip(" ,;:\u00a9")
    words = owner.split()
    if not words or len(words) > MAX_OWNER_WORDS or not (owner[0].isupper() or owner[0].isdigit()):
        return None
    return agency_name(owner) or owner


def _before_full_stop(text: str) -> str:
    """The text up to its first sentence end; 'Foo Inc.' and 'J. Doe' keep their stops."""
    for match in _FULL_STOP.finditer(text):
        word = match.group(1)
        if word.lower() not in _ABBREVIATIONS and not (len(word) == 1 and word.isupper()):
            return text[: match.start() + len(word)]
    return text
