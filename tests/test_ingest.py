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
