"""The merged timeline: the events of every article, merged into one entry per real-world event.

``build_timeline(events, articles)`` returns one row per entry with the columns of
:data:`sitrep.schema.TIMELINE`. Reports of the same strike from two outlets become one entry that
keeps both sources and each source's own figures; nothing is ever added up across sources.

**Merge rules.** Events are taken in the order they were reported (the article's ``published``
time, then ``article_id``, then position in the article) and each joins the best existing entry
whose *every* member it is compatible with (complete link: a town 35 km from another town never
joins it through a region-level report they both match), else it starts a new entry.
Two events are compatible when all of these hold:

* **same kind**, and they come from **different articles** (an article's own events were already
  told apart by the extractor; merging two of them could hide a second strike behind the first);
* **dates overlap**: the intervals ``[date_start, date_end]`` intersect, with a tolerance of
  ``night_tolerance_days`` (1) when either side is a night event (``date_text`` says night,
  overnight, dawn, early morning..., or the event's sentence speaks of the night: "a night attack on
  Wednesday") or has no date expression at all (its date is the publication day, so an overnight
  strike reported next morning lands one day late). Undated events never merge. Two reports that
  are only within the tolerance (a night dated the evening before by one outlet and the next day by
  another) must also have the same claimant when both name one, and compatible figures: a toll
  may rise in the later report but not fall, and weapon tallies must agree;
* **compatible places**: the same place name; or both points (``geo_precision`` 1-2) within
  ``max_km`` (25 km); or the same ``admin1`` when one side is region-level (``geo_precision`` 3)
  or names no place; or neither side is located at all. Different countries never match;
* **attacks** and **air_defense**: ``actor_country`` equal, or one of them unknown;
* **air_defense**: the **same claimant** (case-insensitive; an unknown claimant only matches an
  unknown one). Different claimants' tallies are competing claims and stay **separate entries**,
  side by side on the same date, each listing its claimant in ``claimants`` and ``figures``; a
  nationwide tally (no place, or country-level) matches a regional one of the same claimant;
* **meetings**: when both name a place, the places must be compatible (same place); when one
  does not, their ``participants`` must overlap. Missing evidence is no contradiction: a meeting
  joins an entry when it matches one member and contradicts none (so "Witkoff met Umerov" without
  a place joins the Miami talks it shares a participant with, and a third report of talks in Miami
  that day joins them too);
* **statements never merge**: two outlets quoting one speaker on one day may quote different
  things, and sentence similarity is not reliable enough to call them one statement.

When an event is compatible with several entries it joins the one with the strongest place match
(same name > within ``max_km`` > same region > both unlocated), then the earliest-created.

**Speed.** The merge is near-linear: an event is compared only with the entries that have a member it could
match (same kind, a day within the tolerance, and a shared key: place name, region, a grid cell within
``max_km``, both unlocated, a meeting participant, an air-defense claimant), then with every member of those,
so the result is exactly the all-pairs one. About 0.1-0.25 ms per event, flat from 1,000 to 26,000 events
(``python -m sitrep.bench timeline``).

**Figures.** ``figures`` lists, per source and in source order, ``{article_id, claimant, killed,
injured, launched, intercepted}`` (``figures[i]`` belongs to ``event_ids[i]`` and ``sources[i]``).
The figure shown in ``killed``/``injured``/``launched``/``intercepted`` follows ACLED: among the
sources that give that figure, keep those with the highest certainty (confirmed > claimed >
unverified > anything else) and show the **lowest** of their values. It is never a sum over the
sources, so summing a column over entries counts every event once. ``conflicting`` is true when
sources give different values for any figure; ``certainty`` is the highest among the sources.

**Place and date.** The place block (place, admin1, country, lat, lon, geo_precision) comes from
the source with the lowest ``geo_precision``; the date block (date_start, date_end,
time_precision) from the source with the lowest ``time_precision``, then the narrowest interval;
ties go to the first reported. ``subkind``, ``actor`` and ``target`` are the first known among
the sources, most certain first.

**Stable ids.** ``entry_id`` is ``sha1("timeline|" + event_id)[:16]`` of the entry's first
reported event (``first_reported`` is its article), and event ids are deterministic hashes of the
article id and the event's position. The same inputs give the same ids on every run, whatever the
row order; adding articles leaves existing ids alone, except for an entry that a newly added
source reported *earlier* than its current first source joins (that source becomes the first).
Without ``articles`` (no publication times) sources are ordered by ``article_id``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sitrep import schema
from sitrep.timex import mentions_night

CERTAINTY_RANK = {"confirmed": 3, "claimed": 2, "unverified": 1}  # anything else 0, unknown -1
ACTOR_KINDS = frozenset({"attack", "air_defense"})
INTEGER_COLUMNS = ("time_precision", "geo_precision", "killed", "injured", "launched", "intercepted")
PLACE_FIELDS = ("place", "admin1", "country", "lat", "lon", "geo_precision")
DATE_FIELDS = ("date_start", "date_end", "time_precision")

# place match strength, strongest first
SAME_PLACE, NEARBY, SAME_REGION, UNLOCATED, DIFFERENT = 3, 2, 1, 0, -1


@dataclass(frozen=True)
class MergeDecision:
    """Whether two events are the same real event, and why (see the module docstring for the rules)."""

    merge: bool
    reason: str
    place_score: int = DIFFERENT  # SAME_PLACE, NEARBY, SAME_REGION, UNLOCATED or DIFFERENT
    contradiction: bool = True  # a refusal because the two disagree (date, place, actor...), not for want of evidence

    def __bool__(self) -> bool:
        return self.merge


@dataclass(frozen=True, slots=True)
class _Report:
    """One event row, cleaned of NaN/NA, with parsed dates and its place in the reporting order.

    What a comparison reads is held in slots, looked up and normalized once (:func:`_report`): the merge compares a
    report with several members, and a row lookup through ``__getattr__`` per field was most of a comparison's
    cost. Other fields of the row are read through ``__getattr__``."""

    row: dict
    order: tuple
    start: int | None  # proleptic Gregorian ordinals of date_start, date_end
    end: int | None
    loose: bool = False  # see loose_date
    kind: str | None = None
    article_id: str | None = None
    claimant: str | None = None
    actor_country: str | None = None
    place: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    participants: tuple = ()
    norm_claimant: str | None = None  # _norm of claimant, place, admin1 and each participant
    norm_place: str | None = None
    norm_admin1: str | None = None
    norm_participants: frozenset = frozenset()
    has_point: bool = False  # lat and lon given
    located: bool = False  # a place, a region or a point
    fine: bool = False  # geo_precision 1-2: a point to measure distances from
    regional: bool = False  # geo_precision 3+

    def __getattr__(self, name: str):
        try:
            return self.row[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def loose_date(self) -> bool:
        """A night event, or one dated by its publication day only (no date expression): ±1 day is the same.
        Night wording counts in the date expression ("Thursday night") or in the event's sentence ("a night
        attack on Wednesday", "… overnight into Wednesday")."""
        return self.loose

    @staticmethod
    def _loose(row: dict) -> bool:
        text = row["date_text"] or ""
        return not text or mentions_night(text, edges=True) or mentions_night(row["sentence"])


