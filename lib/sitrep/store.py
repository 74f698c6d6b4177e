"""The embedded store: one DuckDB file per run (or wherever ``--store`` points).

Tables are created by numbered migrations the code owns; ``schema_version`` records which ran.
Every write is one transaction: a crash half-way leaves the previous state intact.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pandas as pd

from sitrep import schema
from sitrep.ingest import DEFAULT_MAX_BYTES, SIDECAR_SUFFIX, load_articles, now_iso
from sitrep.types import Article, Problem

# Articles stored before language identification (sitrep.lang.detect) were all marked "en": a mostly Cyrillic text
# is Ukrainian when it has a letter only Ukrainian uses (і ї є ґ), else Russian. New articles are classified at ingest.
_RELABEL_LANGUAGE = (
    "UPDATE articles SET language = CASE WHEN regexp_matches(text, '[іїєґІЇЄҐ]') THEN 'uk' ELSE 'ru' END "
    "WHERE coalesce(language, 'en') = 'en' AND "
    "length(regexp_replace(text, '[^А-Яа-яЁёІіЇїЄєҐґ]', '', 'g')) > "
    "0.3 * length(regexp_replace(text, '[^A-Za-zА-Яа-яЁёІіЇїЄєҐґ]', '', 'g'))"
)

# (version, description, statements). Append; never edit a migration that has shipped.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "articles, origins and ingest problems",
     tuple(t.ddl() for t in (schema.ARTICLES, schema.ARTICLE_ORIGINS, schema.PROBLEMS))),
    (2, "extraction tables",
     tuple(t.ddl() for t in (schema.ENTITIES, schema.NUMBERS, schema.EVENTS, schema.CLAIMS,
                              schema.TIMES, schema.EXTRACTIONS))),
    (3, "merged timeline", (schema.TIMELINE.ddl(),)),
    (4, "event salience and confidence", ("ALTER TABLE events ADD COLUMN IF NOT EXISTS salience VARCHAR",
                                          "ALTER TABLE events ADD COLUMN IF NOT EXISTS confidence DOUBLE")),
    (5, "page furniture dropped at ingest", (schema.REMOVED_SPANS.ddl(),)),
    (6, "the TIMEX value an event was dated from", ("ALTER TABLE events ADD COLUMN IF NOT EXISTS date_value VARCHAR",)),
    (7, "extraction tables in a partitioned Parquet dataset", (
        "ALTER TABLE extractions ADD COLUMN IF NOT EXISTS part VARCHAR",)),
    (8, "article language detected from the text", (_RELABEL_LANGUAGE,)),
    (9, "derived tables kept between runs (the merged timeline)", (
        "CREATE TABLE IF NOT EXISTS derived_cache (name VARCHAR PRIMARY KEY, key VARCHAR, payload VARCHAR, "
        "built_at VARCHAR)",)),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]
# Extraction tables that may live in the Parquet dataset beside the store file (see Store.select)
PARTITIONED: tuple[schema.Table, ...] = (schema.ENTITIES, schema.NUMBERS, schema.EVENTS, schema.CLAIMS, schema.TIMES)
PARTS_SUFFIX = ".parts"  # <store>.parts/<table>/month=YYYY-MM/part-<run>-<seq>.parquet
UNDATED = "undated"  # the month partition of articles without a publication date
LOCK_TIMEOUT_VARIABLE = "SITREP_LOCK_TIMEOUT"  # seconds to wait for a store another process has open
DEFAULT_LOCK_TIMEOUT = 60.0


class StoreError(Exception):
    """The store cannot be opened or written (a user-facing, one-line error)."""

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the one line (a notebook's ``analyze`` cell on a bad store)."""
        return [f"{type(self).__name__}: {self}"]


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def lock_timeout() -> float:
    """Seconds to wait for a locked store: ``$SITREP_LOCK_TIMEOUT``, default 60."""
    text = os.environ.get(LOCK_TIMEOUT_VARIABLE, "").strip()
    if not text:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds >= 0):
        raise StoreError(f"{LOCK_TIMEOUT_VARIABLE}: not a number of seconds: {text!r}")
    return seconds


def _is_locked(exc: duckdb.Error) -> bool:
    return isinstance(exc, duckdb.IOException) and "Could not set lock" in str(exc)


