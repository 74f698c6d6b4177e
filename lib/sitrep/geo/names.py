"""Name normalization, transliteration and query clean-up for the geocoder."""

from __future__ import annotations

import re
import unicodedata

# --------------------------------------------------------------------------------------------------------------
# Name normalization
# --------------------------------------------------------------------------------------------------------------

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʼʹʻ′\u02bc\u02b9"), None)
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ø": "o",
        "Ø": "o",
        "ı": "i",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
    }
)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/.,;:()\[\]\"“”«»]+")
_DOUBLES = re.compile(r"(.)\1+")
_LEADING_THE = re.compile(r"^the ")


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# anything outside Latin (with its diacritics) and the apostrophe look-alikes: Cyrillic, Greek, CJK, Arabic ...
_NON_LATIN = re.compile(r"[^\u0000-\u036f\u1e00-\u1eff\u2010-\u201f\u2032\u02b9-\u02bc]")


def normalize_name(text: str) -> str:
    """Lowercase, accent-folded, apostrophe-free, single-spaced form used for every index key."""
    if text.isascii():
        s = text.translate(_APOSTROPHES).casefold()
    else:
        s = unicodedata.normalize("NFKD", text.translate(_LETTERS))
        s = _COMBINING.sub("", s).translate(_APOSTROPHES).casefold()
    return _SEPARATORS.sub(" ", s).strip()


def _skeleton(key: str) -> str:
    """Transliteration-insensitive key: Kryvyy Rih ~ Kryvyi Rih, Izyum ~ Izium, Zaporizhzhya ~ Zaporizhia."""
    s = key.replace("y", "i").replace("j", "i").replace("zhzh", "zh")
    return _DOUBLES.sub(r"\1", s)


_HAS_LETTER = re.compile(r"[a-z]")
_HAS_DIGIT = re.compile(r"[0-9]")


def _usable_key(key: str) -> bool:
    return len(key) >= 2 and key.isascii() and _HAS_LETTER.search(key) is not None


# Query clean-up: qualifiers that make a mention coarser ("near X" -> precision 2) or are just noise.
_NEAR_PREFIX = re.compile(
    r"^(?:(?:in|on|at)\s+)?(?:the\s+)?(?:near|nearby|outside(?:\s+of)?|outskirts\s+of|suburbs\s+of|around|close\s+to|"
    r"vicinity\s+of|area\s+of|environs\s+of|direction\s+of|approaches\s+to|north\s+of|south\s+of|east\s+of|"
    r"west\s+of|northeast\s+of|northwest\s+of|southeast\s+of|southwest\s+of|"
    r"north-east\s+of|north-west\s+of|south-east\s+of|south-west\s+of)\s+",
    re.IGNORECASE,
)
_NEAR_SUFFIX = re.compile(
    r"\s+(?:district|raion|rayon|area|outskirts|suburbs|direction|axis|sector|hromada|community|"
    r"municipality|environs|front|frontline|front line)$",
    re.IGNORECASE,
)
_SETTLEMENT_PREFIX = re.compile(
    r"^(?:the\s+)?(?:(?:port|frontline|front-line|industrial|regional|border|occupied|coastal|southern|northern|"
    r"eastern|western|central)\s+)?(?:(?:city|town|village|settlement|urban-type\s+settlement|hamlet)\s+(?:of\s+)?|"
    r"(?:port|seaport|outskirts)\s+of\s+)",
    re.IGNORECASE,
)
_QUALIFIER_PREFIX = re.compile(
    r"^(?:the\s+)?(?:russian-occupied|russian-controlled|ukrainian-controlled|russian-held|ukrainian-held|occupied|"
    r"annexed|embattled|besieged|frontline|front-line|liberated|recaptured|devastated|war-torn|key|strategic)\s+",
    re.IGNORECASE,
)
_DIRECTION_PREFIX = re.compile(
    r"^(?:the\s+)?(?:north|south|east|west|northern|southern|eastern|western|central|north-eastern|north-western|"
    r"south-eastern|south-western|northeastern|northwestern|southeastern|southwestern|northeast|northwest|"
    r"southeast|southwest)\s+",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_PARENT_POSSESSIVE = re.compile(r"^(.+?)(?:'s|’s)\s+(\S.*)$")
_NATIONALITIES = {
    "russian": "RU",
    "ukrainian": "UA",
    "belarusian": "BY",
    "belarussian": "BY",
    "polish": "PL",
    "moldovan": "MD",
    "romanian": "RO",
    "georgian": "GE",
    "slovak": "SK",
    "hungarian": "HU",
    "lithuanian": "LT",
    "latvian": "LV",
    "estonian": "EE",
    "finnish": "FI",
    "turkish": "TR",
    "kazakh": "KZ",
    "american": "US",
}
_NATIONALITY_PREFIX = re.compile(r"^(?:the\s+)?(" + "|".join(_NATIONALITIES) + r")\s+", re.IGNORECASE)
# on normalized keys
_REGION_SUFFIX = re.compile(
    r"\s+(?:oblast|oblasts|region|regions|province|krai|kray|territory|republic|governorate|okrug|"
    r"autonomous okrug|autonomous district|autonomous oblast|autonomous region|voivodeship|county|oblast region)$"
)
_REGION_PREFIX = re.compile(
    r"^(?:(?:border|frontline|front line|southern|northern|eastern|western|central)\s+)?"
    r"(?:autonomous republic of|republic of|region of|province of|oblast of|territory of|krai of)\s+"
)


def _strip_region_words(key: str) -> tuple[str, bool]:
    """'kharkiv region' -> ('kharkiv', True); 'republic of tatarstan' -> ('tatarstan', True)."""
    stripped = _REGION_PREFIX.sub("", _REGION_SUFFIX.sub("", key))
    return stripped, stripped != key


def _clean_mention(text: str) -> tuple[str, bool]:
    """Strip quotes, qualifiers and 'near'/'district' wording; the flag says the mention is approximate."""
    s = text.strip().strip("\"'“”‘’«»").strip()
    s = re.sub(r"\s+", " ", s).rstrip(".,;:!?")
    s = _POSSESSIVE.sub("", s).strip()
    approx = False
    for _ in range(3):  # qualifiers can stack: "near the occupied city of Melitopol"
        before = s
        s2 = _NEAR_PREFIX.sub("", s)
        if s2 != s:
            approx, s = True, s2
        s2 = _NEAR_SUFFIX.sub("", s)
        if s2 != s and s2:
            approx, s = True, s2
        s = _QUALIFIER_PREFIX.sub("", s)
        s2 = _SETTLEMENT_PREFIX.sub("", s)
        if s2:
            s = s2
        if s == before:
            break
    return s.strip(), approx



# --------------------------------------------------------------------------------------------------------------
# Transliteration
# --------------------------------------------------------------------------------------------------------------

# Ukrainian national transliteration (Resolution of the Cabinet of Ministers of Ukraine No. 55 of 27 January 2010):
# the system behind "Kharkiv", "Zaporizhzhia", "Kropyvnytskyi". Є Ї Й Ю Я have one form at the start of a word
# and another inside it; "зг" is "zgh" (Zghurivka), not "zh"; the soft sign and the apostrophe are dropped.
_UK_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ь": "", "ю": "iu", "я": "ia",
    # Russian letters that turn up in Ukrainian-language lists
    "ё": "io", "ы": "y", "э": "e", "ъ": "",
}  # fmt: skip
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_CYR_APOSTROPHES = "'’ʼ`´‘\u02bc"


