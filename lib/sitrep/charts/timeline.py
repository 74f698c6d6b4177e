"""The timeline chart: entries (or plain events) on a time axis, one lane per kind."""

from __future__ import annotations

import math
from datetime import timedelta

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from sitrep.charts.labels import _place_labels
from sitrep.charts.style import GRID, INK, KIND_LABELS, KIND_MARKERS, LABEL_SIZE, LANES, SIDE_COLORS, _decorate, _layout
from sitrep.charts.tabular import (
    _casualty_total,
    _claimants,
    _count,
    _frame,
    _kind,
    _n_sources,
    _num,
    _plural,
    _shorten,
    _side_handles,
    _sides,
    _size_legend_handles,
    _text,
    _timeline_area,
    nothing_to_show,
)
from sitrep.charts.when import _day_label, _whens


def _entry_label(row: dict, kind: str) -> str:
    place = _text(row.get("place"))
    who = _text(row.get("claimant_label")) or _text(row.get("speaker")) or _text(row.get("actor"))
    parts = []
    if kind in ("attack", "other"):
        parts.append(place or who or KIND_LABELS[kind].lower())
        figs = [f"{v} {name}" for name in ("killed", "injured") if (v := _count(row.get(name)))]
        if figs:
            parts.append(f"({', '.join(figs)})")
    elif kind == "air_defense":
        figs = [f"{v} {n}" for n in ("launched", "intercepted") if (v := _count(row.get(n))) is not None]
        parts.append(", ".join(figs) if figs else "air defense")
        if place:
            parts.append(f"over {place}")
        if who:
            parts.append(f"({who})")
    elif kind == "meeting":
        parts.append(place or "meeting")
        if _text(row.get("status")) == "planned" or _text(row.get("certainty")) == "planned":
            parts.append("(planned)")
    else:  # statement
        parts.append(who or place or "statement")
    return _shorten(" ".join(p for p in parts if p).strip(), 64 if kind == "air_defense" else 48)


_LABEL_COLUMNS = ("kind", "place", "claimant_label", "speaker", "actor", "killed", "injured", "launched", "intercepted",
                  "status", "certainty")


def _timeline_items(d: pd.DataFrame, whens: list) -> list[dict]:
    """One dict per dated entry: kind, span on the time axis (in Matplotlib day numbers), side, size and label."""
    sides = _sides(d)
    casualties = _casualty_total(d)
    rows = d[[c for c in _LABEL_COLUMNS if c in d.columns]].to_dict("records")  # what labels read, not every column
    # one date2num call per column, not three per entry
    x0s = mdates.date2num([w.start for w in whens]) if whens else []
    x1s = mdates.date2num([w.end for w in whens]) if whens else []
    xcs = mdates.date2num([w.centre if w.precision != "hour" else w.start for w in whens]) if whens else []
    items = []
    for row, w, side, cas, x0, x1, xc in zip(rows, whens, sides, casualties, x0s, x1s, xcs, strict=True):
        kind = _kind(row.get("kind"))
        x0, x1, xc = float(x0), float(x1), float(xc)
        spans = w.precision == "part_of_day" or w.approximate or (w.precision == "day" and x1 - x0 > 1.01)
        items.append({"kind": kind, "w": w, "side": side, "cas": cas, "label": _entry_label(row, kind),
                      "x0": x0, "x1": x1, "xc": xc, "spans": spans, "area": _timeline_area(cas)})
    return items


def _label_x(it: dict, per_in: float) -> float:
    """Where an entry's label starts: right of its span or its marker, whichever reaches further."""
    radius = math.sqrt(it["area"]) / 2 / 72 * per_in
    return max(it["x1"] if it["spans"] else it["xc"], it["xc"] + radius) + 0.06 * per_in


def _label_end(it: dict, per_in: float) -> float:
    char_in = LABEL_SIZE * 0.55 / 72
    return _label_x(it, per_in) + len(it["label"]) * char_in * per_in


def _timeline_x_range(items: list[dict], axis_in: float) -> tuple[float, float, float]:
    """Axis range in days, wide enough that the last labels fit to the right of their markers:
    (xmin, xmax, days per inch)."""
    t_min = min(it["x0"] for it in items)
    t_max = max(it["x1"] for it in items)
    span = max(t_max - t_min, 1.0)
    xmin = (math.floor(t_min + 1e-6) if span > 2 else t_min - 0.25) - 0.04 * span
    xmax = t_max + 0.04 * span
    # a label ends at max(span end or marker centre, marker edge) + a gap + its characters (see _label_end)
    reach = np.array([it["x1"] if it["spans"] else it["xc"] for it in items])
    centre = np.array([it["xc"] for it in items])
    radius_in = np.sqrt([it["area"] for it in items]) / 2 / 72
    label_in = np.array([len(it["label"]) for it in items]) * (LABEL_SIZE * 0.55 / 72)
    for _ in range(25):
        per_in = (xmax - xmin) / axis_in
        ends = np.maximum(reach, centre + radius_in * per_in) + (0.06 + 0.1) * per_in + label_in * per_in
        xmax = max(t_max + 0.04 * span, float(ends.max()))
    per_in = (xmax - xmin) / axis_in
    return xmin, xmax, per_in


