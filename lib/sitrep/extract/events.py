"""Events and the claim ledger, found by dependency rules over trigger lexicons.

One row per event: attacks (drone/missile strikes, shelling, glide bombs, ground clashes),
air-defense reports (weapons launched and/or intercepted, per claimant and weapon class), meetings
and statements. Each event carries its figures with their claimant and certainty; the claim ledger
keeps one row per (event, figure) so competing figures stay side by side.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from sitrep.acled import acled_type
from sitrep.acled import mapping as acled_mapping
from sitrep.extract.attribution import attribute
from sitrep.extract.consolidate import consolidate
from sitrep.extract.entities import DEMONYMS, TITLE_WORDS, EntityMention
from sitrep.extract.frames import frame_kinds
from sitrep.extract.lexicon import (
    AIR_DEFENSE_TRIGGERS,
    CLAIM_VERBS,
    DISPUTE_MARKERS,
    FACT_LEMMAS,
    GLIDE_WORDS,
    GROUND_WORDS,
    MEETING_TRIGGERS,
    MILITARY_SOURCES,
    ONGOING_MARKERS,
    PERSON_NOUNS,
    PLAN_MARKERS,
    POLITICAL_ROLES,
    REPORT_ONLY_VERBS,
    REPORTING_VERBS,
    REVISION_CUES,
    SHELLING_WORDS,
    SOURCE_HEAD_WORDS,
    SOURCE_LINE_LABELS,
    STATEMENT_TRIGGERS,
    UNVERIFIED_MARKERS,
    WEAPON_NOUNS,
)
from sitrep.extract.numbers import NumberMention
from sitrep.types import TimeExpression
from sitrep.words import COUNTRY_NAMES, PARTY_COUNTRIES, SIDE_NAMES

# Primary triggers start an attack event; secondary ones only join one (or start it with a weapon).
PRIMARY_ATTACK = {"strike", "attack", "shell", "shelling", "bomb", "bombing", "bombard", "bombardment",
                  "pound", "raid", "assault", "airstrike", "barrage", "hit", "kill", "injure", "wound",
                  "explosion", "blast", "clash", "fighting", "storm", "offensive", "ambush", "struck"}
SECONDARY_ATTACK = {"target", "demolish", "destroy", "damage", "explode", "smash", "penetrate"}
GROUP_NOUNS = {"delegates", "delegation", "envoys", "envoy", "officials", "negotiators", "counterparts",
               "leaders", "representatives", "diplomats", "ministers", "team", "teams", "allies", "partners"}
ACLED = acled_mapping()  # (kind, subkind) -> ACLED (event type, sub-event type): data/acled_types.jsonl
GENERIC_TARGET = {"territory", "infrastructure", "targets", "regions", "areas", "cities", "country", "land",
                  "soil", "positions", "facilities", "lives", "sites"}
VIOLENCE_WORDS = {"attack", "strike", "shelling", "shell", "bomb", "bombing", "explosion", "blast", "drone",
                  "missile", "fire", "shoot", "gunfire", "airstrike", "war", "assault", "mine", "debris", "shrapnel",
                  "battle", "fighting", "combat", "clash", "eliminate", "destroy", "invader", "occupier", "enemy",
                  "artillery", "mortar", "rocket", "grenade", "sniper", "troops", "front", "civilian", "occupy",
                  "russians", "invaders", "occupiers", "aggressor", "hostilities", "frontline", "offensive"}
TITLE_HEADS = {"secretary", "minister", "president", "office", "head", "chief", "spokesman", "adviser",
               "advisor", "envoy", "ministry", "prime"}
ENEMY = "<enemy>"
ENEMY_WORDS = {"enemy", "occupiers", "occupier", "aggressor", "invaders", "invader", "russians", "rashists",
               "ruscists", "orcs"}
CASUALTY_LEMMAS = {"kill", "die", "injure", "wound", "hurt", "dead", "death", "injured", "wounded"}
INHERIT_TIME_WORDS = {"simultaneously", "meanwhile", "same night", "same day", "at the same time", "also"}
# Disrupted weapons use (ACLED): a weapon shot down one at a time, a cache seized, a device defused.
SHOOT_DOWN_VERBS = {"shoot", "down", "intercept", "destroy", "neutralize", "neutralise", "bring", "suppress"}
AERIAL_CLASSES = {"drone", "missile", "ballistic_missile", "cruise_missile", "glide_bomb", "aircraft"}
SEIZE_VERBS = {"seize", "confiscate", "find", "discover", "uncover", "recover", "locate", "expose"}
DEFUSE_VERBS = {"defuse", "neutralize", "neutralise", "disarm", "dismantle", "deactivate", "defuze"}
CACHE_NOUNS = {"cache", "caches", "weapon", "weapons", "arms", "ammunition", "explosive", "explosives", "rifle",
               "rifles", "grenade", "grenades", "launcher", "launchers", "stockpile", "arsenal", "manpads", "munitions"}
EXPLOSIVE_NOUNS = {"mine", "mines", "landmine", "landmines", "ordnance", "uxo", "device", "devices", "ied", "ieds",
                   "bomb", "shell", "shells", "grenade", "munition", "projectile", "tripwire", "explosive", "warhead"}
SINGLE_DETS = {"a", "an", "one", "another", "single"}
# an attack from the air with no named glide bomb: "airstrikes near X", "an aerial attack", helicopter fire
AIR_PLATFORMS = {"aircraft", "aviation", "helicopter", "helicopters", "warplane", "warplanes", "jet", "jets",
                 "airstrike", "airstrikes", "air-strike", "air-strikes", "airforce", "bomber", "bombers"}
REFERRING_HEADS = {"them", "these", "those", "they", "which", "it", "targets", "objects"}  # "four of them"
FIRE_VERBS = {"fire", "launch", "drop", "unleash"}
_REVISION = re.compile(r"(?i)\b(" + "|".join(REVISION_CUES) + r")\b")


@dataclass
class _Event:
    kind: str
    trigger: Token
    sent_i: int
    para_i: int
    subkind: str | None = None
    actor: str | None = None
    actor_country: str | None = None
    target: str | None = None
    target_country: str | None = None
    weapon: str | None = None
    place: EntityMention | None = None
    place_text: str | None = None
    place_country: str | None = None  # country of a nationwide tally ("over Russian regions")
    admin_hint: str | None = None
    time: TimeExpression | None = None
    status: str = "happened"
    figures: dict = field(default_factory=dict)  # figure -> (value, qualifier)
    claimant: EntityMention | None = None
    claimant_name: str | None = None
    certainty: str | None = None
    participants: list = field(default_factory=list)
    speaker: str | None = None
    span: tuple[int, int] = (0, 0)
    sentence: str = ""
    evidence: list = field(default_factory=list)  # NumberMentions behind the figures
    verb: str | None = None  # the reporting verb of the attribution ("claimed", "confirmed")
    anaphor_sentence: Span | None = None  # a later sentence that confirmed this event
    superseded: list = field(default_factory=list)  # (figure, value, qualifier, sentence) a follow-up displaced
    later_sources: list = field(default_factory=list)  # (sent_i, mention, text, verb) of sentences continuing it


def _paragraphs(doc: Doc) -> dict[int, int]:
    """sentence index -> paragraph index (paragraphs are separated by newlines in the text)."""
    out, para, text = {}, 0, doc.text  # doc.text is rebuilt on every access
    for i, sent in enumerate(doc.sents):
        if i and "\n" in text[sent.start_char - 2 if sent.start_char > 1 else 0:sent.start_char + 1]:
            para += 1
        out[i] = para
    return out


def _in(tok: Token, span_tokens: Sequence[Token]) -> bool:
    return any(t.i == tok.i for t in span_tokens)


def _ents_in(entities: Sequence[EntityMention], start: int, end: int) -> list[EntityMention]:
    return [e for e in entities if e.char_start >= start and e.char_end <= end]


def _clause(tok: Token) -> Token:
    """The verb heading ``tok``'s clause."""
    node = tok
    while node.head.i != node.i and node.pos_ not in {"VERB", "AUX"}:
        node = node.head
    return node


def _entity_span(tok: Token) -> Span:
    """The entity ``tok`` is part of, as ``doc.ents`` would give it (without building every entity of the doc)."""
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _weapon_of(tokens: Sequence[Token]) -> str | None:
    for t in tokens:
        if t.ent_type_ == "WEAPON":
            ent = _entity_span(t)
            wid = (ent[0].ent_id_ or ent.text).lower()
            return _weapon_class(wid)
    for t in tokens:
        if t.lower_ in WEAPON_NOUNS and WEAPON_NOUNS[t.lower_] not in {"other", "aircraft"}:
            if t.lower_ in {"bomb", "bombs"} and not any(c.lower_ in {"glide", "guided", "aerial"} for c in t.children):
                continue
            return _weapon_class(t.lower_)
        if t.lemma_ in {"shell", "shelling"} or t.lower_ in {"artillery", "mortar", "mortars"}:
            return "artillery"
    return None


