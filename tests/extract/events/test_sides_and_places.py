"""Who fired and where it hit, on reporting from the Russian side: a weapon's maker, the claimant's own forces, an
attribution phrase, origins and care places (sitrep.extract.events.actors / places / anaphora / meetings).

Every passage here is invented for these tests; places and officials are real so that geocoding and canonical
names work, the incidents and figures are made up.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.extract import extract_articles
from sitrep.types import Article

PUBLISHED = dt.date(2025, 9, 12)  # a Friday

PASSAGES = {
    # the country that made a weapon is neither the side that fired it nor a place
    "maker": ("Two workers were injured when a US-made HIMARS rocket hit a grain store in Tokmak on Thursday, "
              "Yevgeny Balitsky said."),
    "makers_pair": ("Kyiv's forces struck a fuel depot in Donetsk with German- and British-built missiles on "
                    "Thursday, Denis Pushilin said."),
    # an attribution phrase in front of a passive verb names the source, not the attacker
    "according_to": ("A Ukrainian drone hit a school in Belgorod on Thursday, Vyacheslav Gladkov said.\n\n"
                     "According to the Russian Defence Ministry, the city was shelled on Thursday evening with "
                     "Vampire rockets."),
    # "his forces": the speaker's own side
    "own_forces": "Volodymyr Zelensky said on Thursday that his forces had struck an oil refinery with missiles.",
    # "a fair response to Russia's attacks": the reason given, not an incident
    "response": ("Ukrainian drones hit a fuel depot in Feodosia on Thursday night, Sergei Aksyonov said.\n\n"
                 "Volodymyr Zelensky called the raid a fair response to Russia's attacks on Ukrainian cities."),
    # where the wounded are treated and where the fire came from are not where it hit
    "clinics": ("A Ukrainian missile hit a market in Horlivka on Thursday, killing four people, Denis Pushilin "
                "said. Some of the wounded are being taken to clinics in Rostov."),
    "origins": ("Ukrainian shells fired from the direction of Toretsk and Kostiantynivka hit a bus stop in "
                "Horlivka on Thursday, killing two people, the city's mayor said."),
    # "the shelling" (a gerund) goes back to the incident told; "the authorities in Kiev" are a side
    "the_shelling": ("Ukrainian artillery shelled a market in Donetsk on Thursday, killing six people, Denis "
                     "Pushilin said. The Russian Foreign Ministry condemned the shelling and said the authorities "
                     "in Kiev wanted no peace."),
    # an appended remark after the weapon is not the attacker: "…, a rare strike on targets inside Russia"
    "appended": ("Kyiv's General Staff said on Thursday that it had hit an ammunition depot in the Kursk region with "
                 "long-range drones, a rare admission of strikes on targets inside Russia."),
    # a running total told after the incident is not its toll, and its time is not the incident's
    "running_total": ("A Ukrainian drone hit a car in Rylsk on Thursday, killing a man, Alexander "
                      "Khinshtein said.\n\nThe attack came little more than a month after the army said the "
                      "region had been cleared, in March 2025. Last week, Khinshtein said 300 civilians had died "
                      "in the region since the start of the incursion."),
    # debris that damaged a second town is that town's incident; the model's "person" after "In" is the town
    "debris": ("A Ukrainian drone hit a house in Shakhty overnight, killing a woman, Yury Slyusar said.\n\n"
               "In Taganrog, falling debris damaged a school and several cars, the governor said. No one there was "
               "hurt."),
    # a sum over the incidents the article then tells one by one is not an incident of its own
    "summary": ("Four civilians have been killed in three separate drone attacks in the Belgorod region, Vyacheslav "
                "Gladkov said on Friday.\n\nIn Shebekino, a drone hit a minibus, killing two men. In Valuyki, a "
                "woman was killed when a drone struck her house. In Graivoron, a drone hit a tractor, killing its "
                "driver, a local farmer."),
    # the injured told five sentences on, after a quote, taken to a hospital named after the regional capital
    "quoted": ("On Friday morning, a drone struck a van near the village of Glotovo, Vyacheslav Gladkov wrote on "
               "Telegram. Four workers were inside. \"One man was killed. My condolences to his family,\" he said. "
               "The other three workers suffered cuts and are being taken to the Belgorod regional hospital."),
}


@pytest.fixture(scope="module")
def events():
    articles = [Article.from_text(aid, text, published=PUBLISHED.isoformat(), path="")
                for aid, text in PASSAGES.items()]
    ev = extract_articles(articles).events
    return ev[ev["salience"] == "main"]


def _attacks(events, article_id):
    return events[(events["article_id"] == article_id) & (events["kind"] == "attack")].to_dict("records")


def test_a_weapon_makers_country_is_not_the_attacker(events):
    (row,) = _attacks(events, "maker")
    assert row["actor_country"] != "US"
    assert row["place"] == "Tokmak"


def test_a_pair_of_makers_is_neither_attacker_nor_place(events):
    (row,) = _attacks(events, "makers_pair")
    assert row["actor_country"] not in {"DE", "GB"}
    assert row["place"] == "Donetsk"


def test_an_attribution_phrase_does_not_name_the_attacker(events):
    rows = _attacks(events, "according_to")
    assert rows and all(r["actor_country"] != "RU" for r in rows)
    assert len(rows) == 1  # the ministry's account is the same strike


def test_his_forces_are_the_speakers_side(events):
    (row,) = _attacks(events, "own_forces")
    assert row["actor_country"] == "UA"


def test_a_response_to_attacks_is_no_incident(events):
    rows = _attacks(events, "response")
    assert [r["place"] for r in rows] == ["Feodosia"]


def test_clinics_where_the_wounded_go_are_no_place_of_the_strike(events):
    (row,) = _attacks(events, "clinics")
    assert (row["place"], row["killed"]) == ("Horlivka", 4)


def test_every_origin_of_the_fire_is_no_place(events):
    (row,) = _attacks(events, "origins")
    assert row["place"] == "Horlivka"


def test_the_shelling_goes_back_to_the_incident_and_kiev_is_a_side(events):
    (row,) = _attacks(events, "the_shelling")
    assert (row["place"], row["killed"]) == ("Donetsk", 6)


@pytest.mark.parametrize(("text", "meeting"), [
    ("Engels, the Volga city that hosts a strategic bomber base, was attacked by drones overnight.", False),
    ("The port city hosts a large naval base and two shipyards.", False),
    ("Turkish President Recep Tayyip Erdogan hosted Vladimir Putin in Ankara on Thursday.", True),
    ("Turkey will host talks between Russian and Ukrainian delegations in Istanbul next week.", True),
])
def test_host_is_a_meeting_only_when_someone_is_hosted(text, meeting):
    ev = extract_articles([Article.from_text("h", text, published=PUBLISHED.isoformat(), path="")]).events
    assert ("meeting" in set(ev["kind"])) is meeting


def test_a_remark_appended_to_the_weapon_names_no_attacker(events):
    (row,) = _attacks(events, "appended")
    assert row["actor_country"] == "UA"


def test_a_running_total_is_not_the_incidents_toll(events):
    (row,) = _attacks(events, "running_total")
    assert (row["place"], row["killed"], row["date_start"]) == ("Rylsk", 1, "2025-09-11")


@pytest.mark.parametrize(("text", "weapon"), [
    ("Air defences destroyed four Vilkha rockets over the city, the ministry said.", "mlrs"),
    ("Air defences destroyed three RM-70 Vampire rockets over the city, the ministry said.", "mlrs"),
    ("Air defences destroyed two Tochka-U missiles over the city, the ministry said.", "ballistic_missile"),
])
def test_rocket_artillery_and_tactical_missiles_have_their_class(text, weapon):
    ev = extract_articles([Article.from_text("w", text, published=PUBLISHED.isoformat(), path="")]).events
    assert list(ev["weapon"]) == [weapon]


def test_falling_debris_damage_is_an_incident_of_its_own_town(events):
    rows = sorted(_attacks(events, "debris"), key=lambda r: r["place"])
    assert [(r["place"], r["killed"]) for r in rows] == [("Shakhty", 1), ("Taganrog", 0)]


def test_a_one_word_person_after_in_is_a_place():
    from sitrep.extract.entities import extract_entities
    from sitrep.nlp import load_pipeline

    doc = load_pipeline()("In Azov, fragments of a drone came down on the town's stadium.")
    assert [(e.text, e.label) for e in extract_entities(doc) if e.text == "Azov"] == [("Azov", "GPE")]


def test_a_sum_over_separate_attacks_is_no_incident_of_its_own(events):
    rows = _attacks(events, "summary")
    assert sorted((r["place"], r["killed"]) for r in rows) == [("Grayvoron", 1), ("Shebekino", 2), ("Valuyki", 1)]


def test_figures_after_a_quote_continue_the_attack_and_a_hospitals_city_is_no_place(events):
    (row,) = _attacks(events, "quoted")
    assert (row["place"], row["killed"], row["injured"]) == ("Glotovo", 1, 3)


@pytest.mark.parametrize(("text", "statement"), [
    ("Belgorod Mayor Valentin Demidov declared a local state of emergency on Friday.", False),
    ("Governor Vyacheslav Gladkov declared Saturday a day of mourning across the region.", False),
    ("Governor Vyacheslav Gladkov declared that the region would never be intimidated.", True),
])
def test_declaring_an_emergency_or_mourning_is_no_statement(text, statement):
    ev = extract_articles([Article.from_text("d", text, published=PUBLISHED.isoformat(), path="")]).events
    assert ("statement" in set(ev["kind"])) is statement


def test_coordinated_counts_of_one_weapon_class_add_up():
    text = "Air defences downed three Iskander missiles, five Grad rockets and four Uragan rockets, the ministry said."
    ev = extract_articles([Article.from_text("c", text, published=PUBLISHED.isoformat(), path="")]).events
    got = {r["weapon"]: r["intercepted"] for r in ev.to_dict("records") if r["kind"] == "air_defense"}
    assert got == {"ballistic_missile": 3, "mlrs": 9}


def test_an_interception_told_as_a_proportion_is_a_report_without_figures():
    text = ("Ukrainian forces fired Grad rockets at Horlivka on Thursday, Denis Pushilin said. Air defences "
            "intercepted most of the rockets, the ministry said.")
    ev = extract_articles([Article.from_text("p", text, published=PUBLISHED.isoformat(), path="")]).events
    (row,) = ev[ev["kind"] == "air_defense"].to_dict("records")
    assert (row["weapon"], row["intercepted"], row["launched"]) == ("missile", None, None)


def test_its_forces_after_blaming_the_other_side_is_not_the_speakers_side():
    text = ("Russia's Defence Ministry blamed Ukraine on Thursday, saying its forces had fired rockets at a market "
            "in Belgorod.")
    ev = extract_articles([Article.from_text("b", text, published=PUBLISHED.isoformat(), path="")]).events
    assert set(ev[ev["kind"] == "attack"]["actor_country"]) == {"UA"}


def test_a_weapon_named_inside_a_nested_modifier_gives_the_class():
    text = ("Air defence systems shot down three JDAM bombs and two HIMARS multiple rocket launcher rockets, the "
            "ministry said.")
    ev = extract_articles([Article.from_text("n", text, published=PUBLISHED.isoformat(), path="")]).events
    got = {r["weapon"]: r["intercepted"] for r in ev.to_dict("records") if r["kind"] == "air_defense"}
    assert got == {"glide_bomb": 3, "mlrs": 2}


def test_its_forces_before_the_other_side_is_named_is_the_speakers_side():
    text = ("The Russian Defence Ministry said its forces had struck fuel depots used by the Ukrainian army "
            "overnight.")
    ev = extract_articles([Article.from_text("o", text, published=PUBLISHED.isoformat(), path="")]).events
    assert set(ev[ev["kind"] == "attack"]["actor_country"]) == {"RU"}
