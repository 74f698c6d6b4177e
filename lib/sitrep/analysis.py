"""One call for a notebook: ingest the inputs, extract what is new, return the tidy tables.

``analyze`` is idempotent: re-running it on the same inputs and store re-reads nothing that is
already stored and re-extracts only articles whose extraction is missing or out of date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from sitrep import schema
from sitrep.boilerplate import prose_sentence
from sitrep.escape import html_text, markdown_text
from sitrep.extract.plausibility import implausible
from sitrep.store import IngestSummary, Store
from sitrep.timeline import build_timeline, timeline_frame, timeline_key, timeline_rows
from sitrep.words import SIDE_NAMES


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
    # page furniture dropped at ingest (menus, cookie notices, link lists ...), one row per line, with the reason
    removed: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        if self.removed is None:
            object.__setattr__(self, "removed", schema.frame(schema.REMOVED_SPANS))
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
    region: str | None = None,
    progress: bool = False,
    scheduler: str | None = None,
    parquet: bool | None = None,
    n_process: int | str = "auto",
) -> Analysis:
    """Ingest ``inputs`` into ``store``, extract new articles, and return the run's tables.

    ``published`` is the reference date used for articles that carry none. ``since``/``until``
    keep articles published (and events dated) in that inclusive range; ``kinds`` keeps those event
    kinds (a list or a comma-separated string); ``region`` keeps events in that admin1 region (any
    spelling the gazetteer knows: "Kharkiv region", "Kharkov oblast"). ``scheduler`` extracts on a Dask cluster (a
    scheduler address, or ``"local"``; see :class:`sitrep.extract.DaskPool`) instead of in this process; ``parquet``
    writes the extracted tables to the store's partitioned Parquet dataset (default: with a ``scheduler``; see
    :func:`sitrep.extract.extract_store`). ``n_process``: worker processes on this machine without a scheduler
    (``"auto"``: two on two or more cores for 200 new articles or more, else this process). Filters are applied in
    SQL (:func:`read_tables`).
    """
    from sitrep.extract import extract_store

    with Store(store) as db:
        summary = db.ingest(_as_list(inputs))
        extract_store(db, reference_date=published, progress=progress, scheduler=scheduler, parquet=parquet,
                      n_process=n_process)
        tables = read_tables(db, since=since, until=until, kinds=kinds, region=region)
        problems = db.problems()
        timeline = kept_timeline(db, tables["events"], tables["articles"])
    params = {"published": published, "since": since, "until": until, "kinds": kinds, "region": region}
    return Analysis(articles=tables["articles"], problems=problems, entities=tables["entities"],
                    numbers=tables["numbers"], events=tables["events"], claims=tables["claims"],
                    times=tables["times"], ingest=summary, parameters=params, timeline=timeline,
                    removed=tables["removed"])


def kept_timeline(db: Store, events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The merged timeline of ``events``, built once: the store keeps the last one built with the key of what it
    was built from (:func:`sitrep.timeline.timeline_key`), so the notebooks of one report (same tables, same
    filters) build it once, not once each."""
    key = timeline_key(events, articles)
    kept = db.path != ":memory:"
    payload = db.cached("timeline", key) if kept else None
    if payload is not None:
        try:
            return timeline_frame(json.loads(payload))
        except (ValueError, KeyError, TypeError):  # an unreadable payload: build it again
            pass
    rows = timeline_rows(events, articles)
    if kept:
        try:
            db.keep("timeline", key, json.dumps(rows))
        except duckdb.Error:  # a read-only store: the timeline is simply built again next time
            pass
    return timeline_frame(rows)


