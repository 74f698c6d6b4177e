"""Sentences, tokens and lemmas for Russian (natasha: its razdel segmenter and NER tagger; pymorphy3 lemmas) and
Ukrainian (razdel + pymorphy3 with its Ukrainian dictionaries). Every model loads on first use, so a run without
Russian or Ukrainian articles never loads one. Natasha's syntax model is not used: the rules read lemmas and word
order, which serve both languages alike."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # offsets into the article text
    end: int
    lemma: str
    lemmas: tuple[str, ...]  # every lemma the dictionary allows (a place name's reading may not be the first)
    low: str = ""  # lower case, apostrophes as «'»

    def __post_init__(self):
        object.__setattr__(self, "low", self.text.lower().translate(_APOS))


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    tokens: tuple[Token, ...]
    persons: tuple[tuple[int, int, str], ...] = ()  # NER PER spans (start, end, text), Russian only
    locations: tuple[tuple[int, int], ...] = ()  # NER LOC spans (start, end), Russian only


@functools.cache
def _razdel():
    import razdel

    return razdel


@functools.cache
def morph(language: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=language)


@functools.cache
def _natasha():
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


_APOS = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})


@functools.lru_cache(maxsize=200_000)
def _lemmas(language: str, word: str) -> tuple[str, ...]:
    if not re.search(r"[А-Яа-яЁёІіЇїЄєҐґ]", word):
        return (word.lower(),)
    parses = morph(language).parse(word.translate(_APOS))
    out = []
    for p in parses[:4]:
        nf = p.normal_form.replace("ё", "е")
        if nf not in out:
            out.append(nf)
    return tuple(out) or (word.lower(),)


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n", text)]


def _words(text: str, razdel) -> list[tuple[int, int]]:
    """Token spans; a word with an apostrophe inside stays one token («п'ятьох», «об'єкт»)."""
    spans: list[tuple[int, int]] = []
    for t in razdel.tokenize(text):
        if spans and (t.text in _APOSTROPHE_CHARS or text[spans[-1][1] - 1] in _APOSTROPHE_CHARS) and \
                spans[-1][1] == t.start and text[spans[-1][0]].isalpha():
            spans[-1] = (spans[-1][0], t.stop)
        else:
            spans.append((t.start, t.stop))
    return spans


_APOSTROPHE_CHARS = "'’ʼ"


def sentences(text: str, language: str) -> list[Sentence]:
    """The text's sentences (a line is never joined to the next: headlines, subheads and datelines stand alone)."""
    razdel = _razdel()
    out: list[Sentence] = []
    para_starts = _paragraph_starts(text)
    for p_i, p_start in enumerate(para_starts):
        p_end = para_starts[p_i + 1] - 1 if p_i + 1 < len(para_starts) else len(text)
        line = text[p_start:p_end]
        if not line.strip():
            continue
        for s in razdel.sentenize(line):
            start, end = p_start + s.start, p_start + s.stop
            tokens = tuple(Token(text[start + a:start + b], start + a, start + b,
                                 (ls := _lemmas(language, text[start + a:start + b]))[0], ls)
                           for a, b in _words(s.text, razdel))
            out.append(Sentence(len(out), start, end, text[start:end], p_i, tokens))
    if language == "ru" and out:
        out = _with_names(text, out)
    return out


def _with_names(text: str, sents: list[Sentence]) -> list[Sentence]:
    """natasha's PER and LOC spans, tagged over the whole text at once (one pass is several times faster than one
    per sentence) and handed to the sentences they fall in."""
    from natasha import Doc

    segmenter, ner = _natasha()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(ner)
    out = []
    for sent in sents:
        inside = [sp for sp in doc.spans if sent.start <= sp.start < sent.end]
        persons = tuple((sp.start, sp.stop, sp.text) for sp in inside if sp.type == "PER")
        locations = tuple((sp.start, sp.stop) for sp in inside if sp.type == "LOC")
        out.append(Sentence(sent.index, sent.start, sent.end, sent.text, sent.paragraph, sent.tokens, persons,
                            locations))
    return out
