"""What every detector reads of a sentence: paragraphs, entities in a span, clause heads and trigger spans, status,
time, and the figures of the sentence's numbers."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from sitrep.extract.entities import EntityMention
from sitrep.extract.lexicon import FUTURE_AUX, ONGOING_MARKERS, PLAN_MARKERS, REPORTING_VERBS, TIME_CLAUSE_WORDS
from sitrep.extract.numbers import NumberMention
from sitrep.nlp import doc_text, sentences
from sitrep.types import TimeExpression


def paragraph_index(doc: Doc) -> dict[int, int]:
    """sentence index -> paragraph index (paragraphs are separated by newlines in the text)."""
    out, para, text = {}, 0, doc_text(doc)
    for i, sent in enumerate(sentences(doc)):
        if i and "\n" in text[sent.start_char - 2 if sent.start_char > 1 else 0:sent.start_char + 1]:
            para += 1
        out[i] = para
    return out


def ents_in(entities: Sequence[EntityMention], start: int, end: int) -> list[EntityMention]:
    return [e for e in entities if e.char_start >= start and e.char_end <= end]


def clause_head(tok: Token) -> Token:
    """The verb heading ``tok``'s clause."""
    node = tok
    while node.head.i != node.i and node.pos_ not in {"VERB", "AUX"}:
        node = node.head
    return node


def entity_span(tok: Token) -> Span:
    """The entity ``tok`` is part of, as ``doc.ents`` would give it (without building every entity of the doc)."""
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def event_status(trigger: Token) -> str:
    node, seen = trigger, 0
    while seen < 4:
        for child in node.children:
            if child.lower_ in FUTURE_AUX or (child.dep_ == "aux" and child.lower_ == "to"
                                                             and node.head.lemma_ in PLAN_MARKERS):
                return "planned"
        if node.lemma_ in PLAN_MARKERS and node.i != trigger.i and node.pos_ in {"VERB", "ADJ"} \
                and not (node.lemma_ == "set" and not _set_ahead(node)):
            return "planned"
        if node.lemma_ in ONGOING_MARKERS and node.i != trigger.i:
            return "ongoing"
        if node.head.i == node.i:
            break
        node, seen = node.head, seen + 1
    if any(t.lower_ in {"upcoming", "planned", "scheduled", "proposed", "expected"} for t in trigger.children):
        return "planned"
    return "happened"


def _set_ahead(verb: Token) -> bool:
    """'talks are set to resume', 'set for Monday' plan something; 'the attack set off a fire' does not."""
    return any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for") for c in verb.children)


def figures_of(numbers: Sequence[NumberMention], kinds: set[str]) -> tuple[dict, list]:
    """Event figures from number mentions: breakdowns never added; conjuncts summed; else the max."""
    out: dict[str, tuple[int, str]] = {}
    used = []
    for kind in sorted(kinds):  # a stable claim order in every process
        totals = [n for n in numbers if n.quantity_type == kind and n.breakdown_of is None and n.value is not None
                  and not n.part]
        if totals:
            groups: dict[object, float] = {}
            quals = {}
            for n in totals:
                key = n.conj_group if n.conj_group is not None else ("solo", n.char_start)
                groups[key] = groups.get(key, 0) + n.value
                quals.setdefault(key, n.qualifier)
            best = max(groups, key=lambda k: groups[k])
            out[kind] = (int(round(groups[best])), quals[best])
            used += totals
        kids = [n for n in numbers if n.quantity_type == kind and n.is_child and n.value is not None]
        if kids:
            child_total = sum(n.value for n in kids if n.breakdown_of is None) or max(n.value for n in kids)
            out[f"children_{kind}"] = (int(child_total), "exact")
            used += kids
    return out, used


def own_segment(numbers: Sequence[NumberMention], trigger: Token, sent: Span) -> list[NumberMention]:
    """The figures told in the trigger's part of a sentence joined by semicolons ("Kyiv says 35 were killed when
    missiles hit the centre; Moscow claims it killed 60 soldiers"), when that part gives any."""
    cuts = [t.idx for t in sent if t.text == ";"]
    if not cuts:
        return list(numbers)
    lo = max((c for c in cuts if c < trigger.idx), default=sent.start_char)
    hi = min((c for c in cuts if c > trigger.idx), default=sent.end_char)
    own = [n for n in numbers if lo <= n.char_start < hi]
    return own or list(numbers)


