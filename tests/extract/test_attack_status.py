"""An attack that has not happened is no incident; "set off a fire" is no plan (issue #8).

Every sentence here is invented for these tests.
"""

from __future__ import annotations

import pytest

from sitrep.extract import extract_articles
from sitrep.extract.events.common import event_status
from sitrep.nlp import load_pipeline
from sitrep.types import Article


def _attacks(text: str):
    ex = extract_articles([Article.from_text("t", text, published="2024-10-09", path="")])
    return ex.events[ex.events["kind"] == "attack"]


@pytest.mark.parametrize("text", [
    "The defence minister said the army will continue its offensive in the east until its goals are met.",
    "Moscow will strike government buildings in Kyiv if the shelling goes on, the senator said.",
])
def test_a_planned_attack_is_no_attack(text):
    assert _attacks(text).empty


def test_an_attack_that_set_off_a_fire_happened():
    rows = _attacks("A drone attack on Tuesday night set off a fire at a fuel depot in Novoshakhtinsk, the regional "
                    "governor said.")
    assert list(rows["status"]) == ["happened"]


@pytest.mark.parametrize("text,status", [
    ("The next round of talks is set to take place in Geneva.", "planned"),
    ("The talks are set for Monday in Geneva.", "planned"),
    ("The strike set several cars ablaze.", "happened"),
])
def test_set_plans_only_with_to_or_for(text, status):
    doc = load_pipeline()(text)
    trigger = next(t for t in doc if t.lemma_ in {"talk", "strike"})
    assert event_status(trigger) == status


def test_a_military_report_of_a_site_hit_somewhere_unnamed_gives_no_side():
    rows = _attacks("Ukraine's drones struck an oil terminal in the Russian port of Tuapse overnight, the Ukrainian "
                    "navy said on Wednesday.\n\nThe General Staff said the terminal had been hit in a joint operation "
                    "with military intelligence.")
    assert len(rows) == 1 and list(rows["actor_country"]) == ["UA"]


def test_a_halt_to_strikes_with_the_preposition_on_the_verb_is_no_attack():
    assert _attacks("The foreign minister said on Monday that his country would welcome a halt to shelling of "
                    "nuclear plants.").empty


def test_the_buildings_that_were_hit_refer_back_to_the_strike():
    rows = _attacks("A Russian missile struck a hotel in Vylkove on Tuesday, killing two people, the governor "
                    "said.\n\nThe mayor told reporters there was no military target near the buildings that were "
                    "hit in Izmail.")
    assert len(rows) == 1


def test_a_party_hitting_the_other_sides_units_is_the_actor():
    rows = _attacks("Russia's defence ministry says its precision strikes on Tuesday hit depots where Ukrainian "
                    "brigades stored fuel.")
    assert list(rows["actor_country"]) == ["RU"] and list(rows["target_country"]) == ["UA"]
