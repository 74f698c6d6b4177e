"""The claims chart: weapons launched vs intercepted per night and per claimant, never summed."""

from __future__ import annotations

import math
import textwrap
from datetime import timedelta

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.transforms import offset_copy

from sitrep.charts.style import GRID, INK, _decorate, _layout
from sitrep.charts.tabular import (
    _claimants,
    _col,
    _frame,
    _num,
    _plural,
    _row_sources,
    _shorten,
    _side_of,
    _sides,
    _text,
    nothing_to_show,
)
from sitrep.charts.when import _day_label, _night_label, _whens


def plot_claims(events_or_entries: pd.DataFrame) -> Figure:
    """Weapons launched vs intercepted per night and per claimant: grouped bars, competing figures side by side.

    One cluster per (night, claimant, whose weapons, weapon type); a claimant repeating a figure in several
    reports is shown once (the highest figure), and different claimants are never added together.
    """
    title = "Launched vs intercepted, by claimant"
    df = _frame(events_or_entries)
    if df.empty:
        return nothing_to_show(title, "no events")
    launched, intercepted = _num(df, "launched"), _num(df, "intercepted")
    mask = launched.notna() | intercepted.notna()
    if not mask.any():
        return nothing_to_show(title, "no launched or intercepted figures", data=df)
    d = df[mask].reset_index(drop=True)
    d["claimant_label"] = [c or "unattributed" for c in _claimants(d)]
    whens = _whens(d)
    d["_day"] = [w.day if w is not None else None for w in whens]
    d["_night"] = [w is not None and (w.part == "NI" or w.precision == "day") for w in whens]
    sides = _sides(d)
    adjective = {"RU": "Russian ", "UA": "Ukrainian ", "other": ""}
    d["_what"] = [f"{adjective[side]}{_text(weapon) or 'weapon'}s".strip()
                  for side, weapon in zip(sides, _col(d, "weapon"), strict=True)]
    d["_launched"], d["_intercepted"] = _num(d, "launched"), _num(d, "intercepted")
    d["_src"] = _row_sources(d)
    undated = int(d["_day"].isna().sum())
    d = d[d["_day"].notna()]
    if d.empty:
        return nothing_to_show(title, "no dated launched/intercepted figures", data=df)

    per = d.groupby(["_day", "claimant_label", "_what"], sort=True).agg(
        launched=("_launched", "max"), intercepted=("_intercepted", "max"), night=("_night", "all"),
        reports=("_night", "size"))  # one aggregation, not one sub-frame per cluster
    clusters = [{"day": day, "claimant": claimant, "what": what, "launched": launched, "intercepted": intercepted,
                 "night": bool(night), "reports": int(reports)}
                for (day, claimant, what), launched, intercepted, night, reports
                in zip(per.index, per["launched"], per["intercepted"], per["night"], per["reports"], strict=True)]
    days = sorted({c["day"] for c in clusters})
    claimant_names = sorted({c["claimant"] for c in clusters})
    shades = {"RU": ["#c0392b", "#e07b6f", "#8e2a20"], "UA": ["#2471a3", "#6fa8d6", "#184f73"],
              "other": ["#7f8c8d", "#b3b6b7", "#4d5656", "#a08c6c"]}
    used = {"RU": 0, "UA": 0, "other": 0}
    colors = {}
    for name in claimant_names:
        side = _side_of(None, name)
        colors[name] = shades[side][used[side] % len(shades[side])]
        used[side] += 1

    n_src = len(set().union(*d["_src"]))
    repeated = sum(c["reports"] > 1 for c in clusters)
    caption = (f"{_plural(len(d), 'figure')} from {_plural(n_src, 'source article')}, grouped by the date the "
               "night began (a night runs into the next morning). Solid bar = launched, hatched bar = intercepted, "
               "n/a = not given by that claimant; each claimant's figures stand side by side and are never summed "
               "across claimants."
               + (f" Where a claimant repeats a figure across reports, the highest is shown ({repeated} case"
                  f"{'s' if repeated != 1 else ''})." if repeated else "")
               + (f" {undated} undated figure(s) not shown." if undated else ""))
    if len(days) > CLAIMS_MAX_NIGHTS or len({(c["claimant"], c["what"]) for c in clusters}) > CLAIMS_MAX_SERIES:
        return _plot_claims_weekly(clusters, caption, title)
    if len(clusters) > 12:
        return _plot_claims_compact(clusters, days, caption, title)
    bar_w, gap_c, gap_d = 0.4, 0.45, 0.8
    legend_w = 2.3
    width = max(7.5, min(14.0, 1.1 + legend_w + len(clusters) * 1.35 + len(days) * 0.3))
    fig, ax = _layout(width, 3.4, caption, left=0.8, right=legend_w, bottom=1.05)
    x = 0.0
    centres, day_spans = [], []
    ymax = max([v for c in clusters for v in (c["launched"], c["intercepted"]) if not pd.isna(v)] + [1])
    for day in days:
        first = x
        for c in [c for c in clusters if c["day"] == day]:
            color = colors[c["claimant"]]
            for j, fig_name in enumerate(("launched", "intercepted")):
                v = c[fig_name]
                xb = x + j * bar_w
                if pd.isna(v):
                    ax.text(xb, ymax * 0.015, "n/a", ha="center", va="bottom", fontsize=7, color="#999999")
                    continue
                ax.bar(xb, v, width=bar_w * 0.92, color=color if j == 0 else "white", edgecolor=color,
                       hatch="////" if j == 1 else None, lw=1.2, zorder=3)
                ax.text(xb, v + ymax * 0.015, f"{int(v)}", ha="center", va="bottom", fontsize=8, color=INK)
            centres.append((x + bar_w / 2, c))
            x += 2 * bar_w + gap_c
        day_spans.append((first - bar_w / 2, x - gap_c - bar_w / 2, day,
                          all(c["night"] for c in clusters if c["day"] == day)))
        x += gap_d
    ax.set_xlim(-bar_w / 2 - 0.35, x - gap_d - gap_c - bar_w / 2 + 0.35)
    ax.set_ylim(0, ymax * 1.12)
    ax.set_ylabel("weapons (drones, missiles)")
    ax.grid(axis="y", color=GRID, zorder=0)
    ax.set_xticks([xc for xc, _ in centres])
    ax.set_xticklabels([textwrap.fill(_shorten(c["claimant"], 40), 21) + "\n" + f"on {c['what']}"
                        for _, c in centres], fontsize=7.5, linespacing=1.1)
    ax.tick_params(axis="x", length=0)
    for x0, x1, day, night in day_spans:
        ax.annotate(_night_label(day) if night else _day_label(day), ((x0 + x1) / 2, 0), xytext=(0, -50),
                    textcoords="offset points", xycoords=("data", "axes fraction"), ha="center", va="top",
                    fontsize=8.5, fontweight="bold", color=INK)
        if len(days) > 1:
            below = offset_copy(ax.get_xaxis_transform(), fig=fig, y=-46, units="points")
            ax.plot([x0, x1], [0, 0], transform=below, color="#999999", lw=0.8, clip_on=False)
    handles = [Patch(facecolor=colors[n], edgecolor=colors[n], label=textwrap.fill(n, 26)) for n in claimant_names]
    handles += [Patch(facecolor="#777777", edgecolor="#777777", label="launched"),
                Patch(facecolor="white", edgecolor="#777777", hatch="////", label="intercepted")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8,
              title="Claimant", title_fontproperties={"weight": "bold", "size": 8.5}, alignment="left")
    _decorate(fig, title, caption)
    return fig


