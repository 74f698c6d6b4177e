"""What changed since the last run (sitrep.changes): matching by stable entry ids, revised figures with their
source, entries no longer supported, the previous run found by overlapping inputs; end to end (slow): two report
runs, the second adding an article that revises a toll."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from sitrep import schema
from sitrep.changes import ChangesSection, compare, find_previous_run, write_changes
from sitrep.timeline import build_timeline

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def event(event_id: str, article_id: str, **fields) -> dict:
    row = {"event_id": event_id, "article_id": article_id, "kind": "attack", "subkind": "drone_strike",
           "actor": "Russia", "actor_country": "RU", "place": "Kharkiv", "admin1": "Kharkiv Oblast", "country": "UA",
           "lat": 49.99, "lon": 36.23, "geo_precision": 1, "date_start": "2025-12-04", "date_end": "2025-12-04",
           "time_precision": 1, "killed": 2, "claimant": "Oleh Syniehubov", "certainty": "confirmed",
           "sentence": "s", "char_start": 0, "char_end": 1}
    return row | fields


ARTICLES = schema.frame(schema.ARTICLES, [
    {"article_id": "a1", "title": "Strike on Kharkiv", "published": "2025-12-04T08:00:00", "text": "."},
    {"article_id": "a2", "title": "Odesa port hit", "published": "2025-12-04T09:00:00", "text": "."},
    {"article_id": "a3", "title": "Kharkiv toll rises", "published": "2025-12-05T09:00:00", "text": "."},
    {"article_id": "a4", "title": "Sumy drones", "published": "2025-12-05T10:00:00", "text": "."},
])


def timeline(*events: dict) -> pd.DataFrame:
    return build_timeline(schema.frame(schema.EVENTS, list(events)), ARTICLES)


BEFORE = timeline(event("e1", "a1"), event("e2", "a2", place="Odesa", admin1="Odesa Oblast", lat=46.48, lon=30.72,
                                          killed=None, injured=3))


def test_new_revised_and_no_longer_supported():
    after = timeline(event("e1", "a1"), event("e3", "a3", killed=5),
                     event("e4", "a4", place="Sumy", admin1="Sumy Oblast", lat=50.9, lon=34.8, killed=1))
    changes = compare(BEFORE, after, articles=ARTICLES)
    assert list(changes["change"]) == ["revised", "new", "no longer supported"]
    revised = changes.iloc[0]
    assert (revised["figure"], revised["old"], revised["new"]) == ("killed", 2, 5)
    assert revised["source"] == "Kharkiv toll rises" and revised["claimant"] == "Oleh Syniehubov"
    assert revised["shown"] == 2  # ACLED's rule keeps the lowest of the most certain; the revision is still listed
    assert changes.iloc[1]["place"].startswith("Sumy") and changes.iloc[2]["place"].startswith("Odesa")


def test_nothing_changed_is_empty():
    assert compare(BEFORE, BEFORE).empty


def test_an_entry_whose_id_moved_to_an_earlier_source_is_matched_by_its_events():
    early = schema.frame(schema.ARTICLES, [*ARTICLES.to_dict("records"),
                                           {"article_id": "a0", "title": "First report", "text": ".",
                                            "published": "2025-12-04T06:00:00"}])
    after = build_timeline(schema.frame(schema.EVENTS, [event("e1", "a1"), event("e0", "a0", killed=2),
                                                        event("e2", "a2", place="Odesa", admin1="Odesa Oblast",
                                                              lat=46.48, lon=30.72, killed=None, injured=3)]), early)
    assert set(after["entry_id"]) != set(BEFORE["entry_id"])  # the Kharkiv entry got the earlier source's id
    assert compare(BEFORE, after).empty  # same figures: no change, never "gone" and "new" at once


def test_a_shown_figure_that_falls_is_a_revision():
    after = timeline(event("e1", "a1", killed=1, certainty="confirmed"),
                     event("e2", "a2", place="Odesa", admin1="Odesa Oblast", lat=46.48, lon=30.72, killed=None,
                           injured=3))
    changes = compare(BEFORE, after, articles=ARTICLES)
    assert len(changes) == 1 and (changes.iloc[0]["old"], changes.iloc[0]["new"]) == (2, 1)


def test_changes_csv_is_guarded_and_the_section_escaped(tmp_path):
    after = timeline(event("e1", "a1"), event("e4", "a4", place="=HYPERLINK(\"x\")", admin1=None,
                                              claimant="<img src=x onerror=alert(1)>", lat=50.9, lon=34.8))
    changes = compare(BEFORE, after)
    rows = list(csv.reader(io.StringIO(write_changes(changes, tmp_path / "changes.csv").read_text())))
    assert rows[0][:4] == ["change", "entry_id", "previous_entry_id", "date"]
    assert not any(cell.startswith("=") for row in rows for cell in row)
    shown = ChangesSection(changes, "run-<b>1</b>", csv="exports/changes.csv")._repr_html_()
    assert "<img" not in shown and "run-&lt;b&gt;1&lt;/b&gt;" in shown and "New since" in shown


def test_the_previous_run_is_the_newest_over_overlapping_inputs(tmp_path):
    def run(name: str, created: str, inputs: list[dict], exports: bool = True) -> Path:
        folder = tmp_path / name
        (folder / "exports").mkdir(parents=True)
        if exports:
            (folder / "exports" / "timeline.parquet").write_bytes(b"x")
        (folder / "manifest.json").write_text(json.dumps({"run_id": name, "created": created, "inputs": inputs}))
        return folder

    a = {"path": "/data/a.txt", "sha256": "aa"}
    run("r1", "2025-12-04T08:00:00+00:00", [a])
    r2 = run("r2", "2025-12-05T08:00:00+00:00", [{"path": "/elsewhere/a.txt", "sha256": "aa"}])
    run("r3", "2025-12-06T08:00:00+00:00", [{"path": "/data/b.txt", "sha256": "bb"}])  # other inputs
    run("r4", "2025-12-07T08:00:00+00:00", [a], exports=False)  # failed run: nothing to compare with
    current = run("r5", "2025-12-08T08:00:00+00:00", [a, {"path": "/data/c.txt", "sha256": "cc"}])
    assert find_previous_run(tmp_path, [a, {"path": "/data/c.txt", "sha256": "cc"}], exclude=current) == r2
    assert find_previous_run(tmp_path, [{"path": "/x", "sha256": "zz"}]) is None
    assert find_previous_run(tmp_path / "missing", [a]) is None


# -- two report runs (slow) -------------------------------------------------------------------------------------------

REVISION = """Death toll in Dnipropetrovsk drone strike rises

