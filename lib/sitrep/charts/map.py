"""The map chart: event points over offline Natural Earth borders, framed on the theatre."""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass, field

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from sitrep.charts.borders import BORDERS_CREDIT, MAP_LABELS, THEATRE_REGION, THEATRE_VIEW, load_borders
from sitrep.charts.labels import _place_labels
from sitrep.charts.style import INK, KIND_COLORS, KIND_LABELS, KIND_MARKERS, SIDE_COLORS, _decorate, _layout
from sitrep.charts.tabular import (
    _casualty_total,
    _claimants,
    _count,
    _frame,
    _is_merged,
    _kind,
    _map_area,
    _num,
    _plural,
    _row_sources,
    _shorten,
    _side_handles,
    _sides,
    _size_legend_handles,
    _text,
    nothing_to_show,
)
from sitrep.charts.when import _when


def _geom_path(geom) -> MplPath | None:
    polys = getattr(geom, "geoms", [geom])
    verts, codes = [], []
    for poly in polys:
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 3:
                continue
            verts.append(xy)
            codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY])
    return MplPath(np.concatenate(verts), codes) if verts else None


@dataclass
class MapFrame:
    """What the map shows: its view (lon_min, lon_max, lat_min, lat_max) and which rows fall where."""

    view: tuple[float, float, float, float]
    inside: list[int] = field(default_factory=list)  # row positions drawn on the map
    outside: list[int] = field(default_factory=list)  # rows with coordinates beyond the theatre
    not_placed: list[int] = field(default_factory=list)  # rows without coordinates


def _in_box(lon: float, lat: float, box) -> bool:
    return box[0] <= lon <= box[1] and box[2] <= lat <= box[3]


def map_frame(entries: pd.DataFrame) -> MapFrame:
    """Frame the theatre: the default view, stretched to take in points of the wider theatre region."""
    df = _frame(entries)
    lat, lon = _num(df, "lat"), _num(df, "lon")
    frame = MapFrame(THEATRE_VIEW)
    for i in range(len(df)):
        if pd.isna(lat.iat[i]) or pd.isna(lon.iat[i]) or not (-90 <= lat.iat[i] <= 90 and -180 <= lon.iat[i] <= 180):
            frame.not_placed.append(i)
        elif _in_box(lon.iat[i], lat.iat[i], THEATRE_REGION):
            frame.inside.append(i)
        else:
            frame.outside.append(i)
    if frame.inside:
        lo0, lo1, la0, la1 = THEATRE_VIEW
        xs, ys = lon.iloc[frame.inside], lat.iloc[frame.inside]
        frame.view = (min(lo0, xs.min() - 1.5), max(lo1, xs.max() + 1.5), min(la0, ys.min() - 1.0),
                      max(la1, ys.max() + 1.0))
    return frame


_BRIEF_COLUMNS = ("kind", "place", "country", "date_start", "date_end", "time_precision", "date_text", "killed",
                  "injured", "launched", "intercepted", "claimant_label", "speaker", "actor")


def _row_brief(row: dict, *, with_place: bool = True) -> str:
    kind = KIND_LABELS[_kind(row.get("kind"))].lower().rstrip("s")
    w = _when(row.get("date_start"), row.get("date_end"), row.get("time_precision"), row.get("date_text"))
    bits = []
    if with_place or _text(row.get("place")):
        place = _text(row.get("place")) or "?"
        country = _text(row.get("country"))
        bits.append(f"{place}, {country}" if country and country not in place else place)
    bits.append(kind)
    if w is not None:
        bits.append({"week": f"week of {w.day.day} {w.day:%b}", "month": f"{w.day:%b %Y}", "year": f"{w.day:%Y}"}
                    .get(w.precision, f"{w.day.day} {w.day:%b}"))
    figs = [f"{v} {n}" for n in ("killed", "injured", "launched", "intercepted") if (v := _count(row.get(n)))]
    if figs:
        bits.append(", ".join(figs))
    who = _text(row.get("claimant_label")) or _text(row.get("speaker")) or _text(row.get("actor"))
    if not with_place and who:
        bits.append(who)
    return " · ".join(bits)


