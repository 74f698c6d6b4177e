"""Exports of a run's tables: ACLED-style CSV, GeoJSON, TimelineJS JSON and Parquet.

Each format has a function that returns the data (a DataFrame or a JSON-ready dict) and
:func:`export_all` writes them all::

    from sitrep.analysis import analyze
    from sitrep.export import export_all

    paths = export_all(analyze("seeds"), "out/")
    # {"acled": out/acled.csv, "geojson": out/timeline.geojson, "timelinejs": out/timelinejs.json,
    #  "articles": out/articles.parquet, "events": out/events.parquet, "timeline": out/timeline.parquet, ...}

* **ACLED CSV** (:func:`to_acled`): one row per *timeline entry*, i.e. per real event with its
  sources merged, as ACLED codes one event from many reports. ACLED's column names where one
  exists; ``fatalities`` is the entry's shown ``killed`` figure (0 when none is reported, as in
  ACLED), ``source`` the outlets separated by ``"; "`` and ``notes`` the first report's sentence
  followed by every source's own figures. sitrep's extras follow (entry_id, claimant, certainty,
  conflicting, ...). Event types come from the entry's kind and subkind through the one mapping table
  (``sitrep.acled``, ``data/acled_types.jsonl``), the same the extractor uses. Statements have no
  ACLED event type and are kept with blank ``event_type``; filter on ``kind`` to drop them. A text cell that
  starts with ``= + - @``, tab or CR gets a leading ``'`` so that spreadsheets do not run it as a formula.
* **GeoJSON** (:func:`to_geojson`): a FeatureCollection with one Point feature per entry that has
  coordinates, ``[lon, lat]`` order, every other timeline column as a property.
* **TimelineJS** (:func:`to_timelinejs`): ``{"title": slide, "events": [slide, ...]}`` with
  ``start_date``/``end_date`` as ``{year, month, day}`` (no day for month-precision dates),
  ``text.headline``/``text.text`` and ``group`` = the entry's kind. Headline and text are HTML (TimelineJS renders
  them so): every value from an input in them is escaped.
* **Parquet** (:func:`write_parquet`): one file per table through pyarrow; lists and figure
  records stay nested (list and struct columns).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from sitrep import schema
from sitrep.acled import acled_type, disorder_type
from sitrep.escape import csv_frame, html_text
from sitrep.timeline import build_timeline

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
    "notes", "fatalities",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "entry_id", "kind", "subkind", "date_end", "target", "killed", "injured", "launched", "intercepted", "claimant",
    "certainty", "conflicting", "source_articles", "first_reported",
)
DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
FILES = {"acled": "acled.csv", "geojson": "timeline.geojson", "timelinejs": "timelinejs.json"}


# -- JSON ---------------------------------------------------------------------------------------------------------


def jsonable(value):
    """A JSON-ready value: None for NaN/NA, plain Python scalars, lists and dicts cleaned all the way down."""
    kind = type(value)
    if value is None or kind is str or kind is bool or kind is int:  # the common cells first: no ABC checks
        return value
    if kind is float:
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple) or (hasattr(value, "tolist") and getattr(value, "ndim", 0)):
        return [jsonable(v) for v in list(value)]
    if value is None or isinstance(value, str | bool):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return str(value)
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dt.date | pd.Timestamp):
        return value.isoformat()
    return value


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: jsonable(v) for k, v in row.items()} for row in df.to_dict("records")]


# -- ACLED --------------------------------------------------------------------------------------------------------


@functools.cache
def _countries() -> dict[str, dict]:
    path = Path(__file__).parent / "data" / "countries.jsonl"
    out = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                out[rec["iso2"]] = rec
    return out


def country_name(code: str | None) -> str | None:
    """Full country name for an ISO 3166-1 alpha-2 code ('UA' -> 'Ukraine'); the input when unknown."""
    if not code:
        return None
    rec = _countries().get(str(code).upper())
    return rec["name"] if rec else code


def _iso3(code: str | None) -> str:
    rec = _countries().get(str(code).upper()) if code else None
    return rec["iso3"] if rec else "XXX"


def to_acled(
    timeline: pd.DataFrame,
    *,
    events: pd.DataFrame | None = None,
    articles: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One ACLED-style row per timeline entry (columns :data:`ACLED_COLUMNS` then :data:`EXTRA_COLUMNS`)."""
    by_event = {r["event_id"]: r for r in _records(events)} if events is not None and not events.empty else {}
    outlet = {}
    if articles is not None and not articles.empty:
        outlet = {r["article_id"]: r.get("source") or r["article_id"] for r in _records(articles)}
    rows = []
    for entry in _records(timeline):
        members = [by_event[e] for e in entry["event_ids"] or [] if e in by_event]
        event_type, sub_event_type = acled_type(entry["kind"], entry["subkind"])  # the one table (sitrep.acled)
        actor1, actor2 = _actors(entry, members)
        sources = entry["sources"] or []
        date = entry["date_start"]
        rows.append({
            "event_id_cnty": f"{_iso3(entry['country'])}-{entry['entry_id']}",
            "event_date": date,
            "year": int(date[:4]) if date else None,
            "time_precision": entry["time_precision"],
            "disorder_type": disorder_type(entry["kind"], entry["subkind"]) or DISORDER_TYPES.get(event_type),
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "actor1": actor1,
            "actor2": actor2,
            "country": country_name(entry["country"]),
            "admin1": entry["admin1"],
            "location": entry["place"],
            "latitude": entry["lat"],
            "longitude": entry["lon"],
            "geo_precision": entry["geo_precision"],
            "source": "; ".join(dict.fromkeys(outlet.get(a, a) for a in sources)),
            "notes": _notes(entry, members, outlet),
            "fatalities": entry["killed"] or 0,
            **{c: entry[c] for c in ("entry_id", "kind", "subkind", "date_end", "target", "killed", "injured",
                                     "launched", "intercepted", "certainty", "conflicting", "first_reported")},
            "claimant": "; ".join(entry["claimants"] or []) or None,
            "source_articles": "; ".join(sources),
        })
    df = pd.DataFrame(rows, columns=[*ACLED_COLUMNS, *EXTRA_COLUMNS])
    ints = ("year", "time_precision", "geo_precision", "fatalities", "killed", "injured", "launched", "intercepted")
    return df.astype({c: "Int64" for c in ints} | {"latitude": "float64", "longitude": "float64"})


