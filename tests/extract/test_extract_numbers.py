"""Typed numbers: counts, qualifiers, ages, birth years, breakdowns and the non-count kinds.

Every sentence here is written for the test (none is copied from the sample article). Each test finds the
number it is about by its text and checks how the extractor typed it; the typing rules themselves live in
``sitrep.extract.numbers``.
"""

from __future__ import annotations

import pytest

from sitrep.extract.numbers import extract_numbers, parse_number
from sitrep.nlp import load_pipeline

COUNT_TYPES = {"killed", "injured", "launched", "intercepted"}


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def numbers_of(nlp):
    """Sentence -> list of NumberMention (parsed once per distinct text)."""
    cache: dict[str, list] = {}

    def run(text: str) -> list:
        if text not in cache:
            cache[text] = list(extract_numbers(nlp(text)))
        return cache[text]

    return run


def only(mentions, text: str):
    """The one mention whose text is ``text`` (case-insensitive); fails loudly when there are none or several."""
    found = [m for m in mentions if m.text.lower() == text.lower()]
    assert len(found) == 1, f"expected one number {text!r}, got {[(m.text, m.quantity_type) for m in mentions]}"
    return found[0]


def of_type(mentions, quantity_type: str) -> list:
    return [m for m in mentions if m.quantity_type == quantity_type]


# -- parse_number -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1,200", 1200),
        ("twenty-five", 25),
        ("1.5 million", 1_500_000),
        ("a dozen", 12),
        ("seven", 7),
        ("137", 137),
        ("two hundred and fifty", 250),
        ("3 thousand", 3000),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "several", "drones", "twenty-banana"])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


# -- counts and their qualifiers -------------------------------------------------------------------------------


def test_number_word_count_of_people(numbers_of):
    n = only(numbers_of("Two women were injured when a shell hit their house in Nikopol."), "Two")
    assert n.value == 2
    assert n.quantity_type == "injured"
    assert n.qualifier == "exact"
    assert n.head == "women"
    assert n.is_child is False


def test_a_dozen(numbers_of):
    mentions = numbers_of("A dozen people were killed in the strike on the market.")
    n = only(mentions, "A dozen")
    assert n.value == 12
    assert n.quantity_type == "killed"
    assert n.head == "people"  # the counted noun, not the number word


def test_all_five(numbers_of):
    mentions = numbers_of("All five crew members were killed when the helicopter was shot down.")
    n = only(mentions, "five")
    assert n.value == 5
    assert n.quantity_type == "killed"
    assert n.qualifier == "exact"


def test_dozens_is_vague_at_least(numbers_of):
    n = only(numbers_of("Dozens of people were injured in the attack on the city centre."), "Dozens")
    assert n.quantity_type == "injured"
    assert n.qualifier == "at_least"
    assert n.value == 12  # ACLED codes "dozens" as 12
    assert n.head == "people"


def test_at_least(numbers_of):
    n = only(numbers_of("At least 16 people were killed in the missile strike on Ternopil."), "16")
    assert (n.value, n.quantity_type, n.qualifier) == (16, "killed", "at_least")


@pytest.mark.parametrize(
    "sentence, text, value, kind, qualifier",
    [
        ("About 40 people were injured, officials said.", "40", 40, "injured", "about"),
        ("Up to 30 civilians may have been killed in the shelling.", "30", 30, "killed", "up_to"),
        ("More than 300 people were wounded in the attacks.", "300", 300, "injured", "at_least"),
    ],
)
def test_qualifiers(numbers_of, sentence, text, value, kind, qualifier):
    n = only(numbers_of(sentence), text)
    assert (n.value, n.quantity_type, n.qualifier) == (value, kind, qualifier)


# -- ages and birth years are never counts ---------------------------------------------------------------


def test_age_is_not_a_count_and_makes_the_victim_a_child(numbers_of):
    mentions = numbers_of("A 9-year-old girl was killed in the shelling of the village.")
    age = only(mentions, "9")
    assert age.quantity_type == "age"
    assert age.value == 9
    killed = of_type(mentions, "killed")
    assert [k.value for k in killed] == [1]
    assert killed[0].is_child is True
    assert not any(m.value == 9 and m.quantity_type in COUNT_TYPES for m in mentions)


def test_birth_year_is_not_a_count(numbers_of):
    mentions = numbers_of("A man born in 1971 was injured in the drone attack.")
    year = only(mentions, "1971")
    assert year.quantity_type == "birth_year"
    injured = of_type(mentions, "injured")
    assert [i.value for i in injured] == [1]
    assert injured[0].is_child is False
    assert not any(m.value == 1971 and m.quantity_type in COUNT_TYPES for m in mentions)


# -- breakdowns and coordination ------------------------------------------------------------------------------


def test_breakdown_points_at_its_total(numbers_of):
    mentions = numbers_of("The strike killed 7 people, including two children.")
    total = only(mentions, "7")
    part = only(mentions, "two")
    assert total.quantity_type == "killed" and total.breakdown_of is None
    assert part.quantity_type == "killed"
    assert part.is_child is True
    assert part.breakdown_of == (total.char_start, total.char_end)


def test_coordinated_counts_share_a_group(numbers_of):
    mentions = numbers_of("In the attack, 12 women and 6 men were injured.")
    women = only(mentions, "12")
    men = only(mentions, "6")
    assert women.quantity_type == "injured"
    assert men.quantity_type == "injured"
    assert women.conj_group is not None
    assert women.conj_group == men.conj_group
    assert women.breakdown_of is None and men.breakdown_of is None


