"""sitrep: conflict news reports into sourced facts, timelines, charts and situation reports."""

__version__ = "0.1.0"
