"""Plain-text page dumps: the article is kept, the page around it is dropped, by general rules."""

from __future__ import annotations

import pytest

from newsdrop.errors import RejectedInput
from newsdrop.parsing import parse_file
from newsdrop.parsing.lines import split_units
from newsdrop.parsing.text_dump import extract_text_dump
from tests.unit.parsing import dumps

# One short story, alone in a file: what each test below changes around it is what it checks.
HARBOUR_HEADLINE = "Harbour channel to be deepened for larger ships"
HARBOUR_STORY = [
    "The harbour authority approved on Monday a plan to deepen the main channel so that larger "
    "container ships can dock, ending two years of dispute with fishermen and environmental groups.",
    "Dredging will start in the spring and last about eighteen months, the authority said in a statement.",
    "Fishermen had feared the work would drive away the shoals they depend on.",
]
# A sports story, its lead written by each title test to share words with the line it puts above it.
ROWING_HEADLINE = "Harbour rowers win the regional title"
ROWING_COACH = "Coach Anna Berg said the crew had trained twice a day since the spring and deserved the title."
# A short story, below which the list tests write a line ending in a colon and a list.
BAND_STORY = [
    "The Harbour Band will mark fifty years on stage with a summer tour of twelve cities, its founding "
    "members said on Monday at a concert in their home town.",
    "It will be the first time the four of them have toured together since the band split in 1999, and "
    "tickets go on sale on Friday morning.",
]


def test_news_wire_keeps_the_story_and_drops_the_related_list() -> None:
    # Given a wire story with a dateline, a "read more" link between paragraphs and a related list
    dump = dumps.NEWS_WIRE

    # When it is parsed (the dateline is split off for every format alike)
    [article] = parse_file(dump.encode(), "storm.txt")

    # Then the title, the dateline place and the story's paragraphs are kept
    assert article.title == "Storm floods coastal towns as rivers burst their banks"
    assert article.dateline == "Lisbon"
    assert article.body[0].startswith("Heavy rain flooded dozens of coastal towns")
    assert article.body[-1].startswith("Forecasters expect the rain to continue")
    assert len(article.body) == 5
    # And the link line and the teasers of other stories are gone
    text = "\n".join(article.body)
    for dropped in ("Click here", "Related Coverage", "Heavy snow", "Hundreds of drivers", "Fishing fleet", "Source"):
        assert dropped not in text


def test_blog_drops_share_links_tags_and_comments() -> None:
    # Given a blog post between a site header, share bars, tags and a comment section
    dump = dumps.BLOG

    # When it is extracted
    article = extract_text_dump(dump)

    # Then the post's headline (not the site's name) is the title and the byline gives the author
    assert article.title == "How I finally learned to bake sourdough at home"
    assert article.authors == ["Jane Miller"]
    # And the body is the four paragraphs of the post, nothing else
    assert [p.split()[0:3] for p in article.body] == [
        ["For", "years", "I"],
        ["Everything", "changed", "when"],
        ["The", "second", "thing"],
        ["Now", "I", "bake"],
    ]
    text = "\n".join(article.body)
    for dropped in ("Share", "Facebook", "Tags", "Comments", "Great post", "Reply", "email address"):
        assert dropped not in text


def test_newspaper_drops_menu_advert_newsletter_box_and_footer() -> None:
    # Given a newspaper page: menu, breadcrumb, byline, an advert slot, a newsletter box, a footer
    dump = dumps.NEWSPAPER

    # When it is extracted
    article = extract_text_dump(dump)

    # Then the headline nearest the story is the title, with both authors of the byline
    assert article.title == "City council approves new tram line to the airport"
    assert article.authors == ["Peter Hughes", "Sara Lind"]
    assert article.body[0].startswith("The city council voted on Tuesday")
    assert (
        article.body[-1] == "Construction is due to begin next spring, and the first trams are expected to run in 2026."
    )
    text = "\n".join(article.body)
    for dropped in (
        "Menu",
        "Advertisement",
        "Sign up",
        "inbox",
        "Subscribe",
        "Most read",
        "Heatwave",
        "Privacy",
        "\u00a9",
    ):
        assert dropped not in text


