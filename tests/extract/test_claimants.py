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
}


def _article(article_id: str, text: str) -> Article:
    return Article(article_id=article_id, title="", text=text, published="2025-09-16", source=None, url=None,
                   path=f"{article_id}.txt", language="en", sha256="0" * 64, content_hash=article_id,
                   ingested_at="2025-09-16T12:00:00+00:00", origin=f"{article_id}.txt")


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
