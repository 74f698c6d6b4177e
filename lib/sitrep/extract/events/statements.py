"""Statements: a position voiced by a person, a government body or a side (not a report of facts)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Token

from sitrep.extract.entities import EntityMention
from sitrep.extract.events.attacks import last_attack
from sitrep.extract.events.common import ents_in
from sitrep.extract.events.model import Event, SentenceContext
from sitrep.extract.events.reporting import framing, pick_speaker
from sitrep.extract.lexicon import (
    DECREE_NOUNS,
    DESCRIBE_VERBS,
    FACT_LEMMAS,
    MILITARY_REPORT_VERBS,
    MILITARY_SOURCES,
    POLITICAL_ROLES,
    REPORT_ONLY_VERBS,
    REPORTING_VERBS,
    STATEMENT_TRIGGERS,
)


def detect_statements(ctx: SentenceContext, *, found: Sequence[Event] = ()) -> list[Event]:
    """The sentence's statement: a person, government body or side's voice saying, warning or criticizing (the first
    one). A reporting verb that carries one of the sentence's ``found`` events is that event's attribution, and an
    official reporting an attack's figures or damage is its claimant, not a statement."""
    sent, entities = ctx.sent, ctx.entities
    for tok in ctx.tokens:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in STATEMENT_TRIGGERS or _decree(tok):
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None and tok.dep_ == "conj":  # "X, accompanying Putin, criticized …"
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        sub = list(subj.subtree)
        speaker = pick_speaker(ents_in(entities, sent.start_char, sent.end_char),
                               (sub[0].idx, sub[-1].idx + len(sub[-1].text)), sub)
        if speaker is None or not (speaker.label == "PERSON" or speaker.entity_type in {"person", "government"}
                                   or speaker.party or speaker.metonymy):  # a known person the tagger took for an ORG
            continue
        said = {t.i for t in reported(tok)}
        carries_event = any(ev.trigger.i in said and ev.trigger.i != tok.i and not framing(ev.trigger) for ev in found)
        if carries_event and tok.lemma_.lower() in REPORTING_VERBS:
            continue
        if speaker.label == "GPE" or speaker.canonical == "Kremlin":
            continue  # "Kyiv says", "Russia denies": a side's position is reported through its people and bodies
        if _reports_facts(tok, speaker, sub, ctx.numbers):
            continue
        lemmas = {tok.lemma_.lower(), tok.head.lemma_.lower() if tok.dep_ == "conj" else ""}
        if speaker.label == "ORG" and _MILITARY.search(speaker.canonical) and lemmas & MILITARY_REPORT_VERBS:
            continue  # "the General Staff said the town was still held", "the ministry denied striking … and blamed …"
        told = any(e.kind == "attack" for e in found) or last_attack(ctx) is not None
        if told and tok.lemma_.lower() in REPORT_ONLY_VERBS and not _political(speaker, sub):
            continue  # a governor or police chief telling more of the attack just reported is its source
        ev = ctx.event("statement", tok)
        ev.speaker = speaker.canonical
        ev.claimant, ev.claimant_name = speaker, speaker.canonical
        ev.participants = [speaker.canonical]
        return [ev]
    return []


def _decree(verb: Token) -> bool:
    """'Declared a local state of emergency', 'announced a curfew': what the verb's object names is a decree."""
    objects = [t for c in verb.children if c.dep_ in {"dobj", "oprd", "xcomp", "npadvmod"} for t in c.subtree]
    return any({t.lower_, t.lemma_.lower()} & DECREE_NOUNS for t in objects)


_POLITICAL = re.compile(r"(?i)\b(" + "|".join(POLITICAL_ROLES) + r")")
_MILITARY = re.compile(r"(?i)(" + "|".join(MILITARY_SOURCES) + r")")


def _political(speaker: EntityMention, subject: Sequence[Token]) -> bool:
    """A speaker for a state's policy (president, foreign minister, envoy, Kremlin spokesman), by role or title."""
    from sitrep.extract.entities import alias_table

    actor = alias_table().get(speaker.canonical.lower())
    words = " ".join([speaker.canonical, speaker.role or "", actor.role or "" if actor else "",
                      " ".join(t.text for t in subject)])
    return bool(_POLITICAL.search(words))


def _reports_facts(verb: Token, speaker: EntityMention, subject: Sequence[Token], numbers) -> bool:
    """'Gladkov said 27 people were injured', 'the State Emergency Service said ten bodies had been recovered':
    an official reporting an attack's figures or damage is its claimant, not the speaker of a statement. A political
    speaker's words stay a statement unless they give figures (killed, injured, launched, intercepted)."""
    political = _political(speaker, subject)
    if verb.lemma_.lower() not in REPORT_ONLY_VERBS and (political or verb.lemma_.lower() not in DESCRIBE_VERBS):
        return False
    own = {t.i for t in subject}
    told = reported(verb.head) if verb.dep_ == "conj" else reported(verb)  # "reported on X and said Y": both
    content = [t for t in told if t.i not in own and t.i != verb.i]
    inside = {t.i for t in content}
    if any(n.quantity_type in {"killed", "injured", "launched", "intercepted"} and n.token_start in inside
           for n in numbers):
        return True
    if political:  # "said the missiles had been launched from a submarine", "a building was destroyed, said X"
        return any(t.lemma_.lower() in FACT_LEMMAS for t in _told(verb))
    return any(t.lemma_.lower() in FACT_LEMMAS or t.lower_ in FACT_LEMMAS for t in content)


def _told(verb: Token) -> list[Token]:
    """The predicates a reporting verb reports: its clausal complement and what is coordinated or subordinated to it
    ("X was destroyed, while Y were damaged"), or for an inserted "…, X said" the clause it is inserted in."""
    heads = [verb.head] if verb.dep_ == "parataxis" else [c for c in verb.children if c.dep_ == "ccomp"]
    return [t for h in heads for t in [h, *h.children] if t is h or (t.dep_ in {"conj", "advcl"} and t.pos_ == "VERB")]


def reported(verb: Token) -> list[Token]:
    """What a reporting verb reports: its clause, or for an inserted "…, Klymenko said, …" (parataxis) the clause it
    is inserted in."""
    if verb.dep_ == "parataxis":
        return list(verb.head.subtree)
    return list(verb.subtree)
