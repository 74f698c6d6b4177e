"""Tests for the offline geocoder (sitrep.geo): GeoNames places, curated admin1 regions, countries, features."""

from __future__ import annotations

import json
import math

import pytest

from sitrep import geo
from sitrep.geo import admin1_of, distance_km, geocode, geocode_mentions, load_gazetteer, resolve_admin1
from sitrep.types import Place

LYMAN = (48.99012, 37.80843)  # Lyman, Donetsk Oblast


@pytest.fixture(scope="module")
def gaz() -> geo.Gazetteer:
    return load_gazetteer()


def _km(place: Place, lat: float, lon: float) -> float:
    assert place.lat is not None and place.lon is not None
    return distance_km((place.lat, place.lon), (lat, lon))


def test_load_gazetteer_is_cached_per_process(gaz):
    assert load_gazetteer() is gaz
    stats = gaz.stats()
    assert stats["places_per_country"]["UA"] > 5000
    assert stats["places_per_country"]["RU"] > 5000
    assert stats["places_per_country"]["US"] > 1000  # larger-city cut-off elsewhere
    assert stats["admin1"] >= 110 and stats["features"] >= 20 and stats["countries"] > 200


def test_kyiv_and_kiev_are_the_same_place():
    kyiv, kiev = geocode("Kyiv"), geocode("Kiev")
    assert kyiv is not None and kiev is not None
    assert kyiv.geonameid == kiev.geonameid == 703448
    assert kyiv.country == "UA" and kyiv.geo_precision == 1
    assert kyiv.admin1 == "Kyiv City"
    assert _km(kyiv, 50.45, 30.52) < 5


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("Kharkov", "Kharkiv"),
        ("Odessa", "Odesa"),
        ("Zaporozhye", "Zaporizhzhia"),
        ("Zaporizhia", "Zaporizhzhia"),
        ("Nikolaev", "Mykolaiv"),
        ("Dnepr", "Dnipro"),
        ("Krivoy Rog", "Kryvyi Rih"),
        ("Kryvyy Rih", "Kryvyi Rih"),
        ("Lugansk", "Luhansk"),
        ("Artemovsk", "Bakhmut"),
        ("Izyum", "Izium"),
        ("Kupyansk", "Kupiansk"),
        ("Slavyansk", "Sloviansk"),
        ("Severodonetsk", "Sievierodonetsk"),
        ("Gorlovka", "Horlivka"),
    ],
)
def test_transliterations_resolve_to_the_same_place(variant, canonical):
    a, b = geocode(variant), geocode(canonical)
    assert a is not None and b is not None
    assert a.geonameid == b.geonameid
    assert a.country == "UA" and a.name == canonical


def test_zaporizhzhia_is_the_city_not_the_homonymous_village():
    city = geocode("Zaporizhzhia")
    assert city is not None and city.feature_type == "city" and city.admin1 == "Zaporizhzhia Oblast"
    assert _km(city, 47.85, 35.12) < 10


def test_odessa_prefers_ukraine_over_texas():
    odessa = geocode("Odessa")
    assert odessa is not None and odessa.country == "UA" and odessa.admin1 == "Odesa Oblast"
    # Even with no preferred countries the curated spelling wins over the larger-city entry in Texas ...
    no_pref = geocode("Odessa", prefer_countries=())
    assert no_pref is not None and no_pref.country == "UA"
    # ... but an explicit country of the sentence picks the Texan one.
    texas = geocode("Odessa", country="US")
    assert texas is not None and texas.country == "US" and texas.admin1 == "Texas"


def test_temryuk_in_krasnodar_region_is_russian():
    place = geocode("Temryuk", country="RU")
    assert place is not None
    assert place.country == "RU" and place.admin1 == "Krasnodar Krai"
    assert _km(place, 45.27, 37.39) < 10
    # the same name given the country as a name, and without any hint
    assert geocode("Temryuk", country="Russia") == place
    assert geocode("Temryuk") == place
    # a Ukrainian Temriuk exists: the parent-region hint finds it
    ua = geocode("Temryuk", admin1="Donetsk region")
    assert ua is not None and ua.country == "UA" and ua.admin1 == "Donetsk Oblast"
    assert _km(ua, 45.27, 37.39) > 200


