"""Charts: each function takes tidy tables and returns a matplotlib Figure, in one consistent style.

Every chart has a title and a caption saying what it shows and from how many sources; empty or
partial input gives a clear "nothing to show" figure instead of an exception.

Charts:

* :func:`plot_timeline` -- timeline entries (or plain events) on a time axis, one lane per kind;
* :func:`plot_map` -- event points over offline Natural Earth borders, framed on the theatre;
* :func:`plot_claims` -- weapons launched vs intercepted per night and per claimant, never summed;
* :func:`plot_casualties` -- killed and injured by region and day, children separated;
* :func:`plot_network` -- actor -> place strikes and who met whom;
* :func:`plot_entity_frequency`, :func:`plot_publication_timeline`, :func:`plot_event_kinds`.

:func:`save_figure` writes a figure as PNG and SVG.
"""

from __future__ import annotations

import io
import json
import math
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg") if matplotlib.get_backend().lower() in {"", "agg"} else None
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch, PathPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.transforms import Bbox, offset_copy  # noqa: E402

from sitrep import words  # noqa: E402
from sitrep.charts.borders import BORDERS_CREDIT, GEO_FILE, MAP_LABELS, THEATRE_REGION, THEATRE_VIEW, load_borders  # noqa: E402,F401
from sitrep.timex import NIGHT_PATTERN, parse_value  # noqa: E402

__all__ = [
    "BORDERS_CREDIT",
    "ChartFigure",
    "GEO_FILE",
    "MapFrame",
    "load_borders",
    "map_frame",
    "nothing_to_show",
    "plot_casualties",
    "plot_claims",
    "plot_entity_frequency",
    "plot_event_kinds",
    "plot_map",
    "plot_network",
    "plot_publication_timeline",
    "plot_timeline",
    "save_figure",
]

# ------------------------------------------------------------------------------------------------
# Style

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


def nothing_to_show(title: str, reason: str = "nothing to show", caption: str | None = None, *,
                    data: pd.DataFrame | None = None) -> Figure:
    """A small figure that says there is nothing to show, and why (and how many sources were read)."""
    read = f" ({_plural(len(data), 'row')} from {_sources(data)} read)" if data is not None and len(data) else ""
    caption = caption or f"Nothing to show: {reason}{read}."
    fig, ax = _layout(8, 1.3, caption, left=0.2, right=0.2)
    ax.set_axis_off()
    ax.text(0.5, 0.5, f"Nothing to show — {reason}", ha="center", va="center", fontsize=11, color="#777777",
            transform=ax.transAxes)
    _decorate(fig, title, caption)
    return fig


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


# ------------------------------------------------------------------------------------------------
# Tidy-table helpers (tolerant of missing columns, nulls, lists stored as arrays or JSON strings)


def _frame(df) -> pd.DataFrame:
    if df is None:
        return pd.DataFrame()
    if isinstance(df, pd.DataFrame):
        return df.reset_index(drop=True)
    return pd.DataFrame(df)


def _col(df: pd.DataFrame, name: str) -> pd.Series:
    if name in df.columns:
        return df[name]
    return pd.Series([None] * len(df), index=df.index, dtype=object)


def _num(df: pd.DataFrame, name: str) -> pd.Series:
    return pd.to_numeric(_col(df, name), errors="coerce")


