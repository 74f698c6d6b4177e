"""``python -m sitrep.eval``: per-field event scores on the development gold set and, per register, on the shared
``dev-reporting`` corpus; killed counts on UCDP.

UCDP GED data: CC BY 4.0 (Sundberg & Melander 2013; Davies, Pettersson & Öberg 2022).
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from sitrep.boilerplate import clean as clean_furniture
from sitrep.eval.devreporting import load_dev_reporting, score_by_register
from sitrep.eval.score import GoldPassage, load_gold, score_events, score_killed_counts
from sitrep.extract import extract_articles
from sitrep.ingest import normalize_text
from sitrep.types import Article


def predict_events(gold: list[GoldPassage], *, main_only: bool = True) -> pd.DataFrame:
    """The extractor's events for gold passages (``article_id`` is the passage id).

    Each passage is read as ingestion reads a file (:func:`as_ingested`: normalized, page furniture dropped).
    The gold lists only each passage's main events, so background events (earlier incidents the passage recalls,
    ``salience == "background"``) are dropped unless ``main_only`` is False.
    """
    events = extract_articles([Article.from_text(g.id, as_ingested(g.text), published=g.published, path="")
                               for g in gold]).events
    if main_only:
        events = events[events["salience"] != "background"].reset_index(drop=True)
    return events


def as_ingested(text: str) -> str:
    """``text`` as :mod:`sitrep.ingest` stores it: normalized, page furniture ("READ MORE: …") dropped."""
    return clean_furniture(normalize_text(text))[0]


def evaluate_gold(*, styles: list[str] | None = None) -> pd.DataFrame:
    gold = [g for g in load_gold() if not styles or g.style in styles]
    return score_events(gold, predict_events(gold))


def evaluate_dev_reporting(path=None, *, languages: tuple[str, ...] | None = ("en",), by: str = "style"
                           ) -> pd.DataFrame:
    """Per-register (or, ``by="language"``, per-language) scores on the shared ``dev-reporting`` corpus;
    FileNotFoundError when it is absent."""
    gold = load_dev_reporting(path, languages=languages)
    return score_by_register(gold, predict_events(gold), by=by)


def _wide(table: pd.DataFrame, index: str) -> str:
    shown = table.astype(object).map(lambda v: f"{v:.2f}" if isinstance(v, float) else str(v))
    return shown.set_index(index).T.to_string()


def predicted_killed_for_headlines(headlines: pd.DataFrame) -> pd.Series:
    """Sum of killed over a headline's attack events (None when no event gives a killed figure)."""
    arts = [Article.from_text(str(r.id), r.headline, published=r.source_date or r.date_start, path="")
            for r in headlines.itertuples()]
    events = extract_articles(arts).events
    attacks = events[events["kind"] == "attack"].dropna(subset=["killed"])
    killed = attacks.groupby("article_id")["killed"].sum()
    return headlines["id"].astype(str).map(killed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitrep.eval",
                                     description="Score sitrep's extraction on the development gold set, on the "
                                                 "shared dev-reporting corpus (per register) and its killed "
                                                 "counts on UCDP GED Ukraine headlines.")
    parser.add_argument("--skip-ucdp", action="store_true", help="do not score the UCDP headlines")
    parser.add_argument("--skip-dev-reporting", action="store_true",
                        help="do not score the shared dev-reporting corpus")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N UCDP headlines")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 140)
    scores = evaluate_gold()
    print("Only main events are scored (background events, earlier incidents a passage recalls, are dropped: "
          "the gold lists main events only).\n")
    print("Development gold set (lib/sitrep/data/gold/events_dev.jsonl): per-field precision/recall")
    print(scores.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    if not args.skip_dev_reporting:
        try:
            registers = evaluate_dev_reporting()
        except FileNotFoundError as exc:
            print(f"\ndev-reporting skipped: {exc}", file=sys.stderr)
        else:
            print("\nShared dev-reporting corpus (English passages): event precision/recall, overall and per kind; "
                  "F1 per field")
            print(_wide(registers, "register"))
            languages = evaluate_dev_reporting(languages=("ru", "uk"), by="language")
            if int(languages.iloc[-1]["passages"]):
                print("\nShared dev-reporting corpus (Russian and Ukrainian passages, English gold), per language: "
                      "event precision/recall, overall and per kind; F1 per field")
                print(_wide(languages.rename(columns={"register": "language"}), "language"))
    if args.skip_ucdp:
        return 0
    try:
        from sitrep.eval.ucdp import load_ucdp_headlines

        headlines = load_ucdp_headlines()
    except FileNotFoundError as exc:
        print(f"\nUCDP headlines skipped: {exc}", file=sys.stderr)
        return 0
    if args.limit:
        headlines = headlines.head(args.limit)
    result = score_killed_counts(headlines, predicted_killed_for_headlines(headlines))
    print("\nUCDP GED Ukraine headlines (CC BY 4.0): killed counts vs UCDP best/low-high")
    print(f"  headlines {result.n}, with a predicted killed figure {result.n_predicted}")
    print(f"  exact match with best: {result.exact} ({result.exact_rate:.1%})")
    print(f"  within low–high:       {result.within_range} ({result.within_range_rate:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