def outside_time_clause(numbers: Sequence[NumberMention], trigger: Token) -> list[NumberMention]:
    """A figure told across an "after"/"before"/"since" clause from the trigger ("killed seven people, a day after
    more than 50 people died in a strike on Poltava") belongs to the other incident, when the trigger's side of the
    sentence gives a figure of the same kind."""
    doc = trigger.doc

    def across(n: NumberMention) -> bool:
        lo, hi = sorted((trigger.i, n.token_start))
        return any(t.lower_ in TIME_CLAUSE_WORDS and (t.dep_ == "mark" or any(c.dep_ == "pcomp" for c in t.children))
                   for t in doc[lo + 1:hi])  # a clause ("after 50 people died"), not a time ("before dawn")

    near = {n.quantity_type for n in numbers if not across(n)}
    return [n for n in numbers if n.quantity_type not in near or not across(n)]


def time_for(sent: Span, times: Sequence[TimeExpression], trigger: Token) -> TimeExpression | None:
    cands = [t for t in times if sent.start_char <= t.start < sent.end_char and t.type in {"DATE", "TIME"}
             and t.interval_start is not None]
    doc = sent.doc
    cands = [t for t in cands if not _birth_time(doc, t)]
    own = [t for t in cands if not _attribution_time(doc, t, trigger)]
    cands = own or cands
    cands = [t for t in cands if not _relative_clause_time(doc, t, trigger)
             and not re.search(r"(?i)\bsince\s*$", doc_text(doc)[max(0, t.start - 8):t.start])]  # "since early March"
    if not cands:
        return None
    return min(cands, key=lambda t: abs(t.start - trigger.idx))


def _birth_time(doc: Doc, t: TimeExpression) -> bool:
    """'a man born in 1968': a birth date, not the event's."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    return span is not None and any(a.lemma_.lower() in {"bear", "born", "found", "establish"}
                                    for a in list(span.root.ancestors)[:2])


def _relative_clause_time(doc: Doc, t: TimeExpression, trigger: Token) -> bool:
    """'… damaged houses on X Street, which had been hit a month earlier': the time of a relative clause the
    trigger is not in dates something else."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return False
    for node in (span.root, *span.root.ancestors):
        if node.i == trigger.i or trigger.i in {a.i for a in node.subtree} and node.dep_ != "relcl":
            return False
        if node.dep_ == "relcl":
            return trigger.i not in {a.i for a in node.subtree}
    return False


def _attribution_time(doc: Doc, t: TimeExpression, trigger: Token) -> bool:
    """'…, officials said Saturday': the day of the statement, not of the event."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root.head
    if span.root.dep_ == "pobj":
        head = head.head
    return head.lemma_.lower() in REPORTING_VERBS and head.i != trigger.i and \
        trigger.i not in {x.i for x in head.subtree if x.i != head.i and x.dep_ in {"ccomp", "xcomp"}}


def trigger_span(trigger: Token, sent: Span) -> tuple[int, int]:
    clause = clause_head(trigger)
    toks = [t for t in clause.subtree if sent.start <= t.i < sent.end] or [trigger]  # a clause the parse put
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)  # across the sentence's border: the trigger alone


LONG_DURATION = re.compile(r"^P(\d+(W|M|Y)|([2-9]|\d\d+)D)")


CALENDAR_PERIOD = re.compile(r"\d{4}-W\d{2}|\d{4}-\d{2}|\d{3,4}")  # a week, month, year or decade value


def aggregate_period(sent: Span, times: Sequence[TimeExpression]) -> bool:
    """'Over the past week, Russia launched 1,270 drones': a running total, not an event."""
    for t in times:
        # "the past week" is the calendar week before this one (a DATE) since timex 0.851; still a period here,
        # but "over the past day/night" (the daily report's window, PAST_REF on "the past") is not a running total
        period = (t.type == "DURATION" and LONG_DURATION.match(t.value)) or (
            t.type == "DATE" and t.text.lower().startswith(("the past", "the last"))
            and CALENDAR_PERIOD.fullmatch(t.value))
        if sent.start_char <= t.start < sent.end_char and period:
            before = doc_text(sent.doc)[max(sent.start_char, t.start - 25):t.start].lower()
            if re.search(r"\b(over|in|during|for|throughout|within)\s+(the\s+)?(past|last|previous)?\s*$", before) \
                    or re.search(r"\b(past|last)\s*$", before) or t.text.lower().startswith(("the past", "the last")):
                return True
    return False
