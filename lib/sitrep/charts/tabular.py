"""Tidy-table helpers shared by the charts: tolerant of missing columns, nulls, lists stored as arrays or
JSON strings; sources, sides, claimants, casualty totals, marker sizes; :func:`nothing_to_show`."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sitrep.charts.style import KIND_COLORS, SIDE_COLORS, SIDE_NAMES, _decorate, _layout


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
    if isinstance(value, str):  # most cells: no pandas call
        return False
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
    ids = [None if _is_null(v) else str(v) for v in _col(df, "article_id").tolist()]
    if "sources" not in df.columns:
        return [{a} if a is not None else set() for a in ids]
    out = []
    for many, one in zip(df["sources"].tolist(), ids, strict=True):
        keys = {_source_key(x) for x in _items(many)}
        if not keys and one is not None:
            keys = {one}
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
    if isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_):  # the common cells: no Series
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else int(value)
    if value is None:
        return None
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
