"""The merged timeline: one entry per real event, every source kept, figures never added up, stable ids."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sitrep import schema
from sitrep.cli import main
from sitrep.store import MIGRATIONS, Store
from sitrep.timeline import build_timeline, compare_events, entry_id_for, figures_long

KHARKIV = {"place": "Kharkiv", "admin1": "Kharkiv Oblast", "country": "UA", "lat": 49.98177, "lon": 36.25475,
           "geo_precision": 1}
KHARKIV_REGION = {"place": "Kharkiv Oblast", "admin1": "Kharkiv Oblast", "country": "UA", "lat": 49.5,
                  "lon": 36.5, "geo_precision": 3}
PISOCHYN = {"place": "Pisochyn", "admin1": "Kharkiv Oblast", "country": "UA", "lat": 49.9567, "lon": 36.1053,
            "geo_precision": 1}  # ~11 km west of Kharkiv
CHUHUIV = {"place": "Chuhuiv", "admin1": "Kharkiv Oblast", "country": "UA", "lat": 49.8353, "lon": 36.688,
           "geo_precision": 1}  # ~35 km south-east of Kharkiv
ODESA = {"place": "Odesa", "admin1": "Odesa Oblast", "country": "UA", "lat": 46.48572, "lon": 30.74383,
         "geo_precision": 1}


def event(event_id: str, article_id: str, **fields) -> dict:
    """An attack on Kharkiv the night of 4 December, confirmed by the governor, unless ``fields`` say otherwise."""
    row = {"event_id": event_id, "article_id": article_id, "kind": "attack", "subkind": "drone_strike",
           "acled_event_type": "Explosions/Remote violence", "acled_sub_event_type": "Air/drone strike",
           "actor": "Russia", "actor_country": "RU", "target_country": "UA", "weapon": "drone", **KHARKIV,
           "date_text": "overnight", "date_start": "2025-12-04", "date_end": "2025-12-04", "time_precision": 1,
           "status": "happened", "claimant": "Oleh Syniehubov", "certainty": "confirmed", "char_start": 0,
           "char_end": 80, "sentence": f"Sentence of {event_id}."}
    row.update(fields)
    return row


def events(*rows: dict) -> pd.DataFrame:
    return schema.frame(schema.EVENTS, rows)


def articles(**published: str) -> pd.DataFrame:
    return schema.frame(schema.ARTICLES, [{"article_id": a, "published": p, "source": a.split("-")[0].title()}
                                          for a, p in published.items()])


ARTICLES = articles(**{"reuters-1": "2025-12-05T06:10:00+00:00", "kyiv-1": "2025-12-05T08:30:00+02:00",
                       "ap-1": "2025-12-05T09:00:00+00:00", "tass-1": "2025-12-05T07:00:00+03:00"})


def one(timeline: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=timeline.index)
    for column, value in where.items():
        mask &= timeline[column] == value
    rows = timeline[mask]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# -- the same strike from two outlets ------------------------------------------------------------------------------


def test_two_outlets_same_strike_one_entry_both_figures_shown_once():
    ev = events(event("e-reuters", "reuters-1", injured=5),
                event("e-kyiv", "kyiv-1", injured=7),
                event("e-odesa", "ap-1", **ODESA, injured=2))
    tl = build_timeline(ev, ARTICLES)
    assert list(tl.columns) == list(schema.TIMELINE_FIELDS)
    assert len(tl) == 2
    kharkiv = one(tl, place="Kharkiv")
    assert kharkiv["sources"] == ["reuters-1", "kyiv-1"]  # first reported first (kyiv-1 is 06:30 UTC)
    assert kharkiv["event_ids"] == ["e-reuters", "e-kyiv"]
    assert kharkiv["first_reported"] == "reuters-1"
    assert [f["injured"] for f in kharkiv["figures"]] == [5, 7]
    assert [f["article_id"] for f in kharkiv["figures"]] == ["reuters-1", "kyiv-1"]
    assert set(kharkiv["figures"][0]) == {"article_id", "claimant", "killed", "injured", "launched", "intercepted"}
    assert kharkiv["conflicting"]
    assert kharkiv["injured"] == 5  # both confirmed: the lower figure
    assert pd.isna(kharkiv["killed"])
    assert kharkiv["claimants"] == ["Oleh Syniehubov"]
    assert kharkiv["certainty"] == "confirmed"
    assert kharkiv["entry_id"] == entry_id_for("e-reuters")
    assert not one(tl, place="Odesa")["conflicting"]
    assert tl["injured"].sum() == 5 + 2  # the Kharkiv strike counts once, never 5 + 7
    long = figures_long(tl)
    assert sorted(long.loc[long["entry_id"] == kharkiv["entry_id"], "value"]) == [5, 7]
    assert long.loc[long["value"] == 5, "shown"].item() and not long.loc[long["value"] == 7, "shown"].item()


@pytest.mark.parametrize(("reports", "shown"), [
    ([("confirmed", 7), ("confirmed", 9), ("claimed", 3)], 7),  # lowest among the most certain, not the lowest
    ([("claimed", 12), ("unverified", 4)], 12),
    ([("unverified", 4), (None, 2)], 4),
    ([("disputed", 6), (None, 5)], 6),  # any certainty beats none
    ([("claimed", 10), ("claimed", 8), ("unverified", 1)], 8),
])
def test_shown_figure_is_the_lowest_among_the_most_certain(reports, shown):
    ids = ["reuters-1", "kyiv-1", "ap-1"]
    ev = events(*(event(f"e{i}", ids[i], killed=value, certainty=certainty)
                  for i, (certainty, value) in enumerate(reports)))
    (entry,) = build_timeline(ev, ARTICLES).to_dict("records")
    assert entry["killed"] == shown
    assert entry["conflicting"]
    assert sorted(f["killed"] for f in entry["figures"]) == sorted(v for _, v in reports)


def test_agreeing_sources_are_not_conflicting_and_figures_are_per_field():
    ev = events(event("a", "reuters-1", killed=2, injured=None),
                event("b", "kyiv-1", killed=2, injured=11, certainty="claimed"))
    (entry,) = build_timeline(ev, ARTICLES).to_dict("records")
    assert not entry["conflicting"]
    assert entry["killed"] == 2 and entry["injured"] == 11  # only the claimed source gives injured


# -- places and dates ---------------------------------------------------------------------------------------------


def test_town_inside_a_region_merges_with_the_region_level_report():
    ev = events(event("region", "reuters-1", **KHARKIV_REGION, injured=3, time_precision=1),
                event("town", "kyiv-1", **KHARKIV, injured=3, date_text=None, time_precision=2))
    (entry,) = build_timeline(ev, ARTICLES).to_dict("records")
    assert entry["sources"] == ["reuters-1", "kyiv-1"]
    assert (entry["place"], entry["geo_precision"], entry["lat"]) == ("Kharkiv", 1, KHARKIV["lat"])  # most precise
    assert entry["time_precision"] == 1  # the date from the source with the lowest time_precision
    assert compare_events(ev.iloc[0], ev.iloc[1]).reason == "same region (Kharkiv Oblast)"


def test_points_within_25_km_merge_and_farther_ones_do_not():
    near = events(event("a", "reuters-1"), event("b", "kyiv-1", **PISOCHYN))
    assert len(build_timeline(near, ARTICLES)) == 1
    far = events(event("a", "reuters-1"), event("b", "kyiv-1", **CHUHUIV))
    assert len(build_timeline(far, ARTICLES)) == 2
    assert compare_events(far.iloc[0], far.iloc[1]).reason == "35 km apart"


def test_a_region_report_does_not_chain_two_distant_towns():
    ev = events(event("town1", "reuters-1"), event("region", "kyiv-1", **KHARKIV_REGION),
                event("town2", "ap-1", **CHUHUIV))
    tl = build_timeline(ev, ARTICLES)
    assert sorted(map(len, tl["sources"])) == [1, 2]
    assert one(tl, place="Kharkiv")["event_ids"] == ["town1", "region"]


@pytest.mark.parametrize(("a", "b"), [
    ({"date_text": "Monday", "date_start": "2025-12-01", "date_end": "2025-12-01"},
     {"date_text": "Wednesday", "date_start": "2025-12-03", "date_end": "2025-12-03"}),
    ({"date_text": "Tuesday", "date_start": "2025-12-02", "date_end": "2025-12-02"},
     {"date_text": "Wednesday", "date_start": "2025-12-03", "date_end": "2025-12-03"}),  # no night: no tolerance
    ({"date_text": "Thursday night", "date_start": "2025-12-04", "date_end": "2025-12-04"},
     {"date_text": "Saturday", "date_start": "2025-12-06", "date_end": "2025-12-06"}),
])
def test_different_days_stay_apart(a, b):
    ev = events(event("a", "reuters-1", **a), event("b", "kyiv-1", **b))
    assert len(build_timeline(ev, ARTICLES)) == 2


@pytest.mark.parametrize("b", [
    {"date_text": "early Friday", "date_start": "2025-12-05", "date_end": "2025-12-05"},
    {"date_text": None, "date_start": "2025-12-05", "date_end": "2025-12-05", "time_precision": 2},
    {"date_text": "this week", "date_start": "2025-12-01", "date_end": "2025-12-07", "time_precision": 2},
])
def test_a_night_event_reported_next_morning_merges(b):
    ev = events(event("a", "reuters-1", date_text="Thursday night"), event("b", "kyiv-1", **b))
    (entry,) = build_timeline(ev, ARTICLES).to_dict("records")
    assert (entry["date_start"], entry["date_end"], entry["time_precision"]) == ("2025-12-04", "2025-12-04", 1)


@pytest.mark.parametrize("b", [
    ODESA,
    {"place": "Odesa Oblast", "admin1": "Odesa Oblast", "country": "UA", "lat": 46.5, "lon": 30.3,
     "geo_precision": 3},
    {"place": "Belgorod", "admin1": "Belgorod Oblast", "country": "RU", "lat": 50.6, "lon": 36.6, "geo_precision": 1},
    {"place": None, "admin1": None, "country": None, "lat": None, "lon": None, "geo_precision": None},
])
def test_different_places_stay_apart(b):
    ev = events(event("a", "reuters-1"), event("b", "kyiv-1", **b))
    assert len(build_timeline(ev, ARTICLES)) == 2


def test_attacks_need_compatible_actors():
    ev = events(event("a", "reuters-1"), event("b", "kyiv-1", actor="Ukraine", actor_country="UA"))
    assert len(build_timeline(ev, ARTICLES)) == 2
    ev = events(event("a", "reuters-1"), event("b", "kyiv-1", actor=None, actor_country=None))
    (entry,) = build_timeline(ev, ARTICLES).to_dict("records")
    assert entry["actor"] == "Russia"


def test_events_of_one_article_never_merge_with_each_other():
    ev = events(event("a", "reuters-1", killed=1, char_start=0), event("b", "reuters-1", killed=2, char_start=200))
    tl = build_timeline(ev, ARTICLES)
    assert len(tl) == 2 and tl["killed"].sum() == 3
    assert not compare_events(ev.iloc[0], ev.iloc[1])


def test_undated_events_stay_apart():
    ev = events(event("a", "reuters-1", date_start=None, date_end=None, time_precision=None),
                event("b", "kyiv-1", date_start=None, date_end=None, time_precision=None))
    tl = build_timeline(ev, ARTICLES)
    assert len(tl) == 2 and tl["date_start"].isna().all()


# -- air defense, meetings, statements ------------------------------------------------------------------------------


def air_defense(event_id: str, article_id: str, claimant: str, **fields) -> dict:
    defaults = {"place": None, "admin1": None, "country": None, "lat": None, "lon": None, "geo_precision": None,
                "target_country": None, "actor": "Ukraine", "actor_country": "UA"}
    return event(event_id, article_id, kind="air_defense", subkind=None, claimant=claimant, certainty="claimed",
                 **(defaults | fields))


def test_competing_air_defense_claims_stay_separate_and_visible():
    ev = events(air_defense("mod-1", "tass-1", "Russian Defense Ministry", intercepted=85),
                air_defense("mod-2", "reuters-1", "Russian Defense Ministry", intercepted=85),
                air_defense("gs-1", "kyiv-1", "Ukrainian General Staff", launched=40))
    tl = build_timeline(ev, ARTICLES)
    assert len(tl) == 2
    mod = one(tl, certainty="claimed", intercepted=85)
    assert mod["claimants"] == ["Russian Defense Ministry"]
    assert mod["sources"] == ["tass-1", "reuters-1"]  # 04:00 UTC before 06:10 UTC
    assert not mod["conflicting"] and mod["intercepted"] == 85  # agreeing reports, counted once
    staff = one(tl, launched=40)
    assert staff["claimants"] == ["Ukrainian General Staff"]
    assert set(tl["date_start"]) == {"2025-12-04"}  # side by side on the same date
    claims = figures_long(tl)
    assert set(claims["claimant"]) == {"Russian Defense Ministry", "Ukrainian General Staff"}
    decision = compare_events(ev.iloc[0], ev.iloc[2])
    assert not decision and decision.reason.startswith("competing claimants")


def test_a_nationwide_tally_merges_with_a_regional_one_of_the_same_claimant():
    russia = {"actor": "Russia", "actor_country": "RU"}
    ev = events(air_defense("a", "reuters-1", "Ukrainian Air Force", intercepted=40, launched=52, **russia),
                air_defense("b", "kyiv-1", "ukrainian air force", intercepted=40, launched=52, **russia,
                            **KHARKIV_REGION))
    (entry,) = build_timeline(ev, ARTICLES).to_dict("records")
    assert entry["place"] == "Kharkiv Oblast" and entry["launched"] == 52


def meeting(event_id: str, article_id: str, participants: list[str], **fields) -> dict:
    return event(event_id, article_id, kind="meeting", subkind=None, actor=None, actor_country=None,
                 claimant=None, certainty=None, participants=participants, date_text="Thursday",
                 **({"place": "Miami", "admin1": "Florida", "country": "US", "lat": 25.77427, "lon": -80.19366,
                     "geo_precision": 1} | fields))


def test_meetings_merge_on_shared_participants_or_the_same_place():
    unlocated = {"place": None, "admin1": None, "country": None, "lat": None, "lon": None, "geo_precision": None}
    ev = events(meeting("m1", "reuters-1", ["Steve Witkoff", "Jared Kushner"]),
                meeting("m2", "kyiv-1", ["Rustem Umerov", "steve witkoff"], **unlocated),
                meeting("m3", "ap-1", ["Ukrainian delegates"]))  # same place, same day
    (entry,) = build_timeline(ev, ARTICLES).to_dict("records")
    assert entry["sources"] == ["reuters-1", "kyiv-1", "ap-1"]
    ev = events(meeting("m1", "reuters-1", ["Steve Witkoff"]),
                meeting("m2", "kyiv-1", ["Steve Witkoff"], place="Geneva", admin1="Geneva", country="CH",
                        lat=46.20222, lon=6.14569),
                meeting("m3", "ap-1", ["Sergei Lavrov"], **unlocated))
    assert len(build_timeline(ev, ARTICLES)) == 3


def test_statements_never_merge():
    def statement(event_id, article_id):
        return event(event_id, article_id, kind="statement", subkind=None, actor=None, actor_country=None,
                     claimant="Volodymyr Zelenskyy", speaker="Volodymyr Zelenskyy", place=None, admin1=None,
                     country=None, lat=None, lon=None, geo_precision=None, date_text=None,
                     date_start="2025-12-05", date_end="2025-12-05")

    ev = events(statement("s1", "reuters-1"), statement("s2", "kyiv-1"))
    assert len(build_timeline(ev, ARTICLES)) == 2
    assert compare_events(ev.iloc[0], ev.iloc[1]).reason == "statements never merge"


# -- stable ids ---------------------------------------------------------------------------------------------------


BASE = [event("e-reuters", "reuters-1", injured=5), event("e-kyiv", "kyiv-1", injured=7),
        air_defense("e-af", "kyiv-1", "Ukrainian Air Force", launched=52, char_start=300, actor="Russia",
                    actor_country="RU")]


def test_entry_ids_are_the_same_on_every_run_and_in_any_row_order():
    first = build_timeline(events(*BASE), ARTICLES)
    again = build_timeline(events(*BASE), ARTICLES)
    shuffled = build_timeline(events(*reversed(BASE)), ARTICLES.iloc[::-1])
    assert list(first["entry_id"]) == list(again["entry_id"]) == list(shuffled["entry_id"])
    assert first["entry_id"].is_unique and first["entry_id"].str.fullmatch(r"[0-9a-f]{16}").all()


@pytest.mark.parametrize("published", ["2025-12-04T20:00:00+00:00", "2025-12-06"])  # reported before or after
def test_an_unrelated_article_does_not_change_existing_ids(published):
    before = build_timeline(events(*BASE), ARTICLES)
    more = pd.concat([ARTICLES, articles(**{"bbc-1": published})], ignore_index=True)
    after = build_timeline(events(*BASE, event("e-bbc", "bbc-1", **ODESA, killed=1)), more)
    assert set(before["entry_id"]) < set(after["entry_id"])
    assert len(after) == len(before) + 1


def test_a_later_source_keeps_the_id_an_earlier_one_takes_it_over():
    before = build_timeline(events(*BASE), ARTICLES)
    kharkiv_id = one(before, kind="attack")["entry_id"]
    later = pd.concat([ARTICLES, articles(**{"bbc-1": "2025-12-06"})], ignore_index=True)
    after = build_timeline(events(*BASE, event("e-bbc", "bbc-1", injured=6)), later)
    assert one(after, kind="attack")["entry_id"] == kharkiv_id
    assert one(after, kind="attack")["sources"] == ["reuters-1", "kyiv-1", "bbc-1"]
    earlier = pd.concat([ARTICLES, articles(**{"bbc-1": "2025-12-05T01:00:00+00:00"})], ignore_index=True)
    after = build_timeline(events(*BASE, event("e-bbc", "bbc-1", injured=6)), earlier)
    entry = one(after, kind="attack")
    assert entry["first_reported"] == "bbc-1" and entry["entry_id"] == entry_id_for("e-bbc") != kharkiv_id
    assert set(after["entry_id"]) - {entry["entry_id"]} == set(before["entry_id"]) - {kharkiv_id}


def test_without_articles_sources_are_ordered_by_article_id():
    (entry,) = build_timeline(events(*BASE[:2])).query("kind == 'attack'").to_dict("records")
    assert entry["sources"] == ["kyiv-1", "reuters-1"] and entry["first_reported"] == "kyiv-1"


# -- shape and store ----------------------------------------------------------------------------------------------


def test_empty_events_give_an_empty_timeline_with_every_column():
    tl = build_timeline(schema.frame(schema.EVENTS))
    assert tl.empty and list(tl.columns) == list(schema.TIMELINE_FIELDS)
    assert schema.TIMELINE_FIELDS[-2:] == ("first_reported", "conflicting")


def test_the_timeline_round_trips_through_the_store():
    assert any(version == 3 and "timeline" in statements[0] for version, _, statements in MIGRATIONS)
    tl = build_timeline(events(*BASE), ARTICLES)
    with Store() as db:
        db.replace_table(schema.TIMELINE, tl)
        db.replace_table(schema.TIMELINE, tl)  # replaces, never appends
        back = db.table(schema.TIMELINE, "ORDER BY entry_id")
    assert len(back) == len(tl)
    row = back[back["entry_id"] == one(tl, kind="attack")["entry_id"]].iloc[0]
    assert [f["injured"] for f in row["figures"]] == [5, 7] and list(row["sources"]) == ["reuters-1", "kyiv-1"]
    assert bool(row["conflicting"])


# -- end to end: the real extractor through the CLI -----------------------------------------------------------------


STORIES = {
    "reuters": ("Russian drone strike injures five in Kharkiv",
                "A Russian drone strike on Kharkiv overnight injured 5 people, regional governor Oleh Syniehubov said.",
                "2025-12-05T06:10:00+00:00"),
    "kyiv": ("Drones hit Kharkiv, seven injured",
             "Russian drones hit Kharkiv overnight, injuring seven people, Syniehubov said on Telegram.",
             "2025-12-05T08:30:00+00:00"),
}


def test_cli_timeline_end_to_end(tmp_path: Path, capsys):
    for name, (title, body, published) in STORIES.items():
        (tmp_path / f"{name}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        (tmp_path / f"{name}.txt.meta.json").write_text(
            json.dumps({"id": f"{name}-kharkiv", "published": published, "source": name.title()}), encoding="utf-8")

    def run(*extra: str) -> str:
        assert main(["timeline", str(tmp_path), *extra]) == 0
        out, err = capsys.readouterr()
        assert err == ""
        return out

    entries = [json.loads(line) for line in run().splitlines()]
    assert all(list(e) == list(schema.TIMELINE_FIELDS) for e in entries)
    strikes = [e for e in entries if e["kind"] == "attack" and e["place"] == "Kharkiv"]
    assert len(strikes) == 1, entries
    (strike,) = strikes
    assert strike["sources"] == ["reuters-kharkiv", "kyiv-kharkiv"]
    assert sorted(f["injured"] for f in strike["figures"]) == [5, 7]
    assert strike["injured"] == 5 and strike["conflicting"] is True
    assert strike["first_reported"] == "reuters-kharkiv"
    assert (strike["date_start"], strike["actor"]) == ("2025-12-04", "Russia")

    again = [json.loads(line) for line in run().splitlines()]
    assert [e["entry_id"] for e in again] == [e["entry_id"] for e in entries]

    csv = pd.read_csv(__import__("io").StringIO(run("--format", "csv")))
    assert list(csv.columns) == list(schema.TIMELINE_FIELDS)
    row = csv[csv["entry_id"] == strike["entry_id"]].iloc[0]
    assert json.loads(row["sources"]) == strike["sources"] and json.loads(row["figures"]) == strike["figures"]


# -- overnight dating across outlets (issue #9 part 5) -------------------------------------------------------------


def test_an_overnight_strike_dated_the_evening_before_and_the_next_day_is_one_entry():
    # the night of 4-5 December: one outlet dates it the evening it began, another the morning it ended
    ev = events(event("a", "reuters-1", date_text="overnight", killed=2, injured=5),
                event("b", "kyiv-1", date_text="Friday", date_start="2025-12-05", date_end="2025-12-05",
                      killed=3, injured=9, sentence="Russian drones hit Kharkiv in a night attack on Friday."))
    (entry,) = build_timeline(ev, ARTICLES).to_dict("records")
    assert entry["sources"] == ["reuters-1", "kyiv-1"] and entry["conflicting"]
    assert [(f["killed"], f["injured"]) for f in entry["figures"]] == [(2, 5), (3, 9)]  # side by side


def test_night_wording_in_the_sentence_alone_loosens_the_date():
    ev = events(event("a", "reuters-1", date_text="Thursday", sentence="Drones hit Kharkiv on Thursday."),
                event("b", "kyiv-1", date_text="Friday", date_start="2025-12-05", date_end="2025-12-05",
                      sentence="Drones hit Kharkiv in the night to Friday."))
    assert len(build_timeline(ev, ARTICLES)) == 1


def test_a_day_apart_without_night_wording_stays_apart():
    ev = events(event("a", "reuters-1", date_text="Thursday", sentence="Drones hit Kharkiv on Thursday."),
                event("b", "kyiv-1", date_text="Friday", date_start="2025-12-05", date_end="2025-12-05",
                      sentence="Drones hit Kharkiv on Friday."))
    assert len(build_timeline(ev, ARTICLES)) == 2


@pytest.mark.parametrize("b", [
    {"claimant": "Ihor Terekhov"},  # another claimant a day later: not known to be the same night
    {"killed": 1},  # a toll that falls the next day: another strike
    {"place": "Chuhuiv", **CHUHUIV},  # another town
])
def test_a_day_apart_needs_the_same_claimant_place_and_compatible_figures(b):
    ev = events(event("a", "reuters-1", date_text="overnight", killed=4),
                event("b", "kyiv-1", **{"date_text": "early Friday", "date_start": "2025-12-05",
                                         "date_end": "2025-12-05", "killed": 4, **b}))
    assert len(build_timeline(ev, ARTICLES)) == 2


def test_one_strike_with_different_tolls_from_three_outlets_is_one_entry():
    ev = events(event("a", "reuters-1", killed=3, injured=10, claimant="Oleh Syniehubov"),
                event("b", "kyiv-1", killed=4, injured=12, claimant="Ihor Terekhov"),
                event("c", "ap-1", killed=3, injured=None, claimant=None, certainty="unverified"))
    (entry,) = build_timeline(ev, ARTICLES).to_dict("records")
    assert entry["sources"] == ["reuters-1", "kyiv-1", "ap-1"] and entry["conflicting"]
    assert [f["killed"] for f in entry["figures"]] == [3, 4, 3] and entry["killed"] == 3
    assert entry["claimants"] == ["Oleh Syniehubov", "Ihor Terekhov"]


def test_two_invented_articles_of_one_night_merge_through_the_extractor():
    from sitrep.extract import extract_articles
    from sitrep.types import Article

    def article(aid: str, published: str, text: str) -> Article:
        return Article(article_id=aid, title="", text=text, published=published, source=aid.split("-")[0],
                       url=None, path="t", language="en", sha256="x", content_hash=aid, ingested_at=published,
                       origin="t")

    arts = [
        article("morning-1", "2025-06-11T06:30:00+03:00",
                "Russian drones struck Odesa overnight, killing two people and injuring six, Governor Oleh Kiper "
                "said."),
        article("evening-1", "2025-06-11T19:00:00+03:00",
                "Russian drones hit Odesa in a night attack on Wednesday, killing three people and injuring nine, "
                "Governor Oleh Kiper said."),
        article("other-1", "2025-06-11T20:00:00+03:00",
                "Russian drones hit Kherson on Wednesday afternoon, injuring two people, Governor Oleksandr "
                "Prokudin said."),
    ]
    ex = extract_articles(arts)
    frame = schema.frame(schema.ARTICLES, [{"article_id": a.article_id, "published": a.published,
                                            "source": a.source} for a in arts])
    attacks = ex.events[ex.events.kind == "attack"]
    assert sorted(attacks.date_start) == ["2025-06-10", "2025-06-11", "2025-06-11"]
    tl = build_timeline(attacks, frame)
    odesa = one(tl, place="Odesa")
    assert list(odesa["sources"]) == ["morning-1", "evening-1"] and odesa["conflicting"]
    assert odesa["date_start"] == "2025-06-10"
    assert list(one(tl, place="Kherson")["sources"]) == ["other-1"]  # another city the same day stays apart


# -- the blocked merge gives exactly the all-pairs merge (issue #11 part 4) -----------------------------------------


def reference_timeline(events_: pd.DataFrame, articles_: pd.DataFrame | None = None, *, night_tolerance_days=1,
                       max_km=25.0) -> pd.DataFrame:
    """The merge as it was before blocking: every event against every entry with a member on a nearby day."""
    from sitrep import timeline as t

    if events_ is None or events_.empty:
        return t._typed(schema.frame(schema.TIMELINE))
    published = t._published_order(articles_)
    reports = sorted((t._report(r, published) for r in events_.to_dict("records")), key=lambda r: r.order)
    entries: list = []
    by_day: dict = {}
    for report in reports:
        best = None
        found: set = set()
        if report.start is not None and report.kind != "statement":
            for day in range(report.start - night_tolerance_days, report.end + night_tolerance_days + 1):
                found.update(by_day.get((report.kind, day), ()))
        for index in sorted(found):
            members = entries[index]
            if any(m.article_id == report.article_id for m in members):
                continue
            decisions = [t._decide(report, m, night_tolerance_days=night_tolerance_days, max_km=max_km)
                         for m in members]
            matches = [d for d in decisions if d]
            if matches and not any(d.contradiction for d in decisions if not d):
                key = (-min(d.place_score for d in matches), index)
                best = key if best is None or key < best else best
        if best is None:
            best = (0, len(entries))
            entries.append([report])
        else:
            entries[best[1]].append(report)
        if report.start is not None and report.kind != "statement":
            for day in range(report.start, report.end + 1):
                slot = by_day.setdefault((report.kind, day), [])
                if best[1] not in slot:
                    slot.append(best[1])
    rows = sorted((t._entry(members) for members in entries), key=lambda r: (r["date_start"] is None,
                                                                              r["date_start"] or "", r["_order"]))
    return t._typed(schema.frame(schema.TIMELINE, rows))


def varied_events(seed: int, n: int = 600) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Random events crowded onto few days, places and articles, with awkward places thrown in: names differing
    in case and spacing, points on the date line, near a pole, out of range, an hour's walk apart, long spans."""
    import random

    from sitrep.bench import random_events

    rng = random.Random(seed)
    ev, arts = random_events(n, seed=seed, articles=n // 8, days=6, places=14, spread_km=40.0)
    for i in rng.sample(range(n), n // 6):
        odd = rng.randrange(6)
        if odd == 0:
            ev.loc[i, "place"] = f"  {str(ev.loc[i, 'place'] or 'kharkiv').upper()} "
        elif odd == 1:
            ev.loc[i, ["lat", "lon", "geo_precision"]] = [rng.uniform(-1, 1), rng.choice([179.95, -179.95]), 1]
        elif odd == 2:
            ev.loc[i, ["lat", "lon", "geo_precision"]] = [rng.choice([89.9, -89.95, 95.0]), rng.uniform(-180, 180), 1]
        elif odd == 3:
            ev.loc[i, ["place", "lat", "lon", "geo_precision"]] = [None, 49.98 + rng.uniform(-0.3, 0.3),
                                                                   36.25 + rng.uniform(-0.3, 0.3), 2]
        elif odd == 4 and ev.loc[i, "date_start"] is not None:
            ev.loc[i, "date_end"] = "2025-07-20"
        else:
            ev.loc[i, "admin1"] = None
    return ev, arts


@pytest.mark.parametrize("seed", range(6))
def test_the_blocked_merge_equals_the_all_pairs_merge(seed):
    ev, arts = varied_events(seed)
    kwargs = {} if seed < 4 else {"night_tolerance_days": seed - 3, "max_km": 60.0 * (seed - 3)}
    got, want = build_timeline(ev, arts, **kwargs), reference_timeline(ev, arts, **kwargs)
    assert len(want) < len(ev) and (want["sources"].map(len) > 2).any()  # plenty merged, some three ways
    pd.testing.assert_frame_equal(got, want)
    shuffled = ev.sample(frac=1, random_state=seed).reset_index(drop=True)
    pd.testing.assert_frame_equal(build_timeline(shuffled, arts, **kwargs), want)
