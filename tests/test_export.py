"""Exports: ACLED-style CSV (one row per timeline entry), GeoJSON, TimelineJS JSON and Parquet of every table."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from sitrep import schema
from sitrep.analysis import Analysis
from sitrep.export import ACLED_COLUMNS, EXTRA_COLUMNS, export_all, to_acled, to_geojson, to_timelinejs
from sitrep.store import IngestSummary
from sitrep.timeline import build_timeline

KHARKIV = {"place": "Kharkiv", "admin1": "Kharkiv Oblast", "country": "UA", "lat": 49.98177, "lon": 36.25475,
           "geo_precision": 1}
TEMRYUK = {"place": "Temryuk", "admin1": "Krasnodar Krai", "country": "RU", "lat": 45.26885, "lon": 37.39752,
           "geo_precision": 1}
NOWHERE = {"place": None, "admin1": None, "country": None, "lat": None, "lon": None, "geo_precision": None}


def event(event_id: str, article_id: str, **fields) -> dict:
    row = {"event_id": event_id, "article_id": article_id, "kind": "attack", "subkind": "drone_strike",
           "acled_event_type": "Explosions/Remote violence", "acled_sub_event_type": "Air/drone strike",
           "actor": "Russia", "actor_country": "RU", "target": "apartment block", "target_country": "UA",
           "weapon": "drone", **KHARKIV, "date_text": "overnight", "date_start": "2025-12-04",
           "date_end": "2025-12-04", "time_precision": 1, "status": "happened", "claimant": "Oleh Syniehubov",
           "certainty": "confirmed", "char_start": 0, "char_end": 90,
           "sentence": f"Sentence of {event_id}: drones hit the city overnight."}
    row.update(fields)
    return row


EVENTS = schema.frame(schema.EVENTS, [
    event("e1", "reuters-1", injured=5, killed=1),
    event("e2", "kyiv-1", injured=7, killed=1),
    event("e3", "kyiv-1", **TEMRYUK, actor="Ukraine", actor_country="UA", target="sea port", target_country="RU",
          claimant=None, certainty=None, char_start=200),
    event("e4", "reuters-1", kind="air_defense", subkind=None, acled_event_type="Strategic developments",
          acled_sub_event_type="Disrupted weapons use", target=None, target_country=None, **NOWHERE,
          claimant="Ukrainian Air Force", certainty="claimed", launched=52, intercepted=40, char_start=300),
    event("e5", "kyiv-1", kind="statement", subkind=None, acled_event_type=None, acled_sub_event_type=None,
          actor=None, actor_country=None, target=None, target_country=None, **NOWHERE,
          claimant="Volodymyr Zelenskyy", speaker="Volodymyr Zelenskyy", date_text=None, date_start="2025-12-05",
          date_end="2025-12-05", participants=["Volodymyr Zelenskyy"], char_start=400),
    event("e6", "reuters-1", kind="meeting", subkind=None, acled_event_type="Strategic developments",
          acled_sub_event_type="Agreement", actor=None, actor_country=None, target=None, target_country=None,
          place="Miami", admin1="Florida", country="US", lat=25.77427, lon=-80.19366, geo_precision=1,
          claimant=None, certainty="planned", participants=["Steve Witkoff", "Rustem Umerov"],
          date_text="December", date_start="2025-12-01", date_end="2025-12-31", time_precision=3, char_start=500),
])
ARTICLES = schema.frame(schema.ARTICLES, [
    {"article_id": "reuters-1", "title": "Drones hit Kharkiv", "published": "2025-12-05T06:00:00+00:00",
     "source": "Reuters", "text": "..."},
    {"article_id": "kyiv-1", "title": "Kharkiv attacked", "published": "2025-12-05T09:00:00+00:00",
     "source": "Kyiv Independent", "text": "..."},
])


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    tl = build_timeline(EVENTS, ARTICLES)
    assert len(tl) == 5  # the Kharkiv strike from two outlets is one entry
    return tl


def kharkiv(df: pd.DataFrame, column: str = "place") -> pd.Series:
    return df[df[column] == "Kharkiv"].iloc[0]


# -- ACLED --------------------------------------------------------------------------------------------------------


def test_acled_csv_has_acled_columns_and_one_row_per_entry(timeline, tmp_path):
    paths = export_all({"events": EVENTS, "articles": ARTICLES, "timeline": timeline}, tmp_path)
    acled = pd.read_csv(paths["acled"])
    assert list(acled.columns) == [*ACLED_COLUMNS, *EXTRA_COLUMNS]
    assert list(acled.columns[:18]) == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
                                        "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
                                        "location", "latitude", "longitude", "geo_precision", "source", "notes",
                                        "fatalities"]
    assert len(acled) == len(timeline) and acled["entry_id"].is_unique
    row = kharkiv(acled, "location")
    assert row["event_id_cnty"] == f"UKR-{row['entry_id']}"
    assert (row["event_date"], row["year"], row["country"], row["admin1"]) == ("2025-12-04", 2025, "Ukraine",
                                                                                "Kharkiv Oblast")
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == (
        "Political violence", "Explosions/Remote violence", "Air/drone strike")
    assert (row["actor1"], row["actor2"]) == ("Russia", "Ukraine")
    assert (row["latitude"], row["longitude"]) == (KHARKIV["lat"], KHARKIV["lon"])
    assert row["source"] == "Reuters; Kyiv Independent"
    assert row["fatalities"] == 1 and row["injured"] == 5  # shown once, not 2 and 12
    assert "Reuters (Oleh Syniehubov): killed 1, injured 5" in row["notes"]
    assert "Kyiv Independent (Oleh Syniehubov): killed 1, injured 7" in row["notes"]
    assert row["conflicting"] and row["claimant"] == "Oleh Syniehubov" and row["certainty"] == "confirmed"
    assert acled["fatalities"].sum() == 1
    temryuk = acled[acled["location"] == "Temryuk"].iloc[0]
    assert (temryuk["country"], temryuk["actor1"], temryuk["actor2"]) == ("Russia", "Ukraine", "Russia")
    assert temryuk["event_id_cnty"].startswith("RUS-") and temryuk["fatalities"] == 0
    meeting = acled[acled["kind"] == "meeting"].iloc[0]
    assert (meeting["actor1"], meeting["actor2"], meeting["disorder_type"]) == (
        "Steve Witkoff", "Rustem Umerov", "Strategic developments")
    statement = acled[acled["kind"] == "statement"].iloc[0]
    assert pd.isna(statement["event_type"]) and statement["actor1"] == "Volodymyr Zelenskyy"
    assert statement["event_id_cnty"].startswith("XXX-")


def test_acled_without_events_or_articles_still_has_every_column(timeline):
    acled = to_acled(timeline)
    assert list(acled.columns) == [*ACLED_COLUMNS, *EXTRA_COLUMNS] and len(acled) == len(timeline)
    # event types come from the entry's kind/subkind through sitrep.acled, so they are there without events too
    assert acled["event_type"].tolist() == to_acled(timeline, events=EVENTS, articles=ARTICLES)[
        "event_type"].tolist()
    assert kharkiv(acled, "location")["sub_event_type"] == "Air/drone strike"
    assert kharkiv(acled, "location")["source"] == "reuters-1; kyiv-1"
    assert to_acled(build_timeline(schema.frame(schema.EVENTS))).empty


# -- GeoJSON ------------------------------------------------------------------------------------------------------


def test_geojson_is_a_feature_collection_of_points_in_lon_lat_order(timeline, tmp_path):
    paths = export_all({"events": EVENTS, "articles": ARTICLES}, tmp_path)  # the timeline is built on the way
    data = json.loads(paths["geojson"].read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    located = timeline.dropna(subset=["lat", "lon"])
    assert len(data["features"]) == len(located) == 3
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and all(map(math.isfinite, (lon, lat)))
        assert "lat" not in feature["properties"] and "lon" not in feature["properties"]
    feature = next(f for f in data["features"] if f["properties"]["place"] == "Kharkiv")
    assert feature["geometry"]["coordinates"] == [KHARKIV["lon"], KHARKIV["lat"]]
    assert feature["id"] == feature["properties"]["entry_id"]
    assert [f["injured"] for f in feature["properties"]["figures"]] == [5, 7]
    assert feature["properties"]["conflicting"] is True and feature["properties"]["killed"] == 1
    assert to_geojson(build_timeline(schema.frame(schema.EVENTS))) == {"type": "FeatureCollection", "features": []}


# -- TimelineJS ---------------------------------------------------------------------------------------------------


def test_timelinejs_has_start_date_parts_headline_text_and_group(timeline, tmp_path):
    paths = export_all({"events": EVENTS, "articles": ARTICLES}, tmp_path, title="Night of 4 December")
    data = json.loads(paths["timelinejs"].read_text(encoding="utf-8"))
    assert data["title"]["text"]["headline"] == "Night of 4 December"
    assert len(data["events"]) == len(timeline)
    for slide in data["events"]:
        assert set(slide["start_date"]) <= {"year", "month", "day"} and {"year", "month"} <= set(slide["start_date"])
        assert all(isinstance(v, int) for v in slide["start_date"].values())
        assert slide["text"]["headline"] and slide["text"]["text"]
        assert slide["group"] in {"attack", "air_defense", "meeting", "statement"}
    strike = next(s for s in data["events"] if s["text"]["headline"] == "Drone strike in Kharkiv")
    assert strike["start_date"] == {"year": 2025, "month": 12, "day": 4} and "end_date" not in strike
    assert "Competing figures" in strike["text"]["text"] and "injured 7" in strike["text"]["text"]
    meeting = next(s for s in data["events"] if s["group"] == "meeting")
    assert meeting["start_date"] == {"year": 2025, "month": 12}  # month precision: no day
    assert to_timelinejs(timeline.iloc[:0])["events"] == []


# -- Parquet ------------------------------------------------------------------------------------------------------


def test_parquet_of_every_table_reads_back_with_the_same_rows(timeline, tmp_path):
    run = Analysis(articles=ARTICLES, problems=schema.frame(schema.PROBLEMS), entities=schema.frame(schema.ENTITIES),
                   numbers=schema.frame(schema.NUMBERS), events=EVENTS, claims=schema.frame(schema.CLAIMS),
                   times=schema.frame(schema.TIMES), ingest=IngestSummary())
    assert list(run.timeline["entry_id"]) == list(timeline["entry_id"])  # built from the events when not given
    paths = export_all(run, tmp_path)
    tables = {"articles", "problems", "entities", "numbers", "events", "claims", "times", "timeline", "removed"}
    assert set(paths) == {"acled", "geojson", "timelinejs"} | tables
    for name in tables:
        assert paths[name] == tmp_path / f"{name}.parquet"
        back = pd.read_parquet(paths[name])
        assert len(back) == len(getattr(run, name)), name
        assert list(back.columns) == list(getattr(run, name).columns), name
    back = pd.read_parquet(paths["timeline"])
    row = kharkiv(back)
    assert [f["injured"] for f in row["figures"]] == [5, 7] and list(row["sources"]) == ["reuters-1", "kyiv-1"]
    assert bool(row["conflicting"]) and row["injured"] == 5
    events = pd.read_parquet(paths["events"])
    assert list(events.loc[events["event_id"] == "e6", "participants"].iloc[0]) == ["Steve Witkoff", "Rustem Umerov"]


def test_export_all_needs_events_or_a_timeline(tmp_path):
    with pytest.raises(ValueError, match="nothing to export"):
        export_all({"articles": ARTICLES}, tmp_path)
    with pytest.raises(TypeError):
        export_all(42, tmp_path)
