"""Charts at scale: thousands of synthetic events or entries give charts whose artists (bars, labels, nodes) stay
bounded and whose captions say what was aggregated or left out; figures stay truthful (totals kept). The widgets'
data, built column by column, equals the per-row version it replaced. No timing: counts and equality only."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.patches import Rectangle

from sitrep import charts, schema
from sitrep.charts import casualties, claims, interactive, network, style, tabular
from sitrep.charts.widgets import entry_source

REGIONS = [f"Region {i}" for i in range(60)]


def _texts(fig) -> str:
    parts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        parts += [t.get_text() for t in ax.texts] + [ax.get_title(), ax.get_title(loc="left")]
        parts += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
    return " ".join(parts)


def _many_events(n: int) -> pd.DataFrame:
    """``n`` plain events over ~200 days, 60 regions, 40 claimants and 30 actors: attacks and air-defense reports."""
    rows = []
    for i in range(n):
        day = pd.Timestamp("2025-01-01") + pd.Timedelta(days=i % 200)
        attack = i % 3 != 0
        rows.append(dict(
            event_id=f"e{i}", article_id=f"a{i % 700}", kind="attack" if attack else "air_defense",
            actor=f"Unit {i % 30}", actor_country=("RU", "UA")[i % 2], weapon="drone",
            place=f"Town {i % 250}", admin1=REGIONS[i % len(REGIONS)], country="UA", lat=46 + (i % 40) * 0.2,
            lon=24 + (i % 25) * 0.9, geo_precision=1, date_start=day.date().isoformat(),
            date_end=day.date().isoformat(), time_precision=1,
            killed=(i % 7) if attack else None, injured=(i % 5) if attack else None,
            children_killed=1 if attack and i % 13 == 0 else None,
            launched=None if attack else 40 + i % 90, intercepted=None if attack else 30 + i % 50,
            claimant=f"Claimant {i % 40}", certainty="claimed"))
    return schema.frame(schema.EVENTS, rows)


@pytest.fixture(scope="module")
def many() -> pd.DataFrame:
    return _many_events(3000)


def _bars(fig) -> list[Rectangle]:
    return [p for ax in fig.axes for p in ax.patches if isinstance(p, Rectangle)]


def test_casualties_at_scale_one_bar_per_region_with_totals_kept(many):
    fig = charts.plot_casualties(many)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == casualties.CASUALTY_TOP_REGIONS  # not one row per region-day (thousands)
    hit = many.loc[many["killed"].fillna(0) + many["injured"].fillna(0) > 0, "admin1"].nunique()
    assert labels[-1].startswith(f"{hit - casualties.CASUALTY_TOP_REGIONS + 1} other regions")
    assert len(_bars(fig)) <= 4 * casualties.CASUALTY_TOP_REGIONS
    text = _texts(fig)
    assert "region-days" in text and "one bar per region" in text and "other regions" in text
    # truthful: the killed bars (adults + children) add up to every region-day's killed figure
    k = many.assign(day=many["date_start"]).groupby(["day", "admin1", "place"])["killed"].max()
    expected = k.groupby(level=[0, 1]).sum().sum()
    red = sum(p.get_width() for p in _bars(fig) if p.get_facecolor()[:3] == pytest.approx((0xb0 / 255, 0x3a / 255,
                                                                                          0x2e / 255)))
    pink = sum(p.get_width() for p in _bars(fig) if p.get_hatch() == "////")
    assert red + pink == pytest.approx(expected)


def test_casualties_of_a_few_region_days_keep_one_bar_each():
    small = _many_events(30)
    fig = charts.plot_casualties(small)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) <= casualties.CASUALTY_MAX_BARS and all("\n" in x and "days" not in x for x in labels)
    assert "one bar per region and day" in _texts(fig)


def test_claims_at_scale_one_panel_per_top_series_added_per_week(many):
    fig = charts.plot_claims(many)
    assert len(fig.axes) == claims.CLAIMS_TOP_SERIES
    assert len(_bars(fig)) <= claims.CLAIMS_TOP_SERIES * 2 * 32  # ~29 weeks, two bars each
    text = _texts(fig)
    assert "per week" in text and "smaller series are not shown" in text
    # each panel is one claimant's own figures: its launched bars add up to that claimant's nightly maxima
    title = fig.axes[0].get_title(loc="left")
    claimant, what = title.split(": ")
    mine = many[(many["claimant"] == claimant) & many["launched"].notna()]
    nightly = mine.groupby("date_start")["launched"].max().sum()
    light = [p for p in fig.axes[0].patches if p.get_alpha() == pytest.approx(0.35)]
    assert sum(p.get_height() for p in light) == pytest.approx(nightly)


def test_network_at_scale_names_the_largest_actors_and_places(many):
    fig = charts.plot_network(many)
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.texts if t.get_text() and not t.get_text().startswith("×")]
    assert len(names) <= network.NETWORK_MAX_ACTORS + network.NETWORK_MAX_PLACES
    assert any(n.endswith("other actors") for n in names) and any(n.endswith("other places") for n in names)
    counts = [t for t in ax.texts if t.get_text().startswith("×")]
    assert len(counts) <= network.NETWORK_LABELLED_EDGES + 5  # ties at the cut may add a few
    assert "Too many to draw all" in _texts(fig)


def test_timeline_at_scale_draws_bars_as_one_collection_per_side():
    rows = []
    for i in range(4000):
        rows.append(dict(entry_id=f"t{i}", kind=("attack", "air_defense", "meeting", "statement")[i % 4],
                         date_start=(pd.Timestamp("2025-01-01") + pd.Timedelta(days=i % 90)).date().isoformat(),
                         time_precision=1, place=f"Town {i % 50}", actor=("Russia", "Ukraine")[i % 2],
                         killed=i % 9, sources=[f"a{i}"]))
    fig = charts.plot_timeline(pd.DataFrame(rows))
    collections = [c for ax in fig.axes for c in ax.collections if isinstance(c, PolyCollection)]
    assert 0 < len(collections) <= 4 * 3  # kinds x sides
    assert sum(len(c.get_paths()) for c in collections) <= 4 * 3 * 90
    assert sum(1 for _ in fig.findobj()) < 1500
    assert "4000 entries" in _texts(fig)


def _entry_source_per_row(entries: pd.DataFrame) -> pd.DataFrame:
    """The per-row version entry_source replaced (one record dict and one Series per figure per row): the oracle."""
    from sitrep.charts.widgets import _clean, _figures, _size

    d = tabular._frame(entries).reset_index(drop=True)
    rows = d.to_dict("records")
    sides, claimants, cas = tabular._sides(d), tabular._claimants(d), tabular._casualty_total(d)
    out = []
    for i, row in enumerate(rows):
        kind = tabular._kind(row.get("kind"))
        subkind = _clean(row.get("subkind"))
        place = ", ".join(dict.fromkeys(p for p in (_clean(row.get("place")), _clean(row.get("admin1")),
                                                     _clean(row.get("country"))) if p))
        sources = row.get("sources")
        out.append({
            "entry_id": _clean(row.get("entry_id")) or _clean(row.get("event_id")),
            "date": _clean(row.get("date_start"))[:10],
            "kind": style.KIND_LABELS[kind].rstrip("s").lower() + (f" ({subkind})" if subkind else ""),
            "lane": style.KIND_LABELS[kind], "place": place or "not placed", "figures": _figures(row) or "none",
            "claimant": claimants[i] or "not attributed", "certainty": _clean(row.get("certainty")) or "unknown",
            "sources": str(len(tabular._items(sources)) if sources is not None else 1),
            "side": style.SIDE_NAMES[sides[i]], "color": style.SIDE_COLORS[sides[i]], "size": _size(cas.iat[i]),
            "lon": pd.to_numeric(row.get("lon"), errors="coerce"),
            "lat": pd.to_numeric(row.get("lat"), errors="coerce"),
        })
    return pd.DataFrame(out, columns=list(out[0]))


def test_entry_source_built_by_columns_equals_the_per_row_version(many):
    from sitrep.timeline import build_timeline

    odd = many.head(300).copy()
    odd.loc[odd.index[:5], "subkind"] = ["drone_strike", "  shelling  ", None, "", "x\ny"]
    odd.loc[odd.index[5:8], "killed"] = [math.nan, 2.9, 0]
    odd.loc[odd.index[8], "admin1"] = odd.loc[odd.index[8], "place"]  # place and region the same: named once
    for frame in (odd, build_timeline(odd)):
        pd.testing.assert_frame_equal(entry_source(frame), _entry_source_per_row(frame))


def test_interactive_charts_carry_at_most_the_largest_points(many, monkeypatch):
    from bokeh.models import ColumnDataSource

    data = entry_source(many)
    kept = interactive._largest(data, 500)
    assert len(kept) == 500 and kept["size"].min() >= data["size"].sort_values(ascending=False).iloc[499]
    assert list(kept.index) == sorted(kept.index)  # in their original order
    assert interactive._largest(data.head(20), 500).equals(data.head(20))
    monkeypatch.setattr(interactive, "WIDGET_MAX_POINTS", 500)
    for fig in (interactive.interactive_timeline(many), interactive.interactive_map(many)):
        points = [s.data for s in fig.select(type=ColumnDataSource) if "size" in s.data]
        assert len(points) == 1 and len(points[0]["size"]) == 500
        assert "the 500 largest of 3,000" in fig.title.text and "every entry is in the timeline table" in fig.title.text
