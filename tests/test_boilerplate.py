"""Page furniture in scraped text: each family is dropped with its reason, prose is never touched, and what is
dropped is kept in the store. Every text here was written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.boilerplate import clean, prose_sentence
from sitrep.ingest import load_articles, normalize_text
from sitrep.store import Store
from sitrep.types import Article

PAGES = Path(__file__).parent / "data" / "scraped" / "pages"
GOLD = Path(__file__).parents[1] / "lib" / "sitrep" / "data" / "gold" / "events_dev.jsonl"
PROSE = ("Russian drones struck an apartment block in Sumy overnight, killing one woman, the regional governor "
         "said.\n\n"
         "Emergency crews searched the rubble until morning.")


def dropped(text: str) -> dict[str, str]:
    """{dropped line: reason}, checking the kept text is the text minus those lines."""
    kept, removed = clean(normalize_text(text))
    for r in removed:
        assert r.text not in kept.split("\n")
        assert normalize_text(text)[r.start:r.end] == r.text
        assert 0 <= r.at <= len(kept)
    return {r.text: r.reason for r in removed}


@pytest.mark.parametrize(("furniture", "reason"), [
    ("Home | Ukraine | World | Opinion | Video", "menu or tag list"),
    ("Home > News > Europe > Ukraine", "menu or tag list"),
    ("Ukraine · Russia · Drones · Air defence", "menu or tag list"),
    ("Tags: Odesa, ports, grain corridor, Black Sea, shipping", "tag list"),
    ("We use cookies to personalise content and ads. Manage your preferences at any time.", "cookie notice"),
    ("Accept all cookies", "cookie notice"),
    ("Maximum Storage Duration: 1 year", "cookie table"),
    ("Type: HTTP Cookie", "cookie table"),
    ("Share this article", "share or subscribe"),
    ("Sign up for our morning briefing newsletter", "share or subscribe"),
    ("Follow us on Telegram", "share or subscribe"),
    ("© 2026 Dnipro Daily. All rights reserved.", "copyright or legal"),
    ("Photo: Mykolaiv City Council press service", "image credit"),
    ("(Photo by a staff photographer/AFP via Getty Images)", "image credit"),
    ("[3] Ministry of Defence briefing. Accessed 2 March 2026.", "reference list"),
    ("BREAKING: Explosions heard in Dnipro", "ticker"),
    ("* [Opinion](https://example.org/opinion)", "link list"),
    ("Skip to main content", "navigation"),
    ("READ MORE: Kharkiv tram depot fire death toll reaches 5", "related link"),
    ("Read also: How Ukraine's mobile fire groups hunt Shahed drones at night", "related link"),
    ("See also: Odesa port strike damages grain terminal", "related link"),
])
def test_each_furniture_line_is_dropped_with_its_reason(furniture, reason):
    assert dropped(f"{PROSE}\n{furniture}\n\nThe governor urged residents to stay in shelters.") == {furniture: reason}


def test_related_and_most_read_blocks_drop_their_headlines():
    text = (f"{PROSE}\n\nRead more:\nRussia fired 90 missiles in one week, Kyiv says\nWhy the front line has barely "
            "moved since autumn\n\nMost popular\nKremlin claims 500 drones downed over Bryansk\n")
    out = dropped(text)
    assert set(out) == {"Read more:", "Russia fired 90 missiles in one week, Kyiv says",
                        "Why the front line has barely moved since autumn", "Most popular",
                        "Kremlin claims 500 drones downed over Bryansk"}


def test_menus_headline_lists_and_tickers_as_runs_of_lines():
    text = ("Politics\nEconomy\nWar\nCulture\n\n" + PROSE + "\n\n"
            "09:12 — Missile alert lifted in Kyiv region\n08:55 — Drones spotted over Chernihiv\n\n"
            "Troops advance near Kupiansk, analysts say\nKyiv hosts donors' conference on energy\n"
            "Black Sea grain exports reach new high\n")
    out = dropped(text)
    assert {out[k] for k in ("Politics", "Economy", "War", "Culture")} == {"menu or link list"}
    assert out["09:12 — Missile alert lifted in Kyiv region"] == "ticker"
    assert out["Troops advance near Kupiansk, analysts say"] == "headline list"
    assert "Emergency crews searched the rubble until morning." not in out


def test_prose_is_never_dropped():
    assert clean(normalize_text(PROSE)) == (normalize_text(PROSE), ())
    # a live blog's time-stamped entries are prose, not a ticker; a mention of cookies in prose is prose
    blog = ("14:05 — Russian drones hit a bus depot in Sumy, injuring two drivers, the city council said.\n"
            "14:30 — The governor said the cookie factory in Okhtyrka was also damaged in the attack.")
    assert clean(blog) == (blog, ())
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        text = normalize_text(json.loads(line)["text"])
        assert clean(text) == (text, ()), json.loads(line)["id"]


def test_a_text_of_nothing_but_furniture_is_kept_whole():
    text = "Home\nNews\nSport\nWeather"
    assert clean(text) == (text, ())


def test_scraped_pages_keep_the_article_and_store_what_was_dropped(tmp_path):
    items = list(load_articles([PAGES]))
    articles = {a.article_id: a for a in items if isinstance(a, Article)}
    page = next(a for a in articles.values() if a.path.endswith("oblast_news_drone.txt"))
    assert page.title == "Two killed as drones hit Kharkiv warehouse overnight"
    assert page.text.startswith("KHARKIV, Feb 14 (Example News) - Russian drones struck a warehouse")
    for gone in ("Maximum Storage Duration", "Cookie", "Related", "100,000 drones", "Tags:", "Share on", "©"):
        assert gone not in page.text
    reasons = {r.reason for r in page.removed}
    assert {"cookie notice", "cookie table", "menu or tag list", "'Related' block", "tag list",
            "share or subscribe", "copyright or legal", "navigation"} <= reasons
    with Store(str(tmp_path / "s.duckdb")) as db:
        db.ingest([PAGES])
        spans = db.removed_spans()
        stored = db.articles().set_index("article_id")["text"]
    assert len(spans) == sum(len(a.removed) for a in articles.values())
    assert set(spans["reason"]) >= reasons
    for r in spans.to_dict("records"):  # where each line was cut is a line boundary of the stored text
        text = stored[r["article_id"]]
        assert r["cut_at"] in (0, len(text)) or text[r["cut_at"] - 1] == "\n"


@pytest.mark.parametrize("sentence", [
    "Home | News | Ukraine | World | Business | Sport | Weather | Culture | Opinion",
    "Cookie settings Necessary Statistics Marketing Accept all cookies Reject",
    "Kharkiv Odesa Dnipro Lviv Zaporizhzhia Sumy Chernihiv Poltava " * 3,
    "Watch live",
    "x " * 400,
])
def test_statements_need_prose(sentence):
    assert not prose_sentence(sentence)


def test_a_statement_in_prose_is_prose():
    assert prose_sentence("The foreign minister said Ukraine would not accept any deal that gives away its land.")


def test_line_per_item_reports_are_not_menus():
    report = ("Overnight on 3 March the enemy attacked Ukraine with 96 strike drones and missiles:\n"
              "— 4 Kh-101 cruise missiles from the Saratov region\n— 92 Shahed-type drones and decoys\n"
              "Shot down or suppressed: 81 drones\nHits at 6 locations\nKilled: 1 person\n"
              "Injured: 5, including 2 children")
    assert clean(report) == (report, ())
