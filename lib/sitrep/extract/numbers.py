"""Typed numbers: every count in an article, typed by what it counts and what happens to it.

Types: killed, injured, launched, intercepted, age, birth_year, distance, duration, date, ordinal,
calibre, money, percent, total, other. Ages and birth years are never casualty counts; a breakdown
("including six children") points to its total through ``breakdown_of`` and is never added to it;
a singular casualty ("a 12-year-old boy was killed") counts 1.

Only **incident figures** are killed, injured, launched or intercepted (:func:`_not_incident`). A running total of
the war is ``total``: "since the start of the full-scale invasion", "since February 2022", "over the course of the
war"; "in total" in the present perfect outside a night's or day's report; "this year", "this month", "in 2025"
with the present perfect or "alone" — unless the sentence measures a record ("the largest attack since the start
of the invasion", "the most in a single night since 2022"). Figures in a supply, aid, budget, production or
deployment frame ("a package of 300,000 shells", "sent 700,000 soldiers") and counts of people displaced,
evacuated or fled are ``other``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitrep.extract.frames import ATTACK_FRAME_KINDS, frame_kinds
from sitrep.extract.lexicon import (
    BREAKDOWN_WORDS,
    CHILD_NOUNS,
    DATA_NOUNS,
    DOWNED_WORDS,
    INJURE_LEMMAS,
    INTERCEPT_LEMMAS,
    KILL_LEMMAS,
    LAUNCH_LEMMAS,
    LEVEL_VERBS,
    NAME_PHRASES,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    PERSON_NOUNS,
    QUALIFIERS_ABOUT,
    QUALIFIERS_AT_LEAST,
    QUALIFIERS_UP_TO,
    SCALE_WORDS,
    VAGUE_COUNTS,
    WEAPON_NOUNS,
)
from sitrep.nlp import doc_tokens, sentences

DISTANCE_UNITS = {"km", "kilometers", "kilometres", "kilometer", "kilometre", "miles", "mile", "meters",
                  "metres", "meter", "metre", "m", "yards", "feet", "ft", "nautical", "mi"}
TIME_UNITS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute",
              "minutes", "second", "seconds", "decade", "decades", "night", "nights", "century", "yr", "hrs"}
CALIBRE_UNITS = {"mm", "millimetre", "millimeter", "millimetres", "millimeters", "calibre", "caliber", "cm"}
MONEY_WORDS = {"dollars", "dollar", "euros", "euro", "hryvnias", "hryvnia", "rubles", "roubles", "ruble",
               "rouble", "pounds", "usd", "eur", "uah", "rub", "$", "€", "£", "bn"}
FLOOR_WORDS = {"floor", "floors", "storey", "storeys", "story", "stories", "storied"}


@dataclass(frozen=True)
class NumberMention:
    text: str
    value: float | None
    quantity_type: str
    qualifier: str
    unit: str | None
    head: str | None  # the counted noun ("boy", "drones")
    is_child: bool
    breakdown_of: tuple[int, int] | None  # char span of the total this figure is part of
    sentence_index: int
    sentence: str
    char_start: int
    char_end: int
    token_start: int  # token indices into the doc (for the event rules)
    token_end: int
    head_i: int | None  # token index of the counted noun
    conj_group: int | None = None  # figures in coordination ("12 women and 6 men") share a group
    part: bool = False  # a part of a toll told elsewhere ("two children are among the dead"): never a total itself


def parse_number(text: str) -> float | None:
    """``"1,200"`` → 1200, ``"twenty-five"`` → 25, ``"1.5 million"`` → 1.5e6, ``"a dozen"`` → 12."""
    t = text.lower().replace(",", "").strip()
    t = re.sub(r"^(a|an)\s+", "one ", t)
    if re.fullmatch(r"\d+(\.\d+)?", t):
        return float(t)
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", t):
        if not word or word == "and":
            continue
        if re.fullmatch(r"\d+(\.\d+)?", word):
            current += float(word)
        elif word in NUMBER_WORDS:
            current += NUMBER_WORDS[word] if word != "dozen" else (current or 1) * 12 - current
        elif word in SCALE_WORDS:
            current = (current or 1) * SCALE_WORDS[word]
            if SCALE_WORDS[word] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def _sentence_index(doc: Doc) -> dict[int, tuple[int, str]]:
    index = {}
    for i, sent in enumerate(sentences(doc)):
        entry = (i, sent.text)  # computed once per sentence, not per token
        for t in range(sent.start, sent.end):
            index[t] = entry
    return index


ORDINAL_VALUES = {w: i for i, w in enumerate(
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
     "eleventh", "twelfth"], start=1)}


_DIGITS = re.compile(r"\d[\d,]*(\.\d+)?")


def _is_numeric(tok: Token) -> bool:
    low = tok.lower_
    if low in NUMBER_WORDS and low not in {"both", "single", "couple", "pair"}:
        return True
    if low in SCALE_WORDS:
        return True
    return bool(_DIGITS.fullmatch(tok.text))


def _number_spans(doc: Doc) -> Iterator[tuple[int, int, float | None, str]]:
    """(start, end, value, default qualifier) for numeric token runs, vague counts and 'a <person>'."""
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        low = tok.lower_
        two = f"{low} {doc[i + 1].lower_}" if i + 1 < n else ""
        if two in VAGUE_COUNTS:
            value, q = VAGUE_COUNTS[two]
            yield i, i + 2, value, q
            i += 2
            continue
        if two in NAME_PHRASES:
            i += 1
            continue
        if low in VAGUE_COUNTS and tok.pos_ in {"NOUN", "ADJ", "NUM", "DET"}:
            value, q = VAGUE_COUNTS[low]
            if low in {"dozens", "hundreds", "thousands", "scores"} and i + 1 < n and doc[i + 1].lower_ == "of":
                yield i, i + 1, value, q
            elif low not in {"dozens", "hundreds", "thousands", "scores"}:
                yield i, i + 1, value, q
            i += 1
            continue
        if low in ORDINAL_VALUES and tok.pos_ == "ADJ" and (tok.head.lower_ in FLOOR_WORDS or tok.dep_ == "amod"):
            if tok.head.lower_ in FLOOR_WORDS or tok.ent_type_ == "ORDINAL":
                yield i, i + 1, float(ORDINAL_VALUES[low]), "exact"
            i += 1
            continue
        if low in {"a", "an"} and i + 1 < n and doc[i + 1].lower_ == "dozen":
            yield i, i + 2, 12.0, "about"
            i += 2
            continue
        if _is_numeric(tok) or (low in {"both"} and tok.dep_ in {"det", "predet", "nsubj", "nsubjpass"}):
            j = i + 1
            while j < n and (_is_numeric(doc[j]) or (doc[j].text == "-" and j + 1 < n and _is_numeric(doc[j + 1])
                                                      and doc[j + 1].lower_ in NUMBER_WORDS
                                                      and doc[j + 1].lower_ not in {"dozen"})
                             or (doc[j].lower_ == "and" and j + 1 < n and doc[j - 1].lower_ in SCALE_WORDS
                                 and _is_numeric(doc[j + 1]))):
                j += 1
            text = doc[i:j].text
            yield i, j, parse_number(text) if low != "both" else 2.0, "exact"
            i = j
            continue
        i += 1


def _qualifier(doc: Doc, start: int, default: str) -> str:
    if start > 1 and doc[start - 1].lower_ in {"a", "an"} and doc[start].lower_ in SCALE_WORDS:
        start -= 1  # "more than a hundred"
    before3 = doc[max(0, start - 3):start].text.lower()
    before2 = doc[max(0, start - 2):start].text.lower()
    before1 = doc[start - 1].lower_ if start > 0 else ""
    for phrase_set, name in ((QUALIFIERS_UP_TO, "up_to"), (QUALIFIERS_AT_LEAST, "at_least"),
                             (QUALIFIERS_ABOUT, "about")):
        if before2 in phrase_set or before3 in phrase_set or before1 in phrase_set:
            return name
    if start > 0 and doc[start - 1].lower_ == "all":
        return "exact"
    return default


def _age_at(doc: Doc, start: int, end: int) -> tuple[bool, Token | None]:
    """Is the number an age? Returns (is_age, the person noun it describes)."""
    window = [t.lower_ for t in doc[end:end + 4]]
    if window[:4] in (["-", "year", "-", "old"], ["-", "years", "-", "old"], ["-", "month", "-", "old"],
                      ["-", "week", "-", "old"], ["-", "day", "-", "old"]) \
            or window[:2] in (["year", "old"], ["years", "old"], ["months", "old"], ["-year", "-old"]) \
            or window[:3] in (["-", "year", "old"], ["years", "of", "age"]) or \
            re.fullmatch(r"-?years?-old", "".join(window[:1])):
        old = next((t for t in doc[end:end + 5] if t.lower_ in {"old", "-old", "age"}), None)
        noun = None
        if old is not None:
            if old.head.pos_ in {"NOUN", "PROPN"} and old.head.i > old.i:
                noun = old.head
            elif old.pos_ in {"NOUN", "PROPN"} or old.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}:
                noun = old
        return True, noun
    if start > 0 and doc[start - 1].lower_ in {"aged", "age"}:
        return True, None
    if start > 0 and end < len(doc) and doc[start - 1].text == "(" and doc[end].text == ")" \
            and doc[start - 2].pos_ in {"PROPN", "NOUN"} if start > 1 else False:
        value = parse_number(doc[start:end].text)
        return (value is not None and value < 110), None
    return False, None


def _counted_noun(tok: Token) -> Token:
    """The noun a number counts: its head for ``nummod``, itself when it stands alone ("two were killed")."""
    if tok.dep_ in {"nummod", "quantmod", "det", "amod", "compound", "predet"} and tok.head.pos_ in {"NOUN", "PROPN"}:
        return tok.head
    for child in tok.children:  # "85 of them", "dozens of people"
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs and objs[0].lower_ in {"which", "whom"}:  # "46 apartments, 27 of which were destroyed"
                clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
                if clause is not None and clause.head.pos_ in {"NOUN", "PROPN"}:
                    return clause.head
            if objs and (objs[0].lower_ in PERSON_NOUNS or objs[0].lower_ in WEAPON_NOUNS or objs[0].pos_ == "NOUN"):
                return objs[0]
    return tok


def _predicate_type(noun: Token, number_tok: Token) -> tuple[str | None, bool]:
    """What happens to the counted thing: (killed|injured|launched|intercepted|None, via_breakdown)."""
    if noun.i != number_tok.i and noun.head.i != number_tok.i and noun.head.head.i == number_tok.i:
        # partitive "shot down 98 of the 120 drones launched": the 98's own verb decides
        kind, breakdown = _climb(number_tok)
        if kind:
            return kind, breakdown
    breakdown = False
    # adjectival/participial modifiers on the noun or the number: "5 people dead", "two injured"
    for t in (noun, number_tok):
        for child in t.children:
            if child.dep_ in {"amod", "acl", "relcl", "advcl"} or child.lemma_ in {"dead", "injured", "wounded"}:
                kind = _lemma_kind(child)
                if kind == "launched" and child.dep_ in {"acl", "relcl"}:
                    governing = _climb(noun)  # "70 drones flying towards the capital were shot down"
                    if governing[0] == "intercepted":
                        return governing
                if kind in {"killed", "injured"} and t is noun and noun.dep_ in {"nsubj", "nsubjpass"}:
                    fate = _lemma_kind(noun.head)  # "a wounded man died in hospital": no longer one of the injured
                    if fate in {"killed", "injured"} and fate != kind:
                        return "none", breakdown
                if kind:
                    return kind, breakdown
    if number_tok.lemma_ in {"dead", "injured", "wounded"}:
        return _lemma_kind(number_tok), breakdown
    return _climb(noun)


def _frame(tok: Token) -> str | None:
    return frame_kinds(tok.doc).get(tok.i)


def _climb(noun: Token) -> tuple[str | None, bool]:
    breakdown = False
    node = noun
    for _ in range(6):
        if node.dep_ in {"appos"} or node.lower_ in BREAKDOWN_WORDS:
            breakdown = True
        if node.dep_ == "advcl" and any(c.dep_ == "mark" for c in node.children):
            break  # "…had been killed, although several needed treatment": a subordinate clause has its own predicate
        head = node.head
        if head.i == node.i:
            break
        if _frame(head) == "none":  # "sustained damage", drones "lost locationally": no casualty, no interception
            return "none", breakdown
        if head.lower_ in BREAKDOWN_WORDS or head.lemma_ == "include":
            breakdown = True
        kind = _lemma_kind(head)
        if kind == "launched" and node.dep_ == "nsubj" and _dangling_participle(head):
            kind = _subjectless_sibling_kind(head) or kind
        if kind:
            return kind, breakdown
        for child in head.children:  # "were found injured", "left dead"
            if child.dep_ in {"oprd", "acomp", "xcomp"} and child.i > node.i:
                kind = _lemma_kind(child)
                if kind in {"killed", "injured"}:
                    return kind, breakdown
        if node.dep_ in {"nsubj", "nsubjpass"}:
            kind = _shared_casualty_frame(head)
            if kind:
                return kind, breakdown
        if head.lemma_ in LEVEL_VERBS:  # "the death toll rose to 12"; "among the wounded are 3 children"
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ == "among":
                    kind = next((k for k in map(_lemma_kind, child.subtree) if k), None)
                    if kind:
                        return kind, True
            for child in reversed(list(head.children)):  # the subject nearest the verb: "Strike on X: toll rises to 15"
                if child.dep_ in {"nsubj", "nsubjpass", "dobj"}:  # "the service raised the death toll to 32"
                    kind = next((k for k in map(_lemma_kind, child.subtree) if k), None)
                    if kind:
                        return kind, breakdown
        if head.pos_ == "VERB" and head.dep_ in {"ROOT", "ccomp"} and not _lemma_kind(head):
            # a clause boundary: still look at conjoined casualty verbs ("killing 3 and injuring 5")
            break
        node = head
    return None, breakdown


def _dangling_participle(verb: Token) -> bool:
    """'74 drones flying toward the capital had been shot down' parsed with 'flying' as the clause's verb."""
    return verb.tag_ == "VBG" and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children)


