"""Where: which mentions of places are used as locations, how specific they are, and the place of an event."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from sitrep.extract.entities import DEMONYMS, EntityMention
from sitrep.extract.events.common import clause_head, ents_in
from sitrep.extract.events.model import Event
from sitrep.extract.lexicon import (
    ADDRESSEE_VERBS,
    CARE_NOUNS,
    COMPASS_WORDS,
    DISTANCE_WORDS,
    GROUP_NOUNS,
    LOCATIVE_PREPS,
    MAKER_PARTICIPLES,
    ORIGIN_NOUNS,
    PERSON_NOUNS,
    REPORTING_VERBS,
    ROUTE_HEADS,
    SIDE_BODY_NOUNS,
)
from sitrep.nlp import doc_text

DEMONYM_FORM = re.compile(r"(?i)^(.*(ian|ish|ese|ic|i)|russo|ukraino)$")
_MAKER = re.compile(r"(?i)^(\s*-\s*|\s*-?\s*(and|or)\s+[\w.]+\s*-\s*)(" + "|".join(sorted(MAKER_PARTICIPLES))
                    + r")\b")


def maker_mention(doc: Doc, char_end: int) -> bool:
    """'US-made', 'British- and French-made': a country named as a weapon's maker, neither actor nor place."""
    return bool(_MAKER.match(doc_text(doc)[char_end:char_end + 40]))


def is_location_use(e: EntityMention, doc: Doc) -> bool:
    if e.metonymy or e.label not in {"GPE", "LOC", "FAC"} and e.canonical != "Kremlin":
        return False
    if e.text.lower() in DEMONYMS and DEMONYM_FORM.match(e.text) and e.text.lower() not in {"russia", "ukraine"}:
        return False  # "Ukrainian" mis-tagged as a place
    if maker_mention(doc, e.char_end) or e.text.rstrip().endswith(("-", " and")):
        return False  # "US-made", "British- and French-made"
    span = doc.char_span(e.char_start, e.char_end, alignment_mode="expand")
    if span is None:
        return True
    root = span.root
    if root.dep_ == "nsubj" and e.label == "GPE" and not _stranded_locative(span):
        return False
    if root.dep_ == "compound" and e.label == "LOC":  # "the Volga river city"
        return False
    if root.dep_ == "poss" and root.head.lower_ in GROUP_NOUNS | PERSON_NOUNS:
        return False
    if root.dep_ == "compound" and root.head.lower_ in {"mayor", "governor", "head", "president", "official",
                                                         "officials", "authorities", "administration"}:
        return False
    if root.dep_ == "compound" and root.head.lemma_ in {"border", "side"}:
        return False
    if root.dep_ in {"compound", "nmod", "amod"} and _side_or_origin(root.head) and root.head.lower_ in CARE_NOUNS:
        return False  # "taken to the Kursk regional hospital": the hospital's name, not where it happened
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in {"from", "toward", "towards", "to"} and head.head.lemma_ in ROUTE_HEADS:
        return False
    if root.dep_ == "pobj" and head.head.lower_ in COMPASS_WORDS | DISTANCE_WORDS:
        return False
    if root.dep_ in {"dobj", "pobj"} and (head.lemma_ in ADDRESSEE_VERBS or head.head.lemma_ in ADDRESSEE_VERBS):
        return False  # "Moscow blames Kyiv", "accused Kyiv of using human shields", "called on Kyiv": a side
    if span.end < len(doc) - 1 and doc[span.end].text == "-" and doc[span.end + 1].tag_ in {"VBN", "VBD", "JJ"}:
        return False  # "Moscow-installed", "Kremlin-backed", "Kyiv-based": a modifier, not a place
    if root.dep_ == "pobj" and head.lower_ in {"in", "of"} and _source_body(head.head):
        return False  # "according to the State Emergency Service in Odesa Oblast": where the source sits
    first = root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head  # "from the direction of Kurakhove and Krasnohorivka": each conjunct is an origin
    if first.dep_ == "pobj" and _side_or_origin(first.head.head):
        return False  # fired "from the direction of Kurakhove"; "the authorities in Kiev" are a side, not a place
    if first.dep_ == "pobj" and first.head.i > 0 and doc[first.head.i - 1].lower_ in CARE_NOUNS:
        return False  # "flown to clinics in Moscow" (the parser hangs "in Moscow" on the verb): where they are treated
    return True


def _stranded_locative(span: Span) -> bool:
    """'In Kryvyi Rih, Dnipropetrovsk Oblast, a morning strike injured five' parsed with the town as the subject:
    a locative preposition right before it that governs nothing is where it happened."""
    if span.start == 0:
        return False
    prep = span.doc[span.start - 1]
    return prep.lower_ in LOCATIVE_PREPS and prep.dep_ == "prep" and not any(c.dep_ == "pobj" for c in prep.children)


def _source_body(tok: Token) -> bool:
    """Is ``tok`` an organisation named as the source of the sentence ("according to the X Service", "the X
    Service said")?"""
    if tok.ent_type_ != "ORG":
        return False
    node = tok
    while node.ent_type_ == "ORG" and node.dep_ in {"compound", "amod", "flat"} and node.head.i != node.i:
        node = node.head
    if node.dep_ == "pobj" and node.head.lower_ == "to" and node.head.head.lower_ == "according":
        return True
    return node.dep_ == "nsubj" and node.head.lemma_.lower() in REPORTING_VERBS


def _side_or_origin(noun: Token) -> bool:
    words = ORIGIN_NOUNS | SIDE_BODY_NOUNS | CARE_NOUNS
    return noun.lemma_.lower() in words or noun.lower_ in words


def place_rank(e: EntityMention) -> int:
    """Smaller is more specific: towns, then features, then regions, then countries."""
    cid = e.canonical.lower()
    if e.label == "GPE" and (cid in {"ukraine", "russia", "belarus", "poland", "united states", "moldova"}
                             or e.text.lower() in DEMONYMS and len(e.text) > 3 and e.label == "GPE"
                             and e.text.lower() in {"ukraine", "russia", "u.s.", "us", "america"}):
        return 4
    if any(w in cid for w in (" oblast", " krai", " region", "republic", "crimea", "donbas")) or \
            any(w in e.text.lower() for w in (" region", " oblast", " krai", " province")):
        return 3
    if e.label == "LOC":
        return 3
    return 1


def choose_place(sent: Span, trigger: Token, entities: Sequence[EntityMention], doc: Doc):
    """(place mention, admin hint mention) for an event in ``sent``."""
    cands = [e for e in ents_in(entities, sent.start_char, sent.end_char) if is_location_use(e, doc)]
    if not cands:
        return None, None
    clause = clause_head(trigger)
    clause_chars = {t.idx for t in clause.subtree}
    in_clause = [e for e in cands if e.char_start in clause_chars] or cands
    best = min(in_clause, key=lambda e: (place_rank(e), abs(e.char_start - trigger.idx)))
    hint = next((e for e in sorted(in_clause, key=lambda e: abs(e.char_start - best.char_start))
                 if place_rank(e) == 3 and e is not best), None)
    return best, hint


def coordinated_place(e: EntityMention, doc: Doc) -> bool:
    span = doc.char_span(e.char_start, e.char_end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)


def generic_place(ev: Event) -> bool:
    return ev.place is not None and place_rank(ev.place) >= 4
