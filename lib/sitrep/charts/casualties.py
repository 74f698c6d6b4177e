"""The casualties chart: killed and injured by region and day, children separated."""

from __future__ import annotations

from datetime import date

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sitrep.charts.style import GRID, INK, _decorate, _layout
from sitrep.charts.tabular import (
    _col,
    _frame,
    _is_merged,
    _num,
    _plural,
    _row_sources,
    _shorten,
    _text,
    nothing_to_show,
)
from sitrep.charts.when import _day_label, _whens

CASUALTY_MAX_BARS = 40  # past this many region-days the chart shows one bar per region (added over its days)
CASUALTY_TOP_REGIONS = 24  # ... the regions with most killed + injured, the rest in one "other regions" bar


def _by_region(agg: pd.DataFrame) -> tuple[pd.DataFrame, int, bool]:
    """Region-day totals added up per region (with its number of days), the largest first; past
    :data:`CASUALTY_TOP_REGIONS` the rest in one last "other regions" bar. Returns (rows, region-days, cut)."""
    figs = ["killed", "injured", "ck", "ci"]
    per = agg.groupby("region", sort=True).agg(killed=("killed", "sum"), injured=("injured", "sum"),
                                               ck=("ck", "sum"), ci=("ci", "sum"), days=("day_key", "nunique"))
    per["_total"] = per["killed"] + per["injured"]
    per = per.reset_index().sort_values(["_total", "region"], ascending=[False, True])
    cut = len(per) > CASUALTY_TOP_REGIONS
    if cut:
        top, rest = per.iloc[:CASUALTY_TOP_REGIONS - 1], per.iloc[CASUALTY_TOP_REGIONS - 1:]
        other = {c: rest[c].sum() for c in [*figs, "_total"]}
        other.update(region=f"{len(rest)} other regions", days=0)
        per = pd.concat([top, pd.DataFrame([other])], ignore_index=True)
    per["day_key"] = ""
    return per.reset_index(drop=True), len(agg), cut