def _case_like(src: str, out: str) -> str:
    if not out or not src.isupper():
        return out
    return out[0].upper() + out[1:]


def translit_uk(text: str) -> str:
    """Ukrainian Cyrillic -> Latin by the KMU 2010 national system: 'Запоріжжя' -> 'Zaporizhzhia'."""
    out: list[str] = []
    prev = ""  # previous Cyrillic letter (lowercase) or "" at a word start
    for ch in text:
        low = ch.lower()
        if low in _UK_TABLE:
            if low in _UK_INITIAL and prev == "":
                lat = _UK_INITIAL[low]
            elif low == "г" and prev == "з":
                lat = "gh"
            else:
                lat = _UK_TABLE[low]
            out.append(_case_like(ch, lat))
            prev = low
        elif ch in _CYR_APOSTROPHES and prev:
            continue  # inside a word: dropped, and the word goes on
        else:
            out.append(ch)
            prev = ""
    return "".join(out)


# Russian-based spellings of Ukrainian names (Kharkov, Zaporozhye, Malinovka, Stepovoye ...): not a transliteration
# of the Russian name (that would need the Russian form) but the usual drift of a Ukrainian name in Russian-based
# English: г -> g, и -> i, є/ї -> e/i, and the typical endings (-івка -> -ovka, -ів -> -ov, neuter adjectives -> -oye).
_RU_TABLE = dict(_UK_TABLE, г="g", и="i", є="ye", ї="yi", й="y", ю="yu", я="ya", е="e")
_RU_ENDINGS = (
    (re.compile(r"івка\b"), "овка"), (re.compile(r"ївка\b"), "евка"), (re.compile(r"ів\b"), "ов"),
    (re.compile(r"ї(в)\b"), r"е\1"), (re.compile(r"([^аеиіоуяюєї])е\b"), r"\1ое"), (re.compile(r"ий\b"), "ый"),
    (re.compile(r"і(?=[бвгґджзклмнпрстфхцчшщ][ьаоуи]?\b)"), "о"),
)  # fmt: skip


def russian_spellings(text: str) -> list[str]:
    """Russian-based Latin spellings of a Ukrainian Cyrillic name: 'Малинівка' -> ['Malinivka', 'Malinovka']."""
    low = text.lower()
    forms = [low]
    drifted = low
    for pattern, repl in _RU_ENDINGS:
        drifted = pattern.sub(repl, drifted)
    if drifted != low:
        forms.append(drifted)
    out = []
    for form in forms:
        lat = "".join(_RU_TABLE.get(ch, "" if ch in _CYR_APOSTROPHES else ch) for ch in form)
        if lat not in out:
            out.append(lat)
    return out
