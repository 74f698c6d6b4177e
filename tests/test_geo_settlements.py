"""Ukrainian settlements from KATOTTG, transliteration, and parent qualifiers as hard constraints (sitrep.geo).

The homonym corpus below uses sentences written for these tests; the villages, raions and oblasts are real
(each name exists in several oblasts in KATOTTG).
"""

from __future__ import annotations

import csv
import gzip

import pytest

from sitrep import geo
from sitrep.geo import distance_km, geocode, load_gazetteer, qualifier_region
from sitrep.geo.names import russian_spellings, translit_uk


@pytest.mark.parametrize(
    ("uk", "latin"),
    [
        ("Запоріжжя", "Zaporizhzhia"),
        ("Харків", "Kharkiv"),
        ("Кропивницький", "Kropyvnytskyi"),
        ("Згурівка", "Zghurivka"),  # зг -> zgh
        ("Єнакієве", "Yenakiieve"),  # є: ye at the start, ie inside
        ("Їжакевич", "Yizhakevych"),
        ("Йосипівка", "Yosypivka"),
        ("Юнаківка", "Yunakivka"),
        ("Яготин", "Yahotyn"),
        ("Андріївка", "Andriivka"),
        ("Новоєгорівка", "Novoiehorivka"),
        ("Куп'янськ-Вузловий", "Kupiansk-Vuzlovyi"),
        ("Стара Ягідна", "Stara Yahidna"),  # word start after a space
        ("Розсошенці", "Rozsoshentsi"),
        ("Щасливе", "Shchaslyve"),
    ],
)
def test_kmu_2010_transliteration(uk, latin):
    assert translit_uk(uk) == latin


def test_russian_based_spellings():
    assert "kharkov" in russian_spellings("Харків")
    assert "malinovka" in russian_spellings("Малинівка")
    assert "kurdyumovka" in russian_spellings("Курдюмівка")
    assert "stepovoe" in russian_spellings("Степове")


def test_settlement_table_is_complete():
    path = geo.DATA_DIR / "geo" / "ua_settlements.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    levels = {r["level"] for r in rows}
    assert {"P", "H", "M", "X", "C", "K"} <= levels  # the 2024 edition has no urban-type settlements (T) left
    settlements = [r for r in rows if r["level"] in "KMTXC"]
    assert len(settlements) > 28_000
    assert sum(r["level"] == "P" for r in rows) == 136  # raions since the 2020 reform
    assert {r["admin1"] for r in rows} <= {a for a in geo.admin1_variants().values()}
    for r in settlements:
        assert r["precision"] in {"1", "2", "3"}
        assert 44.0 < float(r["lat"]) < 52.5 and 22.0 < float(r["lon"]) < 40.5, r
    stats = load_gazetteer().stats()
    assert stats["katottg_only"] > 20_000 and stats["units"] > 1_800


def test_villages_geonames_lacks_resolve_at_their_hromada():
    place = geocode("Andriivka (Sumy raion, Sumy)")
    assert place is not None and place.name == "Andriivka" and place.admin1 == "Sumy Oblast"
    assert place.geo_precision == 2 and place.geonameid is None  # the hromada's centre stands for the village
    assert geocode("Kurdyumovka").name == "Kurdiumivka"  # Russian-based spelling -> official name


# (mention, context sentence or None, expected admin1, expected point or None): at least two oblasts per name
HOMONYMS = [
    ("Ivanivka (Vasylivka raion, Zaporizhzhia)", None, "Zaporizhzhia Oblast", (47.47782, 34.75996)),
    ("Ivanivka", "Shelling hit the village of Ivanivka in Volnovakha district, Donetsk region, at dawn.",
     "Donetsk Oblast", (47.60080, 37.49358)),
    ("Mykhailivka", "A drone struck a barn in Mykhailivka (Zaporizke raion, Zaporizhzhia) on Sunday.",
     "Zaporizhzhia Oblast", (47.95371, 35.25700)),
    ("Mykhailivka, Donetsk region", None, "Donetsk Oblast", None),
    ("Tarasivka in the Zaporizhzhia region", None, "Zaporizhzhia Oblast", None),
    ("Tarasivka", "Mortar fire reached Tarasivka (Kramatorsk raion, Donetsk) again.", "Donetsk Oblast",
     (48.49382, 37.66321)),
    ("Kalynivka (Mariupol raion, Donetsk)", None, "Donetsk Oblast", (47.14797, 37.66783)),
    ("Kalynivka", "Two shells landed near Kalynivka, Luhansk Oblast, the report said.", "Luhansk Oblast", None),
    ("Myrne (Bashtanka raion, Mykolaiv)", None, "Mykolaiv Oblast", (46.94943, 32.60629)),
    ("Myrne", "Guided bombs fell on Myrne (Svatove raion, Luhansk).", "Luhansk Oblast", None),
    ("Myrne, Sumy region", None, "Sumy Oblast", None),
    ("Oleksandrivka (Kalmiuske raion, Donetsk)", None, "Donetsk Oblast", (47.92073, 37.57872)),
    ("Oleksandrivka (Svatove raion, Luhansk)", None, "Luhansk Oblast", None),
    ("Stepanivka (Pokrovsk raion, Donetsk)", None, "Donetsk Oblast", None),
    ("Stepanivka (Alchevsk raion, Luhansk)", None, "Luhansk Oblast", None),
    ("Antonivka (Bashtanka raion, Mykolaiv)", None, "Mykolaiv Oblast", (47.52350, 32.08732)),
    ("Antonivka", "Debris fell in Antonivka (Konotop raion, Sumy), officials said.", "Sumy Oblast", None),
    ("Bohdanivka (Pavlohrad raion, Dnipropetrovsk)", None, "Dnipropetrovsk Oblast", (48.50188, 36.12173)),
    ("Bohdanivka", "Assaults near Bohdanivka in Bakhmut raion, Donetsk Oblast, were repelled.", "Donetsk Oblast",
     None),
    ("Zarichne (Kramatorsk raion, Donetsk)", None, "Donetsk Oblast", (49.02340, 37.93161)),
    ("Zarichne (Starobilsk raion, Luhansk)", None, "Luhansk Oblast", None),
    ("Vesele (Bakhmut raion, Donetsk)", None, "Donetsk Oblast", (48.70508, 37.58722)),
    ("Vesele (Pavlohrad raion, Dnipropetrovsk)", None, "Dnipropetrovsk Oblast", None),
    ("Kharkiv region", "A drone was downed over Kharkiv region (coded to Pivdenne, Kharkiv).", "Kharkiv Oblast",
     None),
]


