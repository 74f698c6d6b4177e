"""The Extraction container: rows kept as tuples until a table is read, one DataFrame per table for a batch.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

from sitrep import schema
from sitrep.extract import TABLES, Extraction, concat, extract_articles, iter_extractions
from sitrep.types import Article

TEXTS = [
    "A Russian drone strike killed two people and injured five in Kharkiv on Monday, the governor said.",
    "Ukraine's air force said it shot down 40 of 52 drones overnight.",
    "The talks in Geneva ended without agreement.",
]


@pytest.fixture(scope="module")
def articles():
    return [Article.from_text(f"a{i}", t, published="2025-03-04", path="") for i, t in enumerate(TEXTS)]


def test_rows_become_the_same_frames_alone_and_in_a_batch(articles):
    parts = [ex for _, ex in iter_extractions(articles)]
    assert all(p.rows(name) is not None for p in parts for name in TABLES)  # nothing built yet
    whole = concat(parts)
    for name, table in TABLES.items():
        frame = whole.table(name)
        assert list(frame.columns) == table.names
        assert len(frame) == sum(p.count(name) for p in parts)
        one_by_one = pd.concat([p.table(name) for p in parts if p.count(name)], ignore_index=True)
        pd.testing.assert_frame_equal(_nulls_as_none(frame), _nulls_as_none(one_by_one), check_dtype=False)
    assert whole.count("events") >= 2 and whole.count("numbers") >= 4


def _nulls_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Values with every kind of null as None (a column's dtype, and so its null, depends on what else is in it)."""
    out = frame.astype(object)
    return out.where(out.notna(), None)


def test_pickles_rows_not_frames(articles):
    ex = extract_articles(articles[:1])
    _ = ex.events  # builds and caches the frame
    back = pickle.loads(pickle.dumps(ex))
    pd.testing.assert_frame_equal(back.events, ex.events)
    assert back.rows("events") == ex.rows("events")


def test_frames_given_as_frames_concatenate_with_rows(articles):
    ex = extract_articles(articles[:1])
    framed = Extraction(*(ex.table(name) for name in TABLES))
    both = concat([framed, ex])
    assert both.count("events") == 2 * ex.count("events")
    assert list(both.events.columns) == schema.EVENTS.names


def test_read_only_and_replace_keeps_tables(articles):
    ex = extract_articles(articles[:1])
    with pytest.raises(AttributeError):
        ex.unresolved = ()
    other = ex.replace(unresolved=[("a0", "Nowhere")])
    assert other.unresolved == (("a0", "Nowhere"),) and other.rows("events") == ex.rows("events")