# -- public API ---------------------------------------------------------------------------------------------------


def build_timeline(
    events: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    *,
    night_tolerance_days: int = 1,
    max_km: float = 25.0,
) -> pd.DataFrame:
    """Merge ``events`` (columns of :data:`schema.EVENTS`) from all articles into timeline entries.

    ``articles`` (columns of :data:`schema.ARTICLES`) gives each source's publication time, which
    orders the sources and decides ``first_reported`` and ``entry_id``. Returns a DataFrame with the
    columns of :data:`schema.TIMELINE`, sorted by ``date_start`` then first report.
    """
    return timeline_frame(timeline_rows(events, articles, night_tolerance_days=night_tolerance_days, max_km=max_km))


def timeline_rows(events: pd.DataFrame, articles: pd.DataFrame | None = None, *, night_tolerance_days: int = 1,
                  max_km: float = 25.0) -> list[dict]:
    """The entries of :func:`build_timeline` as plain records (JSON-serializable: lists, dicts, str, numbers)."""
    if events is None or events.empty:
        return []
    published = _published_order(articles)
    reports = sorted((_report(r, published) for r in events.to_dict("records")), key=lambda r: r.order)
    entries = _merge(reports, tolerance=night_tolerance_days, max_km=max_km)
    return sorted((_entry(members) for members in entries), key=lambda r: (r["date_start"] is None,
                                                                            r["date_start"] or "", r["_order"]))


