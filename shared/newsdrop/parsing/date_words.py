"""The words pages print around dates, in English, Spanish, Portuguese, Italian, French, German,
Russian and Dutch: month names, relative-time units, 'yesterday', and published/updated labels.

A compact table instead of `dateparser` (megabytes of locale data for eight languages' months).
Keys are lower case without a trailing full stop.
"""

from __future__ import annotations


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTH_NAMES = (
    # en
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    # es
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ene feb mar abr may jun jul ago sep oct nov dic",
    # pt
    "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "jan fev mar abr mai jun jul ago set out nov dez",
    # it
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "gen feb mar apr mag giu lug ago set ott nov dic",
    # fr
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "janv févr mars avr mai juin juil août sept oct nov déc",
    # de
    "januar februar märz april mai juni juli august september oktober november dezember",
    "jan feb mär apr mai jun jul aug sep okt nov dez",
    # nl
    "januari februari maart april mei juni juli augustus september oktober november december",
    "jan feb mrt apr mei jun jul aug sep okt nov dec",
    # ru: the genitive that dates use ("19 ноября"), then the nominative and abbreviations
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "янв фев мар апр мая июн июл авг сен окт ноя дек",
)
MONTHS: dict[str, int] = {name: number for row in _MONTH_NAMES for number, name in enumerate(row.split(), start=1)} | {
    "sept": 9,
    "setiembre": 9,
    "maerz": 3,
    "jänner": 1,
    "févr": 2,
    "sent": 9,
    "нояб": 11,
    "сент": 9,
}

WEEKDAYS = _set("monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun")

# Relative-time units by how a word begins (longest first wins), in seconds.
_MINUTE, _HOUR, _DAY = 60, 3600, 86400
UNIT_PREFIXES: tuple[tuple[str, int], ...] = tuple(
    sorted(
        {
            **dict.fromkeys(("sec", "seg", "sek", "сек"), 1),
            **dict.fromkeys(("min", "мин"), _MINUTE),
            **dict.fromkeys(("hour", "hora", "heure", "stund", "ora", "ore", "uur", "час"), _HOUR),
            **dict.fromkeys(("day", "día", "dia", "jour", "tag", "giorn", "dag", "ден", "дня", "дне"), _DAY),
            **dict.fromkeys(("week", "seman", "semain", "woche", "settiman", "недел"), 7 * _DAY),
            **dict.fromkeys(("month", "mes", "mês", "mois", "monat", "maand", "месяц"), 30 * _DAY),
            **dict.fromkeys(("year", "año", "ano", "anni", "anno", "année", "jahr", "jaar", "год", "лет"), 365 * _DAY),
        }.items(),
        key=lambda item: -len(item[0]),
    )
)
# Short unit spellings that are whole words ("2h ago", "5m ago", "il y a 3 ans").
UNIT_WORDS = {"s": 1, "m": _MINUTE, "h": _HOUR, "hr": _HOUR, "hrs": _HOUR, "d": _DAY, "w": 7 * _DAY}
UNIT_WORDS |= {"wk": 7 * _DAY, "wks": 7 * _DAY, "mo": 30 * _DAY, "y": 365 * _DAY, "yr": 365 * _DAY}
UNIT_WORDS |= {"an": 365 * _DAY, "ans": 365 * _DAY, "j": _DAY, "std": _HOUR, "ч": _HOUR, "д": _DAY}

# Words that mean "one" where a number would stand ("a day ago", "il y a une heure").
ONE = _set("a an one un une um uma ein eine einem einer uno una een один одну одна")

# "N units ago" after the number, or "ago N units" before it.
AGO_AFTER = ("ago", "fa", "назад", "geleden", "atrás", "atras")
AGO_BEFORE = ("hace", "há", "ha", "il y a", "vor")

# Days back from the reference: "yesterday" and "today" in the eight languages.
DAYS_BACK = dict.fromkeys(("yesterday", "ayer", "ontem", "hier", "gestern", "ieri", "вчера", "gisteren"), 1)
DAYS_BACK |= dict.fromkeys(("today", "hoy", "hoje", "aujourd'hui", "heute", "oggi", "сегодня", "vandaag"), 0)
DAYS_BACK |= dict.fromkeys(("just now", "à l'instant", "gerade eben", "agora mesmo", "ahora mismo"), 0)

PUBLISHED_LABELS = (
    *("first published", "published", "posted", "publicado", "publicada", "publié", "publiée", "pubblicato"),
    *("veröffentlicht", "erschienen", "опубликовано", "gepubliceerd", "date", "dated"),
    *("기사입력", "입력", "등록", "公開日", "投稿日", "掲載日", "发布时间", "發布時間", "发表时间", "發表時間"),
)
UPDATED_LABELS = (
    *("last updated", "updated", "modified", "last modified", "edited", "actualizado", "atualizado"),
    *("mis à jour", "modifié", "aggiornato", "aktualisiert", "обновлено", "bijgewerkt", "gewijzigd"),
    *("최종수정", "수정", "更新日", "更新时间", "更新時間"),
)

# Words a date line may carry besides the date itself ('on', 'at', French 'le', German 'um', 'Uhr').
FILLER = (
    _set("on at the of le à de del do da em el um uhr alle ore om в года and et y e am pm a.m p.m ago by read min mins")
    | WEEKDAYS
    | {"\u0433"}  # Russian "g." (the abbreviation of "year") after a date
)


def unit_seconds(word: str) -> int | None:
    """Seconds in one of the relative-time unit `word` names ('hours' -> 3600), else None."""
    word = word.lower().rstrip(".")
    if word in UNIT_WORDS:
        return UNIT_WORDS[word]
    return next((seconds for prefix, seconds in UNIT_PREFIXES if word.startswith(prefix)), None)
