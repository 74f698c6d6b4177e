"""Extraction: entities, typed numbers, time expressions, events and the claim ledger.

This module holds one parsed article's tables (:class:`Extraction`, :func:`extract_doc`) and the extractor
version; :mod:`sitrep.extract.pipeline` runs them over many articles (batches, long articles in pieces, worker
processes or a Dask cluster, the store) and its public names are re-exported here.

``extract_articles`` is stateless (articles in, tidy tables out); ``extract_store`` runs it over the
articles of a store that are not yet extracted with the current ``EXTRACTOR_VERSION``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from sitrep import schema
from sitrep.extract.entities import EntityMention, extract_entities
from sitrep.types import Problem


def _extractor_version() -> str:
    """The package version plus a digest of the extraction code and its data: a store re-extracts its
    articles whenever either changes, so cached tables never come from older rules. Whole package folders are
    hashed recursively (a module moved into a subpackage still counts)."""
    lib = Path(__file__).resolve().parent.parent
    packages = [Path(__file__).resolve().parent, lib / "geo", lib / "timex", lib / "lang"]  # whole packages
    files = [f for p in packages for f in sorted(p.rglob("*.py"))] + [lib / "nlp.py"]
    geo_data = lib / "data" / "geo"  # the gazetteer's tables (the borders file only draws maps)
    files += sorted(geo_data.glob("*.jsonl")) + sorted(geo_data.glob("*.csv.gz"))
    files += sorted((lib / "data").glob("*.jsonl")) + sorted((lib / "data" / "patterns").glob("*.jsonl"))
    files += sorted((lib / "data" / "lang").glob("*.jsonl"))  # the Russian and Ukrainian rules (sitrep.lang)
    digest = hashlib.sha1()
    for f in files:
        if f.exists():
            digest.update(str(f.relative_to(lib)).encode() + f.read_bytes())
    from sitrep import __version__

    return f"{__version__}+{digest.hexdigest()[:10]}"


EXTRACTOR_VERSION = _extractor_version()


TABLES: dict[str, schema.Table] = {"entities": schema.ENTITIES, "numbers": schema.NUMBERS, "events": schema.EVENTS,
                                   "claims": schema.CLAIMS, "times": schema.TIMES}


class Extraction:
    """One or many articles' extraction, as tidy tables (columns from :mod:`sitrep.schema`). Read-only.

    Each table is given as a DataFrame or as rows (mappings, or tuples in the table's column order). Rows stay
    tuples until the table is read: ``ex.events`` builds its DataFrame once, and :func:`concat` joins the rows of
    many articles, so a batch costs one DataFrame per table rather than one per article and table, and a worker
    sends plain tuples back instead of pickled DataFrames.
    """

    __slots__ = ("_rows", "_frames", "unresolved", "problems")

    def __init__(self, entities=(), numbers=(), events=(), claims=(), times=(),
                 unresolved: Iterable[tuple[str, str]] = (), problems: Iterable[Problem] = ()):
        rows: dict[str, tuple[tuple, ...]] = {}
        frames: dict[str, pd.DataFrame] = {}
        for name, value in zip(TABLES, (entities, numbers, events, claims, times), strict=True):
            if isinstance(value, pd.DataFrame):
                frames[name] = value
            else:
                rows[name] = _as_rows(TABLES[name], value)
        set_ = object.__setattr__
        set_(self, "_rows", rows)
        set_(self, "_frames", frames)
        set_(self, "unresolved", tuple(unresolved))  # (article_id, place text) the gazetteer could not place
        set_(self, "problems", tuple(problems))  # one per article that was not extracted, saying why

    def __setattr__(self, name, value):
        raise AttributeError(f"Extraction is read-only (cannot set {name!r})")

    def __getstate__(self):
        return ({name: self._frames[name] for name in TABLES if name not in self._rows}, self._rows,
                self.unresolved, self.problems)

    def __setstate__(self, state) -> None:
        frames, rows, unresolved, problems = state
        for name, value in (("_rows", rows), ("_frames", dict(frames)), ("unresolved", unresolved),
                            ("problems", problems)):
            object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={self.count(name)}" for name in TABLES)
        return f"Extraction({sizes}, unresolved={len(self.unresolved)}, problems={len(self.problems)})"

    def table(self, name: str) -> pd.DataFrame:
        """The DataFrame of table ``name`` (built from its rows on first use)."""
        frame = self._frames.get(name)
        if frame is None:
            frame = schema.frame(TABLES[name], self._rows[name])
            self._frames[name] = frame
        return frame

    def rows(self, name: str) -> tuple[tuple, ...] | None:
        """The rows of table ``name`` as tuples in column order, or None when it was given as a DataFrame."""
        return self._rows.get(name)

    def count(self, name: str) -> int:
        """How many rows table ``name`` has, without building its DataFrame."""
        rows = self._rows.get(name)
        return len(rows) if rows is not None else len(self._frames[name])

    def replace(self, *, unresolved: Iterable[tuple[str, str]] | None = None,
                problems: Iterable[Problem] | None = None) -> Extraction:
        """The same tables with other unresolved places or problems."""
        tables = [self._rows[n] if n in self._rows else self._frames[n] for n in TABLES]
        return Extraction(*tables, unresolved=self.unresolved if unresolved is None else unresolved,
                          problems=self.problems if problems is None else problems)

    entities = property(lambda self: self.table("entities"), doc="The entities table (schema.ENTITIES).")
    numbers = property(lambda self: self.table("numbers"), doc="The numbers table (schema.NUMBERS).")
    events = property(lambda self: self.table("events"), doc="The events table (schema.EVENTS).")
    claims = property(lambda self: self.table("claims"), doc="The claims table (schema.CLAIMS).")
    times = property(lambda self: self.table("times"), doc="The times table (schema.TIMES).")


def _as_rows(table: schema.Table, records: Iterable) -> tuple[tuple, ...]:
    """Rows as tuples in ``table``'s column order (a mapping's missing keys become None)."""
    names = table.names
    out = []
    for rec in records:
        if isinstance(rec, tuple):
            out.append(rec)
        else:
            get = rec.get
            out.append(tuple(get(c) for c in names))
    return tuple(out)


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


class Offset(NamedTuple):
    """Where a parsed section starts in its article: rows' spans and sentence indexes are shifted by this."""

    chars: int = 0
    sentences: int = 0


