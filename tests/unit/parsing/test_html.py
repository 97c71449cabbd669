"""HTML pages: main text by trafilatura, metadata from JSON-LD and meta tags, broken markup survives."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from newsdrop.errors import RejectedInput
from newsdrop.parsing import parse_file

PARAGRAPHS = [
    "BERLIN (AP) \u2014 Germany's parliament on Thursday approved a law that will phase out coal power by 2038, "
    "after months of negotiations between the government and the country's mining regions.",
    "The law includes billions of euros in aid for the regions that depend most on coal, and it sets dates "
    "for closing each of the country's remaining power plants over the next two decades.",
    "Environmental groups said the timetable was too slow to meet the country's climate goals, while the "
    "industry warned that electricity prices could rise for households and factories.",
]

LD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Germany votes to end coal power by 2038",
    "datePublished": "2020-07-03T09:30:00+02:00",
    "author": [{"@type": "Person", "name": "Anna Weber"}],
    "publisher": {"@type": "Organization", "name": "The Daily Example"},
}


def page(paragraphs: list[str], *, ld: dict | None = None, extra_head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Germany votes to end coal power | The Daily Example</title>{extra_head}{script}</head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Germany votes to end coal power by 2038</h1>{body}</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Stocks fall sharply</a></li>
<li><a href="/b">Rain on the way</a></li></ul></aside>
<footer><p>\u00a9 2020 The Daily Example. All rights reserved.</p></footer></body></html>"""


def test_html_page_gives_main_text_and_json_ld_metadata() -> None:
    # Given a small news page with navigation, a sidebar, a footer and JSON-LD
    html = page(PARAGRAPHS, ld=LD, extra_head='<link rel="canonical" href="https://example.com/news/coal">')

    # When it is parsed
    [article] = parse_file(html.encode(), "coal.html")

    # Then the article's paragraphs are the body, the dateline is moved out of the first one
    assert article.format == "html"
    assert article.dateline == "Berlin"
    assert article.body[0].startswith("Germany's parliament on Thursday approved a law")
    assert len(article.body) == 3
    for dropped in ("Most read", "Stocks fall", "Home", "All rights reserved"):
        assert dropped not in article.text
    # And title, authors, date with its zone, site and canonical URL come from the page's metadata
    assert article.title == "Germany votes to end coal power by 2038"
    assert article.authors == ["Anna Weber"]
    assert article.published == datetime(2020, 7, 3, 7, 30, tzinfo=UTC)
    assert article.published.utcoffset().total_seconds() == 7200
    assert article.site == "The Daily Example"
    assert article.url == "https://example.com/news/coal"
    assert article.language == "en"


def test_meta_tags_stand_in_when_there_is_no_json_ld() -> None:
    # Given a page with Open Graph and article:* meta tags only
    head = (
        '<meta property="og:title" content="Coal law passes">'
        '<meta property="og:site_name" content="Example News">'
        '<meta property="article:published_time" content="2020-07-03T10:00:00Z">'
        '<meta name="author" content="Anna Weber, Tom Berg">'
    )

    # When it is parsed
    [article] = parse_file(page(PARAGRAPHS, extra_head=head).encode(), "coal.html")

    # Then the meta tags give title, site, date and authors
    assert article.title == "Coal law passes"
    assert article.site == "Example News"
    assert article.published == datetime(2020, 7, 3, 10, 0, tzinfo=UTC)
    assert article.authors == ["Anna Weber", "Tom Berg"]


def test_broken_markup_does_not_crash() -> None:
    # Given a page with unclosed tags, stray closing tags and no <html> or <body>
    html = "<head><title>Broken page</title><div><p>" + "<p>".join(PARAGRAPHS) + "</span></div></td><p>unclosed <b>bold"

    # When it is parsed
    [article] = parse_file(html.encode(), "broken.htm")

    # Then the text is still found
    assert any("phase out coal power" in p for p in article.body)


def test_json_ld_article_body_is_the_fallback_when_the_page_shows_no_text() -> None:
    # Given a script-rendered page whose only text is the JSON-LD articleBody
    ld = dict(LD, articleBody="\n".join(PARAGRAPHS))
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    html = f'<html><head>{script}</head><body><div id="app"></div></body></html>'

    # When it is parsed
    [article] = parse_file(html.encode(), "app.html")

    # Then the body comes from articleBody
    assert article.body[-1].startswith("Environmental groups said")


def test_latin1_page_declared_in_meta_is_decoded() -> None:
    # Given a page in windows-1252 that declares its charset in a meta tag
    paragraphs = [p.replace("Germany's", "Germany\u2019s") + " Caf\u00e9s stayed open." for p in PARAGRAPHS]
    html = page(paragraphs).replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    )

    # When it is parsed
    [article] = parse_file(html.encode("cp1252"), "latin.html")

    # Then accents and curly quotes survive
    assert "Caf\u00e9s stayed open." in article.body[1]
    assert "Germany\u2019s" in article.text


