"""The offline borders every map draws: a simplified Natural Earth extract shipped in ``sitrep/data/geo``, and the
theatre's framing. Shared by the static (matplotlib) and interactive (Bokeh) maps."""

from __future__ import annotations

import functools
import json
from pathlib import Path

GEO_FILE = Path(__file__).resolve().parents[1] / "data" / "geo" / "theatre.geojson"
BORDERS_CREDIT = ("Borders: Made with Natural Earth (naturalearthdata.com), public domain; 1:10m, simplified; "
                  "Crimea shown within Ukraine's internationally recognised borders.")

# Theatre framing (lon_min, lon_max, lat_min, lat_max): the default view, and the wider region whose points
# may stretch the view. Points beyond the wider region are listed beside the map instead of zooming out.
THEATRE_VIEW = (22.0, 50.5, 42.6, 57.6)
THEATRE_REGION = (12.0, 62.0, 36.0, 66.0)
# The static map's area names: country names by ISO code, names placed by hand, seas (data/geo/map_labels.json).
MAP_LABELS = json.loads((GEO_FILE.parent / "map_labels.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def load_borders() -> tuple[dict, ...]:
    """Offline borders: dicts with level (0 country, 1 admin-1), name, iso_a2, label point, shapely geometry."""
    from shapely.geometry import shape

    data = json.loads(GEO_FILE.read_text(encoding="utf-8"))
    out = []
    for f in data.get("features", []):
        p = f.get("properties") or {}
        try:
            geom = shape(f["geometry"])
        except (KeyError, TypeError, ValueError):
            continue
        out.append({"level": int(p.get("level", 0)), "name": p.get("name"), "iso_a2": p.get("iso_a2"),
                    "label": (p.get("label_x"), p.get("label_y")), "geometry": geom})
    return tuple(out)
