"""The notebook suite is committed clean: one parameters cell, no outputs, no code definitions, cell ids."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
BOOKS = sorted(NOTEBOOKS.glob("*.ipynb"))
DEFINITION = re.compile(r"^\s*(async\s+def|def|class)\s+\w")


def code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def test_notebook_names():
    assert [b.stem for b in BOOKS] == ["00_sitrep", "01_ingest", "02_extract", "03_timeline", "04_charts"]


@pytest.fixture(params=BOOKS, ids=lambda p: p.stem)
def notebook(request):
    return nbformat.read(request.param, as_version=4)


def test_valid_nbformat(notebook):
    nbformat.validate(notebook)
    assert notebook.nbformat == 4


def test_exactly_one_parameters_cell(notebook):
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    cell = tagged[0]
    assert cell.cell_type == "code"
    # it is the first code cell, so papermill's injected values override every default
    assert code_cells(notebook)[0] is cell
    assert re.search(r"^inputs\b", cell.source, re.M) and re.search(r"^store\b", cell.source, re.M)


def test_no_outputs_or_execution_counts(notebook):
    for cell in code_cells(notebook):
        assert cell.outputs == [], cell.source[:60]
        assert cell.execution_count is None, cell.source[:60]


def test_no_function_or_class_definitions(notebook):
    for cell in code_cells(notebook):
        for line in cell.source.splitlines():
            assert not DEFINITION.match(line), f"logic belongs in lib/sitrep, not the notebook: {line!r}"


def test_cells_have_unique_ids(notebook):
    ids = [c.get("id") for c in notebook.cells]
    assert all(isinstance(i, str) and i for i in ids)
    assert len(set(ids)) == len(ids)


def test_definition_pattern_catches_what_it_should():
    assert DEFINITION.match("def f(x):")
    assert DEFINITION.match("    async def g():")
    assert DEFINITION.match("class Thing:")
    assert not DEFINITION.match("undefined = 1")
    assert not DEFINITION.match("# def not really")
    assert not DEFINITION.match("classes = run.events")


def test_front_page_tables_carry_a_bounded_number_of_rows():
    """The front page stays small at scale (2,000 articles): each of its interactive tables carries at most
    FRONT_PAGE_MAX_ROWS rows (the detail notebooks and the exports have all)."""
    nb = nbformat.read(NOTEBOOKS / "00_sitrep.ipynb", as_version=4)
    calls = [c.source for c in code_cells(nb) if c.source.startswith("interactive_table(")]
    assert calls and all("max_rows=FRONT_PAGE_MAX_ROWS" in source for source in calls)
