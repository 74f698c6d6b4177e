"""The one ACLED mapping table (``sitrep/data/acled_types.jsonl``): one test per row, and its two users agree."""

from __future__ import annotations

import json

import pytest

from sitrep import acled, schema
from sitrep.eval.score import SUBKINDS
from sitrep.export import DISORDER_TYPES
from sitrep.extract.events import ACLED

ROWS = [json.loads(line) for line in acled.PATH.read_text(encoding="utf-8").splitlines() if line.strip()]

# what each row must say: ACLED's own typology for the Russia-Ukraine war (issue #9 part 3)
EXPECTED = {
    ("attack", "drone_strike"): ("Explosions/Remote violence", "Air/drone strike"),
    ("attack", "glide_bomb"): ("Explosions/Remote violence", "Air/drone strike"),
    ("attack", "air_strike"): ("Explosions/Remote violence", "Air/drone strike"),
    ("attack", "missile_strike"): ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("attack", "shelling"): ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("attack", "ground_clash"): ("Battles", "Armed clash"),
    ("attack", "other"): ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("air_defense", None): ("Strategic developments", "Disrupted weapons use"),
    ("other", "weapons_seizure"): ("Strategic developments", "Disrupted weapons use"),
    ("other", "defusal"): ("Strategic developments", "Disrupted weapons use"),
    ("other", None): ("Strategic developments", "Disrupted weapons use"),
    ("meeting", None): ("Strategic developments", "Agreement"),
    ("statement", None): (None, None),
}


def test_every_row_is_expected_and_every_expectation_has_a_row():
    assert [(r["kind"], r["subkind"]) for r in ROWS] == list(EXPECTED) == list(acled.acled_types())


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['kind']}-{r['subkind']}")
def test_row(row):
    key = (row["kind"], row["subkind"])
    assert row["kind"] in schema.EVENT_KINDS
    assert row["subkind"] is None or row["kind"] != "attack" or row["subkind"] in SUBKINDS
    assert (row["event_type"], row["sub_event_type"]) == EXPECTED[key] == acled.acled_type(*key) == ACLED[key]
    assert row["disorder_type"] == DISORDER_TYPES.get(row["event_type"])  # ACLED's disorder type of the event type
    assert row["note"]


def test_unknown_subkind_falls_back_to_the_kind_and_unknown_kind_to_nothing():
    assert acled.acled_type("air_defense", "drone") == EXPECTED[("air_defense", None)]
    assert acled.acled_type("other", "prisoner_exchange") == EXPECTED[("other", None)]
    assert acled.acled_type("nonsense", None) == (None, None)
    assert acled.acled_type("attack", "unheard_of") == (None, None)
