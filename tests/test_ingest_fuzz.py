"""Property tests of ingestion: whatever bytes, text, records or feeds arrive, ``load_articles`` and
``Store.ingest`` never raise, every input is accounted for (stored as an article, or reported as a problem that
names it), and stored text is normalized: no zero-width, bidi, NUL or other control characters.

Example counts come from the Hypothesis profile in ``conftest.py`` ("ci" by default; HYPOTHESIS_PROFILE=thorough).
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import example, given
from hypothesis import strategies as st

from sitrep.ingest import RECORD_KEYS, content_hash, load_articles, normalize_text
from sitrep.store import Store
from sitrep.types import Article, Problem

# What stored text must never hold (written out here, independently of the module's own patterns).
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                       "\u2066-\u2069\ufeff\ud800-\udfff]")
TRICKY = ("\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\t", "\r", "\r\n", "\n", " ",
          "\u00a0", "\u00ad", "\u061c", "\u180e", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2028", "\u2029",
          "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2060", "\u2066", "\u2067", "\u2068", "\u2069", "\u3000",
          "\ufeff", "\ufffd", "e\u0301", "Khar", "kiv", "Kyiv", "<", "&", '"', ",", "{", "}", "2025-12-05")
SUFFIXES = (".txt", ".md", ".html", ".xml", ".rss", ".atom", ".jsonl", ".ndjson", ".csv")
DATES = ("2025-12-05", "5 December 2025", "2025-12-05T10:00:00+02:00", "2025-13-45", "9999-99-99", "0000-00-00",
         "yesterday", "now", "2 days ago", "", " ", "1989-12-31", "2999-01-01")

# surrogate-free unicode, with the characters that break things drawn often
texts = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(st.characters(exclude_categories=("Cs",)), max_size=12)),
                 max_size=30).map("".join)
values = st.one_of(texts, st.sampled_from(DATES), st.integers(), st.floats(), st.booleans(), st.none(),
                   st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                   st.sampled_from(["", "x" * 200_000]))


def clean(text: str) -> bool:
    return not FORBIDDEN.search(text) and normalize_text(text) == text


def ingest(*paths: Path) -> tuple[list[Article], list[Problem]]:
    """Load ``paths``, then ingest them into a fresh store: neither raises, and the store keeps what was loaded."""
    items = list(load_articles(paths))
    assert all(isinstance(i, Article | Problem) for i in items)
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, Problem)]
    with Store(":memory:") as store:
        summary = store.ingest(paths)
        stored = store.articles()
    assert summary.added + summary.duplicates == len(articles)
    # the store adds one warning per id that already held a different text (both texts are kept)
    clashes = [p for p in summary.problems if "already holds a different text" in p.reason]
    assert len(summary.problems) == len(problems) + len(clashes)
    assert len(stored) == len({a.content_hash for a in articles})  # every distinct text is stored
    assert all(clean(text) for text in stored["text"]) and all(clean(title) for title in stored["title"])
    for article in articles:
        assert article.text and clean(article.text) and clean(article.title) and clean(article.article_id)
        assert article.content_hash == content_hash(article.text) == content_hash(article.text + "\u200b")
    for problem in problems:
        assert problem.reason and "\n" not in str(problem)
    return articles, problems


def file_accounted(path: Path, articles: list[Article], problems: list[Problem]) -> bool:
    """The file gave an article, or an error naming it."""
    return any(a.path == str(path) for a in articles) or any(
        p.path == str(path) and p.severity == "error" for p in problems)


def file_failed(path: Path, problems: list[Problem]) -> bool:
    return any(p.path == str(path) and p.severity == "error" and p.locator is None for p in problems)


def locators_accounted(path: Path, wanted: set[str], articles: list[Article], problems: list[Problem]) -> None:
    """Each record or entry (``line3``, ``entry2``) became an article or an error at its locator, or the whole
    file is one error (binary, malformed)."""
    if file_failed(path, problems):
        return
    got = {a.origin.rpartition("#")[2] for a in articles}
    got |= {p.locator for p in problems if p.severity == "error" and p.locator}
    assert got == wanted


@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
@example(data=b"Title\n" + b"x" * 9000 + b"\x00Khar\x00kiv", suffix=".txt")
@example(data=b"\x00" * 100, suffix=".jsonl")
def test_random_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        articles, problems = ingest(path)
        assert file_accounted(path, articles, problems)


@given(text=texts, suffix=st.sampled_from((".txt", ".md")))
@example(text="Shelling\u200b hit Khar\u200bkiv\u202e\n\nThree\u00ad people\x00 were injured.", suffix=".txt")
@example(text="1\u00bb0\u00bb\ufffd\r0", suffix=".txt")  # a first line dropped as a menu: the title is the next line
def test_random_unicode_text_file_keeps_the_normalized_text(text, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"story{suffix}"
        path.write_text(text, encoding="utf-8", newline="")
        articles, problems = ingest(path)
        assert file_accounted(path, articles, problems)
        normalized = normalize_text(text)
        lines = {line for line in normalized.split("\n") if line}
        for article in articles:  # nothing invented, nothing lost: every line is kept or recorded as page furniture
            kept = {article.title, *article.text.split("\n")}
            dropped = {line for r in article.removed for line in r.text.split("\n")}
            assert all(line in normalized for line in kept | dropped)
            assert lines <= kept | dropped | {""}


@given(text=texts)
def test_normalize_text_is_idempotent_and_clean(text):
    once = normalize_text(text)
    assert clean(once)
    assert content_hash(text) == content_hash(once)


record_lines = st.one_of(
    st.dictionaries(st.one_of(st.sampled_from(RECORD_KEYS), st.text(max_size=6)), values, max_size=8)
    .map(lambda r: r if "text" not in r or not isinstance(r["text"], str) else {**r, "text": r["text"] + " Kyiv"}),
    st.dictionaries(st.just("text"), texts, min_size=1),
)
broken_lines = st.one_of(
    texts.map(lambda t: "{" + t),
    st.sampled_from(['{"text": "unterminated', "[1, 2]", '"a string"', "null", "{}", '{"text": 5}', "[" * 5000]),
)


@given(lines=st.lists(st.one_of(record_lines.map(lambda r: ("record", r)), broken_lines.map(lambda b: ("broken", b)),
                                st.sampled_from(["", "   "]).map(lambda b: ("blank", b))), max_size=12),
       ensure_ascii=st.booleans())
def test_random_jsonl(lines, ensure_ascii):
    rendered = [json.dumps(v, ensure_ascii=ensure_ascii) if kind == "record" else v.replace("\n", " ")
                for kind, v in lines]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.jsonl"
        path.write_text("\n".join(rendered), encoding="utf-8")
        articles, problems = ingest(path)
        wanted = {f"line{n}" for n, (kind, _) in enumerate(lines, start=1) if kind != "blank"}
        locators_accounted(path, wanted, articles, problems)


columns = st.one_of(st.sampled_from([*RECORD_KEYS, "Text", " TEXT ", "body", "", "extra"]),
                    st.text("abcxyz_", max_size=5))


@given(header=st.lists(columns, min_size=1, max_size=6),
       rows=st.lists(st.lists(st.one_of(texts, st.sampled_from(["", "x" * 200_000, *DATES])), min_size=1, max_size=7),
                     max_size=8))
def test_random_csv(header, rows):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        articles, problems = ingest(path)
        if file_failed(path, problems):
            assert articles == []
        elif "text" not in [h.strip().lower() for h in header]:
            assert articles == [] and [p.reason for p in problems] == [p.reason for p in problems
                                                                      if p.reason.startswith("CSV has no")]
        else:
            locators_accounted(path, {f"line{n}" for n in range(2, len(rows) + 2)}, articles, problems)


feed_dates = st.one_of(st.sampled_from(["Tue, 02 Dec 2025 08:15:00 GMT", "2025-12-05T06:00:00Z", "yesterday", "",
                                        "Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 01 Jan 1900 00:00:00 GMT",
                                        "2025-13-45", "Tue, 45 Dec 2025 08:15:00 GMT"]), texts)
entries = st.lists(st.tuples(texts, texts, feed_dates), min_size=1, max_size=5)


def rss(items) -> str:
    body = "".join(f"<item><title>{escape(t)}</title><pubDate>{escape(d)}</pubDate>"
                   f"<description>{escape(escape(x))}</description></item>" for t, x, d in items)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>W</title>{body}</channel></rss>'


def atom(items) -> str:
    body = "".join(f"<entry><title>{escape(t)}</title><published>{escape(d)}</published>"
                   f'<content type="html">{escape(x)}</content></entry>' for t, x, d in items)
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">{body}</feed>'


@given(items=entries, render=st.sampled_from([rss, atom]), cut=st.one_of(st.none(), st.integers(0, 400)),
       suffix=st.sampled_from((".xml", ".rss", ".atom")))
@example(items=[("Two\r\rlines", "Body", "Tue, 02 Dec 2025 08:15:00 GMT")], render=rss, cut=None, suffix=".rss")
def test_random_feed(items, render, cut, suffix):
    xml = render(items)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"feed{suffix}"
        path.write_text(xml if cut is None else xml[:cut], encoding="utf-8")
        articles, problems = ingest(path)
        assert file_accounted(path, articles, problems)
        if cut is None:
            locators_accounted(path, {f"entry{n}" for n in range(1, len(items) + 1)}, articles, problems)


@given(names=st.lists(st.sampled_from(["a.txt", "b.md", "c.jsonl", "d.csv", "e.rss", "f.bin", "g", "h.html"]),
                      min_size=1, max_size=5, unique=True),
       contents=st.lists(st.one_of(texts, st.binary(max_size=200).map(lambda b: b.decode("latin-1"))), min_size=5,
                         max_size=5))
def test_random_folder_every_file_accounted(names, contents):
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / "sub" / name for name in names]
        paths[0].parent.mkdir()
        for path, content in zip(paths, contents, strict=False):
            path.write_text(content, encoding="utf-8")
        articles, problems = ingest(Path(folder))
        for path in paths:
            assert file_accounted(path, articles, problems) or any(
                p.path == str(path) and "unsupported" in p.reason for p in problems)
