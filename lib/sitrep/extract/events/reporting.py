"""Sentence-level sources: who reports what a sentence tells (according to X, X said, a 'Source:' line) and how
certain it is (confirmed, claimed, unverified, disputed, planned)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from sitrep.extract.entities import TITLE_WORDS, EntityMention
from sitrep.extract.events.common import ents_in
from sitrep.extract.lexicon import (
    CLAIM_VERBS,
    DATA_NOUNS,
    DISPUTE_MARKERS,
    FIGURE_GIVING_VERBS,
    FRAMING_MARKS,
    MILITARY_SOURCES,
    REPORTING_VERBS,
    SOURCE_HEAD_WORDS,
    SOURCE_LINE_LABELS,
    STATEMENT_TRIGGERS,
    TOLL_NOUNS,
    UNVERIFIED_MARKERS,
)
from sitrep.nlp import doc_text

if TYPE_CHECKING:  # the model builds its events with this module's readers
    from sitrep.extract.events.model import Event


def reporting(sent: Span, entities: Sequence[EntityMention], trigger: Token | None = None):
    """(claimant mention or None, claimant text, verb lemma) for the attribution governing ``trigger``.

    Among the sentence's reporting structures the one whose verb dominates the trigger wins; else the first.
    """
    return governing_reporting(list(_reportings(sent, entities)), trigger)


def governing_reporting(found: list, trigger: Token | None = None):
    """:func:`reporting` over the sentence's reporting structures already found (``sentence_reportings``)."""
    if not found:
        return None, None, None
    if trigger is not None:
        by_verb = {f[0].i: f for f in found if f[0] is not None}
        for ancestor in trigger.ancestors:  # nearest governing attribution first
            if ancestor.i in by_verb:
                return by_verb[ancestor.i][1:]
    return found[0][1:]


def framing(trigger: Token) -> bool:
    """``trigger`` is told in a clause that dates the saying above it ("X said on Tuesday, as NATO leaders gathered in
    The Hague, that …", "…, hours before the delegations were due to meet", "ahead of the talks"): the narrator's
    framing, not what the speaker reports."""
    for tok in [trigger, *trigger.ancestors]:
        if tok.dep_ in {"pobj", "pcomp"} and FRAMING_MARKS & {tok.head.lower_, tok.head.head.lower_}:
            return True
        if any(c.dep_ == "mark" and c.lower_ in FRAMING_MARKS for c in tok.children):
            return True
        if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in REPORTING_VERBS | STATEMENT_TRIGGERS:
            return False
    return False


_SOURCE_LINE = re.compile(r"(?i)^\s*(" + "|".join(SOURCE_LINE_LABELS) + r")\s*:\s")


def is_source_line(sent: Span) -> bool:
    """A "Source: Interior Minister X on Telegram" line."""
    return bool(_SOURCE_LINE.match(sent.text))


def sentence_reportings(sent: Span, entities: Sequence[EntityMention]) -> list:
    """The sentence's reporting structures, (verb token or None, mention, text, verb lemma), in the order found."""
    return list(_reportings(sent, entities))


