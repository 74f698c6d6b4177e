"""Extraction: entities, typed numbers, time expressions, events and the claim ledger.

``extract_articles`` is stateless (articles in, tidy tables out); ``extract_store`` runs it over the
articles of a store that are not yet extracted with the current ``EXTRACTOR_VERSION``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from sitrep import schema
from sitrep.extract.entities import EntityMention, extract_entities
from sitrep.ingest import now_iso
from sitrep.types import Problem


def _extractor_version() -> str:
    """The package version plus a digest of the extraction code and its data: a store re-extracts its
    articles whenever either changes, so cached tables never come from older rules."""
    lib = Path(__file__).resolve().parent.parent
    files = sorted(Path(__file__).resolve().parent.glob("*.py")) + [lib / n for n in ("nlp.py", "timex.py")]
    files += sorted((lib / "geo").glob("*.py")) + sorted((lib / "data" / "geo").glob("*.*"))
    files += sorted((lib / "data").glob("*.jsonl")) + sorted((lib / "data" / "patterns").glob("*.jsonl"))
    digest = hashlib.sha1()
    for f in files:
        if f.exists():
            digest.update(f.name.encode() + f.read_bytes())
    from sitrep import __version__

    return f"{__version__}+{digest.hexdigest()[:10]}"


EXTRACTOR_VERSION = _extractor_version()
BATCH_SIZE = 32


@dataclass(frozen=True)
class Extraction:
    """One or many articles' extraction, as tidy tables (columns from :mod:`sitrep.schema`)."""

    entities: pd.DataFrame
    numbers: pd.DataFrame
    events: pd.DataFrame
    claims: pd.DataFrame
    times: pd.DataFrame
    unresolved: tuple[tuple[str, str], ...] = ()  # (article_id, place text) the gazetteer could not place


def stable_id(*parts: object, length: int = 16) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:length]


def reference_day(published: object, fallback: object = None) -> dt.date | None:
    for value in (published, fallback):
        if value is None or (isinstance(value, float) and value != value) or value == "":
            continue
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            continue
    return None


def _entity_rows(article_id: str, mentions: Iterable[EntityMention]) -> Iterator[dict]:
    for m in mentions:
        row = asdict(m)
        row["article_id"] = article_id
        row["entity_id"] = stable_id(article_id, "ent", m.char_start, m.char_end, m.label)
        yield row


def extract_doc(doc, *, article_id: str, published: dt.date | None) -> Extraction:
    """All tables for one parsed article."""
    from sitrep.extract.events import extract_events
    from sitrep.extract.numbers import extract_numbers

    mentions = list(extract_entities(doc))
    times = list(_times(doc, published))
    numbers = list(extract_numbers(doc))
    events, claims, unresolved = extract_events(doc, article_id=article_id, published=published, entities=mentions,
                                    numbers=numbers, times=times)
    number_rows = []
    for n in numbers:
        row = asdict(n)
        row.update(article_id=article_id, number_id=stable_id(article_id, "num", n.char_start, n.char_end),
                   breakdown_of=(stable_id(article_id, "num", *n.breakdown_of) if n.breakdown_of else None))
        number_rows.append(row)
    time_rows = [{**asdict(t), "article_id": article_id,
                  "interval_start": t.interval_start.isoformat() if t.interval_start else None,
                  "interval_end": t.interval_end.isoformat() if t.interval_end else None} for t in times]
    return Extraction(
        entities=schema.frame(schema.ENTITIES, _entity_rows(article_id, mentions)),
        numbers=schema.frame(schema.NUMBERS, number_rows),
        events=schema.frame(schema.EVENTS, events),
        claims=schema.frame(schema.CLAIMS, claims),
        times=schema.frame(schema.TIMES, time_rows),
        unresolved=tuple((article_id, place) for place in unresolved),
    )


def _times(doc, published: dt.date | None):
    if published is None:
        return []
    try:
        from sitrep.timex import find_time_expressions
    except ImportError:
        return []
    return find_time_expressions(doc, published=published)


def concat(parts: list[Extraction]) -> Extraction:
    def cat(table: schema.Table, name: str) -> pd.DataFrame:
        frames = [getattr(p, name) for p in parts if len(getattr(p, name))]
        return pd.concat(frames, ignore_index=True) if frames else schema.frame(table)

    return Extraction(cat(schema.ENTITIES, "entities"), cat(schema.NUMBERS, "numbers"),
                      cat(schema.EVENTS, "events"), cat(schema.CLAIMS, "claims"), cat(schema.TIMES, "times"),
                      tuple(u for p in parts for u in p.unresolved))


