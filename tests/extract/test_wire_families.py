"""Phrasing families of international wire reports (issue #8): revised tolls told around a death in hospital,
inserted attributions ("…, the mayor said, and …"), record comparisons, weapon counts that hit a target.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.extract import extract_articles
from sitrep.extract.entities import extract_entities
from sitrep.extract.events import SentenceContext
from sitrep.extract.events.meetings import detect_meetings
from sitrep.extract.events.statements import detect_statements
from sitrep.extract.numbers import extract_numbers
from sitrep.nlp import load_pipeline
from sitrep.types import Article

PUBLISHED = dt.date(2025, 5, 14)  # a Wednesday


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _typed(nlp, text: str) -> list[tuple[str, float | None, str]]:
    return [(m.text, m.value, m.quantity_type) for m in extract_numbers(nlp(text))]


@pytest.mark.parametrize("text", [
    "The toll rose to 14 after a wounded soldier died in hospital on Tuesday.",
    "An injured woman died overnight, bringing the number of dead to six.",
])
def test_a_wounded_person_who_died_is_not_an_injured_count(nlp, text):
    assert "injured" not in {kind for _, _, kind in _typed(nlp, text)}


@pytest.mark.parametrize("text", [
    "Regional officials released no casualty figures.",
    "The governor gave no immediate casualty information.",
])
def test_no_casualty_figures_is_not_zero_casualties(nlp, text):
    assert not [m for m in _typed(nlp, text) if m[2] in {"killed", "injured"}]


def test_a_person_and_their_relative_are_two(nlp):
    kinds = [(text, kind) for text, _, kind in _typed(
        nlp, "A drone hit a car near Nikopol, killing a 52-year-old man and his wife.")]
    assert ("a", "killed") in kinds and ("wife", "killed") in kinds


@pytest.mark.parametrize("text,number", [
    ("Two teenagers are among the dead, the regional governor said.", "Two"),
    ("A paramedic and a driver were among those killed in the second strike.", "a"),
])
def test_a_count_among_the_dead_is_part_of_a_toll(nlp, text, number):
    (mention,) = [m for m in extract_numbers(nlp(text)) if m.text == number]
    assert mention.quantity_type == "killed" and (mention.part or mention.breakdown_of is not None)


def test_a_subordinate_clause_keeps_its_own_predicate(nlp):
    kinds = {text: kind for text, _, kind in _typed(
        nlp, "The operator said no crew members had been killed, although several needed first aid.")}
    assert kinds.get("several") != "killed"


def test_more_than_a_hundred_is_open_ended(nlp):
    (mention,) = [m for m in extract_numbers(nlp("The blast wounded more than a hundred people.")) if m.value == 100]
    assert (mention.quantity_type, mention.qualifier) == ("injured", "at_least")


def test_where_a_weapon_was_designed_is_not_who_fired_it(nlp):
    from sitrep.extract.entities import extract_entities
    from sitrep.extract.events.actors import actor_of

    doc = nlp("Russian forces said US-made rockets and a Turkish-built drone hit the depot.")
    trigger = next(t for t in doc if t.lower_ == "hit")
    assert actor_of(trigger, list(extract_entities(doc)))[1] is None


def _events(passages: dict[str, str]):
    load_pipeline()
    articles = [Article.from_text(k, v, published=PUBLISHED.isoformat()) for k, v in passages.items()]
    return extract_articles(articles, reference_date=PUBLISHED).events


PASSAGES = {
    # an attribution inserted in the middle of a casualty sentence: the figures continue the attack
    "inserted": (
        "A Russian missile hit a market in Kostiantynivka on Tuesday, killing eight people, officials said.\n\n"
        "The market had reopened a week earlier after repairs.\n\n"
        "Two firefighters were among the dead, Interior Minister Ihor Klymenko said, and 31 people were hurt."
    ),
    # a record comparison after the trigger measures this attack; it is not an earlier one recalled
    "record_after": (
        "Kremenchuk mourns 19 dead\n"
        "A Russian missile struck a shopping centre in Kremenchuk on Monday, killing 19 people, the governor said, "
        "in one of the deadliest attacks on the region since the invasion began."
    ),
    # "more than 200" is no addition: the follow-up's figures replace the lead's, they are not added to them
    "more_than": (
        "A Russian glide bomb hit a factory in Zaporizhzhia on Tuesday, killing four workers, officials said. "
        "Four people were killed and more than 30 injured, the governor said."
    ),
    # a sub-headline telling part of the toll does not replace it
    "among_dead": (
        "Kharkiv toll rises to 9\n"
        "Two children are among the dead after a drone hit a block of flats.\n\n"
        "The number of people killed in the Russian drone attack on Kharkiv on Tuesday has risen to 9, "
        "Governor Oleh Syniehubov said."
    ),
    # an open-ended toll ("more than 40") and a later exact one are one incident's
    "open_ended": (
        "A Russian missile strike on Odesa on Monday killed six people and wounded more than 40.\n\n"
        "Two missiles hit a warehouse near the port, according to Governor Oleh Kiper. Later on Monday Kiper said "
        "the number of injured had risen to 47."
    ),
    # a district the gazetteer does not know, with part of the toll, is the city's incident
    "district": (
        "Russian drones hit a block of flats in Kharkiv on Sunday, killing five people, officials said.\n\n"
        "Governor Oleh Syniehubov said the drones hit a nine-storey building in the Novobavarskyi district. "
        "A girl and her grandmother were killed there, and 14 people were wounded."
    ),
    # counted weapons that hit a target are the attack's weapons, not an air-defense report
    "counted_hit": (
        "Three Kalibr cruise missiles fired from the Black Sea struck a grain terminal in Izmail on Tuesday, "
        "the navy said. Four port workers were injured."
    ),
    # a hyphenated "-ground" is a place, not ground fighting; hospitals elsewhere are where the injured go
    "parade_ground": (
        "A Ukrainian missile hit a parade-ground near Luhansk on Tuesday, killing six soldiers, officials said. "
        "The governor put the number of injured at 20 and said ten were flown to hospitals in Moscow."
    ),
}


@pytest.fixture(scope="module")
def events():
    return _events(PASSAGES)


def _main(events, name, kind="attack"):
    rows = events[(events["article_id"] == name) & (events["salience"] == "main")]
    return rows[rows["kind"] == kind].to_dict("records")


def test_inserted_attribution_continues_the_attack(events):
    (row,) = _main(events, "inserted")
    assert (row["killed"], row["injured"]) == (8, 31)
    assert _main(events, "inserted", "statement") == []


def test_more_than_is_not_additive(events):
    (row,) = _main(events, "more_than")
    assert (row["killed"], row["injured"]) == (4, 30)


def test_part_of_the_toll_does_not_replace_it(events):
    (row,) = _main(events, "among_dead")
    assert row["killed"] == 9 and row["children_killed"] == 2


def test_an_open_ended_toll_and_its_exact_update_are_one_incident(events):
    (row,) = _main(events, "open_ended")
    assert (row["killed"], row["injured"], row["claimant"]) == (6, 47, "Oleh Kiper")


def test_a_district_with_part_of_the_toll_is_the_citys_incident(events):
    (row,) = _main(events, "district")
    assert (row["place"], row["killed"], row["injured"]) == ("Kharkiv", 5, 14)


def test_record_comparison_after_the_trigger_is_main(events):
    (row,) = _main(events, "record_after")
    assert (row["place"], row["killed"]) == ("Kremenchuk", 19)


def test_counted_weapons_that_hit_a_target_are_an_attack(events):
    (row,) = _main(events, "counted_hit")
    assert (row["place"], row["weapon"], row["injured"]) == ("Izmail", "cruise_missile", 4)
    assert _main(events, "counted_hit", "air_defense") == []


def test_parade_ground_and_hospitals_elsewhere(events):
    (row,) = _main(events, "parade_ground")
    assert row["subkind"] != "ground_clash"
    assert (row["killed"], row["injured"]) == (6, 20)


@pytest.mark.parametrize("text", [
    "The SBU said it had detained a man suspected of spying for Moscow.",
    "Ukraine's SBU security service said it had arrested two men who worked for Russian intelligence.",
    # an inserted "…, X said, and …" reports the figures of the clause it stands in, a minister's or a president's
    "Five patients were among the dead, President Volodymyr Zelensky said, and 12 people were wounded.",
    "Two firefighters were among the dead, Interior Minister Ihor Klymenko said, and 31 people were hurt.",
    # a military body's account of the battlefield or denial of a strike is a claim, not a political position
    "The Ukrainian General Staff said Vovchansk remained under Ukrainian control.",
    "Russia's Defence Ministry denied targeting the market and blamed a Ukrainian missile.",
])
def test_a_report_of_facts_is_no_statement(nlp, text):
    """Facts told by a body or official: attacks and claims carry them."""
    doc = nlp(text)
    (sent,) = doc.sents
    ctx = SentenceContext(doc=doc, sent=sent, sent_i=0, para_i=0, entities=list(extract_entities(doc)),
                          numbers=list(extract_numbers(doc)), times=(), previous=[])
    assert detect_statements(ctx) == []


def test_a_military_accusation_stays_a_statement(nlp):
    doc = nlp("Russia's Defence Ministry accused Kyiv of preparing a provocation at the nuclear plant.")
    (sent,) = doc.sents
    ctx = SentenceContext(doc=doc, sent=sent, sent_i=0, para_i=0, entities=list(extract_entities(doc)),
                          numbers=list(extract_numbers(doc)), times=(), previous=[])
    assert [e.speaker for e in detect_statements(ctx)] == ["Russian Defense Ministry"]


TALLY = ("Russia launched 40 missiles and 120 drones overnight, the air force said. Air defences shot down 31 of the "
         "missiles and 90 of the drones; in all, 121 of the 160 aerial targets were destroyed, while another 25 decoy "
         "drones vanished from radar.")


def test_a_grand_total_beside_two_classes_is_no_report_and_no_attack():
    events = _events({"tally": TALLY})
    ad = events[events["kind"] == "air_defense"].set_index("weapon")
    assert set(ad.index) == {"missile", "drone"}
    assert (ad.loc["drone", "launched"], ad.loc["drone", "intercepted"]) == (120, 90)
    assert (ad.loc["missile", "launched"], ad.loc["missile", "intercepted"]) == (40, 31)
    assert events[events["kind"] == "attack"].empty


NIGHT = ("Bombers fired 18 Kh-101 cruise missiles at Ukraine overnight, the air force said; 15 of them were shot down, "
         "as were both of the two attack drones launched alongside them.")

CITY = (
    "A Russian missile attack on Lutsk before dawn on Tuesday killed six people, officials said.\n\n"
    "Explosions shook the city at about 4:00 am. Mayor Ihor Polishchuk said a man and his son were killed in their "
    "home."
)


def test_them_takes_the_class_just_counted():
    events = _events({"night": NIGHT})
    ad = events[events["kind"] == "air_defense"].set_index("weapon")
    assert (ad.loc["cruise_missile", "launched"], ad.loc["cruise_missile", "intercepted"]) == (18, 15)


def test_an_unplaced_mention_with_part_of_a_towns_toll_joins_it():
    events = _events({"city": CITY})
    (row,) = events[(events["kind"] == "attack") & (events["salience"] == "main")].to_dict("records")
    assert (row["place"], row["killed"]) == ("Lutsk", 6)


DOWNED_THEN_HURT = (
    "Russia's Defence Ministry said 40 Ukrainian drones had been destroyed over the Belgorod region overnight.\n\n"
    "Governor Vyacheslav Gladkov said one woman had been killed and three people injured in the city of Shebekino."
)


def test_casualties_after_drones_downed_are_an_attack():
    events = _events({"downed": DOWNED_THEN_HURT})
    (row,) = events[events["kind"] == "attack"].to_dict("records")
    assert (row["place"], row["killed"], row["injured"], row["claimant"]) == ("Shebekino", 1, 3, "Vyacheslav Gladkov")


BOTH_WAYS = (
    "Ukraine's air force said Russia launched 310 drones overnight, 280 of which were shot down.\n\n"
    "Russia's Defence Ministry said its air defences destroyed 45 Ukrainian drones over four regions overnight. "
    "Analysts expect nightly launches to reach 600 by the summer."
)


def test_reports_of_both_sides_and_a_forecast_stay_apart():
    events = _events({"both": BOTH_WAYS})
    ad = events[events["kind"] == "air_defense"]
    figures = {(_int(r["launched"]), _int(r["intercepted"])) for r in ad.to_dict("records")}
    assert figures == {(310, 280), (None, 45)}, figures


def _int(value):
    return None if value is None or value != value else int(value)


@pytest.mark.parametrize("text,meetings", [
    ("Asked about a potential summit between Macron and Xi, the spokesman said nothing had been decided.", 0),
    ("Macron and Xi held a summit in Paris on Monday.", 1),
])
def test_a_possible_meeting_is_no_meeting(nlp, text, meetings):
    doc = nlp(text)
    (sent,) = doc.sents
    ctx = SentenceContext(doc=doc, sent=sent, sent_i=0, para_i=0, entities=list(extract_entities(doc)),
                          numbers=list(extract_numbers(doc)), times=(), previous=[])
    assert len(detect_meetings(ctx)) == meetings
