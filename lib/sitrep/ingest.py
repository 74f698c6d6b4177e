"""Ingestion: files and folders of news into :class:`~sitrep.types.Article` records.

Formats, by file ending:

* ``.txt``/``.md`` — plain text; the first non-empty line is the title, the rest the body.
* ``.html``/``.htm`` — a saved news page; trafilatura extracts the main text and the metadata
  (title, date, site name, URL) from meta tags and JSON-LD.
* ``.xml``/``.rss``/``.atom`` — RSS or Atom feeds (feedparser); each entry is an article.
* ``.jsonl``/``.ndjson`` and ``.csv`` — corpora with keys ``id``, ``title``, ``text``,
  ``published``, ``url``, ``source`` (only ``text`` is required).

Any single-article file may have a **sidecar** beside it, ``<file name>.meta.json`` (for example
``story.txt.meta.json``) or ``<stem>.meta.json``, holding any of ``id``, ``title``, ``published``,
``source``, ``url``, ``language``. Sidecar values win over what the file itself says.

Nothing here raises on bad input: every problem becomes a :class:`~sitrep.types.Problem` that is
yielded beside the articles, so one bad file never stops the others.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitrep.types import Article, Problem

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES
SIDECAR_SUFFIX = ".meta.json"
RECORD_KEYS = ("id", "title", "text", "published", "url", "source", "language")

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive",
}


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, no trailing spaces, at most one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_text(text).casefold().encode("utf-8")).hexdigest()


def normalize_published(value: object) -> str | None:
    """An ISO date (``2025-12-05``) or datetime with timezone, from whatever a source gives."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed.isoformat()
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        return None
    if parsed.time() == dt.time(0) and not re.search(r"\d:\d", text):
        return parsed.date().isoformat()
    return parsed.isoformat()


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Problem]:
    """Every input file under ``paths`` (folders recursively, sorted); missing paths as problems."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield Problem(str(path), "path does not exist")
        elif path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or child.name.endswith(SIDECAR_SUFFIX):
                    continue
                if child.suffix.lower() not in SUPPORTED:
                    yield Problem(str(child), f"skipped: unsupported file type '{child.suffix or child.name}'",
                                  severity="warning")
                    continue
                yield child
        elif path.name.endswith(SIDECAR_SUFFIX):
            continue  # metadata of the file beside it (e.g. from `sitrep ingest seeds/*`), not an article
        else:
            yield path


def load_articles(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Problem]:
    """Articles and problems from files and folders, in a stable order. Never raises on bad input."""
    for item in iter_files(paths):
        if isinstance(item, Problem):
            yield item
            continue
        try:
            yield from _load_file(item, max_bytes=max_bytes)
        except Exception as exc:  # a reader bug must not stop the other inputs
            yield Problem(str(item), f"could not be read ({type(exc).__name__}: {exc})")


def _load_file(path: Path, *, max_bytes: int) -> Iterator[Article | Problem]:
    size = path.stat().st_size
    if size > max_bytes:
        yield Problem(str(path), f"file is {_size_text(size)}, over the {_size_text(max_bytes)} limit (--max-size)")
        return
    raw = path.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        yield Problem(str(path), "empty file")
        return
    kind = _sniff_binary(raw)
    if kind:
        yield Problem(str(path), f"binary file: looks like {kind}, not text")
        return
    text, warning = _decode(raw)
    if warning:
        yield Problem(str(path), warning, severity="warning")
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, text, sha)
    elif suffix in CSV_SUFFIXES:
        yield from _read_csv(path, text, sha)
    elif suffix in FEED_SUFFIXES:
        yield from _read_feed(path, raw, sha)
    elif suffix in HTML_SUFFIXES:
        yield from _with_sidecar(path, _read_html(path, text, sha))
    else:
        yield from _with_sidecar(path, _read_text(path, text, sha))


def _size_text(n: int) -> str:
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= factor:
            return f"{n / factor:.1f} {unit}"
    return f"{n} bytes"


def _sniff_binary(raw: bytes) -> str | None:
    for magic, kind in _MAGIC.items():
        if raw.startswith(magic):
            return kind
    head = raw[:8192]
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    return None


def _decode(raw: bytes) -> tuple[str, str | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        from charset_normalizer import from_bytes

        matches = from_bytes(raw)
        best = matches.best()
        encoding = best.encoding if best is not None else "cp1252"
        # Short Latin texts are ambiguous to the detector (it may answer mac_latin2 for "caf\xe9"): prefer
        # Windows-1252, the usual non-UTF-8 encoding of English news, whenever it reads the bytes as cleanly.
        try:
            western = raw.decode("cp1252")
        except UnicodeDecodeError:
            western = None
        if western is not None and best is not None and any(
            m.encoding == "cp1252" or str(m) == western for m in matches if m.chaos <= best.chaos
        ):
            encoding = "cp1252"
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            encoding, text = "latin-1", raw.decode("latin-1")
        return text, f"invalid UTF-8 at byte {exc.start}; decoded as {encoding} (detected)"


def _article(
    path: Path, *, text: str, title: str | None, sha: str, origin: str, meta: dict | None = None
) -> Article:
    meta = meta or {}
    body = normalize_text(text)
    ident = meta.get("id")
    chash = content_hash(body)
    return Article(
        article_id=str(ident).strip() if ident not in (None, "") else chash[:16],
        title=normalize_text(str(meta.get("title") or title or "")).replace("\n", " "),
        text=body,
        published=normalize_published(meta.get("published")),
        source=meta.get("source") or None,
        url=meta.get("url") or None,
        path=str(path),
        language=str(meta.get("language") or "en"),
        sha256=sha,
        content_hash=chash,
        ingested_at=now_iso(),
        origin=origin,
    )


def _finish(article: Article) -> Iterator[Article | Problem]:
    if not article.text:
        yield Problem(article.path, "no article text", locator=_locator(article))
        return
    yield article
    if article.published is None:
        yield Problem(article.path, "no publication date: kept; relative dates stay unresolved",
                      severity="warning", locator=_locator(article))


def _locator(article: Article) -> str | None:
    _, sep, loc = article.origin.rpartition("#")
    return (loc or None) if sep else None


def _read_sidecar(path: Path) -> tuple[dict, Problem | None]:
    for candidate in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)):
        if candidate.is_file():
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
                if not isinstance(data, dict):
                    raise ValueError("not a JSON object")
                return {k: data[k] for k in RECORD_KEYS if k in data}, None
            except (ValueError, UnicodeDecodeError) as exc:
                return {}, Problem(str(candidate), f"sidecar ignored: {exc}", severity="warning")
    return {}, None


def _with_sidecar(path: Path, articles: Iterator[Article | Problem]) -> Iterator[Article | Problem]:
    meta, problem = _read_sidecar(path)
    if problem:
        yield problem
    for item in articles:
        if isinstance(item, Article) and meta:
            fields = {**item.__dict__}
            for key in ("title", "source", "url", "language"):
                if meta.get(key):
                    fields[key] = str(meta[key])
            if meta.get("published"):
                fields["published"] = normalize_published(meta["published"])
            if meta.get("id"):
                fields["article_id"] = str(meta["id"])
            item = Article(**fields)
        yield from _finish(item) if isinstance(item, Article) else (item,)


def _read_text(path: Path, text: str, sha: str) -> Iterator[Article | Problem]:
    lines = normalize_text(text).split("\n")
    title = lines[0]
    body = "\n".join(lines[1:]).strip() or title
    yield _article(path, text=body, title=title, sha=sha, origin=str(path))


def _read_html(path: Path, text: str, sha: str) -> Iterator[Article | Problem]:
    import trafilatura

    extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    doc = extracted.as_dict() if extracted is not None else {}
    body = doc.get("text") or ""
    if len(body.strip()) < 40:
        yield Problem(str(path), "HTML page has no article body")
        return
    meta = {
        "title": doc.get("title"),
        "published": doc.get("date"),
        "source": doc.get("sitename") or doc.get("hostname"),
        "url": doc.get("url"),
        "language": doc.get("language"),
    }
    yield _article(path, text=body, title=meta["title"], sha=sha, origin=str(path),
                   meta={k: v for k, v in meta.items() if v})


def html_to_text(fragment: str) -> str:
    """Plain text from an HTML fragment (feed entries), paragraphs kept."""
    if "<" not in fragment:
        return fragment
    import lxml.html

    try:
        root = lxml.html.fromstring(fragment)
    except Exception:
        return re.sub(r"<[^>]+>", " ", fragment)
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for node in root.iter():  # source line breaks inside a paragraph are spaces, as a browser shows them
        node.text = re.sub(r"\s+", " ", node.text) if node.text else node.text
        node.tail = re.sub(r"\s+", " ", node.tail) if node.tail else node.tail
    for block in root.xpath("//p|//br|//div|//li|//h1|//h2|//h3|//h4"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content()


def _read_feed(path: Path, raw: bytes, sha: str) -> Iterator[Article | Problem]:
    import feedparser

    feed = feedparser.parse(raw)
    if not feed.entries:
        reason = f"malformed feed ({feed.get('bozo_exception')})" if feed.bozo else "feed has no entries"
        yield Problem(str(path), reason)
        return
    source = feed.feed.get("title")
    items: list[Article | Problem] = []
    for index, entry in enumerate(feed.entries, start=1):
        content = entry.get("content")
        html = content[0].get("value") if content else entry.get("summary", "")
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.datetime(*parsed[:6], tzinfo=dt.UTC).isoformat() if parsed else None
        meta = {"id": None, "published": published, "source": source, "url": entry.get("link")}
        article = _article(path, text=html_to_text(html or ""), title=html_to_text(entry.get("title", "")),
                           sha=sha, origin=f"{path}#entry{index}", meta=meta)
        items.extend(_finish(article))
    if feed.bozo:
        if not any(isinstance(i, Article) for i in items):  # broken and nothing usable: one problem, not one per entry
            yield Problem(str(path), f"malformed feed ({feed.get('bozo_exception')})")
            return
        yield Problem(str(path), f"feed is not well-formed ({feed.get('bozo_exception')}); read what parsed",
                      severity="warning")
    yield from items


def _read_record(path: Path, record: dict, sha: str, locator: str) -> Iterator[Article | Problem]:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        yield Problem(str(path), "record has no text", locator=locator)
        return
    meta = {k: record.get(k) for k in RECORD_KEYS if k != "text"}
    meta = {k: (None if v is None or (isinstance(v, float) and v != v) else str(v)) for k, v in meta.items()}
    yield from _finish(_article(path, text=text, title=meta.get("title"), sha=sha,
                                origin=f"{path}#{locator}", meta=meta))


def _read_jsonl(path: Path, text: str, sha: str) -> Iterator[Article | Problem]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(str(path), f"not JSON ({exc.msg})", locator=f"line{number}")
            continue
        if not isinstance(record, dict):
            yield Problem(str(path), "not a JSON object", locator=f"line{number}")
            continue
        yield from _read_record(path, record, sha, f"line{number}")


def _read_csv(path: Path, text: str, sha: str) -> Iterator[Article | Problem]:
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "text" not in fields:
        yield Problem(str(path), f"CSV has no 'text' column (columns: {', '.join(fields) or 'none'})")
        return
    for number, row in enumerate(reader, start=2):
        record = {(k or "").strip().lower(): v for k, v in row.items()}
        yield from _read_record(path, record, sha, f"line{number}")
