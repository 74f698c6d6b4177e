"""Dependency-tree patterns looked up by their anchor token: the anchors spaCy's ``DependencyMatcher`` finds.

spaCy's ``DependencyMatcher`` first runs a token ``Matcher`` with every node of every pattern over the whole
document (a Python predicate call per token for each ``IN`` list) and walks each matched token's ancestors; on
news prose that cost more than all the event rules together. :class:`AnchorIndex` looks a pattern up by the
lemma or lower-case form of its first node (the anchor) and only then follows the pattern's relations from that
token, so a document costs one dictionary lookup per token plus the few anchors that could match.

It answers the one question the frame rules ask, *which tokens anchor a full match of which pattern* — the same
anchors as ``DependencyMatcher`` (``tests/extract/test_treematch.py`` checks both on the frame examples and on
parsed news text). Patterns using an operator or attribute not handled here go to a ``DependencyMatcher`` of
their own, so any valid pattern works.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc

from sitrep.nlp import doc_tokens, sentences

# Token attributes as the Matcher reads them.
_ATTRS: dict[str, Callable] = {
    "LEMMA": lambda t: t.lemma_, "LOWER": lambda t: t.lower_, "ORTH": lambda t: t.orth_, "TEXT": lambda t: t.orth_,
    "DEP": lambda t: t.dep_, "TAG": lambda t: t.tag_, "POS": lambda t: t.pos_, "ENT_TYPE": lambda t: t.ent_type_,
}
_LOOKUP = ("LEMMA", "LOWER", "ORTH", "TEXT")  # anchor attributes a pattern can be looked up by, best first


def _children(doc: Doc, i: int, _s: tuple[int, int]) -> Iterable[int]:
    return (t.i for t in doc[i].children)


def _head(doc: Doc, i: int, _s: tuple[int, int]) -> Iterable[int]:
    head = doc[i].head.i
    return () if head == i else (head,)


def _descendants(doc: Doc, i: int, _s: tuple[int, int]) -> Iterable[int]:
    return (t.i for t in doc[i].subtree if t.i != i)


def _ancestors(doc: Doc, i: int, _s: tuple[int, int]) -> Iterable[int]:
    return (t.i for t in doc[i].ancestors)


def _next(_doc: Doc, i: int, sent: tuple[int, int]) -> Iterable[int]:
    return (i + 1,) if i + 1 < sent[1] else ()


def _previous(_doc: Doc, i: int, sent: tuple[int, int]) -> Iterable[int]:
    return (i - 1,) if i - 1 >= sent[0] else ()


def _after(_doc: Doc, i: int, sent: tuple[int, int]) -> Iterable[int]:
    return range(i + 1, sent[1])


def _before(_doc: Doc, i: int, sent: tuple[int, int]) -> Iterable[int]:
    return range(sent[0], i)


# REL_OP -> the tokens B that stand in that relation to A ("A op B"), as in spaCy's DependencyMatcher.
_OPS: dict[str, Callable[[Doc, int, tuple[int, int]], Iterable[int]]] = {
    ">": _children, "<": _head, ">>": _descendants, "<<": _ancestors,
    ".": _next, ";": _previous, ".*": _after, ";*": _before,
}


def _test(attr: str, spec: object) -> Callable[[object], bool] | None:
    """A predicate on a token for one RIGHT_ATTRS entry, or None when this module does not handle it."""
    get = _ATTRS.get(attr)
    if get is None:
        return None
    if isinstance(spec, str):
        return lambda t: get(t) == spec
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, value),) = spec.items()
        if op in ("IN", "NOT_IN") and isinstance(value, list) and all(isinstance(v, str) for v in value):
            values = frozenset(value)
            return (lambda t: get(t) in values) if op == "IN" else (lambda t: get(t) not in values)
        if op == "REGEX" and isinstance(value, str):
            rx = re.compile(value)
            return lambda t: rx.search(get(t)) is not None
    return None


@dataclass(frozen=True)
class _Node:
    left: int  # index of the node this one is related to (-1 for the anchor)
    op: str
    tests: tuple[Callable[[object], bool], ...]


@dataclass(frozen=True)
class _Pattern:
    key: str
    nodes: tuple[_Node, ...]


def _compile(key: str, pattern: list[dict]) -> tuple[_Pattern, tuple[str, frozenset[str]] | None] | None:
    """The pattern and its anchor's lookup (attribute, values), or None when part of it is not handled here."""
    ids: dict[str, int] = {}
    nodes: list[_Node] = []
    lookup = None
    for k, spec in enumerate(pattern):
        attrs = dict(spec.get("RIGHT_ATTRS", {}))
        if k == 0:
            for name in _LOOKUP:
                value = attrs.get(name)
                if isinstance(value, str):
                    lookup = (name, frozenset([value]))
                elif isinstance(value, dict) and set(value) == {"IN"}:
                    lookup = (name, frozenset(value["IN"]))
                if lookup:
                    break
            left, op = -1, ""
        else:
            op = spec.get("REL_OP", "")
            if op not in _OPS or spec.get("LEFT_ID") not in ids:
                return None
            left = ids[spec["LEFT_ID"]]
        tests = tuple(_test(a, v) for a, v in attrs.items())
        if any(t is None for t in tests):
            return None
        ids[spec["RIGHT_ID"]] = k
        nodes.append(_Node(left, op, tests))
    return _Pattern(key, tuple(nodes)), lookup