def _reportings(sent: Span, entities: Sequence[EntityMention]):
    doc, tokens = sent.doc, list(sent)  # walked twice below
    sent_ents = ents_in(entities, sent.start_char, sent.end_char)
    if _SOURCE_LINE.match(doc_text(doc)[sent.start_char:sent.end_char]):  # "Source: Interior Minister X on Telegram; …"
        named = next((e for e in sent_ents if e.label in {"PERSON", "ORG"}), None)
        if named is not None:
            yield None, named, named.text, "report"
    for tok in tokens:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            objs = [t for t in doc[tok.i + 1].subtree if t.i > tok.i + 1]
            if objs:
                span = (objs[0].idx, objs[-1].idx + len(objs[-1].text))
                speaker = pick_speaker(sent_ents, span, objs)
                if speaker is None and any(t.lemma_.lower() in DATA_NOUNS and t.head.i == tok.i + 1 for t in objs):
                    continue  # "according to preliminary data": what is known, not who says it
                yield tok.head, speaker, doc[objs[0].i:objs[-1].i + 1].text, "report"
    for tok in tokens:
        lemma = tok.lemma_.lower()
        report_verb = None
        if tok.pos_ == "NOUN" and lemma in {"report", "claim", "statement", "data", "figure", "account"}:
            if tok.head.lemma_.lower() in {"indicate", "show", "say", "suggest"} and tok.dep_ == "nsubj":
                report_verb = tok.head  # "media reports indicated …"
            else:
                report_verb = next((c for c in tok.children if c.dep_ == "acl"
                                    and c.lemma_.lower() in {"indicate", "show", "say", "suggest"}), None)
        is_report_noun = report_verb is not None
        gives_figures = tok.pos_ == "VERB" and lemma in FIGURE_GIVING_VERBS and any(  # "X gave the figures"
            c.dep_ == "dobj" and c.lemma_.lower() in DATA_NOUNS | TOLL_NOUNS for c in tok.children)
        if (tok.pos_ in {"VERB", "AUX"} and lemma in REPORTING_VERBS) or is_report_noun or gives_figures:
            subjects = sorted((c for c in tok.children if c.dep_ == "nsubj"), key=lambda c: abs(c.i - tok.i))
            # the subject nearest the verb: "… caused the deaths of 15, regional governor X said" parses both as nsubj
            subj_root = tok if is_report_noun else next(iter(subjects), None)
            if subj_root is None and tok.tag_ == "VBG" and tok.dep_ in {"advcl", "xcomp", "conj"}:
                # "The ministry made no mention of it, saying only that …": the participle's subject is its head's
                subj_root = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if subj_root is None and not is_report_noun:
                sub = _words_before(tok)  # "… – regional governor X said." with X parsed into the clause before
                if not sub:
                    continue
            elif subj_root is None:
                continue
            else:
                sub = list(subj_root.subtree)
            if is_report_noun:  # "Ukrainian air force reports indicating …" -> "Ukrainian air force"
                sub = [t for t in sub if t.i < tok.i and t.dep_ != "det"] or [tok]
            span = (sub[0].idx, sub[-1].idx + len(sub[-1].text))
            mention = pick_speaker(sent_ents, span, sub)
            commas = [t.i for t in sub if t.text == ","]
            tail = [t for t in sub if commas and t.i > commas[-1]]
            if mention is None and tail and commas[-1] < tok.i:  # "… injuries to 12 others, governor X said"
                sub = tail
                span = (sub[0].idx, sub[-1].idx + len(sub[-1].text))
                mention = pick_speaker(sent_ents, span, sub)
            text = doc[sub[0].i:sub[-1].i + 1].text
            verb = report_verb.lemma_.lower() if is_report_noun else lemma
            if mention is None and not any(t.lower_ in SOURCE_HEAD_WORDS for t in sub):
                continue
            if mention is None and any(t.lower_ == "media" for t in sub):
                text = "media reports"
            yield (report_verb if is_report_noun else tok), mention, text, verb


def _words_before(verb: Token) -> list[Token]:
    """The words between the last comma or dash and a closing reporting verb ("…, the governor X said.", "…, the
    governor, X, said."), when the parse gave the verb no subject."""
    sent = verb.sent
    if verb.i + 1 < sent.end and not sent.doc[verb.i + 1].is_punct and sent.doc[verb.i + 1].dep_ != "prep":
        return []
    end = verb.i
    if end - 1 > sent.start and sent.doc[end - 1].text == ",":
        end -= 1  # "…, the regional governor, Serhiy Lysak, said.": the name set off by commas
    start = end
    while start > sent.start and sent.doc[start - 1].text not in {",", "–", "—", "-", ";", ":"}:
        start -= 1
    return list(sent.doc[start:end]) if 0 < end - start <= 6 else []


