"""Air-defense reports: weapons launched and intercepted, counted per claimant and weapon class."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from sitrep.extract.events.actors import SIDE_MARKERS, country_of_tokens
from sitrep.extract.events.common import figures_of
from sitrep.extract.events.model import Event, SentenceContext
from sitrep.extract.events.places import is_location_use, place_rank
from sitrep.extract.events.weapons import same_weapon, weapon_of
from sitrep.extract.lexicon import (
    AIR_DEFENSE_TRIGGERS,
    AREA_NOUNS,
    OVER_PREPS,
    PROPORTION_WORDS,
    REFERRING_HEADS,
    SHOOT_DOWN_VERBS,
)
from sitrep.extract.numbers import NumberMention
from sitrep.words import PARTY_COUNTRIES, SIDE_NAMES


def counted_numbers(ctx: SentenceContext) -> list[NumberMention]:
    """The sentence's launched and intercepted counts."""
    return [n for n in ctx.numbers if n.quantity_type in {"launched", "intercepted"}]


def detect_air_defense(ctx: SentenceContext) -> list[Event]:
    """Air-defense reports from the sentence's launched/intercepted counts: one event per weapon class (a count that
    names its class only by reference takes the class counted before it; a grand total with a breakdown is no row)."""
    doc = ctx.doc
    found: list[Event] = []
    ad_numbers = counted_numbers(ctx)
    if ad_numbers:
        by_class: dict[str, list[NumberMention]] = {}
        explicit = {}
        for n in ad_numbers:
            head = doc[n.head_i] if n.head_i is not None else doc[n.token_start]
            # the noun phrase's own modifiers, nested ones included ("two HIMARS multiple rocket launcher rockets")
            explicit[n.char_start] = weapon_of([t for left in head.lefts for t in left.subtree] + [head, *head.rights])
        for n in ad_numbers:
            # a grand total ("destroyed 71 of them, including 62 drones and 9 cruise missiles") is not a row
            if explicit[n.char_start] is None and any(
                    m is not n and m.quantity_type == n.quantity_type and explicit[m.char_start] for m in ad_numbers):
                continue
            referred = _referred_class(ctx, n, explicit, ad_numbers)
            by_class.setdefault(explicit[n.char_start] or referred or "drone", []).append(n)
        for wclass, nums in by_class.items():
            first = doc[nums[0].head_i if nums[0].head_i is not None else nums[0].token_start]
            trigger = next((t for t in [first.head, first.head.head] if t.lemma_ in AIR_DEFENSE_TRIGGERS
                            or t.pos_ in {"VERB", "NOUN"}), first)
            ev = air_defense_event(ctx, trigger, first, wclass)
            ev.figures, ev.evidence = figures_of(nums, {"launched", "intercepted"})
            found.append(ev)
    else:
        found += _uncounted_report(ctx)
    return found


def _uncounted_report(ctx: SentenceContext) -> list[Event]:
    """'Air defences intercepted most of the projectiles, the ministry said': an interception told with a proportion
    (PROPORTION_WORDS) instead of a count is an air-defense report without figures."""
    for tok in ctx.sent:
        if tok.lower_ not in PROPORTION_WORDS or tok.head.lemma_.lower() not in SHOOT_DOWN_VERBS | {"intercept"}:
            continue
        weapons = [x for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for x in c.subtree
                   if x.dep_ == "pobj"]
        wclass = weapon_of(weapons) if weapons else None
        if wclass is None:
            continue
        return [air_defense_event(ctx, tok.head, weapons[0], wclass)]
    return []


def _referred_class(ctx: SentenceContext, n: NumberMention, explicit: dict[int, str | None],
                    ad_numbers: Sequence[NumberMention]) -> str | None:
    """The weapon class a count names only by reference ("38 missiles …, and 30 of them were shot down", "four of
    them" after "five ATACMS missiles"): the one class counted elsewhere in the sentence, else the class of the last
    air-defense report of the paragraph or the one before it."""
    previous, para_i, doc = ctx.previous, ctx.para_i, ctx.doc
    classes = {explicit[m.char_start] for m in ad_numbers if m is not n and explicit[m.char_start]}
    if len(classes) == 1:
        return classes.pop()
    after = [t.lower_ for t in doc[n.token_end:n.token_end + 2]]
    if n.head not in REFERRING_HEADS and not (after[:1] == ["of"] and after[1:] and after[1] in REFERRING_HEADS):
        return None
    earlier = [ev for ev in previous if ev.kind == "air_defense" and ev.weapon and para_i - 1 <= ev.para_i <= para_i]
    return earlier[-1].weapon if earlier else None


