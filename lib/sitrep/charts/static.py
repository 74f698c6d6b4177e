"""Compatibility shim: the static charts now live one module per chart in :mod:`sitrep.charts` (``style``,
``tabular``, ``when``, ``labels``, ``timeline``, ``map``, ``claims``, ``casualties``, ``network``, ``overview``,
``render``). This module only re-exports the names it used to define publicly; import from :mod:`sitrep.charts`."""

from sitrep.charts.borders import BORDERS_CREDIT, GEO_FILE, load_borders
from sitrep.charts.casualties import plot_casualties
from sitrep.charts.claims import plot_claims
from sitrep.charts.map import MAP_TOP_LABELS, MapFrame, map_frame, plot_map
from sitrep.charts.network import plot_network
from sitrep.charts.overview import plot_entity_frequency, plot_event_kinds, plot_publication_timeline
from sitrep.charts.render import explore, render_charts
from sitrep.charts.style import (
    GRID,
    INK,
    KIND_COLORS,
    KIND_LABELS,
    KIND_MARKERS,
    LANES,
    PALETTE,
    SIDE_COLORS,
    SIDE_NAMES,
    STYLE,
    ChartFigure,
    save_figure,
)
from sitrep.charts.tabular import nothing_to_show
from sitrep.charts.timeline import TIMELINE_TOP_LABELS, plot_timeline

__all__ = ["BORDERS_CREDIT", "GEO_FILE", "GRID", "INK", "KIND_COLORS", "KIND_LABELS", "KIND_MARKERS", "LANES",
           "MAP_TOP_LABELS", "PALETTE", "SIDE_COLORS", "SIDE_NAMES", "STYLE", "TIMELINE_TOP_LABELS", "ChartFigure",
           "MapFrame", "explore", "load_borders", "map_frame", "nothing_to_show", "plot_casualties", "plot_claims",
           "plot_entity_frequency", "plot_event_kinds", "plot_map", "plot_network", "plot_publication_timeline",
           "plot_timeline", "render_charts", "save_figure"]