def read_tables(db: Store, *, since=None, until=None, kinds=None, region=None) -> dict[str, pd.DataFrame]:
    """The run's tables from the store, filtered in SQL (only the rows kept are read, and only the publication
    months of ``since``..``until`` of a Parquet dataset): the same rows, in the same order, as filtering every table in
    pandas with :func:`filter_articles` and :func:`filter_events` (tested)."""
    since, until = _date(since), _date(until)
    bounds = [(value, op) for value, op in ((since, ">="), (until, "<=")) if value]

    def in_range(column: str) -> tuple[str, list]:
        """Kept: undated (NULL or ''), or its first 10 characters within every bound given."""
        if not bounds:
            return "", []
        day = f"substr({column}, 1, 10)"
        test = " AND ".join(f"{day} {op} ?" for _, op in bounds)
        return f"(coalesce({day}, '') = '' OR ({test}))", [value for value, _ in bounds]

    article_test, article_params = in_range("published")
    where_articles = f"WHERE {article_test}" if article_test else ""
    articles = db.table(schema.ARTICLES, f"{where_articles} ORDER BY published NULLS LAST, article_id", article_params)
    of_articles = f"article_id IN (SELECT article_id FROM articles {where_articles})"
    months = (since[:7] if since else None, until[:7] if until else None)
    out = {"articles": articles}
    for table in (schema.ENTITIES, schema.NUMBERS, schema.TIMES):
        out[table.name] = db.select(table, of_articles, article_params, months=months)
    event_tests, event_params = [of_articles], list(article_params)
    date_test, date_params = in_range("date_start")
    if date_test:
        event_tests.append(date_test)
        event_params += date_params
    if kinds:
        wanted = [k.strip() for k in kinds.split(",")] if isinstance(kinds, str) else list(kinds)
        event_tests.append("kind IN (SELECT unnest(?::VARCHAR[]))")
        event_params.append(wanted)
    if region:
        event_tests.append("lower(coalesce(admin1, '')) = ?")
        event_params.append(_region_name(region).casefold())
    events = db.select(schema.EVENTS, " AND ".join(event_tests), event_params, months=months)
    out["events"] = events
    out["claims"] = db.select(schema.CLAIMS, f"{of_articles} AND event_id IN (SELECT unnest(?::VARCHAR[]))",
                              [*article_params, list(events["event_id"])], months=months)
    out["removed"] = db.table(schema.REMOVED_SPANS, f"WHERE {of_articles} ORDER BY article_id, char_start",
                              article_params)
    return out


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


def filter_events(events: pd.DataFrame, *, since=None, until=None, kinds=None, region=None) -> pd.DataFrame:
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
    if region:
        keep &= events["admin1"].fillna("").str.casefold() == _region_name(region).casefold()
    return events[keep].reset_index(drop=True)


def _region_name(region: str) -> str:
    from sitrep.geo import resolve_admin1

    place = resolve_admin1(region)
    return place.admin1 if place is not None and place.admin1 else region


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




# -- the front page -------------------------------------------------------------------------------



FRONT_PAGE_ROWS = 25  # the most rows a front-page table shows
DETAIL_ROWS = 200  # the most rows a detail notebook's table shows


def limit_note(total: int, shown: int, full: str | None = None) -> str:
    """The line under a cut table: how many rows are shown, how many more there are and where the full table is."""
    if total <= shown:
        return ""
    more = total - shown
    where = f"; the full table is in {full}" if full else ""
    return f"Showing {shown:,} of {total:,} rows ({more:,} more not shown{where})."


def display_table(df: pd.DataFrame, *, caption: str | None = None, empty: str = "nothing to show",
                  highlight: str | None = None, limit: int | None = None, full: str | None = None):
    """A readable table for notebooks and HTML: no index, blanks for missing values; rows whose
    ``highlight`` column is true are shaded (e.g. timeline entries with conflicting figures). Cells, column
    names and the caption are text: HTML in them is escaped, never rendered.

    ``limit`` shows only the first ``limit`` rows, with a line saying how many more there are and, if ``full``
    is given, where the full table is (e.g. "exports/timeline.parquet and the 3 · Timeline notebook")."""
    if df is None or df.empty:
        from IPython.display import Markdown

        return Markdown(f"*{markdown_text(empty)}*")
    note = ""
    if limit is not None and len(df) > max(0, int(limit)):
        note = limit_note(len(df), max(0, int(limit)), full)
        df = df.head(max(0, int(limit)))
    df = df.map(lambda v: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v)
    styler = (df.style.hide(axis="index").format(na_rep="", precision=0, thousands=",", escape="html")
              .format_index(escape="html", axis=1))
    if highlight and highlight in df:
        marks = df[highlight].fillna(False).astype(bool)
        styler = styler.apply(lambda row: ["background-color: #fdebd0" if marks[row.name] else ""] * len(row),
                              axis=1)
    caption = " — ".join(c for c in (caption, note) if c)
    if caption:
        styler = styler.set_caption(html_text(caption))
    return styler.set_table_styles([{"selector": "td, th", "props": "text-align: left; padding: 2px 8px;"}])


