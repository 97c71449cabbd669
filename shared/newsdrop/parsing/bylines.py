"""Authors from the byline and credit lines of a page dump.

A line is a byline when it is short and reads as one of the shapes sites print: a cue and a list of
names ("By X and Y", "Posted on DATE by X", "Author: X", "Por X"), a list of names with an outlet or
role ("X, Reuters", "X | Staff writer", "X and Y USA TODAY"), credit clauses ("Reporting by X;
Editing by Y": reporters and writers are authors, editors are not) or a contribution note
("Associated Press writer X in PLACE contributed to this report"). Whatever follows the names
must look like an outlet, a role, a place or a date, never like prose, which keeps "By the end of
the year ..." out. Names are checked by `person_names`, so a desk ("Sports Desk") is no author,
though "By Sports Desk" is still a byline line the body should lose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsdrop.parsing.credits import agency_name
from newsdrop.parsing.person_names import NOT_PERSON, person_name, word_kind

MAX_BYLINE_WORDS = 40
MAX_TAIL_WORDS = 12
_OUTLET_WORDS = frozenset({"post", "times", "herald", "tribune", "journal", "gazette", "news", "press", "mail"})
_ROLE_WORDS = frozenset(
    {"staff", "writer", "writers", "reporter", "correspondent", "contributor", "editor", "columnist", "desk"}
)
# Lower-case words a byline may carry after the names: roles, places, dates, reading times.
_TAIL_WORDS = frozenset(
    {"for", "in", "at", "on", "of", "the", "to", "and", "from", "with", "via", "a", "an", "am", "pm", "a.m."}
    | {"p.m.", "ago", "hours", "hour", "minutes", "minute", "mins", "min", "days", "day", "read", "updated"}
    | {"published", "posted", "de", "du", "la", "le", "el", "em", "di", "da", "del", "von", "der", "und", "e"}
    | {"y", "et", "en", "special", "senior", "chief", "political", "staff", "writer", "reporter", "editor"}
    | {"correspondent", "contributor", "columnist", "news", "sports", "desk"}
)
_AND = frozenset({"and", "&", "und", "y", "e", "et", "en", "\u0438"})
_TOKEN = re.compile(r"[^\s,;|/\u00b7\u2022]+|[,;|/\u00b7\u2022]")
# The author's account on a social network, written after the name ('Jane Doe @janedoe').
_HANDLE = re.compile(r"^@\w{1,30}$")
_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
_CUE = re.compile(r"^(?:(?:written|words|story|text|reporting)\s+)?(?:by|por|par|von|door|di)\s+(?=\S)", re.I)
_LABEL = re.compile(
    r"^(?:authors?|autor(?:es|in)?|auteurs?|autore|\u0430\u0432\u0442\u043e\u0440|byline|writer|reporter)\s*:\s*",
    re.I,
)
_POSTED_BY = re.compile(r"^(?P<pre>.{0,80}?)\bby\s+(?=\S)", re.I)
_POSTED = re.compile(r"^\W*(?:posted|published|written|updated|submitted|uploaded|last updated)\b", re.I)
_CLAUSE_SPLIT = re.compile(r"\s*;\s*|,\s*(?=(?:[\w-]+\s+){0,2}by\b)|(?<=[a-z])\.\s+(?=[A-Z][\w -]{0,30}\bby\b)", re.I)
_CLAUSE = re.compile(r"^(?P<role>[A-Za-z][\w -]{0,40}?)\s+by\s+(?P<names>.+?)\.?$", re.I)
_AUTHOR_ROLES = frozenset({"reporting", "reported", "writing", "written", "research", "compiled", "story", "text"})
_OTHER_ROLES = frozenset(
    {"editing", "edited", "graphics", "photos", "photography", "photo", "video", "design", "designed"}
    | {"production", "produced", "translation", "translated", "fact-checking", "illustration", "illustrations"}
)
_PLACE = re.compile(r"\s+(?:in|from)\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)*")
_CONTRIBUTED = re.compile(r"^(?P<pre>.+?)\s+contributed\b(?P<post>.*)$", re.I)
_CONTRIBUTOR_ROLE = re.compile(
    r"^(?:(?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}\s+)?(?:staff\s+)?"
    r"(?:writers?|reporters?|correspondents?|journalists?|researchers?)\s+",
    re.I,
)


@dataclass(frozen=True)
class Bylines:
    """The authors the byline lines name, and which input lines were byline lines (to leave the body)."""

    authors: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def find_bylines(lines: list[str]) -> Bylines:
    """Authors of all byline and credit lines among `lines`, in order and without repeats.

    A bare name followed by a line that is only a role or outlet ("Staff Writer") counts as one byline.
    """
    authors: list[str] = []
    found: list[int] = []
    for index, line in enumerate(lines):
        names = byline_authors(line)
        if names is None and index + 1 < len(lines) and _is_role_line(lines[index + 1]):
            names, rest = _parse_names(_clean(line))
            if not names or rest.strip():
                continue
            found.append(index + 1)
        if names is None:
            continue
        found.append(index)
        authors.extend(name for name in names if name.casefold() not in {a.casefold() for a in authors})
    return Bylines(authors=authors, lines=sorted(set(found)))


def byline_authors(line: str) -> list[str] | None:
    """The people one line names as authors; [] for a byline naming no person; None for no byline."""
    text = _clean(line)
    if not text or len(text.split()) > MAX_BYLINE_WORDS:
        return None
    for reader in (_credit_clauses, _contribution, _cued, _uncued):
        names = reader(text)
        if names is not None:
            return names
    return None


def _cued(text: str) -> list[str] | None:
    """'By X and Y, Reuters', 'Posted on March 3, 2016 by X', 'Author: X', 'Por X'."""
    match = _CUE.match(text) or _LABEL.match(text)
    if match is None:
        match = _POSTED_BY.match(text)
        if match is None or not _is_posted_prefix(match.group("pre")):
            return None
    rest_of_line = text[match.end() :]
    names, rest = _parse_names(rest_of_line)
    if names:
        return names if _is_tail(rest) else None
    return [] if _is_desk(rest_of_line) else None


def _uncued(text: str) -> list[str] | None:
    """'X, Reuters', 'X | Staff writer', 'X and Y USA TODAY', 'X | March 3, 2020', 'X @handle'."""
    names, rest = _parse_names(text)
    rest = rest.strip()
    if not names or not rest:
        return None
    separated = rest[0] in ",|/-\u2013\u2014\u00b7\u2022:"
    tail = rest.lstrip(",|/-\u2013\u2014\u00b7\u2022: ")
    words = tail.split()
    capitals = tail.isupper() and len(words) <= 4
    handles = bool(words) and all(_HANDLE.match(word) for word in words)
    if not (separated or capitals or handles) or not words or len(words) > 6 or not _is_tail(tail):
        return None
    role = any(word.lower().strip(".,") in _ROLE_WORDS for word in words)
    dated = re.search(r"\b(?:19|20)\d{2}\b|\bago\b", tail) is not None
    return names if role or capitals or handles or dated or agency_name(tail) else None


def _credit_clauses(text: str) -> list[str] | None:
    """'Reporting by X and Y in PLACE; Additional reporting by Z; Writing by W; Editing by V'."""
    clauses = [clause for clause in _CLAUSE_SPLIT.split(text.rstrip(".")) if clause]
    authors: list[str] = []
    known = False
    for clause in clauses:
        match = _CLAUSE.match(clause)
        if match is None:
            return None
        roles = set(match.group("role").lower().split())
        names, rest = _parse_names(_PLACE.sub("", match.group("names")))
        if not names or not _is_tail(rest):
            return None
        known = known or bool(roles & (_AUTHOR_ROLES | _OTHER_ROLES))
        if roles & _AUTHOR_ROLES:
            authors.extend(names)
    return authors if known else None


def _contribution(text: str) -> list[str] | None:
    """'Associated Press writer X in PLACE contributed to this report.'; 'Reuters contributed.' names nobody."""
    match = _CONTRIBUTED.match(text)
    if match is None or len(match.group("post").split()) > 8:
        return None
    post = match.group("post").strip(" .").lower()
    if post and not post.startswith(("to ", "reporting", "from ", "additional")):
        return None
    pre = _CONTRIBUTOR_ROLE.sub("", match.group("pre"), count=1)
    names, rest = _parse_names(_PLACE.sub("", pre))
    if names:
        return names if not rest.strip(" ,.") else None
    return [] if agency_name(pre) or _is_desk(pre) else None


def _parse_names(text: str) -> tuple[list[str], str]:
    """Names at the start of `text` ('X, Y and Z'), and the text after the last one."""
    tokens = list(_TOKEN.finditer(text))
    head = re.split(r"[,|;/\u2013\u2014]|\s-\s|\s+(?i:for)\s+", text, maxsplit=1)[0]
    capitals = not any(char.islower() for char in head) and any(char.isalpha() for char in head)
    names: list[str] = []
    start, rest_at = 0, 0
    while start < len(tokens):
        end = start
        while end < len(tokens) and word_kind(tokens[end].group(), capitals=capitals):
            end += 1
        name, used = _longest_name(
            [t.group() for t in tokens[start:end]], tokens[end].group() if end < len(tokens) else ""
        )
        if name is None:
            break
        names.append(name)
        rest_at = tokens[start + used - 1].end()
        start = _after_separator(tokens, start + used)
        if start is None:
            break
    return names, text[rest_at:] if names else text


def _longest_name(words: list[str], following: str) -> tuple[str | None, int]:
    """The longest name the words open with; an outlet right after ('Doe Washington Post') keeps its word."""
    longest = min(len(words), 6)
    if longest == len(words) and longest >= 3 and following.lower() in _OUTLET_WORDS:
        longest -= 1
    for size in range(longest, 1, -1):
        name = person_name(words[:size], capitals=all(not c.islower() for c in "".join(words)))
        if name:
            return name, size
    return None, 0


def _after_separator(tokens: list[re.Match[str]], at: int) -> int | None:
    """Where the next name starts after ',', 'and', '&' or ', and'; None when no list separator follows."""
    if at < len(tokens) and tokens[at].group() == ",":
        at += 1
        if at < len(tokens) and tokens[at].group().lower() in _AND:
            at += 1
        return at
    if at < len(tokens) and tokens[at].group().lower() in _AND:
        return at + 1
    return None


def _is_tail(rest: str) -> bool:
    """What may follow the names: outlet, role, place, date; at most one word that reads as prose."""
    words = rest.split()
    if len(words) > MAX_TAIL_WORDS:
        return False
    prose = [w for w in words if w[:1].islower() and w.strip(".,:;|()").lower() not in _TAIL_WORDS]
    return len(prose) <= 1 and not (prose and rest.rstrip().endswith((".", "!", "?")))


def _is_desk(text: str) -> bool:
    """'Sports Desk', 'Staff', 'Associated Press', 'Web Desk': a byline without a person."""
    words = [w.strip(".,|:") for w in text.split() if w.strip(".,|:")]
    if not words or len(words) > 5 or not all(w[:1].isupper() or w in {"and", "&", "of"} for w in words):
        return False
    return agency_name(text) is not None or any(w.lower() in NOT_PERSON for w in words)


def _is_role_line(line: str) -> bool:
    text = _clean(line)
    words = text.split()
    return 0 < len(words) <= 4 and (
        any(w.lower().strip(".,") in _ROLE_WORDS for w in words) or agency_name(text) is not None
    )


def _is_posted_prefix(pre: str) -> bool:
    """What may stand before 'by' in a byline: nothing, 'Posted on', or a short date."""
    if not pre.strip(" |-\u2013\u2014\u00b7"):
        return True
    if _POSTED.match(pre):
        return True
    return any(char.isdigit() for char in pre) and len(pre.split()) <= 8 and _is_tail(pre)


def _clean(line: str) -> str:
    """The line without bullets, emphasis marks and wrapping parentheses."""
    text = " ".join(line.split()).strip("*_#>\u2022 ")
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return text.removeprefix("- ").strip()
