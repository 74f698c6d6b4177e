"""Who is an attack's claimant: the person in an apposition subject, a surname alone, a named source that continues
an attack, and the certainty the claim verb gets from who speaks.

Invented passages (new sentences, none from any corpus); the officials and places are real so that names resolve.
"""

from __future__ import annotations

import pytest

from sitrep.extract import extract_articles
from sitrep.nlp import load_pipeline
from sitrep.types import Article

PASSAGES = {
    # -- the person in an apposition subject ----------------------------------------------------------------
    "appos_governor": (
        "The governor of Russia's Kursk region, Alexander Khinshtein, said on Monday that a Ukrainian drone had hit "
        "a bus stop in Rylsk, injuring four people."
    ),
    "appos_head": (
        "The head of the Zaporizhzhia Regional Military Administration, Ivan Fedorov, said two people were killed "
        "when a glide bomb struck a warehouse in Zaporizhzhia on Monday."
    ),
    "appos_mayor": (
        "A Russian drone crashed into a school in Kharkiv overnight. The city's mayor, Ihor Terekhov, said three "
        "people had been wounded by debris."
    ),
    # -- a surname alone --------------------------------------------------------------------------------------
    "surname_later": (
        "Belgorod Oblast Governor Vyacheslav Gladkov said a Ukrainian drone had struck a car in Shebekino overnight, "
        "wounding two men. In Graivoron, a drone hit a garage on Tuesday morning and set it on fire, Gladkov said."
    ),
    "surname_first": (
        "Shelling damaged a power line in Nikopol on Sunday, Lysak said. Serhiy Lysak, who heads the regional "
        "military administration, added that nobody had been hurt."
    ),
    # -- a named source continuing an attack replaces a weak one ----------------------------------------------
    "continues_unnamed": (
        "A Russian missile struck a hostel in Pavlohrad on Monday morning, killing five people, officials said.\n\n"
        "Serhiy Lysak, head of the regional military administration, said the missile had come down in a courtyard "
        "next to the building."
    ),
    "continues_description": (
        "Drones hit a fuel depot near Valuyki on Monday, and the regional governor said two workers had died.\n\n"
        "Vyacheslav Gladkov said on Telegram that the fire had been put out by noon."
    ),
    "headline_side": (
        "Kyiv says its drones hit a refinery in Russia's Volgograd region\n"
        "Ukrainian drones struck the Lukoil refinery in Volgograd on Monday night, setting a processing unit on "
        "fire.\n\n"
        "Ukraine's General Staff said the strike had caused a fire at a primary processing unit."
    ),
    "source_line": (
        "Russian glide bomb hits Kupiansk market, three wounded\n\n"
        "A Russian glide bomb struck a market in central Kupiansk on Monday afternoon. Three women were wounded.\n\n"
        "Source: Oleh Syniehubov, head of Kharkiv Oblast Military Administration, on Telegram"
    ),
    "administration_head": (
        "A Russian drone hit a minibus near Krasnopillia on Monday, killing two passengers, the Sumy Regional "
        "Military Administration said. According to Oleh Hryhorov, head of the regional administration, the "
        "driver survived."
    ),
    "third_country_stays": (
        "A Russian missile hit a grain silo in Izmail on Monday, killing one worker, local officials said. "
        "U.S. envoy Keith Kellogg said the attack showed the need for a ceasefire."
    ),
    # -- certainty: a party's military claims, a civilian official of the side hit confirms ---------------------
    "military_clash": (
        "Ukrainian troops repelled a Russian assault near Kupiansk on Monday, killing 14 attackers, Ukraine's General "
        "Staff said."
    ),
    "military_damage": (
        "A Ukrainian missile damaged a patrol ship in the port of Novorossiysk on Monday, the Russian Defence "
        "Ministry said."
    ),
    "governor_confirms": (
        "A Russian drone hit a kindergarten in Sumy on Monday, wounding three people, regional governor Oleh "
        "Hryhorov said."
    ),
}


def _article(article_id: str, text: str) -> Article:
    return Article.from_text(article_id, text, published="2025-09-16")


@pytest.fixture(scope="module")
def attacks():
    load_pipeline()
    result = extract_articles([_article(k, v) for k, v in PASSAGES.items()])
    ev = result.events[(result.events["kind"] == "attack") & (result.events["salience"] == "main")]
    return {k: ev[ev["article_id"] == k] for k in PASSAGES}


@pytest.mark.parametrize("name, claimant", [
    ("appos_governor", "Alexander Khinshtein"), ("appos_head", "Ivan Fedorov"), ("appos_mayor", "Ihor Terekhov"),
])
def test_the_person_in_an_apposition_subject_is_the_claimant(attacks, name, claimant):
    rows = attacks[name]
    assert list(rows["claimant"]) == [claimant], rows[["claimant", "sentence"]]


@pytest.mark.parametrize("name, claimant", [("surname_later", "Vyacheslav Gladkov"), ("surname_first", "Serhiy Lysak")])
def test_a_surname_alone_is_the_full_name(attacks, name, claimant):
    rows = attacks[name]
    assert len(rows) >= 1
    assert set(rows["claimant"]) == {claimant}, rows[["claimant", "sentence"]]


@pytest.mark.parametrize("name, claimant", [
    ("continues_unnamed", "Serhiy Lysak"), ("continues_description", "Vyacheslav Gladkov"),
    ("headline_side", "Ukrainian General Staff"), ("source_line", "Oleh Syniehubov"),
    ("administration_head", "Oleh Hryhorov"),
])
def test_a_named_source_continuing_an_attack_replaces_a_weak_one(attacks, name, claimant):
    rows = attacks[name]
    assert list(rows["claimant"]) == [claimant], rows[["claimant", "sentence"]]


def test_a_third_countrys_official_does_not_source_a_strike(attacks):
    rows = attacks["third_country_stays"]
    assert "Keith Kellogg" not in set(rows["claimant"]), rows[["claimant", "sentence"]]


@pytest.mark.parametrize("name, certainty", [
    ("military_clash", "claimed"), ("military_damage", "claimed"), ("governor_confirms", "confirmed"),
])
def test_certainty_follows_who_speaks(attacks, name, certainty):
    rows = attacks[name]
    assert list(rows["certainty"]) == [certainty], rows[["claimant", "certainty", "sentence"]]
