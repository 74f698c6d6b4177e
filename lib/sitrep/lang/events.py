"""Event, claim, entity, number and time rows for a Russian or Ukrainian article (see :mod:`sitrep.lang.rules`)."""

from __future__ import annotations

import datetime as dt
import re

from sitrep.lang.rules import FIGURE_KEYS, NameHit, Reader, SentenceFacts, stable_id

SIDE = {"RU": "Russia", "UA": "Ukraine"}
MILITARY = ("military", "ministry")
OCCUPIED_ADMIN1 = {"Autonomous Republic of Crimea", "Sevastopol", "Luhansk Oblast", "Donetsk Oblast"}


def _claimant(f: SentenceFacts, reader: Reader) -> NameHit | None:
    """The person or body the sentence attributes its report to: the name nearest a reporting word."""
    names = [h for h in f.names if h.name.type in {"person", "government", "org"}]
    if not names:
        return None
    reports = [t.start for i, t in enumerate(f.sent.tokens) if reader._stem_at(f.sent.tokens, i, "report")]
    hit = names[0] if not reports else min(names, key=lambda h: min(abs(h.start - r) for r in reports))
    body = re.match(r"Spokes(?:person|man|woman) of (?:the )?(.+)", hit.name.role or "")
    if body:  # the Air Force's spokesman speaks for the Air Force
        named = next((n for n in reader.names if n.canonical == body.group(1)), None)
        if named is not None:
            return NameHit(named, hit.start, hit.end, hit.text)
    return hit


def _certainty(kind: str, claimant: NameHit | None, country: str | None, admin1: str | None) -> str:
    if kind == "air_defense":
        return "claimed"
    if claimant is None:
        return "unverified"
    name = claimant.name
    if (name.role or "").lower().find("installed") >= 0 or name.type == "government" and any(
            w in (name.canonical or "").lower() for w in ("defense", "defence", "general staff")):
        return "claimed"
    if name.country and country and name.country != country:
        return "claimed"
    if name.country == "RU" and admin1 in OCCUPIED_ADMIN1:
        return "claimed"
    return "confirmed"


def _sides(kind: str, place, claimant: NameHit | None, language: str) -> tuple[str | None, str | None, str | None]:
    """(actor country, target country, event country)."""
    country = place.country if place is not None else None
    claim_country = claimant.name.country if claimant is not None else None
    if country is None and kind == "attack":
        return None, None, None  # unplaced: consolidation may join it to a placed mention; sides filled after
    if country is None:
        country = claim_country if claim_country in SIDE else ("RU" if language == "ru" else "UA")
    if country == "RU":
        return "UA", "RU", "RU"
    if country == "UA":
        occupied = place is not None and (place.admin1 in OCCUPIED_ADMIN1 or place.name in {"Sevastopol"})
        if claim_country is None and language == "ru":
            claim_country = "RU"  # a Russian report of an occupied town tells the Russian side's story
        if claim_country == "RU" and (occupied or kind == "air_defense"):
            return "UA", None, "UA"
        return "RU", "UA", "UA"
    return None, None, country


_WEAPON_RANK = {"ballistic_missile": 3, "cruise_missile": 3, "glide_bomb": 3, "mlrs": 3, "drone": 2, "missile": 2,
                "artillery": 1}
SUBKIND = {"drone": "drone_strike", "missile": "missile_strike", "ballistic_missile": "missile_strike",
           "cruise_missile": "missile_strike", "glide_bomb": "glide_bomb", "artillery": "shelling", "mlrs": "shelling"}


