"""Events of one article: every sentence through the detectors, then the article-level steps.

:func:`extract_events` reads the sentences in order (each detector gets a :class:`~.model.SentenceContext`),
lets a headline take its place, date and source from the lead, attributes each attack and air-defense report
(:mod:`sitrep.extract.attribution`), fills gaps from the paragraph (:mod:`.inherit`), builds the rows
(:mod:`.rows`) and merges the mentions of one incident (:mod:`sitrep.extract.consolidate`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from sitrep.extract.attribution import attribute
from sitrep.extract.consolidate import consolidate
from sitrep.extract.entities import TITLE_WORDS, EntityMention
from sitrep.extract.events.air_defense import counted_numbers, detect_air_defense
from sitrep.extract.events.attacks import detect_attacks
from sitrep.extract.events.captures import contest_captures, detect_captures
from sitrep.extract.events.common import aggregate_period, ents_in, paragraph_index, time_for
from sitrep.extract.events.disrupted import detect_disrupted
from sitrep.extract.events.inherit import inherit
from sitrep.extract.events.meetings import detect_meetings
from sitrep.extract.events.model import Event, SentenceContext
from sitrep.extract.events.places import is_location_use, place_rank
from sitrep.extract.events.reporting import is_source_line, reporting
from sitrep.extract.events.rows import build_rows
from sitrep.extract.events.statements import detect_statements
from sitrep.extract.events.weapons import same_weapon
from sitrep.extract.lexicon import GROUND_WORDS
from sitrep.extract.numbers import NumberMention
from sitrep.nlp import doc_text, sentences
from sitrep.types import TimeExpression


def extract_events(
    doc: Doc,
    *,
    article_id: str,
    published: dt.date | None,
    entities: Sequence[EntityMention],
    numbers: Sequence[NumberMention],
    times: Sequence[TimeExpression] = (),
    char_offset: int = 0,
    sentence_offset: int = 0,
) -> tuple[list[dict], list[dict], list[str]]:
    """Event rows, claim-ledger rows (dicts keyed by :mod:`sitrep.schema` columns) and unresolved places.

    ``doc`` may be a section of the article starting at character ``char_offset`` and sentence ``sentence_offset``
    of it: the rows' spans, sentence indexes and ids are then those of the full article text."""
    paras = paragraph_index(doc)
    header, header_end = _header(doc, entities)
    body_entities = [e for e in entities if e.char_start >= header_end]
    events: list[Event] = []
    attributions: dict[int, tuple] = {}
    sources: dict[int, tuple] = {}  # sentence -> (mention, text, verb) of a sentence that reports no event itself
    sents = list(sentences(doc))
    for sent_i, sent in enumerate(sents):
        para_i = paras.get(sent_i, 0)
        before = len(events)
        ctx = SentenceContext(doc=doc, sent=sent, sent_i=sent_i, para_i=para_i, entities=body_entities,
                              numbers=[n for n in numbers if n.sentence_index == sent_i], times=times,
                              previous=events)
        new = _sentence_events(ctx)
        if not new:
            mention, text, verb = reporting(sent, body_entities)
            if mention is not None or text:
                attributions.setdefault(para_i, (mention, text, verb))
                if len(events) == before:
                    sources[sent_i] = (mention, text, verb)
        events.extend(new)
    if header is None:  # a "Source: X, title" line speaks for the article's unsourced reports, as a header would
        header = next((src[0] for i, src in sorted(sources.items()) if src[0] is not None and src[2] == "report"
                       and is_source_line(sents[i])), None)
    _headline_lead(doc, events, body_entities, times)
    attribute(events, body_entities, header, attributions, sentence_sources=sources,
              headline=bool(sents) and is_headline(sents[0]))  # attacks and air defense (sitrep.extract.attribution)
    for ev in events:  # "…, the governor said." or a "Name, title:" header speaks for the paragraph
        if ev.claimant is None and not ev.claimant_name and ev.kind != "statement":
            source = attributions.get(ev.para_i) or ((header, None, "say") if header is not None else None)
            if source:
                ev.claimant, ev.claimant_name, ev.verb = source[0], (source[0].canonical if source[0] else
                                                                     source[1]), source[2]
    inherit(events, doc, paras)
    contest_captures(events, sents)
    rows, claims, unresolved = build_rows(events, article_id=article_id, published=published, doc=doc,
                                          char_offset=char_offset, sentence_offset=sentence_offset)
    rows, claims = consolidate(rows, claims, sentence_starts=[s.start_char + char_offset for s in sentences(doc)],
                               published=published, headline=bool(sents) and is_headline(sents[0]))
    return rows, claims, unresolved