CLAIMS_MAX_NIGHTS = 60  # past this many nights (or CLAIMS_MAX_SERIES claimant series) the chart counts per week
CLAIMS_MAX_SERIES = 12
CLAIMS_TOP_SERIES = 6  # ... in one panel for each of the claimant series with most weapons


def _plot_claims_weekly(clusters: list[dict], caption: str, title: str) -> Figure:
    """Many nights or claimants: one panel per claimant series (the :data:`CLAIMS_TOP_SERIES` with most weapons),
    its nights added up per week (a claimant's own figures only: claimants are never added together)."""
    frame = pd.DataFrame(clusters)
    frame["week"] = [day - timedelta(days=day.weekday()) for day in frame["day"]]
    frame["series"] = list(zip(frame["claimant"], frame["what"], strict=True))
    weekly = frame.groupby(["series", "week"], sort=True)[["launched", "intercepted"]].sum(min_count=1)
    totals = weekly.groupby(level=0).sum().sum(axis=1).sort_values(ascending=False, kind="stable")
    top = list(totals.index[:CLAIMS_TOP_SERIES])
    left_out = len(totals) - len(top)
    weeks = sorted(frame["week"].unique())
    first, last = mdates.date2num(weeks[0]), mdates.date2num(weeks[-1])
    caption = (caption.replace(", n/a = not given by that claimant", "")
               .replace("Solid bar = launched, hatched bar = intercepted",
                        "Too many nights or claimants to show one by one: each claimant's nights are added up per "
                        "week (Monday to Sunday); light bar = launched, dark narrow bar = intercepted")
               + f" One panel for each of the {len(top)} claimant series with most weapons"
               + (f"; {left_out} smaller series are not shown (every figure is in the claim ledger)." if left_out
                  else "."))
    width, left, right, panel_h, gap = 11.0, 0.8, 0.3, 0.95, 0.42
    plot_h = len(top) * panel_h + (len(top) - 1) * gap
    fig, ax0 = _layout(width, plot_h, caption, left=left, right=right, bottom=0.5)
    box = ax0.get_position()
    fig.delaxes(ax0)
    _, h_in = fig.get_size_inches()
    axes = []
    for j, key in enumerate(top):
        series = weekly.loc[key]
        side = _side_of(None, key[0])
        color = {"RU": "#c0392b", "UA": "#2471a3"}.get(side, "#7f8c8d")
        y_top = box.y1 - j * (panel_h + gap) / h_in
        ax = fig.add_axes((box.x0, y_top - panel_h / h_in, box.width, panel_h / h_in),
                          sharex=axes[0] if axes else None)
        axes.append(ax)
        xs = mdates.date2num(list(series.index))
        launched = series["launched"].fillna(0).to_numpy()
        intercepted = series["intercepted"].fillna(0).to_numpy()
        ax.bar(xs + 3.5, launched, width=6.0, color=color, alpha=0.35, lw=0, zorder=3)
        ax.bar(xs + 3.5, intercepted, width=2.6, color=color, lw=0, zorder=4)
        ax.set_ylim(0, max(1.0, float(max(launched.max(), intercepted.max()))) * 1.15)
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(3, integer=True))
        ax.grid(axis="y", color=GRID, zorder=0)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="x", labelbottom=j == len(top) - 1)
        ax.set_title(_shorten(f"{key[0]}: {key[1]}", 110), loc="left", fontsize=8.5, color=INK, pad=3)
        ax.set_xlim(first - 3, last + 10)
    locator = mdates.AutoDateLocator(maxticks=12)
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    fig.text(0.15 / width, box.y0 + box.height / 2, "weapons per week (drones, missiles)", rotation=90, ha="left",
             va="center", fontsize=8.5, color=INK)
    _decorate(fig, title, caption)
    return fig


