"""Event rows and claim-ledger rows (:mod:`sitrep.schema` columns) from finished events: sides, place on the map,
dates and certainty."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

from spacy.tokens import Doc

from sitrep.acled import acled_type
from sitrep.extract.entities import DEMONYMS
from sitrep.extract.events.actors import ENEMY, OWN, fill_sides, resolve_generic_claimant
from sitrep.extract.events.model import Event
from sitrep.extract.events.places import coordinated_place, place_rank
from sitrep.extract.events.reporting import certainty_of
from sitrep.nlp import sentences
from sitrep.words import COUNTRY_NAMES


def _event_id(article_id: str, kind: str, start: int, end: int, extra: str = "") -> str:
    return hashlib.sha1(f"{article_id}|{kind}|{start}|{end}|{extra}".encode()).hexdigest()[:16]


def _geocode(ev: Event, unresolved: list[str]):
    """The event's place on the map: the mention, then its region (precision 3) when the town is unknown."""
    if ev.place is None:
        return None
    from sitrep import geo

    names = list(dict.fromkeys([ev.place.canonical, ev.place.text]))
    for name in names:  # a named parent region is a hard constraint: no same-named village elsewhere
        place = geo.geocode(name, admin1=ev.admin_hint, context=ev.place.sentence)
        if place is not None:
            return place
    unresolved.append(ev.place.text)
    region = geo.resolve_admin1(ev.admin_hint) if ev.admin_hint else None
    region = region or geo.qualifier_region(ev.place.text, ev.place.sentence)
    if region is not None:  # keep the mention's own name, at its region's centre (precision 3)
        return replace(region, name=ev.place.text, feature_type="unresolved")
    return None


