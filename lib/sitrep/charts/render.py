"""Every chart of a run at once (:func:`render_charts`) and an interactive filter for JupyterLab (:func:`explore`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from sitrep.charts.casualties import plot_casualties
from sitrep.charts.claims import plot_claims
from sitrep.charts.map import plot_map
from sitrep.charts.network import plot_network
from sitrep.charts.overview import plot_entity_frequency, plot_event_kinds, plot_publication_timeline
from sitrep.charts.style import save_figure
from sitrep.charts.timeline import plot_timeline


def render_charts(run, *, out_dir: str | Path | None = None) -> dict[str, Figure]:
    """Every chart of a run (an :class:`~sitrep.analysis.Analysis`), saved as PNG and SVG when ``out_dir``
    is given. Keys: timeline, map, claims, casualties, network, entities, kinds, publication."""
    entries = run.timeline if run.timeline is not None else run.events
    figures = {
        "timeline": plot_timeline(entries),
        "map": plot_map(entries),
        "claims": plot_claims(run.events),
        "casualties": plot_casualties(run.events),
        "network": plot_network(run.events),
        "entities": plot_entity_frequency(run.entities),
        "kinds": plot_event_kinds(run.events),
        "publication": plot_publication_timeline(run.articles),
    }
    if out_dir is not None:
        for name, fig in figures.items():
            save_figure(fig, out_dir, name)
    return figures


def explore(run):
    """An interactive filter (date range, kind, region) over the merged timeline, for JupyterLab.

    Returns an ipywidgets box; the static HTML of a report shows the unfiltered charts instead."""
    import ipywidgets as widgets
    from IPython.display import display

    t = run.timeline if run.timeline is not None else pd.DataFrame()
    if t.empty:
        return widgets.HTML("<em>nothing to explore: no timeline entries</em>")
    days = sorted(d for d in t["date_start"].dropna().unique())
    kinds = sorted(t["kind"].dropna().unique())
    regions = ["(all)"] + sorted(t["admin1"].dropna().unique())
    day_range = widgets.SelectionRangeSlider(options=days, index=(0, len(days) - 1), description="dates")
    kind_pick = widgets.SelectMultiple(options=kinds, value=tuple(kinds), description="kinds")
    region_pick = widgets.Dropdown(options=regions, value="(all)", description="region")
    out = widgets.Output()

    def refresh(*_):
        lo, hi = day_range.value
        keep = t[(t["date_start"] >= lo) & (t["date_start"] <= hi) & t["kind"].isin(kind_pick.value)]
        if region_pick.value != "(all)":
            keep = keep[keep["admin1"] == region_pick.value]
        with out:
            out.clear_output(wait=True)
            display(plot_timeline(keep), plot_map(keep))

    for w in (day_range, kind_pick, region_pick):
        w.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox([day_range, kind_pick, region_pick]), out])
