"""Attacks: drone and missile strikes, shelling, glide bombs, air strikes, ground clashes, explosions."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from spacy.tokens import Span, Token

from sitrep.extract.events.actors import actor_of, country_of_tokens
from sitrep.extract.events.anaphora import definite_anaphor, merge_anaphor
from sitrep.extract.events.common import ents_in, figures_of, outside_time_clause, own_segment, time_for
from sitrep.extract.events.model import Event, SentenceContext
from sitrep.extract.events.places import choose_place, is_location_use
from sitrep.extract.events.reporting import reporting
from sitrep.extract.events.weapons import subkind_of, weapon_modifier, weapon_object, weapon_of
from sitrep.extract.frames import frame_kinds
from sitrep.extract.lexicon import (
    ALERT_NOUNS,
    CASUALTY_LEMMAS,
    DAMAGE_VERBS,
    DEBRIS_WORDS,
    EXPLOSIVE_NOUNS,
    FIRE_VERBS,
    IMPACT_ANAPHOR_VERBS,
    IMPACT_VERBS,
    LIST_BULLETS,
    PERSON_NOUNS,
    PRIMARY_ATTACK,
    REVISION_CUES,
    SECONDARY_ATTACK,
    SUSPENSION_WORDS,
    VIOLENCE_WORDS,
    WEAPON_ANAPHORS,
    WEAPON_NOUNS,
)
from sitrep.extract.numbers import NumberMention
from sitrep.types import TimeExpression

_REVISION = re.compile(r"(?i)\b(" + "|".join(REVISION_CUES) + r")\b")


def detect_attacks(ctx: SentenceContext, *, counted: Sequence[NumberMention] = (),
                   exclude: Collection[int] = ()) -> list[Event]:
    """The sentence's attack, if it tells one: a primary trigger ("strike", "shelling", "killed"), a weapon fired at a
    target or a device that went off, else a secondary trigger with a weapon ("a drone damaged …"). A sentence that
    only adds casualties ("Seven people were killed.") or confirms "the attack" enriches the attack before it (in
    ``ctx.previous``) instead. ``counted`` are the sentence's launched/intercepted counts (a launch is no separate
    attack); tokens in ``exclude`` are already another event's."""
    doc, sent, sent_i = ctx.doc, ctx.sent, ctx.sent_i
    entities, times, previous = ctx.entities, ctx.times, ctx.previous
    ad_numbers = list(counted)
    casualty_numbers = [n for n in ctx.numbers if n.quantity_type in {"killed", "injured"}]
    toks = ctx.tokens
    triggers = [t for t in toks if t.pos_ in {"VERB", "NOUN"} and
                (t.lemma_.lower() in PRIMARY_ATTACK or t.lower_ in PRIMARY_ATTACK)
                and not weapon_object(t) and not weapon_modifier(t) and not _suspended(t)
                and frame_kinds(doc).get(t.i) != "no_attack"]
    if not ad_numbers:  # "fired Grad rockets at X", "dropped a bomb on X"; "the mine went off"
        triggers += [t for t in toks if _fire_at(t) or _went_off(t)]
        triggers.sort(key=lambda t: t.i)
    triggers = [t for t in triggers if t.i not in exclude and not _earlier_in_relative_clause(t)
                and not (_told_in_relative_clause(t) and last_attack(ctx) is not None)]
    if not casualty_numbers:  # "it strikes only military targets", "a halt to strikes": no incident
        triggers = [t for t in triggers if not _generic(t, sent, times)]
    secondary = [t for t in toks if t.pos_ == "VERB" and t.lemma_.lower() in SECONDARY_ATTACK
                 and (weapon_of(list(t.subtree)[: t.i - t.left_edge.i + 1] or [t]) or _debris_subject(t))
                 and not weapon_object(t)
                 and not _is_air_defense_only(t, ad_numbers)]  # "112 of the 215 targets were destroyed": a tally
    secondary += [t for t in toks if t.pos_ == "VERB" and t.lemma_.lower() in IMPACT_VERBS and any(
        c.dep_ == "nsubj" and (c.lower_ in WEAPON_NOUNS or c.ent_type_ == "WEAPON") for c in t.children)]
    told = _weapon_anaphor(ctx)
    secondary += [t for t in told if t not in secondary]
    listed = _list_item(ctx)
    if listed:  # "- in X, 15 houses were damaged": the list's attacks need no weapon
        secondary += [t for t in toks if t.pos_ == "VERB" and t.lemma_.lower() in DAMAGE_VERBS and t not in secondary]
    triggers = [t for t in triggers if not (t.lemma_ in {"attack", "strike"} and _is_air_defense_only(t, ad_numbers))]
    own_violence = bool(weapon_of(toks) or any(t.lemma_.lower() in VIOLENCE_WORDS for t in toks) or told
                        or listed)
    violent = own_violence or last_attack(ctx) is not None or _after_air_defense(ctx)
    if not (casualty_numbers and violent):  # "the wounded", a bus crash "killing three": no attack
        triggers = [t for t in triggers if t.lemma_.lower() not in CASUALTY_LEMMAS]
    derived = False
    if not triggers and casualty_numbers and violent:
        triggers, derived = [doc[casualty_numbers[0].token_start].head], True
    triggers = triggers or secondary
    if triggers and not casualty_numbers and previous:
        anaphors = [t for t in triggers if definite_anaphor(t)]
        for t in anaphors[:1]:
            merge_anaphor(ctx, "attack", t)
        if anaphors:
            triggers = [t for t in triggers if not definite_anaphor(t)]
            triggers = [t for t in triggers if t.lemma_.lower() in PRIMARY_ATTACK or weapon_of(list(t.subtree))]
    if triggers and casualty_numbers and not told and _follow_up(ctx, triggers, derived=derived):
        continued = last_attack(ctx)
        _add_figures(continued, casualty_numbers, sent)
        claimant, claimant_text, verb = reporting(sent, entities)
        if claimant is not None or claimant_text:
            continued.later_sources.append((sent_i, claimant, claimant_text, verb))
        revised_by = claimant is not None and claimant.label in {"PERSON", "ORG"} and _REVISION.search(sent.text)
        if (continued.claimant is None and not continued.claimant_name) or revised_by:
            # "Two were hurt, the police said."; "The emergency service raised the toll to 32": the latest figure's
            # source reports the incident
            if claimant is not None or claimant_text:
                continued.claimant, continued.verb = claimant, verb
                continued.claimant_name = claimant.canonical if claimant else claimant_text
        triggers = []
    if derived and not own_violence:
        triggers = []  # figures that continue no attack they fit (another place): not an attack of their own
    if not triggers:
        return []
    if told:  # "The other landed in X, wounding five": the impact is the strike, and says where
        triggers = told + [t for t in triggers if t not in told]
    trigger = triggers[0]
    ev = ctx.event("attack", trigger)
    if ev.status == "planned":
        return []  # "will press on with its offensive", "plans to strike": a threat or an intent, no incident
    scope = [t for trig in triggers for t in trig.subtree] + toks
    ev.weapon = weapon_of([t for trig in triggers for t in trig.subtree]) or weapon_of(toks)
    if ev.weapon is None and trigger in told:
        ev.weapon = _told_weapon(ctx)  # "The other landed in X": the weapon just told
    if trigger in told and ev.time is None:
        ev.time = next((e.time for e in reversed(ctx.previous[-6:]) if e.kind == "attack" and e.time is not None),
                       None)
    if listed and ev.time is None:  # a summary's list items happened on the day the summary opened with
        ev.time = next((e.time for e in ctx.previous if e.kind == "attack" and e.time is not None), None)
    ev.subkind = subkind_of(ev.weapon, scope)
    for trig in triggers:
        ev.actor, ev.actor_country = actor_of(trig, entities)
        if ev.actor_country:
            break
    ev.place, hint = choose_place(sent, trigger, entities, doc)
    ev.admin_hint = hint.canonical if hint else None
    ev.target = _target(triggers + secondary)
    ev.target_country = _target_country(triggers, entities)
    own = outside_time_clause(own_segment(casualty_numbers, trigger, sent), trigger)
    ev.figures, ev.evidence = figures_of(own, {"killed", "injured"})
    return [ev]