def timeline_frame(rows: list[dict]) -> pd.DataFrame:
    """The timeline DataFrame (columns of :data:`schema.TIMELINE`, typed) of :func:`timeline_rows`' records."""
    return _typed(schema.frame(schema.TIMELINE, rows))


def timeline_key(events: pd.DataFrame, articles: pd.DataFrame | None, **settings) -> str:
    """A digest of what a timeline is built from (the events, the articles' ids and dates, the settings and this
    module's code): the same key means :func:`timeline_rows` would return the same records."""
    digest = hashlib.sha1(Path(__file__).read_bytes())
    digest.update(json.dumps(sorted(settings.items()), default=str).encode())
    for frame in (events, None if articles is None else articles[["article_id", "published"]]):
        if frame is None or frame.empty:
            digest.update(b"-")
            continue
        try:
            digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
        except TypeError:  # a column holding lists: hash its text instead
            digest.update(frame.to_csv(index=False).encode())
        digest.update(",".join(map(str, frame.columns)).encode())
    return digest.hexdigest()


def compare_events(
    a: Mapping,
    b: Mapping,
    *,
    night_tolerance_days: int = 1,
    max_km: float = 25.0,
) -> MergeDecision:
    """Are events ``a`` and ``b`` (event rows, e.g. ``events.iloc[i]``) compatible, and why (or why not)?

    The pairwise test :func:`build_timeline` applies between an event and every member of an entry.
    """
    return _decide(_report(dict(a), {}), _report(dict(b), {}), night_tolerance_days=night_tolerance_days,
                   max_km=max_km)


def entry_id_for(event_id: str) -> str:
    """The entry id of an entry whose first-reported event is ``event_id``."""
    return hashlib.sha1(f"timeline|{event_id}".encode()).hexdigest()[:16]


def figures_long(timeline: pd.DataFrame) -> pd.DataFrame:
    """Every source's figures, one row per (entry, source, figure), with ``shown`` marking the entry's figure.

    Competing figures for one event sit on adjacent rows: handy for charts and claim tables.
    """
    cols = ["entry_id", "kind", "date_start", "place", "article_id", "claimant", "figure", "value", "shown"]
    rows = []
    for entry in timeline.to_dict("records"):
        for fig in _as_list(entry["figures"]):
            for name in schema.FIGURE_FIELDS:
                value = _clean(fig.get(name))
                if value is None:
                    continue
                rows.append({"entry_id": entry["entry_id"], "kind": entry["kind"], "date_start": entry["date_start"],
                             "place": _clean(entry["place"]), "article_id": fig.get("article_id"),
                             "claimant": fig.get("claimant"), "figure": name, "value": int(value),
                             "shown": _clean(entry[name]) == value})
    return pd.DataFrame(rows, columns=cols)


# -- merging ------------------------------------------------------------------------------------------------------


