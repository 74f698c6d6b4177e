"""The front page's tables: each real event counted once, competing figures spelled out, empty input readable."""

import json
from pathlib import Path

import pytest

from sitrep.analysis import (
    analyze,
    casualty_summary,
    disputed_table,
    front_page_header,
    timeline_table,
    unresolved_table,
)


def _article(folder: Path, name: str, title: str, body: str, published: str) -> None:
    (folder / f"{name}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    (folder / f"{name}.txt.meta.json").write_text(json.dumps({"published": published}), encoding="utf-8")


@pytest.fixture(scope="module")
def two_outlets(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outlets")
    _article(folder, "a", "Drones hit Sumy", "A Russian drone strike on Sumy overnight injured 4 people, regional "
             "governor Oleh Hryhorov said.", "2025-11-20")
    _article(folder, "b", "Sumy attacked", "Russian drones hit Sumy overnight, injuring six people, Hryhorov said "
             "on Telegram.", "2025-11-20")
    return analyze([folder])


def test_the_same_strike_from_two_outlets_is_counted_once(two_outlets):
    summary = casualty_summary(two_outlets)
    russia = summary[summary["side"] == "by Russia"].iloc[0]
    assert russia["attacks"] == 1 and russia["sources"] == 2
    assert russia["injured"] == 4  # the conservative figure among equally certain sources, never 4 + 6


def test_competing_figures_are_spelled_out_and_flagged(two_outlets):
    table = timeline_table(two_outlets)
    strike = table[table["kind"].str.startswith("attack")].iloc[0]
    assert strike["injured"].startswith("4") and "6 per" in strike["injured"]
    assert bool(strike["conflicting"]) and strike["sources"] == 2
    assert len(disputed_table(two_outlets)) >= 1


def test_an_empty_folder_says_there_were_no_articles(tmp_path):
    run = analyze([tmp_path])
    assert run.empty
    assert "no articles" in front_page_header(run, "Night report")
    assert casualty_summary(run).empty and timeline_table(run).empty and unresolved_table(run).empty


def test_an_unknown_village_is_listed_unresolved(tmp_path):
    _article(tmp_path, "v", "Shelling", "Russian artillery shelled the village of Zorianivka-Mala in Kharkiv region "
             "on Tuesday, killing a man, governor Oleh Syniehubov said.", "2025-11-20")
    store = tmp_path / "s.duckdb"
    run = analyze([tmp_path], store=store)
    event = run.events.iloc[0]
    assert event["place"] == "Zorianivka-Mala" and event["admin1"] == "Kharkiv Oblast" and event["geo_precision"] == 3
    assert any("Zorianivka-Mala" in d for d in unresolved_table(run)["detail"])
