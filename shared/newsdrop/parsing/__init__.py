"""Extraction: one raw file in, its article(s) out. Pure functions, no AWS.

`parse_file` is the entry point the pipeline needs: it detects the format from the content (the
name is a hint), extracts each article, then adds dateline, lead, language and named entities.
`parse_stream` does the same from a file object, so a WARC archive is read record by record.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import BinaryIO

from newsdrop.errors import RejectedInput
from newsdrop.models import ArticleContent
from newsdrop.parsing.compressed import gunzip, gunzip_head
from newsdrop.parsing.decode import decode
from newsdrop.parsing.detect import sniff_binary, sniff_text
from newsdrop.parsing.enrich import enrich
from newsdrop.parsing.html import extract_html
from newsdrop.parsing.json_articles import json_articles
from newsdrop.parsing.pdf import pdf_text
from newsdrop.parsing.text_dump import extract_text_dump
from newsdrop.parsing.warc import warc_articles
from newsdrop.settings import get_settings

__all__ = ["parse_file", "parse_stream"]

# gzip inside gzip is allowed once (a .warc.gz re-compressed by a careless tool); deeper is abuse.
MAX_NESTING = 2
_SNIFF_BYTES = 1 << 16


def parse_file(data: bytes, filename: str, received_at: datetime | None = None) -> list[ArticleContent]:
    """Detect the format from content (extension only as a hint), extract article(s).
    `received_at` (the upload time) resolves relative dates a page shows ("8 hours ago").
    Raises RejectedInput(reason, detected_type) for binary/empty/undecodable/unknown/no-article input."""
    return _parse(data, filename, received_at, depth=0)


def parse_stream(stream: BinaryIO, filename: str, received_at: datetime | None = None) -> list[ArticleContent]:
    """Like parse_file, from a file object: WARC archives are streamed record by record; anything
    else is read whole, up to the upload size limit (it must fit in memory to be parsed anyway)."""
    head = stream.read(_SNIFF_BYTES)
    kind = sniff_binary(head)
    inner = gunzip_head(head) if kind == "gzip" else b""
    if kind == "warc" or inner.startswith(b"WARC/"):
        return warc_articles(_Prefixed(head, stream), _warc_article)
    limit = get_settings().max_object_bytes
    rest = stream.read(limit + 1 - len(head)) if len(head) == _SNIFF_BYTES else b""
    if len(head) + len(rest) > limit:
        raise RejectedInput(f"file is over the limit of {limit} bytes", "too-large")
    return parse_file(head + rest, filename, received_at)


def _parse(data: bytes, filename: str, received_at: datetime | None, depth: int) -> list[ArticleContent]:
    if not data.strip():
        raise RejectedInput("empty file", "empty")
    binary = sniff_binary(data)
    if binary == "gzip":
        return _parse_gzip(data, filename, received_at, depth)
    if binary == "warc":
        return warc_articles(io.BytesIO(data), _warc_article)
    if binary == "pdf":
        return [enrich(_from_pdf(data, received_at))]
    if binary is not None:
        raise RejectedInput(f"unsupported binary file ({binary})", binary)
    text, _encoding = decode(data)
    kind = sniff_text(text, filename)
    if kind == "html":
        return [enrich(_from_html(text))]
    if kind == "text":
        return [enrich(_from_text(text, received_at=received_at))]
    if kind in {"json", "jsonl"}:
        return [enrich(article) for article in json_articles(text, kind)]
    raise RejectedInput(f"unsupported format ({kind})", kind)


def _parse_gzip(data: bytes, filename: str, received_at: datetime | None, depth: int) -> list[ArticleContent]:
    if depth >= MAX_NESTING:
        raise RejectedInput("gzip nested too deep", "gzip")
    if gunzip_head(data).startswith(b"WARC/"):
        return warc_articles(io.BytesIO(data), _warc_article)  # warcio inflates record by record
    inner_name = filename[:-3] if filename.lower().endswith(".gz") else filename
    articles = _parse(gunzip(data), inner_name, received_at, depth + 1)
    return [article.model_copy(update={"notes": [*article.notes, "decompressed from gzip"]}) for article in articles]


def _from_html(text: str, url: str | None = None, kind: str = "html") -> ArticleContent:
    page = extract_html(text, url)
    return ArticleContent(
        title=page.title or "",
        body=page.body,
        lead=page.description,
        authors=page.authors,
        published=page.published,
        site=page.site,
        url=page.url,
        format=kind,
    )


def _warc_article(html: str, url: str | None) -> ArticleContent:
    return enrich(_from_html(html, url, kind="warc"))


def _from_text(text: str, kind: str = "text", received_at: datetime | None = None) -> ArticleContent:
    dump = extract_text_dump(text, received_at)
    return ArticleContent(
        title=dump.title,
        body=dump.body,
        dateline=dump.dateline,
        authors=dump.authors,
        published=dump.published,
        published_approximate=dump.published_approximate,
        site=dump.site,
        language=dump.language,
        format=kind,
    )


def _from_pdf(data: bytes, received_at: datetime | None) -> ArticleContent:
    text, title = pdf_text(data)
    article = _from_text(text, kind="pdf", received_at=received_at)
    return article.model_copy(update={"title": title}) if title else article


class _Prefixed(io.RawIOBase):
    """A stream's already-read head put back in front of the rest, for readers that need the start."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        chunk = self._rest.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)
