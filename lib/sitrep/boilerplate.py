"""Page furniture out of scraped text: menus, link lists, tag clouds, share/subscribe/cookie text, cookie tables,
"Related"/"Read more" blocks, tickers, headline lists, reference lists and image credits.

HTML goes through trafilatura, which drops most of a page's furniture with the DOM in hand. Text scraped from
pages (``.txt``/``.md``, JSONL and CSV corpora, feed entries) has lost the DOM but kept the furniture, one item a
line, so this works on **lines and blocks** of the normalized text (see :func:`clean`):

* a curated lexicon (``data/boilerplate.json``: cookie notices, cookie tables, share/subscribe, copyright, image
  credits, reference lists, tickers, block headers) — a short line matching it is dropped;
* a block header ("Related", "Read more", "Most read", "Tags:") drops itself and the link-like lines after it (up
  to a blank line or a line of prose);
* separator lines ("Home | World | Ukraine", "Home > News > Europe", "Ukraine · Russia · Drones") are menus,
  breadcrumbs and tag clouds;
* markdown and bare links: a line that is mostly link text (link density over jusText's 0.2 … here 0.5) is a link
  list;
* runs of three or more short lines without sentence punctuation whose stopword density (jusText's English
  stoplist, the density jusText's classifier works with) is low are menus; runs of three or more headline-like
  lines (no sentence end) are headline lists; runs of two or more time-stamped headline lines are tickers.

Prose — a line that ends like a sentence, or has prose's share of stopwords and some length — is never dropped by
the run rules, so a clean article comes out unchanged (tested on every development passage); neither are the
line-per-item reports of air forces and regional administrations (a list a prose line opens with a colon, a line
with a figure and an incident word: "Killed: 2 people"), see :func:`_protected`.

**Offsets.** The cleaned text is what the store keeps as the article text: extraction reads it and every
provenance offset points into it. Each dropped line is kept as a :class:`Removed` (its text, its span in the text
as read — after :func:`sitrep.ingest.normalize_text` — the offset in the cleaned text where it was cut out, and the
reason), stored in the ``removed_spans`` table, so nothing is lost and the text as read can be rebuilt.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

LEXICON_PATH = Path(str(resources.files("sitrep") / "data" / "boilerplate.json"))
MAX_LEXICON_WORDS = 25  # a lexicon match on a longer line is prose that mentions cookies, not a cookie notice
MENU_ITEM_WORDS = 4  # a menu or tag item has at most this many words
SHORT_LINE_WORDS = 5  # lines this short, without a sentence end, in a run of RUN_LINES are a menu
RUN_LINES = 3
HEADLINE_WORDS = 20  # a headline in a headline list has at most this many words
PROSE_STOPWORDS = 0.25  # jusText's "stopwords_low" is 0.30; prose lines in news run 0.3-0.5
LINK_DENSITY = 0.5  # share of a line's characters inside links above which it is a link list
PROSE_MAX_CHARS = 600  # a "sentence" longer than this is merged furniture, not a statement

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’]$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"https?://\S+|www\.\S+")
_SEPARATORS = re.compile(r"\s+[|•·»›>/]\s+|\s*[|•·»›]\s*")
_TIME_STAMP = re.compile(r"^\(?\d{1,2}[:.]\d{2}\s*(am|pm|a\.m\.|p\.m\.)?\)?\s*[|•·–—:-]?\s+", re.I)
_AGO = re.compile(r"\b(\d+\s+(min|mins|minutes|hours?|hrs?|days?)\s+ago|\d+\s+min read)\b", re.I)
_BULLET = re.compile(r"^([*•·‣▪–—-]|\d{1,2}[.)])\s+")


@dataclass(frozen=True)
class Removed:
    """One dropped line: its text, its span in the text as read, where it was cut from the cleaned text, why."""

    start: int
    end: int
    at: int
    reason: str
    text: str


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[re.Pattern, ...]]:
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return {family: tuple(re.compile(p, re.I) for p in patterns)
            for family, patterns in data.items() if not family.startswith("_")}


@functools.lru_cache(maxsize=1)
def _family_patterns() -> dict[str, tuple[re.Pattern, re.Pattern]]:
    """Each lexicon family's patterns as one alternation (one search per family and line), in the file's order:
    case-sensitive for a lower-cased line (Python's ``re`` scans about twice as fast without IGNORECASE; the
    lexicon is written in lower case) and with IGNORECASE for a line whose lower case changes its length."""
    out = {}
    for family, patterns in lexicon().items():
        alternation = "|".join(f"(?:{p.pattern})" for p in patterns) or "(?!)"
        out[family] = (re.compile(alternation), re.compile(alternation, re.I))
    return out


def _in_family(bare: str, lower: str, family: str) -> bool:
    """Does the bare line (and ``lower``, its lower case) match a pattern of the lexicon family?"""
    lowered, folded = _family_patterns()[family]
    return bool(lowered.search(lower) if len(lower) == len(bare) else folded.search(bare))


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    try:
        import justext

        return frozenset(w.casefold() for w in justext.get_stoplist("English"))
    except Exception:  # jusText missing: a small list keeps the density meaningful
        return frozenset("a an the of in on at to for from by with and or but is are was were be been has have had "
                         "that this it its as not he she they we you i his her their our who which said".split())


@functools.lru_cache(maxsize=4096)
def _words(line: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(line))


def stopword_density(line: str) -> float:
    ws = _words(line)
    return sum(w.casefold() in stopwords() for w in ws) / len(ws) if ws else 0.0


def link_density(line: str) -> float:
    linked = sum(len(m.group(1)) for m in _MD_LINK.finditer(line))
    text = _MD_LINK.sub(lambda m: m.group(1), line)
    linked += sum(len(m.group()) for m in _URL.finditer(text))
    return linked / max(len(text.strip()), 1)


@functools.lru_cache(maxsize=4096)  # each rule looks at a line's bare text again: a few calls per line
def _bare(line: str) -> str:
    """The line without a bullet, markdown emphasis and heading marks, and a trailing time stamp."""
    line = _BULLET.sub("", line.strip())
    line = re.sub(r"^#+\s*|[*_]{1,3}", "", line)
    return _AGO.sub("", line).strip(" |·•-–—")


def is_prose(line: str) -> bool:
    """A line that reads as prose: it ends like a sentence or has prose's stopwords at some length."""
    bare = _bare(_MD_LINK.sub(lambda m: m.group(1), line))
    ws = _words(bare)
    if not ws:
        return False
    if _SENTENCE_END.search(bare) and len(ws) >= 4:
        return True
    return len(ws) >= 12 and stopword_density(bare) >= PROSE_STOPWORDS