def _pack_lanes(items: list[dict], lanes: list[str], per_in: float,
                max_rows: int | None = None) -> dict[str, list[list[float]]] | None:
    """Pack each lane into sub-rows: an item occupies its span (or marker) plus its label. Sets ``it["row"]``.
    None as soon as more than ``max_rows`` rows would be needed (packing thousands of entries is quadratic)."""
    lane_rows: dict[str, list[list[float]]] = {k: [] for k in lanes}
    n_rows = 0
    for it in sorted(items, key=lambda it: (it["x0"] if it["spans"] else it["xc"], -it["cas"])):
        radius = math.sqrt(it["area"]) / 2 / 72 * per_in
        start = min(it["x0"] if it["spans"] else it["xc"], it["xc"]) - radius - 0.04 * per_in
        stop = _label_end(it, per_in) + 0.12 * per_in
        rows_ = lane_rows[it["kind"]]
        for r, last in enumerate(rows_):
            if last[0] <= start:
                last[0] = stop
                it["row"] = r
                break
        else:
            rows_.append([stop])
            it["row"] = len(rows_) - 1
            n_rows += 1
            if max_rows is not None and n_rows > max_rows:
                return None
    return lane_rows


def _timeline_caption(d: pd.DataFrame, undated: int) -> str:
    n_src = _n_sources(d)
    parts = [f"{_plural(len(d), 'entry' if 'entry_id' in d.columns else 'event')} from "
             f"{_plural(n_src, 'source article')}",
             "x = when it happened (date_start): a bar spans the part of day given (shaded bands = night, "
             "20:00–06:00), a point at noon = known to the day only, a hollow point over a dashed span = a date "
             "range or a week/month",
             "marker area = killed + injured; colour = acting side"]
    if undated:
        parts.append(f"{undated} without a date not shown")
    return "; ".join(parts) + "."


def _timeline_background(ax: plt.Axes, items: list[dict], lanes: list[str], lane_top: dict[str, float],
                         heights: dict[str, int], xmin: float, xmax: float) -> None:
    """Lanes, night bands, the day grid and the lane labels."""
    for k in lanes:
        top, h = lane_top[k], heights[k]
        ax.axhspan(top - 0.45, top + h - 0.55, color="#f7f7f7" if lanes.index(k) % 2 == 0 else "white", zorder=0)
    first_day = mdates.num2date(math.floor(xmin)).replace(tzinfo=None)
    n_days = int(math.ceil(xmax - xmin)) + 1
    if n_days <= 60:
        for i in range(-1, n_days):
            day = first_day + timedelta(days=i)
            x0 = mdates.date2num(day + timedelta(hours=20))
            ax.axvspan(x0, x0 + 10 / 24, color="#e9ecf4", zorder=0.5, lw=0)
    if n_days <= 16:
        ax.xaxis.set_major_locator(mdates.DayLocator())
        ax.xaxis.set_major_formatter(matplotlib.ticker.NullFormatter())
        ax.xaxis.set_minor_locator(mdates.HourLocator(byhour=12))
        ax.xaxis.set_minor_formatter(matplotlib.ticker.FuncFormatter(
            lambda v, _: _day_label(mdates.num2date(v).date())))
        ax.tick_params(axis="x", which="minor", length=0, labelsize=8.5)
        ax.grid(axis="x", which="major", color="#d0d0d0", lw=0.8, zorder=0.6)
    else:
        locator = mdates.AutoDateLocator(maxticks=12)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(axis="x", color=GRID, zorder=0.6)
    ax.set_yticks([lane_top[k] + (heights[k] - 1) / 2 for k in lanes])
    ax.set_yticklabels([f"{KIND_LABELS[k]} ({sum(it['kind'] == k for it in items)})" for k in lanes], fontsize=9.5)
    ax.tick_params(axis="y", length=0)
    ax.spines[["left", "top", "right"]].set_visible(False)


