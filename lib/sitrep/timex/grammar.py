"""The regular grammar of time expressions (case-insensitive pattern pieces) and the small parsers of its parts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sitrep.timex.lexicon import _MONTHS, _SMALL, _TENS, _UNCOUNTED_UNIT, _UNITS, _WEEKDAYS

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
    r"(?:(?:[01]?\d|2[0-3]):[0-5]\d(?!:\d)(?:\s*(?:[ap]\.?\s?m\b\.?))?"  # not the H:MM of H:MM:SS
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
