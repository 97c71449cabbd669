"""Multi-article files (JSON Lines, a JSON array, WARC) as byte spans of their elements.

A feed of any size is read once, streamed, to find where each element starts and ends; the spans
are grouped into bounded work items, and each item reads back only its own bytes (a ranged GET)
and parses its elements one at a time. Memory holds one read chunk or one element, never the file.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, Literal

from newsdrop.errors import RejectedInput
from newsdrop.models import ArticleContent
from newsdrop.parsing.compressed import gunzip_head
from newsdrop.parsing.decode import decode
from newsdrop.parsing.detect import sniff_binary
from newsdrop.parsing.html import html_article
from newsdrop.parsing.json_articles import article_from_object

ContainerKind = Literal["jsonl", "json-array", "warc"]
# Enough of the start to see a JSON Lines file's first line, or a WARC's first record header.
SNIFF_BYTES = 1 << 20
READ_CHUNK = 1 << 20
_DECODER = json.JSONDecoder(strict=False)  # control characters in strings, as exports have them
_BOM = b"\xef\xbb\xbf"
_SPACE = " \t\r\n"


@dataclass(frozen=True)
class Span:
    """One element's bytes in the file: [start, end)."""

    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start


def container_kind(head: bytes) -> ContainerKind | None:
    """What kind of multi-article file starts with `head`, or None for a one-article format.

    A JSON object over several lines is one article (or a wrapped list) and is not split.
    """
    binary = sniff_binary(head)
    if binary == "warc" or (binary == "gzip" and _gzip_is_warc(head)):
        return "warc"
    if binary is not None:
        return None
    text = head.removeprefix(_BOM).lstrip()
    if text.startswith(b"["):
        return "json-array"
    first, newline, rest = text.partition(b"\n")
    if text.startswith(b"{") and newline and rest.lstrip().startswith(b"{"):
        try:
            json.loads(first, strict=False)
        except ValueError:
            return None
        return "jsonl"
    return None


def gzipped_container_kind(head: bytes) -> ContainerKind | None:
    """The JSON Lines or JSON array inside a gzip file starting with `head`, or None.

    Byte ranges of a gzip stream cannot be read on their own (a .warc.gz can: each record is its
    own gzip member), so such a feed is inflated once to a copy whose ranges can.
    """
    if sniff_binary(head) != "gzip":
        return None
    try:
        inner = gunzip_head(head, SNIFF_BYTES)
    except RejectedInput:
        return None
    kind = container_kind(inner)
    return kind if kind in ("jsonl", "json-array") else None


class Inflated(io.RawIOBase):
    """A gzip stream read inflated, every member, raising RejectedInput past `limit` bytes or when corrupt."""

    def __init__(self, compressed: BinaryIO, limit: int) -> None:
        self._gzip = gzip.GzipFile(fileobj=compressed, mode="rb")
        self._limit, self._read = limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        try:
            count = self._gzip.readinto(buffer)
        except (OSError, EOFError, zlib.error) as exc:
            raise RejectedInput(f"corrupt gzip file: {exc}", "gzip") from exc
        self._read += count
        if self._read > self._limit:
            raise RejectedInput(f"multi-article file inflates to more than the limit of {self._limit} bytes", "gzip")
        return count


def _gzip_is_warc(head: bytes) -> bool:
    try:
        return gunzip_head(head).startswith(b"WARC/")
    except RejectedInput:
        return False


def element_spans(stream: BinaryIO, kind: ContainerKind, max_element_bytes: int) -> Iterator[Span]:
    """The file's elements in order: non-blank lines, array elements, or WARC response records.

    Raises RejectedInput when the file breaks off or is malformed where its elements cannot be told apart.
    """
    if kind == "jsonl":
        return _line_spans(stream)
    if kind == "json-array":
        return _array_spans(stream, max_element_bytes)
    return _warc_spans(stream)


def _line_spans(stream: BinaryIO) -> Iterator[Span]:
    base = line_start = 0
    content = False  # a line split over two chunks is told blank or not without keeping its bytes
    while chunk := stream.read(READ_CHUNK):
        position = 0
        while (newline := chunk.find(b"\n", position)) != -1:
            if content or chunk[position:newline].strip():
                yield Span(line_start, base + newline + 1)
            line_start, content, position = base + newline + 1, False, newline + 1
        content = content or bool(chunk[position:].strip())
        base += len(chunk)
    if content:
        yield Span(line_start, base)