def _is_null(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if np.ndim(value) == 0 else False
    except (TypeError, ValueError):
        return False


def _text(value) -> str | None:
    if _is_null(value):
        return None
    text = str(value).strip()
    return text or None


def _items(value) -> list:
    """A list from a list / tuple / array / JSON-list string / scalar cell (nulls dropped)."""
    if _is_null(value):
        return []
    if isinstance(value, str):
        s = value.strip()
        if s.startswith("["):
            try:
                return [x for x in json.loads(s) if not _is_null(x)]
            except ValueError:
                pass
        return [s] if s else []
    if isinstance(value, dict):
        return [value]
    if isinstance(value, Iterable):
        return [x for x in value if not _is_null(x)]
    return [value]


def _source_key(item) -> str:
    if isinstance(item, dict):
        for key in ("article_id", "url", "source", "id"):
            if item.get(key):
                return str(item[key])
        return json.dumps(item, sort_keys=True, default=str)
    return str(item)


def _row_sources(df: pd.DataFrame) -> list[set[str]]:
    """The source ids behind each row: the ``sources`` list of a timeline entry, else the ``article_id``."""
    has_sources = "sources" in df.columns
    out = []
    for i in range(len(df)):
        keys: set[str] = set()
        if has_sources:
            keys = {_source_key(x) for x in _items(df["sources"].iat[i])}
        if not keys and "article_id" in df.columns and not _is_null(df["article_id"].iat[i]):
            keys = {str(df["article_id"].iat[i])}
        out.append(keys)
    return out


def _n_sources(df: pd.DataFrame) -> int:
    return len(set().union(*_row_sources(df))) if len(df) else 0


def _sources(df: pd.DataFrame) -> str:
    n = _n_sources(df)
    return f"{n} source article{'s' if n != 1 else ''}"


def _is_merged(df: pd.DataFrame) -> bool:
    """Timeline entries (one row per real-world event) rather than plain per-report events."""
    return "entry_id" in df.columns or "sources" in df.columns


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else f"{n} {word}s"


_RU = re.compile(r"\b(russia|russian|kremlin|moscow|rf)\b|\brussia", re.I)
_UA = re.compile(r"\b(ukrain\w*|kyiv|kiev|zelensk\w*|zsu|afu)\b", re.I)


def _side_of(country, actor) -> str:
    code = (_text(country) or "").upper()
    if code in ("RU", "UA"):
        return code
    name = _text(actor) or ""
    if code in ("RUS",) or (name and _RU.search(name) and not _UA.search(name)):
        return "RU"
    if code in ("UKR",) or (name and _UA.search(name)):
        return "UA"
    return "other"


def _sides(df: pd.DataFrame) -> list[str]:
    countries, actors = _col(df, "actor_country"), _col(df, "actor")
    return [_side_of(c, a) for c, a in zip(countries, actors, strict=True)]


def _kind(value) -> str:
    k = (_text(value) or "other").lower()
    return k if k in KIND_COLORS else "other"


def _claimants(df: pd.DataFrame) -> list[str | None]:
    """One claimant label per row: the timeline's ``claimants`` list joined, else the event's ``claimant``."""
    out = []
    lists, singles = _col(df, "claimants"), _col(df, "claimant")
    for many, one in zip(lists, singles, strict=True):
        names = [str(x) for x in _items(many)]
        out.append(" / ".join(dict.fromkeys(names)) if names else _text(one))
    return out


def _count(value) -> int | None:
    """A figure cell as an int (None when missing or not a number)."""
    v = pd.to_numeric(pd.Series([value], dtype=object), errors="coerce").iat[0]
    return None if pd.isna(v) else int(v)


def _shorten(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _casualty_total(df: pd.DataFrame) -> pd.Series:
    killed = _num(df, "killed").fillna(_num(df, "children_killed"))
    injured = _num(df, "injured").fillna(_num(df, "children_injured"))
    return killed.fillna(0) + injured.fillna(0)


def _marker_area(casualties: float, base: float = 34.0, scale: float = 70.0, cap: float = 1100.0) -> float:
    """Marker area (points²) growing with the square root of killed + injured."""
    c = 0.0 if _is_null(casualties) else max(0.0, float(casualties))
    return min(base + scale * math.sqrt(c), cap)


def _timeline_area(casualties: float) -> float:
    return _marker_area(casualties, base=30.0, scale=42.0, cap=400.0)  # at most ~0.28 in across: one row


def _map_area(casualties: float) -> float:
    return _marker_area(casualties, base=42.0)


def _size_legend_handles(values=(0, 3, 20, 100), area=_marker_area) -> list[Line2D]:
    return [Line2D([], [], ls="", marker="o", markersize=math.sqrt(area(v)), markerfacecolor="#bdbdbd",
                   markeredgecolor="white", label=("none / unknown" if v == 0 else f"{v} killed + injured"))
            for v in values]


def _side_handles(sides: Iterable[str]) -> list[Line2D]:
    present = [s for s in ("RU", "UA", "other") if s in set(sides)]
    return [Line2D([], [], ls="", marker="o", markersize=8, markerfacecolor=SIDE_COLORS[s], markeredgecolor="white",
                   label=SIDE_NAMES[s]) for s in present]


# ------------------------------------------------------------------------------------------------
# When: date_start / date_end / precision / part of day -> a span on the time axis

_PARTS = {  # TIMEX3 part-of-day codes -> (start hour, end hour; end may pass midnight)
    "MO": (6, 12, "morning"), "MI": (11, 13, "midday"), "AF": (12, 18, "afternoon"), "EV": (18, 22, "evening"),
    "NI": (20, 30, "night"), "DT": (8, 18, "daytime"),
}
_PART_WORDS = (("NI", NIGHT_PATTERN), ("EV", r"\bevening\b"),
               ("MO", r"\b(morning|dawn)\b"), ("AF", r"\bafternoon\b"), ("MI", r"\b(midday|noon)\b"))
_PRECISION_CODES = {1: "day", 2: "week", 3: "month"}


@dataclass
class _When:
    start: datetime
    end: datetime
    centre: datetime
    part: str | None  # NI, MO, ... or None
    precision: str  # hour, part_of_day, day, week, month, year

    @property
    def approximate(self) -> bool:
        return self.precision in ("week", "month", "year")

    @property
    def day(self) -> date:
        return self.start.date()


def _parse_point(text: str) -> tuple[datetime, datetime, str, str | None] | None:
    """One TIMEX3 value -> (start, end, precision, part), read by ``sitrep.timex.parse_value``; a part of day
    is drawn over the hours in ``_PARTS``, a clock time as an instant."""
    v = parse_value(text)
    if v is None or v.interval_start is None:
        return None
    if v.precision == "minute":
        return v.interval_start, v.interval_start, "hour", None
    if v.precision == "part_of_day":
        d, code = datetime.fromisoformat(v.value[:10]), v.value[11:]
        return d + timedelta(hours=_PARTS[code][0]), d + timedelta(hours=_PARTS[code][1]), "part_of_day", code
    return v.interval_start, v.interval_end, v.precision, None


def _when(start, end=None, precision=None, date_text=None) -> _When | None:
    s = _text(start)
    if not s:
        return None
    try:
        first = _parse_point(s)
    except (ValueError, KeyError):
        first = None
    if first is None:
        return None
    t0, t1, prec, part = first
    if part is None and prec == "day" and _text(date_text):
        for code, pattern in _PART_WORDS:
            if re.search(pattern, str(date_text), re.I):
                h0, h1, _ = _PARTS[code]
                t0, t1, prec, part = t0 + timedelta(hours=h0), t0 + timedelta(hours=h1), "part_of_day", code
                break
    e = _text(end)
    if e and e[:10] != s[:10]:
        try:
            last = _parse_point(e)
        except (ValueError, KeyError):
            last = None
        if last is not None and last[1] > t1:
            t1 = last[1] if part is None else max(t1, last[0] + (t1 - t0.replace(hour=0, minute=0)))
            if prec in ("day", "hour"):
                prec = "day"
    p = _text(precision)
    if p is not None:
        code = int(float(p)) if re.fullmatch(r"\d+(\.0)?", p) else p
        coarse = _PRECISION_CODES.get(code, code) if isinstance(code, int) else code
        if coarse in ("week", "month", "year") and prec in ("day", "hour", "part_of_day"):
            prec = coarse
    centre = t0 + (t1 - t0) / 2 if t1 > t0 else t0
    return _When(t0, t1, centre, part, prec)


def _whens(df: pd.DataFrame) -> list[_When | None]:
    return [_when(a, b, c, d) for a, b, c, d in zip(_col(df, "date_start"), _col(df, "date_end"),
                                                     _col(df, "time_precision"), _col(df, "date_text"), strict=True)]


def _day_label(d: date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def _night_label(d: date) -> str:
    nxt = d + timedelta(days=1)
    if nxt.month == d.month:
        return f"night {d.day}–{nxt.day} {d:%b}"
    return f"night {d.day} {d:%b}–{nxt.day} {nxt:%b}"


# ------------------------------------------------------------------------------------------------
# Label placement: try offsets around each point, keep the first that overlaps nothing already placed


def _bbox_overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _place_labels(fig: Figure, ax: plt.Axes, xs, ys, labels, radii_pt, *, fontsize: float = LABEL_SIZE,
                  obstacles: Iterable[Bbox] = (), color: str = INK, gid: str = "label") -> list:
    """Annotate points (data coords) with non-overlapping labels; returns the Text artists.

    ``radii_pt`` are the marker radii in points; markers are obstacles too. Labels that cannot be placed
    without overlap anywhere within the search radius take the least overlapping spot, with a leader line.
    """
    renderer = fig.canvas.get_renderer()
    pt = fig.dpi / 72.0
    placed: list[Bbox] = list(obstacles)
    markers = []
    for x, y, r in zip(xs, ys, radii_pt, strict=True):
        cx, cy = ax.transData.transform((x, y))
        rr = r * pt
        markers.append(Bbox.from_extents(cx - rr, cy - rr, cx + rr, cy + rr))
    axbox = ax.get_window_extent(renderer)
    angles = (0, 180, 35, 145, -35, -145, 90, -90, 15, 165, -15, -165, 60, 120, -60, -120)
    artists = []
    order = sorted(range(len(labels)), key=lambda i: -radii_pt[i])
    for i in order:
        x, y, r, label = xs[i], ys[i], radii_pt[i], labels[i]
        best = None
        for step in (2.5, 8, 16, 26, 38, 52):
            dist = r + step
            for a in angles:
                dx, dy = dist * math.cos(math.radians(a)), dist * math.sin(math.radians(a)) * 0.8
                ha = "left" if dx > 1 else "right" if dx < -1 else "center"
                va = "bottom" if dy > 1 else "top" if dy < -1 else "center"
                text = ax.annotate(label, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                   fontsize=fontsize, color=color, zorder=6, annotation_clip=False)
                box = text.get_window_extent(renderer).expanded(1.06, 1.12)
                text.remove()
                cost = sum(_bbox_overlap(box, b) for b in placed)
                cost += sum(_bbox_overlap(box, m) for j, m in enumerate(markers) if j != i)
                outside = (max(0, axbox.x0 - box.x0) + max(0, box.x1 - axbox.x1)
                           + max(0, axbox.y0 - box.y0) + max(0, box.y1 - axbox.y1))
                cost += outside * box.height * 4
                if best is None or cost < best[0] - 1e-6:
                    best = (cost, dx, dy, ha, va, box, step)
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        assert best is not None
        _, dx, dy, ha, va, box, step = best
        leader = {"arrowstyle": "-", "color": "#999999", "lw": 0.6, "shrinkA": 0, "shrinkB": r * 0.9} \
            if step > 8 else None
        text = ax.annotate(label, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                           fontsize=fontsize, color=color, zorder=6, arrowprops=leader, annotation_clip=False,
                           bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.75})
        text.set_gid(gid)
        placed.append(box)
        artists.append(text)
    return artists


# ------------------------------------------------------------------------------------------------
# Timeline


def _entry_label(row: dict, kind: str) -> str:
    place = _text(row.get("place"))
    who = _text(row.get("claimant_label")) or _text(row.get("speaker")) or _text(row.get("actor"))
    parts = []
    if kind in ("attack", "other"):
        parts.append(place or who or KIND_LABELS[kind].lower())
        figs = [f"{v} {name}" for name in ("killed", "injured") if (v := _count(row.get(name)))]
        if figs:
            parts.append(f"({', '.join(figs)})")
    elif kind == "air_defense":
        figs = [f"{v} {n}" for n in ("launched", "intercepted") if (v := _count(row.get(n))) is not None]
        parts.append(", ".join(figs) if figs else "air defense")
        if place:
            parts.append(f"over {place}")
        if who:
            parts.append(f"({who})")
    elif kind == "meeting":
        parts.append(place or "meeting")
        if _text(row.get("status")) == "planned" or _text(row.get("certainty")) == "planned":
            parts.append("(planned)")
    else:  # statement
        parts.append(who or place or "statement")
    return _shorten(" ".join(p for p in parts if p).strip(), 64 if kind == "air_defense" else 48)


def plot_timeline(entries: pd.DataFrame) -> Figure:
    """Timeline entries (or plain events) on a time axis, one lane per kind.

    x = ``date_start`` (with the part of day: night events are bars spanning 20:00-06:00, day-precision events a
    point at noon with a whisker over the day, week/month-precision events a hollow point over a dashed span);
    marker area = killed + injured; colour = actor side (RU red, UA blue, other grey); labelled with the place.
    """
    title = "Timeline of events"
    df = _frame(entries)
    if df.empty:
        return nothing_to_show(title, "no timeline entries")
    whens = _whens(df)
    keep = [i for i, w in enumerate(whens) if w is not None]
    undated = len(df) - len(keep)
    if not keep:
        return nothing_to_show(title, f"none of the {_plural(len(df), 'entry')} has a usable date", data=df)
    d = df.iloc[keep].reset_index(drop=True)
    whens = [whens[i] for i in keep]
    d["claimant_label"] = _claimants(d)
    sides = _sides(d)
    casualties = _casualty_total(d)
    rows = d.to_dict("records")
    items = []
    for row, w, side, cas in zip(rows, whens, sides, casualties, strict=True):
        kind = _kind(row.get("kind"))
        x0, x1 = mdates.date2num(w.start), mdates.date2num(w.end)
        spans = w.precision == "part_of_day" or w.approximate or (w.precision == "day" and x1 - x0 > 1.01)
        items.append({"kind": kind, "w": w, "side": side, "cas": cas, "label": _entry_label(row, kind),
                      "x0": x0, "x1": x1, "xc": mdates.date2num(w.centre if w.precision != "hour" else w.start),
                      "spans": spans, "area": _timeline_area(cas)})
    lanes = list(LANES) + (["other"] if any(it["kind"] == "other" for it in items) else [])

    # Axis range in days, wide enough that the last labels fit to the right of their markers.
    width, left, right = 11.0, 1.35, 0.3
    axis_in = width - left - right
    char_in = LABEL_SIZE * 0.55 / 72
    t_min = min(it["x0"] for it in items)
    t_max = max(it["x1"] for it in items)
    span = max(t_max - t_min, 1.0)
    xmin = (math.floor(t_min + 1e-6) if span > 2 else t_min - 0.25) - 0.04 * span
    xmax = t_max + 0.04 * span

    def label_x(it: dict, per_in: float) -> float:
        radius = math.sqrt(it["area"]) / 2 / 72 * per_in
        return max(it["x1"] if it["spans"] else it["xc"], it["xc"] + radius) + 0.06 * per_in

    def label_end(it: dict, per_in: float) -> float:
        return label_x(it, per_in) + len(it["label"]) * char_in * per_in

    for _ in range(25):
        per_in = (xmax - xmin) / axis_in
        xmax = max(t_max + 0.04 * span, max(label_end(it, per_in) + 0.1 * per_in for it in items))
    per_in = (xmax - xmin) / axis_in

    # Pack each lane into sub-rows: an item occupies its span (or marker) plus its label.
    lane_rows: dict[str, list[list[float]]] = {k: [] for k in lanes}
    for it in sorted(items, key=lambda it: (it["x0"] if it["spans"] else it["xc"], -it["cas"])):
        radius = math.sqrt(it["area"]) / 2 / 72 * per_in
        start = min(it["x0"] if it["spans"] else it["xc"], it["xc"]) - radius - 0.04 * per_in
        stop = label_end(it, per_in) + 0.12 * per_in
        rows_ = lane_rows[it["kind"]]
        for r, last in enumerate(rows_):
            if last[0] <= start:
                last[0] = stop
                it["row"] = r
                break
        else:
            rows_.append([stop])
            it["row"] = len(rows_) - 1
    row_in = 0.3
    heights = {k: max(1, len(lane_rows[k])) for k in lanes}
    total_rows = sum(heights.values())
    if total_rows > TIMELINE_MAX_ROWS:  # one labelled row per entry would be screens tall: count per day instead
        return _plot_timeline_counts(d, items, lanes, undated, title)
    lane_top: dict[str, float] = {}
    y = 0.0
    for k in lanes:
        lane_top[k] = y
        y += heights[k] + 0.6
    y_max = y - 0.6

    sides_present = sorted({it["side"] for it in items})
    n_src = _n_sources(d)
    parts = [f"{_plural(len(d), 'entry' if 'entry_id' in d.columns else 'event')} from "
             f"{_plural(n_src, 'source article')}",
             "x = when it happened (date_start): a bar spans the part of day given (shaded bands = night, "
             "20:00–06:00), a point at noon = known to the day only, a hollow point over a dashed span = a date "
             "range or a week/month",
             "marker area = killed + injured; colour = acting side"]
    if undated:
        parts.append(f"{undated} without a date not shown")
    caption = "; ".join(parts) + "."
    plot_h = min(40.0, max(2.2, total_rows * row_in + (len(lanes) - 1) * 0.6 * row_in + 0.4))
    fig, ax = _layout(width, plot_h, caption, left=left, right=right, bottom=0.75)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(y_max + 0.3, -0.7)

    # Background: lanes, night bands, day grid.
    for k in lanes:
        top, h = lane_top[k], heights[k]
        ax.axhspan(top - 0.45, top + h - 0.55, color="#f7f7f7" if lanes.index(k) % 2 == 0 else "white", zorder=0)
    first_day = mdates.num2date(math.floor(xmin)).replace(tzinfo=None)
    n_days = int(math.ceil(xmax - xmin)) + 1
    if n_days <= 60:
        for i in range(-1, n_days):
            day = first_day + timedelta(days=i)
            x0 = mdates.date2num(day + timedelta(hours=20))
            ax.axvspan(x0, x0 + 10 / 24, color="#e9ecf4", zorder=0.5, lw=0)
    if n_days <= 16:
        ax.xaxis.set_major_locator(mdates.DayLocator())
        ax.xaxis.set_major_formatter(matplotlib.ticker.NullFormatter())
        ax.xaxis.set_minor_locator(mdates.HourLocator(byhour=12))
        ax.xaxis.set_minor_formatter(matplotlib.ticker.FuncFormatter(
            lambda v, _: _day_label(mdates.num2date(v).date())))
        ax.tick_params(axis="x", which="minor", length=0, labelsize=8.5)
        ax.grid(axis="x", which="major", color="#d0d0d0", lw=0.8, zorder=0.6)
    else:
        locator = mdates.AutoDateLocator(maxticks=12)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(axis="x", color=GRID, zorder=0.6)
    ax.set_yticks([lane_top[k] + (heights[k] - 1) / 2 for k in lanes])
    ax.set_yticklabels([f"{KIND_LABELS[k]} ({sum(it['kind'] == k for it in items)})" for k in lanes], fontsize=9.5)
    ax.tick_params(axis="y", length=0)
    ax.spines[["left", "top", "right"]].set_visible(False)

    for it in items:
        w, color = it["w"], SIDE_COLORS[it["side"]]
        yy = lane_top[it["kind"]] + it["row"]
        if w.precision == "part_of_day":
            ax.barh(yy, it["x1"] - it["x0"], left=it["x0"], height=0.5, color=color, alpha=0.28, lw=0, zorder=2)
        elif w.approximate or (w.precision == "day" and it["x1"] - it["x0"] > 1.01):
            ax.plot([it["x0"], it["x1"]], [yy, yy], color=color, alpha=0.6, lw=1.2, ls=(0, (3, 2)), zorder=2)
        ax.scatter([it["xc"]], [yy], s=it["area"], marker=KIND_MARKERS[it["kind"]],
                   facecolor="white" if w.approximate else color, edgecolor=color if w.approximate else "white",
                   linewidth=1.2, zorder=4)
        ax.text(label_x(it, per_in), yy, it["label"], va="center", ha="left", fontsize=LABEL_SIZE, color=INK,
                zorder=5, gid="label")
    for k in lanes:
        if not any(it["kind"] == k for it in items):
            ax.text(xmin + 0.1 * per_in, lane_top[k], "none", va="center", fontsize=8, color="#aaaaaa")

    handles = _side_handles(sides_present)
    if any(it["cas"] > 0 for it in items):
        handles += _size_legend_handles((3, 20), area=_timeline_area)
    w_in, h_in = fig.get_size_inches()
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(left / w_in, ax.get_position().y0 - 0.4 / h_in),
               ncol=5, frameon=False, fontsize=8, handletextpad=0.3, columnspacing=1.2, borderaxespad=0)
    _decorate(fig, title, caption)
    return fig


TIMELINE_MAX_ROWS = 30  # past this many label rows the timeline counts entries per day (or week) instead
TIMELINE_TOP_LABELS = 4  # in the counting view, the largest entries of each kind are labelled


def _size_of(it: dict) -> float:
    """How large an entry is, for choosing the few that are labelled: casualties, else weapons launched."""
    return it["cas"] if it["cas"] > 0 else (it.get("launched") or 0) / 100


def _plot_timeline_counts(d: pd.DataFrame, items: list[dict], lanes: list[str], undated: int, title: str) -> Figure:
    """The crowded timeline: one small panel per kind with entries counted per day (per week past ~4 months),
    stacked by acting side; only the largest entries of each kind are labelled. Its height does not grow with
    the number of entries."""
    for it, v in zip(items, _num(d, "launched"), strict=True):
        it["launched"] = 0.0 if pd.isna(v) else float(v)
    # Stray dates (an anniversary, a recalled year) would squash the bars: keep the bulk, say how many are left out.
    days = sorted(int(math.floor(it["xc"])) for it in items)
    lo, hi = days[int(0.02 * (len(days) - 1))], days[int(math.ceil(0.98 * (len(days) - 1)))]
    lo, hi = max(days[0], lo - 14), min(days[-1], hi + 14)
    outliers = sum(not lo <= int(math.floor(it["xc"])) <= hi for it in items)
    items = [it for it in items if lo <= int(math.floor(it["xc"])) <= hi]
    kinds = [k for k in lanes if any(it["kind"] == k for it in items)]
    days = [int(math.floor(it["xc"])) for it in items]
    first, last = min(days), max(days)
    weekly = last - first > 120
    bin_days = 7 if weekly else 1
    if weekly:  # bins start on Mondays
        first -= mdates.num2date(first).weekday()
    n_bins = (last - first) // bin_days + 1
    edges = [first + i * bin_days for i in range(n_bins + 1)]
    sides_present = sorted({it["side"] for it in items})
    n_src = _n_sources(d)
    caption = (f"{_plural(len(d), 'entry' if 'entry_id' in d.columns else 'event')} from "
               f"{_plural(n_src, 'source article')}, too many to draw one by one: bars count them per "
               f"{'week' if weekly else 'day'} and kind, stacked by acting side; the "
               f"{TIMELINE_TOP_LABELS} largest of each kind (killed + injured, or weapons launched) are labelled. "
               "Every entry is listed in the timeline table."
               + (f" {undated} without a date not shown." if undated else "")
               + (f" {outliers} dated far from the rest ({mdates.num2date(days[0]):%d %b %Y} to "
                  f"{mdates.num2date(days[-1]):%d %b %Y} shown) not shown." if outliers else ""))
    width, left, right, panel_h, gap = 11.0, 1.35, 0.3, 1.25, 0.35
    plot_h = len(kinds) * panel_h + (len(kinds) - 1) * gap
    fig, ax0 = _layout(width, plot_h, caption, left=left, right=right, bottom=0.75)
    box = ax0.get_position()
    fig.delaxes(ax0)
    _, h_in = fig.get_size_inches()
    axes = []
    for j, kind in enumerate(kinds):
        top = box.y1 - j * (panel_h + gap) / h_in
        ax = fig.add_axes((box.x0, top - panel_h / h_in, box.width, panel_h / h_in),
                          sharex=axes[0] if axes else None)
        axes.append(ax)
        mine = [it for it in items if it["kind"] == kind]
        bottom = np.zeros(n_bins)
        for side in ("RU", "UA", "other"):
            counts = np.zeros(n_bins)
            for it in mine:
                if it["side"] == side:
                    counts[(int(math.floor(it["xc"])) - first) // bin_days] += 1
            if counts.any():
                ax.bar(edges[:-1], counts, width=bin_days * 0.85, bottom=bottom, align="edge",
                       color=SIDE_COLORS[side], lw=0, zorder=3)
                bottom += counts
        ax.set_ylim(0, max(1.0, bottom.max()) * 1.45)
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(3, integer=True))
        ax.set_ylabel(f"{KIND_LABELS[kind]}\n({len(mine)})", rotation=0, ha="right", va="center", fontsize=9.5)
        ax.grid(axis="y", color=GRID, zorder=0)
        ax.tick_params(axis="x", labelbottom=j == len(kinds) - 1)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_xlim(first - 0.5 * bin_days, edges[-1] + 0.5 * bin_days)
        top_items = sorted((it for it in mine if _size_of(it) > 0), key=lambda it: -_size_of(it))
        top_items = top_items[:TIMELINE_TOP_LABELS]
        if top_items:
            xs = [edges[(int(math.floor(it["xc"])) - first) // bin_days] + bin_days * 0.425 for it in top_items]
            ys = [bottom[(int(math.floor(it["xc"])) - first) // bin_days] for it in top_items]
            _place_labels(fig, ax, xs, ys, [it["label"] for it in top_items], [2.0] * len(top_items),
                          fontsize=7.5)
    locator = mdates.AutoDateLocator(maxticks=12)
    axes[-1].xaxis.set_major_locator(locator)
    axes[-1].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    w_in, _ = fig.get_size_inches()
    fig.legend(handles=_side_handles(sides_present), loc="upper left",
               bbox_to_anchor=(left / w_in, axes[-1].get_position().y0 - 0.4 / h_in), ncol=5, frameon=False,
               fontsize=8, handletextpad=0.3, columnspacing=1.2, borderaxespad=0)
    _decorate(fig, title, caption)
    return fig


# ------------------------------------------------------------------------------------------------
# Map


def _geom_path(geom) -> MplPath | None:
    polys = getattr(geom, "geoms", [geom])
    verts, codes = [], []
    for poly in polys:
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            if len(xy) < 3:
                continue
            verts.append(xy)
            codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY])
    return MplPath(np.concatenate(verts), codes) if verts else None


@dataclass
class MapFrame:
    """What the map shows: its view (lon_min, lon_max, lat_min, lat_max) and which rows fall where."""

    view: tuple[float, float, float, float]
    inside: list[int] = field(default_factory=list)  # row positions drawn on the map
    outside: list[int] = field(default_factory=list)  # rows with coordinates beyond the theatre
    not_placed: list[int] = field(default_factory=list)  # rows without coordinates


def _in_box(lon: float, lat: float, box) -> bool:
    return box[0] <= lon <= box[1] and box[2] <= lat <= box[3]


def map_frame(entries: pd.DataFrame) -> MapFrame:
    """Frame the theatre: the default view, stretched to take in points of the wider theatre region."""
    df = _frame(entries)
    lat, lon = _num(df, "lat"), _num(df, "lon")
    frame = MapFrame(THEATRE_VIEW)
    for i in range(len(df)):
        if pd.isna(lat.iat[i]) or pd.isna(lon.iat[i]) or not (-90 <= lat.iat[i] <= 90 and -180 <= lon.iat[i] <= 180):
            frame.not_placed.append(i)
        elif _in_box(lon.iat[i], lat.iat[i], THEATRE_REGION):
            frame.inside.append(i)
        else:
            frame.outside.append(i)
    if frame.inside:
        lo0, lo1, la0, la1 = THEATRE_VIEW
        xs, ys = lon.iloc[frame.inside], lat.iloc[frame.inside]
        frame.view = (min(lo0, xs.min() - 1.5), max(lo1, xs.max() + 1.5), min(la0, ys.min() - 1.0),
                      max(la1, ys.max() + 1.0))
    return frame


def _row_brief(row: dict, *, with_place: bool = True) -> str:
    kind = KIND_LABELS[_kind(row.get("kind"))].lower().rstrip("s")
    w = _when(row.get("date_start"), row.get("date_end"), row.get("time_precision"), row.get("date_text"))
    bits = []
    if with_place or _text(row.get("place")):
        place = _text(row.get("place")) or "?"
        country = _text(row.get("country"))
        bits.append(f"{place}, {country}" if country and country not in place else place)
    bits.append(kind)
    if w is not None:
        bits.append({"week": f"week of {w.day.day} {w.day:%b}", "month": f"{w.day:%b %Y}", "year": f"{w.day:%Y}"}
                    .get(w.precision, f"{w.day.day} {w.day:%b}"))
    figs = [f"{v} {n}" for n in ("killed", "injured", "launched", "intercepted") if (v := _count(row.get(n)))]
    if figs:
        bits.append(", ".join(figs))
    who = _text(row.get("claimant_label")) or _text(row.get("speaker")) or _text(row.get("actor"))
    if not with_place and who:
        bits.append(who)
    return " · ".join(bits)


def _wrap_segments(text: str, width: int, sep: str = " · ") -> str:
    """A bullet line wrapped at ``sep`` boundaries where possible (names stay whole)."""
    lines, cur = [], ""
    for seg in text.split(sep):
        cand = f"{cur}{sep}{seg}" if cur else seg
        if len(cand) <= width or not cur:
            cur = cand
        else:
            lines.append(cur + sep.rstrip())
            cur = seg
    lines.append(cur)
    out = []
    for line in lines:
        out.extend(textwrap.wrap(line, width + 8) or [""])
    return "\n".join(("• " if i == 0 else "   ") + line for i, line in enumerate(out))


def _side_list(title: str, lines: list[str], limit: int = 10) -> str:
    shown = lines[:limit]
    more = len(lines) - len(shown)
    body = "\n".join(_wrap_segments(_shorten(s, 90), 40) for s in shown)
    return f"{title}\n{body}" + (f"\n   … and {more} more" if more else "")


MAP_TOP_LABELS = 20  # a crowded map labels only this many places, the largest


def _times(label: str) -> int:
    m = re.search(r" ×(\d+)$", label)
    return int(m.group(1)) if m else 1


def plot_map(entries: pd.DataFrame) -> Figure:
    """Event points over offline country borders (and UA/RU admin-1 outlines), framed on the theatre.

    Points sized by killed + injured and coloured by acting side, one marker per place, side and kind, labelled
    without overlaps. Places beyond the theatre (e.g. Miami) and rows without coordinates are listed beside the
    map instead of zooming out.
    """
    title = "Map of events"
    df = _frame(entries)
    if df.empty:
        return nothing_to_show(title, "no events to place")
    df["claimant_label"] = _claimants(df)
    frame = map_frame(df)
    merged = _is_merged(df)
    rows = df.to_dict("records")
    srcs = _row_sources(df)

    groups, by_loc = _map_groups(df, frame, merged=merged)
    outside_lines = [_row_brief(rows[i]) for i in frame.outside]
    outside_lines = list(dict.fromkeys(outside_lines))
    not_placed_lines = list(dict.fromkeys(_row_brief(rows[i], with_place=False) for i in frame.not_placed))

    caption = _map_caption(frame, groups, by_loc, srcs, merged=merged)
    fig, ax, map_w = _map_axes(frame.view, caption)
    view_box = _draw_borders(ax, frame.view)
    obstacles_text = _area_labels(fig, ax, view_box, frame.view)
    _draw_markers(fig, ax, groups, obstacles_text)
    _map_side_panel(fig, ax, groups, frame, outside_lines, not_placed_lines, map_w=map_w)
    _decorate(fig, title, caption)
    return fig


def _map_caption(frame: MapFrame, groups: dict, by_loc: dict, srcs: list[set[str]], *, merged: bool) -> str:
    n_src = len(set().union(*srcs)) if srcs else 0
    caption = (f"{_plural(len(frame.inside), 'event')} at {_plural(len(by_loc), 'place')} on the map"
               + (f", {len(frame.outside)} beyond the theatre" if frame.outside else "")
               + (f", {len(frame.not_placed)} without coordinates" if frame.not_placed else "")
               + f"; from {_plural(n_src, 'source article')}. Marker area = killed + injured ("
               + ("added over the events at a place" if merged else "the highest single report at a place")
               + "), colour = acting side, shape = kind, ×n = n events at one place; dashed outline = placed at a "
               "region's centre only"
               + (f"; only the {MAP_TOP_LABELS} largest of {len(groups)} markers are named" if len(groups) >
                  MAP_TOP_LABELS else "")
               + ". " + BORDERS_CREDIT)
    return caption


def _map_axes(view: tuple[float, float, float, float], caption: str) -> tuple[Figure, plt.Axes, float]:
    """The map's figure and axes, sized to the view at its mid latitude, with a side panel; returns the map width."""
    lo0, lo1, la0, la1 = view
    mid_lat = (la0 + la1) / 2
    aspect = 1 / math.cos(math.radians(mid_lat))
    map_w = 7.6
    map_h = min(9.0, map_w * (la1 - la0) * aspect / (lo1 - lo0))
    side_w = 3.0
    width = 0.6 + map_w + 0.25 + side_w + 0.15
    fig, ax = _layout(width, map_h, caption, left=0.6, right=side_w + 0.4, top=0.55, bottom=0.3)
    ax.set_xlim(lo0, lo1)
    ax.set_ylim(la0, la1)
    ax.set_aspect(aspect, adjustable="box")
    ax.set_facecolor("#dde9f2")
    for s in ax.spines.values():
        s.set_visible(True)
        s.set_color("#888888")
    ax.tick_params(labelsize=7, colors="#777777", length=2)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:.0f}°E"))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:.0f}°N"))

    return fig, ax, map_w


