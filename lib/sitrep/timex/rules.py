"""The normalization rules (pattern -> handler, first full match wins) and :func:`normalize`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from sitrep.timex.grammar import (
    APPROX,
    CLOCK,
    DAY,
    DAY_ABS,
    DAYNUM,
    MON,
    MON_FULL,
    ORD,
    PART,
    QUANT,
    SEASON,
    TZ,
    UNIT,
    UNIT_ADJ,
    WD,
    WD_ABBR,
    YEAR,
    _Ctx,
    _duration,
    _mod_of,
    _month,
    _num,
    _unit_key,
    _weekday,
    _year4,
)
from sitrep.timex.intervals import (
    _DAY,
    PRECISIONS,
    Normalized,
    _add_months,
    _at,
    _century_norm,
    _day_norm,
    _decade_norm,
    _half_norm,
    _month_norm,
    _month_start,
    _pick,
    _pod_norm,
    _quarter_norm,
    _ref,
    _resolve_day,
    _season_norm,
    _time_norm,
    _valid,
    _week_norm,
    _year_norm,
    parse_published,
)
from sitrep.timex.lexicon import _DECADE_WORDS, _HOLIDAYS, _ORDINALS, _PARTS, _SEASONS, _UNITS

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


@_rule(rf"(?P<h>\d{{1,3}}):(?P<mi>[0-5]\d):(?P<s>[0-5]\d)(?:\.\d+)?(?P<tz>{TZ}|\s*[ap]\.?\s?m\b\.?)?")
def _r_clock_duration(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    """H:MM:SS is an elapsed time ("finished in 3:07:35", "2:03:23 hours") unless a zone or a.m./p.m. makes
    it a time of day ("14:05:30 UTC": that minute)."""
    h, mi, sec = int(m["h"]), int(m["mi"]), int(m["s"])
    if m["tz"]:
        ampm = re.fullmatch(r"\s*[ap]\.?\s?m\.?", m["tz"], re.I)
        return _time_norm(ctx.ref_day, f"{h}:{mi:02d}" + (m["tz"] if ampm else ""), None if ampm else m["tz"])
    parts = "".join(f"{n}{u}" for n, u in ((h, "H"), (mi, "M"), (sec, "S")) if n)
    return Normalized("DURATION", "PT" + (parts or "0S"), None, None, None)


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
    # "the next/coming week" is a duration, not a calendar unit; "the past/last week" is the week before
    # the current one (as "last week"), like HeidelTime
    durative = {"the next", "the coming", "the upcoming"}
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
    r"|(?P<unit3>years|decades|months|weeks|days|hours|minutes|seconds)(?:[\s-]+long)?"
    r"|(?:(?:for|over)\s+)?(?P<q2>many|several|some|a\s+few|few|countless|recent)\s+"
    r"(?P<unit4>years|decades|months|weeks|days|hours)",
    find=rf"(?:(?:{APPROX}|the)\s+)*(?:past|last|previous|next|coming|following|recent|preceding|final)"
    r"\s+(?:(?:few|several|many|couple\s+of)\s+)?(?:years|decades|months|weeks|days|hours|decade|century)"
    r"|(?:for|over)\s+(?:the\s+)?(?:recent\s+)?(?:years|decades|months|weeks)"
    r"|(?:(?:for|over)\s+)?(?:many|several|a\s+few|countless|recent)\s+(?:years|decades|months|weeks|days)"
    r"|(?<=\bin\s)(?:seconds|minutes|hours)|(?<=\bwithin\s)(?:seconds|minutes|hours|days|weeks)",
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
    return _unit_of(d, ctx.ref_precision)


def _unit_of(d: dt.date, prec: str | None) -> Normalized:
    """The calendar unit of precision ``prec`` that holds ``d`` (a day for finer precisions, a year for coarser)."""
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


# Ranges: "from 2009 to 2011", "between March and May", "2014-2016". TIMEX3 writes a range as a DURATION
# whose beginPoint and endPoint are the two dates; here the range carries the interval from the start of the
# first to the end of the second, and ``find`` also yields the two points.
_POINT = rf"(?:{DAY_ABS}|{MON}(?:,?\s+{YEAR})?|{YEAR}|{WD})"
_RANGE_RX = rf"(?P<a>{_POINT})(?:\s+(?P<conn>to|until|till|through|and)\s+|\s*[-–]\s*(?=\d))(?P<b>{_POINT})"
_RANGE_UNITS = {"day": ("D", 1), "week": ("W", 7), "month": ("M", 0), "quarter": ("M", 0), "year": ("Y", 0)}


@_rule(
    _RANGE_RX,
    find=rf"(?<=\bfrom\s){_POINT}\s+(?:to|until|till|through)\s+{_POINT}|(?<=\bbetween\s){_POINT}\s+and\s+{_POINT}"
    rf"|{YEAR}\s*[-–]\s*{YEAR}",
)
def _r_range(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    a, b = _range_points(m["a"], m["b"], ctx)
    if a is None or b is None or a.type != "DATE" or b.type != "DATE" or b.interval_start < a.interval_start:
        return None
    unit = max((a.precision, b.precision), key=PRECISIONS.index)
    if unit not in _RANGE_UNITS:
        return None
    letter, days = _RANGE_UNITS[unit]
    s, e = a.interval_start, b.interval_start
    n = (e - s).days // days if days else (e.year - s.year) * (12 if letter == "M" else 1) + (
        e.month - s.month if letter == "M" else 0
    )
    return Normalized("DURATION", f"P{n}{letter}", a.interval_start, b.interval_end, unit)


def _range_points(a_s: str, b_s: str, ctx: _Ctx) -> tuple[Normalized | None, Normalized | None]:
    """Both points of a range; a point without a year takes the other's ("March 3 to March 5, 2024",
    "between November and February": the February after that November)."""
    a, b = _normalize_clean(a_s, ctx), _normalize_clean(b_s, ctx)
    if a is None or b is None or a.interval_start is None or b.interval_start is None:
        return None, None
    if b.interval_start >= a.interval_start:
        return a, b
    has_year = re.compile(rf"{YEAR}")
    if not has_year.search(b_s) and re.search(MON, b_s, re.I):
        for y in (a.interval_start.year, a.interval_start.year + 1):
            bb = _normalize_clean(f"{b_s} {y}", ctx)
            if bb is not None and bb.interval_start is not None and bb.interval_start >= a.interval_start:
                return a, bb
    if not has_year.search(a_s) and re.search(MON, a_s, re.I):
        for y in (b.interval_start.year, b.interval_start.year - 1):
            aa = _normalize_clean(f"{a_s} {y}", ctx)
            if aa is not None and aa.interval_start is not None and aa.interval_start <= b.interval_start:
                return aa, b
    return None, None


def range_points(text: str) -> tuple[tuple[int, int], tuple[int, int], str] | None:
    """The offsets of a range's two points in ``text`` (a cleaned range expression) and its connective."""
    m = re.fullmatch(_RANGE_RX, text, re.I)
    return (m.span("a"), m.span("b"), (m["conn"] or "-").lower()) if m else None


