"""Chart style (colours, markers, fonts) and figure scaffolding: title top-left, caption bottom-left,
margins in inches so every chart looks alike; :func:`save_figure`."""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg") if matplotlib.get_backend().lower() in {"", "agg"} else None
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

SIDE_COLORS = {"RU": "#c0392b", "UA": "#2471a3", "other": "#7f8c8d"}
SIDE_NAMES = {"RU": "Russian side", "UA": "Ukrainian side", "other": "other / unknown"}
KIND_COLORS = {"attack": "#c0392b", "air_defense": "#2471a3", "meeting": "#7d3c98", "statement": "#7f8c8d",
               "other": "#a6acaf"}
KIND_LABELS = {"attack": "Attacks", "air_defense": "Air defense", "meeting": "Meetings", "statement": "Statements",
               "other": "Other"}
KIND_MARKERS = {"attack": "o", "air_defense": "^", "meeting": "s", "statement": "D", "other": "o"}
LANES = ("attack", "air_defense", "meeting", "statement")
PALETTE = {**KIND_COLORS, "RU": SIDE_COLORS["RU"], "UA": SIDE_COLORS["UA"], None: SIDE_COLORS["other"]}
INK = "#222222"
MUTED = "#666666"
GRID = "#e3e3e3"
STYLE = {"figure.dpi": 110, "savefig.dpi": 150, "axes.spines.top": False, "axes.spines.right": False,
         "font.size": 9, "axes.titleweight": "bold", "axes.titlesize": 12, "axes.edgecolor": "#888888",
         "axes.labelcolor": INK, "xtick.color": "#444444", "ytick.color": "#444444"}
TITLE_SIZE = 12.5
CAPTION_SIZE = 7.5
LABEL_SIZE = 8

# ------------------------------------------------------------------------------------------------
# Figure scaffolding: title top-left, caption bottom-left, margins in inches so every chart looks alike


class ChartFigure(Figure):
    """A Figure that shows itself as a PNG in notebooks (IPython's ``_repr_png_``), without pyplot, and draws every
    text as plain text: names from articles ("Kup$yansk", "$^$") are never parsed as mathtext."""

    def draw(self, renderer):
        for text in self.findobj(Text):
            text.set_parse_math(False)
        return super().draw(renderer)

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        with plt.rc_context(STYLE):
            self.savefig(buf, format="png", dpi=STYLE["figure.dpi"], facecolor="white")
        return buf.getvalue()


def _new_figure(width: float, height: float) -> Figure:
    # Not through pyplot: the caller owns the Figure (no "too many figures" warning, no second copy shown by the
    # inline backend at the end of a notebook cell; the returned figure displays itself through _repr_png_).
    with plt.rc_context(STYLE):
        fig = ChartFigure(figsize=(width, height), dpi=STYLE["figure.dpi"])
    FigureCanvasAgg(fig)
    return fig


def _add_axes(fig: Figure, *, left: float, right: float, top: float, bottom: float) -> plt.Axes:
    """Axes placed by margins in inches."""
    w, h = fig.get_size_inches()
    with plt.rc_context(STYLE):
        ax = fig.add_axes((left / w, bottom / h, max(0.05, (w - left - right) / w), max(0.05, (h - top - bottom) / h)))
    return ax


def _wrap(text: str, width_in: float, size: float) -> list[str]:
    chars = max(30, int(width_in * 72 / (size * 0.52)))
    lines: list[str] = []
    for para in text.split("\n"):
        lines.extend(textwrap.wrap(para, chars) or [""])
    return lines


def _caption_height(text: str, width_in: float) -> float:
    return 0.12 + len(_wrap(text, width_in - 0.3, CAPTION_SIZE)) * CAPTION_SIZE * 1.35 / 72


def _decorate(fig: Figure, title: str, caption: str) -> None:
    w, h = fig.get_size_inches()
    fig.text(0.15 / w, 1 - 0.12 / h, title, ha="left", va="top", fontsize=TITLE_SIZE, fontweight="bold", color=INK)
    lines = _wrap(caption, w - 0.3, CAPTION_SIZE)
    fig.text(0.15 / w, 0.08 / h, "\n".join(lines), ha="left", va="bottom", fontsize=CAPTION_SIZE, color=MUTED,
             linespacing=1.35)


def _layout(width: float, plot_height: float, caption: str, *, left: float = 0.9, right: float = 0.3,
            top: float = 0.55, bottom: float = 0.45) -> tuple[Figure, plt.Axes]:
    """A figure whose axes are ``plot_height`` inches tall, with room for the title and the caption."""
    cap = _caption_height(caption, width)
    height = top + plot_height + bottom + cap
    fig = _new_figure(width, height)
    ax = _add_axes(fig, left=left, right=right, top=top, bottom=bottom + cap)
    ax.grid(False)
    return fig, ax


def save_figure(fig: Figure, out_dir: str | Path, name: str) -> dict[str, Path]:
    """Write ``fig`` as ``<out_dir>/<name>.png`` and ``.svg``; returns {"png": path, "svg": path}."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", str(name)).strip("._") or "chart"
    paths = {"png": out / f"{stem}.png", "svg": out / f"{stem}.svg"}
    with plt.rc_context(STYLE):
        fig.savefig(paths["png"], dpi=STYLE["savefig.dpi"], facecolor="white")
        fig.savefig(paths["svg"], facecolor="white")
    fig.sitrep_png = paths["png"]  # the interactive widgets embed this file as their static version
    return paths
