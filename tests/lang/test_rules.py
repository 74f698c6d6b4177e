"""Russian and Ukrainian articles -> the English extractor's tables (sitrep.lang). Sentences written for these tests
in the registers of the Russian Defence Ministry, governors' Telegram posts, the Ukrainian Air Force's overnight
summaries, oblast military administrations and emergency-service updates."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep import schema
from sitrep.extract import extract_articles
from sitrep.lang.rules import Reader, translit_ru
from sitrep.types import Article

PUBLISHED = "2025-03-09"


def events(text: str, published: str = PUBLISHED, article_id: str = "a"):
    ex = extract_articles([Article.from_text(article_id, text, published=published)])
    assert not ex.problems, ex.problems
    return ex


def main_events(text: str, kind: str | None = None, **kw):
    ev = events(text, **kw).events
    ev = ev[ev["salience"] == "main"]
    return ev if kind is None else ev[ev["kind"] == kind]


MOD_TALLY = ("Минобороны России: над регионами за ночь сбиты 53 беспилотника\n"
             "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 53 украинских беспилотных "
             "летательных аппарата самолетного типа: 25 — над территорией Курской области, 17 — над Брянской, "
             "11 — над Орловской областью, сообщили в Министерстве обороны РФ. Кроме того, над акваторией Черного "
             "моря сбиты три крылатые ракеты «Нептун».")


def test_mod_tally_one_row_per_weapon_class_with_the_total_and_the_ministry():
    ad = main_events(MOD_TALLY, "air_defense")
    by_weapon = {r.weapon: r for r in ad.itertuples()}
    assert set(by_weapon) == {"drone", "cruise_missile"}
    assert by_weapon["drone"].intercepted == 53  # the regional parts after the colon are not rows of their own
    assert by_weapon["cruise_missile"].intercepted == 3
    assert set(ad["claimant"]) == {"Russian Defense Ministry"}
    assert set(ad["certainty"]) == {"claimed"}
    drone = by_weapon["drone"]
    assert (drone.actor_country, drone.target_country, drone.country) == ("UA", "RU", "RU")
    assert drone.date_start == "2025-03-08"  # the night before the post


AIR_FORCE = ("Повітряні сили: у ніч на 9 березня збито 61 ударний БпЛА\n"
             "У ніч на 9 березня противник атакував Україну 79 ударними БпЛА типу Shahed та дронами-імітаторами. "
             "Крім того, ворог випустив три балістичні ракети Іскандер-М з Курської області. Станом на 09:00 "
             "збито/подавлено 61 ворожий БпЛА та одну балістичну ракету, повідомили Повітряні сили ЗСУ.")


def test_air_force_summary_launched_and_shot_down_per_weapon_class():
    ad = main_events(AIR_FORCE, "air_defense")
    by_weapon = {r.weapon: r for r in ad.itertuples()}
    assert set(by_weapon) == {"drone", "ballistic_missile"}
    assert (by_weapon["drone"].launched, by_weapon["drone"].intercepted) == (79, 61)
    assert (by_weapon["ballistic_missile"].launched, by_weapon["ballistic_missile"].intercepted) == (3, 1)
    assert set(ad["claimant"]) == {"Ukrainian Air Force"}
    assert set(ad["country"]) == {"UA"}
    assert set(ad["date_start"]) == {"2025-03-08"}


def test_governor_post_with_number_words_in_case_forms_and_a_revised_toll():
    text = ("Гладков: при обстреле Шебекино погибли двое мирных жителей\n"
            "Утром ВСУ обстреляли Шебекино из РСЗО. Как сообщил губернатор Белгородской области Вячеслав Гладков, "
            "погибли двое мирных жителей. Ранения получили пятеро, в том числе подросток. "
            "Еще у троих мужчин осколочные ранения, их доставили в городскую больницу.")
    attacks = main_events(text, "attack", published="2025-03-12")
    assert len(attacks) == 1
    a = attacks.iloc[0]
    assert (a["place"], a["admin1"], a["country"]) == ("Shebekino", "Belgorod Oblast", "RU")
    assert (a["killed"], a["injured"], a["children_injured"]) == (2, 8, 1)  # «ещё трое» adds to the five
    assert (a["claimant"], a["certainty"]) == ("Vyacheslav Gladkov", "confirmed")
    assert (a["actor_country"], a["target_country"], a["weapon"]) == ("UA", "RU", "mlrs")


def test_oblast_administration_ukrainian_with_ages_and_no_dead():
    text = ("Удар по Харкову: поранені четверо людей\n"
            "Увечері росіяни завдали удару керованою авіабомбою по Харкову. За словами начальника обласної "
            "військової адміністрації Олега Синєгубова, поранення дістали четверо людей, серед них 12-річна "
            "дівчинка. Загиблих немає.")
    a = main_events(text, "attack", published="2025-05-02").iloc[0]
    assert (a["place"], a["admin1"]) == ("Kharkiv", "Kharkiv Oblast")
    assert (a["killed"], a["injured"], a["children_injured"]) == (0, 4, 1)
    assert (a["subkind"], a["weapon"]) == ("glide_bomb", "glide_bomb")
    assert a["claimant"] == "Oleh Syniehubov"
    assert (a["actor_country"], a["target_country"]) == ("RU", "UA")


def test_emergency_service_update_counts_people_joined_by_and():
    text = ("У Сумах зросла кількість поранених\n"
            "За даними ДСНС, унаслідок ракетного удару по Сумах поранення дістали 9 жінок і 5 чоловіків. "
            "Рятувальники ліквідували пожежу.")
    a = main_events(text, "attack", published="2025-04-14").iloc[0]
    assert (a["place"], a["injured"]) == ("Sumy", 14)
    assert a["claimant"] == "State Emergency Service of Ukraine"


def test_statement_of_a_national_figure_not_of_a_governor():
    text = ("Зеленський відреагував на удар по Одесі\n"
            "Президент Володимир Зеленський заявив, що Україні потрібні додаткові системи ППО. "
            "Голова Одеської ОВА Олег Кіпер написав, що пошкоджено склад.")
    st = main_events(text, "statement", published="2025-04-14")
    assert list(st["speaker"]) == ["Volodymyr Zelenskyy"]


def test_rows_keep_the_original_sentence_span_and_table_columns():
    ex = events(MOD_TALLY)
    for table, frame in [(schema.EVENTS, ex.events), (schema.CLAIMS, ex.claims), (schema.ENTITIES, ex.entities),
                         (schema.NUMBERS, ex.numbers), (schema.TIMES, ex.times)]:
        assert list(frame.columns) == table.names
    for r in ex.events.itertuples():
        assert MOD_TALLY[r.char_start:r.char_end] == r.sentence
    claims = ex.claims[ex.claims["figure"] == "intercepted"]
    assert 53 in set(claims["value"])
    assert {"Russian Defense Ministry"} <= set(ex.entities["canonical"])


def test_background_incident_is_not_main():
    text = ("Ночью над Брянской областью сбиты 12 беспилотников, сообщило Минобороны России. "
            "Год назад, в прошлом году, в том же районе погибли трое.")
    ev = events(text, published="2025-06-02").events
    assert set(ev[ev["salience"] == "main"]["kind"]) == {"air_defense"}


@pytest.mark.parametrize(("russian", "latin"), [("Раменское", "Ramenskoye"), ("Белгород", "Belgorod"),
                                                ("Ельня", "Yelnya")])
def test_russian_transliteration(russian, latin):
    assert translit_ru(russian) == latin


def test_time_phrases():
    pub = dt.date(2025, 3, 11)  # a Tuesday
    cases = {"В ночь на 10 марта беспилотники атаковали город.": dt.date(2025, 3, 9),
             "У ніч проти 11 березня ворог атакував місто.": dt.date(2025, 3, 10),
             "В ночь на вторник беспилотники атаковали город.": dt.date(2025, 3, 10),
             "Минулої доби ворог обстріляв громаду.": dt.date(2025, 3, 10),
             "Вчера дрон атаковал автомобиль.": dt.date(2025, 3, 10)}
    for text, day in cases.items():
        language = "uk" if any(c in text for c in "іїє") else "ru"
        facts = Reader(text, language=language, article_id="t", published=pub).facts()
        assert facts[0].date is not None and facts[0].date[0] == day, text


def test_english_and_russian_reports_of_one_night_merge_in_the_timeline():
    from sitrep.timeline import build_timeline

    english = Article.from_text("en", "Russia's Defense Ministry said on Sunday that its air defence systems had "
                                      "intercepted and destroyed 53 Ukrainian drones overnight over Russian regions.",
                                published=PUBLISHED)
    russian = Article.from_text("ru", MOD_TALLY, published=PUBLISHED)
    ex = extract_articles([english, russian])
    import pandas as pd

    articles = pd.DataFrame({"article_id": ["en", "ru"], "published": [PUBLISHED, PUBLISHED]})
    timeline = build_timeline(ex.events, articles)
    drones = timeline[(timeline["kind"] == "air_defense") & (timeline["intercepted"] == 53)]
    assert len(drones) == 1
    assert sorted(drones.iloc[0]["sources"]) == ["en", "ru"]


def test_a_store_extracts_russian_and_english_articles_side_by_side(tmp_path):
    from sitrep.extract import extract_store
    from sitrep.store import Store

    (tmp_path / "mod.txt").write_text(MOD_TALLY, encoding="utf-8")
    (tmp_path / "mod.txt.meta.json").write_text('{"published": "2025-03-09"}', encoding="utf-8")
    (tmp_path / "en.txt").write_text("Drones hit Sumy\nRussian drones struck Sumy overnight, injuring two people, "
                                     "the regional administration said.", encoding="utf-8")
    (tmp_path / "en.txt.meta.json").write_text('{"published": "2025-03-09"}', encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as db:
        db.ingest([tmp_path / "mod.txt", tmp_path / "en.txt"])
        assert extract_store(db) == 2
        rows = db.con.execute("SELECT a.language, e.kind, e.claimant FROM events e JOIN articles a "
                              "USING (article_id) WHERE e.salience = 'main' ORDER BY 1, 2").fetchall()
    assert ("ru", "air_defense", "Russian Defense Ministry") in rows
    assert any(lang == "en" and kind == "attack" for lang, kind, _ in rows)
