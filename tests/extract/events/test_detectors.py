"""The event detectors one at a time (sitrep.extract.events.*): each reads a SentenceContext and returns events.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from sitrep.extract.events.air_defense import counted_numbers, detect_air_defense
from sitrep.extract.events.attacks import detect_attacks
from sitrep.extract.events.disrupted import detect_disrupted
from sitrep.extract.events.meetings import detect_meetings
from sitrep.extract.events.statements import detect_statements

PUBLISHED = dt.date(2025, 6, 3)  # a Tuesday





def test_air_defense_counts_become_one_report_per_weapon_class(nlp, contexts):
    ctx, = contexts(nlp, "Air defences shot down 31 of the 45 drones Russia launched overnight, the air force said.")
    (ev,) = detect_air_defense(ctx)
    assert (ev.kind, ev.weapon) == ("air_defense", "drone")
    assert ev.figures == {"launched": (45, "exact"), "intercepted": (31, "exact")}
    assert ev.claimant_name == "the air force"
    assert ev.time is not None and ev.time.value.endswith("TNI")


def test_a_single_weapon_shot_down_is_disrupted_weapons_use(nlp, contexts):
    ctx, = contexts(nlp, "Border guards shot down a Russian drone near Sumy on Sunday.")
    assert detect_air_defense(ctx) == []  # no count: not a tally
    (ev,) = detect_disrupted(ctx, counted=counted_numbers(ctx), found=[])
    assert (ev.kind, ev.weapon, ev.actor_country) == ("air_defense", "drone", "RU")
    assert ev.figures == {"intercepted": (1, "exact")}
    assert ev.place is not None and ev.place.canonical == "Sumy"


def test_a_drone_already_reported_is_not_counted_again(nlp, contexts):
    ctx, = contexts(nlp, "Border guards shot down a Russian drone near Sumy on Sunday.")
    reported = detect_disrupted(ctx, counted=counted_numbers(ctx), found=[])
    assert detect_disrupted(ctx, counted=counted_numbers(ctx), found=reported) == []


@pytest.mark.parametrize("text,subkind,place", [
    ("Police seized a cache of weapons and ammunition in a garage in Kherson.", "weapons_seizure", "Kherson"),
    ("Sappers defused an anti-tank mine near Izium.", "defusal", "Izium"),
])
def test_seizures_and_defusals(nlp, text, subkind, place, contexts):
    ctx, = contexts(nlp, text)
    (ev,) = detect_disrupted(ctx, counted=counted_numbers(ctx), found=[])
    assert (ev.kind, ev.subkind, ev.place.canonical) == ("other", subkind, place)
    assert ev.figures == {}


def test_an_attack_with_its_actor_weapon_place_and_toll(nlp, contexts):
    ctx, = contexts(nlp, "A Russian missile strike on Dnipro killed four people on Tuesday.")
    (ev,) = detect_attacks(ctx)
    assert (ev.kind, ev.subkind, ev.weapon, ev.actor_country) == ("attack", "missile_strike", "missile", "RU")
    assert ev.place.canonical == "Dnipro"
    assert ev.figures == {"killed": (4, "exact")}
    assert ev.time.value == "2025-06-03"


def test_a_follow_up_sentence_adds_its_figures_to_the_attack_before_it(nlp, contexts):
    first, second = contexts(nlp, "Russian drones hit an apartment block in Kharkiv overnight. "
                                  "Three more people were injured.")
    attack = detect_attacks(first)
    assert [e.subkind for e in attack] == ["drone_strike"] and attack[0].figures == {}
    first.previous.extend(attack)  # what the pipeline does between sentences
    assert detect_attacks(second) == []  # no new event ...
    assert attack[0].figures == {"injured": (3, "exact")}  # ... the earlier one carries the figure


def test_tokens_another_detector_took_start_no_attack(nlp, contexts):
    ctx, = contexts(nlp, "Russian artillery shelled Nikopol on Tuesday.")
    assert [e.subkind for e in detect_attacks(ctx)] == ["shelling"]
    assert detect_attacks(ctx, exclude={t.i for t in ctx.sent}) == []


def test_a_meeting_names_its_participants_and_place(nlp, contexts):
    ctx, = contexts(nlp, "Zelensky met Macron in Paris on Monday.")
    (ev,) = detect_meetings(ctx)
    assert ev.kind == "meeting"
    assert ev.participants == ["Volodymyr Zelenskyy", "Emmanuel Macron"]
    assert ev.place.canonical == "Paris"


def test_a_statement_has_its_speaker(nlp, contexts):
    ctx, = contexts(nlp, "Zelensky warned that Moscow was preparing new attacks on the power grid.")
    (ev,) = detect_statements(ctx)
    assert (ev.kind, ev.speaker, ev.claimant_name) == ("statement", "Volodymyr Zelenskyy", "Volodymyr Zelenskyy")


def test_an_official_reporting_figures_is_a_claimant_not_a_statement(nlp, contexts):
    ctx, = contexts(nlp, "Governor Oleh Syniehubov said two people were injured in the shelling of Kupiansk.")
    assert detect_statements(ctx) == []
    (attack,) = detect_attacks(ctx)
    assert attack.figures == {"injured": (2, "exact")}


def test_the_context_is_frozen_and_settings_are_keyword_only(nlp, contexts):
    ctx, = contexts(nlp, "A Russian missile strike on Dnipro killed four people on Tuesday.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.sent_i = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        detect_attacks(ctx, [], ())  # type: ignore[misc]


def test_counts_of_one_class_listed_as_separate_items_add_up(nlp, contexts):
    ctx, = contexts(nlp, "The air force said the enemy used 150 means of air attack: 120 attack drones; three Kinzhal "
                         "missiles and five Iskander-M ballistic missiles; 12 Kh-101 cruise missiles fired from "
                         "bombers; and 10 Kalibr cruise missiles from the Black Sea.")
    launched = {ev.weapon: ev.figures["launched"][0] for ev in detect_air_defense(ctx)}
    assert launched == {"drone": 120, "ballistic_missile": 8, "cruise_missile": 22}


def test_a_part_of_a_class_is_not_added_to_it(nlp, contexts):
    ctx, = contexts(nlp, "Russia fired 40 drones overnight, including 25 Shahed drones, and air defences shot down 30 "
                         "drones.")
    (ev,) = detect_air_defense(ctx)
    assert ev.figures == {"launched": (40, "exact"), "intercepted": (30, "exact")}


def test_a_grand_total_of_targets_after_several_classes_is_no_row(nlp, contexts):
    first, second = contexts(nlp, "Russia launched 90 drones and six cruise missiles overnight, the air force said. "
                                  "In all, 80 targets were shot down or jammed, it said, without saying of which type.")
    first.previous.extend(detect_air_defense(first))
    assert detect_air_defense(second) == []


def test_n_of_them_takes_the_nearest_class_counted_before_it(nlp, contexts):
    ctx, = contexts(nlp, "Bombers fired 17 Kh-101 cruise missiles; 15 of them were destroyed, as were the four "
                         "drones launched with them.")
    by_class = {ev.weapon: ev.figures for ev in detect_air_defense(ctx)}
    assert by_class["cruise_missile"] == {"launched": (17, "exact"), "intercepted": (15, "exact")}
    assert "intercepted" not in by_class.get("drone", {})


def test_weapons_one_side_accuses_the_other_of_firing_are_no_air_defense_tally(nlp, contexts):
    ctx, = contexts(nlp, "The ministry accused Kyiv of firing three Tochka-U missiles at the town of Shebekino.")
    assert detect_air_defense(ctx) == []
    ctx, = contexts(nlp, "The air force said Russia fired three Iskander-M missiles at Ukraine overnight.")
    assert [ev.figures["launched"] for ev in detect_air_defense(ctx)] == [(3, "exact")]
