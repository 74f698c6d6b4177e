"""The command line: help everywhere, `sitrep ingest` on good and bad inputs, one-line user errors."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep import schema
from sitrep.cli import build_parser, main
from sitrep.store import Store

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_ID = json.loads(next(SEEDS.glob("*.meta.json")).read_text(encoding="utf-8"))["id"]


def subcommands() -> list[str]:
    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(action.choices)


def run_module(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "sitrep", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_subcommands_are_the_documented_ones():
    assert subcommands() == ["entities", "events", "extract", "ingest", "numbers", "report", "timeline", "times"]


def test_top_level_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: sitrep")
    for name in subcommands():
        assert name in out


@pytest.mark.parametrize("command", subcommands())
def test_subcommand_help(capsys, command):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"usage: sitrep {command}")
    assert captured.err == ""


def test_no_command_prints_help_and_is_a_usage_error(capsys):
    assert main([]) == 2
    assert "usage: sitrep" in capsys.readouterr().out


def test_python_dash_m_sitrep(tmp_path):
    done = run_module("--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: sitrep")
    assert "ingest" in done.stdout and "report" in done.stdout
    done = run_module("report", str(tmp_path / "no-such-folder"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [f"sitrep report: error: input does not exist: {tmp_path / 'no-such-folder'}"]
    assert not (tmp_path / "out").exists()


BAD_FILES = {
    "empty.txt": b"",
    "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
    "menu.html": b"<html><body><nav><a href='/'>Home</a></nav><footer>Copyright</footer></body></html>",
    "feed.xml": b"not a feed <<< at all",
    "corpus.csv": b"title,body\nStrike,Something happened\n",
    "lines.jsonl": b'{"id": "ok-1", "text": "Air raid alert in Kyiv.", "published": "2025-12-01"}\n'
                   b"{not json\n"
                   b'{"id": "no-text", "title": "empty"}\n',
    "cp1252.txt": b"Caf\xe9 hit\n\nA caf\xe9 in Kharkiv was hit by a drone, the mayor said.\n",
    "undated.md": b"Undated\n\nA story nobody dated: shelling in Nikopol.\n",
}


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    shutil.copytree(SEEDS, folder)
    for name, content in BAD_FILES.items():
        (folder / name).write_bytes(content)
    (folder / "cp1252.txt.meta.json").write_text('{"published": "2025-12-04"}', encoding="utf-8")
    (folder / "big.txt").write_text("Big\n\n" + "Shelling was reported again. " * 4000, encoding="utf-8")
    return folder


def test_ingest_reports_each_problem_on_one_line_and_stores_the_seed_once(tmp_path, inbox, capsys):
    store = tmp_path / "s.duckdb"
    assert main(["ingest", str(inbox), "--store", str(store), "--max-size", "50kB"]) == 0
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert "Traceback" not in err
    expected = {  # file -> severity of its one line
        "empty.txt": "error", "photo.txt": "error", "menu.html": "error", "feed.xml": "error",
        "corpus.csv": "error", "cp1252.txt": "warning", "undated.md": "warning", "big.txt": "error",
    }
    for name, severity in expected.items():
        mine = [line for line in lines if f"{inbox / name}:" in line]
        assert len(mine) == 1, (name, lines)
        assert mine[0].startswith(f"{severity}: {inbox / name}: ")
        assert len(mine[0]) > len(f"{severity}: {inbox / name}: ")  # and a reason
    jsonl = sorted(line for line in lines if f"{inbox / 'lines.jsonl'}:" in line)
    assert [line.split(": ")[1] for line in jsonl] == [f"{inbox / 'lines.jsonl'}:line{n}" for n in (2, 3)]
    assert len(lines) == len(expected) + len(jsonl)
    assert all(re.match(r"^(error|warning): /", line) for line in lines)
    # the summary
    (summary,) = out.splitlines()
    assert summary == f"4 added, 0 duplicates, 8 problems, 2 warnings; 4 articles in {store}"
    with Store(store) as db:
        articles = db.articles()
        assert list(articles["article_id"]).count(SEED_ID) == 1
        seed = articles[articles["article_id"] == SEED_ID].iloc[0]
        assert seed["published"] == "2025-12-05"
        assert db.count(schema.PROBLEMS) == len(lines)


def test_ingest_again_adds_nothing(tmp_path, inbox, capsys):
    store = tmp_path / "s.duckdb"
    assert main(["ingest", str(inbox), "--store", str(store)]) == 0
    first = capsys.readouterr()
    with Store(store) as db:
        before = {t.name: db.count(t) for t in (schema.ARTICLES, schema.ARTICLE_ORIGINS, schema.PROBLEMS)}
    assert main(["ingest", str(inbox), "--store", str(store)]) == 0
    second = capsys.readouterr()
    assert second.out.startswith("0 added, ")
    added = int(first.out.split(" added")[0])
    assert added == before["articles"] > 0
    assert f"{added} duplicates" in second.out
    assert second.err == first.err  # the same problems are still reported
    with Store(store) as db:
        assert {t.name: db.count(t) for t in (schema.ARTICLES, schema.ARTICLE_ORIGINS, schema.PROBLEMS)} == before


def test_ingest_seed_files_given_one_by_one(tmp_path, capsys):
    """`sitrep ingest seeds/*` passes the sidecar too: it is metadata, not a second article."""
    store = tmp_path / "s.duckdb"
    assert main(["ingest", *map(str, sorted(SEEDS.iterdir())), "--store", str(store)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("1 added, 0 duplicates, 0 problems, 0 warnings; 1 articles")


def test_report_on_missing_input_is_one_line(tmp_path, capsys):
    missing = tmp_path / "missing"
    assert main(["report", str(missing), "--out", str(tmp_path / "out")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [f"sitrep report: error: input does not exist: {missing}"]
    assert not (tmp_path / "out").exists()


@pytest.fixture
def fake_run(monkeypatch, tmp_path):
    """``run_report`` replaced by a recorder: the report command's parameters without running kernels."""
    from sitrep.report import RunResult

    calls: list[dict] = []

    def run_report(inputs, *, out_dir, parameters, pdf=False, **kw):
        calls.append({"inputs": inputs, "parameters": parameters, "pdf": pdf, **kw})
        return RunResult("run", tmp_path / "run", dict(parameters))

    monkeypatch.setattr("sitrep.report.run_report", run_report)
    return calls


