"""Charts: static matplotlib figures (:mod:`sitrep.charts.static`, PNG/SVG for the PDF and mail) and interactive
Bokeh versions of the map and timeline (:mod:`sitrep.charts.interactive`; shown with their static version by
:mod:`sitrep.charts.widgets`, for the HTML report and JupyterLab), over the same offline borders
(:mod:`sitrep.charts.borders`). Bokeh is imported only when an interactive chart is built."""

from sitrep.charts.borders import BORDERS_CREDIT, GEO_FILE, MAP_LABELS, THEATRE_REGION, THEATRE_VIEW, load_borders
from sitrep.charts.static import (
    MAP_TOP_LABELS,
    TIMELINE_TOP_LABELS,
    ChartFigure,
    MapFrame,
    explore,
    map_frame,
    nothing_to_show,
    plot_casualties,
    plot_claims,
    plot_entity_frequency,
    plot_event_kinds,
    plot_map,
    plot_network,
    plot_publication_timeline,
    plot_timeline,
    render_charts,
    save_figure,
)
from sitrep.charts.widgets import ChartWidget, map_widget, timeline_widget

__all__ = ["BORDERS_CREDIT", "GEO_FILE", "MAP_LABELS", "MAP_TOP_LABELS", "THEATRE_REGION", "THEATRE_VIEW",
           "TIMELINE_TOP_LABELS", "ChartFigure", "ChartWidget", "MapFrame", "explore", "interactive_map",
           "interactive_timeline", "load_borders", "map_frame", "map_widget", "nothing_to_show", "plot_casualties",
           "plot_claims", "plot_entity_frequency", "plot_event_kinds", "plot_map", "plot_network",
           "plot_publication_timeline", "plot_timeline", "render_charts", "save_figure", "timeline_widget"]


def __getattr__(name: str):
    """The Bokeh charts, imported (with Bokeh, about 1.5 s) only when asked for."""
    if name in ("interactive_map", "interactive_timeline"):
        from sitrep.charts import interactive

        return getattr(interactive, name)
    raise AttributeError(f"module 'sitrep.charts' has no attribute {name!r}")
