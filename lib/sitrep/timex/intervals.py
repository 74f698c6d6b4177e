"""Values and intervals: the DCT, ``Normalized``, calendar units as ``[start, end)`` intervals, day and clock
resolution, :func:`parse_value` (a TIMEX3 value back to its interval) and ACLED precision."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from sitrep.timex.grammar import DAYNUM, MON, WD, WD_ABBR, YEAR, _Ctx, _month, _weekday, _year4
from sitrep.timex.lexicon import _HOLIDAYS, _PART_HOURS, _SEASON_START

#: Precision labels, finest first: ``minute`` for clock times; ``quarter`` also covers seasons.
PRECISIONS = ("minute", "part_of_day", "day", "week", "month", "quarter", "year", "decade", "century")


class Normalized(NamedTuple):
    """The normalization of one time expression (the parts of a ``TimeExpression`` that are not span)."""

    type: str  # DATE, TIME, DURATION, SET
    value: str
    interval_start: dt.datetime | None
    interval_end: dt.datetime | None
    precision: str | None


# --------------------------------------------------------------------------------------------------
# Document creation time


def parse_published(published: dt.date | dt.datetime | str) -> dt.datetime:
    """The DCT as a naive datetime in the publication's own wall time (a bare date becomes midnight)."""
    if isinstance(published, dt.datetime):
        return published.replace(tzinfo=None)
    if isinstance(published, dt.date):
        return dt.datetime.combine(published, dt.time())
    if isinstance(published, str):
        s = published.strip()
        if s.endswith("Z"):
            s = s[:-1] + "+00:00"
        try:
            return dt.datetime.fromisoformat(s).replace(tzinfo=None)
        except ValueError:
            pass
        try:
            return dt.datetime.combine(dt.date.fromisoformat(s[:10]), dt.time())
        except ValueError:
            pass
    raise ValueError(f"unusable publication date: {published!r}")


# --------------------------------------------------------------------------------------------------
# Interval helpers

_DAY = dt.timedelta(days=1)


def _at(d: dt.date, hour: float = 0) -> dt.datetime:
    return dt.datetime.combine(d, dt.time()) + dt.timedelta(hours=hour)


def _month_start(y: int, m: int) -> dt.datetime:
    y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    return dt.datetime(y, m, 1)


def _add_months(d: dt.date, n: int) -> dt.date:
    m0 = d.month - 1 + n
    y, m = d.year + m0 // 12, m0 % 12 + 1
    last = (_month_start(y, m + 1) - _DAY).day
    return dt.date(y, m, min(d.day, last))


def _iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _narrow(start: dt.datetime, end: dt.datetime, mod: str | None) -> tuple[dt.datetime, dt.datetime]:
    """Narrow an interval to its first (START), middle (MID) or last (END) third.

    Periods of three months or more are cut at month boundaries ("late 2023" = September-December),
    shorter ones at whole days when they last three days or more.
    """
    if mod not in ("START", "MID", "END"):
        return start, end
    months = (end.year - start.year) * 12 + end.month - start.month
    if start.day == end.day == 1 and start.time() == end.time() == dt.time() and months >= 3:
        k = round(months / 3)
        a, b = _month_start(start.year, start.month + k), _month_start(start.year, start.month + months - k)
    else:
        span = end - start
        k = dt.timedelta(days=round(span.days / 3)) if span.days >= 3 else span / 3
        a, b = start + k, end - k
    return {"START": (start, a), "MID": (a, b), "END": (b, end)}[mod]


def _day_norm(d: dt.date, mod: str | None = None) -> Normalized:
    s, e = _at(d), _at(d + _DAY)
    if mod == "START":
        e = _at(d, 12)
    elif mod == "END":
        s = _at(d, 12)
    return Normalized("DATE", d.isoformat(), s, e, "day")


def _pod_norm(d: dt.date, code: str) -> Normalized:
    h0, h1 = _PART_HOURS[code]
    return Normalized("TIME", f"{d.isoformat()}T{code}", _at(d, h0), _at(d, h1), "part_of_day")


