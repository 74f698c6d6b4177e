"""Interactive map and timeline (sitrep.charts.interactive): plain-text hover data, sides, sizes, borders, the
provenance link; in headless Chromium (slow): drawn, hovered and clicked with the page's own policy in force."""

from __future__ import annotations

import json
import re
import time

import pandas as pd
import pytest

from sitrep import charts, schema
from sitrep.charts.interactive import interactive_map
from sitrep.charts.widgets import entry_source, map_widget, timeline_widget
from sitrep.timeline import build_timeline

PAYLOAD = "<img src=x onerror=\"document.body.setAttribute('data-pwned','hover')\">"


def _events() -> pd.DataFrame:
    rows = [
        {"event_id": "e1", "article_id": "a1", "kind": "attack", "subkind": "drone_strike", "actor": "Russia",
         "actor_country": "RU", "place": f"Kharkiv {PAYLOAD}", "admin1": "Kharkiv Oblast", "country": "UA",
         "lat": 49.99, "lon": 36.23, "geo_precision": 1, "date_start": "2025-12-04", "date_end": "2025-12-04",
         "time_precision": 1, "killed": 3, "injured": 10, "claimant": f"Governor {PAYLOAD}", "certainty": "confirmed",
         "sentence": "Russian drones struck Kharkiv.", "char_start": 0, "char_end": 30},
        {"event_id": "e2", "article_id": "a2", "kind": "attack", "subkind": "drone_strike", "actor": "Ukraine",
         "actor_country": "UA", "place": "Belgorod", "admin1": "Belgorod Oblast", "country": "RU", "lat": 50.6,
         "lon": 36.6, "geo_precision": 1, "date_start": "2025-12-03", "date_end": "2025-12-03", "time_precision": 1,
         "injured": 1, "claimant": "Vyacheslav Gladkov", "certainty": "claimed", "sentence": "x", "char_start": 0,
         "char_end": 1},
        {"event_id": "e3", "article_id": "a1", "kind": "statement", "speaker": "Zelensky", "claimant": "Zelensky",
         "date_start": "2025-12-05", "date_end": "2025-12-05", "time_precision": 1, "sentence": "y", "char_start": 0,
         "char_end": 1},
    ]
    return schema.frame(schema.EVENTS, rows)


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    return build_timeline(_events())


def test_entry_source_is_plain_text_coloured_by_side_and_sized_by_casualties(timeline):
    data = entry_source(timeline).set_index("date")
    kharkiv = data.loc["2025-12-04"]
    assert PAYLOAD in kharkiv["place"] and PAYLOAD in kharkiv["claimant"]  # as text, for Bokeh to show as text
    assert kharkiv["figures"] == "3 killed, 10 injured" and kharkiv["certainty"] == "confirmed"
    assert kharkiv["color"] == charts.style.SIDE_COLORS["RU"]
    assert data.loc["2025-12-03", "color"] == charts.style.SIDE_COLORS["UA"]
    assert kharkiv["size"] > data.loc["2025-12-03", "size"] > data.loc["2025-12-05", "size"]
    assert data.loc["2025-12-05", "place"] == "not placed"


def test_the_map_has_borders_hover_and_a_provenance_link(timeline):
    from bokeh.models import CustomJS, HoverTool, OpenURL, TapTool

    fig = interactive_map(timeline)
    hover = fig.select_one(HoverTool)
    assert [name for name, _ in hover.tooltips] == ["date", "kind", "place", "figures", "claimant", "certainty",
                                                    "sources"]
    assert all(re.fullmatch(r"@\w+", field) for _, field in hover.tooltips)  # values inserted as text, never {safe}
    tap = fig.select_one(TapTool)
    assert isinstance(tap.callback, OpenURL) and tap.callback.url == "provenance.html#@entry_id"
    patches = [r for r in fig.renderers if r.glyph.__class__.__name__ == "Patches"]
    assert len(patches) == 2 and len(patches[0].data_source.data["xs"]) > 20  # countries and regions
    assert not list(fig.select({"type": CustomJS}))  # nothing for BokehJS to evaluate


