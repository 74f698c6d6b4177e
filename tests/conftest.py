"""Shared fixtures. A report run on the seed is expensive (five kernels): the report and browser tests share one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# Hypothesis profiles for the property tests: "ci" (the default) keeps each property to a few seconds on a shared
# 2-core machine and draws the same examples every run, so a green CI stays green; HYPOTHESIS_PROFILE=thorough
# searches much longer, with fresh random examples each time (the way to find new failures).
settings.register_profile("ci", max_examples=25, deadline=None, print_blob=True, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def seed_report(tmp_path_factory):
    """(out folder, RunResult, progress lines) of ``run_report`` on ``seeds/`` with ``pdf=True``: with Chromium the
    bundle has ``front-page.pdf``, without it the progress lines hold the warning."""
    from sitrep.report import run_report

    out = tmp_path_factory.mktemp("reports")
    lines: list[str] = []
    result = run_report([str(SEEDS)], out_dir=out, pdf=True, progress=lines.append)
    return out, result, lines


MONTHS = ("2025-10", "2025-11", "2025-12")


@pytest.fixture(scope="session")
def three_month_stores(tmp_path_factory):
    """(corpus folder, DuckDB-only store, store with a Parquet dataset): 24 generated articles published across
    October–December 2025 (eight a month) and one undated, extracted once into each store."""
    import json

    from sitrep import bench
    from sitrep.extract import extract_store
    from sitrep.store import Store

    folder = tmp_path_factory.mktemp("three-months")
    articles = bench.build_corpus(24, seed=2)
    rows = [{"id": a.article_id, "title": f"Report {i}", "text": a.text,
             "published": f"{MONTHS[i % 3]}-{1 + (i * 7) % 28:02d}"} for i, a in enumerate(articles)]
    rows.append({"id": "undated", "title": "Undated", "text": "Russian drones hit Odesa, killing two people."})
    (folder / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    stores = []
    for name, parquet in (("duckdb", False), ("parquet", True)):
        path = tmp_path_factory.mktemp(name) / "sitrep.duckdb"
        with Store(path) as db:
            db.ingest([folder])
            extract_store(db, parquet=parquet)
        stores.append(path)
    return folder, *stores