def _weapon_class(text: str) -> str:
    t = text.lower()
    if any(w in t for w in ("shahed", "geran", "drone", "uav", "lancet", "gerbera", "quadcopter", "fpv")):
        return "drone"
    if any(w in t for w in ("iskander", "kinzhal", "ballistic", "kn-23", "oreshnik", "atacms")):
        return "ballistic_missile"
    if any(w in t for w in ("kalibr", "kh-", "cruise", "storm shadow", "scalp", "neptune", "flamingo", "tomahawk")):
        return "cruise_missile"
    if any(w in t for w in ("glide", "kab", "umpk", "fab", "aerial bomb", "guided bomb")):
        return "glide_bomb"
    if any(w in t for w in ("grad", "uragan", "smerch", "tornado", "himars", "mlrs", "rocket launcher")):
        return "mlrs"
    if any(w in t for w in ("artillery", "mortar", "shell", "howitzer")):
        return "artillery"
    if "missile" in t or "rocket" in t:
        return "missile"
    return "other"


def _subkind(weapon: str | None, tokens: Sequence[Token]) -> str:
    lemmas = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    if weapon == "drone":
        return "drone_strike"
    if weapon in {None, "other"} and _from_the_air(tokens) and not lemmas & GLIDE_WORDS \
            or weapon == "missile" and _from_the_air(tokens, platform_only=True):
        return "air_strike"  # "airstrikes near X", "a helicopter fired rockets at X": ACLED's Air/drone strike
    if weapon in {"missile", "ballistic_missile", "cruise_missile"}:
        return "missile_strike"
    if weapon == "glide_bomb" or lemmas & {"kab", "kabs", "umpk", "glide"}:
        return "glide_bomb"
    if weapon in {"artillery", "mlrs"} or lemmas & SHELLING_WORDS:
        return "shelling"
    if lemmas & GROUND_WORDS:
        return "ground_clash"
    if lemmas & {"airstrike", "air", "bomb", "bombing"} and lemmas & GLIDE_WORDS:
        return "glide_bomb"
    return "other"


AIR_ATTACK_VERBS = {"strike", "hit", "attack", "bomb", "fire", "drop", "launch", "carry", "conduct", "shell",
                    "target", "pound", "raid", "struck", "bombard"}


def _from_the_air(tokens: Sequence[Token], *, platform_only: bool = False) -> bool:
    """An attack by aircraft: "airstrike(s)", "air strike/raid/attack", "aerial attack/bombardment" (not "air raid
    siren", "means of air attack"), or aviation, aircraft or a helicopter attacking ("a helicopter fired …",
    "struck by aircraft")."""
    for t in tokens:
        low = t.lower_
        if low in AIR_PLATFORMS - {"airstrike", "airstrikes", "air-strike", "air-strikes"} and (
                t.dep_ == "nsubj" and t.head.lemma_.lower() in AIR_ATTACK_VERBS
                or t.dep_ == "pobj" and t.head.lower_ in {"by", "from"}
                and t.head.head.lemma_.lower() in AIR_ATTACK_VERBS):
            return True
        if platform_only:
            continue
        event = t.head if low in {"air", "aerial"} else t
        if low in {"air", "aerial"} and event.lemma_.lower() not in {"strike", "raid", "attack", "bombardment",
                                                                     "bombing", "assault"}:
            continue
        if low not in {"air", "aerial", "airstrike", "airstrikes", "air-strike", "air-strikes"}:
            continue
        if event.dep_ in {"compound", "amod"} or event.head.lower_ == "of" and event.head.head.lower_ in {
                "means", "weapons", "vehicles", "assets", "threat", "alert", "alarm"}:
            continue  # "air raid siren", "means of air attack", "threat of an air strike"
        return True
    return False


def _country_of_tokens(tokens: Sequence[Token], entities: Sequence[EntityMention]) -> tuple[str | None, str | None]:
    """(canonical actor, ISO2) from NORP/GPE/ORG/PERSON mentions among ``tokens``."""
    chars = {(t.idx, t.idx + len(t.text)) for t in tokens}
    starts = {s for s, _ in chars}
    for label in ("NORP", "GPE", "ORG", "PERSON"):
        for e in entities:
            if e.label == label and e.char_start in starts and e.country:
                if e.label == "GPE" and not (e.metonymy or e.entity_type == "government"):
                    if any(t.idx == e.char_start and t.dep_ in {"pobj"} for t in tokens):
                        continue
                    if _place_rank(e) < 4 and any(t.idx == e.char_start and t.dep_ == "compound" for t in tokens):
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
        if t.lower_ in DEMONYMS:
            code = DEMONYMS[t.lower_]
            return COUNTRY_NAMES.get(code, t.text), code
        if t.lower_ in ENEMY_WORDS:
            return ENEMY, ENEMY  # resolved against the claimant's side once it is known
    return None, None


def _actor(trigger: Token, entities: Sequence[EntityMention]) -> tuple[str | None, str | None]:
    """Who acts: the trigger's own modifiers ("Russian drone strikes"), then its subject, then agent."""
    own = [t for t in trigger.subtree if t.i < trigger.i and t.head.i in {trigger.i} | {c.i for c in trigger.children}]
    for cand in ([t for t in trigger.lefts], own):
        name, code = _country_of_tokens([t for c in cand for t in c.subtree if t.i < trigger.i or c.dep_ != "prep"]
                                        if cand else [], entities)
        if code:
            return name, code
        break
    verb = trigger if trigger.pos_ == "VERB" else None
    if verb is None and trigger.dep_ in {"nsubj", "dobj"} and trigger.head.pos_ == "VERB":
        if trigger.dep_ == "dobj":
            verb = trigger.head  # "Ukrainian forces executed strikes"
    if verb is not None:
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and not (child.dep_ == "nsubjpass"):
                name, code = _country_of_tokens(list(child.subtree), entities)
                if code:
                    return name, code
            if child.dep_ == "agent":
                name, code = _country_of_tokens(list(child.subtree), entities)
                if code:
                    return name, code
        # passive "X was hit by Russian drones"; "killed in a Russian attack"
    for child in trigger.children:
        if child.dep_ in {"prep", "agent"} and child.lower_ in {"by", "from", "with"}:
            name, code = _country_of_tokens(list(child.subtree), entities)
            if code:
                return name, code
    return None, None


DEMONYM_FORM = re.compile(r"(?i)^(.*(ian|ish|ese|ic|i)|russo|ukraino)$")


def _is_location_use(e: EntityMention, doc: Doc) -> bool:
    if e.metonymy or e.label not in {"GPE", "LOC", "FAC"} and e.canonical != "Kremlin":
        return False
    if e.text.lower() in DEMONYMS and DEMONYM_FORM.match(e.text) and e.text.lower() not in {"russia", "ukraine"}:
        return False  # "Ukrainian" mis-tagged as a place
    span = doc.char_span(e.char_start, e.char_end, alignment_mode="expand")
    if span is None:
        return True
    root = span.root
    if root.dep_ == "nsubj" and e.label == "GPE":
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
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in {"from", "toward", "towards", "to"} and head.head.lemma_ in {
            "launch", "fire", "send", "fly", "east", "west", "north", "south", "kilometer", "kilometre"}:
        return False
    if root.dep_ == "pobj" and head.head.lower_ in {"east", "west", "north", "south", "kilometers", "kilometres",
                                                     "km", "miles"}:
        return False
    if root.dep_ in {"dobj", "pobj"} and (head.lemma_ in ADDRESSEE_VERBS or head.head.lemma_ in ADDRESSEE_VERBS):
        return False  # "Moscow blames Kyiv", "accused Kyiv of using human shields", "called on Kyiv": a side
    if span.end < len(doc) - 1 and doc[span.end].text == "-" and doc[span.end + 1].tag_ in {"VBN", "VBD", "JJ"}:
        return False  # "Moscow-installed", "Kremlin-backed", "Kyiv-based": a modifier, not a place
    if root.dep_ == "pobj" and head.head.lemma_ in ORIGIN_NOUNS | SIDE_BODY_NOUNS | CARE_NOUNS:
        return False  # fired "from the direction of Kurakhove"; "the authorities in Kiev" are a side, not a place
    return True


ADDRESSEE_VERBS = {"blame", "accuse", "urge", "warn", "call", "condemn", "criticize", "criticise", "thank",
                   "supply", "arm", "pressure", "press", "sanction", "demand", "ask", "tell", "invite"}
TIME_CLAUSE_WORDS = {"after", "before", "since"}  # a clause of another time: its figures are another incident's
CARE_NOUNS = {"hospital", "clinic", "hospitals", "clinics"}  # "flown to hospitals in Moscow": where they are treated
ORIGIN_NOUNS = {"direction"}  # "from the direction of X" is where the fire came from
SIDE_BODY_NOUNS = {"authorities", "government", "regime", "leadership", "officials"}


def _place_rank(e: EntityMention) -> int:
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


def _choose_place(sent: Span, trigger: Token, entities: Sequence[EntityMention], doc: Doc):
    """(place mention, admin hint mention) for an event in ``sent``."""
    cands = [e for e in _ents_in(entities, sent.start_char, sent.end_char) if _is_location_use(e, doc)]
    if not cands:
        return None, None
    clause = _clause(trigger)
    clause_chars = {t.idx for t in clause.subtree}
    in_clause = [e for e in cands if e.char_start in clause_chars] or cands
    best = min(in_clause, key=lambda e: (_place_rank(e), abs(e.char_start - trigger.idx)))
    hint = next((e for e in sorted(in_clause, key=lambda e: abs(e.char_start - best.char_start))
                 if _place_rank(e) == 3 and e is not best), None)
    return best, hint


