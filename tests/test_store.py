"""The DuckDB store: migrations, idempotent ingest, de-duplication by text, one transaction per ingest."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep import schema
from sitrep import store as store_module
from sitrep.ingest import content_hash
from sitrep.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError

BODY = ("Russian drones struck a residential building in Dnipro overnight, killing one man and injuring four people, "
        "the regional governor said on Friday.\n\n"
        "Ukraine's air force said 40 of the 52 drones launched were shot down.")


def write(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def corpus(folder: Path) -> Path:
    """A small mixed folder: two text stories (one with a sidecar), a JSONL with a bad line, an empty file."""
    write(folder / "dnipro.txt", "Drones hit Dnipro\n\n" + BODY)
    write(folder / "dnipro.txt.meta.json", json.dumps({"id": "dnipro-1", "published": "2025-12-05"}))
    write(folder / "sumy.txt", "Shelling in Sumy\n\nArtillery shelled the outskirts of Sumy on Thursday.")
    write(folder / "wire.jsonl", "\n".join([
        json.dumps({"id": "w1", "text": "Air raid alert across eastern Ukraine.", "published": "2025-12-04"}),
        "not json",
        json.dumps({"text": "Explosions reported in Belgorod.", "published": "2025-12-04"}),
    ]))
    write(folder / "empty.txt", "")
    return folder


def counts(db: Store) -> dict[str, int]:
    return {t.name: db.count(t) for t in (schema.ARTICLES, schema.ARTICLE_ORIGINS, schema.PROBLEMS)}


def snapshot(db: Store) -> dict[str, list]:
    """Every row of the ingest tables, for exact before/after comparison."""
    return {t.name: sorted(db.con.execute(f"SELECT {t.select_list} FROM {t.name}").fetchall(), key=repr)
            for t in (schema.ARTICLES, schema.ARTICLE_ORIGINS, schema.PROBLEMS)}


def test_migrations_create_tables_and_version_rows():
    with Store() as db:
        tables = {row[0] for row in db.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert {t.name for t in schema.TABLES} | {"schema_version"} <= tables
        rows = db.con.execute("SELECT version, description, applied_at FROM schema_version ORDER BY version").fetchall()
        assert [r[0] for r in rows] == [m[0] for m in MIGRATIONS]
        assert [r[1] for r in rows] == [m[1] for m in MIGRATIONS]
        assert all(r[2] for r in rows)
        assert db.version == SCHEMA_VERSION == MIGRATIONS[-1][0]
        for table in schema.TABLES:  # columns in the order schema.py defines
            cols = db.con.execute(f"SELECT * FROM {table.name} LIMIT 0").description
            assert [c[0] for c in cols] == table.names


def test_reopening_a_file_store_runs_no_migration_again(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    with Store(path) as db:
        db.ingest([write(tmp_path / "in" / "a.txt", "Title\n\n" + BODY)])
        before = db.con.execute("SELECT * FROM schema_version ORDER BY version").fetchall()
        data = snapshot(db)
    # if a shipped migration ran again, these statements would fail; a new migration must still run
    poisoned = tuple((v, d, ("SELECT * FROM table_that_does_not_exist",)) for v, d, _ in MIGRATIONS)
    added = (SCHEMA_VERSION + 1, "test table", ("CREATE TABLE extra_test_table (x INTEGER)",))
    monkeypatch.setattr(store_module, "MIGRATIONS", (*poisoned, added))
    with Store(path) as db:
        after = db.con.execute("SELECT * FROM schema_version ORDER BY version").fetchall()
        assert after[:-1] == before
        assert after[-1][0] == SCHEMA_VERSION + 1
        assert db.version == SCHEMA_VERSION + 1
        assert db.con.execute("SELECT count(*) FROM extra_test_table").fetchone()[0] == 0
        assert snapshot(db) == data
    with Store(path) as db:  # and a third open runs nothing at all
        assert db.con.execute("SELECT * FROM schema_version ORDER BY version").fetchall() == after


def test_a_failing_migration_leaves_no_trace(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    Store(path).close()
    broken = (SCHEMA_VERSION + 1, "broken", ("CREATE TABLE half_done (x INTEGER)", "THIS IS NOT SQL"))
    monkeypatch.setattr(store_module, "MIGRATIONS", (*MIGRATIONS, broken))
    with pytest.raises(StoreError, match="cannot migrate store"):
        Store(path)
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with Store(path) as db:
        assert db.version == SCHEMA_VERSION
        tables = {row[0] for row in db.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert "half_done" not in tables


def test_reingesting_the_same_inputs_changes_nothing(tmp_path):
    folder = corpus(tmp_path / "in")
    with Store(tmp_path / "s.duckdb") as db:
        first = db.ingest([folder])
        assert first.added == 4 and first.duplicates == 0
        assert first.errors == 2  # the empty file and the bad JSONL line
        assert counts(db) == {"articles": 4, "article_origins": 4, "problems": first.errors + first.warnings}
        before = snapshot(db)
        second = db.ingest([folder])
        assert second.added == 0
        assert second.duplicates == 4
        assert sorted(second.article_ids) == sorted(first.article_ids)
        assert counts(db) == {k: len(v) for k, v in before.items()}
        after = snapshot(db)
        assert [r[:-1] for r in after["problems"]] == [r[:-1] for r in before["problems"]]  # recorded_at aside
        assert after["articles"] == before["articles"]
        assert after["article_origins"] == before["article_origins"]
    with Store(tmp_path / "s.duckdb") as db:  # and in a new session on the same file
        third = db.ingest([folder])
        assert third.added == 0
        assert counts(db) == {k: len(v) for k, v in before.items()}


def test_same_text_twice_is_stored_once_with_both_origins(tmp_path):
    txt = write(tmp_path / "in" / "story.txt", "Drones hit Dnipro\n\n" + BODY)
    write(tmp_path / "in" / "story.txt.meta.json", json.dumps({"published": "2025-12-05"}))
    # the same story in a JSONL corpus, with its own id and different whitespace
    jsonl = write(tmp_path / "in" / "wire.jsonl", json.dumps({
        "id": "wire-77", "title": "Dnipro strike", "published": "2025-12-05",
        "text": "  " + BODY.replace("\n\n", "\r\n\r\n").replace(" the regional", "  the regional") + "\n"}) + "\n")
    with Store() as db:
        summary = db.ingest([tmp_path / "in"])
        assert summary.added == 1 and summary.duplicates == 1
        articles = db.articles()
        assert len(articles) == 1
        stored = articles.iloc[0]
        assert stored["content_hash"] == content_hash(BODY)
        assert stored["path"] == str(txt)  # the first origin (sorted scan order) is the stored article
        origins = db.table(schema.ARTICLE_ORIGINS, "ORDER BY origin")
        assert list(origins["article_id"]) == [stored["article_id"]] * 2
        assert list(origins["origin"]) == [str(txt), f"{jsonl}#line1"]
        assert list(origins["path"]) == [str(txt), str(jsonl)]
        assert summary.article_ids == (stored["article_id"],)


def test_one_ingest_is_one_transaction(tmp_path, monkeypatch):
    first_batch = write(tmp_path / "one" / "a.txt", "Title A\n\nA missile hit a warehouse in Lviv.")
    second = corpus(tmp_path / "two")
    with Store(tmp_path / "s.duckdb") as db:
        db.ingest([first_batch])
        before = snapshot(db)
        assert counts(db)["articles"] == 1

        real = Store._insert_rows
        calls = {"n": 0}

        def flaky(self, table, rows, **kwargs):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("disk on fire")
            return real(self, table, rows, **kwargs)

        monkeypatch.setattr(Store, "_insert_rows", flaky)
        with pytest.raises(RuntimeError, match="disk on fire"):
            db.ingest([second])
        assert calls["n"] == 2  # the new articles had been written inside the transaction, then their spans failed
        assert snapshot(db) == before

        monkeypatch.setattr(Store, "_insert_rows", real)
        assert db.ingest([second]).added == 4  # the store is still usable, and nothing was half-ingested
    with Store(tmp_path / "s.duckdb") as db:
        assert counts(db)["articles"] == 5


def test_a_file_that_is_not_a_store_is_a_store_error(tmp_path):
    path = write(tmp_path / "notes.duckdb", "these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="cannot open store"):
        Store(path)


# --- stores that cannot be used: one line (StoreError), never a traceback -------------------------------------------

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def future_store(path: Path) -> Path:
    """A store written by a newer sitrep: its schema_version has a migration this code does not know."""
    with Store(path) as db:
        db.con.execute("INSERT INTO schema_version VALUES (?, 'from the future', '2099-01-01')", [SCHEMA_VERSION + 1])
    return path


def corrupt_store(path: Path, part: tuple[float, float]) -> Path:
    """A store with 3,000 articles whose bytes in ``part`` (fractions of its size) are overwritten at random.
    (0, 1) is a file of random bytes; (0.3, 0.6) hits the articles' data blocks, so the store opens and migrates
    and a read then fails."""
    with Store(path) as db:
        db.con.execute("INSERT INTO articles SELECT 'id' || i, 't', repeat(md5(i::VARCHAR), 2000), NULL, NULL, NULL, "
                       "NULL, NULL, NULL, 'h' || i, NULL FROM range(3000) t(i)")
    data = bytearray(path.read_bytes())
    start, end = (int(len(data) * f) for f in part)
    data[start:end] = random.Random(7).randbytes(end - start)
    path.write_bytes(bytes(data))
    return path


def test_a_store_from_a_newer_sitrep_is_refused(tmp_path):
    path = future_store(tmp_path / "s.duckdb")
    for read_only in (False, True):
        with pytest.raises(StoreError) as info:
            Store(path, read_only=read_only)
        assert str(info.value) == (f"store {path} has schema version {SCHEMA_VERSION + 1}, newer than this sitrep's "
                                   f"({SCHEMA_VERSION}): use a newer sitrep or another store")


@pytest.mark.parametrize("part", [(0, 1), (0.3, 0.6), (0.4, 0.5)])
def test_a_corrupt_store_is_a_store_error(tmp_path, part):
    path = corrupt_store(tmp_path / "s.duckdb", part)
    with pytest.raises(StoreError) as info:
        with Store(path) as db:
            db.ingest([SEEDS])
            db.articles()
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("make", [future_store, lambda p: corrupt_store(p, (0, 1)),
                                  lambda p: corrupt_store(p, (0.3, 0.6))], ids=["newer", "random", "data-blocks"])
def test_ingest_on_an_unusable_store_is_one_line(tmp_path, capsys, make):
    from sitrep.cli import main

    path = make(tmp_path / "s.duckdb")
    assert main(["ingest", str(SEEDS), "--store", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith(f"sitrep ingest: error: store {path} ") or line.startswith(
        f"sitrep ingest: error: cannot open store {path}: ")


def test_analyze_on_an_unusable_store_raises_store_error(tmp_path):
    from sitrep.analysis import analyze

    with pytest.raises(StoreError, match="newer than this sitrep"):
        analyze([SEEDS], store=future_store(tmp_path / "future.duckdb"))
    with pytest.raises(StoreError):
        analyze([SEEDS], store=corrupt_store(tmp_path / "corrupt.duckdb", (0.3, 0.6)))


def test_store_error_shows_as_one_line_in_a_notebook():
    """IPython shows ``_render_traceback_()`` instead of a traceback: the notebook's error output is one line."""
    assert StoreError("store x is locked")._render_traceback_() == ["StoreError: store x is locked"]