def iter_extractions(
    articles: Iterable, *, reference_date: object = None, batch_size: int = BATCH_SIZE,
    n_process: int | str = 1, pool: ExtractionPool | None = None,
) -> Iterator[tuple[object, Extraction]]:
    """(article, extraction) for each article (objects or rows with article_id/text/published), in input order.

    Streams: at most a few batches of articles are in flight and no Doc outlives its batch. ``n_process``:
    1 (default) parses in this process; K > 1 uses K worker processes that each load the pipeline once and
    send back only the small tables; 0 or ``"auto"`` picks :func:`auto_processes` (several processes only for
    a corpus of at least ``AUTO_MIN_ARTICLES``). ``pool`` reuses a running :class:`ExtractionPool` instead.
    The tables do not depend on ``n_process`` or ``batch_size`` (tested under a fixed ``PYTHONHASHSEED``: the
    order of an event's claim rows follows Python's string hashing, which differs between processes).
    With ``n_process > 1`` workers are spawned, so a script calling this must guard its entry point with
    ``if __name__ == "__main__":``.
    """
    if pool is None:
        articles, n_process = _resolve_processes(articles, n_process)
    if pool is not None or n_process > 1:
        own = pool is None
        pool = pool or ExtractionPool(n_process)
        try:
            yield from pool.imap(articles, reference_date=reference_date, batch_size=batch_size)
        finally:
            if own:
                pool.close()
        return
    from sitrep.nlp import load_pipeline

    nlp = load_pipeline()
    stream = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        published = reference_day(article.published, reference_date)
        yield article, extract_doc(doc, article_id=article.article_id, published=published)


def extract_articles(articles: Iterable, *, reference_date: object = None, n_process: int | str = 1,
                     batch_size: int = BATCH_SIZE) -> Extraction:
    return concat([e for _, e in iter_extractions(articles, reference_date=reference_date, n_process=n_process,
                                                  batch_size=batch_size)])


# ----------------------------------------------------------------------------- several processes

AUTO_MIN_ARTICLES = 200  # below this, starting workers costs more than it saves
AUTO_MAX_PROCESSES = 2
START_METHOD = "spawn"  # workers start clean (no forked threads or open store connections) and load the model


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def auto_processes(n_articles: int | None = None) -> int:
    """Processes for ``n_process="auto"``: 1 below ``AUTO_MIN_ARTICLES`` articles, else up to 2 usable cores."""
    if n_articles is not None and n_articles < AUTO_MIN_ARTICLES:
        return 1
    return max(1, min(usable_cores(), AUTO_MAX_PROCESSES))


def _resolve_processes(articles: Iterable, n_process: int | str) -> tuple[Iterable, int]:
    if isinstance(n_process, str):
        if n_process.strip().lower() != "auto":
            raise ValueError(f"n_process must be a positive number, 0 or 'auto', not {n_process!r}")
        n_process = 0
    if n_process < 0:
        raise ValueError(f"n_process must be a positive number, 0 or 'auto', not {n_process!r}")
    if n_process != 0:
        return articles, n_process
    if isinstance(articles, Sized):
        return articles, auto_processes(len(articles))
    # a stream: look ahead far enough to tell a small corpus from a large one
    iterator = iter(articles)
    head = list(itertools.islice(iterator, AUTO_MIN_ARTICLES))
    return itertools.chain(head, iterator), auto_processes(len(head) if len(head) < AUTO_MIN_ARTICLES else None)


def _worker_start() -> None:
    from sitrep.nlp import load_pipeline

    load_pipeline()


def _worker_ping(delay: float) -> int:
    time.sleep(delay)
    return os.getpid()


def _extract_batch(batch: list[tuple[str, str, dt.date | None]]) -> list[Extraction]:
    """In a worker: parse (article_id, text, reference day) triples and return their tables (never Docs)."""
    from sitrep.nlp import load_pipeline

    nlp = load_pipeline()
    stream = ((text, (article_id, published)) for article_id, text, published in batch)
    return [extract_doc(doc, article_id=article_id, published=published)
            for doc, (article_id, published) in nlp.pipe(stream, as_tuples=True, batch_size=len(batch) or 1)]


