"""The store's partitioned Parquet dataset: extraction tables written by publication month beside the DuckDB file,
read in place by DuckDB, equal to the DuckDB-only store; a date range reads only its months."""

from __future__ import annotations

import re

import duckdb
import pytest

from sitrep import schema
from sitrep.analysis import read_tables
from sitrep.extract import extract_store
from sitrep.store import PARTITIONED, UNDATED, Store, publication_month

FILTERS = [{}, {"since": "2025-11-01", "until": "2025-11-30"}, {"since": "2025-12-01"}, {"until": "2025-10-31"},
           {"kinds": "attack", "region": "Kharkiv region"}]


def test_the_tables_go_to_month_partitions_beside_the_store(three_month_stores):
    _, duckdb_store, parquet_store = three_month_stores
    parts = parquet_store.with_name(parquet_store.name + ".parts")
    months = {p.name for p in parts.glob("events/month=*")}
    assert months == {"month=2025-10", "month=2025-11", "month=2025-12", f"month={UNDATED}"}
    assert all(re.fullmatch(r"part-\d{8}T\d{6}-[0-9a-f]{6}-\d{5}\.parquet", f.name) for f in parts.rglob("*.parquet"))
    assert not list(duckdb_store.parent.glob("*.parts"))  # the default path writes no Parquet
    with Store(parquet_store, read_only=True) as db:
        for table in PARTITIONED:  # nothing in the DuckDB file, every article marked with its part
            assert db.con.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0] == 0
        assert db.con.execute("SELECT count(*) FROM extractions WHERE part IS NULL").fetchone()[0] == 0


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "none")
def test_parquet_partitions_read_back_equal_to_the_duckdb_tables(three_month_stores, filters):
    _, duckdb_store, parquet_store = three_month_stores
    with Store(duckdb_store, read_only=True) as a, Store(parquet_store, read_only=True) as b:
        plain, partitioned = read_tables(a, **filters), read_tables(b, **filters)
    assert len(plain["events"]) and len(plain["claims"])
    assert plain["articles"]["article_id"].equals(partitioned["articles"]["article_id"])  # ingested at other times
    for name in ("entities", "numbers", "events", "claims", "times", "removed"):
        assert plain[name].equals(partitioned[name]), name


def test_a_date_range_reads_only_its_months(three_month_stores, tmp_path):
    folder, duckdb_store, _ = three_month_stores
    path = tmp_path / "s.duckdb"
    with Store(path) as db:
        db.ingest([folder])
        extract_store(db, parquet=True)
        for f in db.part_files(schema.EVENTS) + db.part_files(schema.ENTITIES):
            if "month=2025-10" in str(f):
                f.write_bytes(b"not parquet")  # October is unreadable: reading it would fail
        november = read_tables(db, since="2025-11-01", until="2025-12-31")
        with pytest.raises(duckdb.Error):
            read_tables(db)
    with Store(duckdb_store, read_only=True) as db:
        expected = read_tables(db, since="2025-11-01", until="2025-12-31")
    assert len(november["events"]) and november["events"].equals(expected["events"])


def test_re_extraction_into_duckdb_hides_the_older_parquet_rows(three_month_stores, tmp_path, monkeypatch):
    import sitrep.extract as extract

    folder, duckdb_store, _ = three_month_stores
    path = tmp_path / "s.duckdb"
    with Store(path) as db:
        db.ingest([folder])
        extract_store(db, parquet=True)
        monkeypatch.setattr(extract, "EXTRACTOR_VERSION", extract.EXTRACTOR_VERSION + "-next")
        extract_store(db)  # the default path: the tables go to the DuckDB file
        assert db.con.execute("SELECT count(*) FROM events").fetchone()[0] > 0
        again = read_tables(db)
    with Store(duckdb_store, read_only=True) as db:
        expected = read_tables(db)
    for name in ("events", "claims", "entities"):
        assert again[name].equals(expected[name]), name


def test_publication_months():
    assert publication_month("2025-12-05") == "2025-12"
    assert publication_month("2025-12-05T10:00:00+00:00") == "2025-12"
    assert publication_month(None) == publication_month("") == publication_month(float("nan")) == UNDATED