def test_an_empty_store_path_is_refused():
    with pytest.raises(StoreError, match="no store path"):
        Store("")


# --- a store locked by another process: wait for it, then one line ------------------------------------------------

HOLD_LOCK = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); " \
            "time.sleep(float(sys.argv[2])); con.close()"


@pytest.fixture
def lock_holder(tmp_path):
    """Start a process that holds ``tmp_path/s.duckdb`` open for a number of seconds: (path, its pid). Killed at the
    end."""
    procs: list[subprocess.Popen] = []

    def hold(seconds: float) -> tuple[Path, int]:
        path = tmp_path / "s.duckdb"
        Store(path).close()
        proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)], stdout=subprocess.PIPE,
                                text=True)
        procs.append(proc)
        assert proc.stdout.readline().strip() == "locked"
        return path, proc.pid

    yield hold
    for proc in procs:
        proc.kill()
        proc.wait()


def test_a_locked_store_is_waited_for(lock_holder, monkeypatch):
    monkeypatch.setenv("SITREP_LOCK_TIMEOUT", "60")
    path, _ = lock_holder(2)
    started = time.monotonic()
    with Store(path) as db:
        assert db.ingest([SEEDS]).added == 1
    assert time.monotonic() - started >= 1


def test_a_store_locked_too_long_is_one_line(lock_holder, monkeypatch, capsys):
    from sitrep.cli import main

    monkeypatch.setenv("SITREP_LOCK_TIMEOUT", "1.5")
    path, pid = lock_holder(60)
    started = time.monotonic()
    with pytest.raises(StoreError) as info:
        Store(path)
    assert 1.5 <= time.monotonic() - started < 10
    assert str(info.value) == (f"store {path} is locked by another process (PID {pid}); gave up after 1.5 s "
                               f"(SITREP_LOCK_TIMEOUT sets how long to wait)")
    waiting = f"store {path} is locked by another process (PID {pid}); waiting up to 1.5 s"
    assert capsys.readouterr().err.splitlines() == [waiting]
    assert main(["ingest", str(SEEDS), "--store", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [waiting, f"sitrep ingest: error: {info.value}"]


def test_an_id_reused_for_a_different_text_loses_neither_text(tmp_path):
    corpus = tmp_path / "feed.jsonl"
    corpus.write_text(json.dumps({"id": "kyiv-1", "text": "Drones struck a depot in Lviv overnight."}) + "\n"
                      + json.dumps({"id": "kyiv-1", "text": "Shelling hit Kherson on Monday, officials said."}) + "\n",
                      encoding="utf-8")
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({"id": "kyiv-1", "text": "A third, different report about Sumy."}) + "\n",
                     encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as db:
        first = db.ingest([corpus])
        second = db.ingest([later])
        again = db.ingest([corpus, later])
        texts = set(db.articles()["text"])
        ids = list(db.articles()["article_id"])
    assert len(texts) == 3 and "Shelling hit Kherson on Monday, officials said." in texts
    assert "kyiv-1" in ids and len(set(ids)) == 3 and all(i.startswith("kyiv-1") for i in ids)
    assert (first.added, second.added, again.added, again.duplicates) == (2, 1, 0, 3)
    warnings = [p for p in first.problems + second.problems if "already holds a different text" in p.reason]
    assert len(warnings) == 2 and all(p.severity == "warning" for p in warnings)


def test_a_file_read_before_unchanged_is_not_parsed_again(tmp_path, monkeypatch):
    from sitrep import ingest as ingest_module

    folder = corpus(tmp_path / "in")
    parsed: list[str] = []
    real = ingest_module._decode

    def counting(raw):
        parsed.append(raw[:20])
        return real(raw)

    monkeypatch.setattr(ingest_module, "_decode", counting)
    with Store(tmp_path / "s.duckdb") as db:
        first = db.ingest([folder])
        n_first = len(parsed)
        parsed.clear()
        again = db.ingest([folder])
        # only the sidecar'd story (its metadata may have changed) and files that gave no article are read again
        assert 0 < len(parsed) < n_first
        assert again.added == 0 and again.duplicates == first.added + first.duplicates
        assert set(again.article_ids) == set(first.article_ids)
        assert [(p.path, p.reason) for p in again.problems] == [(p.path, p.reason) for p in first.problems]
        before = snapshot(db)
        write(folder / "sumy.txt", "Shelling in Sumy\n\nArtillery shelled the outskirts of Sumy on Friday.")
        parsed.clear()
        changed = db.ingest([folder])
        assert changed.added == 1  # new bytes: read again
        assert counts(db)["articles"] == len(before["articles"]) + 1