def test_widgets_carry_the_chart_as_json_and_the_static_png(timeline):
    for widget in (map_widget(timeline), timeline_widget(timeline)):
        out = widget._repr_html_()
        block = re.search(r'<script type="application/json" class="sitrep-bokeh-item">(.*?)</script>', out, re.S)
        item = json.loads(block.group(1))
        assert item["root_id"] and item["doc"]["roots"]
        assert "<img src=x" not in out  # the payload only as JSON text (\u003c ...)
        assert re.search(r'<div class="sitrep-static"><img src="data:image/png;base64,', out)
        assert widget.png.startswith(b"\x89PNG")


def test_nothing_to_chart_is_the_static_figure_only(timeline):
    out = map_widget(timeline.iloc[0:0])._repr_html_()
    assert "sitrep-bokeh-item" not in out and "sitrep-widget" not in out and 'src="data:image/png;base64,' in out


def test_a_saved_widget_is_reused_for_the_same_data_only(timeline, tmp_path, monkeypatch):
    from sitrep.charts import interactive, save_figure
    from sitrep.charts.map import plot_map

    static = plot_map(timeline)
    save_figure(static, tmp_path, "map")
    first = map_widget(timeline, static=static, charts_dir=tmp_path)
    assert (tmp_path / "map.bokeh.json").is_file()

    def no_bokeh(entries):
        raise AssertionError("rebuilt")

    monkeypatch.setattr(interactive, "interactive_map", no_bokeh)
    monkeypatch.setattr("sitrep.charts.map.plot_map", no_bokeh)
    again = map_widget(timeline, charts_dir=tmp_path)  # no Bokeh, no matplotlib
    assert again.item == json.loads(json.dumps(first.item)) and again.png == first.png
    with pytest.raises(AssertionError, match="rebuilt"):  # other data: built again
        map_widget(timeline.iloc[:1], charts_dir=tmp_path)
    (tmp_path / "map.png").write_bytes(b"other")  # a PNG that is not the one saved with it: built again
    with pytest.raises(AssertionError, match="rebuilt"):
        map_widget(timeline, charts_dir=tmp_path)


# -- in a browser (slow) ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    from sitrep.report import find_chromium

    if not find_chromium():
        pytest.skip("Chromium not found")
    from cdp import Browser

    with Browser() as b:
        yield b


def render_page(path, *fragments: str):
    """A report page (the runner's renderer, so its policy) whose outputs are ``fragments`` of HTML."""
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from sitrep.report import _Renderer

    cells = [new_code_cell(outputs=[new_output("display_data", data={"text/html": f})]) for f in fragments]
    _Renderer().render(new_notebook(cells=cells), path, title="page", header="")
    return path


@pytest.mark.slow
def test_map_and_timeline_draw_hover_and_click_through_with_the_policy_in_force(browser, timeline, tmp_path):
    from cdp import hover_points, widgets

    page = render_page(tmp_path / "index.html", map_widget(timeline)._repr_html_(),
                       timeline_widget(timeline)._repr_html_())
    (tmp_path / "provenance.html").write_text('<html><body><p id="ok">provenance</p></body></html>')
    browser.open(page, settle=2.0)
    seen = widgets(browser)
    assert seen["drawn"] == seen["widgets"] == 2 and seen["canvases"] >= 2
    tips = hover_points(browser)
    assert any(f"place: Kharkiv {PAYLOAD}" in t and "figures: 3 killed, 10 injured" in t for t in tips), tips
    assert any("claimant: Vyacheslav Gladkov" in t for t in tips)
    assert widgets(browser)["pwned"] is None
    assert [c for c in browser.console() if "Content Security Policy" in c or "Refused" in c] == []
    assert [u for u in browser.requests() if not u.startswith(("file:", "data:"))] == []
    # a click on a point opens its provenance
    x, y = browser.js(__import__("cdp").BOKEH_POINTS)[0]
    browser.js(f"window.scrollTo(0, {max(0, y - 300)})")
    browser.click(x, y - browser.js("window.scrollY"))
    time.sleep(1.0)
    assert re.search(r"/provenance\.html#[0-9a-f]{16}$", browser.js("location.href"))

