"""JSON articles: one object, an array of them (or under "articles"/"items"/...), or JSON Lines.

Exports from CMSs, scrapers and news APIs name the same fields differently; we accept the common
spellings and take the publisher's body as clean text (converting it if it is HTML), since a
structured export has no page furniture to remove.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import html as lxml_html

from newsdrop.errors import RejectedInput
from newsdrop.models import ArticleContent
from newsdrop.parsing.metadata import date_from_url, parse_date

TITLE_FIELDS = ("title", "headline", "name")
BODY_FIELDS = ("body", "text", "content", "articleBody", "article_body", "full_text", "maintext")
DATE_FIELDS = ("published", "date", "datePublished", "published_at", "publishedAt", "pubDate", "date_publish")
URL_FIELDS = ("url", "link", "canonical_url", "uri")
AUTHOR_FIELDS = ("authors", "author", "byline", "creator")
SITE_FIELDS = ("source", "site", "site_name", "publisher", "source_name", "sitename")
LEAD_FIELDS = ("lead", "summary", "description", "abstract", "standfirst")
LANGUAGE_FIELDS = ("language", "lang", "inLanguage")
# Containers that exports wrap their list of articles in.
LIST_FIELDS = ("articles", "items", "data", "results", "docs", "documents", "entries", "posts", "hits")

_TAG = re.compile(r"<(?:p|div|br|span|a|em|strong|h[1-6]|ul|li|blockquote)\b[^>]*>", re.I)
_BLOCKS = ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "td")


def json_articles(text: str, kind: str) -> list[ArticleContent]:
    """Articles of a JSON ("json") or JSON Lines ("jsonl") text, in order; elements without text are skipped."""
    documents = list(_documents(text, kind))
    articles: list[ArticleContent] = []
    skipped = 0
    for document in documents:
        article = article_from_object(document, kind) if isinstance(document, dict) else None
        if article is None:
            skipped += 1
        else:
            articles.append(article)
    if not articles:
        raise RejectedInput("no article text found", kind)
    if skipped:
        note = f"skipped {skipped} of {len(documents)} JSON elements without article text"
        articles = [article.model_copy(update={"notes": [*article.notes, note]}) for article in articles]
    return articles


def article_from_object(document: dict[str, Any], kind: str = "json") -> ArticleContent | None:
    """One article from one object, or None when it has no body text."""
    fields = {key.lower(): value for key, value in document.items()}
    body = _paragraphs(_first(fields, BODY_FIELDS))
    if not body:
        return None
    url = _string(_first(fields, URL_FIELDS))
    published = _date(_first(fields, DATE_FIELDS))
    return ArticleContent(
        title=_string(_first(fields, TITLE_FIELDS)) or "",
        body=body,
        lead=_string(_first(fields, LEAD_FIELDS)),
        authors=_people(_first(fields, AUTHOR_FIELDS)),
        published=published or date_from_url(url),
        site=_name(_first(fields, SITE_FIELDS)),
        url=url,
        language=(_string(_first(fields, LANGUAGE_FIELDS)) or "").split("-")[0].lower() or None,
        format=kind,
    )


def _documents(text: str, kind: str) -> Iterator[Any]:
    if kind == "jsonl":
        for line in text.splitlines():
            if line.strip():
                try:
                    yield json.loads(line)
                except ValueError:
                    yield None  # a broken line is counted as skipped, the rest still parse
        return
    data = json.loads(text)
    if isinstance(data, dict):
        wrapped = next((data[key] for key in LIST_FIELDS if isinstance(data.get(key), list)), None)
        if wrapped is not None and not _first({k.lower(): v for k, v in data.items()}, BODY_FIELDS):
            yield from wrapped
            return
        yield data
    elif isinstance(data, list):
        yield from data


def _first(fields: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = fields.get(name.lower())
        if value not in (None, "", [], {}):
            return value
    return None


def _string(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((item for item in value if item), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("@id")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _name(value: Any) -> str | None:
    return _string(value)


def _people(value: Any) -> list[str]:
    """Authors as a string ('A, B and C'), a list of strings, or objects with a name."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        text = _string(item)
        if text is None:
            continue
        if isinstance(item, str):
            text = re.sub(r"^by\s+", "", text, flags=re.I)
            names.extend(part for part in re.split(r"\s*(?:,|;|\band\b|&)\s*", text) if part)
        else:
            names.append(text)
    return list(dict.fromkeys(names))


def _date(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        from datetime import UTC, datetime

        seconds = value / 1000 if value > 10**11 else value  # epoch milliseconds or seconds
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    return parse_date(_string(value))


def _paragraphs(value: Any) -> list[str]:
    """Paragraphs of a body given as text, HTML, or a list of paragraphs."""
    if isinstance(value, list):
        return [p for item in value for p in _paragraphs(item)]
    text = value if isinstance(value, str) else None
    if text is None and isinstance(value, dict):
        text = _string(value.get("text") or value.get("value"))
    if not text or not text.strip():
        return []
    if _TAG.search(text):
        return _html_paragraphs(text)
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [" ".join(block.split()) for block in blocks if block.strip()]


def _html_paragraphs(fragment: str) -> list[str]:
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml_html.etree.ParserError):
        return [" ".join(re.sub(r"<[^>]+>", " ", fragment).split())]
    for node in root.iter("script", "style"):
        node.drop_tree()
    for node in root.iter(*_BLOCKS, "br"):
        node.tail = "\n\n" + (node.tail or "")
        if node.tag != "br":
            node.text = "\n\n" + (node.text or "")
    text = root.text_content()
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]
