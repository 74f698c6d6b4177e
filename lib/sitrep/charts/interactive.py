"""Interactive map and timeline (Bokeh), offline, for the HTML report and JupyterLab.

Pan, wheel-zoom, box-zoom and reset; hover shows an entry's date, kind, place, figures, claimant and certainty; a
click selects the entry and opens its provenance (``provenance.html#<entry_id>`` in the report bundle). Points are
coloured by the acting side and sized by killed + injured, over the same Natural Earth borders as the static map.

:func:`map_widget` and :func:`timeline_widget` return a :class:`ChartWidget`: the Bokeh chart as a
``bokeh.embed.json_item`` in a JSON data block (drawn by :data:`sitrep.web.BOKEH_BOOT` with the inlined BokehJS of
the installed ``bokeh`` package: no CDN, no tiles, no fonts), and the static matplotlib figure as an embedded PNG that
shows in print, in mail and wherever scripts do not run. Hover values are plain text (Bokeh's tuple tooltips insert
them as text, never as HTML); no ``CustomJS`` model is used, so BokehJS never evaluates a string.
"""

from __future__ import annotations

import base64
import functools
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
from bokeh.embed import json_item
from bokeh.models import ColumnDataSource, HoverTool, OpenURL, Range1d, TapTool, Title
from bokeh.plotting import figure
from bokeh.transform import jitter
from shapely.geometry import box as make_box

from sitrep import web
from sitrep.charts import static as st
from sitrep.charts.borders import BORDERS_CREDIT, THEATRE_REGION, load_borders
from sitrep.escape import html_text

PROVENANCE_PAGE = "provenance.html"
TOOLTIPS = [("date", "@date"), ("kind", "@kind"), ("place", "@place"), ("figures", "@figures"),
            ("claimant", "@claimant"), ("certainty", "@certainty"), ("sources", "@sources")]
TOOLS = "pan,wheel_zoom,box_zoom,reset,tap"
BORDER_TOLERANCE = 0.03  # degrees: borders simplified for the page (the static map keeps the full extract)


def _clean(value) -> str:
    text = st._text(value)
    return "" if text is None else " ".join(text.split())


def _figures(row: dict) -> str:
    return ", ".join(f"{v} {n}" for n in ("killed", "injured", "launched", "intercepted")
                     if (v := st._count(row.get(n))) is not None)


def _size(casualties: float) -> float:
    """Marker diameter in screen pixels, growing with the square root of killed + injured."""
    c = 0.0 if st._is_null(casualties) else max(0.0, float(casualties))
    return min(7.0 + 3.2 * math.sqrt(c), 40.0)


def entry_source(entries: pd.DataFrame) -> pd.DataFrame:
    """One row per timeline entry (or event) with what the charts show and hover says: text columns are plain
    text (no markup is ever interpreted), ``x``/``y`` the coordinates, ``color`` and ``size`` the marker."""
    d = st._frame(entries).reset_index(drop=True)
    rows = d.to_dict("records")
    sides = st._sides(d)
    claimants = st._claimants(d)
    casualties = st._casualty_total(d)
    out = []
    for i, row in enumerate(rows):
        kind = st._kind(row.get("kind"))
        subkind = _clean(row.get("subkind"))
        place = ", ".join(dict.fromkeys(p for p in (_clean(row.get("place")), _clean(row.get("admin1")),
                                                     _clean(row.get("country"))) if p))
        sources = row.get("sources")
        n_sources = len(st._items(sources)) if sources is not None else 1
        out.append({
            "entry_id": _clean(row.get("entry_id")) or _clean(row.get("event_id")),
            "date": _clean(row.get("date_start"))[:10],
            "kind": st.KIND_LABELS[kind].rstrip("s").lower() + (f" ({subkind})" if subkind else ""),
            "lane": st.KIND_LABELS[kind],
            "place": place or "not placed",
            "figures": _figures(row) or "none",
            "claimant": claimants[i] or "not attributed",
            "certainty": _clean(row.get("certainty")) or "unknown",
            "sources": str(n_sources),
            "side": st.SIDE_NAMES[sides[i]],
            "color": st.SIDE_COLORS[sides[i]],
            "size": _size(casualties.iat[i]),
            "lon": pd.to_numeric(row.get("lon"), errors="coerce"),
            "lat": pd.to_numeric(row.get("lat"), errors="coerce"),
        })
    return pd.DataFrame(out, columns=["entry_id", "date", "kind", "lane", "place", "figures", "claimant",
                                      "certainty", "sources", "side", "color", "size", "lon", "lat"])


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


