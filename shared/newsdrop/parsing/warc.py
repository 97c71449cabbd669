"""WARC and WARC.gz web archives: every HTML response record is an article, read one at a time.

warcio iterates records from a file object (gzip per record included), so memory holds one record,
not the archive. Records that are not HTML (robots.txt, images, DNS, requests) and pages without
an article are skipped and counted in a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from newsdrop.errors import RejectedInput
from newsdrop.models import ArticleContent
from newsdrop.parsing.decode import decode
from newsdrop.parsing.detect import sniff_binary, sniff_text
from newsdrop.parsing.html import html_article

# One record larger than this is not a news page; it is skipped rather than read into memory.
MAX_RECORD_BYTES = 10 * 1024 * 1024
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def warc_pages(stream: BinaryIO) -> Iterator[tuple[str, str | None] | None]:
    """(HTML text, target URI) per HTML record, or None for each record skipped, in archive order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        records, number = ArchiveIterator(stream), 0
        for number, record in enumerate(records, start=1):
            _check_lengths(records.err_count, number - 1)
            if record.rec_type not in {"response", "resource"}:
                continue
            page = _page(record)
            if record.raw_stream.limit > 0 and page is not None:
                # The record's body ended before its Content-Length: a truncated file, or a length
                # that lies. Its first part is not the page; the archive is broken from here on.
                raise RejectedInput(f"WARC record {number} breaks off before its declared length", "warc")
            yield page
        _check_lengths(records.err_count, number)
    except (ArchiveLoadFailed, AttributeError, ValueError, EOFError, OSError) as exc:
        # warcio meets malformed headers with whatever error its parsing hits (None.startswith, int())
        raise RejectedInput(f"unreadable WARC: {type(exc).__name__}: {exc}", "warc") from exc


def _check_lengths(misplaced: int, number: int) -> None:
    """warcio counts records not followed by the blank lines a record ends with: a Content-Length
    shorter than the record, whose page would be read cut short."""
    if misplaced:
        raise RejectedInput(f"WARC record {number} does not end where its Content-Length says", "warc")


def warc_articles(stream: BinaryIO) -> list[ArticleContent]:
    """Articles of the archive's HTML records, in order, each read by the HTML reader."""
    articles: list[ArticleContent] = []
    skipped = 0
    for page in warc_pages(stream):
        if page is None:
            skipped += 1
            continue
        try:
            articles.append(html_article(page[0], page[1], kind="warc"))
        except RejectedInput:
            skipped += 1
    if not articles:
        raise RejectedInput("no article text found in any WARC record", "warc")
    if skipped:
        note = f"skipped {skipped} WARC records that were not HTML articles"
        articles = [article.model_copy(update={"notes": [*article.notes, note]}) for article in articles]
    return articles


def _page(record: object) -> tuple[str, str | None] | None:
    headers = getattr(record, "http_headers", None)
    content_type = (headers.get_header("Content-Type") if headers else None) or ""
    if getattr(record, "rec_type", "") == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    if headers is not None and headers.get_statuscode() not in {"200", "203"}:
        return None
    if content_type and "html" not in content_type.lower():
        return None
    data = record.content_stream().read(MAX_RECORD_BYTES + 1)  # type: ignore[attr-defined]
    if len(data) > MAX_RECORD_BYTES or not data.strip() or sniff_binary(data):
        return None
    try:
        text = _decode(data, content_type)
    except RejectedInput:
        return None
    if sniff_text(text, "page.html") != "html":
        return None
    return text, record.rec_headers.get_header("WARC-Target-URI")  # type: ignore[attr-defined]


def _decode(data: bytes, content_type: str) -> str:
    """The HTTP header's charset when it names one Python knows, else the usual decoding."""
    match = _CHARSET.search(content_type)
    if match:
        try:
            return data.decode(match.group(1))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)[0]