def air_defense_event(ctx: SentenceContext, trigger: Token, weapon: Token, wclass: str) -> Event:
    """An air-defense report on ``trigger`` about ``weapon`` (of class ``wclass``): whose weapons, whose side reports
    them (the claimant's, else the actor's enemy) and over which place; the caller adds the figures."""
    sent, entities = ctx.sent, ctx.entities
    ev = ctx.event("air_defense", trigger)
    ev.weapon = wclass
    ev.actor, ev.actor_country = _ad_actor(weapon, sent, entities)
    if ev.claimant is not None and ev.claimant.country:
        ev.target_country = ev.claimant.country
    if ev.target_country is None and ev.actor_country in PARTY_COUNTRIES:
        ev.target_country = next(iter(PARTY_COUNTRIES - {ev.actor_country}))
    ev.place, hint, ev.place_country = _air_defense_place(ctx, weapon, trigger)
    ev.admin_hint = hint.canonical if hint else None
    return ev


def _ad_actor(weapon_tok: Token, sent: Span, entities) -> tuple[str | None, str | None]:
    name, code = country_of_tokens(list(weapon_tok.lefts), entities)
    if code:
        return name, code
    verb = weapon_tok.head
    while verb.pos_ not in {"VERB"} and verb.head.i != verb.i:
        verb = verb.head
    for child in verb.children:
        if child.dep_ == "nsubj":
            name, code = country_of_tokens(list(child.subtree), entities)
            if code and verb.lemma_.lower() in SHOOT_DOWN_VERBS and code in PARTY_COUNTRIES:
                other = next(iter(PARTY_COUNTRIES - {code}))  # "Ukrainian forces shot down …": the enemy's weapon
                return SIDE_NAMES[other], other
            if code:
                return name, code
    return None, None


def merge_reports(events: list[Event]) -> None:
    """'Russia launched 58 drones.' + 'Air defenses shot down 43.' -> one report with both figures."""
    drop = set()
    for i, ev in enumerate(events):
        if ev.kind != "air_defense":
            continue
        for prior in reversed(events[:i]):
            if prior.kind != "air_defense" or id(prior) in drop or ev.sent_i - prior.sent_i > 4:
                continue
            if not same_weapon(prior.weapon, ev.weapon) or set(prior.figures) & set(ev.figures):
                continue
            same_claimant = (ev.claimant_name or prior.claimant_name) in {None, prior.claimant_name} or \
                ev.claimant_name is None
            if not same_claimant:
                continue
            prior.figures.update(ev.figures)
            if prior.weapon == "missile":
                prior.weapon = ev.weapon
            prior.evidence += ev.evidence
            prior.claimant = prior.claimant or ev.claimant
            prior.claimant_name = prior.claimant_name or ev.claimant_name
            prior.time = prior.time or ev.time
            drop.add(id(ev))
            break
    events[:] = [e for e in events if id(e) not in drop]


def _air_defense_place(ctx: SentenceContext, weapon: Token, trigger: Token):
    """Where weapons were intercepted: only the 'over X' / 'in X' phrases attached to the weapons or the
    trigger count ("85 drones over Russian regions" is a tally over Russia, not a place in it).
    Returns (place mention, admin1 hint mention, country of a nationwide tally)."""
    sent, entities, doc = ctx.sent, ctx.entities, ctx.doc
    heads = {weapon.i, trigger.i, weapon.head.i, trigger.head.i}
    preps = [t for t in sent if t.dep_ == "prep" and t.lower_ in OVER_PREPS and t.head.i in heads]
    places, country = [], None
    for prep in preps:
        chars = {t.idx for t in prep.subtree}
        places += [e for e in entities if e.char_start in chars and is_location_use(e, doc)]
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            if obj.lower_ in AREA_NOUNS and obj.ent_type_ not in {"GPE", "LOC"}:
                _, code = country_of_tokens(list(obj.lefts), entities)
                country = country or (code if code and code not in SIDE_MARKERS else None)
    if not places:
        return None, None, country
    qualified = _qualified_place(places, doc)  # "near X (Y raion, Z oblast)": one place and its parent areas
    if qualified is not None:
        return qualified[0], qualified[1], country
    if len(places) > 1 and len({p.canonical for p in places}) > 1:
        return None, None, country or places[0].country  # several areas: a tally, not one place
    best = min(places, key=place_rank)
    hint = next((p for p in places if place_rank(p) == 3 and p is not best), None)
    return best, hint, country


def _qualified_place(places: list, doc: Doc):
    """(place, admin1 hint) when the places of an 'over X' phrase are one place and the areas qualifying it in
    parentheses: "X (Y raion, Z oblast)", "Z region (coded to X)". The most specific is the place, the admin1
    area the hint (so a village goes to the right oblast). None for several areas side by side ("over X, Y")."""
    places = sorted(places, key=lambda e: e.char_start)
    if len(places) < 2:
        return None
    first, rest = places[0], places[1:]
    gap = doc.text[first.char_end:rest[0].char_start]
    close = doc.text.find(")", first.char_end)
    if not re.match(r"\s*(region|oblast|district|raion|province)?\s*\(", gap, flags=re.I) \
            or close < 0 or any(p.char_end > close for p in rest):
        return None
    ordered = sorted(places, key=lambda e: (place_rank(e), e.char_start))
    best = ordered[0]
    return best, next((p for p in ordered if place_rank(p) == 3 and p is not best), None)
