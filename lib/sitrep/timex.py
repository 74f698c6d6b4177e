"""Time expressions: find them in a spaCy ``Doc`` and normalize them TIMEX3-style.

Every relative expression is anchored to the document creation time (DCT, the publication date of
the article), never to the wall clock, in the manner of HeidelTime's "news" mode:

* deictic expressions ("yesterday", "last week", "overnight", "two days ago") count from the DCT;
* anaphoric ones ("the previous day", "that year", a bare clock time) count from the last date the
  text mentioned (the DCT until the first one);
* underspecified ones (a weekday, "Dec. 2", "October", "the fourth quarter") take the tense of the
  governing verb: past picks the latest candidate not after the DCT, future the earliest not
  before it, and no tense (or present) the nearest candidate with a bias towards the past.

Values are written as TimeML writes them: ``2025-12-04``, ``2025-12-04TNI``, ``2025-12-04T18:00Z``,
``2025-W49``, ``2025-W49-WE``, ``2025-12``, ``2025-Q4``, ``2025-WI``, ``2025``, ``202`` (a decade),
``20`` (a century), ``P4Y``, ``PT24H``, ``PXY``, ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF`` and
SET values such as ``P1D`` (every day) or ``XXXX-WXX-1`` (every Monday). Resolved intervals are
naive datetimes ``[start, end)`` in the publication's local wall time; durations, sets and
references carry none.

Public API::

    find_time_expressions(doc, *, published) -> Iterator[TimeExpression]
    normalize(text, *, published, tense=None, reference=None) -> Normalized | None
    acled_time_precision(precision) -> int
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from sitrep.types import TimeExpression

__all__ = [
    "PRECISIONS",
    "Normalized",
    "acled_time_precision",
    "find_time_expressions",
    "infer_tense",
    "normalize",
    "parse_published",
]

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
# Lexicon

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "twenty-first": 21, "twenty first": 21, "last": -1, "final": -1,
}  # fmt: skip
_DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip
_PARTS = {
    "morning": "MO", "mornings": "MO", "dawn": "MO", "daybreak": "MO", "sunrise": "MO", "midday": "MI",
    "afternoon": "AF", "evening": "EV", "dusk": "EV", "sunset": "EV", "nightfall": "EV", "night": "NI",
    "nighttime": "NI", "night-time": "NI", "overnight": "NI", "daytime": "DT",
}  # fmt: skip
_PART_HOURS = {"MO": (6, 12), "MI": (11, 14), "AF": (12, 18), "EV": (18, 24), "NI": (18, 30), "DT": (6, 18)}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
# unit -> (duration letter, is time unit, multiplier into that letter)
_UNITS = {
    "second": ("S", True, 1), "sec": ("S", True, 1), "minute": ("M", True, 1), "min": ("M", True, 1),
    "hour": ("H", True, 1), "hr": ("H", True, 1), "day": ("D", False, 1), "night": ("D", False, 1),
    "week": ("W", False, 1), "weekend": ("WE", False, 1), "fortnight": ("W", False, 2),
    "month": ("M", False, 1), "quarter": ("Q", False, 1), "year": ("Y", False, 1), "yr": ("Y", False, 1),
    "decade": ("Y", False, 10), "century": ("Y", False, 100), "millennium": ("Y", False, 1000),
}  # fmt: skip
_UNCOUNTED_UNIT = {"decade": "DE", "century": "CE", "millennium": "ML"}
_HOLIDAYS = {
    "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "boxing day": (12, 26),
    "new year's day": (1, 1), "new years day": (1, 1), "new year's eve": (12, 31), "new years eve": (12, 31),
    "new year": (1, 1), "halloween": (10, 31), "valentine's day": (2, 14), "may day": (5, 1),
}  # fmt: skip

# Words that make a NER span temporal at all (a span with none of them is dropped).
_TRIGGERS = (
    set(_MONTHS) | set(_WEEKDAYS) | set(_PARTS) | set(_SEASONS)
    | {u for u in _UNITS} | {u + "s" for u in _UNITS} | {"centuries", "millennia", "noon", "midnight"}
    | {"today", "tonight", "yesterday", "tomorrow", "now", "recently", "currently", "recent", "current",
       "ago", "later", "earlier", "soon", "future", "past", "present", "annual", "annually", "daily",
       "weekly", "monthly", "yearly", "quarterly", "hourly", "nightly", "era", "period", "term",
       "christmas", "easter", "halloween", "ramadan", "eve", "weekday", "weekdays", "season", "time",
       "times", "moment", "overnight", "lately", "history", "decades", "fy"}
)  # fmt: skip

# --------------------------------------------------------------------------------------------------
# Regular grammar (all patterns are applied case-insensitively)

MON = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan\.?|feb\.?|mar\.?|apr\.?|jun\.?|jul\.?|aug\.?|sept?\.?|oct\.?|nov\.?|dec\.?)"
)
MON_FULL = r"(?:january|february|march|april|june|july|august|september|october|november|december)"
WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
WD_ABBR = r"(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\."
DAYNUM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[5-9]\d\d|20\d\d)(?!\d|,\d)"
_NUMW = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_TENW = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
NUM = (
    rf"(?:{_TENW}(?:[\s-]{_NUMW})?|{_NUMW}|\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
    r"(?:\s+and\s+(?:a\s+)?(?:half|quarter))?"
)
QUANT = (
    rf"(?:{NUM}|an?|a\s+few|few|several|many|a\s+couple(?:\s+of)?|couple\s+of|a\s+dozen|dozens\s+of"
    r"|hundreds\s+of|a\s+number\s+of|half\s+an?|a\s+half|a\s+full|one\s+full|single(?=-))"
)
UNIT = (
    r"(?:seconds?|minutes?|hours?|hrs?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?"
    r"|years?|yrs?|decades?|century|centuries|millenni(?:um|a))"
)
UNIT_ADJ = (
    r"(?:(?:straight|consecutive|successive|trading|business|working|calendar|full|long|more|additional"
    r"|further|extra|whole|entire|intervening|short|turbulent|unusually|difficult|tough|hard|intense"
    r"|bloody|violent|brutal)\s+)*"
)
APPROX = (
    r"(?:about|around|roughly|approximately|nearly|almost|some|over|more\s+than|less\s+than|fewer\s+than"
    r"|under|at\s+least|at\s+most|up\s+to|just\s+over|just\s+under|well\s+over|close\s+to|upwards\s+of"
    r"|an\s+estimated|more\s+or\s+less|the\s+better\s+part\s+of)"
)
PART = (
    r"(?:morning|afternoon|evening|night|nighttime|night-time|overnight|dawn|daybreak|sunrise|midday"
    r"|dusk|sunset|nightfall|daytime)"
)
SEASON = r"(?:spring|summer|autumn|fall|winter)"
ORD = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth"
    r"|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[\s-]first"
    r"|\d{1,2}(?:st|nd|rd|th))"
)
TZ = (
    r"(?:\s*\(?\s*(?:utc|gmt|zulu)(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?\s*\)?|\s+local\s+time"
    r"|\s+(?:[ecmp][sd]t|bst|cet|cest|eet|eest|msk|ist|jst|aest|aedt|z)(?![\w]))"
)
CLOCK = (
    r"(?:(?:[01]?\d|2[0-3]):[0-5]\d(?:\s*(?:[ap]\.?\s?m\b\.?))?"
    r"|(?:[01]?\d|2[0-3])\.[0-5]\d\s*[ap]\.?\s?m\b\.?"
    r"|(?:1[0-2]|0?[1-9])\s*[ap]\.?\s?m\b\.?"
    r"|(?:1[0-2]|0?[1-9])\s+o'clock"
    rf"|(?:[01]\d|2[0-3])[0-5]\d(?=(?:\s+(?:hours|hrs)\b|{TZ}))(?:\s+(?:hours|hrs)\b)?"
    r"|noon|midnight|midday)"
)
# A day-level date.
DAY_ABS = (
    r"(?:\d{4}-\d\d-\d\d"
    r"|\d{1,2}/\d{1,2}/(?:\d{4}|\d\d)(?!\d)"
    rf"|(?:(?:{WD}|{WD_ABBR}),?\s+)?(?:the\s+)?{DAYNUM}(?:\s+of)?\s+{MON}(?:,?\s+{YEAR})?"
    rf"|(?:(?:{WD}|{WD_ABBR}),?\s+)?{MON}\s+{DAYNUM}(?![\d:])(?:(?:,\s*|\s+){YEAR})?)"
)
DAY_REL = (
    rf"(?:(?:this\s+past|this\s+coming|last|next|this|coming|past|previous|following)\s+{WD}"
    r"|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow"
    rf"|{WD}|{WD_ABBR}"
    r"|(?:the\s+)?(?:same|previous|next|following|preceding|prior)\s+day|that\s+(?:same\s+)?day"
    r"|the\s+day\s+(?:before|after|earlier|prior)|a\s+day\s+(?:earlier|later)"
    r"|christmas(?:\s+(?:day|eve))?|new\s+year'?s'?\s+(?:day|eve)|boxing\s+day|halloween"
    r"|valentine'?s\s+day)"
)
DAY = rf"(?:{DAY_ABS}|{DAY_REL})"


@dataclass(frozen=True)
class _Ctx:
    dct: dt.datetime
    tense: str | None
    ref_day: dt.date
    ref_any: dt.date
    ref_precision: str | None = None  # precision of the expression ref_any came from

    @property
    def day(self) -> dt.date:
        return self.dct.date()


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
# Small parsers


def _num(s: str) -> float | None:
    """A quantity ("two", "24", "twenty-four", "a", "two and a half"); None when vague ("several")."""
    s = s.lower().strip()
    extra = 0.0
    m = re.search(r"\s+and\s+(?:a\s+)?(half|quarter)$", s)
    if m:
        extra = 0.5 if m.group(1) == "half" else 0.25
        s = s[: m.start()]
    if s in {"a", "an", "one full", "a full", "single"}:
        return 1 + extra
    if s in {"a half", "half a", "half an"}:
        return 0.5
    if s in {"a couple", "a couple of", "couple of"}:
        return 2 + extra
    if s == "a dozen":
        return 12
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", s):
        return float(s.replace(",", "")) + extra
    parts = re.split(r"[\s-]+", s)
    if len(parts) == 1 and parts[0] in _SMALL:
        return _SMALL[parts[0]] + extra
    if parts and parts[0] in _TENS:
        tail = parts[1] if len(parts) == 2 else None
        if tail is None or tail in _SMALL:
            return _TENS[parts[0]] + (_SMALL.get(tail, 0) if tail else 0) + extra
    return None


def _fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _unit_key(u: str) -> str:
    u = u.lower()
    if u in ("centuries",):
        return "century"
    if u in ("millennia",):
        return "millennium"
    if u.endswith("s") and u[:-1] in _UNITS:
        return u[:-1]
    return u


def _duration(q: float | None, unit: str) -> str:
    key = _unit_key(unit)
    letter, is_time, mult = _UNITS[key]
    if q is None:
        if key in _UNCOUNTED_UNIT:
            return "P" + "X" + _UNCOUNTED_UNIT[key]
        return ("PT" if is_time else "P") + "X" + letter
    q = q * mult
    if letter == "W" and not float(q).is_integer():
        letter, q = "D", q * 7
    return ("PT" if is_time else "P") + _fmt_num(q) + letter


def _month(s: str) -> int:
    return _MONTHS[s.lower().rstrip(".")]


def _weekday(s: str) -> int:
    return _WEEKDAYS[s.lower().rstrip(".")]


def _year4(s: str, ctx: _Ctx) -> int:
    s = s.strip("'’ ")
    y = int(s)
    if len(s) == 2:  # '82 -> 1982, '09 -> 2009 (not more than 10 years after the DCT)
        century = ctx.day.year // 100 * 100
        y = century + y if century + y <= ctx.day.year + 10 else century - 100 + y
    return y


def _mod_of(word: str | None) -> str | None:
    if not word:
        return None
    w = word.lower().strip(" -")
    if w in {"early", "beginning", "start", "dawn", "first half", "the beginning", "the start"}:
        return "START"
    if w in {"mid", "middle", "the middle", "midst"}:
        return "MID"
    if w in {"late", "end", "close", "the end", "second half", "later", "turn"}:
        return "END"
    return None


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
# Rules: (pattern, handler). Handlers get the fullmatch on the cleaned, lower-cased text.

_Handler = Callable[[re.Match[str], _Ctx], Normalized | None]
_RULES: list[tuple[str, _Handler]] = []  # normalization grammar, tried in order (first full match wins)
_FIND: list[tuple[str, _Handler]] = []  # patterns searched for in running text


def _rule(pattern: str, find: str | bool = True) -> Callable[[_Handler], _Handler]:
    """Register a grammar rule; ``find`` is False (normalize only) or a narrower pattern for search."""

    def deco(fn: _Handler) -> _Handler:
        _RULES.append((pattern, fn))
        if find:
            _FIND.append((pattern if find is True else find, fn))
        return fn

    return deco


@_rule(
    rf"(?P<clock>{CLOCK})(?P<tz>{TZ})?(?:\s+(?:on\s+|of\s+)?(?P<day>{DAY}))?"
    rf"|(?P<day2>{DAY}),?\s+(?:at\s+)?(?P<clock2>{CLOCK})(?P<tz2>{TZ})?"
)
def _r_clock(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    day_s, clock, tz = (m["day"], m["clock"], m["tz"]) if m["clock"] else (m["day2"], m["clock2"], m["tz2"])
    day = _resolve_day(day_s, ctx) if day_s else ctx.ref_day
    if day is None:
        return None
    if day_s and day_s.lower().strip() == "tonight" and clock.lower() != "midnight":
        day = ctx.day
    return _time_norm(day, clock, tz)


# --------------------------------------------------------------------------------------------------
# Nights. War reports (the Ukrainian Air Force, ministries, wire copy written from them) name a night
# by the day it ENDS on: "overnight on March 9", published that morning, is the night of 8 to 9 March.
# Plain English names it by the day it starts on ("Thursday night", "the night of July 2" told days
# later). The rules below take the report reading only where the English one cannot be meant: a
# night named by the publication day itself in a clause that does not look ahead.

_NIGHT = r"(?:night|overnight|nighttime|night-time)"
_NY = r"new\s+year(?:['’]s|s['’]?)?"
_NIGHT_TO = r"(?:\s*[-–—]\s*|\s+(?:to|into|and)\s+)"


def _bare_night(ctx: _Ctx) -> Normalized:
    """A night with no day of its own ("at night", "during the night", "over the night").

    Told in the past (or with no tense: news leans to the past) it is the night that ended on the
    publication day, like "overnight" and "last night", unless the text last mentioned an earlier
    day ("On March 3 troops entered the town. During the night ..."), whose night it then is. A clause
    that looks ahead means the coming night (or that of the day it refers to).
    """
    if ctx.tense == "future" or ctx.ref_day < ctx.day - _DAY:
        return _pod_norm(ctx.ref_day, "NI")
    return _pod_norm(ctx.day - _DAY, "NI")


def _night_named_by(day: dt.date, ctx: _Ctx) -> Normalized:
    """The night called "the night of <day>" / "overnight on <day>" / "<holiday> night".

    Named by the publication day and not looking ahead, it is the night that ended that morning
    (the report convention); otherwise the night that starts on that day (the English reading).
    """
    if day == ctx.day and ctx.tense != "future":
        day -= _DAY
    return _pod_norm(day, "NI")


def _same_day_name(resolved: dt.date, expected: dt.date, text: str) -> bool:
    """Whether ``text`` (resolved on its own to ``resolved``) can name the day ``expected``."""
    if resolved == expected:
        return True
    if re.search(rf"\b(?:{WD}|{WD_ABBR})", text, re.I) and not re.search(r"\d", text):
        return resolved.weekday() == expected.weekday()
    return (resolved.month, resolved.day) == (expected.month, expected.day)


@_rule(
    rf"(?:the\s+)?{_NIGHT}\s+(?:(?:of|from|on|between)\s+)?(?:the\s+)?"
    rf"(?:(?P<d1>{DAYNUM}){_NIGHT_TO}(?:the\s+)?(?P<d2>{DAYNUM})(?:\s+of)?\s+(?P<mon>{MON})(?:,?\s+(?P<y>{YEAR}))?"
    rf"|(?P<mon2>{MON})\s+(?P<d3>{DAYNUM}){_NIGHT_TO}(?P<d4>{DAYNUM})(?![\d:])(?:,?\s+(?P<y2>{YEAR}))?"
    rf"|(?P<a>{DAY}){_NIGHT_TO}(?P<b>{DAY}))"
    rf"|(?P<a2>{DAY})\s+{_NIGHT}\s+(?:to|into)\s+(?P<b2>{DAY})"
    rf"|(?:the\s+)?{_NIGHT}\s+(?:to|into|before)\s+(?P<b3>{DAY})"
)
def _r_night_pair(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    """Nights named by both days or by the day they end on: "the night of March 8 to 9", "the night
    of 8-9 March", "the night from Saturday to Sunday", "Saturday night into Sunday", "the night into
    Sunday". The value is the night's first day, whatever the DCT; a missing year is the one that
    places the night itself best for the tense."""
    if mon := m["mon"] or m["mon2"]:
        mo, first = _month(mon), int(re.match(r"\d+", m["d1"] or m["d3"])[0])
        if not _valid(2000, mo, first) or not _valid(2000, mo, first + 1):
            return None
        if int(re.match(r"\d+", m["d2"] or m["d4"])[0]) != first + 1:
            return None
        if year := m["y"] or m["y2"]:
            return _pod_norm(dt.date(int(year), mo, first), "NI") if _valid(int(year), mo, first) else None
        years = [y for y in (ctx.day.year - 1, ctx.day.year, ctx.day.year + 1) if _valid(y, mo, first)]
        return _pick(lambda y: _pod_norm(dt.date(y, mo, first), "NI"), years, ctx)
    if first_s := m["a"] or m["a2"]:
        start = _resolve_day(first_s, ctx)
        end_s = m["b"] or m["b2"]
        end = _resolve_day(end_s, ctx)
        if start is None or end is None or not _same_day_name(end, start + _DAY, end_s):
            return None
        return _pod_norm(start, "NI")
    end = _resolve_day(m["b3"], ctx)
    return _pod_norm(end - _DAY, "NI") if end is not None else None


@_rule(
    rf"(?P<eve>{_NY}\s+eve)"
    rf"|(?:the\s+)?(?:{_NY}\s+{_NIGHT}|{_NIGHT}\s+(?:before|into|to)\s+(?:the\s+)?{_NY})"
)
def _r_new_year_night(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    """New Year's night is the night of 31 December to 1 January; so is "New Year's Eve" in a report
    published on 1 or 2 January (otherwise it is the day, 31 December)."""
    if m["eve"]:
        if (ctx.day.month, ctx.day.day) not in ((1, 1), (1, 2)):
            return None
        return _pod_norm(dt.date(ctx.day.year - 1, 12, 31), "NI")
    y = ctx.day.year
    return _pick(lambda yy: _pod_norm(dt.date(yy, 12, 31), "NI"), (y - 1, y, y + 1), ctx)


@_rule(
    rf"(?:(?P<mod>early|late|mid|earlier|later)(?:\s+on|\s+in\s+the\s+day\s+on)?\s+)?(?P<day>{DAY})"
    rf"(?:,?\s+(?:(?P<mod2>early|late)\s+)?(?:in\s+the\s+)?(?P<part>{PART}))?"
    rf"|(?:(?P<mod3>early|late)\s+)?(?:in\s+)?(?:the\s+)?(?P<part2>{PART})\s+(?:(?:of|on)\s+|(?<=overnight\s))"
    rf"(?P<day2>{DAY})"
)
def _r_day(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    day_s = m["day"] or m["day2"]
    part = m["part"] or m["part2"]
    low = re.sub(r"\s+", " ", day_s.lower())
    if low == "tonight":
        part = part or "night"
    day = _resolve_day(day_s, ctx)
    if day is None:
        return None
    if part:
        code = _PARTS[part.lower()]
        # "overnight on March 9", "the night of July 4", "Christmas night" (not "Christmas Eve night",
        # nor "Thursday night": an eve and a weekday night are the nights that start on them)
        holiday = re.sub(r"years?['’]?s?\b", "year's", low).replace("’", "'") in _HOLIDAYS
        if code == "NI" and (m["part2"] or holiday) and not low.endswith("eve"):
            return _night_named_by(day, ctx)
        return _pod_norm(day, code)
    return _day_norm(day, _mod_of(m["mod"]))


_PART_RX = (
    rf"(?:(?P<mod>early|late)\s+)?(?P<rel>this|last|yesterday|tomorrow|earlier\s+this|later\s+this|that)"
    rf"\s+(?P<part>{PART})|overnight|overnights|last\s+night|(?:early|late)\s+in\s+the\s+(?P<part2>{PART})"
)


@_rule(
    _PART_RX + r"|(?:(?:early|late)\s+)?(?:in\s+)?the\s+(?P<part3>morning|afternoon|evening|night)",
    find=_PART_RX,
)
def _r_part(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    text = m[0].lower()
    if text in {"overnight", "overnights"}:
        # In a report, "overnight" is the night that ends on the publication day, unless the clause
        # looks ahead ("will be closed overnight"), which is the coming night.
        return _pod_norm(ctx.day if ctx.tense == "future" else ctx.day - _DAY, "NI")
    if text == "last night":
        return _pod_norm(ctx.day - _DAY, "NI")
    part = m["part"] or m["part2"] or m["part3"]
    rel = (m["rel"] or "").lower()
    if not rel and _PARTS[part.lower()] == "NI":  # "the night", "late in the night"
        return _bare_night(ctx)
    if rel == "yesterday":
        return _pod_norm(ctx.day - _DAY, _PARTS[part.lower()])
    if rel == "tomorrow":
        return _pod_norm(ctx.day + _DAY, _PARTS[part.lower()])
    if rel == "last":
        return _pod_norm(ctx.day - _DAY, _PARTS[part.lower()])
    if rel == "that" or m["part3"]:
        return _pod_norm(ctx.ref_day, _PARTS[part.lower()])
    return _pod_norm(ctx.day, _PARTS[part.lower()])


@_rule(
    rf"(?:(?P<mod>early|late|mid|the\s+(?:beginning|start|end|middle)\s+of)[\s-]*)?"
    rf"(?:(?P<mon2>{MON}),?\s+(?:of\s+)?(?P<year>{YEAR}|'\d\d)"
    rf"|(?P<mon3>{MON})\s+(?:of\s+)?(?P<yrel>this|last|next|the\s+following|the\s+previous|that)\s+year"
    rf"|(?:(?P<rel>last|next|this|this\s+past|this\s+coming|the\s+following|the\s+previous)\s+)?"
    rf"(?P<mon>{MON_FULL}|may|jan\.|feb\.|mar\.|apr\.|jun\.|jul\.|aug\.|sept?\.|oct\.|nov\.|dec\.))"
)
def _r_month(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    mod = _mod_of(re.sub(r"^the\s+|\s+of$", "", m["mod"] or "").strip())
    mo = _month(m["mon"] or m["mon2"] or m["mon3"])
    if m["year"]:
        return _month_norm(_year4(m["year"], ctx), mo, mod)
    y = ctx.day.year
    if m["yrel"]:
        yrel = re.sub(r"\s+", " ", m["yrel"].lower())
        k = {"this": 0, "last": -1, "next": 1, "the following": 1, "the previous": -1, "that": 0}[yrel]
        base = ctx.ref_any.year if yrel in {"the following", "the previous", "that"} else y
        return _month_norm(base + k, mo, mod)
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    if rel in {"last", "this past", "the previous"}:  # the latest such month before the current one
        return _month_norm(y if mo < ctx.day.month else y - 1, mo, mod)
    if rel in {"next", "this coming", "the following"}:
        return _month_norm(y if mo > ctx.day.month else y + 1, mo, mod)
    if rel == "this":
        return _month_norm(y, mo, mod)
    return _pick(lambda yy: _month_norm(yy, mo, mod), (y - 1, y, y + 1), ctx)


@_rule(
    rf"(?:(?P<mod>early|late|mid|the\s+(?:beginning|start|end|middle|first\s+half|second\s+half)\s+of)"
    rf"[\s-]*)?(?:(?:the\s+)?(?:calendar\s+)?year\s+)?(?P<year>{YEAR})(?:\s*(?:ad|a\.d\.|ce))?"
    rf"|(?P<fy>fiscal(?:\s+year)?|fy)\s*(?P<fyear>{YEAR}|'?\d\d)(?![\d])"
    rf"|'(?P<y2>\d\d)(?!\d)"
)
def _r_year(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    if m["fy"]:
        y = _year4(m["fyear"], ctx)
        return Normalized("DATE", f"FY{y}", None, None, "year")
    if m["y2"]:
        return _year_norm(_year4(m["y2"], ctx))
    mod_s = re.sub(r"^the\s+|\s+of$", "", m["mod"] or "").strip()
    y = int(m["year"])
    if mod_s == "first half":
        return _half_norm(y, 1)
    if mod_s == "second half":
        return _half_norm(y, 2)
    return _year_norm(y, _mod_of(mod_s))


_REL_UNIT = r"(?P<unit>week|weekend|month|year|quarter|decade|century)"
_REL_RX = (
    r"(?:(?P<mod>early|late|mid|earlier|later|the\s+(?:beginning|start|end|middle|rest|remainder|close|turn"
    r"|first\s+half|second\s+half)\s+of)[\s-]*(?:in\s+)?)?"
    r"(?P<rel>this|last|next|past|coming|previous|following|current|the\s+previous|the\s+following|that"
    r"|the\s+same|the\s+current|the\s+coming|the\s+past|the\s+last|the\s+next|the|the\s+preceding"
    r"|the\s+prior|the\s+ensuing|the\s+upcoming|upcoming|the\s+(?:entire|whole|full))\s+" + _REL_UNIT
)


@_rule(
    _REL_RX + r"|(?:the\s+)?(?P<unit2>year|month|week)\s+(?P<rel2>previous|before|earlier|prior)",
    find=r"(?!(?:the|that)\s+(?:week|weekend|month|year|quarter|decade|century)\b)(?:" + _REL_RX + ")",
)
def _r_rel_unit(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    unit = (m["unit"] or m["unit2"]).lower()
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    if m["rel2"]:
        rel = "the previous"
    mod_s = re.sub(r"^the\s+|\s+of$", "", (m["mod"] or "").lower()).strip()
    # "earlier this month" and "the rest of the year" keep the whole unit
    mod = _mod_of(mod_s) if mod_s not in {"earlier", "later", "rest", "remainder"} else None
    # "the past/last/next week" is a duration, not a calendar unit
    durative = {"the past", "the last", "the next", "the coming", "past", "the upcoming"}
    if rel in durative and unit != "quarter" and not mod_s:
        return Normalized("DURATION", _duration(1, unit), None, None, None)
    offset_dct = {
        "this": 0, "current": 0, "the current": 0, "last": -1, "past": -1, "the last": -1,
        "next": 1, "coming": 1, "the coming": 1, "the next": 1, "upcoming": 1, "the upcoming": 1,
        "the past": -1, "the": 0,
    }  # fmt: skip
    offset_ref = {
        "the previous": -1, "previous": -1, "the preceding": -1, "the prior": -1, "the following": 1,
        "following": 1, "the ensuing": 1, "that": 0, "the same": 0, "the entire": 0, "the whole": 0,
        "the full": 0,
    }  # fmt: skip
    if rel in offset_dct:
        base, k = ctx.day, offset_dct[rel]
    else:
        base, k = ctx.ref_any, offset_ref.get(rel, 0)
    if unit in {"week", "weekend"}:
        if unit == "weekend" and rel in {"the", "that"} and k == 0:
            # "the weekend": the nearest weekend by tense
            sat_back = base - dt.timedelta(days=(base.weekday() - 5) % 7)
            return _pick(lambda j: _week_norm(sat_back + 7 * j * _DAY, weekend=True), (0, 1), ctx)
        return _week_norm(base + dt.timedelta(weeks=k), weekend=unit == "weekend", mod=mod)
    if unit == "month":
        d = _add_months(base, k)
        return _month_norm(d.year, d.month, mod)
    if unit == "quarter":
        q = (base.month - 1) // 3 + k
        y = base.year + q // 4
        return _quarter_norm(y, q % 4 + 1, mod)
    if unit == "year":
        if mod_s == "first half":
            return _half_norm(base.year + k, 1)
        if mod_s == "second half":
            return _half_norm(base.year + k, 2)
        return _year_norm(base.year + k, mod)
    if unit == "decade":
        return _decade_norm(base.year // 10 + k, mod)
    if unit == "century":
        return _century_norm(base.year // 100 + k, mod)
    return None


@_rule(
    r"(?:the\s+)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+(?P<unit>quarter|half)"
    r"(?:\s+(?:of|in)\s+(?:(?:the\s+)?(?:fiscal|financial|calendar)\s+(?:year\s+)?)?(?P<yr>(?:1[5-9]|20)\d\d"
    r"|this\s+year|last\s+year|next\s+year|the\s+year|the\s+previous\s+year|the\s+same\s+year|the\s+current"
    r"\s+year|(?:the\s+)?(?:current|previous|prior)\s+(?:fiscal\s+)?year)|\s+(?P<yr2>(?:1[5-9]|20)\d\d))?"
    r"|q(?P<qn>[1-4])(?:\s+|-|/)?(?P<yr3>(?:1[5-9]|20)\d\d|'?\d\d(?!\d))?"
    r"|(?:1[5-9]|20)\d\d\s*q[1-4]"
)
def _r_quarter(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    text = m[0].lower()
    if mm := re.fullmatch(r"(\d{4})\s*q([1-4])", text):
        return _quarter_norm(int(mm[1]), int(mm[2]))
    unit = (m["unit"] or "quarter").lower()
    ordinal = (m["ord"] or "").lower()
    n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}.get(
        ordinal
    )
    if m["qn"]:
        n = int(m["qn"])
    yr = (m["yr"] or m["yr2"] or m["yr3"] or "").lower()
    year: int | None = None
    if re.fullmatch(r"'?\d\d|\d{4}", yr):
        year = _year4(yr, ctx)
    elif "previous" in yr or "prior" in yr or yr == "last year":
        year = (ctx.ref_any if "previous" in yr or "prior" in yr else ctx.day).year - 1
    elif yr == "next year":
        year = ctx.day.year + 1
    elif yr:
        year = (ctx.ref_any if yr in {"the year", "the same year"} else ctx.day).year
    size = 4 if unit == "quarter" else 2
    make = _quarter_norm if unit == "quarter" else _half_norm
    if n is None:  # "the last quarter", "the final quarter (of 2009)"
        if year is not None:
            return make(year, size)
        if ordinal == "last" and unit == "quarter":  # the quarter before the current one
            q = (ctx.day.month - 1) // 3 - 1
            return _quarter_norm(ctx.day.year + q // 4, q % 4 + 1)
        n = size
    if year is not None:
        return make(year, n)
    y = ctx.day.year
    return _pick(lambda yy: make(yy, n), (y - 1, y, y + 1), ctx)


_SEASON_RX = (
    rf"(?:(?P<mod>early|late|mid)[\s-]+)?(?:(?P<rel>this|last|next|past|coming|the\s+past|the\s+coming|the"
    rf"|that)\s+)?(?P<season>{SEASON})(?:\s+(?:of\s+)?(?P<year>{YEAR}))?"
)


@_rule(
    _SEASON_RX,
    # "fall" is mostly a verb or a noun ("the fall of the city"): only with a year or this/last/next
    find=rf"(?!(?:(?:early|late|mid)[\s-]+)?(?:the\s+)?fall\b(?!\s+(?:of\s+)?{YEAR}))(?:{_SEASON_RX})",
)
def _r_season(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    code = _SEASONS[m["season"].lower()]
    mod = _mod_of(m["mod"])
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    if m["year"]:
        return _season_norm(int(m["year"]), code, mod)
    y = ctx.day.year
    opts = (y - 2, y - 1, y, y + 1)
    untensed = _Ctx(ctx.dct, None, ctx.ref_day, ctx.ref_any)
    cur = _pick(lambda yy: _season_norm(yy, code, mod), opts, untensed)
    cur_y = int(cur.value[:4])
    if rel in {"last", "past", "the past"}:
        now = _at(ctx.day)
        last = [yy for yy in opts if _season_norm(yy, code).interval_end <= now]
        return _season_norm(max(last), code, mod)
    if rel in {"next", "coming", "the coming"}:
        now = _at(ctx.day)
        nxt = [yy for yy in opts if _season_norm(yy, code).interval_start > now]
        return _season_norm(min(nxt) if nxt else cur_y + 1, code, mod)
    if rel == "this":
        return cur
    return _pick(lambda yy: _season_norm(yy, code, mod), opts, ctx)


@_rule(
    r"(?:the\s+)?(?:(?P<mod>early|late|mid)[\s-]+)?"
    r"(?:(?P<dec>1[5-9]\d0|20\d0)'?s|'(?P<d2>\d0)s|(?P<d3>[2-9]0)'?s"
    r"|(?:nineteen\s+|the\s+)(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))",
    find=r"(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?:1[5-9]\d0|20\d0)'?s|'\d0s|[2-9]0's)"
    r"|(?<=the )(?:(?:early|late|mid)[\s-]+)?[2-9]0s"
    r"|(?<=0s and )[2-9]0s|(?<=0s or )[2-9]0s|(?<=0s to )[2-9]0s"
    r"|(?:nineteen\s+|the\s+)(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)",
)
def _r_decade(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    mod = _mod_of(m["mod"])
    if m["dec"]:
        return _decade_norm(int(m["dec"]) // 10, mod)
    if m["d2"] or m["d3"]:
        return _decade_norm(_year4(m["d2"] or m["d3"], ctx) // 10, mod)
    return _decade_norm(190 + _DECADE_WORDS[m["dw"].lower()], mod)


@_rule(rf"(?:the\s+)?(?:(?P<mod>early|late|mid)[\s-]+)?(?P<ord>{ORD})[\s-]+century")
def _r_century(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    o = re.sub(r"\s+", " ", m["ord"].lower())
    n = int(o[:-2]) if o[0].isdigit() else _ORDINALS.get(o)
    if not n or n < 1:
        return None
    return _century_norm(n - 1, _mod_of(m["mod"]))


@_rule(
    rf"(?:{APPROX}\s+)?(?P<q>{QUANT})[\s-]+(?:{UNIT_ADJ})(?P<unit>{UNIT})\s+"
    r"(?P<dir>ago|later|earlier|afterwards?|previously|prior|from\s+now|hence|back)(?!\s+(?:than|to)\b)"
)
def _r_ago(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    q = _num(m["q"])
    key = _unit_key(m["unit"])
    direction = m["dir"].lower()
    sign = -1 if direction in {"ago", "earlier", "before", "previously", "prior", "back"} else 1
    base = ctx.day if direction in {"ago", "from now", "hence", "back"} else ctx.ref_day
    if q is None:
        return _ref("PAST_REF" if sign < 0 else "FUTURE_REF")
    if not float(q).is_integer():
        return Normalized("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None, None, None)
    n = int(q) * sign
    letter, is_time, mult = _UNITS[key]
    if is_time:
        return _ref("PRESENT_REF")
    if letter == "D":
        return _day_norm(base + dt.timedelta(days=n))
    if letter in {"W", "WE"}:
        return _week_norm(base + dt.timedelta(weeks=n * mult))
    if letter == "M":
        d = _add_months(base, n)
        return _month_norm(d.year, d.month)
    if letter == "Q":
        d = _add_months(base, 3 * n)
        return _quarter_norm(d.year, (d.month - 1) // 3 + 1)
    if letter == "Y":
        y = base.year + n * mult
        if mult == 10:
            return _decade_norm(y // 10)
        if mult == 100:
            return _century_norm(y // 100)
        return _year_norm(y)
    return None


@_rule(
    rf"(?:(?:{APPROX}|the\s+(?:past|last|next|previous|first|coming|following|final|ensuing|preceding|entire"
    rf"|whole|remaining|same|latest|subsequent|intervening)|(?:past|last|next|previous|first|another|an"
    rf"\s+additional|a\s+further|an\s+extra|the\s+first|the\s+final))\s+)*(?P<q>{QUANT})[\s-]+"
    rf"(?:{UNIT_ADJ})(?P<unit>{UNIT})(?:-long)?"
)
def _r_duration(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    q = _num(m["q"])
    unit = m["unit"].lower()
    if m["q"].lower() in {"a", "an"} and unit in {"second", "quarter"}:
        return None  # "a second time" is an ordinal, "a quarter of" a fraction
    return Normalized("DURATION", _duration(q, unit), None, None, None)


@_rule(
    rf"(?:(?:{APPROX}|the)\s+)*(?P<rel>past|last|previous|next|coming|following|recent|preceding|final|first)"
    rf"\s+(?:(?P<q>few|several|many|couple\s+of)\s+)?(?P<unit>{UNIT})"
    r"|(?:for|over|in|the)\s+(?:the\s+)?(?:recent\s+)?"
    r"(?P<unit2>years|decades|months|weeks|days|hours|centuries)"
    r"|(?P<unit3>years|decades|months|weeks|days|hours|minutes)(?:[\s-]+long)?"
    r"|(?:(?:for|over)\s+)?(?P<q2>many|several|some|a\s+few|few|countless|recent)\s+"
    r"(?P<unit4>years|decades|months|weeks|days|hours)",
    find=rf"(?:(?:{APPROX}|the)\s+)*(?:past|last|previous|next|coming|following|recent|preceding|final)"
    r"\s+(?:(?:few|several|many|couple\s+of)\s+)?(?:years|decades|months|weeks|days|hours|decade|century)"
    r"|(?:for|over)\s+(?:the\s+)?(?:recent\s+)?(?:years|decades|months|weeks)"
    r"|(?:(?:for|over)\s+)?(?:many|several|a\s+few|countless|recent)\s+(?:years|decades|months|weeks|days)",
)
def _r_vague_duration(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    text = m[0].lower()
    unit = (m["unit"] or m["unit2"] or m["unit3"] or m["unit4"]).lower()
    if "recent" in text:  # "recent years", "in recent months"
        return _ref("PAST_REF")
    if m["unit"]:
        plural = unit.endswith("s")  # "the past few days", "the last decade" -> P10Y
        q = None if (m["q"] or plural) else 1
        return Normalized("DURATION", _duration(q, unit), None, None, None)
    return Normalized("DURATION", _duration(None, unit), None, None, None)


@_rule(
    r"(?:every|each|per)\s+(?:other\s+|single\s+)?(?:(?P<q>\d+|two|three|four|five|six|ten|few)\s+)?"
    r"(?P<unit>second|minute|hour|day|night|week|weekend|fortnight|month|quarter|year|decade|years|days"
    r"|weeks|months|hours)"
    rf"|(?:every|each)\s+(?P<wd>{WD})|(?:on\s+)?(?P<wds>{WD})s"
    r"|(?P<adv>daily|weekly|monthly|yearly|annually|annual|hourly|nightly|quarterly|biweekly|fortnightly"
    r"|bi-weekly|biannual|bi-annual|semi-annual|semiannual|twice\s+a\s+(?:day|week|month|year)"
    r"|once\s+a\s+(?:day|week|month|year)|day-to-day|year-round)"
)
def _r_set(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    if m["wd"] or m["wds"]:
        return Normalized("SET", f"XXXX-WXX-{_weekday(m['wd'] or m['wds']) + 1}", None, None, None)
    if m["adv"]:
        adv = re.sub(r"\s+", " ", m["adv"].lower())
        value = {
            "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
            "annual": "P1Y", "hourly": "PT1H", "nightly": "P1D", "quarterly": "P3M", "biweekly": "P2W",
            "bi-weekly": "P2W", "fortnightly": "P2W", "biannual": "P6M", "bi-annual": "P6M",
            "semi-annual": "P6M", "semiannual": "P6M", "day-to-day": "P1D", "year-round": "P1Y",
        }.get(adv)  # fmt: skip
        if value is None:
            value = _duration(1, adv.split()[-1])
        return Normalized("SET", value, None, None, None)
    q = _num(m["q"]) if m["q"] else 1
    if m[0].lower().split()[1] == "other":
        q = 2
    return Normalized("SET", _duration(q, m["unit"]), None, None, None)


@_rule(
    r"(?:(?:right|just|until|till|up\s+to|by|from|for|at|as\s+of)\s+)?(?:now|currently|presently|nowadays)"
    r"|at\s+present|these\s+days|(?:for\s+)?the\s+time\s+being|(?:the\s+)?present[\s-]day"
    r"|(?:more\s+|very\s+|most\s+|only\s+|until\s+|as\s+)?(?:recently|lately)"
    r"|in\s+(?:the\s+)?recent\s+(?:times|history|past)|the\s+recent\s+past|(?:in\s+)?the\s+past"
    r"|in\s+years\s+past|(?:a\s+long\s+time|long|some\s+time|a\s+while)\s+ago"
    r"|(?:very\s+|quite\s+|fairly\s+)?soon|(?:in\s+)?the\s+(?:near\s+|foreseeable\s+|distant\s+)?future"
    r"|(?:in\s+)?the\s+(?:long|short|near|medium|longer)[\s-](?:term|run)"
    r"|(?:long|short|near|medium|longer)-term"
    r"|(?:in\s+)?the\s+(?:coming|next\s+few|next\s+several|following)\s+(?:days|weeks|months|years)"
    r"|the\s+(?:days|weeks|months|years)\s+(?:ahead|to\s+come)|(?:a|some)\s+later\s+(?:date|time|stage)"
    r"|(?:so|thus)\s+far|(?<!up\s)to\s+date"
)
def _r_refs(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    text = re.sub(r"\s+", " ", m[0].lower())
    text = re.sub(
        r"^(?:right|just|until|till|up to|by|from|for|at|as of|in|more|very|most|only|as) ", "", text
    )
    if text in {"so far", "to date", "thus far"}:
        return _ref("PRESENT_REF")
    if re.search(r"recent|lately|past|ago", text):
        return _ref("PAST_REF")
    if re.search(r"soon|future|term|run|coming|next|following|ahead|to come|later", text):
        return _ref("FUTURE_REF")
    return _ref("PRESENT_REF")


@_rule(
    r"the\s+(?:same|corresponding|comparable|equivalent)\s+(?:period|time|month|quarter|week|day|season)"
    r"(?:\s+(?:of|in))?\s+(?P<back>(?:a|one)\s+year\s+(?:ago|earlier|before)|last\s+year"
    r"|the\s+(?:previous|prior"
    r"|last)\s+year|the\s+year\s+before|(?P<n>two|three|\d+)\s+years\s+(?:ago|earlier))"
)
def _r_same_period(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    n = int(_num(m["n"]) or 1) if m["n"] else 1
    ref = ctx.ref_any
    try:
        d = ref.replace(year=ref.year - n)
    except ValueError:  # 29 February
        d = ref.replace(year=ref.year - n, day=28)
    prec = ctx.ref_precision
    if prec in ("minute", "hour", "part_of_day", "day"):
        return _day_norm(d)
    if prec == "week":
        return _week_norm(d)
    if prec == "month":
        return _month_norm(d.year, d.month)
    if prec == "quarter":
        return _quarter_norm(d.year, (d.month - 1) // 3 + 1)
    return _year_norm(d.year)


@_rule(
    r"(?:(?:a|the|its|their)\s+)?"
    r"(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
    r"\s+(?:(?:straight|consecutive|successive)\s+)?(?P<unit>day|week|month|year|session|trading\s+day)"
    r"(?:\s+in\s+a\s+row|\s+running)?"
)
def _r_nth_running(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    # "for a third straight day", "gains for the fourth week in a row": the unit that holds the DCT
    unit = m["unit"].lower()
    if unit in ("day", "session", "trading day"):
        return _day_norm(ctx.day)
    if unit == "week":
        return _week_norm(ctx.day)
    if unit == "month":
        return _month_norm(ctx.day.year, ctx.day.month)
    return _year_norm(ctx.day.year)


@_rule(
    r"(?:(?:the\s+)?(?:very\s+)?(?P<mod>beginning|start|end|middle|close)\s+of\s+)?"
    r"(?P<rel>the|this|last|next|the\s+current|the\s+previous|the\s+next|the\s+last|the\s+coming)\s+"
    r"(?:fiscal|financial)\s+year"
)
def _r_fiscal(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    k = {"last": -1, "the previous": -1, "the last": -1, "next": 1, "the next": 1, "the coming": 1}.get(
        rel, 0
    )
    return Normalized("DATE", f"FY{ctx.day.year + k}", None, None, "year")


@_rule(
    rf"(?:the\s+)?(?P<ord>first|second|third|fourth|last|final)\s+(?P<unit>week|weekend)\s+(?:of|in)\s+"
    rf"(?P<mon>{MON})(?:,?\s+(?P<year>{YEAR}))?"
)
def _r_week_of_month(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    mo = _month(m["mon"])
    n = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(m["ord"].lower(), -1)
    weekend = m["unit"].lower() == "weekend"

    def make(y: int) -> Normalized:
        last = (_month_start(y, mo + 1) - _DAY).day
        day = 7 * n - 3 if n > 0 else last - 3  # the middle day of the n-th (or last) seven days
        return _week_norm(dt.date(y, mo, day), weekend=weekend)

    if m["year"]:
        return make(int(m["year"]))
    y = ctx.day.year
    return _pick(make, (y - 1, y, y + 1), ctx)


@_rule(
    r"(?:(?:the\s+)?(?P<mod>start|end|beginning|close|middle)\s+of\s+|(?P<mod2>early|late)\s+in\s+)?"
    r"(?P<det>the|that|this)\s+(?:same\s+|very\s+)?day",
    find=r"(?:(?:the\s+)?(?:start|end|beginning|close|middle)\s+of\s+|(?:early|late)\s+in\s+)"
    r"(?:the|that)\s+day",
)
def _r_the_day(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    day = ctx.day if m["det"].lower() == "this" else ctx.ref_day
    return _day_norm(day, _mod_of(m["mod"] or m["mod2"]))


@_rule(
    rf"(?:(?P<mod>early|late)\s+)?(?P<part>{PART})",
    # the model does not always tag "at night" / "during the night": search for it (the preposition
    # is trimmed off the span)
    find=r"(?:at|during|throughout|through|in|over(?=\s+the\s))\s+(?:the\s+)?(?:night|nighttime|night-time)",
)
def _r_bare_part(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    part = m["part"].lower()
    if part == "overnight":
        return _pod_norm(ctx.day if ctx.tense == "future" else ctx.day - _DAY, "NI")
    if _PARTS[part] == "NI":
        return _bare_night(ctx)
    return _pod_norm(ctx.ref_day, _PARTS[part])


@_rule(
    r"(?P<past>earlier|recent|previous|prior|former|past|once|then|before|history|historic|historical)"
    r"|(?P<present>current|ongoing|present|existing|contemporary|modern|today's|now|nowadays)"
    r"|(?P<future>later|future|upcoming|forthcoming|eventually|afterwards|someday|subsequently|next)",
    find=False,
)
def _r_bare_ref(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    return _ref("PAST_REF" if m["past"] else "PRESENT_REF" if m["present"] else "FUTURE_REF")


_COMPILED = [(re.compile(p, re.I), fn) for p, fn in _RULES]


# --------------------------------------------------------------------------------------------------
# Normalization


_LEAD = re.compile(
    r"^(?:(?:on|in|at|since|by|until|till|from|for|during|throughout|through|before|after|as\s+of|of"
    r"|to(?!\s+date\b)|into|between|around(?=\s+\d{4})|over(?=\s+the\s)|starting|beginning|ending"
    r"|effective|circa|c\.)\s+)+",
    re.I,
)
_TRAIL = re.compile(r"(?:'s|’s|'|’|[\s,.;:!?)(\"“”])+$")


def _clean(text: str) -> str:
    s = re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip()
    s = (
        _TRAIL.sub("", s)
        if not re.search(r"\b[ap]\.m\.$|\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.$", s, re.I)
        else s
    )
    s = _LEAD.sub("", s)
    return s


def _normalize_clean(s: str, ctx: _Ctx) -> Normalized | None:
    for rx, fn in _COMPILED:
        m = rx.fullmatch(s)
        if m:
            out = fn(m, ctx)
            if out is not None:
                return out
    return None


def normalize(
    text: str,
    *,
    published: dt.date | dt.datetime | str,
    tense: str | None = None,
    reference: dt.date | None = None,
) -> Normalized | None:
    """Normalize one time expression against the DCT ``published``.

    ``tense`` ("past", "present", "future" or None) decides underspecified expressions (weekdays,
    months and dates without a year, bare quarters and seasons). ``reference`` is the anaphoric
    anchor for "the previous day", "that year" or a bare clock time (defaults to the DCT).
    Returns None when the text is not a time expression this module understands.
    """
    dct = parse_published(published)
    ref = reference or dct.date()
    ctx = _Ctx(dct=dct, tense=tense, ref_day=ref, ref_any=ref)
    s = _clean(text)
    if not s:
        return None
    return _normalize_clean(s, ctx) or _dateparser_fallback(s, ctx)


def _dateparser_fallback(s: str, ctx: _Ctx) -> Normalized | None:
    """Absolute dates the grammar does not know ("5th of March, 2024", "2024/03/05"), via dateparser.

    Only texts with a digit and a month name or a date-like digit pattern are tried: dateparser happily
    turns "the day" or "overnight" into the relative base, and those are handled above.
    """
    low = s.lower()
    if not re.search(r"\d", low) or not (
        re.search(rf"\b{MON}", low) or re.search(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}", low)
    ):
        return None
    try:
        from dateparser.date import DateDataParser
    except ImportError:  # pragma: no cover - optional at runtime
        return None
    settings = {
        "RELATIVE_BASE": ctx.dct,
        "PREFER_DATES_FROM": "future" if ctx.tense == "future" else "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(s)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input
        return None
    value = data.date_obj if data else None
    if value is None:
        return None
    period = getattr(data, "period", None) or "day"
    d = value.date()
    if period == "year":
        return _year_norm(d.year)
    if period == "month":
        return _month_norm(d.year, d.month)
    if period == "week":
        return _week_norm(d)
    if period == "time" and (value.hour or value.minute):
        return _time_norm(d, f"{value.hour}:{value.minute:02d}", None)
    return _day_norm(d)


# --------------------------------------------------------------------------------------------------
# Tense of the governing verb

_FUTURE_AUX = {"will", "shall", "'ll", "wo", "ll"}
_PROSPECTIVE_AUX = {"can", "could", "may", "might", "should", "must", "ought"}
_PROSPECTIVE_VERBS = {
    "expect",
    "plan",
    "schedule",
    "set",
    "due",
    "intend",
    "hope",
    "aim",
    "want",
    "seek",
    "prepare",
}


def _verb_tense(v) -> str | None:
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    lowers = {a.lower_ for a in auxes}
    if lowers & _FUTURE_AUX:
        return "future"
    if any(a.lower_ == "going" for a in auxes) and any(c.lower_ == "to" for c in v.children):
        return "future"
    if any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if v.lemma_ in _PROSPECTIVE_VERBS and v.tag_ != "VBD":
        return "future"  # "has been scheduled for June 3", "expects ... in October"
    if lowers & _PROSPECTIVE_AUX:
        return "future"
    if lowers & {"would"}:
        return None
    if any(a.lemma_ == "have" for a in auxes) and v.tag_ == "VBN":
        return "past"
    if v.tag_ == "VBD":
        return "past"
    if v.tag_ == "VBN" and not auxes and v.dep_ in ("amod", "acl", "advcl", "relcl"):
        return "past"
    if v.tag_ == "VBG" and not auxes and v.dep_ in ("advcl", "acl", "xcomp", "pcomp", "amod", "conj"):
        return "none"  # "resulting in closures during the fourth quarter": no tense of its own
    if v.tag_ in ("VBZ", "VBP") or (
        v.tag_ in ("VBG", "VBN") and any(a.tag_ in ("VBZ", "VBP") for a in auxes)
    ):
        if v.lemma_ in _PROSPECTIVE_VERBS:
            return "future"
        if v.tag_ == "VBG" and any(a.lemma_ == "be" for a in auxes):
            return "present"
        return "present"
    return None


def infer_tense(span) -> str | None:
    """Tense ("past", "present", "future") of the verb that governs a spaCy span, or None.

    Infinitives defer to the verb that governs them ("were scheduled to meet on Thursday" is past,
    "is expected to meet on Monday" future); an infinitive that modifies a noun or heads a headline
    ("an event to be held on Oct. 12", "Markets to remain closed until Friday") looks ahead.
    """
    tok = span.root
    infinitive = False
    for _ in range(12):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            if any(c.dep_ in ("aux", "mark") and c.lower_ == "to" for c in tok.children):
                if tok.dep_ in ("acl", "relcl", "ROOT", "advcl"):
                    return "future"
                infinitive = True
            else:
                t = _verb_tense(tok)
                if t == "none":
                    return None
                if t is not None:
                    return "future" if infinitive and t == "present" else t
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None


# --------------------------------------------------------------------------------------------------
# Finding expressions in a Doc

_CAP_WORDS = re.compile(
    rf"\b(?:{MON_FULL}|{WD}|may|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|mon|tues?|wed|thu|thurs?|fri"
    r"|sat|sun|christmas|halloween|boxing)\b",
    re.I,
)
_AGE = re.compile(
    r"\d+[\s-]*(?:years?|months?|weeks?|days?)[\s-]*olds?\b|\b(?:aged?|ages)\s+\d|\bage\s+of\b"
    r"|^(?!(?:1[5-9]|20)\d\d$)(?!\d0s$)\d+s?$|^(?:his|her|their|its|my|our|your)\s+",
    re.I,
)
_AGE_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:aged?|ages|age\s+of|in\s+(?:his|her|their|my|your|our)(?:\s+(?:early|mid|late))?))\s*$", re.I
)
_AGE_CONTEXT_AFTER = re.compile(r"^[\s-]*(?:olds?\b|of\s+age\b)", re.I)
_SET_CONTEXT_BEFORE = re.compile(
    r"(?:\d|%|\bper\s*cent|\btimes|\bbillion|\bmillion|\bonce|\btwice|\bthrice)\W*$", re.I
)


def _candidate_ok(text: str, m_text: str, start: int, end: int) -> bool:
    """Guards for regex candidates found in running text."""
    # Month and weekday names must be capitalized ("may", "march", "sun" are ordinary words).
    for w in _CAP_WORDS.finditer(m_text):
        word = w.group(0)
        if not word[0].isupper():
            return False
        if (
            word.lower() in {"may", "march"}
            and not re.search(r"\d", m_text)
            and not re.search(
                r"(?i)\b(?:in|since|by|until|early|late|mid|last|next|this|of|before|after|during|from)\s+$",
                text[max(0, start - 12) : start],
            )
        ):
            return False
    if _AGE_CONTEXT_BEFORE.search(text[max(0, start - 20) : start]):
        return False
    if _AGE_CONTEXT_AFTER.match(text[end : end + 12]):
        return False
    return True


def _is_age_or_number(text: str, span_start: int, span_end: int, full: str) -> bool:
    if _AGE.search(text) and not re.search(r"\b(?:1[5-9]|20)\d\ds\b", text):
        return True
    if _AGE_CONTEXT_BEFORE.search(full[max(0, span_start - 20) : span_start]) and re.search(r"\d", text):
        return True
    if _AGE_CONTEXT_AFTER.match(full[span_end : span_end + 12]):
        return True
    if not re.search(r"[a-zA-Z]", text) and not re.fullmatch(
        r"(?:1[5-9]|20)\d\d|\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4}|'\d\d|\d{1,2}[:.]\d\d", text.strip()
    ):
        return True
    return False


def _has_trigger(text: str) -> bool:
    words = re.findall(r"[a-z]+(?:'s)?", text.lower())
    return any(w in _TRIGGERS or w.rstrip("s") in _TRIGGERS for w in words) or bool(
        re.search(r"\b(?:1[5-9]|20)\d\d\b|\d{1,2}[:.]\d\d", text)
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading prepositions and trailing possessives/punctuation from a span (char offsets)."""
    seg = text[start:end]
    m = _LEAD.match(seg)
    if m and m.end() < len(seg):
        start += m.end()
        seg = text[start:end]
    keep_dot = re.search(r"\b[ap]\.m\.$|\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.$", seg, re.I)
    if not keep_dot:
        t = _TRAIL.search(seg)
        if t and t.start() > 0:
            end = start + t.start()
            if seg.count("(") > seg[: t.start()].count(")") and ")" in seg[t.start() :]:
                end = start + seg.rindex(")") + 1
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip())
    return start + lead, start + len(seg.rstrip())


