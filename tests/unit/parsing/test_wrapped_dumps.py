"""Dumps a text browser hard-wrapped at a fixed width (lynx, w3m at 80 columns): each paragraph is
read whole again, whatever the width, the script or the blank lines between paragraphs."""

from __future__ import annotations

import itertools
import textwrap

import pytest

from newsdrop.parsing.lines import display_width, split_units, wrap_width
from newsdrop.parsing.text_dump import extract_text_dump

HEADLINE = "Port city opens its first tram line in sixty years"
MENU = ["Home", "News", "Sport", "Weather", "Opinion"]
PARAGRAPHS = [
    "The first tram in sixty years carried passengers through the centre of the port city on Saturday, "
    "after four years of building work that closed streets, moved markets and tested the patience of "
    "shop owners along the route.",
    "The line runs eleven kilometres from the railway station to the university hospital, with nineteen "
    "stops, and the transport authority expects about forty thousand journeys on a working day once the "
    "timetable is complete.",
    "The mayor, who rode the first tram with schoolchildren from the districts along the line, said the "
    "city had waited long enough for a way across town that did not depend on the traffic of the harbour "
    "road.",
    "Shop owners on the main avenue said trade had fallen by a third during the works, and some asked the "
    "council to extend the rent relief it had granted them until the end of the year.",
    "A second line, to the container terminal and the new housing on the former shipyard, is planned to "
    "open in 2029 if the national government confirms its share of the money in the spring budget.",
]
FOOTER = ["Contact us", "Terms of use", "Privacy policy"]


def lynx_style(width: int = 76) -> str:
    """A lynx-like dump: paragraphs indented three spaces, wrapped at `width`, no blank line between
    them; a menu of bullets above, a footer below. (At 76 columns each paragraph's last line leaves
    room for the next one's first word, so the widths tell where a paragraph ends.)"""
    menu = "\n".join(f"     * {item}" for item in MENU)
    story = "\n".join(
        textwrap.fill(paragraph, width=width, initial_indent="   ", subsequent_indent="   ") for paragraph in PARAGRAPHS
    )
    footer = "\n".join(f"   {line}" for line in FOOTER)
    return f"{menu}\n\n{HEADLINE}\n\n{story}\n\n{footer}\n"


def test_a_lynx_dump_gives_back_the_story_paragraph_by_paragraph() -> None:
    # Given the story as lynx writes it: wrapped at 76 columns, paragraphs without blank lines between
    dump = lynx_style()

    # When it is extracted
    article = extract_text_dump(dump)

    # Then each paragraph is one paragraph of the body, word for word, and the title is the headline
    assert article.title == HEADLINE
    assert article.body == PARAGRAPHS


def test_the_lines_of_a_menu_or_footer_in_a_wrapped_dump_stay_apart() -> None:
    # Given the same wrapped dump
    units = [unit.text for unit in split_units(lynx_style())]

    # When it is cut into units, then short lines that a next word would have fitted after stay lines
    for line in (*MENU, *FOOTER):
        assert line in units


def test_a_paragraph_that_opens_with_a_dialogue_dash_is_not_a_list_of_its_lines() -> None:
    # Given an interview wrapped at 80 columns whose answers open with a dash, as Russian and French
    # papers write them
    answers = [f"\u2014 {paragraph}" if number % 2 else paragraph for number, paragraph in enumerate(PARAGRAPHS)]
    dump = f"{HEADLINE}\n\n" + "\n\n".join(textwrap.fill(answer, width=80) for answer in answers) + "\n"

    # When it is extracted
    article = extract_text_dump(dump)

    # Then each answer is one paragraph (the dash is dropped, as a list marker is)
    assert article.body == PARAGRAPHS


def test_wrapped_japanese_is_joined_without_spaces() -> None:
    # Given Japanese prose wrapped at 80 columns: 40 characters a line, each two columns wide, no spaces
    sentence = "市電の新しい路線が土曜日に開業し、駅から大学病院までの十一キロを結んだ。"
    paragraphs = [sentence * 3, sentence.replace("土曜日", "日曜日") * 3, sentence.replace("市電", "路面電車") * 2]
    blocks = ["\n".join(textwrap.wrap(paragraph, width=40)) for paragraph in paragraphs]  # 40 characters, 80 columns
    dump = "\n\n".join(blocks * 2) + "\n"

    # When it is cut into units
    units = [unit.text for unit in split_units(dump)]

    # Then the dump is seen as wrapped at 80 columns and each paragraph is whole, with no space added
    assert wrap_width(dump.split("\n")) == 80
    assert units[: len(paragraphs)] == paragraphs