def plot_casualties(events: pd.DataFrame) -> Figure:
    """Killed and injured by region (admin1) and day; children hatched within each total.

    Plain events: per place and day the highest reported figure is taken (repeated and competing reports of one
    incident are not added), then places are added up per region. Timeline entries (already merged) are added.
    """
    title = "Casualties by region and day"
    df = _frame(events)
    if df.empty:
        return nothing_to_show(title, "no events")
    ck, ci = _num(df, "children_killed"), _num(df, "children_injured")
    killed = _num(df, "killed").fillna(ck)
    injured = _num(df, "injured").fillna(ci)
    mask = killed.notna() | injured.notna()
    if not mask.any():
        return nothing_to_show(title, "no killed or injured figures", data=df)
    region = [(_text(a) or _text(p) or _text(c) or "region unknown")
              for a, p, c in zip(_col(df, "admin1"), _col(df, "place"), _col(df, "country"), strict=True)]
    place = [(_text(p) or r) for p, r in zip(_col(df, "place"), region, strict=True)]
    d = pd.DataFrame({"killed": killed, "injured": injured, "ck": ck, "ci": ci, "region": region, "place": place,
                      "src": _row_sources(df)})[mask].reset_index(drop=True)
    whens = _whens(df[mask].reset_index(drop=True))
    d["day_key"] = [w.day.isoformat() if w is not None else "9999" for w in whens]
    for c in ("killed", "injured", "ck", "ci"):
        d[c] = d[c].fillna(0.0)
    merged = _is_merged(df)
    figs = ["killed", "injured", "ck", "ci"]
    if merged:
        agg = d.groupby(["day_key", "region"], sort=True)[figs].sum().reset_index()
    else:
        per_place = d.groupby(["day_key", "region", "place"])[figs].max()
        agg = per_place.groupby(level=[0, 1]).sum().reset_index()
    agg["ck"] = np.minimum(agg["ck"], agg["killed"])
    agg["ci"] = np.minimum(agg["ci"], agg["injured"])
    agg["_total"] = agg["killed"] + agg["injured"]
    agg = agg[agg["_total"] > 0].sort_values(["day_key", "_total", "region"], ascending=[True, False, True])
    agg = agg.reset_index(drop=True)
    if agg.empty:
        return nothing_to_show(title, "all killed and injured figures are zero", data=df)
    n_src = len(set().union(*d["src"]))
    per_region = len(agg) > CASUALTY_MAX_BARS  # too many region-days to read one by one: one bar per region
    if per_region:
        agg, n_days, shown_days = _by_region(agg)
        layout = (f"{_plural(n_days, 'region-day')}: too many for one bar each, so one bar per region added up over "
                  f"its days (the day count is under each name)"
                  + (f"; the {CASUALTY_TOP_REGIONS - 1} regions with most killed and injured, the rest added up "
                     "as the last bar" if shown_days else "")
                  + ". Every figure is in the claim ledger and the exports. ")
    else:
        layout = "one bar per region and day. "
    caption = (f"{_plural(len(d), 'figure')} from {_plural(n_src, 'source article')}, {layout}"
               "Killed (red) and injured (orange); the hatched part of each is children. "
               + ("Merged timeline entries are added up." if merged else
                  "Per place and day the highest reported figure is taken (repeated or competing reports are not "
                  "added), then places are added up per region."))

    def note(r) -> str:
        bits = []
        for total, kids, word in ((r["killed"], r["ck"], "killed"), (r["injured"], r["ci"], "injured")):
            if total:
                child = f" ({int(kids)} child{'ren' if kids != 1 else ''})" if kids else ""
                bits.append(f"{int(total)} {word}{child}")
        return ", ".join(bits)

    notes = [note(r) for r in agg.to_dict("records")]
    n = len(agg)
    width, left, right = 9.0, 2.1, 0.3
    axis_in = width - left - right
    fig, ax = _layout(width, max(0.9, 0.42 * n + 0.2), caption, left=left, right=right, top=0.85, bottom=0.6)
    ys = np.arange(n)
    kc, ic = "#b03a2e", "#e59866"
    adult_k = agg["killed"] - agg["ck"]
    adult_i = agg["injured"] - agg["ci"]
    ax.barh(ys, adult_k, color=kc, height=0.6, zorder=3)
    ax.barh(ys, agg["ck"], left=adult_k, color="#e6b0aa", edgecolor=kc, hatch="////", height=0.6,
            lw=[0.8 if v > 0 else 0 for v in agg["ck"]], zorder=3)
    ax.barh(ys, adult_i, left=agg["killed"], color=ic, height=0.6, zorder=3)
    ax.barh(ys, agg["ci"], left=agg["killed"] + adult_i, color="#fae5d3", edgecolor=ic, hatch="\\\\\\\\",
            height=0.6, lw=[0.8 if v > 0 else 0 for v in agg["ci"]], zorder=3)
    totals = (agg["killed"] + agg["injured"]).to_numpy(dtype=float)
    char_in = 8 * 0.55 / 72
    xmax = float(totals.max())
    for _ in range(25):  # room for each bar's note inside the axes
        per_in = xmax / axis_in
        xmax = max(float(totals.max()) * 1.02, max(t + (0.08 + len(s_) * char_in) * per_in
                                                   for t, s_ in zip(totals, notes, strict=True)))
    per_in = xmax / axis_in
    for y, t, text in zip(ys, totals, notes, strict=True):
        ax.text(t + 0.06 * per_in, y, text, va="center", fontsize=8, color=INK)
    labels = []
    for r in agg.to_dict("records"):
        if per_region:
            day = _plural(int(r["days"]), "day") if r["days"] else ""
        else:
            day = "date unknown" if r["day_key"] == "9999" else _day_label(date.fromisoformat(r["day_key"]))
        labels.append(f"{_shorten(r['region'], 28)}\n{day}")
    ax.set_yticks(ys)
    ax.set_yticklabels(labels, fontsize=8.5)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, xmax)
    ax.set_xlabel("people")
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=6 if per_region else "auto", integer=True))
    ax.grid(axis="x", color=GRID, zorder=0)
    ax.tick_params(axis="y", length=0)
    prev = None
    for y, key in zip(ys, agg["day_key"] if not per_region else [None] * n, strict=True):
        if prev is not None and key != prev:
            ax.axhline(y - 0.5, color="#bbbbbb", lw=0.8, ls=(0, (2, 2)))
        prev = key
    handles = [Patch(color=kc, label="killed"),
               Patch(facecolor="#e6b0aa", edgecolor=kc, hatch="////", label="of whom children"),
               Patch(color=ic, label="injured"),
               Patch(facecolor="#fae5d3", edgecolor=ic, hatch="\\\\\\\\", label="of whom children")]
    w_in, h_in = fig.get_size_inches()
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(left / w_in, ax.get_position().y1 + 0.08 / h_in),
               ncol=4, frameon=False, fontsize=8, borderaxespad=0)
    _decorate(fig, title, caption)
    return fig