def _week_norm(d: dt.date, weekend: bool = False, mod: str | None = None) -> Normalized:
    monday = d - dt.timedelta(days=d.weekday())
    if weekend:
        return Normalized(
            "DATE", _iso_week(d) + "-WE", _at(monday + 5 * _DAY), _at(monday + 7 * _DAY), "week"
        )
    s, e = _narrow(_at(monday), _at(monday + 7 * _DAY), mod)
    return Normalized("DATE", _iso_week(d), s, e, "week")


def _month_norm(y: int, m: int, mod: str | None = None) -> Normalized:
    s, e = _narrow(_month_start(y, m), _month_start(y, m + 1), mod)
    return Normalized("DATE", f"{y:04d}-{m:02d}", s, e, "month")


def _quarter_norm(y: int, q: int, mod: str | None = None) -> Normalized:
    s, e = _narrow(_month_start(y, 3 * q - 2), _month_start(y, 3 * q + 1), mod)
    return Normalized("DATE", f"{y:04d}-Q{q}", s, e, "quarter")


def _half_norm(y: int, h: int) -> Normalized:
    return Normalized("DATE", f"{y:04d}-H{h}", _month_start(y, 6 * h - 5), _month_start(y, 6 * h + 1), "year")


def _season_norm(y: int, code: str, mod: str | None = None) -> Normalized:
    m = _SEASON_START[code]
    s, e = _narrow(_month_start(y, m), _month_start(y, m + 3), mod)
    return Normalized("DATE", f"{y:04d}-{code}", s, e, "quarter")


def _year_norm(y: int, mod: str | None = None) -> Normalized:
    s, e = _narrow(dt.datetime(y, 1, 1), dt.datetime(y + 1, 1, 1), mod)
    return Normalized("DATE", f"{y:04d}", s, e, "year")


def _decade_norm(dec: int, mod: str | None = None) -> Normalized:
    s, e = _narrow(dt.datetime(max(dec * 10, 1), 1, 1), dt.datetime(dec * 10 + 10, 1, 1), mod)
    return Normalized("DATE", f"{dec:03d}", s, e, "decade")


def _century_norm(c: int, mod: str | None = None) -> Normalized:
    s, e = _narrow(dt.datetime(max(c * 100, 1), 1, 1), dt.datetime(c * 100 + 100, 1, 1), mod)
    return Normalized("DATE", f"{c:02d}", s, e, "century")


def _ref(value: str) -> Normalized:
    return Normalized("DATE", value, None, None, None)


def _pick(make: Callable[[int], Normalized], candidates: Iterable[int], ctx: _Ctx) -> Normalized:
    """Choose among candidate readings (e.g. years or week offsets) by the tense of the clause."""
    opts = [make(c) for c in candidates]
    now0, now1 = _at(ctx.day), _at(ctx.day + _DAY)
    if ctx.tense == "past":
        ok = [o for o in opts if o.interval_start < now1]
        if ok:
            return max(ok, key=lambda o: o.interval_start)
    elif ctx.tense == "future":
        ok = [o for o in opts if o.interval_end > now0]
        if ok:
            return min(ok, key=lambda o: o.interval_start)

    def cost(o: Normalized) -> float:
        if o.interval_start < now1 and o.interval_end > now0:
            return 0.0
        if o.interval_end <= now0:
            return (now0 - o.interval_end).total_seconds()
        return 2 * (o.interval_start - now1).total_seconds()  # news: prefer the past

    return min(opts, key=cost)


# --------------------------------------------------------------------------------------------------
# Day-level resolution (shared by several rules)


def _resolve_weekday(wd: int, rel: str | None, ctx: _Ctx) -> dt.date:
    d = ctx.day
    back = d - dt.timedelta(days=(d.weekday() - wd) % 7)
    fwd = d + dt.timedelta(days=(wd - d.weekday()) % 7)
    rel = (rel or "").lower().split()
    if rel and rel[-1] in {"last", "past", "previous"}:
        return back if back != d else d - 7 * _DAY
    if rel and rel[-1] in {"next", "coming", "following"}:
        return fwd if fwd != d else d + 7 * _DAY
    if back == d:
        return d
    if rel == ["this"]:
        return d - dt.timedelta(days=d.weekday() - wd)
    return _pick(lambda k: _day_norm(back if k == 0 else fwd), (0, 1), ctx).interval_start.date()


