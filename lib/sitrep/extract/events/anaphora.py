"""'The attack', 'the meeting' after one was told: a definite mention that enriches the event before it."""

from __future__ import annotations

from spacy.tokens import Token

from sitrep.extract.events.common import time_for
from sitrep.extract.events.model import SentenceContext
from sitrep.extract.events.places import choose_place
from sitrep.extract.events.reporting import reporting
from sitrep.extract.lexicon import TIME_CLAUSE_WORDS


def definite_anaphor(trigger: Token) -> bool:
    """'the attack', 'this meeting', 'the shelling' (a gerund the tagger may call a verb): a trigger with a
    definite determiner refers back to an event already told."""
    return trigger.pos_ in {"NOUN", "VERB"} and any(c.lower_ in {"the", "this", "that"} and c.dep_ == "det"
                                          for c in trigger.children)


def merge_anaphor(ctx: SentenceContext, kind: str, trigger: Token) -> bool:
    """'… confirmed the attack occurred Thursday night': enrich the last event of ``kind`` (in ``ctx.previous``)
    with the sentence's source, time and place."""
    previous, sent, entities = ctx.previous, ctx.sent, ctx.entities
    prior = [e for e in previous if e.kind == kind and e.sent_i >= (previous[-1].sent_i - 3)]
    if not prior:
        return False
    ev = prior[-1]
    claimant, claimant_text, verb = reporting(sent, entities, trigger)
    if claimant is not None or claimant_text:
        ev.later_sources.append((ctx.sent_i, claimant, claimant_text, verb))
        if ev.claimant is None and not ev.claimant_name:
            ev.claimant, ev.claimant_name = claimant, (claimant.canonical if claimant else claimant_text)
            ev.verb = verb
    from sitrep.extract.consolidate import recalls_background

    t = time_for(sent, ctx.times, trigger)
    if t is not None and ev.time is None and not recalls_background(sent.text):  # "… come a week after …, in 2024"
        ev.time = t
    place, hint = choose_place(sent, trigger, entities, ctx.doc)
    if ev.place is None and place is not None and not _other_time_clause(place, trigger):
        ev.place = place
    ev.anaphor_sentence = sent
    return True


def _other_time_clause(place, trigger: Token) -> bool:
    """'The attack came a day after Russian troops withdrew from Snake Island': a place in an "after"/"before"/"since"
    clause the trigger is not in belongs to the other event."""
    span = trigger.doc.char_span(place.char_start, place.char_end, alignment_mode="expand")
    if span is None:
        return False
    for node in span.root.ancestors:
        if node.i == trigger.i:
            return False
        if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TIME_CLAUSE_WORDS for c in node.children):
            return trigger.i not in {t.i for t in node.subtree}
    return False
