"""The provenance page (sitrep.provenance): one anchored section per timeline entry, each source's sentences with
the figures, place and claimant marked, its title, outlet, date and URL (a link only for http/https)."""

from __future__ import annotations

import re

from sitrep import schema
from sitrep.analysis import Analysis, timeline_table
from sitrep.provenance import marked, provenance_page, web_link
from sitrep.store import IngestSummary

TEXT = ("Kharkiv night.\n\nRussian drones struck Kharkiv overnight, killing three people, governor Oleh Syniehubov "
        "said. Ten more were injured.")
SENTENCE = TEXT[16:TEXT.index(" Ten")]
FOLLOW = TEXT[TEXT.index("Ten"):]


def run() -> Analysis:
    start = TEXT.index("Russian")
    events = [{"event_id": "e1", "article_id": "a1", "kind": "attack", "subkind": "drone_strike", "place": "Kharkiv",
               "admin1": "Kharkiv Oblast", "country": "UA", "lat": 49.99, "lon": 36.23, "geo_precision": 1,
               "date_start": "2025-12-04", "date_end": "2025-12-04", "time_precision": 1, "killed": 3,
               "injured": 10, "claimant": "Oleh Syniehubov", "certainty": "confirmed", "sentence": SENTENCE,
               "char_start": start + 8, "char_end": start + 30}]  # a span inside the sentence
    claims = [{"claim_id": "c1", "event_id": "e1", "article_id": "a1", "sentence": SENTENCE, "char_start": start,
               "char_end": start + len(SENTENCE), "figure": "killed", "value": 3, "claimant": "Oleh Syniehubov",
               "certainty": "confirmed"},
              {"claim_id": "c2", "event_id": "e1", "article_id": "a1", "sentence": FOLLOW,
               "char_start": TEXT.index("Ten"), "char_end": len(TEXT), "figure": "injured", "value": 10,
               "claimant": "Oleh Syniehubov", "certainty": "confirmed"}]
    three, ten = TEXT.index("three"), TEXT.index("Ten")
    numbers = [{"article_id": "a1", "text": "three", "value": 3, "quantity_type": "killed", "char_start": three,
                "char_end": three + 5},
               {"article_id": "a1", "text": "Ten", "value": 10, "quantity_type": "injured", "char_start": ten,
                "char_end": ten + 3},
               {"article_id": "a1", "text": "Kharkiv", "value": 0, "quantity_type": "other", "char_start": 0,
                "char_end": 7}]
    kharkiv = TEXT.index("Kharkiv overnight")
    entities = [{"article_id": "a1", "text": "Kharkiv", "label": "GPE", "canonical": "Kharkiv",
                 "char_start": kharkiv, "char_end": kharkiv + 7}]
    articles = [{"article_id": "a1", "title": "Strike on Kharkiv", "published": "2025-12-05T07:00:00",
                 "source": "Kyiv Independent", "url": "https://example.org/kharkiv", "text": TEXT}]
    return Analysis(articles=schema.frame(schema.ARTICLES, articles), problems=schema.frame(schema.PROBLEMS),
                    entities=schema.frame(schema.ENTITIES, entities), numbers=schema.frame(schema.NUMBERS, numbers),
                    events=schema.frame(schema.EVENTS, events), claims=schema.frame(schema.CLAIMS, claims),
                    times=schema.frame(schema.TIMES), ingest=IngestSummary(), parameters={})


def test_each_entry_has_a_section_with_its_sources_sentences_marked():
    r = run()
    page = provenance_page(r)
    entry = r.timeline["entry_id"].iloc[0]
    section = re.search(rf'<section id="{entry}">(.*?)</section>', page, re.S).group(1)
    assert "Strike on Kharkiv" in section and "Kyiv Independent" in section and "published: 2025-12-05" in section
    assert '<a href="https://example.org/kharkiv"' in section
    marks = re.findall(r'<mark class="(\w+)">([^<]*)</mark>', section)
    assert ("fig", "three") in marks and ("fig", "Ten") in marks
    assert ("place", "Kharkiv") in marks and ("claimant", "Oleh Syniehubov") in marks
    assert ("fig", "Kharkiv") not in marks  # only figure numbers are marked as figures
    assert section.count("<blockquote>") == 2  # the event's sentence and the follow-up its claim came from
    assert "script-src 'none'" in page


def test_the_timeline_table_links_every_entry_to_its_section():
    r = run()
    table = timeline_table(r)
    page = provenance_page(r)
    assert all(f'<section id="{e}">' in page for e in table["entry"])


def test_marks_are_placed_on_the_text_not_inserted_into_it():
    text = "<b>3</b> killed in Kharkiv & more"
    out = marked(text, [(19, 26, "place"), (3, 4, "fig"), (3, 8, "claimant"), (20, 30, "fig")])
    assert out == ('&lt;b&gt;<mark class="claimant">3&lt;/b&gt;</mark> killed in <mark class="place">Kharkiv</mark>'
                   ' &amp; more')
    # overlapping spans: the one starting first (the longest of those) wins; none is cut into another


def test_only_web_urls_are_links():
    assert web_link("https://example.org/a?b=1&c=2").startswith('<a href="https://example.org/a?b=1&amp;c=2"')
    for url in ("javascript:alert(1)", "data:text/html,<script>x</script>", "//evil.example/", "file:///etc/passwd",
                'https://example.org/"onmouseover="x'):
        shown = web_link(url)
        assert "<a " not in shown and "<script" not in shown