def connect(path: str, *, read_only: bool = False, timeout: float | None = None) -> duckdb.DuckDBPyConnection:
    """A connection to the store file ``path``. While another process has it open (DuckDB lets one process write a
    file), wait for it with growing pauses, saying so once on stderr, up to ``timeout`` seconds (default
    :func:`lock_timeout`); then StoreError."""
    timeout = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + timeout
    pause, said = 0.05, False
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            if not _is_locked(exc):
                raise StoreError(f"cannot open store {path}: {one_line(exc)}") from exc
            holder = re.search(r"\(PID (\d+)\)", str(exc))
            who = f"another process (PID {holder[1]})" if holder else "another process"
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreError(f"store {path} is locked by {who}; gave up after {timeout:g} s "
                                 f"({LOCK_TIMEOUT_VARIABLE} sets how long to wait)") from exc
        if not said and timeout >= 1:
            print(f"store {path} is locked by {who}; waiting up to {timeout:g} s", file=sys.stderr, flush=True)
            said = True
        time.sleep(min(pause, left))
        pause = min(pause * 2, 1.0)


def publication_month(published: object) -> str:
    """The month partition of an article: ``YYYY-MM`` of its publication date, or ``undated``."""
    text = "" if published is None or published != published else str(published)[:7]  # NaN != NaN
    return text if re.fullmatch(r"\d{4}-\d\d", text) else UNDATED


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _known_version() -> int:
    return MIGRATIONS[-1][0]


INGEST_CHUNK = 500  # articles whose duplicate checks and inserts go to DuckDB together


@dataclass(frozen=True)
class _KnownFile:
    """A file the store has read before, unchanged (same path, same bytes): not parsed again."""

    path: str
    sha256: str


@dataclass(frozen=True)
class IngestSummary:
    added: int = 0
    duplicates: int = 0  # same text seen again (another origin, or the same file re-ingested)
    problems: tuple[Problem, ...] = ()
    article_ids: tuple[str, ...] = field(default=())

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