def _sentence_events(ctx: SentenceContext) -> list[Event]:
    """Every detector on one sentence, in order: each may look at the events found before it in the sentence."""
    if aggregate_period(ctx.sent, ctx.times):  # "over the past week, Russia launched 1,270 drones": a running total
        return []
    counted = counted_numbers(ctx)
    found = detect_air_defense(ctx)
    disrupted = detect_disrupted(ctx, counted=counted, found=found)
    found += disrupted
    handled = {t.i for ev in disrupted for t in ev.trigger.subtree}
    captures = detect_captures(ctx, exclude=handled)
    found += captures
    if captures:  # "claimed the capture of X after fighting with Y": the fighting is the capture's battle
        handled |= {t.i for t in ctx.sent if t.lemma_.lower() in GROUND_WORDS or t.lower_ in GROUND_WORDS}
        handled |= {t.i for ev in captures for t in ev.trigger.subtree}
    found += detect_attacks(ctx, counted=counted, exclude=handled)
    found += detect_meetings(ctx)
    found += detect_statements(ctx, found=found)
    return found


def is_headline(sent: Span) -> bool:
    """The article's first line standing alone: it ends at a newline without final punctuation."""
    text = sent.text.rstrip(" \t")
    return sent.start == 0 and text.endswith("\n") and text.strip()[-1:] not in {".", "!", "?", '"', "”", ":"}


def _headline_lead(doc: Doc, events: list[Event], entities, times) -> None:
    """A headline attack ("Armed clash", "Drone strike kills two") without a place, date or actor takes them from
    the lead, the first body sentence after the dateline (its attack, else its main clause): the lead tells what
    the headline names, and consolidation then merges the two."""
    sents = list(sentences(doc))
    if len(sents) < 2 or not is_headline(sents[0]):
        return
    spans = doc.user_data.get("sitrep_datelines", [])
    lead_i = next((i for i, s in enumerate(sents[1:4], 1)
                   if s.text.strip() and not any(a <= s.start_char < b for a, b in spans)), None)
    if lead_i is None:
        return
    lead = sents[lead_i]
    told = next((e for e in events if e.sent_i == lead_i and e.kind == "attack"), None)
    for ev in events:
        if ev.sent_i != 0 or ev.kind != "attack":
            continue
        if ev.claimant is None and not ev.claimant_name:
            claimant, claimant_text, verb = reporting(lead, entities, told.trigger if told else None)
            if claimant is not None or claimant_text:
                ev.claimant, ev.verb = claimant, verb
                ev.claimant_name = claimant.canonical if claimant else claimant_text
        if ev.place is None:
            if told is not None and told.place is not None:
                ev.place, ev.admin_hint = told.place, ev.admin_hint or told.admin_hint
            else:
                places = [e for e in ents_in(entities, lead.start_char, lead.end_char) if is_location_use(e, doc)]
                if places:  # the lead names the most specific place first ("near X (Y raion, Z)")
                    ev.place = min(places, key=lambda e: (place_rank(e), e.char_start))
                    hint = next((e for e in places if place_rank(e) == 3 and e is not ev.place), None)
                    ev.admin_hint = ev.admin_hint or (hint.canonical if hint else None)
        if ev.time is None:
            ev.time = told.time if told is not None else time_for(lead, times, lead.root)
        if told is not None and ev.actor_country is None:
            ev.actor, ev.actor_country = told.actor, told.actor_country
        if told is not None and told.weapon and not same_weapon(ev.weapon, told.weapon):
            ev.weapon, ev.subkind = told.weapon, told.subkind  # "Air/drone strike" above "guided bombs hit…"


def _header(doc: Doc, entities: Sequence[EntityMention]) -> tuple[EntityMention | None, int]:
    """A leading "Name, title:" or "Organization:" attribution (Telegram/press-release style)."""
    m = re.match(r"\s*([^:\n.]{3,160}?):\s", doc_text(doc))
    if not m:
        return None, 0
    inside = [e for e in entities if e.char_end <= m.end(1) and e.label in {"PERSON", "ORG"}]
    prefix = [t for t in doc if t.idx < m.end(1)]
    clause = any(t.pos_ in {"VERB", "AUX"} or t.like_num for t in prefix)
    if not inside or clause:  # "Yarova death toll rises to 25: …" is a headline, not a source
        return None, 0
    lead = [t for t in prefix if t.idx < min(e.char_start for e in inside) and not t.is_space]
    if any(t.pos_ not in {"PROPN", "ADJ", "DET", "PUNCT"} and t.lower_ not in TITLE_WORDS for t in lead):
        return None, 0  # "Strike on Mykolaiv regional administration: …" names the target, not the source
        return None, 0
    person = next((e for e in inside if e.label == "PERSON"), None)
    return (person or inside[0]), m.end()