def test_hard_wrapped_paragraphs_are_joined() -> None:
    # Given a dump whose prose is wrapped at a fixed width
    dump = (
        "Council backs plan for new library\n\n"
        "The council on Monday approved a plan to build a new public library in the\n"
        "old market hall, after two years of consultation with residents and local\n"
        "businesses about what the building should become.\n\n"
        "Work is expected to start in the autumn and to take about eighteen months, the\n"
        "council said in a statement after the vote.\n"
    )

    # When it is extracted
    article = extract_text_dump(dump)

    # Then each wrapped paragraph is one paragraph
    assert len(article.body) == 2
    assert article.body[0].startswith("The council on Monday approved a plan to build a new public library in the old")


def test_repeated_short_lines_are_furniture_even_when_they_read_like_sentences() -> None:
    # Given a story with the same promotional sentence above and between its paragraphs
    promo = "Download our app for the latest news."
    paragraph = (
        "The bridge will be closed to traffic for three weeks while engineers repair its supports, officials said."
    )
    dump = f"Bridge closed for repairs\n\n{promo}\n\n{paragraph}\n\n{promo}\n\n{paragraph.replace('three', 'four')}\n"

    # When it is extracted
    article = extract_text_dump(dump)

    # Then the repeated line is dropped and the paragraphs are kept
    assert promo not in article.body
    assert len(article.body) == 2


def test_a_list_of_sentences_inside_the_story_is_kept() -> None:
    # Given a story with a bulleted list of full sentences between its paragraphs
    dump = (
        "What the new rules mean for renters\n\n"
        "The government published new rules for landlords on Thursday, and they take effect in April.\n\n"
        "  * Landlords must give tenants at least two months' notice before raising the rent.\n"
        "  * Deposits can no longer be more than five weeks of rent.\n\n"
        "Tenant groups welcomed the changes but said they did not go far enough to make homes affordable.\n"
    )

    # When it is extracted
    article = extract_text_dump(dump)

    # Then the list's sentences stay in the body, in order
    assert len(article.body) == 4
    assert article.body[1].startswith("Landlords must give tenants")


@pytest.mark.parametrize("dump", [dumps.NO_ARTICLE, "Home\nAbout\nContact\n", "Too short to be news."])
def test_text_without_article_prose_is_rejected(dump: str) -> None:
    # Given text that is only navigation or a single short line
    # When it is parsed
    with pytest.raises(RejectedInput) as caught:
        parse_file(dump.encode(), "page.txt")

    # Then it is rejected as holding no article
    assert caught.value.reason == "no article text found"
    assert caught.value.detected_type == "text"


def test_parse_file_returns_one_text_article_with_language_and_lead() -> None:
    # Given the news-wire dump as bytes
    data = dumps.NEWS_WIRE.encode()

    # When the public entry point parses it
    [article] = parse_file(data, "storm.txt")

    # Then it is one English text article whose lead is its first paragraph, dateline removed
    assert article.format == "text"
    assert article.language == "en"
    assert article.dateline == "Lisbon"
    assert article.lead == article.body[0]
    assert article.lead.startswith("Heavy rain flooded")


def test_a_clean_article_file_keeps_every_paragraph() -> None:
    # Given a text file that is one article alone: its headline and paragraphs, short last ones too
    paragraphs = [
        *HARBOUR_STORY,
        "The authority promised to pay for a study of the bay's fish stocks.",
        "A first report is due next year.",
    ]
    text = f"{HARBOUR_HEADLINE}\n\n" + "\n\n".join(paragraphs) + "\n"

    # When it is parsed
    [article] = parse_file(text.encode(), "harbour.txt")

    # Then the headline is the title and every paragraph is the body, in order
    assert article.title == HARBOUR_HEADLINE
    assert article.body == paragraphs


def test_an_article_file_without_a_headline_keeps_its_first_paragraph() -> None:
    # Given a text file that is an article's paragraphs alone, saved without its headline
    text = "\n\n".join(HARBOUR_STORY) + "\n"

    # When it is parsed
    [article] = parse_file(text.encode(), "harbour.txt")

    # Then every paragraph is the body, the first one too, and none of them is taken for a title
    assert article.body == HARBOUR_STORY
    assert article.title not in HARBOUR_STORY