def extract_rows(text: str, *, language: str, article_id: str, published: dt.date | None):
    """(events, claims, entities, numbers, times, unresolved) as lists of dicts keyed by :mod:`sitrep.schema`."""
    from sitrep.acled import acled_type
    from sitrep.extract.consolidate import consolidate

    reader = Reader(text, language=language, article_id=article_id, published=published)
    facts = reader.facts()
    has_body = {h.name.canonical for f in facts for h in f.names}
    rows, claims = [], []
    para_claimant: dict[int, NameHit] = {}
    last_claimant: NameHit | None = None
    last_date = None
    para_place: dict[int, object] = {}
    stated: set[str] = set()
    meetings: list[dict] = []
    running: dict[tuple[int, str], int] = {}
    last_ad_weapon = None
    after_background, prev_paragraph = False, -1
    prev_start = 0
    last_place = None

    for f in facts:
        sent = f.sent
        if f.date is not None and (published is None or abs((published - f.date[0]).days) <= 3) and \
                len(sent.tokens) > 6:  # not a dateline («Львів, 7 липня.»)
            last_date = f.date
        date = f.date or last_date  # undated until consolidation: an undated mention fits any night
        own = _claimant(f, reader)
        claimant = own or para_claimant.get(sent.paragraph) or last_claimant
        settlements = [p for p in f.places if not p.region]
        regions = [p for p in f.places if p.region]
        place = (settlements[0].place if settlements else regions[0].place if regions else None)
        figures = [x for x in f.figures if not x.part]
        for x in figures:  # «ещё двое»: in addition to the same figure earlier in the paragraph
            prev = running.get((sent.paragraph, x.key))
            if x.child:
                continue  # «в том числе подросток»: part of the figure, never the running total
            if x.more and prev is not None and x.key in {"killed", "injured"}:
                x.value += prev
            running[(sent.paragraph, x.key)] = x.value
        background = "background" in f.flags or (  # «Тоді загинули 12 людей» after a recalled strike
            after_background and prev_paragraph == sent.paragraph and not f.places and f.date is None)
        after_background, prev_paragraph = background, sent.paragraph
        if place is None and claimant is not None and (figures or {"none_killed", "none_hurt"} & f.flags):
            place = _role_region(claimant)

        def base(kind: str, *, place=place, claimant=claimant, weapon=None, subkind=None, sent=sent,
                 date=date) -> dict:
            actor_c, target_c, country = _sides(kind, place, claimant, language)
            admin1 = None
            if place is not None:
                admin1 = place.name if place.feature_type == "admin1" else place.admin1
            event_type, sub_event_type = acled_type(kind, subkind)
            row = {
                "article_id": article_id, "kind": kind, "subkind": subkind, "acled_event_type": event_type,
                "acled_sub_event_type": sub_event_type, "actor": SIDE.get(actor_c), "actor_country": actor_c,
                "target": (place.name if place is not None and kind == "attack" else SIDE.get(target_c)),
                "target_country": target_c, "weapon": weapon,
                "place": place.name if place is not None else None,  # a region: cleared after consolidation
                "admin1": admin1, "country": country, "lat": getattr(place, "lat", None),
                "lon": getattr(place, "lon", None), "geo_precision": getattr(place, "geo_precision", None),
                "date_text": date[1] if date else None, "date_start": date[0].isoformat() if date else None,
                "date_end": date[0].isoformat() if date else None, "time_precision": 1 if date else None,
                "status": "happened", "qualifier": "exact", "claimant": claimant.name.canonical if claimant else None,
                "certainty": _certainty(kind, claimant, country, admin1), "participants": None, "speaker": None,
                "sentence": sent.text, "char_start": sent.start, "char_end": sent.end,
                "date_value": date[2] if date else None,
            }
            if row["country"] == "UA" and claimant is not None and claimant.name.country == "RU" and kind == "attack":
                row["target"], row["target_country"] = (place.name if place is not None else None), None
            return row

        def add(row: dict, figs, *, sent=sent, claimant=claimant) -> None:
            row["event_id"] = stable_id(article_id, "ev", row["kind"], sent.start, row.get("weapon") or "",
                                        len(rows))
            for x in figs:
                key = x.key
                if x.child and key in {"killed", "injured"}:
                    ckey = f"children_{key}"
                    row[ckey] = max(row.get(ckey) or 0, x.value)
                    if row.get(key) is None:
                        row[key] = x.value
                    continue
                if row.get(key) is None or x.value > row[key]:
                    row[key] = x.value
                    if x.qualifier:
                        row["qualifier"] = x.qualifier
            for key in ("killed", "injured", "children_killed", "children_injured", "launched", "intercepted"):
                value = row.get(key)
                if value is None:
                    continue
                claims.append({"claim_id": stable_id(row["event_id"], key), "event_id": row["event_id"],
                               "article_id": article_id, "sentence_index": sent.index, "sentence": sent.text,
                               "char_start": sent.start, "char_end": sent.end, "figure": key, "value": int(value),
                               "qualifier": row.get("qualifier"), "claimant": row.get("claimant"),
                               "claimant_party": claimant.name.party if claimant else None,
                               "certainty": row["certainty"]})
            rows.append(row)

        # air defense: one mention per weapon class
        ad = [x for x in figures if x.key in {"launched", "intercepted"}]
        if ad and not background:
            default_weapon = next((w for _, w in f.weapons if w not in {"artillery"}), None)
            classes: dict[str | None, list] = {}
            for x in ad:
                classes.setdefault(x.weapon or default_weapon, []).append(x)
            if None in classes and last_ad_weapon is not None and last_ad_weapon not in classes:
                classes[last_ad_weapon] = classes.pop(None)  # «знищено 16 із них»: the weapon said before
            for weapon, figs in classes.items():
                last_ad_weapon = weapon or last_ad_weapon
                seen, kept = set(), []
                for x in figs:
                    if x.key not in seen:
                        seen.add(x.key)
                        kept.append(x)
                ad_claimant = claimant
                if ad_claimant is None or ad_claimant.name.type == "person" and own is None:
                    mil = _military(facts, language)
                    ad_claimant = mil or ad_claimant
                near = [p for p in f.places if any(abs(p.start - t.start) < 60 for i, t in enumerate(sent.tokens)
                                                   if reader._stem_at(sent.tokens, i, "intercepted"))]
                ad_place = near[0].place if (len(near) == 1 == len(f.places) and ":" not in sent.text) else None
                add(base("air_defense", place=ad_place, claimant=ad_claimant, weapon=weapon), kept)

        cas = [x for x in figures if x.key in {"killed", "injured"}]
        zero = {"none_killed", "none_hurt"} & f.flags
        attack_word = "attack" in f.flags or bool(cas) or bool(zero)
        ground = "ground" in f.flags and bool(settlements) and not f.weapons
        first_attack = next((t.start for i, t in enumerate(sent.tokens)
                             if reader._stem_at(sent.tokens, i, "attack")), sent.end)
        # «обстреляли Белгород», «В Горловке обстрелом поврежден», not «В Киеве ... утверждают, что ... атаковали»
        targeted = [p for p in f.places if p.start > first_attack or "report" not in f.flags]
        if ad and not cas:
            zero = set()  # «обломки упали, пострадавших нет» after an interception: no attack of its own
        if not background and (attack_word or ground) and (cas or zero or ground or (
                targeted and (f.weapons or "shelling" in f.flags) and "attack" in f.flags and not ad)):
            if (place is None or place.feature_type == "admin1") and (cas or zero):
                carried = [p for p in (para_place.get(sent.paragraph), last_place) if p is not None]
                carried.sort(key=lambda p: p.feature_type == "admin1")  # a town before a region
                carried = next((p for p in carried if place is None or p.admin1 == place.name), None)
                if carried is not None:
                    place = carried
            weapon = max((w for _, w in f.weapons), key=lambda w: _WEAPON_RANK.get(w, 1), default=None)
            subkind = SUBKIND.get(weapon) if weapon else ("ground_clash" if "ground" in f.flags else
                                                          "shelling" if "shelling" in f.flags else None)
            row = base("attack", place=place, weapon=weapon, subkind=subkind)
            if "none_killed" in f.flags and not any(x.key == "killed" for x in cas):
                row["killed"] = 0
            if "none_hurt" in f.flags and not any(x.key == "injured" for x in cas):
                row["injured"] = 0
            if place is not None or cas or zero:
                add(row, cas)
        if place is not None and (settlements or not para_place.get(sent.paragraph)):
            para_place[sent.paragraph] = place
            if settlements:
                last_place = place

        # statements and meetings
        persons = [h for h in f.names if h.name.type == "person"]
        if "meeting" in f.flags and len({h.name.canonical for h in persons}) >= 2:
            meet_at = [t.start for i, t in enumerate(sent.tokens) if reader._stem_at(sent.tokens, i, "meeting")]
            city = next((p.place for p in f.places if not p.region and any(abs(p.start - m) < 60 for m in meet_at)),
                        None)  # «встреча в Будапеште», not «доложит в Вашингтоне» further on
            planned = "planned" in f.flags
            row = base("meeting", place=city, claimant=None)
            row.update(actor=None, actor_country=None, target=None, target_country=None,
                       country=city.country if city is not None else None, status="planned" if planned else "happened",
                       certainty="planned" if planned else "confirmed", claimant=None,
                       participants=sorted({h.name.canonical for h in persons}))
            if planned and not f.date:
                row.update(date_start=None, date_end=None, date_text=None, date_value=None)
            meetings.append(row)
        elif ("report" in f.flags or "«" in sent.text) and not f.figures and "background" not in f.flags:
            # a figure's source is its claimant, not a statement; a recalled remark is no statement of the day
            for h in persons:
                if h.name.speaker and h.name.canonical not in stated:
                    stated.add(h.name.canonical)
                    own_day = f.date or (last_date if last_date and not last_date[2].endswith("TNI") else None) or (
                        (published, None, published.isoformat()) if published else None)
                    row = base("statement", place=None, claimant=None, date=own_day)  # said on the day reported
                    row.update(actor=None, actor_country=None, target=None, target_country=None, country=None,
                               claimant=None, certainty=None, speaker=h.name.canonical)
                    add(row, [])
                    break
        if own is not None and _about_this(sent.text):  # «Об этом сообщил X», «Про це повідомив X»
            for r in rows:
                if r["char_start"] < sent.start and r["char_start"] >= prev_start and r["kind"] in {"attack",
                                                                                                 "air_defense"}:
                    r["claimant"] = own.name.canonical
                    r["certainty"] = _certainty(r["kind"], own, r["country"], r["admin1"])
                    for c in claims:
                        if c["event_id"] == r["event_id"]:
                            c.update(claimant=r["claimant"], certainty=r["certainty"], claimant_party=own.name.party)
        prev_start = sent.start
        if own is not None and own.name.type in {"person", "government"} and own.name.canonical in has_body:
            para_claimant[sent.paragraph] = own
            last_claimant = own

    for m in _merge_meetings(meetings):
        m["event_id"] = stable_id(article_id, "ev", "meeting", m["char_start"], ",".join(m["participants"]))
        rows.append(m)
    # a headline's figure that the body repeats is the body's (which names its source and may revise it): the headline
    # keeps its claim rows, the event takes the figure from the body
    headline_end = reader.sents[0].end if reader.sents and not reader.sents[0].text.rstrip().endswith(
        (".", "!", "?", "»", '"')) and len(reader.sents) > 1 else -1
    body = [r for r in rows if r["char_start"] >= headline_end]
    for r in rows:
        if r["char_start"] < headline_end:
            for key in ("killed", "injured", "launched", "intercepted"):
                if r.get(key) is not None and any(b["kind"] == r["kind"] and b.get(key) == r[key] for b in body):
                    r[key] = None
    _heads_for_bodies(rows, claims, facts)
    rows.sort(key=lambda r: r["char_start"])
    starts = [s.start for s in reader.sents]
    rows, claims = consolidate(rows, claims, sentence_starts=starts, published=published)
    for row in rows:
        if row.get("place") and row["place"] == row.get("admin1") and row.get("geo_precision") == 3:
            row["place"] = None  # a region-level event: the region is its admin1, not a place
    for row in rows:  # an attack nobody placed: the claimant's side, else the language's
        if row["kind"] == "attack" and row.get("country") is None:
            side = next((n.country for n in reader.names if n.canonical == row.get("claimant")), None)
            country = side if side in SIDE else ("RU" if language == "ru" else "UA")
            row.update(country=country, target_country=country, target=SIDE[country],
                       actor_country="UA" if country == "RU" else "RU", actor=SIDE["UA" if country == "RU" else "RU"])
    for row in rows:  # still undated: the day of publication
        if row.get("date_start") is None and published is not None and not (row["kind"] == "meeting" and
                                                                            row["status"] == "planned"):
            row.update(date_start=published.isoformat(), date_end=published.isoformat(),
                       date_value=published.isoformat(), time_precision=1)
    return rows, claims, _entity_rows(facts, article_id), _number_rows(facts, article_id), \
        _time_rows(facts, article_id), ()