class ExtractionPool:
    """Worker processes that each load the pipeline once; reusable across calls, closed by ``with``.

    ``imap`` sends small batches of (article_id, text, reference day) and yields the tables back in input
    order, keeping at most ``in_flight`` batches (default two per worker) outstanding, so memory stays flat.
    """

    def __init__(self, n_process: int, *, start_method: str | None = None, in_flight: int | None = None):
        if n_process < 1:
            raise ValueError("n_process must be at least 1")
        self.n_process = n_process
        self.in_flight = in_flight or 2 * n_process
        context = multiprocessing.get_context(start_method or START_METHOD)
        self._executor = ProcessPoolExecutor(n_process, mp_context=context, initializer=_worker_start)

    def warm_up(self, *, timeout: float = 300.0) -> set[int]:
        """Start every worker and wait until each has loaded the pipeline; returns their pids."""
        pids: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(pids) < self.n_process and time.monotonic() < deadline:
            futures = [self._executor.submit(_worker_ping, 0.2) for _ in range(self.n_process)]
            pids.update(f.result(timeout=max(1.0, deadline - time.monotonic())) for f in futures)
        return pids

    def imap(self, articles: Iterable, *, reference_date: object = None,
             batch_size: int = BATCH_SIZE) -> Iterator[tuple[object, Extraction]]:
        pending: deque[tuple[list, Future]] = deque()
        try:
            for chunk in _chunks(articles, max(1, batch_size)):
                payload = [(a.article_id, a.text, reference_day(a.published, reference_date)) for a in chunk]
                pending.append((chunk, self._executor.submit(_extract_batch, payload)))
                while len(pending) >= self.in_flight:
                    chunk, future = pending.popleft()
                    yield from zip(chunk, future.result(), strict=True)
            while pending:
                chunk, future = pending.popleft()
                yield from zip(chunk, future.result(), strict=True)
        finally:
            for _, future in pending:
                future.cancel()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _store_extraction(store, article, ex: Extraction) -> None:
    """One article's tables, its unresolved places and its extraction mark, in one transaction."""
    with store.transaction():
        ids = [article.article_id]
        store.replace_rows(schema.ENTITIES, ex.entities, article_ids=ids)
        store.replace_rows(schema.NUMBERS, ex.numbers, article_ids=ids)
        store.replace_rows(schema.EVENTS, ex.events, article_ids=ids)
        store.replace_rows(schema.CLAIMS, ex.claims, article_ids=ids)
        store.replace_rows(schema.TIMES, ex.times, article_ids=ids)
        store.con.execute("DELETE FROM problems WHERE stage = 'geo' AND locator = ?", [article.article_id])
        for _, place in ex.unresolved:
            store.record_problem(Problem(article.path, f"unresolved place: {place!r}", severity="warning",
                                         locator=article.article_id), stage="geo")
        store.con.execute("INSERT OR REPLACE INTO extractions VALUES (?, ?, ?)",
                          [article.article_id, EXTRACTOR_VERSION, now_iso()])


def extract_store(store, *, reference_date: object = None, progress: bool = False, n_process: int | str = 1) -> int:
    """Extract the store's articles that lack a current extraction; returns how many were done.

    ``n_process`` as for :func:`iter_extractions` (the store is written from this process only)."""
    todo = store.con.execute(
        "SELECT a.article_id, a.text, a.published, a.path FROM articles a LEFT JOIN extractions x "
        "ON a.article_id = x.article_id AND x.extractor_version = ? WHERE x.article_id IS NULL "
        "ORDER BY a.article_id", [EXTRACTOR_VERSION]).df()
    if todo.empty:
        return 0
    done = 0
    for article, ex in iter_extractions(todo.itertuples(index=False), reference_date=reference_date,
                                        n_process=n_process):
        try:
            _store_extraction(store, article, ex)
        except Exception as exc:  # one article's bad extraction never stops the others
            store.record_problem(Problem(article.path, f"extraction not stored ({type(exc).__name__}: {exc})",
                                         locator=article.article_id), stage="extract")
            continue
        done += 1
        if progress and (done % 50 == 0 or done == len(todo)):
            print(f"extracted {done}/{len(todo)} articles", file=sys.stderr, flush=True)
    return done
