"""Entity mentions with canonical names, types, countries, roles and metonymy.

``Doc`` in, iterator of :class:`EntityMention` out. Canonical names come from the entity ruler's
pattern ids first, then the alias table (``data/aliases.jsonl``), then in-article surname matching
("Putin" after "Vladimir Putin").
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from sitrep.extract.lexicon import LOCATIVE_PREPS, PLACE_PART_NOUNS
from sitrep.nlp import DATA_DIR, doc_text, doc_tokens
from sitrep.nlp import sentences as sentences_of
from sitrep.words import COUNTRY_NAMES, PARTY_COUNTRIES

KEEP_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WEAPON"}

# Adjectives and short names news uses for countries -> ISO 3166-1 alpha-2.
DEMONYMS = {
    "russian": "RU", "russia": "RU", "russians": "RU", "ukrainian": "UA", "ukraine": "UA", "ukrainians": "UA",
    "american": "US", "u.s.": "US", "us": "US", "united states": "US", "america": "US", "belarusian": "BY",
    "belarus": "BY", "polish": "PL", "poland": "PL", "moldovan": "MD", "romanian": "RO", "hungarian": "HU",
    "slovak": "SK", "lithuanian": "LT", "latvian": "LV", "estonian": "EE", "finnish": "FI", "georgian": "GE",
    "turkish": "TR", "german": "DE", "french": "FR", "british": "GB", "uk": "GB", "u.k.": "GB",
    "italian": "IT", "spanish": "ES", "dutch": "NL", "belgian": "BE", "swedish": "SE", "norwegian": "NO",
    "danish": "DK", "czech": "CZ", "chinese": "CN", "china": "CN", "indian": "IN", "india": "IN",
    "iranian": "IR", "iran": "IR", "north korean": "KP", "israeli": "IL", "saudi": "SA", "qatari": "QA",
    "emirati": "AE", "japanese": "JP", "canadian": "CA", "kazakh": "KZ", "syrian": "SY", "soviet": "RU",
    "crimean": "UA", "kremlin": "RU", "moscow": "RU", "kyiv": "UA", "kiev": "UA", "washington": "US",
}
METONYMS = {"Kremlin", "Moscow", "Kyiv", "Washington", "White House", "Pentagon", "Beijing", "Minsk",
            "Brussels", "Downing Street", "Tehran", "London", "Paris", "Berlin", "Warsaw"}
TITLE_WORDS = {
    "president", "mayor", "governor", "head", "chief", "minister", "envoy", "adviser", "advisor", "aide",
    "spokesman", "spokeswoman", "spokesperson", "commander", "secretary", "chancellor", "premier",
    "ambassador", "general", "leader", "official", "representative", "director", "chairman", "speaker",
    "prosecutor", "ombudsman", "commissioner", "lieutenant", "colonel", "admiral", "senator", "deputy",
    "prime", "king", "pope", "emissary", "negotiator", "diplomat",
}
SPEECH_OR_ACTION = {"say", "claim", "warn", "accuse", "demand", "insist", "deny", "announce", "reject",
                    "respond", "call", "urge", "threaten", "refuse", "agree", "propose", "confirm", "want",
                    "seek", "tell", "state", "report", "comment", "criticize", "criticise", "dismiss", "push"}


@dataclass(frozen=True)
class Actor:
    canonical: str
    entity_type: str  # person, org, government, place, weapon, group
    country: str | None
    party: bool | None
    role: str | None = None


@dataclass(frozen=True)
class EntityMention:
    text: str
    label: str
    canonical: str
    entity_type: str
    country: str | None
    party: bool | None
    role: str | None
    metonymy: bool
    sentence_index: int
    sentence: str
    char_start: int
    char_end: int


_LEADING_THE, _POSSESSIVE, _SPACES = re.compile(r"^(the)\s+", re.I), re.compile(r"['’]s$"), re.compile(r"\s+")


def _fold(text: str) -> str:
    text = _LEADING_THE.sub("", text.strip())
    text = _POSSESSIVE.sub("", text)
    return _SPACES.sub(" ", text).lower()


@functools.lru_cache(maxsize=1)
def alias_table() -> dict[str, Actor]:
    """Lower-cased alias or canonical name -> :class:`Actor`."""
    table: dict[str, Actor] = {}
    path = DATA_DIR / "aliases.jsonl"
    if not path.exists():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        actor = Actor(rec["canonical"], rec.get("type") or "org", rec.get("country"), rec.get("party"),
                      rec.get("role"))
        for name in [rec["canonical"], *rec.get("aliases", [])]:
            table.setdefault(_fold(name), actor)
    return table


@functools.lru_cache(maxsize=1)
def media_outlets() -> frozenset[str]:
    """Canonical names of news outlets (``subtype`` naming media in ``aliases.jsonl``): they relay a report, they do
    not source its figures when the report names who gave them."""
    path = DATA_DIR / "aliases.jsonl"
    if not path.exists():
        return frozenset()
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return frozenset(r["canonical"] for r in recs if "media" in (r.get("subtype") or ""))


_TYPE_BY_LABEL = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place",
                  "NORP": "group", "WEAPON": "weapon"}


def resolve_actor(text: str, label: str, ruler_id: str = "") -> Actor:
    """Canonical name, type, country and party for a mention's text."""
    aliases = alias_table()
    folded = _fold(text)
    actor = aliases.get(folded) or (aliases.get(_fold(ruler_id)) if ruler_id else None)
    if actor is None and label == "PERSON":
        parts = folded.split()
        if len(parts) > 1:
            actor = aliases.get(parts[-1])
    if actor is not None:
        return actor
    canonical = ruler_id or re.sub(r"^(the)\s+", "", text.strip(), flags=re.I)
    canonical = re.sub(r"['’]s$", "", canonical)
    country = DEMONYMS.get(folded) or DEMONYMS.get(folded.split(" ")[0]) if label in {"NORP", "GPE", "ORG"} \
        else None
    if label == "NORP" and country:
        canonical = COUNTRY_NAMES.get(country, canonical)
    party = country in PARTY_COUNTRIES if country and label in {"ORG", "NORP"} else None
    return Actor(canonical, _TYPE_BY_LABEL.get(label, "other"), country, party)