def _valid(y: int, mo: int, day: int) -> bool:
    try:
        dt.date(y, mo, day)
    except ValueError:
        return False
    return True


def _resolve_day(s: str, ctx: _Ctx) -> dt.date | None:
    """Resolve a text matching ``DAY`` to a calendar date."""
    s = re.sub(r"\s+", " ", s.lower().strip())
    d = ctx.day
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", s):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d\d)", s):
        a, b, y = int(m[1]), int(m[2]), _year4(m[3], ctx)
        mo, da = (a, b) if a <= 12 else (b, a)  # US month/day unless impossible
        try:
            return dt.date(y, mo, da)
        except ValueError:
            return None
    if m := re.fullmatch(
        rf"(?:({WD}|{WD_ABBR}),? )?(?:the )?({DAYNUM})(?: of)? ({MON})(?:,? ({YEAR}))?", s
    ) or re.fullmatch(rf"(?:({WD}|{WD_ABBR}),? )?({MON}) ({DAYNUM})(?:,? ?({YEAR}))?", s):
        wd_s, *g = m.groups()
        dnum, mon = (g[0], g[1]) if g[0][0].isdigit() else (g[1], g[0])
        day, mo = int(re.match(r"\d+", dnum)[0]), _month(mon)
        if g[2]:
            try:
                return dt.date(int(g[2]), mo, day)
            except ValueError:
                return None

        def make(y: int) -> Normalized:
            try:
                return _day_norm(dt.date(y, mo, day))
            except ValueError:  # 29 February
                return _day_norm(dt.date(y, mo, 28))

        try:
            dt.date(2000, mo, day)
        except ValueError:
            return None
        years: tuple[int, ...] = (d.year - 1, d.year, d.year + 1)
        if wd_s:  # "Monday, Dec. 2": the year in which that date is a Monday
            wd = _weekday(wd_s)
            fitting = tuple(y for y in years if _valid(y, mo, day) and dt.date(y, mo, day).weekday() == wd)
            years = fitting or years
        return _pick(make, years, ctx).interval_start.date()
    if s in {"today", "tonight"}:
        return d
    if s == "yesterday":
        return d - _DAY
    if s == "tomorrow":
        return d + _DAY
    if s == "the day before yesterday":
        return d - 2 * _DAY
    if s == "the day after tomorrow":
        return d + 2 * _DAY
    if m := re.fullmatch(
        rf"(?:(this past|this coming|last|next|this|coming|past|previous|following) )?({WD}|{WD_ABBR})", s
    ):
        return _resolve_weekday(_weekday(m[2]), m[1], ctx)
    if re.fullmatch(r"(?:the )?(?:same )?day|that (?:same )?day", s):
        return ctx.ref_day
    if re.fullmatch(
        r"(?:the )?(?:previous|preceding|prior) day|the day (?:before|earlier|prior)"
        r"|a day (?:earlier|before)",
        s,
    ):
        return ctx.ref_day - _DAY
    if re.fullmatch(r"(?:the )?(?:next|following) day|the day after|a day (?:later|after)", s):
        return ctx.ref_day + _DAY
    key = s.replace("’", "'").replace("years'", "year's").replace("years ", "year's ")
    if key in _HOLIDAYS:
        mo, da = _HOLIDAYS[key]
        return _pick(
            lambda y: _day_norm(dt.date(y, mo, da)), (d.year - 1, d.year, d.year + 1), ctx
        ).interval_start.date()
    return None


# --------------------------------------------------------------------------------------------------
# Clock times


