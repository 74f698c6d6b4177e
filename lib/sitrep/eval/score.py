"""Score extracted events against the development gold set, and killed counts against UCDP headlines.

Pure functions over pandas DataFrames. The gold format and its conventions are documented in
``sitrep/data/gold/README.md``; UCDP data credit is in :mod:`sitrep.eval.ucdp`.

Event scoring, per passage:

1. *Alignment*: gold and predicted events are matched one-to-one, only within the same ``kind``.
   Candidate pairs are ranked by how many identifying fields agree (place, admin1, countries, weapon,
   subkind, claimant, speaker, figures, date, participants), ties broken by the order of the events in
   the passage; pairs are taken greedily.
2. *Fields*: ``gold`` counts gold events that specify the field (a key present, even with an explicit
   ``null``); ``predicted`` counts non-null predicted values on matched and unmatched predicted events
   (plus null predictions on a matched event whose gold is an explicit null, which are correct);
   ``correct`` counts matched pairs whose values agree. On a matched event whose gold leaves a field
   unspecified (ambiguous), a prediction is not scored unless ``unspecified="penalize"``. Every non-null
   field of an unmatched (spurious) predicted event counts as a wrong prediction.
3. Values compare after normalization: strings case-insensitively with whitespace and apostrophes folded,
   numbers as ints, lists as sets, dates as ``YYYY-MM-DD``. A qualifier ``"exact"`` is the same as null.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

FIELDS: tuple[str, ...] = (
    "kind",
    "subkind",
    "actor_country",
    "target_country",
    "weapon",
    "place",
    "admin1",
    "country",
    "date_start",
    "status",
    "killed",
    "injured",
    "children_killed",
    "children_injured",
    "launched",
    "intercepted",
    "qualifier",
    "claimant",
    "certainty",
    "participants",
    "speaker",
)
NUMERIC_FIELDS = frozenset(
    {"killed", "injured", "children_killed", "children_injured", "launched", "intercepted"}
)
LIST_FIELDS = frozenset({"participants"})
DATE_FIELDS = frozenset({"date_start", "date_end"})
# Fields that identify an event within a passage, used to rank candidate gold/predicted pairs.
MATCH_FIELDS: tuple[str, ...] = (
    "place",
    "admin1",
    "actor_country",
    "target_country",
    "country",
    "weapon",
    "subkind",
    "claimant",
    "speaker",
    "killed",
    "injured",
    "launched",
    "intercepted",
    "date_start",
    "participants",
)

KINDS = frozenset({"attack", "air_defense", "meeting", "statement", "other"})
SUBKINDS = frozenset({"drone_strike", "missile_strike", "shelling", "glide_bomb", "air_strike", "ground_clash",
                      "other"})
STATUSES = frozenset({"happened", "planned", "ongoing"})
CERTAINTIES = frozenset({"confirmed", "claimed", "unverified", "planned", "disputed"})
QUALIFIERS = frozenset({"exact", "at_least", "about", "up_to"})
WEAPONS = frozenset(
    {"drone", "missile", "ballistic_missile", "cruise_missile", "glide_bomb", "artillery", "mlrs"}
)
STYLES = frozenset({"wire", "regional_admin", "air_force", "mod_claim", "diplomatic", "distractor"})

RESULT_COLUMNS = ["field", "gold", "predicted", "correct", "precision", "recall", "f1"]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


@dataclass(frozen=True)
class GoldPassage:
    """One invented development passage and the events a perfect extractor would emit for it."""

    id: str
    style: str
    published: str  # ISO date the passage is anchored to
    text: str
    events: tuple[dict[str, Any], ...]
    language: str = "en"  # ISO 639-1 code of the passage text; the gold values are English either way


@dataclass(frozen=True)
class KilledCountScore:
    """Predicted death counts against UCDP's ``best`` estimate and ``[low, high]`` range."""

    n: int  # headline rows scored
    n_predicted: int  # rows with a non-null prediction (a null prediction is wrong)
    exact: int  # prediction == best
    within_range: int  # low <= prediction <= high
    exact_rate: float  # exact / n
    within_range_rate: float  # within_range / n


# ------------------------------------------------------------------------------------------------ gold


