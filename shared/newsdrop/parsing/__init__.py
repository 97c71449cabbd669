"""Extraction: one raw file's bytes in, its article(s) out. Pure functions, no AWS.

`parse_file` is the only entry point the pipeline needs: it detects the format from the content
(the name is a hint), extracts each article, then adds language and named entities.
"""

from __future__ import annotations

from newsdrop.errors import RejectedInput
from newsdrop.models import ArticleContent
from newsdrop.parsing.decode import decode
from newsdrop.parsing.detect import sniff_binary, sniff_text
from newsdrop.parsing.enrich import enrich
from newsdrop.parsing.html import extract_html
from newsdrop.parsing.text_dump import extract_text_dump

__all__ = ["parse_file"]


def parse_file(data: bytes, filename: str) -> list[ArticleContent]:
    """Detect the format from content (extension only as a hint), extract article(s).
    Raises RejectedInput(reason, detected_type) for binary/empty/undecodable/unknown/no-article input."""
    if not data.strip():
        raise RejectedInput("empty file", "empty")
    binary = sniff_binary(data)
    if binary is not None:
        raise RejectedInput(f"unsupported binary file ({binary})", binary)
    text, _encoding = decode(data)
    kind = sniff_text(text, filename)
    if kind == "html":
        return [enrich(_from_html(text))]
    if kind == "text":
        return [enrich(_from_text(text))]
    raise RejectedInput(f"unsupported format ({kind})", kind)


def _from_html(text: str) -> ArticleContent:
    page = extract_html(text)
    return ArticleContent(
        title=page.title or "",
        body=page.body,
        lead=page.description,
        authors=page.authors,
        published=page.published,
        site=page.site,
        url=page.url,
        format="html",
    )


def _from_text(text: str) -> ArticleContent:
    dump = extract_text_dump(text)
    return ArticleContent(
        title=dump.title,
        body=dump.body,
        dateline=dump.dateline,
        authors=dump.authors,
        language=dump.language,
        format="text",
    )
