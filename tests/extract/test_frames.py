"""Casualty and interception frames (data/casualty_frames.jsonl, sitrep.extract.frames) and the counts they type.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from sitrep.extract import extract_articles
from sitrep.extract.frames import matches, read_frames
from sitrep.extract.numbers import extract_numbers
from sitrep.nlp import load_pipeline
from sitrep.types import Article


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _typed(nlp, text: str) -> list[tuple[str, float | None, str]]:
    return [(m.text, m.value, m.quantity_type) for m in extract_numbers(nlp(text))]


def _kinds(nlp, text: str) -> dict[str, str]:
    return {t: k for t, _, k in _typed(nlp, text)}


@pytest.mark.parametrize("frame", read_frames(), ids=lambda f: f["id"])
def test_every_frame_matches_its_example(nlp, frame):
    assert frame["id"] in {name for name, _ in matches(nlp(frame["example"]))}


@pytest.mark.parametrize("text,number", [
    ("Six people lost their lives when the missile hit the depot.", "Six"),
    ("The regional police confirmed the deaths of three women.", "three"),
    ("The bodies of five miners were recovered on Sunday.", "five"),
    ("Two people died in hospital overnight.", "Two"),
    ("The death toll from the strike on Izium climbed to 11.", "11"),
    ("The toll rose to 9 on Saturday, the mayor said.", "9"),
])
def test_killed_frames(nlp, text, number):
    assert _kinds(nlp, text)[number] == "killed"


@pytest.mark.parametrize("text,number", [
    ("Four volunteers sustained injuries when the shell exploded.", "Four"),
    ("Three rescuers suffered shrapnel wounds.", "Three"),
    ("Injuries to nine passengers were reported after the blast.", "nine"),
    ("Eight people were hospitalised with burns after the strike.", "Eight"),
    ("Seven were wounded and 14 others hurt in the shelling.", "14"),
])
def test_injured_frames(nlp, text, number):
    assert _kinds(nlp, text)[number] == "injured"


@pytest.mark.parametrize("text", [
    "Three apartment blocks sustained damage in the attack.",
    "Two warehouses suffered heavy damage overnight.",
])
def test_damage_is_not_an_injury(nlp, text):
    assert "injured" not in {k for _, _, k in _typed(nlp, text)}


@pytest.mark.parametrize("text,figures", [
    ("No one was hurt in the strike on the depot.", {("one", 0.0, "injured")}),
    ("There were no casualties, the governor said.", {("no", 0.0, "killed"), ("casualties", 0.0, "injured")}),
    ("Officials said there were no injuries.", {("no", 0.0, "injured")}),
])
def test_no_casualties_are_zero(nlp, text, figures):
    assert figures <= set(_typed(nlp, text))


@pytest.mark.parametrize("text,number", [
    ("Fourteen drones were jammed by electronic warfare.", "Fourteen"),
    ("Nine drones were lost locationally, the Air Force said.", "Nine"),
    ("Six drones were suppressed by electronic warfare over the region.", "Six"),
    ("Two missiles came down in a field near the village.", "Two"),
    ("The army downed 11 decoy drones over the south.", "11"),
])
def test_not_interceptions(nlp, text, number):
    assert _kinds(nlp, text)[number] != "intercepted"


@pytest.mark.parametrize("text,part,total", [
    ("Air defences shot down all but three of the 40 drones.", ("three", 37.0), ("40", 40.0)),
    ("The air force said it destroyed all but two of the 25 missiles.", ("two", 23.0), ("25", 25.0)),
])
def test_all_but_n_of_y(nlp, text, part, total):
    figures = _typed(nlp, text)
    assert (*part, "intercepted") in figures
    assert (*total, "launched") in figures


def test_fronted_of_total_is_launched(nlp):
    kinds = _kinds(nlp, "Of the 63 drones, 51 were shot down over the north and east.")
    assert kinds["63"] == "launched"
    assert kinds["51"] == "intercepted"


def _article(article_id: str, text: str) -> Article:
    return Article.from_text(article_id, text, published="2025-05-10")


PASSAGES = {
    # a later, lower revised toll wins; the earlier figure stays in the claim ledger
    "revised_down": (
        "A Russian missile hit a college in Poltava on Friday, killing nine people, officials said. "
        "The death toll was later revised down to seven after two people were found alive."
    ),
    # a grand total broken down by weapon class: one row per class, the total is not a row
    "class_breakdown": (
        "Russia launched 74 aerial weapons overnight, including 60 Shahed drones, 8 Kh-101 cruise missiles and "
        "6 Iskander-M ballistic missiles, the Ukrainian Air Force said on Saturday. Air defences destroyed 55 of "
        "them, including 49 drones and 6 cruise missiles."
    ),
    "zero_casualties": (
        "A Ukrainian drone hit an oil depot in Tuapse on Friday, the governor Veniamin Kondratyev said. "
        "There were no casualties."
    ),
}


@pytest.fixture(scope="module")
def extraction():
    load_pipeline()
    return extract_articles([_article(k, v) for k, v in PASSAGES.items()],
                            reference_date=dt.date(2025, 5, 10))


def _attack(extraction, name):
    rows = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in extraction.events.to_dict("records")]
    (ev,) = [r for r in rows if r["article_id"] == name and r["kind"] == "attack" and r["salience"] == "main"]
    return ev


def test_lower_revised_toll_wins_and_the_first_stays_in_the_ledger(extraction):
    ev = _attack(extraction, "revised_down")
    assert ev["killed"] == 7
    claims = extraction.claims[extraction.claims.event_id == ev["event_id"]]
    assert {9, 7} <= set(claims[claims.figure == "killed"].value)


def test_no_casualties_give_zero_figures(extraction):
    ev = _attack(extraction, "zero_casualties")
    assert ev["killed"] == 0
    assert ev["injured"] == 0


def test_weapon_class_breakdown_gives_one_row_per_class(extraction):
    rows = extraction.events[(extraction.events.article_id == "class_breakdown")
                             & (extraction.events.kind == "air_defense")]
    got = {r.weapon: (r.launched, None if math.isnan(r.intercepted) else r.intercepted)
           for r in rows.itertuples()}
    assert got == {"drone": (60, 49), "cruise_missile": (8, 6), "ballistic_missile": (6, None)}


@pytest.mark.parametrize("text,number", [
    ("Six miners were taken to hospital after the shelling.", "Six"),
    ("Nineteen people were rushed to hospital with shrapnel wounds.", "Nineteen"),
    ("Eleven residents were admitted to hospital, the mayor said.", "Eleven"),
    ("Some 40 people sought medical help after the blast, the governor said.", "40"),
    ("Twenty-two people needed medical assistance after the drones hit the suburb.", "Twenty-two"),
    ("Five firefighters received treatment at the scene.", "Five"),
    ("Forty residents, including six children, turned to doctors after the night's explosions.", "Forty"),
    ("By noon 17 people had come to the district hospital with cuts and burns.", "17"),
])
def test_hospital_and_medical_help_count_the_injured(nlp, text, number):
    assert _kinds(nlp, text)[number] == "injured"


@pytest.mark.parametrize("text,number", [
    ("Seven people were brought out of the rubble alive.", "Seven"),
    ("Rescuers brought 12 residents to safety.", "12"),
])
def test_rescued_people_are_neither_dead_nor_interceptions(nlp, text, number):
    assert _kinds(nlp, text)[number] not in {"killed", "intercepted", "injured"}


@pytest.mark.parametrize("text,figures", [
    ("Nobody was hurt, the regional governor said.", {("killed", 0.0), ("injured", 0.0)}),
    ("No one was killed or injured in the raid.", {("killed", 0.0), ("injured", 0.0)}),
    ("None of the strikes caused casualties, the ministry said.", {("killed", 0.0), ("injured", 0.0)}),
    ("No one was hurt when the debris fell.", {("killed", 0.0), ("injured", 0.0)}),
])
def test_zero_subjects_give_both_zeros(nlp, text, figures):
    assert figures <= {(k, v) for _, v, k in _typed(nlp, text)}


def test_no_one_was_killed_is_no_injury_figure(nlp):
    assert {k for _, _, k in _typed(nlp, "No one was killed in the attack.")} == {"killed"}


@pytest.mark.parametrize("text,number", [
    ("The mayor said 45 drones flying towards the capital had been shot down.", "45"),
    ("Twelve missiles heading for Lviv were intercepted, the air force said.", "Twelve"),
])
def test_a_participle_on_the_weapon_does_not_override_the_interception(nlp, text, number):
    assert _kinds(nlp, text)[number] == "intercepted"


def test_drones_that_flew_off_are_not_launched(nlp):
    assert _kinds(nlp, "Four drones were lost locationally and two flew off towards Moldova.")["two"] \
        not in {"launched", "intercepted"}


@pytest.mark.parametrize("text,number,kind", [
    ("The regional governor put the number of injured at 87.", "87", "injured"),
    ("By midnight officials had put the number of dead at 14.", "14", "killed"),
    ("The army later put the death toll at 52 soldiers.", "52", "killed"),
])
def test_put_the_number_at(nlp, text, number, kind):
    assert _kinds(nlp, text)[number] == kind


@pytest.mark.parametrize("text,number", [
    ("Twelve residents were pulled from the rubble alive and taken to hospital.", "Twelve"),
    ("Nine workers were dug out of the collapsed hangar and rushed to hospital.", "Nine"),
])
def test_a_coordinated_hospital_verb_counts_the_rescued_as_injured(nlp, text, number):
    assert _kinds(nlp, text)[number] == "injured"


@pytest.mark.parametrize("text,number", [
    ("A drone crashed into a two-storey house in the village, killing its owner.", "two"),
    ("Debris hit a five-storey block of flats, injuring a woman.", "five"),
])
def test_a_buildings_height_is_no_count(nlp, text, number):
    assert _kinds(nlp, text)[number] not in {"killed", "injured"}


@pytest.mark.parametrize("text", [
    "A retired schoolteacher was killed when the shell hit her garden.",
    "A local farmer was killed by a drone near the village.",
])
def test_a_single_victim_named_by_occupation_counts_one(nlp, text):
    assert ("A", 1.0, "killed") in _typed(nlp, text)


def test_fighting_for_their_lives_is_no_attack():
    text = ("A Russian drone hit a bus in Nikopol on Thursday, the governor said.\n\n"
            "Four passengers were taken to hospital, where surgeons are fighting for their lives.")
    rows = extract_articles([Article.from_text("f", text, published="2025-06-05", path="")]).events
    attacks = rows[rows["kind"] == "attack"]
    assert list(attacks["subkind"]) == ["drone_strike"]
    assert list(attacks["injured"]) == [4]


@pytest.mark.parametrize("text,number", [
    ("Governor Igor Artamonov said 31 drones flying toward Lipetsk had been shot down.", "31"),
    ("The mayor said 12 UAVs heading for the city had been destroyed overnight.", "12"),
])
def test_a_dangling_participle_does_not_hide_the_interception(nlp, text, number):
    assert _kinds(nlp, text)[number] == "intercepted"


@pytest.mark.parametrize("text,number", [
    ("The town was shelled from Grad multiple launch rocket systems overnight.", "multiple"),
    ("Debris from one of the downed missiles fell on a garage.", "one"),
    ("Fragments of two of the intercepted drones damaged a school.", "two"),
])
def test_weapon_names_and_weapons_counted_before_are_no_counts(nlp, text, number):
    assert _kinds(nlp, text).get(number) not in {"launched", "intercepted"}
