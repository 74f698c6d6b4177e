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
yielded beside the articles, so one bad file never stops the others. Only regular files are opened (named
pipes, sockets, devices and links to them are problems), reading stops at ``max_bytes``, links to folders
are not followed, and every title and body is in the form :func:`normalize_text` describes.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import errno
import hashlib
import io
import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sitrep.boilerplate import clean as clean_furniture
from sitrep.lang.detect import detect_language
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
SIDECAR_MAX_BYTES = 1024 * 1024
BINARY_HEAD_BYTES = 8192
BINARY_CONTROL_SHARE = 0.05  # a head with more NUL/control bytes than this is binary (UTF-16 text is about half)
EARLIEST_PUBLISHED = dt.date(1990, 1, 1)
PUBLISHED_AHEAD = dt.timedelta(days=2)  # feeds and time zones run ahead of UTC; anything later is not a date yet

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or Office document)",
    b"\x1f\x8b": "a gzip archive",
}


_FILE_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAK = re.compile("\r\n|[\r\u0085\u2028\u2029]")
# zero-width space/non-joiner/joiner, word joiner and invisible operators, byte-order mark, soft hyphen, Mongolian
# vowel separator; bidi controls: Arabic letter mark, LRM/RLM, embeddings and overrides, isolates
_INVISIBLE = re.compile("[\u200b-\u200d\u2060-\u2064\ufeff\u00ad\u180e\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 except \t and \n (\r is a line break by now), DEL, C1
_RAW_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")  # in a decoded file: what parsers choke on, counted and warned
_RAW_CONTROL_BYTES = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20)) + b"\x7f"
_BLANK_CONTROL_BYTES = bytes.maketrans(_RAW_CONTROL_BYTES, b" " * len(_RAW_CONTROL_BYTES))
_SPACES = re.compile(r"[^\S\n]+")
_DATEPARSER_SETTINGS = {  # absolute dates only: no "yesterday", "now", "2 days ago", weekday or month alone
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


class InvalidDate(ValueError):
    """A publication date that is given but is not an absolute calendar date in the accepted range."""


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def normalize_text(text: str) -> str:
    """The one normalization of ingested text; stored titles and bodies (and so every char offset into them and
    :func:`content_hash`) are in this form, and applying it again changes nothing:

    * lone surrogates (possible from JSON ``\\ud800`` escapes) become U+FFFD;
    * line breaks (``\\r\\n``, ``\\r``, U+0085, U+2028, U+2029) become ``\\n``;
    * invisible characters are **removed**, so "Khar\\u200bkiv" is "Kharkiv": zero-width space, non-joiner and
      joiner (U+200B–U+200D), word joiner and invisible operators (U+2060–U+2064), byte-order mark (U+FEFF), soft
      hyphen (U+00AD), Mongolian vowel separator (U+180E) and the bidi controls (U+061C, U+200E, U+200F,
      U+202A–U+202E, U+2066–U+2069);
    * control characters — NUL and the rest of C0 except ``\\t`` and ``\\n``, DEL, C1 — become a **space** (a space,
      not nothing, so the words on either side never run together);
    * NFC;
    * runs of whitespace other than ``\\n`` (tabs, no-break and other Unicode spaces) become one space, lines are
      stripped, at most one blank line separates paragraphs, and the text has no blank lines at either end.
    """
    text = _LINE_BREAK.sub("\n", _SURROGATE.sub("\ufffd", text))
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", _INVISIBLE.sub("", text)))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def normalize_line(text: str) -> str:
    """:func:`normalize_text` on one line (its lines joined by single spaces): titles, ids, sources, URLs."""
    return " ".join(line for line in normalize_text(text).split("\n") if line)


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_text(text).casefold().encode("utf-8")).hexdigest()


def normalize_published(value: object) -> str | None:
    """An ISO date (``2025-12-05``) or datetime from what a source gives; None when no date is given.

    Accepted: a ``date``/``datetime``, ISO 8601 text, or an absolute date with day, month and year that dateparser
    reads ("5 December 2025", "Fri, 05 Dec 2025 10:00:00 GMT"). The date must be a real calendar date between
    :data:`EARLIEST_PUBLISHED` (1990-01-01) and today (UTC) plus :data:`PUBLISHED_AHEAD` (2 days), inclusive.
    Relative words ("yesterday", "now", "2 days ago", "Tuesday") are not publication dates. Anything else raises
    :class:`InvalidDate`.
    """
    if value is None or (isinstance(value, float) and value != value) or not str(value).strip():
        return None
    parsed = _absolute_date(value)
    if parsed is None or not _plausible(parsed):
        raise InvalidDate(f"invalid publication date {_quoted(value)}")
    if isinstance(parsed, dt.datetime) and parsed.time() == dt.time(0) and not _has_time(value):
        return parsed.date().isoformat()
    return parsed.isoformat()


