"""Predicate frames for typing counts, as data: ``data/casualty_frames.jsonl``.

Each line is a spaCy ``DependencyMatcher`` pattern with the ``kind`` it gives its first node (the predicate) and an
``example`` sentence it must match (tested in ``tests/extract/test_frames.py``). Kinds: ``killed``/``injured`` for a
casualty frame whose predicate is not a casualty word itself ("lost their lives", "sustained injuries", "the deaths
of", "injuries to"), ``none`` for a frame that ends the search for what happens to a count ("sustained damage" is not
an injury; drones "jammed", "lost locationally", "suppressed by electronic warfare" or that "came down" are not
intercepted). Attack kinds: ``generic`` for a habitual, hypothetical or generic mention of attacks (no incident
unless the sentence counts casualties), ``no_attack`` for an idiom whose trigger word is no attack at all ("doctors
are fighting for their lives"). :mod:`sitrep.extract.numbers` reads the kinds through :func:`frame_kinds`, the attack
detector (:mod:`sitrep.extract.events.attacks`) the attack kinds.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc

FRAMES_PATH = Path(str(resources.files("sitrep") / "data" / "casualty_frames.jsonl"))
_KEY = "sitrep_frames"


def read_frames(path: Path = FRAMES_PATH) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@functools.lru_cache(maxsize=4)
def _matcher(vocab) -> tuple[DependencyMatcher, dict[int, str]]:
    matcher = DependencyMatcher(vocab)
    kinds: dict[int, str] = {}
    for frame in read_frames():
        matcher.add(frame["id"], [frame["pattern"]])
        kinds[vocab.strings[frame["id"]]] = frame["kind"]
    return matcher, kinds


def frame_kinds(doc: Doc) -> dict[int, str]:
    """token index of a frame's predicate -> kind (computed once per doc, kept in ``doc.user_data``)."""
    cached = doc.user_data.get(_KEY)
    if cached is not None:
        return cached
    matcher, kinds = _matcher(doc.vocab)
    out: dict[int, str] = {}
    for key, tokens in matcher(doc):
        kind = kinds[key]
        if out.get(tokens[0]) != "none":  # a stop frame wins over a casualty frame on the same predicate
            out[tokens[0]] = kind
    doc.user_data[_KEY] = out
    return out


def matches(doc: Doc) -> list[tuple[str, int]]:
    """(frame id, predicate token index) for every frame match (for tests and diagnosis)."""
    matcher, _ = _matcher(doc.vocab)
    return [(doc.vocab.strings[key], tokens[0]) for key, tokens in matcher(doc)]