def _subjectless_sibling_kind(verb: Token) -> str | None:
    """The interception told by the clause that lost its subject to a dangling participle ('had been shot down')."""
    for sib in verb.head.children:
        if sib.i > verb.i and sib.dep_ in {"ccomp", "conj"} and not any(
                c.dep_ in {"nsubj", "nsubjpass"} for c in sib.children) and _lemma_kind(sib) == "intercepted":
            return "intercepted"
    return None


def _shared_casualty_frame(verb: Token) -> str | None:
    """'Ten people were evacuated and taken to hospital', '… pulled out alive and taken to hospital': a casualty frame
    of a later coordinated verb with no subject of its own types the shared subject."""
    later = [c for c in verb.conjuncts if c.i > verb.i]
    later += [x for c in verb.children if c.dep_ in {"advcl", "acomp", "oprd"} for x in c.conjuncts if x.i > c.i]
    later = [c for c in later if not any(x.dep_ in {"nsubj", "nsubjpass"} for x in c.children)]
    return next((_frame(c) for c in later if _frame(c) in {"killed", "injured"}), None)


def _lemma_kind(tok: Token) -> str | None:
    frame = _frame(tok)
    if frame is not None and frame not in ATTACK_FRAME_KINDS:  # attack frames say nothing about a count
        return frame if frame != "none" else None
    lemma, low = tok.lemma_.lower(), tok.lower_
    if lemma in {"injured", "wounded"} or low in {"injured", "wounded", "injuries", "injuring", "wounding"}:
        return "injured"
    if lemma in KILL_LEMMAS or low in {"dead", "killed", "deaths", "fatalities"}:
        if lemma in {"claim", "life", "lose", "body", "toll"} and not _claims_lives(tok):
            return None
        return "killed"
    if lemma in INJURE_LEMMAS:
        if lemma in {"treat", "hospital", "burn", "harm"} and tok.pos_ != "VERB":
            return None
        if lemma == "burn" and tok.tag_ == "VBG" and not any(c.dep_ == "dobj" for c in tok.children):
            return None  # "50 cars were burning" is a fire; "burning three people" and "were burned" are injuries
        return "injured"
    if lemma in INTERCEPT_LEMMAS or low in {"downed", "shot", "interception", "interceptions"}:
        if lemma in PARTICLE_INTERCEPT_LEMMAS and not any(c.lower_ == "down" for c in tok.children):
            return None  # "brought out of the ruins alive" is a rescue; "brought down" an interception
        return "intercepted"
    if lemma in LAUNCH_LEMMAS:
        return "launched"
    return None