def test_a_dump_written_a_paragraph_a_line_is_not_taken_for_a_wrapped_one() -> None:
    # Given a dump that writes each paragraph on one line of its own length
    dump = f"{HEADLINE}\n\n" + "\n\n".join([*PARAGRAPHS, *(paragraph.upper() for paragraph in PARAGRAPHS)]) + "\n"

    # When it is cut into units, then no wrapping width is found and each paragraph is a unit
    assert wrap_width(dump.split("\n")) is None
    assert len(split_units(dump)) == 1 + 2 * len(PARAGRAPHS)


@pytest.mark.parametrize(
    ("story_width", "between_paragraphs"),
    [
        # an indented column wrapped at 68, paragraphs with no blank line between them: the block
        # shows a width of its own
        pytest.param(68, "\n", id="a-column-narrower-than-the-page"),
        # lynx's indent of body text: each paragraph six columns narrower, blank lines between them,
        # too few lines each for a block to show its width; a line that stops mid-sentence goes on
        pytest.param(72, "\n\n", id="paragraphs-indented-as-lynx-indents-them"),
    ],
)
def test_a_story_wrapped_narrower_than_the_page_is_joined_too(story_width: int, between_paragraphs: str) -> None:
    # Given a page wrapped at 78 columns whose story sat indented, the indent stripped by the crawler
    intro = textwrap.fill(" ".join(PARAGRAPHS[::-1]).upper(), width=78)
    story = between_paragraphs.join(textwrap.fill(paragraph, width=story_width) for paragraph in PARAGRAPHS)
    dump = f"{intro}\n\n{HEADLINE}\n\n{story}\n"

    # When it is cut into units
    units = [unit.text for unit in split_units(dump)]

    # Then the page is seen as wrapped at 78 columns and the story's paragraphs are whole
    assert wrap_width(dump.split("\n")) == 78
    assert units[-len(PARAGRAPHS) :] == PARAGRAPHS


KOREAN = [
    "시는 토요일에 육십 년 만에 처음으로 시내 전차 노선을 개통했으며 전차는 기차역에서 대학병원까지 "
    "열한 킬로미터를 달린다고 교통 당국이 밝혔다",
    "상인들은 공사 기간 동안 매출이 삼분의 일가량 줄었다며 시의회에 임대료 감면을 연말까지 연장해 "
    "달라고 요청했다고 전했다",
    "두 번째 노선은 컨테이너 터미널과 옛 조선소 부지의 새 주택 단지까지 이어질 예정이며 정부가 봄 "
    "예산에서 재원을 확정하면 개통될 것이라고 시장은 말했다",
]

# Six paragraphs of two sentences each, so that the dump has enough wrapped lines to tell its width.
KOREAN_STORY = [f"{first}. {second}." for first, second in itertools.permutations(KOREAN, 2)]


def _filled(paragraph: str, columns: int = 79) -> list[str]:
    """The paragraph broken the way w3m breaks Korean: each line filled to the last column, inside words."""
    lines, line = [], ""
    for character in paragraph:
        if display_width(line + character) > columns:
            lines.append(line.rstrip())
            line = "" if character == " " else character
        else:
            line += character
    return [*lines, line]


def test_korean_that_a_renderer_broke_inside_words_is_joined_without_spaces() -> None:
    # Given Korean paragraphs as w3m wraps them at 80 columns: lines full, words cut anywhere
    dump = "\n\n".join("\n".join(_filled(paragraph)) for paragraph in KOREAN_STORY) + "\n"

    # When it is cut into units
    units = [unit.text for unit in split_units(dump)]

    # Then each paragraph is one unit and no word is cut in two (where a line broke at a space, that
    # space is lost, as the renderer left no trace of it: two words may read as one)
    assert [unit.replace(" ", "") for unit in units] == [paragraph.replace(" ", "") for paragraph in KOREAN_STORY]
    for unit, paragraph in zip(units, KOREAN_STORY, strict=True):
        words = paragraph.split()
        whole_or_two = {*words, *(first + second for first, second in itertools.pairwise(words))}
        assert set(unit.split()) <= whole_or_two


def test_korean_that_a_renderer_broke_at_spaces_keeps_its_spaces() -> None:
    # Given the same paragraphs as lynx wraps them: at the spaces, lines short of full
    dump = "\n\n".join(textwrap.fill(paragraph, width=44) for paragraph in KOREAN_STORY) + "\n"

    # When it is cut into units, then each paragraph is whole, every word as it was written
    assert [unit.text for unit in split_units(dump)] == KOREAN_STORY


