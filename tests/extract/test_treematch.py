"""The anchor index finds the anchors spaCy's DependencyMatcher finds (sitrep.extract.treematch).

Every sentence here is invented for these tests.
"""

from __future__ import annotations

import pytest
from spacy.matcher import DependencyMatcher

from sitrep.extract.frames import read_frames
from sitrep.extract.treematch import AnchorIndex
from sitrep.nlp import load_pipeline

PROSE = [
    "Three people lost their lives and five others sustained injuries when a missile struck the market.",
    "The regional police confirmed the deaths of two women; injuries to four men were reported later.",
    "Air defences shot down 40 drones, while 12 were lost locationally and two came down in fields.",
    "Two of the wounded were taken to hospital and one sought medical help the next morning.",
    "The building sustained damage, and the governor put the number of injured at nine.",
    "Russian forces shell the town almost daily and have no reason to stop dropping such bombs.",
    "One drone flew off towards Belarus, another was suppressed by electronic warfare.",
    "Rescuers say the death toll, which the mayor put at 14, could still rise.",
    "He was rushed to the regional hospital after the strike, where he received treatment.",
    "Officials set the death toll at 17 on Tuesday, up from 11.",
]

# Patterns with every operator the index handles, and one it hands to spaCy (sibling operator "$+").
EXTRA = [
    ("head_of_drone", [{"RIGHT_ID": "n", "RIGHT_ATTRS": {"LOWER": {"IN": ["drones", "missile"]}}},
                       {"LEFT_ID": "n", "REL_OP": "<", "RIGHT_ID": "h", "RIGHT_ATTRS": {"POS": "VERB"}}]),
    ("verb_under", [{"RIGHT_ID": "v", "RIGHT_ATTRS": {"TAG": {"IN": ["VBD", "VBN"]}}},
                    {"LEFT_ID": "v", "REL_OP": "<<", "RIGHT_ID": "a", "RIGHT_ATTRS": {"DEP": "ROOT"}}]),
    ("next_word", [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": "death"}},
                   {"LEFT_ID": "a", "REL_OP": ".", "RIGHT_ID": "b", "RIGHT_ATTRS": {"LOWER": "toll"}}]),
    ("later_number", [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": "put"}},
                      {"LEFT_ID": "a", "REL_OP": ".*", "RIGHT_ID": "b", "RIGHT_ATTRS": {"TAG": "CD"}}]),
    ("earlier_the", [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": {"IN": ["toll", "drone"]}}},
                     {"LEFT_ID": "a", "REL_OP": ";*", "RIGHT_ID": "b", "RIGHT_ATTRS": {"LOWER": "the"}}]),
    ("no_lookup", [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"DEP": "nummod"}},
                   {"LEFT_ID": "a", "REL_OP": "<", "RIGHT_ID": "b", "RIGHT_ATTRS": {"LEMMA": {"NOT_IN": ["people"]}}}]),
    ("regex_anchor", [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": {"REGEX": "^inj"}}},
                      {"LEFT_ID": "a", "REL_OP": ">", "RIGHT_ID": "b", "RIGHT_ATTRS": {"DEP": "prep"}}]),
    ("sibling", [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": "lose"}},
                 {"LEFT_ID": "a", "REL_OP": "$++", "RIGHT_ID": "b", "RIGHT_ATTRS": {"DEP": "conj"}}]),
]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _spacy_anchors(nlp, patterns, doc) -> set[tuple[str, int]]:
    matcher = DependencyMatcher(nlp.vocab)
    for key, pattern in patterns:
        matcher.add(key, [pattern])
    return {(nlp.vocab.strings[key], tokens[0]) for key, tokens in matcher(doc)}


def test_frames_same_anchors_as_dependency_matcher(nlp):
    patterns = [(f["id"], f["pattern"]) for f in read_frames()]
    index = AnchorIndex(nlp.vocab, patterns)
    texts = PROSE + [f["example"] for f in read_frames()]
    found = 0
    for doc in nlp.pipe(texts):
        expected = _spacy_anchors(nlp, patterns, doc)
        assert set(index(doc)) == expected, doc.text
        found += len(expected)
    assert found >= len(read_frames())  # the comparison is not vacuous


def test_every_operator_same_anchors_as_dependency_matcher(nlp):
    index = AnchorIndex(nlp.vocab, EXTRA)
    assert index.leftover is not None  # the sibling pattern went to spaCy's matcher
    keys = set()
    for doc in nlp.pipe(PROSE):
        expected = _spacy_anchors(nlp, EXTRA, doc)
        assert set(index(doc)) == expected, doc.text
        keys |= {k for k, _ in expected}
    assert keys == {k for k, _ in EXTRA}  # every pattern matched somewhere


def test_anchor_reported_once_per_pattern(nlp):
    index = AnchorIndex(nlp.vocab, EXTRA[:2])
    found = index(nlp("The drones hit the depot and the missile hit the bridge."))
    assert len(found) == len(set(found))
