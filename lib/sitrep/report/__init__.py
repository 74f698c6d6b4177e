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

The package: :mod:`~sitrep.report.run` (the runner), :mod:`~sitrep.report.kernels`, :mod:`~sitrep.report.html`
(pages, templates, the script policy), :mod:`~sitrep.report.pdf`, :mod:`~sitrep.report.bundle` (run folder, manifest,
zip); what changed since an earlier run is :mod:`sitrep.changes`.
"""

from sitrep.report.bundle import (
                                  CHART_SUFFIXES,
                                  EXPORTS_DIR,
                                  REPORTED_PACKAGES,
                                  ZIP_EXCLUDED,
                                  NotebookResult,
                                  RunResult,
                                  claim_run_dir,
                                  describe_inputs,
                                  describe_outputs,
                                  file_sha256,
                                  make_run_id,
                                  package_versions,
                                  write_manifest,
                                  write_zip,
)
from sitrep.report.html import (
                                  CSP_META,
                                  EXPORT_LABELS,
                                  FRONT_PAGE_PREFIX,
                                  PAGE_CSP,
                                  PAGE_CSS,
                                  PAGE_TEMPLATE,
                                  _Renderer,
                                  with_policy,
                                  write_index,
)
from sitrep.report.kernels import (
                                  KERNEL_NAME,
                                  KERNEL_NOISE,
                                  KERNEL_STARTUP_TIMEOUT,
                                  declared_parameters,
                                  ensure_kernel,
                                  kernel_warmup,
                                  notebook_imports,
                                  notebooks_dir,
                                  suite_notebooks,
                                  suite_parameters,
)
from sitrep.report.pdf import CHROMIUM_FLAGS, CHROMIUM_NAMES, PDF_NAME, find_chromium, headless_chromium, write_pdf
from sitrep.report.run import OPTIONAL_RUNNER_PARAMETERS, run_report

__all__ = ["CHART_SUFFIXES", "CHROMIUM_FLAGS", "CHROMIUM_NAMES", "CSP_META", "EXPORTS_DIR", "EXPORT_LABELS",
           "FRONT_PAGE_PREFIX", "KERNEL_NAME", "KERNEL_NOISE", "KERNEL_STARTUP_TIMEOUT", "OPTIONAL_RUNNER_PARAMETERS",
           "PAGE_CSP", "PAGE_CSS", "PAGE_TEMPLATE", "PDF_NAME", "REPORTED_PACKAGES", "ZIP_EXCLUDED", "NotebookResult",
           "RunResult", "_Renderer", "claim_run_dir", "declared_parameters", "describe_inputs", "describe_outputs",
           "ensure_kernel", "file_sha256", "find_chromium", "headless_chromium", "kernel_warmup", "make_run_id",
           "notebook_imports", "notebooks_dir", "package_versions", "run_report", "suite_notebooks",
           "suite_parameters", "with_policy", "write_index", "write_manifest", "write_pdf", "write_zip"]
