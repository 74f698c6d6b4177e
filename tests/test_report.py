"""Headless report runs with real kernels (slow): the full suite on the seed, and a failing notebook.

Kept to three runs: the suite once (the session's ``seed_report``, shared with the browser test), and two runs of a
two-notebook toy suite.
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


REMOTE = re.compile(r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?\b(?:src|href|data)\s*=\s*"
                    r"[\"']?(?:https?:)?//", re.I)


@pytest.fixture(scope="module")
def suite_run(seed_report):
    out, result, _ = seed_report
    return out, result


def nav_hrefs(page: str) -> list[str]:
    (nav,) = re.findall(r'<nav\b[^>]*\bclass="sitrep-nav"[^>]*>.*?</nav>', page, re.S)  # (attributes in any order)
    return re.findall(r'href="([^"]+)"', nav)


def section(page: str, name: str) -> str:
    (body,) = re.findall(rf'<section id="{name}">(.*?)</section>', page, re.S)
    return body


def headings(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>|¶", "", h).strip() for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", page, re.S)]


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
        assert f'out_dir = "{result.run_dir}"' in injected[0].source
        assert "interactive = False" in injected[0].source
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
    renderings = [f"{name}.html" for name in SUITE]
    # the navigation bar: every rendering, the run's sections, the manifest
    assert [h for h in nav_hrefs(index) if h.endswith(".html")] == renderings
    assert {"#exports", "#charts", "#parameters", "#status", "manifest.json"} <= set(nav_hrefs(index))
    # the status table: one row per notebook, linking its rendering and source
    status = section(index, "status")
    assert re.findall(r'href="([^"]+\.html)"', status) == renderings
    assert re.findall(r'href="([^"]+\.ipynb)"', status) == [f"{name}.ipynb" for name in SUITE]
    assert re.findall(r'<tr class="(ok|failed)">', status) == ["ok"] * len(SUITE)
    linked = sorted(set(re.findall(r'href="([^"#]+\.html)"', index)))
    assert linked == sorted([*renderings, "provenance.html"])  # nothing else, nothing broken
    assert all((result.run_dir / href).is_file() for href in linked)
    assert 'href="manifest.json"' in index
    assert "all notebooks ran" in index
    assert 'class="badge failed"' not in index
    assert result.run_id in index
    for name in ("inputs", "store", "out_dir", "interactive"):
        assert f"<th>{name}</th>" in section(index, "parameters")


def test_index_front_page_is_the_sitrep_notebook(suite_run):
    _, result = suite_run
    index = result.index.read_text(encoding="utf-8")
    front = (result.run_dir / "00_sitrep.html").read_text(encoding="utf-8")
    main = re.search(r"<main>(.*)</main>", index, re.S).group(1)
    assert main == re.search(r"<main>(.*)</main>", front, re.S).group(1)  # the notebook's body, as rendered
    source = nbformat.read(REPO / "notebooks" / "00_sitrep.ipynb", as_version=4)
    expected = [line.lstrip("#").strip() for c in source.cells if c.cell_type == "markdown"
                for line in c.source.splitlines() if re.match(r"#{1,3} ", line)]
    assert "Headline figures" in expected
    found = headings(main)
    assert [h for h in found if h in expected] == expected  # every heading, in order
    assert "from sitrep" not in index and 'jp-InputArea-editor"' not in index  # no code
    assert index.count("<img") >= 1


def test_index_lists_exports_and_charts(suite_run):
    _, result = suite_run
    index = result.index.read_text(encoding="utf-8")
    exports = sorted(p.relative_to(result.run_dir).as_posix() for p in (result.run_dir / "exports").rglob("*")
                     if p.is_file())
    charts = sorted(p.relative_to(result.run_dir).as_posix() for p in (result.run_dir / "charts").rglob("*")
                    if p.suffix in (".png", ".svg"))
    assert re.findall(r'<a href="([^"]+)">', section(index, "exports")) == exports
    assert re.findall(r'<a href="([^"]+)">', section(index, "charts")) == charts
    assert [f["path"] for f in result.exports] == exports and [f["path"] for f in result.images] == charts


def test_pages_are_self_contained(suite_run):
    _, result = suite_run
    pages = sorted(result.run_dir.glob("*.html"))
    assert [p.name for p in pages] == sorted(["index.html", "provenance.html", *(f"{name}.html" for name in SUITE)])
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # the libraries sitrep inlines (BokehJS, DataTables) name URLs and MathJax in their code: not loads
        text = re.sub(r'<(script|style)\b[^>]*\bdata-sitrep-lib="[\w-]+"[^>]*>.*?</\1>', "", text, flags=re.S)
        assert not REMOTE.findall(text), page.name  # no script, stylesheet, image or frame from the network
        assert not re.search(r"url\(\s*[\"']?(?:https?:)?//|@import\s+[\"']?(?:https?:)?//", text), page.name
        assert "require.min.js" not in text and "mathjax" not in text.lower(), page.name
        srcs = re.findall(r'<img\b[^>]*\bsrc="([^"]*)"', text)
        embedded = re.compile(r"data:image/(png|jpeg|svg\+xml|gif);base64,[A-Za-z0-9+/]{100}")
        assert all(embedded.match(src) for src in srcs), page.name


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
    assert manifest["parameters"]["interactive"] is False
    for key, folder, suffixes in (("exports", "exports", None), ("images", "charts", (".png", ".svg"))):
        files = sorted(p for p in (result.run_dir / folder).rglob("*")
                       if p.is_file() and (suffixes is None or p.suffix in suffixes))
        assert manifest[key] == [{"path": p.relative_to(result.run_dir).as_posix(), "bytes": p.stat().st_size,
                                  "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in files]
    assert [n["name"] for n in manifest["notebooks"]] == SUITE
    assert all(n["status"] == "ok" for n in manifest["notebooks"])


def test_pdf_or_one_warning(seed_report):
    _, result, lines = seed_report
    warnings = [line for line in lines if line.startswith("warning:")]
    assert list(result.warnings) == warnings
    manifest = json.loads((result.run_dir / "manifest.json").read_text(encoding="utf-8"))
    if result.pdf is not None:  # Chromium was there
        assert result.pdf == result.run_dir / "front-page.pdf"
        assert result.pdf.read_bytes().startswith(b"%PDF-")
        assert warnings == []
        assert manifest["pdf"]["sha256"] == hashlib.sha256(result.pdf.read_bytes()).hexdigest()
    else:
        assert len(warnings) == 1 and "Chromium not found" in warnings[0]
        assert manifest["pdf"] is None
        assert not (result.run_dir / "front-page.pdf").exists()


def test_front_page_stays_small_and_the_bundle_zips(suite_run):
    import zipfile

    from sitrep.report import write_zip

    _, result = suite_run
    assert result.index.stat().st_size < 6_000_000  # libraries inlined once, data as JSON
    assert (result.run_dir / "provenance.html").is_file()
    bundle = write_zip(result.run_dir)
    try:
        assert bundle == result.run_dir.parent / f"{result.run_id}.zip"
        names = zipfile.ZipFile(bundle).namelist()
        assert all(n.startswith(f"{result.run_id}/") for n in names)
        inside = {n.split("/", 1)[1] for n in names}
        assert {"index.html", "provenance.html", "manifest.json", "exports/timeline.parquet"} <= inside
        assert {f"{name}.html" for name in SUITE} <= inside
        assert "sitrep.duckdb" not in inside  # the store is working state, not sent
    finally:
        bundle.unlink()


def test_latest_points_at_the_run(suite_run):
    out, result = suite_run
    latest = out / "latest"
    assert latest.is_symlink()
    assert latest.resolve() == result.run_dir.resolve()
    assert result.run_dir.parent == out.resolve()


# --- a failing notebook --------------------------------------------------------------------------------------------

SAVE_FILES = """\
from pathlib import Path
for folder in ("exports", "charts"):
    Path(out_dir, folder).mkdir(exist_ok=True)
