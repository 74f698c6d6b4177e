"""Frozen dataclasses that pass between sitrep's stages (one place for every multi-part result)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One ingested news article. ``text`` is the normalized body all char offsets point into."""

    article_id: str
    title: str
    text: str
    published: str | None  # ISO date or datetime with timezone, None when unknown
    source: str | None
    url: str | None
    path: str
    language: str
    sha256: str  # of the raw bytes of the file the article came from
    content_hash: str  # of the normalized text: the same story seen twice is stored once
    ingested_at: str
    origin: str  # path plus a record locator, e.g. "corpus.jsonl:12"

    @classmethod
    def from_text(cls, article_id: str, text: str, *, published: str | None = None, title: str = "",
                  path: str | None = None, language: str = "en") -> Article:
        """An article held in memory, with no file behind it (evaluation passages, tests, a notebook's own text);
        ``text`` is used as given, so offsets point into it."""
        from sitrep.ingest import content_hash

        path = path if path is not None else f"{article_id}.txt"
        return cls(article_id=article_id, title=title, text=text, published=published, source=None, url=None,
                   path=path, language=language, sha256="", content_hash=content_hash(text), ingested_at="",
                   origin=path)
    removed: tuple = ()  # sitrep.boilerplate.Removed: page furniture dropped from the text as read


@dataclass(frozen=True)
class Problem:
    """A bad input: recorded, reported in one line, never fatal."""

    path: str
    reason: str
    severity: str = "error"  # "error": nothing ingested from it; "warning": ingested with a caveat
    locator: str | None = None  # line number, feed entry, record id

    def __str__(self) -> str:
        where = f"{self.path}:{self.locator}" if self.locator else self.path
        return f"{self.severity}: {where}: {self.reason}"


@dataclass(frozen=True)
class TimeExpression:
    """A TIMEX3-style time expression normalized against the article's publication date."""

    text: str
    start: int  # char offset into the article text
    end: int
    type: str  # DATE, TIME, DURATION, SET
    value: str  # TimeML value: 2025-12-04, 2025-12-04TNI, 2025-W49, P4Y, PRESENT_REF, PAST_REF ...
    interval_start: dt.datetime | None  # resolved interval [start, end), None for durations/sets/refs
    interval_end: dt.datetime | None
    precision: str | None  # part_of_day, day, week, month, year (None when unresolved)


@dataclass(frozen=True)
class Place:
    """A resolved place: GeoNames-backed where possible, with ACLED geo_precision."""

    name: str
    feature_type: str  # city, village, admin1, admin2, country, feature, ...
    admin1: str | None
    country: str | None  # ISO 3166-1 alpha-2
    lat: float | None
    lon: float | None
    geonameid: int | None
    geo_precision: int | None  # 1 town/village, 2 near/district, 3 region, 4 country