def test_a_date_written_on_the_headline_line_is_the_date_and_not_part_of_the_title() -> None:
    # Given a dump whose renderer wrote the headline and its date line as one line
    text = f"{HARBOUR_HEADLINE} Published 10:02 AM Nov 19, 2019\n\n" + "\n\n".join(HARBOUR_STORY) + "\n"

    # When it is parsed
    [article] = parse_file(text.encode(), "harbour.txt")

    # Then the title is the headline alone, the date is the article's, and the body is the paragraphs
    assert article.title == HARBOUR_HEADLINE
    assert article.published is not None
    assert article.published.date().isoformat() == "2019-11-19"
    assert article.body == HARBOUR_STORY


def test_a_caption_that_ends_in_its_photographers_credit_is_never_the_title() -> None:
    # Given a dump where a photo caption with its credit (run into it, as text browsers write it)
    # stands between the headline and the story, sharing the story's names
    paragraphs = [
        "The house where Adolf Hitler was born in Braunau am Inn will be turned into a police station, "
        "Austria's interior ministry said on Tuesday, ending years of debate over the building's future.",
        "The ministry said the redesign was meant to stop the house from becoming a place of pilgrimage "
        "for neo-Nazis, and that an architecture competition would be held next year.",
        "The state took the house from its last owner in 2016 after a long legal dispute.",
    ]
    headline = "Hitler's birthplace to become a police station, Austria says"
    caption = "The house where Adolf Hitler was born in Braunau am Inn Leonhard Foeger/Reuters"
    text = f"{headline}\n\nNovember 19, 2019\n\n{caption}\n\n" + "\n\n".join(paragraphs) + "\n"

    # When it is parsed
    [article] = parse_file(text.encode(), "braunau.txt")

    # Then the headline is the title and the caption is not in the body
    assert article.title == headline
    assert article.body == paragraphs


def test_a_byline_that_gives_the_authors_handle_names_the_author_and_is_not_the_title() -> None:
    # Given a blog's dump whose byline is the author's name and social handle, under the headline
    text = f"{HARBOUR_HEADLINE}\n\nMara Olsen @maraolsen\n\n" + "\n\n".join(HARBOUR_STORY) + "\n"

    # When it is parsed
    [article] = parse_file(text.encode(), "harbour.txt")

    # Then the name is the author, and neither the title nor the body holds the byline
    assert article.authors == ["Mara Olsen"]
    assert article.title == HARBOUR_HEADLINE
    assert article.body == HARBOUR_STORY


def test_character_references_a_renderer_left_in_the_dump_are_read_as_characters() -> None:
    # Given a dump whose renderer left HTML character references in the headline and the text
    written = [
        HARBOUR_STORY[0].replace("fishermen and", "fishermen &amp;"),
        HARBOUR_STORY[1].replace("the authority said", "the authority&#39;s chief said"),
        HARBOUR_STORY[2].replace("depend on.", "depend on &#8230; for now."),
    ]
    text = "It&#39;s official: the harbour channel will be deepened\n\n" + "\n\n".join(written) + "\n"

    # When it is parsed
    [article] = parse_file(text.encode(), "harbour.txt")

    # Then the title and the body hold the characters, not their references
    assert article.title == "It's official: the harbour channel will be deepened"
    body = "\n".join(article.body)
    assert "fishermen & environmental groups" in body
    assert "the authority's chief said" in body
    assert "depend on \u2026 for now" in body
    assert "&#" not in body
    assert "&amp;" not in body


def test_the_names_w3m_writes_for_images_and_buttons_are_not_text() -> None:
    # Given a dump as w3m writes it: a search button's label, images without alternative text as their
    # file names (on a line of their own, after a caption, at the end of a paragraph), and a footnote's
    # number and an editor's "[sic]" in the story
    second = HARBOUR_STORY[1].replace("said in a statement", "said [sic] in a statement[1]")
    text = (
        "[Search] [svg]\n\n"
        f"{HARBOUR_HEADLINE}\n\n"
        "[harbour-channel-dredger-800x533]\n"
        "A dredger in the main channel[40222-5947]\n\n"
        f"{HARBOUR_STORY[0]}\n\n{second}\n\n"
        f"{HARBOUR_STORY[2]}[shoal-of-herring-1200x800]\n"
    )

    # When it is parsed
    [article] = parse_file(text.encode(), "harbour.txt")

    # Then the story is whole, with its own marks and without a file name
    assert article.title == HARBOUR_HEADLINE
    assert article.body == [HARBOUR_STORY[0], second, HARBOUR_STORY[2]]
    # And a line of names alone is no line of the page at all, and a caption keeps only its words
    units = [unit.text for unit in split_units(text)]
    assert units == [HARBOUR_HEADLINE, "A dredger in the main channel", HARBOUR_STORY[0], second, HARBOUR_STORY[2]]


