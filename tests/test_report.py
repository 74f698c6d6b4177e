"""Headless report runs with real kernels (slow): the full suite on the seed, and a failing notebook.

Kept to three runs: the suite once (shared by the tests of part a), and two runs of a two-cell toy suite.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from sitrep.cli import main
from sitrep.report import run_report

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SUITE = ["00_sitrep", "01_ingest", "02_extract", "03_timeline", "04_charts"]
SEED_TITLE = "Russian drone strike kills 12-year-old boy"  # pandas shortens long cells


@pytest.fixture(scope="module")
def suite_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    result = run_report([str(SEEDS)], out_dir=out, progress=lambda line: None)
    return out, result


def test_every_notebook_ran(suite_run):
    _, result = suite_run
    assert [n.name for n in result.notebooks] == SUITE
    failures = {n.name: n.error for n in result.notebooks if n.status != "ok"}
    assert failures == {}
    assert result.ok
    for n in result.notebooks:
        assert (result.run_dir / f"{n.name}.ipynb").is_file()
        assert (result.run_dir / f"{n.name}.html").is_file()
        assert n.ipynb == f"{n.name}.ipynb" and n.html == f"{n.name}.html"
        assert n.error is None


def test_executed_notebooks_hold_outputs_and_the_run_parameters(suite_run):
    _, result = suite_run
    for name in SUITE:
        nb = nbformat.read(result.run_dir / f"{name}.ipynb", as_version=4)
        injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert len(injected) == 1
        assert str(SEEDS.resolve()) in injected[0].source
        assert str(result.run_dir / "sitrep.duckdb") in injected[0].source
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.execution_count is not None for c in code)
        assert not any(o.output_type == "error" for c in code for o in c.outputs)
        assert any(c.outputs for c in code)
    assert (result.run_dir / "sitrep.duckdb").is_file()


def test_html_renderings_have_outputs_but_no_code(suite_run):
    _, result = suite_run
    for name in SUITE:
        page = (result.run_dir / f"{name}.html").read_text(encoding="utf-8")
        assert "analyze(inputs" not in page
        assert "from sitrep" not in page
        assert 'jp-InputArea-editor"' not in page  # no code editor element (the stylesheet still names the class)
    ingest_page = (result.run_dir / "01_ingest.html").read_text(encoding="utf-8")
    assert SEED_TITLE in ingest_page  # the articles table made it into the rendering
    assert "<img" in (result.run_dir / "04_charts.html").read_text(encoding="utf-8")


def test_index_links_every_rendering(suite_run):
    _, result = suite_run
    index = result.index.read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+\.html)"', index)
    assert hrefs == [f"{name}.html" for name in SUITE]
    assert 'href="manifest.json"' in index
    assert "all notebooks ran" in index
    assert 'class="badge failed"' not in index
    assert result.run_id in index


def test_manifest(suite_run):
    _, result = suite_run
    manifest = json.loads((result.run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["run_id"] == result.run_id
    assert manifest["ok"] is True
    (seed,) = sorted(SEEDS.glob("*.txt"))
    entries = [i for i in manifest["inputs"] if i["path"] == str(seed.resolve())]
    assert len(entries) == 1
    assert entries[0]["sha256"] == hashlib.sha256(seed.read_bytes()).hexdigest()
    assert entries[0]["bytes"] == seed.stat().st_size
    model = manifest["spacy_model"]
    assert "error" not in model, model
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", model["version"])
    assert model["spacy_version"] == manifest["packages"]["spacy"]
    assert manifest["parameters"]["inputs"] == [str(SEEDS.resolve())]
    assert [n["name"] for n in manifest["notebooks"]] == SUITE
    assert all(n["status"] == "ok" for n in manifest["notebooks"])


def test_latest_points_at_the_run(suite_run):
    out, result = suite_run
    latest = out / "latest"
    assert latest.is_symlink()
    assert latest.resolve() == result.run_dir.resolve()
    assert result.run_dir.parent == out.resolve()


# --- a failing notebook --------------------------------------------------------------------------------------------

def write_toy_suite(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    params = new_code_cell('inputs = []\nstore = "sitrep.duckdb"\nout_dir = "."', metadata={"tags": ["parameters"]})
    failing = new_notebook(cells=[
        new_markdown_cell("# Fails"),
        params,
        new_code_cell("answer = 6 * 7\nprint('before', answer)"),
        new_code_cell('raise ValueError("boom")'),
        new_code_cell("print('never reached')"),
    ])
    passing = new_notebook(cells=[
        new_markdown_cell("# Works"),
        params,
        new_code_cell("print('inputs:', len(inputs))"),
    ])
    books = []  # no kernelspec metadata on purpose: the runner supplies kernel and language
    for name, nb in (("01_fails.ipynb", failing), ("02_works.ipynb", passing)):
        nbformat.write(nb, folder / name)
        books.append(folder / name)
    return books


def assert_failure_recorded(run_dir: Path) -> None:
    executed = nbformat.read(run_dir / "01_fails.ipynb", as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.output_type == "error"]
    assert len(errors) == 1
    assert (errors[0].ename, errors[0].evalue) == ("ValueError", "boom")
    streams = "".join(o.get("text", "") for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "before 42" in streams and "never reached" not in streams
    assert (run_dir / "01_fails.html").is_file()

    ok = nbformat.read(run_dir / "02_works.ipynb", as_version=4)
    assert "inputs: 1" in "".join(o.get("text", "") for c in ok.cells if c.cell_type == "code" for o in c.outputs)

    index = (run_dir / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr class=\"(ok|failed)\">(.*?)</tr>", index, re.S)
    assert [(status, "01_fails" in row, "02_works" in row) for status, row in rows] == [
        ("failed", True, False), ("ok", False, True)]
    assert re.search(r"cell \d+: ValueError: boom", rows[0][1])
    assert "some notebooks failed" in index

    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ok"] is False
    assert [(n["name"], n["status"]) for n in manifest["notebooks"]] == [("01_fails", "failed"), ("02_works", "ok")]


def test_failing_notebook_is_saved_with_its_error_and_the_rest_run(tmp_path):
    books = write_toy_suite(tmp_path / "nb")
    story = tmp_path / "story.txt"
    story.write_text("Title\n\nA drone was shot down over Sumy.", encoding="utf-8")
    result = run_report([str(story)], out_dir=tmp_path / "out", notebooks=books, progress=lambda line: None)
    assert not result.ok
    status = {n.name: (n.status, n.error) for n in result.notebooks}
    assert status["02_works"] == ("ok", None)
    assert status["01_fails"][0] == "failed"
    assert re.fullmatch(r"cell \d+: ValueError: boom", status["01_fails"][1])
    assert_failure_recorded(result.run_dir)


def test_report_command_exits_non_zero_when_a_notebook_fails(tmp_path, monkeypatch, capsys):
    write_toy_suite(tmp_path / "nb")
    monkeypatch.setenv("SITREP_NOTEBOOKS", str(tmp_path / "nb"))
    story = tmp_path / "story.txt"
    story.write_text("Title\n\nA drone was shot down over Sumy.", encoding="utf-8")
    code = main(["report", str(story), "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "1 notebook(s) failed: 01_fails" in err
    assert "Traceback" not in err
    (run_dir,) = [p for p in (tmp_path / "out").iterdir() if not p.is_symlink()]
    assert out.strip() == f"report: {run_dir / 'index.html'}"
    assert (tmp_path / "out" / "latest").resolve() == run_dir
    assert_failure_recorded(run_dir)