def _actors(entry: dict, members: list[dict]) -> tuple[str | None, str | None]:
    if entry["kind"] == "meeting":
        people = list(dict.fromkeys(p for m in members for p in (m.get("participants") or [])))
        return (people[0] if people else None), (people[1] if len(people) > 1 else None)
    if entry["kind"] == "statement":
        return (entry["claimants"] or [None])[0], None
    actor_country = next((m.get("actor_country") for m in members if m.get("actor_country")), None)
    target_country = next((m.get("target_country") for m in members if m.get("target_country")), None)
    actor2 = country_name(target_country) if target_country and target_country != actor_country else None
    return entry["actor"], actor2


def _figure_text(fig: dict) -> str:
    return ", ".join(f"{k} {fig[k]}" for k in schema.FIGURE_FIELDS if fig.get(k) is not None)


def _notes(entry: dict, members: list[dict], outlet: dict) -> str:
    sentence = " ".join((members[0].get("sentence") or "").split()) if members else ""
    parts = [sentence] if sentence else []
    figs = [f for f in entry["figures"] or [] if _figure_text(f)]
    if figs:
        said = "; ".join(f"{outlet.get(f['article_id'], f['article_id'])}"
                         f"{' (' + f['claimant'] + ')' if f.get('claimant') else ''}: {_figure_text(f)}" for f in figs)
        parts.append(f"Figures by source: {said}.")
    if entry["conflicting"]:
        parts.append("Sources disagree on the figures.")
    return " ".join(parts)


def write_acled_csv(timeline: pd.DataFrame, path: str | Path, *, events: pd.DataFrame | None = None,
                    articles: pd.DataFrame | None = None) -> Path:
    """:func:`to_acled` as CSV; text cells a spreadsheet would run as formulas are guarded (``escape.csv_frame``)."""
    path = Path(path)
    csv_frame(to_acled(timeline, events=events, articles=articles)).to_csv(path, index=False)
    return path


# -- GeoJSON ------------------------------------------------------------------------------------------------------


def to_geojson(timeline: pd.DataFrame) -> dict:
    """A GeoJSON FeatureCollection: a Point (``[lon, lat]``) per entry with coordinates, the rest as properties."""
    features = []
    for entry in _records(timeline):
        lat, lon = entry.get("lat"), entry.get("lon")
        if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
            continue
        features.append({
            "type": "Feature",
            "id": entry["entry_id"],
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": {k: v for k, v in entry.items() if k not in ("lat", "lon")},
        })
    return {"type": "FeatureCollection", "features": features}


# -- TimelineJS ---------------------------------------------------------------------------------------------------


def _date_parts(iso: str | None, precision: int | None) -> dict | None:
    if not iso:
        return None
    try:
        day = dt.date.fromisoformat(str(iso)[:10])
    except ValueError:
        return None
    parts = {"year": day.year, "month": day.month, "day": day.day}
    if precision is not None and precision >= 3:
        parts.pop("day")
    return parts


def _headline(entry: dict) -> str:
    """The slide's headline as plain text (:func:`to_timelinejs` escapes it: TimelineJS renders headlines as HTML)."""
    kind = (entry.get("subkind") or entry["kind"] or "event").replace("_", " ")
    if entry["kind"] == "statement":
        who = (entry["claimants"] or [None])[0]
        return f"Statement by {who}" if who else "Statement"
    where = entry.get("place") or entry.get("admin1") or entry.get("country")
    return f"{kind[:1].upper()}{kind[1:]}" + (f" in {where}" if where else "")


