"""Word lists: months, weekdays, numbers, parts of the day (and what counts as night), seasons, units, holidays."""

from __future__ import annotations

import re

from sitrep.words import SMALL_NUMBERS, TENS

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
_SMALL = SMALL_NUMBERS
_TENS = TENS
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

# The night, defined once: timex's NI, the timeline's loose dates (a night event may be dated by either
# of its days) and the charts' night bars all ask ``mentions_night``.
#: Words that name the night.
NIGHT_WORDS = ("night", "nights", "overnight", "nighttime", "night-time", "nightly", "tonight")
#: Words for a night's edges, which a report may date by either day.
NIGHT_EDGE_WORDS = ("midnight", "dawn", "pre-dawn", "early morning", "small hours", "before sunrise", "late evening")
#: The TIMEX3 ``NI`` interval in hours from the start of the day it is named by (18:00 to 06:00).
NIGHT_HOURS = _PART_HOURS["NI"]
#: A regular expression for ``NIGHT_WORDS`` (case-insensitive).
NIGHT_PATTERN = r"\b(?:" + "|".join(NIGHT_WORDS) + r")\b"
_NIGHT_RX = re.compile(NIGHT_PATTERN, re.I)
_NIGHT_EDGE_RX = re.compile(r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in NIGHT_EDGE_WORDS) + r")\b", re.I)


def mentions_night(text: str | None, *, edges: bool = False) -> bool:
    """Whether ``text`` names the night ("overnight", "Thursday night"); with ``edges`` also its edges
    ("at dawn", "in the early morning", "around midnight")."""
    if not text:
        return False
    return bool(_NIGHT_RX.search(text) or (edges and _NIGHT_EDGE_RX.search(text)))
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
