"""Entity mentions: canonical names, in-article surname linking, roles, metonymy and provenance.

The sentences are written for these tests; each one exercises one rule of ``sitrep.extract.entities``.
"""

from __future__ import annotations

import pytest

from sitrep.extract.entities import extract_entities
from sitrep.nlp import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def mentions_of(nlp):
    cache: dict[str, list] = {}

    def run(text: str) -> list:
        if text not in cache:
            cache[text] = list(extract_entities(nlp(text)))
        return cache[text]

    return run


def mention(mentions, text: str, *, nth: int = 0):
    """The ``nth`` mention whose surface text is ``text``."""
    found = [m for m in mentions if m.text == text]
    assert len(found) > nth, f"no mention {text!r} (#{nth}) among {[(m.text, m.label) for m in mentions]}"
    return found[nth]


# -- canonical names ----------------------------------------------------------------------------------------


def test_old_spelling_of_kyiv_is_canonicalised(mentions_of):
    m = mention(mentions_of("Explosions were heard in Kiev early on Sunday."), "Kiev")
    assert m.canonical == "Kyiv"
    assert m.country == "UA"
    assert m.entity_type == "place"


@pytest.mark.parametrize(
    "sentence, surface",
    [
        ("President Zelensky said the talks in Berlin had been useful.", "Zelensky"),
        ("On Monday, Zelenskiy told reporters that Ukraine needed more air defence systems.", "Zelenskiy"),
        ("Zelenskiy said on Monday that Ukraine needed more air defence systems.", "Zelenskiy"),
        ("Ukrainian President Volodymyr Zelenskiy said the talks had been useful.", "Volodymyr Zelenskiy"),
    ],
)
def test_zelensky_spellings(mentions_of, sentence, surface):
    m = mention(mentions_of(sentence), surface)
    assert m.canonical == "Volodymyr Zelenskyy"
    assert m.entity_type == "person"
    assert m.country == "UA"


def test_bare_surname_after_full_name(mentions_of):
    mentions = mentions_of("Vladimir Putin met Steve Witkoff in Moscow on Tuesday. The talks lasted five hours. "
                           "Putin later called them useful.")
    full = mention(mentions, "Vladimir Putin")
    bare = mention(mentions, "Putin")
    assert full.canonical == bare.canonical == "Vladimir Putin"
    assert bare.sentence_index == 2


def test_bare_surname_of_a_person_not_in_the_alias_table(mentions_of):
    mentions = mentions_of("Regional governor Ivan Fedorchenko said the strike hit a school. "
                           "Fedorchenko added that nobody was hurt.")
    assert mention(mentions, "Fedorchenko").canonical == "Ivan Fedorchenko"


# -- roles --------------------------------------------------------------------------------------------------


def test_role_from_premodifiers(mentions_of):
    mentions = mentions_of("Kharkiv Mayor Ihor Terekhov said on Telegram that two people were injured.")
    m = mention(mentions, "Ihor Terekhov")
    assert m.label == "PERSON"
    assert m.role is not None
    assert "mayor" in m.role.lower()
    assert "Kharkiv" in m.role


def test_role_from_apposition(mentions_of):
    mentions = mentions_of("Andriy Sybiha, Ukraine's foreign minister, said the proposal was unacceptable.")
    m = mention(mentions, "Andriy Sybiha")
    assert m.canonical == "Andrii Sybiha"
    assert m.role is not None
    assert "foreign minister" in m.role.lower()
    assert "Ukraine" in m.role


# -- metonymy -------------------------------------------------------------------------------------------------


def test_kremlin_as_speaker_is_metonymy(mentions_of):
    m = mention(mentions_of("The Kremlin said the talks were constructive."), "Kremlin")
    assert m.metonymy is True
    assert m.entity_type == "government"
    assert m.country == "RU"


def test_kremlin_as_venue_is_a_place(mentions_of):
    m = mention(mentions_of("The envoys held talks at the Kremlin on Tuesday."), "Kremlin")
    assert m.metonymy is False
    assert m.entity_type == "place"


def test_capital_as_actor_is_metonymy(mentions_of):
    m = mention(mentions_of("Moscow rejected the proposal on Friday."), "Moscow")
    assert m.metonymy is True
    assert m.country == "RU"


def test_capital_as_location_is_not_metonymy(mentions_of):
    m = mention(mentions_of("A drone struck an apartment block in Moscow overnight."), "Moscow")
    assert m.metonymy is False
    assert m.entity_type == "place"


# -- provenance -------------------------------------------------------------------------------------------------


def test_provenance_spans_and_sentence_index(nlp):
    text = ("Russian drones struck Odesa overnight, the Ukrainian Air Force said.\n\n"
            "Zelensky said Moscow was not interested in peace. "
            "The Kremlin said Vladimir Putin would meet Steve Witkoff in Moscow.")
    doc = nlp(text)
    mentions = list(extract_entities(doc))
    sentences = [s.text for s in doc.sents]
    assert len(mentions) >= 5
    for m in mentions:
        assert text[m.char_start:m.char_end] == m.text
        assert 0 <= m.sentence_index < len(sentences)
        assert m.sentence == sentences[m.sentence_index]
        assert sentences[m.sentence_index].find(m.text) >= 0
    by_text = {m.text: m for m in mentions}
    assert by_text["Odesa"].sentence_index == 0
    assert by_text["Zelensky"].sentence_index == 1
    assert by_text["Vladimir Putin"].sentence_index == 2
    mentions_of_moscow = [m for m in mentions if m.text == "Moscow"]
    assert [m.sentence_index for m in mentions_of_moscow] == [1, 2]
