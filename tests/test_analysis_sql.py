"""``analyze`` filters in SQL: the same rows, in the same order, as loading every table and filtering in pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from sitrep import schema
from sitrep.analysis import analyze, filter_articles, filter_events, read_tables
from sitrep.store import Store

FILTERS = [
    {},
    {"since": "2025-11-01"},
    {"until": "2025-11-15"},
    {"since": "2025-11-01", "until": "2025-11-30"},
    {"kinds": "attack,air_defense"},
    {"kinds": ["meeting"]},
    {"region": "Kharkiv region"},
    {"since": "2025-10-10", "until": "2025-12-10", "kinds": "attack", "region": "Odesa Oblast"},
    {"since": "2030-01-01"},
]


def in_pandas(db: Store, *, since=None, until=None, kinds=None, region=None) -> dict[str, pd.DataFrame]:
    """What analyze did before: every table into pandas, then filtered there."""
    tables = {t.name: db.table(t) for t in (schema.ENTITIES, schema.NUMBERS, schema.EVENTS, schema.CLAIMS,
                                              schema.TIMES)}
    articles = filter_articles(db.articles(), since=since, until=until)
    keep = set(articles["article_id"])
    tables = {k: v[v["article_id"].isin(keep)].reset_index(drop=True) for k, v in tables.items()}
    tables["events"] = filter_events(tables["events"], since=since, until=until, kinds=kinds, region=region)
    tables["claims"] = tables["claims"][tables["claims"]["event_id"].isin(set(tables["events"]["event_id"]))]
    tables["claims"] = tables["claims"].reset_index(drop=True)
    removed = db.removed_spans()
    return {"articles": articles, **tables, "removed": removed[removed["article_id"].isin(keep)].reset_index(drop=True)}


def values(frame: pd.DataFrame) -> pd.DataFrame:
    """The cells, missing ones as None: a column that is all missing in the rows kept comes from DuckDB as objects
    (None), while filtering a loaded column keeps its dtype (str with NaN)."""
    frame = frame.reset_index(drop=True).astype(object)
    return frame.where(frame.notna(), None)


def same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    if a.empty and b.empty:
        return list(a.columns) == list(b.columns)
    return list(a.columns) == list(b.columns) and values(a).equals(values(b))


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
def test_sql_filters_give_the_rows_pandas_filtering_gave(three_month_stores, filters):
    _, duckdb_store, _ = three_month_stores
    with Store(duckdb_store, read_only=True) as db:
        expected, got = in_pandas(db, **filters), read_tables(db, **filters)
    assert set(got) == set(expected)
    assert [name for name in expected if not same(got[name], expected[name])] == []


def test_the_filters_keep_some_rows_and_drop_others(three_month_stores):
    _, duckdb_store, _ = three_month_stores
    with Store(duckdb_store, read_only=True) as db:
        everything = read_tables(db)
        november = read_tables(db, since="2025-11-01", until="2025-11-30")
        attacks = read_tables(db, kinds="attack")
    assert 0 < len(november["articles"]) < len(everything["articles"])
    assert 0 < len(november["events"]) < len(everything["events"])
    assert "undated" in set(november["articles"]["article_id"])  # undated articles are never filtered out
    assert set(attacks["events"]["kind"]) == {"attack"} and len(attacks["claims"]) < len(everything["claims"])


def test_analyze_returns_the_filtered_tables(three_month_stores):
    folder, duckdb_store, _ = three_month_stores
    run = analyze([folder], store=duckdb_store, since="2025-12-01", kinds="attack")
    with Store(duckdb_store, read_only=True) as db:
        expected = in_pandas(db, since="2025-12-01", kinds="attack")
    assert same(run.articles, expected["articles"]) and same(run.events, expected["events"])
    assert same(run.claims, expected["claims"]) and same(run.removed, expected["removed"])
