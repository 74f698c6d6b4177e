"""How much a "parse only candidate sentences" fast path (issue #11 part 1) could save: a measurement.

``python tools/parse_share.py [--articles N]`` reports, for the benchmark corpus (``sitrep.bench``), the packaged
dev gold passages and the shared dev-reporting articles (when present):

* each pipeline component's share of ``nlp`` time (components run one after another over the corpus, batched),
  and the extraction rules' time (``extract_doc``) next to it;
* the share of sentences and of tokens a candidate test keeps: a sentence is a candidate when one of its tokens
  has a lemma or lower-case form in the trigger lexicon (``extract.lexicon`` attack/air-defense/meeting/statement
  triggers, kill/injure/launch/intercept lemmas, ground/shelling words, weapon nouns), a lemma in
  ``data/casualty_frames.jsonl``, or a gazetteer WEAPON entity; "with context" adds the sentence before and after
  within the paragraph and the article's first line — what the parser would still have to read.

Sentences are the full parse's: this measures the ceiling of the saving, it is not the fast path.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sitrep.extract import extract_doc, lexicon
from sitrep.nlp import DATA_DIR, load_pipeline

SHARED_DEV = Path("/work/shared/data/dev-reporting")
_LEMMA_SETS = ("KILL_LEMMAS", "INJURE_LEMMAS", "LAUNCH_LEMMAS", "INTERCEPT_LEMMAS", "ATTACK_TRIGGERS",
               "AIR_DEFENSE_TRIGGERS", "MEETING_TRIGGERS", "STATEMENT_TRIGGERS", "GROUND_WORDS", "SHELLING_WORDS")


def trigger_words(*, statements: bool = True) -> set[str]:
    words = set(lexicon.WEAPON_NOUNS)
    for name in _LEMMA_SETS if statements else [n for n in _LEMMA_SETS if n != "STATEMENT_TRIGGERS"]:
        words |= {w.lower() for w in getattr(lexicon, name)}
    for line in (DATA_DIR / "casualty_frames.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            for node in json.loads(line)["pattern"]:
                lemma = node["RIGHT_ATTRS"].get("LEMMA")
                words |= {lemma} if isinstance(lemma, str) else set((lemma or {}).get("IN", []))
    return words


def coverage(docs, words: set[str]) -> tuple[int, float, float, float, float]:
    """(sentences, candidate sentence share, candidate token share, with-context sentence/token shares)."""
    n_s = n_t = c_s = c_t = x_s = x_t = 0
    for doc in docs:
        sents = list(doc.sents)
        cand = [any(t.lemma_.lower() in words or t.lower_ in words or t.ent_type_ == "WEAPON" for t in s)
                for s in sents]
        para = [0] * len(sents)
        for i in range(1, len(sents)):
            para[i] = para[i - 1] + ("\n" in doc.text[max(0, sents[i].start_char - 2):sents[i].start_char + 1])
        keep = [c or i == 0 or (i > 0 and cand[i - 1] and para[i - 1] == para[i])
                or (i + 1 < len(sents) and cand[i + 1] and para[i + 1] == para[i]) for i, c in enumerate(cand)]
        for s, c, k in zip(sents, cand, keep, strict=True):
            n_s, n_t = n_s + 1, n_t + len(s)
            c_s, c_t = c_s + c, c_t + len(s) * c
            x_s, x_t = x_s + k, x_t + len(s) * k
    return n_s, c_s / n_s, c_t / n_t, x_s / n_s, x_t / n_t


def timings(nlp, texts: list[str]) -> tuple[dict[str, float], float, list]:
    docs = [nlp.make_doc(t) for t in texts]
    spent: dict[str, float] = {}
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=32)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        spent[name] = time.perf_counter() - start
    start = time.perf_counter()
    for i, doc in enumerate(docs):
        extract_doc(doc, article_id=str(i), published=None)
    return spent, time.perf_counter() - start, docs


def corpora(n: int) -> dict[str, list[str]]:
    from sitrep.bench import iter_corpus, load_passages

    out = {f"bench ({n} articles)": [a.text for a in iter_corpus(n, passages=load_passages(ucdp=False))]}
    gold = DATA_DIR / "gold" / "events_dev.jsonl"
    out["events_dev.jsonl"] = [json.loads(x)["text"] for x in gold.read_text(encoding="utf-8").splitlines()
                               if x.strip()]
    if SHARED_DEV.is_dir():
        out["dev-reporting"] = [json.loads(x)["text"] for p in sorted(SHARED_DEV.glob("*.jsonl"))
                                for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--no-statements", action="store_true",
                        help="leave the statement triggers out of the test (statement events would be lost)")
    args = parser.parse_args()
    nlp = load_pipeline()
    list(nlp.pipe(["Warm-up: a Russian drone strike killed two people in Kharkiv, the governor said."] * 4))
    words = trigger_words(statements=not args.no_statements)
    for name, texts in corpora(args.articles).items():
        spent, rules, docs = timings(nlp, texts)
        total = sum(spent.values()) + rules
        shares = ", ".join(f"{k} {v / total:.0%}" for k, v in spent.items())
        n_s, c_s, c_t, x_s, x_t = coverage(docs, words)
        print(f"{name}: {sum(len(t.split()) for t in texts)} words, {n_s} sentences; time {total:.1f} s = {shares}, "
              f"extraction rules {rules / total:.0%}")
        print(f"  candidates: {c_s:.0%} of sentences, {c_t:.0%} of tokens; with context {x_s:.0%} / {x_t:.0%}; "
              f"parser time left out at best {(1 - x_t) * spent['parser'] / total:.1%} of the total")


if __name__ == "__main__":
    main()
