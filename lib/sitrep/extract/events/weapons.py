"""Weapons: the weapon class a phrase names, the attack subkind it implies, and words that name a weapon type."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from sitrep.extract.events.common import entity_span
from sitrep.extract.lexicon import (
    AIR_ATTACK_VERBS,
    AIR_PLATFORMS,
    GLIDE_WORDS,
    GROUND_WORDS,
    SHELLING_WORDS,
    WEAPON_CLASS_NOUNS,
    WEAPON_NOUNS,
)


def weapon_of(tokens: Sequence[Token]) -> str | None:
    for t in tokens:
        if t.ent_type_ == "WEAPON":
            ent = entity_span(t)
            wid = (ent[0].ent_id_ or ent.text).lower()
            return weapon_class(wid)
    for t in tokens:
        if t.lower_ in WEAPON_NOUNS and WEAPON_NOUNS[t.lower_] not in {"other", "aircraft"}:
            if t.lower_ in {"bomb", "bombs"} and not any(c.lower_ in {"glide", "guided", "aerial"} for c in t.children):
                continue
            return weapon_class(t.lower_)
        if t.lemma_ in {"shell", "shelling"} or t.lower_ in {"artillery", "mortar", "mortars"}:
            return "artillery"
    return None


def weapon_class(text: str) -> str:
    t = text.lower()
    if any(w in t for w in ("shahed", "geran", "drone", "uav", "lancet", "gerbera", "quadcopter", "fpv")):
        return "drone"
    if any(w in t for w in ("iskander", "kinzhal", "ballistic", "kn-23", "oreshnik", "atacms", "tochka", "hrim",
                            "sapsan", "fateh")):
        return "ballistic_missile"
    if any(w in t for w in ("kalibr", "kh-", "cruise", "storm shadow", "scalp", "neptune", "flamingo", "tomahawk")):
        return "cruise_missile"
    if any(w in t for w in ("glide", "kab", "umpk", "fab", "aerial bomb", "guided bomb", "jdam", "gbu-", "aasm",
                            "upab")):
        return "glide_bomb"
    if any(w in t for w in ("grad", "uragan", "smerch", "tornado", "himars", "mlrs", "rocket launcher", "vilkha",
                            "vampire", "m270", "gmlrs")):
        return "mlrs"
    if any(w in t for w in ("artillery", "mortar", "shell", "howitzer")):
        return "artillery"
    if "missile" in t or "rocket" in t:
        return "missile"
    return "other"


def subkind_of(weapon: str | None, tokens: Sequence[Token]) -> str:
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
    if lemmas & GROUND_WORDS and any((t.lower_ in GROUND_WORDS or t.lemma_.lower() in GROUND_WORDS)
                                     and not _compound_tail(t) for t in tokens):
        return "ground_clash"
    if lemmas & {"airstrike", "air", "bomb", "bombing"} and lemmas & GLIDE_WORDS:
        return "glide_bomb"
    return "other"


def _compound_tail(t: Token) -> bool:
    """'parade-ground', 'training-ground': the word ends a hyphenated compound and names a place, not fighting."""
    return t.i >= 2 and t.nbor(-1).text == "-" and not t.nbor(-1).whitespace_ and not t.nbor(-2).whitespace_


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


def weapon_modifier(t: Token) -> bool:
    """'attack drones', 'strike UAVs', 'means of air attack': the word names a weapon type, not an event."""
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_ in WEAPON_CLASS_NOUNS:
        return True
    return t.dep_ in {"compound", "amod", "nmod"} and (t.head.lower_ in WEAPON_NOUNS or t.head.ent_type_ == "WEAPON")


def weapon_object(t: Token) -> bool:
    """'destroyed 41 drones', 'shot down missiles': the object is a weapon, so this is air defense."""
    for child in t.children:
        if child.dep_ in {"dobj", "nsubjpass"} and (child.lower_ in WEAPON_NOUNS or child.ent_type_ == "WEAPON"):
            return t.lemma_.lower() not in {"attack", "strike", "hit"}
    return False


def same_weapon(a: str | None, b: str | None) -> bool:
    """'missiles' (generic) matches the ballistic or cruise missiles named before it."""
    if a == b:
        return True
    missiles = {"missile", "ballistic_missile", "cruise_missile"}
    return a in missiles and b in missiles and "missile" in {a, b}
