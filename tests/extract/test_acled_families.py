"""Issue #9 part 3: the incident-note register and ACLED's typology, several phrasings per family.

Every passage is invented for these tests (real villages, made-up incidents). All go through
``sitrep.extract.extract_articles`` once per module.
"""

from __future__ import annotations

import pytest

from sitrep.extract import extract_articles
from sitrep.types import Article

AIR, SHELLING, CLASH, IED, DISRUPTED = ("Air/drone strike", "Shelling/artillery/missile attack", "Armed clash",
                                        "Remote explosive/landmine/IED", "Disrupted weapons use")

CASES = {
    # attacks from the air
    "airstrikes_near": ("On 13 May 2024, Russian aircraft carried out airstrikes near Vovchansk (Chuhuiv raion, "
                        "Kharkiv).", "attack", "air_strike", AIR, "Vovchansk", "Kharkiv Oblast"),
    "conducted_airstrike": ("On 13 May 2024, Russian forces conducted an airstrike on Kostiantynivka (Kramatorsk "
                            "raion, Donetsk).", "attack", "air_strike", AIR, "Kostiantynivka", "Donetsk Oblast"),
    "aerial_attack": ("On 15 May 2024, Russian forces carried out an aerial attack on Huliaipole (Polohy raion, "
                      "Zaporizhzhia).", "attack", "air_strike", AIR, "Huliaipole", "Zaporizhzhia Oblast"),
    "air_strike_two_words": ("An air strike hit Zolochiv (Bohodukhiv raion, Kharkiv) on 15 May 2024, killing one "
                             "man.", "attack", "air_strike", AIR, "Zolochiv", "Kharkiv Oblast"),
    "helicopter": ("On 14 May 2024, a Russian helicopter fired rockets at positions near Krynky (Kherson raion, "
                   "Kherson).", "attack", "air_strike", AIR, "Krynky", "Kherson Oblast"),
    "struck_with_kabs": ("Russian aviation struck Orikhiv (Polohy raion, Zaporizhzhia) with KABs on 14 May 2024.",
                         "attack", "glide_bomb", AIR, "Orikhiv", "Zaporizhzhia Oblast"),
    # shelling, artillery, MLRS, missiles
    "grad": ("On 16 May 2024, Russian forces fired Grad rockets at Beryslav (Beryslav raion, Kherson).",
             "attack", "shelling", SHELLING, "Beryslav", "Kherson Oblast"),
    "mortar": ("On 16 May 2024, Russian troops hit Nikopol with mortar fire.", "attack", "shelling", SHELLING,
               "Nikopol", "Dnipropetrovsk Oblast"),
    "missile_launched_at": ("On 17 May 2024, Russian forces launched a missile at Dobropillia (Pokrovsk raion, "
                            "Donetsk).", "attack", "missile_strike", SHELLING, "Dobropillia", "Donetsk Oblast"),
    # clashes
    "repelled": ("On 17 May 2024, Ukrainian forces repelled a Russian assault near Staromaiorske (Volnovakha "
                 "raion, Donetsk).", "attack", "ground_clash", CLASH, "Staromaiorske", "Donetsk Oblast"),
    "clashed": ("On 18 May 2024, Russian and Ukrainian forces clashed near Robotyne (Polohy raion, Zaporizhzhia).",
                "attack", "ground_clash", CLASH, "Robotyne", "Zaporizhzhia Oblast"),
    # mines and explosive devices
    "landmine": ("On 18 May 2024, a civilian car hit a landmine near Borova (Izium raion, Kharkiv).",
                 "attack", "other", IED, "Borova", "Kharkiv Oblast"),
    "device_went_off": ("On 19 May 2024, an explosive device went off near a police station in Melitopol "
                        "(Melitopol raion, Zaporizhzhia).", "attack", "other", IED, "Melitopol",
                        "Zaporizhzhia Oblast"),
    # disrupted weapons use: single shoot-downs (intercepted 1), seizures, defusals
    "shot_down_a_drone": ("On 12 May 2024, Ukrainian forces shot down a Russian Orlan-10 reconnaissance drone near "
                          "Hnativka (Pokrovsk raion, Donetsk).", "air_defense", None, DISRUPTED, "Hnativka",
                          "Donetsk Oblast"),
    "intercepted_a_drone": ("On 2 April 2024, Russian air defence intercepted a Ukrainian drone over Shebekino "
                            "(Belgorod oblast).", "air_defense", None, DISRUPTED, "Shebekino", "Belgorod Oblast"),
    "downed_a_uav": ("Russian forces downed a Ukrainian UAV near Tokmak (Polohy raion, Zaporizhzhia) on 14 May "
                     "2024.", "air_defense", None, DISRUPTED, "Tokmak", "Zaporizhzhia Oblast"),
    "intercepted_kh59": ("Ukraine's air defence intercepted a Kh-59 over Odesa on Saturday.", "air_defense", None,
                         DISRUPTED, "Odesa", "Odesa Oblast"),
    "seized_cache": ("On 9 May 2024, Ukrainian border guards seized a cache of weapons and ammunition in a forest "
                     "near Ploske (Sumy raion, Sumy).", "other", "weapons_seizure", DISRUPTED, "Ploske",
                     "Sumy Oblast"),
    "confiscated_arms": ("On 9 May 2024, police found and confiscated an arms cache, including rifles and "
                         "grenades, in a garage in Bilky (Izium raion, Kharkiv).", "other", "weapons_seizure",
                         DISRUPTED, "Bilky", "Kharkiv Oblast"),
    "defused_shell": ("Sappers of the State Emergency Service defused an unexploded artillery shell in a field near "
                      "Velykyi Burluk (Kupiansk raion, Kharkiv) on 11 May 2024.", "other", "defusal", DISRUPTED,
                      "Velykyi Burluk", "Kharkiv Oblast"),
    "neutralised_ied": ("On 11 May 2024, explosives experts neutralised an improvised explosive device found under a "
                        "car in Kherson.", "other", "defusal", DISRUPTED, "Kherson", "Kherson Oblast"),
}