def _reporting(sent: Span, entities: Sequence[EntityMention], trigger: Token | None = None):
    """(claimant mention or None, claimant text, verb lemma) for the attribution governing ``trigger``.

    Among the sentence's reporting structures the one whose verb dominates the trigger wins; else the first.
    """
    found = list(_reportings(sent, entities))
    if not found:
        return None, None, None
    if trigger is not None:
        by_verb = {f[0].i: f for f in found if f[0] is not None}
        for ancestor in trigger.ancestors:  # nearest governing attribution first
            if ancestor.i in by_verb:
                return by_verb[ancestor.i][1:]
    return found[0][1:]


DATA_NOUNS = {"data", "datum", "information", "figure", "figures", "estimate", "estimates", "count", "tally"}
_SOURCE_LINE = re.compile(r"(?i)^\s*(" + "|".join(SOURCE_LINE_LABELS) + r")\s*:\s")


def _reportings(sent: Span, entities: Sequence[EntityMention]):
    doc = sent.doc
    sent_ents = _ents_in(entities, sent.start_char, sent.end_char)
    if _SOURCE_LINE.match(sent.text):  # "Source: Interior Minister Ihor Klymenko on Telegram; ..."
        named = next((e for e in sent_ents if e.label in {"PERSON", "ORG"}), None)
        if named is not None:
            yield None, named, named.text, "report"
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            objs = [t for t in doc[tok.i + 1].subtree if t.i > tok.i + 1]
            if objs:
                span = (objs[0].idx, objs[-1].idx + len(objs[-1].text))
                speaker = _pick_speaker(sent_ents, span, objs)
                if speaker is None and any(t.lemma_.lower() in DATA_NOUNS and t.head.i == tok.i + 1 for t in objs):
                    continue  # "according to preliminary data": what is known, not who says it
                yield tok.head, speaker, doc[objs[0].i:objs[-1].i + 1].text, "report"
    for tok in sent:
        lemma = tok.lemma_.lower()
        report_verb = None
        if tok.pos_ == "NOUN" and lemma in {"report", "claim", "statement", "data", "figure", "account"}:
            if tok.head.lemma_.lower() in {"indicate", "show", "say", "suggest"} and tok.dep_ == "nsubj":
                report_verb = tok.head  # "media reports indicated …"
            else:
                report_verb = next((c for c in tok.children if c.dep_ == "acl"
                                    and c.lemma_.lower() in {"indicate", "show", "say", "suggest"}), None)
        is_report_noun = report_verb is not None
        if (tok.pos_ in {"VERB", "AUX"} and lemma in REPORTING_VERBS) or is_report_noun:
            subj_root = tok if is_report_noun else next(
                (c for c in tok.children if c.dep_ in {"nsubj"}), None)
            if subj_root is None and tok.tag_ == "VBG" and tok.dep_ in {"advcl", "xcomp", "conj"}:
                # "The ministry made no mention of it, saying only that …": the participle's subject is its head's
                subj_root = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            if subj_root is None:
                continue
            sub = list(subj_root.subtree)
            if is_report_noun:  # "Ukrainian air force reports indicating …" -> "Ukrainian air force"
                sub = [t for t in sub if t.i < tok.i and t.dep_ != "det"] or [tok]
            span = (sub[0].idx, sub[-1].idx + len(sub[-1].text))
            mention = _pick_speaker(sent_ents, span, sub)
            text = doc[sub[0].i:sub[-1].i + 1].text
            verb = report_verb.lemma_.lower() if is_report_noun else lemma
            if mention is None and not any(t.lower_ in SOURCE_HEAD_WORDS for t in sub):
                continue
            if mention is None and any(t.lower_ == "media" for t in sub):
                text = "media reports"
            yield (report_verb if is_report_noun else tok), mention, text, verb


def _pick_speaker(sent_ents: Sequence[EntityMention], span: tuple[int, int], toks: Sequence[Token]):
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


def _status(trigger: Token) -> str:
    node, seen = trigger, 0
    while seen < 4:
        for child in node.children:
            if child.lower_ in {"will", "shall", "'ll"} or (child.dep_ == "aux" and child.lower_ == "to"
                                                             and node.head.lemma_ in PLAN_MARKERS):
                return "planned"
        if node.lemma_ in PLAN_MARKERS and node.i != trigger.i and node.pos_ in {"VERB", "ADJ"}:
            return "planned"
        if node.lemma_ in ONGOING_MARKERS and node.i != trigger.i:
            return "ongoing"
        if node.head.i == node.i:
            break
        node, seen = node.head, seen + 1
    if any(t.lower_ in {"upcoming", "planned", "scheduled", "proposed", "expected"} for t in trigger.children):
        return "planned"
    return "happened"


def _certainty(ev: _Event, sent: Span, verb: str | None) -> str | None:
    if ev.kind == "statement":
        return None  # a position is neither confirmed nor claimed: its speaker is the whole provenance
    low = sent.text.lower()
    if ev.status == "planned":
        return "planned"
    media = "media" in (ev.claimant_name or "").lower()
    if any(m in low for m in UNVERIFIED_MARKERS) and (ev.claimant is None or media):
        return "unverified"
    if ev.claimant_name and "media" in ev.claimant_name.lower():
        return "unverified"
    if any(re.search(rf"\b{m}\b", low) for m in DISPUTE_MARKERS) and ev.claimant is not None and verb in {"deny"}:
        return "disputed"
    if ev.claimant is None and not ev.claimant_name:
        return None
    party = ev.claimant.party if ev.claimant is not None else None
    claimant_country = ev.claimant.country if ev.claimant is not None else None
    if verb in CLAIM_VERBS:
        return "claimed"
    if party and ev.kind == "air_defense":
        return "claimed"
    if ev.kind == "attack" and _military(ev.claimant):
        return "claimed"  # a party's military reporting fighting or strikes: claimed, whichever side was hit
    if party and ev.kind == "attack" and claimant_country and ev.actor_country == claimant_country \
            and ev.target_country and ev.target_country != claimant_country:
        return "claimed"  # a party reporting its own strike on the enemy
    return "confirmed"


_MILITARY = re.compile(r"(?i)(" + "|".join(MILITARY_SOURCES) + r")")


def _military(claimant: EntityMention | None) -> bool:
    """A party's military body or officer (by canonical name or role)."""
    if claimant is None or not claimant.party:
        return False
    return bool(_MILITARY.search(f"{claimant.canonical} {claimant.role or ''}"))


def _figures(numbers: Sequence[NumberMention], kinds: set[str]) -> tuple[dict, list]:
    """Event figures from number mentions: breakdowns never added; conjuncts summed; else the max."""
    out: dict[str, tuple[int, str]] = {}
    used = []
    for kind in sorted(kinds):  # a stable claim order in every process
        totals = [n for n in numbers if n.quantity_type == kind and n.breakdown_of is None and n.value is not None]
        if totals:
            groups: dict[object, float] = {}
            quals = {}
            for n in totals:
                key = n.conj_group if n.conj_group is not None else ("solo", n.char_start)
                groups[key] = groups.get(key, 0) + n.value
                quals.setdefault(key, n.qualifier)
            best = max(groups, key=lambda k: groups[k])
            out[kind] = (int(round(groups[best])), quals[best])
            used += totals
        kids = [n for n in numbers if n.quantity_type == kind and n.is_child and n.value is not None]
        if kids:
            child_total = sum(n.value for n in kids if n.breakdown_of is None) or max(n.value for n in kids)
            out[f"children_{kind}"] = (int(child_total), "exact")
            used += kids
    return out, used


def _own_segment(numbers: Sequence[NumberMention], trigger: Token, sent: Span) -> list[NumberMention]:
    """The figures told in the trigger's part of a sentence joined by semicolons ("Kyiv says 35 were killed when
    missiles hit the centre; Moscow claims it killed 60 soldiers"), when that part gives any."""
    cuts = [t.idx for t in sent if t.text == ";"]
    if not cuts:
        return list(numbers)
    lo = max((c for c in cuts if c < trigger.idx), default=sent.start_char)
    hi = min((c for c in cuts if c > trigger.idx), default=sent.end_char)
    own = [n for n in numbers if lo <= n.char_start < hi]
    return own or list(numbers)


def _outside_time_clause(numbers: Sequence[NumberMention], trigger: Token) -> list[NumberMention]:
    """A figure told across an "after"/"before"/"since" clause from the trigger ("killed seven people, a day after
    more than 50 people died in a strike on Poltava") belongs to the other incident, when the trigger's side of the
    sentence gives a figure of the same kind."""
    doc = trigger.doc

    def across(n: NumberMention) -> bool:
        lo, hi = sorted((trigger.i, n.token_start))
        return any(t.lower_ in TIME_CLAUSE_WORDS and (t.dep_ == "mark" or any(c.dep_ == "pcomp" for c in t.children))
                   for t in doc[lo + 1:hi])  # a clause ("after 50 people died"), not a time ("before dawn")

    near = {n.quantity_type for n in numbers if not across(n)}
    return [n for n in numbers if n.quantity_type not in near or not across(n)]


def _event_id(article_id: str, kind: str, start: int, end: int, extra: str = "") -> str:
    return hashlib.sha1(f"{article_id}|{kind}|{start}|{end}|{extra}".encode()).hexdigest()[:16]