def _role(ent: Span) -> str | None:
    """A title from premodifiers ("Syzran Mayor X" -> "mayor of Syzran") or an apposition."""
    doc = ent.doc
    root = ent.root
    start = root.left_edge.i
    pre = [t for t in doc[start:ent.start] if not t.is_punct and t.dep_ != "det"]
    # keep only what follows the last possessive: "Trump's special envoy X" -> "special envoy"
    for k in range(len(pre) - 1, -1, -1):
        if pre[k].tag_ == "POS" or pre[k].dep_ == "case":
            pre = pre[k + 1:]
            break
    words = [t for t in pre if t.lower_ not in {"'s", "’s"}]
    if any(t.lower_ in TITLE_WORDS for t in words):
        title_at = max(i for i, t in enumerate(words) if t.lower_ in TITLE_WORDS)
        title_words = words[: title_at + 1]
        owners = [t for t in title_words if t.ent_type_ in {"GPE", "ORG", "NORP", "LOC"}]
        rest = [t.lower_ for t in title_words if t not in owners]
        role = " ".join(rest)
        if owners and rest:
            role += " of " + " ".join(t.text for t in owners)
        return role or None
    for child in root.children:
        if child.dep_ == "appos" and any(t.lower_ in TITLE_WORDS for t in child.subtree):
            return " ".join(t.text for t in child.subtree).strip(" ,")
    if root.dep_ == "appos":  # "The governor of Russia's Belgorod Oblast, Vyacheslav Gladkov, said"
        title = next((a for a in list(root.ancestors)[:4] if a.lower_ in TITLE_WORDS), None)
        if title is not None:
            words = [t.text for t in title.subtree if not t.is_punct and t.dep_ != "det"
                     and not (ent.start <= t.i < ent.end) and t.tag_ != "POS"]
            return " ".join(words[:8]) or None
    return None


def _is_metonymy(ent: Span, canonical: str) -> bool:
    """A place name standing for its government: subject of a speech/action verb, or a possessor."""
    if ent.label_ not in {"GPE", "ORG", "FAC"}:
        return False
    root = ent.root
    dep, head = root.dep_, root.head
    while dep == "conj":
        dep, head = head.dep_, head.head
    if dep in {"pobj"} and head.lower_ in {"in", "at", "near", "over", "to", "from", "inside", "outside"}:
        return False
    if canonical in METONYMS and dep in {"nsubj", "nsubjpass", "poss", "compound"}:
        return True
    if ent.label_ == "GPE" and dep in {"nsubj"} and head.lemma_ in SPEECH_OR_ACTION:
        return True
    return canonical in {"Kremlin", "White House", "Pentagon"} and dep not in {"pobj"}


