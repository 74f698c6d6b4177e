"""Events and the claim ledger, found by dependency rules over trigger lexicons.

One row per event: attacks (drone/missile strikes, shelling, glide bombs, ground clashes),
air-defense reports (weapons launched and/or intercepted, per claimant and weapon class), meetings
and statements. Each event carries its figures with their claimant and certainty; the claim ledger
keeps one row per (event, figure) so competing figures stay side by side.

One detector module per event kind (:mod:`.air_defense`, :mod:`.disrupted`, :mod:`.attacks`, :mod:`.meetings`,
:mod:`.statements`), each a function of a :class:`~.model.SentenceContext`; the shared readings of a sentence in
:mod:`.common` (spans, time, figures), :mod:`.weapons`, :mod:`.places`, :mod:`.actors`, :mod:`.reporting` and
:mod:`.anaphora`; :mod:`.pipeline` runs them over an article, :mod:`.inherit` fills gaps from the paragraph and
:mod:`.rows` builds the table rows. The words the rules read are in :mod:`sitrep.extract.lexicon`.
"""

from __future__ import annotations

from sitrep.acled import mapping as acled_mapping
from sitrep.extract.events.model import Event, SentenceContext
from sitrep.extract.events.pipeline import extract_events
from sitrep.extract.lexicon import PRIMARY_ATTACK, SECONDARY_ATTACK

ACLED = acled_mapping()  # (kind, subkind) -> ACLED (event type, sub-event type): data/acled_types.jsonl

__all__ = ["ACLED", "PRIMARY_ATTACK", "SECONDARY_ATTACK", "Event", "SentenceContext", "extract_events"]