def _map_groups(df: pd.DataFrame, frame: MapFrame, *, merged: bool) -> tuple[dict[tuple, dict], dict]:
    """One marker per (location, side, kind) of the rows inside the frame, with their casualties (added over merged
    timeline entries, the highest single report over plain events), place name and whether every row is placed at a
    region's centre only; markers sharing a spot are spread on a small ring. Returns (groups, keys by location)."""
    rows = df.to_dict("records")
    lat, lon = _num(df, "lat"), _num(df, "lon")
    sides = _sides(df)
    casualties = _casualty_total(df)
    geo_prec = _num(df, "geo_precision")
    groups: dict[tuple, dict] = {}
    for i in frame.inside:
        key = (round(float(lat.iat[i]), 3), round(float(lon.iat[i]), 3), sides[i], _kind(rows[i].get("kind")))
        g = groups.setdefault(key, {"rows": [], "cas": 0.0, "place": None, "approx": True})
        g["rows"].append(i)
        # merged timeline entries are distinct events: add; plain events may repeat one incident: take the max
        g["cas"] = g["cas"] + float(casualties.iat[i]) if merged else max(g["cas"], float(casualties.iat[i]))
        g["place"] = g["place"] or _text(rows[i].get("place")) or _text(rows[i].get("admin1"))
        g["approx"] = g["approx"] and (not pd.isna(geo_prec.iat[i]) and geo_prec.iat[i] >= 3)
    by_loc: dict[tuple, list[tuple]] = {}
    for key in groups:
        by_loc.setdefault(key[:2], []).append(key)
    for keys in by_loc.values():  # markers of different sides/kinds at one spot: spread on a small ring
        for j, key in enumerate(keys):
            ang = 2 * math.pi * j / len(keys)
            r = 0.0 if len(keys) == 1 else 0.28
            groups[key]["xy"] = (key[1] + r * math.cos(ang) * 1.5, key[0] + r * math.sin(ang))

    return groups, by_loc


