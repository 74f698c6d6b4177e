"""The scripts sitrep puts into its pages, and the Content-Security-Policy that allows exactly those.

A report page is self-contained and, apart from what is listed here, script-free. The interactive map, timeline
(Bokeh) and tables (DataTables, as shipped inside ``itables``) need JavaScript, so a page may carry:

* the libraries, inlined from the installed Python packages (``bokeh.min.js``; itables' ``dt_bundle.js`` with its
  ES-module ``export`` turned into a global), each at most once per page;
* one fixed bootstrap script per library, the same text on every page, that finds the widgets' data and draws them.

The widgets' data never sits in a script: it goes into ``<script type="application/json">`` blocks (which a browser
does not run), made by :func:`json_for_html` so that no value can close the block (``<``, ``>``, ``&`` and the line
separators become ``\\u`` escapes). Every text value in that data was escaped (:mod:`sitrep.escape`) where it will
be shown as HTML.

:func:`page_policy` computes, when a page is written, the sha256 of each inline script on it whose text is exactly
one of :func:`known_scripts`; the page's policy allows those hashes and nothing else (no ``'unsafe-inline'``, no
``'unsafe-eval'``: neither BokehJS without ``CustomJS`` models nor DataTables without itables' JavaScript-valued
options evaluates strings). Any other script in a page - one a payload might smuggle in - stays blocked.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import re
from importlib import resources
from pathlib import Path

SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.S)
JSON_TYPE = re.compile(r"""\btype\s*=\s*["']?application/json""", re.I)
LIB_ATTR = "data-sitrep-lib"

# The policy of a page without scripts; with scripts, ``script-src 'none'`` becomes the list of hashes.
BASE_POLICY = ("default-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; "
               "form-action 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'")

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_html(value) -> str:
    """``value`` as JSON that can sit inside an HTML ``<script type="application/json">`` block: no ``</script>``,
    ``<!--`` or ``]]>`` can appear in it (``< > &`` and U+2028/9 are ``\\u`` escapes, which JSON.parse undoes)."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=str)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def data_block(value, *, cls: str) -> str:
    """A non-executed JSON data block with the class ``cls`` (the bootstrap scripts look for it)."""
    return f'<script type="application/json" class="{cls}">{json_for_html(value)}</script>'


# -- the libraries ----------------------------------------------------------------------------------------------------


@functools.cache
def bokeh_library() -> str:
    """BokehJS core as shipped in the ``bokeh`` package (no widgets, tables, GL or MathJax bundles)."""
    from bokeh.util.paths import bokehjs_path

    return (Path(bokehjs_path()) / "js" / "bokeh.min.js").read_text(encoding="utf-8")


@functools.cache
def datatables_library() -> str:
    """itables' offline DataTables bundle (jQuery, DataTables and itables' ``ITable``) as an ES module whose exports
    become ``window.sitrepDataTables``, followed by a ``sitrep-datatables`` event; and the bundle's CSS."""
    source = resources.files("itables").joinpath("html/dt_bundle.js").read_text(encoding="utf-8")
    exports = list(re.finditer(r"export\s*\{([^}]*)\}\s*;?", source))
    if not exports:
        raise RuntimeError("itables' dt_bundle.js has no export list")
    last = exports[-1]
    names = []
    for item in last.group(1).split(","):
        local, _, public = (part.strip() for part in item.partition(" as "))
        if public and public != "default":
            names.append(f"{json.dumps(public)}:{local}")
    glue = (f"window.sitrepDataTables={{{','.join(names)}}};"
            "window.dispatchEvent(new Event('sitrep-datatables'));")
    return source[:last.start()] + glue + source[last.end():]


@functools.cache
def datatables_css() -> str:
    return resources.files("itables").joinpath("html/dt_bundle.css").read_text(encoding="utf-8")


# Draws every Bokeh item on the page: each <script type="application/json" class="sitrep-bokeh-item"> holds a
# ``bokeh.embed.json_item`` whose target is the element just before it. Waits for BokehJS (a Lab output may bring
# the library after the item).
BOKEH_BOOT = """(function () {
  var count = 0;
  function draw() {
    document.querySelectorAll("script.sitrep-bokeh-item:not([data-drawn])").forEach(function (block) {
      var target = block.previousElementSibling;
      if (!target) return;
      block.setAttribute("data-drawn", "1");
      var widget = block.closest(".sitrep-widget");
      if (widget) widget.classList.add("sitrep-drawn");
      if (!target.id) target.id = "sitrep-bokeh-" + (++count);
      window.Bokeh.embed.embed_item(JSON.parse(block.textContent), target.id);
    });
  }
  var tries = 0;
  function wait() {
    if (window.Bokeh && window.Bokeh.embed) { draw(); }
    else if (tries++ < 400) { setTimeout(wait, 25); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", wait); } else { wait(); }
})();"""

