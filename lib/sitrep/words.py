"""Word lists every stage shares, each defined once: English number words and the two sides of the war.

Stage-specific vocabularies build on these (``sitrep.extract.lexicon`` adds "dozen", "pair" …; ``sitrep.timex``
adds ordinals and decades). This module imports nothing, so any stage can use it cheaply.
"""

from __future__ import annotations

SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip

# The parties to the war, by ISO 3166-1 code, with the names events and charts show for them.
SIDE_NAMES = {"RU": "Russia", "UA": "Ukraine"}
PARTY_COUNTRIES = frozenset(SIDE_NAMES)
# the body that reports a side's interceptions when nobody else is named ("Ukrainian forces shot down a drone")
ARMED_FORCES = {"RU": "Armed Forces of the Russian Federation", "UA": "Armed Forces of Ukraine"}
# Countries an actor is named after when only its code is known (the parties and the most cited third country).
COUNTRY_NAMES = {**SIDE_NAMES, "US": "United States"}