PARTICLE_INTERCEPT_LEMMAS = {"bring", "knock"}  # interception verbs only with their particle: "brought down"


def _claims_lives(tok: Token) -> bool:
    words = {t.lemma_.lower() for t in tok.subtree} | {tok.head.lemma_.lower()}
    if tok.lemma_.lower() == "toll":  # "the toll climbed to 12" is a death toll unless it counts the injured
        return not {t.lemma_.lower() for t in tok.subtree} & {"injure", "injured", "wound", "wounded", "injury",
                                                              "casualty"}
    return bool(words & {"life", "death", "toll", "body"})


def _static_type(doc: Doc, start: int, end: int, value: float | None) -> tuple[str | None, str | None]:
    """Types decided by form alone: (type, unit)."""
    after = doc[end].lower_ if end < len(doc) else ""
    after2 = doc[end + 1].lower_ if end + 1 < len(doc) else ""
    before = doc[start - 1].lower_ if start > 0 else ""
    text = doc[start:end].text
    ent = doc[start].ent_type_
    if after == "of" and after2 in {"the", "these", "those"} and end + 2 < len(doc) \
            and doc[end + 2].lower_ in DOWNED_WORDS:
        return "other", None  # "fragments of one of the downed missiles": a weapon counted before, not a count
    if after in {"%", "percent", "per"} and (after != "per" or after2 == "cent"):
        return "percent", "percent"
    if ent == "MONEY" or before in MONEY_WORDS or after in MONEY_WORDS or \
            (after in SCALE_WORDS and after2 in MONEY_WORDS):
        return "money", None
    if after in CALIBRE_UNITS or re.search(r"\d(mm|cm)$", text) or (after == "-" and after2 in CALIBRE_UNITS):
        return "calibre", "mm"
    unit = after2 if after == "-" else after
    if unit in DISTANCE_UNITS and not (unit == "m" and value is not None and value < 1):
        return "distance", unit
    if unit in TIME_UNITS:
        follow = doc[end + 2].lower_ if end + 2 < len(doc) else ""
        if follow == "ago" or (after == "-" and doc[end + 2].lower_ == "ago" if end + 2 < len(doc) else False):
            return "date", unit
        return "duration", unit.rstrip("s") if unit.endswith("s") else unit
    if after in FLOOR_WORDS or before in {"floor", "no.", "number", "#"} or (after and after in ORDINAL_WORDS):
        return "ordinal", None
    if after == "-" and end + 1 < len(doc) and doc[end + 1].lower_ in FLOOR_WORDS:
        return "ordinal", None  # "a two-storey house": the building's height, not a count
    if re.fullmatch(r"\d+(st|nd|rd|th)", text.lower()) or doc[start].lower_ in ORDINAL_WORDS \
            or doc[start].lower_ in ORDINAL_VALUES:
        return "ordinal", None
    if re.fullmatch(r"(19|20)\d\d", text) and (before == "born" or doc[max(0, start - 2):start].text.lower()
                                              in {"born in", "born on"}):
        return "birth_year", None
    level_to = before == "to" and start > 1 and doc[start - 2].lemma_ in LEVEL_VERBS  # "the toll climbed to 12"
    last = doc[end - 1]  # "killing six people and wounding 35": the object of a casualty verb, whatever NER says
    argument = last.dep_ in {"dobj", "nsubjpass", "nsubj"} and _lemma_kind(last.head) is not None
    if ent in {"DATE", "TIME"} and not (after in PERSON_NOUNS or after in WEAPON_NOUNS) and not level_to \
            and not argument:
        return "date", None
    if re.fullmatch(r"(19|20)\d\d", text) and (before in {"in", "since", "of", "from", "until", "by", "born"}
                                              or ent in {"DATE", "CARDINAL", ""}):
        if before == "born" or doc[max(0, start - 2):start].text.lower() == "born in":
            return "birth_year", None
        if after not in PERSON_NOUNS and after not in WEAPON_NOUNS:
            return "date", None
    if re.fullmatch(r"\d{1,2}[:.]\d\d", text) or after in {"a.m.", "p.m.", "am", "pm", "o'clock", "gmt", "utc"}:
        return "date", "time"
    return None, None


