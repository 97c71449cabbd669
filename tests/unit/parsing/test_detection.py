"""Detection and decoding: every input that cannot become an article is rejected with its reason."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest

from newsdrop.errors import RejectedInput
from newsdrop.parsing import parse_file
from newsdrop.parsing.decode import decode
from newsdrop.parsing.detect import sniff_binary, sniff_text
from tests.unit.parsing import dumps


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "detected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpeg"),
        (b"GIF89a\x01\x00\x01\x00", "gif"),
        (_zip(), "zip"),
        (b"\x7fELF\x02\x01\x01\x00", "elf"),
        (b"some text\x00\x00\x00with NUL bytes", "binary"),
    ],
)
def test_binary_files_are_rejected_naming_their_type(data: bytes, detected: str) -> None:
    # Given a binary file dropped with a text-like name
    # When it is parsed
    with pytest.raises(RejectedInput) as caught:
        parse_file(data, "article.txt")

    # Then the rejection names the detected type, whatever the name said
    assert caught.value.detected_type == detected
    assert detected in caught.value.reason


@pytest.mark.parametrize("data", [b"", b"   \n\t\n  "])
def test_empty_files_are_rejected(data: bytes) -> None:
    # Given an empty or whitespace-only file
    # When it is parsed
    with pytest.raises(RejectedInput) as caught:
        parse_file(data, "empty.txt")

    # Then the reason says so
    assert (caught.value.reason, caught.value.detected_type) == ("empty file", "empty")


def test_bytes_no_encoding_can_read_are_rejected_as_undecodable() -> None:
    # Given bytes that are mostly control characters but no NUL
    data = bytes(range(1, 9)) * 500

    # When they are decoded
    with pytest.raises(RejectedInput) as caught:
        decode(data)

    # Then the rejection says the text is undecodable
    assert caught.value.reason.startswith("undecodable text")


def test_magic_numbers_win_over_the_extension() -> None:
    # Given a gzip and a PDF named as web pages
    # When they are sniffed
    # Then their content decides
    assert sniff_binary(gzip.compress(b"<html></html>")) == "gzip"
    assert sniff_binary(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n") == "pdf"
    assert sniff_binary(b"plain words") is None


@pytest.mark.parametrize(
    ("text", "filename", "kind"),
    [
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", "a.txt", "html"),
        ("<div><p>A fragment</p></div>", "a.txt", "html"),
        ('{"title": "A", "body": "B"}', "a.txt", "json"),
        ('{"title": "A"}\n{"title": "B"}\n', "a.json", "jsonl"),
        ('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed.xml", "feed"),
        ("Just some words, with a <b> in them.", "a.txt", "text"),
        ("[citation needed] is what the editor wrote on the story.", "a.txt", "text"),
    ],
)
def test_text_formats_are_told_apart_by_content(text: str, filename: str, kind: str) -> None:
    # Given decoded text of a known shape
    # When it is sniffed
    # Then the format follows the content
    assert sniff_text(text, filename) == kind


def test_utf16_with_a_bom_and_cp1252_without_declaration_are_decoded() -> None:
    # Given the same dump in UTF-16 with a BOM, and in windows-1252 with curly quotes
    text = dumps.NEWS_WIRE.replace('"We', "\u201cWe")

    # When they are decoded
    # Then both give back the text
    assert decode(text.encode("utf-16"))[0] == text
    assert decode(text.encode("cp1252"))[0] == text


def test_a_utf16_dump_parses_like_its_utf8_twin() -> None:
    # Given a dump saved as UTF-16 (NUL bytes, but behind a byte-order mark)
    data = dumps.NEWS_WIRE.encode("utf-16")

    # When it is parsed
    [article] = parse_file(data, "storm.txt")

    # Then it is the same article
    assert article.title == "Storm floods coastal towns as rivers burst their banks"