def _time_for(sent: Span, times: Sequence[TimeExpression], trigger: Token) -> TimeExpression | None:
    cands = [t for t in times if sent.start_char <= t.start < sent.end_char and t.type in {"DATE", "TIME"}
             and t.interval_start is not None]
    doc = sent.doc
    cands = [t for t in cands if not _birth_time(doc, t)]
    own = [t for t in cands if not _attribution_time(doc, t, trigger)]
    cands = own or cands
    if not cands:
        return None
    return min(cands, key=lambda t: abs(t.start - trigger.idx))


def _birth_time(doc: Doc, t: TimeExpression) -> bool:
    """'a man born in 1968': a birth date, not the event's."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    return span is not None and any(a.lemma_.lower() in {"bear", "born", "found", "establish"}
                                    for a in list(span.root.ancestors)[:2])


def _attribution_time(doc: Doc, t: TimeExpression, trigger: Token) -> bool:
    """'…, officials said Saturday': the day of the statement, not of the event."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root.head
    if span.root.dep_ == "pobj":
        head = head.head
    return head.lemma_.lower() in REPORTING_VERBS and head.i != trigger.i and \
        trigger.i not in {x.i for x in head.subtree if x.i != head.i and x.dep_ in {"ccomp", "xcomp"}}


def _trigger_span(trigger: Token, sent: Span) -> tuple[int, int]:
    clause = _clause(trigger)
    toks = [t for t in clause.subtree if sent.start <= t.i < sent.end]
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def extract_events(
    doc: Doc,
    *,
    article_id: str,
    published: dt.date | None,
    entities: Sequence[EntityMention],
    numbers: Sequence[NumberMention],
    times: Sequence[TimeExpression] = (),
    char_offset: int = 0,
    sentence_offset: int = 0,
) -> tuple[list[dict], list[dict], list[str]]:
    """Event rows, claim-ledger rows (dicts keyed by :mod:`sitrep.schema` columns) and unresolved places.

    ``doc`` may be a section of the article starting at character ``char_offset`` and sentence ``sentence_offset``
    of it: the rows' spans, sentence indexes and ids are then those of the full article text."""
    paras = _paragraphs(doc)
    header, header_end = _header(doc, entities)
    body_entities = [e for e in entities if e.char_start >= header_end]
    events: list[_Event] = []
    attributions: dict[int, tuple] = {}
    sources: dict[int, tuple] = {}  # sentence -> (mention, text, verb) of a sentence that reports no event itself
    sents = list(doc.sents)
    for sent_i, sent in enumerate(sents):
        para_i = paras.get(sent_i, 0)
        before = len(events)
        new = _sentence_events(doc, sent, sent_i, para_i, body_entities, numbers, times, events)
        if not new:
            mention, text, verb = _reporting(sent, body_entities)
            if mention is not None or text:
                attributions.setdefault(para_i, (mention, text, verb))
                if len(events) == before:
                    sources[sent_i] = (mention, text, verb)
        events.extend(new)
    _headline_lead(doc, events, body_entities, times)
    attribute(events, body_entities, header, attributions, sentence_sources=sources,
              headline=bool(sents) and _is_headline(sents[0]))  # attacks and air defense (sitrep.extract.attribution)
    for ev in events:  # "…, the governor said." or a "Name, title:" header speaks for the paragraph
        if ev.claimant is None and not ev.claimant_name and ev.kind != "statement":
            source = attributions.get(ev.para_i) or ((header, None, "say") if header is not None else None)
            if source:
                ev.claimant, ev.claimant_name, ev.verb = source[0], (source[0].canonical if source[0] else
                                                                     source[1]), source[2]
    _inherit(events, doc, paras)
    rows, claims, unresolved = _rows(events, article_id=article_id, published=published, doc=doc,
                                     char_offset=char_offset, sentence_offset=sentence_offset)
    rows, claims = consolidate(rows, claims, sentence_starts=[s.start_char + char_offset for s in doc.sents],
                               published=published, headline=bool(sents) and _is_headline(sents[0]))
    return rows, claims, unresolved


def _is_headline(sent: Span) -> bool:
    """The article's first line standing alone: it ends at a newline without final punctuation."""
    text = sent.text.rstrip(" \t")
    return sent.start == 0 and text.endswith("\n") and text.strip()[-1:] not in {".", "!", "?", '"', "”", ":"}


def _headline_lead(doc: Doc, events: list[_Event], entities, times) -> None:
    """A headline attack ("Armed clash", "Drone strike kills two") without a place, date or actor takes them from
    the lead, the first body sentence after the dateline (its attack, else its main clause): the lead tells what
    the headline names, and consolidation then merges the two."""
    sents = list(doc.sents)
    if len(sents) < 2 or not _is_headline(sents[0]):
        return
    spans = doc.user_data.get("sitrep_datelines", [])
    lead_i = next((i for i, s in enumerate(sents[1:4], 1)
                   if s.text.strip() and not any(a <= s.start_char < b for a, b in spans)), None)
    if lead_i is None:
        return
    lead = sents[lead_i]
    told = next((e for e in events if e.sent_i == lead_i and e.kind == "attack"), None)
    for ev in events:
        if ev.sent_i != 0 or ev.kind != "attack":
            continue
        if ev.claimant is None and not ev.claimant_name:
            claimant, claimant_text, verb = _reporting(lead, entities, told.trigger if told else None)
            if claimant is not None or claimant_text:
                ev.claimant, ev.verb = claimant, verb
                ev.claimant_name = claimant.canonical if claimant else claimant_text
        if ev.place is None:
            if told is not None and told.place is not None:
                ev.place, ev.admin_hint = told.place, ev.admin_hint or told.admin_hint
            else:
                places = [e for e in _ents_in(entities, lead.start_char, lead.end_char) if _is_location_use(e, doc)]
                if places:  # the lead names the most specific place first ("near X (Y raion, Z)")
                    ev.place = min(places, key=lambda e: (_place_rank(e), e.char_start))
                    hint = next((e for e in places if _place_rank(e) == 3 and e is not ev.place), None)
                    ev.admin_hint = ev.admin_hint or (hint.canonical if hint else None)
        if ev.time is None:
            ev.time = told.time if told is not None else _time_for(lead, times, lead.root)
        if told is not None and ev.actor_country is None:
            ev.actor, ev.actor_country = told.actor, told.actor_country
        if told is not None and told.weapon and not _same_weapon(ev.weapon, told.weapon):
            ev.weapon, ev.subkind = told.weapon, told.subkind  # "Air/drone strike" above "guided bombs hit…"


def _header(doc: Doc, entities: Sequence[EntityMention]) -> tuple[EntityMention | None, int]:
    """A leading "Name, title:" or "Organization:" attribution (Telegram/press-release style)."""
    m = re.match(r"\s*([^:\n.]{3,160}?):\s", doc.text)
    if not m:
        return None, 0
    inside = [e for e in entities if e.char_end <= m.end(1) and e.label in {"PERSON", "ORG"}]
    if not inside:
        return None, 0
    person = next((e for e in inside if e.label == "PERSON"), None)
    return (person or inside[0]), m.end()


def _generic(trigger: Token, sent: Span, times: Sequence[TimeExpression]) -> bool:
    """A habitual, hypothetical or generic mention of attacks, not an incident: a ``generic`` frame
    (data/casualty_frames.jsonl: "has been shelled repeatedly", "to fire missiles", "dropping such bombs") or a bare
    plural noun in an argument with no time of its own ("a halt to strikes on energy facilities")."""
    if frame_kinds(trigger.doc).get(trigger.i) == "generic":
        return True
    bare = trigger.tag_ == "NNS" and trigger.dep_ in {"pobj", "dobj"} and not any(
        c.dep_ in {"det", "poss", "nummod", "amod", "compound", "quantmod"} for c in trigger.children)
    return bare and _time_for(sent, times, trigger) is None


def _definite_anaphor(trigger: Token) -> bool:
    return trigger.pos_ == "NOUN" and any(c.lower_ in {"the", "this", "that"} and c.dep_ == "det"
                                          for c in trigger.children)


