"""Chart widgets for notebooks and the report: the interactive Bokeh chart with its static matplotlib version.

:func:`map_widget` and :func:`timeline_widget` return a :class:`ChartWidget`: the chart as a
``bokeh.embed.json_item`` in a JSON data block (drawn by :data:`sitrep.web.BOKEH_BOOT` with the inlined BokehJS of
the installed ``bokeh`` package: no CDN, no tiles, no fonts), and the static figure as an embedded PNG that shows in
print, in mail and wherever scripts do not run.

With ``charts_dir`` (the run's ``charts/``), a widget is saved there (``<name>.bokeh.json``: the item, a digest of the
data it shows, and the checksum of ``<name>.png``); a later notebook of the same run showing the same data reuses it
without importing Bokeh or drawing the matplotlib figure again (the report's 04_charts saves, the front page reuses).
This module does not import Bokeh; :mod:`sitrep.charts.interactive` does, when a chart has to be built.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
from pathlib import Path

import pandas as pd

from sitrep import web
from sitrep.charts import map as map_chart
from sitrep.charts import style, tabular
from sitrep.charts import timeline as timeline_chart
from sitrep.escape import html_text

PROVENANCE_PAGE = "provenance.html"


def _clean(value) -> str:
    text = tabular._text(value)
    return "" if text is None else " ".join(text.split())


FIGURE_NAMES = ("killed", "injured", "launched", "intercepted")


def _figures(row: dict) -> str:
    return ", ".join(f"{v} {n}" for n in FIGURE_NAMES if (v := tabular._count(row.get(n))) is not None)


def _size(casualties: float) -> float:
    """Marker diameter in screen pixels, growing with the square root of killed + injured."""
    c = 0.0 if tabular._is_null(casualties) else max(0.0, float(casualties))
    return min(7.0 + 3.2 * math.sqrt(c), 40.0)


def _clean_column(d: pd.DataFrame, name: str) -> list[str]:
    if name not in d.columns:
        return [""] * len(d)
    return [_clean(v) for v in d[name].tolist()]


def _figures_column(d: pd.DataFrame) -> list[str]:
    """Each row's figures ("3 killed, 5 injured"), from one numeric conversion per column (not one per cell)."""
    parts: list[list[str]] = [[] for _ in range(len(d))]
    for name in FIGURE_NAMES:
        if name not in d.columns:
            continue
        values = pd.to_numeric(d[name], errors="coerce").to_numpy(dtype=float, na_value=math.nan)
        for i in (~pd.isna(values)).nonzero()[0]:
            parts[i].append(f"{int(values[i])} {name}")
    return [", ".join(p) for p in parts]


def entry_source(entries: pd.DataFrame) -> pd.DataFrame:
    """One row per timeline entry (or event) with what the charts show and hover says: text columns are plain
    text (no markup is ever interpreted), ``x``/``y`` the coordinates, ``color`` and ``size`` the marker.

    Built column by column (no per-row Series or record dicts): about 10,000 entries take well under a second."""
    d = tabular._frame(entries).reset_index(drop=True)
    n = len(d)
    sides = tabular._sides(d)
    claimants = tabular._claimants(d)
    casualties = tabular._casualty_total(d)
    kinds = [tabular._kind(v) for v in tabular._col(d, "kind").tolist()]
    subkinds = _clean_column(d, "subkind")
    places = [", ".join(dict.fromkeys(p for p in trio if p)) or "not placed"
              for trio in zip(_clean_column(d, "place"), _clean_column(d, "admin1"), _clean_column(d, "country"),
                              strict=True)]
    if "sources" in d.columns:
        n_sources = [1 if v is None else len(tabular._items(v)) for v in d["sources"].tolist()]
    else:
        n_sources = [1] * n
    entry_ids = [e or v for e, v in zip(_clean_column(d, "entry_id"), _clean_column(d, "event_id"), strict=True)]
    certainty = [c or "unknown" for c in _clean_column(d, "certainty")]
    out = pd.DataFrame({
        "entry_id": entry_ids,
        "date": [t[:10] for t in _clean_column(d, "date_start")],
        "kind": [style.KIND_LABELS[k].rstrip("s").lower() + (f" ({s})" if s else "")
                 for k, s in zip(kinds, subkinds, strict=True)],
        "lane": [style.KIND_LABELS[k] for k in kinds],
        "place": places,
        "figures": [f or "none" for f in _figures_column(d)],
        "claimant": [c or "not attributed" for c in claimants],
        "certainty": certainty,
        "sources": [str(k) for k in n_sources],
        "side": [style.SIDE_NAMES[s] for s in sides],
        "color": [style.SIDE_COLORS[s] for s in sides],
        "size": [_size(c) for c in casualties.tolist()],
        "lon": tabular._num(d, "lon").astype(float).to_numpy(),
        "lat": tabular._num(d, "lat").astype(float).to_numpy(),
    }, columns=["entry_id", "date", "kind", "lane", "place", "figures", "claimant", "certainty", "sources", "side",
                "color", "size", "lon", "lat"])
    return out