class AnchorIndex:
    """Which tokens anchor a full match of which dependency pattern (see the module doc)."""

    def __init__(self, vocab, patterns: Iterable[tuple[str, list[dict]]]):
        self.by_value: dict[tuple[str, str], list[_Pattern]] = {}
        self.scan: list[_Pattern] = []  # anchors with nothing to look up: tried at every token
        self.leftover: DependencyMatcher | None = None
        for key, pattern in patterns:
            compiled = _compile(key, pattern)
            if compiled is None:
                if self.leftover is None:
                    self.leftover = DependencyMatcher(vocab)
                self.leftover.add(key, [pattern])
                continue
            pat, lookup = compiled
            if lookup is None:
                self.scan.append(pat)
            else:
                for value in lookup[1]:
                    self.by_value.setdefault((lookup[0], value), []).append(pat)
        self.lookup_attrs = sorted({attr for attr, _ in self.by_value}, key=_LOOKUP.index)

    def __call__(self, doc: Doc) -> list[tuple[str, int]]:
        """(pattern key, anchor token index) for every anchor of a full match, in token order."""
        found: list[tuple[str, int]] = []
        sent_of: list[tuple[int, int]] | None = None
        getters = [(attr, _ATTRS[attr]) for attr in self.lookup_attrs]
        for tok in doc_tokens(doc):
            cands: list[_Pattern] = []
            for attr, get in getters:
                hit = self.by_value.get((attr, get(tok)))
                if hit:
                    cands.extend(hit)
            cands.extend(self.scan)
            seen: set[str] = set()
            for pat in cands:
                if pat.key in seen or not all(test(tok) for test in pat.nodes[0].tests):
                    continue
                if len(pat.nodes) > 1 and sent_of is None:
                    sent_of = _sentence_bounds(doc)
                if self._complete(doc, pat, [tok.i], sent_of):
                    found.append((pat.key, tok.i))
                    seen.add(pat.key)
        if self.leftover is not None:
            vocab = doc.vocab.strings
            found.extend((vocab[key], tokens[0]) for key, tokens in self.leftover(doc))
            found = sorted(set(found), key=lambda kt: (kt[1], kt[0]))
        return found

    def _complete(self, doc: Doc, pat: _Pattern, chosen: list[int], sent_of) -> bool:
        k = len(chosen)
        if k == len(pat.nodes):
            return True
        node = pat.nodes[k]
        left = chosen[node.left]
        for j in _OPS[node.op](doc, left, sent_of[left]):
            tok = doc[j]
            if all(test(tok) for test in node.tests):
                chosen.append(j)
                if self._complete(doc, pat, chosen, sent_of):
                    chosen.pop()
                    return True
                chosen.pop()
        return False


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of each token's sentence; one tree per sentence when the doc is parsed."""
    bounds: list[tuple[int, int]] = [(0, len(doc))] * len(doc)
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        for sent in sentences(doc):
            span = (sent.start, sent.end)
            bounds[sent.start:sent.end] = [span] * (sent.end - sent.start)
    return bounds