def _merge(reports: list[_Report], *, tolerance: int, max_km: float) -> list[list[_Report]]:
    """The entries, each a list of members in reporting order (``reports`` must be in reporting order).

    Each report is compared only with the entries that have a member it could match (see the rules in the module
    docstring): the same kind, a day within ``tolerance`` of its dates, and a shared blocking key: the same place
    name, the same region, a grid cell within ``max_km``, both unlocated, a shared meeting participant, or (air
    defense) the same claimant. Such an entry is then checked against every member, exactly as the rules say, so
    the result is the one a comparison with every earlier entry would give. An article's own reports join the
    index once the article is done (its entries are out of bounds to it anyway), and an entry's members that are
    alike in everything a comparison looks at are compared once.
    """
    grid = _Grid(max_km)
    entries: list[list[_Report]] = []
    sources: list[set] = []  # per entry: the article ids of its members
    distinct: list[dict] = []  # per entry: comparison signature -> one member with it
    index: dict[tuple, set[int]] = {}  # (kind, day, *blocking key) -> entries with such a member that day
    pending: list[tuple[_Report, int]] = []  # the current article's reports, indexed once it is done
    current: object = _NO_ARTICLE
    for report in reports:
        if report.article_id != current:
            _register(pending, index, grid)
            pending, current = [], report.article_id
        best: tuple[int, int] | None = None
        mergeable = report.start is not None and report.kind != "statement"
        if mergeable:
            keys = _blocking_keys(report, grid, query=True)
            found: set[int] = set()
            for day in range(report.start - tolerance, report.end + tolerance + 1):
                for key in keys:
                    found.update(index.get((report.kind, day, *key), ()))
            for i in found:
                if report.article_id in sources[i]:
                    continue
                score = _join_score(report, distinct[i].values(), tolerance=tolerance, max_km=max_km)
                if score is not None:
                    key = (-score, i)
                    best = key if best is None or key < best else best
        if best is None:
            best = (0, len(entries))
            entries.append([])
            sources.append(set())
            distinct.append({})
        i = best[1]
        entries[i].append(report)
        sources[i].add(report.article_id)
        distinct[i].setdefault(_signature(report), report)
        if mergeable:
            pending.append((report, i))
    return entries


_NO_ARTICLE = object()


def _join_score(report: _Report, members, *, tolerance: int, max_km: float) -> int | None:
    """The weakest place match of ``report`` with the members it matches, when it may join them (it matches one
    and contradicts none), else None."""
    score = None
    for member in members:
        decision = _decide(report, member, night_tolerance_days=tolerance, max_km=max_km)
        if decision:
            score = decision.place_score if score is None else min(score, decision.place_score)
        elif decision.contradiction:
            return None
    return score


def _register(pending: list[tuple[_Report, int]], index: dict[tuple, set[int]], grid: _Grid) -> None:
    for report, i in pending:
        keys = _blocking_keys(report, grid, query=False)
        for day in range(report.start, report.end + 1):
            for key in keys:
                index.setdefault((report.kind, day, *key), set()).add(i)


def _signature(r: _Report):
    """Everything :func:`_decide` reads of the earlier report (but its article): alike members decide alike."""
    row = r.row
    sig = (r.start, r.end, r.loose, row["claimant"], row["actor_country"], row["place"], row["admin1"],
           row["country"], row["lat"], row["lon"], row["geo_precision"], row["participants"],
           *(row.get(f) for f in schema.FIGURE_FIELDS))
    try:
        hash(sig)
    except TypeError:
        return object()
    return sig


def _blocking_keys(r: _Report, grid: _Grid, *, query: bool) -> list[tuple]:
    """The keys an earlier member is filed under (``query`` false) or a report looks up (``query`` true): every
    member a report can match shares a key with it."""
    if r.kind == "meeting":  # located meetings match on place; any other pair on a shared participant
        keys = _place_keys(r, grid, query=query) if r.located else []
        return keys + [("M", p) for p in r.norm_participants]
    keys = _place_keys(r, grid, query=query)
    if r.kind == "air_defense":  # always the same claimant; a nationwide tally matches any place
        claimant = r.norm_claimant
        keys = [("D", claimant, *k) for k in keys]
        if not query:
            return [*keys, ("D*", claimant), *([("DN", claimant)] if _nationwide(r) else [])]
        return [*keys, ("D*", claimant) if _nationwide(r) else ("DN", claimant)]
    return keys


