"""One event per incident (sitrep.extract.consolidate): headline and body merged, revised tolls, background events.

Every passage here is invented for these tests; places and officials are real so that geocoding and canonical
names work, the incidents and figures are made up.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from sitrep.extract import extract_articles
from sitrep.nlp import load_pipeline
from sitrep.types import Article

PUBLISHED = dt.date(2025, 9, 12)  # a Friday

PASSAGES = {
    # headline line + body: one strike reported twice
    "headline_drone": (
        "Russian drone attack on Poltava kills three\n"
        "A Russian drone struck an apartment building in Poltava overnight, killing three people and injuring "
        "eleven, regional governor Volodymyr Kohut said."
    ),
    "headline_missile": (
        "Missile strike hits Zhytomyr, two dead\n"
        "ZHYTOMYR, Sept 12 - A Russian missile slammed into an industrial site in Zhytomyr on Thursday, killing "
        "two workers, the regional administration said. Firefighters put out the blaze by the morning."
    ),
    # a toll revised later in the article: the latest revised figure wins
    "revised_toll": (
        "A Russian glide bomb hit a market in Kostiantynivka on Thursday, killing five people, officials said. "
        "By the evening the death toll had risen to eight, and the number of wounded rose to 23, regional "
        "governor Vadym Filashkin said."
    ),
    "revised_toll_climbs": (
        "Russian shelling of Nikopol on Thursday killed two people, Serhiy Lysak said. "
        "The death toll from the shelling rose to four after two of the injured died in hospital."
    ),
    # two incidents in two towns stay two events
    "two_towns": (
        "A Russian drone hit a car in Kherson on Thursday, killing a man, Oleksandr Prokudin said. "
        "Elsewhere, artillery fire on Bilozerka wounded two women."
    ),
    # background: an earlier incident recalled in passing
    "year_ago": (
        "A Russian missile strike on Chernihiv on Thursday killed four people, the regional governor said. "
        "The strike came a year to the day after a missile hit the city's theatre square, killing seven."
    ),
    "last_year": (
        "A drone struck a bus in Sumy on Thursday, injuring six passengers, officials said. "
        "In August last year, a Russian missile attack on the same district killed 14 people."
    ),
    "previous_record": (
        "Russia launched 610 drones at Ukraine overnight, the Ukrainian Air Force said. "
        "The previous record was set on the night of July 4, when Russia sent 539 drones."
    ),
    # a weapon count inside an attack is not an air-defense report
    "weapon_count": (
        "Two Iskander-M ballistic missiles struck the port of Izmail on Thursday, killing one worker, "
        "the regional administration said."
    ),
}


def _article(article_id: str, text: str) -> Article:
    return Article.from_text(article_id, text, published=PUBLISHED.isoformat())


def _clean(value):
    return None if isinstance(value, float) and math.isnan(value) else value


@pytest.fixture(scope="module")
def extraction():
    load_pipeline()
    return extract_articles([_article(k, v) for k, v in PASSAGES.items()])


@pytest.fixture(scope="module")
def events(extraction):
    rows = [{k: _clean(v) for k, v in r.items()} for r in extraction.events.to_dict("records")]

    def of(name: str, kind: str | None = "attack", salience: str | None = "main") -> list[dict]:
        return [r for r in rows if r["article_id"] == name and (kind is None or r["kind"] == kind)
                and (salience is None or r["salience"] == salience)]

    return of


@pytest.mark.parametrize("name,place,killed", [("headline_drone", "Poltava", 3), ("headline_missile", "Zhytomyr", 2)])
def test_headline_and_body_are_one_event(events, name, place, killed):
    (ev,) = events(name)
    assert ev["place"] == place
    assert ev["killed"] == killed
    assert ev["salience"] == "main"


def test_headline_event_takes_the_body_details(events):
    (ev,) = events("headline_drone")
    assert ev["injured"] == 11
    assert ev["claimant"] == "Volodymyr Kohut"
    assert ev["date_start"] == "2025-09-11"


@pytest.mark.parametrize("name,killed", [("revised_toll", 8), ("revised_toll_climbs", 4)])
def test_the_latest_revised_toll_wins(events, name, killed):
    (ev,) = events(name)
    assert ev["killed"] == killed


def test_revised_injured_figure(events):
    (ev,) = events("revised_toll")
    assert ev["injured"] == 23


def test_incidents_in_two_towns_stay_apart(events):
    assert {e["place"] for e in events("two_towns")} == {"Kherson", "Bilozerka"}


@pytest.mark.parametrize("name,main_place,background_killed", [("year_ago", "Chernihiv", 7),
                                                               ("last_year", "Sumy", 14)])
def test_recalled_incident_is_background(events, name, main_place, background_killed):
    (main,) = events(name)
    assert main["place"] == main_place
    background = events(name, salience="background")
    assert [e["killed"] for e in background] == [background_killed]
    assert main["killed"] != background_killed


def test_previous_record_is_background(events):
    (main,) = events("previous_record", kind="air_defense")
    assert main["launched"] == 610
    assert [e["launched"] for e in events("previous_record", kind="air_defense", salience="background")] == [539]


def test_weapon_count_of_an_attack_is_not_an_air_defense_report(events):
    assert events("weapon_count", kind="air_defense", salience=None) == []
    (ev,) = events("weapon_count")
    assert ev["weapon"] == "ballistic_missile"


def test_every_event_has_salience_and_confidence(events):
    for name in PASSAGES:
        for ev in events(name, kind=None, salience=None):
            assert ev["salience"] in {"main", "background"}
            assert 0 < ev["confidence"] <= 1
            if ev["salience"] == "background":
                assert ev["confidence"] <= 0.5


def test_store_migration_adds_the_columns(tmp_path, monkeypatch):
    """A store whose events table predates the columns (as written by an older sitrep) gains them, rows kept."""
    import sitrep.store as store_module
    from sitrep.store import MIGRATIONS, Store

    path = tmp_path / "old.duckdb"
    monkeypatch.setattr(store_module, "MIGRATIONS", tuple(m for m in MIGRATIONS if m[0] <= 3))
    with Store(path) as db:
        assert db.version == 3
        for column in ("salience", "confidence", "date_value"):  # the table as migration 2 once made it
            db.con.execute(f"ALTER TABLE events DROP COLUMN {column}")
        db.con.execute("INSERT INTO events (event_id, article_id, kind) VALUES ('e1', 'a1', 'attack')")
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    with Store(path) as db:
        cols = [r[0] for r in db.con.execute("DESCRIBE events").fetchall()]
        assert cols[-3:] == ["salience", "confidence", "date_value"]
        assert db.con.execute("SELECT event_id, kind, salience FROM events").fetchall() == [("e1", "attack", None)]


def _events_of(passages: dict[str, str]):
    """The events of invented passages published on PUBLISHED."""
    load_pipeline()
    return extract_articles([_article(k, v) for k, v in passages.items()], reference_date=PUBLISHED).events


GENERIC = {
    "habitual": "Kherson has been shelled repeatedly by Russian forces since the city was liberated.",
    "less_often": "Uzhhorod, far from the front, has been hit far less often than Kharkiv.",
    "only_military": "There was no comment from Moscow, which says it strikes only military targets.",
    "infinitive": "The minister said there was no reason for Russia to fire missiles at a maternity hospital.",
    "gerund": "The president said nothing was crueller than dropping guided bombs on a residential district.",
    "bare_plural": "The prime minister said Kyiv would back a moratorium on strikes against power plants.",
}


@pytest.fixture(scope="module")
def generic_events():
    return _events_of(GENERIC)


@pytest.mark.parametrize("name", sorted(GENERIC))
def test_generic_mentions_of_attacks_are_no_incident(generic_events, name):
    attacks = generic_events[(generic_events["article_id"] == name) & (generic_events["kind"] == "attack")]
    assert attacks.empty, attacks[["sentence"]].to_string()


MERGES = {
    # an earlier figure told as such joins the incident; the current figure stays on the row
    "superseded": (
        "A Russian missile hit a bus station in Sloviansk on Thursday, killing 11 people and wounding 30, "
        "Governor Vadym Filashkin said. His first post on the strike spoke of four dead and nine wounded."
    ),
    # a headline shorthand with another country's capital in it joins the body's incident
    "headline_elsewhere": (
        "Odesa toll reaches 9 as leaders meet in Brussels\n"
        "A Russian ballistic missile struck the port of Odesa on Thursday, killing nine people, Governor Oleh "
        "Kiper said."
    ),
    # the direction fire came from is not where it hit; an unknown district is part of its city
    "origin": (
        "Russian shells fired from the direction of Horlivka hit the Zarichnyi neighbourhood of Toretsk on "
        "Thursday, killing two civilians, Vadym Filashkin said. Toretsk was shelled again in the evening."
    ),
}


@pytest.fixture(scope="module")
def merge_events():
    events = _events_of(MERGES)
    return events[(events["kind"] == "attack") & (events["salience"] == "main")]


def test_superseded_figures_join_the_incident(merge_events):
    (row,) = merge_events[merge_events["article_id"] == "superseded"].to_dict("records")
    assert (row["killed"], row["injured"]) == (11, 30)


def test_headline_with_a_foreign_capital_joins_the_body(merge_events):
    (row,) = merge_events[merge_events["article_id"] == "headline_elsewhere"].to_dict("records")
    assert row["place"] == "Odesa" and row["killed"] == 9


def test_origin_of_fire_is_not_the_place(merge_events):
    rows = merge_events[merge_events["article_id"] == "origin"]
    assert "Horlivka" not in set(rows["place"].dropna())


AIR_DEFENSE = {
    # "N of them": the class counted before, in the sentence or the paragraph's last report
    "of_them_sentence": ("The air force said Russia fired 26 missiles at Ukraine on Friday morning and that 19 of "
                         "them were shot down."),
    "of_them_paragraph": ("Russia's Defence Ministry said Ukraine had fired six ATACMS missiles at Crimea on Friday. "
                          "Air defence units destroyed five of them, the ministry said."),
    # a military body's count of the missiles that hit a target is the strike's weapon, not an air-defense report
    "weapon_count": ("Russia's Defence Ministry said on Friday that three of its Iskander-M missiles had hit a "
                     "training ground near Dnipro."),
    # "means of air attack" names weapons, not an attack
    "means": ("The Air Force said Russia had used 212 means of air attack on Friday: 190 Shahed-type drones and 22 "
              "missiles. Air defence destroyed 170 drones and 15 missiles."),
    # an interception nobody reports is its defending side's military claim
    "implied": "On Friday, Ukrainian forces shot down a Russian Orlan-10 reconnaissance drone near Kupiansk.",
}


@pytest.fixture(scope="module")
def ad_events():
    return _events_of(AIR_DEFENSE)


def _rows(events, name, kind):
    return [{k: _clean(v) for k, v in r.items()}
            for r in events[(events["article_id"] == name) & (events["kind"] == kind)].to_dict("records")]


@pytest.mark.parametrize("name,weapon,launched,intercepted", [
    ("of_them_sentence", "missile", 26, 19), ("of_them_paragraph", "ballistic_missile", 6, 5)])
def test_of_them_takes_the_class_counted_before(ad_events, name, weapon, launched, intercepted):
    (row,) = _rows(ad_events, name, "air_defense")
    assert (row["weapon"], row["launched"], row["intercepted"]) == (weapon, launched, intercepted)


def test_a_military_count_of_the_weapons_that_hit_is_the_attack_weapon(ad_events):
    assert not _rows(ad_events, "weapon_count", "air_defense")
    (attack,) = _rows(ad_events, "weapon_count", "attack")
    assert attack["weapon"] == "ballistic_missile"


def test_means_of_air_attack_is_no_attack(ad_events):
    assert not _rows(ad_events, "means", "attack")
    assert {r["weapon"] for r in _rows(ad_events, "means", "air_defense")} == {"drone", "missile"}


def test_an_unreported_interception_is_claimed_by_the_defending_military(ad_events):
    (row,) = _rows(ad_events, "implied", "air_defense")
    assert (row["claimant"], row["certainty"]) == ("Armed Forces of Ukraine", "claimed")


MORE = {
    # a record comparison ("the most … since the invasion began") dates nothing in the past
    "record_since": ("A Russian missile hit a shopping centre in Kharkiv on Thursday, killing six people, Governor "
                     "Oleh Syniehubov said. According to the police, 64 people were wounded, the most in the city in "
                     "a single attack since the full-scale invasion began."),
    # figures in the trigger's part of a sentence joined by a semicolon
    "semicolon": ("Kyiv says 14 civilians were killed when a missile hit the centre of Chernihiv on Thursday; "
                  "Moscow says it killed 40 soldiers."),
    # one list item per line: each town its own incident and figures
    "bullets": ("Russian attacks on Donetsk Oblast on Thursday, according to Vadym Filashkin:\n"
                "- in Kurakhove, a drone strike killed one person;\n"
                "- in Pokrovsk, shelling killed three people and injured four;\n"
                "- in Myrnohrad, two people were injured in a missile strike."),
    # the side a statement addresses is not where the strike was
    "addressee": ("A Russian drone hit a bus in Kherson on Thursday, killing two passengers, Governor Oleksandr "
                  "Prokudin said. The Russian ministry said the strike had hit a military vehicle and accused Kyiv "
                  "of lying."),
}


@pytest.fixture(scope="module")
def more_events():
    events = _events_of(MORE)
    return events[events["kind"] == "attack"]


def _main(events, name):
    return [{k: _clean(v) for k, v in r.items()} for r in
            events[(events["article_id"] == name) & (events["salience"] == "main")].to_dict("records")]


def test_a_record_comparison_is_not_background(more_events):
    (row,) = _main(more_events, "record_since")
    assert (row["killed"], row["injured"]) == (6, 64)


def test_figures_come_from_the_triggers_part_of_the_sentence(more_events):
    (row,) = _main(more_events, "semicolon")
    assert row["killed"] == 14


def test_list_items_are_separate_incidents(more_events):
    rows = {r["place"]: (r["killed"], r["injured"]) for r in _main(more_events, "bullets")}
    assert rows.get("Kurakhove") == (1, None)
    assert rows.get("Pokrovsk") == (3, 4)
    assert rows.get("Myrnohrad") == (None, 2)


def test_an_addressed_side_is_not_a_place(more_events):
    rows = _main(more_events, "addressee")
    assert [r["place"] for r in rows] == ["Kherson"]


FOLLOW_UP = {
    # a governor telling more of the attack just reported is its source, not a statement
    "governor_detail": ("A Russian glide bomb hit a school in Kupiansk on Thursday, injuring five teachers, Governor "
                        "Oleh Syniehubov said. Syniehubov said the building had been empty of pupils because of the "
                        "holidays."),
    # a politician's words about it stay a statement
    "president": ("A Russian glide bomb hit a school in Kupiansk on Thursday, injuring five teachers, Governor Oleh "
                  "Syniehubov said. President Volodymyr Zelensky said the world must respond to such terror."),
    # a meeting two days before the article's day is background
    "old_meeting": ("A Russian missile hit a port in Izmail on Thursday, injuring two workers, officials said. The "
                    "strike came two days after US envoy Steve Witkoff held talks with Vladimir Putin in Moscow on "
                    "Tuesday."),
}


@pytest.fixture(scope="module")
def follow_up_events():
    return _events_of(FOLLOW_UP)


def test_an_officials_further_detail_is_no_statement(follow_up_events):
    ev = follow_up_events[follow_up_events["article_id"] == "governor_detail"]
    assert "statement" not in set(ev["kind"])


def test_a_politicians_words_stay_a_statement(follow_up_events):
    ev = follow_up_events[follow_up_events["article_id"] == "president"]
    assert set(ev[ev["kind"] == "statement"]["speaker"]) == {"Volodymyr Zelenskyy"}


def test_a_meeting_days_before_is_background(follow_up_events):
    ev = follow_up_events[(follow_up_events["article_id"] == "old_meeting") & (follow_up_events["kind"] == "meeting")]
    assert set(ev["salience"]) == {"background"}


NEXT_PARAGRAPH = {
    # the figures open the next paragraph
    "figures_below": ("Ukrainian drones hit an oil depot in Novorossiysk on Friday, the regional governor said.\n\n"
                      "In all, 14 people were injured, three of them seriously."),
    # "Moscow-installed" and "hospitals in Moscow" are no places of the strike
    "installed": ("A Ukrainian missile hit a bus depot in Nova Kakhovka on Friday, killing three people, the "
                  "Moscow-installed official Vladimir Leontyev said. Four of the wounded were flown to hospitals in "
                  "Moscow."),
}


@pytest.fixture(scope="module")
def paragraph_events():
    events = _events_of(NEXT_PARAGRAPH)
    return events[(events["kind"] == "attack") & (events["salience"] == "main")]


def test_figures_opening_the_next_paragraph_belong_to_the_attack(paragraph_events):
    (row,) = _main(paragraph_events, "figures_below")
    assert (row["place"], row["injured"]) == ("Novorossiysk", 14)


def test_installed_by_and_treated_in_are_not_places(paragraph_events):
    (row,) = _main(paragraph_events, "installed")
    assert row["place"] == "Nova Kakhovka"


def test_figures_of_an_after_clause_belong_to_the_other_incident():
    load_pipeline()
    text = ("A Russian drone attack on Sumy on Thursday killed four people, the regional administration said, two "
            "days after more than 30 people died in a missile strike on Chernihiv.")
    events = extract_articles([_article("after_clause", text)], reference_date=PUBLISHED).events
    (row,) = _main(events[events["kind"] == "attack"], "after_clause")
    assert (row["place"], row["killed"]) == ("Sumy", 4)


def test_a_meeting_told_again_is_one_meeting_and_another_day_is_another():
    load_pipeline()
    text = ("Trump and Putin to meet in Alaska on 15 August\n"
            "US President Donald Trump will meet Russian President Vladimir Putin in Anchorage on Friday, the White "
            "House said. The summit between Trump and Putin will open at 11:00 local time. Zelensky is expected to "
            "meet Trump in Washington on Monday.")
    events = extract_articles([Article.from_text("summit", text, published="2025-08-12")]).events
    meetings = events[events["kind"] == "meeting"]
    alaska = meetings[meetings["date_start"] == "2025-08-15"]
    assert len(alaska) == 1
    assert set(alaska.iloc[0]["participants"]) == {"Donald Trump", "Vladimir Putin"}
    assert "2025-08-18" in set(meetings["date_start"])


UA8 = {
    # a past-perfect relative clause recalls an earlier strike on the same street: not this attack's trigger or day
    "earlier_relative": ("Russia attacked Odesa with drones overnight on Thursday.\n\n"
                         "In Odesa, Shahed drones damaged a dozen houses on Fontanska Road, which had already been "
                         "struck three weeks earlier. Two people were injured, Mayor Hennadiy Trukhanov said."),
    # the lead gives the toll unsourced, a later paragraph the same toll with its source: that source is the claimant
    "sourced_tie": ("A Russian drone attack on Kharkiv on Thursday night killed one person, and an air-raid alert "
                    "lasted for hours.\n\nThe Air Force said hits were recorded in several regions.\n\n"
                    "In Kharkiv, Shahed drones damaged a shopping centre and two schools. One person was killed "
                    "and four injured, Mayor Ihor Terekhov said."),
    # the sentence after a recalled incident, dated that incident's day, goes on recalling it
    "recalled_next": ("A Russian drone hit a bus in Sumy on Friday, injuring six passengers, officials said.\n\n"
                      "The attack came three days after Russia's largest drone attack on Kyiv, on 9 September. "
                      "On 9 September, the Ukrainian Air Force said, Russia launched 480 drones and 20 missiles."),
    # "one of the deadliest … since the invasion began" measures a record; "missiles fell on X" is a strike there;
    # a train's route is not where it was hit
    "record_fell_route": ("Russia hit Kropyvnytskyi with cruise missiles on Friday morning in one of the deadliest "
                          "attacks on the city since the full-scale invasion began. Eight people were killed and 30 "
                          "injured, regional governor Andrii Raikovych said.\n\nMissiles also fell on Oleksandriia, "
                          "a town east of the city. Three people were injured there, Raikovych said. A bus running "
                          "from Kropyvnytskyi to Uman was damaged by fragments; nobody on board was hurt."),
}


@pytest.fixture(scope="module")
def ua8_events():
    return _events_of(UA8)


def test_an_earlier_strike_in_a_relative_clause_does_not_date_the_attack(ua8_events):
    (row,) = _main(ua8_events[ua8_events["kind"] == "attack"], "earlier_relative")
    assert (row["place"], row["injured"], row["date_start"]) == ("Odesa", 2, "2025-09-11")


def test_a_tied_figure_is_claimed_by_the_source_that_gives_it(ua8_events):
    (row,) = _main(ua8_events[ua8_events["kind"] == "attack"], "sourced_tie")
    assert (row["killed"], row["injured"], row["claimant"]) == (1, 4, "Ihor Terekhov")


def test_the_sentence_after_a_recalled_incident_on_its_day_is_background(ua8_events):
    rows = ua8_events[ua8_events["article_id"] == "recalled_next"]
    main = rows[rows["salience"] == "main"]
    assert list(main["kind"]) == ["attack"] and list(main["place"]) == ["Sumy"]
    assert set(rows[rows["kind"] == "air_defense"]["salience"]) == {"background"}


def test_shelled_since_the_first_days_of_the_war_is_background():
    load_pipeline()
    text = ("A Russian drone hit a school in Kherson on Friday, injuring two teachers, officials said. Kherson, a port "
            "city on the Dnipro, has been shelled since the first days of the full-scale invasion.")
    events = extract_articles([_article("first_days", text)], reference_date=PUBLISHED).events
    rows = _main(events[events["kind"] == "attack"], "first_days")
    assert [(r["place"], r["injured"]) for r in rows] == [("Kherson", 2)]


def test_a_record_since_the_invasion_missiles_falling_on_a_town_and_a_route(ua8_events):
    rows = _main(ua8_events[ua8_events["kind"] == "attack"], "record_fell_route")
    found = {(r["place"], r["injured"], r["claimant"]) for r in rows}
    assert ("Kropyvnytskyi", 30, "Andrii Raikovych") in found
    assert ("Oleksandriia", 3, "Andrii Raikovych") in found
    assert "Uman" not in {r["place"] for r in rows}


def test_a_record_since_an_earlier_month_does_not_date_the_attack():
    load_pipeline()
    text = ("A Russian missile hit a warehouse in Bila Tserkva, injuring four workers, officials said. It was the "
            "first missile attack on the city since early June.")
    events = extract_articles([_article("since_month", text)], reference_date=PUBLISHED).events
    rows = _main(events[events["kind"] == "attack"], "since_month")
    assert [(r["place"], r["date_start"]) for r in rows] == [("Bila Tserkva", "2025-09-12")]


def test_where_the_source_sits_is_not_the_place_and_a_part_of_the_dead_is_no_toll():
    load_pipeline()
    text = ("A Russian missile struck a school in Bucha on Friday, killing nine people, Mayor Anatolii Fedoruk said. "
            "According to the State Emergency Service in Kyiv Oblast, rescuers worked through the night after the "
            "strike hit the school. Two children are among the dead.")
    events = extract_articles([_article("source_seat", text)], reference_date=PUBLISHED).events
    rows = _main(events[events["kind"] == "attack"], "source_seat")
    assert [(r["place"], r["killed"], r["children_killed"]) for r in rows] == [("Bucha", 9, 2)]


def test_an_air_raid_alert_is_no_attack():
    load_pipeline()
    text = ("Russian glide bombs hit Kostiantynivka on Friday, killing two people, officials said.\n\n"
            "09:40 – An air raid alert is declared in Kharkiv Oblast and Donetsk Oblast; the governors warn "
            "residents of the threat of glide bombs.\n\n10:05 – Explosions in the city. Two people are dead and "
            "five are wounded.")
    events = extract_articles([_article("air_raid_alert", text)], reference_date=PUBLISHED).events
    rows = _main(events[events["kind"] == "attack"], "air_raid_alert")
    assert [r["place"] for r in rows] == ["Kostiantynivka"]


PARTIAL = {
    # a definite, unplaced mention that carries an earlier, lower count is the same incident
    "first_strike": ("Eighteen people were killed and 30 injured when Russian forces struck a market in Hirnyk on "
                     "Friday, the regional governor said. The first strike was carried out with a guided bomb, he "
                     "said.\n\nHis first update put the toll at 12 dead and 20 wounded."),
}


def test_a_definite_mention_with_an_earlier_lower_count_joins_the_incident():
    events = _events_of(PARTIAL)
    rows = [r for r in _main(events, "first_strike") if r["kind"] == "attack"]
    assert [(r["place"], r["killed"], r["injured"]) for r in rows] == [("Hirnyk", 18, 30)]


COMBINED = {
    # a combined drone-and-missile attack fits the missile strike the attacker claims; the governor's "nobody was
    # hurt" gives the toll, the attacker's report stays the source; "its forces" lend their side to no other speaker
    "combined": ("Ukraine says it hit ammunition depot in Kursk region\n"
                 "Ukraine's General Staff said on Thursday that its forces had hit an ammunition depot in the Kursk "
                 "region with ATACMS missiles. Kursk Governor Alexander Khinshtein said the region had come under "
                 "attack by drones and missiles on Thursday morning, but that nobody had been hurt."),
}


def test_a_combined_attack_joins_the_strike_and_a_zero_toll_does_not_take_its_source():
    events = _events_of(COMBINED)
    rows = [r for r in _main(events, "combined") if r["kind"] == "attack"]
    assert [(r["place"], r["killed"], r["injured"], r["claimant"], r["actor_country"]) for r in rows] == [
        ("Kursk Oblast", 0, 0, "Ukrainian General Staff", "UA")]