# Turns every table with a <script type="application/json" class="sitrep-table-args"> after it into a DataTable
# (itables' ITable, with the arguments itables computed in Python; no option holds JavaScript).
DATATABLES_BOOT = """(function () {
  function draw() {
    var dt = window.sitrepDataTables;
    document.querySelectorAll("script.sitrep-table-args:not([data-drawn])").forEach(function (block) {
      var table = block.previousElementSibling;
      if (!(table instanceof HTMLTableElement)) return;
      block.setAttribute("data-drawn", "1");
      var widget = block.closest(".sitrep-widget");
      if (widget) widget.classList.add("sitrep-drawn");
      new dt.ITable(table, JSON.parse(block.textContent));
    });
  }
  function start() {
    if (window.sitrepDataTables) { draw(); } else { window.addEventListener("sitrep-datatables", draw); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();"""


def library_tag(name: str) -> str:
    """The inline script element of library ``name`` ("bokeh" or "datatables") with its bootstrap script."""
    if name == "bokeh":
        return (f'<script {LIB_ATTR}="bokeh">{bokeh_library()}</script>'
                f'<script {LIB_ATTR}="bokeh-boot">{BOKEH_BOOT}</script>')
    if name == "datatables":
        return (f'<style {LIB_ATTR}="datatables-css">{datatables_css()}</style>'
                f'<script type="module" {LIB_ATTR}="datatables">{datatables_library()}</script>'
                f'<script {LIB_ATTR}="datatables-boot">{DATATABLES_BOOT}</script>')
    raise ValueError(f"unknown library {name!r}")


_emitted: set[str] = set()
INLINE_ENV = "SITREP_INLINE_LIBRARIES"


def library_once(name: str) -> str:
    """:func:`library_tag` the first time in this process (a kernel), "" after: a notebook carries each library once.
    A page rendered from several outputs keeps only the first copy anyway (:func:`dedupe_libraries`). In the report
    runner's kernels (``SITREP_INLINE_LIBRARIES=0``) outputs carry none: the renderer adds each library a page needs
    (:func:`ensure_libraries`), which keeps the executed notebooks small and papermill's saves cheap."""
    if name in _emitted or os.environ.get(INLINE_ENV) == "0":
        return ""
    _emitted.add(name)
    return library_tag(name)


WIDGET_DATA = {"bokeh": 'class="sitrep-bokeh-item"', "datatables": 'class="sitrep-table-args"'}


def ensure_libraries(page: str) -> str:
    """``page`` with each library its widgets need: a notebook carries a library only in the first output that
    needs it in its kernel (:func:`library_once`), so a page whose outputs lack it gets it before ``</body>``."""
    missing = "".join(library_tag(name) for name, marker in WIDGET_DATA.items()
                      if marker in page and f'{LIB_ATTR}="{name}"' not in page)
    if not missing:
        return page
    at = page.rfind("</body>")
    return page[:at] + missing + page[at:] if at >= 0 else page + missing


def known_scripts() -> frozenset[str]:
    """The texts of every script sitrep emits."""
    return frozenset((bokeh_library(), BOKEH_BOOT, datatables_library(), DATATABLES_BOOT))


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@functools.cache
def _known_hashes() -> frozenset[str]:
    return frozenset(sha256_source(s) for s in known_scripts())


def dedupe_libraries(page: str) -> str:
    """``page`` with each library element (``data-sitrep-lib``) kept only where it first appears."""
    seen: set[str] = set()
    pattern = re.compile(rf'<(script|style)\b[^>]*\b{LIB_ATTR}="(?P<name>[\w-]+)"[^>]*>.*?</(?:script|style)\s*>',
                         re.I | re.S)

    def keep(match: re.Match) -> str:
        if match.group("name") in seen:
            return ""
        seen.add(match.group("name"))
        return match.group(0)

    return pattern.sub(keep, page)


def script_hashes(page: str) -> list[str]:
    """The CSP sources (``'sha256-…'``) of the inline scripts on ``page`` that sitrep itself emits, in order of first
    appearance. Data blocks are not scripts; any other script gets no hash, so the policy blocks it."""
    known = _known_hashes()
    out: list[str] = []
    for match in SCRIPT.finditer(page):
        if JSON_TYPE.search(match.group("attrs")):
            continue
        digest = sha256_source(match.group("body"))
        if digest in known and digest not in out:
            out.append(digest)
    return out


def page_policy(page: str) -> str:
    """The Content-Security-Policy for ``page``: :data:`BASE_POLICY`, with the hashes of sitrep's own scripts on the
    page as the only allowed scripts (``'none'`` when there are none)."""
    hashes = script_hashes(page)
    if not hashes:
        return BASE_POLICY
    return BASE_POLICY.replace("script-src 'none'", "script-src " + " ".join(hashes))
