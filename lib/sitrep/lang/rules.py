"""Russian and Ukrainian articles -> the same tables as the English extractor (entities, numbers, times, events,
claims), with English canonical values and every row keeping its original-language sentence and span.

Per sentence, over tokens and lemmas (:mod:`sitrep.lang.text`) and the language's lexicon
(:mod:`sitrep.lang.lexicon`):

* **names** of people and bodies (``data/lang/names.jsonl``) -> the alias table's canonical names; **places**:
  a capitalized word after a locative preposition (в/у/на/под/біля/над/по) or in a region phrase
  («Брянской области», «Харківщина»), read through its dictionary lemmas, transliterated (Ukrainian by the national
  system, Russian by BGN-style rules) and looked up in the gazetteer;
* **figures**: digits and number words in every case form, typed by the nearest casualty, launch or interception
  stem in the clause; "N з/из M" gives M launched; an age ("46-летняя женщина") or a person noun after a
  casualty verb ("погибла женщина") counts one; "пострадавших нет" / "загиблих немає" count zero; the figures
  after a colon in an interception tally (the per-region breakdown) are parts, not events;
* **events**: an air-defense mention per weapon class for interception (or launch) figures; an attack mention for
  casualty figures or an attack word with a place; a statement for a national figure's reported words; a meeting
  for a meeting word with two or more participants;
* **dates**: «в ночь на 10 сентября» / «у ніч на 22 березня» -> the evening the night began, «вчера» / «вчора» /
  «минулої доби» -> the day before, a day and month, a weekday, else the last date the article gave, else
  publication.

The mentions then go through the English extractor's consolidation (:func:`sitrep.extract.consolidate
.consolidate`: one event per incident, salience, confidence) and claim rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from sitrep.lang.lexicon import Lexicon, Name, load_lexicon, load_names
from sitrep.lang.text import Sentence, Token, sentences

FIGURE_KEYS = ("killed", "injured", "intercepted", "launched")
_DIGITS = re.compile(r"^\d{1,4}$")
_AGE = re.compile(r"^(\d{1,3})-?(?:летн|річн|лет\b|рок)", re.IGNORECASE)
_NOT_COUNTED = ("квартир", "дом", "будин", "автомоб", "машин", "рейс", "установ", "этаж", "поверх", "км", "метр",
                "год", "рок", "час", "годин", "минут", "хвилин", "процент", "відс", "%", "тонн", "гривень", "рубл",
                "доллар", "долар", "объект", "об'єкт", "пункт", "школ", "гектар", "регион", "област", "облас",
                "район", "населен", "насел", "сел", "город", "міст", "лет", "років", "дн", "сут", "доб", "місяц",
                "месяц", "недел", "тиж", "волн", "хвил", "раз", "випад", "случа", "тис", "тыс", "млн", "мільй",
                "разів", "километр", "кілометр", "жител", "мешкан", "абонент", "спожив", "пролет", "проліт",
                "заклад", "будівл", "здани", "гараж", "склад", "окн", "вікон", "вікн", "корпус", "гуртож", "локаці",
                "локаци")
_PLURAL_PEOPLE = {"люди", "жители", "жителі", "мешканці", "мирные", "мирні", "цивільні", "граждане", "громадяни"}
_YEARS = {"років", "рік", "роки", "лет", "года", "год"}
_WORD_AGE = re.compile(r"^(одно|дво|двух|три|трьох|трех|трёх|чотири|четырех|четырёх|п'яти|пяти|шести|семи|восьми|"
                       r"дев'яти|девяти|десяти|одинадцяти|одиннадцати|дванадцяти|двенадцати|тринадцяти|тринадцати|"
                       r"чотирнадцяти|четырнадцати|п'ятнадцяти|пятнадцати|шістнадцяти|шестнадцати|сімнадцяти|"
                       r"семнадцати|вісімнадцяти|восемнадцати)(?:річн|летн)", re.IGNORECASE)
_AGE_WORDS = {"одно": 1, "дво": 2, "двух": 2, "три": 3, "трьох": 3, "трех": 3, "трёх": 3, "чотири": 4, "четырех": 4,
              "четырёх": 4, "п'яти": 5, "пяти": 5, "шести": 6, "семи": 7, "восьми": 8, "дев'яти": 9, "девяти": 9,
              "десяти": 10, "одинадцяти": 11, "одиннадцати": 11, "дванадцяти": 12, "двенадцати": 12,
              "тринадцяти": 13, "тринадцати": 13, "чотирнадцяти": 14, "четырнадцати": 14, "п'ятнадцяти": 15,
              "пятнадцати": 15, "шістнадцяти": 16, "шестнадцати": 16, "сімнадцяти": 17, "семнадцати": 17,
              "вісімнадцяти": 18, "восемнадцати": 18}
_MONEY = ("рубл", "гривен", "гривн", "грн", "доллар", "долар", "евро", "євро", "тыс", "тис", "млн", "млрд", "мільй",
          "мільяр", "миллион", "миллиард")
_PLACE_NOUNS = {"город", "міст", "місто", "селе", "село", "поселке", "селище", "селищі", "городе", "місті", "пгт",
                "смт", "центре", "центрі", "районе", "районі", "окрестностях", "околицях", "окраине", "околиці",
                "поселок", "деревне", "хуторе", "станице", "городу", "місту", "центру", "центр", "околицю",
                "передмістя", "передмісті", "пригороде", "під", "под"}
_PREPOSITIONS = {"в", "во", "у", "на", "под", "біля", "над", "по", "возле", "около", "поблизу", "районі",
                 "районе", "неподалеку", "неподалік"}  # not из/з/від: «запустив з району Брянська» is an origin
_ORIGIN = {"з", "із", "зі", "из", "от", "від", "району", "района", "напрямку", "направления"}
_STREETS = ("улиц", "вулиц", "імені", "имени", "проспект", "площ", "переул", "провул", "бульвар", "шосе", "шоссе",
            "трасс", "траса")
_REGION_WORDS = ("област", "облас", "обл", "край", "края", "краю", "республик", "республіц")
_CITY_OF = {"киев": "Kyiv", "київ": "Kyiv", "москва": "Moscow", "харьков": "Kharkiv", "одесса": "Odesa",
            "днепр": "Dnipro", "запорожье": "Zaporizhzhia", "николаев": "Mykolaiv", "львов": "Lviv",
            "вашингтон": "Washington", "будапешт": "Budapest", "эр-рияд": "Riyadh", "ер-ріяд": "Riyadh",
            "рияд": "Riyadh", "ріяд": "Riyadh", "стамбул": "Istanbul", "женева": "Geneva", "анкоридж": "Anchorage",
            "белый дом": "Washington", "білий дім": "Washington", "білий дом": "Washington", "кремль": "Moscow",
            "лондон": "London",
            "париж": "Paris", "берлин": "Berlin", "берлін": "Berlin", "минск": "Minsk", "мінськ": "Minsk"}
_COUNTRY_WORDS = {"россия": "RU", "росія": "RU", "рф": "RU", "украина": "UA", "україна": "UA"}


def stable_id(*parts: object, length: int = 16) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:length]


# ----------------------------------------------------------------------------------------------- transliteration

_RU_LAT = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
           "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
           "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
           "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "'": ""}


def translit_ru(text: str) -> str:
    """Russian Cyrillic -> Latin, BGN-style: 'Раменское' -> 'Ramenskoye', 'Белгород' -> 'Belgorod'."""
    out, prev = [], ""
    for ch in text.lower():
        if ch == "е" and (prev == "" or prev in "аеёиоуыэюяъь"):
            out.append("ye")
        else:
            out.append(_RU_LAT.get(ch, ch))
        prev = ch if ch in _RU_LAT else ""
    return "".join(out).title()


def _latin(name: str, language: str) -> list[str]:
    from sitrep.geo.names import translit_uk

    forms = [translit_uk(name).title(), translit_ru(name)] if language == "uk" else [translit_ru(name),
                                                                                    translit_uk(name).title()]
    return list(dict.fromkeys(forms))


# ----------------------------------------------------------------------------------------------- data classes


@dataclass
class Figure:
    key: str  # killed, injured, launched, intercepted
    value: int
    start: int
    end: int
    text: str
    child: bool = False
    weapon: str | None = None
    qualifier: str | None = None
    part: bool = False  # a per-region part of a tally
    more: bool = False  # «ещё двое», «ще семеро»: in addition to the figure before


@dataclass
class NameHit:
    name: Name
    start: int
    end: int
    text: str


@dataclass
class PlaceHit:
    text: str
    start: int
    end: int
    place: object  # sitrep.types.Place
    region: bool


@dataclass
class SentenceFacts:
    sent: Sentence
    figures: list[Figure] = field(default_factory=list)
    names: list[NameHit] = field(default_factory=list)
    places: list[PlaceHit] = field(default_factory=list)
    weapons: list[tuple[int, str]] = field(default_factory=list)  # (char offset, weapon class)
    date: tuple[dt.date, str, str] | None = None  # (day, text, TIMEX value)
    flags: set[str] = field(default_factory=set)


# ----------------------------------------------------------------------------------------------- the rules


class Reader:
    def __init__(self, text: str, *, language: str, article_id: str, published: dt.date | None):
        self.text, self.language, self.article_id, self.published = text, language, article_id, published
        self.lex: Lexicon = load_lexicon(language)
        self.names = load_names()
        self.sents = sentences(text, language)
        self._geo_cache: dict[str, object] = {}
        self._stems: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
        self._hit_cache: dict[tuple[int, str], list[int]] = {}
        self.regions: list[str] = []  # admin1 regions the article names: hints for its towns and villages
        self.countries = ("RU", "UA") if language == "ru" else ("UA", "RU")

    # -- tokens
    def _stem_at(self, tokens: tuple[Token, ...], i: int, key: str) -> bool:
        single, firsts, multi = self._stem_sets(key)
        low = tokens[i].low
        if low.startswith(single):
            return True
        return bool(multi) and low.startswith(firsts) and any(self._phrase_at(tokens, i, s) for s in multi)

    def _stem_sets(self, key: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """A key's one-word stems (one ``startswith`` over a tuple), its phrases and their first words."""
        found = self._stems.get(key)
        if found is None:
            stems = self.lex.stems.get(key, ())
            multi = tuple(s for s in stems if " " in s)
            found = (tuple(s for s in stems if " " not in s), tuple(s.split()[0] for s in multi), multi)
            self._stems[key] = found
        return found

    @staticmethod
    def _phrase_at(tokens, i: int, phrase: str) -> bool:
        if " " not in phrase:
            return tokens[i].low.startswith(phrase)
        words = phrase.split()
        if i + len(words) > len(tokens):
            return False
        return all(tokens[i + k].low.startswith(w) for k, w in enumerate(words))

    def _hits(self, sent: Sentence, key: str) -> list[int]:
        cached = self._hit_cache.get((sent.index, key))
        if cached is None:
            cached = [i for i in range(len(sent.tokens)) if self._stem_at(sent.tokens, i, key)]
            self._hit_cache[(sent.index, key)] = cached
        return cached

    def _number(self, tok: Token) -> int | None:
        if _DIGITS.match(tok.text):
            return int(tok.text)
        low = tok.low.replace("’", "'")
        if low in self.lex.numbers:
            return self.lex.numbers[low]
        for lemma in tok.lemmas[:1]:
            if lemma in self.lex.numbers:
                return self.lex.numbers[lemma]
        return None

    # -- names and places
    def _names(self, sent: Sentence) -> list[NameHit]:
        hits = []
        for name in self.names:
            for m in name.pattern.finditer(sent.text):
                hits.append(NameHit(name, sent.start + m.start(), sent.start + m.end(), m.group(0)))
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        out: list[NameHit] = []
        for h in hits:
            if out and h.start < out[-1].end:
                continue
            out.append(h)
        return out

    def _geocode(self, key: str, forms: list[str], *, region: bool):
        from sitrep.geo import geocode, resolve_admin1

        if key in self._geo_cache:
            return self._geo_cache[key]
        place = None
        for form in forms:
            if region:
                place = resolve_admin1(f"{form} Oblast") or resolve_admin1(form)
            else:
                place = geocode(form, prefer_countries=self.countries)
                if place is not None and place.feature_type == "city":
                    break
                place = None
                for hint in self.regions:
                    place = geocode(form, admin1=hint, prefer_countries=("UA", "RU"))
                    if place is not None and place.admin1 == hint:
                        break
                    place = None
                if place is None:
                    place = geocode(form, prefer_countries=self.countries)
                    if place is not None and self.regions and place.admin1 not in self.regions and \
                            place.feature_type != "city":
                        place = None  # a village of the same name elsewhere, while the article names its region
                if place is not None and place.feature_type in {"country"}:
                    place = None
            if place is not None:
                break
        self._geo_cache[key] = place
        return place

    def _region(self, word: Token) -> object | None:
        """«Брянской» (before «области»), «Харківщина»: the admin1 region."""
        low = word.low
        for stem, canonical in self.lex.regions.items():
            if low.startswith(stem):
                if canonical is None:
                    return None
                return self._geocode("region:" + canonical, [canonical], region=True)
        adj = re.sub(r"(ская|ской|скую|ском|ский|ського|ська|ській|ську|ської|ського|цкой|цкая|цька|цької|цькій)$",
                     "", low)
        if adj == low:
            return None
        base = adj
        forms = []
        for cand in (base, base + "ск", base + "ь"):
            forms += _latin(cand, self.language)
        return self._geocode("region:" + low, forms, region=True)

    def _big_city(self, tok: Token):
        forms = [f for c in dict.fromkeys([tok.text, *tok.lemmas]) for f in _latin(c, self.language)]
        key = "city-only:" + tok.text
        if key not in self._geo_cache:
            from sitrep.geo import geocode

            found = None
            for form in forms:
                place = geocode(form, prefer_countries=self.countries)
                if place is not None and place.feature_type == "city" and place.country in {"UA", "RU"}:
                    found = place
                    break
            self._geo_cache[key] = found
        return self._geo_cache[key]

    def _places(self, sent: Sentence, names: list[NameHit]) -> list[PlaceHit]:
        toks, out = sent.tokens, []
        for i, tok in enumerate(toks):
            if not tok.text[:1].isupper() or not re.match(r"^[А-ЯЁІЇЄҐ][\w'’-]+$", tok.text):
                continue
            nxt = toks[i + 1].low if i + 1 < len(toks) else ""
            low = tok.low
            if (any(low.startswith(s) for s in self.lex.regions) or nxt.startswith(_REGION_WORDS)) and \
                    i and toks[i - 1].low in _ORIGIN:
                continue  # «супруги из Белгородской области»: where people come from
            if any(low.startswith(s) for s in self.lex.regions) or nxt.startswith(_REGION_WORDS):
                place = self._region(tok)
                if place is not None:
                    end = toks[i + 1].end if nxt.startswith(_REGION_WORDS) else tok.end
                    out.append(PlaceHit(self.text[tok.start:end], tok.start, end, place, True))
                continue
            prev = toks[i - 1].low if i else ""
            lemma_city = next((_CITY_OF[lm] for lm in tok.lemmas if lm in _CITY_OF), None)
            in_loc = any(a <= tok.start < b for a, b in sent.locations)
            if prev not in _PREPOSITIONS and lemma_city is None and not in_loc and not (
                    i and (prev in _PLACE_NOUNS or self._stem_at(toks, i - 1, "attack"))):
                if i == 0 or prev in _ORIGIN or self._big_city(tok) is None:  # «ціллю був Київ»: no preposition
                    continue
            if i and toks[i - 1].low.startswith(_STREETS) or i > 1 and toks[i - 2].low.startswith(_STREETS):
                continue  # «вулиця Шевченка»
            if i + 1 < len(toks) and toks[i + 1].low.startswith(("район", "округ")) and not any(
                    toks[i + 1].low.startswith(w) for w in _REGION_WORDS):
                continue  # «в Кировском районе» (of the city): the city is the place
            if i + 1 < len(toks) and any(toks[i + 1].low.startswith(r) for r in self.lex.regions):
                continue  # «Северной Осетии»: part of a region's name
            if any(h.start <= tok.start < h.end for h in names) or tok.text.isupper() or any(
                    lm in _COUNTRY_WORDS for lm in tok.lemmas):
                continue
            pair = next((_CITY_OF[f"{a} {b}"] for a in tok.lemmas for b in toks[i + 1].lemmas
                         if f"{a} {b}" in _CITY_OF), None) if i + 1 < len(toks) else None
            if pair is not None:  # «в Белом доме», «у Білому домі»
                place = self._geocode("city:" + pair, [pair], region=False)
                if place is not None:
                    out.append(PlaceHit(self.text[tok.start:toks[i + 1].end], tok.start, toks[i + 1].end, place,
                                        False))
                continue
            if i + 1 < len(toks) and toks[i + 1].text[:1].isupper() and re.match(r"^[А-ЯЁІЇЄҐ]", toks[i + 1].text):
                two = f"{tok.text} {toks[i + 1].text}"  # «Кривий Ріг», «Часов Яр»
                lemma2 = [f"{a} {b}" for a in tok.lemmas[:2] for b in (toks[i + 1].text, *toks[i + 1].lemmas[:2])]
                forms = [f for c in [two, *lemma2] for f in _latin(c, self.language)]
                place = self._geocode("two:" + two, forms, region=False)
                if place is not None:
                    out.append(PlaceHit(two, tok.start, toks[i + 1].end, place, False))
                    continue
            if lemma_city is not None:
                place = self._geocode("city:" + lemma_city, [lemma_city], region=False)
            else:
                cands = [tok.text] + [lm for lm in tok.lemmas] + [re.sub(r"(е|і|у|ю|ом|ем|ой|ей|ах|ях)$", "", tok.low)]
                for lm in tok.lemmas:  # «в Дубовом» -> дубовый -> Дубовое; «в Любечане»
                    m = re.match(r"^(.+?)(ый|ий|ой|ій|ий)$", lm)
                    if m:
                        cands += [m.group(1) + ("ое" if self.language == "ru" else "е"), m.group(1) + "ая"]
                forms = [f for c in dict.fromkeys(cands) for f in _latin(c, self.language) if len(c) > 2]
                place = self._geocode("town:" + tok.text, forms, region=False)
            if place is not None and place.feature_type not in {"admin1"}:
                out.append(PlaceHit(tok.text, tok.start, tok.end, place, False))
                if place.admin1 and place.admin1 not in self.regions and place.country in {"UA", "RU"}:
                    self.regions.append(place.admin1)
        return out

    # -- dates
    def _date(self, sent: Sentence, fallback: tuple | None) -> tuple[dt.date, str, str] | None:
        pub = self.published
        if pub is None:
            return None
        text, pats = sent.text, self.lex.patterns
        m = pats["night_on"].search(text)
        if m:
            day = self._day_month(m.group("d"), m.group("m"), pub) if m.group("d") else self._weekday(m.group("m"))
            if day is not None:
                night = day - dt.timedelta(days=1)
                return night, m.group(0).strip(), f"{night.isoformat()}TNI"
        m = re.search(r"\b(\d{1,2})\s+([а-яіїєґё']+)", text, re.IGNORECASE)
        while m:
            day = self._day_month(m.group(1), m.group(2), pub)
            if day is not None and not re.search(r"\d{4}", text[m.end():m.end() + 6]):
                return day, m.group(0), day.isoformat()
            m = re.compile(r"\b(\d{1,2})\s+([а-яіїєґё']+)", re.IGNORECASE).search(text, m.end())
        if pats["same_night"].search(text) and fallback is not None:
            return fallback
        m = pats["weekday"].search(text)  # «в пятницу», «у п'ятницю»: the last such day up to publication, or the
        if m:                             # next one for what is still to come («примет в пятницу»)
            day = self._weekday(m.group("w").replace("’", "'"))
            if day is not None and self._hits(sent, "planned"):
                day = day + dt.timedelta(days=7) if day < pub else day
            if day is not None:
                return day, m.group(0).strip(), day.isoformat()
        m = pats["yesterday"].search(text)
        if m:
            day = pub - dt.timedelta(days=1)
            return day, m.group(0), day.isoformat()
        m = pats["night"].search(text)
        if m:
            day = pub - dt.timedelta(days=1)
            return day, m.group(0), f"{day.isoformat()}TNI"
        return None

    def _day_month(self, d: str, month_word: str | None, pub: dt.date) -> dt.date | None:
        if not month_word:
            return None
        low = month_word.lower()
        month = next((k + 1 for k, stem in enumerate(self.lex.months) if low.startswith(stem) and (
            len(stem) > 2 or low in {"мая", "мае", "май"})), None)
        if month is None:
            return None
        try:
            day = dt.date(pub.year, month, int(d))
        except ValueError:
            return None
        if day > pub + dt.timedelta(days=2):
            day = day.replace(year=pub.year - 1)
        return day

    def _weekday(self, word: str | None) -> dt.date | None:
        if not word or self.published is None:
            return None
        low = word.lower()
        wd = next((k for k, stem in enumerate(self.lex.weekdays) if low.startswith(stem)), None)
        if wd is None:
            return None
        back = (self.published.weekday() - wd) % 7
        return self.published - dt.timedelta(days=back)

    # -- figures
    def _qualifier(self, sent: Sentence, i: int) -> str | None:
        before = " ".join(t.low for t in sent.tokens[max(0, i - 3):i])
        for q, phrases in self.lex.qualifiers.items():
            if q == "up_to":
                continue
            if any(before.endswith(p) for p in phrases):
                return q
        return None

    def _figures(self, sent: Sentence, weapons: list[tuple[int, str]]) -> list[Figure]:
        toks = sent.tokens
        trig = {k: self._hits(sent, k) for k in FIGURE_KEYS}
        if not any(trig.values()):
            return []
        child = set(self._hits(sent, "child"))
        # a colon (not a clock time, «09:00») or a dash after a figure opens its breakdown: «144 ...: 72 — над ...»,
        # «збито 59 ракет — 55 крилатих»
        marks = [t.start for k, t in enumerate(toks) if t.text in {":", "—", "–"} and not (
            0 < k < len(toks) - 1 and toks[k - 1].text.isdigit() and toks[k + 1].text.isdigit())]
        out: list[Figure] = []
        used: set[int] = set()
        for i, tok in enumerate(toks):
            value = self._number(tok)
            age = _AGE.match(tok.text)
            word_age = _WORD_AGE.match(tok.low.replace("’", "'"))
            if word_age:  # «шестирічна дівчинка», «десятилетний мальчик»
                age = re.match(r"(\d+)", str(_AGE_WORDS[word_age.group(1)]))
            if age and i + 1 < len(toks):
                value = None
            if value is None and not age:
                continue
            nxt = toks[i + 1].low if i + 1 < len(toks) else ""
            prev = toks[i - 1].low if i else ""
            if value is not None:
                if nxt.startswith(tuple(self.lex.months)) or nxt in {":", "."} and i + 2 < len(toks) and \
                        _DIGITS.match(toks[i + 2].text) or prev in {"№", "статье", "статті", "ст."}:
                    continue
                if nxt in {"-", "—"} and i + 2 < len(toks) and toks[i + 2].low.startswith(("лет", "річ", "рок")):
                    continue
                if any(nxt.startswith(s) for s in _NOT_COUNTED) or nxt.startswith("%"):
                    if not (nxt.startswith(("жител", "мешкан")) and any(trig[k] for k in ("killed", "injured"))):
                        continue
                if re.match(r"^\d{4}$", tok.text):
                    continue
            before = self.text[tok.start - 1] if tok.start else " "
            if value is not None and (before.isalpha() or before in "-‑"):
                continue  # «Ту-22М3», «Shahed-136»: part of a name
            if value is not None and prev in {"из", "з", "із"} and i > 1 and toks[i - 2].low.startswith(
                    ("цілей", "целей")):
                continue
            if value is not None and (prev == ":" and i > 1 and _DIGITS.match(toks[i - 2].text) or
                                      nxt == ":" and i + 2 < len(toks) and _DIGITS.match(toks[i + 2].text)):
                continue  # a clock time, «в 08:28»
            if value is not None and any(t.low in _YEARS or t.low.startswith(("летн", "річн"))
                                         for t in toks[i + 1:i + 4]):
                continue  # «приблизно 50 і 70 років», «віком від 23 до 83 років»: ages
            if value is not None and any(t.low.startswith(_MONEY) for t in toks[i + 1:i + 5]):
                continue  # «по 1,5 млн рублей», «від 300 до 600 тис.»: money
            if value == 1 and nxt in {"из", "з", "із", "зі"} and not (
                    i + 2 < len(toks) and self._number(toks[i + 2]) is not None):
                continue  # «одного из сбитых аппаратов», «одна з ракет»: one of them, not a count
            if age and i + 2 < len(toks) and toks[i + 2].low.endswith(("ших", "лих")) and any(
                    toks[i + 2].low.startswith(x) for x in self.lex.stems.get("killed", ())):
                continue  # «14-летняя дочь погибших»: the child of the dead
            key = self._nearest(trig, i, toks, weapon_next=any(
                tok.end <= off <= tok.end + 40 for off, _ in weapons))
            if key is None:
                continue
            if key in {"launched", "intercepted"} and any(t.low.startswith(("цілей", "цілі", "целей", "цели"))
                                                          for t in toks[i + 1:i + 4]):
                continue  # «29 повітряних цілей із 36»: every weapon class together, broken down after it
            is_child = any(i <= c <= i + 3 for c in child) or bool(age and int(age.group(1)) < 18)
            if age:
                value = 1
                nx = toks[i + 1].low if i + 1 < len(toks) else ""
                is_child = int(age.group(1)) < 18 or nx.startswith(tuple(self.lex.stems.get("child", ())))
            weapon = None
            if key in {"launched", "intercepted"}:
                weapon = next((w for off, w in weapons if tok.end <= off <= tok.end + 60), None)
            f = Figure(key, value, tok.start, tok.end, tok.text, child=is_child, weapon=weapon,
                       qualifier=self._qualifier(sent, i),
                       more=any(t.low in {"еще", "ещё", "ще"} for t in toks[max(0, i - 3):i]))
            # «N з M», «N из M», «N із них»: M launched
            if key == "intercepted" and i + 2 < len(toks) and toks[i + 1].low in {"з", "из", "із", "зі"}:
                total = self._number(toks[i + 2])
                if total is not None and total >= value:
                    out.append(Figure("launched", total, toks[i + 2].start, toks[i + 2].end, toks[i + 2].text,
                                      weapon=weapon))
                    used.add(i + 2)
            if i in used:
                continue
            if nxt in {"из", "з", "із", "зі"} and i + 2 < len(toks) and toks[i + 2].low in {"них", "низ"} and \
                    key in {"killed", "injured"}:
                f.part = True  # «шестеро з них у тяжкому стані»: part of the figure before
            if prev in {"из", "з", "із"} and key in {"intercepted", "launched"} and trig["intercepted"]:
                f.key = "launched"
            if key in {"intercepted", "launched"} and any(
                    x.key == key and not x.part and any(x.end <= m < tok.start for m in marks) for x in out):
                f.part = True
            out.append(f)
        # «в том числе подросток», «серед них дитина»: one child among the figure before
        for j, t in enumerate(toks):
            if not self._stem_at(toks, j, "child") or any(x.start <= t.start < x.end + 40 and x.child for x in out):
                continue
            cue = {toks[k].low for k in range(max(0, j - 3), j)}
            base = next((x for x in reversed(out) if x.end <= t.start and x.key in {"killed", "injured"}), None)
            if base is not None and cue & {"числе", "них", "зокрема", "включая", "серед", "среди", "включно"} and \
                    self._number(toks[j - 1]) is None and not t.low.endswith(("ей", "ів", "ьми", "тей")):
                out.append(Figure(base.key, 1, t.start, t.end, t.text, child=True))
        # «двоє дітей і жінка»: one more person
        for x in list(out):
            j = next((k for k, t in enumerate(toks) if t.start == x.start), None)
            if j is None or x.key not in {"killed", "injured"} or j + 3 >= len(toks):
                continue
            if toks[j + 2].low in {"і", "и", "та", "й"} and self._stem_at(toks, j + 3, "person") and \
                    self._number(toks[j + 3]) is None and not toks[j + 3].low.endswith(("ых", "их", "ей", "ів")):
                if x.child:
                    out.append(Figure(x.key, x.value + 1, x.start, toks[j + 3].end, x.text, more=x.more))
                else:
                    x.value += 1
        # «10 жінок і 6 чоловіків»: one figure
        joined: list[Figure] = []
        for x in out:
            last = joined[-1] if joined else None
            if last is not None and last.key == x.key and not x.part and not last.part and last.child == x.child \
                    and last.weapon == x.weapon \
                    and re.fullmatch(r"\s*[\w'’-]+\s+(?:і|и|та|й)\s*", self.text[last.end:x.start]):
                last.value += x.value
                last.end = x.end
                continue
            joined.append(x)
        out = joined
        # a casualty verb with a person noun and no figure: one person («погибла женщина», «загинув водій»)
        for key in ("killed", "injured"):
            if any(x.key == key for x in out):
                continue
            for t_i in trig[key]:
                window = range(max(0, t_i - 3), min(len(toks), t_i + 4))
                people = [j for j in window if self._stem_at(toks, j, "person") and not toks[j].low.endswith(
                    ("ых", "их", "ей", "ів", "ям", "ами", "ов")) and toks[j].low not in _PLURAL_PEOPLE
                    and j + 1 != t_i]  # «дочь погибших»: the child of the dead
                if people:
                    j = people[0]
                    count, k = 1, j + 1  # «мужчина и женщина»: two
                    while k + 1 < len(toks) and toks[k].low in {"и", "і", "та", "й"} and self._stem_at(toks, k + 1,
                                                                                                      "person"):
                        count, k = count + 1, k + 2
                    start, end = toks[j].start, toks[k - 1].end
                    out.append(Figure(key, count, start, end, self.text[start:end],
                                      child=self._stem_at(toks, j, "child") and count == 1))
                    break
        return out

    def _nearest(self, trig: dict[str, list[int]], i: int, toks, *, weapon_next: bool = False) -> str | None:
        best, best_d = None, 99
        for key, positions in trig.items():
            for p in positions:
                lo, hi = sorted((i, p))
                if any(toks[k].text in {";", "—", "–"} and key in {"killed", "injured"} for k in range(lo + 1, hi)):
                    continue
                d = hi - lo + (0 if p > i or key in {"launched", "intercepted"} else 1)
                limit = 14 if weapon_next and key in {"launched", "intercepted"} else 10
                if d < best_d and d <= limit:
                    best, best_d = key, d
        return best

    def _weapons(self, sent: Sentence) -> list[tuple[int, str]]:
        out = []
        toks = sent.tokens
        firsts = tuple({stem.split()[0] for stem, _ in self.lex.weapons})
        mlrs = any(t.low.startswith(("рсзо", "град")) for t in toks)
        for i, t in enumerate(toks):
            if not t.low.startswith(firsts):
                continue
            for stem, weapon in self.lex.weapons:
                if self._phrase_at(toks, i, stem):
                    if stem == "снаряд" and mlrs:  # «реактивных снарядов» of an MLRS named in the sentence
                        continue
                    out.append((t.start, weapon))
                    break
        return out

    # -- the whole article
    def facts(self) -> list[SentenceFacts]:
        out, last_date = [], None
        for sent in self.sents:
            for i, tok in enumerate(sent.tokens):
                nxt = sent.tokens[i + 1].low if i + 1 < len(sent.tokens) else ""
                if tok.text[:1].isupper() and (nxt.startswith(_REGION_WORDS) or any(
                        tok.low.startswith(r) for r in self.lex.regions)):
                    region = self._region(tok)
                    if region is not None and region.name not in self.regions:
                        self.regions.append(region.name)
        for sent in self.sents:
            f = SentenceFacts(sent)
            f.weapons = self._weapons(sent)
            f.figures = self._figures(sent, f.weapons)
            f.names = self._names(sent)
            f.places = self._places(sent, f.names)
            f.date = self._date(sent, last_date)
            if f.date is not None:
                last_date = f.date
            for key in ("attack", "report", "meeting", "planned", "ground", "background", "intercepted",
                        "launched", "killed", "injured", "shelling"):
                if self._hits(sent, key):
                    f.flags.add(key)
            if self._hits(sent, "not_attack") and len(self._hits(sent, "attack")) <= len(
                    self._hits(sent, "not_attack")):
                f.flags.discard("attack")
            if self.lex.patterns["background_opening"].search(sent.text):
                f.flags.add("background")
            for key in ("none_hurt", "none_killed"):
                if self.lex.patterns[key].search(sent.text):
                    f.flags.add(key)
            out.append(f)
        return out