def extract_numbers(doc: Doc) -> Iterator[NumberMention]:
    """Every number in ``doc``, typed, with qualifier and provenance (doc order)."""
    sent_of = _sentence_index(doc)
    raw: list[tuple[int, int, float | None, str]] = list(_number_spans(doc))
    covered = {i for s, e, _, _ in raw for i in range(s, e)}
    # singular casualties: "a 12-year-old boy was killed", "a woman was injured", "the death of a man"
    for tok in doc_tokens(doc):
        if tok.lower_ in {"a", "an", "one"} and tok.i not in covered and tok.dep_ == "det" \
                and tok.head.lower_ in PERSON_NOUNS and tok.head.tag_ in {"NN", "NNP"}:
            raw.append((tok.i, tok.i + 1, 1.0, "exact"))
    singles = {tok.head.i for tok in doc_tokens(doc) if tok.lower_ in {"a", "an", "one"} and tok.dep_ == "det"}
    for tok in doc_tokens(doc):  # "killing a woman and her daughter": the possessed conjunct is one more person
        if tok.dep_ == "conj" and tok.head.i in singles and tok.lower_ in PERSON_NOUNS and tok.tag_ == "NN" \
                and tok.i not in covered and any(c.dep_ == "poss" for c in tok.children) \
                and not any(c.dep_ == "nummod" for c in tok.children):
            raw.append((tok.i, tok.i + 1, 1.0, "exact"))
    forced = _zero_casualties(doc, {i for s, e, _, _ in raw for i in range(s, e)})
    raw += [(i, i + 1, 0.0, "exact") for i in forced]
    raw.sort()
    mentions: list[NumberMention] = []
    for start, end, value, default_q in raw:
        if start in forced:
            tok = doc[start]
            sent_i, sent_text = sent_of.get(start, (0, ""))
            mentions.append(NumberMention(
                text=tok.text, value=0.0, quantity_type=forced[start], qualifier="exact", unit=None,
                head=tok.lower_, is_child=False, breakdown_of=None, sentence_index=sent_i, sentence=sent_text,
                char_start=tok.idx, char_end=tok.idx + len(tok.text), token_start=start, token_end=start + 1,
                head_i=start))
            continue
        number_tok = doc[start] if end - start == 1 else doc[end - 1]  # "a dozen" -> "dozen"
        qualifier = _qualifier(doc, start, default_q)
        is_age, person = _age_at(doc, start, end)
        unit = None
        head_tok = None
        if is_age:
            qtype = "age"
            head_tok = person
        else:
            qtype, unit = _static_type(doc, start, end, value)
        if qtype is None:
            head_tok = _counted_noun(number_tok)
            kind, via_breakdown = _predicate_type(head_tok, number_tok)
            stopped = kind == "none"
            if stopped:
                kind = None
            if kind in {"killed", "injured"} and _none_of(head_tok):
                kind = None  # "none of the 48 children were hurt": the zero is the figure (_zero_casualties), not 48
            if start > 0 and doc[start - 1].lower_ == "no":  # "no one was hurt": none injured
                value = 0.0 if kind in {"killed", "injured"} else value
                kind = kind if kind in {"killed", "injured"} else None
            head_low = head_tok.lower_
            if kind in {"killed", "injured"} and not (head_low in PERSON_NOUNS or head_tok.i == number_tok.i
                                                       or head_tok.pos_ in {"PRON", "NUM"}):
                kind = None if head_low in WEAPON_NOUNS else kind
            if kind == "intercepted" and head_low in PERSON_NOUNS:
                kind = "killed"  # "destroyed 37 invaders", "neutralized 12 soldiers"
            if kind in {"launched", "intercepted"} and head_low not in WEAPON_NOUNS and head_tok.ent_type_ != "WEAPON":
                if not (head_tok.i == number_tok.i or head_tok.lower_ in {"them", "targets"}):
                    kind = None
            if kind == "intercepted" and _fronted_of(head_tok):
                kind = "launched"  # "Of the 52 drones, 40 were shot down": 52 is what was launched
            if kind == "intercepted" and _decoy(head_tok):
                kind, stopped = None, True  # decoys are not counted as interceptions
            if kind is None and not stopped and (head_low in WEAPON_NOUNS or head_tok.ent_type_ == "WEAPON"):
                kind = _weapon_sentence_kind(doc, number_tok)
                if kind == "intercepted" and _decoy(head_tok):
                    kind = None  # "another 68 decoy drones were lost from radar" beside the interceptions
            qtype = kind or "other"
            if qtype in INCIDENT_TYPES:
                qtype = _not_incident(doc, start, end, head_tok, qtype) or qtype
        is_child = bool(head_tok is not None and head_tok.lower_ in CHILD_NOUNS)
        sent_i, sent_text = sent_of.get(start, (0, ""))
        mentions.append(NumberMention(
            text=doc[start:end].text, value=value, quantity_type=qtype, qualifier=qualifier, unit=unit,
            head=head_tok.lower_ if head_tok is not None else None, is_child=is_child, breakdown_of=None,
            sentence_index=sent_i, sentence=sent_text, char_start=doc[start].idx,
            char_end=doc[end - 1].idx + len(doc[end - 1].text), token_start=start, token_end=end,
            head_i=head_tok.i if head_tok is not None else None))
    yield from _link_people(doc, mentions)