def front_page_header(run: Analysis, title: str) -> str:
    """Markdown: title, period, sources and the filters in force. The title and the filter values are shown as
    text (no HTML, links or formatting of their own)."""
    a = run.articles
    days = sorted(a["published"].dropna().str[:10]) if not a.empty else []
    heading = f"# {markdown_text(title)}"
    if a.empty:
        return f"{heading}\n\n**There were no articles to report on.** Check the inputs and the filters below."
    period = f"{days[0]} to {days[-1]}" if days and days[0] != days[-1] else (days[0] if days else "undated")
    period = markdown_text(period)
    entries = run.timeline if run.timeline is not None else pd.DataFrame()
    filters = ", ".join(f"{markdown_text(k)}={markdown_text(v)}" for k, v in run.parameters.items()
                        if v not in (None, "", []))
    lines = [heading, "",
             f"{len(a)} article(s) published {period}; {len(run.events)} event reports merged into "
             f"{len(entries)} timeline entries."]
    if filters:
        lines.append(f"Filters: {filters}.")
    return "\n".join(lines)


def _side(value) -> str:
    return SIDE_NAMES.get(value, "other / unknown") if isinstance(value, str) else "other / unknown"


def headline_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events the front page's headline figures may come from: **main** (not an incident the article only
    recalls), **attributed** (someone — a claimant — states the figures) and **plausible** (no figure past the bounds
    of :mod:`sitrep.extract.plausibility`; such figures stay in the claim ledger as ``implausible``)."""
    if events.empty:
        return events
    keep = events["salience"].fillna("main").ne("background") & events["claimant"].notna()
    for figure in ("killed", "injured", "children_killed", "children_injured", "launched", "intercepted"):
        keep &= ~pd.Series([implausible(k, figure, v) for k, v in zip(events["kind"], events[figure], strict=True)],
                           index=events.index, dtype=bool)
    return events[keep].reset_index(drop=True)


def casualty_summary(run: Analysis) -> pd.DataFrame:
    """Attacks by acting side, each real event counted once (timeline entries, not reports), from
    :func:`headline_events` only."""
    ev = headline_events(run.events)
    timeline = build_timeline(ev, run.articles) if not ev.empty else None
    run = dataclasses.replace(run, events=ev, timeline=timeline)
    if ev.empty or run.timeline is None or run.timeline.empty:
        return pd.DataFrame(columns=["side", "attacks", "killed", "injured", "children killed", "children injured",
                                     "sources", "most hit places"])
    side_of = dict(zip(ev["event_id"], ev["actor_country"], strict=False))
    kids_of = {f: dict(zip(ev["event_id"], ev[f], strict=False)) for f in ("children_killed", "children_injured")}

    def fewest(figure: str, ids: list) -> int:  # the lowest of the sources' figures, as the entry's own figures
        values = [v for i in ids if i in kids_of[figure] and not pd.isna(v := kids_of[figure][i])]
        return _num(min(values)) if values else 0

    rows = []
    for entry in run.timeline[run.timeline["kind"] == "attack"].to_dict("records"):
        ids = list(entry["event_ids"])
        side = next((side_of.get(i) for i in ids if isinstance(side_of.get(i), str)), None)
        rows.append({"side": f"by {_side(side)}", "place": entry.get("place") or entry.get("admin1"),
                     "attacks": 1, "killed": _num(entry["killed"]),
                     "injured": _num(entry["injured"]),
                     "children killed": fewest("children_killed", ids),
                     "children injured": fewest("children_injured", ids),
                     "sources": len(entry["sources"])})
    if not rows:
        return pd.DataFrame(columns=["side", "attacks", "killed", "injured", "children killed", "children injured",
                                     "sources", "most hit places"])
    df = pd.DataFrame(rows)
    places = df.groupby("side")["place"].agg(_top_places)
    df = df.drop(columns="place").groupby("side", as_index=False).sum()
    df["most hit places"] = df["side"].map(places).fillna("")
    return df


def _num(value) -> int:
    try:
        return 0 if value is None or pd.isna(value) else int(value)
    except (TypeError, ValueError):
        return 0


WEEKLY_AFTER_DAYS = 31  # headline tables count per day up to this many days of events, per week beyond


def period_of(dates: pd.Series) -> tuple[str, pd.Series]:
    """The period headline figures are counted by, chosen by the span of the middle 90% of ``dates`` (ISO strings):
    ("day", the day) up to :data:`WEEKLY_AFTER_DAYS` days, else ("week", "week of <Monday>"). Undated rows give ""."""
    day = pd.to_datetime(dates.fillna("").astype(str).str[:10], errors="coerce", format="%Y-%m-%d")
    # the span of the bulk: a stray date (a recalled strike, an anniversary) does not turn days into weeks
    span = (day.quantile(0.95) - day.quantile(0.05)).days if day.notna().any() else 0
    if span <= WEEKLY_AFTER_DAYS:
        return "day", day.dt.strftime("%Y-%m-%d").fillna("")
    monday = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    return "week", ("week of " + monday.dt.strftime("%Y-%m-%d")).fillna("")


def _top_places(places: pd.Series, n: int = 3) -> str:
    """The ``n`` most frequent places, most frequent first, with counts when there are repeats."""
    counts = places.dropna().astype(str).str.strip()
    counts = counts[counts != ""].value_counts()
    if counts.empty:
        return ""
    shown = [f"{p} ({c})" if c > 1 else p for p, c in counts.head(n).items()]
    return ", ".join(shown) + (f" +{len(counts) - n} more" if len(counts) > n else "")


def _night_figure(group: pd.DataFrame, figure: str) -> float | None:
    """One claimant's figure for one night: the lowest report per weapon (ACLED's conservative rule), added over
    weapons; a report naming no weapon is a total, so the night is never less than it (and never counted twice)."""
    per_weapon = group.groupby(group["weapon"].fillna(""))[figure].min().dropna()
    if per_weapon.empty:
        return None
    specific = per_weapon.drop("", errors="ignore")
    total = per_weapon.get("")
    summed = specific.sum() if len(specific) else None
    if total is None:
        return float(summed)
    return float(total) if summed is None else float(max(total, summed))


def air_defense_summary(run: Analysis) -> pd.DataFrame:
    """Weapons launched and intercepted per day (per week over a long span), per claimant and per side whose
    weapons they were — competing claims side by side, never added together; from :func:`headline_events` only.

    A claimant's figure for a night is its lowest report (per weapon); a week adds up its nights. ``places`` names
    the most reported places."""
    columns = ["date", "claimant", "certainty", "weapons of", "weapons", "nights", "launched", "intercepted",
               "places", "articles"]
    ev = headline_events(run.events)
    ad = ev[ev["kind"] == "air_defense"] if not ev.empty else ev
    if ad.empty:
        return pd.DataFrame(columns=columns)
    ad = ad.copy()
    unit, ad["_period"] = period_of(ad["date_start"])
    ad["_day"] = ad["date_start"].fillna("").astype(str).str[:10]
    ad["_claimant"] = ad["claimant"].fillna("(unattributed)")
    ad["_side"] = ad["actor_country"].fillna("")
    rows = []
    for (period, claimant, side), group in ad.groupby(["_period", "_claimant", "_side"], sort=True):
        nights = {day: {f: _night_figure(g, f) for f in ("launched", "intercepted")}
                  for day, g in group.groupby("_day", sort=True)}

        def total(figure: str, nights=nights):
            values = [n[figure] for n in nights.values() if n[figure] is not None]
            return int(sum(values)) if values else None

        rows.append({"date": period, "claimant": claimant, "certainty": group["certainty"].dropna().max(),
                     "weapons of": SIDE_NAMES.get(side, side or ""),
                     "weapons": ", ".join(sorted(set(group["weapon"].dropna().astype(str)) - {""})),
                     "nights": len(nights), "launched": total("launched"), "intercepted": total("intercepted"),
                     "places": _top_places(group["place"]), "articles": group["article_id"].nunique()})
    out = pd.DataFrame(rows, columns=columns)
    if unit == "week":
        out = out.rename(columns={"date": "week"})
    else:
        out = out.drop(columns="nights")
    return out


def _figure_text(entry: dict, figure: str) -> str:
    shown = entry.get(figure)
    if shown is None or pd.isna(shown):
        return ""
    values = {}
    for f in entry.get("figures") or []:
        v = f.get(figure)
        if v is not None and not pd.isna(v):
            values.setdefault(int(v), []).append(f.get("claimant") or f.get("article_id"))
    others = [f"{v} per {', '.join(map(str, who))}" for v, who in values.items() if v != int(shown)]
    return f"{int(shown)}" + (f" ({'; '.join(others)})" if others else "")


def timeline_table(run: Analysis, *, order: str = "date") -> pd.DataFrame:
    """The merged timeline, readable: one row per real event, conflicting figures spelled out, and its stable
    ``entry`` id (the provenance page's anchor, :mod:`sitrep.provenance`). ``order="size"``
    puts the largest events first (killed + injured, then weapons launched, then sources), for a front page that
    shows only the first rows."""
    t = run.timeline
    if t is None or t.empty:
        return pd.DataFrame(columns=["date", "kind", "place", "country", "actor", "killed", "injured", "launched",
                                     "intercepted", "claimants", "certainty", "sources", "conflicting", "entry"])
    rows = []
    for e in t.to_dict("records"):
        e = {k: (None if not isinstance(v, list | tuple | dict) and pd.isna(v) else v) for k, v in e.items()}
        place = ", ".join(dict.fromkeys(p for p in (e["place"], e["admin1"]) if p))
        rows.append({"date": e["date_start"], "kind": e["kind"] + (f" ({e['subkind']})" if e["subkind"] else ""),
                     "place": place, "country": e["country"], "actor": e["actor"],
                     **{f: _figure_text(e, f) for f in ("killed", "injured", "launched", "intercepted")},
                     "claimants": ", ".join(e["claimants"]), "certainty": e["certainty"],
                     "sources": len(e["sources"]), "conflicting": bool(e["conflicting"]), "entry": e["entry_id"]})
    out = pd.DataFrame(rows)
    if order == "size":
        size = pd.DataFrame({"casualties": pd.to_numeric(t["killed"], errors="coerce").fillna(0).to_numpy()
                             + pd.to_numeric(t["injured"], errors="coerce").fillna(0).to_numpy(),
                             "launched": pd.to_numeric(t["launched"], errors="coerce").fillna(0).to_numpy(),
                             "sources": out["sources"].to_numpy(), "date": out["date"].fillna("").to_numpy()})
        rank = size.sort_values(["casualties", "launched", "sources", "date"], ascending=[False, False, False, True],
                                kind="stable").index
        out = out.loc[rank].reset_index(drop=True)
    return out


def statements_table(run: Analysis) -> pd.DataFrame:
    """Statements whose sentence is prose (:func:`sitrep.boilerplate.prose_sentence`: a sentence of reasonable
    length with prose's stopwords, never a menu or a run of merged page lines)."""
    ev = run.events
    st = ev[ev["kind"] == "statement"] if not ev.empty else ev
    if not st.empty:
        st = st[st["sentence"].map(lambda t: isinstance(t, str) and prose_sentence(t))]
    if st.empty:
        return pd.DataFrame(columns=["date", "speaker", "statement", "article_id"])
    return (st.rename(columns={"date_start": "date", "sentence": "statement"})
            [["date", "speaker", "statement", "article_id"]].reset_index(drop=True))


def disputed_table(run: Analysis) -> pd.DataFrame:
    """What an analyst should double-check: unverified or disputed claims and conflicting figures."""
    t = timeline_table(run)
    if t.empty:
        return t
    flag = t["certainty"].isin(["unverified", "disputed", "claimed"]) | t["conflicting"]
    return t[flag].reset_index(drop=True)


def unresolved_table(run: Analysis) -> pd.DataFrame:
    """Places the gazetteer could not place and events dated only by their article's publication date."""
    rows = []
    p = run.problems
    if not p.empty:
        for r in p[p["stage"] == "geo"].to_dict("records"):
            rows.append({"what": "place", "detail": r["reason"], "article_id": r["locator"]})
    ev = run.events
    if not ev.empty:
        for r in ev[ev["date_text"].isna() & ev["kind"].isin(["attack", "air_defense"])].to_dict("records"):
            rows.append({"what": "date", "detail": f"{r['kind']} dated by publication ({r['date_start']}): "
                         f"{r['sentence'][:120]}", "article_id": r["article_id"]})
    return pd.DataFrame(rows, columns=["what", "detail", "article_id"])


def headline_figures(run: Analysis) -> pd.DataFrame:
    """Each figure of the claim ledger with who says so (one row per event and figure)."""
    c = run.claims
    if c.empty:
        return pd.DataFrame(columns=["figure", "value", "qualifier", "claimant", "certainty", "kind", "place",
                                     "date", "article_id"])
    ev = run.events.set_index("event_id")[["kind", "place", "date_start"]]
    out = c.join(ev, on="event_id").rename(columns={"date_start": "date"})
    return out[["figure", "value", "qualifier", "claimant", "certainty", "kind", "place", "date", "article_id"]]