def _place_keys(r: _Report, grid: _Grid, *, query: bool) -> list[tuple]:
    keys: list[tuple] = []
    if not r.located:
        keys.append(("U",))
    if r.place:
        keys.append(("P", r.norm_place))
    if r.admin1:  # the same region needs a region-level or placeless report on one side
        coarse = r.regional or not r.place
        if query:
            keys.append(("A" if coarse else "AR", r.norm_admin1))
        else:
            keys.extend([("A", r.norm_admin1), ("AR", r.norm_admin1)] if coarse else [("A", r.norm_admin1)])
    if r.has_point and r.fine:
        keys.extend(grid.around(r.lat, r.lon) if query else grid.cells(r.lat, r.lon))
    return keys


class _Grid:
    """Cells of latitude and longitude at least ``max_km`` wide: two points within ``max_km`` of each other (by
    :func:`sitrep.geo.distance_km`) are in the same or neighbouring cells. Points near a pole or the date line, or
    out of range, fall back to wider keys (a band of latitude, every point)."""

    EARTH_KM = 6300.0  # a little under the haversine's 6371 km: cells err on the large side

    def __init__(self, max_km: float):
        self.km = max(float(max_km), 1.0) if not math.isnan(max_km) else math.inf
        self.coarse = not self.km <= 2000.0  # every point in one cell
        self.deg = 1.0 if self.coarse else math.degrees(self.km / self.EARTH_KM) * 1.01

    def _wild(self, lat: float, lon: float) -> bool:
        return not (math.isfinite(lat) and math.isfinite(lon) and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0)

    def cells(self, lat: float, lon: float) -> list[tuple]:
        if self.coarse:
            return [("GA",)]
        if self._wild(lat, lon):
            return [("GW",), ("GA",)]
        i = math.floor(lat / self.deg)
        return [("G", i, math.floor(lon / self.deg)), ("GB", i), ("GA",)]

    def around(self, lat: float, lon: float) -> list[tuple]:
        if self.coarse or self._wild(lat, lon):
            return [("GA",)]
        i = math.floor(lat / self.deg)
        bands = [("GB", i - 1), ("GB", i), ("GB", i + 1), ("GW",)]
        highest = abs(lat) + self.deg
        if highest >= 89.0:
            return bands
        x = math.sin(self.km / (2 * self.EARTH_KM)) / math.cos(math.radians(highest))
        if x >= 1.0:
            return bands
        reach = math.degrees(2 * math.asin(x)) * 1.01 + 1e-9
        if lon - reach < -180.0 or lon + reach > 180.0:
            return bands
        west, east = math.floor((lon - reach) / self.deg), math.floor((lon + reach) / self.deg)
        return [("G", a, b) for a in (i - 1, i, i + 1) for b in range(west, east + 1)] + [("GW",)]


def _decide(a: _Report, b: _Report, *, night_tolerance_days: int, max_km: float) -> MergeDecision:
    if a.kind != b.kind:
        return MergeDecision(False, f"different kinds ({a.kind}, {b.kind})")
    if a.article_id == b.article_id:
        return MergeDecision(False, "same article: the extractor already told its events apart")
    if a.kind == "statement":
        return MergeDecision(False, "statements never merge")
    if a.start is None or b.start is None:
        return MergeDecision(False, "undated")
    tolerance = night_tolerance_days if (a.loose_date or b.loose_date) else 0
    if a.start > b.end + tolerance or b.start > a.end + tolerance:
        return MergeDecision(False, "different dates")
    if a.start > b.end or b.start > a.end:  # a night dated the evening before by one, the next day by the other
        if a.claimant and b.claimant and a.norm_claimant != b.norm_claimant:
            return MergeDecision(False, f"a day apart and different claimants ({a.claimant}, {b.claimant})")
        clash = _figures_clash(a, b)
        if clash:
            return MergeDecision(False, f"a day apart and incompatible figures ({clash})")
    if a.kind in ACTOR_KINDS and a.actor_country and b.actor_country and a.actor_country != b.actor_country:
        return MergeDecision(False, f"different actors ({a.actor_country}, {b.actor_country})")
    score, where = _place_match(a, b, max_km=max_km)
    if a.kind == "air_defense":
        if a.norm_claimant != b.norm_claimant:
            return MergeDecision(False, f"competing claimants ({a.claimant}, {b.claimant})")
        if score == DIFFERENT and (_nationwide(a) or _nationwide(b)):
            return MergeDecision(True, "same claimant; a nationwide tally", UNLOCATED)
    if a.kind == "meeting" and not (a.located and b.located):
        shared = a.norm_participants & b.norm_participants
        if shared:
            return MergeDecision(True, f"shared participants ({', '.join(sorted(shared))})", max(score, UNLOCATED))
        return MergeDecision(False, "no shared participants", contradiction=False)
    if score == DIFFERENT:
        return MergeDecision(False, where)
    return MergeDecision(True, where, score)