def extract_entities(doc: Doc, *, labels: set[str] = KEEP_LABELS) -> Iterator[EntityMention]:
    """Every named entity of ``doc`` with its canonical name and provenance."""
    seen_people: dict[str, str] = {}  # surname -> canonical full name, within the article
    sentences = {s.start: (i, _TextSpan(s)) for i, s in enumerate(sentences_of(doc))}
    sent_starts = sorted(sentences)
    import bisect

    mentions: list[EntityMention] = []
    for ent in doc.ents:
        if ent.label_ not in labels:
            continue
        label = "GPE" if _located_person(ent) else ent.label_
        actor = resolve_actor(ent.text, label, ent.ent_id_)
        canonical = actor.canonical
        if label == "PERSON":
            parts = canonical.split()
            if len(parts) == 1 and parts[0].lower() in seen_people:
                canonical = seen_people[parts[0].lower()]
                actor = resolve_actor(canonical, "PERSON")
                canonical = actor.canonical if actor.canonical else canonical
            elif len(parts) > 1:
                seen_people.setdefault(parts[-1].lower(), canonical)
        idx = bisect.bisect_right(sent_starts, ent.start) - 1
        sent_i, sent = sentences[sent_starts[idx]] if idx >= 0 else (0, ent.sent)
        metonymy = _is_metonymy(ent, canonical)
        etype = actor.entity_type
        if metonymy and etype == "place":
            etype = "government"
        if canonical == "Kremlin" and not metonymy:
            etype = "place"
        mentions.append(EntityMention(
            text=ent.text, label=label, canonical=canonical, entity_type=etype,
            country=actor.country, party=actor.party, role=_role(ent) if label == "PERSON" else actor.role,
            metonymy=metonymy, sentence_index=sent_i, sentence=sent.text,
            char_start=ent.start_char, char_end=ent.end_char,
        ))
    mentions = _surnames(doc, mentions, sentences, sent_starts)
    mentions += _settlements(doc, mentions, sentences, sent_starts)
    mentions = _qualified_places(doc, mentions, sentences, sent_starts)
    yield from sorted(mentions, key=lambda m: m.char_start)


class _TextSpan:
    """A sentence with its text computed once (``Span.text`` rebuilds it on every access)."""

    __slots__ = ("span", "text")

    def __init__(self, span: Span):
        self.span, self.text = span, span.text


SETTLEMENT_WORDS = {"village", "town", "city", "settlement", "hamlet", "community", "township", "district",
                    "villages", "towns", "settlements"}


def _located_person(ent) -> bool:
    """'In Azov, falling debris damaged cars', 'the southern part of Dimitrov': a one-word 'person' that is where
    something happens (the object of a locative preposition, or of "of" after a part noun, no possessive) is a place
    the model mistook."""
    root = ent.root
    if ent.label_ != "PERSON" or len(ent) != 1 or root.dep_ != "pobj" or any(c.dep_ == "case" for c in root.children):
        return False
    prep = root.head
    return prep.lower_ in LOCATIVE_PREPS or (prep.lower_ == "of" and prep.head.lower_ in PLACE_PART_NOUNS)


def _settlements(doc: Doc, mentions: list[EntityMention], sentences, sent_starts) -> list[EntityMention]:
    """'the village of Novyi Komar': a place even where the model tags nothing (or a person)."""
    import bisect

    taken = {(m.char_start, m.char_end) for m in mentions if m.label in {"GPE", "LOC", "FAC"}}
    out = []
    for tok in doc_tokens(doc):
        if tok.lower_ not in SETTLEMENT_WORDS or tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "of":
            continue
        j = tok.i + 2
        while j < len(doc) and (doc[j].is_title or doc[j].text in {"-", "–"} and j + 1 < len(doc)
                                and doc[j + 1].is_title):
            j += 1
        if j == tok.i + 2:
            continue
        span = doc[tok.i + 2:j]
        if any(s <= span.start_char < e or s < span.end_char <= e for s, e in taken):
            continue
        idx = bisect.bisect_right(sent_starts, span.start) - 1
        sent_i, sent = sentences[sent_starts[idx]] if idx >= 0 else (0, span.sent)
        out.append(EntityMention(text=span.text, label="GPE", canonical=span.text, entity_type="place",
                                 country=None, party=None, role=None, metonymy=False, sentence_index=sent_i,
                                 sentence=sent.text, char_start=span.start_char, char_end=span.end_char))
    return out


