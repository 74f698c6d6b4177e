"""Only incident figures are killed, injured, launched or intercepted: running totals of the war, displacement,
aid, supply and deployment figures never are. Every sentence here was written for these tests."""

from __future__ import annotations

import pytest

from sitrep.extract.numbers import extract_numbers
from sitrep.nlp import load_pipeline

INCIDENT = {"killed", "injured", "launched", "intercepted"}


@pytest.fixture(scope="module")
def typed():
    nlp = load_pipeline()

    def run(text: str) -> dict[str, str]:
        return {m.text: m.quantity_type for m in extract_numbers(nlp(text))}

    return run


@pytest.mark.parametrize(("sentence", "number", "expected"), [
    # running totals of the war
    ("Since the start of the full-scale invasion, Russia has launched more than 52,000 drones at Ukraine.",
     "52,000", "total"),
    ("Since February 2022, at least 640 children have been killed, the prosecutor's office said.", "640", "total"),
    ("Over the course of the war, air defences have shot down 31,000 Shahed drones.", "31,000", "total"),
    ("This year Russia has fired 29,000 drones at Ukrainian cities, the president said.", "29,000", "total"),
    ("In 2025 alone, Ukrainian forces shot down 41,000 drones, the air force said.", "41,000", "total"),
    ("In total, 44,000 civilians have been killed or injured since the war began.", "44,000", "total"),
    ("So far this month, Russia has launched 3,300 drones and 90 missiles.", "3,300", "total"),
    # people displaced, evacuated, fled; aid, supplies, deployments
    ("Nearly 4.1 million people remain displaced inside the country, the agency said.", "4.1 million", "other"),
    ("More than 300,000 people were evacuated from the region after the dam burst.", "300,000", "other"),
    ("The donors pledged a package of 250,000 artillery shells to be fired by spring.", "250,000", "other"),
    ("Moscow has sent 600,000 soldiers to the front, a Kremlin aide claimed.", "600,000", "other"),
    ("Kyiv has received 6,000,000 iodine tablets from its partners, the health ministry said.", "6,000,000", "other"),
    # population, refugees, budgets
    ("Thirteen million people have fled their homes since the war began, the UN refugee agency said.",
     "Thirteen million", "other"),
    ("Kharkiv, a city with a pre-war population of 1.4 million people, was shelled again on Monday.", "1.4 million",
     "other"),
    ("More than 6.3 million Ukrainian refugees are recorded across Europe, the UNHCR said.", "6.3 million", "other"),
    ("The government allocated 500 million dollars to rebuild 120 destroyed schools.", "500 million", "money"),
])
def test_non_incident_numbers_are_never_incident_figures(typed, sentence, number, expected):
    assert typed(sentence)[number] == expected


@pytest.mark.parametrize(("sentence", "number", "expected"), [
    ("Russia launched 640 drones and 21 missiles overnight, the largest attack since the start of the full-scale "
     "invasion, the air force said.", "640", "launched"),
    ("In total, 95 drones were launched overnight and 70 were shot down.", "95", "launched"),
    ("As of 08:30, a total of 412 targets had been shot down or suppressed.", "412", "intercepted"),
    ("A Russian strike killed 14 people in Dnipro on Thursday, the governor said.", "14", "killed"),
    ("Among the injured are 2 children; in total, 9 people sought medical help.", "2", "injured"),
    ("In May a missile strike on Sumy killed 11 people.", "11", "killed"),
    ("Russia launched 38 Shahed-136 drones at Odesa, the navy said.", "38", "launched"),
    ("Thousands fled the town after a strike killed 8 people on Sunday.", "8", "killed"),
    ("Russia had sent 420 drones across the country overnight.", "420", "launched"),
])
def test_incident_figures_stay(typed, sentence, number, expected):
    assert typed(sentence)[number] == expected


def test_model_and_year_numbers_are_not_figures(typed):
    found = typed("A Su-34 dropped a KAB-500 bomb and an S-300 missile struck the 2019 building, injuring 6 people.")
    assert {t for n, t in found.items() if n != "6"}.isdisjoint(INCIDENT)
    assert found["6"] == "injured"
