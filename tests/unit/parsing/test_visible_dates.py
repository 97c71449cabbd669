"""Visible dates of many site styles and languages; relative dates against the upload time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsdrop.parsing.visible_dates import dates_in_line, find_published_date, is_date_line

UPLOADED = datetime(2021, 6, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("02 Ago 2017", datetime(2017, 8, 2)),
        ("19 \u043d\u043e\u044f\u0431\u0440\u044f 2019", datetime(2019, 11, 19)),
        ("19 \u043d\u043e\u044f\u0431\u0440\u044f 2019 \u0433., 14:30", datetime(2019, 11, 19, 14, 30)),
        ("3. M\u00e4rz 2020", datetime(2020, 3, 3)),
        ("3. M\u00e4rz 2020, 14:05 Uhr", datetime(2020, 3, 3, 14, 5)),
        ("le 5 janvier 2021 \u00e0 10h12", datetime(2021, 1, 5, 10, 12)),
        ("1er mars 2020", datetime(2020, 3, 1)),
        ("5 de janeiro de 2021", datetime(2021, 1, 5)),
        ("12 de diciembre de 2020", datetime(2020, 12, 12)),
        ("Pubblicato il 7 maggio 2019", datetime(2019, 5, 7)),
        ("14 mei 2020", datetime(2020, 5, 14)),
        ("19/11/2019", datetime(2019, 11, 19)),
        ("2019-11-19", datetime(2019, 11, 19)),
        ("19.11.2019", datetime(2019, 11, 19)),
        ("2019/11/19", datetime(2019, 11, 19)),
        ("Nov. 19th, 2019", datetime(2019, 11, 19)),
        ("Mon 2 Mar 2020 10.15 am", datetime(2020, 3, 2, 10, 15)),
        ("Posted on March 3, 2016 at 9:15 pm by Greg Nolan", datetime(2016, 3, 3, 21, 15)),
    ],
)
def test_written_dates_in_many_languages(line: str, expected: datetime) -> None:
    # Given a date line as a site in some language prints it
    # When its dates are read
    dates = dates_in_line(line, UPLOADED)
    # Then the first is the day (and time) written, exact
    assert is_date_line(line)
    assert dates[0].value == expected
    assert not dates[0].approximate


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("March 3, 2016 10:15 AM EST", datetime(2016, 3, 3, 10, 15, tzinfo=timezone(timedelta(hours=-5)))),
        ("14 June 2021, 10:45 GMT+3", datetime(2021, 6, 14, 10, 45, tzinfo=timezone(timedelta(hours=3)))),
        ("Updated 2016-03-03T10:15:00+01:00", datetime(2016, 3, 3, 10, 15, tzinfo=timezone(timedelta(hours=1)))),
        ("2020-05-01 08:00 UTC", datetime(2020, 5, 1, 8, 0, tzinfo=UTC)),
    ],
)
def test_a_named_zone_makes_the_date_aware(line: str, expected: datetime) -> None:
    # Given a date with a time and a zone
    # When it is read
    value = dates_in_line(line, UPLOADED)[0].value
    # Then the datetime carries that zone
    assert value == expected
    assert value.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("line", "before"),
    [
        ("8 hours ago", timedelta(hours=8)),
        ("1 day ago", timedelta(days=1)),
        ("a day ago", timedelta(days=1)),
        ("3 mins ago", timedelta(minutes=3)),
        ("2h ago", timedelta(hours=2)),
        ("2 weeks ago", timedelta(weeks=2)),
        ("yesterday", timedelta(days=1)),
        ("Updated an hour ago", timedelta(hours=1)),
        ("hace 2 d\u00edas", timedelta(days=2)),
        ("h\u00e1 3 horas", timedelta(hours=3)),
        ("il y a une heure", timedelta(hours=1)),
        ("vor 3 Stunden", timedelta(hours=3)),
        ("8 ore fa", timedelta(hours=8)),
        ("5 \u0447\u0430\u0441\u043e\u0432 \u043d\u0430\u0437\u0430\u0434", timedelta(hours=5)),
        ("2 uur geleden", timedelta(hours=2)),
    ],
)
def test_relative_dates_resolve_against_the_upload_time(line: str, before: timedelta) -> None:
    # Given a relative date line and the time the file was uploaded
    # When it is read
    date = find_published_date([line], UPLOADED)
    # Then it is that long before the upload, and approximate
    assert date is not None
    assert date.value == UPLOADED - before
    assert date.approximate


def test_yesterday_with_a_time_keeps_the_time() -> None:
    # Given "yesterday at 10:15 pm" uploaded at noon
    date = find_published_date(["Yesterday at 10:15 pm"], UPLOADED)
    # Then it is the day before at 22:15, approximate
    assert date is not None
    assert date.value == datetime(2021, 6, 14, 22, 15, tzinfo=UTC)
    assert date.approximate


def test_relative_dates_need_a_reference() -> None:
    # Given no upload time
    # When a relative date line is read
    # Then there is no date rather than a guess
    assert find_published_date(["8 hours ago"]) is None


def test_published_beats_updated_on_one_line() -> None:
    # Given a tabloid's combined line
    line = "PUBLISHED: 00:01, Tue, Nov 19, 2019 | UPDATED: 10:12, Tue, Nov 19, 2019"
    # When the publication date is picked
    date = find_published_date([line], UPLOADED)
    # Then it is the published one
    assert date is not None
    assert date.value == datetime(2019, 11, 19, 0, 1)
    assert date.label == "published"


def test_published_beats_updated_on_neighbouring_lines() -> None:
    # Given an updated line printed above the published one
    lines = ["Updated: June 2, 2021 4:00 pm", "Published: June 1, 2021 9:30 am", "The council met on Monday."]
    # When the publication date is picked
    date = find_published_date(lines, UPLOADED)
    # Then the published line wins and says where it was
    assert date is not None
    assert date.value == datetime(2021, 6, 1, 9, 30)
    assert date.line == 1


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["\uc218\uc815 2019-11-20 09:00", "\uae30\uc0ac\uc785\ub825 :[ 2019-11-19 17:32 ]"],
            datetime(2019, 11, 19, 17, 32),
        ),
        (["\u66f4\u65b0\u65e5 2019/11/20", "\u516c\u958b\u65e5 2019/11/19"], datetime(2019, 11, 19)),
        (
            ["\u66f4\u65b0\u65f6\u95f4\uff1a2019-11-20", "\u53d1\u5e03\u65f6\u95f4\uff1a2019-11-19 08:00"],
            datetime(2019, 11, 19, 8, 0),
        ),
    ],
)
def test_korean_japanese_and_chinese_labels_tell_published_from_updated(lines: list[str], expected: datetime) -> None:
    # Given a Korean, Japanese or Chinese page's updated line printed above its published line
    # When the publication date is picked
    date = find_published_date(lines, UPLOADED)
    # Then it is the labelled publication date
    assert date is not None
    assert date.value == expected
    assert date.label == "published"


def test_an_updated_date_is_better_than_none() -> None:
    date = find_published_date(["Last updated 3 June 2021"], UPLOADED)
    assert date is not None
    assert date.value == datetime(2021, 6, 3)
    assert date.label == "updated"


def test_a_date_inside_prose_never_beats_a_date_line() -> None:
    # Given the first paragraph, mentioning past dates, before a standalone date line
    lines = [
        "In May 2015 he left the company, and on March 3, 2016 he founded his own firm in Ohio.",
        "Sports | 4 June 2021",
    ]
    # When the publication date is picked
    date = find_published_date(lines, UPLOADED)
    # Then the date line gives it
    assert date is not None
    assert date.value == datetime(2021, 6, 4)


@pytest.mark.parametrize(
    "line",
    [
        "In May 2015 he resigned from the board.",
        "The company was founded on March 3, 2016 in Ohio.",
        "Tickets go on sale on 12 July 2021 at the box office and online.",
        "Subscribe to our newsletter",
    ],
)
def test_sentences_are_not_date_lines(line: str) -> None:
    # Given a sentence that contains a date (or none)
    # Then it is no date line and gives no publication date
    assert not is_date_line(line)
    assert find_published_date([line], UPLOADED) is None


@pytest.mark.parametrize(
    ("line", "language", "expected"),
    [
        ("03/04/2020", "en", datetime(2020, 3, 4)),
        ("03/04/2020", "fr", datetime(2020, 4, 3)),
        ("11/19/2019", None, datetime(2019, 11, 19)),
        ("19/11/2019", "en", datetime(2019, 11, 19)),
    ],
)
def test_numeric_day_month_order_is_guessed(line: str, language: str | None, expected: datetime) -> None:
    # Given a numeric date whose order is ambiguous or settled by a number over 12
    # When it is read with the page's language
    date = find_published_date([line], UPLOADED, language=language)
    # Then an English page reads the month first, others the day first, and a number over 12 decides
    assert date is not None
    assert date.value == expected


@pytest.mark.parametrize("line", ["11.19.2019", "31/02/2020", "0 Foo 2020", "12 June 1890"])
def test_impossible_dates_are_none(line: str) -> None:
    # Given a dotted date with month 19, a 31st of February, a made-up month, a year too early
    # Then no date is read
    assert dates_in_line(line, UPLOADED) == []


def test_dates_after_the_upload_are_not_publication_dates() -> None:
    # Given a date line in the future of the upload (an event announcement)
    # Then it is not the publication date
    assert find_published_date(["Saturday, 14 August 2021"], UPLOADED) is None