def test_syzran_is_in_samara_oblast():
    place = geocode("Syzran")
    assert place is not None
    assert place.country == "RU" and place.admin1 == "Samara Oblast" and place.geo_precision == 1
    assert admin1_of(place) == "Samara Oblast"
    assert admin1_of("Syzran") == "Samara Oblast"


@pytest.mark.parametrize(
    "variant",
    ["Dnipropetrovsk region", "Dnipropetrovsk Oblast", "Dnipropetrovska oblast", "Dnipro region", "Dnepropetrovsk"],
)
def test_region_resolves_to_admin1_point(variant):
    place = geocode(variant)
    assert place is not None
    assert place.feature_type == "admin1" and place.geo_precision == 3
    assert place.name == place.admin1 == "Dnipropetrovsk Oblast" and place.country == "UA"
    assert 47.4 <= place.lat <= 49.3 and 33.2 <= place.lon <= 36.9
    assert resolve_admin1(variant) == place


def test_resolve_admin1_variants():
    krasnodar = resolve_admin1("Krasnodar region")
    assert krasnodar is not None and krasnodar.name == "Krasnodar Krai" and krasnodar.country == "RU"
    assert resolve_admin1("Kuban") == krasnodar
    assert resolve_admin1("Krasnodar Krai") == krasnodar
    assert resolve_admin1("Kyiv region").name == "Kyiv Oblast"
    assert resolve_admin1("Kyiv").name == "Kyiv City"
    assert resolve_admin1("Moscow region").name == "Moscow Oblast"
    assert resolve_admin1("Republic of Tatarstan").name == "Republic of Tatarstan"
    assert resolve_admin1("Crimea").name == "Autonomous Republic of Crimea"
    assert resolve_admin1("Atlantis region") is None


def test_bare_names_that_are_cities_and_regions():
    kursk = geocode("Kursk")
    assert kursk is not None and kursk.feature_type == "city" and kursk.admin1 == "Kursk Oblast"
    region = geocode("Kursk region")
    assert region is not None and region.feature_type == "admin1" and region.geo_precision == 3
    crimea = geocode("Crimea")
    assert crimea is not None and crimea.feature_type == "admin1" and crimea.country == "UA"
    assert geocode("Kharkiv region", precision_hint=3).name == "Kharkiv Oblast"
    assert geocode("Kharkiv", precision_hint=3).name == "Kharkiv Oblast"


def test_places_outside_the_theatre():
    miami = geocode("Miami")
    assert miami is not None and miami.country == "US" and miami.admin1 == "Florida"
    assert _km(miami, 25.77, -80.19) < 10
    washington = geocode("Washington")
    assert washington is not None and washington.country == "US" and _km(washington, 38.9, -77.04) < 15
    assert geocode("Beijing").country == "CN"


def test_countries_have_precision_4():
    for name, iso in [("India", "IN"), ("Ukraine", "UA"), ("Russia", "RU"), ("the United States", "US"), ("UK", "GB")]:
        place = geocode(name)
        assert place is not None, name
        assert place.feature_type == "country" and place.country == iso and place.geo_precision == 4
    ukraine = geocode("Ukraine")
    assert 44 < ukraine.lat < 53 and 22 < ukraine.lon < 41