def _wrap_segments(text: str, width: int, sep: str = " · ") -> str:
    """A bullet line wrapped at ``sep`` boundaries where possible (names stay whole)."""
    lines, cur = [], ""
    for seg in text.split(sep):
        cand = f"{cur}{sep}{seg}" if cur else seg
        if len(cand) <= width or not cur:
            cur = cand
        else:
            lines.append(cur + sep.rstrip())
            cur = seg
    lines.append(cur)
    out = []
    for line in lines:
        out.extend(textwrap.wrap(line, width + 8) or [""])
    return "\n".join(("• " if i == 0 else "   ") + line for i, line in enumerate(out))


def _side_list(title: str, lines: list[str], limit: int = 10) -> str:
    shown = lines[:limit]
    more = len(lines) - len(shown)
    body = "\n".join(_wrap_segments(_shorten(s, 90), 40) for s in shown)
    return f"{title}\n{body}" + (f"\n   … and {more} more" if more else "")


MAP_TOP_LABELS = 20  # a crowded map labels only this many places, the largest


def _times(label: str) -> int:
    m = re.search(r" ×(\d+)$", label)
    return int(m.group(1)) if m else 1


def plot_map(entries: pd.DataFrame) -> Figure:
    """Event points over offline country borders (and UA/RU admin-1 outlines), framed on the theatre.

    Points sized by killed + injured and coloured by acting side, one marker per place, side and kind, labelled
    without overlaps. Places beyond the theatre (e.g. Miami) and rows without coordinates are listed beside the
    map instead of zooming out.
    """
    title = "Map of events"
    df = _frame(entries)
    if df.empty:
        return nothing_to_show(title, "no events to place")
    df["claimant_label"] = _claimants(df)
    frame = map_frame(df)
    merged = _is_merged(df)
    rows = df[[c for c in _BRIEF_COLUMNS if c in df.columns]].to_dict("records")  # what the lists read
    srcs = _row_sources(df)

    groups, by_loc = _map_groups(df, frame, merged=merged)
    outside_lines = [_row_brief(rows[i]) for i in frame.outside]
    outside_lines = list(dict.fromkeys(outside_lines))
    not_placed_lines = list(dict.fromkeys(_row_brief(rows[i], with_place=False) for i in frame.not_placed))

    caption = _map_caption(frame, groups, by_loc, srcs, merged=merged)
    fig, ax, map_w = _map_axes(frame.view, caption)
    view_box = _draw_borders(ax, frame.view)
    obstacles_text = _area_labels(fig, ax, view_box, frame.view)
    _draw_markers(fig, ax, groups, obstacles_text)
    _map_side_panel(fig, ax, groups, frame, outside_lines, not_placed_lines, map_w=map_w)
    _decorate(fig, title, caption)
    return fig


def _map_caption(frame: MapFrame, groups: dict, by_loc: dict, srcs: list[set[str]], *, merged: bool) -> str:
    n_src = len(set().union(*srcs)) if srcs else 0
    caption = (f"{_plural(len(frame.inside), 'event')} at {_plural(len(by_loc), 'place')} on the map"
               + (f", {len(frame.outside)} beyond the theatre" if frame.outside else "")
               + (f", {len(frame.not_placed)} without coordinates" if frame.not_placed else "")
               + f"; from {_plural(n_src, 'source article')}. Marker area = killed + injured ("
               + ("added over the events at a place" if merged else "the highest single report at a place")
               + "), colour = acting side, shape = kind, ×n = n events at one place; dashed outline = placed at a "
               "region's centre only"
               + (f"; only the {MAP_TOP_LABELS} largest of {len(groups)} markers are named" if len(groups) >
                  MAP_TOP_LABELS else "")
               + ". " + BORDERS_CREDIT)
    return caption


