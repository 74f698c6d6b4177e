"""When: date_start / date_end / precision / part of day -> a span on the time axis."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd

from sitrep.charts.tabular import _col, _text
from sitrep.timex import NIGHT_PATTERN, parse_value

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