def _sentence_events(doc, sent, sent_i, para_i, entities, numbers, times, previous) -> list[_Event]:
    sent_numbers = [n for n in numbers if n.sentence_index == sent_i]
    found: list[_Event] = []
    if _aggregate_period(sent, times):
        return found

    def base(kind: str, trigger: Token) -> _Event:
        ev = _Event(kind=kind, trigger=trigger, sent_i=sent_i, para_i=para_i, sentence=sent.text)
        ev.span = _trigger_span(trigger, sent)
        claimant, claimant_text, verb = _reporting(sent, entities, trigger)
        ev.verb = verb
        ev.claimant, ev.claimant_name = claimant, (claimant.canonical if claimant else claimant_text)
        ev.time = _time_for(sent, times, trigger)
        ev.status = _status(trigger)
        return ev

    # -- air defense: launched / intercepted counts, one event per weapon class -------------------
    ad_numbers = [n for n in sent_numbers if n.quantity_type in {"launched", "intercepted"}]
    if ad_numbers:
        by_class: dict[str, list[NumberMention]] = {}
        explicit = {}
        for n in ad_numbers:
            head = doc[n.head_i] if n.head_i is not None else doc[n.token_start]
            explicit[n.char_start] = _weapon_of([head, *head.lefts, *head.rights])
        for n in ad_numbers:
            # a grand total ("destroyed 71 of them, including 62 drones and 9 cruise missiles") is not a row
            if explicit[n.char_start] is None and any(
                    m is not n and m.quantity_type == n.quantity_type and explicit[m.char_start] for m in ad_numbers):
                continue
            referred = _referred_class(n, explicit, ad_numbers, previous, para_i, doc)
            by_class.setdefault(explicit[n.char_start] or referred or "drone", []).append(n)
        for wclass, nums in by_class.items():
            first = doc[nums[0].head_i if nums[0].head_i is not None else nums[0].token_start]
            trigger = next((t for t in [first.head, first.head.head] if t.lemma_ in AIR_DEFENSE_TRIGGERS
                            or t.pos_ in {"VERB", "NOUN"}), first)
            ev = _air_defense_event(base, trigger, first, wclass, sent, entities, doc)
            ev.figures, ev.evidence = _figures(nums, {"launched", "intercepted"})
            found.append(ev)

    # -- disrupted weapons use: one weapon shot down, a cache seized, a device defused --------------
    disrupted = _disrupted(sent, ad_numbers, found, base, entities, doc)
    found += disrupted
    handled = {t.i for ev in disrupted for t in ev.trigger.subtree}

    # -- attacks ---------------------------------------------------------------------------------
    casualty_numbers = [n for n in sent_numbers if n.quantity_type in {"killed", "injured"}]
    triggers = [t for t in sent if t.pos_ in {"VERB", "NOUN"} and
                (t.lemma_.lower() in PRIMARY_ATTACK or t.lower_ in PRIMARY_ATTACK)
                and not _weapon_object(t) and not _weapon_modifier(t) and not _suspended(t)]
    if not ad_numbers:  # "fired Grad rockets at X", "dropped a bomb on X"; "the mine went off"
        triggers += [t for t in sent if _fire_at(t) or _went_off(t)]
        triggers.sort(key=lambda t: t.i)
    triggers = [t for t in triggers if t.i not in handled]
    if not casualty_numbers:  # "it strikes only military targets", "a halt to strikes": no incident
        triggers = [t for t in triggers if not _generic(t, sent, times)]
    secondary = [t for t in sent if t.pos_ == "VERB" and t.lemma_.lower() in SECONDARY_ATTACK
                 and _weapon_of(list(t.subtree)[: t.i - t.left_edge.i + 1] or [t]) and not _weapon_object(t)]
    triggers = [t for t in triggers if not (t.lemma_ in {"attack", "strike"} and _is_air_defense_only(t, ad_numbers))]
    own_violence = bool(_weapon_of(list(sent)) or any(t.lemma_.lower() in VIOLENCE_WORDS for t in sent))
    violent = own_violence or _last_attack(previous, para_i, sent_i) is not None
    if not (casualty_numbers and violent):  # "the wounded", a bus crash "killing three": no attack
        triggers = [t for t in triggers if t.lemma_.lower() not in CASUALTY_LEMMAS]
    derived = False
    if not triggers and casualty_numbers and violent:
        triggers, derived = [doc[casualty_numbers[0].token_start].head], True
    triggers = triggers or secondary
    if triggers and not casualty_numbers and previous:
        anaphors = [t for t in triggers if _definite_anaphor(t)]
        for t in anaphors[:1]:
            _merge_anaphor(previous, "attack", sent, t, times, entities, doc)
        if anaphors:
            triggers = [t for t in triggers if not _definite_anaphor(t)]
            triggers = [t for t in triggers if t.lemma_.lower() in PRIMARY_ATTACK or _weapon_of(list(t.subtree))]
    if triggers and casualty_numbers and _follow_up(triggers, sent, sent_i, para_i, previous, entities, doc,
                                                    derived=derived):
        continued = _last_attack(previous, para_i, sent_i)
        _add_figures(continued, casualty_numbers, sent)
        claimant, claimant_text, verb = _reporting(sent, entities)
        if claimant is not None or claimant_text:
            continued.later_sources.append((sent_i, claimant, claimant_text, verb))
        if continued.claimant is None and not continued.claimant_name:  # "Two were hurt, the police said."
            if claimant is not None or claimant_text:
                continued.claimant, continued.verb = claimant, verb
                continued.claimant_name = claimant.canonical if claimant else claimant_text
        triggers = []
    if derived and not own_violence:
        triggers = []  # figures that continue no attack they fit (another place): not an attack of their own
    if triggers:
        trigger = triggers[0]
        ev = base("attack", trigger)
        scope = [t for trig in triggers for t in trig.subtree] + [t for t in sent]
        ev.weapon = _weapon_of([t for trig in triggers for t in trig.subtree]) or _weapon_of(list(sent))
        ev.subkind = _subkind(ev.weapon, scope)
        for trig in triggers:
            ev.actor, ev.actor_country = _actor(trig, entities)
            if ev.actor_country:
                break
        ev.place, hint = _choose_place(sent, trigger, entities, doc)
        ev.admin_hint = hint.canonical if hint else None
        ev.target = _target(triggers + secondary)
        ev.target_country = _target_country(triggers, entities)
        own = _outside_time_clause(_own_segment(casualty_numbers, trigger, sent), trigger)
        ev.figures, ev.evidence = _figures(own, {"killed", "injured"})
        found.append(ev)

    # -- meetings ----------------------------------------------------------------------------------
    mtrig = [t for t in sent if _meeting_trigger(t, entities)]
    if mtrig:
        trigger = mtrig[0]
        if _definite_anaphor(trigger) and previous and not _new_people(trigger, entities) and \
                _merge_anaphor(previous, "meeting", sent, trigger, times, entities, doc):
            pass
        else:
            ev = base("meeting", trigger)
            ev.participants = _participants(trigger, sent, entities)
            ev.place, hint = _choose_place(sent, trigger, entities, doc)
            ev.admin_hint = hint.canonical if hint else None
            if len(ev.participants) >= 1 or ev.place is not None:
                found.append(ev)

    # -- statements ----------------------------------------------------------------------------
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in STATEMENT_TRIGGERS:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None and tok.dep_ == "conj":  # "X, accompanying Putin, criticized …"
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        sub = list(subj.subtree)
        speaker = _pick_speaker(_ents_in(entities, sent.start_char, sent.end_char),
                                (sub[0].idx, sub[-1].idx + len(sub[-1].text)), sub)
        if speaker is None or not (speaker.label == "PERSON" or speaker.entity_type == "government"
                                   or speaker.party or speaker.metonymy):
            continue
        carries_event = any(ev.trigger.i in {t.i for t in tok.subtree} and ev.trigger.i != tok.i for ev in found)
        if carries_event and tok.lemma_.lower() in REPORTING_VERBS:
            continue
        if speaker.label == "GPE" or speaker.canonical == "Kremlin":
            continue  # "Kyiv says", "Russia denies": a side's position is reported through its people and bodies
        if _reports_facts(tok, speaker, sub, sent_numbers):
            continue
        told = any(e.kind == "attack" for e in found) or _last_attack(previous, para_i, sent_i) is not None
        if told and tok.lemma_.lower() in REPORT_ONLY_VERBS and not _political(speaker, sub):
            continue  # a governor or police chief telling more of the attack just reported is its source
        ev = base("statement", tok)
        ev.speaker = speaker.canonical
        ev.claimant, ev.claimant_name = speaker, speaker.canonical
        ev.participants = [speaker.canonical]
        found.append(ev)
        break
    return found


_POLITICAL = re.compile(r"(?i)\b(" + "|".join(POLITICAL_ROLES) + r")")


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
    if verb.lemma_.lower() not in REPORT_ONLY_VERBS:
        return False
    own = {t.i for t in subject}
    content = [t for t in verb.subtree if t.i not in own and t.i != verb.i]
    inside = {t.i for t in content}
    if any(n.quantity_type in {"killed", "injured", "launched", "intercepted"} and n.token_start in inside
           for n in numbers):
        return True
    if _political(speaker, subject):
        return False
    return any(t.lemma_.lower() in FACT_LEMMAS or t.lower_ in FACT_LEMMAS for t in content)


def _meeting_trigger(t: Token, entities) -> bool:
    lemma = t.lemma_.lower()
    if t.pos_ not in {"VERB", "NOUN"} or not (lemma in MEETING_TRIGGERS or t.lower_ in MEETING_TRIGGERS):
        return False
    if t.lower_ == "talks" and t.pos_ == "VERB":
        return False
    if lemma in {"call", "phone"}:  # "a phone call", "a video call" — not "called for"
        return t.pos_ == "NOUN" and lemma == "call" and \
            any(c.lower_ in {"phone", "telephone", "video", "conference"} for c in t.children)
    if lemma in {"speak", "talk"} and t.pos_ == "VERB":  # "spoke by phone with Trump"
        words = {x.lower_ for x in t.subtree}
        return bool(words & {"phone", "telephone", "video"}) or any(
            c.dep_ == "prep" and c.lower_ == "with" and _new_people(c, entities) for c in t.children)
    return True


SUSPENSION_WORDS = {"pause", "halt", "stop", "ceasefire", "moratorium", "end", "ban", "truce", "suspension",
                    "suspend", "refrain", "avoid", "prevent", "threat", "threaten", "risk", "fear", "possibility"}


