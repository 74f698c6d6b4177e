"""Acceptance on the sample article through the command line, run in-process.

``sitrep events seeds`` must find the events the sample reports (the Dnipropetrovsk drone strike, the
air force's launch count, the strikes on Temryuk and Syzran, the Russian Defense Ministry's interception
claim, the Miami and Kremlin meetings, the statements) with the schema's keys in order.
Dates are worked out from the sample's publication date in its sidecar, not copied.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from pathlib import Path

import pytest

from sitrep.cli import main
from sitrep.nlp import load_pipeline
from sitrep.schema import EVENT_FIELDS

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
META = json.loads(next(SEEDS.glob("*.meta.json")).read_text(encoding="utf-8"))
PUBLISHED = dt.date.fromisoformat(META["published"][:10])
TUESDAY, THURSDAY = 1, 3

_RUNS: dict[tuple[str, ...], tuple[int, str]] = {}


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def run_cli(capsys, *argv: str) -> str:
    """stdout of ``sitrep <argv>`` run in-process (each distinct command line runs once per module)."""
    if argv not in _RUNS:
        capsys.readouterr()
        code = main(list(argv))
        _RUNS[argv] = (code, capsys.readouterr().out)
    code, out = _RUNS[argv]
    assert code == 0
    return out


@pytest.fixture
def events(nlp, capsys) -> list[dict]:
    out = run_cli(capsys, "events", str(SEEDS))
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert rows, "no events"
    return rows


@pytest.fixture
def numbers(nlp, capsys) -> list[dict]:
    out = run_cli(capsys, "numbers", str(SEEDS))
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def day_on_or_before(day: dt.date, weekday: int) -> str:
    return (day - dt.timedelta(days=(day.weekday() - weekday) % 7)).isoformat()


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def brief(rows: list[dict]) -> list[dict]:
    keys = ("kind", "subkind", "place", "admin1", "country", "date_start", "killed", "injured", "launched",
            "intercepted", "claimant", "certainty", "participants", "speaker")
    return [{k: r[k] for k in keys if r.get(k) is not None} for r in rows]


def one(rows: list[dict], what: str) -> dict:
    assert len(rows) == 1, f"expected one {what}, got {brief(rows)}"
    return rows[0]


def test_every_event_has_exactly_the_schema_keys_in_order(events):
    for ev in events:
        assert list(ev) == list(EVENT_FIELDS)


def test_provenance_points_into_the_article(events):
    text = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    for ev in events:
        assert ev["article_id"] == META["id"]
        assert 0 <= ev["char_start"] < ev["char_end"] <= len(text)
        assert ev["sentence"] in text


def test_dnipropetrovsk_drone_strike(events):
    ev = one([e for e in events if e["kind"] == "attack" and e["admin1"] == "Dnipropetrovsk Oblast"],
             "attack in Dnipropetrovsk Oblast")
    assert ev["subkind"] == "drone_strike"
    assert ev["weapon"] == "drone"
    assert ev["actor_country"] == "RU"
    assert ev["country"] == "UA"
    assert ev["killed"] == 1
    assert ev["children_killed"] == 1
    assert ev["injured"] == 2
    assert ev["claimant"] == "Vladyslav Haivanenko"
    assert ev["certainty"] == "confirmed"
    assert ev["date_start"] == day_on_or_before(PUBLISHED, THURSDAY)


def test_air_force_launch_count(events):
    ev = one([e for e in events if e["kind"] == "air_defense" and e["launched"] is not None], "launch report")
    assert ev["launched"] == 137
    assert ev["intercepted"] is None
    assert ev["weapon"] == "drone"
    assert ev["claimant"] == "Ukrainian Air Force"
    assert ev["certainty"] == "claimed"


def test_temryuk_port_strike(events):
    ev = one([e for e in events if e["kind"] == "attack" and e["place"] == "Temryuk"], "attack on Temryuk")
    assert ev["country"] == "RU"
    assert ev["admin1"] == "Krasnodar Krai"
    assert ev["actor_country"] == "UA"
    assert ev["lat"] is not None and ev["lon"] is not None
    assert km_between(ev["lat"], ev["lon"], 45.27, 37.39) <= 10


def test_syzran_strike_is_one_event(events):
    # Changed with consolidation (issue #8): the mayor's confirmation and the media report of the refinery hit
    # are two reports of one strike, so one event; both reports stay in its claim ledger (next test).
    ev = one([e for e in events if e["kind"] == "attack" and e["place"] == "Syzran"], "Syzran strike")
    assert ev["country"] == "RU"
    assert ev["admin1"] == "Samara Oblast"
    assert ev["actor_country"] == "UA"
    assert ev["weapon"] == "drone"
    assert ev["claimant"] == "Sergei Volodchenkov"
    assert ev["certainty"] == "confirmed"
    assert ev["salience"] == "main"
    assert 0 < ev["confidence"] <= 1


def test_syzran_claim_ledger_keeps_both_reports(nlp):
    from sitrep.extract import extract_articles
    from sitrep.types import Article

    path = next(SEEDS.glob("*.txt"))
    title, _, body = path.read_text(encoding="utf-8").partition("\n")
    article = Article(article_id=META["id"], title=title, text=body, published=META["published"], source=None,
                      url=None, path=str(path), language="en", sha256="", content_hash="", ingested_at="",
                      origin="")
    ex = extract_articles([article])
    syzran = ex.events[(ex.events["kind"] == "attack") & (ex.events["place"] == "Syzran")]
    assert len(syzran) == 1
    ledger = ex.claims[ex.claims["event_id"] == syzran["event_id"].iloc[0]]
    reports = set(zip(ledger["claimant"], ledger["certainty"], strict=True))
    assert ("Sergei Volodchenkov", "confirmed") in reports
    assert ("media reports", "unverified") in reports
    assert any("refinery" in s for s in ledger["sentence"])


def test_russian_defense_ministry_interception_claim(events):
    ev = one([e for e in events if e["kind"] == "air_defense" and e["intercepted"] is not None], "interception")
    assert ev["intercepted"] == 85
    assert ev["claimant"] == "Russian Defense Ministry"
    assert ev["certainty"] == "claimed"
    assert ev["actor_country"] == "UA"


def test_planned_miami_meeting(events):
    ev = one([e for e in events if e["kind"] == "meeting" and e["place"] == "Miami"], "Miami meeting")
    assert ev["country"] == "US"
    assert ev["status"] == "planned"
    assert ev["date_start"] == day_on_or_before(PUBLISHED, THURSDAY)
    assert {"Steve Witkoff", "Jared Kushner"} <= set(ev["participants"] or [])


def test_kremlin_meeting(events):
    ev = one([e for e in events if e["kind"] == "meeting" and e["place"] == "Kremlin"], "Kremlin meeting")
    assert ev["country"] == "RU"
    assert ev["status"] == "happened"
    assert ev["date_start"] == day_on_or_before(PUBLISHED, TUESDAY)
    assert "Vladimir Putin" in (ev["participants"] or [])


def test_statements(events):
    speakers = {e["speaker"] for e in events if e["kind"] == "statement"}
    assert {"Volodymyr Zelenskyy", "Yuri Ushakov"} <= speakers


def test_the_age_is_never_a_count(events):
    assert not any(e[k] == 12 for e in events for k in ("killed", "injured", "children_killed", "launched",
                                                        "intercepted"))


def test_distance_and_duration_numbers(numbers):
    by_text = {}
    for n in numbers:
        by_text.setdefault(n["text"].lower(), []).append(n)
    assert [n["quantity_type"] for n in by_text.get("800", [])] == ["distance"]
    assert [n["quantity_type"] for n in by_text.get("four", [])] == ["duration"]
    ages = [n for n in numbers if n["value"] == 12]
    assert ages and all(n["quantity_type"] == "age" for n in ages)


def test_csv_header_is_the_schema(nlp, capsys):
    out = run_cli(capsys, "events", str(SEEDS), "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(EVENT_FIELDS)
    assert len(rows) > 1
    assert all(len(r) == len(EVENT_FIELDS) for r in rows[1:])