def test_html_without_an_article_is_rejected() -> None:
    # Given a page that is only navigation
    html = '<html><body><nav><a href="/">Home</a><a href="/x">World</a></nav><p>Log in</p></body></html>'

    # When it is parsed
    with pytest.raises(RejectedInput) as caught:
        parse_file(html.encode(), "nav.html")

    # Then it is rejected as having no article, detected as HTML
    assert (caught.value.reason, caught.value.detected_type) == ("no article text found", "html")


def test_links_to_other_articles_are_not_body_text() -> None:
    # Given an article whose text is broken by a "Read more:" teaser, a linked headline, two linked
    # cards and a list of related stories, and which links a short name in a paragraph
    named = "Officials at the <a href='/topics/energy'>Energy Ministry</a> said the first plants would close next year."
    teasers = (
        "<p>Read more: <a href='/b'>Solar farms double their output across the north of the country</a></p>"
        "<h2><a href='/c'>Wind power overtakes gas for the first time in a winter month</a></h2>"
        "<a href='/d'><p>Turbines off the coast came online as demand stayed low in a mild December, "
        "and for the first time the grid ran a whole week without burning any coal at all.</p></a>"
        "<a href='/g'><span>Also on this site</span> "
        "<span>Gas storage is full ahead of the winter, operators say</span></a>"
        "<ul><li><a href='/e'>How the coal regions plan to train miners for new work</a></li>"
        "<li><a href='/f'>Five charts that explain the price of electricity this year</a></li></ul>"
    )
    html = page([*PARAGRAPHS[:2], named, PARAGRAPHS[2]]).replace("<p>Officials", teasers + "<p>Officials")

    # When it is parsed
    [article] = parse_file(html.encode(), "coal.html")

    # Then the teasers are gone and every paragraph of the article stays, the linked name with it
    for teaser in (
        "Solar farms double",
        "Wind power overtakes",
        "Turbines off the coast",
        "Gas storage is full",
        "train miners",
        "Five charts",
    ):
        assert teaser not in article.text
    assert any("Energy Ministry said the first plants" in p for p in article.body)
    assert len(article.body) == 4


def test_prose_a_container_starts_with_outside_any_paragraph_is_kept() -> None:
    # Given an article whose first paragraph is written straight into its container, running on
    # through an inline link, and whose other paragraphs are <p>s
    lead = (
        f"{PARAGRAPHS[0]} The vote was reported first by <em><a href='/x'>a regional paper</a></em>, "
        "then confirmed by the ministry."
    )
    rest = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:])
    html = page([]).replace("</h1>", f"</h1><div class='content'>{lead}{rest}</div>")

    # When it is parsed
    [article] = parse_file(html.encode(), "coal.html")

    # Then the article starts with its first paragraph, the linked words in place, and the rest follows
    assert article.body[0].startswith("Germany's parliament on Thursday approved a law")
    assert article.body[0].endswith("reported first by a regional paper, then confirmed by the ministry.")
    assert len(article.body) == 3


def test_an_article_body_split_into_chunks_is_read_whole() -> None:
    # Given an article whose body is cut into two containers of the same class, an ad between them
    more = [
        "Analysts expect the first closures in the west of the country, where the oldest plants are, "
        "moving east over the following decade as the new grid links are finished.",
        "Unions said they would watch how the promised retraining money reaches workers, after earlier "
        "programmes in the steel industry were criticised for arriving too late to help.",
    ]
    chunks = [PARAGRAPHS[:2], [PARAGRAPHS[2], *more]]
    divs = [
        "<div class='row'><div class='article-body'>" + "".join(f"<p>{p}</p>" for p in c) + "</div></div>"
        for c in chunks
    ]
    html = page([]).replace("</h1>", "</h1>" + divs[0] + "<div class='ad'><span>Advertisement</span></div>" + divs[1])

    # When it is parsed
    [article] = parse_file(html.encode(), "coal.html")

    # Then every paragraph of both chunks is in the body, in page order, and the ad is not
    assert len(article.body) == 5
    assert article.body[2].startswith("Environmental groups said")
    assert article.body[-1].startswith("Unions said")
    assert "Advertisement" not in article.text


def test_the_headline_after_a_kicker_and_captions_repeating_alt_text_are_not_body_text() -> None:
    # Given an article with a kicker above its headline and a photo whose caption repeats its alt text
    caption = "A lignite plant near Cologne at dusk"
    photo = f"<div align='center'><img src='plant.jpg' alt='{caption}'><br><span class='small'>{caption}</span></div>"
    html = (
        page(PARAGRAPHS)
        .replace("<article><h1>", "<article><p>Climate policy</p><h1>")
        .replace(f"<p>{PARAGRAPHS[1]}", f"{photo}<p>{PARAGRAPHS[1]}")
    )

    # When it is parsed
    [article] = parse_file(html.encode(), "coal.html")

    # Then neither the headline nor the caption is a line of the body; the article's paragraphs are
    assert "Germany votes to end coal power by 2038" not in article.body
    assert caption not in article.text
    assert "Germany's parliament on Thursday approved a law" in article.body[-3]
    assert article.body[-2:] == PARAGRAPHS[1:]
