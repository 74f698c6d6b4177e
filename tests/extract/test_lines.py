"""Sentence boundaries from line structure (sitrep.nlp.line_breaks) and datelines (sitrep.nlp.DATELINE).

Every passage here is invented for these tests; places and officials are real so that geocoding works.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from sitrep.extract import extract_articles
from sitrep.nlp import datelines, load_pipeline
from sitrep.types import Article

PUBLISHED = dt.date(2025, 3, 7)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _sents(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


@pytest.mark.parametrize("text,first", [
    ("Drone debris sets warehouse ablaze in Brovary\nA fire broke out at a warehouse after a drone was downed.",
     "Drone debris sets warehouse ablaze in Brovary"),
    ("Shelling/artillery/missile attack\nOn 2 March 2025, Russian forces shelled Nikopol.",
     "Shelling/artillery/missile attack"),
    ("Two hurt in Kherson\n\nRussian artillery hit a bus stop in Kherson on Friday.", "Two hurt in Kherson"),
])
def test_title_line_is_its_own_sentence(nlp, text, first):
    assert _sents(nlp, text)[0] == first


@pytest.mark.parametrize("text", [
    "Officials said the strike damaged the roof of\nthe school in Sumy and two nearby homes.",
    "The governor said a drone hit the depot,\nstarting a fire that burned for hours.",
    "Rescuers searched the rubble and\nPolice cordoned off the area.",
])
def test_hard_wrapped_prose_runs_on(nlp, text):
    assert len(_sents(nlp, text)) == 1


@pytest.mark.parametrize("text,dateline", [
    ("ODESA, Ukraine (AP) — Russian drones hit the port overnight.", "ODESA, Ukraine (AP) —"),
    ("SUMY, Ukraine, March 6, 2025 (AFP) - A drone struck a clinic.", "SUMY, Ukraine, March 6, 2025 (AFP) -"),
    ("KHARKIV — Two people were wounded in a glide-bomb attack.", "KHARKIV —"),
    ("DNIPRO, 6 March – A missile hit a warehouse.", "DNIPRO, 6 March –"),
    ("KURSK, March 6. /TASS/. Air defences downed four drones.", "KURSK, March 6. /TASS/."),
    ("ROSTOV-ON-DON, March 6 (Interfax) - A drone fell on a house.", "ROSTOV-ON-DON, March 6 (Interfax) -"),
])
def test_datelines_are_found_and_split_off(nlp, text, dateline):
    (span,) = datelines(text)
    assert text[span[0]:span[1]].strip() == dateline
    assert _sents(nlp, text)[0] == dateline


@pytest.mark.parametrize("text", ["NATO - said it would meet.", "Russia struck Kyiv — again.", "US officials said so."])
def test_no_dateline_in_ordinary_sentences(text):
    assert datelines(text) == []


def _article(article_id: str, text: str) -> Article:
    return Article.from_text(article_id, text, published=PUBLISHED.isoformat())


PASSAGES = {
    # the dateline city is where the reporter files from: the strike is in Irpin
    "dateline_city": (
        "Drone strike on Irpin wounds four\n"
        "KYIV, Ukraine (AP) — A Russian drone hit a residential building in Irpin on Thursday, wounding four "
        "people, regional governor Mykola Kalashnyk said."
    ),
    "dateline_no_place": (
        "KHARKIV, March 6 (Reuters) - Russian shelling killed two people on Thursday, officials said."
    ),
    # an event-type label above a note: one event, with the note's place, date and source
    "label_note": (
        "Armed clash\n"
        "On 5 March 2025, Russian forces attacked Ukrainian positions near Kupiansk, the Ukrainian General Staff "
        "said. Three soldiers were wounded."
    ),
    "label_followup": (
        "Air/drone strike\n"
        "On 6 March 2025, a Russian drone dropped an explosive on a car in Bilozerka. "
        "Two men were injured, the regional military administration reported."
    ),
}


@pytest.fixture(scope="module")
def events():
    load_pipeline()
    ex = extract_articles([_article(k, v) for k, v in PASSAGES.items()])
    rows = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in ex.events.to_dict("records")]
    return lambda name: [r for r in rows if r["article_id"] == name and r["kind"] == "attack"
                         and r["salience"] == "main"]


def test_dateline_city_is_not_the_place(events):
    (ev,) = events("dateline_city")
    assert ev["place"] == "Irpin"
    assert ev["injured"] == 4
    (ev,) = events("dateline_no_place")
    assert ev["place"] != "Kharkiv"
    assert ev["killed"] == 2


def test_label_line_joins_the_note(events):
    (ev,) = events("label_note")
    assert ev["subkind"] == "ground_clash"
    assert ev["place"] == "Kupiansk"
    assert ev["date_start"] == "2025-03-05"
    assert ev["injured"] == 3


def test_label_line_takes_the_follow_up_figures_and_source(events):
    (ev,) = events("label_followup")
    assert ev["injured"] == 2
    assert ev["date_start"] == "2025-03-06"
    assert ev["claimant"]