def _clock(s: str) -> tuple[int, int] | None:
    s = s.lower().strip()
    if s in {"noon", "midday"}:
        return 12, 0
    if s == "midnight":
        return 0, 0
    m = re.fullmatch(r"(\d{1,2})(?:[:.](\d\d))?\s*(?:([ap])\.?\s?m\.?|o'clock)?", s) or re.fullmatch(
        r"(\d\d)(\d\d)(?:\s+(?:hours|hrs))?", s
    )
    if not m:
        return None
    h, mi = int(m[1]), int(m[2] or 0)
    ampm = m[3] if m.re.groups >= 3 else None
    if ampm == "p" and h < 12:
        h += 12
    elif ampm == "a" and h == 12:
        h = 0
    if h > 23 or mi > 59:
        return None
    return h, mi


def _time_norm(day: dt.date, clock: str, tz: str | None) -> Normalized | None:
    hm = _clock(clock)
    if hm is None:
        return None
    h, mi = hm
    z = "Z" if tz and re.search(r"utc|gmt|zulu|\bz\b", tz.lower()) and not re.search(r"[+-]\s*\d", tz) else ""
    start = _at(day) + dt.timedelta(hours=h, minutes=mi)
    return Normalized(
        "TIME", f"{day.isoformat()}T{h:02d}:{mi:02d}{z}", start, start + dt.timedelta(minutes=1), "minute"
    )


# --------------------------------------------------------------------------------------------------
# ACLED


def acled_time_precision(precision: str | None) -> int:
    """ACLED ``time_precision``: 1 = the day (or finer) is known, 2 = within a week or a few days,
    3 = a month or coarser (also when nothing is known)."""
    if precision in ("minute", "hour", "part_of_day", "day"):
        return 1
    if precision == "week":
        return 2
    return 3


# --------------------------------------------------------------------------------------------------
# Values back to intervals

_VALUE = re.compile(
    r"(?P<y>\d{4})(?:-(?:(?P<mo>\d\d)(?:-(?P<d>\d\d)(?:[T ](?:(?P<h>\d\d):(?P<mi>\d\d)(?::\d\d(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d\d:?\d\d)?|(?P<part>MO|MI|AF|EV|NI|DT)))?)?"
    r"|W(?P<w>\d\d)(?P<we>-WE)?|Q(?P<q>[1-4])|H(?P<half>[12])|(?P<season>SP|SU|FA|WI)))?"
    r"|(?P<dec>\d{3})|(?P<cent>\d\d)"
)


def parse_value(value: str | None) -> Normalized | None:
    """A TIMEX3 value (as this package writes them, or an ISO date or datetime) back to its interval.

    ``2025-12-04`` is that day, ``2025-12-04TNI`` that night, ``2025-12-04T18:30`` that minute (an ISO
    datetime with seconds or an offset too, in its own wall time), ``2025-W49`` (``-WE``), ``2025-12``,
    ``2025-Q4``, ``2025-H2``, ``2025-WI``, ``2025``, ``202`` and ``20`` the calendar unit. Durations, sets,
    references and anything else are None, as are impossible dates.
    """
    m = _VALUE.fullmatch((value or "").strip().upper())
    if not m:
        return None
    try:
        if m["dec"]:
            return _decade_norm(int(m["dec"]))
        if m["cent"]:
            return _century_norm(int(m["cent"]))
        y = int(m["y"])
        if m["w"]:
            monday = dt.date.fromisocalendar(y, int(m["w"]), 1)
            return _week_norm(monday, weekend=bool(m["we"]))
        if m["q"]:
            return _quarter_norm(y, int(m["q"]))
        if m["half"]:
            return _half_norm(y, int(m["half"]))
        if m["season"]:
            return _season_norm(y, m["season"])
        if not m["mo"]:
            return _year_norm(y)
        if not m["d"]:
            return _month_norm(y, int(m["mo"])) if 1 <= int(m["mo"]) <= 12 else None
        day = dt.date(y, int(m["mo"]), int(m["d"]))
        if m["part"]:
            return _pod_norm(day, m["part"])
        if m["h"]:
            return _time_norm(day, f"{m['h']}:{m['mi']}", "utc" if m["tz"] == "Z" else None)
        return _day_norm(day)
    except ValueError:
        return None