def _draw_borders(ax: plt.Axes, view: tuple[float, float, float, float]):
    """Countries (filled), admin-1 outlines and country outlines within ``view``; returns the view as a box."""
    lo0, lo1, la0, la1 = view
    try:
        borders = load_borders()
    except (OSError, ValueError):
        borders = ()
    from shapely.geometry import box as shp_box

    view_box = shp_box(lo0, la0, lo1, la1)
    for b in borders:
        if b["level"] != 0 or not b["geometry"].intersects(view_box):
            continue
        path = _geom_path(b["geometry"])
        if path is None:
            continue
        fc = "#f7f5ef" if b["iso_a2"] in ("UA", "RU") else "#ecebe6"
        ax.add_patch(PathPatch(path, facecolor=fc, edgecolor="none", zorder=1))
    for b in borders:
        if b["level"] != 1 or not b["geometry"].intersects(view_box):
            continue
        path = _geom_path(b["geometry"])
        if path is not None:
            ax.add_patch(PathPatch(path, facecolor="none", edgecolor="#c4c0b6", lw=0.35, zorder=1.5))
    for b in borders:
        if b["level"] != 0 or not b["geometry"].intersects(view_box):
            continue
        path = _geom_path(b["geometry"])
        if path is not None:
            ax.add_patch(PathPatch(path, facecolor="none", edgecolor="#8a8a8a", lw=0.8, zorder=2))
    return view_box