def _plot_claims_compact(clusters: list[dict], days: list, caption: str, title: str) -> Figure:
    """Many nights: one slot per night, one pair of thin bars (launched, intercepted) per claimant series."""
    series = sorted({(c["claimant"], c["what"]) for c in clusters})
    shades = {"RU": ["#c0392b", "#e07b6f", "#8e2a20", "#f1a99b"], "UA": ["#2471a3", "#6fa8d6", "#184f73", "#a9cce3"],
              "other": ["#7f8c8d", "#b3b6b7", "#4d5656", "#a08c6c"]}
    used = {"RU": 0, "UA": 0, "other": 0}
    colors = {}
    for key in series:
        side = _side_of(None, key[0])
        colors[key] = shades[side][used[side] % len(shades[side])]
        used[side] += 1
    caption = caption.replace(", n/a = not given by that claimant", "")
    legend_w = 2.6
    width = max(8.0, min(16.0, 1.1 + legend_w + len(days) * (0.12 + 0.1 * len(series))))
    fig, ax = _layout(width, 3.6, caption, left=0.8, right=legend_w, bottom=0.95)
    slot = 0.84 / len(series)
    index = {day: i for i, day in enumerate(days)}
    for c in clusters:
        j = series.index((c["claimant"], c["what"]))
        x = index[c["day"]] - 0.42 + j * slot
        color = colors[(c["claimant"], c["what"])]
        if not pd.isna(c["launched"]):
            ax.bar(x + slot * 0.25, c["launched"], width=slot * 0.46, color=color, lw=0, zorder=3)
        if not pd.isna(c["intercepted"]):
            ax.bar(x + slot * 0.73, c["intercepted"], width=slot * 0.46, color="white", edgecolor=color,
                   hatch="////", lw=0.8, zorder=3)
    step = max(1, math.ceil(len(days) / 40))
    ax.set_xticks(range(0, len(days), step))
    ax.set_xticklabels([f"{d.day} {d:%b}" for d in days[::step]], rotation=90, fontsize=7.5)
    ax.set_xlim(-0.6, len(days) - 0.4)
    ax.set_xlabel("date the night began (nights with figures only)")
    ax.set_ylabel("weapons (drones, missiles)")
    ax.grid(axis="y", color=GRID, zorder=0)
    handles = [Patch(facecolor=colors[k], edgecolor=colors[k], label=textwrap.fill(f"{k[0]}: {k[1]}", 30))
               for k in series]
    handles += [Patch(facecolor="#777777", edgecolor="#777777", label="launched"),
                Patch(facecolor="white", edgecolor="#777777", hatch="////", label="intercepted")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=7.5,
              title="Claimant: whose weapons", title_fontproperties={"weight": "bold", "size": 8}, alignment="left")
    _decorate(fig, title, caption)
    return fig


# ------------------------------------------------------------------------------------------------
# Casualties by region and day
