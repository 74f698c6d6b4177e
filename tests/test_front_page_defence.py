"""The front page on scraped pages: furniture gives no event, headline figures are incident figures from main,
attributed, plausible events, and statements are prose. Every text here was written for these tests."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sitrep.analysis import air_defense_summary, analyze, casualty_summary, headline_events, statements_table
from sitrep.extract.plausibility import BOUNDS, IMPLAUSIBLE, apply_bounds

PAGES = Path(__file__).parent / "data" / "scraped" / "pages"
FURNITURE_WORDS = ("Maximum Storage Duration", "Related", "100,000", "8,500,000", "700,000", "Local TV", "Tags",
                   "Most read", "14:05", "Cookie", "Share")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return analyze([PAGES], store=str(tmp_path_factory.mktemp("front") / "s.duckdb"))


def test_furniture_gives_no_event(run):
    assert not run.events.empty
    for sentence in run.events["sentence"]:
        assert not any(word in sentence for word in FURNITURE_WORDS), sentence
    assert not run.removed.empty and run.removed["article_id"].isin(run.articles["article_id"]).all()


def test_headline_figures_are_incident_figures(run):
    casualties = casualty_summary(run)
    assert casualties["killed"].sum() == 3  # two in Kharkiv, one in Nikopol
    assert casualties["injured"].sum() == 12  # five in Kharkiv, three in Zaporizhzhia, four in Odesa
    air = air_defense_summary(run)
    assert air.empty  # 67,000 drones "since the start of the full-scale invasion" is a total, not a night
    figures = run.numbers[run.numbers["quantity_type"].isin(["killed", "injured", "launched", "intercepted"])]
    assert set(figures["value"]) <= {1, 2, 3, 4, 5}
    assert set(run.numbers.loc[run.numbers["text"] == "67,000", "quantity_type"]) == {"total"}


def test_statements_are_prose(run):
    for statement in statements_table(run)["statement"]:
        assert "|" not in statement and len(statement) <= 600


def _event(kind: str, **figures) -> dict:
    row = {"event_id": f"e-{kind}", "kind": kind, "salience": "main", "claimant": "Air Force"}
    for f in ("killed", "injured", "children_killed", "children_injured", "launched", "intercepted"):
        row[f] = figures.get(f)
    return row


@pytest.mark.parametrize(("kind", "figure", "value"), [
    ("attack", "killed", 13_386_212), ("attack", "injured", 45_000), ("air_defense", "launched", 100_000),
    ("air_defense", "intercepted", 8_500_000),
])
def test_figures_past_the_bounds_stay_in_the_ledger_as_implausible(kind, figure, value):
    rows = [_event(kind, **{figure: value})]
    claims = [{"event_id": rows[0]["event_id"], "figure": figure, "value": value, "certainty": "claimed"}]
    rows, claims = apply_bounds(rows, claims)
    assert rows[0][figure] is None
    assert claims[0]["certainty"] == IMPLAUSIBLE and claims[0]["value"] == value


def test_figures_within_the_bounds_stay():
    rows = [_event("air_defense", launched=810, intercepted=747), _event("attack", killed=61, injured=120)]
    claims = [{"event_id": r["event_id"], "figure": f, "value": r[f], "certainty": "claimed"}
              for r in rows for f in ("launched", "intercepted", "killed", "injured") if r[f] is not None]
    out, ledger = apply_bounds([dict(r) for r in rows], [dict(c) for c in claims])
    assert out == rows and ledger == claims
    assert BOUNDS["air_defense"]["launched"] == 1000 and BOUNDS["attack"]["killed"] == 600


def test_headline_events_are_main_attributed_and_plausible():
    events = pd.DataFrame([
        {**_event("attack", killed=3), "event_id": "ok"},
        {**_event("attack", killed=5), "event_id": "recalled", "salience": "background"},
        {**_event("attack", killed=7), "event_id": "nobody says so", "claimant": None},
        {**_event("air_defense", launched=67_000), "event_id": "a war's total"},  # a store from before the bounds
    ])
    assert list(headline_events(events)["event_id"]) == ["ok"]