def _area_labels(fig: Figure, ax: plt.Axes, view_box, view: tuple[float, float, float, float]) -> list:
    """Country and sea names (:data:`sitrep.charts.borders.MAP_LABELS`) where they fit inside the frame; returns their
    boxes, for the place labels to avoid."""
    lo0, lo1, la0, la1 = view
    try:
        borders = load_borders()
    except (OSError, ValueError):
        borders = ()
    obstacles_text = []
    ax.apply_aspect()
    renderer = fig.canvas.get_renderer()
    axbox = ax.get_window_extent(renderer)
    country_names = MAP_LABELS["countries"]
    for b in borders:
        if b["level"] != 0 or b["iso_a2"] not in country_names:
            continue
        visible = b["geometry"].intersection(view_box)
        if visible.is_empty or visible.area < 1.5:
            continue
        lx, ly = b["label"]
        if lx is None or not _in_box(lx, ly, (lo0 + 1, lo1 - 1, la0 + 0.6, la1 - 0.6)) \
                or not visible.buffer(0.05).contains(_shapely_point(lx, ly)):
            p = visible.representative_point() if b["iso_a2"] not in ("UA", "RU") else _big_part(visible).centroid
            lx, ly = p.x, p.y
        moved = MAP_LABELS["placed"].get(b["iso_a2"])  # e.g. Russia's name away from where the events cluster
        if moved and _in_box(*moved["when_in_view"], (lo0, lo1, la0, la1)):
            lx, ly = moved["at"]
        size = 10 if b["iso_a2"] in ("UA", "RU") else 7
        t = ax.text(lx, ly, country_names[b["iso_a2"]], ha="center", va="center", fontsize=size, color="#9a958a",
                    fontweight="bold" if size > 7 else "normal", zorder=2.5, clip_on=True)
        box = t.get_window_extent(renderer)
        if not (axbox.x0 <= box.x0 and box.x1 <= axbox.x1 and axbox.y0 <= box.y0 and box.y1 <= axbox.y1):
            t.remove()  # a name cut by the frame reads worse than none
            continue
        obstacles_text.append(box)
    for sea in MAP_LABELS["seas"]:
        x, y = sea["at"]
        if _in_box(x, y, (lo0 + 0.5, lo1 - 0.5, la0 + 0.3, la1 - 0.3)):
            t = ax.text(x, y, sea["name"], ha="center", va="center", fontsize=sea["size"], style="italic",
                        color="#6f8ea8", zorder=2.5)
            obstacles_text.append(t.get_window_extent(renderer))

    return obstacles_text