_ABOUT_THIS = re.compile(r"^\W*(об этом|о чем|о чём|про це|про що|такі дані|такие данные|ці дані|эти данные)\b",
                         re.IGNORECASE)


def _about_this(text: str) -> bool:
    return bool(_ABOUT_THIS.search(text))


def _role_region(claimant: NameHit):
    """The region a governor or a regional administration speaks for: 'Governor of Bryansk Oblast'."""
    from sitrep.geo import geocode, resolve_admin1

    role = claimant.name.role or ""
    if claimant.name.type != "person":
        return None
    city = re.search(r"(?:Head of the (.+?) City Military Administration|Mayor of (.+?)(?: \(|$))", role)
    if city:
        return geocode(city.group(1) or city.group(2))
    m = re.search(r"(?:Governor|Head) of (?:the )?(.+?)(?: Regional Military Administration|$| \()", role)
    if not m:
        return None
    return resolve_admin1(m.group(1).replace("occupied part of ", ""))


def _heads_for_bodies(rows: list[dict], claims: list[dict], facts: list[SentenceFacts]) -> None:
    """A city or regional administration that the article names with its head speaks through the head: the claimant
    is the person ('Kyiv City Military Administration' -> its head, when the article names him)."""
    named = {h.name.canonical: h.name for f in facts for h in f.names}
    heads = {}
    for name in named.values():
        m = re.match(r"Head of (?:the )?(.+?)(?: \(|$)", name.role or "")
        if name.type == "person" and m:
            heads[m.group(1)] = name.canonical
    for r in rows:
        head = heads.get(r.get("claimant") or "")
        if head:
            r["claimant"] = head
            for c in claims:
                if c["event_id"] == r["event_id"]:
                    c["claimant"] = head


