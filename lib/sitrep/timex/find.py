"""Finding time expressions in a spaCy ``Doc``: NER spans plus rule matches, anchored and normalized in order."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from sitrep.nlp import doc_text
from sitrep.timex.grammar import CLOCK, MON_FULL, TZ, WD, _Ctx
from sitrep.timex.intervals import Normalized, _time_norm, parse_published
from sitrep.timex.lexicon import _MONTHS, _TRIGGERS
from sitrep.timex.rules import _FIND, _LEAD, _TRAIL, _clean, _dateparser_fallback, _normalize_clean, range_points
from sitrep.timex.tense import infer_tense
from sitrep.types import TimeExpression

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
        r"(?:1[5-9]|20)\d\d|\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4}|'\d\d|\d{1,2}[:.]\d\d|\d{1,3}:\d\d:\d\d(?:\.\d+)?",
        text.strip(),
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
    haystack, finders = text.lower(), _FINDERS_LOWER
    if len(haystack) != len(text):  # a character whose lower case is longer ("İ"): offsets would shift
        haystack, finders = text, _FINDERS
    for (rx, _fn), (ls, le) in ((f, ln) for f in finders for ln in lines):
        for m in rx.finditer(haystack, ls, le):
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
# The same patterns, case-sensitive with their letters in lower case, for the lower-cased text: Python's ``re``
# scans about twice as fast without IGNORECASE (escapes such as ``\S`` keep their case).
_FINDERS_LOWER = [(re.compile(re.sub(r"(?<![\\?])[A-Z]", lambda m: m.group().lower(), rx.pattern)), fn)
                  for rx, fn in _FINDERS]


def find_time_expressions(doc, *, published: dt.date | dt.datetime | str) -> Iterator[TimeExpression]:
    """Yield the time expressions of a spaCy ``Doc``, normalized against the DCT ``published``.

    Candidates are the model's DATE/TIME entities (merged where the model split one expression)
    plus rule matches for what the small model misses; ages and bare numbers are dropped.
    Offsets are char offsets into ``doc.text``.
    """
    dct = parse_published(published)
    text = doc_text(doc)
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
        norm = _in_context(norm, cleaned, text, s, e, ctx)
        if norm is None:
            continue
        parts: list[tuple[int, int, Normalized]] = []
        if norm.type == "DURATION" and norm.interval_start is not None and (pts := range_points(seg)):
            # a range: its two points follow it; "March and May" without "between" is two dates, no range
            for ps, pe in pts[:2]:
                pn = _normalize_clean(_clean(seg[ps:pe]), ctx)
                if pn is not None:
                    parts.append((s + ps, s + pe, pn))
            if pts[2] == "and" and not re.search(r"(?i)\bbetween\s+$", text[max(0, s - 12) : s]):
                norm = None
        items = ([(s, e, norm)] if norm is not None else []) + parts
        for s_, e_, n_ in items:
            yield TimeExpression(
                text=text[s_:e_],
                start=s_,
                end=e_,
                type=n_.type,
                value=n_.value,
                interval_start=n_.interval_start,
                interval_end=n_.interval_end,
                precision=n_.precision,
            )
            if n_.interval_start is not None and n_.type in ("DATE", "TIME"):
                day = _part_day(n_.value) if n_.precision == "part_of_day" else n_.interval_start.date()
                if n_.precision in ("minute", "hour", "part_of_day", "day"):
                    ref_day = day
                ref_any, ref_precision = day, n_.precision


# Context that decides a reading the expression alone cannot
_ANNUAL_AMOUNT = re.compile(
    r"\s+(?:net\s+|operating\s+|pre-tax\s+|pretax\s+)?(?:profits?|loss(?:es)?|revenues?|sales|earnings|income"
    r"|results|turnover|output|production|growth|deficit|surplus|budget|spending|costs?|rate|salary|pay|bonus)\b",
    re.I,
)
_PREDICATE_BEFORE = re.compile(r"(?i)\b(?:is|was|be|been|being|are|were|not|'s)\s+$")
_FRACTION = re.compile(r"(?i)(?:(?:about|around|roughly|nearly|almost|some|over|more\s+than|less\s+than|only|just)\s+)?"
                       r"(?:a|one)\s+(?:quarter|half|third)")
_TODAY_GENERIC = re.compile(
    r"(?:'s|’s)\s+(?:[A-Z]\w*|world|society|economy|youth|generation|standards?|markets?|climate|era|age|reality"
    r"|realities|politics|environment|army|military|forces|warfare|battlefield|conflicts?|wars?|media|children"
    r"|technology|threats?)\b"
)


def _in_context(norm: Normalized, cleaned: str, text: str, s: int, e: int, ctx: _Ctx) -> Normalized | None:
    """Readings that depend on the words around the expression; None drops it.

    * "annual" before an amount ("annual profit") is the year the amount covers (P1Y), otherwise a SET;
    * "a day"/"a difficult day" as a predicate ("this is a difficult day", "not a day ...") is no duration;
    * "a quarter" followed by "of" is a fraction ("about a quarter, of its dealers");
    * "today's" before a generic noun or a name ("today's world", "today's GM") is the present, not the day;
    * H:MM:SS after "at" is the time of day, not an elapsed time.
    """
    low = cleaned.lower()
    after, before = text[e : e + 40], text[max(0, s - 12) : s]
    if low in {"annual", "annually"} and norm.type == "SET":
        if _ANNUAL_AMOUNT.match(after):
            return Normalized("DURATION", "P1Y", None, None, None)
    if norm.type == "DURATION" and re.fullmatch(r"an?\s+(?:[a-z]+\s+)?(?:day|week|month|year)", low):
        if _PREDICATE_BEFORE.search(before):
            return None
    if _FRACTION.fullmatch(cleaned) and re.match(r"\s*,?\s*of\b", after):
        return None
    if low == "today" and _TODAY_GENERIC.match(after):
        return Normalized("DATE", "PRESENT_REF", None, None, None)
    clock_like = re.fullmatch(r"\d{1,2}:\d\d:\d\d", cleaned)
    if norm.value.startswith("PT") and clock_like and re.search(r"(?i)\bat\s+$", before):
        h, mi, _ = cleaned.split(":")
        return _time_norm(ctx.ref_day, f"{int(h)}:{mi}", None) or norm
    return norm


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
