"""Plausibility bounds: a figure no single incident of this war has come near is kept in the claim ledger with
certainty ``implausible`` and taken off its event (so off the timeline and the front page's headline figures).

Bounds per event kind and figure (:data:`BOUNDS`), from the largest incidents recorded in the Russia-Ukraine war:

* ``attack`` **killed ≤ 600**: the deadliest single strikes were the Mariupol drama theatre (March 2022; estimates
  up to about 600), then tolls in the tens (Kramatorsk station 61, Hroza 59, Olenivka about 50);
* ``attack`` **injured ≤ 1,000**: single incidents have injured up to a few hundred;
* children killed ≤ 300, children injured ≤ 500 (never more than the bounds above);
* ``air_defense`` **launched ≤ 1,000** and **intercepted ≤ 1,000** per report: the record night (September 2025)
  was about 810 drones and decoys and 13 missiles, so a night above 1,000 is not a night's figure (a running total,
  a year's tally or a misread number).

A bound is a sanity check, not a model: raise it in :data:`BOUNDS` when a real incident passes it.
"""

from __future__ import annotations

IMPLAUSIBLE = "implausible"
BOUNDS: dict[str, dict[str, int]] = {
    "attack": {"killed": 600, "injured": 1000, "children_killed": 300, "children_injured": 500,
               "launched": 1000, "intercepted": 1000},
    "air_defense": {"launched": 1000, "intercepted": 1000, "killed": 600, "injured": 1000},
}


def bound(kind: str | None, figure: str) -> int | None:
    return BOUNDS.get(kind or "", {}).get(figure)


def implausible(kind: str | None, figure: str, value) -> bool:
    limit = bound(kind, figure)
    try:
        return limit is not None and value is not None and float(value) > limit
    except (TypeError, ValueError):
        return False


def apply_bounds(rows: list[dict], claims: list[dict]) -> tuple[list[dict], list[dict]]:
    """Events without their implausible figures, and the claim ledger with those figures marked ``implausible``
    (every claim past its bound, superseded ones too). Rows and claims are changed in place and returned."""
    kind_of = {r["event_id"]: r["kind"] for r in rows}
    for r in rows:
        for figure in BOUNDS.get(r["kind"], {}):
            if implausible(r["kind"], figure, r.get(figure)):
                r[figure] = None
    for c in claims:
        if implausible(kind_of.get(c["event_id"]), c["figure"], c.get("value")):
            c["certainty"] = IMPLAUSIBLE
    return rows, claims