def _suspended(t: Token) -> bool:
    """'a 30-day pause in strikes', 'threatened strikes': not an event that happened."""
    node = t
    for _ in range(3):
        head = node.head
        if head.i == node.i:
            return False
        if head.lemma_.lower() in SUSPENSION_WORDS:
            return True
        node = head
    return any(c.lemma_.lower() in SUSPENSION_WORDS for c in t.children)


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
        wclass = _weapon_class(_entity_span(tok)[0].ent_id_ or _entity_span(tok).text)
    if wclass in AERIAL_CLASSES:
        pass
    elif tok.lower_ in WEAPON_NOUNS:  # "an Orlan-10 reconnaissance drone": the head noun says what it is
        wclass = WEAPON_NOUNS[tok.lower_]
        wclass = _weapon_class(tok.lower_) if wclass not in {"aircraft", "other"} else wclass
    else:
        return None
    return wclass if wclass in AERIAL_CLASSES else None


def _one(obj: Token) -> bool:
    """'a drone', 'one Kh-59', 'a single missile': one weapon (a bare or plural noun gives no count)."""
    if obj.tag_ in {"NNS", "NNPS"} or obj.lower_.endswith("s") and obj.lower_[:-1] in WEAPON_NOUNS:
        return False
    return any(c.lower_ in SINGLE_DETS and c.dep_ in {"det", "nummod", "amod"} for c in obj.children)


def _disrupted(sent: Span, ad_numbers, found, base, entities, doc: Doc) -> list[_Event]:
    """ACLED's *Disrupted weapons use*: an air_defense event with intercepted 1 for a single weapon shot down
    ("shot down a Russian drone near X", "intercepted a Kh-59 over Odesa": counted tallies come from the numbers);
    an ``other`` event for a weapons cache seized ("weapons_seizure") or a mine or explosive device defused
    ("defusal")."""
    out: list[_Event] = []
    counted = {n.head_i for n in ad_numbers} | {n.token_start for n in ad_numbers}
    for verb in sent:
        obj = _aerial_object(verb)
        if obj is not None:
            wclass = _aerial_class(obj)
            if not _one(obj) or {t.i for t in obj.subtree} & counted or \
                    any(e.kind == "air_defense" and _same_weapon(e.weapon, wclass) for e in found + out):
                continue
            ev = _air_defense_event(base, verb, obj, wclass, sent, entities, doc)
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
        ev = base("other", verb)
        ev.subkind = subkind
        ev.place, hint = _choose_place(sent, verb, entities, doc)
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


def _weapon_modifier(t: Token) -> bool:
    """'attack drones', 'strike UAVs', 'means of air attack': the word names a weapon type, not an event."""
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_ in WEAPON_CLASS_NOUNS:
        return True
    return t.dep_ in {"compound", "amod", "nmod"} and (t.head.lower_ in WEAPON_NOUNS or t.head.ent_type_ == "WEAPON")


WEAPON_CLASS_NOUNS = {"means", "mean", "weapon", "asset", "system"}  # "614 means of air attack", "strike weapons"


def _weapon_object(t: Token) -> bool:
    """'destroyed 41 drones', 'shot down missiles': the object is a weapon, so this is air defense."""
    for child in t.children:
        if child.dep_ in {"dobj", "nsubjpass"} and (child.lower_ in WEAPON_NOUNS or child.ent_type_ == "WEAPON"):
            return t.lemma_.lower() not in {"attack", "strike", "hit"}
    return False


LONG_DURATION = re.compile(r"^P(\d+(W|M|Y)|([2-9]|\d\d+)D)")


CALENDAR_PERIOD = re.compile(r"\d{4}-W\d{2}|\d{4}-\d{2}|\d{3,4}")  # a week, month, year or decade value


def _aggregate_period(sent: Span, times: Sequence[TimeExpression]) -> bool:
    """'Over the past week, Russia launched 1,270 drones': a running total, not an event."""
    for t in times:
        # "the past week" is the calendar week before this one (a DATE) since timex 0.851; still a period here,
        # but "over the past day/night" (the daily report's window, PAST_REF on "the past") is not a running total
        period = (t.type == "DURATION" and LONG_DURATION.match(t.value)) or (
            t.type == "DATE" and t.text.lower().startswith(("the past", "the last"))
            and CALENDAR_PERIOD.fullmatch(t.value))
        if sent.start_char <= t.start < sent.end_char and period:
            before = sent.doc.text[max(sent.start_char, t.start - 25):t.start].lower()
            if re.search(r"\b(over|in|during|for|throughout|within)\s+(the\s+)?(past|last|previous)?\s*$", before) \
                    or re.search(r"\b(past|last)\s*$", before) or t.text.lower().startswith(("the past", "the last")):
                return True
    return False


def _is_air_defense_only(t: Token, ad_numbers) -> bool:
    """'Russia attacked with 137 drones': the strike is the launch itself (no separate attack)."""
    if not ad_numbers:
        return False
    return any(n.head_i is not None and n.head_i in {c.i for c in t.subtree} for n in ad_numbers) or \
        t.dep_ in {"dobj", "pobj"} and t.head.lemma_ in {"launch", "repel", "repulse"}


def _referred_class(n: NumberMention, explicit: dict, ad_numbers: Sequence[NumberMention], previous: Sequence[_Event],
                    para_i: int, doc: Doc) -> str | None:
    """The weapon class a count names only by reference ("38 missiles …, and 30 of them were shot down", "four of
    them" after "five ATACMS missiles"): the one class counted elsewhere in the sentence, else the class of the last
    air-defense report of the paragraph or the one before it."""
    classes = {explicit[m.char_start] for m in ad_numbers if m is not n and explicit[m.char_start]}
    if len(classes) == 1:
        return classes.pop()
    after = [t.lower_ for t in doc[n.token_end:n.token_end + 2]]
    if n.head not in REFERRING_HEADS and not (after[:1] == ["of"] and after[1:] and after[1] in REFERRING_HEADS):
        return None
    earlier = [ev for ev in previous if ev.kind == "air_defense" and ev.weapon and para_i - 1 <= ev.para_i <= para_i]
    return earlier[-1].weapon if earlier else None


def _air_defense_event(base, trigger: Token, weapon: Token, wclass: str, sent: Span, entities, doc: Doc) -> _Event:
    """An air-defense report on ``trigger`` about ``weapon`` (of class ``wclass``): whose weapons, whose side reports
    them (the claimant's, else the actor's enemy) and over which place; the caller adds the figures."""
    ev = base("air_defense", trigger)
    ev.weapon = wclass
    ev.actor, ev.actor_country = _ad_actor(weapon, sent, entities)
    if ev.claimant is not None and ev.claimant.country:
        ev.target_country = ev.claimant.country
    if ev.target_country is None and ev.actor_country in PARTY_COUNTRIES:
        ev.target_country = next(iter(PARTY_COUNTRIES - {ev.actor_country}))
    ev.place, hint, ev.place_country = _air_defense_place(weapon, trigger, sent, entities, doc)
    ev.admin_hint = hint.canonical if hint else None
    return ev


def _ad_actor(weapon_tok: Token, sent: Span, entities) -> tuple[str | None, str | None]:
    name, code = _country_of_tokens(list(weapon_tok.lefts), entities)
    if code:
        return name, code
    verb = weapon_tok.head
    while verb.pos_ not in {"VERB"} and verb.head.i != verb.i:
        verb = verb.head
    for child in verb.children:
        if child.dep_ == "nsubj":
            name, code = _country_of_tokens(list(child.subtree), entities)
            if code and verb.lemma_.lower() in SHOOT_DOWN_VERBS and code in PARTY_COUNTRIES:
                other = next(iter(PARTY_COUNTRIES - {code}))  # "Ukrainian forces shot down …": the enemy's weapon
                return SIDE_NAMES[other], other
            if code:
                return name, code
    return None, None


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
                _, code = _country_of_tokens([t for t in child.subtree], entities)
                if code:
                    return code
    return None


def _participants(trigger: Token, sent: Span, entities) -> list[str]:
    names: list[str] = []
    sent_ents = _ents_in(entities, sent.start_char, sent.end_char)
    scope = {t.i for t in sent}
    doc = sent.doc
    for e in sent_ents:
        span = doc.char_span(e.char_start, e.char_end, alignment_mode="expand")
        if span is None or span.root.i not in scope and span.start not in scope:
            continue
        root = span.root
        if (e.label == "PERSON" or e.entity_type == "person") and root.dep_ != "poss":
            names.append(e.canonical)
            continue
        if root.dep_ in {"compound", "pobj"} and root.head.lower_ in TITLE_HEADS | {"of"}:
            continue  # "Secretary of State Marco Rubio", "Office of the President"
        elif e.label in {"NORP", "GPE", "ORG"} and (root.head.lower_ in GROUP_NOUNS or
                                                     (e.metonymy and not _is_location_use(e, doc))):
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