def test_curated_features():
    kremlin = geocode("the Kremlin")
    assert kremlin is not None and kremlin.country == "RU" and kremlin.admin1 == "Moscow"
    assert _km(kremlin, 55.752, 37.617) < 2 and kremlin.geo_precision == 1
    donbas = geocode("Donbas")
    assert donbas is not None and donbas.geo_precision == 3 and donbas.feature_type == "region"
    volga = geocode("Volga river")
    assert volga is not None and volga.feature_type == "river"
    znpp = geocode("Zaporizhzhia nuclear power plant")
    assert znpp is not None and _km(znpp, 47.51, 34.59) < 5
    assert geocode("Black Sea").feature_type == "sea"
    assert geocode("Kerch Bridge").feature_type == "infrastructure"
    assert geocode("Snake Island").admin1 == "Odesa Oblast"


def test_small_frontline_village_with_region_gets_its_own_point(gaz):
    # Novyi Komar, Donetsk Oblast: a few hundred inhabitants in GeoNames.
    cands = [c for c in gaz.lookup("Novyi Komar") if c.kind == "place"]
    assert cands and cands[0].population < 1000 and cands[0].admin1 == "Donetsk Oblast"
    place = geocode("Novyi Komar", admin1="Donetsk region")
    assert place is not None
    assert place.geo_precision == 1 and place.feature_type == "village" and place.admin1 == "Donetsk Oblast"
    assert _km(place, 47.88231, 36.83824) < 1
    region = resolve_admin1("Donetsk region")
    assert _km(place, region.lat, region.lon) > 20
    # the parent region written after a comma works the same
    assert geocode("Novyi Komar, Donetsk region") == place


def test_unknown_names_return_none():
    assert geocode("Zzyzxivka") is None
    assert geocode("Foobarivka, Donetsk region") is None
    assert geocode("") is None
    # a real name, but not in the named region
    assert geocode("Syzran", admin1="Lviv region") is None


def test_admin1_hint_that_is_a_country_or_a_town():
    assert geocode("Temryuk", admin1="Russia").country == "RU"
    assert geocode("Odessa", admin1="United States").admin1 == "Texas"
    near_lyman = geocode("Novoselivka", admin1="Lyman district")
    assert near_lyman is not None and near_lyman.admin1 == "Donetsk Oblast"
    assert geocode("Bucha", admin1="Kyiv").admin1 == "Kyiv Oblast"  # city/region siblings


def test_ambiguous_name_resolved_by_admin1_hint(gaz):
    nikopols = [c for c in gaz.lookup("Nikopol") if c.kind == "place"]
    assert len({(c.country, c.admin1) for c in nikopols}) >= 2
    default = geocode("Nikopol")
    assert default is not None and default.admin1 == "Dnipropetrovsk Oblast" and default.feature_type == "city"
    assert geocode("Nikopol, Dnipropetrovsk region") == default
    village = geocode("Nikopol", admin1="Kharkiv region")
    assert village is not None and village.admin1 == "Kharkiv Oblast" and village.geonameid != default.geonameid
    assert geocode("Nikopol", admin1="Kharkivska oblast") == village


def test_ambiguous_name_resolved_by_near_context(gaz):
    novoselivkas = [c for c in gaz.lookup("Novoselivka") if c.kind == "place"]
    assert len({c.admin1 for c in novoselivkas}) >= 3
    alone = geocode("Novoselivka")
    assert alone is not None and _km(alone, *LYMAN) > 300
    near_lyman = geocode("Novoselivka", near=[LYMAN])
    assert near_lyman is not None and near_lyman.admin1 == "Donetsk Oblast" and _km(near_lyman, *LYMAN) < 30


def test_geocode_mentions_uses_earlier_places_as_context():
    lyman, novoselivka, region = geocode_mentions(
        [("Lyman", "UA", None), ("Novoselivka", None, None), ("Kharkiv region", None, None)]
    )
    assert lyman is not None and lyman.admin1 == "Donetsk Oblast"
    assert novoselivka is not None and novoselivka.admin1 == "Donetsk Oblast"
    assert region is not None and region.geo_precision == 3
    # a named region tips a close call between same-named villages; with none, the front-line oblast wins
    (alone,) = geocode_mentions(["Pishchane"])
    pishchane, _ = geocode_mentions(["Pishchane", "Cherkasy region"])
    assert alone.admin1 == "Sumy Oblast" and pishchane.admin1 == "Cherkasy Oblast"
    assert geocode_mentions(["Kyiv", "Atlantisivka"]) == [geocode("Kyiv"), None]


