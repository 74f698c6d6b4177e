"""How a report run starts and stops: its own folder, the parameters as declared, and Ctrl-C.

Two end-to-end runs (slow) on toy suites: typed parameters into a folder whose id was taken, and an interrupted run.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from sitrep.cli import main

RUN_ID = "20251205-101010-abcdef"


def test_the_same_run_id_twice_gets_two_folders(tmp_path):
    from sitrep.report import claim_run_dir

    first = claim_run_dir(tmp_path, RUN_ID)
    second = claim_run_dir(tmp_path, RUN_ID)
    assert (first.name, second.name) == (RUN_ID, f"{RUN_ID}-2")
    assert first.is_dir() and second.is_dir()


def test_concurrent_runs_with_the_same_id_get_their_own_folders(tmp_path):
    from sitrep.report import claim_run_dir

    claimed: list[Path] = []
    threads = [threading.Thread(target=lambda: claimed.append(claim_run_dir(tmp_path, RUN_ID))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(claimed)) == 8
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([RUN_ID, *(f"{RUN_ID}-{n}" for n in range(2, 9))])


def write_suite(folder: Path, *notebooks: tuple[str, str]) -> Path:
    """A toy suite: each notebook is a parameters cell and one code cell."""
    folder.mkdir(parents=True, exist_ok=True)
    params = new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]})
    for name, code in notebooks:
        nbformat.write(new_notebook(cells=[params, new_code_cell(code)]), folder / f"{name}.ipynb")
    return folder


PARAMETERS = """\
inputs: list = []
store: str = "sitrep.duckdb"
out_dir: str = "."
interactive: bool = True
count: int = 1
verbose = True
tags: list = []
since: str | None = None
"""


@pytest.mark.slow
def test_parameters_run_as_declared_and_the_manifest_says_what_ran(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SITREP_NOTEBOOKS", str(write_suite(tmp_path / "nb", (
        "01_show", "print(repr((type(count).__name__, count, verbose, tags, since, interactive, inputs)))"))))
    monkeypatch.setattr("sitrep.report.run.make_run_id", lambda parameters: RUN_ID)
    out = tmp_path / "out"
    (out / RUN_ID).mkdir(parents=True)  # another run started in the same second with the same parameters
    story = tmp_path / "story.txt"
    story.write_text("Title\n\nA drone was shot down over Sumy.", encoding="utf-8")

    code = main(["report", str(story), "--out", str(out), "-p", "count=3", "-p", "verbose=no", "-p", "tags=a, b",
                 "--since", "2025-12-01"])
    err = capsys.readouterr().err
    assert code == 0, err
    run_dir = out / f"{RUN_ID}-2"
    executed = nbformat.read(run_dir / "01_show.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in executed.cells for o in c.get("outputs", []))
    assert printed.strip() == repr(("int", 3, False, ["a", "b"], "2025-12-01", False, [str(story)]))

    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["run_id"] == f"{RUN_ID}-2"
    assert manifest["parameters"] == {"inputs": [str(story)], "store": str(run_dir / "sitrep.duckdb"),
                                      "out_dir": str(run_dir), "interactive": False, "count": 3, "verbose": False,
                                      "tags": ["a", "b"], "since": "2025-12-01", "compare": None}  # no earlier run
    assert manifest["inputs"] == [{"path": str(story), "bytes": story.stat().st_size,
                                   "sha256": hashlib.sha256(story.read_bytes()).hexdigest()}]
    assert (out / "latest").resolve() == run_dir


def processes_mentioning(text: str) -> list[str]:
    """Command lines of live processes that mention ``text``."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = next(line for line in (proc / "status").read_text().splitlines() if line.startswith("State:"))
        except (OSError, StopIteration):
            continue
        if text in cmdline and "zombie" not in state:
            found.append(cmdline)
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to look for left-over kernels")
def test_ctrl_c_stops_the_run_and_leaves_nothing_behind(tmp_path):
    nb = write_suite(tmp_path / "nb", (
        "01_slow", "from pathlib import Path\nimport time\nPath(out_dir, 'started').touch()\ntime.sleep(120)"),
        ("02_next", "print('next')"), ("03_last", "print('last')"))
    scratch, runtime, out = tmp_path / "tmp", tmp_path / "runtime", tmp_path / "out"
    scratch.mkdir()
    runtime.mkdir()
    story = tmp_path / "story.txt"
    story.write_text("Title\n\nA drone was shot down over Sumy.", encoding="utf-8")
    env = {**os.environ, "SITREP_NOTEBOOKS": str(nb), "TMPDIR": str(scratch), "JUPYTER_RUNTIME_DIR": str(runtime),
           "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([sys.executable, "-m", "sitrep", "report", str(story), "--out", str(out)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as in a terminal
    try:
        deadline = time.monotonic() + 180
        while not list(out.glob("*/started")) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert list(out.glob("*/started")), "the first notebook did not start"
        time.sleep(0.5)
        interrupted = time.monotonic()
        proc.send_signal(signal.SIGINT)
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)  # an impatient second Ctrl-C while the run cleans up
        stdout, stderr = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, stderr
    assert time.monotonic() - interrupted < 60  # the sleeping notebook was stopped, not waited for
    lines = stderr.splitlines()
    assert lines[-1] == "interrupted"
    assert "Traceback" not in stderr and not [line for line in lines if "kernel:" in line], stderr
    assert stdout == ""
    assert sorted(p.name for p in scratch.iterdir()) == []  # no sitrep-run-* folder, no kernel connection file
    assert sorted(p.name for p in runtime.iterdir()) == []
    deadline = time.monotonic() + 5
    while processes_mentioning(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_mentioning(str(tmp_path)) == []  # no kernel left running
    assert not (out / "latest").exists()  # the interrupted run is not the newest report


def test_manifest_inputs_survive_an_unreadable_file(tmp_path, monkeypatch):
    from sitrep import report

    good, bad = tmp_path / "a.txt", tmp_path / "b.txt"
    good.write_text("Title\n\nBody text.", encoding="utf-8")
    bad.write_text("Title\n\nOther body.", encoding="utf-8")
    real = report.file_sha256

    def unreadable(path):
        if path.name == "b.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(report.bundle, "file_sha256", unreadable)
    rows = {Path(r["path"]).name: r for r in report.describe_inputs([str(tmp_path)])}
    assert rows["a.txt"]["sha256"] == real(good)
    assert rows["b.txt"]["sha256"] is None and "Permission denied" in rows["b.txt"]["problem"]