INCIDENT_TYPES = {"killed", "injured", "launched", "intercepted"}
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_SINCE_WAR = "|".join((
    r"since (the )?(start|beginning|outbreak|onset) of (the |russia's |moscow's )?(full[- ]scale |large[- ]scale )?"
    r"(russian )?(invasion|war|aggression|hostilities|escalation|incursion|occupation)",
    r"since (russia's |the )?(full[- ]scale )?invasion( began| started)?", r"since (the )?war (began|started)",
    r"since (24 )?february( 24)?,? 2022", r"since 2014", r"since 2022",
    r"over the course of the (full[- ]scale )?war", r"throughout the war", r"during the (whole |entire )?war",
    r"in the war so far", r"war[- ]to[- ]date", r"cumulative(ly)?"))
STRONG_TOTAL = re.compile(rf"\b({_SINCE_WAR})", re.I)
IN_TOTAL = re.compile(r"\b(in total|a total of|overall|all told)\b", re.I)
WEAK_TOTAL = re.compile(rf"\b(this (year|month)|in (19|20)\d\d( alone)?|since (the start of )?(the year|{_MONTHS})|"
                        rf"last (year|month)|in ({_MONTHS})( alone)?)\b", re.I)
ONE_REPORT = re.compile(rf"\b(as of \d{{1,2}}[:.]\d\d|overnight|last night|during the night|tonight|this morning|"
                        rf"past (24 hours|day|night)|(on|early on|late on) ({_DAYS})|({_DAYS}) (night|morning|evening)|"
                        rf"in (the|one|a single) (attack|strike|night|day|assault))\b", re.I)
