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
    REFERRING_NOUNS,
    SHOOT_DOWN_VERBS,
)
from sitrep.extract.numbers import NumberMention
from sitrep.nlp import doc_text
from sitrep.words import PARTY_COUNTRIES, SIDE_NAMES


def counted_numbers(ctx: SentenceContext) -> list[NumberMention]:
    """The sentence's launched and intercepted counts."""
    return [n for n in ctx.numbers if n.quantity_type in {"launched", "intercepted"}]


def detect_air_defense(ctx: SentenceContext) -> list[Event]:
    """Air-defense reports from the sentence's launched/intercepted counts: one event per weapon class (a count that
    names its class only by reference takes the class counted before it; a grand total with a breakdown is no row)."""
    doc = ctx.doc
    found: list[Event] = []
    ad_numbers = [n for n in counted_numbers(ctx) if not _accused_of(doc, n)]
    if ad_numbers:
        by_class: dict[str, list[NumberMention]] = {}
        explicit = {}
        for n in ad_numbers:
            head = doc[n.head_i] if n.head_i is not None else doc[n.token_start]
            # the noun phrase's own modifiers, nested ones included ("two HIMARS multiple rocket launcher rockets")
            explicit[n.char_start] = weapon_of([t for left in head.lefts for t in left.subtree] + [head, *head.rights])
        classes = {c for c in explicit.values() if c}
        for n in ad_numbers:
            # a grand total ("destroyed 71 of them, including 62 drones and 9 cruise missiles"; "48 of the missiles
            # and 64 of the drones; in all, 112 of the 215 aerial targets") is not a row
            several = len(classes) > 1 and not _referring(ctx.doc, n, pronoun=True)  # not "21 of them"
            if explicit[n.char_start] is None and (several or any(
                    m is not n and m.quantity_type == n.quantity_type and explicit[m.char_start] for m in ad_numbers)):
                continue
            referred = _referred_class(ctx, n, explicit, ad_numbers)
            if referred == SEVERAL_CLASSES:
                continue  # "a total of 577 targets" after a list of several classes: a grand total, no row
            by_class.setdefault(explicit[n.char_start] or referred or "drone", []).append(n)
        for wclass, nums in by_class.items():
            nums = _listed_items(doc, nums)
            first = doc[nums[0].head_i if nums[0].head_i is not None else nums[0].token_start]
            trigger = next((t for t in [first.head, first.head.head] if t.lemma_ in AIR_DEFENSE_TRIGGERS
                            or t.pos_ in {"VERB", "NOUN"}), first)
            ev = air_defense_event(ctx, trigger, first, wclass)
            if ev.status == "planned":
                continue  # "some expect nightly launches to reach 1,000": a forecast, not a report
            ev.figures, ev.evidence = figures_of(nums, {"launched", "intercepted"})
            found.append(ev)
    else:
        found += _uncounted_report(ctx)
    return found


ACCUSING_VERBS = {"accuse", "blame"}


def _accused_of(doc: Doc, n: NumberMention) -> bool:
    """'The ministry accused Ukraine of firing two missiles at the city': the weapons of an attack one side blames on
    the other, not a tally of a night's launches."""
    if n.quantity_type != "launched":
        return False
    node = doc[n.head_i] if n.head_i is not None else doc[n.token_start]
    return any(a.lemma_.lower() in ACCUSING_VERBS for a in list(node.ancestors)[:4])


def _uncounted_report(ctx: SentenceContext) -> list[Event]:
    """'Air defences intercepted most of the projectiles, the ministry said': an interception told with a proportion
    (PROPORTION_WORDS) instead of a count is an air-defense report without figures."""
    for tok in ctx.tokens:
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
    if not _referring(doc, n):
        return None
    before = [m for m in ad_numbers if m.char_start < n.char_start and explicit[m.char_start]]
    if before:  # "fired 23 cruise missiles; 21 of them were shot down, as were both drones": the class just counted
        return explicit[before[-1].char_start]
    earlier = [ev for ev in previous if ev.kind == "air_defense" and ev.weapon and para_i - 1 <= ev.para_i <= para_i]
    if not earlier:
        return None
    last = [ev for ev in earlier if ev.sent_i == earlier[-1].sent_i]
    if n.head in GRAND_TOTAL_HEADS and len({ev.weapon for ev in last}) > 1:
        return SEVERAL_CLASSES  # "577 targets were shot down" after drones, cruise and ballistic missiles
    return earlier[-1].weapon


SEVERAL_CLASSES = "several"
GRAND_TOTAL_HEADS = {"targets", "objects"}  # what a total over every class counts ("577 targets")


def _listed_items(doc: Doc, nums: list[NumberMention]) -> list[NumberMention]:
    """Launched counts of one class told as separate items ("four Kinzhal and two Iskander-M ballistic missiles;
    19 Kh-101 cruise missiles …; 14 Kalibr cruise missiles") add up: they become one count of their sum. Items where
    one is part of another ("including", "of which") are left as they are, and so are intercepted counts (a
    sentence telling "shot down 79 drones" and "35 drones were lost" gives two fates, not two parts of one)."""
    out: list[NumberMention] = []
    for kind in ("launched", "intercepted"):
        same = [n for n in nums if n.quantity_type == kind]
        items = [n for n in same if n.value is not None and not _part_of(doc, n)]
        heads = {n.head_i for n in items}
        if len(items) < 2 or len(heads) < len(items) or None in heads or len(items) < len(same) \
                or kind != "launched":
            out += same
            continue
        first = items[0]
        out.append(NumberMention(**{**first.__dict__, "value": sum(n.value for n in items),
                                    "char_end": items[-1].char_end}))
    return sorted(out, key=lambda n: n.char_start)


def _part_of(doc: Doc, n: NumberMention) -> bool:
    """Is the count a part of another one ("including 30 Shaheds", "30 of which", "among them 12 missiles")?"""
    tok = doc[n.token_start]
    if any(t.lower_ in {"which", "them", "those", "these"} for t in doc[n.token_end:n.token_end + 3]):
        return True
    node = doc[n.head_i] if n.head_i is not None else tok
    for _ in range(3):
        if node.lower_ in {"including", "among", "of"} or node.lemma_ == "include":
            return True
        if node.head.i == node.i:
            break
        node = node.head
    return False


def _referring(doc: Doc, n: NumberMention, *, pronoun: bool = False) -> bool:
    """'30 of them', 'four of those', 'them' (with ``pronoun``, only these; else also '40 targets'): a count that names
    its class only by reference."""
    heads = REFERRING_HEADS - REFERRING_NOUNS if pronoun else REFERRING_HEADS
    after = [t.lower_ for t in doc[n.token_end:n.token_end + 2]]
    return n.head in heads or (after[:1] == ["of"] and bool(after[1:]) and after[1] in heads)


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
            if prior.actor_country and ev.actor_country and prior.actor_country != ev.actor_country \
                    or prior.status != ev.status:
                continue  # Russian drones launched and Ukrainian drones downed; launches expected and drones downed
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
    text = doc_text(doc)
    gap = text[first.char_end:rest[0].char_start]
    close = text.find(")", first.char_end)
    if not re.match(r"\s*(region|oblast|district|raion|province)?\s*\(", gap, flags=re.I) \
            or close < 0 or any(p.char_end > close for p in rest):
        return None
    ordered = sorted(places, key=lambda e: (place_rank(e), e.char_start))
    best = ordered[0]
    return best, next((p for p in ordered if place_rank(p) == 3 and p is not best), None)
