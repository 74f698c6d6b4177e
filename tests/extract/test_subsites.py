"""Sites of one raid told apart (issue #8): a weapon referred back to ("The other landed in X", "the second hit Y")
is a strike of its own at its own place, with the weapon and day of the strike told before it.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

import pytest

from sitrep.extract import extract_articles
from sitrep.types import Article


def _attacks(text: str, published: str = "2024-10-09"):
    ex = extract_articles([Article.from_text("t", text, published=published, path="")])
    ev = ex.events
    return ev[(ev["kind"] == "attack") & (ev["salience"] == "main")]


@pytest.mark.parametrize("text,place", [
    ("Russian troops fired three cruise missiles at Zaporizhzhia on Tuesday evening. Two of them hit a factory in "
     "Zaporizhzhia. The third landed in the village of Kushuhum south of the city, injuring four people, the "
     "governor said.", "Kushuhum"),
    ("On Tuesday, two Iskander missiles struck Kharkiv, hitting a printing house. The second fell on the town of "
     "Chuhuiv, where a woman was wounded, officials said.", "Chuhuiv"),
])
def test_a_weapon_referred_back_to_at_another_place_is_a_strike_of_its_own(text, place):
    rows = _attacks(text)
    assert place in set(rows["place"])
    row = rows[rows["place"] == place].iloc[0]
    assert row["weapon"] in {"cruise_missile", "ballistic_missile", "missile"}
    assert row["date_start"] == "2024-10-08"
    assert len(rows) == 2


def test_the_other_of_people_is_no_weapon():
    rows = _attacks("On Tuesday, a drone hit a house in Nikopol, killing a man. The other was wounded and taken to "
                    "hospital, the governor said.")
    assert len(rows) == 1


SUMMARY = """Kharkiv Oblast: Russian troops shelled 31 settlements on Monday, 7 October

Russian forces struck settlements of Kharkiv Oblast 31 times on Monday, 7 October, killing four civilians, the oblast \
administration said on Tuesday.

By district:

- in Kupiansk, two men were killed and a shop was damaged;
- in Balakliia, a woman was killed by a drone;
- in Izium, 11 houses and a school were damaged;
- two garages were destroyed in Zolochiv.
"""


def test_each_item_of_a_summary_list_is_an_attack_at_its_place():
    rows = _attacks(SUMMARY, published="2024-10-08")
    assert set(rows["place"]) == {"Kupiansk", "Balakliia", "Izium", "Zolochiv"}
    assert set(rows["date_start"]) == {"2024-10-07"}


def test_the_sum_of_a_summary_is_no_incident_beside_its_items():
    ex = extract_articles([Article.from_text("t", SUMMARY, published="2024-10-08", path="")])
    ev = ex.events
    total = ev[(ev["kind"] == "attack") & (ev["killed"] == 4)]
    assert list(total["salience"]) == ["background"]


def test_a_list_with_no_attack_before_it_is_no_attack():
    text = ("The city council approved the repair plan on Monday.\n\n- in Izium, 11 houses were damaged by floods;\n"
            "- in Balakliia, a bridge was destroyed by ice.\n")
    assert _attacks(text).empty


@pytest.mark.parametrize("text,place", [
    ("In Vasylkiv, southwest of Kyiv, falling debris damaged a school on Tuesday.", "Vasylkiv"),
    ("On Tuesday, falling debris damaged two houses in Zmiiv, 40 km south-east of Kharkiv.", "Zmiiv"),
])
def test_a_city_a_place_lies_off_from_is_not_where_it_happened(text, place):
    assert list(_attacks(text)["place"]) == [place]


def test_a_place_in_the_after_clause_of_a_definite_mention_is_the_other_events():
    rows = _attacks("On Tuesday, Russian missiles struck a port warehouse, the regional governor said.\n\n"
                    "The attack came two days after Ukrainian troops crossed into the Kursk region.")
    assert list(rows["place"].fillna("")) != ["Kursk Oblast"]


def test_a_town_after_a_stranded_in_is_where_it_happened():
    from spacy.tokens import Doc

    from sitrep.extract.entities import EntityMention
    from sitrep.extract.events.places import is_location_use
    from sitrep.nlp import load_pipeline

    # the parse the model gives some two-word towns: "In" governs nothing, the town is the verb's subject
    words = ["In", "Stara", "Vyzhivka", ",", "a", "drone", "injured", "two", "."]
    heads = [6, 2, 6, 6, 5, 6, 6, 6, 6]
    deps = ["prep", "compound", "nsubj", "punct", "det", "appos", "ROOT", "dobj", "punct"]
    doc = Doc(load_pipeline().vocab, words=words, heads=heads, deps=deps)
    start = doc[1].idx
    town = EntityMention(text="Stara Vyzhivka", label="GPE", canonical="Stara Vyzhivka", entity_type="place",
                         country=None, party=None, role=None, metonymy=False, sentence_index=0, sentence=doc.text,
                         char_start=start, char_end=start + len("Stara Vyzhivka"))
    assert is_location_use(town, doc)