def _map_axes(view: tuple[float, float, float, float], caption: str) -> tuple[Figure, plt.Axes, float]:
    """The map's figure and axes, sized to the view at its mid latitude, with a side panel; returns the map width."""
    lo0, lo1, la0, la1 = view
    mid_lat = (la0 + la1) / 2
    aspect = 1 / math.cos(math.radians(mid_lat))
    map_w = 7.6
    map_h = min(9.0, map_w * (la1 - la0) * aspect / (lo1 - lo0))
    side_w = 3.0
    width = 0.6 + map_w + 0.25 + side_w + 0.15
    fig, ax = _layout(width, map_h, caption, left=0.6, right=side_w + 0.4, top=0.55, bottom=0.3)
    ax.set_xlim(lo0, lo1)
    ax.set_ylim(la0, la1)
    ax.set_aspect(aspect, adjustable="box")
    ax.set_facecolor("#dde9f2")
    for s in ax.spines.values():
        s.set_visible(True)
        s.set_color("#888888")
    ax.tick_params(labelsize=7, colors="#777777", length=2)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:.0f}°E"))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:.0f}°N"))

    return fig, ax, map_w


def _map_groups(df: pd.DataFrame, frame: MapFrame, *, merged: bool) -> tuple[dict[tuple, dict], dict]:
    """One marker per (location, side, kind) of the rows inside the frame, with their casualties (added over merged
    timeline entries, the highest single report over plain events), place name and whether every row is placed at a
    region's centre only; markers sharing a spot are spread on a small ring. Returns (groups, keys by location)."""
    rows = df[[c for c in ("kind", "place", "admin1") if c in df.columns]].to_dict("records")
    lat, lon = _num(df, "lat"), _num(df, "lon")
    sides = _sides(df)
    casualties = _casualty_total(df)
    geo_prec = _num(df, "geo_precision")
    groups: dict[tuple, dict] = {}
    for i in frame.inside:
        key = (round(float(lat.iat[i]), 3), round(float(lon.iat[i]), 3), sides[i], _kind(rows[i].get("kind")))
        g = groups.setdefault(key, {"rows": [], "cas": 0.0, "place": None, "approx": True})
        g["rows"].append(i)
        # merged timeline entries are distinct events: add; plain events may repeat one incident: take the max
        g["cas"] = g["cas"] + float(casualties.iat[i]) if merged else max(g["cas"], float(casualties.iat[i]))
        g["place"] = g["place"] or _text(rows[i].get("place")) or _text(rows[i].get("admin1"))
        g["approx"] = g["approx"] and (not pd.isna(geo_prec.iat[i]) and geo_prec.iat[i] >= 3)
    by_loc: dict[tuple, list[tuple]] = {}
    for key in groups:
        by_loc.setdefault(key[:2], []).append(key)
    for keys in by_loc.values():  # markers of different sides/kinds at one spot: spread on a small ring
        for j, key in enumerate(keys):
            ang = 2 * math.pi * j / len(keys)
            r = 0.0 if len(keys) == 1 else 0.28
            groups[key]["xy"] = (key[1] + r * math.cos(ang) * 1.5, key[0] + r * math.sin(ang))

    return groups, by_loc


def _add_border(ax: plt.Axes, patch: PathPatch) -> None:
    """``ax.add_patch`` without its data-limit update (the view is set, and the limits of every border ring cost
    seconds): the same artist, transform and clipping."""
    ax.add_artist(patch)