def _military(facts: list[SentenceFacts], language: str) -> NameHit | None:
    """The article's military reporting body (the Air Force, the Defence Ministry), if it names one."""
    for f in facts:
        for h in f.names:
            if h.name.type == "government" and h.name.canonical in {"Ukrainian Air Force", "Russian Defense Ministry"}:
                return h
    return None


def _merge_meetings(meetings: list[dict]) -> list[dict]:
    out: list[dict] = []
    for m in meetings:
        def fits(o: dict, m: dict = m) -> bool:
            shared = len(set(o["participants"]) & set(m["participants"]))
            unplaced = not m["place"] or not o["place"]
            return o["status"] == m["status"] and (o["place"] == m["place"] or unplaced) and (
                shared >= 2 or (shared >= 1 and unplaced))

        same = next((o for o in out if fits(o)), None)
        if same is None:
            out.append(dict(m))
        else:
            same["participants"] = sorted(set(same["participants"]) | set(m["participants"]))
            same["place"] = same["place"] or m["place"]
    return out


def _entity_rows(facts: list[SentenceFacts], article_id: str) -> list[dict]:
    rows = []
    for f in facts:
        for h in f.names:
            rows.append({"entity_id": stable_id(article_id, "ent", h.start, h.end, "NAME"), "article_id": article_id,
                         "sentence_index": f.sent.index, "sentence": f.sent.text, "char_start": h.start,
                         "char_end": h.end, "text": h.text,
                         "label": "PERSON" if h.name.type == "person" else "ORG", "canonical": h.name.canonical,
                         "entity_type": h.name.type, "country": h.name.country, "party": h.name.party,
                         "role": h.name.role, "metonymy": False})
        for p in f.places:
            rows.append({"entity_id": stable_id(article_id, "ent", p.start, p.end, "GPE"), "article_id": article_id,
                         "sentence_index": f.sent.index, "sentence": f.sent.text, "char_start": p.start,
                         "char_end": p.end, "text": p.text, "label": "GPE", "canonical": p.place.name,
                         "entity_type": "place", "country": p.place.country, "party": None, "role": None,
                         "metonymy": False})
    return rows


