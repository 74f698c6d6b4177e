"""Shared fixtures of the detector tests: the pipeline and one SentenceContext per sentence of a text."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.extract.entities import extract_entities
from sitrep.extract.events import Event, SentenceContext
from sitrep.extract.numbers import extract_numbers
from sitrep.nlp import load_pipeline
from sitrep.timex import find_time_expressions

PUBLISHED = dt.date(2025, 6, 3)  # a Tuesday


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def contexts():
    """``contexts(nlp, text)``: one context per sentence, sharing one ``previous`` list the caller fills as it goes."""
    def build(nlp, text: str) -> list[SentenceContext]:
        doc = nlp(text)
        entities = list(extract_entities(doc))
        numbers = list(extract_numbers(doc))
        times = find_time_expressions(doc, published=PUBLISHED)
        previous: list[Event] = []
        return [SentenceContext(doc=doc, sent=sent, sent_i=i, para_i=0, entities=entities, times=times,
                                numbers=[n for n in numbers if n.sentence_index == i], previous=previous)
                for i, sent in enumerate(doc.sents)]
    return build
