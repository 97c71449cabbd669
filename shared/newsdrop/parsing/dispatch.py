"""One raw file in, its articles out: detect the format from the content, call its reader, enrich.

Every reader returns `ArticleContent`; `enrich` then derives what the formats share (dateline,
lead, language, entities). The limits come in as arguments, so the caller (the parse stage, the
CLI, a benchmark) decides them and parsing reads no environment.
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
from newsdrop.parsing.enrich import add_entities, derive_fields
from newsdrop.parsing.html import html_article
from newsdrop.parsing.json_articles import json_articles
from newsdrop.parsing.pdf import pdf_article
from newsdrop.parsing.text_dump import extract_text_dump
from newsdrop.parsing.warc import warc_articles
from newsdrop.settings import ParseLimits

# gzip inside gzip is allowed once (a .warc.gz re-compressed by a careless tool); deeper is abuse.
MAX_NESTING = 2
_SNIFF_BYTES = 1 << 16


def parse_file(
    data: bytes, filename: str, *, limits: ParseLimits | None = None, received_at: datetime | None = None
) -> list[ArticleContent]:
    """Detect the format from content (extension only as a hint), extract article(s).

    `limits` default to ParseLimits' defaults; `received_at` (the upload time) resolves relative
    dates a page shows ("8 hours ago"). Raises RejectedInput(reason, detected_type) for binary,
    empty, undecodable, unknown or article-less input.
    """
    return _parse(data, filename, limits or ParseLimits(), received_at, depth=0)


def parse_stream(
    stream: BinaryIO, filename: str, *, limits: ParseLimits | None = None, received_at: datetime | None = None
) -> list[ArticleContent]:
    """Like parse_file, from a file object: WARC archives are streamed record by record; anything
    else is read whole, up to the upload size limit (it must fit in memory to be parsed anyway)."""
    limits = limits or ParseLimits()
    head = stream.read(_SNIFF_BYTES)
    kind = sniff_binary(head)
    inner = gunzip_head(head) if kind == "gzip" else b""
    if kind == "warc" or inner.startswith(b"WARC/"):
        return _enriched(warc_articles(_Prefixed(head, stream)), limits)
    limit = limits.max_object_bytes
    rest = stream.read(limit + 1 - len(head)) if len(head) == _SNIFF_BYTES else b""
    if len(head) + len(rest) > limit:
        raise RejectedInput(f"file is over the limit of {limit} bytes", "too-large")
    return parse_file(head + rest, filename, limits=limits, received_at=received_at)


def _parse(
    data: bytes, filename: str, limits: ParseLimits, received_at: datetime | None, depth: int
) -> list[ArticleContent]:
    if not data.strip():
        raise RejectedInput("empty file", "empty")
    binary = sniff_binary(data)
    if binary == "gzip":
        return _parse_gzip(data, filename, limits, received_at, depth)
    if binary == "warc":
        return _enriched(warc_articles(io.BytesIO(data)), limits)
    if binary == "pdf":
        return _enriched([pdf_article(data, received_at)], limits)
    if binary is not None:
        raise RejectedInput(f"unsupported binary file ({binary})", binary)
    text, _encoding = decode(data)
    kind = sniff_text(text, filename)
    if kind == "html":
        return _enriched([html_article(text)], limits)
    if kind == "text":
        return _enriched([extract_text_dump(text, received_at)], limits)
    if kind in {"json", "jsonl"}:
        return _enriched(json_articles(text, kind), limits)
    raise RejectedInput(f"unsupported format ({kind})", kind)


def _parse_gzip(
    data: bytes, filename: str, limits: ParseLimits, received_at: datetime | None, depth: int
) -> list[ArticleContent]:
    if depth >= MAX_NESTING:
        raise RejectedInput("gzip nested too deep", "gzip")
    if gunzip_head(data).startswith(b"WARC/"):
        return _enriched(warc_articles(io.BytesIO(data)), limits)  # warcio inflates record by record
    inner_name = filename[:-3] if filename.lower().endswith(".gz") else filename
    inflated = gunzip(data, limits.max_object_bytes)
    articles = _parse(inflated, inner_name, limits, received_at, depth + 1)
    return [article.model_copy(update={"notes": [*article.notes, "decompressed from gzip"]}) for article in articles]


def _enriched(articles: list[ArticleContent], limits: ParseLimits) -> list[ArticleContent]:
    return add_entities([derive_fields(article) for article in articles], limits.ner_model)


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
