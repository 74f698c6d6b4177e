"""The suite's notebooks and their kernels: which notebooks run, what they declare and import, and a fresh kernel per
notebook started and warmed up (imports, the spaCy pipeline) while the previous notebook executes."""

from __future__ import annotations

import ast
import functools
import json
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path

from sitrep.params import Parameter, merge_declarations, parse_declarations
from sitrep.web import INLINE_ENV

KERNEL_NAME = "sitrep"


KERNEL_STARTUP_TIMEOUT = 120


# Lines a kernel prints on its own stderr that say nothing about the notebook; everything else is relayed.
KERNEL_NOISE = re.compile(r"Kernel is running over TCP without encryption"
                          r"|KeyboardInterrupt caught in (kernel|CFRunLoop)")


def notebooks_dir() -> Path:
    """The suite's notebooks: ``$SITREP_NOTEBOOKS`` or the repository's ``notebooks/``."""
    env = os.environ.get("SITREP_NOTEBOOKS")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "notebooks"


def ensure_kernel() -> str:
    """The project's kernel, installed into this environment's prefix if missing (no global spec)."""
    from jupyter_client.kernelspec import KernelSpecManager

    if KERNEL_NAME not in KernelSpecManager().find_kernel_specs():
        from ipykernel.kernelspec import install

        install(kernel_name=KERNEL_NAME, display_name="sitrep (.venv)", prefix=sys.prefix)
    return KERNEL_NAME


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
                km.start_kernel(cwd=str(cwd), stdout=log, stderr=log, env={**os.environ, INLINE_ENV: "0"},
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
