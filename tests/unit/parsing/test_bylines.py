"""Bylines of many site styles give their authors; prose, desks and roles give none."""

from __future__ import annotations

import pytest

from newsdrop.parsing.bylines import byline_authors, find_bylines


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        # wire services
        ("Jane Okafor, Reuters", ["Jane Okafor"]),
        ("Jane Okafor | Reuters", ["Jane Okafor"]),
        ("By Jane Okafor and Tomas Lind, Associated Press", ["Jane Okafor", "Tomas Lind"]),
        ("Reporting by Jane Okafor; Editing by Peter Hale", ["Jane Okafor"]),
        ("(Reporting by Jane Okafor; editing by Peter Hale)", ["Jane Okafor"]),
        (
            "Reporting by Ana Ruiz and Li Wei in Madrid; Additional reporting by Omar Haddad; "
            "Writing by Kate Moss-Bell; Editing by Peter Hale and Sam Ode",
            ["Ana Ruiz", "Li Wei", "Omar Haddad", "Kate Moss-Bell"],
        ),
        ("Associated Press writer Maria Lopez in Lima contributed to this report.", ["Maria Lopez"]),
        (
            "Associated Press writers Maria Lopez in Lima and Tom Baird in Quito contributed.",
            ["Maria Lopez", "Tom Baird"],
        ),
        ("Dmitri Volkov contributed reporting.", ["Dmitri Volkov"]),
        # local papers and tabloids
        ("By Rosa Delgado", ["Rosa Delgado"]),
        ("By Rosa Delgado, Alan Price and Meg Tully", ["Rosa Delgado", "Alan Price", "Meg Tully"]),
        ("Rosa Delgado | Staff writer", ["Rosa Delgado"]),
        ("Rosa Delgado, Staff Writer", ["Rosa Delgado"]),
        ("Kim Lee and Raj Patel USA TODAY", ["Kim Lee", "Raj Patel"]),
        ("By Rosa Delgado, The Riverside Courier", ["Rosa Delgado"]),
        ("By Rosa Delgado Special to The Globe", ["Rosa Delgado"]),
        ("By JOHN HARTLEY FOR MAILONLINE", ["John Hartley"]),
        ("BY JOHN HARTLEY AND AMY CROSS", ["John Hartley", "Amy Cross"]),
        ("By Rosa Delgado | Published 3 hours ago", ["Rosa Delgado"]),
        # blogs
        ("Posted on March 3, 2016 by Greg Nolan", ["Greg Nolan"]),
        ("Posted on March 3, 2016 at 9:15 am by Greg Nolan", ["Greg Nolan"]),
        ("Written by Greg Nolan", ["Greg Nolan"]),
        ("Author: Greg Nolan", ["Greg Nolan"]),
        ("Greg Nolan | March 3, 2020", ["Greg Nolan"]),
        ("Greg Nolan @gregnolan", ["Greg Nolan"]),
        ("Greg Nolan and Amy Cross | @gregnolan @amycross", ["Greg Nolan", "Amy Cross"]),
        # name shapes
        ("By Michael T. Flynn", ["Michael T. Flynn"]),
        ("By Ludwig van Beethoven", ["Ludwig van Beethoven"]),
        ("By Bashar al-Assad", ["Bashar al-Assad"]),
        ("By Conan O'Brien", ["Conan O'Brien"]),
        ("By Martin Luther King Jr.", ["Martin Luther King Jr."]),
        # other languages
        ("Por María José Fernández", ["María José Fernández"]),
        ("Von Jürgen Müller", ["Jürgen Müller"]),
        ("Par Étienne Dubois et Claire Martin", ["Étienne Dubois", "Claire Martin"]),
        ("Автор: Дмитрий Петров", ["Дмитрий Петров"]),
    ],
)
def test_byline_shapes_name_their_authors(line: str, authors: list[str]) -> None:
    # Given a byline as some site prints it
    # When it is read
    # Then the people are its authors, without outlet, role or place
    assert byline_authors(line) == authors


@pytest.mark.parametrize(
    "line",
    [
        "By Sports Desk",
        "By Staff",
        "By Web Desk",
        "By News Service",
        "By Associated Press",
        "By AFP",
        "The Associated Press contributed to this report.",
        "Edited by Peter Hale",
    ],
)
def test_desk_bylines_are_bylines_without_people(line: str) -> None:
    # Given a byline naming a desk, an agency or only an editor
    # When it is read
    # Then it is a byline (the body should lose it) that names no author
    assert byline_authors(line) == []


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the year, prices had risen by a third.",
        "By Monday, officials said the bridge would reopen.",
        "By Christmas Day the shops were empty.",
        "By John Smith's count, the vote failed.",
        "Sports Desk",
        "Boris Johnson, Prime Minister",
        "Paris, France",
        "Copyright infringement cases rose sharply.",
        "The mayor said the plan by City Hall would be published.",
        "Von der Leyen said the talks would go on.",
        "Taylor Swift @taylorswift13 announces a new tour",
        "",
    ],
)
def test_prose_and_labels_are_not_bylines(line: str) -> None:
    # Given a sentence or label that merely starts like a byline
    # When it is read
    # Then it is no byline at all
    assert byline_authors(line) is None


def test_find_bylines_collects_authors_and_the_lines_to_drop() -> None:
    # Given the lines around an article: a header byline, the body, and a wire credit at the end
    lines = [
        "World News",
        "Dam talks stall as river levels fall",
        "By Ana Ruiz",
        "Officials from three countries met on Monday without agreeing on the dam's water quota.",
        "Reporting by Ana Ruiz and Li Wei; Editing by Peter Hale",
        "(c) 2024 Example Media",
    ]
    # When the bylines are found
    found = find_bylines(lines)
    # Then each author appears once, in order, and both byline lines are marked
    assert found.authors == ["Ana Ruiz", "Li Wei"]
    assert found.lines == [2, 4]


def test_a_name_over_a_role_line_is_one_byline() -> None:
    # Given a local paper's byline split over two lines
    lines = ["Council approves new bus routes", "Greta Hall", "Staff Writer", "The council voted 7-2 on Tuesday."]
    # When the bylines are found
    found = find_bylines(lines)
    # Then the name is the author and both lines are byline lines
    assert found.authors == ["Greta Hall"]
    assert found.lines == [1, 2]


def test_a_headline_is_not_taken_for_a_name() -> None:
    # Given a short capitalised headline over a role-less line
    lines = ["Storm Warning Issued", "Heavy rain is expected on Friday across the region."]
    # When the bylines are found
    # Then there are none
    assert find_bylines(lines).authors == []
    assert find_bylines(lines).lines == []