def test_a_results_table_above_the_story_is_never_its_title() -> None:
    # Given a sports page as a text browser lays it out: a standings table at the top, its cells padded
    # to their columns and naming the club the story is about, then the headline and the story
    text = (
        "Menu\n\n"
        "League Table    Played    Points\n\n"
        "Harbour Rowing Club    6    38\n\n"
        "Lakeside Boat Club    6    29\n\n"
        f"{ROWING_HEADLINE}\n\n"
        "The Harbour Rowing Club won the regional championship on Sunday, taking four of the six races on "
        "a windy morning at the lake.\n\n"
        f"{ROWING_COACH}\n"
    )

    # When it is parsed
    [article] = parse_file(text.encode(), "rowing.txt")

    # Then the headline is the title, not the table's row that shares the lead's words
    assert article.title == ROWING_HEADLINE
    # And only the padded rows count as a table's, not a sentence followed by two spaces
    prose = "The club trains at dawn.  It races in May.  It won twice."
    rows = {unit.text: unit.table_row for unit in split_units(f"{text}\n{prose}\n")}
    assert rows["Harbour Rowing Club 6 38"]
    assert rows["League Table Played Points"]
    assert not rows[ROWING_HEADLINE]
    assert not rows[prose.replace("  ", " ")]


def test_menu_items_a_renderer_ran_together_are_never_the_title() -> None:
    # Given a page whose section menu the renderer wrote as one run of words, each item's last letter
    # against the next one's capital, right above a story whose lead names the same sections
    text = (
        "Harbour News\n\n"
        f"{ROWING_HEADLINE}\n\n"
        "Harbour RowingRegional ChampionshipLakeside ClubNorthgate Club Sunday Races\n\n"
        "The Harbour Rowing Club won the regional rowing championship on Sunday, taking four of the six "
        "races on a windy morning at the lake, ahead of the Lakeside and Northgate clubs.\n\n"
        f"{ROWING_COACH}\n"
    )

    # When it is parsed
    [article] = parse_file(text.encode(), "rowing.txt")

    # Then the headline is the title
    assert article.title == ROWING_HEADLINE


def test_the_claim_a_fact_check_quotes_is_never_its_title() -> None:
    # Given a fact check whose claim, one sentence in quotes, stands between the headline and the byline
    headline = "How many ferries does the harbour really run each day?"
    text = (
        f"Fact check\n\n{headline}\n\n"
        "\u201cThe harbour runs forty ferries a day to the islands.\u201d\n\n"
        "Posted by Ann Lee on March 3, 2020\n\n"
        "The mayor said at a council meeting on Monday that the harbour runs forty ferries a day to the "
        "islands, a figure she has repeated in three speeches since January.\n\n"
        "The harbour's own timetable lists twenty-six daily crossings in winter and thirty-four in summer, "
        "when two extra boats join the fleet.\n\n"
        "A spokesman for the mayor said she had counted the return trips of the cargo ferries as well.\n"
    )

    # When it is parsed
    [article] = parse_file(text.encode(), "ferries.txt")

    # Then the headline is the title, not the quoted claim that shares the lead's words
    assert article.title == headline
    assert article.authors == ["Ann Lee"]