def _absolute_date(value: object) -> dt.date | dt.datetime | None:
    if isinstance(value, dt.date):  # a datetime is a date too
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(text)
        return None
    with contextlib.suppress(ValueError):
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if len(text) > 64 or not re.search(r"\d", text):  # a day and a year are digits; long text is no date
        return None
    import dateparser

    return dateparser.parse(text, settings=_DATEPARSER_SETTINGS)


def _plausible(value: dt.date) -> bool:
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST_PUBLISHED <= day <= dt.datetime.now(dt.UTC).date() + PUBLISHED_AHEAD


def _has_time(value: object) -> bool:
    return isinstance(value, dt.datetime) or bool(re.search(r"\d:\d", str(value)))


def _quoted(value: object, limit: int = 60) -> str:
    text = normalize_line(str(value))
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _published(value: object, *, where: str = "", shown: object = None) -> tuple[str | None, str | None]:
    """(ISO date or None, warning or None): an invalid date is kept as undated with one warning that names the date
    as ``shown`` (what the source wrote) or ``value``."""
    try:
        return normalize_published(value), None
    except InvalidDate:
        return None, f"invalid publication date {_quoted(value if shown is None else shown)}{where}: kept as undated"


# -- files and folders ---------------------------------------------------------------------------------------------

def shown_path(path: str | Path) -> str:
    """``path`` as text that can be printed and stored: bytes that are not UTF-8 become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Problem]:
    """Every input file under ``paths`` (folders recursively, sorted); missing, unreadable and special paths
    (named pipes, sockets, devices, broken links, link loops) as problems. Only folders are opened here."""
    for raw in paths:
        path = Path(raw)
        try:
            mode = os.stat(path).st_mode
        except (OSError, ValueError) as exc:
            yield _stat_problem(path, exc)
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        elif path.name.endswith(SIDECAR_SUFFIX):
            continue  # metadata of the file beside it (e.g. from `sitrep ingest seeds/*`), not an article
        elif not stat.S_ISREG(mode):
            yield Problem(shown_path(path), _not_regular(mode))
        else:
            yield path


def _walk(root: Path) -> Iterator[Path | Problem]:
    """The files under ``root`` sorted by path parts (a folder's files come where its name sorts), without hidden
    names and sidecars. Links to folders are not followed (so there are no loops); unreadable folders are problems."""
    pending = _children(root)
    while pending:
        item = pending.pop()
        if isinstance(item, Problem):
            yield item
        elif (found := _classify(item)) is None:
            pending.extend(_children(item))
        else:
            yield found


def _children(folder: Path) -> list[Path | Problem]:
    """The entries of ``folder`` to visit, in reverse name order (they are popped from the end)."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries)
    except OSError as exc:
        reason = _os_reason(exc)
        return [Problem(shown_path(folder), f"{reason}: folder not read, none of its files ingested")]
    keep = [n for n in names if not n.startswith(".") and not n.endswith(SIDECAR_SUFFIX)]
    return [folder / name for name in reversed(keep)]


def _classify(path: Path) -> Path | Problem | None:
    """A file to read, a problem, or None for a folder to walk."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError) as exc:
        return _stat_problem(path, exc)
    if stat.S_ISDIR(mode):
        if os.path.islink(path):
            return Problem(shown_path(path), "skipped: symbolic link to a folder (not followed)", severity="warning")
        return None
    if not stat.S_ISREG(mode):
        return Problem(shown_path(path), _not_regular(mode))
    if path.suffix.lower() not in SUPPORTED:
        return Problem(shown_path(path), f"skipped: unsupported file type '{path.suffix or path.name}'",
                       severity="warning")
    return path


def _not_regular(mode: int) -> str:
    kind = next((name for is_kind, name in _FILE_KINDS if is_kind(mode)), "an unknown kind of file")
    return f"not a regular file ({kind}): not read"


def _stat_problem(path: Path, exc: Exception) -> Problem:
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        reason = "broken symbolic link: not read"
    elif isinstance(exc, FileNotFoundError):
        reason = "path does not exist"
    elif isinstance(exc, OSError) and exc.errno == errno.ELOOP:
        reason = "symbolic link loop: not read"
    else:
        reason = f"{_os_reason(exc)}: not read"
    return Problem(shown_path(path), reason)


def _os_reason(exc: Exception) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).lower()


def _read_bounded(path: Path, max_bytes: int) -> bytes | str:
    """The bytes of the regular file ``path``, or why not: never more than ``max_bytes`` + 1 are read, even if
    the file grows, and a named pipe swapped in after :func:`iter_files` looked is neither waited for nor read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as exc:
        return _stat_problem(path, exc).reason
    with open(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            return _not_regular(info.st_mode)
        if info.st_size > max_bytes:
            return _over_limit(_size_text(info.st_size), max_bytes)
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        return _over_limit(f"more than {_size_text(max_bytes)}", max_bytes)
    return data


def _over_limit(size: str, max_bytes: int) -> str:
    return f"file is {size}, over the {_size_text(max_bytes)} limit (--max-size)"


def load_articles(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
    skip: Callable[[str, str], bool] | None = None,
) -> Iterator[Article | Problem]:
    """Articles and problems from files and folders, in a stable order. Never raises on bad input.

    ``skip(path, sha256)`` is asked for each readable file (its shown path and the SHA-256 of its bytes) before it
    is parsed; a file it accepts yields nothing (a store skips a file it has read before, unchanged)."""
    for item in iter_files(paths):
        if isinstance(item, Problem):
            yield item
            continue
        try:
            yield from _load_file(item, max_bytes=max_bytes, skip=skip)
        except Exception as exc:  # a reader bug must not stop the other inputs
            yield Problem(shown_path(item), f"could not be read ({type(exc).__name__}: {' '.join(str(exc).split())})")


def _load_file(path: Path, *, max_bytes: int,
               skip: Callable[[str, str], bool] | None = None) -> Iterator[Article | Problem]:
    raw = _read_bounded(path, max_bytes)
    if isinstance(raw, str):
        yield Problem(shown_path(path), raw)
        return
    sha = hashlib.sha256(raw).hexdigest()
    if skip is not None and skip(shown_path(path), sha):
        return
    if not raw.strip():
        yield Problem(shown_path(path), "empty file")
        return
    kind = _sniff_binary(raw)
    if kind:
        yield Problem(shown_path(path), f"binary file: looks like {kind}, not text")
        return
    text, warning = _decode(raw)
    if warning:
        yield Problem(shown_path(path), warning, severity="warning")
    text, controls = _RAW_CONTROL.subn(" ", text)
    if controls:
        yield Problem(shown_path(path), f"{controls} control characters (NUL and the like) replaced by spaces",
                      severity="warning")
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(path, text, sha)
    elif suffix in CSV_SUFFIXES:
        yield from _read_csv(path, text, sha)
    elif suffix in FEED_SUFFIXES:
        yield from _read_feed(path, raw.translate(_BLANK_CONTROL_BYTES), sha)  # bytes: the feed declares its encoding
    else:
        yield from _read_single(path, text, sha)


def _size_text(n: int) -> str:
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= factor:
            return f"{n / factor:.1f} {unit}"
    return f"{n} bytes"


def _sniff_binary(raw: bytes) -> str | None:
    for magic, kind in _MAGIC.items():
        if raw.startswith(magic):
            return kind
    head = raw[:BINARY_HEAD_BYTES]
    controls = len(head) - len(head.translate(None, _RAW_CONTROL_BYTES))
    if controls > BINARY_CONTROL_SHARE * len(head):
        return "binary data (NUL and control bytes)"
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


Draft = tuple[Article, str | None]  # an article and the warning about its publication date, if any


def _article(
    path: Path, *, text: str, title: str | None, sha: str, origin: str, meta: dict | None = None,
    removed: tuple | None = None,
) -> Draft:
    """An article from ``text``; page furniture is dropped (:func:`sitrep.boilerplate.clean`) unless ``removed``
    says the text is already cleaned."""
    meta = meta or {}
    body = normalize_text(text)
    if removed is None:
        body, removed = clean_furniture(body)
    ident = normalize_line(str(meta.get("id") or ""))
    chash = content_hash(body)
    published, date_warning = _published(meta.get("published"))
    article = Article(
        article_id=ident or chash[:16],
        title=normalize_line(str(meta.get("title") or title or "")),
        text=body,
        published=published,
        source=normalize_line(str(meta.get("source") or "")) or None,
        url=normalize_line(str(meta.get("url") or "")) or None,
        path=shown_path(path),
        language=normalize_line(str(meta.get("language") or "")) or detect_language(body),
        sha256=sha,
        content_hash=chash,
        ingested_at=now_iso(),
        origin=origin,
        removed=removed,
    )
    return article, date_warning


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_.]|$)|/((?:19|20)\d\d)(\d\d)(\d\d)/")
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATELINE_DATE = re.compile(
    r"^[A-Z][A-Z'’. -]{1,40}(?:,\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?)?,\s*(?:(?P<m1>[A-Z][a-z]{2,8})\.?\s+(?P<d1>\d{1,2})|"
    r"(?P<d2>\d{1,2})\s+(?P<m2>[A-Z][a-z]{2,8})\.?)(?:,?\s*(?P<y>(?:19|20)\d\d))?\s*(?:\(|/|[-—–])")
