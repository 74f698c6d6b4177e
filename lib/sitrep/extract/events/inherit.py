"""Article-level gap filling after the sentence rules: summaries dropped, air-defense halves merged, the
paragraph's time, actor, weapon and place lent to its events."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from spacy.tokens import Doc

from sitrep.extract.events.actors import OWN
from sitrep.extract.events.air_defense import merge_reports
from sitrep.extract.events.model import Event
from sitrep.extract.events.places import generic_place, place_rank
from sitrep.extract.events.weapons import subkind_of
from sitrep.extract.lexicon import GENERIC_TARGET, INHERIT_TIME_WORDS
from sitrep.nlp import sentences
from sitrep.words import COUNTRY_NAMES


def _earlier(attacks: list[Event], k: int) -> Iterator[Event]:
    """The attacks told before the ``k``-th, nearest first (lazily: a long paragraph can hold thousands)."""
    return (attacks[j] for j in range(k - 1, -1, -1))


def _near(attacks: list[Event], k: int) -> Iterator[Event]:
    """The earlier attacks, nearest first, then every other attack of the paragraph."""
    return chain(_earlier(attacks, k), (o for j, o in enumerate(attacks) if j != k))


def inherit(events: list[Event], doc: Doc, paras: dict[int, int]) -> None:
    """Fill gaps from context: paragraph actor/weapon/place, 'simultaneously' and lead-sentence dates."""
    _drop_summaries(events)
    merge_reports(events)
    sents = list(sentences(doc))
    last_time = None
    by_para: dict[int, list[Event]] = {}
    for ev in events:
        by_para.setdefault(ev.para_i, []).append(ev)
    leads: dict[int, int] = {}
    for i, p in sorted(paras.items()):
        leads.setdefault(p, i)
    for para_i in sorted(by_para):
        group = by_para[para_i]
        lead_i = leads[para_i]
        lead_text = sents[lead_i].text.lower()
        para_time = next((e.time for e in group if e.time is not None), None)
        if para_time is None and any(w in lead_text for w in INHERIT_TIME_WORDS):
            para_time = last_time
        attacks = [e for e in group if e.kind == "attack"]
        position = {id(e): k for k, e in enumerate(attacks)}
        for ev in group:
            if ev.time is None and ev.kind in {"attack", "air_defense"} and para_time is not None:
                ev.time = para_time
            if ev.kind != "attack":
                continue
            k = position[id(ev)]
            if ev.actor_country is None:
                src = next((o for o in _near(attacks, k) if o.actor_country), None)
                if src and src.actor_country == OWN:  # "its forces": lend the side its speaker is on, not the marker
                    side = src.claimant.country if src.claimant is not None and src.claimant.party else None
                    if side in COUNTRY_NAMES:
                        ev.actor, ev.actor_country = COUNTRY_NAMES[side], side
                elif src:
                    ev.actor, ev.actor_country = src.actor, src.actor_country
            if ev.weapon is None:
                src = next((o for o in _near(attacks, k) if o.weapon and o.actor_country == ev.actor_country), None)
                if src:
                    ev.weapon = src.weapon
                    ev.subkind = subkind_of(ev.weapon, [])
            if ev.place is None or place_rank(ev.place) >= 3 and generic_place(ev):
                src = next((o for o in _earlier(attacks, k) if o.place is not None and place_rank(o.place) < 3), None)
                if src and ev.place is None:
                    ev.place, ev.admin_hint = src.place, src.admin_hint
        if para_time is not None:
            last_time = para_time
        elif any(e.time for e in group):
            last_time = next(e.time for e in group if e.time)


def _drop_summaries(events: list[Event]) -> None:
    """A summary attack ("Ukrainian forces struck Russian territory", "cross-border attacks claimed lives")
    with no figures and no specific place folds into the specific attacks the article goes on to report."""
    drop = set()
    for ev in events:
        if ev.kind != "attack" or ev.figures or (ev.place is not None and place_rank(ev.place) < 4):
            continue
        specific_target = ev.target and not GENERIC_TARGET & set(ev.target.lower().split())
        if ev.claimant is not None or ev.claimant_name or specific_target:
            continue
        specific = [o for o in events if o is not ev and o.kind == "attack" and o.place is not None
                    and place_rank(o.place) < 4 and o.actor_country in {None, ev.actor_country}]
        if specific or ev.actor_country is None:
            drop.add(id(ev))
    events[:] = [e for e in events if id(e) not in drop]
