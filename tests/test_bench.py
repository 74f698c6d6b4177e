"""The speed work, tested for sameness, never for speed: the benchmark corpus, the fast matchers (the same
annotations as spaCy's ``attribute_ruler`` and ``entity_ruler``) and multi-process extraction (the same
tables as one process)."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from sitrep import bench
from sitrep.extract import AUTO_MIN_ARTICLES, auto_processes
from sitrep.extract.pipeline import _resolve_processes
from sitrep.nlp import BlasOps, FastAttributeRuler, FastEntityRuler, build_pipeline, load_pipeline, read_patterns

GOLD_TEXTS = [json.loads(line)["text"] for line in bench.GOLD_DEV.read_text(encoding="utf-8").splitlines()
              if line.strip()]


# --------------------------------------------------------------------------- the benchmark corpus


def test_corpus_has_n_distinct_articles():
    articles = bench.build_corpus(60, seed=3)
    assert len(articles) == 60
    assert len({a.text for a in articles}) == 60
    assert len({a.article_id for a in articles}) == 60
    for a in articles:
        assert a.words == len(a.text.split())
        assert 100 <= a.words <= bench.MAX_WORDS, a.words
        assert len(a.text.split("\n\n")) >= bench.MIN_PASSAGES
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", a.published)


def test_corpus_is_deterministic_and_needs_no_shared_data():
    passages = bench.load_passages(ucdp=False)  # what CI has: seeds/ and the dev gold passages only
    first = bench.build_corpus(300, seed=1, passages=passages)
    assert [a.text for a in first] == [a.text for a in bench.build_corpus(300, seed=1, passages=passages)]
    assert len({a.text for a in first}) == 300
    assert [a.text for a in bench.build_corpus(5, seed=2, passages=passages)] != [a.text for a in first[:5]]


def test_corpus_streams():
    stream = bench.iter_corpus(10**6, seed=0)
    assert next(stream).article_id == "bench-000000"  # lazily generated, not built up front


# --------------------------------------------------------------------------- the fast entity ruler


def _instantiate(pattern: list[dict], rng: random.Random) -> list[str]:
    """One token sequence a token pattern matches (optional tokens in or out, IN values and case varied)."""
    words = []
    for token in pattern:
        spec = {k.upper(): v for k, v in token.items()}
        if spec.pop("OP", None) == "?" and rng.random() < 0.5:
            continue
        ((attr, value),) = spec.items()
        if isinstance(value, str):
            word = value
        elif "IN" in value:
            word = rng.choice(value["IN"])
        else:  # REGEX like ^shahed[-–]?136s?\.?$: keep the literal parts
            word = re.sub(r"\[[^\]]*\]\??|\\.|[$^*?+()|]|\{[^}]*\}", "", value["REGEX"])
        if attr == "LOWER" and rng.random() < 0.3:
            word = word.upper() if rng.random() < 0.5 else word.title()
        words.append(word)
    return words


@pytest.fixture(scope="module")
def fast_ruler() -> FastEntityRuler:
    ruler = load_pipeline().get_pipe("entity_ruler")
    assert isinstance(ruler, FastEntityRuler)
    assert ruler._token_index() is not None  # the gazetteer patterns are all ones the index handles
    return ruler


def test_token_index_finds_what_spacy_matcher_finds(fast_ruler):
    nlp = load_pipeline()
    index = fast_ruler._token_index()
    docs = [nlp.make_doc(text) for text in GOLD_TEXTS]
    rng = random.Random(0)
    filler = ["the", "in", "Kyiv", "drones", "-", "type", "region", "of", "shahed", "’s", "'s", "attack", "."]
    words: list[str] = []
    for row in read_patterns():
        if isinstance(row["pattern"], list):
            words += [rng.choice(filler) for _ in range(rng.randint(0, 2))] + _instantiate(row["pattern"], rng)
    docs += [Doc(nlp.vocab, words=words[k:k + 400]) for k in range(0, len(words), 400)]
    found = 0
    for doc in docs:
        expected = set(fast_ruler.matcher(doc))
        assert set(index(doc)) == expected, doc.text[:200]
        found += len(expected)
    assert found > 1000


def test_attribute_ruler_index_finds_what_spacy_matcher_finds():
    nlp = load_pipeline()
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, FastAttributeRuler) and ruler._token_index() is not None
    texts = GOLD_TEXTS + [a.text for a in bench.build_corpus(10, seed=5)]
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):  # the doc as the attribute ruler gets it
        for doc in nlp.pipe(texts):
            assert ruler.match(doc) == AttributeRuler.match(ruler, doc)


def test_fast_pipeline_annotates_like_the_plain_components():
    reference = build_pipeline(fast_matchers=False, blas_matmul=False)
    assert not isinstance(reference.get_pipe("entity_ruler"), FastEntityRuler)
    assert not isinstance(reference.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert not isinstance(reference.get_pipe("ner").model.ops, BlasOps)
    fast = load_pipeline()
    assert all(isinstance(fast.get_pipe(name).model.ops, BlasOps) for name in ("tok2vec", "parser", "ner"))
    assert fast.pipe_names == reference.pipe_names
    texts = GOLD_TEXTS + [a.text for a in bench.build_corpus(5, seed=6)]
    for ours, theirs in zip(fast.pipe(texts), reference.pipe(texts), strict=True):
        assert [(e.start, e.end, e.label_, e.ent_id_) for e in ours.ents] == \
            [(e.start, e.end, e.label_, e.ent_id_) for e in theirs.ents]
        assert [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in ours] == \
            [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in theirs]


@pytest.mark.parametrize(("trans1", "trans2"), [(False, False), (True, False), (False, True), (True, True)])
def test_blas_matrix_multiply_gives_thincs_product(trans1, trans2):
    import numpy as np
    from thinc.api import NumpyOps

    rng = np.random.default_rng(7)
    x = rng.standard_normal((40, 30) if not trans1 else (30, 40), dtype=np.float32)
    y = rng.standard_normal((30, 20) if not trans2 else (20, 30), dtype=np.float32)
    expected = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    got = BlasOps().gemm(x, y, trans1=trans1, trans2=trans2)
    assert got.shape == expected.shape == (40, 20) and got.dtype == np.float32
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    out = np.empty((40, 20), dtype=np.float32)
    assert BlasOps().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_the_pipeline_keeps_blas_to_one_thread():
    from threadpoolctl import threadpool_info

    load_pipeline()
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


@pytest.mark.parametrize("words", [["Kyiv"], ["Drones", "hit", "  ", "Odesa", "overnight", "."], []])
def test_token_columns_read_what_the_token_attributes_say(words):
    from sitrep.nlp import _columns

    doc = Doc(spacy.blank("en").vocab, words=words, tags=["NNP"] * len(words), deps=["dep"] * len(words),
              heads=list(range(len(words))))
    expected = {"LOWER": [t.lower_ for t in doc], "ORTH": [t.orth_ for t in doc], "TAG": [t.tag_ for t in doc],
                "DEP": [t.dep_ for t in doc], "IS_SPACE": [t.is_space for t in doc]}
    assert _columns(doc, expected) == expected
    assert _columns(doc, ["TAG"]) == {"TAG": expected["TAG"]}


def test_ties_and_unindexed_patterns_go_to_spacys_matcher():
    patterns = [{"label": "GPE", "pattern": [{"LOWER": "novo"}, {"LOWER": {"IN": ["town", "city"]}}], "id": "A"},
                {"label": "LOC", "pattern": [{"LOWER": "novo"}, {"LOWER": "town", "OP": "?"}], "id": "B"},
                {"label": "ORG", "pattern": "novo town"},
                {"label": "FAC", "pattern": [{"IS_TITLE": True}, {"LOWER": "bridge", "OP": "+"}]}]  # not indexed
    results = []
    for factory in ("sitrep_entity_ruler", "entity_ruler"):
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe(factory, config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
        ruler.add_patterns(patterns)
        doc = nlp("They left Novo town and Novo city for Novo, then crossed the Antonivskyi bridge bridge.")
        results.append([(e.text, e.label_, e.ent_id_) for e in doc.ents])
        if factory == "sitrep_entity_ruler":
            assert ruler.fallbacks == 1
            assert ruler._token_index().leftover_patterns == 1
    assert results[0] == results[1]


# --------------------------------------------------------------------------- several processes


def test_auto_processes_stays_single_for_small_corpora():
    assert auto_processes(AUTO_MIN_ARTICLES - 1) == 1
    assert 1 <= auto_processes(AUTO_MIN_ARTICLES) <= 2
    stream, n = _resolve_processes((i for i in range(10)), "auto")
    assert n == 1 and list(stream) == list(range(10))
    stream, n = _resolve_processes(iter(range(AUTO_MIN_ARTICLES + 5)), 0)
    assert n == auto_processes(None) and list(stream) == list(range(AUTO_MIN_ARTICLES + 5))
    with pytest.raises(ValueError):
        _resolve_processes([], "many")


SAME_TABLES = """
import json
from sitrep import bench
from sitrep.extract import extract_articles

