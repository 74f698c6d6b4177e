"""Who speaks and what is a statement: officials reporting an attack's facts are its claimant, not statements.

Invented passages (new sentences, none from any corpus); the officials and places are real so that names resolve.
"""

from __future__ import annotations

import pytest

from sitrep.extract import extract_articles
from sitrep.nlp import load_pipeline
from sitrep.types import Article

REPORTS = {  # an official reports the attack's facts: no statement event
    "said_figures": (
        "A Russian drone hit a dormitory in Chuhuiv overnight. Nine residents were hurt, among them a teenager, "
        "Kharkiv Oblast Governor Oleh Syniehubov said."
    ),
    "that_clause": (
        "Russian missiles struck a grain terminal in Izmail on Tuesday. Odesa Oblast Governor Oleh Kiper said that "
        "three dock workers had been killed and the terminal's roof had collapsed."
    ),
    "damage_only": (
        "A Ukrainian drone attack hit the town of Novozybkov overnight. The governor of the Bryansk region, "
        "Alexander Bogomaz, said a warehouse had been damaged and a fire had broken out but nobody was hurt."
    ),
    "wrote_on_telegram": (
        "Russian forces shelled Nikopol on Sunday morning. Two men were wounded, Serhiy Lysak wrote on Telegram."
    ),
    "service_said": (
        "A missile struck a supermarket in Kostiantynivka on Friday. The State Emergency Service said rescuers had "
        "pulled four bodies from the rubble by the evening."
    ),
    "president_figures": (
        "Russian glide bombs hit Zaporizhzhia on Monday. By nightfall 14 people had been killed, President "
        "Volodymyr Zelensky said."
    ),
}
POSITIONS = {  # a political position stays a statement, with its speaker
    "president_position": (
        "A Russian missile hit a hospital in Kryvyi Rih on Wednesday. President Volodymyr Zelensky said the strike "
        "showed that Moscow had no interest in peace and urged allies to send more air defence."
    ),
    "spokesman_position": (
        "Kremlin spokesman Dmitry Peskov said on Thursday that Western arms deliveries would only prolong the "
        "conflict."
    ),
}
COUNTRIES = {  # a country or capital as the subject is not the speaker of a statement
    "russia_denies": (
        "A Russian missile hit an apartment block in Sumy on Saturday, killing five people, regional officials said. "
        "Russia denies targeting civilians."
    ),
    "kyiv_says": "Kyiv says it is ready for a ceasefire if Moscow stops its strikes on energy facilities.",
}


def _article(article_id: str, text: str) -> Article:
    return Article.from_text(article_id, text, published="2025-09-16")


@pytest.fixture(scope="module")
def events():
    load_pipeline()
    passages = {**REPORTS, **POSITIONS, **COUNTRIES}
    result = extract_articles([_article(k, v) for k, v in passages.items()])
    return {k: result.events[result.events["article_id"] == k] for k in passages}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_an_official_reporting_an_attack_is_not_a_statement(events, name):
    ev = events[name]
    assert "statement" not in set(ev["kind"]), ev[["kind", "speaker", "sentence"]]
    assert "attack" in set(ev["kind"])


@pytest.mark.parametrize("name, speaker", [("president_position", "Volodymyr Zelenskyy"),
                                           ("spokesman_position", "Dmitry Peskov")])
def test_a_political_position_stays_a_statement(events, name, speaker):
    statements = events[name][events[name]["kind"] == "statement"]
    assert list(statements["speaker"]) == [speaker]


@pytest.mark.parametrize("name", sorted(COUNTRIES))
def test_a_country_is_not_a_speaker(events, name):
    assert "statement" not in set(events[name]["kind"])


@pytest.mark.parametrize("name", ["president_position", "spokesman_position"])
def test_a_statement_carries_no_certainty(events, name):
    statements = events[name][events[name]["kind"] == "statement"]
    assert statements["certainty"].isna().all()


AIR_DEFENSE = {
    "headline_side": (
        "Russia says it shot down 212 Ukrainian drones overnight\n"
        "Russia's Defence Ministry said on Tuesday that air defence systems had destroyed 212 Ukrainian drones "
        "over Russian regions overnight."
    ),
    "regional_part": (
        "Russia's Defence Ministry said on Tuesday that 158 Ukrainian drones had been destroyed over eight regions "
        "overnight. Most of them, 70, fell over the Kursk region, while 41 were shot down over the Bryansk region, "
        "the ministry said."
    ),
    "the_ministry": (
        "Air defence units intercepted 23 Ukrainian drones over the Belgorod region overnight, the Russian Defence "
        "Ministry said on Monday. Another 12 drones were destroyed over the Kursk region later in the morning, "
        "the ministry said."
    ),
}


@pytest.fixture(scope="module")
def air_defense():
    load_pipeline()
    result = extract_articles([_article(k, v) for k, v in AIR_DEFENSE.items()])
    ev = result.events[(result.events["kind"] == "air_defense") & (result.events["salience"] == "main")]
    return {k: ev[ev["article_id"] == k] for k in AIR_DEFENSE}


def test_a_headline_side_defers_to_its_ministry(air_defense):
    rows = air_defense["headline_side"]
    assert len(rows) == 1, rows[["claimant", "intercepted", "sentence"]]
    assert rows.iloc[0]["claimant"] == "Russian Defense Ministry"
    assert rows.iloc[0]["intercepted"] == 212


def test_a_regional_part_of_a_total_is_not_a_row(air_defense):
    rows = air_defense["regional_part"]
    assert list(rows["intercepted"]) == [158], rows[["claimant", "intercepted", "sentence"]]


def test_the_ministry_is_the_ministry_named_before(air_defense):
    rows = air_defense["the_ministry"]
    assert set(rows["claimant"]) == {"Russian Defense Ministry"}, rows[["claimant", "intercepted", "sentence"]]