def _number_rows(facts: list[SentenceFacts], article_id: str) -> list[dict]:
    rows = []
    for f in facts:
        for x in f.figures:
            rows.append({"number_id": stable_id(article_id, "num", x.start, x.end), "article_id": article_id,
                         "sentence_index": f.sent.index, "sentence": f.sent.text, "char_start": x.start,
                         "char_end": x.end, "text": x.text, "value": float(x.value), "quantity_type": x.key,
                         "qualifier": x.qualifier or "exact", "unit": None, "head": x.weapon, "is_child": x.child,
                         "breakdown_of": None})
    return rows


def _time_rows(facts: list[SentenceFacts], article_id: str) -> list[dict]:
    rows = []
    for f in facts:
        if f.date is None or not f.date[1]:
            continue
        day, text, value = f.date
        start = f.sent.text.lower().find(text.lower())
        start = f.sent.start + max(start, 0)
        night = value.endswith("TNI")
        begin = dt.datetime.combine(day, dt.time(18 if night else 0))
        rows.append({"article_id": article_id, "text": text, "start": start, "end": start + len(text),
                     "type": "TIME" if night else "DATE", "value": value, "interval_start": begin.isoformat(),
                     "interval_end": (begin + dt.timedelta(hours=12 if night else 24)).isoformat(),
                     "precision": "part_of_day" if night else "day"})
    return rows


__all__ = ["FIGURE_KEYS", "extract_rows"]
