"""The front page's tables: each real event counted once, competing figures spelled out, empty input readable."""

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from sitrep.analysis import (
    Analysis,
    air_defense_summary,
    analyze,
    casualty_summary,
    display_table,
    disputed_table,
    front_page_header,
    limit_note,
    timeline_table,
    unresolved_table,
)


def _article(folder: Path, name: str, title: str, body: str, published: str) -> None:
    (folder / f"{name}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    (folder / f"{name}.txt.meta.json").write_text(json.dumps({"published": published}), encoding="utf-8")


@pytest.fixture(scope="module")
def two_outlets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outlets")
    _article(folder, "a", "Drones hit Sumy", "A Russian drone strike on Sumy overnight injured 4 people, regional "
             "governor Oleh Hryhorov said.", "2025-11-20")
    _article(folder, "b", "Sumy attacked", "Russian drones hit Sumy overnight, injuring six people, Hryhorov said "
             "on Telegram.", "2025-11-20")
    return analyze([folder])


def test_the_same_strike_from_two_outlets_is_counted_once(two_outlets):
    summary = casualty_summary(two_outlets)
    russia = summary[summary["side"] == "by Russia"].iloc[0]
    assert russia["attacks"] == 1 and russia["sources"] == 2
    assert russia["injured"] == 4  # the conservative figure among equally certain sources, never 4 + 6


def test_competing_figures_are_spelled_out_and_flagged(two_outlets):
    table = timeline_table(two_outlets)
    strike = table[table["kind"].str.startswith("attack")].iloc[0]
    assert strike["injured"].startswith("4") and "6 per" in strike["injured"]
    assert bool(strike["conflicting"]) and strike["sources"] == 2
    assert len(disputed_table(two_outlets)) >= 1


def test_an_empty_folder_says_there_were_no_articles(tmp_path):
    run = analyze([tmp_path])
    assert run.empty
    assert "no articles" in front_page_header(run, "Night report")
    assert casualty_summary(run).empty and timeline_table(run).empty and unresolved_table(run).empty


def test_an_unknown_village_is_listed_unresolved(tmp_path):
    _article(tmp_path, "v", "Shelling", "Russian artillery shelled the village of Zorianivka-Mala in Kharkiv region "
             "on Tuesday, killing a man, governor Oleh Syniehubov said.", "2025-11-20")
    store = tmp_path / "s.duckdb"
    run = analyze([tmp_path], store=store)
    event = run.events.iloc[0]
    assert event["place"] == "Zorianivka-Mala" and event["admin1"] == "Kharkiv Oblast" and event["geo_precision"] == 3
    assert any("Zorianivka-Mala" in d for d in unresolved_table(run)["detail"])


# -- a front page that scales: hand-built frames with many rows ---------------------------------------------------


def _many_air_defense_reports(days: int, per_day: int) -> Analysis:
    from sitrep import schema

    rows = []
    start = dt.date(2025, 1, 1)
    for d in range(days):
        for k in range(per_day):
            rows.append({"event_id": f"e{d}-{k}", "article_id": f"a{d}-{k}", "kind": "air_defense", "salience": "main",
                         "date_start": (start + dt.timedelta(days=d)).isoformat(), "actor_country": "RU",
                         "claimant": ("Ukrainian Air Force", "Russian Defense Ministry")[k % 2],
                         "certainty": "claimed", "weapon": ("drone", "missile")[k % 2 and d % 2],
                         "launched": 100 + k, "intercepted": 90, "place": ("Kyiv", "Odesa", "Lviv")[k % 3]})
    events = schema.frame(schema.EVENTS, rows)
    articles = schema.frame(schema.ARTICLES, [{"article_id": r["article_id"], "published": r["date_start"]}
                                              for r in rows])
    return Analysis(articles=articles, problems=schema.frame(schema.PROBLEMS), entities=schema.frame(schema.ENTITIES),
                    numbers=schema.frame(schema.NUMBERS), events=events, claims=schema.frame(schema.CLAIMS),
                    times=schema.frame(schema.TIMES), ingest=None, timeline=schema.frame(schema.TIMELINE))


def test_display_table_shows_the_first_rows_and_says_how_many_more_and_where():
    df = pd.DataFrame({"n": range(130), "place": [f"<b>p{i}</b>" for i in range(130)]})
    html = display_table(df, caption="Air defense", limit=25, full="exports/events.parquet").to_html()
    assert html.count("<tr>") == 26  # the header and 25 rows
    assert "Showing 25 of 130 rows (105 more not shown; the full table is in exports/events.parquet)" in html
    assert "<b>p0</b>" not in html and "&lt;b&gt;p0&lt;/b&gt;" in html
    short = display_table(df.head(10), limit=25).to_html()
    assert short.count("<tr>") == 11 and "Showing" not in short
    assert limit_note(130, 25) == "Showing 25 of 130 rows (105 more not shown)."


def test_headline_air_defense_is_counted_per_day_over_a_short_span_and_per_week_over_a_long_one():
    short = air_defense_summary(_many_air_defense_reports(10, 4))
    assert "date" in short and len(short) == 10 * 2  # per day and claimant, weapons folded in
    # one claimant's night: the lowest report per weapon, added over weapons (never two claimants together)
    first = short[(short["date"] == "2025-01-01") & (short["claimant"] == "Ukrainian Air Force")].iloc[0]
    assert first["launched"] == 100 and first["places"].startswith("Kyiv")
    long = air_defense_summary(_many_air_defense_reports(120, 4))
    assert "week" in long and long["week"].str.startswith("week of ").all()
    assert len(long) <= 19 * 2 and (long["nights"] <= 7).all()
    assert len(air_defense_summary(_many_air_defense_reports(120, 4))) < 120 * 4
    assert long["launched"].sum() > 0


def test_the_front_page_timeline_puts_the_largest_events_first(two_outlets):
    table = timeline_table(two_outlets, order="size")
    assert len(table) == len(timeline_table(two_outlets))


def test_the_timeline_is_built_once_per_store_state(tmp_path, monkeypatch):
    from sitrep import analysis as analysis_module

    built: list[int] = []
    real = analysis_module.timeline_rows

    def counting(events, articles, **kw):
        built.append(len(events))
        return real(events, articles, **kw)

    monkeypatch.setattr(analysis_module, "timeline_rows", counting)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Strike on Kharkiv\n\nA Russian missile strike killed three people in Kharkiv on "
                                  "Monday, the governor said.", encoding="utf-8")
    store = tmp_path / "s.duckdb"
    first = analysis_module.analyze([folder], store=store, published="2025-03-04")
    second = analysis_module.analyze([folder], store=store, published="2025-03-04")
    assert len(built) == 1 and len(first.timeline) >= 1
    pd.testing.assert_frame_equal(first.timeline, second.timeline)
    (folder / "b.txt").write_text("Drones over Odesa\n\nRussian drones struck Odesa overnight, injuring two people, "
                                  "the regional governor said.", encoding="utf-8")
    third = analysis_module.analyze([folder], store=store, published="2025-03-04")
    assert len(built) == 2 and len(third.timeline) > len(first.timeline)  # new events: built again
    analysis_module.analyze([folder], store=store, published="2025-03-04", kinds="meeting")
    assert len(built) == 3  # other filters, other events: its own timeline
