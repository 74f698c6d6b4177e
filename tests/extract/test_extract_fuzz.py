"""Property tests over ``extract_articles`` (issue #13, part 6): whatever the text, extraction raises nothing,
every article comes back either with its tables or as a recorded problem, and every offset points into the text.

Texts are built from the project's own lexicons (trigger words, weapons, places, organizations, people nouns,
qualifiers, numbers in digits and words) and mixed with very short, empty, punctuation-only and random unicode
texts; long ones run with small piece, section and size limits so that every path is exercised in seconds.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import sitrep.extract.pipeline as extract_pipeline
from sitrep.extract import extract_articles, iter_extractions, lexicon
from sitrep.extract.events import PRIMARY_ATTACK, SECONDARY_ATTACK
from sitrep.nlp import load_pipeline, read_patterns
from sitrep.types import Article

FUZZ = settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def gazetteer(label: str, limit: int = 300) -> list[str]:
    """Names from the entity ruler's patterns (the plain-string ones) with this label."""
    names = sorted({p["pattern"] for p in read_patterns() if p["label"] == label and isinstance(p["pattern"], str)})
    return names[:: max(1, len(names) // limit)]


PLACES = gazetteer("GPE") + gazetteer("LOC")
ORGS = gazetteer("ORG")
WEAPONS = gazetteer("WEAPON") + sorted(lexicon.WEAPON_NOUNS)
TRIGGERS = sorted(PRIMARY_ATTACK | SECONDARY_ATTACK | lexicon.ATTACK_TRIGGERS | lexicon.AIR_DEFENSE_TRIGGERS
                  | lexicon.MEETING_TRIGGERS | lexicon.STATEMENT_TRIGGERS)
VERBS = ["killed", "injured", "wounded", "struck", "hit", "shelled", "launched", "intercepted", "shot down",
         "destroyed", "attacked", "met", "said", "claimed", "denied"]
QUALIFIERS = sorted(lexicon.QUALIFIERS_AT_LEAST | lexicon.QUALIFIERS_ABOUT | lexicon.QUALIFIERS_UP_TO) + [""]
DATES = ["on Tuesday", "overnight", "on the night of March 9", "last week", "at 09:00", "on 4 December",
         "yesterday", "in 1943", "since February 2022", ""]

numbers = st.one_of(
    st.integers(0, 10**7).map(str),
    st.integers(1_000, 10**9).map(lambda n: f"{n:,}"),
    st.sampled_from(sorted(lexicon.NUMBER_WORDS) + sorted(lexicon.VAGUE_COUNTS) + sorted(lexicon.SCALE_WORDS)),
    st.sampled_from(["twenty-five", "a dozen", "1.5 million", "hundreds of", "12-year-old", "two-thirds"]),
)


@st.composite
def incident(draw) -> str:
    """A sentence shaped like a report: qualifier, figure, people or weapons, a verb, place, date, claimant."""
    counted = draw(st.sampled_from(sorted(lexicon.PERSON_NOUNS) + WEAPONS))
    parts = [draw(st.sampled_from(QUALIFIERS)), draw(numbers), counted, "were" if draw(st.booleans()) else "",
             draw(st.sampled_from(VERBS)), draw(st.sampled_from(["in", "over", "near", "on", ""])),
             draw(st.sampled_from(PLACES)), draw(st.sampled_from(DATES)), ",",
             draw(st.sampled_from(ORGS + ["the governor", "the Air Force", "the ministry"])),
             draw(st.sampled_from(sorted(lexicon.REPORTING_VERBS)))]
    sentence = " ".join(p for p in parts if p).replace(" ,", ",")
    return sentence[:1].upper() + sentence[1:] + draw(st.sampled_from([".", "!", "?", "", ":", ";"]))


word_salad = st.lists(st.sampled_from(TRIGGERS + WEAPONS + PLACES + ORGS + VERBS + QUALIFIERS + DATES)
                      | numbers, min_size=1, max_size=25).map(" ".join)
separators = st.sampled_from([" ", " ", "\n", "\n\n", "  ", "\t", "\r\n", "\u00a0"])


def joined(sentences: st.SearchStrategy[str], min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.tuples(st.lists(sentences, min_size=min_size, max_size=max_size), separators).map(
        lambda p: p[1].join(p[0]))


reports = joined(incident() | word_salad, 1, 6)
odd_texts = st.one_of(
    st.sampled_from(["", " ", "\n", "\n\n\n", "\t \r\n", ".", "...", "—", "\u200b", "\ufeff"]),
    st.text(max_size=3),
    st.text(alphabet=string.punctuation + " \n", max_size=200),
    st.text(max_size=300),  # random unicode
    st.tuples(reports, st.text(max_size=60)).map("".join),
)
texts = reports | odd_texts


def articles_of(values: list[str]) -> list[Article]:
    return [Article(article_id=f"fuzz-{i}", title="", text=text, published="2025-12-05", source=None, url=None,
                    path=f"fuzz-{i}.txt", language="en", sha256="", content_hash=str(i), ingested_at="",
                    origin=f"fuzz-{i}.txt") for i, text in enumerate(values)]


def check(articles: list[Article], ex) -> None:
    """The properties every extraction must have, whatever the text."""
    text_of = {a.article_id: a.text for a in articles}
    failed = {p.locator for p in ex.problems}
    assert failed <= set(text_of) and len(failed) == len(ex.problems)  # one problem per failed article
    for name in ("entities", "numbers", "events", "claims", "times"):
        ids = set(getattr(ex, name)["article_id"])
        assert ids <= set(text_of) and not ids & failed, name
    for frame in (ex.entities, ex.numbers):
        for row in frame.itertuples(index=False):
            text = text_of[row.article_id]
            assert 0 <= row.char_start < row.char_end <= len(text)
            assert text[row.char_start:row.char_end] == row.text
            assert row.sentence in text and row.sentence_index >= 0  # (an entity may run past its sentence's end)
    for row in ex.times.itertuples(index=False):
        assert text_of[row.article_id][row.start:row.end] == row.text
    for frame in (ex.events, ex.claims):
        for row in frame.itertuples(index=False):
            text = text_of[row.article_id]
            assert 0 <= row.char_start <= row.char_end <= len(text)
            assert text[row.char_start:row.char_end] in row.sentence
    assert set(ex.claims["event_id"]) <= set(ex.events["event_id"])


@pytest.fixture(scope="module", autouse=True)
def pipeline():
    return load_pipeline()  # once, before the first example runs against the deadline-free clock


@FUZZ
@given(st.lists(texts, min_size=1, max_size=4))
def test_any_text_is_extracted_or_recorded_and_offsets_point_into_it(values):
    articles = articles_of(values)
    ex = extract_articles(articles)
    check(articles, ex)
    assert not ex.problems, [p.reason for p in ex.problems]  # nothing here is too long or breaks a rule


@FUZZ
@given(st.lists(texts, min_size=1, max_size=4))
def test_each_article_comes_back_once_in_order_with_tables_or_one_problem(values):
    articles = articles_of(values)
    pairs = list(iter_extractions(articles, batch_size=3))
    assert [a.article_id for a, _ in pairs] == [a.article_id for a in articles]
    for article, ex in pairs:
        rows = sum(len(getattr(ex, n)) for n in ("entities", "numbers", "events", "claims", "times"))
        assert not ex.problems or (rows == 0 and [p.locator for p in ex.problems] == [article.article_id])


long_texts = joined(incident() | word_salad, 5, 30) | st.tuples(reports, st.integers(2, 30)).map(
    lambda p: " ".join([p[0]] * p[1]))


@pytest.fixture(scope="module")
def small_limits():
    """Pieces, sections and the hard cap at a few hundred or thousand characters, so long texts take every path."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(extract_pipeline, "PARSE_CHARS", 300)
        patch.setattr(extract_pipeline, "PARSE_CONTEXT_CHARS", 100)
        patch.setattr(extract_pipeline, "SECTION_CHARS", 900)
        patch.setattr(extract_pipeline, "MAX_ARTICLE_CHARS", 3_000)
        yield extract_pipeline.MAX_ARTICLE_CHARS


LONG_EXAMPLE = " ".join(f"Russian drones struck Kharkiv, killing {n} people, the governor said." for n in range(60))


def path_of(text: str, cap: int) -> str:
    if len(text) > cap:
        return "over the cap"
    if len(text) > extract_pipeline.SECTION_CHARS:
        return "sections"
    return "pieces" if len(text) > extract_pipeline.PARSE_CHARS else "whole"


@FUZZ
@given(st.lists(long_texts | texts, min_size=1, max_size=3))
@example(values=[LONG_EXAMPLE[:800], LONG_EXAMPLE[:2_500].replace(". ", ".\n", 9), LONG_EXAMPLE])  # every path
def test_long_texts_in_pieces_and_sections_keep_exact_offsets(small_limits, values):
    articles = articles_of(values)
    for a in articles:
        event(path_of(a.text, small_limits))
    ex = extract_articles(articles)
    check(articles, ex)
    too_long = {a.article_id for a in articles if len(a.text) > small_limits}
    assert {p.locator for p in ex.problems} == too_long
    assert all(p.reason.endswith(f"over the {small_limits:,}-character limit: not extracted") for p in ex.problems)