DATE_SLACK = dt.timedelta(days=2)  # time zones and late publication: a URL or dateline this close agrees


def url_date(url: str | None) -> dt.date | None:
    """The date in a URL path (``/2026/02/14/``, ``/2026-02-14-``, ``/20260214/``), if it is a real date."""
    m = _URL_DATE.search(url or "")
    if not m:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    with contextlib.suppress(ValueError):
        day = dt.date(int(y), int(mo), int(d))
        return day if _plausible(day) else None
    return None


def dateline_date(text: str, year: int | None = None) -> dt.date | None:
    """The date of a dateline opening the text ("KYIV, Feb 14, 2026 (Reuters) -", "ODESA, 15 February -"); a dateline
    without a year takes ``year`` (None: no date)."""
    m = _DATELINE_DATE.match(text[:160])
    if not m:
        return None
    month, day = (m["m1"], m["d1"]) if m["m1"] else (m["m2"], m["d2"])
    if month[:3].lower() not in _MONTH_NAMES:
        return None
    y = int(m["y"]) if m["y"] else year
    if y is None:
        return None
    with contextlib.suppress(ValueError):
        return dt.date(y, _MONTH_NAMES.index(month[:3].lower()) + 1, int(day))
    return None


def check_published(article: Article) -> tuple[Article, str | None]:
    """A published date that contradicts the URL's date or the text's own dateline (by more than two days) is
    replaced by the better source, with a warning. The URL's date wins over a dateline; a dateline without a year
    only confirms (it replaces nothing, but a contradiction is still said). An article without a date takes the
    URL's. Returns the article and the warning, if any."""
    published = dt.date.fromisoformat(article.published[:10]) if article.published else None
    from_url = url_date(article.url)
    if from_url is not None and published is None:
        return dataclasses.replace(article, published=from_url.isoformat()), \
            f"no publication date given: took {from_url} from the URL"
    if published is None:
        return article, None
    if from_url is not None and abs(from_url - published) > DATE_SLACK:
        return dataclasses.replace(article, published=from_url.isoformat()), \
            f"publication date {article.published} contradicts the URL's date {from_url}: using {from_url}"
    if from_url is not None:
        return article, None
    line = dateline_date(article.text)
    if line is not None and abs(line - published) > DATE_SLACK:
        return dataclasses.replace(article, published=line.isoformat()), \
            f"publication date {article.published} contradicts the dateline's date {line}: using {line}"
    yearless = dateline_date(article.text, year=published.year)
    if line is None and yearless is not None and min(abs(yearless.replace(year=y) - published) for y in
                                                      (published.year - 1, published.year, published.year + 1)
                                                      if not (yearless.month == 2 and yearless.day == 29)) > DATE_SLACK:
        return article, f"publication date {article.published} contradicts the dateline ({yearless:%d %B}): kept"
    return article, None


