"""Charts: static matplotlib figures, one module per chart (:mod:`~sitrep.charts.timeline`, :mod:`~sitrep.charts.map`,
:mod:`~sitrep.charts.claims`, :mod:`~sitrep.charts.casualties`, :mod:`~sitrep.charts.network`,
:mod:`~sitrep.charts.overview`; PNG/SVG for the PDF and mail) over a common :mod:`~sitrep.charts.style`, shared
table helpers (:mod:`~sitrep.charts.tabular`), time spans (:mod:`~sitrep.charts.when`) and label placement
(:mod:`~sitrep.charts.labels`); :mod:`~sitrep.charts.render` draws them all. Interactive
Bokeh versions of the map and timeline (:mod:`sitrep.charts.interactive`; shown with their static version by
:mod:`sitrep.charts.widgets`, for the HTML report and JupyterLab), over the same offline borders
(:mod:`sitrep.charts.borders`). Bokeh is imported only when an interactive chart is built."""

from sitrep.charts.borders import BORDERS_CREDIT, GEO_FILE, MAP_LABELS, THEATRE_REGION, THEATRE_VIEW, load_borders
from sitrep.charts.casualties import plot_casualties
from sitrep.charts.claims import plot_claims
from sitrep.charts.map import MAP_TOP_LABELS, MapFrame, map_frame, plot_map
from sitrep.charts.network import plot_network
from sitrep.charts.overview import plot_entity_frequency, plot_event_kinds, plot_publication_timeline
from sitrep.charts.render import explore, render_charts
from sitrep.charts.style import ChartFigure, save_figure
from sitrep.charts.tabular import nothing_to_show
from sitrep.charts.timeline import TIMELINE_TOP_LABELS, plot_timeline
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
