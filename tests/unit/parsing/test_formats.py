"""Issue 3's formats: JSON, JSON Lines, gzip of anything, PDF text layers, WARC and WARC.gz."""

from __future__ import annotations

import gzip
import io
import json
from datetime import UTC, datetime

import pytest

from newsdrop.errors import RejectedInput
from newsdrop.parsing import parse_file, parse_stream
from newsdrop.parsing.compressed import gunzip
from tests.builders import html_page, pdf_document, warc_archive
from tests.unit.parsing import dumps

STORY = [
    "The city council voted on Tuesday to build a new tram line linking the central station with the "
    "airport, ending a decade of debate over how to connect the two.",
    "The line is expected to cost 420 million euros and will stop at nine stations, including the "
    "university campus and the new hospital, the council said.",
]


def _story(title: str, **fields: object) -> dict[str, object]:
    return {"title": title, "body": "\n\n".join(STORY), **fields}


def test_one_json_object_is_one_article_with_its_fields() -> None:
    # Given one article object with the common field names
    document = {
        "headline": "Tram line approved",
        "articleBody": "\n\n".join(STORY),
        "datePublished": "2021-06-14T10:45:00+02:00",
        "author": [{"name": "Peter Hughes"}, {"name": "Sara Lind"}],
        "site": "The Northern Chronicle",
        "url": "https://example.com/2021/06/14/tram",
    }

    # When it is parsed
    [article] = parse_file(json.dumps(document).encode(), "tram.json")

    # Then every field lands where it belongs
    assert article.format == "json"
    assert article.title == "Tram line approved"
    assert article.body == STORY
    assert article.published == datetime(2021, 6, 14, 8, 45, tzinfo=UTC)
    assert article.authors == ["Peter Hughes", "Sara Lind"]
    assert article.site == "The Northern Chronicle"
    assert article.url == "https://example.com/2021/06/14/tram"


def test_a_json_array_gives_articles_in_order_and_notes_what_it_skipped() -> None:
    # Given an array of three articles and one element without any text
    documents = [_story("First"), {"title": "No body"}, _story("Second"), _story("Third", author="A. Writer")]

    # When it is parsed
    articles = parse_file(json.dumps(documents).encode(), "batch.json")

    # Then the articles come in order, and each notes the skipped element
    assert [article.title for article in articles] == ["First", "Second", "Third"]
    assert articles[2].authors == ["A. Writer"]
    assert all("skipped 1 of 4 JSON elements" in " ".join(article.notes) for article in articles)


def test_json_lines_and_a_wrapped_list_are_read_alike() -> None:
    # Given the same two stories as JSON Lines and as {"articles": [...]}
    stories = [_story("One", published="2020-01-02"), _story("Two", date="2020-01-03")]
    lines = "\n".join(json.dumps(story) for story in stories).encode()
    wrapped = json.dumps({"status": "ok", "articles": stories}).encode()

    # When both are parsed
    from_lines, from_wrapped = parse_file(lines, "feed.jsonl"), parse_file(wrapped, "export.json")

    # Then both give the two articles, with their dates
    assert [a.title for a in from_lines] == [a.title for a in from_wrapped] == ["One", "Two"]
    assert from_lines[0].format == "jsonl"
    assert from_wrapped[1].published == datetime(2020, 1, 3)


def test_an_html_body_in_json_becomes_paragraphs() -> None:
    # Given a JSON article whose content is HTML
    document = {"title": "Tram", "content": "".join(f"<p>{p}</p>" for p in STORY) + "<script>x()</script>"}

    # When it is parsed
    [article] = parse_file(json.dumps(document).encode(), "tram.json")

    # Then the body is the paragraphs' text
    assert article.body == STORY


def test_json_without_any_article_is_rejected() -> None:
    # Given JSON that holds no article text
    # When it is parsed
    with pytest.raises(RejectedInput) as caught:
        parse_file(b'[{"id": 1}, {"id": 2}]', "ids.json")

    # Then it is rejected as JSON without articles
    assert (caught.value.reason, caught.value.detected_type) == ("no article text found", "json")


def test_gzip_of_a_text_dump_parses_like_the_dump() -> None:
    # Given the news-wire dump, gzip-compressed, named .txt.gz
    data = gzip.compress(dumps.NEWS_WIRE.encode())

    # When it is parsed
    [article] = parse_file(data, "storm.txt.gz")

    # Then it is the dump's article, noted as decompressed
    assert article.title == "Storm floods coastal towns as rivers burst their banks"
    assert article.format == "text"
    assert "decompressed from gzip" in article.notes


def test_a_gzip_bomb_stops_at_the_decompression_limit() -> None:
    # Given a small gzip that expands to 50 MB of zeros
    bomb = gzip.compress(b"\0" * 50_000_000)

    # When it is decompressed with a 1 MB limit
    with pytest.raises(RejectedInput) as caught:
        gunzip(bomb, limit=1_000_000)

    # Then it is rejected naming the limit
    assert "more than the limit" in caught.value.reason
    assert caught.value.detected_type == "gzip"


