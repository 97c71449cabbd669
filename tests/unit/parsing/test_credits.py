"""Agency credits and copyright lines name the story's source, with one spelling per wire service."""

from __future__ import annotations

import pytest

from newsdrop.parsing.credits import agency_credit, agency_name, copyright_owner, ends_in_photo_credit, find_credits


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("AP", "Associated Press"),
        ("The Associated Press", "Associated Press"),
        ("Reuters", "Reuters"),
        ("AFP", "Agence France-Presse"),
        ("Agence France Presse", "Agence France-Presse"),
        ("Bloomberg News", "Bloomberg"),
        ("UPI", "UPI"),
        ("dpa", "dpa"),
        ("EFE", "EFE"),
        ("ANSA", "ANSA"),
        ("Some Local Paper", None),
    ],
)
def test_wire_services_have_one_name(written: str, name: str | None) -> None:
    # Given an agency as pages spell it
    # When it is normalised
    # Then every spelling gives the same name, and an unknown outlet none
    assert agency_name(written) == name


@pytest.mark.parametrize(
    ("line", "agency", "whole"),
    [
        ("(Reuters)", "Reuters", True),
        ("AFP", "Agence France-Presse", True),
        ("WASHINGTON (AP) \u2014 The Senate voted on Tuesday.", "Associated Press", False),
        ("LONDON, March 3 (Reuters) - Shares rose.", "Reuters", False),
        ("NEW YORK (CNN) -- A storm hit the coast.", "CNN", False),
        ("ROMA (ANSA) - Il governo ha approvato il decreto.", "ANSA", False),
        ("The talks ended without a deal. \u2014 AFP", "Agence France-Presse", False),
        ("Die Gespr\u00e4che gehen weiter. /dpa/", "dpa", False),
        ("Officials met on Friday (AP) and agreed.", "Associated Press", False),
        ("(AP Photo/Jane Doe)", None, False),
        ("The aid agency said it would help.", None, False),
    ],
)
def test_agency_credits_are_found_where_wires_put_them(line: str, agency: str | None, whole: bool) -> None:
    # Given a dateline, a parenthesised credit, a trailing credit or an ordinary line
    # When the credit is read
    # Then the agency is named, and the line is a credit line only when it is nothing else
    assert agency_credit(line) == (agency, whole)


@pytest.mark.parametrize(
    ("line", "owner"),
    [
        ("Copyright 2022 The Associated Press. All rights reserved.", "Associated Press"),
        ("\u00a9 2024 Harbour Media Group", "Harbour Media Group"),
        ("\u00a9 Copyright 2019 Foo News Ltd", "Foo News Ltd"),
        ("Copyright \u00a9 2020, Bar Herald", "Bar Herald"),
        ("\u00a9 2019-2024 Foo Inc. All Rights Reserved", "Foo Inc."),
        ("Terms | Privacy | \u00a9 2024 Lakeside Media", "Lakeside Media"),
        ("Copyright 2020 The Valley Times, a Gannett company", "The Valley Times"),
        ("\u00a9 The Daily Planet 2021", "The Daily Planet"),
        ("(c) 2023 Northern Voice. Powered by WordPress", "Northern Voice"),
        ("\u00a9 2021 Diario del Sur. Todos los derechos reservados.", "Diario del Sur"),
        ("The lawsuit alleges copyright infringement.", None),
        ("Copyright law was changed in 2019 after a long debate in parliament.", None),
    ],
)
def test_copyright_lines_name_their_owner(line: str, owner: str | None) -> None:
    # Given a footer's copyright line, or prose that mentions copyright
    # When the owner is read
    # Then it is the name without years, marks and "All rights reserved"
    assert copyright_owner(line) == owner


def test_find_credits_prefers_the_agency_and_marks_credit_lines() -> None:
    # Given a local page carrying a wire story: dateline credit in the body, publisher footer after it
    lines = [
        "WASHINGTON (AP) \u2014 The Senate passed the bill late on Tuesday.",
        "It now goes to the House.",
        "Copyright 2024 The Associated Press. All rights reserved.",
        "\u00a9 2024 Riverside Courier",
    ]
    # When the credits are read
    credits = find_credits(lines)
    # Then the source is the agency, the first copyright owner is kept, and only footer lines are credits
    assert credits.source == "Associated Press"
    assert credits.copyright_owner == "Associated Press"
    assert credits.lines == [2, 3]


def test_without_an_agency_the_publisher_is_the_source() -> None:
    # Given a blog's footer
    credits = find_credits(["Thanks for reading!", "\u00a9 2023 The Garden Notebook. All rights reserved."])
    # When the credits are read
    # Then the copyright owner is the source
    assert credits.agency is None
    assert credits.source == "The Garden Notebook"
    assert credits.lines == [1]


@pytest.mark.parametrize(
    "caption",
    ["Photograph: Maria Lopez/Reuters", "A flooded street in Valencia. (AP Photo/Jose Garcia)", "Photo: AFP"],
)
def test_a_picture_credit_does_not_make_its_agency_the_source(caption: str) -> None:
    # Given a magazine page whose only agency name is in a photo's credit
    lines = [caption, "Banks are opening branches again.", "\u00a9 2024 The Weekly Review"]
    # When the credits are read
    credits = find_credits(lines)
    # Then the story's source is the publisher, not the photo agency
    assert credits.agency is None
    assert credits.source == "The Weekly Review"


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Flood water fills a street in Valencia, Spain, on Monday. Maria Lopez/Reuters", True),
        ("The minister arrives for the summit in Brussels. Jan Peeters/Pool via REUTERS", True),
        ("The house where the composer was born, in Salzburg. Anna Weber / Reuters file", True),
        ("Protesters march to the port in Lima. Evan Moss/AP, File", True),
        ("The senator speaks in Ohio last week.Credit...Ann Lee/The New York Times", True),
        ("Image Credit: NASA", True),
        ("Support for the plan fell to 40 percent in a Reuters/Ipsos poll last week.", False),
        ("The band has toured with AC/DC since 1990.", False),
        ("The firm got credit: a loan it could not otherwise have had.", False),
    ],
)
def test_a_line_ending_in_a_photographers_credit_is_a_caption(line: str, caption: bool) -> None:
    # Given a line as a page dump shows it under a picture, or a sentence naming a poll or a band
    # When it is asked whether it ends in a photo credit
    # Then a photographer's credit at its end or a credit label makes it a caption; the rest are prose
    assert ends_in_photo_credit(line) is caption


def test_a_photographers_credit_does_not_make_its_agency_the_source() -> None:
    # Given a page whose only agency name is the photographer's credit under a picture
    lines = ["Flood water fills a street in Valencia. Maria Lopez/Reuters", "\u00a9 2024 The Weekly Review"]
    # When the credits are read
    credits = find_credits(lines)
    # Then the source is the publisher, and the caption is not taken for a credit line
    assert credits.agency is None
    assert credits.source == "The Weekly Review"
    assert credits.lines == [1]