def default_gold_path() -> Path:
    """The packaged development gold file ``sitrep/data/gold/events_dev.jsonl``."""
    here = Path(__file__).resolve().parents[1] / "data" / "gold" / "events_dev.jsonl"
    try:
        packaged = Path(str(resources.files("sitrep").joinpath("data", "gold", "events_dev.jsonl")))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - unusual installs
        return here
    return packaged if packaged.is_file() else here


def load_gold(path: Path | str | None = None) -> list[GoldPassage]:
    """Read a gold JSONL file (default: the packaged dev set) into :class:`GoldPassage` records."""
    where = Path(path) if path is not None else default_gold_path()
    passages: list[GoldPassage] = []
    for lineno, line in enumerate(where.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}:{lineno}: not JSON: {exc}") from exc
        passages.append(
            GoldPassage(
                id=str(rec["id"]),
                style=str(rec["style"]),
                published=str(rec["published"]),
                text=str(rec["text"]),
                events=tuple(dict(e) for e in rec.get("events", ())),
                language=str(rec.get("language") or "en"),
            )
        )
    return passages


# ------------------------------------------------------------------------------------------------ values


def is_null(value: Any) -> bool:
    """None, NaN, NA, NaT, an empty/blank string or an empty sequence."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) == 0
    if hasattr(value, "__len__") and hasattr(value, "tolist"):  # numpy array / pandas array
        return len(value) == 0
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _norm_str(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value)).translate(_APOSTROPHES)
    return " ".join(text.split()).casefold()


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
                if isinstance(parsed, list):
                    return parsed
            except json.JSONDecodeError:
                pass
        return [p for p in re.split(r"[;|]", text) if p.strip()]
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, Iterable) and not isinstance(value, (bytes, Mapping)):
        return list(value)
    return [value]


def normalize(field: str, value: Any) -> Any:
    """A hashable, comparable form of ``value`` for ``field``; None for null."""
    if field in LIST_FIELDS:
        if is_null(value):
            return None
        items = frozenset(_norm_str(v) for v in _as_list(value) if not is_null(v))
        return items or None
    if is_null(value):
        return None
    if field in NUMERIC_FIELDS:
        try:
            number = float(value)
        except (TypeError, ValueError):
            return _norm_str(value)
        return int(number) if number.is_integer() else number
    if field in DATE_FIELDS:
        if isinstance(value, (dt.date, pd.Timestamp)):
            return value.isoformat()[:10]
        text = str(value).strip()
        return text[:10] if _ISO_DATE.match(text) else _norm_str(text)
    text = _norm_str(value)
    if field == "qualifier" and text == "exact":
        return None
    return text


def _get(event: Mapping[str, Any], field: str) -> Any:
    value = event.get(field)
    return None if is_null(value) else value


# ------------------------------------------------------------------------------------------------ matching


def _similarity(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> int:
    score = 0
    for field in MATCH_FIELDS:
        g = normalize(field, gold.get(field))
        if g is not None and g == normalize(field, pred.get(field)):
            score += 1
    return score


def match_events(
    gold: Sequence[Mapping[str, Any]], predicted: Sequence[Mapping[str, Any]]
) -> list[tuple[int, int]]:
    """One-to-one ``(gold_index, predicted_index)`` pairs of the same kind, best-agreeing pairs first."""
    candidates: list[tuple[int, int, int, int]] = []
    gold_rank: dict[int, int] = {}
    pred_rank: dict[int, int] = {}
    seen_g: dict[Any, int] = {}
    seen_p: dict[Any, int] = {}
    for gi, g in enumerate(gold):
        kind = normalize("kind", g.get("kind"))
        gold_rank[gi] = seen_g[kind] = seen_g.get(kind, -1) + 1
    for pi, p in enumerate(predicted):
        kind = normalize("kind", p.get("kind"))
        pred_rank[pi] = seen_p[kind] = seen_p.get(kind, -1) + 1
    for gi, g in enumerate(gold):
        kind = normalize("kind", g.get("kind"))
        if kind is None:
            continue
        for pi, p in enumerate(predicted):
            if normalize("kind", p.get("kind")) != kind:
                continue
            candidates.append((-_similarity(g, p), abs(gold_rank[gi] - pred_rank[pi]), gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


# ------------------------------------------------------------------------------------------------ scoring


def _prf(gold: int, predicted: int, correct: int) -> tuple[float, float, float]:
    precision = correct / predicted if predicted else math.nan
    recall = correct / gold if gold else math.nan
    # 2c / (g + p): the harmonic mean of P and R when both are defined, 0 when nothing is right.
    f1 = 2 * correct / (gold + predicted) if gold + predicted else math.nan
    return precision, recall, f1


def _predicted_by_passage(predicted: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    if "article_id" not in predicted.columns:
        raise KeyError("predicted events need an 'article_id' column (the gold passage id)")
    grouped: dict[str, list[dict[str, Any]]] = {}
    for rec in predicted.to_dict(orient="records"):
        grouped.setdefault(str(rec["article_id"]), []).append(rec)
    return grouped


def score_events(
    gold: Sequence[GoldPassage],
    predicted: pd.DataFrame,
    *,
    fields: Sequence[str] = FIELDS,
    unspecified: str = "ignore",
) -> pd.DataFrame:
    """Event detection and per-field precision/recall/F1 of ``predicted`` against ``gold``.

    ``predicted`` has one row per event, ``article_id`` equal to the passage id, plus any of the event
    fields (missing columns are all-null). Rows whose ``article_id`` is not a gold passage are ignored.
    ``unspecified`` is ``"ignore"`` (default: a prediction on a field the matched gold event leaves
    unspecified is not scored) or ``"penalize"`` (it counts as a wrong prediction).

    Returns a DataFrame with columns ``field, gold, predicted, correct, precision, recall, f1``: first the
    ``"event"`` row (events matched by kind), then one row per field. ``f1`` is ``2*correct/(gold+predicted)``
    (0 when nothing predicted but gold exists); precision/recall with a zero denominator are NaN.
    """
    if unspecified not in ("ignore", "penalize"):
        raise ValueError(f"unspecified must be 'ignore' or 'penalize', not {unspecified!r}")
    by_passage = _predicted_by_passage(predicted)
    counts = {f: [0, 0, 0] for f in ("event", *fields)}  # gold, predicted, correct

    for passage in gold:
        gold_events = list(passage.events)
        pred_events = by_passage.get(passage.id, [])
        pairs = match_events(gold_events, pred_events)
        matched_gold = {gi: pi for gi, pi in pairs}
        matched_pred = {pi for _, pi in pairs}
        counts["event"][0] += len(gold_events)
        counts["event"][1] += len(pred_events)
        counts["event"][2] += len(pairs)

        for field in fields:
            c = counts[field]
            for gi, g in enumerate(gold_events):
                if field not in g:
                    if gi in matched_gold and unspecified == "penalize":
                        if normalize(field, _get(pred_events[matched_gold[gi]], field)) is not None:
                            c[1] += 1
                    continue
                c[0] += 1
                if gi not in matched_gold:
                    continue
                gv = normalize(field, g[field])
                pv = normalize(field, _get(pred_events[matched_gold[gi]], field))
                if pv is not None or gv is None:
                    c[1] += 1
                if gv == pv:
                    c[2] += 1
            for pi, p in enumerate(pred_events):
                if pi not in matched_pred and normalize(field, _get(p, field)) is not None:
                    c[1] += 1

    rows = []
    for field, (g, p, c) in counts.items():
        rows.append((field, g, p, c, *_prf(g, p, c)))
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def score_killed_counts(headlines: pd.DataFrame, predicted_killed: pd.Series) -> KilledCountScore:
    """Exact-match and within-``[low, high]`` rates of ``predicted_killed`` against UCDP ``best``.

    ``predicted_killed`` is aligned to ``headlines`` by index (e.g. ``headlines.headline.map(extract)``); a
    missing or null prediction counts as wrong. Rates are over all ``n`` headline rows (NaN when empty).
    """
    missing = {"best", "low", "high"} - set(headlines.columns)
    if missing:
        raise KeyError(f"headlines lack column(s): {sorted(missing)}")
    pred = pd.to_numeric(predicted_killed.reindex(headlines.index), errors="coerce")
    best = pd.to_numeric(headlines["best"], errors="coerce")
    low = pd.to_numeric(headlines["low"], errors="coerce")
    high = pd.to_numeric(headlines["high"], errors="coerce")
    has = pred.notna()
    exact = int((has & (pred == best)).sum())
    within = int((has & (pred >= low) & (pred <= high)).sum())
    n = len(headlines)
    return KilledCountScore(
        n=n,
        n_predicted=int(has.sum()),
        exact=exact,
        within_range=within,
        exact_rate=exact / n if n else math.nan,
        within_range_rate=within / n if n else math.nan,
    )
