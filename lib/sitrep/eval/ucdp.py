"""Load the UCDP GED Ukraine events that carry an English news headline, for scoring casualty extraction.

Data: UCDP Georeferenced Event Dataset (GED 22.1 plus the 2022 and early-2023 candidate releases), Ukraine
events 2014 to March 2023, as committed in the public repository peacerep/ukraine-map. Licensed CC BY 4.0.
Cite: Sundberg, Ralph and Erik Melander (2013), "Introducing the UCDP Georeferenced Event Dataset", Journal of
Peace Research 50(4); Davies, Shawn, Therese Pettersson and Magnus Öberg (2022), "Organized violence
1989-2021 and drone warfare", Journal of Peace Research 59(4).

The CSV is cp1252. Its dates are mixed: ``date_start``/``date_end`` are month/day/year, either
``"09/01/2022 00:00"`` or ``"9/20/2022 12:00:00 AM"``; ``source_date`` is day/month/year (``"06/02/2023"``) or
one ISO date per source joined by ``";"``. Every row has *something* in ``source_headline``, but before 2022
that is mostly a bare place name ("Debaltseve;Debaltseve"), a report title or a social-media handle; from 2022
on it is a short English news sentence. ``load_ucdp_headlines`` keeps the English sentence-like segments.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pandas as pd

ENV_VAR = "SITREP_SHARED_DATA"
DATASET_DIR = "ucdp-ged-ukraine"
ENCODING = "cp1252"

COLUMNS = [
    "id",
    "headline",
    "best",
    "low",
    "high",
    "deaths_civilians",
    "adm_1",
    "where_description",
    "latitude",
    "longitude",
    "date_start",
    "date_end",
    "source_date",
]

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_MDY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?\s*$", re.I)
_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def default_data_dir() -> Path:
    """``$SITREP_SHARED_DATA/ucdp-ged-ukraine`` if the variable is set, else ``<repo>/../shared/data/...``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser() / DATASET_DIR
    repo = Path(__file__).resolve().parents[3]
    return Path(os.path.normpath(repo / ".." / "shared" / "data" / DATASET_DIR))


def _csv_files(path: Path | None) -> list[Path]:
    where = Path(path) if path is not None else default_data_dir()
    if where.is_file():
        return [where]
    files = sorted(where.glob("*.csv")) if where.is_dir() else []
    if not files:
        raise FileNotFoundError(
            f"UCDP GED Ukraine CSV not found in {where} (set {ENV_VAR} to the shared data folder "
            f"that holds {DATASET_DIR}/, or pass the folder or CSV path)"
        )
    return files


def parse_mdy(value: str) -> str | None:
    """Month/day/year with an optional time (``"9/20/2022 12:00:00 AM"``, ``"09/01/2022 00:00"``) -> ISO."""
    m = _MDY.match(value or "")
    if not m:
        return _iso_or_none(value)
    month, day, year = (int(g) for g in m.groups())
    return dt.date(year, month, day).isoformat()


def parse_source_date(value: str) -> str | None:
    """Day/month/year or ``";"``-joined ISO dates -> the earliest as ISO (None when nothing parses)."""
    dates = []
    for part in (value or "").split(";"):
        m = _DMY.match(part)
        if m:
            day, month, year = (int(g) for g in m.groups())
            dates.append(dt.date(year, month, day).isoformat())
            continue
        iso = _iso_or_none(part)
        if iso:
            dates.append(iso)
    return min(dates) if dates else None


def _iso_or_none(value: str) -> str | None:
    m = _ISO.match(value or "")
    if not m:
        return None
    try:
        return dt.date(*(int(g) for g in m.groups())).isoformat()
    except ValueError:
        return None


def is_english_headline(segment: str) -> bool:
    """A sentence-like English headline: 3+ words, mostly ASCII letters, no social-media handle or URL."""
    s = segment.strip()
    if not s or "@" in s or "http" in s.lower() or s.startswith("r/"):
        return False
    words = _WORD.findall(s)
    if len(words) < 3:
        return False
    letters = [c for c in s if c.isalpha()]
    ascii_share = sum(c.isascii() for c in letters) / len(letters)
    return ascii_share >= 0.9


def english_headline(raw: str) -> str:
    """The English segments of a ``";"``-joined ``source_headline``, de-duplicated, joined by ``"; "``."""
    kept: list[str] = []
    for seg in (raw or "").split(";"):
        seg = " ".join(seg.split())
        if is_english_headline(seg) and seg not in kept:
            kept.append(seg)
    return "; ".join(kept)


def load_ucdp_headlines(path: Path | None = None, *, min_year: int | None = 2022) -> pd.DataFrame:
    """UCDP GED Ukraine events with a non-empty English headline, one row per event.

    ``path`` is the dataset folder (every ``*.csv`` in it is read) or one CSV; by default
    :func:`default_data_dir`. ``min_year`` keeps events of that UCDP year or later (default 2022, the
    rows whose headline is a real news sentence; ``None`` keeps every year). Columns: ``id, headline, best,
    low, high, deaths_civilians, adm_1, where_description, latitude, longitude, date_start, date_end,
    source_date``; the counts are ``int64``, the coordinates ``float64``, the dates ISO ``YYYY-MM-DD``
    strings (``source_date`` is the earliest source's date), empty ``adm_1``/``where_description`` NA.

    Raises FileNotFoundError when the data is absent.
    """
    frames = [
        pd.read_csv(f, encoding=ENCODING, dtype=str, keep_default_na=False, na_filter=False)
        for f in _csv_files(path)
    ]
    raw = pd.concat(frames, ignore_index=True)
    if min_year is not None:
        raw = raw[pd.to_numeric(raw["year"], errors="coerce") >= min_year]
    headline = raw["source_headline"].map(english_headline)
    raw = raw.assign(headline=headline)[headline != ""]

    out = pd.DataFrame(
        {
            "id": pd.to_numeric(raw["id"]).astype("int64"),
            "headline": raw["headline"],
            "best": pd.to_numeric(raw["best"]).astype("int64"),
            "low": pd.to_numeric(raw["low"]).astype("int64"),
            "high": pd.to_numeric(raw["high"]).astype("int64"),
            "deaths_civilians": pd.to_numeric(raw["deaths_civilians"]).astype("int64"),
            "adm_1": raw["adm_1"].str.strip().replace("", pd.NA),
            "where_description": raw["where_description"].str.strip().replace("", pd.NA),
            "latitude": pd.to_numeric(raw["latitude"], errors="coerce").astype("float64"),
            "longitude": pd.to_numeric(raw["longitude"], errors="coerce").astype("float64"),
            "date_start": raw["date_start"].map(parse_mdy),
            "date_end": raw["date_end"].map(parse_mdy),
            "source_date": raw["source_date"].map(parse_source_date),
        },
        columns=COLUMNS,
    )
    return out.drop_duplicates("id").reset_index(drop=True)
