"""The network chart: actor -> place strikes and who met whom."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sitrep import words
from sitrep.charts.style import INK, SIDE_COLORS, _decorate, _layout
from sitrep.charts.tabular import (
    _frame,
    _items,
    _kind,
    _n_sources,
    _plural,
    _shorten,
    _side_handles,
    _side_of,
    _sides,
    _text,
    nothing_to_show,
)
from sitrep.charts.when import _when

_SIDE_ACTOR = words.SIDE_NAMES


def _network_graph(df: pd.DataFrame):
    """Actors -> places they struck, people -> the meetings they attended: (a networkx DiGraph, rows used)."""
    import networkx as nx

    g = nx.DiGraph()
    sides = _sides(df)
    rows = df.to_dict("records")
    used_rows = []
    for i, row in enumerate(rows):
        kind = _kind(row.get("kind"))
        when = _when(row.get("date_start"), row.get("date_end"), row.get("time_precision"), row.get("date_text"))
        place = _text(row.get("place")) or _text(row.get("admin1"))
        if kind in ("attack", "air_defense"):
            actor = _text(row.get("actor")) or _SIDE_ACTOR.get(sides[i])
            if not actor or not place:
                continue
            a, p = ("actor", actor), ("place", place)
            g.add_node(a, type="actor", side=sides[i], label=actor)
            g.add_node(p, type="place", label=place)
            style = "solid" if kind == "attack" else "dashed"
            if g.has_edge(a, p) and g.edges[a, p]["style"] == style:
                g.edges[a, p]["count"] += 1
            elif g.has_edge(a, p):
                g.edges[a, p]["count"] += 1
                g.edges[a, p]["style"] = "solid"
            else:
                g.add_edge(a, p, count=1, style=style, side=sides[i])
            used_rows.append(i)
        elif kind == "meeting":
            people = [str(x) for x in _items(row.get("participants"))]
            if not people:
                continue
            day = f", {when.day.day} {when.day:%b}" if when else ""
            planned = " (planned)" if _text(row.get("status")) == "planned" else ""
            m = ("meeting", f"{place or 'meeting'}{day}{planned}")
            g.add_node(m, type="meeting", label=f"meeting: {m[1]}", day=when.day.isoformat() if when else "9999")
            for person in dict.fromkeys(people):
                pn = ("person", person)
                g.add_node(pn, type="person", side=_side_of(None, person), label=person)
                g.add_edge(pn, m, count=1, style="solid", side="meeting")
            used_rows.append(i)
    return g, used_rows


NETWORK_MAX_ACTORS = 6  # a crowded network names this many acting sides (the rest are one node) ...
NETWORK_MAX_PLACES = 12  # ... this many places struck (the rest are one node) ...
NETWORK_MAX_MEETINGS = 8  # ... and this many meetings (those with most participants)
NETWORK_LABELLED_EDGES = 24  # past this many edges only the largest carry their count


def _merge_nodes(g, nodes: list, merged: tuple, attrs: dict, *, incoming: bool) -> None:
    """Replace ``nodes`` by the one node ``merged``, adding up the counts of the edges they shared a neighbour by."""
    g.add_node(merged, **attrs)
    for n in nodes:
        edges = list(g.in_edges(n, data=True)) if incoming else list(g.out_edges(n, data=True))
        for u, v, data in edges:
            a, b = (u, merged) if incoming else (merged, v)
            if g.has_edge(a, b):
                g.edges[a, b]["count"] += data["count"]
                if data["style"] == "solid":
                    g.edges[a, b]["style"] = "solid"
            else:
                g.add_edge(a, b, **{**data, **({} if incoming else {"side": attrs.get("side", data["side"])})})
        g.remove_node(n)


def _reduce_network(g) -> list[str]:
    """Keep a crowded network readable: the largest actors, places and meetings are drawn, the other actors and
    places joined into one node each, the other meetings (and people only they had) left out. Returns what was cut,
    for the caption."""
    notes = []
    actors = [n for n in g.nodes if g.nodes[n]["type"] == "actor"]
    if len(actors) > NETWORK_MAX_ACTORS:
        weight = {a: sum(d["count"] for _, _, d in g.out_edges(a, data=True)) for a in actors}
        rest = sorted(actors, key=lambda a: (-weight[a], a[1]))[NETWORK_MAX_ACTORS - 1:]
        label = f"{len(rest)} other actors"
        _merge_nodes(g, rest, ("actor", label), {"type": "actor", "side": "other", "label": label}, incoming=False)
        notes.append(f"the {NETWORK_MAX_ACTORS - 1} actors with most events are named, {len(rest)} others are one node")
    places = [n for n in g.nodes if g.nodes[n]["type"] == "place"]
    if len(places) > NETWORK_MAX_PLACES:
        weight = {p: sum(d["count"] for _, _, d in g.in_edges(p, data=True)) for p in places}
        rest = sorted(places, key=lambda p: (-weight[p], p[1]))[NETWORK_MAX_PLACES - 1:]
        label = f"{len(rest)} other places"
        _merge_nodes(g, rest, ("place", label), {"type": "place", "label": label}, incoming=True)
        notes.append(f"the {NETWORK_MAX_PLACES - 1} places with most events are named, {len(rest)} others are one node")
    meetings = [n for n in g.nodes if g.nodes[n]["type"] == "meeting"]
    if len(meetings) > NETWORK_MAX_MEETINGS:
        keep = set(sorted(meetings, key=lambda m: (-g.in_degree(m), g.nodes[m]["day"], m[1]))[:NETWORK_MAX_MEETINGS])
        g.remove_nodes_from([m for m in meetings if m not in keep])
        g.remove_nodes_from([n for n in list(g.nodes) if g.nodes[n]["type"] == "person" and g.degree(n) == 0])
        notes.append(f"{NETWORK_MAX_MEETINGS} of {len(meetings)} meetings are shown (those with most participants)")
    return notes


def _network_layout(g) -> tuple[dict, int, list, list]:
    """Two columns: actors first (by number of targets), then people grouped by meeting; right side by barycentre.
    Returns (positions, number of rows, people, meetings)."""
    left = [n for n in g.nodes if g.nodes[n]["type"] in ("actor", "person")]
    right = [n for n in g.nodes if g.nodes[n]["type"] in ("place", "meeting")]
    actors = sorted([n for n in left if n[0] == "actor"], key=lambda n: (-g.out_degree(n), n[1]))
    people = []
    meetings = sorted([n for n in right if n[0] == "meeting"], key=lambda n: (g.nodes[n]["day"], n[1]))
    for m in meetings:
        for p in g.predecessors(m):
            if p not in people:
                people.append(p)
    left_order = actors + people
    rank = {n: i for i, n in enumerate(left_order)}
    places = sorted([n for n in right if n[0] == "place"],
                    key=lambda n: (np.mean([rank[p] for p in g.predecessors(n)]), n[1]))
    right_order = places + meetings
    rows_n = max(len(left_order), len(right_order))
    pos = {}
    for col, order in ((0.0, left_order), (1.0, right_order)):
        k = len(order)
        for j, n in enumerate(order):
            pos[n] = (col, (rows_n - 1) / 2 - (j - (k - 1) / 2) if k > 1 else (rows_n - 1) / 2)
    return pos, rows_n, people, meetings


def _draw_network(ax: plt.Axes, g, pos: dict) -> None:
    """Edges (arrows, width = number of events, "×n" when more than one; see :func:`_reduce_network` for a
    crowded network), then the nodes and their labels."""
    counts = sorted((d["count"] for _, _, d in g.edges(data=True)), reverse=True)
    top = counts[0] if counts else 1
    # up to 8 events a line is 0.9 pt wider per event; past that widths are relative to the largest edge
    per_event = 0.9 if top <= 8 else 7.2 / top
    # a crowded network labels only its largest edges with their count ("×n"), so that the labels stay readable
    min_labelled = 2 if len(counts) <= NETWORK_LABELLED_EDGES else max(2, counts[NETWORK_LABELLED_EDGES - 1])
    for u, v, data in g.edges(data=True):
        color = SIDE_COLORS.get(data["side"], "#9e9e9e") if data["side"] != "meeting" else "#9e9e9e"
        (x0, y0), (x1, y1) = pos[u], pos[v]
        ax.annotate("", (x1, y1), (x0, y0), arrowprops={
            "arrowstyle": "-|>" if data["side"] != "meeting" else "-", "color": color,
            "lw": 0.9 + per_event * data["count"],
            "ls": "--" if data["style"] == "dashed" else "-", "shrinkA": 7, "shrinkB": 7, "alpha": 0.8,
            "mutation_scale": 12, "connectionstyle": "arc3,rad=0.0"}, zorder=2)
        if data["count"] >= min_labelled:
            ax.text(x0 + (x1 - x0) * 0.82, y0 + (y1 - y0) * 0.82, f"×{data['count']}", fontsize=7.5, color=color,
                    ha="center", va="bottom", zorder=3,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
    for n, (x, y) in pos.items():
        t = g.nodes[n]["type"]
        color = {"actor": SIDE_COLORS.get(g.nodes[n].get("side"), "#7f8c8d"), "person": "#7d3c98",
                 "place": "#5d6d7e", "meeting": "#7d3c98"}[t]
        marker = {"actor": "o", "person": "o", "place": "s", "meeting": "D"}[t]
        size = 160 if t == "actor" else 70
        ax.scatter([x], [y], s=size, marker=marker, color=color, edgecolor="white", lw=1.2, zorder=4)
        label = _shorten(g.nodes[n]["label"], 34)
        ax.text(x - 0.025 if x < 0.5 else x + 0.025, y, label, ha="right" if x < 0.5 else "left", va="center",
                fontsize=9 if t == "actor" else 8.5, fontweight="bold" if t == "actor" else "normal", color=INK,
                zorder=5, clip_on=False)


def _network_legend(fig: Figure, g, people: list, meetings: list) -> None:
    handles = _side_handles({g.nodes[n].get("side") for n in g.nodes if g.nodes[n]["type"] == "actor"})
    handles += [Line2D([], [], ls="", marker="o", markersize=7, markerfacecolor="#7d3c98", markeredgecolor="white",
                       label="person"),
                Line2D([], [], ls="", marker="s", markersize=7, markerfacecolor="#5d6d7e", markeredgecolor="white",
                       label="place"),
                Line2D([], [], ls="", marker="D", markersize=6, markerfacecolor="#7d3c98", markeredgecolor="white",
                       label="meeting")]
    handles = [h for h in handles if h.get_label() != "person" or people]
    handles = [h for h in handles if h.get_label() != "meeting" or meetings]
    fig.legend(handles=handles, loc="upper right", bbox_to_anchor=(1 - 0.1 / 9.0, 1 - 0.12 / fig.get_size_inches()[1]),
               frameon=False, fontsize=8, ncol=len(handles), handletextpad=0.3, columnspacing=1.0)


def plot_network(events: pd.DataFrame) -> Figure:
    """Actor-event network: actors -> places they struck (attacks; dashed = intercepted over), people -> the
    meetings they attended (who met whom). Left column: actors and people; right column: places and meetings."""
    title = "Who struck where, who met whom"
    df = _frame(events)
    if df.empty:
        return nothing_to_show(title, "no events")
    g, used_rows = _network_graph(df)
    if g.number_of_edges() == 0:
        return nothing_to_show(title, "no attacks with an actor and a place, no meetings with participants", data=df)
    cut = _reduce_network(g)
    if g.number_of_edges() > NETWORK_LABELLED_EDGES:
        cut.append(f"only the {NETWORK_LABELLED_EDGES} largest links carry their number of events (×n)")
    pos, rows_n, people, meetings = _network_layout(g)
    n_src = _n_sources(df.iloc[used_rows]) if used_rows else 0
    caption = (f"{_plural(len(set(used_rows)), 'event')} from {_plural(n_src, 'source article')}. Left: acting sides "
               "and people; right: places and meetings. Solid arrow = attack on a place (width = number of events), "
               "dashed = weapons intercepted over a place; grey lines join the people who met."
               + (f" Too many to draw all: {'; '.join(cut)}." if cut else ""))
    fig, ax = _layout(9.0, max(2.0, 0.42 * rows_n + 0.4), caption, left=2.3, right=2.6, bottom=0.25)
    ax.set_axis_off()
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.7, rows_n - 0.3)
    _draw_network(ax, g, pos)
    _network_legend(fig, g, people, meetings)
    _decorate(fig, title, caption)
    return fig