def _array_spans(stream: BinaryIO, max_element_bytes: int) -> Iterator[Span]:
    """Elements of a top-level JSON array, decoded by the C decoder over latin-1 text.

    Latin-1 maps each byte to one character, so character offsets are byte offsets, and JSON's
    structure is ASCII; the values are decoded properly (UTF-8) by the item that parses them.
    """
    reader = _Latin1Buffer(stream)
    reader.skip(_SPACE + "\ufeff\xef\xbb\xbf")
    if reader.next_char() != "[":
        raise RejectedInput("a JSON array file that does not start with '['", "json")
    reader.advance(1)
    position = 0
    while True:
        reader.skip(_SPACE)
        if reader.next_char() == "]":
            return
        start = reader.offset
        end = reader.decode_one(max_element_bytes, position)
        yield Span(start, end)
        position += 1
        reader.skip(_SPACE)
        separator = reader.next_char()
        if separator == "]":
            return
        if separator != ",":
            raise RejectedInput(f"malformed JSON array after element {position - 1} (byte {reader.offset})", "json")
        reader.advance(1)


class _Latin1Buffer:
    """A window on the stream: `offset` is the absolute byte offset of the cursor."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream, self.text, self.cursor, self.base, self.eof = stream, "", 0, 0, False

    @property
    def offset(self) -> int:
        return self.base + self.cursor

    def _fill(self, at_least: int = READ_CHUNK) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(max(at_least, READ_CHUNK))
        if not chunk:
            self.eof = True
            return False
        self.base += self.cursor  # drop what the cursor has passed
        self.text = self.text[self.cursor :] + chunk.decode("latin-1")
        self.cursor = 0
        return True

    def next_char(self) -> str:
        while self.cursor >= len(self.text):
            if not self._fill():
                raise RejectedInput(f"the JSON array breaks off at byte {self.offset}", "json")
        return self.text[self.cursor]

    def advance(self, count: int) -> None:
        self.cursor += count

    def skip(self, characters: str) -> None:
        while True:
            while self.cursor < len(self.text) and self.text[self.cursor] in characters:
                self.cursor += 1
            if self.cursor < len(self.text) or not self._fill():
                return

    def decode_one(self, max_element_bytes: int, position: int) -> int:
        """Decode the element at the cursor, move past it, return its end offset."""
        while True:
            try:
                _value, end = _DECODER.raw_decode(self.text, self.cursor)
            except ValueError:
                end = None
            # An element that ends exactly where the buffer does may be a number cut in half.
            if end is not None and (end < len(self.text) or self.eof):
                self.cursor = end
                return self.base + end
            if len(self.text) - self.cursor > max_element_bytes:
                raise RejectedInput(
                    f"JSON array element {position} is over the limit of {max_element_bytes} bytes", "json"
                )
            if not self._fill(len(self.text) - self.cursor):  # doubling: a big element decodes a few times
                raise RejectedInput(f"malformed JSON array element {position} (byte {self.offset})", "json")


def _warc_spans(stream: BinaryIO) -> Iterator[Span]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    records = ArchiveIterator(stream)
    try:
        for record in records:
            if record.rec_type not in {"response", "resource"}:
                continue
            start = records.get_record_offset()
            records.read_to_end(record)
            yield Span(start, start + records.get_record_length())
    except ArchiveLoadFailed as exc:
        raise RejectedInput(f"unreadable WARC: {exc}", "warc") from exc


def group_spans(spans: Iterable[Span], max_articles: int, max_bytes: int) -> Iterator[list[Span]]:
    """Consecutive spans in groups of at most `max_articles` and `max_bytes` (a bigger element alone)."""
    group: list[Span] = []
    size = 0
    for span in spans:
        if group and (len(group) >= max_articles or size + span.size > max_bytes):
            yield group
            group, size = [], 0
        group.append(span)
        size += span.size
    if group:
        yield group


def element_article(data: bytes, kind: ContainerKind) -> ArticleContent | None:
    """The article of one element's bytes; None for a WARC record that is no HTML article.

    Raises RejectedInput for a JSON element that is broken or has no article text.
    """
    if kind == "warc":
        return _warc_record_article(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = decode(data)[0]
    try:
        document = json.loads(text, strict=False)
    except ValueError as exc:
        raise RejectedInput(f"not valid JSON: {exc}", "json") from exc
    article = (
        article_from_object(document, "jsonl" if kind == "jsonl" else "json") if isinstance(document, dict) else None
    )
    if article is None:
        raise RejectedInput("no article text in this JSON element", "json")
    return article


def _warc_record_article(data: bytes) -> ArticleContent | None:
    import io

    from newsdrop.parsing.warc import warc_pages

    for page in warc_pages(io.BytesIO(data)):
        if page is None:
            return None
        try:
            return html_article(page[0], page[1], kind="warc")
        except RejectedInput:
            return None
    return None
