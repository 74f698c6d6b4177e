"""Attribution as its own stage: who reports each attack and air-defense figure.

Runs on the attack events of one article after the sentence rules (:mod:`sitrep.extract.events`) have found each
sentence's own source ("according to X", "X said/reported/confirmed", "said X, ROLE", "X wrote on Telegram",
"per X", "citing X", a "Name, title:" header). Three steps, in order:

1. **Anaphoric sources.** A source that is a definite description or a pronoun ("the governor said", "the ministry
   said", "he told reporters") is resolved to the nearest earlier entity of the article whose role or canonical name
   fits its head word (:data:`~sitrep.extract.lexicon.ANAPHORIC_SOURCES`): "the governor" -> the last person whose
   role says governor or head of an administration, "the ministry" -> the last ministry named, "he" -> the last
   named person. Unresolved descriptions stay as written.
2. **Carry-over.** An attack with no source of its own takes the source of the report it
   continues: the nearest earlier attack in the same paragraph that has one (in the same country),
   then the paragraph's attribution sentence, then the article's header attribution.
3. **Certainty** is left to the event rules (it depends on the source's side and the kind of report).

Step 1 also covers meetings ("according to him, Kyiv had asked for talks") and air-defense reports ("…, the ministry
said" -> the ministry named before); steps 2 and 3 do not.
Air-defense reports are left to the sentence rules: they name their source (the air force, the defence ministry)
in the sentence, and carrying a source over to them split reports that belong together (measured: intercepted F1
on the shared corpus fell from 0.65 to 0.61). Unnamed sources ("officials", "media reports") stay as written; the
gold conventions leave such claimants out, so :func:`sitrep.extract.consolidate.consolidate` prefers a named
source when an incident has both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sitrep.extract.entities import EntityMention, alias_table, media_outlets
from sitrep.extract.lexicon import ANAPHORIC_SOURCES
from sitrep.words import ARMED_FORCES

_ARTICLE = re.compile(r"^(the|its|their|his|her|a|an)\s+")
_MODIFIERS = {"regional", "city", "local", "region's", "city's", "oblast", "military", "district", "deputy",
              "defence", "defense", "foreign", "interior", "acting"}


def _head_word(name: str) -> str | None:
    """'the governor' -> governor; 'the Moscow-installed head of the region' -> head (one modifier, an "of" phrase)."""
    text = _ARTICLE.sub("", name.strip().lower()).split(" of ")[0]
    words = [w for w in text.split() if w not in _MODIFIERS]
    if not words or len(words) > 2 or words[-1] not in ANAPHORIC_SOURCES:
        return None
    if len(words) == 2 and ANAPHORIC_SOURCES[words[-1]] is None:
        return None  # "the officials" and pronouns take no modifier
    return words[-1]


def resolve_anaphor(name: str | None, before: int, entities: Sequence[EntityMention], *,
                    after: int | None = None) -> EntityMention | None:
    """The entity an anaphoric source ("the governor", "he") names, or None (see the module docstring). With
    ``after`` (where the source's sentence ends), a role description nothing before fits may name the person the next
    sentence introduces ("…, the Moscow-installed head of the region said. Denis Pushilin said on Telegram …")."""
    if not name:
        return None
    head = _head_word(name)
    if head is None:
        return None
    wanted = ANAPHORIC_SOURCES[head]
    earlier = sorted((e for e in entities if e.char_end <= before), key=lambda e: -e.char_start)
    for e in earlier:
        if _fits(e, head, wanted):
            return e
    if after is None or wanted is None or head in {"ministry", "administration"}:
        return None
    following = sorted((e for e in entities if e.char_start >= after), key=lambda e: e.char_start)
    first = next((e for e in following if e.label == "PERSON"), None)  # the next person named, if the role fits
    return first if first is not None and _fits(first, head, wanted, known_role=True) else None


def _fits(e: EntityMention, head: str, wanted, *, known_role: bool = False) -> bool:
    """``e`` is what the description names: its role as the text gives it (``known_role``: or the alias table)."""
    if wanted is None:
        return e.label == "PERSON"
    if head in {"ministry", "administration"}:
        return e.label == "ORG" and any(w in e.canonical.lower() for w in wanted)
    actor = alias_table().get(e.canonical.lower()) if known_role and not e.role else None
    role = e.role or (actor.role if actor is not None else None) or ""
    return e.label == "PERSON" and any(w in role.lower() for w in wanted)


def attribute(events: list, entities: Sequence[EntityMention], header: EntityMention | None,
              paragraph_sources: dict[int, tuple], *, sentence_sources: dict[int, tuple] | None = None,
              headline: bool = False) -> None:
    """Fill ``claimant``/``claimant_name``/``verb`` of attack and air-defense events in place."""
    for ev in events:  # anaphoric sources of attacks, air-defense reports and meetings ("the ministry said")
        if ev.kind not in {"attack", "air_defense", "meeting"}:
            continue
        if ev.claimant_name and (ev.claimant is None or ev.claimant.label not in {"PERSON", "ORG"}):
            found = resolve_anaphor(ev.claimant_name, ev.span[0], entities,
                                    after=ev.trigger.sent.end_char if ev.kind == "attack" and ev.sent_i > 0 else None)
            if found is not None:
                ev.claimant, ev.claimant_name = found, found.canonical
    reported = [e for e in events if e.kind == "attack"]
    for ev in reported:
        if ev.claimant is not None or ev.claimant_name:
            continue
        same_para = [o for o in reported if o is not ev and o.para_i == ev.para_i and o.kind == ev.kind
                     and (o.claimant or o.claimant_name)]
        earlier = [o for o in same_para if o.sent_i <= ev.sent_i and _same_country(o, ev)]
        source = earlier[-1] if earlier else None
        if source is not None:
            ev.claimant, ev.claimant_name, ev.verb = source.claimant, source.claimant_name, source.verb
            continue
        para = paragraph_sources.get(ev.para_i)
        if para:
            mention = para[0] or resolve_anaphor(para[1], ev.span[0] if ev.span[0] else 0, entities)
            ev.claimant, ev.verb = mention, para[2]
            ev.claimant_name = mention.canonical if mention is not None else para[1]
        elif header is not None:
            ev.claimant, ev.claimant_name, ev.verb = header, header.canonical, "say"
    for ev in reported:  # step 4: a named source continuing the attack replaces a weak one
        head_only = not _weak(ev, headline)
        if not head_only or _is_administration(ev.claimant):
            better = _continuing_source(ev, events, entities, sentence_sources or {}, head_only=head_only)
            if better is not None:
                ev.claimant, ev.claimant_name, ev.verb = better[0], better[0].canonical, better[1]
    for ev in events:  # step 5: an interception nobody else reports is its defending side's military claim
        if ev.kind == "air_defense" and ev.target_country in ARMED_FORCES and "intercepted" in ev.figures and (
                not (ev.claimant or ev.claimant_name) or (ev.claimant_name or "").lower() in SIDE_SOURCES):
            ev.claimant = _armed_forces(ev.target_country, ev)
            ev.claimant_name, ev.verb = ev.claimant.canonical, "claim"


SIDE_SOURCES = {"russian sources", "ukrainian sources"}  # a side's unnamed sources: its military's claim


def _armed_forces(country: str, ev) -> EntityMention:
    """The defending side's armed forces as the implied claimant, pointing at the report's trigger."""
    actor = alias_table().get(ARMED_FORCES[country].lower())
    start, end = ev.span
    return EntityMention(text=ev.trigger.text, label="ORG", canonical=ARMED_FORCES[country],
                         entity_type=actor.entity_type if actor else "org", country=country, party=True,
                         role=actor.role if actor else None, metonymy=False, sentence_index=ev.sent_i,
                         sentence=ev.sentence, char_start=start, char_end=end)


def _strong(mention: EntityMention | None) -> bool:
    """A person or body named as such: not a class ("officials"), not a country or capital ("Russia", "Kyiv"), not a
    news outlet relaying the report ("…, Ukrinform reports")."""
    from sitrep.extract.consolidate import UNNAMED_CLAIMANTS, _side_only

    return mention is not None and mention.label in {"PERSON", "ORG"} and not mention.metonymy \
        and not _side_only(mention.canonical) and mention.canonical.lower() not in UNNAMED_CLAIMANTS \
        and mention.canonical[:1].isupper() and mention.canonical not in media_outlets()


def _weak(ev, headline: bool) -> bool:
    """No source, an unnamed or unresolved one ("officials", "the regional governor"), a side ("Russia"), or one the
    headline gave."""
    return not _strong(ev.claimant) or (headline and ev.sent_i == 0)


def _is_administration(mention: EntityMention | None) -> bool:
    return mention is not None and mention.label == "ORG" and "administration" in mention.canonical.lower()


def _heads_administration(mention: EntityMention) -> bool:
    role = (mention.role or "").lower()
    return mention.label == "PERSON" and any(w in role for w in ANAPHORIC_SOURCES["governor"])


def _continuing_source(ev, events: list, entities: Sequence[EntityMention], sentence_sources: dict[int, tuple], *,
                       head_only: bool = False):
    """(mention, verb) of the first named source among the sentences that continue ``ev`` (with ``head_only``, the first
    person heading an administration): its follow-ups ("Twenty were
    wounded, he said") and the sentences just after it that report no event of their own ("Viacheslav Chaus, head of
    the regional administration, said three missiles had come down"; "Source: Interior Minister Ihor Klymenko")."""
    found = []
    for sent_i, mention, text, verb in ev.later_sources:
        if mention is None or mention.label not in {"PERSON", "ORG"}:
            mention = resolve_anaphor(text, _sentence_start(entities, sent_i, ev), entities) or mention
        found.append((sent_i, mention, verb))
    last = max([ev.sent_i, *(s for s, *_ in ev.later_sources)])
    others = {o.sent_i for o in events if o is not ev and o.sent_i > ev.sent_i}
    for sent_i in range(last + 1, last + 3):
        if any(o <= sent_i for o in others):
            break  # another event has begun
        if sent_i in sentence_sources:
            mention, text, verb = sentence_sources[sent_i]
            if mention is None or mention.label not in {"PERSON", "ORG"}:
                mention = resolve_anaphor(text, _sentence_start(entities, sent_i, ev), entities) or mention
            found.append((sent_i, mention, verb))
    side = ev.claimant.country if ev.claimant is not None and ev.claimant.party else None
    for _, mention, verb in sorted(found, key=lambda f: f[0]):
        if not _strong(mention) or mention is ev.claimant or mention.party is False:
            continue  # a third country's official does not source a strike's facts
        if side and mention.party and mention.country and mention.country != side:
            continue  # the other side's account is a competing claim, not this report's source
        if head_only and not _heads_administration(mention):
            continue  # a regional administration's report defers only to its head ("According to X, head of …")
        return mention, verb
    return None


def _sentence_start(entities: Sequence[EntityMention], sent_i: int, ev) -> int:
    """A character offset inside sentence ``sent_i`` (for resolving 'he said' there against earlier entities)."""
    inside = [e.char_end for e in entities if e.sentence_index == sent_i]
    return max(inside) if inside else max((e.char_end for e in entities if e.sentence_index < sent_i), default=0)


def _same_country(a, b) -> bool:
    ca = a.place.country if a.place is not None else None
    cb = b.place.country if b.place is not None else None
    return ca is None or cb is None or ca == cb


__all__ = ["attribute", "resolve_anaphor"]