def _draw_markers(fig: Figure, ax: plt.Axes, groups: dict[tuple, dict], obstacles: list) -> None:
    """The markers, largest first (small ones on top), and the labels of the largest places."""
    xs, ys, radii, labels = [], [], [], []
    for key, g in sorted(groups.items(), key=lambda kv: -kv[1]["cas"]):
        side, kind = key[2], key[3]
        color = SIDE_COLORS[side]
        area = _map_area(g["cas"])
        x, y = g["xy"]
        ax.scatter([x], [y], s=area, marker=KIND_MARKERS[kind], facecolor=color, alpha=0.55 if g["approx"] else 0.9,
                   edgecolor=color if g["approx"] else "white", linewidth=1.3,
                   linestyle=(0, (2, 1.5)) if g["approx"] else "solid", zorder=4 + 0.5 / (1 + g["cas"]))
        n = len(g["rows"])
        xs.append(x)
        ys.append(y)
        radii.append(math.sqrt(area) / 2 + 1)
        labels.append((g["place"] or "?") + (f" ×{n}" if n > 1 else ""))
    # Crowded maps label only the largest places (by casualties, then events); every marker is still drawn.
    ranked = sorted(range(len(labels)), key=lambda j: (-radii[j], -_times(labels[j]), j))[:MAP_TOP_LABELS]
    ranked.sort()
    _place_labels(fig, ax, [xs[j] for j in ranked], [ys[j] for j in ranked], [labels[j] for j in ranked],
                  [radii[j] for j in ranked], obstacles=obstacles)



