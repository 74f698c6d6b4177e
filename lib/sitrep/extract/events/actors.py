"""Who acts and which side: actors from NORP/GPE/ORG/PERSON mentions and demonyms, the enemy as seen by the
claimant, and the other party implied by a known one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Token

from sitrep.extract.entities import DEMONYMS, EntityMention
from sitrep.extract.events.model import Event
from sitrep.extract.events.places import DEMONYM_FORM, maker_mention, place_rank
from sitrep.extract.events.reporting import military
from sitrep.extract.lexicon import (
    ENEMY_WORDS,
    FORCE_NOUNS,
    GENERIC_CLAIMANTS,
    GENERIC_DEFAULT_SIDE,
    OWN_POSSESSIVES,
    REPORTING_VERBS,
)
from sitrep.words import COUNTRY_NAMES, PARTY_COUNTRIES

ENEMY = "<enemy>"
OWN = "<own>"  # "his forces": the claimant's side, resolved once the claimant is known
SIDE_MARKERS = {ENEMY, OWN}
# a verb trigger's left dependents that never name who acts: "According to the Russian ministry, the city was
# shelled", "Ukrainian positions were shelled" (the target), fronted adverbials
_NOT_ACTOR_DEPS = {"nsubjpass", "prep", "advcl", "npadvmod", "advmod", "ccomp", "parataxis", "punct", "mark"}


def country_of_tokens(tokens: Sequence[Token], entities: Sequence[EntityMention]) -> tuple[str | None, str | None]:
    """(canonical actor, ISO2) from NORP/GPE/ORG/PERSON mentions among ``tokens``."""
    starts = {t.idx for t in tokens}
    doc = tokens[0].doc if tokens else None
    named = [e for e in entities if e.char_start in starts and e.country]  # one pass: entities span the article
    for label in ("NORP", "GPE", "ORG", "PERSON"):
        for e in named:
            if e.label == label:
                if _maker(e, tokens) or maker_mention(doc, e.char_end):
                    continue  # "Iranian-designed Shahed", "a US-made HIMARS": who made it, not who fired it
                if e.label == "GPE" and not (e.metonymy or e.entity_type == "government"):
                    if any(t.idx == e.char_start and t.dep_ in {"pobj"} for t in tokens):
                        continue
                    if place_rank(e) < 4 and any(t.idx == e.char_start and t.dep_ == "compound" for t in tokens):
                        continue  # "Irpin strike", a town as modifier: the target, not the actor
                name = e.canonical if e.label != "NORP" else COUNTRY_NAMES.get(e.country, e.canonical)
                if DEMONYM_FORM.match(e.text) and e.text.lower() in DEMONYMS:
                    name = COUNTRY_NAMES.get(e.country, name)
                if e.label == "NORP":
                    noun = next((t for t in tokens if t.idx == e.char_start), None)
                    head = noun.head if noun is not None else None
                    if head is not None and head.lower_ in {"forces", "troops", "army", "military", "navy",
                                                             "units", "military's", "air"}:
                        name = f"{e.text} {head.text}".strip()
                        name = {"RU": "Russian forces", "UA": "Ukrainian forces"}.get(e.country, name)
                return name, e.country
    for t in tokens:
        if t.lower_ in OWN_POSSESSIVES and t.dep_ == "poss" and t.head.lower_ in FORCE_NOUNS:
            return OWN, OWN  # "his forces had used Neptune missiles"
        if t.lower_ in DEMONYMS and not _maker_token(t) and not maker_mention(t.doc, t.idx + len(t.text)):
            code = DEMONYMS[t.lower_]
            return COUNTRY_NAMES.get(code, t.text), code
        if t.lower_ in ENEMY_WORDS:
            return ENEMY, ENEMY  # resolved against the claimant's side once it is known
    return None, None


def _maker(e: EntityMention, tokens: Sequence[Token]) -> bool:
    last = next((t for t in tokens if t.idx < e.char_end <= t.idx + len(t.text)), None)
    return last is not None and _maker_token(last)


def _maker_token(last: Token) -> bool:
    if last.i + 2 >= len(last.doc):
        return False
    dash, word = last.nbor(1), last.nbor(2)
    return dash.text == "-" and not last.whitespace_ and word.tag_ in {"VBN", "VBD", "JJ"}


def actor_of(trigger: Token, entities: Sequence[EntityMention]) -> tuple[str | None, str | None]:
    """Who acts: the trigger's own modifiers ("Russian drone strikes"), then its subject, then agent."""
    own = [t for t in trigger.subtree if t.i < trigger.i and t.head.i in {trigger.i} | {c.i for c in trigger.children}]
    lefts = [t for t in trigger.lefts if trigger.pos_ != "VERB" or t.dep_ not in _NOT_ACTOR_DEPS]
    for cand in (lefts, own):
        name, code = country_of_tokens([t for c in cand for t in c.subtree if t.i < trigger.i or c.dep_ != "prep"]
                                       if cand else [], entities)
        if code:
            return name, code
        break
    verb = trigger if trigger.pos_ == "VERB" else None
    if verb is None and trigger.dep_ in {"nsubj", "dobj"} and trigger.head.pos_ == "VERB":
        if trigger.dep_ == "dobj" and trigger.head.lemma_.lower() not in REPORTING_VERBS:
            verb = trigger.head  # "Ukrainian forces executed strikes"; "the mayor reports a strike" is its source
    if verb is not None:
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and not (child.dep_ == "nsubjpass"):
                name, code = country_of_tokens(list(child.subtree), entities)
                if code:
                    return name, code
            if child.dep_ == "agent":
                name, code = country_of_tokens(list(child.subtree), entities)
                if code:
                    return name, code
        # passive "X was hit by Russian drones"; "killed in a Russian attack"
    for child in trigger.children:
        if child.dep_ in {"prep", "agent"} and child.lower_ in {"by", "from", "with"}:
            name, code = country_of_tokens(_noun_phrases(child), entities)
            if code:
                return name, code
    return None, None


