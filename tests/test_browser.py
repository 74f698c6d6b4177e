"""The report in a real browser (headless Chromium, slow): the front page loads with its navigation bar, the
00_sitrep notebook's content and every image; it needs no network, also when sent alone (by mail); a screenshot of it
is a page, not a blank; and ``--pdf`` prints it.

Skipped only when Chromium is not installed and cannot be installed (``make test`` installs it when it can).
"""

from __future__ import annotations

import base64
import html.parser
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

from sitrep.report import CHROMIUM_NAMES, find_chromium, headless_chromium, write_pdf

REPO = Path(__file__).resolve().parents[1]
SUITE = ["00_sitrep", "01_ingest", "02_extract", "03_timeline", "04_charts"]
# the front page's sections (coordinated with notebooks/00_sitrep.ipynb)
FRONT_PAGE_SECTIONS = ["Headline figures", "Timeline", "Map", "Claims", "Key statements", "Disputed or unverified"]
RUN_SECTIONS = ["status", "exports", "charts", "parameters"]
NO_NETWORK = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"  # any fetch from the network fails

CSP_META = re.compile(r'<meta\b[^>]*\bhttp-equiv="Content-Security-Policy"[^>]*>', re.I)
# Appended to a copy of index.html (without its Content-Security-Policy, which forbids scripts): once the page has
# loaded, write what the browser saw into the DOM.
PROBE = """<script>
window.addEventListener("load", () => {
  const images = Array.from(document.images).map(i => (
    {src: (i.getAttribute("src") || "").slice(0, 40), complete: i.complete, width: i.naturalWidth}));
  const remote = performance.getEntriesByType("resource").map(e => e.name).filter(n => /^(https?|ftp):/.test(n));
  const out = document.createElement("pre");
  out.id = "sitrep-probe";
  out.textContent = JSON.stringify({images, remote});
  document.body.appendChild(out);
});
</script>"""


def _install_chromium() -> str:
    """Try apt-get (as root); returns why it could not, or "" when Chromium is now installed."""
    if os.environ.get("SITREP_NO_BROWSER_INSTALL"):
        return "SITREP_NO_BROWSER_INSTALL is set"
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "not root, so apt-get cannot install it"
    if not shutil.which("apt-get"):
        return "no apt-get on this system"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "chromium"]
    for steps in ([install], [["apt-get", "update", "-q"], install]):
        try:
            if all(subprocess.run(step, env=env, capture_output=True, timeout=900).returncode == 0 for step in steps):
                if find_chromium():
                    return ""
        except (OSError, subprocess.SubprocessError) as exc:
            return f"{type(exc).__name__}: {exc}"
    return "apt-get install chromium failed"


@pytest.fixture(scope="session")  # session, listed first: found (or skipped) before the report runs
def chromium() -> str:
    found = find_chromium()
    if not found:
        reason = _install_chromium()
        found = find_chromium()
        if not found:
            pytest.skip(f"Chromium not found (looked for {', '.join(CHROMIUM_NAMES)}) and not installable: {reason}")
    return found


@pytest.fixture(scope="module")
def run(seed_report):
    _, result, _ = seed_report
    assert result.ok, {n.name: n.error for n in result.notebooks if n.status != "ok"}
    return result