def _draw_borders(ax: plt.Axes, view: tuple[float, float, float, float]):
    """Countries (filled), admin-1 outlines and country outlines within ``view``; returns the view as a box."""
    lo0, lo1, la0, la1 = view
    try:
        borders = load_borders()
    except (OSError, ValueError):
        borders = ()
    from shapely.geometry import box as shp_box

    view_box = shp_box(lo0, la0, lo1, la1)
    for b in borders:
        if b["level"] != 0 or not b["geometry"].intersects(view_box):
            continue
        path = _geom_path(b["geometry"])
        if path is None:
            continue
        fc = "#f7f5ef" if b["iso_a2"] in ("UA", "RU") else "#ecebe6"
        _add_border(ax, PathPatch(path, facecolor=fc, edgecolor="none", zorder=1))
    for b in borders:
        if b["level"] != 1 or not b["geometry"].intersects(view_box):
            continue
        path = _geom_path(b["geometry"])
        if path is not None:
            _add_border(ax, PathPatch(path, facecolor="none", edgecolor="#c4c0b6", lw=0.35, zorder=1.5))
    for b in borders:
        if b["level"] != 0 or not b["geometry"].intersects(view_box):
            continue
        path = _geom_path(b["geometry"])
        if path is not None:
            _add_border(ax, PathPatch(path, facecolor="none", edgecolor="#8a8a8a", lw=0.8, zorder=2))
    return view_box


def _area_labels(fig: Figure, ax: plt.Axes, view_box, view: tuple[float, float, float, float]) -> list:
    """Country and sea names (:data:`sitrep.charts.borders.MAP_LABELS`) where they fit inside the frame; returns their
    boxes, for the place labels to avoid."""
    lo0, lo1, la0, la1 = view
    try:
        borders = load_borders()
    except (OSError, ValueError):
        borders = ()
    obstacles_text = []
    ax.apply_aspect()
    renderer = fig.canvas.get_renderer()
    axbox = ax.get_window_extent(renderer)
    country_names = MAP_LABELS["countries"]
    for b in borders:
        if b["level"] != 0 or b["iso_a2"] not in country_names:
            continue
        visible = b["geometry"].intersection(view_box)
        if visible.is_empty or visible.area < 1.5:
            continue
        lx, ly = b["label"]
        if lx is None or not _in_box(lx, ly, (lo0 + 1, lo1 - 1, la0 + 0.6, la1 - 0.6)) \
                or not visible.buffer(0.05).contains(_shapely_point(lx, ly)):
            p = visible.representative_point() if b["iso_a2"] not in ("UA", "RU") else _big_part(visible).centroid
            lx, ly = p.x, p.y
        moved = MAP_LABELS["placed"].get(b["iso_a2"])  # e.g. Russia's name away from where the events cluster
        if moved and _in_box(*moved["when_in_view"], (lo0, lo1, la0, la1)):
            lx, ly = moved["at"]
        size = 10 if b["iso_a2"] in ("UA", "RU") else 7
        t = ax.text(lx, ly, country_names[b["iso_a2"]], ha="center", va="center", fontsize=size, color="#9a958a",
                    fontweight="bold" if size > 7 else "normal", zorder=2.5, clip_on=True)
        box = t.get_window_extent(renderer)
        if not (axbox.x0 <= box.x0 and box.x1 <= axbox.x1 and axbox.y0 <= box.y0 and box.y1 <= axbox.y1):
            t.remove()  # a name cut by the frame reads worse than none
            continue
        obstacles_text.append(box)
    for sea in MAP_LABELS["seas"]:
        x, y = sea["at"]
        if _in_box(x, y, (lo0 + 0.5, lo1 - 0.5, la0 + 0.3, la1 - 0.3)):
            t = ax.text(x, y, sea["name"], ha="center", va="center", fontsize=sea["size"], style="italic",
                        color="#6f8ea8", zorder=2.5)
            obstacles_text.append(t.get_window_extent(renderer))

    return obstacles_text


