"""Territory claimed taken (sitrep.extract.events.captures): one ground-clash attack per place, and its certainty.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

import pytest

from sitrep.extract import extract_articles
from sitrep.extract.events.captures import detect_captures
from sitrep.extract.frames import ATTACK_FRAME_KINDS, read_frames
from sitrep.types import Article


def _events(text: str, published: str = "2025-06-03"):
    ex = extract_articles([Article.from_text("t", text, published=published, path="")])
    return ex.events[ex.events["kind"] == "attack"]


@pytest.mark.parametrize("text,places", [
    ("The defence ministry said its units had captured the village of Berestky overnight.", {"Berestky"}),
    ("Moscow announced the liberation of the towns of Chasiv Yar and Toretsk on Sunday.", {"Chasiv Yar", "Toretsk"}),
    ("Russian forces took control of Ocheretyne, the general staff in Moscow said.", {"Ocheretyne"}),
    ("A commander said troops now hold about 60 percent of Kurakhove.", {"Kurakhove"}),
    ("The northern outskirts of Siversk had been taken under control, the ministry said.", {"Siversk"}),
])
def test_a_capture_is_one_ground_clash_per_place(nlp, text, places, contexts):
    found = [ev for ctx in contexts(nlp, text) for ev in detect_captures(ctx)]
    assert {ev.place.canonical for ev in found} == places
    assert all(ev.kind == "attack" and ev.subkind == "ground_clash" and ev.captured for ev in found)


@pytest.mark.parametrize("text", [
    "Border guards captured two saboteurs near the river on Monday.",
    "The town has been shelled every day since Ukrainian troops liberated it in 2022.",
    "Drone footage captured the moment the bridge collapsed.",
    "Kyiv marked the anniversary of its liberation from Nazi occupation on Thursday.",
])
def test_no_place_taken_is_no_capture(nlp, text, contexts):
    assert [ev for ctx in contexts(nlp, text) for ev in detect_captures(ctx)] == []


def test_a_place_in_parentheses_or_after_in_only_locates_the_taken_one(nlp, contexts):
    text = "The ministry claimed the capture of Novomykhailivka (Pokrovsk raion, Donetsk Oblast) in a dawn assault."
    found = [ev for ctx in contexts(nlp, text) for ev in detect_captures(ctx)]
    assert [ev.place.canonical for ev in found] == ["Novomykhailivka"]


def test_the_fighting_of_a_capture_is_the_same_event():
    rows = _events("On 2 June 2025, Russia's defence ministry claimed that its forces had captured Kostiantynopil "
                   "after fierce fighting with Ukrainian units.")
    assert len(rows) == 1 and rows.iloc[0]["subkind"] == "ground_clash"


def test_a_capture_the_other_side_rejects_is_disputed_and_an_unanswered_one_claimed():
    rows = _events("On 2 June 2025, Russia's defence ministry said its troops had seized Bohoiavlenka and "
                   "Zelene Pole.\n\n"
                   "Ukraine's army said Zelene Pole was still held by its troops.\n\n"
                   "Colonel Ivan Petrenko said his men had also taken control of Piddubne on 2 June.")
    by_place = dict(zip(rows["place"], rows["certainty"], strict=True))
    assert by_place["Zelene Pole"] == "disputed"
    assert by_place["Bohoiavlenka"] == "claimed"
    assert by_place["Piddubne"] == "claimed"


def test_a_denial_naming_no_place_answers_the_sentence_before_it():
    rows = _events("The Russian general staff said its forces had captured Dachne.\n\n"
                   "Kyiv's military rejected the claim as propaganda.")
    assert list(rows["certainty"]) == ["disputed"]


def test_capture_frames_say_nothing_about_counts():
    kinds = {f["kind"] for f in read_frames()}
    assert "capture" in kinds and "capture" in ATTACK_FRAME_KINDS


def test_ground_a_party_reports_taken_was_taken_by_its_own_side():
    rows = _events("On 2 June 2025, units of the Dnipro grouping liberated the village of Novopil, Russia's defence "
                   "ministry said.")
    assert list(rows["actor_country"]) == ["RU"] and list(rows["target_country"]) == ["UA"]


def test_places_taken_on_one_verb_are_events_with_their_own_ids():
    """Two places held on one verb share the trigger span: their rows still need distinct event ids (the store's key),
    or the article's whole batch cannot be written."""
    events = _events("The general said his forces now hold about 60 percent of Siversk and nearly half of Kupiansk.")
    assert len(events) == 2
    assert events["event_id"].is_unique
