"""Extraction on a Dask cluster: the same tables as in one process, streamed in input order; a scheduler that cannot
be used is one line (exit 2 on the command line), never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep import bench, schema
from sitrep.cli import main
from sitrep.extract import DaskPool, SchedulerError, extract_articles, extract_store, iter_extractions
from sitrep.store import Store

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.filterwarnings("ignore:Port .* is already in use:UserWarning")

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
TABLES = ("entities", "numbers", "events", "claims", "times")


@pytest.fixture(scope="module")
def threaded_cluster():
    """A scheduler and one worker thread in this process (same string hashing, so the very same tables)."""
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        yield c


def different(a, b) -> list[str]:
    return [n for n in TABLES if not getattr(a, n).equals(getattr(b, n))] + (
        ["unresolved"] if a.unresolved != b.unresolved else []) + (["problems"] if a.problems != b.problems else [])


def test_a_cluster_gives_the_tables_of_one_process_in_input_order(threaded_cluster):
    articles = bench.build_corpus(12, seed=5)
    here = extract_articles(articles)
    streamed = list(iter_extractions(articles, scheduler=threaded_cluster.scheduler_address, batch_size=3))
    assert [a.article_id for a, _ in streamed] == [a.article_id for a in articles]
    on_cluster = extract_articles(articles, scheduler=threaded_cluster.scheduler_address, batch_size=3)
    assert len(here.events) and different(here, on_cluster) == []


def test_the_worker_plugin_loads_the_pipeline_on_every_worker(threaded_cluster):
    with DaskPool(threaded_cluster.scheduler_address) as pool:
        plugins = pool.client.run(lambda dask_worker: sorted(dask_worker.plugins))
        assert pool.workers == 1 and pool.in_flight == 2
    assert all("sitrep-pipeline" in names for names in plugins.values()), plugins


def test_a_store_extracted_on_a_cluster_holds_the_same_tables(threaded_cluster, tmp_path):
    stores = {}
    for name, scheduler in (("here", None), ("cluster", threaded_cluster.scheduler_address)):
        with Store(tmp_path / f"{name}.duckdb") as db:
            db.ingest([SEEDS])
            assert extract_store(db, scheduler=scheduler) == 1
            stores[name] = {t.name: db.select(t) for t in (schema.ENTITIES, schema.EVENTS, schema.NUMBERS,
                                                           schema.TIMES, schema.CLAIMS)}
            in_parquet = db.con.execute("SELECT count(*) FROM extractions WHERE part IS NOT NULL").fetchone()[0]
            assert in_parquet == (name == "cluster")  # with a scheduler, the tables go to the Parquet dataset
    for table, frame in stores["here"].items():
        assert len(frame) and frame.equals(stores["cluster"][table]), table


def test_no_articles_start_no_cluster(monkeypatch):
    monkeypatch.setattr(DaskPool, "__init__", lambda *a, **k: pytest.fail("a cluster was started"))
    assert list(iter_extractions([], scheduler="local")) == []


def test_a_scheduler_without_workers_is_one_line(monkeypatch):
    monkeypatch.setenv("SITREP_SCHEDULER_TIMEOUT", "1")
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None) as empty:
        with pytest.raises(SchedulerError, match=r"^Dask scheduler '.*' has no workers$"):
            DaskPool(empty.scheduler_address)


@pytest.mark.parametrize("command", ["events", "timeline", "extract", "report"])
@pytest.mark.parametrize("address, reason", [
    ("tcp://127.0.0.1:9", "Timed out trying to connect"),
    ("no-port-here", "missing port number"),
    ("http://127.0.0.1:8786", "unknown address scheme"),
])
def test_a_bad_scheduler_address_is_one_line_and_exit_2(monkeypatch, tmp_path, capsys, command, address, reason):
    monkeypatch.setenv("SITREP_SCHEDULER_TIMEOUT", "1")
    extra = {"extract": ["--store", str(tmp_path / "s.duckdb")], "report": ["--out", str(tmp_path / "r")]}
    assert main([command, str(SEEDS), "--scheduler", address, *extra.get(command, [])]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith(f"sitrep {command}: error: cannot reach the Dask scheduler {address!r}") and reason in line
    assert not (tmp_path / "r").exists() and not (tmp_path / "s.duckdb").exists()  # nothing read, nothing run


SAME_ON_LOCAL_CLUSTER = """
import contextlib, io, json, sys
from sitrep import bench
from sitrep.cli import main
from sitrep.extract import extract_articles

