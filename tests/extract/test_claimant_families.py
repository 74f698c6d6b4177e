"""Who speaks for what (issue #8, claimant): one statement per speaker and day, the speaker of a sentence that only
dates a meeting is neither its source nor its participant, officials describing an attack's damage are its sources,
not speakers of statements.

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


def _ctx(nlp, text: str) -> SentenceContext:
    doc = nlp(text)
    (sent,) = doc.sents
    return SentenceContext(doc=doc, sent=sent, sent_i=0, para_i=0, entities=list(extract_entities(doc)),
                           numbers=list(extract_numbers(doc)), times=(), previous=[])


def _events(passages: dict[str, str]):
    load_pipeline()
    articles = [Article.from_text(k, v, published=PUBLISHED.isoformat()) for k, v in passages.items()]
    return extract_articles(articles, reference_date=PUBLISHED).events


def _main(events, name: str, kind: str) -> list[dict]:
    rows = events[(events["article_id"] == name) & (events["salience"] == "main")]
    return rows[rows["kind"] == kind].to_dict("records")


# ------------------------------------------------------------------------------------------------ statements

STATEMENTS = {
    # one speaker quoted sentence by sentence on one day: one statement
    "one_day": (
        "Finnish President Alexander Stubb said on Tuesday that Europe had to send more air defence systems to "
        "Ukraine.\n\n"
        "Stubb also said the Nordic countries would keep training Ukrainian pilots to shoot down Russian missiles. "
        "Swedish Prime Minister Ulf Kristersson said sanctions on Russian gas should be tightened."
    ),
    # the same speaker on two days: two statements
    "two_days": (
        "Polish Foreign Minister Radoslaw Sikorski said on Monday that the embassy in Kyiv would stay open.\n\n"
        "On Tuesday, Sikorski said Poland would send more air defence systems to Ukraine."
    ),
    # a known person's surname that the tagger reads as an organisation still speaks
    "org_tagged": (
        "Moscow has noted Donald Trump's new deadline for a ceasefire, the Kremlin said. On Monday, speaking during a "
        "visit to Ireland, Trump said he was disappointed in Putin and would shorten the deadline."
    ),
}


@pytest.fixture(scope="module")
def statements():
    return _events(STATEMENTS)


def test_one_speakers_words_of_one_day_are_one_statement(statements):
    speakers = sorted(r["speaker"] for r in _main(statements, "one_day", "statement"))
    assert speakers == ["Alexander Stubb", "Ulf Kristersson"]


def test_one_speaker_on_two_days_makes_two_statements(statements):
    assert [r["speaker"] for r in _main(statements, "two_days", "statement")] == ["Radosław Sikorski"] * 2


def test_a_known_person_tagged_as_an_organisation_makes_a_statement(statements):
    assert [r["speaker"] for r in _main(statements, "org_tagged", "statement")] == ["Donald Trump"]


@pytest.mark.parametrize("text", [
    # a political office's official telling the damage or how the weapons came: the attack's source
    "A school and three houses were destroyed, while a clinic was damaged, said Andriy Yermak, head of the "
    "Presidential Office.",
    "Deputy Prime Minister Iryna Vereshchuk said the rockets had been launched from the occupied Crimean coast.",
    # a mayor or governor describing the damage or warning of a weapon
    "Mayor Ihor Terekhov described the damage in the northern districts as enormous.",
    "Governor Oleh Syniehubov warned of the threat of more glide bombs on the city.",
])
def test_an_official_describing_an_attack_makes_no_statement(nlp, text):
    assert detect_statements(_ctx(nlp, text)) == []


@pytest.mark.parametrize("text,speaker", [
    ("President Volodymyr Zelensky said the strike showed that Moscow did not want peace.", "Volodymyr Zelenskyy"),
    ("Foreign Minister Radoslaw Sikorski warned of the threat of a wider war in Europe.", "Radosław Sikorski"),
])
def test_a_political_position_stays_a_statement(nlp, text, speaker):
    assert [e.speaker for e in detect_statements(_ctx(nlp, text))] == [speaker]


def test_a_meeting_that_dates_the_saying_does_not_swallow_the_statement(nlp):
    ctx = _ctx(nlp, "Spain's Foreign Minister Jose Manuel Albares said on Monday, as EU ministers gathered in "
                    "Luxembourg for their summit, that new sanctions were ready.")
    (meeting,) = detect_meetings(ctx)
    assert [e.speaker for e in detect_statements(ctx, found=[meeting])] == ["Jose Manuel Albares"]


# ------------------------------------------------------------------------------------------------ meetings


@pytest.mark.parametrize("text", [
    "Foreign Minister Jose Manuel Albares said on Monday, as EU ministers gathered in Luxembourg for their summit, "
    "that new sanctions were ready.",
    "Three people were hurt in the blast, Romanian officials said on Friday, hours before Moldovan and Romanian "
    "diplomats were due to meet in Chisinau.",
])
def test_the_speaker_of_a_sentence_that_dates_a_meeting_is_neither_source_nor_participant(nlp, text):
    (ev,) = detect_meetings(_ctx(nlp, text))
    assert ev.claimant is None and not ev.claimant_name
    assert not any(p in {"Jose Manuel Albares", "Romanian officials"} for p in ev.participants), ev.participants


@pytest.mark.parametrize("text,person", [
    ("Chancellor Friedrich Merz said he had met Emmanuel Macron in Paris.", "Friedrich Merz"),
    ("Chancellor Friedrich Merz told reporters after meeting Emmanuel Macron in Paris that talks went well.",
     "Friedrich Merz"),
])
def test_a_speaker_at_the_meeting_stays_a_participant(nlp, text, person):
    (ev,) = detect_meetings(_ctx(nlp, text))
    assert person in ev.participants and "Emmanuel Macron" in ev.participants


MEETINGS = {
    # a meeting of unnamed delegations and the same meeting with its people: one meeting
    "delegations": (
        "Polish and Czech officials will meet in Vienna on Friday to discuss the pipeline.\n\n"
        "Polish Foreign Minister Radoslaw Sikorski will meet his Czech counterpart Jan Lipavsky in Vienna on Friday."
    ),
    # nothing in common: technical talks somewhere and a call expected on a day are two meetings
    "apart": (
        "The Dutch government said expert talks on grain corridors would start soon in Geneva.\n\n"
        "Prime Minister Dick Schoof said he expected to speak with Keir Starmer by phone later on Wednesday."
    ),
    # "according to him": the person just named is the meeting's source
    "anaphor": (
        "Sikorski spoke to journalists in Warsaw on Tuesday. According to him, Poland had proposed a meeting "
        "between Emmanuel Macron and Friedrich Merz in Gdansk next month."
    ),
}


@pytest.fixture(scope="module")
def meetings():
    return _events(MEETINGS)


def test_unnamed_delegations_and_their_named_members_are_one_meeting(meetings):
    (row,) = _main(meetings, "delegations", "meeting")
    assert {"Radosław Sikorski", "Jan Lipavsky"} <= set(row["participants"])
    assert row["status"] == "planned"


def test_meetings_with_nothing_in_common_stay_apart(meetings):
    rows = _main(meetings, "apart", "meeting")
    assert len(rows) == 2
    assert {r["status"] for r in rows} == {"planned"}  # "said talks would start": a reported future


def test_a_pronoun_source_of_a_meeting_is_the_person_named_before(meetings):
    rows = _main(meetings, "anaphor", "meeting")
    assert [r["claimant"] for r in rows if "Emmanuel Macron" in (r["participants"] or [])] == ["Radosław Sikorski"]


# ------------------------------------------------------------------------------------------------ no event at all

GENERIC = {
    # a halt to strikes the parse hangs on the verb, in a sentence dated by its saying: no attack, a statement
    "halt": "President Maia Sandu said on Monday morning that Moldova would back a halt to strikes on power plants.",
    # a campaign pressed on with: no attack
    "campaign": "Russia will press on with its offensive whatever the deadline, the Kremlin said on Monday.",
    # talks as a concept: no meeting
    "concept": "Summits alone have rarely stopped a war, the foreign minister wrote on Monday, insisting that Russia "
               "be isolated.",
}


@pytest.fixture(scope="module")
def generic():
    return _events(GENERIC)


def test_a_halt_to_strikes_is_no_attack(generic):
    assert _main(generic, "halt", "attack") == []
    assert [r["speaker"] for r in _main(generic, "halt", "statement")] == ["Maia Sandu"]


def test_pressing_on_with_an_offensive_is_no_attack(generic):
    assert _main(generic, "campaign", "attack") == []


def test_talks_as_a_concept_are_no_meeting(generic):
    assert _main(generic, "concept", "meeting") == []


def test_a_commander_reporting_and_saying_battlefield_facts_makes_no_statement(nlp):
    ctx = _ctx(nlp, "Colonel General Andrei Mordvichev reported on the destruction of two enemy battalions and said "
                    "the northern half of the village had been taken under control.")
    assert detect_statements(ctx) == []


# ------------------------------------------------------------------------------------------------ attack sources

SOURCES = {
    # the title and the name set off by commas before a closing "said"
    "commas": ("In Zaporizhzhia, a guided bomb destroyed a warehouse on Monday night, killing two workers, the "
               "regional governor, Ivan Fedorov, said."),
    # a role description the next sentence names: the person named there, when the role fits
    "cataphora": (
        "Shelling of a bus stop in Russian-held Horlivka on Monday killed nine people and wounded 14, the "
        "Moscow-installed head of the region said, blaming Ukraine.\n\n"
        "Denis Pushilin said on Telegram that the shells had come from the west. Ukraine's army denied any role.\n\n"
        "Earlier in the day, Ivan Prikhodko, the Russian-appointed mayor of Horlivka, had given a toll of five "
        "dead and six wounded."
    ),
}


@pytest.fixture(scope="module")
def sources():
    return _events(SOURCES)


def test_a_name_set_off_by_commas_before_said_is_the_source(sources):
    (row,) = _main(sources, "commas", "attack")
    assert (row["claimant"], row["killed"]) == ("Ivan Fedorov", 2)


def test_a_role_description_names_the_person_the_next_sentence_introduces(sources):
    (row,) = _main(sources, "cataphora", "attack")
    assert (row["claimant"], row["killed"], row["injured"]) == ("Denis Pushilin", 9, 14)


def test_resolve_a_role_description_forward_only_when_nothing_before_fits(nlp):
    from sitrep.extract.attribution import resolve_anaphor

    doc = nlp("Nine people were killed, the Moscow-installed head of the region said. Denis Pushilin blamed Kyiv.")
    entities = list(extract_entities(doc))
    first = next(iter(doc.sents))
    name = "the Moscow-installed head of the region"
    found = resolve_anaphor(name, first.start_char, entities, after=first.end_char)
    assert found is not None and found.canonical == "Denis Pushilin"
    assert resolve_anaphor(name, first.start_char, entities) is None  # backwards only: nobody named before
    assert resolve_anaphor("the spokesman", first.start_char, entities, after=first.end_char) is None  # role unfit


MERGES = {
    # the mayor who reports a strike is its source, not its attacker: one incident with the city's toll
    "reports": (
        "A Russian drone struck a school in Sumy on Tuesday morning, killing two people, regional officials said.\n\n"
        "09:40 – Mayor Artem Kobzar reports a drone strike in Sumy's Kovpakivskyi district and a fire at the site."
    ),
}


@pytest.fixture(scope="module")
def merges():
    return _events(MERGES)


def test_a_source_reporting_a_strike_is_not_its_attacker(merges):
    (row,) = _main(merges, "reports", "attack")
    assert (row["place"], row["killed"], row["actor_country"]) == ("Sumy", 2, "RU")


def test_the_subject_of_a_reporting_verb_is_not_the_attacker(nlp):
    from sitrep.extract.events.actors import actor_of

    doc = nlp("Governor Oleh Syniehubov reports a drone strike on a warehouse in the suburbs.")
    strike = next(t for t in doc if t.lower_ == "strike")
    assert actor_of(strike, list(extract_entities(doc))) == (None, None)
