"""Overview charts kept from the first version (now in the common style): articles published per day,
entity frequency, event kinds."""

from __future__ import annotations

import math

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sitrep.charts.style import GRID, KIND_COLORS, KIND_LABELS, _decorate, _layout
from sitrep.charts.tabular import _col, _frame, _kind, _plural, _shorten, _sources, nothing_to_show
from sitrep.charts.when import _day_label


def plot_publication_timeline(articles: pd.DataFrame) -> Figure:
    """Articles on a publication-date axis (one stem per day)."""
    title = "Articles by publication date"
    df = _frame(articles)
    if df.empty or "published" not in df.columns:
        return nothing_to_show(title, "no articles")
    days = pd.to_datetime(df["published"].astype("string").str[:10], errors="coerce").dropna()
    if days.empty:
        return nothing_to_show(title, "no dated articles", data=df)
    counts = days.value_counts().sort_index()
    undated = len(df) - len(days)
    caption = (f"{_plural(len(days), 'dated source article')} over {_plural(counts.size, 'day')}"
               + (f"; {undated} without a publication date not shown" if undated else "") + ".")
    fig, ax = _layout(8, 2.4, caption, left=0.7, right=0.6, bottom=0.55)
    ax.vlines(counts.index, 0, counts.values, color=KIND_COLORS["air_defense"], lw=2)
    ax.scatter(counts.index, counts.values, color=KIND_COLORS["air_defense"], zorder=3, s=30)
    ax.set_ylabel("articles")
    ax.set_ylim(0, max(counts.values) + 1)
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    first, last = counts.index.min(), counts.index.max()
    span_days = (last - first).days
    pad = pd.Timedelta(days=max(1, math.ceil(span_days * 0.05)))
    ax.set_xlim(first - pad, last + pad)
    if span_days <= 20:
        ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, math.ceil((span_days + 2) / 10))))
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
            lambda v, _: _day_label(mdates.num2date(v).date())))
    else:
        locator = mdates.AutoDateLocator(maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="y", color=GRID, zorder=0)
    _decorate(fig, title, caption)
    return fig


def plot_entity_frequency(entities: pd.DataFrame, *, top: int = 15) -> Figure:
    """Most mentioned canonical entities, coloured by label."""
    title = "Most mentioned entities"
    df = _frame(entities)
    if df.empty:
        return nothing_to_show(title, "no entities")
    names = _col(df, "canonical").where(_col(df, "canonical").notna(), _col(df, "text"))
    d = pd.DataFrame({"canonical": names, "label": _col(df, "label").fillna("?")}).dropna(subset=["canonical"])
    if d.empty:
        return nothing_to_show(title, "no named entities", data=df)
    counts = (d.groupby(["canonical", "label"]).size().reset_index(name="mentions")
              .sort_values(["mentions", "canonical"], ascending=[False, True]).head(top).iloc[::-1])
    caption = f"Top {len(counts)} canonical names by mentions, from {_sources(df)}."
    fig, ax = _layout(8, max(1.4, 0.27 * len(counts) + 0.2), caption, left=2.4, bottom=0.55)
    labels = sorted(counts["label"].unique())
    cmap = plt.get_cmap("tab10")
    colors = {label: cmap(i % 10) for i, label in enumerate(labels)}
    ax.barh([_shorten(str(x), 34) for x in counts["canonical"]], counts["mentions"],
            color=[colors[x] for x in counts["label"]], zorder=3)
    ax.legend(handles=[Patch(color=colors[label], label=label) for label in labels], frameon=False, fontsize=8,
              loc="lower right")
    ax.set_xlabel("mentions")
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.grid(axis="x", color=GRID, zorder=0)
    ax.tick_params(axis="y", length=0)
    _decorate(fig, title, caption)
    return fig


def plot_event_kinds(events: pd.DataFrame) -> Figure:
    """Events per kind (attacks, air defense, meetings, statements)."""
    title = "Events by kind"
    df = _frame(events)
    if df.empty or "kind" not in df.columns or df["kind"].isna().all():
        return nothing_to_show(title, "no events")
    counts = df["kind"].dropna().map(_kind).value_counts()
    order = [k for k in KIND_COLORS if k in counts.index]
    caption = f"{_plural(int(counts.sum()), 'event')} from {_sources(df)}, counted by kind."
    fig, ax = _layout(6.5, 2.6, caption, left=0.7, bottom=0.45)
    ax.bar([KIND_LABELS[k] for k in order], [counts[k] for k in order], color=[KIND_COLORS[k] for k in order],
           zorder=3, width=0.6)
    for i, k in enumerate(order):
        ax.text(i, counts[k], f"{counts[k]}", ha="center", va="bottom", fontsize=8.5)
    ax.set_ylabel("events")
    ax.set_ylim(0, counts.max() * 1.18 + 0.1)
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.grid(axis="y", color=GRID, zorder=0)
    _decorate(fig, title, caption)
    return fig