class Store:
    """A DuckDB-backed store. Use as a context manager; ``Store(":memory:")`` for tests."""

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False, lock_timeout: float | None = None):
        """Open (and migrate, unless ``read_only``) the store. A store another process has open is waited for up to
        ``lock_timeout`` seconds (default ``$SITREP_LOCK_TIMEOUT`` or 60). StoreError, one line, when the file is not
        a store, is corrupt, stays locked, or comes from a newer sitrep."""
        self.path = str(path)
        if not self.path.strip():
            raise StoreError("no store path given")
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.con = connect(self.path, read_only=read_only, timeout=lock_timeout)
        try:
            self._check_version()
            if not read_only:
                self.migrate()
        except StoreError:
            self.close()
            raise
        except duckdb.Error as exc:
            self.close()
            raise StoreError(f"cannot migrate store {self.path}: {one_line(exc)}") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        """Close the store. A DuckDB error that ends the block (a corrupt file found while reading or writing, a lost
        file) becomes a one-line StoreError; an error in a statement itself (ProgrammingError) stays what it is."""
        try:
            self.close()
        except duckdb.Error:
            if exc is None:
                raise
        if isinstance(exc, duckdb.Error) and not isinstance(exc, duckdb.ProgrammingError):
            raise StoreError(f"store {self.path} cannot be used: {one_line(exc)}") from exc

    def close(self) -> None:
        self.con.close()

    # -- schema ---------------------------------------------------------------------------------
    def _check_version(self) -> None:
        """StoreError for a store whose schema_version names a migration this code does not have (a newer sitrep)."""
        has_versions = self.con.execute("SELECT count(*) FROM information_schema.tables "
                                        "WHERE table_name = 'schema_version'").fetchone()[0]
        newest = self.version if has_versions else 0
        if newest > _known_version():
            raise StoreError(f"store {self.path} has schema version {newest}, newer than this sitrep's "
                             f"({_known_version()}): use a newer sitrep or another store")

    def migrate(self) -> int:
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                         "description VARCHAR, applied_at VARCHAR)")
        done = {row[0] for row in self.con.execute("SELECT version FROM schema_version").fetchall()}
        for version, description, statements in MIGRATIONS:
            if version in done:
                continue
            with self.transaction():
                for statement in statements:
                    self.con.execute(statement)
                self.con.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [version, description, now_iso()])
        return self.version

    @property
    def version(self) -> int:
        return self.con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]

    def transaction(self):
        return _Transaction(self.con)

    # -- reads ----------------------------------------------------------------------------------
    def table(self, table: schema.Table, where: str = "", params: Iterable = ()) -> pd.DataFrame:
        sql = f"SELECT {table.select_list} FROM {table.name} {where}"
        df = self.con.execute(sql, list(params)).df()
        return df if len(df) else schema.frame(table)

    def select(self, table: schema.Table, where: str = "", params: Iterable = (), *,
               months: tuple[str | None, str | None] | None = None) -> pd.DataFrame:
        """The rows of ``table`` where ``where`` holds (SQL on its columns, ``?`` bound to ``params``), in the
        order they were written: the rows in the DuckDB file, then those in the store's Parquet dataset
        (:meth:`write_part`) that belong to each article's current extraction. ``months`` (first, last ``YYYY-MM``,
        either open) opens only those publication-month partitions of the dataset, plus the undated one: the caller's
        ``where`` must not keep rows of articles published outside them."""
        params = list(params)
        condition = f"WHERE {where}" if where else ""
        parts = [f"SELECT {table.select_list}, 0 AS _src, '' AS _run, rowid AS _row FROM {table.name} {condition}"]
        dataset = self._dataset_sql(table, months)
        if dataset:
            parts.append(f"SELECT {table.select_list}, 1 AS _src, _run, _row FROM ({dataset}) {condition}")
            params = params + params
        sql = f"SELECT {table.select_list} FROM ({' UNION ALL '.join(parts)}) ORDER BY _src, _run, _row"
        df = self.con.execute(sql, params).df()
        return df if len(df) else schema.frame(table)

    @property
    def parts_dir(self) -> Path | None:
        """The folder of the store's Parquet dataset (``<store file>.parts``); None for an in-memory store."""
        return None if self.path == ":memory:" else Path(self.path + PARTS_SUFFIX)

    def part_files(self, table: schema.Table) -> list[Path]:
        folder = self.parts_dir
        return sorted(folder.glob(f"{table.name}/month=*/*.parquet")) if folder and folder.is_dir() else []

    def _dataset_sql(self, table: schema.Table, months: tuple[str | None, str | None] | None) -> str:
        """A query over the table's Parquet files (read in place; only the month partitions within ``months`` and the
        undated one are opened) keeping the rows of each article's current extraction (``extractions.part``), with
        the table's columns (NULL for a column the files lack), ``_run`` and ``_row`` (the order written); empty when
        there are no such files."""
        first, last = months or (None, None)

        def wanted(path: Path) -> bool:
            month = path.parent.name.removeprefix("month=")
            return month == UNDATED or ((not first or month >= first) and (not last or month <= last))

        files = [f for f in self.part_files(table) if wanted(f)]
        if not files:
            return ""
        source = (f"read_parquet([{', '.join(_sql_text(str(f)) for f in files)}], hive_partitioning = true, "
                  "hive_types = {'month': VARCHAR}, union_by_name = true)")
        present = {row[0] for row in self.con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
        columns = ", ".join(f'p."{c}"' if c in present else f'CAST(NULL AS {t}) AS "{c}"' for c, t in table.columns)
        return (f"SELECT {columns}, p._run AS _run, p._order AS _row FROM {source} p "
                "JOIN extractions x ON x.article_id = p.article_id AND x.part = p._run")

    def write_part(self, table: schema.Table, df: pd.DataFrame, *, month: str, run: str) -> Path | None:
        """Write ``df`` (rows of ``table`` whose articles were published in ``month``) as one Parquet file of the
        store's dataset, ``<store>.parts/<table>/month=<month>/part-<run>.parquet``, columns cast to the table's types
        plus ``_run`` and ``_order`` (the rows' order in the run: ``df["_order"]`` when given, else as they come);
        written under a temporary name and renamed, so a reader never sees half a file. The rows count only once
        ``extractions.part`` of their articles names ``run`` (see :meth:`select`)."""
        if not len(df):
            return None
        if self.parts_dir is None:
            raise StoreError("an in-memory store has no Parquet dataset")
        if month != UNDATED and not re.fullmatch(r"\d{4}-\d\d", month) or not re.fullmatch(r"[\w.-]+", run):
            raise ValueError(f"bad partition {month!r} or run {run!r}")
        folder = self.parts_dir / table.name / f"month={month}"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"part-{run}.parquet"
        temporary = folder / f".part-{run}.parquet.tmp"
        columns = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in table.columns)
        order = df["_order"].to_numpy() if "_order" in df else range(len(df))
        self.con.register("_outgoing", df[table.names].assign(_order=order))
        try:
            self.con.execute(f"COPY (SELECT {columns}, {_sql_text(run)} AS _run, CAST(_order AS BIGINT) AS _order "
                             "FROM _outgoing) "
                             f"TO {_sql_text(str(temporary))} (FORMAT parquet, COMPRESSION zstd)")
        finally:
            self.con.unregister("_outgoing")
        temporary.replace(target)
        return target

    def articles(self) -> pd.DataFrame:
        return self.table(schema.ARTICLES, "ORDER BY published NULLS LAST, article_id")

    def problems(self) -> pd.DataFrame:
        return self.table(schema.PROBLEMS, "ORDER BY recorded_at, path")

    def removed_spans(self) -> pd.DataFrame:
        return self.table(schema.REMOVED_SPANS, "ORDER BY article_id, char_start")

    def count(self, table: schema.Table) -> int:
        return self.con.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]

    # -- writes ---------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> IngestSummary:
        """Read ``paths`` and store new articles, origins and problems in one transaction.

        A file this store has read before from the same path with the same bytes (and no ``.meta.json`` sidecar,
        which could have changed) is not parsed again: its articles count as duplicates, and the problems it gave
        stay recorded from that first time."""
        known = self._known_files()
        items: list[Article | Problem | _KnownFile] = []

        def skip(path: str, sha: str) -> bool:
            if sha in known.get(path, ()) and not Path(path + SIDECAR_SUFFIX).exists():
                items.append(_KnownFile(path, sha))  # in scan order, among the other files' items
                return True
            return False

        items.extend(load_articles(paths, max_bytes=max_bytes, skip=skip))
        added = duplicates = 0
        ids: list[str] = []
        problems: list[Problem] = []
        with self.transaction():
            pending: list[Article] = []

            def put() -> None:
                nonlocal added, duplicates
                for start in range(0, len(pending), INGEST_CHUNK):
                    for article_id, is_new, clash in self._put_articles(pending[start:start + INGEST_CHUNK]):
                        if clash is not None:
                            problems.append(clash)
                            self.record_problem(clash, stage="ingest")
                        ids.append(article_id)
                        added += is_new
                        duplicates += not is_new
                pending.clear()

            for item in items:
                if isinstance(item, Article):
                    pending.append(item)
                    continue
                put()
                if isinstance(item, Problem):
                    problems.append(item)
                    self.record_problem(item, stage="ingest")
                else:  # read before: its articles are duplicates, its problems are reported again, not recorded
                    known_ids = [r[0] for r in self.con.execute(
                        "SELECT article_id FROM article_origins WHERE path = ? AND sha256 = ? ORDER BY origin",
                        [item.path, item.sha256]).fetchall()]
                    ids.extend(known_ids)
                    duplicates += len(known_ids)
                    problems.extend(Problem(path, reason, severity=severity, locator=locator or None)
                                    for path, locator, severity, reason in self.con.execute(
                                        "SELECT path, locator, severity, reason FROM problems "
                                        "WHERE path = ? AND stage = 'ingest' ORDER BY rowid", [item.path]).fetchall())
            put()
        return IngestSummary(added, duplicates, tuple(problems), tuple(dict.fromkeys(ids)))

    def _known_files(self) -> dict[str, set[str]]:
        """path -> SHA-256 of the file bytes this store has read articles from."""
        known: dict[str, set[str]] = {}
        for path, sha in self.con.execute("SELECT DISTINCT path, sha256 FROM article_origins WHERE sha256 <> ''"
                                          ).fetchall():
            known.setdefault(path, set()).add(sha)
        return known

    def _put_articles(self, articles: list[Article]) -> list[tuple[str, bool, Problem | None]]:
        """Store each article unless its text is stored already (then only its origin is added). An id that already
        holds a different text never loses either text: the newcomer is stored under ``<id>~<hash prefix>`` and a
        warning says so. Returns (article id, stored now, that warning or None) per article, in order; one query
        per table for the whole chunk."""
        if not articles:
            return []
        hashes = list({a.content_hash for a in articles})
        by_hash = dict(self.con.execute("SELECT content_hash, min(article_id) FROM articles "
                                        "WHERE content_hash IN (SELECT unnest(?)) GROUP BY content_hash",
                                        [hashes]).fetchall())
        wanted = list({a.article_id for a in articles})
        taken = {r[0] for r in self.con.execute("SELECT article_id FROM articles WHERE article_id IN "
                                                "(SELECT unnest(?))", [wanted]).fetchall()}
        out: list[tuple[str, bool, Problem | None]] = []
        new_rows, removed_rows, origin_rows = [], [], []
        for article in articles:
            stored = by_hash.get(article.content_hash)
            clash = None
            if stored is None and article.article_id in taken:
                renamed = f"{article.article_id}~{article.content_hash[:8]}"
                _, _, locator = article.origin.rpartition("#")
                clash = Problem(article.path, f"article id {article.article_id!r} already holds a different text: "
                                              f"this one is stored as {renamed!r}", severity="warning",
                                locator=locator if "#" in article.origin else None)
                article = replace(article, article_id=renamed)
            is_new = stored is None
            article_id = article.article_id if is_new else stored
            if is_new:
                values = article.__dict__
                new_rows.append(tuple(values[c] for c in schema.ARTICLES.names))
                removed_rows.extend((article_id, r.start, r.end, r.at, r.reason, r.text) for r in article.removed)
                by_hash[article.content_hash] = article_id
                taken.add(article_id)
            origin_rows.append((article_id, article.origin, article.path, article.sha256, article.ingested_at))
            out.append((article_id, is_new, clash))
        self._insert_rows(schema.ARTICLES, new_rows, conflict="")
        self._insert_rows(schema.REMOVED_SPANS, removed_rows, conflict=" ON CONFLICT DO NOTHING")
        self._insert_rows(schema.ARTICLE_ORIGINS, origin_rows, conflict=" ON CONFLICT DO NOTHING")
        return out

    def _insert_rows(self, table: schema.Table, rows: list[tuple], *, conflict: str) -> None:
        if rows:
            frame = pd.DataFrame({c: pd.array([r[i] for r in rows], dtype=object)
                                  for i, c in enumerate(table.names)})
            self.con.register("_incoming_rows", frame)
            try:
                self.con.execute(f"INSERT INTO {table.name} SELECT {table.select_list} FROM _incoming_rows{conflict}")
            finally:
                self.con.unregister("_incoming_rows")

    def cached(self, name: str, key: str) -> str | None:
        """The payload last kept as ``name`` if it was built from ``key``, else None (see :meth:`keep`)."""
        row = self.con.execute("SELECT payload FROM derived_cache WHERE name = ? AND key = ?", [name, key]).fetchone()
        return None if row is None else row[0]

    def keep(self, name: str, key: str, payload: str) -> None:
        """Keep one derived payload per ``name`` (e.g. the merged timeline as JSON), tagged with the ``key`` of what
        it was built from; a later run with the same key reads it instead of building it again."""
        with self.transaction():
            self.con.execute("INSERT OR REPLACE INTO derived_cache VALUES (?, ?, ?, ?)",
                             [name, key, payload, now_iso()])

    def record_problem(self, problem: Problem, *, stage: str) -> None:
        self.con.execute(
            "INSERT INTO problems VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [problem.path, problem.locator or "", problem.severity, problem.reason, stage, now_iso()],
        )

    def replace_rows(self, table: schema.Table, df: pd.DataFrame, *, article_ids: Iterable[str]) -> None:
        """Replace the rows of ``article_ids`` in ``table`` with ``df`` (inside the caller's transaction)."""
        ids = list(article_ids)
        if ids:
            self.con.execute(f"DELETE FROM {table.name} WHERE article_id IN (SELECT unnest(?))", [ids])
        self._insert(table, df)

    def replace_table(self, table: schema.Table, df: pd.DataFrame) -> None:
        """Replace every row of a derived table (e.g. the timeline) with ``df``, in one transaction."""
        with self.transaction():
            self.con.execute(f"DELETE FROM {table.name}")
            self._insert(table, df)

    def _insert(self, table: schema.Table, df: pd.DataFrame) -> None:
        if len(df):
            df = df[table.names]
            self.con.register("_incoming", df)
            try:
                self.con.execute(f"INSERT INTO {table.name} SELECT * FROM _incoming")
            finally:
                self.con.unregister("_incoming")


class _Transaction:
    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def __enter__(self):
        self.con.execute("BEGIN TRANSACTION")
        return self.con

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.con.execute("COMMIT")
        else:
            self.con.execute("ROLLBACK")


def default_store_path(run_dir: str | Path) -> Path:
    return Path(run_dir) / "sitrep.duckdb"


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()
