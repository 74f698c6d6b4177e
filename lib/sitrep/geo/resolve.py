"""The module-level API: one mention, or an article's mentions jointly, to :class:`sitrep.types.Place`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sitrep.geo.gazetteer import _AMBIGUOUS_MARGIN, _CONTEXT_TYPES
from sitrep.geo.index import load_gazetteer
from sitrep.types import Place

# --------------------------------------------------------------------------------------------------------------
# Module-level API
# --------------------------------------------------------------------------------------------------------------


def geocode(
    name: str,
    *,
    country: str | None = None,
    admin1: str | None = None,
    near: Sequence[tuple[float, float]] = (),
    prefer_countries: Sequence[str] = ("UA", "RU"),
    precision_hint: int | None = None,
    context: str | None = None,
) -> Place | None:
    """Resolve a place mention to a :class:`Place`, or None when the gazetteer knows no such name.

    ``country``: ISO2 code or country name of the sentence; candidates in it win (ignored if none is there).
    ``admin1``: parent region named with the place, any variant ("Dnipropetrovsk region", "Kharkivska oblast");
    only places inside it qualify. ``near``: (lat, lon) points already resolved in the article; closer candidates
    win. ``prefer_countries``: tie-break towards the theatre. ``precision_hint``: force the ACLED geo_precision
    (2 for "near X"; 3 prefers the region reading of a name that is both a city and a region). ``context``: the
    sentence of the mention; a qualifier written after it there ("X (Y raion, Z)", "X, Z region", "X in the Z
    region", "X in Y district") constrains like ``admin1``, down to the raion or hromada for Ukrainian villages.
    ``admin1`` also takes such qualifiers ("Bakhmut raion, Donetsk").
    """
    return load_gazetteer().geocode(
        name,
        country=country,
        admin1=admin1,
        near=near,
        prefer_countries=prefer_countries,
        precision_hint=precision_hint,
        context=context,
    )


def resolve_admin1(name_or_variant: str) -> Place | None:
    """Admin1 region for a name or variant ("Kharkiv region", "Krasnodar Krai", "Crimea"), geo_precision 3."""
    return load_gazetteer().resolve_admin1(name_or_variant)


def qualifier_region(name: str, context: str | None = None) -> Place | None:
    """Admin1 region named by the qualifier written with a mention ("Esman (Shostka raion, Sumy)" -> Sumy Oblast;
    "X (Toretsk hromada)" -> Donetsk Oblast), in the mention or after it in ``context``; None without one."""
    return load_gazetteer().qualifier_region(name, context)


def admin1_variants() -> dict[str, str]:
    """Every admin1 name and variant ("Kharkiv region", "Kharkov") -> canonical name ("Kharkiv Oblast")."""
    return load_gazetteer().admin1_variants()


def admin1_of(place: Place | str) -> str | None:
    """Canonical admin1 name a place lies in (the region itself for an admin1 Place); a string is geocoded first."""
    if isinstance(place, str):
        resolved = geocode(place)
        return None if resolved is None else resolved.admin1
    if place.feature_type == "admin1":
        return place.name
    return place.admin1


Mention = str | tuple[str, str | None, str | None]


def geocode_mentions(
    mentions: Iterable[Mention],
    *,
    prefer_countries: Sequence[str] = ("UA", "RU"),
) -> list[Place | None]:
    """Resolve an article's place mentions jointly: (text, country hint, admin1 hint) tuples or plain strings.

    A first pass resolves each mention alone. Mentions whose pick among same-named places was a close call are
    then resolved again, most clear-cut first, with the confidently placed towns and features (and the already
    re-resolved ones) as ``near`` context and a small bonus for places inside regions the article names.
    """
    gaz = load_gazetteer()
    items: list[tuple[str, str | None, str | None]] = [
        (m, None, None) if isinstance(m, str) else (m[0], m[1], m[2]) for m in mentions
    ]
    results: list[tuple[Place | None, float]] = [
        gaz._resolve(text, cc, a1, (), prefer_countries, None) for text, cc, a1 in items
    ]

    def anchor(place: Place | None) -> tuple[float, float] | None:
        if place is None or place.lat is None or place.lon is None:
            return None
        if place.feature_type in _CONTEXT_TYPES or (place.geo_precision or 4) > 2:
            return None
        return (place.lat, place.lon)

    # Regions named in the article favour places inside them; their centre points are no distance anchors.
    regions = set()
    for place, _ in results:
        if place is not None and place.feature_type == "admin1" and place.name in gaz._a1_by_name:
            rec = gaz._admin1[gaz._a1_by_name[place.name]]
            regions.add((rec["country"], rec["geonames_admin1"]))
    anchors: dict[int, tuple[float, float]] = {}
    for i, (place, margin) in enumerate(results):
        pt = anchor(place)
        if pt is not None and margin >= _AMBIGUOUS_MARGIN:
            anchors[i] = pt
    close_calls = sorted((i for i, (_, m) in enumerate(results) if m < _AMBIGUOUS_MARGIN), key=lambda i: -results[i][1])
    for i in close_calls:
        ctx = [pt for j, pt in anchors.items() if j != i]
        if ctx or regions:
            text, cc, a1 = items[i]
            results[i] = gaz._resolve(text, cc, a1, ctx, prefer_countries, None, regions)
        pt = anchor(results[i][0])
        if pt is not None:
            anchors[i] = pt
    return [place for place, _ in results]