def _map_side_panel(fig: Figure, ax: plt.Axes, groups: dict[tuple, dict], frame: MapFrame, outside_lines: list[str],
                    not_placed_lines: list[str], *, map_w: float) -> None:
    """Beside the map: the legend, then what is outside the map or not placed."""
    kinds_present = sorted({k[3] for k in groups}, key=lambda k: list(KIND_COLORS).index(k))
    handles = _side_handles({k[2] for k in groups})
    handles += [Line2D([], [], ls="", marker=KIND_MARKERS[k], markersize=7, markerfacecolor="#999999",
                       markeredgecolor="white", label=KIND_LABELS[k].lower()) for k in kinds_present]
    handles += _size_legend_handles((3, 20), area=_map_area) if any(g["cas"] > 0 for g in groups.values()) else []
    if any(g["approx"] for g in groups.values()):
        handles.append(Line2D([], [], ls="", marker="o", markersize=7, markerfacecolor="#bbbbbb",
                              markeredgecolor="#888888", markeredgewidth=1.2, label="region centre (approx.)"))
    w_in, h_in = fig.get_size_inches()
    panel_x = (0.6 + map_w + 0.35) / w_in
    ax_top = ax.get_position().y1
    if handles:
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(panel_x - 0.01, ax_top + 0.01), frameon=False,
                   fontsize=8, handletextpad=0.4, labelspacing=0.7, borderaxespad=0.0, title="Legend",
                   title_fontproperties={"weight": "bold", "size": 8.5}, alignment="left")
    blocks = []
    listed = 5 if outside_lines and not_placed_lines else 10  # both lists must fit under the legend
    if outside_lines:
        blocks.append(_side_list(f"Outside the map ({len(frame.outside)})", outside_lines, listed))
    if not_placed_lines:
        blocks.append(_side_list(f"Not placed — no coordinates ({len(frame.not_placed)})", not_placed_lines,
                                 listed))
    if not frame.inside:
        blocks.insert(0, "No event falls inside the theatre frame.")
    if blocks:
        fig.text(panel_x, ax.get_position().y0, "\n\n".join(blocks), ha="left", va="bottom", fontsize=7.5,
                 color=INK, linespacing=1.4, gid="outside-list",
                 bbox={"boxstyle": "round,pad=0.5", "fc": "#fafafa", "ec": "#dddddd"})


def _shapely_point(x: float, y: float):
    from shapely.geometry import Point

    return Point(x, y)


def _big_part(geom):
    parts = getattr(geom, "geoms", [geom])
    return max(parts, key=lambda g: g.area)


# ------------------------------------------------------------------------------------------------
# Claims: launched vs intercepted per night and claimant


def plot_claims(events_or_entries: pd.DataFrame) -> Figure:
    """Weapons launched vs intercepted per night and per claimant: grouped bars, competing figures side by side.

    One cluster per (night, claimant, whose weapons, weapon type); a claimant repeating a figure in several
    reports is shown once (the highest figure), and different claimants are never added together.
    """
    title = "Launched vs intercepted, by claimant"
    df = _frame(events_or_entries)
    if df.empty:
        return nothing_to_show(title, "no events")
    launched, intercepted = _num(df, "launched"), _num(df, "intercepted")
    mask = launched.notna() | intercepted.notna()
    if not mask.any():
        return nothing_to_show(title, "no launched or intercepted figures", data=df)
    d = df[mask].reset_index(drop=True)
    d["claimant_label"] = [c or "unattributed" for c in _claimants(d)]
    whens = _whens(d)
    d["_day"] = [w.day if w is not None else None for w in whens]
    d["_night"] = [w is not None and (w.part == "NI" or w.precision == "day") for w in whens]
    sides = _sides(d)
    adjective = {"RU": "Russian ", "UA": "Ukrainian ", "other": ""}
    d["_what"] = [f"{adjective[side]}{_text(weapon) or 'weapon'}s".strip()
                  for side, weapon in zip(sides, _col(d, "weapon"), strict=True)]
    d["_launched"], d["_intercepted"] = _num(d, "launched"), _num(d, "intercepted")
    d["_src"] = _row_sources(d)
    undated = int(d["_day"].isna().sum())
    d = d[d["_day"].notna()]
    if d.empty:
        return nothing_to_show(title, "no dated launched/intercepted figures", data=df)

    clusters = []
    for (day, claimant, what), g in d.groupby(["_day", "claimant_label", "_what"], sort=True):
        clusters.append({"day": day, "claimant": claimant, "what": what,
                         "launched": g["_launched"].max(), "intercepted": g["_intercepted"].max(),
                         "night": bool(g["_night"].all()), "reports": len(g)})
    days = sorted({c["day"] for c in clusters})
    claimant_names = sorted({c["claimant"] for c in clusters})
    shades = {"RU": ["#c0392b", "#e07b6f", "#8e2a20"], "UA": ["#2471a3", "#6fa8d6", "#184f73"],
              "other": ["#7f8c8d", "#b3b6b7", "#4d5656", "#a08c6c"]}
    used = {"RU": 0, "UA": 0, "other": 0}
    colors = {}
    for name in claimant_names:
        side = _side_of(None, name)
        colors[name] = shades[side][used[side] % len(shades[side])]
        used[side] += 1

    n_src = len(set().union(*d["_src"]))
    repeated = sum(c["reports"] > 1 for c in clusters)
    caption = (f"{_plural(len(d), 'figure')} from {_plural(n_src, 'source article')}, grouped by the date the "
               "night began (a night runs into the next morning). Solid bar = launched, hatched bar = intercepted, "
               "n/a = not given by that claimant; each claimant's figures stand side by side and are never summed "
               "across claimants."
               + (f" Where a claimant repeats a figure across reports, the highest is shown ({repeated} case"
                  f"{'s' if repeated != 1 else ''})." if repeated else "")
               + (f" {undated} undated figure(s) not shown." if undated else ""))
    if len(clusters) > 12:
        return _plot_claims_compact(clusters, days, caption, title)
    bar_w, gap_c, gap_d = 0.4, 0.45, 0.8
    legend_w = 2.3
    width = max(7.5, min(14.0, 1.1 + legend_w + len(clusters) * 1.35 + len(days) * 0.3))
    fig, ax = _layout(width, 3.4, caption, left=0.8, right=legend_w, bottom=1.05)
    x = 0.0
    centres, day_spans = [], []
    ymax = max([v for c in clusters for v in (c["launched"], c["intercepted"]) if not pd.isna(v)] + [1])
    for day in days:
        first = x
        for c in [c for c in clusters if c["day"] == day]:
            color = colors[c["claimant"]]
            for j, fig_name in enumerate(("launched", "intercepted")):
                v = c[fig_name]
                xb = x + j * bar_w
                if pd.isna(v):
                    ax.text(xb, ymax * 0.015, "n/a", ha="center", va="bottom", fontsize=7, color="#999999")
                    continue
                ax.bar(xb, v, width=bar_w * 0.92, color=color if j == 0 else "white", edgecolor=color,
                       hatch="////" if j == 1 else None, lw=1.2, zorder=3)
                ax.text(xb, v + ymax * 0.015, f"{int(v)}", ha="center", va="bottom", fontsize=8, color=INK)
            centres.append((x + bar_w / 2, c))
            x += 2 * bar_w + gap_c
        day_spans.append((first - bar_w / 2, x - gap_c - bar_w / 2, day,
                          all(c["night"] for c in clusters if c["day"] == day)))
        x += gap_d
    ax.set_xlim(-bar_w / 2 - 0.35, x - gap_d - gap_c - bar_w / 2 + 0.35)
    ax.set_ylim(0, ymax * 1.12)
    ax.set_ylabel("weapons (drones, missiles)")
    ax.grid(axis="y", color=GRID, zorder=0)
    ax.set_xticks([xc for xc, _ in centres])
    ax.set_xticklabels([textwrap.fill(_shorten(c["claimant"], 40), 21) + "\n" + f"on {c['what']}"
                        for _, c in centres], fontsize=7.5, linespacing=1.1)
    ax.tick_params(axis="x", length=0)
    for x0, x1, day, night in day_spans:
        ax.annotate(_night_label(day) if night else _day_label(day), ((x0 + x1) / 2, 0), xytext=(0, -50),
                    textcoords="offset points", xycoords=("data", "axes fraction"), ha="center", va="top",
                    fontsize=8.5, fontweight="bold", color=INK)
        if len(days) > 1:
            below = offset_copy(ax.get_xaxis_transform(), fig=fig, y=-46, units="points")
            ax.plot([x0, x1], [0, 0], transform=below, color="#999999", lw=0.8, clip_on=False)
    handles = [Patch(facecolor=colors[n], edgecolor=colors[n], label=textwrap.fill(n, 26)) for n in claimant_names]
    handles += [Patch(facecolor="#777777", edgecolor="#777777", label="launched"),
                Patch(facecolor="white", edgecolor="#777777", hatch="////", label="intercepted")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8,
              title="Claimant", title_fontproperties={"weight": "bold", "size": 8.5}, alignment="left")
    _decorate(fig, title, caption)
    return fig


