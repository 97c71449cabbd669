"""Is this run of words a person's name? The test bylines and credits share.

A name is 2 to 4 capitalised words, allowing initials ("Michael T. Flynn"), particles inside
("Ludwig van Beethoven", "Bashar al-Assad"), hyphens, apostrophes, non-ASCII letters and a
generational suffix ("Jr."). Words that name desks, roles, outlets, days and months are never
part of a person's name, so "Sports Desk", "Staff Writer" or "Associated Press" are not people.
A name printed in capitals ("JOHN SMITH") is accepted in capitals-only text and title-cased.
"""

from __future__ import annotations

MIN_NAME_WORDS = 2
MAX_NAME_WORDS = 4

PARTICLES = frozenset(
    {"de", "del", "della", "der", "den", "di", "da", "das", "do", "dos", "du", "la", "le", "van", "von"}
    | {"ter", "al", "el", "bin", "ibn", "ben", "bint"}
)
_SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"})
_PREFIXES = ("al-", "el-", "d'", "d\u2019", "l'", "l\u2019")

# Lower-cased words that belong to desks, roles, outlets and calendars, never to a person's name.
NOT_PERSON = frozenset(
    {"staff", "desk", "writer", "writers", "reporter", "reporters", "correspondent", "correspondents"}
    | {"editor", "editors", "editorial", "contributor", "contributors", "columnist", "journalist"}
    | {"news", "newsroom", "service", "services", "press", "associated", "agency", "agencies", "team"}
    | {"bureau", "online", "digital", "media", "wire", "wires", "web", "sport", "sports", "business"}
    | {"politics", "world", "local", "national", "international", "board", "report", "reports"}
    | {"times", "post", "herald", "tribune", "journal", "gazette", "daily", "weekly", "mail", "today"}
    | {"usa", "network", "group", "radio", "tv", "television", "magazine", "admin", "guest", "author"}
    | {"reuters", "bloomberg", "afp", "ap", "upi", "dpa", "efe", "ansa", "cnn", "bbc", "mailonline"}
    | {"photo", "photos", "video", "opinion", "analysis", "special", "senior", "chief", "new"}
    | {"updated", "published", "posted", "by", "the", "and", "for", "in", "of", "contributed"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"january", "february", "march", "april", "may", "june", "july", "august", "september"}
    | {"october", "november", "december", "sept", "jan", "feb", "mar", "apr", "jun", "jul", "aug"}
    | {"oct", "nov", "dec"}
)


def person_name(words: list[str], *, capitals: bool = False) -> str | None:
    """The name these words spell, or None when they are not (only) a person's name.

    `capitals`: the surrounding text is all capitals, so capitalised words are name words too.
    """
    if not words or words[0].lower() in PARTICLES or words[-1].lower() in PARTICLES:
        return None
    counted = 0
    for word in words:
        kind = word_kind(word, capitals=capitals)
        if kind is None:
            return None
        counted += kind == "word"
    if not MIN_NAME_WORDS <= counted <= MAX_NAME_WORDS:
        return None
    return " ".join(_title(word) if capitals else word for word in words)


def word_kind(word: str, *, capitals: bool = False) -> str | None:
    """'word', 'initial', 'particle' or 'suffix' when `word` can stand in a name, else None."""
    lowered = word.lower()
    if lowered in _SUFFIXES and word[0].isupper():
        return "suffix"
    if lowered in PARTICLES and (word.islower() or capitals):
        return "particle"
    if _is_initials(word):
        return "initial"
    if lowered.startswith(_PREFIXES):
        return _prefixed(word)
    core = word.replace("-", "").replace("'", "").replace("\u2019", "")
    plausible = word[0].isupper() and core.isalpha() and len(core) >= 2 and lowered.strip(".") not in NOT_PERSON
    # In mixed-case text a word in capitals after a name is an outlet ("USA TODAY"), not more name.
    return "word" if plausible and (capitals or not word.isupper()) else None


def _prefixed(word: str) -> str | None:
    """'al-Assad', "d'Estaing": a lower-case prefix glued to a capitalised name."""
    for prefix in _PREFIXES:
        if word.lower().startswith(prefix):
            rest = word[len(prefix) :]
            return "word" if rest[:1].isupper() and rest.replace("-", "").isalpha() else None
    return None


def _is_initials(word: str) -> bool:
    """'T.', 'J.R.', 'J.-P.': capital letters each followed by a full stop."""
    letters = word.replace("-", "").split(".")
    return word.endswith(".") and all(len(part) == 1 and part.isupper() for part in letters[:-1])


def _title(word: str) -> str:
    if _is_initials(word) or word.lower() in PARTICLES:
        return word if _is_initials(word) else word.lower()
    titled = "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
    if len(titled) > 2 and titled[1] in "'\u2019":  # O'BRIEN -> O'Brien
        titled = titled[:2] + titled[2].upper() + titled[3:]
    return titled