if __name__ == "__main__":
    articles = bench.build_corpus(30, seed=11)
    one = extract_articles(articles)
    two = extract_articles(articles, scheduler="local", batch_size=4)  # several batches: their order must be kept
    names = ("entities", "numbers", "events", "claims", "times")
    outputs = []
    for extra in ([], ["--scheduler", "local"]):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(["events", sys.argv[1], "--format", "jsonl", *extra]) == 0
        outputs.append(out.getvalue())
    import os
    import dask
    from sitrep.extract.pipeline import DaskPool, local_cluster_config

    def settings():
        return {"config": {key: dask.config.get(key) for key in local_cluster_config()},
                "trim": os.environ.get("MALLOC_TRIM_THRESHOLD_", "unset")}

    with DaskPool("local") as pool:  # its scheduler and workers run with sitrep's Dask settings
        workers = list(pool.client.run(settings).values())
        stealing = pool.client.run_on_scheduler(lambda dask_scheduler: "stealing" in dask_scheduler.extensions)
    print(json.dumps({"workers": workers, "stealing": stealing, "rows": {n: len(getattr(one, n)) for n in names},
                      "different": [n for n in names if not getattr(two, n).equals(getattr(one, n))]
                      + (["unresolved"] if two.unresolved != one.unresolved else []),
                      "events_cli": [len(outputs[0].splitlines()), outputs[0] == outputs[1]]}))
"""


@pytest.mark.slow
def test_a_local_cluster_of_two_worker_processes_gives_the_same_tables_as_one_process(tmp_path):
    # a child with a fixed PYTHONHASHSEED that the cluster's worker processes inherit (the order of an event's claim
    # rows follows string hashing, see sitrep.extract.iter_extractions)
    script = tmp_path / "same_on_cluster.py"
    script.write_text(SAME_ON_LOCAL_CLUSTER, encoding="utf-8")
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, str(script), str(SEEDS)], env=env, capture_output=True, text=True,
                          timeout=900, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert all(result["rows"][n] for n in ("entities", "numbers", "events", "claims")), result
    assert result["different"] == [], result
    assert result["events_cli"][0] > 5 and result["events_cli"][1], result
    from sitrep.extract.pipeline import local_cluster_config

    config = local_cluster_config()
    assert config["distributed.worker.profile.enabled"] is False  # no statistical profiler in the workers
    # glibc's own malloc trimming in the workers, not Dask's MALLOC_TRIM_THRESHOLD_=65536
    assert config["distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"] is None
    assert result["workers"] == [{"config": config, "trim": "unset"}] * 2, result
    assert result["stealing"] is False, result


def test_sitrep_extract_stores_the_tables_and_says_how_many(threaded_cluster, tmp_path, capsys):
    store = tmp_path / "s.duckdb"
    for scheduler in (threaded_cluster.scheduler_address, threaded_cluster.scheduler_address):
        assert main(["extract", str(SEEDS), "--store", str(store), "--scheduler", scheduler]) == 0
    first, again = capsys.readouterr().out.splitlines()
    assert first.startswith("1 added, 0 duplicates, 0 input problems; 1 articles extracted, 0 not extractable")
    assert again.startswith("0 added, 1 duplicates, 0 input problems; 0 articles extracted")
    with Store(store) as db:
        assert len(db.select(schema.EVENTS)) > 5 and db.part_files(schema.EVENTS)