def _weapon_anaphor(ctx: SentenceContext) -> list[Token]:
    """'Two missiles were fired at the city. The other landed in X, wounding five': an impact verb whose subject
    stands for a weapon just told (``WEAPON_ANAPHORS``: "the other", "the second", "one of them"). Another place
    makes it an attack of its own."""
    if _told_weapon(ctx) is None:
        return []
    return [t for t in ctx.sent if t.pos_ == "VERB" and t.lemma_.lower() in IMPACT_ANAPHOR_VERBS and any(
        c.dep_ == "nsubj" and c.lower_ in WEAPON_ANAPHORS and not any(x.lower_ in PERSON_NOUNS for x in c.subtree)
        for c in t.children)]


def _list_item(ctx: SentenceContext) -> bool:
    """An item of a list (a line opening with a bullet, ``LIST_BULLETS``) after an attack the article reported: an
    oblast summary's "- in X, one person was killed and a house was damaged" tells an attack at X."""
    text = ctx.text.lstrip()
    return text.startswith(LIST_BULLETS) and any(e.kind == "attack" for e in ctx.previous)


def _told_weapon(ctx: SentenceContext) -> str | None:
    """The weapon of the attack or launch told in the two sentences before this one."""
    for e in reversed(ctx.previous):  # events are in sentence order: stop at the first one told too early
        if e.sent_i < ctx.sent_i - 2:
            return None
        if e.kind in {"attack", "air_defense"} and e.weapon and e.sent_i < ctx.sent_i:
            return e.weapon
    return None