def test_corrupt_gzip_is_rejected() -> None:
    # Given a gzip cut off in the middle
    data = gzip.compress(dumps.NEWS_WIRE.encode())[:200]

    # When it is parsed
    with pytest.raises(RejectedInput) as caught:
        parse_file(data, "cut.gz")

    # Then it is rejected as gzip
    assert caught.value.detected_type == "gzip"


def test_pdf_text_layer_is_rebuilt_into_paragraphs_without_running_headers() -> None:
    # Given a two-page PDF with a running header, page numbers and a /Title
    data = pdf_document(
        [STORY, ["Construction is due to begin next spring, and the first trams will run in 2026."]],
        title="Tram line approved",
        header="The Northern Chronicle",
    )

    # When it is parsed
    [article] = parse_file(data, "tram.pdf")

    # Then the paragraphs are whole, hyphen- and header-free, and the title is the document's
    assert article.format == "pdf"
    assert article.title == "Tram line approved"
    assert article.body == [*STORY, "Construction is due to begin next spring, and the first trams will run in 2026."]


def test_a_pdf_heading_set_with_wide_spaces_is_its_title() -> None:
    # Given a PDF without a /Title whose heading the layout spaced out word by word
    data = pdf_document([["Tram  line  approved  by  council", *STORY]])

    # When it is parsed
    [article] = parse_file(data, "tram.pdf")

    # Then the heading is the title, with single spaces, and the story is the body
    assert article.title == "Tram line approved by council"
    assert article.body == STORY


def test_pdf_without_a_text_layer_is_rejected() -> None:
    # Given a PDF whose only page shows nothing
    data = pdf_document([[]])

    # When it is parsed
    with pytest.raises(RejectedInput) as caught:
        parse_file(data, "scan.pdf")

    # Then it is rejected as a PDF without text
    assert caught.value.detected_type == "pdf"


@pytest.mark.parametrize("compressed", [False, True])
def test_each_html_response_of_a_warc_is_an_article(compressed: bool) -> None:
    # Given a WARC with two article pages, an image and a robots.txt, with request records between
    records = [
        ("https://example.com/a", "text/html; charset=utf-8", html_page("First story", STORY).encode()),
        ("https://example.com/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\0\0"),
        ("https://example.com/robots.txt", "text/plain", b"User-agent: *\nDisallow:\n"),
        ("https://example.com/b", "text/html", html_page("Second story", STORY[::-1]).encode("utf-8")),
    ]
    data = warc_archive(records, gzip=compressed)

    # When it is parsed
    articles = parse_file(data, "crawl.warc.gz" if compressed else "crawl.warc")

    # Then the two pages are articles, in order, with their URLs, and the rest is noted as skipped
    assert [(a.title, a.url, a.format) for a in articles] == [
        ("First story", "https://example.com/a", "warc"),
        ("Second story", "https://example.com/b", "warc"),
    ]
    assert articles[0].body == STORY
    assert "skipped 2 WARC records" in articles[0].notes[-1]


def test_parse_stream_reads_a_warc_gz_record_by_record() -> None:
    # Given a WARC.gz as a non-seekable stream
    data = warc_archive([("https://example.com/a", "text/html", html_page("Story", STORY).encode())], gzip=True)

    class OneWay(io.RawIOBase):
        def __init__(self) -> None:
            self.inner = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            chunk = self.inner.read(min(len(buffer), 1000))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    # When it is parsed from the stream
    [article] = parse_stream(OneWay(), "crawl.warc.gz")

    # Then the article is found
    assert article.title == "Story"


def test_parse_stream_of_other_formats_equals_parse_file() -> None:
    # Given a text dump as a stream
    data = dumps.BLOG.encode()

    # When it is parsed from the stream and from bytes
    # Then both agree
    assert parse_stream(io.BytesIO(data), "blog.txt") == parse_file(data, "blog.txt")


def test_feeds_and_other_xml_are_rejected_naming_the_type() -> None:
    # Given an RSS feed
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'

    # When it is parsed
    with pytest.raises(RejectedInput) as caught:
        parse_file(data, "feed.xml")

    # Then the type is named
    assert caught.value.detected_type == "feed"


def test_a_pdf_title_left_by_the_authoring_tool_is_ignored() -> None:
    # Given a PDF whose /Title is the word processor's file name, and whose text opens with a headline
    data = pdf_document([["Tram line approved", *STORY]], title="Microsoft Word - tram_final2.docx")

    # When it is parsed
    [article] = parse_file(data, "tram.pdf")

    # Then the headline in the text is the title
    assert article.title == "Tram line approved"
    assert article.body == STORY