_YEAR_CONTEXT = re.compile(
    r"(?i)(?:\b(?:in|since|by|until|till|from|during|of|before|after|to|through|early|late|mid|between|and|or"
    r"|year|years|spring|summer|autumn|fall|winter|season|fiscal|circa|around|about)\s+|[-–,]\s*)$"
)


def _rule_matches(text: str, ctx: _Ctx, date_chars: set[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]  # expressions never span lines
    for (rx, _fn), (ls, le) in ((f, ln) for f in _FINDERS for ln in lines):
        for m in rx.finditer(text, ls, le):
            s, e = m.span()
            if e <= s:
                continue
            s, e = _trim(text, s, e)
            seg = text[s:e]
            if e <= s or not _candidate_ok(text, seg, s, e):
                continue
            if re.fullmatch(r"'\d\d", seg) and not _YEAR_CONTEXT.search(text[max(0, s - 16) : s]):
                continue
            if re.fullmatch(r"\d{4}", seg) and s not in date_chars:
                # a bare number is a year only where the model says DATE or the context is temporal
                if not _YEAR_CONTEXT.search(text[max(0, s - 16) : s]) and not re.match(
                    r"\s*[,)]", text[e : e + 2]
                ):
                    continue
            if _normalize_clean(_clean(seg), ctx) is None:
                continue
            out.append((s, e))
    return out


def _select(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest-first selection of non-overlapping spans."""
    chosen: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0])):
        if all(e <= cs or s >= ce for cs, ce in chosen):
            chosen.append((s, e))
    return sorted(chosen)


_FINDERS = [(re.compile(rf"(?<![\w'’-])(?:{p})(?![\w-]|['’](?!s\b)\w)", re.I), fn) for p, fn in _FIND]


def find_time_expressions(doc, *, published: dt.date | dt.datetime | str) -> Iterator[TimeExpression]:
    """Yield the time expressions of a spaCy ``Doc``, normalized against the DCT ``published``.

    Candidates are the model's DATE/TIME entities (merged where the model split one expression)
    plus rule matches for what the small model misses; ages and bare numbers are dropped.
    Offsets are char offsets into ``doc.text``.
    """
    dct = parse_published(published)
    text = doc.text
    date_chars = {
        i for ent in doc.ents if ent.label_ in ("DATE", "TIME") for i in range(ent.start_char, ent.end_char)
    }
    rule_spans = _select(_rule_matches(text, _Ctx(dct, None, dct.date(), dct.date()), date_chars))
    spans: list[tuple[int, int, str]] = [(s, e, "rule") for s, e in rule_spans]
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        s, e = _trim(text, ent.start_char, ent.end_char)
        if e <= s:
            continue
        seg = text[s:e]
        if _is_age_or_number(seg, s, e, text) or not _has_trigger(seg):
            continue
        overlapping = [(rs, re_) for rs, re_ in rule_spans if rs < e and re_ > s]
        if overlapping:
            continue  # the rule readings are the precise ones
        spans.append((s, e, ent.label_))
    spans.sort()

    ref_day = ref_any = dct.date()
    ref_precision: str | None = "day"
    for i, (s, e, source) in enumerate(spans):
        seg = text[s:e]
        if _is_age_or_number(seg, s, e, text):
            continue
        named = _NAMED_DAY.search(text[max(0, s - 16) : s])
        if named and re.fullmatch(WD, seg, re.I):  # "Black Monday", "Good Friday": a name, not this week
            s -= len(named.group(0))
            yield TimeExpression(text[s:e], s, e, "DATE", "XXXX-XX-XX", None, None, None)
            continue
        if re.fullmatch(r"\d{4}", seg) and _is_name_part(text, s, e):
            continue  # "Russell 2000 Index", "Vision 2030"
        span = doc.char_span(s, e, alignment_mode="expand")
        tense = infer_tense(span) if span is not None else None
        cleaned = _clean(seg)
        anchor = ref_day
        if re.fullmatch(rf"(?i)(?:{CLOCK})(?:{TZ})?", cleaned) and i + 1 < len(spans):
            # a bare clock time takes its day from a date right after it: "at 16:15 UTC, June 1"
            ns, ne, _ = spans[i + 1]
            if re.fullmatch(r"\s*,?\s*(?:on\s+)?", text[e:ns]):
                nxt = _normalize_clean(_clean(text[ns:ne]), _Ctx(dct, tense, ref_day, ref_any, ref_precision))
                if nxt is not None and nxt.precision == "day" and nxt.interval_start is not None:
                    anchor = nxt.interval_start.date()
        ctx = _Ctx(dct=dct, tense=tense, ref_day=anchor, ref_any=ref_any, ref_precision=ref_precision)
        norm = _normalize_clean(cleaned, ctx) if cleaned else None
        if norm is None and cleaned:
            norm = _dateparser_fallback(cleaned, ctx)
        if norm is None:
            if source == "rule":
                continue
            norm = Normalized(
                source if source in ("DATE", "TIME") else "DATE", "XXXX-XX-XX", None, None, None
            )
        # "a year" after an amount is a rate: "$40 a year", "twice a week"
        if (
            norm.type == "DURATION"
            and re.fullmatch(r"(?i)an?\s+\w+", cleaned)
            and _SET_CONTEXT_BEFORE.search(text[max(0, s - 25) : s])
        ):
            norm = Normalized("SET", norm.value, None, None, None)
        yield TimeExpression(
            text=seg,
            start=s,
            end=e,
            type=norm.type,
            value=norm.value,
            interval_start=norm.interval_start,
            interval_end=norm.interval_end,
            precision=norm.precision,
        )
        if norm.interval_start is not None and norm.type in ("DATE", "TIME"):
            day = _part_day(norm.value) if norm.precision == "part_of_day" else norm.interval_start.date()
            if norm.precision in ("minute", "hour", "part_of_day", "day"):
                ref_day = day
            ref_any, ref_precision = day, norm.precision


_NOT_NAMES = {
    "in", "since", "by", "until", "till", "from", "during", "of", "before", "after", "early", "late", "mid",
    "summer", "spring", "autumn", "fall", "winter", "fiscal", "fy", "year", "between", "through", "to",
    "and", "or", "around", "about", "circa", "on", "at", "as", "than", "for", "the", "within", "only",
}  # fmt: skip


def _is_name_part(text: str, s: int, e: int) -> bool:
    """A bare four-digit number between capitalized words (not temporal ones) is part of a name."""
    m = re.search(r"\b([A-Z][\w&.-]*)\s+$", text[max(0, s - 30) : s])
    if not m:
        return False
    word = m.group(1).lower()
    if word in _NOT_NAMES or word.rstrip(".") in _MONTHS:
        return False
    return bool(re.match(r"[ \t]+[A-Z]", text[e : e + 3]))  # "Russell 2000 Index" (but "WWDC 2005" is a year)


_NAMED_DAY = re.compile(
    r"\b(?:Black|Bloody|Good|Holy|Ash|Palm|Easter|Super|Cyber|Blue|Maundy|Shrove|Whit|Fat|Giving)\s+$"
)


def _part_day(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


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