# "Kurdiumivka (Bakhmut raion, Donetsk)", "Sadove (near Tokmak, Zaporizhzhia)": the register of conflict-event
# databases. The name before the parentheses is a settlement even where the model tags nothing, an organisation or
# a person; the last part inside names its oblast.
_QPART = (r"(?:near\s+)?[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?"
          r"(?:\s(?:raion|rayon|district|hromada|community|Oblast|oblast|region))?")
_QUALIFIED = re.compile(
    rf"(?<![\w'’-])([A-Z][\w'’]+(?:[- ][A-Z][\w'’]+){{0,2}})\s*\(\s*({_QPART}(?:\s*,\s*{_QPART})*)\s*\)"
)


def _qualified_places(doc: Doc, mentions: list[EntityMention], sentences, sent_starts) -> list[EntityMention]:
    import bisect

    from sitrep.geo import resolve_admin1

    for m in _QUALIFIED.finditer(doc_text(doc)):
        parts = [p.strip() for p in m.group(2).split(",")]
        region = resolve_admin1(parts[-1])
        if region is None or (len(parts) == 1 and not re.search(r"\b(?:Oblast|oblast|region)$", parts[-1])):
            continue
        start, end = m.span(1)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        kept = [e for e in mentions if e.char_end <= start or e.char_start >= end]
        idx = bisect.bisect_right(sent_starts, span.start) - 1
        sent_i, sent = sentences[sent_starts[idx]] if idx >= 0 else (0, span.sent)
        kept.append(EntityMention(text=m.group(1), label="GPE", canonical=m.group(1), entity_type="place",
                                  country=region.country, party=None, role=None, metonymy=False,
                                  sentence_index=sent_i, sentence=sent.text, char_start=start, char_end=end))
        # inside the parentheses: the oblast is the region, not its capital city; "Bakhmut raion" is a district
        # and "near Tokmak" a landmark, not the event's town
        last = m.start(2) + m.group(2).rindex(parts[-1])
        inner = {m.start(2) + m.group(2).index(p) + (5 if p.startswith("near ") else 0): p for p in parts[:-1]}
        mentions = []
        for e in kept:
            if e.char_start == last and e.label == "GPE":
                e = replace(e, canonical=region.name)
            elif e.char_start in inner and e.label in {"GPE", "LOC", "FAC"}:
                e = replace(e, label="LOC", canonical=re.sub(r"^near\s+", "", inner[e.char_start]))
            mentions.append(e)
    return mentions


def _surnames(doc: Doc, mentions: list[EntityMention], sentences, sent_starts) -> list[EntityMention]:
    """A surname alone ("Vorobyov said", "Chaus:") is the person the article names in full, before or after it,
    whatever the model tagged it (an organisation, a place, nothing); else a person of the alias table."""
    import bisect

    people: dict[str, EntityMention] = {}
    for m in mentions:
        parts = m.canonical.split()
        if m.label == "PERSON" and len(parts) > 1:
            people.setdefault(parts[-1].lower(), m)
            people.setdefault(m.text.split()[-1].lower().removesuffix("'s").removesuffix("’s"), m)
    aliases = alias_table()
    out = []
    for m in mentions:
        key = m.text.strip().removesuffix("'s").removesuffix("’s")
        if m.label in {"PERSON", "ORG", "NORP"} and " " not in key and key[:1].isupper():
            full = people.get(key.lower())
            actor = aliases.get(_fold(key))
            if full is not None and full.canonical != m.canonical:
                m = replace(m, label="PERSON", canonical=full.canonical, entity_type="person",
                            country=full.country, party=full.party, role=m.role or full.role)
            elif full is None and actor is not None and actor.entity_type == "person" and m.label != "PERSON":
                m = replace(m, label="PERSON", canonical=actor.canonical, entity_type="person",
                            country=actor.country, party=actor.party, role=actor.role)
        out.append(m)
    if not people:
        return out
    taken = [(m.char_start, m.char_end) for m in out]
    for tok in doc_tokens(doc):  # an untagged surname
        if tok.pos_ != "PROPN" or tok.lower_ not in people or tok.ent_type_:
            continue
        if any(s <= tok.idx < e for s, e in taken):
            continue
        full = people[tok.lower_]
        idx = bisect.bisect_right(sent_starts, tok.i) - 1
        sent_i, sent = sentences[sent_starts[idx]] if idx >= 0 else (0, tok.sent)
        out.append(replace(full, text=tok.text, sentence_index=sent_i, sentence=sent.text, char_start=tok.idx,
                           char_end=tok.idx + len(tok.text), metonymy=False))
    return sorted(out, key=lambda m: m.char_start)
