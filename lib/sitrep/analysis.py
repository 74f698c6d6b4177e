"""One call for a notebook: ingest the inputs, extract what is new, return the tidy tables.

``analyze`` is idempotent: re-running it on the same inputs and store re-reads nothing that is
already stored and re-extracts only articles whose extraction is missing or out of date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sitrep import schema
from sitrep.store import IngestSummary, Store
from sitrep.timeline import build_timeline


@dataclass(frozen=True)
class Analysis:
    """Every table of a run, filtered by the run's parameters. Rows point back to their article."""

    articles: pd.DataFrame
    problems: pd.DataFrame
    entities: pd.DataFrame
    numbers: pd.DataFrame
    events: pd.DataFrame
    claims: pd.DataFrame
    times: pd.DataFrame
    ingest: IngestSummary
    parameters: dict = field(default_factory=dict)
    # ``events`` merged across articles into one entry per real event (see :mod:`sitrep.timeline`);
    # built from ``events`` and ``articles`` when not given
    timeline: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        if self.timeline is None:
            object.__setattr__(self, "timeline", build_timeline(self.events, self.articles))

    @property
    def empty(self) -> bool:
        return self.articles.empty


def _as_list(inputs: str | Path | Iterable[str | Path] | None) -> list[str]:
    if inputs is None:
        return []
    if isinstance(inputs, str | Path):
        return [str(inputs)]
    return [str(i) for i in inputs]


def analyze(
    inputs: str | Path | Iterable[str | Path] | None,
    *,
    store: str | Path = ":memory:",
    published: str | dt.date | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    kinds: Sequence[str] | str | None = None,
    progress: bool = False,
) -> Analysis:
    """Ingest ``inputs`` into ``store``, extract new articles, and return the run's tables.

    ``published`` is the reference date used for articles that carry none. ``since``/``until``
    keep articles published (and events dated) in that inclusive range; ``kinds`` keeps those event
    kinds (a list or a comma-separated string).
    """
    from sitrep.extract import extract_store

    with Store(store) as db:
        summary = db.ingest(_as_list(inputs))
        extract_store(db, reference_date=published, progress=progress)
        tables = {t.name: db.table(t) for t in (schema.ENTITIES, schema.NUMBERS, schema.EVENTS,
                                                  schema.CLAIMS, schema.TIMES)}
        articles, problems = db.articles(), db.problems()
    params = {"published": published, "since": since, "until": until, "kinds": kinds}
    articles = filter_articles(articles, since=since, until=until)
    keep = set(articles["article_id"])
    tables = {k: v[v["article_id"].isin(keep)].reset_index(drop=True) for k, v in tables.items()}
    tables["events"] = filter_events(tables["events"], since=since, until=until, kinds=kinds)
    return Analysis(articles=articles, problems=problems, entities=tables["entities"],
                    numbers=tables["numbers"], events=tables["events"], claims=tables["claims"],
                    times=tables["times"], ingest=summary, parameters=params,
                    timeline=build_timeline(tables["events"], articles))


def _date(value: str | dt.date | None) -> str | None:
    if value in (None, ""):
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]


def filter_articles(articles: pd.DataFrame, *, since=None, until=None) -> pd.DataFrame:
    since, until = _date(since), _date(until)
    if not (since or until) or articles.empty:
        return articles.reset_index(drop=True)
    day = articles["published"].fillna("").str[:10]
    keep = pd.Series(True, index=articles.index)
    if since:
        keep &= (day == "") | (day >= since)
    if until:
        keep &= (day == "") | (day <= until)
    return articles[keep].reset_index(drop=True)


def filter_events(events: pd.DataFrame, *, since=None, until=None, kinds=None) -> pd.DataFrame:
    if events.empty:
        return events
    keep = pd.Series(True, index=events.index)
    since, until = _date(since), _date(until)
    day = events["date_start"].fillna("").str[:10]
    if since:
        keep &= (day == "") | (day >= since)
    if until:
        keep &= (day == "") | (day <= until)
    if kinds:
        wanted = [k.strip() for k in kinds.split(",")] if isinstance(kinds, str) else list(kinds)
        keep &= events["kind"].isin(wanted)
    return events[keep].reset_index(drop=True)


def reading_summary(run: Analysis) -> pd.DataFrame:
    """What was read: one row per figure, for the front page."""
    a = run.articles
    days = a["published"].dropna().str[:10] if not a.empty else pd.Series(dtype=str)
    rows = [
        ("articles", len(a)),
        ("first published", days.min() if len(days) else "—"),
        ("last published", days.max() if len(days) else "—"),
        ("articles without a date", int(a["published"].isna().sum()) if not a.empty else 0),
        ("input problems", int((run.problems["severity"] == "error").sum()) if not run.problems.empty else 0),
        ("events", len(run.events)),
        ("entities", len(run.entities)),
    ]
    return pd.DataFrame(rows, columns=["what", "value"]).astype({"value": str})


def headline_figures(run: Analysis) -> pd.DataFrame:
    """Each event's figures with who says so: the claim ledger, readable."""
    c = run.claims
    if c.empty:
        return pd.DataFrame(columns=["figure", "value", "qualifier", "claimant", "certainty", "kind", "place",
                                     "date", "article_id"])
    ev = run.events.set_index("event_id")[["kind", "place", "date_start"]]
    out = c.join(ev, on="event_id")
    out = out.rename(columns={"date_start": "date"})
    return out[["figure", "value", "qualifier", "claimant", "certainty", "kind", "place", "date", "article_id"]]
