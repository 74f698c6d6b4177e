"""Every table's columns, defined once: DuckDB types for the store, column order for DataFrames.

Stages build DataFrames with :func:`frame` so a table always has the same columns in the same order,
whether it came from the extractor, the store or an empty run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (column, DuckDB type)
    key: tuple[str, ...] = ()

    @property
    def names(self) -> list[str]:
        return [c for c, _ in self.columns]

    @staticmethod
    def quoted(names) -> list[str]:
        return [f'"{n}"' for n in names]

    @property
    def select_list(self) -> str:
        return ", ".join(self.quoted(self.names))

    def ddl(self) -> str:
        cols = [f'"{c}" {t}' for c, t in self.columns]
        if self.key:
            cols.append(f"PRIMARY KEY ({', '.join(self.quoted(self.key))})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({', '.join(cols)})"


PROVENANCE = (
    ("article_id", "VARCHAR"),
    ("sentence_index", "INTEGER"),
    ("sentence", "VARCHAR"),
    ("char_start", "INTEGER"),
    ("char_end", "INTEGER"),
)

ARTICLES = Table(
    "articles",
    (
        ("article_id", "VARCHAR"),
        ("title", "VARCHAR"),
        ("text", "VARCHAR"),
        ("published", "VARCHAR"),
        ("source", "VARCHAR"),
        ("url", "VARCHAR"),
        ("path", "VARCHAR"),
        ("language", "VARCHAR"),  # ISO 639-1: the sidecar's, else detected from the text (sitrep.lang.detect)
        ("sha256", "VARCHAR"),
        ("content_hash", "VARCHAR"),
        ("ingested_at", "VARCHAR"),
    ),
    key=("article_id",),
)

ARTICLE_ORIGINS = Table(
    "article_origins",
    (
        ("article_id", "VARCHAR"),
        ("origin", "VARCHAR"),
        ("path", "VARCHAR"),
        ("sha256", "VARCHAR"),
        ("ingested_at", "VARCHAR"),
    ),
    key=("article_id", "origin"),
)

PROBLEMS = Table(
    "problems",
    (
        ("path", "VARCHAR"),
        ("locator", "VARCHAR"),
        ("severity", "VARCHAR"),
        ("reason", "VARCHAR"),
        ("stage", "VARCHAR"),
        ("recorded_at", "VARCHAR"),
    ),
    key=("path", "locator", "reason"),
)

# Page furniture dropped at ingest (sitrep.boilerplate): one row per dropped line. char_start/char_end point into the
# text as read (normalized, before the furniture was dropped), cut_at into the stored article text.
REMOVED_SPANS = Table(
    "removed_spans",
    (
        ("article_id", "VARCHAR"),
        ("char_start", "INTEGER"),
        ("char_end", "INTEGER"),
        ("cut_at", "INTEGER"),
        ("reason", "VARCHAR"),  # cookie notice, menu or tag list, 'Related' block, headline list, ticker, ...
        ("text", "VARCHAR"),
    ),
    key=("article_id", "char_start"),
)

ENTITIES = Table(
    "entities",
    (
        ("entity_id", "VARCHAR"),
        *PROVENANCE,
        ("text", "VARCHAR"),
        ("label", "VARCHAR"),
        ("canonical", "VARCHAR"),
        ("entity_type", "VARCHAR"),  # person, org, government, place, weapon, group
        ("country", "VARCHAR"),
        ("party", "BOOLEAN"),
        ("role", "VARCHAR"),
        ("metonymy", "BOOLEAN"),  # a place name used as a government actor ("the Kremlin said")
    ),
    key=("entity_id",),
)

NUMBERS = Table(
    "numbers",
    (
        ("number_id", "VARCHAR"),
        *PROVENANCE,
        ("text", "VARCHAR"),
        ("value", "DOUBLE"),
        ("quantity_type", "VARCHAR"),  # killed, injured, launched, intercepted, age, distance, ...
        ("qualifier", "VARCHAR"),  # exact, at_least, about, up_to
        ("unit", "VARCHAR"),
        ("head", "VARCHAR"),  # the counted noun: boy, drones, people
        ("is_child", "BOOLEAN"),
        ("breakdown_of", "VARCHAR"),  # number_id of the total this figure is a part of
    ),
    key=("number_id",),
)

#: The event kinds the extractor produces (the ``kind`` column of ``events`` and ``timeline``; ``other``: weapons seized
#: or defused); sitrep.acled maps each to its ACLED event type (data/acled_types.jsonl).
EVENT_KINDS = ("attack", "air_defense", "meeting", "statement", "other")

EVENTS = Table(
    "events",
    (
        ("event_id", "VARCHAR"),
        ("article_id", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("subkind", "VARCHAR"),
        ("acled_event_type", "VARCHAR"),
        ("acled_sub_event_type", "VARCHAR"),
        ("actor", "VARCHAR"),
        ("actor_country", "VARCHAR"),
        ("target", "VARCHAR"),
        ("target_country", "VARCHAR"),
        ("weapon", "VARCHAR"),
        ("place", "VARCHAR"),
        ("admin1", "VARCHAR"),
        ("country", "VARCHAR"),
        ("lat", "DOUBLE"),
        ("lon", "DOUBLE"),
        ("geo_precision", "INTEGER"),
        ("date_text", "VARCHAR"),
        ("date_start", "VARCHAR"),
        ("date_end", "VARCHAR"),
        ("time_precision", "INTEGER"),
        ("status", "VARCHAR"),
        ("killed", "INTEGER"),
        ("injured", "INTEGER"),
        ("children_killed", "INTEGER"),
        ("children_injured", "INTEGER"),
        ("launched", "INTEGER"),
        ("intercepted", "INTEGER"),
        ("qualifier", "VARCHAR"),
        ("claimant", "VARCHAR"),
        ("certainty", "VARCHAR"),
        ("participants", "VARCHAR[]"),
        ("speaker", "VARCHAR"),
        ("sentence", "VARCHAR"),
        ("char_start", "INTEGER"),
        ("char_end", "INTEGER"),
        ("salience", "VARCHAR"),  # main: on the article's day; background: an earlier incident recalled
        ("confidence", "DOUBLE"),  # 0-1, see sitrep.extract.consolidate
        ("date_value", "VARCHAR"),  # the TIMEX3 value the event was dated from (date_text's), e.g. 2025-12-04TNI
    ),
    key=("event_id",),
)

# The claim ledger: one row per (event, figure) with who says so and how certain it is.
CLAIMS = Table(
    "claims",
    (
        ("claim_id", "VARCHAR"),
        ("event_id", "VARCHAR"),
        *PROVENANCE,
        ("figure", "VARCHAR"),  # killed, injured, children_killed, launched, intercepted, ...
        ("value", "INTEGER"),
        ("qualifier", "VARCHAR"),
        ("claimant", "VARCHAR"),
        ("claimant_party", "BOOLEAN"),
        ("certainty", "VARCHAR"),
    ),
    key=("claim_id",),
)

TIMES = Table(
    "times",
    (
        ("article_id", "VARCHAR"),
        ("text", "VARCHAR"),
        ("start", "INTEGER"),
        ("end", "INTEGER"),
        ("type", "VARCHAR"),
        ("value", "VARCHAR"),
        ("interval_start", "VARCHAR"),
        ("interval_end", "VARCHAR"),
        ("precision", "VARCHAR"),
    ),
    key=("article_id", "start", "end"),
)

EXTRACTIONS = Table(
    "extractions",
    (
        ("article_id", "VARCHAR"),
        ("extractor_version", "VARCHAR"),
        ("extracted_at", "VARCHAR"),
        ("part", "VARCHAR"),  # the Parquet run holding the article's tables (sitrep.store), NULL: in DuckDB
    ),
    key=("article_id",),
)

# One source's own figures inside a timeline entry (see :mod:`sitrep.timeline`).
FIGURE_TYPE = ("STRUCT(article_id VARCHAR, claimant VARCHAR, killed INTEGER, injured INTEGER, launched INTEGER, "
               "intercepted INTEGER)")

# The merged timeline: one row per real-world event, built from the events of every article.
TIMELINE = Table(
    "timeline",
    (
        ("entry_id", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("subkind", "VARCHAR"),
        ("date_start", "VARCHAR"),
        ("date_end", "VARCHAR"),
        ("time_precision", "INTEGER"),
        ("place", "VARCHAR"),
        ("admin1", "VARCHAR"),
        ("country", "VARCHAR"),
        ("lat", "DOUBLE"),
        ("lon", "DOUBLE"),
        ("geo_precision", "INTEGER"),
        ("actor", "VARCHAR"),
        ("target", "VARCHAR"),
        ("killed", "INTEGER"),  # the figure shown: lowest among the most certain sources, never a sum
        ("injured", "INTEGER"),
        ("launched", "INTEGER"),
        ("intercepted", "INTEGER"),
        ("figures", f"{FIGURE_TYPE}[]"),  # every source's own figures, in source order
        ("claimants", "VARCHAR[]"),
        ("certainty", "VARCHAR"),  # the highest certainty among the sources
        ("sources", "VARCHAR[]"),  # article_ids, first reported first
        ("event_ids", "VARCHAR[]"),  # one per source, same order as sources and figures
        ("first_reported", "VARCHAR"),  # article_id of the earliest-published source
        ("conflicting", "BOOLEAN"),  # sources disagree on a figure
    ),
    key=("entry_id",),
)

TABLES: tuple[Table, ...] = (
    ARTICLES,
    ARTICLE_ORIGINS,
    PROBLEMS,
    REMOVED_SPANS,
    ENTITIES,
    NUMBERS,
    EVENTS,
    CLAIMS,
    TIMES,
    EXTRACTIONS,
    TIMELINE,
)

# Keys of `python -m sitrep events` output, in order.
EVENT_FIELDS: tuple[str, ...] = tuple(EVENTS.names)

# Keys of `python -m sitrep timeline` output, in order.
TIMELINE_FIELDS: tuple[str, ...] = tuple(TIMELINE.names)

# The four figures an entry shows and each source's figures carry.
FIGURE_FIELDS: tuple[str, ...] = ("killed", "injured", "launched", "intercepted")


def frame(table: Table, rows: Iterable[Mapping | tuple] = ()) -> pd.DataFrame:
    """A DataFrame with exactly ``table``'s columns, in order (missing keys become null)."""
    rows = list(rows)
    if rows and not isinstance(rows[0], Mapping):
        return pd.DataFrame(rows, columns=table.names)
    return pd.DataFrame([{c: r.get(c) for c in table.names} for r in rows], columns=table.names)