RECORD = re.compile(r"\b(record|new high|largest|biggest|deadliest|heaviest|worst|most|highest|fiercest|bloodiest|"
                    r"in (a|one) single (night|day|attack|strike|wave|raid))\b", re.I)
NOT_INCIDENT_LEMMAS = {"supply", "pledge", "donate", "donation", "package", "aid", "produce", "production",
                       "manufacture", "order", "purchase", "buy", "stockpile", "budget", "allocate", "contract",
                       "procure", "receive", "deploy", "mobilize", "mobilise", "recruit", "train", "flee", "displace",
                       "evacuate", "relocate", "deport", "shelter", "refugee", "population", "tablet", "dose", "kit",
                       "tonne", "ton", "generator"}


def _not_incident(doc: Doc, start: int, end: int, head: Token | None, qtype: str) -> str | None:
    """``total`` for a running total of the war, ``other`` for a figure outside an incident's frame, None for an
    incident figure (see the module docstring)."""
    tok = doc[end - 1]
    sent = tok.sent
    text = sent.text
    record = RECORD.search(text)
    for pattern in (STRONG_TOTAL, IN_TOTAL, WEAK_TOTAL):
        for m in pattern.finditer(text):
            if record and pattern is not WEAK_TOTAL:
                continue  # "the largest attack since the start of the invasion": a record, not a total
            if re.search(r"\bborn\s*$", text[max(0, m.start() - 12):m.start()]):
                continue  # "two boys born in 2009"
            if pattern is IN_TOTAL and (ONE_REPORT.search(text) or not _perfect(tok)):
                continue  # "in total, 120 drones were launched overnight", "in total, 11 sought help": one incident
            if pattern is WEAK_TOTAL and not (m.group().lower().endswith("alone") or _perfect(tok)):
                continue  # "in May a strike killed 12": an incident dated by its month
            return "total"
    # the words the figure hangs from: a supply, aid, deployment or displacement frame is no incident
    chain, node = [], head if head is not None else tok
    for _ in range(4):  # up to the figure's own casualty or weapon verb, not past it into the main clause
        chain.append(node)
        if node.head.i == node.i or (node is not head and node is not tok and _lemma_kind(node)):
            break
        node = node.head
    chain = [t for t in chain if _frame(t) not in {"killed", "injured"}]  # "received treatment" is a casualty frame
    lemmas = {t.lemma_.lower() for t in chain} | {t.lower_ for t in chain}
    if lemmas & NOT_INCIDENT_LEMMAS:
        return "other"
    if qtype in {"launched", "intercepted"} and ({t.lemma_.lower() for t in sent} & {"package", "aid", "pledge",
                                                                                       "supply", "budget"}
                                                 or (head is not None and head.lower_ in PERSON_NOUNS)):
        return "other"  # a weapons package; "sent 700,000 soldiers to the front"
    return None