def _told_in_relative_clause(t: Token) -> bool:
    """'… no military facilities anywhere near the buildings that were hit': a relative clause on a definite noun
    refers back to the strike already told; it is no new one."""
    if t.dep_ != "relcl" or not any(c.dep_ == "auxpass" for c in t.children):
        return False
    return any(c.dep_ == "det" and c.lower_ in {"the", "those", "these"} for c in t.head.children)


def _earlier_in_relative_clause(t: Token) -> bool:
    """'… damaged houses on X Street, which had already been hit a month earlier': a past-perfect relative clause
    recalls an earlier strike on what the sentence's own attack hit; it is not the sentence's trigger."""
    node = t
    while node.dep_ not in {"relcl", "ROOT"} and node.head.i != node.i:
        node = node.head
    return node.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ in {"had", "'d"} for c in node.children)


def _after_air_defense(ctx: SentenceContext) -> bool:
    """Casualties told just after drones or missiles were reported downed over the area ("91 were downed over the
    Moscow region. … The governor said two people had been killed"): what got through or fell hurt them."""
    return any(e.kind == "air_defense" and ctx.para_i - 1 <= e.para_i <= ctx.para_i and ctx.sent_i - e.sent_i <= 3
               for e in ctx.previous)


def _generic(trigger: Token, sent: Span, times: Sequence[TimeExpression]) -> bool:
    """A habitual, hypothetical or generic mention of attacks, not an incident: a ``generic`` frame
    (data/casualty_frames.jsonl: "has been shelled repeatedly", "to fire missiles", "dropping such bombs") or a bare
    plural noun in an argument with no time of its own ("a halt to strikes on energy facilities")."""
    if frame_kinds(trigger.doc).get(trigger.i) == "generic":
        return True
    bare = trigger.tag_ == "NNS" and trigger.dep_ in {"pobj", "dobj"} and not any(
        c.dep_ in {"det", "poss", "nummod", "amod", "compound", "quantmod"} for c in trigger.children)
    return bare and time_for(sent, times, trigger) is None


