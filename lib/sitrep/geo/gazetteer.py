"""The in-memory gazetteer: candidates for a name and their ranking with explicit context."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sitrep.geo.names import (
    _DIRECTION_PREFIX,
    _LEADING_THE,
    _NATIONALITIES,
    _NATIONALITY_PREFIX,
    _PARENT_POSSESSIVE,
    _POSSESSIVE,
    _clean_mention,
    _skeleton,
    _strip_region_words,
    normalize_name,
)
from sitrep.types import Place

# Match quality of a name against a place (higher is better) and the score bonus each one earns.
MATCH_SKELETON, MATCH_ALT, MATCH_NAME, MATCH_CURATED = 0, 1, 2, 3
_MATCH_BONUS = {MATCH_CURATED: 3.0, MATCH_NAME: 2.0, MATCH_ALT: 0.0, MATCH_SKELETON: -1.0}
_PREFER_BONUS = 3.0
_NEAR_WEIGHT = 3.0  # score lost per decade of (1 + km/25) to the closest context point
_NEAR_SCALE_KM = 25.0
_AMBIGUOUS_MARGIN = 2.0
_REGION_BONUS = 0.5  # inside a region the article names elsewhere (geocode_mentions)


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


_CONTEXT_TYPES = {"country", "sea", "river", "region"}

# Parent qualifiers: "X (Y raion, Z)", "X, Z region", "X in the Z region", "the village of X in Y district".
_HROMADA_WORDS = {"hromada", "community", "territorial community", "municipality", "gromada"}
_UNIT_WORD = re.compile(
    r"^(.+?)\s+(raion|rayon|district|hromada|gromada|community|territorial community|municipality)$", re.IGNORECASE
)
_QUALIFIER_SPLIT = re.compile(r"\s*[,;]\s*|\s+in\s+(?:the\s+)?")
_QUALIFIER_NOISE = re.compile(r"^(?:(?:coded|geo-?coded|located)\s+(?:to|in|at)\s+|in\s+|the\s+)+", re.IGNORECASE)
_REGION_WORDS = (
    r"(?i:region|oblast|raion|rayon|district|hromada|community|territorial community|krai|kray|province|republic)"
)
_NAME_WORDS = r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3}"
_AFTER_QUALIFIER = re.compile(
    r"\s*\(([^()]{2,120})\)"
    rf"|,\s*(?:in\s+)?(?:the\s+)?({_NAME_WORDS}\s+{_REGION_WORDS}(?:\s*,\s*{_NAME_WORDS}(?:\s+{_REGION_WORDS})?)?)\b"
    rf"|\s+in\s+(?:the\s+)?({_NAME_WORDS}\s+{_REGION_WORDS}(?:\s*(?:,|of)\s*(?:the\s+)?{_NAME_WORDS}"
    rf"(?:\s+{_REGION_WORDS})?)?)\b"
)
_CODED_TO = re.compile(r"^\s*(?:geo-?)?coded\s+(?:to|at)\s+(.+?)\s*$", re.IGNORECASE)
_CONTEXT_REGION = re.compile(rf"{_NAME_WORDS}\s+(?i:region|oblast)\b")
# With no qualifier, villages on the front line are the likelier referents of conflict news (GeoNames admin1 codes).
_FRONTLINE = {("UA", c) for c in ("05", "14", "26", "08", "07", "21", "04", "11")}
_FRONTLINE_BONUS = 1.0
_CONTEXT_REGION_BONUS = 2.5
_TRAILING_PARENS = re.compile(r"^(.*?\S)\s*\(([^()]{2,120})\)\s*$")
_IN_QUALIFIER = re.compile(rf"^(.+?)\s+in\s+(?:the\s+)?({_NAME_WORDS}\s+{_REGION_WORDS})$")
_UNIT_TAIL = re.compile(rf"^.+\s+{_REGION_WORDS}$", re.IGNORECASE)


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
    admin2: str | None = None  # the raion (Ukrainian places from KATOTTG)
    raion: int = -1  # unit ids in the gazetteer's raion/hromada table, -1 unknown
    hromada: int = -1

    def to_place(self, precision: int | None = None) -> Place:
        prec = self.precision if precision is None else precision
        if self.kind == "place" and precision is not None:
            # a KATOTTG village GeoNames lacks sits at its hromada's centre: never finer than that
            prec = max(self.precision, 1, min(precision, 4))
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
        self._raion: np.ndarray = index["raion"]
        self._hromada: np.ndarray = index["hromada"]
        self._prec: np.ndarray = index["prec"]
        self._units: list[dict[str, Any]] = index["units"]
        self._unit_keys: dict[str, list[int]] = index["unit_keys"]

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
        gid = int(self._gid[row])
        raion, hromada = int(self._raion[row]), int(self._hromada[row])
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
            geonameid=gid if gid >= 0 else None,
            precision=int(self._prec[row]),
            match=match,
            admin2=self._units[raion]["name"] if raion >= 0 else None,
            raion=raion,
            hromada=hromada,
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
        context: str | None = None,
    ) -> Place | None:
        """Resolve one mention; see :func:`geocode`."""
        place, _ = self._resolve(name, country, admin1, near, prefer_countries, precision_hint, context=context)
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
        context: str | None = None,
    ) -> tuple[Place | None, float]:
        """Resolve a mention; also return the score margin of the pick over the runner-up (inf: no rival).

        ``regions``: (country, GeoNames admin1 code) of regions the article names; places inside earn a bonus.
        ``context``: the sentence the mention comes from; a parent qualifier written right after the mention there
        ("X (Y raion, Z)", "X, Z region", "X in the Z region") is a hard constraint like ``admin1``.
        """
        if not name or not name.strip():
            return None, math.inf
        text = name.strip()
        qualifiers: list[str] = []
        # "Kurdiumivka (Bakhmut raion, Donetsk)", "Pivdenne in the Kharkiv region": a parent unit written with it
        m = _TRAILING_PARENS.match(text) or _IN_QUALIFIER.match(text)
        if m and self._admin1_record(_LEADING_THE.sub("", normalize_name(text))) is None:
            text = m.group(1).strip()
            qualifiers.append(m.group(2))
        elif context:
            found = self._context_qualifier(text, context)
            if found:
                qualifiers.append(found)
        coded = next((c for c in (_CODED_TO.match(q) for q in qualifiers) if c), None)
        if coded is not None:  # "over Kharkiv region (coded to Kharkiv)": the event sits at the coded place
            qualifiers = [q for q in qualifiers if not _CODED_TO.match(q)]
            text = coded.group(1).strip()
        # "Nikopol, Dnipropetrovsk region" / "Kharkiv, Ukraine": the part after the last comma is a parent unit.
        if "," in text:
            head, tail = (p.strip() for p in text.rsplit(",", 1))
            if head and tail:
                tail_key = normalize_name(tail)
                if self._admin1_record(tail_key) is not None or _UNIT_TAIL.match(tail):
                    qualifiers.append(tail)
                    text = head
                elif country is None and self.country_code(tail) is not None:
                    country, text = tail, head
        if qualifiers:
            admin1 = ", ".join(qualifiers + ([admin1] if admin1 else []))
        elif context:  # no qualifier: the regions the sentence names ("... in Donetsk region, X was shelled")
            extra = set()
            for m in _CONTEXT_REGION.finditer(context):
                words = normalize_name(m.group(0)).split()
                for i in range(len(words) - 1):  # "In Zaporizhzhia region": drop leading words until one fits
                    rec = self._admin1_record(" ".join(words[i:]))
                    if rec is not None:
                        extra.add((rec["country"], rec["geonames_admin1"]))
                        break
            if extra:
                regions = set(regions) | {(*unit, "context") for unit in extra}
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

    def _qualifier(self, text: str) -> tuple[dict[str, Any] | None, list[tuple[str, list[int]]], list[str]]:
        """Parse a parent qualifier ("Bakhmut raion, Donetsk", "Donetsk region", "Toretsk hromada, Donetsk Oblast",
        "near Tokmak, Zaporizhzhia") into (admin1 record, [(raion|hromada, unit ids)], other parts)."""
        a1rec: dict[str, Any] | None = None
        units: list[tuple[str, list[int]]] = []
        others: list[str] = []
        for part in _QUALIFIER_SPLIT.split(text):
            part = _QUALIFIER_NOISE.sub("", part.strip(" \t.;:()")).strip()
            if not part:
                continue
            m = _UNIT_WORD.match(part)
            if m:
                kind = "hromada" if m.group(2).lower() in _HROMADA_WORDS else "raion"
                base = _LEADING_THE.sub("", normalize_name(m.group(1)))
                ids = [u for u in self._unit_keys.get(base, ()) if self._units[u]["kind"] == kind]
                if ids:
                    units.append((kind, ids))
                    continue
            key = _LEADING_THE.sub("", normalize_name(_clean_mention(part)[0]))
            rec = self._admin1_record(key) if not m else None
            if rec is not None and self._country_record(key) is None:
                a1rec = a1rec or rec
            else:
                others.append(part)
        return a1rec, units, others

    def qualifier_region(self, name: str, context: str | None = None) -> Place | None:
        """The admin1 region a qualifier written with ``name`` names ("X (Bakhmut raion, Donetsk)": Donetsk Oblast;
        "X (Toretsk hromada)": the hromada's oblast), or None. For a mention the gazetteer cannot place."""
        m = _TRAILING_PARENS.match(name.strip()) or _IN_QUALIFIER.match(name.strip())
        text = m.group(2) if m else (self._context_qualifier(name.strip(), context) if context else None)
        if not text:
            return None
        a1rec, units, _ = self._qualifier(text)
        if a1rec is None:
            codes = {self._units[u]["admin1_code"] for _, ids in units for u in ids}
            if len(codes) != 1:
                return None
            return self.admin1_by_code("UA", codes.pop())
        return self._admin1_candidate(a1rec).to_place()

    def _context_qualifier(self, name: str, context: str) -> str | None:
        """The qualifier written right after ``name`` in its sentence: "X (Y raion, Z)", "X, Z region",
        "X in the Z region", "X in Y district"."""
        i = context.find(name)
        if i < 0:
            i = context.lower().find(name.lower())
        if i < 0:
            return None
        m = _AFTER_QUALIFIER.match(context, i + len(name))
        if m is None:
            return None
        return next(g for g in m.groups() if g)

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
            a1rec, units, others = self._qualifier(admin1)
            if a1rec is not None:
                unit = (a1rec["country"], a1rec["geonames_admin1"])
                inside = [c for c in cands if (c.country, c.admin1_code) == unit]
                if not inside and unit in _ADMIN1_SIBLINGS:
                    sib = _ADMIN1_SIBLINGS[unit]
                    inside = [c for c in cands if (c.country, c.admin1_code) == sib]
                if not inside:
                    return None, math.inf  # named in a region where we know no such place
                cands = inside
            for kind, ids in units:
                if a1rec is not None:
                    ids = [u for u in ids if self._units[u]["admin1_code"] == a1rec["geonames_admin1"]] or ids
                inside = [c for c in cands if (c.raion if kind == "raion" else c.hromada) in ids]
                if inside:  # "the village of X in Y raion": only X inside that raion
                    cands = inside
                    continue
                # not in that raion by the codifier (an old raion name, a neighbouring hromada): near its centre,
                # and inside its oblast when the qualifier named no oblast
                near_pts.extend((self._units[u]["lat"], self._units[u]["lon"]) for u in ids)
                codes = {self._units[u]["admin1_code"] for u in ids}
                if a1rec is None and len(codes) == 1:
                    cands = [c for c in cands if c.country == "UA" and c.admin1_code in codes] or cands
            for other in others:
                # not a region we know: a country ("Kharkiv, Ukraine") acts as the country hint, a town or district
                # ("Pokrovsk district", "near Tokmak") as a context point
                hint, _ = self._resolve(other, None, None, (), prefer_countries, None)
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
        named_regions = {tuple(r[:2]) for r in regions if len(r) == 2}
        sentence_regions = {tuple(r[:2]) for r in regions if len(r) == 3}
        any_region = bool(named_regions or sentence_regions)  # the article's regions first, then the front line
        lats = np.fromiter((c.lat for c in cands), dtype=np.float64, count=len(cands))
        lons = np.fromiter((c.lon for c in cands), dtype=np.float64, count=len(cands))
        scores = np.array(
            [
                _MATCH_BONUS[c.match]
                + math.log10(c.population + 10)
                + (_PREFER_BONUS if c.country in prefer else 0.0)
                + (_REGION_BONUS if (c.country, c.admin1_code) in named_regions else 0.0)
                + (_CONTEXT_REGION_BONUS if (c.country, c.admin1_code) in sentence_regions else 0.0)
                + (_FRONTLINE_BONUS if not any_region and (c.country, c.admin1_code) in _FRONTLINE else 0.0)
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