@pytest.mark.parametrize(("mention", "context", "admin1", "point"), HOMONYMS)
def test_qualifiers_are_hard_constraints(mention, context, admin1, point):
    place = geocode(mention, context=context)
    assert place is not None, mention
    assert place.admin1 == admin1, (mention, place)
    assert place.feature_type not in {"admin1", "country"}
    if point is not None:
        assert distance_km((place.lat, place.lon), point) < 1.0, (mention, place)


def test_homonyms_without_and_with_qualifier_differ():
    names = {m.split(" (")[0].split(",")[0].split(" in ")[0] for m, *_ in HOMONYMS} - {"Kharkiv region"}
    assert len(names) >= 10
    by_region = {}
    for mention, context, admin1, _ in HOMONYMS:
        place = geocode(mention, context=context)
        by_region.setdefault(place.name, set()).add(admin1)
    assert sum(len(v) >= 2 for v in by_region.values()) >= 10


def test_coded_to_takes_the_coded_place():
    place = geocode("Kharkiv region", context="A drone was downed over Kharkiv region (coded to Kharkiv).")
    assert place.name == "Kharkiv" and place.feature_type == "city" and place.geo_precision == 1


def test_raion_and_hromada_qualifiers():
    a = geocode("Pivdenne", admin1="Toretsk hromada, Donetsk")
    b = geocode("Pivdenne", admin1="Kharkiv raion, Kharkiv")
    assert a.admin1 == "Donetsk Oblast" and b.admin1 == "Kharkiv Oblast"
    # a raion alone implies its oblast
    assert geocode("Malynivka", admin1="Chuhuiv raion").admin1 == "Kharkiv Oblast"
    assert geocode("Malynivka", admin1="Polohy raion").admin1 == "Zaporizhzhia Oblast"
    # "X community": the hromada, around its centre
    hromada = geocode("Velyka Pysarivka community")
    assert hromada.admin1 == "Sumy Oblast" and hromada.geo_precision == 2


def test_a_named_region_without_the_place_gives_nothing():
    assert geocode("Kurdiumivka", admin1="Lviv Oblast") is None
    assert geocode("Zzyzxivka (Bakhmut raion, Donetsk)") is None


def test_qualifier_region_for_unresolvable_names():
    sentence = "Russian troops shelled Zzyzxivka (Bakhmut raion, Donetsk) overnight."
    assert qualifier_region("Zzyzxivka", sentence).name == "Donetsk Oblast"
    assert qualifier_region("Zzyzxivka (Toretsk hromada)").name == "Donetsk Oblast"
    assert qualifier_region("Zzyzxivka", "Russian troops shelled Zzyzxivka overnight.") is None


def test_without_qualifier_the_sentence_region_then_the_front_line():
    in_sentence = geocode("Stepove", context="In Zaporizhzhia region, shelling damaged houses in Stepove.")
    assert in_sentence.admin1 == "Zaporizhzhia Oblast"
    # Mykolaiv, Kharkiv and Luhansk oblasts each have a Novoiehorivka; GeoNames knows only the Mykolaiv one
    front = geocode("Novoiehorivka", context="Fighting continued near Novoiehorivka.")
    assert front.admin1 in {"Kharkiv Oblast", "Luhansk Oblast"}


def test_warm_gazetteer_load_is_fast(tmp_path, monkeypatch):
    from sitrep.geo import _load_or_build

    first = _load_or_build(tmp_path)
    assert not first.from_cache
    warm = _load_or_build(tmp_path)
    assert warm.from_cache and warm.load_seconds < 1.0
