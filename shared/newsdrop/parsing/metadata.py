"""Article metadata from what a page states about itself: JSON-LD, then meta tags, then the text.

Publishers put the most deliberate values in JSON-LD (for search engines), the next in Open Graph
and article:* meta tags; what a page merely shows (a date line, a URL with /2016/03/03/) is least
trusted. Each field takes the first source, in that order, that has it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxml import html as lxml_html

_ARTICLE_TYPES = re.compile(r"(?:Article|BlogPosting|Report|NewsArticle|WebPage|LiveBlogPosting)$")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|$|[-_])")

# Zone abbreviations news pages print, as UTC offsets in seconds (dateutil knows only UTC/GMT);
# ambiguous ones (IST: India or Ireland) take the more common reading on English news sites.
ZONES = {
    **dict.fromkeys(("UTC", "GMT", "Z"), 0),
    **{"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600},
    **{"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600},
    **{"BST": 3600, "CET": 3600, "CEST": 7200, "IST": 19800, "JST": 9 * 3600, "AEST": 10 * 3600},
}
_META_DATE = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
)
_META_AUTHOR = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl")
_META_TITLE = ("og:title", "twitter:title", "headline", "dc.title")
_META_SITE = ("og:site_name", "application-name", "publisher", "twitter:site")
_META_DESCRIPTION = ("og:description", "description", "twitter:description")


@dataclass
class PageMeta:
    """What a page says about itself; every field optional."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    site: str | None = None
    url: str | None = None
    description: str | None = None
    body: str | None = None  # JSON-LD articleBody, a fallback when extraction finds nothing
    url_date: datetime | None = None  # the least trusted date: from the URL's path


def page_metadata(tree: lxml_html.HtmlElement) -> PageMeta:
    """Read JSON-LD and meta tags of a parsed page, JSON-LD winning where both speak."""
    meta = _meta_tags(tree)
    ld = _json_ld_article(tree)
    canonical = tree.xpath("//link[translate(@rel,'CANONICAL','canonical')='canonical']/@href")
    url = _text(ld.get("url")) or (canonical[0].strip() if canonical else None) or _first(meta, ("og:url",))
    published = parse_date(_text(ld.get("datePublished")) or _text(ld.get("dateCreated")))
    published = published or next((d for d in (parse_date(meta.get(n)) for n in _META_DATE) if d), None)
    return PageMeta(
        title=_text(ld.get("headline")) or _first(meta, _META_TITLE),
        authors=_ld_people(ld.get("author")) or _split_names(_first(meta, _META_AUTHOR)),
        published=published,
        site=_ld_name(ld.get("publisher")) or _first(meta, _META_SITE),
        url=url,
        description=_text(ld.get("description")) or _first(meta, _META_DESCRIPTION),
        body=ld["articleBody"] if isinstance(ld.get("articleBody"), str) else None,
        url_date=date_from_url(url),
    )


def parse_date(value: str | None) -> datetime | None:
    """An ISO 8601 or common written date, keeping its time zone when it has one."""
    if not value or not (value := value.strip()):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    from dateutil import parser as date_parser

    try:
        parsed = date_parser.parse(value, fuzzy=False, tzinfos=ZONES)
    except (ValueError, OverflowError):
        return None
    return parsed if 1900 <= parsed.year <= 2100 else None


def date_from_url(url: str | None) -> datetime | None:
    """The date many sites put in their article paths: /2016/03/03/slug. No time, no zone."""
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    try:
        return datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _meta_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.iter("meta"):
        name = (node.get("property") or node.get("name") or node.get("itemprop") or "").strip().lower()
        content = (node.get("content") or "").strip()
        if name and content:
            found.setdefault(name, content)
    return found


def _json_ld_article(tree: lxml_html.HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object typed as an article (looking inside @graph and lists)."""
    for script in tree.xpath("//script[contains(translate(@type,'LDJSON','ldjson'),'ld+json')]"):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        for item in _walk(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            typed = any(isinstance(kind, str) and _ARTICLE_TYPES.search(kind) for kind in kinds)
            if typed and (item.get("headline") or item.get("articleBody") or "Article" in str(kinds)):
                return item
    return {}


def _walk(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for element in data for item in _walk(element)]
    if isinstance(data, dict):
        return [data, *_walk(data.get("@graph", []))]
    return []


def _ld_people(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = [_ld_name(item) for item in values]
    return [name for name in names if name]


def _ld_name(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _first(meta: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((meta[name.lower()] for name in names if meta.get(name.lower())), None)


def _split_names(value: str | None) -> list[str]:
    """'Jane Doe, John Roe and Ann Poe' -> three names; URLs (profile links) are not names."""
    if not value or value.startswith("http"):
        return []
    value = re.sub(r"^by\s+", "", value.strip(), flags=re.I)
    return [name.strip() for name in re.split(r"\s*(?:,|;|\band\b|&)\s*", value) if name.strip()]
