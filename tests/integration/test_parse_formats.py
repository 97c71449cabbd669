"""Every accepted format, through the parse function on real-shaped events, into the processed bucket."""

from __future__ import annotations

import gzip
import json

import pytest

from newsdrop.models import Article, source_id
from newsdrop.storage import ProcessedStore
from tests.builders import html_page, pdf_document, warc_archive
from tests.conftest import PROCESSED_BUCKET, RAW_BUCKET
from tests.helpers import context, load_function, s3_event_batch

PARAGRAPHS = [
    "Fishing crews in Tromso returned to port on Friday after a week of storms kept the fleet at anchor, "
    "the harbour master said, and prices at the morning auction fell by a third.",
    "Harbour master Kari Nilsen said the crews had lost about ten days of work this month, and that the "
    "coast guard had answered two calls from boats caught outside when the wind turned.",
    "The regional fisheries office said it would publish the season's catch figures in December, once the "
    "last boats have reported their landings to the authorities in Oslo.",
]
TEXT_DUMP = "Storms keep Tromso fleet in port\n\n" + "\n\n".join(PARAGRAPHS) + "\n"


def _upload_and_parse(buckets, key: str, body: bytes, *, rejected: bool = False) -> list[Article]:
    buckets.put_object(Bucket=RAW_BUCKET, Key=key, Body=body)
    batch = s3_event_batch("parse_object_created", [(RAW_BUCKET, key, "ObjectCreated:Put")])
    assert load_function("parse").lambda_handler(batch, context("ParseFunction")) == {"batchItemFailures": []}
    store = ProcessedStore(PROCESSED_BUCKET)
    keys = store.article_keys(source_id(RAW_BUCKET, key))
    articles = [store.read_article(k) for k in keys]
    rejections = [r.reason for r in store.rejections() if r.origin.key == key]
    assert bool(rejections) == rejected, rejections
    return sorted(articles, key=lambda article: article.origin.position)


def _story(title: str, **fields: object) -> dict[str, object]:
    return {"headline": title, "articleBody": "\n\n".join(PARAGRAPHS), **fields}


def test_html_page_with_metadata(buckets) -> None:
    page = html_page("Storms keep Tromso fleet in port", PARAGRAPHS).replace(
        "<head>",
        "<head><meta name='author' content='Kari Nilsen'><meta property='og:site_name' content='Arctic Post'>"
        "<meta property='article:published_time' content='2026-11-20T08:30:00+01:00'>"
        "<link rel='canonical' href='https://arctic.example/fleet'>",
    )
    (article,) = _upload_and_parse(buckets, "pages/fleet.html", page.encode())
    assert (article.format, article.title, article.site) == ("html", "Storms keep Tromso fleet in port", "Arctic Post")
    assert article.url == "https://arctic.example/fleet"
    assert article.published is not None
    assert article.published.isoformat() == "2026-11-20T08:30:00+01:00"
    assert article.authors == ["Kari Nilsen"]
    assert article.body[0].startswith("Fishing crews in Tromso")
    assert "Privacy" not in article.text
    assert article.language == "en"


def test_json_array_gives_one_article_per_element_with_ids_by_position(buckets) -> None:
    stories = [_story("First fleet story", author="A. Writer"), _story("Second fleet story", url="https://x.example/2")]
    articles = _upload_and_parse(buckets, "feeds/fleet.json", json.dumps(stories).encode())
    assert [a.title for a in articles] == ["First fleet story", "Second fleet story"]
    assert [a.id for a in articles] == [f"{source_id(RAW_BUCKET, 'feeds/fleet.json')}-{n}" for n in (0, 1)]
    assert articles[1].url == "https://x.example/2"
    # And when the file is replaced by a shorter one, the article it no longer holds goes away
    shorter = _upload_and_parse(buckets, "feeds/fleet.json", json.dumps(stories[:1]).encode())
    assert [a.title for a in shorter] == ["First fleet story"]


def test_json_lines(buckets) -> None:
    lines = "\n".join(json.dumps(_story(f"Fleet story {n}", datePublished="2026-11-2{n}")) for n in range(3))
    articles = _upload_and_parse(buckets, "feeds/fleet.jsonl", lines.encode())
    assert [a.title for a in articles] == ["Fleet story 0", "Fleet story 1", "Fleet story 2"]
    assert all(a.format == "jsonl" for a in articles)


def test_gzip_compressed_text_dump(buckets) -> None:
    (article,) = _upload_and_parse(buckets, "dumps/fleet.txt.gz", gzip.compress(TEXT_DUMP.encode()))
    assert article.title == "Storms keep Tromso fleet in port"
    assert article.body == PARAGRAPHS


def test_pdf_text_layer(buckets) -> None:
    pdf = pdf_document([["Storms keep Tromso fleet in port", *PARAGRAPHS]])
    (article,) = _upload_and_parse(buckets, "papers/fleet.pdf", pdf)
    assert article.format == "pdf"
    assert "Harbour master Kari Nilsen" in article.text


@pytest.mark.parametrize("compressed", [False, True])
def test_warc_archive_gives_an_article_per_html_response(buckets, compressed: bool) -> None:
    archive = warc_archive(
        [
            ("https://arctic.example/a", "text/html", html_page("Fleet stays in port", PARAGRAPHS).encode()),
            ("https://arctic.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\0\0"),
            ("https://arctic.example/b", "text/html", html_page("Catch figures due", PARAGRAPHS[::-1]).encode()),
        ],
        gzip=compressed,
    )
    key = "crawls/arctic.warc.gz" if compressed else "crawls/arctic.warc"
    articles = _upload_and_parse(buckets, key, archive)
    assert [(a.title, a.url) for a in articles] == [
        ("Fleet stays in port", "https://arctic.example/a"),
        ("Catch figures due", "https://arctic.example/b"),
    ]


def test_an_unsupported_format_is_rejected_naming_the_detected_type(buckets) -> None:
    feed = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Feed</title></channel></rss>"
    assert _upload_and_parse(buckets, "feeds/news.rss", feed, rejected=True) == []
    (rejection,) = [r for r in ProcessedStore(PROCESSED_BUCKET).rejections() if r.origin.key == "feeds/news.rss"]
    assert rejection.detected_type == "feed"
    assert "unsupported format (feed)" in rejection.reason


def test_a_file_left_half_written_by_a_crash_is_parsed_again_on_redelivery(buckets) -> None:
    # Given a JSON file of three articles, of which a crashed invocation wrote only the first
    stories = [_story(f"Fleet story {n}") for n in range(3)]
    articles = _upload_and_parse(buckets, "feeds/three.json", json.dumps(stories).encode())
    store = ProcessedStore(PROCESSED_BUCKET)
    for article in articles[1:]:
        store.delete(store.article_key(source_id(RAW_BUCKET, "feeds/three.json"), article.id))
    # When the same event is delivered again
    batch = s3_event_batch("parse_object_created", [(RAW_BUCKET, "feeds/three.json", "ObjectCreated:Put")])
    load_function("parse").lambda_handler(batch, context("ParseFunction"))
    # Then all three articles are there again
    assert len(store.article_keys(source_id(RAW_BUCKET, "feeds/three.json"))) == 3