def _slide_text(entry: dict, outlet: Mapping[str, str]) -> str:
    lines = []
    shown = _figure_text(entry)
    if shown:
        lines.append(f"<p>{html_text(shown)} ({html_text(entry.get('certainty') or 'certainty unknown')})</p>")
    figs = [f for f in entry["figures"] or [] if _figure_text(f)]
    if len(figs) > 1 or entry["conflicting"]:
        items = "".join(f"<li>{html_text(outlet.get(f['article_id'], f['article_id']))}"
                        f"{html_text(' (' + f['claimant'] + ')') if f.get('claimant') else ''}: "
                        f"{html_text(_figure_text(f))}</li>" for f in figs)
        lines.append(f"<p>{'Competing figures' if entry['conflicting'] else 'Figures'} by source:</p><ul>{items}</ul>")
    sources = ", ".join(html_text(outlet.get(a, a)) for a in entry["sources"] or [])
    lines.append(f"<p>Sources: {sources}</p>")
    return "".join(lines)


def to_timelinejs(timeline: pd.DataFrame, *, title: str = "sitrep timeline", articles: pd.DataFrame | None = None,
                  description: str | None = None) -> dict:
    """TimelineJS3 JSON: one slide per dated entry, grouped by kind."""
    outlet = {}
    if articles is not None and not articles.empty:
        outlet = {r["article_id"]: r.get("source") or r["article_id"] for r in _records(articles)}
    slides = []
    for entry in _records(timeline):
        start = _date_parts(entry["date_start"], entry["time_precision"])
        if start is None:
            continue
        slide = {"start_date": start,
                 "text": {"headline": html_text(_headline(entry)), "text": _slide_text(entry, outlet)},
                 "group": entry["kind"], "unique_id": entry["entry_id"]}
        end = _date_parts(entry["date_end"], entry["time_precision"])
        if end is not None and end != start:
            slide["end_date"] = end
        slides.append(slide)
    n = len(timeline)
    text = description or f"{n} event{'s' if n != 1 else ''} merged from the sources' reports"
    return {"title": {"text": {"headline": html_text(title), "text": html_text(text)}}, "events": slides}


# -- Parquet ------------------------------------------------------------------------------------------------------


def _arrow_table(df: pd.DataFrame):
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(df, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        df = df.copy()
        for column in df.columns:  # mixed values: fall back to JSON text for that column
            if df[column].dtype != "object":
                continue
            try:
                pa.array(df[column], from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                values = map(jsonable, df[column])
                df[column] = [None if v is None else json.dumps(v, ensure_ascii=False) for v in values]
        return pa.Table.from_pandas(df, preserve_index=False)


def write_parquet(tables: Mapping[str, pd.DataFrame], out_dir: str | Path) -> dict[str, Path]:
    """One ``<name>.parquet`` per table in ``out_dir``; returns {name: path}."""
    import pyarrow.parquet as pq

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, df in tables.items():
        path = out_dir / f"{name}.parquet"
        pq.write_table(_arrow_table(df), path)
        paths[name] = path
    return paths


# -- everything ---------------------------------------------------------------------------------------------------


def tables_of(run) -> dict[str, pd.DataFrame]:
    """The DataFrames of an :class:`~sitrep.analysis.Analysis` (or any mapping of name -> DataFrame).

    A missing ``timeline`` is built from ``events`` (and ``articles``).
    """
    if isinstance(run, Mapping):
        tables = {k: v for k, v in run.items() if isinstance(v, pd.DataFrame)}
    elif dataclasses.is_dataclass(run):
        tables = {f.name: getattr(run, f.name) for f in dataclasses.fields(run)
                  if isinstance(getattr(run, f.name), pd.DataFrame)}
    else:
        raise TypeError(f"expected an Analysis or a mapping of DataFrames, got {type(run).__name__}")
    if "timeline" not in tables and "events" in tables:
        tables["timeline"] = build_timeline(tables["events"], tables.get("articles"))
    return tables


def export_all(run, out_dir: str | Path, *, title: str = "sitrep timeline") -> dict[str, Path]:
    """Write every export of ``run`` (an Analysis, or a mapping with at least ``events`` or ``timeline``).

    Returns {"acled": …csv, "geojson": …, "timelinejs": …, "<table>": <table>.parquet for every table}.
    """
    tables = tables_of(run)
    if "timeline" not in tables:
        raise ValueError("nothing to export: need an events or a timeline table")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    timeline, events, articles = tables["timeline"], tables.get("events"), tables.get("articles")
    paths = {"acled": write_acled_csv(timeline, out_dir / FILES["acled"], events=events, articles=articles)}
    for name, data in (("geojson", to_geojson(timeline)),
                       ("timelinejs", to_timelinejs(timeline, title=title, articles=articles))):
        path = out_dir / FILES[name]
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        paths[name] = path
    paths.update(write_parquet(tables, out_dir))
    return paths


__all__ = ["ACLED_COLUMNS", "EXTRA_COLUMNS", "country_name", "export_all", "jsonable", "tables_of", "to_acled",
           "to_geojson", "to_timelinejs", "write_acled_csv", "write_parquet"]