def _plot_claims_compact(clusters: list[dict], days: list, caption: str, title: str) -> Figure:
    """Many nights: one slot per night, one pair of thin bars (launched, intercepted) per claimant series."""
    series = sorted({(c["claimant"], c["what"]) for c in clusters})
    shades = {"RU": ["#c0392b", "#e07b6f", "#8e2a20", "#f1a99b"], "UA": ["#2471a3", "#6fa8d6", "#184f73", "#a9cce3"],
              "other": ["#7f8c8d", "#b3b6b7", "#4d5656", "#a08c6c"]}
    used = {"RU": 0, "UA": 0, "other": 0}
    colors = {}
    for key in series:
        side = _side_of(None, key[0])
        colors[key] = shades[side][used[side] % len(shades[side])]
        used[side] += 1
    caption = caption.replace(", n/a = not given by that claimant", "")
    legend_w = 2.6
    width = max(8.0, min(16.0, 1.1 + legend_w + len(days) * (0.12 + 0.1 * len(series))))
    fig, ax = _layout(width, 3.6, caption, left=0.8, right=legend_w, bottom=0.95)
    slot = 0.84 / len(series)
    index = {day: i for i, day in enumerate(days)}
    for c in clusters:
        j = series.index((c["claimant"], c["what"]))
        x = index[c["day"]] - 0.42 + j * slot
        color = colors[(c["claimant"], c["what"])]
        if not pd.isna(c["launched"]):
            ax.bar(x + slot * 0.25, c["launched"], width=slot * 0.46, color=color, lw=0, zorder=3)
        if not pd.isna(c["intercepted"]):
            ax.bar(x + slot * 0.73, c["intercepted"], width=slot * 0.46, color="white", edgecolor=color,
                   hatch="////", lw=0.8, zorder=3)
    step = max(1, math.ceil(len(days) / 40))
    ax.set_xticks(range(0, len(days), step))
    ax.set_xticklabels([f"{d.day} {d:%b}" for d in days[::step]], rotation=90, fontsize=7.5)
    ax.set_xlim(-0.6, len(days) - 0.4)
    ax.set_xlabel("date the night began (nights with figures only)")
    ax.set_ylabel("weapons (drones, missiles)")
    ax.grid(axis="y", color=GRID, zorder=0)
    handles = [Patch(facecolor=colors[k], edgecolor=colors[k], label=textwrap.fill(f"{k[0]}: {k[1]}", 30))
               for k in series]
    handles += [Patch(facecolor="#777777", edgecolor="#777777", label="launched"),
                Patch(facecolor="white", edgecolor="#777777", hatch="////", label="intercepted")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=7.5,
              title="Claimant: whose weapons", title_fontproperties={"weight": "bold", "size": 8}, alignment="left")
    _decorate(fig, title, caption)
    return fig


# ------------------------------------------------------------------------------------------------
# Casualties by region and day


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
    caption = (f"{_plural(len(d), 'figure')} from {_plural(n_src, 'source article')}, one bar per region and day. "
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

    notes = [note(r) for _, r in agg.iterrows()]
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
    for _, r in agg.iterrows():
        day = "date unknown" if r["day_key"] == "9999" else _day_label(date.fromisoformat(r["day_key"]))
        labels.append(f"{_shorten(r['region'], 28)}\n{day}")
    ax.set_yticks(ys)
    ax.set_yticklabels(labels, fontsize=8.5)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, xmax)
    ax.set_xlabel("people")
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.grid(axis="x", color=GRID, zorder=0)
    ax.tick_params(axis="y", length=0)
    prev = None
    for y, key in zip(ys, agg["day_key"], strict=True):
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


# ------------------------------------------------------------------------------------------------
# Network: who struck where, who met whom


_SIDE_ACTOR = words.SIDE_NAMES


def plot_network(events: pd.DataFrame) -> Figure:
    """Actor-event network: actors -> places they struck (attacks; dashed = intercepted over), people -> the
    meetings they attended (who met whom). Left column: actors and people; right column: places and meetings."""
    import networkx as nx

    title = "Who struck where, who met whom"
    df = _frame(events)
    if df.empty:
        return nothing_to_show(title, "no events")
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
    if g.number_of_edges() == 0:
        return nothing_to_show(title, "no attacks with an actor and a place, no meetings with participants", data=df)

    left = [n for n in g.nodes if g.nodes[n]["type"] in ("actor", "person")]
    right = [n for n in g.nodes if g.nodes[n]["type"] in ("place", "meeting")]
    # Order: actors first (by number of targets), then people grouped by meeting; right side by barycentre.
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
    n_src = _n_sources(df.iloc[used_rows]) if used_rows else 0
    caption = (f"{_plural(len(set(used_rows)), 'event')} from {_plural(n_src, 'source article')}. Left: acting sides "
               "and people; right: places and meetings. Solid arrow = attack on a place (width = number of events), "
               "dashed = weapons intercepted over a place; grey lines join the people who met.")
    fig, ax = _layout(9.0, max(2.0, 0.42 * rows_n + 0.4), caption, left=2.3, right=2.6, bottom=0.25)
    ax.set_axis_off()
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.7, rows_n - 0.3)
    for u, v, data in g.edges(data=True):
        color = SIDE_COLORS.get(data["side"], "#9e9e9e") if data["side"] != "meeting" else "#9e9e9e"
        (x0, y0), (x1, y1) = pos[u], pos[v]
        ax.annotate("", (x1, y1), (x0, y0), arrowprops={
            "arrowstyle": "-|>" if data["side"] != "meeting" else "-", "color": color, "lw": 0.9 + 0.9 * data["count"],
            "ls": "--" if data["style"] == "dashed" else "-", "shrinkA": 7, "shrinkB": 7, "alpha": 0.8,
            "mutation_scale": 12, "connectionstyle": "arc3,rad=0.0"}, zorder=2)
        if data["count"] > 1:
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
    _decorate(fig, title, caption)
    return fig


# ------------------------------------------------------------------------------------------------
# Kept from the first version (now in the common style)


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