@_rule(
    r"(?:the|that)\s+(?:very\s+|same\s+)?time",
    find=r"(?<=\bat\s)(?:the|that)\s+(?:very\s+|same\s+)?time(?!\s+(?:of|when|being|to|for|that|it|in)\b)"
    r"|(?<=\bby\s)(?:that|the)\s+time(?!\s+(?:of|when|to|for|that|it|in|we|they|he|she|you|I)\b)",
)
def _r_the_time(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    """"At the time", "by that time": the time the text last named, at its precision; before any date
    was named, the past (or the future, in a clause that looks ahead)."""
    if ctx.ref_any != ctx.day:
        return _unit_of(ctx.ref_any, ctx.ref_precision)
    return _ref("FUTURE_REF" if ctx.tense == "future" else "PAST_REF")


@_rule(
    r"(?P<past>earlier|recent|previous|prior|former|past|once|then|before|history|historic|historical)"
    r"|(?P<present>current|ongoing|present|existing|contemporary|modern|today's|now|nowadays)"
    r"|(?P<future>later|future|upcoming|forthcoming|eventually|afterwards|someday|subsequently|next)",
    find=False,
)
def _r_bare_ref(m: re.Match[str], ctx: _Ctx) -> Normalized | None:
    return _ref("PAST_REF" if m["past"] else "PRESENT_REF" if m["present"] else "FUTURE_REF")


# a bare "recent"/"current" before a noun ("the recent losses", "the current state"); the rest of _r_bare_ref's
# words are normalized only (in a span the model found)
_FIND.append((r"recent(?=\s+[a-z])|current(?=\s+(?!accounts?\b|affairs\b)[a-z])", _r_bare_ref))

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
