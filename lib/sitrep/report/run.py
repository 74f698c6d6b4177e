"""``run_report``: execute the suite with papermill, each notebook in its own warmed-up kernel, render every page on
a worker thread, and write the bundle."""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from sitrep.changes import find_previous_run, load_previous
from sitrep.params import check_name
from sitrep.report.bundle import (
    NotebookResult,
    RunResult,
    _point_latest,
    claim_run_dir,
    describe_inputs,
    describe_outputs,
    make_run_id,
    write_manifest,
    write_zip,
)
from sitrep.report.html import FRONT_PAGE_PREFIX, _nav, _Renderer, write_index
from sitrep.report.kernels import (
    _DeclaredParameters,
    _Kernel,
    _KernelPool,
    _quiet_slow_imports,
    declared_parameters,
    ensure_kernel,
    suite_notebooks,
    suite_parameters,
)
from sitrep.report.pdf import PDF_NAME, _no_chromium, find_chromium, write_pdf

OPTIONAL_RUNNER_PARAMETERS = ("compare",)  # set by the runner, given only to the notebooks that declare them


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