if __name__ == "__main__":
    articles = bench.build_corpus(30, seed=11)
    one = extract_articles(articles, n_process=1)
    two = extract_articles(articles, n_process=2, batch_size=4)  # several batches: their order must be kept
    names = ("entities", "numbers", "events", "claims", "times")
    print(json.dumps({"rows": {n: len(getattr(one, n)) for n in names},
                      "different": [n for n in names if not getattr(two, n).equals(getattr(one, n))]
                      + (["unresolved"] if two.unresolved != one.unresolved else [])}))
"""


@pytest.mark.slow
def test_two_processes_give_the_same_tables_as_one(tmp_path):
    # In a child with a fixed PYTHONHASHSEED that its workers inherit: the extraction iterates sets of strings
    # in places (the order of an event's claim rows), so two processes with different hash seeds can order
    # the same rows differently whatever n_process is.
    script = tmp_path / "same_tables.py"
    script.write_text(SAME_TABLES, encoding="utf-8")
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert all(result["rows"][n] for n in ("entities", "numbers", "events", "claims")), result
    assert result["different"] == [], result


def test_the_scale_corpus_recombines_passages_with_other_dates(tmp_path, monkeypatch):
    passages = bench.load_passages(ucdp=False)
    monkeypatch.setattr(bench, "SCALE_FILE_ARTICLES", 15)
    words = bench.write_scale_corpus(tmp_path / "corpus", 40, seed=1, passages=passages)
    files = sorted((tmp_path / "corpus").glob("*.jsonl"))
    assert [len(f.read_text(encoding="utf-8").splitlines()) for f in files] == [15, 15, 10]
    rows = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 40 and len({r["text"] for r in rows}) == 40 and len({r["id"] for r in rows}) == 40
    assert words == sum(len(r["text"].split()) for r in rows)
    days = sorted({r["published"] for r in rows})
    assert len(days) == 40 and bench.SCALE_FIRST_DAY.isoformat() <= days[0]
    assert days[-1] < (bench.SCALE_FIRST_DAY + bench.timedelta(days=bench.SCALE_DAYS)).isoformat()