def _draw_markers(fig: Figure, ax: plt.Axes, groups: dict[tuple, dict], obstacles: list) -> None:
    """The markers, largest first (small ones on top), and the labels of the largest places."""
    xs, ys, radii, labels = [], [], [], []
    for key, g in sorted(groups.items(), key=lambda kv: -kv[1]["cas"]):
        side, kind = key[2], key[3]
        color = SIDE_COLORS[side]
        area = _map_area(g["cas"])
        x, y = g["xy"]
        ax.scatter([x], [y], s=area, marker=KIND_MARKERS[kind], facecolor=color, alpha=0.55 if g["approx"] else 0.9,
                   edgecolor=color if g["approx"] else "white", linewidth=1.3,
                   linestyle=(0, (2, 1.5)) if g["approx"] else "solid", zorder=4 + 0.5 / (1 + g["cas"]))
        n = len(g["rows"])
        xs.append(x)
        ys.append(y)
        radii.append(math.sqrt(area) / 2 + 1)
        labels.append((g["place"] or "?") + (f" ×{n}" if n > 1 else ""))
    # Crowded maps label only the largest places (by casualties, then events); every marker is still drawn.
    ranked = sorted(range(len(labels)), key=lambda j: (-radii[j], -_times(labels[j]), j))[:MAP_TOP_LABELS]
    ranked.sort()
    _place_labels(fig, ax, [xs[j] for j in ranked], [ys[j] for j in ranked], [labels[j] for j in ranked],
                  [radii[j] for j in ranked], obstacles=obstacles)



def _map_side_panel(fig: Figure, ax: plt.Axes, groups: dict[tuple, dict], frame: MapFrame, outside_lines: list[str],
                    not_placed_lines: list[str], *, map_w: float) -> None:
    """Beside the map: the legend, then what is outside the map or not placed."""
    kinds_present = sorted({k[3] for k in groups}, key=lambda k: list(KIND_COLORS).index(k))
    handles = _side_handles({k[2] for k in groups})
    handles += [Line2D([], [], ls="", marker=KIND_MARKERS[k], markersize=7, markerfacecolor="#999999",
                       markeredgecolor="white", label=KIND_LABELS[k].lower()) for k in kinds_present]
    handles += _size_legend_handles((3, 20), area=_map_area) if any(g["cas"] > 0 for g in groups.values()) else []
    if any(g["approx"] for g in groups.values()):
        handles.append(Line2D([], [], ls="", marker="o", markersize=7, markerfacecolor="#bbbbbb",
                              markeredgecolor="#888888", markeredgewidth=1.2, label="region centre (approx.)"))
    w_in, h_in = fig.get_size_inches()
    panel_x = (0.6 + map_w + 0.35) / w_in
    ax_top = ax.get_position().y1
    if handles:
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(panel_x - 0.01, ax_top + 0.01), frameon=False,
                   fontsize=8, handletextpad=0.4, labelspacing=0.7, borderaxespad=0.0, title="Legend",
                   title_fontproperties={"weight": "bold", "size": 8.5}, alignment="left")
    blocks = []
    listed = 5 if outside_lines and not_placed_lines else 10  # both lists must fit under the legend
    if outside_lines:
        blocks.append(_side_list(f"Outside the map ({len(frame.outside)})", outside_lines, listed))
    if not_placed_lines:
        blocks.append(_side_list(f"Not placed — no coordinates ({len(frame.not_placed)})", not_placed_lines,
                                 listed))
    if not frame.inside:
        blocks.insert(0, "No event falls inside the theatre frame.")
    if blocks:
        fig.text(panel_x, ax.get_position().y0, "\n\n".join(blocks), ha="left", va="bottom", fontsize=7.5,
                 color=INK, linespacing=1.4, gid="outside-list",
                 bbox={"boxstyle": "round,pad=0.5", "fc": "#fafafa", "ec": "#dddddd"})


def _shapely_point(x: float, y: float):
    from shapely.geometry import Point

    return Point(x, y)


def _big_part(geom):
    parts = getattr(geom, "geoms", [geom])
    return max(parts, key=lambda g: g.area)
