"""Every figure one click from its sentence: the bundle's ``provenance.html``.

One section per timeline entry, anchored by its stable ``entry_id`` (``provenance.html#<entry_id>``; the interactive
map, timeline and the timeline tables link there). For each source article of the entry: its title, outlet,
publication date and URL (a link only when it is http or https), and the sentence(s) the event and its claims were
read from, with the figures, the place and the claimant marked (``<mark>``), then the claims (figure, value,
qualifier, claimant, certainty).

All article text is escaped (:func:`sitrep.escape.html_text`); marks are placed by character offsets into the
escaped-before sentence, never by inserting markup into text. The page carries no script and the report's
Content-Security-Policy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from sitrep.escape import html_text

PAGE_NAME = "provenance.html"
FIGURE_TYPES = ("killed", "injured", "launched", "intercepted", "total")
PAGE_STYLE = """
.prov { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; max-width: 70rem;
  margin: 0 auto; padding: 0 1rem 3rem; }
.prov section { border-top: 1px solid #ddd; padding: .6rem 0 .4rem; }
.prov section:target { background: #f3f8fe; outline: 3px solid #1a5fb4; outline-offset: 4px; }
.prov h2 { font-size: 1.05rem; margin: .2rem 0; }
.prov .meta { color: #555; font-size: 90%; }
.prov .source { margin: .4rem 0 .4rem 1rem; }
.prov blockquote { margin: .3rem 0 .3rem 1rem; padding-left: .6rem; border-left: 3px solid #ccc; }
.prov table { border-collapse: collapse; font-size: 90%; margin-left: 1rem; }
.prov td, .prov th { border-bottom: 1px solid #eee; padding: .1rem .5rem; text-align: left; }
.prov td.num { text-align: right; }
.prov .legend mark { margin-right: .6rem; }
"""


def _clean(value) -> str | None:
    if value is None or (not isinstance(value, str | list | tuple | dict) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def web_link(url: str | None) -> str:
    """An http(s) URL as an escaped link; anything else (javascript:, data:, relative …) as escaped text only."""
    url = _clean(url)
    if url is None:
        return ""
    if re.match(r"^https?://[^\s<>\"']+$", url, re.I):
        return f'<a href="{html_text(url)}" rel="noopener noreferrer nofollow">{html_text(url)}</a>'
    return f"<code>{html_text(url)}</code>"


def _find(sentence: str, needle: str | None) -> tuple[int, int] | None:
    needle = _clean(needle)
    if not needle or len(needle) < 2:
        return None
    at = sentence.casefold().find(needle.casefold())
    return (at, at + len(needle)) if at >= 0 else None


def _spans_for(sentence: str, *, offset: int | None, numbers: list[tuple], entities: list[tuple],
               place: str | None, claimant: str | None) -> list[tuple[int, int, str]]:
    """(start, end, kind) within ``sentence`` for the figures (the numbers extracted there), the place and the
    claimant (the entities there that name them, else their text found in the sentence). ``numbers`` are the
    article's figure numbers as (char_start, char_end), ``entities`` its entities as (char_start, char_end, names)."""
    spans: list[tuple[int, int, str]] = []
    end = offset + len(sentence) if offset is not None else None
    if offset is not None:
        spans += [(int(s) - offset, int(e) - offset, "fig") for s, e in numbers if s >= offset and e <= end]
    for kind, name in (("place", place), ("claimant", claimant)):
        name = _clean(name)
        if not name:
            continue
        found = None
        if offset is not None:
            folded = name.casefold()
            for start, stop, names in entities:
                if not (start >= offset and stop <= end):
                    continue
                if folded in names or any(n and n in folded for n in names if len(n) > 3):
                    found = (int(start) - offset, int(stop) - offset)
                    break
        if found is None:
            found = _find(sentence, name)
        if found is None and " " in name:  # "Oleh Syniehubov" said as "Syniehubov"; "Kharkiv Oblast" as "Kharkiv"
            words = [w for w in name.split() if len(w) > 3]
            for word in (words[-1:] if kind == "claimant" else words[:1]):
                found = _find(sentence, word)
        if found is not None:
            spans.append((*found, kind))
    return spans


def _by_article_numbers(numbers: pd.DataFrame) -> dict[str, list[tuple]]:
    """Each article's figure numbers as (char_start, char_end), in table order."""
    out: dict[str, list[tuple]] = {}
    if numbers.empty:
        return out
    keep = numbers[numbers["quantity_type"].isin(FIGURE_TYPES)].dropna(subset=["char_start", "char_end"])
    for article_id, start, stop in zip(keep["article_id"], keep["char_start"], keep["char_end"], strict=True):
        out.setdefault(article_id, []).append((start, stop))
    return out


def _by_article_entities(entities: pd.DataFrame) -> dict[str, list[tuple]]:
    """Each article's entities as (char_start, char_end, the casefolded text and canonical name), in table order."""
    out: dict[str, list[tuple]] = {}
    if entities.empty:
        return out
    placed = entities.dropna(subset=["char_start", "char_end"])
    for article_id, start, stop, text, canonical in zip(placed["article_id"], placed["char_start"],
                                                         placed["char_end"], placed["text"], placed["canonical"],
                                                         strict=True):
        names = frozenset(str(x).casefold() for x in (text, canonical) if _clean(x))
        out.setdefault(article_id, []).append((start, stop, names))
    return out


def marked(sentence: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """``sentence`` as escaped HTML with each span in ``<mark class="kind">``; overlapping spans keep the first."""
    out, at = [], 0
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if start < at or end <= start or end > len(sentence):
            continue
        out.append(html_text(sentence[at:start]))
        out.append(f'<mark class="{html_text(kind)}">{html_text(sentence[start:end])}</mark>')
        at = end
    out.append(html_text(sentence[at:]))
    return "".join(out)


def _figures_line(entry: dict) -> str:
    figs = [f"{int(entry[f])} {f}" for f in ("killed", "injured", "launched", "intercepted")
            if _clean(entry.get(f)) is not None]
    return ", ".join(figs) or "no figures"


def _locate(sentence: str, article_text: str | None, near) -> int | None:
    """Where ``sentence`` starts in the article text: the occurrence nearest to ``near`` (the row's char_start, which
    may point inside the sentence), or None when the text is not at hand."""
    if not article_text:
        return None
    near = int(near) if near is not None and not pd.isna(near) else 0
    before = article_text.rfind(sentence, 0, near + len(sentence))
    return before if before >= 0 else (article_text.find(sentence) if sentence in article_text else None)


def _sentences(event: dict, claims: list[dict], article_text: str | None) -> list[tuple[str, int | None]]:
    """The distinct sentences (text, offset in the article text) of an event and of its claims, in text order."""
    seen: dict[tuple, tuple[str, int | None]] = {}
    for row in [event, *claims]:
        text = _clean(row.get("sentence"))
        if not text:
            continue
        start = _locate(text, article_text, row.get("char_start"))
        seen.setdefault((start, text), (text, start))
    return sorted(seen.values(), key=lambda s: (s[1] is None, s[1] or 0))


def _source_html(event: dict, article: dict, claims: list[dict], numbers: list[tuple], entities: list[tuple]) -> str:
    title = _clean(article.get("title")) or _clean(event.get("article_id")) or "untitled"
    meta = [f"outlet: {html_text(_clean(article.get('source')) or 'unknown')}",
            f"published: {html_text((_clean(article.get('published')) or 'undated')[:10])}"]
    url = web_link(article.get("url"))
    if url:
        meta.append(f"URL: {url}")
    meta.append(f"article id: <code>{html_text(_clean(event.get('article_id')) or '')}</code>")
    quotes = []
    text = article.get("text") if isinstance(article.get("text"), str) else None
    for sentence, offset in _sentences(event, claims, text):
        spans = _spans_for(sentence, offset=offset, numbers=numbers, entities=entities, place=event.get("place"),
                           claimant=event.get("claimant"))
        quotes.append(f"<blockquote>{marked(sentence, spans)}</blockquote>")
    rows = "".join(
        f'<tr><td>{html_text(c["figure"])}</td><td class="num">{html_text(_clean(c["value"]) or "")}</td>'
        f'<td>{html_text(_clean(c["qualifier"]) or "")}</td><td>{html_text(_clean(c["claimant"]) or "not attributed")}'
        f'</td><td>{html_text(_clean(c["certainty"]) or "")}</td></tr>' for c in claims)
    table = (f"<table><tr><th>figure</th><th>value</th><th>qualifier</th><th>claimant</th><th>certainty</th></tr>"
             f"{rows}</table>") if rows else ""
    return (f'<div class="source"><strong>{html_text(title)}</strong><div class="meta">{" · ".join(meta)}</div>'
            f'{"".join(quotes)}{table}</div>')


def provenance_body(run) -> str:
    """The sections of the provenance page for ``run`` (an :class:`sitrep.analysis.Analysis`)."""
    timeline = run.timeline if run.timeline is not None else pd.DataFrame()
    if timeline.empty:
        return "<p>No timeline entries.</p>"
    # Every lookup is a dict of plain records built once: a DataFrame filter or .loc per event is far too slow at
    # scale (2,000 articles: about 7 minutes before, seconds now).
    events = {e["event_id"]: e for e in run.events.to_dict("records")} if not run.events.empty else {}
    articles = {a["article_id"]: a for a in run.articles.to_dict("records")}
    claims: dict[str, list[dict]] = {}
    for claim in (run.claims.to_dict("records") if not run.claims.empty else []):
        claims.setdefault(claim["event_id"], []).append(claim)
    numbers = _by_article_numbers(run.numbers)
    entities = _by_article_entities(run.entities)
    sections = []
    for entry in timeline.to_dict("records"):
        place = ", ".join(dict.fromkeys(p for p in (_clean(entry.get("place")), _clean(entry.get("admin1")),
                                                     _clean(entry.get("country"))) if p)) or "not placed"
        kind = (_clean(entry.get("kind")) or "event") + (f" ({entry['subkind']})" if _clean(entry.get("subkind"))
                                                          else "")
        heading = " · ".join((_clean(entry.get("date_start")) or "undated", kind, place))
        claimants = ", ".join(str(c) for c in (entry.get("claimants") if entry.get("claimants") is not None else []))
        sources = []
        for event_id in list(entry.get("event_ids") if entry.get("event_ids") is not None else []):
            event = events.get(event_id)
            if event is None:
                continue
            article_id = event.get("article_id")
            sources.append(_source_html(event, articles.get(article_id, {}), claims.get(event_id, []),
                                        numbers.get(article_id, []), entities.get(article_id, [])))
        entry_id = html_text(entry["entry_id"])
        sections.append(
            f'<section id="{entry_id}"><h2>{html_text(heading)}</h2>'
            f'<div class="meta">shown: {html_text(_figures_line(entry))} · claimants: '
            f'{html_text(claimants or "none")} · certainty: {html_text(_clean(entry.get("certainty")) or "unknown")}'
            f' · entry <code>{entry_id}</code></div>{"".join(sources)}</section>')
    return "".join(sections)


def provenance_page(run, *, title: str = "Sources of every figure") -> str:
    """The whole page: the report's policy, style and navigation back to the front page, then the sections."""
    from sitrep.report import PAGE_CSP, PAGE_CSS, with_policy

    legend = ('<p class="legend">Marked: <mark class="fig">figures</mark><mark class="place">place</mark>'
              '<mark class="claimant">claimant</mark></p>')
    page = (f'<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" '
            f'content="{html_text(PAGE_CSP)}"><meta charset="utf-8"><title>{html_text(title)}</title>'
            f'<style>{PAGE_CSS}{PAGE_STYLE}</style></head><body>'
            f'<nav class="sitrep-nav" aria-label="report"><span class="brand">sitrep</span>'
            f'<a href="index.html">Front page</a><a href="#top" class="current">Sources</a></nav>'
            f'<main class="prov" id="top"><h1>{html_text(title)}</h1>{legend}{provenance_body(run)}</main>'
            f'</body></html>')
    return with_policy(page)


def write_provenance(run, out_dir: str | Path, *, title: str = "Sources of every figure"):
    """Write ``provenance.html`` into ``out_dir`` (the run folder); returns a Markdown line linking to it."""
    from IPython.display import Markdown

    path = Path(out_dir) / PAGE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(provenance_page(run, title=title), encoding="utf-8")
    n = 0 if run.timeline is None else len(run.timeline)
    return Markdown(f"Every figure with the sentences it was read from, per source: [{PAGE_NAME}]({PAGE_NAME}) "
                    f"({n} entries; click a point on the map or timeline, or a table's *sources* link).")