def pick_speaker(sent_ents: Sequence[EntityMention], span: tuple[int, int], toks: Sequence[Token]):
    """The entity that speaks for a subject phrase: the one at its head, not a possessor or an object."""
    inside = [e for e in sent_ents if e.char_start < span[1] and e.char_end > span[0]  # a name the parse split
              and (e.char_start >= span[0] or e.label == "PERSON")  # ("Vyacheslav" dobj, "Gladkov" nsubj) too
              and e.label in {"PERSON", "ORG", "GPE", "NORP"}]
    if not inside or not toks:
        return None
    root = next((t for t in toks if t.head.i not in {x.i for x in toks} or t.head.i == t.i), toks[0])

    def rank(e: EntityMention) -> tuple:
        ent_toks = [t for t in toks if e.char_start <= t.idx < e.char_end]
        if not ent_toks:
            return (9, 0)
        ent_root = next((t for t in ent_toks if t.head not in ent_toks), ent_toks[-1])
        label_rank = {"PERSON": 0, "ORG": 1}.get(e.label, 2 if (e.metonymy or e.entity_type == "government") else 4)
        if any(t.i == root.i for t in ent_toks):
            return (0, label_rank)
        if e.label == "PERSON" and ent_root.dep_ == "appos" and root.lower_ in TITLE_WORDS:
            return (1, label_rank)  # "The governor of Russia's Belgorod Oblast, Vyacheslav Gladkov," -> the person
        if ent_root.dep_ == "poss" or any(a.dep_ in {"pobj", "dobj", "acl", "relcl", "advcl"} for a in
                                          [ent_root, *ent_root.ancestors] if a.i in {x.i for x in toks}
                                          and a.i != root.i):
            return (8, label_rank)
        if ent_root.head.i == root.i and ent_root.dep_ in {"appos", "compound", "nmod", "amod"}:
            return (1, label_rank)
        return (5, label_rank)

    best = min(inside, key=rank)
    if rank(best)[0] >= 8 or (rank(best)[1] >= 4):
        return None
    return best


_DISPUTE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, DISPUTE_MARKERS))) + r")\b")


def certainty_of(ev: Event, sent: Span, verb: str | None) -> str | None:
    if ev.kind == "statement":
        return None  # a position is neither confirmed nor claimed: its speaker is the whole provenance
    low = doc_text(sent.doc)[sent.start_char:sent.end_char].lower()
    if ev.status == "planned":
        return "planned"
    media = "media" in (ev.claimant_name or "").lower()
    if any(m in low for m in UNVERIFIED_MARKERS) and (ev.claimant is None or media):
        return "unverified"
    if ev.claimant_name and "media" in ev.claimant_name.lower():
        return "unverified"
    if verb in {"deny"} and ev.claimant is not None and _DISPUTE.search(low):
        return "disputed"
    if ev.claimant is None and not ev.claimant_name:
        return None
    if ev.contested:
        return "disputed"
    party = ev.claimant.party if ev.claimant is not None else None
    claimant_country = ev.claimant.country if ev.claimant is not None else None
    if verb in CLAIM_VERBS:
        return "claimed"
    if party and ev.kind == "air_defense":
        return "claimed"
    if ev.captured and (claimant_country is None or claimant_country != ev.target_country):
        return "claimed"  # ground said to be taken, by anyone but the side that lost it
    if ev.kind == "attack" and military(ev.claimant):
        return "claimed"  # a party's military reporting fighting or strikes: claimed, whichever side was hit
    if party and ev.kind == "attack" and claimant_country and ev.actor_country == claimant_country \
            and ev.target_country and ev.target_country != claimant_country:
        return "claimed"  # a party reporting its own strike on the enemy
    return "confirmed"


_MILITARY = re.compile(r"(?i)(" + "|".join(MILITARY_SOURCES) + r")")


def military(claimant: EntityMention | None) -> bool:
    """A party's military body or officer (by canonical name or role)."""
    if claimant is None or not claimant.party:
        return False
    return bool(_MILITARY.search(f"{claimant.canonical} {claimant.role or ''}"))
