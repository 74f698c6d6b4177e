"""Tests for sitrep.eval.score: event alignment, per-field P/R, null handling, and the dev gold set.

The gold passages are invented for development (see sitrep/data/gold/README.md); no external data is read.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
import pytest

from sitrep.eval.score import (
    CERTAINTIES,
    FIELDS,
    KINDS,
    NUMERIC_FIELDS,
    QUALIFIERS,
    STATUSES,
    STYLES,
    SUBKINDS,
    WEAPONS,
    GoldPassage,
    KilledCountScore,
    load_gold,
    match_events,
    normalize,
    score_events,
    score_killed_counts,
)


def row(result: pd.DataFrame, field: str) -> dict:
    return result.set_index("field").loc[field].to_dict()


def passage(pid: str, *events: dict) -> GoldPassage:
    return GoldPassage(id=pid, style="wire", published="2025-01-01", text="", events=tuple(events))


# ------------------------------------------------------------------------------------------------ matching


def test_matching_pairs_events_by_agreement_not_order():
    gold = [
        {"kind": "attack", "place": "Kharkiv", "killed": 2},
        {"kind": "attack", "place": "Odesa", "killed": 5},
    ]
    pred = [
        {"kind": "attack", "place": "odesa ", "killed": 5.0},
        {"kind": "attack", "place": "KHARKIV", "killed": "2"},
    ]
    assert match_events(gold, pred) == [(0, 1), (1, 0)]


def test_matching_requires_same_kind_and_is_one_to_one():
    gold = [{"kind": "attack", "place": "Sumy"}, {"kind": "meeting", "place": "Geneva"}]
    pred = [
        {"kind": "statement", "place": "Geneva"},
        {"kind": "attack", "place": "Sumy"},
        {"kind": "attack", "place": "Sumy"},
    ]
    assert match_events(gold, pred) == [(0, 1)]


def test_ties_fall_back_to_order_within_kind():
    gold = [{"kind": "air_defense", "launched": 10}, {"kind": "air_defense", "launched": 20}]
    pred = [{"kind": "air_defense"}, {"kind": "air_defense"}]
    assert match_events(gold, pred) == [(0, 0), (1, 1)]


# ------------------------------------------------------------------------------------------------ scoring


def test_event_and_field_precision_recall():
    gold = [
        passage(
            "p1",
            {"kind": "attack", "subkind": "drone_strike", "place": "Kharkiv", "killed": 2, "injured": 5},
            {"kind": "attack", "subkind": "shelling", "place": "Nikopol", "killed": 1},
        ),
        passage("p2", {"kind": "meeting", "participants": ["Donald Trump", "Volodymyr Zelenskyy"]}),
        passage("p3"),  # a distractor: nothing expected
    ]
    predicted = pd.DataFrame(
        [
            # matched to Kharkiv: subkind ok, killed ok, injured wrong
            {
                "article_id": "p1",
                "kind": "attack",
                "subkind": "Drone_Strike",
                "place": "kharkiv",
                "killed": 2.0,
                "injured": 4,
            },
            # Nikopol missed; spurious meeting in p1
            {"article_id": "p1", "kind": "meeting", "place": "Kyiv"},
            # p2: participants compared as sets, case-insensitively
            {"article_id": "p2", "kind": "meeting", "participants": ["volodymyr zelenskyy", "Donald Trump"]},
            # p3: spurious attack with a figure
            {"article_id": "p3", "kind": "attack", "killed": 3},
            # not a gold passage: ignored
            {"article_id": "elsewhere", "kind": "attack", "killed": 9},
        ]
    )
    result = score_events(gold, predicted)
    assert list(result.columns) == ["field", "gold", "predicted", "correct", "precision", "recall", "f1"]
    assert list(result["field"]) == ["event", *FIELDS]

    event = row(result, "event")
    assert (event["gold"], event["predicted"], event["correct"]) == (3, 4, 2)
    assert event["precision"] == pytest.approx(0.5) and event["recall"] == pytest.approx(2 / 3)
    assert event["f1"] == pytest.approx(4 / 7)

    killed = row(result, "killed")  # gold: Kharkiv 2, Nikopol 1; predicted non-null: 2 (p1), 3 (p3)
    assert (killed["gold"], killed["predicted"], killed["correct"]) == (2, 2, 1)
    assert killed["precision"] == pytest.approx(0.5) and killed["recall"] == pytest.approx(0.5)
    assert killed["f1"] == pytest.approx(0.5)

    injured = row(result, "injured")
    assert (injured["gold"], injured["predicted"], injured["correct"]) == (1, 1, 0)
    assert injured["f1"] == 0.0

    place = row(result, "place")  # gold specifies 2; predicted: Kharkiv (matched), Kyiv (spurious)
    assert (place["gold"], place["predicted"], place["correct"]) == (2, 2, 1)

    participants = row(result, "participants")
    assert (participants["gold"], participants["predicted"], participants["correct"]) == (1, 1, 1)

    speaker = row(result, "speaker")  # nobody specified or predicted it
    assert (speaker["gold"], speaker["predicted"], speaker["correct"]) == (0, 0, 0)
    assert math.isnan(speaker["precision"]) and math.isnan(speaker["recall"]) and math.isnan(speaker["f1"])


def test_explicit_gold_null():
    gold = [
        passage("a", {"kind": "air_defense", "launched": 40, "intercepted": None}),
        passage("b", {"kind": "air_defense", "launched": 40, "intercepted": None}),
    ]
    predicted = pd.DataFrame(
        [
            {"article_id": "a", "kind": "air_defense", "launched": 40, "intercepted": float("nan")},
            {"article_id": "b", "kind": "air_defense", "launched": 40, "intercepted": 35},
        ]
    )
    result = score_events(gold, predicted)
    intercepted = row(result, "intercepted")
    # a: null predicted for an explicit null -> correct; b: 35 where gold is null -> false positive
    assert (intercepted["gold"], intercepted["predicted"], intercepted["correct"]) == (2, 2, 1)
    assert intercepted["precision"] == pytest.approx(0.5) and intercepted["recall"] == pytest.approx(0.5)


def test_missing_prediction_is_a_miss_not_a_false_positive():
    gold = [passage("a", {"kind": "attack", "killed": 3, "injured": 0})]
    predicted = pd.DataFrame([{"article_id": "a", "kind": "attack", "killed": None, "injured": 0}])
    result = score_events(gold, predicted)
    assert (row(result, "killed")["predicted"], row(result, "killed")["correct"]) == (0, 0)
    assert row(result, "killed")["recall"] == 0.0 and row(result, "killed")["f1"] == 0.0
    assert math.isnan(row(result, "killed")["precision"])
    assert (row(result, "injured")["predicted"], row(result, "injured")["correct"]) == (1, 1)


def test_unspecified_gold_fields_ignored_or_penalized():
    gold = [passage("a", {"kind": "attack", "place": "Sumy"})]
    predicted = pd.DataFrame([{"article_id": "a", "kind": "attack", "place": "Sumy", "weapon": "drone"}])
    assert row(score_events(gold, predicted), "weapon")["predicted"] == 0
    penalized = row(score_events(gold, predicted, unspecified="penalize"), "weapon")
    assert (penalized["predicted"], penalized["correct"]) == (1, 0)
    with pytest.raises(ValueError):
        score_events(gold, predicted, unspecified="maybe")


def test_missing_columns_and_qualifier_exact():
    gold = [passage("a", {"kind": "attack", "killed": 2, "qualifier": None, "status": "happened"})]
    predicted = pd.DataFrame([{"article_id": "a", "kind": "attack", "killed": 2, "qualifier": "exact"}])
    result = score_events(gold, predicted)  # no 'status' column at all
    assert row(result, "qualifier")["correct"] == 1
    assert (row(result, "status")["gold"], row(result, "status")["correct"]) == (1, 0)
    with pytest.raises(KeyError):
        score_events(gold, predicted.drop(columns="article_id"))


def test_normalize():
    assert normalize("killed", "12") == 12 and normalize("killed", 12.0) == 12
    assert normalize("place", "  Kryvyi  Rih ") == "kryvyi rih"
    assert normalize("claimant", "Ukraine\u2019s Air Force") == normalize("claimant", "ukraine's air force")
    assert normalize("date_start", pd.Timestamp("2025-03-08 21:00")) == "2025-03-08"
    assert normalize("date_start", dt.date(2025, 3, 8)) == "2025-03-08"
    both = frozenset({"donald trump", "vladimir putin"})
    assert normalize("participants", "Donald Trump; Vladimir Putin") == both
    assert normalize("participants", '["A", "b"]') == frozenset({"a", "b"})
    assert normalize("participants", []) is None
    assert normalize("killed", pd.NA) is None and normalize("place", "") is None


def test_score_killed_counts():
    headlines = pd.DataFrame(
        {"best": [2, 5, 1, 0], "low": [2, 3, 0, 0], "high": [4, 6, 1, 0]}, index=[10, 11, 12, 13]
    )
    predicted = pd.Series({10: 2, 11: 4, 12: 3})  # 13 missing
    score = score_killed_counts(headlines, predicted)
    assert score == KilledCountScore(
        n=4, n_predicted=3, exact=1, within_range=2, exact_rate=0.25, within_range_rate=0.5
    )


# ------------------------------------------------------------------------------------------------ gold file

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_APPROX_WORDS = {12: ["dozen"], 24: ["dozens"], 200: ["hundreds"]}


def number_words(n: int) -> list[str]:
    words = list(_APPROX_WORDS.get(n, []))
    if n < 20:
        words.append(_UNITS[n])
    elif n < 100:
        tens, unit = divmod(n, 10)
        words.append(_TENS[tens] + (f"-{_UNITS[unit]}" if unit else ""))
    return words


def appears(n: int, text: str) -> bool:
    n = abs(n)
    for digits in {str(n), f"{n:,}"}:
        if re.search(rf"(?<![\d,.]){re.escape(digits)}(?![\d]|,\d)", text):
            return True
    return any(re.search(rf"\b{w}\b", text, re.I) for w in number_words(n))


@pytest.fixture(scope="module")
def gold() -> list[GoldPassage]:
    return load_gold()


def test_gold_parses_with_enough_varied_passages(gold):
    assert len(gold) >= 45
    assert len({p.id for p in gold}) == len(gold)
    assert {p.style for p in gold} == STYLES
    for p in gold:
        dt.date.fromisoformat(p.published)
        assert p.text.strip()
        if p.style == "distractor":
            assert p.events == ()


def test_gold_vocabularies(gold):
    allowed = set(FIELDS) | {"derived", "note"}
    for p in gold:
        for e in p.events:
            where = f"{p.id}: {e}"
            assert set(e) <= allowed, where
            assert e["kind"] in KINDS, where
            assert ("subkind" in e) <= (e["kind"] == "attack"), where
            assert e.get("subkind") in SUBKINDS | {None}, where
            assert e.get("status") in STATUSES | {None}, where
            assert e.get("certainty") in CERTAINTIES | {None}, where
            assert e.get("qualifier") in QUALIFIERS | {None}, where
            assert e.get("weapon") in WEAPONS | {None}, where
            for key in ("actor_country", "target_country", "country"):
                assert e.get(key) is None or re.fullmatch(r"[A-Z]{2}", e[key]), where
            if e.get("date_start") is not None:
                dt.date.fromisoformat(e["date_start"])
            if "participants" in e:
                assert isinstance(e["participants"], list) and len(e["participants"]) >= 2, where


def test_gold_figures_appear_in_text(gold):
    for p in gold:
        for e in p.events:
            derived = e.get("derived", {})
            for field in NUMERIC_FIELDS:
                value = e.get(field)
                if value is None or value == 0:
                    continue
                assert isinstance(value, int), (p.id, field)
                if field in derived:
                    parts = derived[field]
                    total = 0
                    for part in parts:
                        if isinstance(part, str):
                            assert part.lower() in p.text.lower(), (p.id, field, part)
                            total += 1
                        else:
                            assert appears(part, p.text), (p.id, field, part)
                            total += part
                    assert total == value, (p.id, field, parts)
                else:
                    assert appears(value, p.text), (p.id, field, value)


def test_gold_scores_perfectly_against_itself(gold):
    rows = [
        {"article_id": p.id, **{k: v for k, v in e.items() if k in FIELDS}} for p in gold for e in p.events
    ]
    result = score_events(gold, pd.DataFrame(rows))
    scored = result[result["gold"] > 0]
    assert (scored["correct"] == scored["gold"]).all()
    assert (scored["precision"] == 1.0).all()
