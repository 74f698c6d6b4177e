"""Interactive map and timeline as Bokeh figures, offline (:mod:`sitrep.charts.widgets` puts them on a page).

Pan, wheel-zoom, box-zoom and reset; hover shows an entry's date, kind, place, figures, claimant and certainty; a
click selects the entry and opens its provenance (``provenance.html#<entry_id>`` in the report bundle). Points are
coloured by the acting side and sized by killed + injured, over the same Natural Earth borders as the static map.
Hover values are plain text (Bokeh's tuple tooltips insert them as text, never as HTML); no ``CustomJS`` model is
used, so BokehJS never evaluates a string.

Importing this module imports Bokeh (about 1.5 s): a notebook that builds the charts imports ``map_widget`` and
``timeline_widget`` from here, so that the report's kernel warm-up loads Bokeh before the notebook runs.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
from bokeh.models import ColumnDataSource, HoverTool, OpenURL, Range1d, TapTool, Title
from bokeh.plotting import figure
from bokeh.transform import jitter
from shapely.geometry import box as make_box

from sitrep.charts import style
from sitrep.charts.borders import BORDERS_CREDIT, THEATRE_REGION, load_borders
from sitrep.charts.map import map_frame
from sitrep.charts.widgets import PROVENANCE_PAGE, _clean, entry_source, map_widget, timeline_widget  # noqa: F401

TOOLTIPS = [("date", "@date"), ("kind", "@kind"), ("place", "@place"), ("figures", "@figures"),
            ("claimant", "@claimant"), ("certainty", "@certainty"), ("sources", "@sources")]
TOOLS = "pan,wheel_zoom,box_zoom,reset,tap"
BORDER_TOLERANCE = 0.03  # degrees: borders simplified for the page (the static map keeps the full extract)


WIDGET_MAX_POINTS = 2000  # an interactive chart carries at most this many points (the page stays small)


def _largest(data: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """At most ``limit`` (default :data:`WIDGET_MAX_POINTS`) rows of an :func:`entry_source` frame, in their order:
    the largest markers (killed + injured) first, then those with figures, then the latest."""
    limit = WIDGET_MAX_POINTS if limit is None else limit
    if len(data) <= limit:
        return data
    key = pd.DataFrame({"size": data["size"], "figures": data["figures"] != "none", "date": data["date"]})
    order = key.sort_values(["size", "figures", "date"], ascending=False, kind="stable").index[:limit]
    return data.loc[sorted(order)]


def _shown(n_shown: int, n_all: int) -> str:
    return f"the {n_shown:,} largest of {n_all:,}; every entry is in the timeline table" if n_shown < n_all else ""


def _source(frame: pd.DataFrame) -> ColumnDataSource:
    return ColumnDataSource({name: column.to_numpy() for name, column in frame.items()})


def _open_provenance():
    return OpenURL(url=f"{PROVENANCE_PAGE}#@entry_id", same_tab=True)


def _finish(fig, renderer) -> None:
    fig.add_tools(HoverTool(renderers=[renderer], tooltips=TOOLTIPS))
    fig.select_one(TapTool).callback = _open_provenance()
    fig.toolbar.logo = None
    fig.toolbar.autohide = False


@functools.lru_cache(maxsize=4)
def _border_patches(box) -> tuple[dict, dict]:
    """Country (filled) and admin-1 (outline) rings within ``box``, simplified, as Bokeh ``patches`` data."""
    frame = make_box(box[0], box[2], box[1], box[3])
    countries = {"xs": [], "ys": [], "name": []}
    regions = {"xs": [], "ys": []}
    for b in load_borders():
        geom = b["geometry"]
        if not geom.intersects(frame):
            continue
        geom = geom.simplify(BORDER_TOLERANCE, preserve_topology=True)
        target = countries if b["level"] == 0 else regions
        for poly in getattr(geom, "geoms", [geom]):
            if poly.geom_type != "Polygon" or poly.is_empty:
                continue
            xy = np.asarray(poly.exterior.coords, dtype=np.float32)[:, :2]
            target["xs"].append(xy[:, 0])
            target["ys"].append(xy[:, 1])
            if target is countries:
                countries["name"].append(_clean(b.get("name")))
    return countries, regions


def interactive_map(entries: pd.DataFrame, *, width: int = 860, height: int = 560, data: pd.DataFrame | None = None):
    """A Bokeh map of the entries with coordinates in the theatre region (see the module's doc); ``data`` is their
    :func:`entry_source` when already built."""
    data = entry_source(entries) if data is None else data
    placed = data.dropna(subset=["lon", "lat"])
    lo0, lo1, la0, la1 = THEATRE_REGION
    placed = placed[placed["lon"].between(lo0, lo1) & placed["lat"].between(la0, la1)]
    n_placed = len(placed)
    placed = _largest(placed)
    cut = _shown(len(placed), n_placed)
    view = map_frame(entries).view
    fig = figure(width=width, height=height, tools=TOOLS, active_scroll="wheel_zoom", match_aspect=True,
                 x_range=Range1d(view[0], view[1]), y_range=Range1d(view[2], view[3]),
                 title=f"Events on the map ({n_placed} placed of {len(data)}{'; ' + cut if cut else ''}) — click a "
                       "point for its sources",
                 x_axis_label="longitude", y_axis_label="latitude", aspect_scale=1 / math.cos(math.radians(49)))
    countries, regions = _border_patches(THEATRE_REGION)
    fig.patches("xs", "ys", source=ColumnDataSource(dict(countries)), fill_color="#f2efe9", line_color="#9a9a9a",
                line_width=0.8)
    fig.patches("xs", "ys", source=ColumnDataSource(dict(regions)), fill_alpha=0, line_color="#c8c8c8", line_width=0.4)
    order = placed.sort_values("size", ascending=False)  # small points on top of large ones
    points = fig.scatter("lon", "lat", source=_source(order), size="size", fill_color="color",
                         line_color="white", fill_alpha=0.75, legend_field="side", nonselection_fill_alpha=0.3)
    _finish(fig, points)
    fig.legend.location = "top_left"
    fig.grid.grid_line_alpha = 0.3
    fig.add_layout(_credit(BORDERS_CREDIT), "below")
    return fig


def _credit(text: str):
    return Title(text=text, text_font_size="8pt", text_color="#666666", align="left")


def interactive_timeline(entries: pd.DataFrame, *, width: int = 860, data: pd.DataFrame | None = None):
    """A Bokeh timeline: entries on a date axis in one lane per kind (see the module's doc); ``data`` is their
    :func:`entry_source` when already built."""
    data = (entry_source(entries) if data is None else data).copy()
    data["when"] = pd.to_datetime(data["date"], errors="coerce", format="%Y-%m-%d")
    dated = data.dropna(subset=["when"])
    lanes = [style.KIND_LABELS[k] for k in (*style.LANES, "other") if style.KIND_LABELS[k] in set(dated["lane"])]
    undated = len(data) - len(dated)
    n_dated = len(dated)
    dated = _largest(dated)
    cut = _shown(len(dated), n_dated)
    title = f"Timeline ({n_dated} dated entries" + (f", {undated} undated not shown" if undated else "") + \
        (f"; {cut}" if cut else "") + ") — click a point for its sources"
    fig = figure(width=width, height=120 + 70 * max(1, len(lanes)), tools=TOOLS, active_scroll="wheel_zoom",
                 x_axis_type="datetime", y_range=lanes or ["no dated entries"], title=title)
    order = dated.sort_values("size", ascending=False)
    points = fig.scatter(x="when", y=jitter("lane", width=0.5, range=fig.y_range), source=_source(order),
                         size="size", fill_color="color", line_color="white", fill_alpha=0.75, legend_field="side",
                         nonselection_fill_alpha=0.3)
    _finish(fig, points)
    fig.legend.location = "top_left"
    fig.legend.orientation = "horizontal"
    fig.ygrid.grid_line_alpha = 0.3
    return fig


