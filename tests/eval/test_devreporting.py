"""Tests for sitrep.eval.devreporting: per-register scores on small hand-made passages; the shared corpus loads
when present (and the tests that need it skip cleanly when it is absent)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sitrep.eval.devreporting import ALL_REGISTERS, default_dev_reporting_dir, load_dev_reporting, score_by_register
from sitrep.eval.score import GoldPassage


def _passage(pid: str, style: str, *events: dict) -> GoldPassage:
    return GoldPassage(pid, style, "2025-03-02", "text", tuple(events))


GOLD = [
    _passage("w1", "wire_intl", {"kind": "attack", "place": "Odesa", "killed": 3, "claimant": "Oleh Kiper"}),
    _passage("w2", "wire_intl", {"kind": "air_defense", "launched": 90, "intercepted": 60}),
    _passage("n1", "incident_notes", {"kind": "attack", "place": "Huliaipole", "killed": None}),
]


def _predicted(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["article_id", "kind", "place", "killed", "launched", "intercepted",
                                       "claimant"])


def test_scores_each_register_and_all():
    predicted = _predicted([
        {"article_id": "w1", "kind": "attack", "place": "Odesa", "killed": 3, "claimant": "Oleh Kiper"},
        {"article_id": "w1", "kind": "attack", "place": "Izmail", "killed": 1},  # spurious
        {"article_id": "w2", "kind": "air_defense", "launched": 90, "intercepted": 50},  # wrong intercepted
        {"article_id": "n1", "kind": "attack", "place": "Huliaipole"},
    ])
    table = score_by_register(GOLD, predicted, fields=("killed", "intercepted", "place")).set_index("register")
    assert list(table.index) == ["wire_intl", "incident_notes", ALL_REGISTERS]
    wire, notes, every = table.loc["wire_intl"], table.loc["incident_notes"], table.loc[ALL_REGISTERS]
    assert (wire["passages"], wire["events"]) == (2, 2)
    assert wire["event P"] == pytest.approx(2 / 3) and wire["event R"] == 1.0
    assert wire["attack P"] == 0.5 and wire["air_defense P"] == 1.0
    assert wire["intercepted F1"] == 0.0
    assert notes["event P"] == 1.0 and notes["killed F1"] == 1.0  # an explicit null predicted as null is right
    assert every["events"] == 3 and every["event R"] == 1.0


def test_a_kind_with_no_gold_or_prediction_scores_nan_not_zero():
    table = score_by_register(GOLD[2:], _predicted([{"article_id": "n1", "kind": "attack"}]))
    assert pd.isna(table.loc[0, "air_defense P"]) and pd.isna(table.loc[0, "air_defense R"])


def test_missing_corpus_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="dev-reporting"):
        load_dev_reporting(tmp_path / "nowhere")


def test_languages_filter(tmp_path):
    rows = [{"id": "a", "style": "s", "published": "2025-01-01", "text": "x", "events": []},
            {"id": "b", "style": "s", "published": "2025-01-01", "text": "y", "events": [], "language": "uk"}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert [p.id for p in load_dev_reporting(tmp_path)] == ["a"]
    assert [p.language for p in load_dev_reporting(tmp_path, languages=None)] == ["en", "uk"]


def test_shared_corpus_loads():
    if not default_dev_reporting_dir().is_dir():
        pytest.skip("shared dev-reporting corpus absent")
    english = load_dev_reporting()
    assert len(english) >= 100 and all(p.language == "en" and p.events is not None for p in english)
    assert {p.style for p in english} >= {"wire_intl", "incident_notes"}
    assert len(load_dev_reporting(languages=None)) > len(english)


def test_scores_each_language_and_all():
    gold = [GoldPassage("r1", "ru_uk_sources", "2025-03-02", "text", ({"kind": "attack", "killed": 2},), "ru"),
            GoldPassage("u1", "ru_uk_sources", "2025-03-02", "text", ({"kind": "attack", "killed": 1},), "uk")]
    predicted = _predicted([{"article_id": "r1", "kind": "attack", "killed": 2},
                            {"article_id": "u1", "kind": "attack", "killed": 3}])
    table = score_by_register(gold, predicted, fields=("killed",), by="language").set_index("register")
    assert list(table.index) == ["ru", "uk", ALL_REGISTERS]
    assert table.loc["ru", "killed F1"] == 1.0
    assert table.loc["uk", "killed F1"] == 0.0
    assert table.loc[ALL_REGISTERS, "killed F1"] == 0.5


@pytest.mark.slow
def test_russian_and_ukrainian_passages_reach_issue_14s_bar():
    """Issue #14's bar on the shared corpus: event F1 >= 0.80; killed, injured, launched, intercepted, claimant and
    admin1 F1 >= 0.80 (the passages are development data: this guards against regressions)."""
    if not default_dev_reporting_dir().is_dir():
        pytest.skip("shared dev-reporting corpus absent")
    from sitrep.eval.__main__ import evaluate_dev_reporting

    every = evaluate_dev_reporting(languages=("ru", "uk"), by="language").set_index("register").loc[ALL_REGISTERS]
    precision, recall = every["event P"], every["event R"]
    assert 2 * precision * recall / (precision + recall) >= 0.80
    for field in ("killed", "injured", "launched", "intercepted", "claimant", "admin1"):
        assert every[f"{field} F1"] >= 0.80, field