def _debris_subject(t: Token) -> bool:
    """'Falling debris damaged several cars': what fell from a downed weapon did the damage."""
    return any(c.dep_ == "nsubj" and c.lower_ in DEBRIS_WORDS for c in t.children)


def _suspended(t: Token) -> bool:
    """'a 30-day pause in strikes', 'threatened strikes', 'an air raid alert', 'would support a halt to strikes' (the
    parse may hang "to strikes" on the verb): not an event that happened."""
    if t.dep_ == "compound" and t.head.lemma_.lower() in ALERT_NOUNS:
        return True
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and any(  # "support a halt | to strikes", the prep on the verb
            c.dep_ == "dobj" and c.lemma_.lower() in SUSPENSION_WORDS for c in t.head.head.children):
        return True
    node = t
    for _ in range(3):
        head = node.head
        if head.i == node.i:
            return False
        if head.lemma_.lower() in SUSPENSION_WORDS:
            return True
        node = head
    if t.dep_ == "pobj" and t.head.dep_ == "prep" and any(  # "support a halt to strikes", the "to" on the verb
            c.lemma_.lower() in SUSPENSION_WORDS and c.i < t.head.i for c in t.head.head.children):
        return True
    return any(c.lemma_.lower() in SUSPENSION_WORDS for c in t.children)


def _fire_at(t: Token) -> bool:
    """'fired MLRS rockets at X', 'dropped a guided bomb on X': a weapon fired at a target is an attack."""
    if t.pos_ != "VERB" or t.lemma_.lower() not in FIRE_VERBS:
        return False
    weapon = any(c.dep_ == "dobj" and (c.lower_ in WEAPON_NOUNS or c.ent_type_ == "WEAPON") for c in t.children)
    target = any(c.dep_ == "prep" and c.lower_ in {"at", "on", "onto", "against", "into"} for c in t.children)
    return weapon and target


def _went_off(t: Token) -> bool:
    """'an unexploded shell detonated', 'an explosive device went off': an explosion of a mine or device."""
    if t.pos_ != "VERB":
        return False
    lemma = t.lemma_.lower()
    if lemma == "go" and not any(c.dep_ == "prt" and c.lower_ == "off" for c in t.children):
        return False
    if lemma not in {"go", "detonate", "explode"}:
        return False
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in EXPLOSIVE_NOUNS for c in t.children)


def _is_air_defense_only(t: Token, ad_numbers) -> bool:
    """'Russia attacked with 137 drones': the strike is the launch itself (no separate attack)."""
    if not ad_numbers:
        return False
    if t.pos_ == "VERB" and any(c.dep_ == "dobj" for c in t.children) and any(
            n.head_i is not None and doc_tok.dep_ == "nsubj" and doc_tok.i == n.head_i
            for n in ad_numbers for doc_tok in t.children):
        return False  # "two Iskander-M missiles struck a residential area": the counted weapons hit a target
    return any(n.head_i is not None and n.head_i in {c.i for c in t.subtree} for n in ad_numbers) or \
        t.dep_ in {"dobj", "pobj"} and t.head.lemma_ in {"launch", "repel", "repulse"}


def _target(triggers: Sequence[Token]) -> str | None:
    for trig in triggers:
        for child in trig.children:
            if child.dep_ in {"dobj", "nsubjpass"} and child.pos_ in {"NOUN", "PROPN"} \
                    and child.lower_ not in PERSON_NOUNS and child.lower_ not in WEAPON_NOUNS:
                words = [t for t in child.subtree if t.dep_ not in {"det", "punct"}]
                cut = next((k for k, t in enumerate(words) if t.i > child.i and t.dep_ in {"prep"}
                            and t.lower_ != "of"), len(words))
                return " ".join(t.text for t in words[:cut][:8]) or None
            if child.dep_ == "prep" and child.lower_ in {"on", "against"} and trig.pos_ == "NOUN":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return " ".join(t.text for t in obj.subtree if t.dep_ not in {"det", "punct"} and t.i <= obj.i)
    return None