def test_report_options_are_notebook_parameters(fake_run, capsys):
    code = main(["report", str(SEEDS), "--title", "Night of 4 Dec", "--since", "2025-12-01", "--until", "2025-12-05",
                 "--region", "Kharkiv Oblast", "--kinds", "attack, air_defense", "-p", "published=2025-12-05",
                 "--pdf"])
    assert code == 0, capsys.readouterr().err
    (call,) = fake_run
    assert call["pdf"] is True
    assert call["parameters"] == {"title": "Night of 4 Dec", "since": "2025-12-01", "until": "2025-12-05",
                                  "region": "Kharkiv Oblast", "kinds": "attack,air_defense",
                                  "published": "2025-12-05"}


def test_report_scheduler_is_the_notebooks_parameter(fake_run, capsys):
    assert main(["report", str(SEEDS), "--scheduler", "local"]) == 0, capsys.readouterr().err
    assert fake_run[-1]["parameters"] == {"scheduler": "local"}
    assert main(["report", str(SEEDS), "-p", "scheduler=local"]) == 0
    assert fake_run[-1]["parameters"] == {"scheduler": "local"}


def test_report_option_and_same_parameter_must_agree(fake_run, capsys):
    assert main(["report", str(SEEDS), "--since", "2025-12-01", "-p", "since=2025-12-01"]) == 0
    assert fake_run[-1]["parameters"] == {"since": "2025-12-01"}
    assert main(["report", str(SEEDS), "--title", "A", "-p", "title=B"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "sitrep report: error: --title 'A' and -p title='B' disagree"


@pytest.mark.parametrize(("args", "message"), [
    (["--since", "yesterday"], "--since: not a date (YYYY-MM-DD): 'yesterday'"),
    (["--until", "2025-13-01"], "--until: not a date (YYYY-MM-DD): '2025-13-01'"),
    (["-p", "since=05/12/2025"], "--since: not a date (YYYY-MM-DD): '05/12/2025'"),
    (["-p", "published="], "-p published: not a date (YYYY-MM-DD): ''"),
    (["--since", "2025-12-05", "--until", "2025-12-01"], "--since 2025-12-05 is after --until 2025-12-01"),
    (["--kinds", "attack,"], "--kinds: expected comma-separated event kinds, e.g. attack,air_defense: 'attack,'"),
])
def test_bad_report_options_are_one_line(fake_run, tmp_path, capsys, args, message):
    assert main(["report", str(SEEDS), "--out", str(tmp_path / "out"), *args]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [f"sitrep report: error: {message}"]
    assert fake_run == []
    assert not (tmp_path / "out").exists()


def test_compare_and_zip_reach_the_runner(fake_run, tmp_path, capsys):
    earlier = tmp_path / "reports" / "run-1"
    (earlier / "exports").mkdir(parents=True)
    (earlier / "exports" / "timeline.parquet").write_bytes(b"x")
    assert main(["report", str(SEEDS), "--compare", str(earlier), "--zip"]) == 0
    assert fake_run[-1]["compare"] == str(earlier) and fake_run[-1]["zip_bundle"] is True


def test_compare_with_a_folder_that_is_no_run_is_one_line(fake_run, tmp_path, capsys):
    assert main(["report", str(SEEDS), "--compare", str(tmp_path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"sitrep report: error: --compare {tmp_path}: not a report run folder (no exports/timeline.parquet)"]
    assert fake_run == []


def test_compare_is_the_runners(fake_run, capsys):
    assert main(["report", str(SEEDS), "-p", "compare=x"]) == 2
    assert "set by the runner" in capsys.readouterr().err


def test_pdf_name_is_the_reports(capsys):
    from sitrep import cli, report

    assert cli.PDF_NAME == report.PDF_NAME


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01", "05/12/2025"])
def test_bad_published_is_an_argparse_error(tmp_path, capsys, value):
    story = tmp_path / "s.txt"
    story.write_text("T\n\nText.", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["events", str(story), "--published", value])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith("usage: sitrep events")
    assert err.splitlines()[-1] == f"sitrep events: error: argument --published: not a date (YYYY-MM-DD): '{value}'"


@pytest.mark.parametrize(("value", "message"), [("ten", "not a positive size"), ("5XB", "not a positive size")])
def test_bad_max_size_is_an_argparse_error(tmp_path, capsys, value, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", str(tmp_path), "--max-size", value])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


# --- -p NAME=VALUE: only declared parameters, coerced to their declared types --------------------------------------

TOY_PARAMETERS = """\
inputs: list = []
store: str = "sitrep.duckdb"
out_dir: str = "."
interactive: bool = True
title: str = "Toy"
since: str | None = None
count: int = 1
ratio: float = 0.5
verbose = False
tags: list[str] = ["a"]
limits: dict | None = None
"""
TOY_KNOWN = "count, limits, ratio, since, tags, title, verbose"


@pytest.fixture
def toy_suite(tmp_path, monkeypatch) -> Path:
    """A one-notebook suite (never run: ``fake_run``) whose parameters cell declares one parameter of each type."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    folder = tmp_path / "nb"
    folder.mkdir()
    cells = [new_code_cell(TOY_PARAMETERS, metadata={"tags": ["parameters"]}), new_code_cell("print(count)")]
    nbformat.write(new_notebook(cells=cells), folder / "01_toy.ipynb")
    monkeypatch.setenv("SITREP_NOTEBOOKS", str(folder))
    return folder


def report_error(capsys, tmp_path, *args: str) -> list[str]:
    """stderr lines of a ``sitrep report`` that must stop before running anything."""
    assert main(["report", str(SEEDS), "--out", str(tmp_path / "out"), *args]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
    return err.splitlines()


def test_parameters_are_coerced_to_their_declared_types(fake_run, toy_suite, capsys):
    code = main(["report", str(SEEDS), "-p", "count=3", "-p", "ratio=0.25", "-p", "verbose=yes", "-p", "tags=x, y",
                 "-p", "since=2025-12-01", "-p", 'limits={"a": 1}', "--title", "Toy run"])
    assert code == 0, capsys.readouterr().err
    assert fake_run[-1]["parameters"] == {"count": 3, "ratio": 0.25, "verbose": True, "tags": ["x", "y"],
                                          "since": "2025-12-01", "limits": {"a": 1}, "title": "Toy run"}
    assert main(["report", str(SEEDS), "-p", 'tags=["a,b", "c"]', "-p", "verbose=0"]) == 0
    assert fake_run[-1]["parameters"] == {"tags": ["a,b", "c"], "verbose": False}


@pytest.mark.parametrize("name", ["my-param", "colour", "count\nimport os; os.system('touch pwned')\nx", "Count"])
def test_unknown_parameter_is_one_line_listing_the_known_ones(fake_run, toy_suite, tmp_path, capsys, name):
    lines = report_error(capsys, tmp_path, "-p", f"{name}=1")
    assert lines == [f"sitrep report: error: -p {name!r}: unknown parameter; the notebooks declare: {TOY_KNOWN}"]
    assert fake_run == []


@pytest.mark.parametrize("name", ["inputs", "store", "out_dir", "interactive"])
def test_runner_owned_parameters_are_refused(fake_run, tmp_path, capsys, name):
    value = {"inputs": "/etc", "store": "other.duckdb", "out_dir": "", "interactive": "False"}[name]
    (line,) = report_error(capsys, tmp_path, "-p", f"{name}={value}")
    assert line.startswith(f"sitrep report: error: -p {name}: set by the runner, not by -p (")
    assert fake_run == []


@pytest.mark.parametrize(("args", "message"), [
    (["-p", "count=three"], "-p count: not an integer: 'three'"),
    (["-p", "ratio=infinity"], "-p ratio: not a finite number: 'infinity'"),
    (["-p", "verbose=False!"], "-p verbose: not true or false (true/false, yes/no, 1/0): 'False!'"),
    (["-p", "limits=1"], "-p limits: not a JSON object: '1'"),
    (["-p", "title=A", "-p", "title=B"], "-p title given twice: 'A' and 'B'"),
    (["--kinds", "attack"], "--kinds: the notebooks declare no parameter 'kinds'"),
])
def test_bad_parameter_values_are_one_line(fake_run, toy_suite, tmp_path, capsys, args, message):
    assert report_error(capsys, tmp_path, *args) == [f"sitrep report: error: {message}"]
    assert fake_run == []


def test_unknown_kind_is_one_line_listing_the_known_kinds(fake_run, tmp_path, capsys):
    lines = report_error(capsys, tmp_path, "--kinds", "attack,bombing")
    assert lines == ["sitrep report: error: --kinds: unknown event kind 'bombing'; known kinds: "
                     "air_defense, attack, meeting, other, statement"]
    assert fake_run == []


def test_event_kinds_are_the_extractors():
    from sitrep.extract.events import ACLED
    from sitrep.schema import EVENT_KINDS

    assert set(EVENT_KINDS) == {kind for kind, _ in ACLED}


@pytest.mark.parametrize(("region", "message"), [
    ("Narnia", "--region: unknown admin1 region 'Narnia'"),
    ("Kharkiw Oblast", "--region: unknown admin1 region 'Kharkiw Oblast'; did you mean Kharkiv Oblast?"),
    ("", "--region: unknown admin1 region ''"),
])
def test_unknown_region_is_one_line(fake_run, tmp_path, capsys, region, message):
    assert report_error(capsys, tmp_path, "--region", region) == [f"sitrep report: error: {message}"]
    assert fake_run == []


def test_known_region_spellings_pass(fake_run, capsys):
    assert main(["report", str(SEEDS), "--region", "kharkiv region"]) == 0, capsys.readouterr().err
    assert fake_run[-1]["parameters"] == {"region": "kharkiv region"}


# --- ingest: --store and --max-size ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "message"), [
    ("", "not a file path: ''"),
    (":memory:", "':memory:' keeps nothing; give a file path, e.g. sitrep.duckdb"),
    ("{folder}", "{folder} is a folder; give a file path, e.g. {folder}/sitrep.duckdb"),
])
def test_store_must_be_a_file_path(tmp_path, capsys, value, message):
    folder = tmp_path / "stores"
    folder.mkdir()
    value, message = value.format(folder=folder), message.format(folder=folder)
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", str(SEEDS), "--store", value])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.splitlines()[-1] == f"sitrep ingest: error: argument --store: {message}"
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("value", ["infMB", "-5MB", "nan", "0", "0.1", "1e400", "-1"])
def test_max_size_must_be_a_finite_positive_size(tmp_path, capsys, value):
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", str(SEEDS), "--store", str(tmp_path / "s.duckdb"), f"--max-size={value}"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines()[-1] == (f"sitrep ingest: error: argument --max-size: not a positive size "
                                    f"(e.g. 10MB, 500kB, 2000000): {value!r}")
    assert not (tmp_path / "s.duckdb").exists()


@pytest.mark.parametrize(("value", "size"), [("10MB", 10_000_000), ("500kB", 500_000), ("2000000", 2_000_000),
                                             ("1.5GB", 1_500_000_000), ("64b", 64), ("1 mb", 1_000_000)])
def test_max_size_units(value, size):
    args = build_parser().parse_args(["ingest", "x", "--max-size", value])
    assert args.max_size == size


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_processes_must_be_a_count_or_auto(capsys, value):
    with pytest.raises(SystemExit) as exit_info:
        main(["events", str(SEEDS), "--processes", value])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--processes" in err and "Traceback" not in err


def test_two_processes_print_the_events_of_one(capsys):
    assert main(["events", str(SEEDS), "--processes", "1"]) == 0
    one = capsys.readouterr().out
    assert main(["events", str(SEEDS), "--processes", "2"]) == 0
    two = capsys.readouterr().out
    assert one == two and one.count("\n") >= 5