def _perfect(tok: Token) -> bool:
    """Is the clause of ``tok`` in a perfect tense ("has launched", "have been killed")?"""
    node = tok
    for _ in range(5):
        if node.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"aux", "auxpass"} and c.lower_ in {"has", "have", "'ve"}
                                                  for c in node.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


_ZERO_NOUNS = {"casualty": ("killed", "injured"), "victim": ("killed", "injured"), "injury": ("injured",),
               "death": ("killed",), "fatality": ("killed",), "dead": ("killed",), "injured": ("injured",),
               "wounded": ("injured",)}


def _zero_casualties(doc: Doc, covered: set[int]) -> dict[int, str]:
    """"no casualties", "no injuries", "without casualties", "no deaths were reported": token -> a zero figure.
    "Casualties" counts both the dead and the injured, so it gives two zeros (on "no" and on the noun)."""
    out: dict[int, str] = {}
    for tok in doc_tokens(doc):
        if tok.lower_ not in {"no", "without"} or tok.i + 1 >= len(doc):
            continue
        noun = doc[tok.i + 1]
        if noun.lemma_.lower() not in _ZERO_NOUNS and noun.lower_ not in _ZERO_NOUNS:
            if tok.i + 2 < len(doc) and noun.pos_ == "ADJ" and doc[tok.i + 2].lemma_.lower() in _ZERO_NOUNS:
                noun = doc[tok.i + 2]  # "no civilian casualties"
            else:
                continue
        if noun.i + 1 < len(doc) and doc[noun.i + 1].lemma_.lower() in DATA_NOUNS:
            continue  # "gave no casualty figures": the toll is not known, not zero
        kinds = _ZERO_NOUNS.get(noun.lemma_.lower()) or _ZERO_NOUNS[noun.lower_]
        for i, kind in zip((tok.i, noun.i), kinds, strict=False):
            if i not in covered:
                out[i] = kind
    # "nobody was hurt", "no one was killed or injured", "none of the attacks caused casualties"
    for tok in doc_tokens(doc):
        if tok.dep_ not in {"nsubj", "nsubjpass"} or not (tok.lower_ in {"nobody", "none"} or (
                tok.lower_ == "one" and tok.i > 0 and doc[tok.i - 1].lower_ == "no")):
            continue
        verbs = [tok.head, *tok.head.conjuncts]
        objects = [c for v in verbs for c in v.children if c.dep_ == "dobj"]
        pairs = [(v, k) for v in verbs for k in _ZERO_VERBS.get(v.lemma_.lower(), ())]
        pairs += [(c, k) for c in objects for k in _ZERO_NOUNS.get(c.lemma_.lower(), ())]
        given = {_lemma_kind(tok.head)} if tok.i in covered else set()  # "no one": the number takes its verb's
        spare = [t.i for t in (tok, *verbs, *objects)]
        for t, kind in pairs:
            if kind in given:
                continue
            given.add(kind)
            i = next((j for j in (t.i, *spare) if j not in covered and j not in out), None)
            if i is not None:
                out[i] = kind
    return out


# a zero subject of these verbs ("nobody was hurt") is a zero of these figures; "hurt" covers the dead too
_ZERO_VERBS = {"kill": ("killed",), "die": ("killed",), "injure": ("injured",), "wound": ("injured",),
               "hurt": ("killed", "injured"), "harm": ("killed", "injured")}


def _none_of(noun: Token) -> bool:
    """Is ``noun`` counted out by "none/neither of (the) N <noun>"?"""
    return noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in {"none", "neither"}


def _fronted_of(noun: Token) -> bool:
    of = noun.head
    if noun.dep_ != "pobj" or of.lower_ != "of" or of.head.i <= of.i or of.head.pos_ not in {"VERB", "AUX"}:
        return False
    return of.i == noun.sent.start or of.nbor(-1).is_punct or of.nbor(-1).is_space


