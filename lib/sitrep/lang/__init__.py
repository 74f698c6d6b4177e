"""Russian and Ukrainian articles: language identification and their own extraction pipeline.

:func:`detect_language` tells an article's language (a text without Cyrillic is English, no model loaded);
:func:`extract_foreign` turns a Russian or Ukrainian article into the same tables as the English extractor
(:mod:`sitrep.lang.rules`, :mod:`sitrep.lang.events`). English articles never come here.
"""

from __future__ import annotations

import datetime as dt

from sitrep.lang.detect import SUPPORTED, detect_language

FOREIGN = ("ru", "uk")  # languages with a pipeline of their own


def extract_foreign(text: str, *, language: str, article_id: str, published: dt.date | None):
    """The tables of one Russian or Ukrainian article, as :class:`sitrep.extract.Extraction`."""
    from sitrep import schema
    from sitrep.extract import Extraction
    from sitrep.extract.plausibility import apply_bounds
    from sitrep.lang.events import extract_rows

    events, claims, entities, numbers, times, unresolved = extract_rows(text, language=language,
                                                                        article_id=article_id, published=published)
    events, claims = apply_bounds(events, claims)
    return Extraction(entities=schema.frame(schema.ENTITIES, entities), numbers=schema.frame(schema.NUMBERS, numbers),
                      events=schema.frame(schema.EVENTS, events), claims=schema.frame(schema.CLAIMS, claims),
                      times=schema.frame(schema.TIMES, times),
                      unresolved=tuple((article_id, u) for u in unresolved))


def route(jobs) -> dict[int, str]:
    """Index -> language of the jobs (article_id, text, published, path) that go to a pipeline of their own."""
    out = {}
    for i, job in enumerate(jobs):
        text = job.text if isinstance(job.text, str) else ""
        language = detect_language(text)
        if language in FOREIGN:
            out[i] = language
    return out


def article_languages(store_path) -> dict[str, int]:
    """Articles per language in a finished run's store (the report manifest's ``languages``); {} without one."""
    from pathlib import Path

    path = Path(store_path)
    if not path.is_file():
        return {}
    try:
        import duckdb

        with duckdb.connect(str(path), read_only=True) as con:
            rows = con.execute("SELECT coalesce(language, 'und'), count(*) FROM articles "
                               "GROUP BY 1 ORDER BY 1").fetchall()
    except Exception:  # no articles table yet, or a store another process holds: the manifest goes without
        return {}
    return {language: int(n) for language, n in rows}


__all__ = ["FOREIGN", "SUPPORTED", "article_languages", "detect_language", "extract_foreign", "route"]