def _last_attack(previous, para_i: int, sent_i: int):
    """The attack a casualty sentence continues: the last one of its paragraph (within three sentences), else a
    headline attack when the article has reported no other yet ("Armed clash" / "… Two soldiers were killed.")."""
    last = next((e for e in reversed(previous) if e.kind == "attack" and e.para_i == para_i
                 and sent_i - e.sent_i <= 3), None)
    if last is None:  # the figures open the next paragraph: "…, the governor said. ¶ In all, 108 were injured."
        last = next((e for e in reversed(previous) if e.kind == "attack" and e.para_i == para_i - 1
                     and sent_i - e.sent_i <= 3), None)
    if last is None and sent_i <= 4:
        attacks = [e for e in previous if e.kind == "attack"]
        if attacks and all(e.sent_i == 0 and e.sentence.rstrip(" \t").endswith("\n") for e in attacks):
            return attacks[-1]
    return last


def _follow_up(triggers, sent, sent_i, para_i, previous, entities, doc, *, derived: bool = False) -> bool:
    """'Seven people were killed.' after 'The enemy attacked Zaporizhzhia': figures of the same attack."""
    last = _last_attack(previous, para_i, sent_i)
    if last is None:
        return False
    if not derived and any(t.lemma_.lower() not in CASUALTY_LEMMAS and t.lower_ not in CASUALTY_LEMMAS
                           for t in triggers):
        return False
    places = [e for e in _ents_in(entities, sent.start_char, sent.end_char) if _is_location_use(e, doc)]
    if places and last.place is not None and all(p.canonical not in {last.place.canonical, last.admin_hint}
                                                 for p in places):
        return False
    weapon = _weapon_of(list(sent))
    return not (weapon and last.weapon and weapon != last.weapon)


def _add_figures(ev: _Event, numbers, sent: Span) -> None:
    """A follow-up sentence's figures: added with "also/another/more", the latest when the sentence revises a
    toll ("the toll rose to 9", "was revised down to 6": the earlier figure stays in the ledger as superseded),
    else the larger."""
    extra, used = _figures(numbers, {"killed", "injured"})
    additive = any(t.lower_ in {"also", "another", "more", "additionally", "further", "other"} for t in sent)
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


def _sent_index(sent: Span) -> int:
    return next(i for i, s in enumerate(sent.doc.sents) if s.start == sent.start)


def _new_people(trigger: Token, entities) -> bool:
    chars = {t.idx for t in trigger.subtree}
    return any(e.label == "PERSON" and e.char_start in chars for e in entities)


def _merge_anaphor(previous, kind, sent, trigger, times, entities, doc) -> bool:
    """'… confirmed the attack occurred Thursday night': enrich the last event of ``kind``."""
    prior = [e for e in previous if e.kind == kind and e.sent_i >= (previous[-1].sent_i - 3)]
    if not prior:
        return False
    ev = prior[-1]
    claimant, claimant_text, verb = _reporting(sent, entities, trigger)
    if claimant is not None or claimant_text:
        ev.later_sources.append((_sent_index(sent), claimant, claimant_text, verb))
        if ev.claimant is None and not ev.claimant_name:
            ev.claimant, ev.claimant_name = claimant, (claimant.canonical if claimant else claimant_text)
            ev.verb = verb
    t = _time_for(sent, times, trigger)
    if t is not None and ev.time is None:
        ev.time = t
    place, hint = _choose_place(sent, trigger, entities, doc)
    if ev.place is None and place is not None:
        ev.place = place
    ev.anaphor_sentence = sent
    return True



def _inherit(events: list[_Event], doc: Doc, paras: dict[int, int]) -> None:
    """Fill gaps from context: paragraph actor/weapon/place, 'simultaneously' and lead-sentence dates."""
    _drop_summaries(events)
    _merge_air_defense(events)
    sents = list(doc.sents)
    last_time = None
    by_para: dict[int, list[_Event]] = {}
    for ev in events:
        by_para.setdefault(ev.para_i, []).append(ev)
    for para_i in sorted(by_para):
        group = by_para[para_i]
        lead_i = min(i for i, p in paras.items() if p == para_i)
        lead_text = sents[lead_i].text.lower()
        para_time = next((e.time for e in group if e.time is not None), None)
        if para_time is None and any(w in lead_text for w in INHERIT_TIME_WORDS):
            para_time = last_time
        attacks = [e for e in group if e.kind == "attack"]
        for ev in group:
            if ev.time is None and ev.kind in {"attack", "air_defense"} and para_time is not None:
                ev.time = para_time
            if ev.kind != "attack":
                continue
            others = [o for o in attacks if o is not ev]
            earlier = [o for o in attacks[: attacks.index(ev)]][::-1]
            if ev.actor_country is None:
                src = next((o for o in earlier + others if o.actor_country), None)
                if src:
                    ev.actor, ev.actor_country = src.actor, src.actor_country
            if ev.weapon is None:
                src = next((o for o in earlier + others if o.weapon and o.actor_country == ev.actor_country), None)
                if src:
                    ev.weapon = src.weapon
                    ev.subkind = _subkind(ev.weapon, [])
            if ev.place is None or _place_rank(ev.place) >= 3 and _generic_place(ev):
                src = next((o for o in earlier if o.place is not None and _place_rank(o.place) < 3), None)
                if src and ev.place is None:
                    ev.place, ev.admin_hint = src.place, src.admin_hint
        if para_time is not None:
            last_time = para_time
        elif any(e.time for e in group):
            last_time = next(e.time for e in group if e.time)


def _same_weapon(a: str | None, b: str | None) -> bool:
    """'missiles' (generic) matches the ballistic or cruise missiles named before it."""
    if a == b:
        return True
    missiles = {"missile", "ballistic_missile", "cruise_missile"}
    return a in missiles and b in missiles and "missile" in {a, b}


def _merge_air_defense(events: list[_Event]) -> None:
    """'Russia launched 58 drones.' + 'Air defenses shot down 43.' -> one report with both figures."""
    drop = set()
    for i, ev in enumerate(events):
        if ev.kind != "air_defense":
            continue
        for prior in reversed(events[:i]):
            if prior.kind != "air_defense" or id(prior) in drop or ev.sent_i - prior.sent_i > 4:
                continue
            if not _same_weapon(prior.weapon, ev.weapon) or set(prior.figures) & set(ev.figures):
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


def _drop_summaries(events: list[_Event]) -> None:
    """A summary attack ("Ukrainian forces struck Russian territory", "cross-border attacks claimed lives")
    with no figures and no specific place folds into the specific attacks the article goes on to report."""
    drop = set()
    for ev in events:
        if ev.kind != "attack" or ev.figures or (ev.place is not None and _place_rank(ev.place) < 4):
            continue
        specific_target = ev.target and not GENERIC_TARGET & set(ev.target.lower().split())
        if ev.claimant is not None or ev.claimant_name or specific_target:
            continue
        specific = [o for o in events if o is not ev and o.kind == "attack" and o.place is not None
                    and _place_rank(o.place) < 4 and o.actor_country in {None, ev.actor_country}]
        if specific or ev.actor_country is None:
            drop.add(id(ev))
    events[:] = [e for e in events if id(e) not in drop]


AREA_NOUNS = {"regions", "region", "territory", "territories", "areas", "area", "airspace", "oblasts", "skies",
              "country", "land"}
OVER_PREPS = {"over", "above", "in", "near", "around", "across", "within"}


def _air_defense_place(weapon: Token, trigger: Token, sent: Span, entities, doc: Doc):
    """Where weapons were intercepted: only the 'over X' / 'in X' phrases attached to the weapons or the
    trigger count ("85 drones over Russian regions" is a tally over Russia, not a place in it).
    Returns (place mention, admin1 hint mention, country of a nationwide tally)."""
    heads = {weapon.i, trigger.i, weapon.head.i, trigger.head.i}
    preps = [t for t in sent if t.dep_ == "prep" and t.lower_ in OVER_PREPS and t.head.i in heads]
    places, country = [], None
    for prep in preps:
        chars = {t.idx for t in prep.subtree}
        places += [e for e in entities if e.char_start in chars and _is_location_use(e, doc)]
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            if obj.lower_ in AREA_NOUNS and obj.ent_type_ not in {"GPE", "LOC"}:
                _, code = _country_of_tokens(list(obj.lefts), entities)
                country = country or (code if code and code != ENEMY else None)
    if not places:
        return None, None, country
    qualified = _qualified_place(places, doc)  # "near X (Y raion, Z oblast)": one place and its parent areas
    if qualified is not None:
        return qualified[0], qualified[1], country
    if len(places) > 1 and len({p.canonical for p in places}) > 1:
        return None, None, country or places[0].country  # several areas: a tally, not one place
    best = min(places, key=_place_rank)
    hint = next((p for p in places if _place_rank(p) == 3 and p is not best), None)
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
    ordered = sorted(places, key=lambda e: (_place_rank(e), e.char_start))
    best = ordered[0]
    return best, next((p for p in ordered if _place_rank(p) == 3 and p is not best), None)


def _coordinated_place(e: EntityMention, doc: Doc) -> bool:
    span = doc.char_span(e.char_start, e.char_end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)


GENERIC_CLAIMANTS = {  # unqualified names, read by the side they speak for
    "air force": {"UA": "Ukrainian Air Force", "RU": "Russian Aerospace Forces"},
    "defence ministry": {"UA": "Ukrainian Defense Ministry", "RU": "Russian Defense Ministry"},
    "defense ministry": {"UA": "Ukrainian Defense Ministry", "RU": "Russian Defense Ministry"},
    "ministry": {"UA": "Ukrainian Defense Ministry", "RU": "Russian Defense Ministry"},
    "general staff": {"UA": "Ukrainian General Staff", "RU": "Russian General Staff"},
}


