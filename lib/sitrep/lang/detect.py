"""Language identification per article: English, Russian or Ukrainian (else the langid code).

A text without Cyrillic letters is English without any model (the English sample never loads one). A text with
Cyrillic is classified by ``py3langid`` (its model ships in the wheel), restricted to the languages sitrep reads
plus a few neighbours, over its letters; the letters only one of Russian and Ukrainian has (ы э ъ ё / і ї є ґ) break
a close call between the two, since langid alone confuses short Ukrainian posts with Russian.
"""

from __future__ import annotations

import functools
import re

SUPPORTED = ("en", "ru", "uk")
_CANDIDATES = ("en", "ru", "uk", "be", "bg", "de", "fr", "pl")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
SAMPLE_CHARS = 20_000  # enough text for a stable answer; long articles are classified on their start


@functools.cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(_CANDIDATES))
    return ident


def cyrillic_share(text: str) -> float:
    """Cyrillic letters among Cyrillic and Latin letters (0 for a text with neither)."""
    cyr, lat = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    return cyr / (cyr + lat) if cyr + lat else 0.0


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language: ``en`` for a text with no Cyrillic (no model is loaded), otherwise
    ``ru``/``uk`` (or another code langid prefers, e.g. ``bg``)."""
    sample = text[:SAMPLE_CHARS]
    if not _CYRILLIC.search(sample):
        return "en"
    if cyrillic_share(sample) < 0.3:  # an English text quoting a Cyrillic name or headline
        return "en"
    code, _ = _identifier().classify(sample)
    ru, uk = len(_RU_ONLY.findall(sample)), len(_UK_ONLY.findall(sample))
    if code in {"ru", "uk", "be", "bg"}:
        if uk > 3 * ru and uk >= 3:
            return "uk"
        if ru > 3 * uk and ru >= 3:
            return "ru"
    return code