def test_a_wire_storys_dateline_lead_between_a_menu_and_a_share_bar_opens_the_body() -> None:
    # Given a short wire story whose lead, under its dateline, sits between the section menu and a
    # share bar, with an advertisement and a list of other stories below the story
    lead = (
        "BERGEN -- Port officials in Norway and Sweden agreed on Tuesday to publish live berth data for "
        "cargo ships, a step freight companies have sought for years to cut idle hours at sea."
    )
    story = [
        "Swedish minister Karin Lind said the deal would let shippers plan arrivals with live data from "
        "both countries, and that the first data would flow before the spring.",
        '"Captains do not care which side of the border a berth list comes from," Lind said after meeting '
        'her Norwegian counterpart Olav Berg in Bergen. "Now they will not have to."',
        "Berg said Norway would publish the data under an open licence so that app makers could use it freely.",
    ]
    text = (
        "Port officials agree to publish berth data\n\nHome | World | Business | Sport\n\n"
        f"{lead}\n\nShare this article\n\n" + "\n\n".join(story) + "\n\nAdvertisement\n\nTop stories\n\n"
        "  \u2022 Snow closes mountain roads across the north\n"
        "    Drivers spent the night in their cars as snow fell on Monday. Read more\n"
        "  \u2022 Fishermen protest new quota rules in Brittany\n"
        "    Hundreds of boats blocked the harbour of Brest on Saturday morning. Read more\n"
    )

    # When it is parsed
    [article] = parse_file(text.encode(), "berths.txt")

    # Then the body opens with the lead, its dateline taken off, and holds the story's paragraphs
    assert article.dateline == "Bergen"
    assert article.body[0].startswith("Port officials in Norway and Sweden agreed on Tuesday")
    assert article.body[1:] == story


def test_a_list_the_story_ends_by_introducing_stays_in_the_body() -> None:
    # Given a music story that ends by introducing its tour dates with a colon, each date a short line
    # with no blank line between them, and the page's share bar and other stories below
    story = [*BAND_STORY, "The Harbour Band's 2020 tour dates:"]
    dates = [
        "June 9 -- City Hall, Leeds",
        "June 12 -- Arena, Manchester",
        "June 14 -- Town Hall, Birmingham",
        "June 20 -- Usher Hall, Edinburgh",
    ]
    text = (
        "Harbour Band announces fiftieth anniversary tour\n\n"
        + "\n\n".join(story)
        + "\n"
        + "\n".join(dates)
        + "\n\nShare this:\nFacebook\nTwitter\n\nMore music news\n\n"
        + "Folk festival moves to a bigger site\nSinger cancels autumn shows\n"
    )

    # When it is parsed
    [article] = parse_file(text.encode(), "tour.txt")

    # Then the body ends with the list the story introduced, and nothing of the page below it
    assert article.body == [*story, *dates]


def test_a_dump_without_blank_lines_takes_no_list_after_a_colon() -> None:
    # Given a dump that writes no blank line anywhere, whose story ends with a line ending in a colon
    # over the page's list of other stories and its footer
    story = BAND_STORY
    others = ["Folk festival moves to a bigger site", "Singer cancels autumn shows", "Contact us"]
    text = "\n".join(["Harbour Band announces tour", *story, "The band's other news from this week:", *others])

    # When it is parsed
    [article] = parse_file(text.encode(), "tour.txt")

    # Then nothing shows where a list would end, so none is taken: the body is the story
    assert article.body == story


def test_the_comment_section_below_the_story_is_not_part_of_it() -> None:
    # Given a sports page whose readers' comments, long and written like prose, follow the story under
    # the comment section's heading
    headline = "Chargers coach says the loss ends any hope of a playoff run"
    paragraphs = [
        "The Chargers coach conceded on Tuesday that his team's playoff hopes were all but gone after "
        "Monday night's loss in Mexico City, the fourth defeat in five games.",
        "He said the team had treated the game as the most important step of the season, and that "
        "the mistakes in the final minutes were the kind a contender cannot afford to make.",
        "At four wins and seven losses, the team would need to win every remaining game and still "
        "rely on results elsewhere to reach the postseason.",
        "The coach declined to say whether the veteran quarterback would keep his starting job.",
    ]
    comments = [
        (
            "boltsfan1998",
            "It is time for the front office to accept that this season is over and to start planning "
            "for the draft, because the roster is not good enough to compete with the best teams in the "
            "conference.",
        ),
        (
            "coastguy",
            "As usual there were too many mistakes at the end of the game. The defence played well "
            "enough to win, but the offence kept handing the ball back to the other side when it "
            "mattered most.",
        ),
        (
            "margo_a",
            "Another team suffering from a long run of bad luck with injuries. Nobody wants to hear "
            "it, but half of the starting line has been out since September and that shows in every "
            "close game.",
        ),
    ]
    thread = "\n\n".join(f"{name}\n\n{text}" for name, text in comments)
    text = (
        f"Sports\n\n{headline}\n\nPosted by Mike Stone on November 19, 2019, 6:21 AM EST\n\n"
        + "\n\n".join(paragraphs)
        + "\n\nShare this:\nFacebook\nTwitter\n\n"
        + f"3 responses to \u201c{headline}\u201d\n\n{thread}\n"
    )

    # When it is extracted
    article = extract_text_dump(text)

    # Then the body is the story, ending with its last paragraph, and no comment is in it
    assert article.title == headline
    assert article.body == paragraphs