WHOLE_ARTICLE = Offset()


def _placed(row: dict, at: Offset) -> dict:
    """A mention's row with its span and sentence index in the full article text."""
    return {**row, "char_start": row["char_start"] + at.chars, "char_end": row["char_end"] + at.chars,
            "sentence_index": row["sentence_index"] + at.sentences}


def _record(obj) -> dict:
    """A dataclass instance's fields as a new dict (shallow: :func:`dataclasses.asdict` deep-copies every value)."""
    return {name: getattr(obj, name) for name in _field_names(type(obj))}


@functools.cache
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _entity_rows(article_id: str, mentions: Iterable[EntityMention], at: Offset = WHOLE_ARTICLE) -> Iterator[dict]:
    for m in mentions:
        row = _placed(_record(m), at)
        row["article_id"] = article_id
        row["entity_id"] = stable_id(article_id, "ent", row["char_start"], row["char_end"], m.label)
        yield row


def _number_rows(article_id: str, numbers: Iterable, at: Offset = WHOLE_ARTICLE) -> Iterator[dict]:
    for n in numbers:
        row = _placed(_record(n), at)
        total = (stable_id(article_id, "num", n.breakdown_of[0] + at.chars, n.breakdown_of[1] + at.chars)
                 if n.breakdown_of else None)
        row.update(article_id=article_id, number_id=stable_id(article_id, "num", row["char_start"], row["char_end"]),
                   breakdown_of=total)
        yield row


def _time_rows(article_id: str, times: Iterable, at: Offset = WHOLE_ARTICLE) -> Iterator[dict]:
    for t in times:
        yield {**_record(t), "article_id": article_id, "start": t.start + at.chars, "end": t.end + at.chars,
               "interval_start": t.interval_start.isoformat() if t.interval_start else None,
               "interval_end": t.interval_end.isoformat() if t.interval_end else None}


def extract_doc(doc, *, article_id: str, published: dt.date | None, at: Offset = WHOLE_ARTICLE) -> Extraction:
    """All tables for one parsed article, or for one section of it that starts ``at`` (spans, sentence indexes
    and ids are then those of the full article text)."""
    from sitrep.extract.events import extract_events
    from sitrep.extract.numbers import extract_numbers
    from sitrep.extract.plausibility import apply_bounds

    mentions = list(extract_entities(doc))
    times = list(_times(doc, published))
    numbers = list(extract_numbers(doc))
    events, claims, unresolved = extract_events(doc, article_id=article_id, published=published, entities=mentions,
                                                numbers=numbers, times=times, char_offset=at.chars,
                                                sentence_offset=at.sentences)
    events, claims = apply_bounds(events, claims)  # figures past any incident of this war: ledger only
    number_rows = list(_number_rows(article_id, numbers, at))
    time_rows = list(_time_rows(article_id, times, at))
    return Extraction(
        entities=_entity_rows(article_id, mentions, at),
        numbers=number_rows,
        events=events,
        claims=claims,
        times=time_rows,
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
    """One extraction of many: rows are joined (one DataFrame per table when read), frames concatenated."""

    def cat(name: str):
        rows = [p.rows(name) for p in parts]
        if all(r is not None for r in rows):
            return tuple(row for r in rows for row in r)
        frames = [p.table(name) for p in parts if p.count(name)]
        return pd.concat(frames, ignore_index=True) if frames else schema.frame(TABLES[name])

    return Extraction(*(cat(name) for name in TABLES), unresolved=tuple(u for p in parts for u in p.unresolved),
                      problems=tuple(q for p in parts for q in p.problems))


def empty_extraction(problems: Iterable[Problem] = ()) -> Extraction:
    return Extraction(problems=problems)


# the pipeline over many articles (imported last: it builds on the names above)
from sitrep.extract.pipeline import (  # noqa: E402
    AUTO_MAX_PROCESSES,
    AUTO_MIN_ARTICLES,
    BATCH_SIZE,
    MAX_ARTICLE_CHARS,
    PARSE_CHARS,
    PARSE_CONTEXT_CHARS,
    SECTION_CHARS,
    START_METHOD,
    DaskPool,
    ExtractionPool,
    SchedulerError,
    auto_processes,
    check_scheduler,
    describe,
    extract_articles,
    extract_store,
    iter_extractions,
    parse_long,
    text_pieces,
    usable_cores,
)

__all__ = [
    "AUTO_MAX_PROCESSES", "AUTO_MIN_ARTICLES", "BATCH_SIZE", "EXTRACTOR_VERSION", "MAX_ARTICLE_CHARS", "PARSE_CHARS",
    "PARSE_CONTEXT_CHARS", "SECTION_CHARS", "START_METHOD", "DaskPool", "Extraction", "ExtractionPool", "Offset",
    "SchedulerError", "WHOLE_ARTICLE", "auto_processes", "check_scheduler", "concat", "describe", "empty_extraction",
    "extract_articles", "extract_doc", "extract_store", "iter_extractions", "parse_long", "reference_day", "stable_id",
    "text_pieces", "usable_cores",
]
