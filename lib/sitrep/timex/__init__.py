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
references carry none, except a range ("from 2009 to 2011": a DURATION ``P2Y`` over 2009-01-01 to
2012-01-01), which is followed by its two points as DATEs, as TIMEX3's beginPoint/endPoint.

Public API::

    normalize(text, *, published, tense=None, reference=None) -> Normalized | None
    parse_value(value) -> Normalized | None        (a TIMEX3 value back to its interval)
    acled_time_precision(precision) -> int

Modules, in dependency order: ``lexicon`` (word lists, the night), ``grammar`` (pattern pieces,
small parsers), ``intervals`` (values and intervals, ``parse_value``), ``rules`` (the normalization
grammar, ``normalize``), ``tense`` (the governing verb), ``find`` (running text).
"""

from sitrep.timex.find import find_time_expressions
from sitrep.timex.intervals import PRECISIONS, Normalized, acled_time_precision, parse_published, parse_value
from sitrep.timex.lexicon import NIGHT_EDGE_WORDS, NIGHT_HOURS, NIGHT_PATTERN, NIGHT_WORDS, mentions_night
from sitrep.timex.rules import normalize
from sitrep.timex.tense import infer_tense

__all__ = [
    "NIGHT_EDGE_WORDS",
    "NIGHT_HOURS",
    "NIGHT_PATTERN",
    "NIGHT_WORDS",
    "PRECISIONS",
    "Normalized",
    "acled_time_precision",
    "find_time_expressions",
    "infer_tense",
    "mentions_night",
    "normalize",
    "parse_published",
    "parse_value",
]
