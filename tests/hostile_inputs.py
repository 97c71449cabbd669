"""Hostile files for the parser, shared by tests/unit/parsing/test_hostile_input.py and bench/hostile.py.

Each family is a hypothesis strategy of (bytes, file name) or a function building one big case;
`parse_outcome` runs the parser as the parse stage does (under the per-file time limit) and turns
what it did into an Outcome. Anything else it raises is a bug: it would cost the parse stage a
"parser error" rejection at best.
"""

from __future__ import annotations

import gzip
import json
import re
import time
import zlib
from dataclasses import dataclass

from hypothesis import strategies as st

from newsdrop.errors import RejectedInput
from newsdrop.parsing import parse_file
from newsdrop.pipeline.time_limit import ParseTimeout, time_limit, timeout_reason
from newsdrop.settings import ParseLimits
from tests.builders import html_page, pdf_document, warc_archive

STORY = [
    "The harbour council voted on Tuesday to rebuild the old pier, ending a decade of debate over "
    "how to protect the fishing fleet from winter storms.",
    "The work is expected to cost 42 million euros and to start in the spring, the mayor said after "
    "the vote, adding that residents would be consulted on the design.",
]
TITLE = "Harbour council votes to rebuild the old pier"
PAGE = html_page(TITLE, STORY).encode()


@dataclass(frozen=True)
class Outcome:
    articles: int  # 0 for a rejection
    reason: str | None  # the rejection's reason
    seconds: float
    texts: tuple[str, ...] = ()


def parse_outcome(data: bytes, name: str, limits: ParseLimits) -> Outcome:
    """Parse as the parse stage does: an article list, or a rejection with its reason."""
    started = time.monotonic()
    try:
        with time_limit(limits.parse_timeout_s):
            articles = parse_file(data, name, limits=limits)
    except RejectedInput as exc:
        return Outcome(0, exc.reason, time.monotonic() - started)
    except ParseTimeout:
        return Outcome(0, timeout_reason(limits.parse_timeout_s), time.monotonic() - started)
    texts = tuple(article.text for article in articles)
    return Outcome(len(articles), None, time.monotonic() - started, texts)


def full_text(data: bytes, name: str) -> str:
    """The article text of a well-formed file, to compare a damaged copy's result with."""
    (article,) = parse_file(data, name)
    return article.text


# Every kind of character a key can hold: controls, separators, slashes, dots, RTL, emoji, CJK.
file_names = st.text(st.characters(codec="utf-8"), min_size=0, max_size=200)
random_bytes = st.binary(min_size=0, max_size=4096)


@st.composite
def truncated(draw: st.DrawFn, whole: bytes) -> bytes:
    """`whole` cut anywhere before its end."""
    return whole[: draw(st.integers(min_value=1, max_value=len(whole) - 1))]


@st.composite
def invalid_utf8(draw: st.DrawFn, text: bytes) -> bytes:
    """`text` with a byte sequence that is never valid UTF-8 put in at some position."""
    position = draw(st.integers(min_value=0, max_value=len(text)))
    bad = draw(st.sampled_from([b"\x80", b"\xc0", b"\xff", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82"]))
    return text[:position] + bad + text[position:]


ARTICLE_FIELDS = ["title", "headline", "body", "text", "content", "published", "date", "url", "authors", "source"]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=300),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
json_articles = st.dictionaries(st.sampled_from(ARTICLE_FIELDS), json_values, min_size=1)


@st.composite
def json_documents(draw: st.DrawFn) -> bytes:
    """An object, an array or JSON Lines of article-shaped objects whose fields have any type."""
    shape = draw(st.sampled_from(["object", "array", "lines"]))
    articles = draw(st.lists(json_articles, min_size=1, max_size=4))
    # Python writes NaN, Infinity and 400-digit integers, as a careless producer would.
    if shape == "object":
        return json.dumps(articles[0]).encode()
    if shape == "array":
        return json.dumps(articles).encode()
    return "\n".join(json.dumps(article) for article in articles).encode()


WARC = warc_archive([("https://example.com/pier", "text/html", PAGE)], gzip=False)
_LENGTHS = list(re.finditer(rb"Content-Length: (\d+)", WARC))


@st.composite
def lying_warcs(draw: st.DrawFn) -> bytes:
    """The one-page WARC with one record's Content-Length replaced by a lie."""
    field = draw(st.sampled_from(_LENGTHS))
    lie = draw(st.integers(min_value=0, max_value=10**12).filter(lambda n: n != int(field.group(1))))
    return WARC[: field.start(1)] + str(lie).encode() + WARC[field.end(1) :]


PDF = pdf_document([STORY], title=TITLE)


@st.composite
def broken_pdfs(draw: st.DrawFn) -> bytes:
    """The one-page PDF with its xref table, startxref offset or an object's bytes overwritten."""
    start = PDF.rindex(b"xref\n0 ")
    target = draw(st.sampled_from(["table", "startxref", "anywhere"]))
    if target == "startxref":
        offset = draw(st.integers(min_value=-(10**6), max_value=10**12))
        return re.sub(rb"startxref\n\d+", b"startxref\n%d" % offset, PDF)
    low, high = (start, len(PDF) - 1) if target == "table" else (0, len(PDF) - 1)
    at = draw(st.integers(min_value=low, max_value=high))
    junk = draw(st.binary(min_size=1, max_size=32))
    return PDF[:at] + junk + PDF[at + len(junk) :]


def gzip_of_one_letter(size: int, *, nested: bool) -> bytes:
    """`size` bytes of "a", gzip-compressed (200 MB to 200 KB), and gzip-compressed again when `nested` (500 B)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    megabyte = b"a" * (1 << 20)
    parts = [compressor.compress(megabyte) for _ in range(size >> 20)]
    inner = b"".join([*parts, compressor.compress(b"a" * (size % (1 << 20))), compressor.flush()])
    return gzip.compress(inner) if nested else inner


def one_long_line(size: int) -> bytes:
    return b"word " * (size // 5)


def deeply_nested_html(depth: int) -> bytes:
    return b"<html><body>" + b"<div>" * depth + b"<p>" + " ".join(STORY).encode() + b"</p>" + b"</div>" * depth


def gzip_page() -> bytes:
    return gzip.compress(PAGE)


def gzip_warc() -> bytes:
    return warc_archive([("https://example.com/pier", "text/html", PAGE)], gzip=True)
