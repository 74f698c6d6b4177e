"""The one mapping from the extractor's event kinds to ACLED's typology, read from ``data/acled_types.jsonl``.

Each line is ``{kind, subkind, disorder_type, event_type, sub_event_type, note}``; ``subkind`` null is the
kind's default. :func:`acled_type` is used by the extractor (``acled_event_type`` / ``acled_sub_event_type`` of
every event row) and by the ACLED CSV export (:func:`sitrep.export.to_acled`), so the two never disagree.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

PATH = Path(__file__).parent / "data" / "acled_types.jsonl"


@functools.cache
def acled_types() -> dict[tuple[str, str | None], dict]:
    """``(kind, subkind) -> row`` of the mapping file, in file order."""
    out: dict[tuple[str, str | None], dict] = {}
    with PATH.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out[(row["kind"], row["subkind"])] = row
    return out


def acled_type(kind: str | None, subkind: str | None = None) -> tuple[str | None, str | None]:
    """``(event_type, sub_event_type)`` of an event; the kind's default when the subkind has no row of its own."""
    table = acled_types()
    row = table.get((kind, subkind)) or table.get((kind, None))
    return (row["event_type"], row["sub_event_type"]) if row else (None, None)


def disorder_type(kind: str | None, subkind: str | None = None) -> str | None:
    """ACLED's ``disorder_type`` of an event (Political violence, Strategic developments...)."""
    table = acled_types()
    row = table.get((kind, subkind)) or table.get((kind, None))
    return row["disorder_type"] if row else None


def mapping() -> dict[tuple[str, str | None], tuple[str | None, str | None]]:
    """The table as ``(kind, subkind) -> (event_type, sub_event_type)``."""
    return {key: (row["event_type"], row["sub_event_type"]) for key, row in acled_types().items()}


__all__ = ["PATH", "acled_type", "acled_types", "disorder_type", "mapping"]