def _timeline_marks(ax: plt.Axes, items: list[dict], lanes: list[str], lane_top: dict[str, float], xmin: float,
                    per_in: float) -> None:
    """Each entry's bar or dashed span, its marker and its label; "none" in an empty lane."""
    for it in items:
        w, color = it["w"], SIDE_COLORS[it["side"]]
        yy = lane_top[it["kind"]] + it["row"]
        if w.precision == "part_of_day":
            ax.barh(yy, it["x1"] - it["x0"], left=it["x0"], height=0.5, color=color, alpha=0.28, lw=0, zorder=2)
        elif w.approximate or (w.precision == "day" and it["x1"] - it["x0"] > 1.01):
            ax.plot([it["x0"], it["x1"]], [yy, yy], color=color, alpha=0.6, lw=1.2, ls=(0, (3, 2)), zorder=2)
        ax.scatter([it["xc"]], [yy], s=it["area"], marker=KIND_MARKERS[it["kind"]],
                   facecolor="white" if w.approximate else color, edgecolor=color if w.approximate else "white",
                   linewidth=1.2, zorder=4)
        ax.text(_label_x(it, per_in), yy, it["label"], va="center", ha="left", fontsize=LABEL_SIZE, color=INK,
                zorder=5, gid="label")
    for k in lanes:
        if not any(it["kind"] == k for it in items):
            ax.text(xmin + 0.1 * per_in, lane_top[k], "none", va="center", fontsize=8, color="#aaaaaa")


def plot_timeline(entries: pd.DataFrame) -> Figure:
    """Timeline entries (or plain events) on a time axis, one lane per kind.

    x = ``date_start`` (with the part of day: night events are bars spanning 20:00-06:00, day-precision events a
    point at noon with a whisker over the day, week/month-precision events a hollow point over a dashed span);
    marker area = killed + injured; colour = actor side (RU red, UA blue, other grey); labelled with the place.
    """
    title = "Timeline of events"
    df = _frame(entries)
    if df.empty:
        return nothing_to_show(title, "no timeline entries")
    whens = _whens(df)
    keep = [i for i, w in enumerate(whens) if w is not None]
    undated = len(df) - len(keep)
    if not keep:
        return nothing_to_show(title, f"none of the {_plural(len(df), 'entry')} has a usable date", data=df)
    d = df.iloc[keep].reset_index(drop=True)
    d["claimant_label"] = _claimants(d)
    items = _timeline_items(d, [whens[i] for i in keep])
    lanes = list(LANES) + (["other"] if any(it["kind"] == "other" for it in items) else [])

    width, left, right = 11.0, 1.35, 0.3
    xmin, xmax, per_in = _timeline_x_range(items, width - left - right)
    lane_rows = _pack_lanes(items, lanes, per_in, max_rows=TIMELINE_MAX_ROWS)
    heights = {k: max(1, len(lane_rows[k])) for k in lanes} if lane_rows is not None else {}
    total_rows = sum(heights.values())
    if lane_rows is None or total_rows > TIMELINE_MAX_ROWS:  # one labelled row per entry would be screens tall:
        return _plot_timeline_counts(d, items, lanes, undated, title)  # count per day instead
    row_in = 0.3
    lane_top: dict[str, float] = {}
    y = 0.0
    for k in lanes:
        lane_top[k] = y
        y += heights[k] + 0.6
    y_max = y - 0.6

    sides_present = sorted({it["side"] for it in items})
    caption = _timeline_caption(d, undated)
    plot_h = min(40.0, max(2.2, total_rows * row_in + (len(lanes) - 1) * 0.6 * row_in + 0.4))
    fig, ax = _layout(width, plot_h, caption, left=left, right=right, bottom=0.75)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(y_max + 0.3, -0.7)
    _timeline_background(ax, items, lanes, lane_top, heights, xmin, xmax)
    _timeline_marks(ax, items, lanes, lane_top, xmin, per_in)

    handles = _side_handles(sides_present)
    if any(it["cas"] > 0 for it in items):
        handles += _size_legend_handles((3, 20), area=_timeline_area)
    w_in, h_in = fig.get_size_inches()
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(left / w_in, ax.get_position().y0 - 0.4 / h_in),
               ncol=5, frameon=False, fontsize=8, handletextpad=0.3, columnspacing=1.2, borderaxespad=0)
    _decorate(fig, title, caption)
    return fig


TIMELINE_MAX_ROWS = 30  # past this many label rows the timeline counts entries per day (or week) instead
TIMELINE_TOP_LABELS = 4  # in the counting view, the largest entries of each kind are labelled


def _size_of(it: dict) -> float:
    """How large an entry is, for choosing the few that are labelled: casualties, else weapons launched."""
    return it["cas"] if it["cas"] > 0 else (it.get("launched") or 0) / 100


