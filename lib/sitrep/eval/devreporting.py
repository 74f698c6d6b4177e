"""The shared development corpus ``dev-reporting``: realistic passages written apart from the rules.

It lives in ``$SITREP_SHARED_DATA/dev-reporting`` (default ``<repo>/../shared/data/dev-reporting``) and is never
copied into the package: :func:`load_dev_reporting` raises :class:`FileNotFoundError` when it is absent, and the
tests skip. Its files use the gold format of ``sitrep/data/gold/events_dev.jsonl`` (see that folder's README) plus
``title``, ``based_on`` and, for the Russian and Ukrainian passages, ``language``.

:func:`score_by_register` scores the passages of each register (``style``), or of each language, separately and
together: event precision/recall overall and per event kind, and F1 per field, in one wide table.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from sitrep.eval.score import GoldPassage, load_gold, score_events

ENV_VAR = "SITREP_SHARED_DATA"
DATASET_DIR = "dev-reporting"
SCORED_KINDS = ("attack", "air_defense")  # event precision/recall per kind for these
HEADLINE_FIELDS = ("killed", "injured", "launched", "intercepted", "claimant", "certainty", "place", "admin1",
                   "date_start")
ALL_REGISTERS = "all"


def default_dev_reporting_dir() -> Path:
    """``$SITREP_SHARED_DATA/dev-reporting`` if the variable is set, else ``<repo>/../shared/data/dev-reporting``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env) / DATASET_DIR
    repo = Path(__file__).resolve().parents[3]
    return Path(os.path.normpath(repo / ".." / "shared" / "data" / DATASET_DIR))


def load_dev_reporting(path: Path | str | None = None, *, languages: Iterable[str] | None = ("en",)
                       ) -> list[GoldPassage]:
    """The corpus's passages (every ``*.jsonl`` in the folder, in file order) in ``languages`` (None: all)."""
    folder = Path(path) if path is not None else default_dev_reporting_dir()
    files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    if not files:
        raise FileNotFoundError(f"dev-reporting corpus not found in {folder} (set {ENV_VAR} to the shared data "
                                f"folder)")
    wanted = None if languages is None else set(languages)
    return [p for f in files for p in load_gold(f) if wanted is None or p.language in wanted]


def _only_kind(gold: Sequence[GoldPassage], predicted: pd.DataFrame, kind: str
               ) -> tuple[list[GoldPassage], pd.DataFrame]:
    passages = [GoldPassage(p.id, p.style, p.published, p.text, tuple(e for e in p.events if e.get("kind") == kind),
                            p.language) for p in gold]
    return passages, predicted[predicted["kind"] == kind]


def score_register(gold: Sequence[GoldPassage], predicted: pd.DataFrame, *,
                   fields: Sequence[str] = HEADLINE_FIELDS) -> dict[str, float | int]:
    """One register's row: passages, gold events, event P/R (all kinds, then each of ``SCORED_KINDS``), field F1."""
    row: dict[str, float | int] = {"passages": len(gold), "events": sum(len(p.events) for p in gold)}
    overall = score_events(gold, predicted, fields=fields).set_index("field")
    row["event P"], row["event R"] = overall.loc["event", "precision"], overall.loc["event", "recall"]
    for kind in SCORED_KINDS:
        kind_gold, kind_pred = _only_kind(gold, predicted, kind)
        scores = score_events(kind_gold, kind_pred, fields=()).set_index("field")
        row[f"{kind} P"], row[f"{kind} R"] = scores.loc["event", "precision"], scores.loc["event", "recall"]
    for field in fields:
        row[f"{field} F1"] = overall.loc[field, "f1"]
    return row


def score_by_register(gold: Sequence[GoldPassage], predicted: pd.DataFrame, *,
                      fields: Sequence[str] = HEADLINE_FIELDS, by: str = "style") -> pd.DataFrame:
    """One row per register (``by="style"``) or per language (``by="language"``) in corpus order, then ``all``;
    columns as :func:`score_register`."""
    registers = list(dict.fromkeys(getattr(p, by) for p in gold))
    rows = []
    for register in [*registers, ALL_REGISTERS]:
        subset = gold if register == ALL_REGISTERS else [p for p in gold if getattr(p, by) == register]
        ids = {p.id for p in subset}
        rows.append({"register": register,
                     **score_register(subset, predicted[predicted["article_id"].isin(ids)], fields=fields)})
    return pd.DataFrame(rows)
