"""The bundle's HTML pages: nbconvert's lab template without remote scripts (``templates/page.html.j2``, styled by
``templates/page.css``), the navigation bar, the front page's run sections, and each page's Content-Security-Policy
(sitrep's own scripts by hash, :mod:`sitrep.web`)."""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path

from sitrep import web
from sitrep.report.bundle import RunResult


def _template(name: str) -> str:
    """A file of ``sitrep/templates`` (shipped as package data)."""
    return resources.files("sitrep").joinpath("templates", name).read_text(encoding="utf-8")


FRONT_PAGE_PREFIX = "00"  # the notebook whose rendering is index.html


EXPORT_LABELS = {"acled.csv": "ACLED-style events", "events.geojson": "events, GeoJSON",
                 "timeline.geojson": "merged timeline, GeoJSON", "timelinejs.json": "TimelineJS timeline",
                 ".csv": "CSV", ".geojson": "GeoJSON", ".json": "JSON", ".parquet": "Parquet table",
                 ".png": "PNG image", ".svg": "SVG image"}


# What a page may load, as a <meta> Content-Security-Policy: no script but sitrep's own (by sha256, see
# :mod:`sitrep.web`; a page without interactive widgets allows none), no plugin, frame, form target or <base>, nothing
# from the network or the disk; images and fonts only as data: URIs, styles only inline. Defence in depth: every
# input-derived string is escaped where the HTML is made; this stops what escaping would miss.
PAGE_CSP = web.BASE_POLICY


CSP_META = re.compile(r'<meta\b[^>]*\bhttp-equiv="Content-Security-Policy"[^>]*>', re.I)


CSP_CONTENT = re.compile(r'\bcontent=(?P<q>["\'])(?P<content>.*?)(?P=q)', re.S)


# The lab template without the scripts it loads from CDNs (require.js, MathJax, Mermaid, widgets), with the policy
# above first in <head>, and with the runner's navigation bar and footer around the notebook.
PAGE_TEMPLATE = _template("page.html.j2")


PAGE_CSS = _template("page.css")


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