def _plot_timeline_counts(d: pd.DataFrame, items: list[dict], lanes: list[str], undated: int, title: str) -> Figure:
    """The crowded timeline: one small panel per kind with entries counted per day (per week past ~4 months),
    stacked by acting side; only the largest entries of each kind are labelled. Its height does not grow with
    the number of entries."""
    for it, v in zip(items, _num(d, "launched"), strict=True):
        it["launched"] = 0.0 if pd.isna(v) else float(v)
    # Stray dates (an anniversary, a recalled year) would squash the bars: keep the bulk, say how many are left out.
    days = sorted(int(math.floor(it["xc"])) for it in items)
    lo, hi = days[int(0.02 * (len(days) - 1))], days[int(math.ceil(0.98 * (len(days) - 1)))]
    lo, hi = max(days[0], lo - 14), min(days[-1], hi + 14)
    outliers = sum(not lo <= int(math.floor(it["xc"])) <= hi for it in items)
    items = [it for it in items if lo <= int(math.floor(it["xc"])) <= hi]
    kinds = [k for k in lanes if any(it["kind"] == k for it in items)]
    days = [int(math.floor(it["xc"])) for it in items]
    first, last = min(days), max(days)
    weekly = last - first > 120
    bin_days = 7 if weekly else 1
    if weekly:  # bins start on Mondays
        first -= mdates.num2date(first).weekday()
    n_bins = (last - first) // bin_days + 1
    edges = [first + i * bin_days for i in range(n_bins + 1)]
    sides_present = sorted({it["side"] for it in items})
    n_src = _n_sources(d)
    caption = (f"{_plural(len(d), 'entry' if 'entry_id' in d.columns else 'event')} from "
               f"{_plural(n_src, 'source article')}, too many to draw one by one: bars count them per "
               f"{'week' if weekly else 'day'} and kind, stacked by acting side; the "
               f"{TIMELINE_TOP_LABELS} largest of each kind (killed + injured, or weapons launched) are labelled. "
               "Every entry is listed in the timeline table."
               + (f" {undated} without a date not shown." if undated else "")
               + (f" {outliers} dated far from the rest ({mdates.num2date(days[0]):%d %b %Y} to "
                  f"{mdates.num2date(days[-1]):%d %b %Y} shown) not shown." if outliers else ""))
    width, left, right, panel_h, gap = 11.0, 1.35, 0.3, 1.25, 0.35
    plot_h = len(kinds) * panel_h + (len(kinds) - 1) * gap
    fig, ax0 = _layout(width, plot_h, caption, left=left, right=right, bottom=0.75)
    box = ax0.get_position()
    fig.delaxes(ax0)
    _, h_in = fig.get_size_inches()
    axes = []
    for j, kind in enumerate(kinds):
        top = box.y1 - j * (panel_h + gap) / h_in
        ax = fig.add_axes((box.x0, top - panel_h / h_in, box.width, panel_h / h_in),
                          sharex=axes[0] if axes else None)
        axes.append(ax)
        mine = [it for it in items if it["kind"] == kind]
        bottom = np.zeros(n_bins)
        for side in ("RU", "UA", "other"):
            counts = np.zeros(n_bins)
            for it in mine:
                if it["side"] == side:
                    counts[(int(math.floor(it["xc"])) - first) // bin_days] += 1
            if counts.any():  # one collection of bars per side (not one patch per bar: hundreds of bins)
                ax.add_collection(PolyCollection(
                    [((x, b), (x + bin_days * 0.85, b), (x + bin_days * 0.85, b + c), (x, b + c))
                     for x, b, c in zip(edges[:-1], bottom, counts, strict=True) if c > 0],
                    facecolors=SIDE_COLORS[side], linewidths=0, zorder=3))
                bottom += counts
        ax.set_ylim(0, max(1.0, bottom.max()) * 1.45)
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(3, integer=True))
        ax.set_ylabel(f"{KIND_LABELS[kind]}\n({len(mine)})", rotation=0, ha="right", va="center", fontsize=9.5)
        ax.grid(axis="y", color=GRID, zorder=0)
        ax.tick_params(axis="x", labelbottom=j == len(kinds) - 1)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_xlim(first - 0.5 * bin_days, edges[-1] + 0.5 * bin_days)
        top_items = sorted((it for it in mine if _size_of(it) > 0), key=lambda it: -_size_of(it))
        top_items = top_items[:TIMELINE_TOP_LABELS]
        if top_items:
            xs = [edges[(int(math.floor(it["xc"])) - first) // bin_days] + bin_days * 0.425 for it in top_items]
            ys = [bottom[(int(math.floor(it["xc"])) - first) // bin_days] for it in top_items]
            _place_labels(fig, ax, xs, ys, [it["label"] for it in top_items], [2.0] * len(top_items),
                          fontsize=7.5)
    locator = mdates.AutoDateLocator(maxticks=12)
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    w_in, _ = fig.get_size_inches()
    fig.legend(handles=_side_handles(sides_present), loc="upper left",
               bbox_to_anchor=(left / w_in, axes[-1].get_position().y0 - 0.4 / h_in), ncol=5, frameon=False,
               fontsize=8, handletextpad=0.3, columnspacing=1.2, borderaxespad=0)
    _decorate(fig, title, caption)
    return fig