def prose_sentence(sentence: str) -> bool:
    """Can this sentence be shown as a statement? Prose of reasonable length: at most :data:`PROSE_MAX_CHARS`
    characters and two line breaks, six words or more, prose's share of stopwords, no separator runs, not a link
    list, and no line of it furniture."""
    text = (sentence or "").strip()
    ws = _words(text)
    if not ws or len(text) > PROSE_MAX_CHARS or text.count("\n") > 2 or len(ws) < 6:
        return False
    if stopword_density(text) < 0.15 or link_density(text) > 0.2 or len(_SEPARATORS.findall(text)) >= 3:
        return False
    return not any(lexicon_reason(line) for line in text.split("\n"))


def lexicon_reason(line: str) -> str | None:
    bare = _bare(line)
    if not bare or len(_words(bare)) > MAX_LEXICON_WORDS:
        return None
    lower = bare.lower()
    return next((family for family in _family_patterns() if family != "headers" and _in_family(bare, lower, family)),
                None)


def _is_header(line: str) -> bool:
    bare = _bare(line)
    return bool(bare) and len(_words(bare)) <= 8 and _in_family(bare, bare.lower(), "headers")


def _menu_line(line: str) -> bool:
    """"Home | World | Ukraine", "Home > News > Europe", "Tags: Ukraine, Russia, drones, air defence"."""
    parts = [p for p in _SEPARATORS.split(_bare(line)) if p.strip()]
    if len(parts) >= 3 and all(len(_words(p)) <= MENU_ITEM_WORDS for p in parts):
        return True
    commas = [p for p in line.split(",") if p.strip()]
    return (len(commas) >= 4 and all(len(_words(p)) <= 3 for p in commas) and not _SENTENCE_END.search(line)
            and stopword_density(line) < 0.15)


def _link_line(line: str) -> bool:
    return bool(_MD_LINK.search(line) or _URL.search(line)) and link_density(line) >= LINK_DENSITY


def _short(line: str) -> bool:
    bare = _bare(line)
    n = len(_words(bare))
    return 0 < n <= SHORT_LINE_WORDS and not _SENTENCE_END.search(bare) and (n <= 2 or stopword_density(bare) < 0.5)


def _headline(line: str) -> bool:
    bare = _bare(line)
    n = len(_words(bare))
    return 0 < n <= HEADLINE_WORDS and not _SENTENCE_END.search(bare)


def _ticker(line: str) -> bool:
    return bool(_TIME_STAMP.match(line.strip())) and _headline(_TIME_STAMP.sub("", line.strip()))


_INCIDENT_WORD = re.compile(r"\b(kill|dead|death|die|injur|wound|hurt|casualt|drone|uav|shahed|missile|rocket|bomb|"
                            r"shell|strike|struck|attack|shot down|intercept|downed|air defen[cs]e|explosion|hits?\b)",
                            re.I)