def interactive_map(entries: pd.DataFrame, *, width: int = 860, height: int = 560):
    """A Bokeh map of the entries with coordinates in the theatre region (see the module's doc)."""
    data = entry_source(entries)
    placed = data.dropna(subset=["lon", "lat"])
    lo0, lo1, la0, la1 = THEATRE_REGION
    placed = placed[placed["lon"].between(lo0, lo1) & placed["lat"].between(la0, la1)]
    view = st.map_frame(entries).view
    fig = figure(width=width, height=height, tools=TOOLS, active_scroll="wheel_zoom", match_aspect=True,
                 x_range=Range1d(view[0], view[1]), y_range=Range1d(view[2], view[3]),
                 title=f"Events on the map ({len(placed)} placed of {len(data)}) — click a point for its sources",
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


def interactive_timeline(entries: pd.DataFrame, *, width: int = 860):
    """A Bokeh timeline: entries on a date axis in one lane per kind (see the module's doc)."""
    data = entry_source(entries)
    data["when"] = pd.to_datetime(data["date"], errors="coerce", format="%Y-%m-%d")
    dated = data.dropna(subset=["when"])
    lanes = [st.KIND_LABELS[k] for k in (*st.LANES, "other") if st.KIND_LABELS[k] in set(dated["lane"])]
    undated = len(data) - len(dated)
    title = f"Timeline ({len(dated)} dated entries" + (f", {undated} undated not shown" if undated else "") + \
        ") — click a point for its sources"
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


def _png_data_uri(fig) -> str:
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        return ""
    saved = getattr(fig, "sitrep_png", None)  # save_figure wrote it already: embed those bytes
    if saved is not None and Path(saved).is_file():
        return "data:image/png;base64," + base64.b64encode(Path(saved).read_bytes()).decode("ascii")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, facecolor="white")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


class ChartWidget:
    """A Bokeh chart with its static matplotlib version (see the module's doc). In a notebook its HTML output carries
    BokehJS (once per kernel), the chart's JSON and the static PNG."""

    def __init__(self, model, static, *, alt: str) -> None:
        self.model, self.static, self.alt = model, static, alt

    def item(self) -> dict:
        return json_item(self.model)

    def _repr_html_(self) -> str:
        png = _png_data_uri(self.static)
        static = f'<img src="{png}" alt="{html_text(self.alt)}" style="max-width:100%">' if png else ""
        return (f'<div class="sitrep-widget sitrep-chart">{web.library_once("bokeh")}'
                f'<div class="sitrep-interactive"><div class="sitrep-bokeh"></div>'
                f'{web.data_block(self.item(), cls="sitrep-bokeh-item")}</div>'
                f'<div class="sitrep-static">{static}</div></div>')


def map_widget(entries: pd.DataFrame, *, static=None) -> ChartWidget:
    """The interactive map with the static :func:`sitrep.charts.plot_map` figure (``static``, drawn when not given)."""
    static = st.plot_map(entries) if static is None else static
    return ChartWidget(interactive_map(entries), static, alt="map of the events")


def timeline_widget(entries: pd.DataFrame, *, static=None) -> ChartWidget:
    """The interactive timeline with the static :func:`sitrep.charts.plot_timeline` figure."""
    static = st.plot_timeline(entries) if static is None else static
    return ChartWidget(interactive_timeline(entries), static, alt="timeline of the events")
