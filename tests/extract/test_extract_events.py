"""Events and the claim ledger from hand-written passages in the styles the extractor meets.

Every passage below is written for these tests (none is copied from the sample). All of them go through
``sitrep.extract.extract_articles`` once per module; each test then looks at the events of one passage.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from sitrep.extract import extract_articles
from sitrep.nlp import load_pipeline
from sitrep.types import Article

PUBLISHED = dt.date(2025, 11, 20)  # a Thursday

PASSAGES = {
    # a regional administration's Telegram post: "Name, title:" header, casualties over three sentences
    "header": (
        "Oleh Syniehubov, head of Kharkiv Regional Military Administration: Russian forces struck Chuhuiv with "
        "drones on Tuesday evening. Three people were killed, including a child. Five more people were injured. "
        "Two more people were later found injured under the rubble."
    ),
    # the Ukrainian Air Force's morning summary
    "air_force": (
        "On the night of November 19, the enemy attacked with 88 Shahed-type attack drones and four Iskander-M "
        "ballistic missiles, the Ukrainian Air Force said. Air defence forces shot down 71 drones. "
        "All four missiles were intercepted."
    ),
    "launched_only": "Russia launched 60 drones overnight, the Ukrainian Air Force said.",
    "russian_mod": (
        "The Russian Defense Ministry said its air defence systems intercepted 41 Ukrainian drones over the "
        "Belgorod and Kursk regions overnight."
    ),
    # two accounts of the same night with different figures
    "competing": (
        "Russia's Defense Ministry said its air defences destroyed 40 Ukrainian drones over the Bryansk region on "
        "Wednesday night. Bryansk Governor Alexander Bogomaz said on Telegram that 25 drones had been shot down "
        "over the region."
    ),
    "unverified": (
        "According to unverified social media reports, Ukrainian drones struck an oil depot in Novorossiysk on "
        "Wednesday night."
    ),
    "meeting": (
        "Ukraine's chief negotiator Rustem Umerov will meet U.S. envoy Steve Witkoff in Geneva on Monday, the "
        "Swiss foreign ministry said."
    ),
    "statement_reported": (
        "Foreign Minister Andrii Sybiha said on Wednesday that Kyiv would never accept the loss of its territory."
    ),
    "statement_quote": (
        "\"We will not give up our land,\" Ukrainian President Volodymyr Zelensky said in his nightly address on "
        "Wednesday."
    ),
    "weather": (
        "Heavy snowfall and freezing rain killed four people in western Ukraine on Tuesday, the State Emergency "
        "Service said."
    ),
    "road_accident": "A bus collided with a truck near Lviv on Tuesday, killing seven people, police said.",
    "age": (
        "A 12-year-old boy was killed when a Russian drone struck a house in Sumy, regional governor Oleh "
        "Hryhorov said."
    ),
    # a headline whose words before the colon are a clause about a place, not a "Name:" source header
    "headline_colon": (
        "Illinivka death toll rises to 6: regional summary\n\nRussian forces shelled several towns on Tuesday.\n\n"
        "- in Druzhba, two people were killed and three injured;\n- in Zalizne, four people were killed."
    ),
    "weekly_total": (
        "Over the past week, Russia launched 1,200 drones and nearly 50 missiles at Ukraine, President Volodymyr "
        "Zelensky said."
    ),
}


def make_article(article_id: str, text: str, published: dt.date = PUBLISHED) -> Article:
    return Article(
        article_id=article_id, title=article_id, text=text, published=published.isoformat(), source=None,
        url=None, path=f"{article_id}.txt", language="en", sha256="0" * 64, content_hash=article_id,
        ingested_at="2025-11-20T12:00:00+00:00", origin=f"{article_id}.txt",
    )


def _clean(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(frame) -> list[dict]:
    return [{k: _clean(v) for k, v in r.items()} for r in frame.to_dict("records")]


@pytest.fixture(scope="module")
def extraction():
    load_pipeline()  # one load for the module (cached by sitrep.nlp)
    return extract_articles([make_article(name, text) for name, text in PASSAGES.items()])


@pytest.fixture(scope="module")
def events(extraction):
    rows = _records(extraction.events)

    def of(name: str, kind: str | None = None) -> list[dict]:
        return [r for r in rows if r["article_id"] == name and (kind is None or r["kind"] == kind)]

    return of


@pytest.fixture(scope="module")
def claims(extraction):
    rows = _records(extraction.claims)
    return lambda name: [r for r in rows if r["article_id"] == name]


def brief(rows: list[dict]) -> list[dict]:
    """The fields worth reading in a failure message."""
    keys = ("kind", "weapon", "place", "killed", "injured", "children_killed", "launched", "intercepted",
            "claimant", "certainty", "sentence")
    return [{k: r[k] for k in keys if r.get(k) is not None} for r in rows]


def weekday_on_or_before(day: dt.date, weekday: int) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def next_weekday_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7 or 7)


MONDAY, TUESDAY, WEDNESDAY = 0, 1, 2


# -- a regional administration's post ---------------------------------------------------------------------


def test_header_post_is_one_attack(events):
    assert len(events("header", "attack")) == 1, brief(events("header", "attack"))


def test_header_post_attack_fields(events):
    attacks = events("header", "attack")
    assert attacks
    ev = attacks[0]
    assert ev["subkind"] == "drone_strike"
    assert ev["weapon"] == "drone"
    assert ev["actor_country"] == "RU"
    assert ev["place"] == "Chuhuiv"
    assert ev["admin1"] == "Kharkiv Oblast"
    assert ev["country"] == "UA"
    assert ev["claimant"] == "Oleh Syniehubov"
    assert ev["certainty"] == "confirmed"
    assert ev["status"] == "happened"
    assert ev["date_start"] == weekday_on_or_before(PUBLISHED, TUESDAY).isoformat()


def test_header_post_figures_are_merged_across_sentences(events):
    attacks = events("header", "attack")
    assert attacks
    ev = attacks[0]
    assert ev["killed"] == 3
    assert ev["children_killed"] == 1  # a breakdown of the 3, not added to it
    assert ev["injured"] == 5 + 2  # "Five more … Two more …"


def test_header_post_claims_ledger(events, claims):
    ids = {e["event_id"] for e in events("header")}
    rows = claims("header")
    assert rows
    assert {r["event_id"] for r in rows} <= ids
    figures = {r["figure"]: r["value"] for r in rows}
    assert figures.get("killed") == 3
    assert figures.get("children_killed") == 1
    assert all(r["claimant"] == "Oleh Syniehubov" for r in rows)


# -- air-defense reports -----------------------------------------------------------------------------------


def test_air_force_drones_launched_and_intercepted_merge(events):
    drones = [e for e in events("air_force", "air_defense") if e["weapon"] == "drone"]
    assert len(drones) == 1, brief(drones)
    ev = drones[0]
    assert ev["launched"] == 88
    assert ev["intercepted"] == 71
    assert ev["actor_country"] == "RU"
    assert ev["claimant"] == "Ukrainian Air Force"
    assert ev["certainty"] == "claimed"
    assert ev["date_start"] == PUBLISHED.replace(day=19).isoformat()


def test_air_force_missiles_merge_into_their_own_class(events):
    reports = events("air_force", "air_defense")
    missiles = [e for e in reports if e["weapon"] in {"missile", "ballistic_missile"}]
    assert len(missiles) == 1, brief(missiles)
    ev = missiles[0]
    assert ev["launched"] == 4
    assert ev["intercepted"] == 4
    assert all(e["claimant"] == "Ukrainian Air Force" for e in reports)
    assert all(e["certainty"] == "claimed" for e in reports)


def test_launched_only_invents_no_interceptions(events):
    reports = events("launched_only", "air_defense")
    assert len(reports) == 1, brief(reports)
    ev = reports[0]
    assert ev["launched"] == 60
    assert ev["intercepted"] is None
    assert ev["weapon"] == "drone"
    assert ev["actor_country"] == "RU"
    assert ev["claimant"] == "Ukrainian Air Force"
    assert ev["certainty"] == "claimed"


def test_russian_defense_ministry_interceptions_are_claimed(events):
    reports = events("russian_mod", "air_defense")
    assert len(reports) == 1, brief(reports)
    ev = reports[0]
    assert ev["intercepted"] == 41
    assert ev["launched"] is None
    assert ev["weapon"] == "drone"
    assert ev["actor_country"] == "UA"
    assert ev["country"] == "RU"
    assert ev["claimant"] == "Russian Defense Ministry"
    assert ev["certainty"] == "claimed"


def test_competing_claims_stay_separate(events, claims):
    reports = events("competing", "air_defense")
    assert len(reports) == 2, brief(reports)
    by_claimant = {e["claimant"]: e for e in reports}
    assert set(by_claimant) == {"Russian Defense Ministry", "Alexander Bogomaz"}
    assert by_claimant["Russian Defense Ministry"]["intercepted"] == 40
    assert by_claimant["Alexander Bogomaz"]["intercepted"] == 25
    assert all(e["intercepted"] != 40 + 25 for e in events("competing"))
    expected_day = weekday_on_or_before(PUBLISHED, WEDNESDAY).isoformat()
    assert all(e["date_start"] == expected_day for e in reports)
    ledger = [(r["claimant"], r["value"]) for r in claims("competing") if r["figure"] == "intercepted"]
    assert sorted(ledger) == [("Alexander Bogomaz", 25), ("Russian Defense Ministry", 40)]


# -- certainty and status ------------------------------------------------------------------------------------


def test_unverified_media_report(events):
    attacks = events("unverified", "attack")
    assert len(attacks) == 1, brief(attacks)
    ev = attacks[0]
    assert ev["subkind"] == "drone_strike"
    assert ev["weapon"] == "drone"
    assert ev["actor_country"] == "UA"
    assert ev["place"] == "Novorossiysk"
    assert ev["admin1"] == "Krasnodar Krai"
    assert ev["country"] == "RU"
    assert ev["certainty"] == "unverified"
    assert ev["date_start"] == weekday_on_or_before(PUBLISHED, WEDNESDAY).isoformat()


def test_planned_meeting(events):
    meetings = events("meeting", "meeting")
    assert len(meetings) == 1, brief(meetings)
    ev = meetings[0]
    assert ev["status"] == "planned"
    assert ev["date_start"] == next_weekday_after(PUBLISHED, MONDAY).isoformat()
    assert ev["place"] == "Geneva"
    assert ev["country"] == "CH"


def test_planned_meeting_participants(events):
    meetings = events("meeting", "meeting")
    assert meetings
    participants = meetings[0]["participants"] or []
    assert "Steve Witkoff" in participants
    assert "Rustem Umerov" in participants


@pytest.mark.parametrize(
    "name, speaker",
    [("statement_reported", "Andrii Sybiha"), ("statement_quote", "Volodymyr Zelenskyy")],
)
def test_statement_has_its_speaker(events, name, speaker):
    statements = events(name, "statement")
    assert len(statements) == 1, brief(statements)
    ev = statements[0]
    assert ev["speaker"] == speaker
    assert ev["claimant"] == speaker
    assert ev["date_start"] == weekday_on_or_before(PUBLISHED, WEDNESDAY).isoformat()
    assert not events(name, "attack")


# -- what must not become an attack or a count ------------------------------------------------------------


@pytest.mark.parametrize("name", ["weather", "road_accident"])
def test_non_violent_deaths_are_not_attacks(events, name):
    assert brief(events(name, "attack")) == []


def test_age_is_never_a_casualty_count(events):
    rows = events("age")
    assert all(r["killed"] != 12 and r["injured"] != 12 for r in rows)
    attacks = events("age", "attack")
    assert len(attacks) == 1, brief(attacks)
    ev = attacks[0]
    assert ev["killed"] == 1
    assert ev["children_killed"] == 1
    assert ev["weapon"] == "drone"
    assert ev["actor_country"] == "RU"
    assert ev["place"] == "Sumy"
    assert ev["country"] == "UA"
    assert ev["claimant"] == "Oleh Hryhorov"
    assert ev["certainty"] == "confirmed"


def test_running_weekly_total_is_not_an_air_defense_report(events):
    assert events("weekly_total", "air_defense") == []
    assert all(r["launched"] is None for r in events("weekly_total"))


# -- provenance ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PASSAGES))
def test_event_provenance(events, name):
    text = PASSAGES[name]
    for ev in events(name):
        start, end = ev["char_start"], ev["char_end"]
        assert 0 <= start < end <= len(text), (name, ev["kind"], start, end)
        assert ev["sentence"] and ev["sentence"] in text
        assert text[start:end].strip() in ev["sentence"]


def test_claims_reference_existing_events(extraction):
    events = _records(extraction.events)
    by_id = {e["event_id"]: e for e in events}
    assert len(by_id) == len(events), "event ids must be unique"
    rows = _records(extraction.claims)
    assert rows
    for r in rows:
        assert r["event_id"] in by_id
        ev = by_id[r["event_id"]]
        assert r["article_id"] == ev["article_id"]
        assert r["value"] == ev[r["figure"]]
        assert r["claimant"] == ev["claimant"]
        assert r["sentence"] in PASSAGES[r["article_id"]]


@pytest.mark.parametrize("text", [
    "Over the past day, Russian artillery shelled 21 towns and villages in Zaporizhzhia region, killing three people "
    "and wounding nine, Governor Ivan Fedorov said.",
    "In the past night, enemy drones hit an energy facility in Odesa region, the regional administration said.",
    "Over the last day, Russian troops attacked Nikopol with kamikaze drones, injuring two residents.",
])
def test_a_daily_report_window_is_not_a_running_total(text):
    """'Over the past day/night' is the window of a daily report: its incidents are events; only weeks, months and
    years ('over the past week, Russia launched 1,200 drones') are running totals."""
    events = extract_articles([make_article("daily", text)]).events
    assert (events["kind"] == "attack").sum() >= 1


@pytest.mark.parametrize("text", [
    "Over the past month, Russian forces fired more than 5,000 glide bombs at Ukrainian positions, the General Staff "
    "said.",
    "In the last year, Russia launched 30,000 drones at Ukrainian cities, Kyiv said.",
])
def test_running_totals_over_weeks_months_and_years_are_not_events(text):
    events = extract_articles([make_article("total", text)]).events
    assert not events["kind"].isin(["attack", "air_defense"]).any()


@pytest.mark.parametrize(("text", "value"), [
    ("Russian drones struck a warehouse in Odesa on Tuesday night, injuring two workers, the governor said.",
     "2025-11-18TNI"),
    ("On November 17, a Russian missile hit a school in Kharkiv, the mayor said.", "2025-11-17"),
])
def test_an_event_keeps_the_timex_value_it_was_dated_from(text, value):
    events = extract_articles([make_article("dated", text)]).events
    attack = events[events["kind"] == "attack"].iloc[0]
    assert attack["date_value"] == value and attack["date_text"] in text
    assert attack["date_start"] == value[:10]


def test_a_headline_clause_before_a_colon_is_no_source(events):
    attacks = events("headline_colon", "attack")
    assert attacks, brief(events("headline_colon"))
    assert all(a["claimant"] != "Illinivka" for a in attacks), brief(attacks)
