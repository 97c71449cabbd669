"""The dump model: its trees are walked as LightGBM fitted them, and the article grows to its unsure neighbours."""

from __future__ import annotations

import math

import numpy as np

from newsdrop.parsing.line_model import TreeEnsemble, chosen_units, load_model
from newsdrop.parsing.text_dump import article_indices, dump_page
from newsdrop.parsing.title_ranker import title_candidates


def test_each_row_sums_the_leaves_it_reaches_in_trees_of_different_depths() -> None:
    # Given a stump on feature 0 and a two-level tree on features 1 then 0 (nodes as stored)
    stump = [[0, 0.5, 1, 2, 0.0], [0, 0.0, -1, -1, -1.0], [0, 0.0, -1, -1, 1.0]]
    deeper = [
        [1, 10.0, 1, 4, 0.0],
        [0, 0.2, 2, 3, 0.0],
        [0, 0.0, -1, -1, -2.0],
        [0, 0.0, -1, -1, 0.5],
        [0, 0.0, -1, -1, 3.0],
    ]
    model = TreeEnsemble.from_dict({"names": ["a", "b"], "depth": 2, "trees": [stump, deeper]})

    # When rows on each side of the thresholds (a threshold itself goes left) are scored
    rows = np.array([[0.1, 5.0], [0.5, 5.0], [0.9, 5.0], [0.9, 20.0]])
    probabilities = model.probabilities(rows)

    # Then each is the sigmoid of its two leaves' sum
    expected = [-1.0 - 2.0, -1.0 + 0.5, 1.0 + 0.5, 1.0 + 3.0]
    assert np.allclose(probabilities, [1 / (1 + math.exp(-raw)) for raw in expected])


def test_prose_next_to_the_article_joins_it_past_furniture_but_not_far_from_it() -> None:
    # Given a page: a menu, a lead the model is unsure of, a share bar, two sure paragraphs, then
    # three furniture lines and an unsure teaser
    page = dump_page(
        "Home | World | Business\n\n"
        "The council approved the new budget on Tuesday after a debate that lasted into the night.\n\n"
        "Share this article\n\n"
        "The mayor said the budget would pay for two new schools and a library in the north of the city.\n\n"
        "Opposition members said the plan relied on taxes that had not yet been agreed by the region.\n\n"
        "Advertisement\n\nShare on Facebook\n\nAdvertisement\n\n"
        "Heavy snow closed roads across the mountains on Monday, stranding hundreds of drivers overnight.\n"
    )
    assert page is not None
    scores = [0.0, 0.4, 0.05, 0.9, 0.9, 0.0, 0.0, 0.0, 0.4]

    # When the units are chosen with a threshold of 0.6 and a neighbour threshold of 0.3
    chosen = chosen_units(page, scores, 0.6, 0.3)

    # Then the lead joins the paragraphs past the share bar; the teaser behind three furniture lines does not
    assert chosen == [1, 3, 4]
    # And without the neighbour threshold only the sure paragraphs are chosen
    assert chosen_units(page, scores, 0.6, 0.6) == [3, 4]


def test_the_article_the_model_is_sure_of_wins_over_a_longer_thread_of_comments_it_barely_chose() -> None:
    # Given a page: four short paragraphs the model is sure of, thirty lines of page furniture, then
    # two comments the model only just chose, with a quarter more words than the article
    paragraphs = [
        "The council approved the new budget on Tuesday after a long debate.",
        "The mayor said it would pay for two new schools in the north of the city.",
        "Opposition members said the plan relied on taxes not yet agreed.",
        "The region will vote on those taxes in the spring, officials said.",
    ]
    furniture = [f"Section {number}" for number in range(30)]
    comment = "I have lived here for twenty years and I think the council never listens to anyone " * 2
    page = dump_page("\n\n".join([*paragraphs, *furniture, comment + "first.", comment + "second."]))
    assert page is not None
    assert sum(unit.word_count for unit in page.units[34:]) > 1.2 * sum(unit.word_count for unit in page.units[:4])
    scores = [1.0] * 4 + [0.0] * 30 + [0.65] * 2

    # When the parser picks the article's units from those scores
    model = load_model()
    chosen = article_indices(page, scores, model.threshold, model.neighbour_threshold)

    # Then the article is the sure paragraphs
    assert chosen == [0, 1, 2, 3]


def test_a_headline_below_a_promotion_the_body_took_in_is_still_a_title_candidate() -> None:
    # Given a page: a menu, an e-book promotion the body took in, a section label and the headline the
    # body left out, then the article's paragraphs
    page = dump_page(
        "Home | Blog | Contact\n\n"
        'Download our free e-book "Five steps to reading at home" today\n\n'
        "Literacy\n\n"
        "Musical games from a Belo Horizonte theatre group\n\n"
        "Have you never heard the musical games of the Serelepe group? Watch a short video here.\n\n"
        "The group plays old songs with children and their parents every Saturday morning.\n\n"
        "Their next show opens in the city centre in March, with tickets at the door.\n"
    )
    assert page is not None

    # When the title candidates are taken around that body
    candidates = title_candidates(page, [1, 4, 5, 6])

    # Then the headline between the promotion and the paragraphs is one of them
    assert 3 in candidates


def test_an_image_text_that_w3m_wrote_twice_is_no_title_candidate() -> None:
    # Given a page as w3m renders it: a picture's alternative text twice (the picture and its
    # fallback image), then the headline and the article's paragraphs
    page = dump_page(
        "Home | Blog | Contact\n\n"
        "Ferry at the harbour at dawnFerry at the harbour at dawn\n\n"
        "New ferry timetable adds early crossings for commuters\n\n"
        "The harbour council approved a new ferry timetable on Monday, adding early crossings.\n\n"
        "Commuters had asked for a boat before seven for years, the mayor said after the vote.\n\n"
        "The late boat on Fridays stays, and the new timetable starts in March.\n"
    )
    assert page is not None

    # When the title candidates are taken around the body
    candidates = title_candidates(page, [3, 4, 5])

    # Then the doubled text is none of them, and the headline is one
    assert 1 not in candidates
    assert 2 in candidates
