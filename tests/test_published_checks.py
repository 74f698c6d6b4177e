"""Publication dates that cannot be right: a date contradicting the URL's date or the text's own dateline is
replaced by the better source, with one warning. Every text here was written for these tests."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sitrep.ingest import dateline_date, load_articles, url_date
from sitrep.types import Article, Problem


def load_one(tmp_path, record: dict) -> tuple[Article, list[Problem]]:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    items = list(load_articles([path]))
    return next(i for i in items if isinstance(i, Article)), [i for i in items if isinstance(i, Problem)]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://example.org/world/2026/02/14/kharkiv-strike", dt.date(2026, 2, 14)),
    ("https://example.org/news/2026-02-14-kharkiv-strike", dt.date(2026, 2, 14)),
    ("https://example.org/a/20260214/kharkiv", dt.date(2026, 2, 14)),
    ("https://example.org/world/2026/02/31/bad-day", None),
    ("https://example.org/tag/ukraine", None),
    (None, None),
])
def test_url_dates(url, expected):
    assert url_date(url) == expected


def test_dateline_dates():
    assert dateline_date("KHERSON, March 3, 2026 (Example Wire) - Shelling hit the city.") == dt.date(2026, 3, 3)
    assert dateline_date("LVIV, Ukraine, 9 January 2026 (Wire) — A drone hit a depot.") == dt.date(2026, 1, 9)
    assert dateline_date("SUMY, Feb 14 (Wire) - x") is None  # no year: only with one given
    assert dateline_date("SUMY, Feb 14 (Wire) - x", year=2026) == dt.date(2026, 2, 14)
    assert dateline_date("Russian drones hit Sumy on Feb 14, 2026.") is None


def test_a_date_contradicting_the_url_is_replaced(tmp_path):
    article, problems = load_one(tmp_path, {
        "text": "A drone hit a school in Sumy, injuring two teachers, the mayor said.", "published": "2024-07-01",
        "url": "https://example.org/news/2026/02/14/sumy-school"})
    assert article.published == "2026-02-14"
    assert [p.reason for p in problems] == [
        "publication date 2024-07-01 contradicts the URL's date 2026-02-14: using 2026-02-14"]


def test_a_date_agreeing_with_the_url_within_two_days_stays(tmp_path):
    article, problems = load_one(tmp_path, {
        "text": "A drone hit a school in Sumy, injuring two teachers, the mayor said.",
        "published": "2026-02-15T01:10:00+02:00", "url": "https://example.org/news/2026/02/14/sumy-school"})
    assert article.published == "2026-02-15T01:10:00+02:00" and problems == []


def test_an_undated_article_takes_the_url_date(tmp_path):
    article, problems = load_one(tmp_path, {"text": "Shelling hit Kherson, the governor said.",
                                            "url": "https://example.org/2026/01/30/kherson"})
    assert article.published == "2026-01-30"
    assert [p.reason for p in problems] == ["no publication date given: took 2026-01-30 from the URL"]


def test_a_date_contradicting_the_dateline_is_replaced(tmp_path):
    article, problems = load_one(tmp_path, {
        "text": "KHERSON, March 3, 2026 (Example Wire) - Russian shelling hit a market, the governor said.",
        "published": "2025-09-20"})
    assert article.published == "2026-03-03"
    assert "contradicts the dateline's date 2026-03-03" in problems[0].reason


def test_a_yearless_dateline_that_disagrees_is_said_but_kept(tmp_path):
    article, problems = load_one(tmp_path, {
        "text": "KHERSON, March 3 (Example Wire) - Russian shelling hit a market, the governor said.",
        "published": "2026-06-20"})
    assert article.published == "2026-06-20"
    assert problems[0].reason == "publication date 2026-06-20 contradicts the dateline (03 March): kept"