def _finish(article: Article, date_warning: str | None = None) -> Iterator[Article | Problem]:
    if not article.text:
        yield Problem(article.path, "no article text", locator=_locator(article))
        return
    article, contradiction = check_published(article)
    yield article
    if contradiction:
        yield Problem(article.path, contradiction, severity="warning", locator=_locator(article))
    if date_warning:
        yield Problem(article.path, date_warning, severity="warning", locator=_locator(article))
    elif article.published is None and not contradiction:
        yield Problem(article.path, "no publication date: kept; relative dates stay unresolved",
                      severity="warning", locator=_locator(article))


def _locator(article: Article) -> str | None:
    _, sep, loc = article.origin.rpartition("#")
    return (loc or None) if sep else None


def _read_sidecar(path: Path) -> tuple[dict, Path | None, Problem | None]:
    """(metadata, the sidecar it came from, a warning): the first sidecar that exists, read like an input file."""
    for candidate in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)):
        try:
            if stat.S_ISDIR(os.stat(candidate).st_mode):
                continue
        except FileNotFoundError:
            continue
        except (OSError, ValueError):
            pass  # unreadable: _read_bounded says why
        raw = _read_bounded(candidate, SIDECAR_MAX_BYTES)
        try:
            if isinstance(raw, str):
                raise ValueError(raw)
            data = json.loads(raw.decode("utf-8-sig"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            return {k: data[k] for k in RECORD_KEYS if k in data}, candidate, None
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            reason = " ".join(f"sidecar ignored: {exc}".split())
            return {}, candidate, Problem(shown_path(candidate), reason, severity="warning")
    return {}, None, None


def _with_sidecar(draft: Draft, meta: dict, sidecar: Path | None) -> Draft:
    """Sidecar values win; an invalid sidecar date leaves the file's own date (or none) and one warning."""
    article, date_warning = draft
    if not meta:
        return draft
    fields = {**article.__dict__}
    for key in ("title", "source", "url", "language"):
        if meta.get(key) and normalize_line(str(meta[key])):
            fields[key] = normalize_line(str(meta[key]))
    if meta.get("id") and normalize_line(str(meta["id"])):
        fields["article_id"] = normalize_line(str(meta["id"]))
    published, sidecar_warning = _published(meta.get("published"), where=f" in sidecar {shown_path(sidecar)}")
    if published:
        fields["published"], date_warning = published, None
    elif sidecar_warning:
        own = fields["published"]
        date_warning = sidecar_warning.replace("kept as undated", f"kept the file's own date {own}") if own \
            else sidecar_warning
    return Article(**fields), date_warning


def _read_single(path: Path, text: str, sha: str) -> Iterator[Article | Problem]:
    """A one-article file (text, Markdown, HTML) and its sidecar."""
    meta, sidecar, problem = _read_sidecar(path)
    if problem:
        yield problem
    draft = _read_html(path, text, sha) if path.suffix.lower() in HTML_SUFFIXES else _read_text(path, text, sha)
    if isinstance(draft, Problem):
        yield draft
        return
    yield from _finish(*_with_sidecar(draft, meta, sidecar))


def _read_text(path: Path, text: str, sha: str) -> Draft:
    """The first line (after page furniture is dropped) is the title. The dropped lines' spans point into the whole
    file's normalized text; where each was cut points into the stored body (0 for lines above the body)."""
    kept, removed = clean_furniture(normalize_text(text))
    lines = kept.split("\n")
    title = lines[0]
    body = "\n".join(lines[1:]).strip() or title
    shift = kept.find(body, len(title)) if body != title else 0
    removed = tuple(dataclasses.replace(r, at=max(0, r.at - shift)) for r in removed)
    return _article(path, text=body, title=title, sha=sha, origin=shown_path(path), removed=removed)


def _read_html(path: Path, text: str, sha: str) -> Draft | Problem:
    import trafilatura

    extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    doc = extracted.as_dict() if extracted is not None else {}
    body = doc.get("text") or ""
    if len(body.strip()) < 40:
        return Problem(shown_path(path), "HTML page has no article body")
    meta = {
        "title": doc.get("title"),
        "published": doc.get("date"),
        "source": doc.get("sitename") or doc.get("hostname"),
        "url": doc.get("url"),
        "language": doc.get("language"),
    }
    return _article(path, text=body, title=meta["title"], sha=sha, origin=shown_path(path),
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


def _entry_published(entry) -> tuple[str | None, str | None]:
    """(ISO date or None, warning or None) of a feed entry: feedparser's UTC reading of its date, checked like any
    other date; a date feedparser could not read is tried as written."""
    # dict.get: the entry's own keys, without feedparser's deprecated updated -> published fallback (and its warning)
    given = dict.get(entry, "published") or dict.get(entry, "updated")
    parsed = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    try:
        value = dt.datetime(*parsed[:6], tzinfo=dt.UTC) if parsed else given
    except (TypeError, ValueError, OverflowError):
        value = given
    return _published(value, shown=given)


def _read_feed(path: Path, raw: bytes, sha: str) -> Iterator[Article | Problem]:
    import feedparser

    feed = feedparser.parse(raw)
    if not feed.entries:
        reason = f"malformed feed ({feed.get('bozo_exception')})" if feed.bozo else "feed has no entries"
        yield Problem(shown_path(path), reason)
        return
    source = feed.feed.get("title")
    items: list[Article | Problem] = []
    for index, entry in enumerate(feed.entries, start=1):
        content = entry.get("content")
        html = content[0].get("value") if content else entry.get("summary", "")
        meta = {"id": None, "source": source, "url": entry.get("link")}
        article, _ = _article(path, text=html_to_text(html or ""), title=html_to_text(entry.get("title", "")),
                              sha=sha, origin=f"{shown_path(path)}#entry{index}", meta=meta)
        published, date_warning = _entry_published(entry)
        article = dataclasses.replace(article, published=published)
        items.extend(_finish(article, date_warning))
    if feed.bozo:
        if not any(isinstance(i, Article) for i in items):  # broken and nothing usable: one problem, not one per entry
            yield Problem(shown_path(path), f"malformed feed ({feed.get('bozo_exception')})")
            return
        yield Problem(shown_path(path), f"feed is not well-formed ({feed.get('bozo_exception')}); read what parsed",
                      severity="warning")
    yield from items


def _read_record(path: Path, record: dict, sha: str, locator: str) -> Iterator[Article | Problem]:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        yield Problem(shown_path(path), "record has no text", locator=locator)
        return
    meta = {k: record.get(k) for k in RECORD_KEYS if k != "text"}
    meta = {k: (None if v is None or (isinstance(v, float) and v != v) else str(v)) for k, v in meta.items()}
    yield from _finish(*_article(path, text=text, title=meta.get("title"), sha=sha,
                                 origin=f"{shown_path(path)}#{locator}", meta=meta))


def _read_jsonl(path: Path, text: str, sha: str) -> Iterator[Article | Problem]:
    # Lines end at "\n" only: U+2028 and friends are allowed inside JSON strings (str.splitlines would cut there).
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, strict=False)  # strict=False: a raw tab inside a string is kept
        except json.JSONDecodeError as exc:
            yield Problem(shown_path(path), f"not JSON ({exc.msg})", locator=f"line{number}")
            continue
        except RecursionError:
            yield Problem(shown_path(path), "not JSON (nested too deeply)", locator=f"line{number}")
            continue
        if not isinstance(record, dict):
            yield Problem(shown_path(path), "not a JSON object", locator=f"line{number}")
            continue
        yield from _read_record(path, record, sha, f"line{number}")


@contextlib.contextmanager
def _csv_field_limit(size: int):
    """Let a CSV field be as long as the whole file (the csv module stops at 128 kB by default)."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, size))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _read_csv(path: Path, text: str, sha: str) -> Iterator[Article | Problem]:
    with _csv_field_limit(len(text)):
        fields, rows = _csv_table(text)
    if "text" not in fields:
        yield Problem(shown_path(path), f"CSV has no 'text' column (columns: {', '.join(fields) or 'none'})")
        return
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        if isinstance(row, str):
            yield Problem(shown_path(path), row, locator=f"line{number}")
            continue
        record = {(k or "").strip().lower(): v for k, v in row.items()}
        yield from _read_record(path, record, sha, f"line{number}")


def _csv_table(text: str) -> tuple[list[str], list[dict | str]]:
    """The lower-cased column names, and each row as a dict or the reason the csv module gave up on it."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    except csv.Error:
        return [], []
    rows: list[dict | str] = []
    while True:
        try:
            rows.append(next(reader))
        except StopIteration:
            return fields, rows
        except csv.Error as exc:
            rows.append(f"not a CSV row ({exc})")
