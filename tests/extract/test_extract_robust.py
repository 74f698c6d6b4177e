"""No article breaks a run (issue #13, part 2).

An article longer than spaCy's ``max_length`` is parsed in pieces and extracted in sections, with every offset
pointing into the full text; anything one article raises anywhere in extraction is that article's problem, the
others come out, and a store does not retry it until the extractor changes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import sitrep.extract as extract
import sitrep.extract.pipeline as pipeline
from sitrep import geo, schema, timex
from sitrep.cli import main
from sitrep.extract import entities as entities_module
from sitrep.extract import events as events_module
from sitrep.extract import extract_articles, extract_store, iter_extractions
from sitrep.extract import numbers as numbers_module
from sitrep.ingest import load_articles
from sitrep.nlp import load_pipeline
from sitrep.store import Store
from sitrep.types import Article

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "lib" / "sitrep" / "data" / "gold" / "events_dev.jsonl"
PUBLISHED = "2025-12-05"
BAD_ID = "article-that-fails"
BAD_PLACE = "Syzran"  # named only in the failing article
PLACES = ("Kharkiv", "Zaporizhzhia", "Dnipro", "Odesa", "Sumy", "Kherson", "Kramatorsk", "Nikopol", "Chernihiv")
WEAPONS = ("drone", "missile", "glide bomb")


def article(article_id: str, text: str, published: str | None = PUBLISHED, path: str | None = None) -> Article:
    return Article(article_id=article_id, title="", text=text, published=published, source=None, url=None,
                   path=path or f"{article_id}.txt", language="en", sha256="", content_hash=article_id,
                   ingested_at="", origin=path or f"{article_id}.txt")


def incident(rng: random.Random, number: int) -> str:
    """The ``number``-th of a series of distinct incidents: a place is struck again only three days earlier, so
    within an extraction section (far fewer than 1,170 sentences) one event per incident is one event per sentence.
    Dates stay within the 400 days before publication that count as news."""
    day = dt.date(2025, 12, 4) - dt.timedelta(days=3 * ((number // len(PLACES)) % 130))
    return (f"A Russian {rng.choice(WEAPONS)} strike on {PLACES[number % len(PLACES)]} killed {rng.randint(2, 40)} "
            f"people and injured {rng.randint(2, 90)} others on {day.day} {day:%B %Y}, the regional governor said. ")


def one_line_article(n_chars: int, seed: int = 0) -> str:
    """Realistic incident sentences with varied figures and places, no newline, at least ``n_chars`` long."""
    rng, parts, size = random.Random(seed), [], 0
    while size < n_chars:
        parts.append(incident(rng, len(parts)))
        size += len(parts[-1])
    return "".join(parts).strip()


def gold_article(n: int = 12) -> str:
    """A long multi-paragraph article: the first ``n`` development passages, one paragraph each."""
    lines = GOLD.read_text(encoding="utf-8").splitlines()[:n]
    return "\n\n".join(json.loads(line)["text"] for line in lines)


def seed_article() -> Article:
    return next(a for a in load_articles([REPO / "seeds"]) if isinstance(a, Article))


TABLES = ("entities", "numbers", "events", "claims", "times")


def different_tables(one, two) -> list[str]:
    return [n for n in TABLES if not getattr(one, n).equals(getattr(two, n))] + \
        (["unresolved"] if one.unresolved != two.unresolved else [])


def same_values(one, two) -> bool:
    """The same rows in the same order, whatever dtype each column got (None and NaN both missing)."""
    def values(frame):
        return frame.astype(object).where(frame.notna(), None).reset_index(drop=True)
    return values(one).equals(values(two))


def assert_offsets_point_into(text: str, ex) -> None:
    """Every row's span is inside ``text`` and, where the table has a text column, is that text."""
    for name, frame in (("entities", ex.entities), ("numbers", ex.numbers)):
        for row in frame.itertuples(index=False):
            assert text[row.char_start:row.char_end] == row.text, (name, row)
            assert row.sentence in text, (name, row)
    for row in ex.times.itertuples(index=False):
        assert text[row.start:row.end] == row.text, row
    for frame in (ex.events, ex.claims):
        for row in frame.itertuples(index=False):
            assert 0 <= row.char_start <= row.char_end <= len(text)
            assert text[row.char_start:row.char_end] in row.sentence, row


def assert_sentences_numbered_through_the_text(text: str, ex) -> None:
    """A sentence index names one sentence of the full text, and indexes grow with the position in it."""
    rows = sorted((r.char_start, r.sentence_index, r.sentence) for frame in (ex.entities, ex.numbers)
                   for r in frame.itertuples(index=False))
    by_index: dict[int, str] = {}
    for _, index, sentence in rows:
        assert by_index.setdefault(index, sentence) == sentence
    indexes = [index for _, index, _ in rows]
    assert indexes == sorted(indexes)


