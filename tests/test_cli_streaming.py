"""``sitrep events`` (and the other table commands) print each article's rows as soon as it is extracted;
``sitrep timeline`` keeps only the events while extracting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import sitrep.extract
from sitrep.cli import main

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


@pytest.fixture
def corpus(tmp_path):
    texts = ["Russian drones hit Odesa overnight, killing two people, the governor said.",
             "A Russian missile strike on Kharkiv injured five people on Tuesday, the mayor said.",
             "Ukrainian drones struck an oil depot in Bryansk overnight, the regional governor said."]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i}", "text": t, "published": "2025-12-05"}) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_events_are_printed_article_by_article(monkeypatch, capsys, corpus, fmt):
    real = sitrep.extract.iter_extractions
    printed_before: list[str] = []

    def watched(articles, **kwargs):
        for article, extraction in real(articles, **kwargs):
            printed_before.append(capsys.readouterr().out)  # what was printed before this article came back
            yield article, extraction

    monkeypatch.setattr(sitrep.extract, "iter_extractions", watched)
    assert main(["events", str(corpus), "--format", fmt]) == 0
    printed_before.append(capsys.readouterr().out)
    assert printed_before[0] == ""
    assert all(chunk.strip() for chunk in printed_before[1:]), printed_before  # each article's rows, then the next
    if fmt == "jsonl":
        ids = [json.loads(line)["article_id"] for chunk in printed_before for line in chunk.splitlines()]
        assert ids == sorted(ids) and set(ids) == {"a0", "a1", "a2"}
    else:
        lines = "".join(printed_before).splitlines()
        assert lines[0].startswith("event_id,article_id,") and sum(line.startswith("event_id,") for line in lines) == 1


def test_csv_integer_columns_are_integers_in_every_chunk(capsys, corpus):
    assert main(["events", str(corpus), "--format", "csv"]) == 0
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and all(r["char_start"].isdigit() for r in rows)
    assert [r["killed"] for r in rows if r["article_id"] == "a0" and r["kind"] == "attack"] == ["2"]


def test_an_empty_input_prints_the_csv_header(capsys, tmp_path):
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    assert main(["events", str(tmp_path / "empty.jsonl"), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("event_id,article_id,")