def _figures_clash(a: _Report, b: _Report) -> str | None:
    """Why two reports a day apart cannot be one night's event: a toll that falls in the later report (tolls only
    rise as bodies are found; a lower one the next day is another strike), or different tallies of weapons."""
    early, late = sorted((a, b), key=lambda r: r.order)
    for name in schema.FIGURE_FIELDS:
        x, y = early.row.get(name), late.row.get(name)
        if x is None or y is None:
            continue
        if name in {"launched", "intercepted"} and x != y or y < x:
            return f"{name} {x} then {y}"
    return None


def _place_match(a: _Report, b: _Report, *, max_km: float) -> tuple[int, str]:
    if not a.located and not b.located:
        return UNLOCATED, "both unlocated"
    if a.place and b.place and a.norm_place == b.norm_place:
        return SAME_PLACE, f"same place ({a.place})"
    if a.country and b.country and a.country != b.country:
        return DIFFERENT, f"different countries ({a.country}, {b.country})"
    if a.has_point and b.has_point and a.fine and b.fine:
        from sitrep.geo import distance_km

        km = distance_km((a.lat, a.lon), (b.lat, b.lon))
        if km <= max_km:
            return NEARBY, f"{km:.0f} km apart"
        return DIFFERENT, f"{km:.0f} km apart"
    regional = a.regional or b.regional or not a.place or not b.place
    if a.admin1 and a.norm_admin1 == b.norm_admin1 and regional:
        return SAME_REGION, f"same region ({a.admin1})"
    return DIFFERENT, f"different places ({a.place or a.admin1}, {b.place or b.admin1})"


def _nationwide(r: _Report) -> bool:
    return not r.located or (r.geo_precision is not None and r.geo_precision >= 4)


# -- entries ------------------------------------------------------------------------------------------------------


def _entry(members: list[_Report]) -> dict:
    """One timeline row from its members (already in reporting order)."""
    first = members[0]
    by_certainty = sorted(range(len(members)), key=lambda i: (-_rank(members[i].certainty), i))
    lead = [members[i] for i in by_certainty]
    place_src = min(range(len(members)), key=lambda i: (_or(members[i].geo_precision, 9),
                                                        not members[i].located, i))
    date_src = min(range(len(members)), key=lambda i: (_or(members[i].time_precision, 9),
                                                       _span_days(members[i]), i))
    figures = [{"article_id": m.article_id, "claimant": m.claimant,
                **{f: m.row[f] for f in schema.FIGURE_FIELDS}} for m in members]
    row = {
        "entry_id": entry_id_for(first.event_id),
        "kind": first.kind,
        "subkind": _first(m.subkind for m in lead),
        **{f: members[date_src].row[f] for f in DATE_FIELDS},
        **{f: members[place_src].row[f] for f in PLACE_FIELDS},
        "actor": _first(m.actor for m in lead),
        "target": _first(m.target for m in lead),
        **{f: _shown(members, f) for f in schema.FIGURE_FIELDS},
        "figures": figures,
        "claimants": list(dict.fromkeys(m.claimant for m in members if m.claimant)),
        "certainty": lead[0].certainty if _rank(lead[0].certainty) >= 0 else None,
        "sources": [m.article_id for m in members],
        "event_ids": [m.event_id for m in members],
        "first_reported": first.article_id,
        "conflicting": any(len({m.row[f] for m in members if m.row[f] is not None}) > 1
                           for f in schema.FIGURE_FIELDS),
        "_order": first.order,
    }
    return row


