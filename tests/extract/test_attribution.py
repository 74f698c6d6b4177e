"""Attribution (sitrep.extract.attribution): anaphoric sources and carry-over within a paragraph.

Invented passages; the officials and places are real so that canonical names resolve.
"""

from __future__ import annotations

import pytest

from sitrep.extract import extract_articles
from sitrep.extract.attribution import resolve_anaphor
from sitrep.extract.entities import EntityMention
from sitrep.nlp import load_pipeline
from sitrep.types import Article

PASSAGES = {
    "the_governor": (
        "Kharkiv Oblast Governor Oleh Syniehubov visited Zolochiv on Friday. A Russian glide bomb hit a school in "
        "Zolochiv overnight, wounding four people, the governor said."
    ),
    "he_said": (
        "Mykolaiv Mayor Oleksandr Senkevych spoke to reporters on Friday. A Russian drone struck a boiler house in "
        "Mykolaiv overnight, injuring two workers, he said."
    ),
    "carry_over": (
        "A Russian missile hit a fuel depot in Kremenchuk on Thursday, killing one person, Poltava Oblast governor "
        "Volodymyr Kohut said. Another missile struck a farm in Horishni Plavni, injuring three people."
    ),
}


def _article(article_id: str, text: str) -> Article:
    return Article.from_text(article_id, text, published="2025-09-12")


@pytest.fixture(scope="module")
def attacks():
    load_pipeline()
    ev = extract_articles([_article(k, v) for k, v in PASSAGES.items()]).events
    ev = ev[(ev["kind"] == "attack") & (ev["salience"] == "main")]
    return lambda name: ev[ev["article_id"] == name].to_dict("records")


@pytest.mark.parametrize("name,claimant", [("the_governor", "Oleh Syniehubov"), ("he_said", "Oleksandr Senkevych")])
def test_anaphoric_source_is_the_named_official(attacks, name, claimant):
    (ev,) = attacks(name)
    assert ev["claimant"] == claimant
    assert ev["certainty"] == "confirmed"


def test_source_carries_over_to_the_next_incident_of_the_paragraph(attacks):
    rows = attacks("carry_over")
    assert {r["place"] for r in rows} == {"Kremenchuk", "Horishni Plavni"}
    assert {r["claimant"] for r in rows} == {"Volodymyr Kohut"}


def _person(name: str, role: str | None, start: int) -> EntityMention:
    return EntityMention(text=name, label="PERSON", canonical=name, entity_type="person", country="UA", party=True,
                         role=role, metonymy=False, sentence_index=0, sentence="", char_start=start,
                         char_end=start + len(name))


def test_resolve_anaphor_needs_a_fitting_role():
    mayor, governor = _person("Ihor Terekhov", "mayor of Kharkiv", 0), _person("Oleh Syniehubov", "governor", 40)
    entities = [mayor, governor]
    assert resolve_anaphor("the mayor", 100, entities) is mayor
    assert resolve_anaphor("the regional governor", 100, entities) is governor
    assert resolve_anaphor("she", 100, entities) is governor  # the nearest earlier person
    assert resolve_anaphor("the governor", 30, entities) is None  # only earlier mentions count
    assert resolve_anaphor("Ukrainian officials", 100, entities) is None


SOURCES = {
    # a participle's subject is its head verb's
    "participle": ("Russia's Defence Ministry made no mention of the fire in its morning update on Friday, saying "
                   "only that air defences had shot down nine Ukrainian drones over the Bryansk region."),
    # "according to preliminary data" says what is known, not who says it
    "data": ("The Ukrainian Air Force reported a combined attack overnight on Friday. According to preliminary "
             "data, air defence shot down 48 drones and three missiles, the Air Force said."),
}


@pytest.fixture(scope="module")
def air_defense():
    load_pipeline()
    ev = extract_articles([_article(k, v) for k, v in SOURCES.items()]).events
    return ev[ev["kind"] == "air_defense"]


def test_a_participle_reports_for_its_head_verbs_subject(air_defense):
    rows = air_defense[air_defense["article_id"] == "participle"]
    assert set(rows["claimant"]) == {"Russian Defense Ministry"}


def test_preliminary_data_is_no_claimant(air_defense):
    rows = air_defense[air_defense["article_id"] == "data"]
    assert "preliminary data" not in set(rows["claimant"].dropna())
    assert set(rows["claimant"].dropna()) == {"Ukrainian Air Force"}


RELAYED = {
    # a news outlet relays the figures an official gave: the official is the source
    "outlet_relays": ("Kharkiv strike: toll rises to 9\n"
                      "Nine people were killed and 40 injured when Russian glide bombs hit a market in Kharkiv on "
                      "Thursday. Governor Oleh Syniehubov gave the latest figures on Friday morning, Suspilne "
                      "reports."),
    # two subjects parsed for "said": the one nearest the verb speaks
    "two_subjects": ("Friday's Russian glide-bomb attack on the market of Kupiansk caused the deaths of six people "
                     "and injuries to 12 others, regional governor Oleh Syniehubov said on Saturday, as rescuers kept "
                     "searching."),
    # the parse hangs the official on the victims' apposition: the words before the closing "said" name the source
    "dash_apposition": ("In Nikopol, a shell hit a bus stop on Friday, killing two people – a 70-year-old man and his "
                        "grandson – regional governor Serhiy Lysak said."),
    # a "Source:" line speaks for the reports of the article that name no source of their own
    "source_line": ("Russian shelling kills three in Zaporizhzhia Oblast\n\nSource: Ivan Fedorov, Head of "
                    "Zaporizhzhia Oblast Military Administration, on Telegram\n\nDetails:\n\n- in Huliaipole, "
                    "Russian shelling killed two people and injured one on Friday;\n- in Stepnohirsk, a drone "
                    "killed a man on Friday."),
    # the body that raises the toll reports the incident's latest figure
    "raised_toll": ("Russian missiles hit central Chernihiv on Friday morning.\n\n09:50 – Mayor Oleksandr Lomako "
                    "writes that several people have been killed.\n\n13:20 – The State Emergency Service raises the "
                    "death toll to 14."),
    # a headline naming the target before a colon is no "Name:" source header
    "target_headline": ("Strike on Sumy Regional Military Administration: three injured\n"
                        "A Russian drone hit the administration building in Sumy on Friday, injuring three people. "
                        "Rescuers worked at the site all morning, the State Emergency Service said."),
}


@pytest.fixture(scope="module")
def relayed():
    load_pipeline()
    ev = extract_articles([_article(k, v) for k, v in RELAYED.items()]).events
    ev = ev[(ev["kind"] == "attack") & (ev["salience"] == "main")]
    return lambda name: ev[ev["article_id"] == name].to_dict("records")


@pytest.mark.parametrize("name,claimant", [("outlet_relays", "Oleh Syniehubov"),
                                           ("two_subjects", "Oleh Syniehubov"),
                                           ("dash_apposition", "Serhiy Lysak"),
                                           ("raised_toll", "State Emergency Service of Ukraine")])
def test_the_official_giving_the_figures_is_the_claimant(relayed, name, claimant):
    (ev,) = relayed(name)
    assert ev["claimant"] == claimant


def test_a_target_named_in_the_headline_is_no_source(relayed):
    (ev,) = relayed("target_headline")
    assert ev["claimant"] != "Sumy Regional Military Administration"


def test_a_source_line_speaks_for_the_unsourced_reports(relayed):
    rows = relayed("source_line")
    assert {r["place"] for r in rows} >= {"Huliaipole", "Stepnohirsk"}
    assert {r["claimant"] for r in rows} == {"Ivan Fedorov"}