# with no other clue, whose body English-language war reporting usually means
GENERIC_DEFAULT_SIDE = {"air force": "UA", "general staff": "UA", "defence ministry": "RU", "defense ministry": "RU"}


def _resolve_generic_claimant(ev: _Event) -> None:
    """'the Air Force said' in a report of Russian drones is Ukraine's air force; 'the ministry said' of
    intercepted Ukrainian drones is Russia's. The side is the one defending (air defense) or reporting."""
    if not ev.claimant_name or (ev.claimant is not None and ev.claimant.party is not None):
        return
    key = re.sub(r"^(the|its|their)\s+", "", ev.claimant_name.strip().lower())
    names = GENERIC_CLAIMANTS.get(key)
    if not names:
        return
    side = ev.target_country if ev.kind == "air_defense" else None
    side = side or _other_side(ev.actor_country) if ev.kind == "air_defense" else side
    if ev.kind == "attack" and ev.actor_country in PARTY_COUNTRIES:
        side = ev.actor_country if key in {"defence ministry", "defense ministry", "ministry", "general staff"} \
            else _other_side(ev.actor_country)
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


def _other_side(code: str | None) -> str | None:
    return {"UA": "RU", "RU": "UA"}.get(code or "")


def _fill_sides(ev: _Event, place_country: str | None) -> None:
    """Between the two parties, a known side implies the other: a party's air force reports the enemy's
    launches; an attack a party's official reports on its own territory came from the other side."""
    claimant_side = ev.claimant.country if ev.claimant is not None and ev.claimant.party else None
    if ev.kind == "air_defense":
        if ev.target_country is None:
            ev.target_country = claimant_side or _other_side(ev.actor_country)
        if ev.actor_country is None and ev.target_country in PARTY_COUNTRIES:
            ev.actor_country = _other_side(ev.target_country)
            ev.actor = COUNTRY_NAMES[ev.actor_country]
    elif ev.kind == "attack" and ev.actor_country is None:
        side = None
        if claimant_side and place_country and place_country == _other_side(claimant_side):
            side = claimant_side  # a party reporting a strike on the enemy's territory claims its own strike
        elif claimant_side and (place_country in {None, claimant_side} or ev.target_country == claimant_side):
            side = _other_side(claimant_side)
        elif place_country in PARTY_COUNTRIES and claimant_side is None:
            side = _other_side(place_country)
        if side:
            ev.actor_country, ev.actor = side, COUNTRY_NAMES[side]


def _generic_place(ev: _Event) -> bool:
    return ev.place is not None and _place_rank(ev.place) >= 4


def _geocode(ev: _Event, unresolved: list[str]):
    """The event's place on the map: the mention, then its region (precision 3) when the town is unknown."""
    if ev.place is None:
        return None
    from sitrep import geo

    names = list(dict.fromkeys([ev.place.canonical, ev.place.text]))
    for name in names:  # a named parent region is a hard constraint: no same-named village elsewhere
        place = geo.geocode(name, admin1=ev.admin_hint, context=ev.place.sentence)
        if place is not None:
            return place
    unresolved.append(ev.place.text)
    region = geo.resolve_admin1(ev.admin_hint) if ev.admin_hint else None
    region = region or geo.qualifier_region(ev.place.text, ev.place.sentence)
    if region is not None:  # keep the mention's own name, at its region's centre (precision 3)
        return replace(region, name=ev.place.text, feature_type="unresolved")
    return None


def _rows(events: list[_Event], *, article_id: str, published: dt.date | None, doc: Doc, char_offset: int = 0,
          sentence_offset: int = 0):
    rows, claims, unresolved = [], [], []
    sents = list(doc.sents)
    if published is not None:  # "in the 1943 Battle of the Dnieper": history, not news
        horizon = dt.datetime.combine(published, dt.time()) - dt.timedelta(days=400)
        events = [e for e in events if e.time is None or e.time.interval_end is None
                  or e.time.interval_end >= horizon or e.kind in {"statement", "meeting"}]
    for ev in events:
        if ev.actor_country == ENEMY:
            side = ev.claimant.country if ev.claimant is not None else None
            ev.actor_country = "UA" if side == "RU" else "RU"
            ev.actor = COUNTRY_NAMES[ev.actor_country]
        sent = sents[ev.sent_i]
        _resolve_generic_claimant(ev)
        _fill_sides(ev, ev.place.country if ev.place is not None else None)
        _resolve_generic_claimant(ev)
        anaphor = ev.anaphor_sentence
        ev.certainty = _certainty(ev, anaphor if anaphor is not None else sent, ev.verb)
        if ev.place is not None and ev.kind in {"attack", "air_defense"} and _place_rank(ev.place) >= 4 \
                and ev.place.country and ev.place.country == ev.actor_country:
            ev.place = None  # "the drones Russia launched": the launching country is the actor, not the place
        if ev.place is not None and ev.kind == "air_defense" and _coordinated_place(ev.place, doc):
            ev.place, ev.admin_hint = None, None  # "over Russian regions and Crimea": a tally over several areas
        place = _geocode(ev, unresolved)
        country = place.country if place is not None else (ev.place.country if ev.place else None)
        if ev.kind == "attack" and ev.target_country is None:
            ev.target_country = country
        _fill_sides(ev, country)
        if ev.kind == "air_defense" and country is None:
            country = ev.place_country or ev.target_country  # over the defending side's territory
        if ev.kind == "meeting" and ev.place is not None and ev.place.canonical == "Kremlin":
            country = "RU"
        acled = acled_type(ev.kind, ev.subkind)
        t = ev.time
        if t is not None:
            date_start = t.interval_start.date().isoformat()
            end = t.interval_end - dt.timedelta(microseconds=1) if t.interval_end else t.interval_start
            date_end = end.date().isoformat()
            if t.precision == "part_of_day" and t.value.endswith("TNI"):
                date_end = date_start  # a night belongs to the evening it starts on
            from sitrep.timex import acled_time_precision

            precision = acled_time_precision(t.precision)
        elif published is not None:
            date_start = date_end = published.isoformat()
            precision = 2 if ev.kind in {"attack", "air_defense"} else 1
        else:
            date_start = date_end = precision = None
        fig = ev.figures
        main = next((fig[k] for k in ("killed", "injured", "launched", "intercepted") if k in fig), None)
        start, end = ev.span[0] + char_offset, ev.span[1] + char_offset
        event_id = _event_id(article_id, ev.kind, start, end, ev.weapon or "")
        claimant = ev.claimant.canonical if ev.claimant is not None else ev.claimant_name
        row = {
            "event_id": event_id, "article_id": article_id, "kind": ev.kind, "subkind": ev.subkind,
            "acled_event_type": acled[0], "acled_sub_event_type": acled[1], "actor": ev.actor,
            "actor_country": ev.actor_country, "target": ev.target, "target_country": ev.target_country,
            "weapon": ev.weapon, "place": (place.name if place is not None else
                                           (ev.place.canonical if ev.place else None)),
            "admin1": place.admin1 if place is not None else None, "country": country,
            "lat": place.lat if place is not None else None, "lon": place.lon if place is not None else None,
            "geo_precision": place.geo_precision if place is not None else None,
            "date_text": t.text if t is not None else None, "date_value": t.value if t is not None else None,
            "date_start": date_start, "date_end": date_end,
            "time_precision": precision, "status": ev.status,
            "killed": fig.get("killed", (None,))[0], "injured": fig.get("injured", (None,))[0],
            "children_killed": fig.get("children_killed", (None,))[0],
            "children_injured": fig.get("children_injured", (None,))[0],
            "launched": fig.get("launched", (None,))[0], "intercepted": fig.get("intercepted", (None,))[0],
            "qualifier": main[1] if main else None, "claimant": claimant, "certainty": ev.certainty,
            "participants": ev.participants or None, "speaker": ev.speaker,
            "sentence": ev.sentence, "char_start": start, "char_end": end,
        }
        rows.append(row)
        party = ev.claimant.party if ev.claimant is not None else None
        for figure, (value, qualifier) in fig.items():
            claims.append({
                "claim_id": _event_id(article_id, "claim", start, end, event_id + figure),
                "event_id": event_id, "article_id": article_id, "sentence_index": ev.sent_i + sentence_offset,
                "sentence": ev.sentence, "char_start": start, "char_end": end, "figure": figure,
                "value": value, "qualifier": qualifier, "claimant": claimant, "claimant_party": party,
                "certainty": ev.certainty,
            })
        for figure, value, qualifier, sentence in ev.superseded:  # displaced figures stay on record
            claims.append({
                "claim_id": _event_id(article_id, "claim", ev.span[0], ev.span[1], f"{event_id}{figure}~{value}"),
                "event_id": event_id, "article_id": article_id, "sentence_index": ev.sent_i,
                "sentence": sentence, "char_start": ev.span[0], "char_end": ev.span[1], "figure": figure,
                "value": value, "qualifier": qualifier, "claimant": claimant, "claimant_party": party,
                "certainty": ev.certainty,
            })
    return rows, claims, sorted(set(unresolved))


__all__ = ["extract_events"]