Path(out_dir, "exports", "acled.csv").write_text("event_id\\n1\\n")
Path(out_dir, "charts", "kinds.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>")
Path(out_dir, "charts", "notes.txt").write_text("not an image")
"""


def write_toy_suite(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    params = new_code_cell('inputs = []\nstore = "sitrep.duckdb"\nout_dir = "."\ninteractive = True\ntitle = "Toy"\n'
                           'since = None\nkinds = None\nregion = None', metadata={"tags": ["parameters"]})
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
        new_code_cell(SAVE_FILES),
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
    # no front-page notebook in this suite: a title stands in, and the navigation bar is the same
    assert "sitrep situation report" in headings(index)
    assert [h for h in nav_hrefs(index) if h.endswith(".html")] == ["01_fails.html", "02_works.html"]
    assert re.search(r'<a (?=[^>]*\bhref="01_fails.html")(?=[^>]*\bclass="failed")[^>]*>01_fails</a>', index)
    assert re.search(r'<a (?=[^>]*\bhref="02_works.html")(?=[^>]*\bclass="ok")[^>]*>02_works</a>', index)
    # the files the notebook saved: listed, linked, and in the manifest with their checksums
    assert re.findall(r'<a href="([^"]+)">', section(index, "exports")) == ["exports/acled.csv"]
    assert re.findall(r'<a href="([^"]+)">', section(index, "charts")) == ["charts/kinds.svg"]

    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ok"] is False
    assert [(n["name"], n["status"]) for n in manifest["notebooks"]] == [("01_fails", "failed"), ("02_works", "ok")]
    assert [(f["path"], f["sha256"]) for f in manifest["exports"] + manifest["images"]] == [
        (name, hashlib.sha256((run_dir / name).read_bytes()).hexdigest())
        for name in ("exports/acled.csv", "charts/kinds.svg")]
    injected = [c for c in ok.cells if "injected-parameters" in c.metadata.get("tags", [])][0].source
    assert "interactive = False" in injected


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
    code = main(["report", str(story), "--out", str(tmp_path / "out"), "--title", "Toy report",
                 "--since", "2025-12-01", "--kinds", "attack, air_defense", "-p", "region=Sumy Oblast"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "1 notebook(s) failed: 01_fails" in err
    assert "Traceback" not in err
    # the kernels' own noise is not relayed
    assert "without encryption" not in err and "KeyboardInterrupt" not in err
    (run_dir,) = [p for p in (tmp_path / "out").iterdir() if not p.is_symlink()]
    assert out.strip() == f"report: {run_dir / 'index.html'}"
    assert (tmp_path / "out" / "latest").resolve() == run_dir
    assert_failure_recorded(run_dir)
    executed = nbformat.read(run_dir / "02_works.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])][0].source
    for line in ('title = "Toy report"', 'since = "2025-12-01"', 'kinds = "attack,air_defense"',
                 'region = "Sumy Oblast"'):
        assert line in injected
    assert "<title>Toy report</title>" in (run_dir / "index.html").read_text(encoding="utf-8")
