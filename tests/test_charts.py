"""Tests for sitrep.charts: every chart returns a Figure for normal, empty and partial input; the map's offline
borders, framing and out-of-frame list; non-overlapping labels; save_figure. No spaCy: frames are built by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from matplotlib.figure import Figure

from sitrep import charts
from sitrep.schema import EVENTS, frame

# The sample article's events (as `python -m sitrep events seeds` prints them), trimmed to the columns charts use.
SAMPLE = [
    dict(event_id="094c", article_id="000_eb", kind="attack", subkind="drone_strike", actor="Russia",
         actor_country="RU", target="residential building", target_country="UA", weapon="drone",
         place="Dnipropetrovsk Oblast", admin1="Dnipropetrovsk Oblast", country="UA", lat=48.45, lon=34.98,
         geo_precision=3, date_text="Thursday night", date_start="2025-12-04", date_end="2025-12-04", time_precision=1,
         status="happened", killed=1, injured=2, children_killed=1, claimant="Vladyslav Haivanenko",
         certainty="confirmed"),
    dict(event_id="3e38", article_id="000_eb", kind="air_defense", actor="Russia", actor_country="RU",
         target_country="UA", weapon="drone", date_text="overnight", date_start="2025-12-04", date_end="2025-12-04",
         time_precision=1, status="happened", launched=137, claimant="Ukrainian Air Force", certainty="claimed"),
    dict(event_id="6b5d", article_id="000_eb", kind="attack", subkind="drone_strike", actor="Ukraine",
         actor_country="UA", target="Temryuk sea port", target_country="RU", weapon="drone", place="Temryuk",
         admin1="Krasnodar Krai", country="RU", lat=45.26885, lon=37.39752, geo_precision=1,
         date_text="Thursday night", date_start="2025-12-04", date_end="2025-12-04", time_precision=1),
    dict(event_id="e9be", article_id="000_eb", kind="attack", subkind="drone_strike", actor="Ukraine",
         actor_country="UA", target="city of Syzran", target_country="RU", weapon="drone", place="Syzran",
         admin1="Samara Oblast", country="RU", lat=53.1585, lon=48.4681, geo_precision=1, date_text="Thursday night",
         date_start="2025-12-04", date_end="2025-12-04", time_precision=1, claimant="Sergei Volodchenkov",
         certainty="confirmed"),
    dict(event_id="3c32", article_id="000_eb", kind="attack", subkind="drone_strike", actor="Ukraine",
         actor_country="UA", target="strategic oil refinery", target_country="RU", weapon="drone", place="Syzran",
         admin1="Samara Oblast", country="RU", lat=53.1585, lon=48.4681, geo_precision=1, date_text="Thursday night",
         date_start="2025-12-04", date_end="2025-12-04", time_precision=1, claimant="media reports",
         certainty="unverified"),
    dict(event_id="db20", article_id="000_eb", kind="air_defense", actor="Ukraine", actor_country="UA",
         target_country="RU", weapon="drone", place="Autonomous Republic of Crimea",
         admin1="Autonomous Republic of Crimea", country="UA", lat=45.3, lon=34.2, geo_precision=3,
         date_text="overnight", date_start="2025-12-04", date_end="2025-12-04", time_precision=1, intercepted=85,
         claimant="Russian Defense Ministry", certainty="claimed"),
    dict(event_id="ad0f", article_id="000_eb", kind="meeting", place="Miami", admin1="Florida", country="US",
         lat=25.77427, lon=-80.19366, geo_precision=1, date_text="Thursday", date_start="2025-12-04",
         date_end="2025-12-04", time_precision=1, status="planned", certainty="planned",
         participants=["Steve Witkoff", "Jared Kushner", "Ukrainian delegates"]),
    dict(event_id="5a0b", article_id="000_eb", kind="meeting", place="Kremlin", admin1="Moscow", country="RU",
         lat=55.752, lon=37.6175, geo_precision=1, date_text="Tuesday", date_start="2025-12-02", date_end="2025-12-02",
         time_precision=1, status="happened", participants=["Vladimir Putin", "U.S. envoys"]),
    dict(event_id="64a9", article_id="000_eb", kind="statement", date_start="2025-12-05", date_end="2025-12-05",
         time_precision=1, claimant="Volodymyr Zelenskyy", speaker="Volodymyr Zelenskyy",
         participants=["Volodymyr Zelenskyy"]),
    dict(event_id="aa1c", article_id="000_eb", kind="statement", date_start="2025-12-05", date_end="2025-12-05",
         time_precision=1, claimant="Yuri Ushakov", speaker="Yuri Ushakov", participants=["Yuri Ushakov"]),
]

ENTRY_COLUMNS = ["entry_id", "kind", "subkind", "date_start", "date_end", "time_precision", "place", "admin1",
                 "country", "lat", "lon", "geo_precision", "actor", "target", "killed", "injured", "launched",
                 "intercepted", "claimants", "certainty", "sources"]


def _entries(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{c: r.get(c) for c in ENTRY_COLUMNS} for r in rows], columns=ENTRY_COLUMNS)


ENTRIES = [
    dict(entry_id="t1", kind="attack", subkind="drone_strike", date_start="2025-12-04TNI", date_end="2025-12-04TNI",
         time_precision=1, place="Dnipropetrovsk Oblast", admin1="Dnipropetrovsk Oblast", country="UA", lat=48.45,
         lon=34.98, geo_precision=3, actor="Russia", killed=1, injured=2, claimants=["Vladyslav Haivanenko"],
         certainty="confirmed", sources=["a1", "a2"]),
    dict(entry_id="t2", kind="attack", date_start="2025-12-04TNI", time_precision=1, place="Temryuk",
         admin1="Krasnodar Krai", country="RU", lat=45.26885, lon=37.39752, geo_precision=1, actor="Ukraine",
         claimants=[], sources=["a1"]),
    dict(entry_id="t3", kind="attack", date_start="2025-12-04TNI", time_precision=1, place="Syzran",
         admin1="Samara Oblast", country="RU", lat=53.1585, lon=48.4681, geo_precision=1, actor="Ukrainian forces",
         claimants=["Sergei Volodchenkov", "media reports"], sources=["a1", "a3"]),
    dict(entry_id="t4", kind="air_defense", date_start="2025-12-04TNI", time_precision=1, actor="Russia",
         launched=137, claimants=["Ukrainian Air Force"], certainty="claimed", sources=["a1"]),
    dict(entry_id="t5", kind="air_defense", date_start="2025-12-04TNI", time_precision=1, actor="Ukraine",
         place="Autonomous Republic of Crimea", lat=45.3, lon=34.2, geo_precision=3, intercepted=85,
         claimants=["Russian Defense Ministry"], certainty="claimed", sources=["a1"]),
    dict(entry_id="t6", kind="meeting", date_start="2025-12-04", time_precision=1, place="Miami", country="US",
         lat=25.77427, lon=-80.19366, geo_precision=1, certainty="planned", sources=["a1"]),
    dict(entry_id="t7", kind="meeting", date_start="2025-12-02T15:00", time_precision=1, place="Kremlin",
         country="RU", lat=55.752, lon=37.6175, sources=["a1", "a4"]),
    dict(entry_id="t8", kind="statement", date_start="2025-W49", time_precision=2,
         claimants=["Volodymyr Zelenskyy"], sources=["a1"]),
]

CHARTS = [charts.plot_timeline, charts.plot_map, charts.plot_claims, charts.plot_casualties, charts.plot_network,
          charts.plot_event_kinds]


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return frame(EVENTS, SAMPLE)


@pytest.fixture(scope="module")
def entries() -> pd.DataFrame:
    return _entries(ENTRIES)


def _texts(fig: Figure) -> str:
    parts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        parts += [t.get_text() for t in ax.texts]
        parts += [ax.get_title()] + [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
        legend = ax.get_legend()
        if legend is not None:
            parts += [t.get_text() for t in legend.get_texts()]
    for legend in fig.legends:
        parts += [t.get_text() for t in legend.get_texts()]
    return "\n".join(parts)


def _has_title_and_caption(fig: Figure) -> None:
    texts = [t.get_text() for t in fig.texts]
    assert texts and texts[0].strip(), "a title"
    assert any("source" in t or "Nothing to show" in t for t in texts), "a caption naming the sources"


# ------------------------------------------------------------------------------------------------ every chart


@pytest.mark.parametrize("chart", CHARTS, ids=lambda f: f.__name__)
def test_chart_returns_a_figure_for_events(chart, events):
    fig = chart(events)
    assert isinstance(fig, Figure)
    _has_title_and_caption(fig)
    fig.canvas.draw()  # renders without error


@pytest.mark.parametrize("chart", CHARTS, ids=lambda f: f.__name__)
def test_chart_returns_a_figure_for_timeline_entries(chart, entries):
    fig = chart(entries)
    assert isinstance(fig, Figure)
    _has_title_and_caption(fig)
    fig.canvas.draw()


@pytest.mark.parametrize("chart", CHARTS + [charts.plot_entity_frequency, charts.plot_publication_timeline],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("empty", [pd.DataFrame(), frame(EVENTS), None], ids=["no-columns", "events-schema", "none"])
def test_empty_input_says_nothing_to_show(chart, empty):
    fig = chart(empty)
    assert isinstance(fig, Figure)
    assert "Nothing to show" in _texts(fig)
    fig.canvas.draw()


@pytest.mark.parametrize("chart", CHARTS, ids=lambda f: f.__name__)
def test_partial_input_never_raises(chart):
    no_coords = frame(EVENTS, [{**r, "lat": None, "lon": None} for r in SAMPLE])
    null_figures = frame(EVENTS, [{**r, "killed": None, "injured": None, "children_killed": None, "launched": None,
                                   "intercepted": None} for r in SAMPLE])
    no_dates = frame(EVENTS, [{**r, "date_start": None, "date_end": None} for r in SAMPLE])
    junk = frame(EVENTS, [{**r, "date_start": "sometime", "lat": "n/a", "killed": "several", "kind": "weird"}
                          for r in SAMPLE])
    few_columns = pd.DataFrame({"kind": ["attack", None], "place": ["Kharkiv", None]})
    for df in (no_coords, null_figures, no_dates, junk, few_columns):
        fig = chart(df)
        assert isinstance(fig, Figure)
        fig.canvas.draw()


def test_all_null_figures_give_nothing_to_show_for_figure_charts():
    df = frame(EVENTS, [{**r, "killed": None, "injured": None, "children_killed": None, "launched": None,
                         "intercepted": None} for r in SAMPLE])
    assert "no killed or injured figures" in _texts(charts.plot_casualties(df))
    assert "no launched or intercepted figures" in _texts(charts.plot_claims(df))


def test_kept_charts(events):
    ents = pd.DataFrame({"article_id": ["a", "a", "b"], "canonical": ["Russia", "Russia", "Kyiv"],
                         "label": ["GPE", "GPE", "GPE"]})
    assert "2 source articles" in _texts(charts.plot_entity_frequency(ents))
    arts = pd.DataFrame({"article_id": ["a", "b"], "published": ["2025-12-05", None]})
    assert "1 without a publication date" in _texts(charts.plot_publication_timeline(arts))
    assert "10 events from 1 source article" in _texts(charts.plot_event_kinds(events))


# ------------------------------------------------------------------------------------------------ timeline


def test_timeline_lanes_and_night_bars(entries):
    fig = charts.plot_timeline(entries)
    text = _texts(fig)
    for lane in ("Attacks (3)", "Air defense (2)", "Meetings (2)", "Statements (1)"):
        assert lane in text
    assert "Dnipropetrovsk Oblast (1 killed, 2 injured)" in text
    assert "from 4 source articles" in text  # union of the entries' `sources` lists
    ax = fig.axes[0]
    # Night entries are bars spanning 20:00-06:00 (10 hours).
    widths = sorted({round(p.get_width() * 24, 3) for p in ax.patches if p.get_height() == 0.5})
    assert widths == [10.0]


def test_timeline_of_plain_events_reads_part_of_day_from_date_text(events):
    fig = charts.plot_timeline(events)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if p.get_height() == 0.5]
    assert len(bars) == 6  # 4 attacks "Thursday night" + 2 air-defense reports "overnight"
    assert "10 events from 1 source article" in _texts(fig)


def test_timeline_labels_do_not_overlap(events, entries):
    for df in (events, entries, pd.concat([events] * 3, ignore_index=True)):
        fig = charts.plot_timeline(df)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_gid() == "label"]
        assert len(boxes) == len(df)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not a.overlaps(b)


# ------------------------------------------------------------------------------------------------ map


def test_offline_border_file_has_ukraine_and_russia():
    assert charts.GEO_FILE.exists()
    assert charts.GEO_FILE.stat().st_size < 2_000_000
    data = json.loads(charts.GEO_FILE.read_text(encoding="utf-8"))
    countries = {f["properties"]["iso_a2"] for f in data["features"] if f["properties"]["level"] == 0}
    assert {"UA", "RU", "BY", "PL", "RO", "MD", "TR", "GE"} <= countries
    regions = [f["properties"] for f in data["features"] if f["properties"]["level"] == 1]
    assert sum(p["iso_a2"] == "UA" for p in regions) >= 25
    assert sum(p["iso_a2"] == "RU" for p in regions) >= 40
    assert (charts.GEO_FILE.parent / "README.md").exists()


def test_crimea_is_drawn_within_ukraine():
    from shapely.geometry import Point

    ukraine = next(b for b in charts.load_borders() if b["level"] == 0 and b["iso_a2"] == "UA")
    russia = next(b for b in charts.load_borders() if b["level"] == 0 and b["iso_a2"] == "RU")
    simferopol = Point(34.1, 44.95)
    assert ukraine["geometry"].contains(simferopol) and not russia["geometry"].contains(simferopol)


def test_map_draws_borders_and_frames_the_theatre(events):
    fig = charts.plot_map(events)
    ax = fig.axes[0]
    assert len(ax.patches) > 50  # country fills, admin-1 outlines and borders from the offline file
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    for lat, lon in ((48.45, 34.98), (45.27, 37.39), (53.16, 48.47), (55.75, 37.62)):  # Dnipropetrovsk, Temryuk,
        assert x0 < lon < x1 and y0 < lat < y1  # Syzran, Moscow
    assert x1 - x0 < 45 and y1 - y0 < 25  # not zoomed out to take in Miami
    assert "Natural Earth" in _texts(fig)


def test_map_lists_out_of_frame_and_unplaced_events(events):
    fig = charts.plot_map(events)
    side = next(t for t in fig.texts if t.get_gid() == "outside-list").get_text()
    assert "Outside the map (1)" in side and "Miami" in side
    assert "Not placed" in side and "137 launched" in side and "Volodymyr Zelenskyy" in side
    frame_ = charts.map_frame(events)
    assert [events["place"].iat[i] for i in frame_.outside] == ["Miami"]
    assert len(frame_.not_placed) == 3


def test_map_stretches_to_theatre_points_but_not_to_india():
    rows = [dict(kind="attack", place="Yekaterinburg", lat=56.84, lon=60.6, actor_country="UA", article_id="a"),
            dict(kind="meeting", place="New Delhi", lat=28.61, lon=77.21, article_id="a")]
    df = frame(EVENTS, rows)
    fig = charts.plot_map(df)
    (x0, x1), _ = fig.axes[0].get_xlim(), fig.axes[0].get_ylim()
    assert x0 < 60.6 < x1 and x1 < 70
    side = next(t for t in fig.texts if t.get_gid() == "outside-list").get_text()
    assert "New Delhi" in side


def test_map_labels_do_not_overlap(events, entries):
    crowded = pd.concat([events, frame(EVENTS, [
        dict(kind="attack", place=name, lat=lat, lon=lon, actor_country="RU", killed=k, article_id="b")
        for name, lat, lon, k in (("Kharkiv", 49.98, 36.25, 3), ("Chuhuiv", 49.84, 36.69, 0),
                                  ("Izium", 49.21, 37.26, 1), ("Kupiansk", 49.71, 37.62, 2),
                                  ("Balakliia", 49.46, 36.86, 0), ("Dnipro", 48.46, 35.05, 4))])],
                        ignore_index=True)
    for df in (events, entries, crowded):
        fig = charts.plot_map(df)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_gid() == "label"]
        assert boxes
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not a.overlaps(b)


# ------------------------------------------------------------------------------------------------ claims etc.


def test_claims_keep_competing_figures_apart(events):
    fig = charts.plot_claims(events)
    ax = fig.axes[0]
    heights = sorted(round(p.get_height()) for p in ax.patches if p.get_height() > 0)
    assert heights == [85, 137]  # side by side, not 222
    text = _texts(fig)
    assert "Ukrainian Air Force" in text and "Russian Defense Ministry" in text
    assert "night 4–5 Dec" in text and "never summed" in text


def test_claims_show_a_repeated_figure_once():
    rows = [dict(kind="air_defense", date_start="2025-12-04", date_text="overnight", launched=137,
                 claimant="Ukrainian Air Force", weapon="drone", actor_country="RU", article_id=a) for a in "ab"]
    fig = charts.plot_claims(frame(EVENTS, rows))
    assert sorted(round(p.get_height()) for p in fig.axes[0].patches if p.get_height() > 0) == [137]
    assert "from 2 source articles" in _texts(fig)


def test_casualties_separate_children_and_do_not_double_count(events):
    dup = pd.concat([events, events.assign(article_id="other")], ignore_index=True)
    fig = charts.plot_casualties(dup)
    text = _texts(fig)
    assert "1 killed (1 child), 2 injured" in text  # the same report twice is not 2 killed
    assert "Dnipropetrovsk Oblast\nThu 4 Dec" in text
    hatched = [p for p in fig.axes[0].patches if p.get_hatch() and p.get_width() > 0]
    assert [round(p.get_width()) for p in hatched] == [1]


def test_network_links_actors_to_places_and_people_to_meetings(events):
    fig = charts.plot_network(events)
    text = _texts(fig)
    for name in ("Russia", "Ukraine", "Syzran", "Temryuk", "Dnipropetrovsk Oblast", "Vladimir Putin",
                 "Steve Witkoff", "meeting: Kremlin, 2 Dec", "meeting: Miami, 4 Dec (planned)"):
        assert name in text
    assert "×2" in text  # Ukraine -> Syzran twice


# ------------------------------------------------------------------------------------------------ saving


def test_save_figure_writes_png_and_svg(tmp_path, events):
    paths = charts.save_figure(charts.plot_map(events), tmp_path / "out", "map: theatre")
    assert set(paths) == {"png", "svg"}
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert paths["svg"].read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert paths["png"].parent == tmp_path / "out" and paths["png"].stem == "map_theatre"


def test_figures_display_themselves_in_notebooks_without_pyplot(events):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig = charts.plot_event_kinds(events)
    assert plt.get_fignums() == before  # pyplot keeps no reference: no "too many figures", no double display
    assert fig._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("chart", CHARTS, ids=lambda f: f.__name__)
def test_dollar_signs_in_names_are_text_not_mathtext(chart):
    """A place, actor or claimant like "$\\frac{" would be parsed as matplotlib mathtext and fail the drawing."""
    odd = frame(EVENTS, [{**r, "place": "Kup$\\frac{yansk", "actor": "$\\undefinedmacro$", "claimant": "$^$",
                          "target": "a $5 \\bad$ target"} for r in SAMPLE])
    fig = chart(odd)
    fig.canvas.draw()  # raised ValueError (mathtext) before names were drawn as plain text


# ------------------------------------------------------------------------------------------------ at volume


def _many_entries(n: int) -> pd.DataFrame:
    places = [("Kharkiv", 49.98, 36.25), ("Odesa", 46.48, 30.72), ("Dnipro", 48.46, 35.05), ("Sumy", 50.91, 34.8),
              ("Kherson", 46.64, 32.61), ("Belgorod", 50.6, 36.6), ("Kursk", 51.73, 36.19), ("Lviv", 49.84, 24.03)]
    rows = []
    for i in range(n):
        place, lat, lon = places[i % len(places)]
        kind = ("attack", "air_defense", "meeting", "statement")[i % 4]
        rows.append(dict(entry_id=f"t{i}", kind=kind, date_start=f"2025-{1 + i % 3:02d}-{1 + i % 28:02d}",
                         time_precision=1, place=place, country="UA", lat=lat + (i % 7) * 0.05, lon=lon,
                         actor=("Russia", "Ukraine")[i % 2], killed=i % 11, injured=i % 5,
                         launched=(50 + i) if kind == "air_defense" else None, sources=[f"a{i}"]))
    return _entries(rows)


def test_a_crowded_timeline_counts_per_day_with_a_bounded_height_and_few_labels():
    fig = charts.plot_timeline(_many_entries(500))
    assert fig.get_size_inches()[1] < 12  # a few panels, not a column of 500 rows
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for ax in fig.axes for t in ax.texts if t.get_gid() == "label"]
    assert 0 < len(boxes) <= charts.TIMELINE_TOP_LABELS * 4
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
    assert "500 entries" in _texts(fig) and "per day" in _texts(fig)


def test_a_crowded_map_names_only_the_largest_places():
    df = _many_entries(500)
    df["place"] = [f"Village {i}" for i in range(len(df))]
    df["lat"] = 46 + (pd.Series(range(len(df))) % 40) * 0.2
    df["lon"] = 24 + (pd.Series(range(len(df))) // 40) * 1.1
    fig = charts.plot_map(df)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_gid() == "label"]
    assert len(boxes) == charts.MAP_TOP_LABELS
    assert f"only the {charts.MAP_TOP_LABELS} largest" in _texts(fig)