_FIGURE = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?)\b", re.I)


def _protected(lines: list[str]) -> list[bool]:
    """Lines the run rules leave alone: a list a prose line introduces with a colon ("the enemy attacked with:",
    then "— 2 Iskander-M missiles" ...), and any line with a figure and an incident word ("Killed: 2 people") — the
    line-per-item reports of air forces and regional administrations. Headers and the lexicon still apply."""
    out = [False] * len(lines)
    introduced = False
    for i, line in enumerate(lines):
        if not line.strip():
            introduced = False
            continue
        out[i] = introduced or bool(_FIGURE.search(line) and _INCIDENT_WORD.search(line))
        if line.rstrip().endswith(":") and not _is_header(line) and len(_words(line)) >= 4:
            introduced = True
    return out


def classify_lines(lines: list[str]) -> list[str | None]:
    """A reason for each line that is furniture, None for a line to keep (blank lines are kept)."""
    reasons: list[str | None] = [None] * len(lines)
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if _link_line(line):
            reasons[i] = "link list"
        elif (family := lexicon_reason(line)) is not None:
            reasons[i] = family
        elif _menu_line(line):
            reasons[i] = "menu or tag list"
    # block headers: the header and the headline-like lines after it, to a blank line or prose
    i = 0
    while i < len(lines):
        if lines[i].strip() and _is_header(lines[i]):
            reasons[i] = reasons[i] or f"'{_bare(lines[i])[:30].rstrip(':')}' block"
            j = i + 1
            while j < len(lines) and lines[j].strip() and (not is_prose(lines[j]) or _headline(lines[j])
                                                           or reasons[j] is not None):
                reasons[j] = reasons[j] or reasons[i]
                j += 1
            i = j
            continue
        i += 1
    keep = _protected(lines)
    _runs(lines, reasons, _ticker, 2, "ticker")
    _runs(lines, reasons, _short, RUN_LINES, "menu or link list", keep)
    _runs(lines, reasons, _headline, RUN_LINES, "headline list", keep)
    # a short line caught between two dropped lines (a menu's odd item) goes with them
    for i in range(1, len(lines) - 1):
        if reasons[i] is None and lines[i].strip() and reasons[i - 1] and reasons[i + 1] \
                and _short(lines[i]) and not keep[i]:
            reasons[i] = reasons[i - 1]
    return reasons


def _runs(lines: list[str], reasons: list[str | None], test, least: int, reason: str,
          keep: list[bool] | None = None) -> None:
    """Mark runs of at least ``least`` consecutive non-blank lines passing ``test`` (already dropped lines join a
    run but are not counted; prose and ``keep`` lines break it)."""
    keep = keep or [False] * len(lines)
    i = 0
    while i < len(lines):
        j, hits = i, 0
        while j < len(lines) and lines[j].strip() and (test(lines[j]) or reasons[j] is not None) \
                and not (reasons[j] is None and (is_prose(lines[j]) or keep[j])):
            hits += reasons[j] is None
            j += 1
        if hits >= least:
            for k in range(i, j):
                reasons[k] = reasons[k] or reason
        i = max(j, i + 1)


def clean(text: str) -> tuple[str, tuple[Removed, ...]]:
    """(the text without furniture, what was dropped). ``text`` is normalized text (``\\n`` line breaks); the result
    is normalized too: at most one blank line between paragraphs, none at either end. Clean prose comes back
    unchanged, and so does a text that would lose every line (it is kept whole: ingest never drops a text)."""
    lines = text.split("\n")
    reasons = classify_lines(lines)
    if not any(reasons) or all(r is not None for line, r in zip(lines, reasons, strict=True) if line.strip()):
        return text, ()  # nothing to drop, or nothing but furniture: a text is never dropped whole
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    out: list[str] = []
    length = 0
    removed: list[Removed] = []
    pending_blank, placed = False, 0
    for line, start, reason in zip(lines, starts, reasons, strict=True):
        if reason is not None:
            removed.append(Removed(start, start + len(line), -1, reason, line))
            continue
        if not line.strip():
            pending_blank = bool(out)
            continue
        if out:
            sep = "\n\n" if pending_blank else "\n"
            out.append(sep)
            length += len(sep)
        pending_blank = False
        for k in range(placed, len(removed)):  # lines dropped since the last kept line were cut here
            removed[k] = Removed(removed[k].start, removed[k].end, length, removed[k].reason, removed[k].text)
        placed = len(removed)
        out.append(line)
        length += len(line)
    removed = [r if r.at >= 0 else Removed(r.start, r.end, length, r.reason, r.text) for r in removed]
    return "".join(out), tuple(removed)
