"""Multi-article files as element spans: what is split where, and in how much memory."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc

import pytest

from newsdrop.errors import RejectedInput
from newsdrop.parsing.containers import (
    Inflated,
    Span,
    container_kind,
    element_article,
    element_spans,
    group_spans,
    gzipped_container_kind,
)
from tests.builders import html_page, warc_archive

LINE = {"title": "Tram line approved", "body": "The council voted for the tram line to the airport. " * 4}


class GeneratedFeed(io.RawIOBase):
    """`lines` JSON Lines made up as they are read: a big file that never exists in memory."""

    def __init__(self, lines: int, line: bytes) -> None:
        self.left, self.line, self.pending = lines, line, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        while len(self.pending) < len(buffer) and self.left:
            batch = min(self.left, 1000)
            self.pending += self.line * batch
            self.left -= batch
        count = min(len(buffer), len(self.pending))
        buffer[:count] = self.pending[:count]
        self.pending = self.pending[count:]
        return count


def _spans(data: bytes, kind: str) -> list[bytes]:
    return [data[span.start : span.end] for span in element_spans(io.BytesIO(data), kind, 1 << 20)]  # type: ignore[arg-type]


def test_kinds_are_told_from_the_first_bytes() -> None:
    line = json.dumps(LINE).encode()
    assert container_kind(line + b"\n" + line + b"\n") == "jsonl"
    assert container_kind(b"\xef\xbb\xbf  [" + line + b"]") == "json-array"
    assert container_kind(json.dumps(LINE, indent=2).encode()) is None  # one article over several lines
    assert container_kind(b'{"articles": [\n' + line + b"\n]}") is None  # a wrapped list is parsed whole
    assert container_kind(b"<html><body>news</body></html>") is None
    page = html_page("Tram", ["The council voted."]).encode()
    for compressed in (False, True):
        assert container_kind(warc_archive([("https://x.example/", "text/html", page)], gzip=compressed)) == "warc"


def test_json_lines_elements_are_the_non_blank_lines() -> None:
    data = b'{"a": 1}\n\n  \n{"b": "\xc3\xa9"}\r\n{"c": 3}'
    assert _spans(data, "jsonl") == [b'{"a": 1}\n', b'{"b": "\xc3\xa9"}\r\n', b'{"c": 3}']


def test_json_array_elements_are_found_whatever_the_chunk_boundaries(monkeypatch: pytest.MonkeyPatch) -> None:
    data = '[ {"t": "caf\u00e9 ]"}, 12 ,\n [1, {"x": "}"}], "s,"]'.encode()
    monkeypatch.setattr("newsdrop.parsing.containers.READ_CHUNK", 3)
    assert _spans(data, "json-array") == ['{"t": "caf\u00e9 ]"}'.encode(), b"12", b'[1, {"x": "}"}]', b'"s,"']


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b'[{"a": 1}, {"b": ', "malformed JSON array element 1"), (b'[{"a": 1} {"b": 2}]', "malformed JSON array")],
)
def test_a_broken_json_array_is_rejected_saying_where(data: bytes, reason: str) -> None:
    with pytest.raises(RejectedInput, match=reason):
        _spans(data, "json-array")


def test_warc_elements_are_response_records_that_read_back_alone() -> None:
    pages = [
        (f"https://x.example/{n}", "text/html", html_page(f"Tram story {n}", [LINE["body"]] * 3).encode())
        for n in range(3)
    ]
    archive = warc_archive(pages, gzip=True)
    records = _spans(archive, "warc")
    assert len(records) == 3  # the request records in between are no elements
    assert [element_article(record, "warc").title for record in records] == [
        "Tram story 0",
        "Tram story 1",
        "Tram story 2",
    ]  # type: ignore[union-attr]


def test_groups_are_bounded_by_count_and_bytes_and_a_big_element_stands_alone() -> None:
    spans = [Span(0, 10), Span(10, 20), Span(20, 30), Span(30, 530), Span(530, 540)]
    assert [len(group) for group in group_spans(spans, max_articles=2, max_bytes=100)] == [2, 1, 1, 1]
    assert [len(group) for group in group_spans(spans, max_articles=10, max_bytes=100)] == [3, 1, 1]


def test_a_json_element_without_text_or_broken_is_a_rejection() -> None:
    with pytest.raises(RejectedInput, match="no article text"):
        element_article(b'{"title": "only a title"}\n', "jsonl")
    with pytest.raises(RejectedInput, match="not valid JSON"):
        element_article(b'{"title": "cut', "jsonl")


def test_a_100_mb_feed_is_split_in_a_few_megabytes_of_memory() -> None:
    # Given a JSON Lines feed of 100 MB that is generated while it is read
    line = (json.dumps(LINE) + "\n").encode()
    lines = 100 * 1024 * 1024 // len(line)
    # When its elements are found
    tracemalloc.start()
    try:
        count = sum(1 for _ in element_spans(GeneratedFeed(lines, line), "jsonl", 1 << 20))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Then every line is one element, and memory never held more than a few read chunks
    assert count == lines
    assert peak < 8 * 1024 * 1024


def test_a_gzipped_feed_is_told_from_a_gzipped_single_article_and_a_warc() -> None:
    feed = "".join(json.dumps(LINE) + "\n" for _ in range(3)).encode()
    assert gzipped_container_kind(gzip.compress(feed)) == "jsonl"
    assert gzipped_container_kind(gzip.compress(json.dumps([LINE, LINE]).encode())) == "json-array"
    assert gzipped_container_kind(gzip.compress(json.dumps(LINE, indent=2).encode())) is None  # one article
    assert gzipped_container_kind(gzip.compress(b"WARC/1.0\r\n")) is None  # a .warc.gz splits by its members
    assert gzipped_container_kind(feed) is None  # not gzip at all


def test_inflating_stops_at_the_limit_and_on_a_corrupt_stream() -> None:
    feed = "".join(json.dumps(LINE) + "\n" for _ in range(200)).encode()
    packed = gzip.compress(feed)
    assert Inflated(io.BytesIO(packed), len(feed)).read() == feed
    with pytest.raises(RejectedInput, match="inflates to more than the limit of 1000 bytes"):
        Inflated(io.BytesIO(packed), 1000).read()
    with pytest.raises(RejectedInput, match="corrupt gzip file"):
        Inflated(io.BytesIO(packed[:20] + b"\x00" * 50 + packed[70:]), len(feed)).read()