def _article(name: str, text: str) -> Article:
    return Article.from_text(name, text, published="2024-05-20", path="t")


@pytest.fixture(scope="module")
def events():
    ex = extract_articles([_article(name, case[0]) for name, case in CASES.items()])
    return ex.events


@pytest.mark.parametrize("name", list(CASES))
def test_family(events, name):
    _, kind, subkind, sub_event_type, place, admin1 = CASES[name]
    rows = events[events.article_id == name].to_dict("records")
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["kind"], row["subkind"] if row["kind"] != "air_defense" else None) == (kind, subkind)
    assert row["acled_sub_event_type"] == sub_event_type
    assert (row["place"], row["admin1"]) == (place, admin1)
    if kind == "air_defense":
        assert row["intercepted"] == 1  # "a drone", "a Kh-59": one weapon shot down


def test_counted_and_single_shoot_downs_do_not_double(events):
    ex = extract_articles([_article("four", "On 3 May 2024, Ukrainian forces shot down 4 Russian drones near Pisky "
                                             "(Kupiansk raion, Kharkiv).")])
    rows = ex.events.to_dict("records")
    assert [(r["kind"], r["intercepted"], r["place"], r["admin1"]) for r in rows] == [
        ("air_defense", 4, "Pisky", "Kharkiv Oblast")]


def test_an_air_raid_siren_is_no_air_strike_and_plural_shoot_downs_give_no_count():
    ex = extract_articles([
        _article("siren", "Residents said the air raid siren in Sumy had not sounded."),
        _article("plural", "Air defence units were shooting down drones over the city, the mayor said."),
        _article("drone_hits_helicopter", "A Ukrainian drone destroyed a Russian helicopter at an airfield near "
                                          "Berdiansk on Monday."),
    ])
    assert ex.events[ex.events.article_id == "drone_hits_helicopter"].kind.tolist() in ([], ["attack"])
    assert "air_strike" not in set(ex.events.subkind.dropna())  # ("raid" alone still starts an attack: known)
    assert ex.events[ex.events.article_id == "plural"].intercepted.isna().all()