def test_near_and_district_mentions_get_precision_2():
    for text in ["near Bakhmut", "outskirts of Bakhmut", "Bakhmut district", "the Bakhmut area"]:
        place = geocode(text)
        assert place is not None, text
        assert place.name == "Bakhmut" and place.geo_precision == 2
    assert geocode("Bakhmut", precision_hint=2).geo_precision == 2
    assert geocode("the city of Syzran").geo_precision == 1


def test_news_phrasing_around_names():
    assert geocode("Russia's Belgorod region").name == "Belgorod Oblast"
    kursk = geocode("the Russian city of Kursk")
    assert kursk is not None and kursk.country == "RU" and kursk.feature_type == "city" and kursk.geo_precision == 1
    kupiansk = geocode("Kharkiv Oblast's Kupiansk district")
    assert kupiansk is not None and kupiansk.name == "Kupiansk" and kupiansk.geo_precision == 2
    assert geocode("Moscow's Kremlin").name == "Kremlin"
    assert geocode("occupied Melitopol").name == "Melitopol"
    assert geocode("southern Kherson region").name == "Kherson Oblast"
    assert geocode("Ukraine's").country == "UA"


def test_admin1_code_mapping_is_complete(gaz):
    rows = [json.loads(line) for line in (geo.DATA_DIR / "admin1.jsonl").open(encoding="utf-8")]
    ua = [r for r in rows if r["country"] == "UA"]
    ru = [r for r in rows if r["country"] == "RU"]
    assert len(ua) == 27  # 24 oblasts, Crimea, Kyiv City, Sevastopol
    assert len(ru) == 83  # federal subjects recognised internationally
    for group in (ua, ru):
        codes = [r["geonames_admin1"] for r in group]
        assert len(set(codes)) == len(codes)
    # every Ukrainian and Russian GeoNames place maps to a curated region
    for row in range(len(gaz)):
        cand = gaz._place_candidate(row, geo.MATCH_NAME)
        if cand.country in ("UA", "RU"):
            assert cand.admin1 is not None, cand
    # each region's capital lies in the region (or its city/region sibling)
    siblings = {"Kyiv Oblast": "Kyiv City", "Leningrad Oblast": "Saint Petersburg", "Moscow Oblast": "Moscow"}
    for r in ua + ru:
        capital = geocode(r["capital"], country=r["country"])
        assert capital is not None, r["capital"]
        assert capital.admin1 in (r["name"], siblings.get(r["name"])), (r["name"], capital)
        assert -90 <= r["lat"] <= 90 and -180 <= r["lon"] <= 180


def test_cache_round_trip(tmp_path):
    index = {"version": geo.INDEX_VERSION, "keys": ["a", "b"]}
    path = tmp_path / "sub" / "gazetteer-test.pkl"
    geo._save_index(index, path)
    assert geo._read_index(path) == index
    path.write_bytes(b"not a pickle")
    assert geo._read_index(path) is None
    assert geo._read_index(tmp_path / "missing.pkl") is None


def test_normalize_name():
    assert geo.normalize_name("Oděsa") == "odesa"
    assert geo.normalize_name("Khar’kov") == "kharkov"
    assert geo.normalize_name("  Ivano-Frankivsk ") == "ivano frankivsk"
    assert geo.normalize_name("Rzeszów") == "rzeszow"
    assert geo.normalize_name("Łódź") == "lodz"


def test_place_fields_are_finite():
    place = geocode("Kherson")
    assert isinstance(place, Place)
    assert math.isfinite(place.lat) and math.isfinite(place.lon)
    assert place.geonameid is not None and place.country == "UA"