class Page(html.parser.HTMLParser):
    """What the tests look at in a DOM: the navigation bar's links, headings, images, sections, status rows."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.nav_links: list[str] = []
        self.headings: list[str] = []
        self.images: list[str] = []
        self.sections: list[str] = []
        self.status_rows: list[str] = []
        self.probe = ""
        self._in_nav = self._in_probe = False
        self._heading: list[str] | None = None
        self._section = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav" and "sitrep-nav" in (a.get("class") or ""):
            self._in_nav = True
        elif tag == "a" and self._in_nav and a.get("href"):
            self.nav_links.append(a["href"])
        elif tag in ("h1", "h2", "h3"):
            self._heading = []
        elif tag == "img":
            self.images.append(a.get("src") or "")
        elif tag == "section" and a.get("id"):
            self.sections.append(a["id"])
            self._section = a["id"]
        elif tag == "tr" and self._section == "status" and a.get("class"):
            self.status_rows.append(a["class"])
        elif tag == "pre" and a.get("id") == "sitrep-probe":
            self._in_probe = True

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append("".join(self._heading).replace("¶", "").strip())
            self._heading = None
        elif tag == "section":
            self._section = ""
        elif tag == "pre":
            self._in_probe = False

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)
        if self._in_probe:
            self.probe += data


def dump_dom(page: Path, *flags: str) -> Page:
    done = headless_chromium(page, "--dump-dom", *flags)
    assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
    return Page(done.stdout)


def notebook_headings(name: str) -> list[str]:
    nb = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
    return [line.lstrip("#").strip() for c in nb.cells if c.cell_type == "markdown"
            for line in c.source.splitlines() if re.match(r"#{1,3} ", line)]


def assert_embedded_image(src: str) -> None:
    match = re.fullmatch(r"data:(image/[\w.+-]+);base64,([A-Za-z0-9+/=\s]+)", src, re.S)
    assert match, src[:60]
    data = base64.b64decode(match.group(2))
    assert len(data) > 100
    if match.group(1) == "image/png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width > 0 and height > 0
    elif match.group(1) == "image/svg+xml":
        assert b"<svg" in data[:2000]


@pytest.mark.slow
def test_front_page_dom(chromium, run):
    page = dump_dom(run.index)
    # the navigation bar: the front page, every notebook's rendering, the run's sections, the manifest
    renderings = [f"{name}.html" for name in SUITE]
    assert [h for h in page.nav_links if h.endswith(".html")] == renderings
    assert all((run.run_dir / href).is_file() for href in renderings)
    assert {"#status", "#exports", "#charts", "#parameters", "manifest.json"} <= set(page.nav_links)
    # the 00_sitrep notebook's content is the page: every heading of its markdown, in order
    expected = notebook_headings("00_sitrep")
    assert [h for h in page.headings if h in expected] == expected
    assert set(FRONT_PAGE_SECTIONS) <= set(page.headings)
    # below it, the run: status (every notebook ok), exports, charts, parameters
    assert page.sections == RUN_SECTIONS
    assert page.status_rows == ["ok"] * len(SUITE)
    # every image is embedded, none is broken
    assert page.images
    for src in page.images:
        assert_embedded_image(src)


@pytest.mark.slow
def test_front_page_sent_alone_needs_no_network(chromium, run, tmp_path):
    """index.html on its own (as an attachment), network blocked: every image loads, nothing is fetched. The page's
    Content-Security-Policy forbids scripts, so the probe runs in a copy without it (the policy would only block more
    loads, never fewer: the copy is the harder case)."""
    page = run.index.read_text(encoding="utf-8")
    assert len(CSP_META.findall(page)) == 1
    mailed = tmp_path / "mail" / "index.html"
    mailed.parent.mkdir()
    mailed.write_text(CSP_META.sub("", page).replace("</body>", PROBE + "</body>"), encoding="utf-8")
    page = dump_dom(mailed, NO_NETWORK)
    assert page.probe, "the probe did not run"
    seen = json.loads(page.probe)
    assert seen["remote"] == []
    assert len(seen["images"]) == len(page.images) > 0
    broken = [i for i in seen["images"] if not (i["complete"] and i["width"] > 0)]
    assert broken == []


@pytest.mark.slow
def test_front_page_screenshot_is_a_page(chromium, run, tmp_path):
    import numpy as np
    from PIL import Image

    shot = tmp_path / "front-page.png"
    done = headless_chromium(run.index, f"--screenshot={shot}", "--window-size=1280,2400", "--hide-scrollbars",
                             NO_NETWORK)
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    assert shot.stat().st_size > 20_000
    with Image.open(shot) as image:
        assert image.size == (1280, 2400)
        rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
    gray = rgb.mean(axis=2)
    assert gray.std() > 20  # not a blank or single-colour page
    assert (gray < 200).mean() > 0.02  # text, tables and charts: enough ink
    # the navigation bar is drawn: a dark band across the top
    assert (gray[:120, 200:1100].mean(axis=1) < 80).sum() >= 20
    # the charts are drawn: coloured pixels (markers, bars), not only grey text
    assert ((rgb.max(axis=2) - rgb.min(axis=2)) > 60).sum() > 300


@pytest.mark.slow
def test_pdf(chromium, seed_report, run, tmp_path):
    _, _, lines = seed_report
    pdf = run.pdf or write_pdf(run.index, tmp_path / "front-page.pdf")  # Chromium may have been installed since
    assert pdf is not None and pdf.is_file(), lines
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 20_000
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 1


@pytest.mark.slow
def test_pdf_prints_every_column_of_the_timeline_table(chromium, seed_report, run, tmp_path):
    """The print stylesheet fits the tables to the page: every header of the timeline table is in the PDF's text (the
    interactive widgets print as their static versions)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed (poppler-utils)")
    pdf = run.pdf or write_pdf(run.index, tmp_path / "front-page.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    headers = ["date", "kind", "place", "country", "actor", "killed", "injured", "launched", "intercepted",
               "claimants", "certainty", "sources", "conflicting"]  # timeline_table's columns but the entry link
    timeline_line = next(line for line in text.splitlines() if line.split()[:3] == ["date", "kind", "place"])
    assert timeline_line.split() == headers, timeline_line
    assert "Dnipropetrovsk" in text and "Ukrainian Air" in text


