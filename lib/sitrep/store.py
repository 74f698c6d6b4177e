"""The embedded store: one DuckDB file per run (or wherever ``--store`` points).

Tables are created by numbered migrations the code owns; ``schema_version`` records which ran.
Every write is one transaction: a crash half-way leaves the previous state intact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from sitrep import schema
from sitrep.ingest import DEFAULT_MAX_BYTES, load_articles, now_iso
from sitrep.types import Article, Problem

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
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


class StoreError(Exception):
    """The store cannot be opened or written (a user-facing, one-line error)."""


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

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        if not read_only:
            try:
                self.migrate()
            except duckdb.Error as exc:
                self.con.close()
                raise StoreError(f"cannot migrate store {self.path}: {exc}") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- schema ---------------------------------------------------------------------------------
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

    def articles(self) -> pd.DataFrame:
        return self.table(schema.ARTICLES, "ORDER BY published NULLS LAST, article_id")

    def problems(self) -> pd.DataFrame:
        return self.table(schema.PROBLEMS, "ORDER BY recorded_at, path")

    def count(self, table: schema.Table) -> int:
        return self.con.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]

    # -- writes ---------------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> IngestSummary:
        """Read ``paths`` and store new articles, origins and problems in one transaction."""
        items = list(load_articles(paths, max_bytes=max_bytes))
        added = duplicates = 0
        ids: list[str] = []
        problems = [i for i in items if isinstance(i, Problem)]
        with self.transaction():
            for item in items:
                if isinstance(item, Problem):
                    self.record_problem(item, stage="ingest")
                    continue
                article_id, is_new = self._put_article(item)
                ids.append(article_id)
                added += is_new
                duplicates += not is_new
        return IngestSummary(added, duplicates, tuple(problems), tuple(dict.fromkeys(ids)))

    def _put_article(self, article: Article) -> tuple[str, bool]:
        row = self.con.execute(
            "SELECT article_id FROM articles WHERE content_hash = ? OR article_id = ? "
            "ORDER BY content_hash = ? DESC LIMIT 1",
            [article.content_hash, article.article_id, article.content_hash],
        ).fetchone()
        is_new = row is None
        article_id = article.article_id if is_new else row[0]
        if is_new:
            values = {**article.__dict__}
            self.con.execute(
                f"INSERT INTO articles VALUES ({', '.join('?' * len(schema.ARTICLES.names))})",
                [values[c] for c in schema.ARTICLES.names],
            )
        self.con.execute(
            "INSERT INTO article_origins VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [article_id, article.origin, article.path, article.sha256, article.ingested_at],
        )
        return article_id, is_new

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
