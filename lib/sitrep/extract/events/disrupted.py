"""ACLED's *Disrupted weapons use*: a single weapon shot down, a weapons cache seized, a device defused."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from sitrep.extract.events.air_defense import air_defense_event
from sitrep.extract.events.common import entity_span
from sitrep.extract.events.model import Event, SentenceContext
from sitrep.extract.events.places import choose_place
from sitrep.extract.events.weapons import same_weapon, weapon_class
from sitrep.extract.lexicon import (
    AERIAL_CLASSES,
    CACHE_NOUNS,
    DEFUSE_VERBS,
    EXPLOSIVE_NOUNS,
    SEIZE_VERBS,
    SHOOT_DOWN_VERBS,
    SINGLE_DETS,
    WEAPON_NOUNS,
)
from sitrep.extract.numbers import NumberMention


def _aerial_object(verb: Token) -> Token | None:
    """The weapon a shoot-down verb takes ("shot down a Shahed", "a drone was intercepted"): an aerial weapon."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in SHOOT_DOWN_VERBS:
        return None
    if verb.lemma_.lower() in {"shoot", "bring"} and not any(c.dep_ in {"prt", "advmod"} and c.lower_ == "down"
                                                             for c in verb.children):
        return None
    if any(c.dep_ == "nsubj" and (c.lower_ in WEAPON_NOUNS or c.ent_type_ == "WEAPON") for c in verb.children):
        return None  # "a drone destroyed a helicopter": an attack, not an interception
    for obj in (c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}):
        wclass = _aerial_class(obj)
        if wclass and not (wclass == "aircraft" and verb.lemma_.lower() in {"destroy", "neutralize", "neutralise",
                                                                            "suppress"}):
            return obj  # (an aircraft "destroyed" may have been on the ground)
    return None


def _aerial_class(tok: Token) -> str | None:
    wclass = None
    if tok.ent_type_ == "WEAPON":
        wclass = weapon_class(entity_span(tok)[0].ent_id_ or entity_span(tok).text)
    if wclass in AERIAL_CLASSES:
        pass
    elif tok.lower_ in WEAPON_NOUNS:  # "an Orlan-10 reconnaissance drone": the head noun says what it is
        wclass = WEAPON_NOUNS[tok.lower_]
        wclass = weapon_class(tok.lower_) if wclass not in {"aircraft", "other"} else wclass
    else:
        return None
    return wclass if wclass in AERIAL_CLASSES else None


def _one(obj: Token) -> bool:
    """'a drone', 'one Kh-59', 'a single missile': one weapon (a bare or plural noun gives no count)."""
    if obj.tag_ in {"NNS", "NNPS"} or obj.lower_.endswith("s") and obj.lower_[:-1] in WEAPON_NOUNS:
        return False
    return any(c.lower_ in SINGLE_DETS and c.dep_ in {"det", "nummod", "amod"} for c in obj.children)


def detect_disrupted(ctx: SentenceContext, *, counted: Sequence[NumberMention], found: Sequence[Event]) -> list[Event]:
    """ACLED's *Disrupted weapons use*: an air_defense event with intercepted 1 for a single weapon shot down
    ("shot down a Russian drone near X", "intercepted a Kh-59 over Odesa": counted tallies come from the numbers);
    an ``other`` event for a weapons cache seized ("weapons_seizure") or a mine or explosive device defused
    ("defusal")."""
    sent, entities, doc = ctx.sent, ctx.entities, ctx.doc
    out: list[Event] = []
    counted_at = {n.head_i for n in counted} | {n.token_start for n in counted}
    for verb in ctx.tokens:
        obj = _aerial_object(verb)
        if obj is not None:
            wclass = _aerial_class(obj)
            if not _one(obj) or {t.i for t in obj.subtree} & counted_at or \
                    any(e.kind == "air_defense" and same_weapon(e.weapon, wclass) for e in [*found, *out]):
                continue
            ev = air_defense_event(ctx, verb, obj, wclass)
            ev.figures = {"intercepted": (1, "exact")}
            out.append(ev)
            continue
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in SEIZE_VERBS | DEFUSE_VERBS:
            continue
        objs = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
        words = {t.lower_ for o in objs for t in o.subtree if t.i == o.i or t.head.i == o.i or t.head.head.i == o.i}
        if lemma in DEFUSE_VERBS and any(o.lower_ in EXPLOSIVE_NOUNS for o in objs):
            subkind = "defusal"
        elif lemma in SEIZE_VERBS and any(o.lower_ in CACHE_NOUNS for o in objs) and words & CACHE_NOUNS - {
                "explosive", "grenade", "launcher", "rifle"} | {"cache", "weapons", "arms", "ammunition"}:
            subkind = "weapons_seizure"
        else:
            continue
        if any(o.lower_ in {"drone", "drones", "missile", "missiles"} for o in objs):
            continue
        ev = ctx.event("other", verb)
        ev.subkind = subkind
        ev.place, hint = choose_place(sent, verb, entities, doc)
        ev.admin_hint = hint.canonical if hint else None
        if ev.claimant is None and not ev.claimant_name:  # "police seized …": the body that acted reports it
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            chars = {t.idx for t in subj.subtree} if subj is not None else set()
            actor = next((e for e in entities if e.char_start in chars and e.label in {"ORG", "NORP", "PERSON"}
                          and e.label != "NORP"), None)
            if actor is not None:
                ev.claimant, ev.claimant_name = actor, actor.canonical
        out.append(ev)
        break
    return out
