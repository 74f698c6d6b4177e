"""Meetings: talks, visits and calls between named people, delegations and governments."""

from __future__ import annotations

from spacy.tokens import Span, Token

from sitrep.extract.events.anaphora import definite_anaphor, merge_anaphor
from sitrep.extract.events.common import ents_in
from sitrep.extract.events.model import Event, SentenceContext
from sitrep.extract.events.places import choose_place, is_location_use
from sitrep.extract.events.reporting import framing
from sitrep.extract.frames import frame_kinds
from sitrep.extract.lexicon import (
    GROUP_NOUNS,
    HOST_VERBS,
    HYPOTHETICAL_MODIFIERS,
    MEETING_TRIGGERS,
    PERSONAL_PRONOUNS,
    REPORTING_VERBS,
    STATEMENT_TRIGGERS,
    TITLE_HEADS,
)


def detect_meetings(ctx: SentenceContext) -> list[Event]:
    """The sentence's meeting (talks, a phone call, a visit) with its participants and place; "the meeting" after
    one enriches that one (in ``ctx.previous``) instead."""
    doc, sent, entities, previous = ctx.doc, ctx.sent, ctx.entities, ctx.previous
    mtrig = [t for t in ctx.tokens if _meeting_trigger(t, entities)]
    if not mtrig:
        return []
    trigger = mtrig[0]
    if definite_anaphor(trigger) and previous and not new_people(trigger, entities) and \
            merge_anaphor(ctx, "meeting", trigger):
        return []
    ev = ctx.event("meeting", trigger)
    speaker = _speaker_outside(trigger)
    ev.participants = _participants(trigger, sent, entities, exclude=speaker)
    if speaker and framing(trigger):  # "X said on Tuesday, as NATO leaders gathered in The Hague, that …"
        ev.claimant, ev.claimant_name, ev.verb = None, None, None
    ev.place, hint = choose_place(sent, trigger, entities, doc)
    ev.admin_hint = hint.canonical if hint else None
    if len(ev.participants) >= 1 or ev.place is not None:
        return [ev]
    return []


def _meeting_trigger(t: Token, entities) -> bool:
    lemma = t.lemma_.lower()
    if t.pos_ not in {"VERB", "NOUN"} or not (lemma in MEETING_TRIGGERS or t.lower_ in MEETING_TRIGGERS):
        return False
    if t.lower_ == "talks" and t.pos_ == "VERB":
        return False
    if frame_kinds(t.doc).get(t.i) == "generic":
        return False  # "negotiations alone had never stopped a missile" (data/casualty_frames.jsonl)
    if t.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in HYPOTHETICAL_MODIFIERS for c in t.children):
        return False  # "asked about a possible meeting between Putin and Trump"
    if lemma in {"call", "phone"}:  # "a phone call", "a video call" — not "called for"
        return t.pos_ == "NOUN" and lemma == "call" and \
            any(c.lower_ in {"phone", "telephone", "video", "conference"} for c in t.children)
    if lemma in HOST_VERBS and t.pos_ == "VERB":  # someone or some talks are hosted
        objects = [x for c in t.children if c.dep_ in {"dobj", "nsubjpass"} for x in c.subtree]
        return any(x.ent_type_ in {"PERSON", "NORP"} or {x.lower_, x.lemma_.lower()} & (GROUP_NOUNS | TITLE_HEADS)
                   or x.lemma_.lower() in MEETING_TRIGGERS - HOST_VERBS for x in objects)
    if lemma in {"speak", "talk"} and t.pos_ == "VERB":  # "spoke by phone with Trump"
        words = {x.lower_ for x in t.subtree}
        return bool(words & {"phone", "telephone", "video"}) or any(
            c.dep_ == "prep" and c.lower_ == "with" and new_people(c, entities) for c in t.children)
    return True


def _speaker_outside(trigger: Token) -> set[int]:
    """The token indexes of the subject of a saying verb above the trigger when the meeting's clause has a subject of
    its own that is not a personal pronoun: "Russian officials said …, hours before Ukrainian and U.S. officials were
    due to meet" (the speakers are not at the talks) — but "Zelensky said he met Trump" and "Zelensky told reporters
    after meeting Trump" (the meeting's subject is the speaker) keep the speaker."""
    own_subject = False
    for tok in [trigger, *trigger.ancestors]:
        lemma = tok.lemma_.lower()
        if tok is not trigger and tok.pos_ in {"VERB", "AUX"} and lemma in REPORTING_VERBS | STATEMENT_TRIGGERS:
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            return {t.i for t in subj.subtree} if subj is not None and own_subject else set()
        subjects = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            if any(t.lower_ in PERSONAL_PRONOUNS for s in subjects for t in s.subtree):
                return set()
            own_subject = True
    return set()


def _participants(trigger: Token, sent: Span, entities, *, exclude: set[int] = frozenset()) -> list[str]:
    names: list[str] = []
    sent_ents = ents_in(entities, sent.start_char, sent.end_char)
    scope = {t.i for t in sent}
    doc = sent.doc
    for e in sent_ents:
        span = doc.char_span(e.char_start, e.char_end, alignment_mode="expand")
        if span is None or span.root.i not in scope and span.start not in scope:
            continue
        root = span.root
        if root.i in exclude:
            continue  # the speaker of the sentence, not at the meeting it dates
        if (e.label == "PERSON" or e.entity_type == "person") and root.dep_ != "poss":
            names.append(e.canonical)
            continue
        if root.dep_ in {"compound", "pobj"} and root.head.lower_ in TITLE_HEADS | {"of"}:
            continue  # "Secretary of State Marco Rubio", "Office of the President"
        elif e.label in {"NORP", "GPE", "ORG"} and (root.head.lower_ in GROUP_NOUNS or
                                                     (e.metonymy and not is_location_use(e, doc))):
            label = f"{e.text} {root.head.text}" if root.head.lower_ in GROUP_NOUNS else e.canonical
            names.append(label)
        elif e.label == "ORG" and e.entity_type in {"government", "org"} and root.dep_ in {"nsubj", "pobj", "conj"} \
                and e.canonical != "Kremlin":
            names.append(e.canonical)
    names = list(dict.fromkeys(names))
    people = [n for n in names if any(e.canonical == n and (e.label == "PERSON" or e.entity_type == "person")
                                      for e in sent_ents)]
    if people:  # organizations only count when no person is named, delegations always
        names = [n for n in names if n in people or n.split()[-1].lower() in GROUP_NOUNS]
    return names


def new_people(trigger: Token, entities) -> bool:
    chars = {t.idx for t in trigger.subtree}
    return any(e.label == "PERSON" and e.char_start in chars for e in entities)
