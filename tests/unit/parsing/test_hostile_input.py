"""Hostile files end as an article or a rejection with a reason, within the time limit, never a crash.

Property-based (hypothesis) over the parser's entry point, run as the parse stage runs it. The
default profile keeps the module near a minute; `HYPOTHESIS_PROFILE=long` tries 20x as many inputs
of each family (bench/hostile.py counts them and measures time and memory).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdrop.models import source_id
from newsdrop.pipeline.parse_stage import load_parsers
from newsdrop.settings import ParseLimits
from tests import hostile_inputs as hostile
from tests.conftest import RAW_BUCKET

settings.register_profile(
    "default", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
settings.register_profile("long", max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Generous for a page on a busy machine; the tests of the limit itself set a short one.
LIMITS = ParseLimits(parse_timeout_s=10, max_object_bytes=2 * 1024 * 1024)
# The limit interrupts Python between bytecodes: a C call (a regex, lxml) may finish its step first.
OVERSHOOT_S = 1.5


@pytest.fixture(scope="module", autouse=True)
def parsers_loaded() -> None:
    """As at the parse function's cold start: loading spaCy is not part of any file's time."""
    load_parsers(LIMITS.ner_model)


def _outcome(data: bytes, name: str, limits: ParseLimits = LIMITS) -> hostile.Outcome:
    outcome = hostile.parse_outcome(data, name, limits)
    assert outcome.articles > 0 or outcome.reason, "neither an article nor a reason"
    assert outcome.seconds < limits.parse_timeout_s + OVERSHOOT_S
    return outcome


@given(data=hostile.random_bytes, name=hostile.file_names)
def test_random_bytes_under_any_name_end_as_an_article_or_a_rejection(data: bytes, name: str) -> None:
    _outcome(data, name)
    assert len(source_id(RAW_BUCKET, name)) == 16  # any key gets its id


@given(data=hostile.truncated(hostile.gzip_page()))
def test_a_truncated_gzip_is_rejected_not_read_as_its_first_part(data: bytes) -> None:
    assert _outcome(data, "pier.html.gz").articles == 0


@given(data=hostile.truncated(hostile.gzip_warc()))
def test_a_truncated_warc_gz_gives_the_whole_page_or_a_rejection(data: bytes) -> None:
    # A cut that leaves the page whole (only the gzip trailer lost) may still give it, never a part
    outcome = _outcome(data, "crawl.warc.gz")
    assert outcome.texts in {(), (hostile.full_text(hostile.gzip_warc(), "crawl.warc.gz"),)}


@given(data=hostile.lying_warcs())
def test_a_warc_whose_lengths_lie_gives_the_whole_page_or_a_rejection(data: bytes) -> None:
    outcome = _outcome(data, "crawl.warc")
    assert outcome.texts in {(), (hostile.full_text(hostile.WARC, "crawl.warc"),)}


@given(data=hostile.invalid_utf8(hostile.PAGE))
def test_invalid_utf8_anywhere_in_a_page_still_gives_its_article(data: bytes) -> None:
    outcome = _outcome(data, "pier.html")
    # Outside markup the page still gives its article. Inside a tag it may not: a broken
    # `</title>` makes the rest of the page title text, as a browser reads it too.
    differ = (at for at, (ours, theirs) in enumerate(zip(data, hostile.PAGE, strict=False)) if ours != theirs)
    position = next(differ, len(hostile.PAGE))
    in_tag = hostile.PAGE.rfind(b"<", 0, position) > hostile.PAGE.rfind(b">", 0, position)
    assert outcome.articles == 1 or in_tag


@given(data=hostile.json_documents())
def test_json_with_fields_of_any_type_and_huge_numbers_ends_cleanly(data: bytes) -> None:
    _outcome(data, "feed.json")


@given(data=hostile.broken_pdfs())
def test_a_pdf_with_a_broken_xref_ends_cleanly(data: bytes) -> None:
    _outcome(data, "report.pdf")


@pytest.mark.parametrize("nested", [False, True], ids=["gzip", "gzip-in-gzip"])
def test_a_gzip_bomb_of_200_mb_is_refused_quickly_by_the_size_limit(nested: bool) -> None:
    # Given 200 MB of one letter, gzip-compressed (once: 200 KB; twice: 500 bytes)
    bomb = hostile.gzip_of_one_letter(200 * 1024 * 1024, nested=nested)
    # When it is parsed with the parse function's default limits
    outcome = _outcome(bomb, "letters.txt.gz", ParseLimits())
    # Then it is refused for its decompressed size, not by the time limit (bench/hostile.py times it)
    assert outcome.reason == f"decompresses to more than the limit of {ParseLimits().max_object_bytes} bytes"


def test_a_10_mb_single_line_ends_within_the_time_limit() -> None:
    limits = ParseLimits(parse_timeout_s=2, max_object_bytes=16 * 1024 * 1024)
    outcome = _outcome(hostile.one_long_line(10 * 1024 * 1024), "line.txt", limits)
    assert outcome.articles == 1 or outcome.reason


def test_html_nested_100000_deep_ends_within_the_time_limit() -> None:
    outcome = _outcome(hostile.deeply_nested_html(100_000), "deep.html")
    assert outcome.articles == 1 or outcome.reason


@given(name=st.sampled_from(["", ".", "..", "/", "a/../../b", "\x00", "con.txt", "\u202etxt.exe", "😀" * 50]))
def test_odd_file_names_do_not_change_what_a_page_gives(name: str) -> None:
    assert _outcome(hostile.PAGE, name).articles == 1