# ----------------------------------------------------------------------------- long articles


def test_an_article_over_spacys_max_length_is_extracted_whole(monkeypatch):
    nlp = load_pipeline()
    monkeypatch.setattr(nlp, "max_length", 3_000)
    text = one_line_article(12_000)
    ex = extract_articles([article("short", "Russian drones hit Odesa overnight, killing two people."),
                           article("long", text)])
    assert not ex.problems
    long_events = ex.events[ex.events["article_id"] == "long"]
    sentences = text.count(" the regional governor said.")
    assert len(long_events) == sentences
    assert long_events["char_start"].max() > len(text) - 300  # the last sentence's event, at its place in the text
    for row in long_events.itertuples(index=False):  # each sentence's own figures, at its own offsets
        assert row.killed == int(re.search(r"killed (\d+)", row.sentence).group(1))
        assert row.place in row.sentence
    assert_offsets_point_into(text, _only(ex, "long"))
    assert_sentences_numbered_through_the_text(text, _only(ex, "long"))
    assert set(ex.events["article_id"]) == {"short", "long"}


def _only(ex, article_id: str):
    keep = {name: getattr(ex, name)[getattr(ex, name)["article_id"] == article_id] for name in TABLES}
    return extract.Extraction(**keep)


@pytest.mark.parametrize("make", [lambda: seed_article().text, gold_article], ids=["seed", "gold-passages"])
def test_parsing_in_pieces_at_paragraph_breaks_gives_the_same_tables(monkeypatch, make):
    text = make()
    whole = extract_articles([article("a", text)])
    longest_paragraph = max(len(p) for p in text.split("\n\n"))
    monkeypatch.setattr(pipeline, "PARSE_CHARS", longest_paragraph + 2)
    assert len(extract.text_pieces(text, pipeline.PARSE_CHARS)) > 2
    assert all(text[end - 2:end] == "\n\n" for _, end in extract.text_pieces(text, pipeline.PARSE_CHARS)[:-1])
    pieces = extract_articles([article("a", text)])
    assert len(whole.events) and different_tables(whole, pieces) == []


def test_sections_keep_offsets_sentence_numbers_and_ids_of_the_full_text(monkeypatch):
    text = gold_article(20)
    whole = extract_articles([article("a", text)])
    monkeypatch.setattr(pipeline, "SECTION_CHARS", 1_200)
    monkeypatch.setattr(pipeline, "PARSE_CHARS", 600)
    assert len(extract.text_pieces(text, pipeline.SECTION_CHARS)) > 3
    sections = extract_articles([article("a", text)])
    assert_offsets_point_into(text, sections)
    assert_sentences_numbered_through_the_text(text, sections)
    # what a sentence says does not depend on the sections: same rows, same ids (computed from full-text offsets)
    for name in ("entities", "numbers", "times"):
        assert same_values(getattr(sections, name), getattr(whole, name)), name
    assert set(sections.claims["event_id"]) <= set(sections.events["event_id"])
    assert len(sections.events) >= 0.8 * len(whole.events)


def test_text_pieces_cut_at_the_strongest_boundary_and_never_inside_a_word():
    para = "First paragraph here. It has two sentences.\n\nSecond one is here.\nWith a line break. And More."
    assert [para[s:e] for s, e in extract.text_pieces(para, 60)] == [
        "First paragraph here. It has two sentences.\n\n", "Second one is here.\nWith a line break. And More."]
    line = "Alpha beta gamma.\nDelta epsilon zeta eta. Theta iota kappa."
    assert [line[s:e] for s, e in extract.text_pieces(line, 30)] == [
        "Alpha beta gamma.\n", "Delta epsilon zeta eta. ", "Theta iota kappa."]
    words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod"
    pieces = extract.text_pieces(words, 20)
    assert "".join(words[s:e] for s, e in pieces) == words
    assert all(e - s <= 20 for s, e in pieces)
    assert all(words[e - 1] == " " for _, e in pieces[:-1])  # every cut is after a space, none inside a word
    assert extract.text_pieces("", 10) == [] and extract.text_pieces("short", 10) == [(0, 5)]


def test_an_article_over_the_hard_cap_is_a_problem_and_the_others_are_extracted(monkeypatch):
    monkeypatch.setattr(pipeline, "MAX_ARTICLE_CHARS", 2_000)
    text = one_line_article(2_500)
    ex = extract_articles([article("huge", text), article("fine", "Russian drones hit Odesa, killing two people.")])
    assert set(ex.events["article_id"]) == {"fine"}
    assert [(p.locator, p.reason) for p in ex.problems] == [
        ("huge", f"article is {len(text):,} characters, over the 2,000-character limit: not extracted")]