def _decoy(noun: Token) -> bool:
    return noun.lower_.startswith(("decoy", "imitat")) or any(
        c.lower_.startswith(("decoy", "imitat", "dummy", "dummies")) for c in noun.children)


def _weapon_sentence_kind(doc: Doc, tok: Token) -> str | None:
    lemmas = {t.lemma_.lower() for t in tok.sent}
    if lemmas & {"intercept", "interception", "shoot", "neutralize", "neutralise", "suppress", "down"}:
        return "intercepted"
    if lemmas & LAUNCH_LEMMAS:
        return "launched"
    return None


def _link_people(doc: Doc, mentions: list[NumberMention]) -> Iterator[NumberMention]:
    """Ages make their person a child; breakdowns point at their total; coordinated counts share a group."""
    by_head: dict[int, NumberMention] = {}
    for m in mentions:
        if m.quantity_type in {"killed", "injured"} and m.head_i is not None:
            by_head.setdefault(m.head_i, m)
    ages = {m.head_i: m.value for m in mentions if m.quantity_type == "age" and m.head_i is not None}
    out = []
    all_but: dict[int, float] = {}  # "all but two of the 30 drones": the part is 30 - 2
    for m in mentions:
        fields = dict(m.__dict__)
        part = _partitive_part(doc, m, mentions)
        if part is not None and part.quantity_type == "intercepted" and m.quantity_type in {"intercepted", "other"}:
            fields["quantity_type"] = "launched"  # "shot down 40 of the 52 drones": 52 is what was launched
            if doc[max(0, part.token_start - 2):part.token_start].text.lower() == "all but" \
                    and m.value is not None and part.value is not None and part.value < m.value:
                all_but[part.char_start] = m.value - part.value
        if m.head_i in ages and ages[m.head_i] is not None and ages[m.head_i] < 18:
            fields["is_child"] = True
        if m.quantity_type in {"killed", "injured"} and m.head_i is not None:
            total = _breakdown_total(doc, doc[m.head_i], mentions, m)
            if total is not None:
                fields["breakdown_of"] = (total.char_start, total.char_end)
            else:  # "three children are among the dead": part of a toll told elsewhere, never the toll
                fields["part"] = _among(doc[m.head_i])
        if m.quantity_type in {"killed", "injured", "launched", "intercepted"} and m.head_i is not None:
            # "12 women and 6 men"; "four Vampire rockets and two Vilkha rockets were destroyed": conjuncts add up
            fields["conj_group"] = _conj_group(doc[m.head_i])
        out.append(NumberMention(**fields))
    yield from (NumberMention(**{**m.__dict__, "value": all_but[m.char_start]}) if m.char_start in all_but else m
                for m in out)


def _among(noun: Token) -> bool:
    """'Three children are among the dead', 'a medic was among those killed', 'among the wounded are three police
    officers': the count is part of the toll."""
    verb = noun.head if noun.dep_ in {"nsubj", "attr", "nsubjpass"} else None
    if verb is not None and verb.lemma_ == "be" and _has_among(verb):
        return True
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    return noun.dep_ == "nsubj" and noun.head.lemma_ in LEVEL_VERBS and _has_among(noun.head)


def _has_among(verb: Token) -> bool:
    return any(c.dep_ == "prep" and c.lower_ == "among" for c in verb.children)


def _partitive_part(doc: Doc, total: NumberMention, mentions: list[NumberMention]) -> NumberMention | None:
    """For the total Y of 'X of (the) Y drones', the mention X; else None."""
    if total.head_i is None:
        return None
    tok = doc[total.token_end - 1]
    noun = doc[total.head_i]
    if tok.dep_ != "nummod" or noun.dep_ != "pobj" or noun.head.lower_ != "of":
        return None
    owner = noun.head.head
    return next((m for m in mentions if m is not total and m.token_start <= owner.i < m.token_end), None)


def _breakdown_total(doc: Doc, noun: Token, mentions: list[NumberMention], me: NumberMention):
    node = noun
    for _ in range(5):
        head = node.head
        if head.i == node.i:
            return None
        if node.dep_ == "appos" or head.lower_ in {"including", "among"} or head.lemma_ == "include" \
                or (node.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in {"whom", "them", "those"}):
            # the total is the nearest casualty count this phrase hangs from, earlier in the sentence
            anchor = head
            while anchor.head.i != anchor.i and anchor.i > 0:
                candidates = [m for m in mentions if m is not me and m.quantity_type == me.quantity_type
                              and m.token_start < me.token_start and m.sentence_index == me.sentence_index]
                if candidates:
                    return candidates[-1]
                anchor = anchor.head
            return None
        node = head
    return None


def _conj_group(noun: Token) -> int | None:
    """Counts joined by 'and' share the index of the first conjunct ("12 women and 6 men")."""
    if noun.dep_ == "conj":
        first = noun
        while first.dep_ == "conj":
            first = first.head
        return first.i
    if any(c.dep_ == "conj" for c in noun.children):
        return noun.i
    return None