def test_a_lynx_dump_with_its_link_numbers_and_references_gives_back_the_story() -> None:
    # Given the story as `lynx -dump` writes it by default: a number before each link's text, and the
    # numbered list of the links' addresses (wider than the text, as no renderer breaks a URL) at the end
    linked = [paragraph.replace("The ", "[7]The ", 1).replace(" the ", " [12]the ", 1) for paragraph in PARAGRAPHS]
    story = "\n".join(textwrap.fill(paragraph, width=76) for paragraph in linked)
    references = "\n".join(
        f"{number}. https://news.example.com/{number}/port-city-tram-line-opens-after-four-years-of-works"
        for number in range(1, 30)
    )
    dump = f"[1]Home [2]News [3]Sport\n\n{HEADLINE}\n\n{story}\n\nReferences\n\n{references}\n"

    # When it is extracted
    article = extract_text_dump(dump)

    # Then the body is the story without the link numbers, and none of the references
    assert article.title == HEADLINE
    assert article.body == PARAGRAPHS


def test_a_footnote_mark_after_its_word_is_kept() -> None:
    # Given a sentence with a footnote mark written after its word, and a link number before its text
    units = split_units("The survey found rents up by a fifth.[1] [2]Read the survey\n")

    # When it is cut into units, then the footnote mark stays and the link number goes
    assert [unit.text for unit in units] == ["The survey found rents up by a fifth.[1] Read the survey"]


def test_a_markdown_dump_gives_back_the_story_without_its_links_images_and_emphasis() -> None:
    # Given the story as a crawler that saves Markdown writes it: wrapped at 78 columns, with a link, an
    # image, emphasis and an escaped full stop in it, and a list of links to other stories below
    marked = [
        PARAGRAPHS[0].replace(
            "port city", "[port city](https://news.example.com/places/port-city-harbour-and-old-town)"
        ),
        f"![](https://cdn.example.com/images/2026/tram-at-the-station.jpg) {PARAGRAPHS[1]}",
        PARAGRAPHS[2].replace("The mayor", "_The mayor_"),
        PARAGRAPHS[3].replace("Shop owners", "**Shop owners**"),
        PARAGRAPHS[4].replace("2029 if", "2029\\. If"),
    ]
    story = "\n\n".join(textwrap.fill(paragraph, width=78) for paragraph in marked)
    related = "\n".join(
        f"  * [Other story {number}](https://news.example.com/{number}/another-story-about-the-city)"
        for number in range(1, 6)
    )
    dump = f"# {HEADLINE}\n\n{story}\n\n## Related\n\n{related}\n"

    # When it is extracted
    article = extract_text_dump(dump)

    # Then the body is the story's words, with no address, image or mark left in it
    assert article.title == HEADLINE
    assert article.body == [*PARAGRAPHS[:4], PARAGRAPHS[4].replace("2029 if", "2029. If")]


def test_a_quote_wrapped_with_its_mark_on_every_line_is_read_whole() -> None:
    # Given a Markdown dump wrapped at 78 columns whose third paragraph is quoted: "> " on each line
    quoted = "\n".join(f"> {line}" for line in textwrap.wrap(PARAGRAPHS[2], width=76))
    story = [textwrap.fill(paragraph, width=78) for paragraph in PARAGRAPHS]
    dump = f"# {HEADLINE}\n\n" + "\n\n".join([*story[:2], quoted, *story[3:]]) + "\n"

    # When it is extracted
    article = extract_text_dump(dump)

    # Then the quote is one paragraph of the body, its marks gone, not a list of its lines
    assert article.body == PARAGRAPHS


def test_an_image_file_name_under_a_paragraph_is_not_read_as_its_last_word() -> None:
    # Given a dump wrapped at 76 columns where an image's file name, too long for the room left on
    # the line above, follows the second paragraph (its last line 72 columns) with no blank line
    image = "tram-line-opening-day-crowds-at-the-station.jpg"
    story = [textwrap.fill(paragraph, width=76) for paragraph in PARAGRAPHS]
    dump = f"{HEADLINE}\n\n" + "\n\n".join([story[0], f"{story[1]}\n{image}", *story[2:]]) + "\n"

    # When it is cut into units
    units = [unit.text for unit in split_units(dump)]

    # Then the paragraph ends where its sentence does, and the file name is a unit of its own
    assert units == [HEADLINE, *PARAGRAPHS[:2], image, *PARAGRAPHS[2:]]


def test_a_markdown_image_whose_text_holds_escaped_brackets_leaves_nothing() -> None:
    # Given a Markdown dump's linked picture whose alternative text is its own address in escaped brackets
    image = "https://cdn.example.com/video/2026/tram_167x94.jpg"
    picture = f"[ ![\\[{image}\\]]({image}) ](https://news.example.com/video/tram-opening)"
    dump = f"# {HEADLINE}\n\n{picture}\n\n{PARAGRAPHS[0]}\n"

    # When it is cut into units, then the picture and its link leave no unit behind
    assert [unit.text for unit in split_units(dump)] == [HEADLINE, PARAGRAPHS[0]]