def _noun_phrases(prep: Token) -> list[Token]:
    """The prepositional object and its coordinated objects up to their heads: "with Russian drones and missiles",
    not an appended "…, a rare use of Western weapons against targets inside Russia"."""
    heads = [c for c in prep.children if c.dep_ == "pobj"]
    heads += [x for h in heads for x in h.conjuncts if x.i > h.i]
    return [prep] + [t for h in heads for t in h.subtree if t.i <= h.i]


def resolve_generic_claimant(ev: Event) -> None:
    """'the Air Force said' in a report of Russian drones is Ukraine's air force; 'the ministry said' of
    intercepted Ukrainian drones is Russia's. The side is the one defending (air defense) or reporting."""
    if not ev.claimant_name or (ev.claimant is not None and ev.claimant.party is not None):
        return
    key = re.sub(r"^(the|its|their)\s+", "", ev.claimant_name.strip().lower())
    names = GENERIC_CLAIMANTS.get(key)
    if not names:
        return
    side = ev.target_country if ev.kind == "air_defense" else None
    side = side or other_side(ev.actor_country) if ev.kind == "air_defense" else side
    if ev.kind == "attack" and ev.actor_country in PARTY_COUNTRIES:
        side = ev.actor_country if key in {"defence ministry", "defense ministry", "ministry", "general staff"} \
            else other_side(ev.actor_country)
    side = side or GENERIC_DEFAULT_SIDE.get(key)
    if side not in names:
        return
    from sitrep.extract.entities import resolve_actor

    actor = resolve_actor(names[side], "ORG", names[side])
    ev.claimant = EntityMention(text=ev.claimant_name, label="ORG", canonical=actor.canonical,
                                entity_type=actor.entity_type, country=actor.country or side,
                                party=actor.party if actor.party is not None else True, role=None, metonymy=False,
                                sentence_index=ev.sent_i, sentence=ev.sentence, char_start=ev.span[0],
                                char_end=ev.span[0])
    ev.claimant_name = actor.canonical


def other_side(code: str | None) -> str | None:
    return {"UA": "RU", "RU": "UA"}.get(code or "")


def fill_sides(ev: Event, place_country: str | None) -> None:
    """Between the two parties, a known side implies the other: a party's air force reports the enemy's
    launches; an attack a party's official reports on its own territory came from the other side; ground a party
    reports taken its own side took."""
    claimant_side = ev.claimant.country if ev.claimant is not None and ev.claimant.party else None
    if ev.kind == "air_defense":
        if ev.target_country is None:
            ev.target_country = claimant_side or other_side(ev.actor_country)
        if ev.actor_country is None and ev.target_country in PARTY_COUNTRIES:
            ev.actor_country = other_side(ev.target_country)
            ev.actor = COUNTRY_NAMES[ev.actor_country]
    elif ev.kind == "attack" and ev.actor_country is None:
        side = None
        if ev.captured and claimant_side:
            side = claimant_side  # "X has been liberated", a party's report of ground taken: its own side took it
        elif claimant_side and place_country and place_country == other_side(claimant_side):
            side = claimant_side  # a party reporting a strike on the enemy's territory claims its own strike
        elif ev.target_country in PARTY_COUNTRIES and ev.target_country != claimant_side:
            side = other_side(ev.target_country)  # "its strikes hit locations where Ukrainian units were stationed"
        elif claimant_side and place_country is None and ev.target_country is None and military(ev.claimant):
            side = None  # "the General Staff said the depot had been hit": its own strike as often as the enemy's
        elif claimant_side and (place_country in {None, claimant_side} or ev.target_country == claimant_side):
            side = other_side(claimant_side)
        elif place_country in PARTY_COUNTRIES and claimant_side is None:
            side = other_side(place_country)
        if side:
            ev.actor_country, ev.actor = side, COUNTRY_NAMES[side]