@pytest.mark.slow
def test_sitrep_events_on_a_one_line_article_over_spacys_limit(tmp_path, capsys):
    text = one_line_article(load_pipeline().max_length + 50_000, seed=3)
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")  # one line: title and body
    assert main(["events", str(path), "--published", PUBLISHED]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert "Traceback" not in captured.err
    assert len(rows) > 1000 and max(r["char_end"] for r in rows) > load_pipeline().max_length
    for row in rows[-50:]:
        assert text[row["char_start"]:row["char_end"]] in row["sentence"]


# ----------------------------------------------------------------------------- failures stay with their article


def names_the_bad_article(value) -> bool:
    return value == BAD_ID or (isinstance(value, str | Doc) and BAD_PLACE in str(value))


def exploding(original, calls: list | None = None):
    def wrapper(*args, **kwargs):
        if any(names_the_bad_article(a) for a in (*args, *kwargs.values())):
            if calls is not None:
                calls.append(args)
            raise RuntimeError(f"boom in {original.__name__}")
        return original(*args, **kwargs)
    return wrapper


STAGES = {  # where an article can fail: module, function name
    "entities": (extract, "extract_entities"),
    "numbers": (numbers_module, "extract_numbers"),
    "timex": (timex, "find_time_expressions"),
    "rules": (events_module, "extract_events"),
    "geocoding": (geo, "geocode"),
    "rows": (extract, "stable_id"),
    "entity rules": (entities_module, "resolve_actor"),
}


def good_and_bad_articles() -> list[Article]:
    return [article("good-1", "Russian drones struck Odesa overnight, killing two people, the governor said."),
            article(BAD_ID, f"Ukrainian drones struck an oil refinery in {BAD_PLACE} overnight, the mayor said."),
            article("good-2", "A Russian missile strike on Kharkiv injured five people on Tuesday.")]


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_an_article_failing_in_any_stage_is_its_problem_and_the_others_come_out(monkeypatch, stage):
    module, name = STAGES[stage]
    calls: list = []
    monkeypatch.setattr(module, name, exploding(getattr(module, name), calls))
    ex = extract_articles(good_and_bad_articles())
    assert calls, f"the {stage} stage never saw the failing article"
    assert set(ex.events["article_id"]) == {"good-1", "good-2"}
    assert BAD_ID not in set(ex.entities["article_id"]) | set(ex.numbers["article_id"])
    assert [(p.path, p.locator) for p in ex.problems] == [(f"{BAD_ID}.txt", BAD_ID)]
    assert re.fullmatch(rf"extraction failed \(RuntimeError: boom in {name}\)", ex.problems[0].reason)


@Language.component("sitrep_test_explodes_on_marker")
def _explodes_on_marker(doc):
    if BAD_PLACE in doc.text:
        raise RuntimeError("boom in the parser")
    return doc


@pytest.fixture
def exploding_parser():
    nlp = load_pipeline()
    nlp.add_pipe("sitrep_test_explodes_on_marker", after="parser")
    try:
        yield nlp
    finally:
        nlp.remove_pipe("sitrep_test_explodes_on_marker")


def test_a_parse_failure_loses_no_other_article_of_the_batch(exploding_parser):
    articles = good_and_bad_articles()
    results = list(iter_extractions(articles, batch_size=8))
    assert [a.article_id for a, _ in results] == [a.article_id for a in articles]
    ex = extract.concat([e for _, e in results])
    assert set(ex.events["article_id"]) == {"good-1", "good-2"}
    assert [p.locator for p in ex.problems] == [BAD_ID]
    assert "RuntimeError: boom in the parser" in ex.problems[0].reason


def test_a_failing_article_in_a_worker_loses_no_other_article_of_its_batch(monkeypatch):
    # fork, so that the workers inherit the patched rules
    monkeypatch.setattr(events_module, "extract_events", exploding(events_module.extract_events))
    articles = good_and_bad_articles() * 2
    with extract.ExtractionPool(2, start_method="fork") as pool:
        results = list(iter_extractions(articles, batch_size=3, pool=pool))
    assert [a.article_id for a, _ in results] == [a.article_id for a in articles]
    ex = extract.concat([e for _, e in results])
    assert list(ex.events["article_id"].drop_duplicates()) == ["good-1", "good-2"]
    assert [p.locator for p in ex.problems] == [BAD_ID, BAD_ID]
    assert "RuntimeError: boom in extract_events" in ex.problems[0].reason


def test_sitrep_events_reports_a_failing_article_in_one_line_and_goes_on(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(events_module, "extract_events", exploding(events_module.extract_events))
    paths = []
    for a in good_and_bad_articles():
        paths.append(tmp_path / f"{a.article_id}.txt")
        paths[-1].write_text("Title\n" + a.text, encoding="utf-8")
    assert main(["events", *map(str, paths), "--published", PUBLISHED]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert len({r["article_id"] for r in rows}) == 2
    assert "Traceback" not in captured.err
    failed = [line for line in captured.err.splitlines() if "extraction failed" in line]
    assert len(failed) == 1 and str(tmp_path / f"{BAD_ID}.txt") in failed[0] and "RuntimeError" in failed[0]


# ----------------------------------------------------------------------------- the store


def ingest_good_and_bad(db: Store, folder: Path) -> None:
    for a in good_and_bad_articles():
        path = folder / f"{a.article_id}.txt"
        path.write_text("Title\n" + a.text, encoding="utf-8")
        (folder / f"{a.article_id}.txt.meta.json").write_text(
            json.dumps({"id": a.article_id, "published": PUBLISHED}), encoding="utf-8")
    db.ingest([folder])


def extract_problems(db: Store) -> list[tuple]:
    return db.con.execute("SELECT locator, reason FROM problems WHERE stage = 'extract' ORDER BY locator").fetchall()


def extracted_versions(db: Store) -> dict[str, str]:
    return dict(db.con.execute("SELECT article_id, extractor_version FROM extractions").fetchall())


def test_a_store_records_a_failing_article_once_per_extractor_version(monkeypatch, tmp_path):
    calls: list = []
    monkeypatch.setattr(events_module, "extract_events", exploding(events_module.extract_events, calls))
    with Store(tmp_path / "s.duckdb") as db:
        ingest_good_and_bad(db, tmp_path)
        assert extract_store(db) == 2
        assert extract_problems(db) == [(BAD_ID, "extraction failed (RuntimeError: boom in extract_events)")]
        assert set(db.table(schema.EVENTS)["article_id"]) == {"good-1", "good-2"}
        assert extracted_versions(db) == dict.fromkeys(("good-1", "good-2", BAD_ID), extract.EXTRACTOR_VERSION)
        assert len(calls) == 1
        assert extract_store(db) == 0 and len(calls) == 1  # not retried with the same extractor
        monkeypatch.undo()
        monkeypatch.setattr(extract, "EXTRACTOR_VERSION", extract.EXTRACTOR_VERSION + "-changed")
        assert extract_store(db) == 3  # a new extractor tries again, and now it works
        assert extract_problems(db) == []
        assert BAD_ID in set(db.table(schema.EVENTS)["article_id"])
        assert db.con.execute("SELECT text FROM articles WHERE article_id = ?", [BAD_ID]).fetchone()[0]


def test_a_store_records_an_article_whose_tables_cannot_be_stored_and_does_not_retry_it(monkeypatch, tmp_path):
    original = Store.replace_rows
    attempts: list[str] = []

    def replace_rows(self, table, df, *, article_ids):
        ids = list(article_ids)
        if table is schema.EVENTS and BAD_ID in set(df["article_id"]):  # these rows cannot be stored
            attempts.append(BAD_ID)
            raise ValueError("value out of range")
        return original(self, table, df, article_ids=ids)

    monkeypatch.setattr(Store, "replace_rows", replace_rows)
    with Store(tmp_path / "s.duckdb") as db:
        ingest_good_and_bad(db, tmp_path)
        assert extract_store(db) == 2
        assert extract_problems(db) == [(BAD_ID, "extraction not stored (ValueError: value out of range)")]
        assert set(db.table(schema.ENTITIES)["article_id"]) == {"good-1", "good-2"}  # none half-stored
        assert extracted_versions(db)[BAD_ID] == extract.EXTRACTOR_VERSION
        tried = len(attempts)  # the batch, then the article on its own
        assert tried >= 1
        assert extract_store(db) == 0 and len(attempts) == tried  # not retried


def test_a_store_skips_an_article_over_the_hard_cap_and_keeps_its_text(monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline, "MAX_ARTICLE_CHARS", 2_000)
    text = one_line_article(2_500)
    (tmp_path / "huge.txt").write_text("Title\n" + text, encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as db:
        db.ingest([tmp_path / "huge.txt"])
        assert extract_store(db) == 0
        (locator, reason), = extract_problems(db)
        assert reason == f"article is {len(text):,} characters, over the 2,000-character limit: not extracted"
        assert db.con.execute("SELECT text FROM articles WHERE article_id = ?", [locator]).fetchone()[0] == text
        assert extract_store(db) == 0 and len(extract_problems(db)) == 1
