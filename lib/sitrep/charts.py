"""Charts: each function takes tidy tables and returns a matplotlib Figure, in one consistent style.

Every chart has a title and a caption saying what it shows and from how many sources; empty or
partial input gives a clear "nothing to show" figure instead of an exception.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg") if matplotlib.get_backend().lower() in {"", "agg"} else None
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

PALETTE = {"attack": "#c0392b", "air_defense": "#2471a3", "meeting": "#7d3c98", "statement": "#7f8c8d",
           "other": "#a6acaf", "RU": "#c0392b", "UA": "#2471a3", None: "#7f8c8d"}
STYLE = {"figure.dpi": 110, "axes.spines.top": False, "axes.spines.right": False, "font.size": 10,
         "axes.titleweight": "bold", "axes.titlesize": 12}


def _figure(width: float = 8, height: float = 4) -> tuple[Figure, plt.Axes]:
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def _caption(fig: Figure, text: str) -> None:
    fig.text(0.01, 0.01, text, fontsize=8, color="#555555", ha="left", va="bottom", wrap=True)
    fig.subplots_adjust(bottom=0.22)


def nothing_to_show(title: str, reason: str = "nothing to show") -> Figure:
    fig, ax = _figure(8, 2.5)
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, reason, ha="center", va="center", fontsize=12, color="#777777", transform=ax.transAxes)
    return fig


def _sources(df: pd.DataFrame) -> str:
    n = df["article_id"].nunique() if "article_id" in df else 0
    return f"{n} source article{'s' if n != 1 else ''}"


def plot_publication_timeline(articles: pd.DataFrame) -> Figure:
    """Articles on a publication-date axis (one dot per article)."""
    title = "Articles by publication date"
    dated = articles.dropna(subset=["published"]) if not articles.empty else articles
    if dated.empty:
        return nothing_to_show(title, "no dated articles")
    days = pd.to_datetime(dated["published"].str[:10], errors="coerce").dropna()
    if days.empty:
        return nothing_to_show(title, "no dated articles")
    counts = days.value_counts().sort_index()
    fig, ax = _figure(8, 3)
    ax.stem(counts.index, counts.values, basefmt=" ")
    ax.set_ylabel("articles")
    ax.set_ylim(0, max(counts.values) + 1)
    ax.set_title(title)
    fig.autofmt_xdate()
    undated = len(articles) - len(dated)
    _caption(fig, f"{len(dated)} dated article(s) over {counts.size} day(s)"
                  + (f"; {undated} without a publication date not shown" if undated else ""))
    return fig


def plot_entity_frequency(entities: pd.DataFrame, *, top: int = 15) -> Figure:
    """Most mentioned canonical entities, coloured by label."""
    title = "Most mentioned entities"
    if entities.empty:
        return nothing_to_show(title, "no entities")
    counts = (entities.groupby(["canonical", "label"]).size().reset_index(name="mentions")
              .sort_values("mentions", ascending=False).head(top).iloc[::-1])
    fig, ax = _figure(8, max(3, 0.3 * len(counts) + 1))
    labels = sorted(counts["label"].unique())
    cmap = plt.get_cmap("tab10")
    colors = {label: cmap(i % 10) for i, label in enumerate(labels)}
    ax.barh(counts["canonical"], counts["mentions"], color=[colors[x] for x in counts["label"]])
    for label in labels:
        ax.barh([], [], color=colors[label], label=label)
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    ax.set_xlabel("mentions")
    ax.set_title(title)
    _caption(fig, f"Top {len(counts)} canonical names from {_sources(entities)}")
    return fig


def plot_event_kinds(events: pd.DataFrame) -> Figure:
    """Events per kind (attacks, air defense, meetings, statements)."""
    title = "Events by kind"
    if events.empty:
        return nothing_to_show(title, "no events")
    counts = events["kind"].value_counts()
    fig, ax = _figure(6, 3)
    ax.bar(counts.index, counts.values, color=[PALETTE.get(k, "#999999") for k in counts.index])
    ax.set_ylabel("events")
    ax.set_title(title)
    _caption(fig, f"{len(events)} events from {_sources(events)}")
    return fig
