"""Territory changing hands: "captured the village of X", "the liberation of X and Y", "took control of X", "the
southern part of X had been taken under control", "held 80 percent of X".

ACLED codes a claimed capture of a place as a battle (``attack``/``ground_clash``): one event per place taken. The
phrasings are ``capture`` frames in ``data/casualty_frames.jsonl`` (:mod:`sitrep.extract.frames`); this module finds
the places they are about: the frame's object, followed down "of" ("the cities of X", "80 percent of X", "control of
X"), and the places coordinated with it. A place in parentheses ("X (Y raion, Z)") or after "in"/"near" ("X in the
Kharkiv region") only says where the taken place lies; a frame whose object names no place ("captured soldiers",
"liberated it") is no event.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from spacy.tokens import Token

from sitrep.extract.entities import EntityMention
from sitrep.extract.events.actors import actor_of
from sitrep.extract.events.common import ents_in
from sitrep.extract.events.model import Event, SentenceContext
from sitrep.extract.events.places import is_location_use, place_rank
from sitrep.extract.frames import frame_kinds
from sitrep.extract.lexicon import CAPTURE_DENIAL_CUES, TIME_CLAUSE_WORDS
from sitrep.nlp import doc_text

_OBJECT_DEPS = {"dobj", "nsubjpass"}
_SETTLEMENT = 1  # place_rank of a town or village
_REGION = 3
_DENIAL = re.compile(r"(?i)\b(" + "|".join(CAPTURE_DENIAL_CUES) + r")\b")
_REGION_WORD = re.compile(r"(?i)\b(oblast|region|krai|province|republic|raion|district|peninsula|sea|river)\b")
_HINT_REACH = 60  # characters after a place within which a region says where it lies


def detect_captures(ctx: SentenceContext, *, exclude: Collection[int] = ()) -> list[Event]:
    """One ``ground_clash`` attack per place the sentence says was captured, liberated or taken under control."""
    kinds = frame_kinds(ctx.doc)
    triggers = [t for t in ctx.tokens if kinds.get(t.i) == "capture" and t.i not in exclude and not _in_time_clause(t)]
    if not triggers:
        return []
    named = ents_in(ctx.entities, ctx.sent.start_char, ctx.sent.end_char)
    places = [e for e in named if is_location_use(e, ctx.doc) or _misread_place(e)]
    if not places:
        return []
    events: list[Event] = []
    taken: set[str] = set()
    for trigger in triggers:
        for place in _taken_places(trigger, places):
            if place.canonical in taken:
                continue
            taken.add(place.canonical)
            ev = ctx.event("attack", trigger)
            ev.subkind, ev.captured = "ground_clash", True
            ev.place = place
            hint = _region_after(place, places)
            ev.admin_hint = hint.canonical if hint else None
            ev.actor, ev.actor_country = actor_of(trigger, ctx.entities)
            events.append(ev)
    return events


def _misread_place(e: EntityMention) -> bool:
    """'captured Dachne' with the village tagged as a person or organisation: a name the alias table does not know
    (no role, no side) that the gazetteer places. Only read where a capture frame's object leads to it."""
    if e.label not in {"PERSON", "ORG"} or e.role or e.party or e.country:
        return False
    from sitrep import geo

    return geo.geocode(e.canonical) is not None


def _in_time_clause(t: Token) -> bool:
    """'… since the city was liberated last November': a capture that dates another event is no event itself."""
    node = t
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in TIME_CLAUSE_WORDS for c in node.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _objects(trigger: Token) -> list[Token]:
    """The nouns a capture frame is about: its object or passive subject, what "of" names after it ("the capture of
    X", "took control of X"), and the object of "under control" ("the part of X was taken under control")."""
    out = [c for c in trigger.children if c.dep_ in _OBJECT_DEPS]
    out += [p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
            if p.dep_ == "pobj"]
    return out


def _descend(noun: Token, place_tokens: set[int]) -> Token | None:
    """Follow "of" from ``noun`` ("the cities of X", "80 percent of X", "control of X") to the first place; the
    container noun whose subtree holds the place and its conjuncts."""
    node = noun
    for _ in range(4):
        if node.i in place_tokens:
            return node
        nxt = next((p for c in node.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                    if p.dep_ == "pobj"), None)
        if nxt is None:
            return None
        if nxt.i in place_tokens:
            return node
        node = nxt
    return None


def _taken_places(trigger: Token, places: list[EntityMention]) -> list[EntityMention]:
    doc = trigger.doc
    spans = {id(e): doc.char_span(e.char_start, e.char_end, alignment_mode="expand") for e in places}
    place_tokens = {t.i for s in spans.values() if s is not None for t in s}
    found: list[EntityMention] = []
    for obj in _objects(trigger):
        container = _descend(obj, place_tokens)
        if container is None:
            continue
        scope = {t.i for t in container.subtree}
        inside = [e for e in places if spans[id(e)] is not None and spans[id(e)].root.i in scope
                  and not _locates(spans[id(e)].root) and not _in_parentheses(doc, container.idx, e.char_start)]
        settlements = [e for e in inside if place_rank(e) == _SETTLEMENT or _named_feature(e)]
        found += settlements or [e for e in inside if place_rank(e) <= _REGION][:1]
    return found


def _named_feature(e: EntityMention) -> bool:
    """A village the model tagged LOC ("seized Bohoiavlenka"): ranked with the regions, but no region word."""
    return e.label == "LOC" and not _REGION_WORD.search(e.text)


def _locates(root: Token) -> bool:
    """'X in the Kharkiv region', 'a town near the border': a place that says where another lies."""
    return root.dep_ == "pobj" and root.head.lower_ != "of"


def _in_parentheses(doc, start: int, end: int) -> bool:
    between = doc_text(doc)[start:end]
    return between.count("(") > between.count(")")


def _region_after(place: EntityMention, places: list[EntityMention]) -> EntityMention | None:
    """The region named right after a place ("X in the Donetsk region", "X (Y raion, Z Oblast)")."""
    later = [e for e in places if 0 <= e.char_start - place.char_end <= _HINT_REACH and place_rank(e) == _REGION]
    return min(later, key=lambda e: e.char_start, default=None)


def contest_captures(events: Sequence[Event], sents: Sequence) -> None:
    """A capture the article reports contradicted is disputed: a sentence with a denial cue
    (:data:`~sitrep.extract.lexicon.CAPTURE_DENIAL_CUES`) that names the place ("Kupiansk is still held by Ukrainian
    troops"), or that names none of the captured places and follows the sentence telling the captures ("… said those
    figures were untrue as well")."""
    captures = [ev for ev in events if ev.captured and ev.place is not None]
    if not captures:
        return
    for i, sent in enumerate(sents):
        if not _DENIAL.search(sent.text):
            continue
        text = sent.text
        hit = [ev for ev in captures if ev.place.canonical in text or ev.place.text in text]
        if not hit:
            hit = [ev for ev in captures if ev.sent_i == i - 1]
        for ev in hit:
            ev.contested = True
