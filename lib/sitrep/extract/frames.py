"""Predicate frames for typing counts, as data: ``data/casualty_frames.jsonl``.

Each line is a spaCy ``DependencyMatcher`` pattern with the ``kind`` it gives its first node (the predicate) and an
``example`` sentence it must match (tested in ``tests/extract/test_frames.py``). Kinds: ``killed``/``injured`` for a
casualty frame whose predicate is not a casualty word itself ("lost their lives", "sustained injuries", "the deaths
of", "injuries to"), ``none`` for a frame that ends the search for what happens to a count ("sustained damage" is not
an injury; drones "jammed", "lost locationally", "suppressed by electronic warfare" or that "came down" are not
intercepted). Attack kinds: ``generic`` for a habitual, hypothetical or generic mention of attacks (no incident
unless the sentence counts casualties) or of talks ("summits have rarely stopped a war": no meeting), ``no_attack``
for an idiom whose trigger word is no attack at all ("doctors are fighting for their lives"), ``capture`` for
territory taken ("captured the village of X", "took control of X", "held 80 percent of X":
:mod:`sitrep.extract.events.captures`). :mod:`sitrep.extract.numbers` reads the kinds through :func:`frame_kinds`,
the attack and meeting detectors (:mod:`sitrep.extract.events.attacks`, ``.captures``,
:mod:`~sitrep.extract.events.meetings`) the attack kinds.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc

from sitrep.extract.treematch import AnchorIndex

FRAMES_PATH = Path(str(resources.files("sitrep") / "data" / "casualty_frames.jsonl"))
_KEY = "sitrep_frames"
# kinds the attack detectors read; they say nothing about what a count counts
ATTACK_FRAME_KINDS = frozenset({"generic", "no_attack", "capture"})


def read_frames(path: Path = FRAMES_PATH) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@functools.lru_cache(maxsize=4)
def _matcher(vocab) -> tuple[AnchorIndex, dict[str, tuple[int, str]]]:
    """The frames' anchor index and, per frame id, (its line number, its kind)."""
    frames = read_frames()
    return (AnchorIndex(vocab, ((f["id"], f["pattern"]) for f in frames)),
            {f["id"]: (n, f["kind"]) for n, f in enumerate(frames)})


def frame_kinds(doc: Doc) -> dict[int, str]:
    """token index of a frame's predicate -> kind (computed once per doc, kept in ``doc.user_data``).

    A stop frame (``none``) wins over a casualty frame on the same predicate; otherwise the frame listed last in
    the file wins."""
    cached = doc.user_data.get(_KEY)
    if cached is not None:
        return cached
    index, kinds = _matcher(doc.vocab)
    out: dict[int, str] = {}
    for key, anchor in sorted(index(doc), key=lambda m: kinds[m[0]][0]):
        if out.get(anchor) != "none":
            out[anchor] = kinds[key][1]
    doc.user_data[_KEY] = out
    return out


def matches(doc: Doc) -> list[tuple[str, int]]:
    """(frame id, predicate token index) for every frame match (for tests and diagnosis)."""
    index, _ = _matcher(doc.vocab)
    return index(doc)