def build_rows(events: list[Event], *, article_id: str, published: dt.date | None, doc: Doc, char_offset: int = 0,
               sentence_offset: int = 0) -> tuple[list[dict], list[dict], list[str]]:
    """(event rows, claim rows, unresolved place names) for an article's finished events: events dated 400+ days
    before publication dropped, the enemy and the generic claimants resolved, sides filled, certainty set, the place
    geocoded, dates from the event's time (else the publication day); one claim row per figure and per superseded
    figure. The event rows' and figure claims' spans, sentence indexes and ids are shifted by the section's offsets
    into the full article, and so are the superseded-figure claims, which point at the sentence that told them."""
    rows, claims, unresolved = [], [], []
    sents = list(sentences(doc))
    if published is not None:  # "in the 1943 Battle of the Dnieper": history, not news
        horizon = dt.datetime.combine(published, dt.time()) - dt.timedelta(days=400)
        events = [e for e in events if e.time is None or e.time.interval_end is None
                  or e.time.interval_end >= horizon or e.kind in {"statement", "meeting"}]
    inferred: dict[int, bool] = {}  # event -> its actor only implied by its source's side (fill_sides)
    used_ids: set[str] = set()  # event ids are the table's primary key
    for ev in events:
        if ev.actor_country == ENEMY:
            side = ev.claimant.country if ev.claimant is not None else None
            ev.actor_country = "UA" if side == "RU" else "RU"
            ev.actor = COUNTRY_NAMES[ev.actor_country]
        if ev.actor_country == OWN:  # "his forces": the speaker's side, if the speaker is a party
            side = ev.claimant.country if ev.claimant is not None and ev.claimant.party else None
            if side and any(DEMONYMS.get(t.lower_) not in {None, side} for t in sents[ev.sent_i]
                            if t.i < ev.trigger.i):
                side = None  # "blamed Ukraine, saying its forces had fired": 'its' may be the other side's
            ev.actor_country = side
            ev.actor = COUNTRY_NAMES.get(side) if side else None
        sent = sents[ev.sent_i]
        resolve_generic_claimant(ev)
        told_actor = ev.actor_country is not None
        fill_sides(ev, ev.place.country if ev.place is not None else None)
        inferred[id(ev)] = not told_actor and ev.actor_country is not None
        resolve_generic_claimant(ev)
        anaphor = ev.anaphor_sentence
        ev.certainty = certainty_of(ev, anaphor if anaphor is not None else sent, ev.verb)
        if ev.place is not None and ev.kind in {"attack", "air_defense"} and place_rank(ev.place) >= 4 \
                and ev.place.country and ev.place.country == ev.actor_country:
            ev.place = None  # "the drones Russia launched": the launching country is the actor, not the place
        if ev.place is not None and ev.kind == "air_defense" and coordinated_place(ev.place, doc):
            ev.place, ev.admin_hint = None, None  # "over Russian regions and Crimea": a tally over several areas
        place = _geocode(ev, unresolved)
        country = place.country if place is not None else (ev.place.country if ev.place else None)
        if ev.kind == "attack" and ev.target_country is None:
            ev.target_country = country
        fill_sides(ev, country)
        if ev.kind == "air_defense" and country is None:
            country = ev.place_country or ev.target_country  # over the defending side's territory
        if ev.kind == "meeting" and ev.place is not None and ev.place.canonical == "Kremlin":
            country = "RU"
        acled = acled_type(ev.kind, ev.subkind)
        t = ev.time
        if t is not None:
            date_start = t.interval_start.date().isoformat()
            end = t.interval_end - dt.timedelta(microseconds=1) if t.interval_end else t.interval_start
            date_end = end.date().isoformat()
            if t.precision == "part_of_day" and t.value.endswith("TNI"):
                date_end = date_start  # a night belongs to the evening it starts on
            from sitrep.timex import acled_time_precision

            precision = acled_time_precision(t.precision)
        elif published is not None:
            date_start = date_end = published.isoformat()
            precision = 2 if ev.kind in {"attack", "air_defense"} else 1
        else:
            date_start = date_end = precision = None
        fig = ev.figures
        main = next((fig[k] for k in ("killed", "injured", "launched", "intercepted") if k in fig), None)
        start, end = ev.span[0] + char_offset, ev.span[1] + char_offset
        event_id = _event_id(article_id, ev.kind, start, end, ev.weapon or "")
        if event_id in used_ids:  # two events on one trigger ("held 80 percent of X and 70 percent of Y")
            event_id = _event_id(article_id, ev.kind, start, end, f"{ev.weapon or ''}#{len(used_ids)}")
        used_ids.add(event_id)
        claimant = ev.claimant.canonical if ev.claimant is not None else ev.claimant_name
        row = {
            "event_id": event_id, "article_id": article_id, "kind": ev.kind, "subkind": ev.subkind,
            "acled_event_type": acled[0], "acled_sub_event_type": acled[1], "actor": ev.actor,
            "actor_country": ev.actor_country, "target": ev.target, "target_country": ev.target_country,
            "weapon": ev.weapon, "place": (place.name if place is not None else
                                           (ev.place.canonical if ev.place else None)),
            "admin1": place.admin1 if place is not None else None, "country": country,
            "lat": place.lat if place is not None else None, "lon": place.lon if place is not None else None,
            "geo_precision": place.geo_precision if place is not None else None,
            "date_text": t.text if t is not None else None, "date_value": t.value if t is not None else None,
            "date_start": date_start, "date_end": date_end,
            "time_precision": precision, "status": ev.status,
            "killed": fig.get("killed", (None,))[0], "injured": fig.get("injured", (None,))[0],
            "children_killed": fig.get("children_killed", (None,))[0],
            "children_injured": fig.get("children_injured", (None,))[0],
            "launched": fig.get("launched", (None,))[0], "intercepted": fig.get("intercepted", (None,))[0],
            "qualifier": main[1] if main else None, "claimant": claimant, "certainty": ev.certainty,
            "participants": ev.participants or None, "speaker": ev.speaker,
            "sentence": ev.sentence, "char_start": start, "char_end": end,
            "_actor_inferred": inferred.get(id(ev), False),  # for consolidation only (not a column)
        }
        rows.append(row)
        party = ev.claimant.party if ev.claimant is not None else None
        for figure, (value, qualifier) in fig.items():
            claims.append({
                "claim_id": _event_id(article_id, "claim", start, end, event_id + figure),
                "event_id": event_id, "article_id": article_id, "sentence_index": ev.sent_i + sentence_offset,
                "sentence": ev.sentence, "char_start": start, "char_end": end, "figure": figure,
                "value": value, "qualifier": qualifier, "claimant": claimant, "claimant_party": party,
                "certainty": ev.certainty,
            })
        for figure, value, qualifier, sentence in ev.superseded:  # displaced figures stay on record
            s_i, (s_start, s_end) = ev.sent_i, ev.span
            if sentence != ev.sentence:  # told in a follow-up sentence: the claim points at that sentence
                told = [i for i, x in enumerate(sents) if x.text == sentence]
                if told:
                    s_i = min(told, key=lambda i: abs(i - ev.sent_i))
                    s_start, s_end = sents[s_i].start_char, sents[s_i].end_char
            claims.append({
                "claim_id": _event_id(article_id, "claim", s_start + char_offset, s_end + char_offset,
                                      f"{event_id}{figure}~{value}"),
                "event_id": event_id, "article_id": article_id, "sentence_index": s_i + sentence_offset,
                "sentence": sentence, "char_start": s_start + char_offset, "char_end": s_end + char_offset,
                "figure": figure,
                "value": value, "qualifier": qualifier, "claimant": claimant, "claimant_party": party,
                "certainty": ev.certainty,
            })
    return rows, claims, sorted(set(unresolved))
