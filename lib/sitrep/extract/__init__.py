"""Extraction: entities, typed numbers, time expressions, events and the claim ledger.

``extract_articles`` is stateless (articles in, tidy tables out); ``extract_store`` runs it over the
articles of a store that are not yet extracted with the current ``EXTRACTOR_VERSION``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

import pandas as pd

from sitrep import schema
from sitrep.extract.entities import EntityMention, extract_entities
from sitrep.types import Problem

EXTRACTOR_VERSION = "0.1.0"
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
        row["entity_id"] = stable_id(article_id, "ent", m.char_start, m.char_end)
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
    articles: Iterable, *, reference_date: object = None, batch_size: int = BATCH_SIZE
) -> Iterator[tuple[object, Extraction]]:
    """(article, extraction) for each article (objects or rows with article_id/text/published)."""
    from sitrep.nlp import load_pipeline

    nlp = load_pipeline()
    stream = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
        published = reference_day(article.published, reference_date)
        yield article, extract_doc(doc, article_id=article.article_id, published=published)


def extract_articles(articles: Iterable, *, reference_date: object = None) -> Extraction:
    return concat([e for _, e in iter_extractions(articles, reference_date=reference_date)])


def extract_store(store, *, reference_date: object = None, progress: bool = False) -> int:
    """Extract the store's articles that lack a current extraction; returns how many were done."""
    todo = store.con.execute(
        "SELECT a.article_id, a.text, a.published, a.path FROM articles a LEFT JOIN extractions x "
        "ON a.article_id = x.article_id AND x.extractor_version = ? WHERE x.article_id IS NULL "
        "ORDER BY a.article_id", [EXTRACTOR_VERSION]).df()
    if todo.empty:
        return 0
    done = 0
    from sitrep.ingest import now_iso

    for article, ex in iter_extractions(todo.itertuples(index=False), reference_date=reference_date):
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
        done += 1
        if progress and (done % 50 == 0 or done == len(todo)):
            print(f"extracted {done}/{len(todo)} articles", file=sys.stderr, flush=True)
    return done