def _shown(members: list[_Report], figure: str) -> int | None:
    """ACLED's rule: the lowest value among the most certain sources that give this figure."""
    given = [m for m in members if m.row[figure] is not None]
    if not given:
        return None
    top = max(_rank(m.certainty) for m in given)
    return min(m.row[figure] for m in given if _rank(m.certainty) == top)


def _rank(certainty: str | None) -> int:
    return -1 if certainty is None else CERTAINTY_RANK.get(certainty, 0)


def _span_days(r: _Report) -> float:
    return r.end - r.start if r.start is not None and r.end is not None else math.inf


def _first(values):
    return next((v for v in values if v is not None), None)


def _or(value, default):
    return default if value is None else value


# -- cleaning -----------------------------------------------------------------------------------------------------


def _published_order(articles: pd.DataFrame | None) -> dict[str, pd.Timestamp]:
    if articles is None or articles.empty or "published" not in articles:
        return {}
    when = pd.to_datetime(articles["published"], errors="coerce", utc=True, format="ISO8601")
    return {aid: ts for aid, ts in zip(articles["article_id"], when, strict=True) if not pd.isna(ts)}


def _report(row: dict, published: dict[str, pd.Timestamp]) -> _Report:
    clean = {c: _clean(row.get(c)) for c in schema.EVENTS.names}
    for c in ("geo_precision", "time_precision", *schema.FIGURE_FIELDS):
        if clean[c] is not None:
            clean[c] = int(clean[c])
    for c in ("lat", "lon"):
        if clean[c] is not None:
            clean[c] = float(clean[c])
    clean["participants"] = tuple(str(p) for p in _as_list(clean["participants"]) if _clean(p) is not None)
    start, end = _day(clean["date_start"]), _day(clean["date_end"])
    end = start if end is None or (start is not None and end < start) else end
    when = published.get(clean["article_id"])
    order = (when is None, when.value if when is not None else 0, str(clean["article_id"]),
             clean["char_start"] if clean["char_start"] is not None else -1, str(clean["event_id"]))
    precision, has_point = clean["geo_precision"], clean["lat"] is not None and clean["lon"] is not None
    return _Report(row=clean, order=order, start=start, end=end, loose=_Report._loose(clean),
                   kind=clean["kind"], article_id=clean["article_id"], claimant=clean["claimant"],
                   actor_country=clean["actor_country"], place=clean["place"], admin1=clean["admin1"],
                   country=clean["country"], lat=clean["lat"], lon=clean["lon"], geo_precision=precision,
                   participants=clean["participants"], norm_claimant=_norm(clean["claimant"]),
                   norm_place=_norm(clean["place"]), norm_admin1=_norm(clean["admin1"]),
                   norm_participants=frozenset(_norm(p) for p in clean["participants"]), has_point=has_point,
                   located=bool(clean["place"] or clean["admin1"] or has_point),
                   fine=precision is not None and precision <= 2, regional=precision is not None and precision >= 3)


def _day(value) -> int | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10]).toordinal()
    except ValueError:
        return None


def _clean(value):
    """None for every flavour of missing; plain Python scalars for numpy ones; lists left alone."""
    kind = type(value)
    if kind is float:  # the common cases first: a timeline reads every column of every event
        return None if value != value else value
    if value is None or kind is str or kind is int or kind is bool or isinstance(value, list | tuple | dict | str):
        return value
    if hasattr(value, "tolist") and getattr(value, "ndim", 0):  # numpy arrays from the store
        return value.tolist()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    return value.item() if hasattr(value, "item") else value


def _as_list(value) -> list:
    value = _clean(value)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _norm(text: str | None) -> str | None:
    return " ".join(text.casefold().split()) if text else None


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Nullable integers, floats for coordinates, a real boolean for ``conflicting``."""
    df = df.astype({c: "Int64" for c in INTEGER_COLUMNS} | {"lat": "float64", "lon": "float64"})
    df["conflicting"] = df["conflicting"].astype(bool)
    return df


__all__ = ["MergeDecision", "build_timeline", "compare_events", "entry_id_for", "figures_long", "timeline_frame",
           "timeline_key", "timeline_rows"]