def _target_country(triggers: Sequence[Token], entities) -> str | None:
    for trig in triggers:
        for child in trig.children:
            if child.dep_ in {"dobj", "nsubjpass"} or (child.dep_ == "prep" and child.lower_ in {"on", "against"}):
                _, code = country_of_tokens([t for t in child.subtree], entities)
                if code:
                    return code
    return None


def last_attack(ctx: SentenceContext) -> Event | None:
    """The attack a casualty sentence continues: the last one of its paragraph (within five sentences: a quoted
    official may take two), else the last of the paragraph before (within three sentences), else a
    headline attack when the article has reported no other yet ("Armed clash" / "… Two soldiers were killed.")."""
    previous, para_i, sent_i = ctx.previous, ctx.para_i, ctx.sent_i
    last = next((e for e in reversed(previous) if e.kind == "attack" and e.para_i == para_i
                 and sent_i - e.sent_i <= 5), None)
    if last is None:  # the figures open the next paragraph: "…, the governor said. ¶ In all, 108 were injured."
        last = next((e for e in reversed(previous) if e.kind == "attack" and e.para_i == para_i - 1
                     and sent_i - e.sent_i <= 3), None)
    if last is None and sent_i <= 4:
        attacks = [e for e in previous if e.kind == "attack"]
        if attacks and all(e.sent_i == 0 and e.sentence.rstrip(" \t").endswith("\n") for e in attacks):
            return attacks[-1]
    return last


def _follow_up(ctx: SentenceContext, triggers: Sequence[Token], *, derived: bool = False) -> bool:
    """'Seven people were killed.' after 'The enemy attacked Zaporizhzhia': figures of the same attack."""
    sent, entities, doc = ctx.sent, ctx.entities, ctx.doc
    last = last_attack(ctx)
    if last is None:
        return False
    from sitrep.extract.consolidate import recalls_background

    if recalls_background(sent.text):
        return False  # "Last week, he said 288 civilians had died since the start of the incursion": a running total
    if not derived and any(t.lemma_.lower() not in CASUALTY_LEMMAS and t.lower_ not in CASUALTY_LEMMAS
                           for t in triggers):
        return False
    places = [e for e in ents_in(entities, sent.start_char, sent.end_char) if is_location_use(e, doc)]
    if places and last.place is not None and all(p.canonical not in {last.place.canonical, last.admin_hint}
                                                 for p in places):
        return False
    weapon = weapon_of(list(sent))
    return not (weapon and last.weapon and weapon != last.weapon)


def _add_figures(ev: Event, numbers, sent: Span) -> None:
    """A follow-up sentence's figures: added with "also/another/more", the latest when the sentence revises a
    toll ("the toll rose to 9", "was revised down to 6": the earlier figure stays in the ledger as superseded),
    else the larger."""
    extra, used = figures_of(numbers, {"killed", "injured"})
    additive = any(t.lower_ in {"also", "another", "more", "additionally", "further", "other"}
                   and not (t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "than") for t in sent)  # not "more than 200"
    revised = bool(_REVISION.search(sent.text))
    for key, (value, qualifier) in extra.items():
        if key in ev.figures and revised and not key.startswith("children_"):
            if ev.figures[key][0] != value:
                ev.superseded.append((key, *ev.figures[key], ev.sentence))
            ev.figures[key] = (value, qualifier)
        elif key in ev.figures and (additive or key.startswith("children_")):
            old = ev.figures[key]
            ev.figures[key] = (old[0] + value, old[1] if old[1] != "exact" else qualifier)
        elif key in ev.figures:
            best = max(ev.figures[key], (value, qualifier))
            lost = (value, qualifier) if best == ev.figures[key] else ev.figures[key]
            if lost[0] != best[0]:
                ev.superseded.append((key, *lost, sent.text if lost[0] == value else ev.sentence))
            ev.figures[key] = best
        else:
            ev.figures[key] = (value, qualifier)
    ev.evidence += used
