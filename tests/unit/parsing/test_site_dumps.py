"""Page dumps in several sites' styles: title, body start and end, authors, date and source are read,
and the page's furniture (menus, banners, captions, prompts, footers) is gone from the body."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from newsdrop.parsing import parse_file
from tests.unit.parsing import site_dumps

UPLOADED = datetime(2022, 8, 11, 18, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Expected:
    title: str
    first: str
    last: str
    authors: list[str]
    published: date | None  # None: the page shows no date
    approximate: bool = False
    site: str | None = None
    dateline: str | None = None
    gone: list[str] = field(default_factory=list)


CASES = {
    "wire service": (
        site_dumps.WIRE_SERVICE,
        Expected(
            title="Drought strands hundreds of barges on the Rhine as water levels fall",
            first="Hundreds of cargo barges were stranded",
            last='"We are watching the gauges every hour,"',
            authors=["Anna Keller", "Tomas Berg"],
            published=date(2022, 8, 11),
            approximate=True,
            site="Reuters",
            dateline="Frankfurt",
            gone=["cookie", "Photo:", "Handout", "Reporting by", "Our Standards", "Read Next", "Oil prices", "©"],
        ),
    ),
    "local paper": (
        site_dumps.LOCAL_PAPER,
        Expected(
            title="Volunteers rebuild the town's flooded library in a single weekend",
            first="Nearly two hundred volunteers",
            last="The library expects to reopen",
            authors=["Laura Chen"],
            published=date(2021, 3, 14),
            site="Riverside Gazette Media Group",
            gone=["Posted on", "Subscribe", "Tags:", "logged in", "Powered by", "All rights reserved"],
        ),
    ),
    "tabloid": (
        site_dumps.TABLOID,
        Expected(
            title="EXCLUSIVE: Runaway llama leads police on two-hour chase through village gardens",
            first="A runaway llama led police",
            last="The farmer said Dolly was back",
            authors=["Sam Webb"],
            published=date(2019, 11, 19),
            gone=["PUBLISHED", "Image credit", "newsletter", "Read more", "Sponsored", "celebrities"],
        ),
    ),
    "blog with a relative date": (
        site_dumps.BLOG_RELATIVE,
        Expected(
            title="Crossing the Hardangervidda plateau on skis in five days",
            first="The Hardangervidda is the largest",
            last="On the third day a storm",
            authors=["Erik Dahl"],
            published=date(2022, 8, 9),
            approximate=True,
            gone=["Written by", "Staff writer", "days ago", "Share this", "Leave a comment"],
        ),
    ),
    "Spanish paper": (
        site_dumps.SPANISH_PAPER,
        Expected(
            title="Los agricultores del valle del Ebro piden ayudas urgentes por la sequía",
            first="Los agricultores del valle del Ebro pidieron",
            last="El consejero de Agricultura",
            authors=[],
            published=date(2017, 8, 2),
            site="EFE",
            dateline="Zaragoza",
            gone=["Portada", "Noticias relacionadas", "ola de calor", "©"],
        ),
    ),
    "magazine": (
        site_dumps.MAGAZINE,
        Expected(
            title="The quiet comeback of the neighbourhood bank branch",
            first="After a decade in which thousands",
            last="Critics say the openings",
            authors=[],
            published=None,
            gone=["Photograph:", "Illustration:", "Share on Facebook", "More from"],
        ),
    ),
    "news site with photo credits run into their captions": (
        site_dumps.NEWS_SITE_PHOTOS,
        Expected(
            title="Port strike halts container traffic on the East Coast for a second day",
            first="Dockworkers at three dozen ports",
            last="Retailers asked the White House",
            authors=[],
            published=None,
            gone=["Credit...", "Getty Images", "Reuters file", "Reuters, Washington,", "Advertisement", "More in"],
        ),
    ),
}


@pytest.mark.parametrize(("dump", "expected"), CASES.values(), ids=CASES.keys())
def test_a_dump_gives_its_story_and_metadata_without_the_page_around_it(dump: str, expected: Expected) -> None:
    # Given a page dump uploaded at a known time
    # When it is parsed
    [article] = parse_file(dump.encode(), "page.txt", received_at=UPLOADED)

    # Then the headline, the story's first and last paragraphs and its metadata are found
    assert article.title == expected.title
    assert article.body[0].startswith(expected.first)
    assert article.body[-1].startswith(expected.last)
    assert article.authors == expected.authors
    assert (article.published and article.published.date()) == expected.published
    assert article.published_approximate is expected.approximate
    assert article.site == expected.site
    assert article.dateline == expected.dateline
    # And nothing of the page's furniture is left in the body
    text = "\n".join(article.body)
    for gone in expected.gone:
        assert gone not in text