@pytest.mark.slow
def test_front_page_widgets_draw_hover_and_click_through_offline(chromium, run):
    """The interactive map, timeline and tables are drawn (not blank) with the page's policy in force and the network
    blocked; hovering an event shows its tooltip, clicking it opens its provenance; nothing is fetched. Screenshots
    go under the run folder."""
    from cdp import BOKEH_POINTS, Browser, hover_points, widgets

    shots = run.run_dir / "screenshots"
    shots.mkdir(exist_ok=True)
    with Browser(width=1280, height=1000) as browser:
        browser.open(run.index, settle=2.5)
        seen = widgets(browser)
        assert seen["drawn"] == seen["widgets"] >= 4, seen
        assert seen["datatables"] >= 2 and seen["rows"] > 0 and seen["canvases"] >= 2, seen
        browser.screenshot(shots / "front-page.png")
        tips = hover_points(browser)
        assert any("kind: attack" in t and "claimant: Vladyslav Haivanenko" in t for t in tips), tips
        browser.screenshot(shots / "front-page-hover.png", full=False)
        x, y = browser.js(BOKEH_POINTS)[0]
        browser.js(f"window.scrollTo(0, {max(0, y - 300)})")
        browser.click(x, y - browser.js("window.scrollY"))
        deadline = time.time() + 10
        while "provenance.html#" not in browser.js("location.href") and time.time() < deadline:
            time.sleep(0.2)
        anchor = browser.js("location.hash").lstrip("#")
        assert re.fullmatch(r"[0-9a-f]{16}", anchor)
        assert browser.js(f"document.getElementById('{anchor}').tagName") == "SECTION"
        browser.screenshot(shots / "provenance.png", full=False)
        assert [u for u in browser.requests() if not u.startswith(("file:", "data:"))] == []
        assert [c for c in browser.console() if "Content Security Policy" in c or "Refused" in c] == []
    assert (shots / "front-page.png").stat().st_size > 20_000


def test_pdf_without_chromium_is_one_warning(monkeypatch, tmp_path):
    monkeypatch.setattr("sitrep.report.pdf.find_chromium", lambda: None)
    index = tmp_path / "index.html"
    index.write_text("<html><body>report</body></html>", encoding="utf-8")
    lines: list[str] = []
    assert write_pdf(index, tmp_path / "front-page.pdf", progress=lines.append) is None
    assert len(lines) == 1 and lines[0].startswith("warning: --pdf: Chromium not found")
    assert not (tmp_path / "front-page.pdf").exists()
