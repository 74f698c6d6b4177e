"""The Russian and Ukrainian rules as data: ``data/lang/ru.jsonl``, ``data/lang/uk.jsonl`` (triggers, casualty and
launch/interception stems, weapons, number words in their case forms, time phrases, qualifiers, regions) and
``data/lang/names.jsonl`` (the Cyrillic forms of the alias table's people and bodies, plus the few people the
English table does not list yet).

A *stem* matches a token (or a run of tokens) that starts with it, case-insensitively, so one entry covers every
case form ("погиб" = погиб, погибла, погибших). A name's *form* is written in the nominative; each of its words
longer than three letters matches with its inflection ending replaced (Гладков = Гладкова, Гладковым).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
LANG_DIR = DATA / "lang"
LANGUAGES = ("ru", "uk")


@dataclass(frozen=True)
class Lexicon:
    language: str
    stems: dict[str, tuple[str, ...]]
    patterns: dict[str, re.Pattern]
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    numbers: dict[str, int]
    qualifiers: dict[str, tuple[str, ...]]
    regions: dict[str, str | None]
    weapons: tuple[tuple[str, str], ...]  # (stem, weapon class), longest first

    def has(self, key: str, word: str) -> bool:
        w = word.lower()
        return any(w.startswith(s) for s in self.stems.get(key, ()))


@functools.cache
def load_lexicon(language: str) -> Lexicon:
    stems: dict[str, tuple[str, ...]] = {}
    patterns: dict[str, re.Pattern] = {}
    out: dict = {"months": (), "weekdays": (), "numbers": {}, "qualifiers": {}, "regions": {}, "weapons": ()}
    with (LANG_DIR / f"{language}.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            kind = rec["type"]
            if kind == "stems":
                stems[rec["key"]] = tuple(s.lower() for s in rec["stems"])
            elif kind == "regex":
                patterns[rec["key"]] = re.compile(rec["pattern"], re.IGNORECASE)
            elif kind in {"months", "weekdays"}:
                out[kind] = tuple(rec["names"])
            elif kind == "numbers":
                out["numbers"] = {k.replace("’", "'"): v for k, v in rec["values"].items()}
            elif kind == "qualifiers":
                out["qualifiers"] = {k: tuple(v) for k, v in rec.items() if k != "type"}
            elif kind == "regions":
                out["regions"] = dict(rec["aliases"])
            elif kind == "weapons":
                out["weapons"] = tuple(sorted(rec["stems"].items(), key=lambda kv: -len(kv[0])))
    return Lexicon(language, stems, patterns, **out)


@dataclass(frozen=True)
class Name:
    canonical: str
    type: str  # person, government, org
    country: str | None
    party: bool | None
    role: str | None
    speaker: bool  # a national figure whose remarks are statements of their own
    pattern: re.Pattern = field(compare=False)


_VOWEL_END = re.compile(r"[аеёиоуыэюяіїєйь]+$", re.IGNORECASE)


def _word_pattern(word: str) -> str:
    if len(word) <= 3 or not re.search(r"[а-яіїєґё]", word.lower()):
        return re.escape(word)
    stem = _VOWEL_END.sub("", word)
    if len(stem) < 3:
        stem = word[:-1]
    return re.escape(stem) + r"[\w'’]{0,4}"


def form_pattern(form: str) -> str:
    return r"(?<![\w])" + r"\s+".join(_word_pattern(w) for w in form.split()) + r"(?![\w])"


@functools.cache
def load_names() -> tuple[Name, ...]:
    """Every Cyrillic name with its canonical English record (type, country, party from ``aliases.jsonl``)."""
    known: dict[str, dict] = {}
    with (DATA / "aliases.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                known.setdefault(rec["canonical"], rec)
    names = []
    with (LANG_DIR / "names.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            base = {**known.get(rec["canonical"], {}), **rec}
            forms = sorted(rec["forms"], key=len, reverse=True)
            pattern = re.compile("|".join(form_pattern(f) for f in forms), re.IGNORECASE if base.get(
                "type") != "person" else 0)
            names.append(Name(rec["canonical"], base.get("type") or "org", base.get("country"), base.get("party"),
                              base.get("role"), bool(rec.get("speaker")), pattern))
    return tuple(names)
