"""Named entities: one per thing named, canonical full names, majority types, no numbers."""

from __future__ import annotations

from newsdrop.parsing import parse_file
from newsdrop.parsing.entities import Mention, extract_entities, load_pipeline, merge_mentions
from newsdrop.settings import ParseLimits


def test_surname_mentions_join_the_full_name_and_a_stray_label_is_outvoted() -> None:
    # Given mentions where the surname alone is once mislabelled as an organisation
    mentions = [
        Mention("Sergey Lavrov", "PERSON", 10),
        Mention("Lavrov", "PERSON", 80),
        Mention("Lavrov", "ORG", 120),
        Mention("Moscow", "GPE", 5),
        Mention("MOSCOW", "GPE", 0),
    ]

    # When they are merged
    entities = {entity.text: entity for entity in merge_mentions(mentions)}

    # Then there is one person with all three mentions, and one Moscow including the dateline's
    lavrov = entities["Sergey Lavrov"]
    assert (lavrov.type, lavrov.count, lavrov.first_offset, lavrov.variants) == ("PERSON", 3, 10, ["Lavrov"])
    assert entities["Moscow"].count == 2
    assert set(entities) == {"Sergey Lavrov", "Moscow"}


def test_a_surname_shared_by_two_people_stays_apart() -> None:
    # Given two people with the same surname and a bare surname mention
    mentions = [Mention("George Bush", "PERSON", 0), Mention("Jeb Bush", "PERSON", 50), Mention("Bush", "PERSON", 90)]

    # When they are merged
    names = [entity.text for entity in merge_mentions(mentions)]

    # Then the bare surname is not guessed into either
    assert sorted(names) == ["Bush", "George Bush", "Jeb Bush"]


def test_entities_of_an_article_with_the_real_model() -> None:
    # Given an English article naming people by full name and then by surname
    body = (
        "Foreign Minister Sergey Lavrov met U.S. Secretary of State John Kerry in Moscow on Tuesday. "
        "Kerry said the talks on Syria and Ukraine were useful.\n\n"
        "Lavrov said President Vladimir Putin would see Kerry later. Putin has met Kerry twice this year."
    )

    # When entities are extracted
    entities = {
        entity.text: entity
        for entity in extract_entities("Kerry meets Lavrov in Moscow", body, ParseLimits().ner_model)
    }

    # Then people carry their full names and places are places; dates and numbers are left out
    for person in ("John Kerry", "Sergey Lavrov", "Vladimir Putin"):
        assert entities[person].type == "PERSON"
    assert entities["John Kerry"].count >= 4
    for place in ("Moscow", "Syria", "Ukraine"):
        assert entities[place].type == "GPE"
    assert not {"Tuesday", "this year", "twice"} & set(entities)


def test_the_pipeline_is_loaded_once_with_only_ner() -> None:
    # Given the configured model
    model = ParseLimits().ner_model

    # When the pipeline is asked for twice
    first, second = load_pipeline(model), load_pipeline(model)

    # Then it is the same object, running NER alone
    assert first is second
    assert first.pipe_names == ["ner"]


def test_non_english_articles_skip_ner_with_a_note() -> None:
    # Given a German page dump
    dump = (
        "Stadtrat beschliesst neue Strassenbahn zum Flughafen\n\n"
        "Der Stadtrat hat am Dienstag beschlossen, eine neue Strassenbahnlinie vom Hauptbahnhof zum "
        "Flughafen zu bauen. Damit endet eine Debatte, die mehr als zehn Jahre gedauert hat.\n\n"
        "Die Linie soll nach Angaben der Stadt rund 420 Millionen Euro kosten und im Jahr 2026 fertig sein.\n"
    )

    # When it is parsed
    [article] = parse_file(dump.encode(), "tram.txt")

    # Then it is German, has no entities, and says why
    assert article.language == "de"
    assert article.entities == []
    assert any("named entities skipped" in note and "'de'" in note for note in article.notes)
    assert len(article.body) == 2
