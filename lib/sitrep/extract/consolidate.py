"""One event per incident: the mentions of one strike or one air-defense report in an article become one row.

Called at the end of :func:`sitrep.extract.events.extract_events` on the finished event rows and claim rows.

**Salience.** Every event gets ``salience``: ``"background"`` for an incident the article only recalls — dated
more than :data:`BACKGROUND_DAYS` days before the article's main day (the most common explicit date among its
attack and air-defense mentions within three days of publication, else the publication date), or reported in a
sentence with a background cue (:data:`~sitrep.extract.lexicon.BACKGROUND_CUES`: "last year", "a year to the day
after", "the previous record", "earlier this month", running totals "since February", "the strike came two days
after …"; a record comparison, "the most … since the invasion began", is no cue) — and ``"main"`` for the rest.
A mention in the sentence right after a recalled incident, dated that incident's day (not the publication day),
continues the recollection and is background too ("The strike came a day after Russia's largest attack. On 29
December, Russia fired 122 missiles …"). A sum over incidents the article goes on to tell one by one ("three
civilians were killed in two separate drone attacks", :data:`~sitrep.extract.lexicon.SUMMARY_CUES`) is background
when two other main attacks are told. Meetings follow the same rules; statements become background only when
dated more than a week before.
Background mentions are never merged into a main event.

**Merging** (attack and air_defense, in text order; each mention joins the most fitting earlier group or starts
one). An attack mention joins an attack group when nothing conflicts: the actor's side (one only implied by the
source's side, :func:`~sitrep.extract.events.actors.fill_sides`, conflicts with none), the country, the place
(equal, one missing, or one is the other's region), the date (explicit dates at most one day apart; an undated
mention fits any), the weapon class ("missile" fits ballistic and cruise missiles; a mention whose sentence names
several classes, "attacked the region with drones and missiles", fits any of them) and, unless both name the same
place, the tolls (a different killed or injured figure needs a revision cue, "the toll rose to N", unless one
is open-ended and the other exceeds it: "more than a hundred" wounded and 113). A sentence
that opens with "Elsewhere" or "Separately" starts a new incident unless it names the same place. An air-defense
mention joins a group of the same claimant (or one unnamed), weapon class and night whose figures it does not
contradict; a claimant named only by its side ("Russia says it downed 337 drones", a headline) fits the same side's
named claimant, which then gives the row's claimant; a smaller figure "over" a region from the same claimant, weapon
and night (not "more"/"another") is a regional part of the total: it joins the group and changes none of its
figures or its place. Air-defense revision cues are explicit ("updated", "revised", "rose"): drones "fell over" a
region is no revision. An air-defense report of weapons *launched* only, whose claimant is not a military body,
that fits an attack of the same weapon class ("two Iskander-M missiles struck the city") is the attack's weapon, not an
air-defense event: it is folded in.

A definite mention with no place ("The first strike was carried out with a guided bomb") whose tolls are all lower
than the group's is the incident at an earlier count: it joins (the larger figures win).
A mention with a superseded cue (:data:`~sitrep.extract.lexicon.SUPERSEDED_CUES`: "the first reports spoke of 13
dead", "initially") joins its incident whatever its figures; they stay in the claim ledger and never win. A place the
gazetteer does not know (a street, district or site) fits any place. After merging, an attack or air-defense group told
only in the headline joins the body's group of the same kind that agrees with it best — unless it names another place
in the same country — and a headline place that conflicts ("… as NATO gathers in Washington") is dropped.

Statements merge when they have the same speaker and day (or one is undated): a press conference quoted sentence by
sentence is one statement. Meetings merge too: the same people (one set within the other, or one unnamed or named
only as groups, "Ukrainian officials") at a fitting place on the same day, with the same status unless one mention is
the headline, and with something in common (a participant, a place, an explicit day); the row lists every participant
named.

**Figures of a merged event**: the latest figure in a sentence with a revision cue (:data:`REVISION_CUES`: "rose
to", "had risen to", "climbed to") wins; otherwise the largest (an earlier, lower toll is superseded). Children's
figures: the largest. Claimant and certainty come from the mention that gives the main figure (killed, injured,
launched, intercepted) when it names its source and is not the headline — unless every figure is a zero ("nobody was
hurt") and another named source told the attack before it — else from the first body mention with a
named source, else the headline's named source, else the first unnamed one ("officials"); a country or capital
("Russia", "Kyiv", "the Kremlin") counts as unnamed. Place (and its coordinates) from the most precise mention (a
country only when no mention is more precise), date from the earliest explicit date, weapon from the most specific
mention. The row keeps the first mention's sentence and span; every mention stays in the claim ledger, re-pointed to
the merged event: its figures, and an ``occurred`` row (no value) for a mention that has a claimant but no figures,
so that a mayor's confirmation and an unverified media report both remain on record.

**Confidence** (0–1, two decimals), the sum of: 0.30 for the trigger; 0.15 for a specific subkind or weapon (an
attack whose subkind is not ``other``, an air-defense report with a weapon class; participants for a meeting, a
speaker for a statement); 0.20 for a claimant; 0.15 for a place resolved to coordinates; 0.10 for figures; 0.10
when two or more sentences report it. Halved for a background event.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence

from sitrep.extract.lexicon import (
    ATTACK_NOUNS,
    BACKGROUND_CUES,
    GROUP_NOUNS,
    NEW_INCIDENT_OPENERS,
    REVISION_CUES,
    SUMMARY_CUES,
    SUPERSEDED_CUES,
    WEAPON_NOUNS,
)
from sitrep.words import ARMED_FORCES

BACKGROUND_DAYS = 2
FIGURES = ("killed", "injured", "launched", "intercepted")
CHILD_FIGURES = ("children_killed", "children_injured")
MILITARY_WORDS = ("air force", "ministry", "general staff", "army", "forces", "command", "military", "navy")
UNNAMED_CLAIMANTS = {"officials", "authorities", "media reports", "local authorities", "russian sources",
                     "ukrainian officials", "russian officials", "local officials", "sources"}
_BACKGROUND = re.compile(r"(?i)\b(" + "|".join(BACKGROUND_CUES) + r")\b")
_REVISION = re.compile(r"(?i)\b(" + "|".join(REVISION_CUES) + r")\b")
_DEFINITE = re.compile(r"(?i)\b(the|this|that|these|those|sunday's|monday's|tuesday's|wednesday's|thursday's|"
                       r"friday's|saturday's|yesterday's|today's|last night's)\s+(\w+[\s-]+){0,3}$")
# a mention whose span opens with its definite trigger: "The first strike was carried out with …"
_DEFINITE_OPENING = re.compile(r"(?i)^(the|this|that|these|those)\s+(\w+[\s-]+){0,3}?(" + "|".join(
    sorted(ATTACK_NOUNS)) + r")\b")
_SUMMARY = re.compile(r"(?i)\b(" + "|".join(SUMMARY_CUES) + r")\b")
_SUPERSEDED = re.compile(r"(?i)\b(" + "|".join(SUPERSEDED_CUES) + r")\b")
_AD_REVISION = re.compile(r"(?i)\b(updated|revised|corrected|rose|risen|raised|now stands)\b")
_MORE = re.compile(r"(?i)\b(more|another|additional|further|later)\b")
_OVER_PLACE = re.compile(r"\b(over|above)\s+(the\s+)?[A-Z]")
_NEW_INCIDENT = re.compile(r"(?i)^\W*(\d{1,2}[.:]\d{2}\s+\w+\s+)?(" + "|".join(NEW_INCIDENT_OPENERS) + r")\b")
_MISSILES = {"missile", "ballistic_missile", "cruise_missile"}
_WEAPON_WORD = re.compile(r"(?i)\b(" + "|".join(sorted(WEAPON_NOUNS, key=len, reverse=True)) + r")\b")
_WEAPON_RANK = {None: 0, "missile": 1}  # more specific weapons rank 2
# subkinds another mention can make specific: "the air strike" is the glide-bomb strike the next sentence names
GENERIC_SUBKINDS = {None, "other", "air_strike"}


class _Mention:
    """One extracted row with what merging needs to know about it."""

    def __init__(self, row: dict, sent_i: int, order: int):
        self.row, self.sent_i, self.order = row, sent_i, order
        self.explicit = row.get("date_text") is not None
        self.date = _day(row.get("date_start")) if self.explicit else None
        revision = _REVISION if row["kind"] != "air_defense" else _AD_REVISION  # drones "fell over" a region
        self.revision = bool(revision.search(row.get("sentence") or ""))
        self.part = False  # a regional breakdown of a group's total (air defense): joins it, adds nothing
        # an earlier figure of the incident ("the first reports spoke of 13 dead"): joins it, its figures superseded
        self.superseded = bool(_SUPERSEDED.search(row.get("sentence") or ""))
        self.new_incident = bool(_NEW_INCIDENT.search(row.get("sentence") or ""))
        self.summary = bool(_SUMMARY.search(row.get("sentence") or ""))  # a sum over incidents (SUMMARY_CUES)
        self.definite = False  # its trigger is a definite noun phrase ("the strike"): set by consolidate
        # every weapon class its sentence names: "attacked the region with drones and missiles" fits either
        self.named = {WEAPON_NOUNS[w.lower()] for w in _WEAPON_WORD.findall(row.get("sentence") or "")} - {"other"}
        self.competing = False  # another source's figures for the group it joined (see _competing): ledger only
        self.at: int | None = None  # where its trigger starts in its sentence: set by consolidate
        self.qualifiers: dict[str, str] = {}  # figure -> qualifier of its claim ("at_least"): set by consolidate


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _main_day(mentions: Sequence[_Mention], published: dt.date | None) -> dt.date | None:
    dates = [m.date for m in mentions if m.date is not None and m.row["kind"] in {"attack", "air_defense"}]
    if published is not None:
        dates = [d for d in dates if published - dt.timedelta(days=3) <= d <= published]
    if not dates:
        return published
    counts = {d: dates.count(d) for d in dates}
    return max(counts, key=lambda d: (counts[d], d))


def _background(m: _Mention, main_day: dt.date | None) -> bool:
    kind = m.row["kind"]
    limit = BACKGROUND_DAYS if kind in {"attack", "air_defense", "meeting"} else 7
    if m.date is not None and main_day is not None and m.date < main_day - dt.timedelta(days=limit):
        return True
    if kind not in {"attack", "air_defense", "meeting"} or m.sent_i == 0:
        return False
    return recalls_background(m.row["sentence"] or "", at=m.at)


# "…, killing 41 people, in one of the deadliest attacks since the war began": a record comparison told after the
# trigger measures the incident itself; only a mention told after it ("the deadliest since January, when a missile
# hit Dnipro") is the recalled one
_RECORD_CUE = re.compile(r"(?i)(the )?(deadliest|largest|biggest)\b")


def recalls_background(sentence: str, *, at: int | None = None) -> bool:
    """The sentence carries a background cue (:data:`~sitrep.extract.lexicon.BACKGROUND_CUES`) that is no record
    comparison: what it tells is an earlier incident or a running total. ``at``: where the mention's trigger sits in
    the sentence (a record cue after it measures the mention's own incident)."""
    return any(not _record_since(sentence, cue) and not (at is not None and at < cue.start()
                                                         and _RECORD_CUE.match(cue.group()))
               for cue in _BACKGROUND.finditer(sentence))


_SUPERLATIVE = re.compile(r"(?i)\b(most|largest|biggest|deadliest|heaviest|worst|highest|first|greatest|\w+est)\b")


def _record_since(sentence: str, cue: re.Match) -> bool:
    """'the most children injured in a single attack since the full-scale invasion began': a record comparison,
    which dates nothing in the past."""
    if cue.group().lower().endswith("since") and _WAR_START.match(sentence[cue.end():]):
        return True  # "one of the deadliest attacks on the city since the full-scale invasion began"
    return cue.group().lower().startswith("since") and bool(_SUPERLATIVE.search(sentence[max(0, cue.start() - 90):
                                                                                           cue.start()]))


# what a record is measured since: the start of the war ("since the full-scale invasion began", "since 2022")
_WAR_START = re.compile(r"(?i)\s*(the\s+)?((start|beginning|outbreak)\s+of\s+(the\s+)?)?(russia's\s+)?"
                        r"(full[- ]scale\s+)?(invasion|war)\b|\s*(february\s+)?2022\b")


def _places_fit(a: dict, b: dict) -> int:
    """0: conflict; 1: one has no place; 2: one is the other's region; 3: the same place."""
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return 0
    pa, pb = a.get("place"), b.get("place")
    if not pa or not pb:
        return 1
    if pa.lower() == pb.lower():
        return 3
    if pa == b.get("admin1") or pb == a.get("admin1"):
        return 2
    if 4 in {a.get("geo_precision"), b.get("geo_precision")} and a.get("country") == b.get("country"):
        return 2  # "Ukraine" and a Ukrainian city
    if (a.get("lat") is None) != (b.get("lat") is None):
        return 1  # a street, district or site the gazetteer does not know ("the Tekstilshchik neighbourhood")
    return 0


def _weapons_fit(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or (a in _MISSILES and b in _MISSILES and "missile" in {a, b})


def _dates_fit(group: list[_Mention], m: _Mention) -> bool:
    dates = [x.date for x in group if x.date is not None]
    return m.date is None or all(abs((m.date - d).days) <= 1 for d in dates)


def _fit(group: list[_Mention], merged: dict, m: _Mention) -> int:
    """How well ``m`` fits the group (0: it does not)."""
    row = m.row
    if merged["kind"] != row["kind"] or not _dates_fit(group, m):
        return 0
    if row["kind"] == "meeting":
        if m.date is not None and any(x.date not in {None, m.date} for x in group):
            return 0  # meetings have their day: Tuesday's summit and Wednesday's talks on its sidelines are two
        if m.sent_i > 0 and all(x.sent_i > 0 for x in group) and merged.get("status") != row.get("status"):
            return 0  # what happened and what is planned are two meetings (a headline's tense is loose)
        return _meeting_fit(merged, row)
    if row["kind"] == "statement":  # one speaker's words of one day, quoted sentence by sentence, are one statement
        same_day = m.date is None or all(x.date in {None, m.date} for x in group)
        speaker = _norm(row.get("speaker"))
        return int(same_day and bool(speaker) and speaker == _norm(merged.get("speaker")))
    if merged.get("actor_country") and row.get("actor_country") and merged["actor_country"] != row["actor_country"] \
            and not row.get("_actor_inferred") and not all(x.row.get("_actor_inferred") for x in group):
        return 0  # two sides named as the attacker (an actor only implied by the source's side conflicts with none)
    places = _places_fit(merged, row)
    if not places:
        return 0
    if not _weapons_fit(merged.get("weapon"), row.get("weapon")) and not _combined(group, merged, m) \
            and (row["kind"] != "attack" or places != 1):
        return 0  # an unplaced mention of another weapon may tell the same combined strike; its figures decide
    if row["kind"] == "attack":
        if m.new_incident and places < 3:
            return 0
        if m.sent_i > 0 and any(x.sent_i > 0 for x in group) and \
                m.summary != any(x.summary for x in group if x.sent_i > 0) and places < 3:
            return 0  # "attacked the oblast 42 times, killing 28" sums the incidents the article tells one by one
        if merged.get("subkind") not in GENERIC_SUBKINDS and row.get("subkind") not in GENERIC_SUBKINDS \
                and merged["subkind"] != row["subkind"] and not (merged.get("weapon") and row.get("weapon")):
            return 0
        revised = m.revision or m.superseded or any(x.revision for x in group)
        if places < 3 and not revised and _toll_conflict(merged, row, _open_ended(group, merged, m)) \
                and not _competing(merged, m) and not _partial_count(merged, m, places):
            return 0  # a regional total beside one town's toll, or two tolls of two incidents
    else:
        ca, cb = _norm(merged.get("claimant")), _norm(row.get("claimant"))
        if ca and cb and ca != cb and not ((_side_only(ca) or _side_only(cb))
                                           and merged.get("target_country") == row.get("target_country")):
            return 0  # competing claimants; "Russia says it downed 337 drones" is its ministry's claim
        conflict = [k for k in FIGURES if merged.get(k) is not None and row.get(k) is not None
                    and merged[k] != row[k] and not m.revision and not m.superseded]
        if conflict and not _breakdown(merged, row, conflict):
            return 0
    return places + 1


def _toll_conflict(merged: dict, row: dict, agree: frozenset[str] = frozenset()) -> bool:
    return any(merged.get(k) is not None and row.get(k) is not None and merged[k] != row[k] and k not in agree
               for k in ("killed", "injured"))


def _open_ended(group: list[_Mention], merged: dict, m: _Mention) -> frozenset[str]:
    """The tolls on which ``m`` and the group differ without conflict: "more than a hundred" wounded and 113; a
    smaller toll told of a district or site the gazetteer does not know, inside the incident's known place (the
    victims of one building of the city's strike)."""
    agree = set()
    site_in_place = merged.get("place") and merged.get("lat") is not None and m.row.get("lat") is None \
        and merged.get("geo_precision") in {1, 2}  # a site of a town, or no place at all ("explosions rocked the city")
    for k in ("killed", "injured"):
        a, b = merged.get(k), m.row.get(k)
        if a is None or b is None or a == b:
            continue
        source = next((x for x in group if x.row.get(k) == a), None)
        if (source is not None and source.qualifiers.get(k) == "at_least" and b > a) or \
                (m.qualifiers.get(k) == "at_least" and a > b) or (site_in_place and b < a):
            agree.add(k)
    return frozenset(agree)


def _combined(group: list[_Mention], merged: dict, m: _Mention) -> bool:
    """An attack told as combined ("attacked the region with drones and missiles") fits a mention of either weapon."""
    if m.row["kind"] != "attack":
        return False
    named = set().union(*(x.named for x in group))
    return any(_weapons_fit(m.row.get("weapon"), w) for w in named if len(named) > 1) or \
        (len(m.named) > 1 and any(_weapons_fit(merged.get("weapon"), w) for w in m.named))


def _partial_count(merged: dict, m: _Mention, places: int) -> bool:
    """'The first strike was carried out with a guided bomb' with 19 dead, after 22 dead in the village: a definite,
    unplaced mention whose tolls are all lower is the incident told before at an earlier count (the larger wins)."""
    return m.definite and places == 1 and all(
        m.row[k] <= merged[k] for k in ("killed", "injured")
        if merged.get(k) is not None and m.row.get(k) is not None)


def _competing(merged: dict, m: _Mention) -> bool:
    """'The Russian ministry said the strike had killed 60 servicemen': another named source's figures for an incident
    already told (a definite trigger), which go to the claim ledger, not onto the row."""
    return m.definite and bool(m.row.get("claimant")) and _toll_conflict(merged, m.row) \
        and _norm(m.row.get("claimant")) != _norm(merged.get("claimant"))


def _meeting_fit(merged: dict, row: dict) -> int:
    """A meeting told again ("Trump and Putin to meet in Alaska" / "… will meet Putin in Anchorage on Friday"): the
    same people (one set within the other, or one unnamed) at a fitting place on a fitting day."""
    a, b = _named_participants(merged), _named_participants(row)
    if a and b and not (a <= b or b <= a):
        return 0
    places = _places_fit(merged, row)
    same_day = bool(merged.get("date_text") and row.get("date_text")) and \
        merged.get("date_start") == row.get("date_start")
    if not (a & b or places >= 2 or same_day):
        return 0  # nothing in common: "technical talks in the Middle East" are not the call expected on Wednesday
    return places + 1 if places else 0


def _named_participants(row: dict) -> set[str]:
    """A meeting's participants, none when it names only groups ("Ukrainian officials", "the US delegation"): a
    meeting of unnamed delegations fits any meeting of the same place and day."""
    names = set(_names(row.get("participants")))
    return set() if all(n.split()[-1].lower() in GROUP_NOUNS for n in names) else names


def _names(value) -> list[str]:
    if value is None or isinstance(value, float):
        return []
    return [str(v) for v in value]


def _breakdown(merged: dict, row: dict, conflict: list[str]) -> bool:
    """'91 were downed over the Moscow region' after the ministry's '337 drones over 13 regions': a regional part of
    a stated total (smaller, placed in a region while the total has no place) is not a row of its own."""
    if merged.get("place") or merged.get("weapon") != row.get("weapon") or not all(row[k] < merged[k]
                                                                                 for k in conflict):
        return False
    sentence = row.get("sentence") or ""
    if _MORE.search(sentence):
        return False  # "six more drones were destroyed": an addition, not a part
    return bool(row.get("place")) or bool(_OVER_PLACE.search(sentence))


def _norm(name) -> str | None:
    if not name:
        return None
    return re.sub(r"^(the|its|their)\s+", "", str(name).strip().lower())


def _named(name) -> bool:
    return bool(name) and _norm(name) not in UNNAMED_CLAIMANTS and str(name)[:1].isupper() and not _side_only(name)


def _side_only(name) -> bool:
    """'Russia', 'Kyiv', 'Moscow', 'the Kremlin': a side named by its country or capital (a headline's shorthand),
    which defers to any person or body of the article that reports the same incident."""
    from sitrep.extract.entities import DEMONYMS, METONYMS

    low = _norm(name) or ""
    return low in DEMONYMS or low in {m.lower() for m in METONYMS} or low in _FORCES


_FORCES = {name.lower() for name in ARMED_FORCES.values()}  # a side's military as a whole defers to its named bodies


def _combine(group: list[_Mention]) -> dict:
    """The merged row of a group of mentions (see the module docstring)."""
    first = group[0].row
    row = dict(first)
    group = [m for m in group if not m.part] or group
    current = [m for m in group if not (m.superseded or m.competing)] or group  # those stay in the ledger only
    for key in FIGURES:
        given = [m for m in current if m.row.get(key) is not None]
        if not given:
            continue
        revised = [m for m in given if m.revision]
        source = revised[-1] if revised else max(given, key=lambda m: (m.row[key], _named(m.row.get("claimant")),
                                                                       -m.order))  # a tie: the sourced mention
        row[key] = source.row[key]
        row["_source_" + key] = source
    for key in CHILD_FIGURES:
        given = [m.row[key] for m in current if m.row.get(key) is not None]
        row[key] = max(given) if given else None
    main_source = next((row["_source_" + k] for k in FIGURES if row.get("_source_" + k) is not None), None)
    if main_source is not None:
        row["qualifier"] = main_source.row.get("qualifier")
    claimed = [m for m in group if m.row.get("claimant")]
    named = [m for m in claimed if _named(m.row["claimant"])]
    speaker = None
    # a source that only adds "there were no casualties" to an attack another named source reported first does not
    # own it: the first report does
    zeros_only = main_source is not None and all(row.get(k) in (None, 0) for k in FIGURES) and any(
        m.sent_i > 0 and m.order < main_source.order for m in named)
    if main_source is not None and main_source in named and main_source.sent_i > 0 and not zeros_only:
        speaker = main_source
    figured = [] if zeros_only else [m for m in named if m.sent_i > 0 and any(m.row.get(k) is not None
                                                                               for k in FIGURES)]
    speaker = speaker or next(iter(figured), None) or next((m for m in named if m.sent_i > 0), None) or \
        (named[0] if named else None) or \
        next((m for m in claimed if not _side_only(m.row["claimant"])), None) or (claimed[0] if claimed else None)
    if speaker is not None:
        row["claimant"], row["certainty"] = speaker.row["claimant"], speaker.row.get("certainty")
    placed = [m for m in group if m.row.get("place")]
    if placed:
        best = min(placed, key=lambda m: (m.row.get("lat") is None, (m.row.get("geo_precision") or 9) >= 4,
                                          m.row.get("place") == m.row.get("admin1"),
                                          m.row.get("geo_precision") or 9, m.order))  # a country comes last
        for key in ("place", "admin1", "country", "lat", "lon", "geo_precision"):
            row[key] = best.row.get(key)
    dated = [m for m in group if m.date is not None]
    if dated:
        when = min(dated, key=lambda m: (m.date, m.order))
        for key in ("date_text", "date_value", "date_start", "date_end", "time_precision"):
            row[key] = when.row.get(key)
    weapons = [m.row["weapon"] for m in group if m.row.get("weapon")]
    if weapons:
        row["weapon"] = max(weapons, key=lambda w: _WEAPON_RANK.get(w, 2))
    if row["kind"] == "meeting":
        row["participants"] = list(dict.fromkeys(p for m in group for p in _names(m.row.get("participants"))))
        body = next((m for m in group if m.sent_i > 0), group[0])
        row["status"], row["certainty"] = body.row.get("status"), body.row.get("certainty")
    if row["kind"] == "attack":
        sub = next((m.row["subkind"] for m in group if m.row.get("subkind") not in GENERIC_SUBKINDS), None)
        if sub and row.get("subkind") in GENERIC_SUBKINDS:
            from sitrep.extract.events import ACLED

            row["subkind"] = sub
            row["acled_event_type"], row["acled_sub_event_type"] = ACLED[("attack", sub)]
        if sub and row.get("subkind") == "missile_strike" and row.get("weapon") == "drone":
            row["subkind"] = "drone_strike"
    for key in ("actor", "actor_country", "target", "target_country"):
        if row.get(key) is None:
            row[key] = next((m.row[key] for m in group if m.row.get(key) is not None), None)
    if row.get("actor_country") and first.get("actor_country") != row["actor_country"]:
        row["actor"] = next(m.row["actor"] for m in group if m.row.get("actor_country") == row["actor_country"])
    return {k: v for k, v in row.items() if not k.startswith("_")}


def _confidence(row: dict, n_sentences: int) -> float:
    score = 0.30
    kind = row["kind"]
    specific = {"attack": row.get("subkind") not in {None, "other"}, "air_defense": bool(row.get("weapon")),
                "meeting": bool(row.get("participants")), "statement": bool(row.get("speaker"))}.get(kind, False)
    score += 0.15 if specific else 0.0
    score += 0.20 if row.get("claimant") else 0.0
    score += 0.15 if row.get("lat") is not None else 0.0
    score += 0.10 if any(row.get(k) is not None for k in FIGURES) else 0.0
    score += 0.10 if n_sentences >= 2 else 0.0
    if row.get("salience") == "background":
        score /= 2
    return round(min(score, 1.0), 2)


def _is_military(name) -> bool:
    low = (name or "").lower()
    return any(w in low for w in MILITARY_WORDS)


def consolidate(rows: list[dict], claims: list[dict], *, sentence_starts: Sequence[int],
                published: dt.date | None, headline: bool = False) -> tuple[list[dict], list[dict]]:
    """Merged event rows (with ``salience`` and ``confidence``) and the claim rows re-pointed to them."""
    mentions = [_Mention(r, max(bisect.bisect_right(sentence_starts, r.get("char_start") or 0) - 1, 0), i)
                for i, r in enumerate(rows)]
    for m in mentions:  # "the strike", "this attack": an incident the article has already told
        start = sentence_starts[m.sent_i] if m.sent_i < len(sentence_starts) else 0
        before = (m.row.get("sentence") or "")[:max((m.row.get("char_start") or 0) - start, 0)]
        span = (m.row.get("sentence") or "")[len(before):]
        m.definite = bool(_DEFINITE.search(before)) or bool(not before.strip() and _DEFINITE_OPENING.match(span))
        m.at = (m.row.get("char_start") or 0) - start if m.row.get("char_start") is not None else None
    qualifiers: dict[str, dict[str, str]] = {}
    for c in claims:
        if c.get("qualifier"):
            qualifiers.setdefault(c["event_id"], {}).setdefault(c["figure"], c["qualifier"])
    for m in mentions:
        m.qualifiers = qualifiers.get(m.row["event_id"], {})
    main_day = _main_day(mentions, published)
    groups: list[list[_Mention]] = []
    merged: list[dict] = []
    salience: list[str] = []
    recalled: dict[int, set] = {}  # sentence -> days of the incidents it recalls (a background cue)
    for m in mentions:
        sal = "background" if _background(m, main_day) else "main"
        if sal == "background" and m.date is not None:
            recalled.setdefault(m.sent_i, set()).add(m.date)
        elif m.date is not None and m.date in recalled.get(m.sent_i - 1, ()) and m.date != published:
            sal = "background"  # "The strike came a day after Russia's largest attack. On 29 December, Russia fired …"
            recalled.setdefault(m.sent_i, set()).add(m.date)
        best, best_fit = None, 0
        if m.row["kind"] in {"attack", "air_defense", "meeting", "statement"}:
            for gi, group in enumerate(groups):
                if salience[gi] != sal:
                    continue
                fit = _fit(group, merged[gi], m)
                if fit and fit >= best_fit:  # ties: the most recent group
                    best, best_fit = gi, fit
        if best is None:
            groups.append([m])
            merged.append(dict(m.row))
            salience.append(sal)
        else:
            fig = [k for k in FIGURES if merged[best].get(k) is not None and m.row.get(k) is not None
                   and merged[best][k] != m.row[k] and not m.revision]
            m.part = m.row["kind"] == "air_defense" and bool(fig)
            m.competing = m.row["kind"] == "attack" and _competing(merged[best], m)
            groups[best].append(m)
            merged[best] = _combine(groups[best])
    _fold_weapon_counts(groups, merged, salience)
    if headline:
        _absorb_headline(groups, merged, salience)
    _summaries_to_background(groups, merged, salience)
    out_rows, new_id = [], {}
    for group, row, sal in zip(groups, merged, salience, strict=True):
        if row is None:
            continue
        row = dict(row)
        row["salience"] = sal
        row["confidence"] = _confidence(row, len({m.sent_i for m in group}))
        out_rows.append(row)
        for m in group:
            new_id[m.row["event_id"]] = row["event_id"]
    out_claims = []
    with_claims = {c["event_id"] for c in claims}
    party = {c["event_id"]: c.get("claimant_party") for c in claims}
    for c in claims:
        if c["event_id"] in new_id:
            out_claims.append({**c, "event_id": new_id[c["event_id"]]})
    for group, row in zip(groups, merged, strict=True):
        if row is None or len(group) < 2:
            continue
        for m in group:
            if m.row["event_id"] in with_claims or not m.row.get("claimant"):
                continue
            out_claims.append({
                "claim_id": m.row["event_id"] + "-occurred", "event_id": row["event_id"],
                "article_id": m.row["article_id"], "sentence_index": m.sent_i, "sentence": m.row["sentence"],
                "char_start": m.row["char_start"], "char_end": m.row["char_end"], "figure": "occurred",
                "value": None, "qualifier": None, "claimant": m.row["claimant"],
                "claimant_party": party.get(m.row["event_id"]), "certainty": m.row.get("certainty"),
            })
    return out_rows, out_claims


def _summaries_to_background(groups: list[list[_Mention]], merged: list, salience: list[str]) -> None:
    """'Three civilians were killed in two separate drone attacks', then each attack told: the sum is not an incident
    of its own. An attack group whose body mentions (or headline, if it has no other) all carry a summary cue
    (:data:`~sitrep.extract.lexicon.SUMMARY_CUES`) becomes background when the article tells two other main attacks."""
    attacks = [gi for gi, row in enumerate(merged) if row is not None and row["kind"] == "attack"
               and salience[gi] == "main"]
    for gi in attacks:
        body = [m for m in groups[gi] if m.sent_i > 0] or groups[gi]
        if all(_SUMMARY.search(m.row.get("sentence") or "") for m in body) and len(attacks) >= 3:
            salience[gi] = "background"


def _absorb_headline(groups: list[list[_Mention]], merged: list, salience: list[str]) -> None:
    """A headline names the article's main incident in shorthand ("Belgorod toll rises to 24 as Moscow blames Kyiv",
    "… as NATO gathers in Washington"): an attack or air-defense group told only in the headline joins the body's
    group of the same kind that fits it best (same figures, else the first), and its place yields to the body's."""
    for gi, group in enumerate(groups):
        row = merged[gi]
        if row is None or row["kind"] not in {"attack", "air_defense"} or any(m.sent_i != 0 for m in group):
            continue
        body = [bi for bi, other in enumerate(merged) if bi != gi and other is not None and salience[bi] == salience[gi]
                and other["kind"] == row["kind"] and any(m.sent_i > 0 for m in groups[bi])]
        if not body:
            continue
        target = max(body, key=lambda bi: _agreement(merged[bi], row, bi))
        other = merged[target]
        if row.get("place") and not _places_fit(other, row) and row.get("country") == other.get("country"):
            continue  # another place in the same country: the headline may name an incident the body only implies
        for m in group:
            if not _places_fit(merged[target], m.row):
                m.row = {**m.row, **{k: None for k in ("place", "admin1", "lat", "lon", "geo_precision")}}
            groups[target].append(m)
        groups[target].sort(key=lambda m: m.order)
        merged[target] = _combine(groups[target])
        merged[gi] = None


def _agreement(other: dict, row: dict, index: int) -> tuple[int, int, int]:
    """How well a body group agrees with a headline row: place fit, then figures in common, then the earliest."""
    same = sum(1 for k in FIGURES if row.get(k) is not None and other.get(k) == row[k])
    return _places_fit(other, row), same, -index


def _fold_weapon_counts(groups: list[list[_Mention]], merged: list, salience: list[str]) -> None:
    """'Two Iskander-M missiles struck the city': a launch count with no interception that fits an attack — and,
    when a military body gives it, is told in the attack's own sentences — is the attack's weapon, not an
    air-defense report (the group is set to None)."""
    for gi, row in enumerate(merged):
        if row is None or row["kind"] != "air_defense" or row.get("intercepted") is not None:
            continue
        sentences = {m.sent_i for m in groups[gi]}
        for ai, attack in enumerate(merged):
            if attack is None or attack["kind"] != "attack" or salience[ai] != salience[gi]:
                continue
            # a military body's launch count is an air-defense report, unless the attack is told in the same
            # sentence ("two of its Iskander-M missiles hit a gathering", "accused Ukraine of firing two missiles")
            if _is_military(row.get("claimant")) and not sentences <= {m.sent_i for m in groups[ai]}:
                continue
            if not _weapons_fit(attack.get("weapon"), row.get("weapon")) or not _dates_fit(groups[ai], groups[gi][0]):
                continue
            if _WEAPON_RANK.get(row.get("weapon"), 2) > _WEAPON_RANK.get(attack.get("weapon"), 2):
                attack["weapon"] = row["weapon"]
            merged[gi] = None  # its launch-count claims leave the ledger with it
            break


__all__ = ["consolidate"]