The death toll from Thursday's Russian drone strike on a residential building in Ukraine's Dnipropetrovsk region
has risen to three, regional governor Vladyslav Haivanenko said on Friday. Five people were injured.
"""


@pytest.mark.slow
def test_a_second_run_with_a_revising_article_shows_the_change(tmp_path):
    from sitrep.report import run_report

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for seed in SEEDS.iterdir():
        (inputs / seed.name).write_bytes(seed.read_bytes())
    out = tmp_path / "reports"
    first = run_report([str(inputs)], out_dir=out, progress=lambda line: None)
    assert first.ok and first.compared_with is None
    assert not (first.run_dir / "exports" / "changes.csv").exists()
    (inputs / "update.txt").write_text(REVISION, encoding="utf-8")
    (inputs / "update.txt.meta.json").write_text(json.dumps({"published": "2025-12-05", "source": "Wire"}))
    second = run_report([str(inputs)], out_dir=out, progress=lambda line: None)
    assert second.ok, {n.name: n.error for n in second.notebooks if n.status != "ok"}
    assert second.compared_with == first.run_dir
    rows = list(csv.DictReader(io.StringIO((second.run_dir / "exports" / "changes.csv").read_text())))
    revised = [r for r in rows if r["change"] == "revised" and r["figure"] == "killed"]
    assert revised and revised[0]["old"] == "1" and revised[0]["new"] == "3", rows
    assert "Death toll in Dnipropetrovsk" in revised[0]["source"]
    page = second.index.read_text(encoding="utf-8")
    assert re.search(rf"New since {re.escape(first.run_id)}", page)
    section = page[page.index('id="changes"'):]
    assert "killed: 1 → <strong>3</strong>" in section and "Vladyslav Haivanenko" in section
    assert page.index('id="changes"') < page.index("Headline figures")  # the front page opens with it
    manifest = json.loads((second.run_dir / "manifest.json").read_text())
    assert manifest["compared_with"] == str(first.run_dir)
    assert any(e["path"] == "exports/changes.csv" for e in manifest["exports"])
