"""Ingestion: every bad input becomes exactly one Problem (never an exception), good inputs become Articles.

All inputs are built in ``tmp_path``; nothing outside the test's folder is read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.ingest import content_hash, load_articles
from sitrep.types import Article, Problem

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(64)

STORY = (
    "Shelling hits Kharkiv suburb\n\n"
    "Russian artillery shelled a suburb of Kharkiv on Tuesday evening, damaging two apartment blocks, "
    "the regional governor said.\n\n"
    "Three people were injured and taken to hospital, emergency services said.\n"
)

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Drones hit Odesa port overnight | Example News</title>
<meta property="og:title" content="Drones hit Odesa port overnight">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://news.example.org/world/odesa-port-drones">
<meta property="article:published_time" content="2025-12-04T07:30:00+00:00">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Drones hit Odesa port overnight",
 "datePublished": "2025-12-04T07:30:00+00:00", "publisher": {"@type": "Organization", "name": "Example News"}}
</script>
</head>
<body>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
  <li><a href="/subscribe">Subscribe to our newsletter</a></li>
</ul></nav></header>
<main>
<article>
<h1>Drones hit Odesa port overnight</h1>
<p>Russian drones struck port infrastructure in Odesa overnight, injuring three dock workers and setting a grain
warehouse on fire, the regional governor said on Thursday morning.</p>
<p>Ukraine's air force said it had shot down 48 of the 62 drones launched across the country, most of them over
the southern and eastern regions, in an attack that lasted several hours.</p>
<p>Firefighters worked through the night to contain the blaze at the warehouse, which held about 3,000 tonnes of
wheat awaiting export, according to the port authority.</p>
<p>Emergency services said the injured workers were taken to hospital and were in a stable condition.</p>
</article>
</main>
<aside><h3>Most read</h3><ul><li><a href="/a">Celebrity chef opens new restaurant</a></li></ul></aside>
<footer>
  <p>Copyright 2025 Example News. All rights reserved.</p>
  <p><a href="/privacy">Privacy policy</a> | <a href="/cookies">Cookie settings</a></p>
</footer>
</body></html>
"""

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Example Wire</title><link>https://wire.example.org/</link><description>Wire</description>
<item><title>Shelling in Kherson kills two</title><link>https://wire.example.org/1</link>
<pubDate>Tue, 02 Dec 2025 08:15:00 GMT</pubDate>
<description>&lt;p&gt;Russian shelling of &lt;b&gt;Kherson&lt;/b&gt; killed two people on Monday evening, the regional
administration said.&lt;/p&gt;&lt;p&gt;Five more were injured.&lt;/p&gt;</description></item>
<item><title>Air defence active over Kyiv</title><link>https://wire.example.org/2</link>
<pubDate>Wed, 03 Dec 2025 22:40:00 +0200</pubDate>
<description><![CDATA[<div><p>Air defence units were active over Kyiv overnight, the city military administration
said.</p><script>trackPageView()</script></div>]]></description></item>
</channel></rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Example Atom</title><id>urn:example:feed</id><updated>2025-12-05T10:00:00Z</updated>
<entry><title>Strike on Zaporizhzhia energy facility</title><id>urn:example:1</id>
<link href="https://atom.example.org/1"/>
<published>2025-12-05T06:00:00Z</published><updated>2025-12-05T07:00:00Z</updated>
<content type="html">&lt;p&gt;A missile strike damaged an &lt;em&gt;energy facility&lt;/em&gt; in Zaporizhzhia,
officials said.&lt;/p&gt;&lt;style&gt;p {color: red}&lt;/style&gt;</content></entry>
<entry><title>Drone debris falls in Belgorod</title><id>urn:example:2</id>
<link href="https://atom.example.org/2"/>
<published>2025-12-04T21:30:00+03:00</published><updated>2025-12-04T21:30:00+03:00</updated>
<summary type="html">&lt;p&gt;Debris from a downed drone fell on a house in Belgorod, the governor
said.&lt;/p&gt;</summary></entry>
</feed>
"""


def load(*paths, **kwargs) -> tuple[list[Article], list[Problem]]:
    items = list(load_articles(paths, **kwargs))
    assert all(isinstance(i, Article | Problem) for i in items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Problem)]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def dated(path: Path, published: str = "2025-12-02") -> Path:
    """Give a text file a sidecar with a publication date (so the only problem is the one under test)."""
    write(path.with_name(path.name + ".meta.json"), json.dumps({"published": published}))
    return path


# --- bad inputs: exactly one problem each, naming the file, with a reason ---------------------------------------

BAD_INPUTS = {
    "empty": ("empty.txt", b"", "empty"),
    "whitespace only": ("blank.md", b"  \n\n\t \n", "empty"),
    "binary renamed .txt": ("photo.txt", PNG_BYTES, "png"),
    "html without article body": (
        "nav.html",
        b"<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        b"<footer>Copyright</footer></body></html>",
        "no article body",
    ),
    "garbage .xml feed": ("feed.xml", b"this is not a feed <<< >>> at all", "malformed feed"),
    "garbage .rss feed": ("feed.rss", b"{\"rss\": \"is json here\"}", "malformed feed"),
    "truncated .rss feed": (
        "cut.rss",
        b"<rss version='2.0'><channel><title>t</title><item><title>Half an item</title><description>Shell",
        "malformed feed",
    ),
    "csv without text column": ("corpus.csv", b"id,title,body\n1,Strike,Something happened\n", "'text' column"),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_is_exactly_one_problem(tmp_path, name):
    filename, content, reason = BAD_INPUTS[name]
    bad = write(tmp_path / filename, content)
    articles, problems = load(bad)
    assert articles == []
    assert len(problems) == 1, [str(p) for p in problems]
    (problem,) = problems
    assert problem.path == str(bad)
    assert problem.severity == "error"
    assert reason in problem.reason.lower()
    assert str(bad) in str(problem)  # the printed line names the file


def test_bad_inputs_never_stop_the_others(tmp_path):
    for filename, content, _ in BAD_INPUTS.values():
        write(tmp_path / filename, content)
    good = dated(write(tmp_path / "zzz_story.txt", STORY))
    first = dated(write(tmp_path / "aaa_story.txt", STORY.replace("Kharkiv", "Sumy")))
    articles, problems = load(tmp_path)
    assert [a.path for a in articles] == [str(first), str(good)]
    assert len(problems) == len(BAD_INPUTS)
    assert {p.path for p in problems} == {str(tmp_path / f) for f, _, _ in BAD_INPUTS.values()}
    assert all(p.severity == "error" and p.reason for p in problems)


def test_missing_path_is_a_problem_and_the_rest_still_load(tmp_path):
    good = dated(write(tmp_path / "story.txt", STORY))
    missing = tmp_path / "nowhere" / "story.txt"
    articles, problems = load(missing, good)
    assert [a.path for a in articles] == [str(good)]
    assert len(problems) == 1
    assert problems[0].path == str(missing)
    assert "does not exist" in problems[0].reason


def test_file_over_size_limit(tmp_path):
    big = dated(write(tmp_path / "big.txt", STORY * 20))
    small = dated(write(tmp_path / "small.txt", "Short note\nA drone was shot down over Sumy."))
    articles, problems = load(tmp_path, max_bytes=500)
    assert [a.path for a in articles] == [str(small)]
    assert len(problems) == 1
    assert problems[0].path == str(big)
    assert problems[0].severity == "error"
    assert "limit" in problems[0].reason
    assert "500 bytes" in problems[0].reason
    # the same file is fine under the default limit
    assert [a.path for a in load(big)[0]] == [str(big)]


def test_invalid_utf8_is_decoded_and_kept_with_a_warning(tmp_path):
    raw = (b"Caf\xe9 hit in Kharkiv\n\n"
           b"A caf\xe9 in Kharkiv was hit by a drone on Tuesday night, the mayor said. "
           b"The owner\x92s son was injured \x96 no one was killed.\n")
    path = dated(write(tmp_path / "cp1252.txt", raw))
    articles, problems = load(path)
    assert len(articles) == 1
    article = articles[0]
    assert article.title == "Café hit in Kharkiv"
    assert "A café in Kharkiv was hit" in article.text
    assert "\ufffd" not in article.text
    assert article.sha256 and article.published == "2025-12-02"
    assert len(problems) == 1
    assert problems[0].path == str(path)
    assert problems[0].severity == "warning"
    assert "utf-8" in problems[0].reason.lower()


def test_jsonl_bad_lines_are_problems_and_the_other_lines_ingest(tmp_path):
    lines = [
        json.dumps({"id": "kyiv-1", "title": "Kyiv", "text": "Missiles were shot down over Kyiv.",
                    "published": "2025-12-01"}),
        "{this is not json",
        json.dumps({"id": "empty-2", "title": "No text here", "published": "2025-12-01"}),
        "",
        json.dumps({"id": "odesa-4", "text": "Drones struck Odesa port.", "published": "2025-12-03",
                    "source": "Wire", "url": "https://example.org/4"}),
    ]
    path = write(tmp_path / "corpus.jsonl", "\n".join(lines) + "\n")
    articles, problems = load(path)
    assert [a.article_id for a in articles] == ["kyiv-1", "odesa-4"]
    assert [a.origin for a in articles] == [f"{path}#line1", f"{path}#line5"]
    assert articles[1].source == "Wire" and articles[1].url == "https://example.org/4"
    assert articles[0].published == "2025-12-01"
    assert [(p.locator, p.severity) for p in problems] == [("line2", "error"), ("line3", "error")]
    assert all(p.path == str(path) for p in problems)
    assert "json" in problems[0].reason.lower()
    assert "no text" in problems[1].reason


def test_article_without_publication_date_is_kept_with_a_warning(tmp_path):
    path = write(tmp_path / "undated.txt", STORY)
    articles, problems = load(path)
    assert len(articles) == 1 and articles[0].published is None
    assert len(problems) == 1
    assert problems[0].severity == "warning"
    assert problems[0].path == str(path)
    assert problems[0].locator is None
    assert "publication date" in problems[0].reason
    assert str(problems[0]).count(str(path)) == 1


def test_undated_record_warning_points_at_its_line(tmp_path):
    path = write(tmp_path / "c.jsonl", json.dumps({"text": "Shelling reported in Nikopol."}) + "\n")
    articles, problems = load(path)
    assert len(articles) == 1
    assert [(p.severity, p.locator) for p in problems] == [("warning", "line1")]


# --- good inputs -------------------------------------------------------------------------------------------------

def test_text_file_title_and_body(tmp_path):
    path = dated(write(tmp_path / "story.txt", "\ufeff" + STORY.replace("\n", "\r\n")))
    (article,), problems = load(path)
    assert problems == []
    assert article.title == "Shelling hits Kharkiv suburb"
    assert article.text.startswith("Russian artillery shelled")
    assert "\r" not in article.text and "\n\n" in article.text
    assert article.origin == article.path == str(path)
    assert article.language == "en"
    assert len(article.sha256) == 64


def test_saved_html_page(tmp_path):
    path = write(tmp_path / "odesa.html", NEWS_PAGE)
    articles, problems = load(path)
    assert problems == []
    (article,) = articles
    assert article.title == "Drones hit Odesa port overnight"
    assert article.published is not None and article.published.startswith("2025-12-04")
    assert article.source == "Example News"
    assert article.url == "https://news.example.org/world/odesa-port-drones"
    for paragraph in ("Russian drones struck port infrastructure in Odesa",
                      "shot down 48 of the 62 drones",
                      "3,000 tonnes of",
                      "in a stable condition"):
        assert paragraph in article.text
    for boilerplate in ("Subscribe to our newsletter", "Home", "Sport", "Copyright", "Privacy policy",
                        "Cookie settings", "Celebrity chef", "Most read", "schema.org"):
        assert boilerplate not in article.text


def test_rss_feed_entries(tmp_path):
    path = write(tmp_path / "wire.rss", RSS_FEED)
    articles, problems = load(path)
    assert problems == []
    assert [a.title for a in articles] == ["Shelling in Kherson kills two", "Air defence active over Kyiv"]
    assert [a.published for a in articles] == ["2025-12-02T08:15:00+00:00", "2025-12-03T20:40:00+00:00"]
    assert [a.url for a in articles] == ["https://wire.example.org/1", "https://wire.example.org/2"]
    assert [a.origin for a in articles] == [f"{path}#entry1", f"{path}#entry2"]
    assert {a.source for a in articles} == {"Example Wire"}
    first, second = (a.text for a in articles)
    assert "Russian shelling of Kherson killed two people" in first
    assert "Five more were injured." in first
    assert "\n" in first  # paragraphs kept
    for text in (first, second):
        assert "<" not in text and ">" not in text
    assert "trackPageView" not in second
    assert second.startswith("Air defence units were active over Kyiv")
    assert len({a.article_id for a in articles}) == 2


def test_atom_feed_entries(tmp_path):
    path = write(tmp_path / "atom.xml", ATOM_FEED)
    articles, problems = load(path)
    assert problems == []
    assert [a.title for a in articles] == ["Strike on Zaporizhzhia energy facility", "Drone debris falls in Belgorod"]
    # published (not updated) wins, converted to UTC
    assert [a.published for a in articles] == ["2025-12-05T06:00:00+00:00", "2025-12-04T18:30:00+00:00"]
    assert [a.url for a in articles] == ["https://atom.example.org/1", "https://atom.example.org/2"]
    assert articles[0].text == "A missile strike damaged an energy facility in Zaporizhzhia, officials said."
    assert articles[1].text == "Debris from a downed drone fell on a house in Belgorod, the governor said."
    assert all(a.source == "Example Atom" for a in articles)


def test_jsonl_and_csv_ids(tmp_path):
    jsonl = write(tmp_path / "a.jsonl", "\n".join([
        json.dumps({"id": "given-1", "text": "Air raid alert in Lviv.", "published": "2025-12-01"}),
        json.dumps({"id": 42, "text": "A numeric id is kept as text.", "published": "2025-12-01"}),
        json.dumps({"text": "No id: the id is a hash of the text.", "published": "2025-12-01"}),
    ]))
    csv = write(tmp_path / "b.csv", "ID,Title,Text,Published,Source\n"
                                    "c-1,Strike,Drones struck Sumy overnight.,2025-12-02,Wire\n"
                                    ",Untitled,\"A second, quoted, CSV story.\",2025-12-02,\n")
    articles, problems = load(jsonl, csv)
    assert problems == []
    ids = [a.article_id for a in articles]
    assert ids[:2] == ["given-1", "42"]
    assert ids[3] == "c-1"
    hashed = [articles[2], articles[4]]
    for article in hashed:
        assert article.article_id == content_hash(article.text)[:16]
        assert len(article.article_id) == 16
    assert articles[4].text == "A second, quoted, CSV story."
    assert articles[3].title == "Strike" and articles[3].source == "Wire" and articles[3].published == "2025-12-02"
    assert articles[4].source is None
    assert [a.origin for a in articles[3:]] == [f"{csv}#line2", f"{csv}#line3"]
    # stable across runs and independent of the file it sits in
    again, _ = load(jsonl, csv)
    assert [a.article_id for a in again] == ids
    moved = write(tmp_path / "other" / "c.jsonl",
                  json.dumps({"text": "No id: the id is a hash of the text.", "published": "2025-12-01"}))
    assert load(moved)[0][0].article_id == articles[2].article_id


# --- sidecars ----------------------------------------------------------------------------------------------------

def test_sidecar_full_name(tmp_path):
    path = write(tmp_path / "story.txt", STORY)
    write(tmp_path / "story.txt.meta.json", json.dumps({
        "id": "kharkiv-2025-12-02", "title": "Sidecar title", "published": "2025-12-02",
        "source": "Regional desk", "url": "https://example.org/kharkiv", "language": "en", "ignored": "x"}))
    (article,), problems = load(path)
    assert problems == []
    assert article.article_id == "kharkiv-2025-12-02"
    assert article.title == "Sidecar title"
    assert article.published == "2025-12-02"
    assert article.source == "Regional desk"
    assert article.url == "https://example.org/kharkiv"


def test_sidecar_stem_name(tmp_path):
    path = write(tmp_path / "story.txt", STORY)
    write(tmp_path / "story.meta.json", json.dumps({"published": "5 December 2025", "source": "Desk"}))
    (article,), problems = load(path)
    assert problems == []
    assert article.published == "2025-12-05"
    assert article.source == "Desk"
    assert article.title == "Shelling hits Kharkiv suburb"  # not in the sidecar: the file's own


def test_sidecar_values_win_over_html_metadata(tmp_path):
    path = write(tmp_path / "odesa.html", NEWS_PAGE)
    write(tmp_path / "odesa.html.meta.json", json.dumps({"title": "Odesa port (edited)", "published": "2025-12-03",
                                                         "id": "odesa-1"}))
    (article,), problems = load(path)
    assert problems == []
    assert article.title == "Odesa port (edited)"
    assert article.published == "2025-12-03"
    assert article.article_id == "odesa-1"
    assert article.source == "Example News"  # not in the sidecar: the page's own


@pytest.mark.parametrize("content", ["{not json", "[1, 2, 3]", "\"just a string\""])
def test_bad_sidecar_is_a_warning_and_the_article_is_kept(tmp_path, content):
    path = write(tmp_path / "odesa.html", NEWS_PAGE)
    sidecar = write(tmp_path / "odesa.html.meta.json", content)
    articles, problems = load(path)
    assert len(articles) == 1
    assert articles[0].title == "Drones hit Odesa port overnight"
    assert articles[0].published.startswith("2025-12-04")
    assert len(problems) == 1
    assert problems[0].path == str(sidecar)
    assert problems[0].severity == "warning"
    assert "sidecar" in problems[0].reason


def test_sidecars_and_hidden_files_are_not_articles(tmp_path):
    story = dated(write(tmp_path / "story.txt", STORY))
    write(tmp_path / "orphan.meta.json", json.dumps({"title": "Metadata of nothing"}))
    write(tmp_path / ".hidden.txt", "Hidden\nThis must not be ingested.")
    write(tmp_path / ".cache" / "cached.txt", "Cached\nThis must not be ingested either.")
    articles, problems = load(tmp_path)
    assert [a.path for a in articles] == [str(story)]
    assert problems == []
    # a shell glob (`sitrep ingest folder/*`) hands the sidecar over explicitly: still not an article
    visible = sorted(p for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert tmp_path / "story.txt.meta.json" in visible
    articles, problems = load(*visible)
    assert [a.path for a in articles] == [str(story)]
    assert problems == []


def test_folder_is_scanned_recursively_in_a_stable_order(tmp_path):
    names = ["b/z.txt", "a.txt", "b/a/y.md", "c.txt", "b/a.txt"]
    for number, name in enumerate(names):
        dated(write(tmp_path / name, f"Story {number}\nDrones were shot down over region number {number}."))
    write(tmp_path / "b" / "notes.pdf.txt.bak", "an unsupported file")
    articles, problems = load(tmp_path)
    # sorted by path components: the folder b/a/ sorts before the file b/a.txt
    expected = [str(tmp_path / n) for n in ["a.txt", "b/a/y.md", "b/a.txt", "b/z.txt", "c.txt"]]
    assert [a.path for a in articles] == expected
    assert [a.path for a in load(tmp_path)[0]] == expected
    assert [(p.path, p.severity) for p in problems] == [(str(tmp_path / "b" / "notes.pdf.txt.bak"), "warning")]
    assert "unsupported" in problems[0].reason


# --- hostile inputs (issue #13): dates, file types, permissions, invisible characters -------------------------------

def only_problem(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


INVALID_DATES = ["2025-13-45", "9999-99-99", "0000-00-00", "2025-02-30", "1989-12-31", "2999-01-01",
                 "yesterday", "now", "today", "2 days ago", "Tuesday", "December", "not a date"]


@pytest.mark.parametrize("value", INVALID_DATES)
def test_invalid_sidecar_date_is_one_warning_and_the_article_is_kept_undated(tmp_path, value):
    path = dated(write(tmp_path / "story.txt", STORY), value)
    articles, problems = load(path)
    assert [a.published for a in articles] == [None]
    problem = only_problem(problems)
    assert problem.severity == "warning"
    assert problem.path == str(path)
    assert f"invalid publication date '{value}'" in problem.reason
    assert f"in sidecar {path}.meta.json" in problem.reason
    assert "kept as undated" in problem.reason


def test_invalid_sidecar_date_falls_back_to_the_pages_own_date(tmp_path):
    path = write(tmp_path / "odesa.html", NEWS_PAGE)
    write(tmp_path / "odesa.html.meta.json", json.dumps({"published": "2025-13-45"}))
    (article,), problems = load(path)
    assert article.published.startswith("2025-12-04")
    assert "invalid publication date '2025-13-45'" in only_problem(problems).reason


def test_date_bounds(tmp_path):
    import datetime as dt

    today = dt.datetime.now(dt.UTC).date()
    cases = {"1990-01-01": "1990-01-01", str(today + dt.timedelta(days=2)): str(today + dt.timedelta(days=2)),
             str(today + dt.timedelta(days=3)): None, "5 December 2025": "2025-12-05",
             "2025-12-05T10:00:00+02:00": "2025-12-05T10:00:00+02:00",
             "Fri, 05 Dec 2025 10:00:00": "2025-12-05T10:00:00"}
    lines = [json.dumps({"text": f"Story {n} about Kharkiv.", "published": value}) for n, value in enumerate(cases)]
    articles, problems = load(write(tmp_path / "c.jsonl", "\n".join(lines)))
    assert [a.published for a in articles] == list(cases.values())
    assert [(p.locator, p.severity) for p in problems] == [("line3", "warning")]
    assert "invalid publication date" in problems[0].reason


@pytest.mark.parametrize("value", ["2025-13-45", "yesterday", "2 days ago", "0000-00-00"])
def test_invalid_record_date_is_one_warning_on_its_line(tmp_path, value):
    path = write(tmp_path / "c.jsonl", json.dumps({"text": "Shelling reported in Nikopol.", "published": value}))
    (article,), problems = load(path)
    assert article.published is None
    problem = only_problem(problems)
    assert (problem.severity, problem.locator) == ("warning", "line1")
    assert f"invalid publication date '{value}'" in problem.reason and "kept as undated" in problem.reason


@pytest.mark.parametrize("pub_date", ["Fri, 31 Dec 9999 23:59:59 GMT", "yesterday", "Mon, 01 Jan 1900 00:00:00 GMT"])
def test_invalid_feed_date_is_one_warning_per_entry(tmp_path, pub_date):
    feed = RSS_FEED.replace("Tue, 02 Dec 2025 08:15:00 GMT", pub_date)
    path = write(tmp_path / "wire.rss", feed)
    articles, problems = load(path)
    assert [a.published for a in articles] == [None, "2025-12-03T20:40:00+00:00"]
    problem = only_problem(problems)
    assert (problem.severity, problem.locator) == ("warning", "entry1")
    assert "invalid publication date" in problem.reason and "kept as undated" in problem.reason


def fake_permission_error(monkeypatch, name: str, denied: Path) -> None:
    """``os.<name>`` raises PermissionError for ``denied`` (what chmod 000 does for a user other than root)."""
    import os

    real = getattr(os, name)

    def guarded(path, *args, **kwargs):
        if os.fspath(path) == str(denied):
            raise PermissionError(13, "Permission denied", str(denied))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, name, guarded)


def test_unreadable_subfolder_is_a_problem_and_the_rest_loads(tmp_path, monkeypatch):
    good = dated(write(tmp_path / "a.txt", STORY))
    dated(write(tmp_path / "noread" / "b.txt", STORY.replace("Kharkiv", "Sumy")))
    fake_permission_error(monkeypatch, "scandir", tmp_path / "noread")
    articles, problems = load(tmp_path)
    assert [a.path for a in articles] == [str(good)]
    problem = only_problem(problems)
    assert problem.path == str(tmp_path / "noread")
    assert problem.severity == "error"
    assert "permission denied" in problem.reason


def test_file_in_unreadable_folder_is_a_problem_not_a_traceback(tmp_path, monkeypatch, capsys):
    from sitrep.cli import main

    inside = dated(write(tmp_path / "noread" / "a.txt", STORY))
    fake_permission_error(monkeypatch, "stat", inside)
    problem = only_problem(load(inside)[1])
    assert problem.path == str(inside) and "permission denied" in problem.reason
    assert main(["ingest", str(inside), "--store", str(tmp_path / "s.duckdb")]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and "permission denied" in err


def test_unreadable_file_is_a_problem(tmp_path, monkeypatch):
    import io
    import os

    path = dated(write(tmp_path / "a.txt", STORY))
    fake_permission_error(monkeypatch, "open", path)
    real_io_open = io.open
    monkeypatch.setattr(io, "open", lambda p, *a, **k: os.open(p, os.O_RDONLY) and real_io_open(p, *a, **k))
    problem = only_problem(load(path)[1])
    assert problem.path == str(path) and problem.severity == "error" and "permission denied" in problem.reason


@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid") or __import__("os").geteuid() == 0,
                    reason="root reads through chmod 000")
def test_really_unreadable_folder_and_file(tmp_path):
    dated(write(tmp_path / "noread" / "b.txt", STORY))
    locked = dated(write(tmp_path / "locked.txt", STORY.replace("Kharkiv", "Sumy")))
    (tmp_path / "noread").chmod(0)
    locked.chmod(0)
    try:
        articles, problems = load(tmp_path)
        assert articles == []
        assert sorted(p.path for p in problems) == [str(locked), str(tmp_path / "noread")]
        assert all("permission denied" in p.reason for p in problems)
    finally:
        (tmp_path / "noread").chmod(0o755)
        locked.chmod(0o644)


def load_in_subprocess(*paths: Path, timeout: float = 30) -> list[str]:
    """Problem and article lines of ``load_articles(paths)`` in a child with 1 GB of memory; fails on a hang."""
    import subprocess
    import sys

    code = ("import resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
            "from sitrep.ingest import load_articles\n"
            "for item in load_articles(sys.argv[1:]):\n"
            "    print(item if hasattr(item, 'reason') else 'article: ' + item.path)\n")
    done = subprocess.run([sys.executable, "-c", code, *map(str, paths)], capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_fifo_is_a_problem_and_never_opened(tmp_path):
    import os

    good = dated(write(tmp_path / "a.txt", STORY))
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for lines in (load_in_subprocess(tmp_path), load_in_subprocess(fifo, good)):
        assert f"article: {good}" in lines
        assert [line for line in lines if "pipe.txt" in line] == [
            f"error: {fifo}: not a regular file (a named pipe): not read"]


def test_link_to_dev_zero_is_a_problem_and_never_read(tmp_path):
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    good = dated(write(tmp_path / "a.txt", STORY))
    for lines in (load_in_subprocess(tmp_path), load_in_subprocess(zero)):
        assert [line for line in lines if "zero.txt" in line] == [
            f"error: {zero}: not a regular file (a character device): not read"]
    assert f"article: {good}" in load_in_subprocess(tmp_path)


def test_socket_is_a_problem(tmp_path):
    import os
    import socket
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="s", dir="/tmp"))  # short: a socket path has at most 107 bytes
    try:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(folder / "s.txt"))
        articles, problems = load(folder)
        assert articles == []
        assert "not a regular file (a socket)" in only_problem(problems).reason
        sock.close()
    finally:
        for child in folder.iterdir():
            os.unlink(child)
        folder.rmdir()


def test_symlink_loops_do_not_hang(tmp_path):
    good = dated(write(tmp_path / "a.txt", STORY))
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to("..")
    (tmp_path / "dangling.txt").symlink_to("nowhere.txt")
    assert load_in_subprocess(tmp_path) == [
        f"article: {good}",
        f"error: {tmp_path / 'dangling.txt'}: broken symbolic link: not read",
        f"error: {tmp_path / 'loop.txt'}: symbolic link loop: not read",
        f"warning: {tmp_path / 'sub' / 'up'}: skipped: symbolic link to a folder (not followed)",
    ]
    loop = tmp_path / "loop.txt"
    assert load_in_subprocess(loop) == [f"error: {loop}: symbolic link loop: not read"]


def test_reading_stops_at_the_limit_even_when_the_size_lies(tmp_path, monkeypatch):
    import os

    path = dated(write(tmp_path / "grows.txt", STORY * 20))
    for name in ("stat", "fstat"):
        real = getattr(os, name)

        def small(target, *args, _real=real, **kwargs):
            result = _real(target, *args, **kwargs)
            return os.stat_result((*result[:6], 10, *result[7:])) if result.st_size > 1000 else result

        monkeypatch.setattr(os, name, small)
    articles, problems = load(path, max_bytes=500)
    assert articles == []
    problem = only_problem(problems)
    assert problem.path == str(path) and "over the 500 bytes limit" in problem.reason


def test_nul_bytes_become_spaces_before_and_after_8_kb(tmp_path):
    filler = "Air raid alerts sounded across the region overnight. " * 200  # about 10 kB
    raw = ("Strike\x00 on Kharkiv\n\n" + filler + "Shelling hit Khar\x00kiv.\x00\x00\n").encode()
    path = dated(write(tmp_path / "nul.txt", raw))
    (article,), problems = load(path)
    assert "\x00" not in article.text and "\x00" not in article.title
    assert article.title == "Strike on Kharkiv"
    assert article.text.endswith("Shelling hit Khar kiv.")
    problem = only_problem(problems)
    assert problem.severity == "warning" and "4 control characters" in problem.reason


def test_a_head_mostly_of_nul_bytes_is_binary(tmp_path):
    path = write(tmp_path / "utf16.txt", "Shelling hit Kharkiv on Tuesday.".encode("utf-16-le") * 40)
    articles, problems = load(path)
    assert articles == []
    assert "binary" in only_problem(problems).reason


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u202a", "\u202b",
             "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_characters_inside_names_are_removed(tmp_path, char):
    story = STORY.replace("Kharkiv", f"Khar{char}kiv")
    text_file = dated(write(tmp_path / "story.txt", story))
    body = story.split("\n", 1)[1]
    record = json.dumps({"title": f"Shelling in Khar{char}kiv", "text": body, "published": "2025-12-02"})
    sidecar_titled = dated(write(tmp_path / "b" / "story.txt", STORY))
    write(sidecar_titled.with_name("story.txt.meta.json"),
          json.dumps({"title": f"Khar{char}kiv (desk)", "published": "2025-12-02"}))
    articles, problems = load(text_file, write(tmp_path / "c.jsonl", record), sidecar_titled)
    assert problems == []
    assert [a.title for a in articles] == ["Shelling hits Kharkiv suburb", "Shelling in Kharkiv", "Kharkiv (desk)"]
    for article in articles:
        assert char not in article.text and "suburb of Kharkiv on Tuesday" in article.text
    assert len({a.content_hash for a in articles}) == 1  # the same story with or without the invisible character


def test_same_story_with_invisible_characters_is_stored_once(tmp_path):
    from sitrep.store import Store

    dated(write(tmp_path / "a.txt", STORY))
    dated(write(tmp_path / "b.txt", STORY.replace("Kharkiv", "Khar\u200bkiv").replace("the", "\u200ethe\u200f")))
    with Store(":memory:") as store:
        summary = store.ingest([tmp_path])
    assert (summary.added, summary.duplicates) == (1, 1)


def test_lone_surrogates_in_json_are_replaced_not_fatal(tmp_path):
    from sitrep.store import Store

    lines = ['{"text": "Drones hit Odesa \\ud800 port.", "title": "Odesa \\udfff", "id": "x\\ud83d"}',
             json.dumps({"text": "Shelling in Kherson.", "published": "2025-12-02"})]
    path = write(tmp_path / "c.jsonl", "\n".join(lines))
    articles, _ = load(path)
    assert [a.text for a in articles] == ["Drones hit Odesa \ufffd port.", "Shelling in Kherson."]
    assert articles[0].title == "Odesa \ufffd" and articles[0].article_id == "x\ufffd"
    with Store(":memory:") as store:
        assert store.ingest([path]).added == 2


def test_jsonl_lines_split_only_at_newlines(tmp_path):
    line = json.dumps({"text": "Kyiv\u2028Kharkiv\u2029Odesa\x85Sumy\x0cLviv\tDnipro", "published": "2025-12-02"},
                      ensure_ascii=False)
    raw_tab = '{"text": "Raw\ttab in a JSON string.", "published": "2025-12-02"}'
    articles, problems = load(write(tmp_path / "c.jsonl", line + "\n" + raw_tab + "\n"))
    assert problems == []
    assert [a.text for a in articles] == ["Kyiv\nKharkiv\nOdesa\nSumy Lviv Dnipro", "Raw tab in a JSON string."]