def data_digest(entries: pd.DataFrame, *, data: pd.DataFrame | None = None) -> str:
    """A digest of what the interactive charts show of ``entries`` (their hover text, positions and markers);
    ``data`` is their :func:`entry_source` when already built."""
    data = entry_source(entries) if data is None else data
    text = data.to_json(orient="split", date_format="iso", double_precision=6)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _png_bytes(fig) -> bytes | None:
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        return None
    saved = getattr(fig, "sitrep_png", None)  # save_figure wrote it already: embed those bytes
    if saved is not None and Path(saved).is_file():
        return Path(saved).read_bytes()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, facecolor="white")
    return buf.getvalue()


class ChartWidget:
    """A Bokeh chart (as a ``json_item``) with its static version (PNG bytes). In a notebook its HTML output carries
    BokehJS (once per kernel; the report's renderer adds it to the page instead), the chart's JSON and the PNG."""

    def __init__(self, item: dict | None, png: bytes | None, *, alt: str) -> None:
        self.item, self.png, self.alt = item, png, alt

    def _repr_html_(self) -> str:
        static = ""
        if self.png:
            uri = "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")
            static = f'<img src="{uri}" alt="{html_text(self.alt)}" style="max-width:100%">'
        if self.item is None:  # nothing to chart: the static "nothing to show" figure only
            return f'<div class="sitrep-chart">{static}</div>'
        return (f'<div class="sitrep-widget sitrep-chart">{web.library_once("bokeh")}'
                f'<div class="sitrep-interactive"><div class="sitrep-bokeh"></div>'
                f'{web.data_block(self.item, cls="sitrep-bokeh-item")}</div>'
                f'<div class="sitrep-static">{static}</div></div>')


def _saved(charts_dir, name: str, digest: str) -> ChartWidget | None:
    if charts_dir is None:
        return None
    folder = Path(charts_dir)
    try:
        saved = json.loads((folder / f"{name}.bokeh.json").read_text(encoding="utf-8"))
        png = (folder / f"{name}.png").read_bytes()
    except (OSError, ValueError):
        return None
    if saved.get("digest") != digest or saved.get("png_sha256") != hashlib.sha256(png).hexdigest():
        return None
    return ChartWidget(saved["item"], png, alt=saved.get("alt", name))


def _widget(entries: pd.DataFrame, name: str, *, static, charts_dir, build, draw, alt: str) -> ChartWidget:
    if entries is None or len(entries) == 0:
        return ChartWidget(None, _png_bytes(draw(entries) if static is None else static), alt=alt)
    data = entry_source(entries)  # built once: for the digest and for the chart
    digest = data_digest(entries, data=data)
    reused = _saved(charts_dir, name, digest)
    if reused is not None:
        return reused
    from bokeh.embed import json_item

    static_png = _png_bytes(draw(entries) if static is None else static)
    widget = ChartWidget(json_item(build(entries, data=data)), static_png, alt=alt)
    if charts_dir is not None and widget.png is not None:
        folder = Path(charts_dir)
        png = folder / f"{name}.png"
        if png.is_file() and png.read_bytes() == widget.png:
            (folder / f"{name}.bokeh.json").write_text(json.dumps(
                {"digest": digest, "png_sha256": hashlib.sha256(widget.png).hexdigest(), "alt": alt,
                 "item": widget.item}), encoding="utf-8")
    return widget


def map_widget(entries: pd.DataFrame, *, static=None, charts_dir=None) -> ChartWidget:
    """The interactive map with the static :func:`sitrep.charts.plot_map` figure (``static``, drawn when not given);
    saved to / reused from ``charts_dir`` (see the module's doc)."""
    from sitrep.charts import interactive

    return _widget(entries, "map", static=static, charts_dir=charts_dir, build=interactive.interactive_map,
                   draw=map_chart.plot_map, alt="map of the events")


def timeline_widget(entries: pd.DataFrame, *, static=None, charts_dir=None) -> ChartWidget:
    """The interactive timeline with the static :func:`sitrep.charts.plot_timeline` figure (see :func:`map_widget`)."""
    from sitrep.charts import interactive

    return _widget(entries, "timeline", static=static, charts_dir=charts_dir, build=interactive.interactive_timeline,
                   draw=timeline_chart.plot_timeline, alt="timeline of the events")
