"""Language identification per article (sitrep.lang.detect) and its record at ingest and in older stores."""

from __future__ import annotations

import json

from sitrep.lang.detect import cyrillic_share, detect_language
from sitrep.store import Store

RU = ("Губернатор Курской области сообщил, что в результате обстрела поселка Теткино ранены два мирных жителя. "
      "Пострадавших доставили в районную больницу, их состояние оценивается как средней тяжести.")
UK = ("Начальник обласної військової адміністрації повідомив, що внаслідок нічної атаки на Одесу постраждали "
      "четверо людей, серед них дитина. Пошкоджено житловий будинок і дві автівки.")
EN = "Russian drones struck Odesa overnight, injuring four people, including a child, the regional governor said."


def test_english_needs_no_model():
    assert detect_language(EN) == "en"
    assert cyrillic_share(EN) == 0.0


def test_russian_and_ukrainian_are_told_apart():
    assert detect_language(RU) == "ru"
    assert detect_language(UK) == "uk"


def test_an_english_text_quoting_a_cyrillic_name_stays_english():
    text = EN + " Local channels called the strike «атака на Одесу»."
    assert detect_language(text) == "en"


def test_ingest_records_the_detected_language_and_a_sidecar_wins(tmp_path):
    (tmp_path / "ru.txt").write_text("Обстрел Теткино\n" + RU, encoding="utf-8")
    (tmp_path / "uk.txt").write_text("Атака на Одесу\n" + UK, encoding="utf-8")
    (tmp_path / "forced.txt").write_text("Нічна атака\n" + UK + " Рятувальники працюють на місці.", encoding="utf-8")
    (tmp_path / "forced.txt.meta.json").write_text(json.dumps({"language": "ru"}), encoding="utf-8")
    (tmp_path / "en.txt").write_text("Drones hit Odesa\n" + EN, encoding="utf-8")
    with Store() as db:
        db.ingest(sorted(tmp_path.glob("*.txt")))
        rows = dict(db.con.execute("SELECT path, language FROM articles").fetchall())
    by_name = {p.rsplit("/", 1)[-1]: lang for p, lang in rows.items()}
    assert by_name == {"ru.txt": "ru", "uk.txt": "uk", "forced.txt": "ru", "en.txt": "en"}


def test_migration_8_relabels_cyrillic_articles_stored_as_english(tmp_path):
    from sitrep.store import _RELABEL_LANGUAGE

    with Store() as db:
        for i, (text, lang) in enumerate([(RU, "en"), (UK, "en"), (EN, "en"), (UK, "ru")]):
            db.con.execute("INSERT INTO articles (article_id, text, language) VALUES (?, ?, ?)", [f"a{i}", text, lang])
        db.con.execute(_RELABEL_LANGUAGE)
        got = dict(db.con.execute("SELECT article_id, language FROM articles").fetchall())
    assert got == {"a0": "ru", "a1": "uk", "a2": "en", "a3": "ru"}  # a language given by a sidecar is kept