def test_a_story_that_reports_comments_keeps_its_paragraphs_after_that_sentence() -> None:
    # Given a story in which a paragraph begins with a count of comments, as reported news can
    paragraphs = [
        "The city council closed its consultation on the new tram line to the airport on Friday, "
        "after three months of public meetings in every district the line would cross.",
        "Residents of the eastern districts had asked for two more stops, and shop owners along the "
        "route had asked for the building work to pause during the holiday season.",
        "12 comments were received from businesses on the route.",
        "The council will publish its answer to each of them before the vote in March.",
    ]
    text = "City closes tram consultation\n\n" + "\n\n".join(paragraphs) + "\n"

    # When it is extracted
    article = extract_text_dump(text)

    # Then no paragraph is taken for the heading of a comment section
    assert article.body == paragraphs


def test_a_long_comment_far_below_a_short_story_is_not_taken_for_the_article() -> None:
    # Given a short story, the comment section's heading, short comments with their names, dates and
    # votes, and then one reader's comment of several paragraphs, longer than the story
    short_comments = "\n\n".join(
        f"reader{number}\n\n{number} days ago\n\nNot again, number {number}.\n\nRating: {number} Votes"
        for number in range(1, 9)
    )
    long_comment = [
        "I have lived by the harbour for thirty years, and I have seen three plans like this one come and go. "
        "Each time the council told us that the work would start in the spring, and each time the spring came "
        "and went without a single boat of the dredging company in sight.",
        "The real question is who pays when the sand that comes out of the channel has nowhere to go. The last "
        "plan put it on the beach north of the town, and the people who live there took the council to court "
        "and won, which is why the money was spent on lawyers rather than on the channel.",
        "My neighbours who fish for a living are not against bigger ships, whatever the papers say. They are "
        "against losing the only grounds close enough to reach and come back from in a day, and nobody in the "
        "authority has ever sat down with them to draw the line of the channel on a map.",
        "So forgive me if I do not celebrate this week. When the first dredger starts work I will walk down to "
        "the quay and buy the crew a coffee, and until then I will keep my opinion of the promise to myself.",
    ]
    dump = (
        f"{HARBOUR_HEADLINE}\n\n"
        + "\n\n".join(HARBOUR_STORY)
        + f"\n\nTop Rated Comments\n\n{short_comments}\n\nreader9\n\n3 days ago\n\n"
        + "\n\n".join(long_comment)
        + "\n"
    )

    # When it is extracted
    article = extract_text_dump(dump)

    # Then the body is the story, though the comment holds more prose, and no comment is in it
    assert article.title == HARBOUR_HEADLINE
    assert article.body == HARBOUR_STORY


def test_a_comment_forms_empty_fields_between_headline_and_story_keep_neither_out_of_reach() -> None:
    # Given a tabloid's dump (w3m) whose comment form, fifty empty fields, stands between the headline
    # with its byline and the story
    form = "\n".join(["Name(required) [                    ]", *["[                    ]"] * 50, "Submit"])
    text = f"{HARBOUR_HEADLINE}\n\nBy Mara Olsen\n\n{form}\n\nMarch 3, 2024 | 4:10pm\n\n" + "\n\n".join(HARBOUR_STORY)

    # When it is parsed
    [article] = parse_file(f"{text}\n".encode(), "harbour.txt")

    # Then the headline is still the title and the byline still names the author: lines without a
    # word do not count in how far above the story they are looked for
    assert article.title == HARBOUR_HEADLINE
    assert article.authors == ["Mara Olsen"]
    assert article.body == HARBOUR_STORY