# -- numbers that are not counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, text, value, quantity_type",
    [
        ("The drone flew 800 kilometres before it crashed into a field.", "800", 800, "distance"),
        ("The village lies 15 km from the border.", "15", 15, "distance"),
        ("The region has lived through a three-year war.", "three", 3, "duration"),
        ("Power was cut for 24 hours after the attack.", "24", 24, "duration"),
        ("The drone hit an apartment on the fifth floor, injuring a woman.", "fifth", 5, "ordinal"),
        ("The army is running short of 155mm shells.", "155", 155, "calibre"),
        ("The government approved $2 billion in military aid.", "2 billion", 2_000_000_000, "money"),
    ],
)
def test_non_count_kinds(numbers_of, sentence, text, value, quantity_type):
    n = only(numbers_of(sentence), text)
    assert n.quantity_type == quantity_type
    assert n.value == pytest.approx(value)


def test_distance_keeps_its_unit(numbers_of):
    n = only(numbers_of("The village lies 15 km from the border."), "15")
    assert n.unit == "km"


def test_storey_count_is_not_a_casualty_count(numbers_of):
    mentions = numbers_of("A drone hit a nine-storey apartment block in Kharkiv, injuring five people.")
    assert only(mentions, "nine").quantity_type not in COUNT_TYPES
    five = only(mentions, "five")
    assert (five.value, five.quantity_type) == (5, "injured")


def test_floor_is_not_a_count_next_to_a_casualty(numbers_of):
    mentions = numbers_of("A glide bomb struck the fifth floor of the hospital, killing two patients.")
    assert only(mentions, "fifth").quantity_type == "ordinal"
    assert [m.value for m in of_type(mentions, "killed")] == [2]


# -- launched and intercepted ------------------------------------------------------------------------------


def test_launched(numbers_of):
    n = only(numbers_of("Russia launched 120 drones at Ukraine overnight."), "120")
    assert (n.value, n.quantity_type, n.head) == (120, "launched", "drones")


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("Ukrainian air defences shot down 98 drones overnight.", "98", 98),
        ("The ministry reported the interception of 40 drones over the region.", "40", 40),
    ],
)
def test_intercepted(numbers_of, sentence, text, value):
    n = only(numbers_of(sentence), text)
    assert (n.value, n.quantity_type) == (value, "intercepted")


def test_intercepted_out_of_launched(numbers_of):
    mentions = numbers_of("The air force said air defences shot down 98 of the 120 drones launched overnight.")
    assert only(mentions, "98").quantity_type == "intercepted"
    assert only(mentions, "120").quantity_type == "launched"


# -- provenance -------------------------------------------------------------------------------------------------


def test_provenance_spans_and_sentence_index(nlp):
    text = ("Russia launched 45 drones overnight. Air defences shot down 30 of them. "
            "In Odesa, 3 people were injured, including a 14-year-old boy.")
    doc = nlp(text)
    mentions = list(extract_numbers(doc))
    assert mentions
    sentences = [s.text for s in doc.sents]
    for m in mentions:
        assert text[m.char_start:m.char_end] == m.text
        assert m.sentence == sentences[m.sentence_index]
        assert m.sentence in text
    assert only(mentions, "45").sentence_index == 0
    assert only(mentions, "30").sentence_index == 1
    assert only(mentions, "3").sentence_index == 2
    assert only(mentions, "14").quantity_type == "age"


def test_none_of_n_people_hurt_is_a_zero_not_n(numbers_of):
    mentions = numbers_of("A shell hit the school yard. None of the 35 pupils in the building were hurt.")
    assert only(mentions, "35").quantity_type == "other"
    assert [m.value for m in of_type(mentions, "injured")] == [0.0]


def test_burning_things_are_no_casualties(numbers_of):
    mentions = numbers_of("After the strike some 40 lorries were burning in the depot, and two drivers were burned.")
    assert only(mentions, "40").quantity_type == "other"
    assert only(mentions, "two").quantity_type == "injured"


def test_a_headline_toll_rising_is_killed_not_launched(numbers_of):
    mentions = numbers_of("Attack on Odesa port: death toll rises to 9, 20 injured")
    assert (only(mentions, "9").quantity_type, only(mentions, "20").quantity_type) == ("killed", "injured")


def test_a_toll_since_the_start_of_an_incursion_is_a_running_total(numbers_of):
    mentions = numbers_of("Last month the governor said 140 residents had died since the start of the incursion.")
    assert only(mentions, "140").quantity_type == "total"


def test_a_count_word_beginning_a_weapon_name_is_no_count(numbers_of):
    mentions = numbers_of("Troops fired rockets from multiple launch rocket systems at the village.")
    assert [m.text for m in mentions] == []


def test_a_count_among_the_dead_is_a_part_not_a_toll(numbers_of):
    mentions = numbers_of("Rescuers found more bodies overnight. Three teenagers are among the dead, police said.")
    three = only(mentions, "Three")
    assert (three.quantity_type, three.is_child, three.part) == ("killed", True, True)


def test_a_raised_toll_is_the_figure_of_its_kind(numbers_of):
    mentions = numbers_of("In the evening the regional police raised the number of injured to 41.")
    assert only(mentions, "41").quantity_type == "injured"
